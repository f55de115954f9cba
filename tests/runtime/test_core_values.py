"""runtime.core's value-struct copy, container reads and bare-variant pattern tests."""

from __future__ import annotations

import pytest

import runtime.core as spl


class Point(spl.Struct):
    _spl_fields = ("x", "y")

    def __init__(self, x, y):
        self.x, self.y = x, y


class Segment(spl.Struct):
    _spl_fields = ("a", "tags")

    def __init__(self, a, tags):
        self.a, self.tags = a, tags


class Box(spl.Object):
    _spl_fields = ("p",)

    def __init__(self, p):
        self.p = p


class Color(spl.Enum):
    Red = spl.variant()
    Green = spl.variant()
    Shade = spl.variant(("_0",))


def test_cp_copies_structs_and_their_struct_fields_only():
    seg = Segment(Point(1, 2), ["t"])
    copy = spl.cp(seg)
    copy.a.x = 9
    copy.tags.append("u")
    assert seg.a.x == 1 and copy == Segment(Point(9, 2), ["t", "u"])
    assert seg.tags is copy.tags  # a list is a reference
    box = Box(Point(1, 1))
    assert spl.cp(box) is box and spl.cp(5) == 5


def test_index_gives_nil_for_a_missing_dict_key():
    assert spl.index({"a": 1}, "a") == 1 and spl.index({"a": 1}, "b") is None
    assert spl.index([1, 2], -1) == 2
    with pytest.raises(IndexError):
        spl.index([1], 3)


def test_unit_variant_names_in_patterns():
    assert spl.is_variant(Color.Red, "Red") and not spl.is_variant(Color.Green, "Red")
    assert not spl.is_variant(Color.Shade(1), "Shade") and not spl.is_variant("Red", "Red")
    # a name the value's enum declares tests; any other name binds (matches)
    assert spl.bare_pattern(Color.Red, "Red") and not spl.bare_pattern(Color.Green, "Red")
    assert spl.bare_pattern(Color.Green, "Other") and spl.bare_pattern(42, "Red")
