"""runtime/safe_casts.py: the strict conversions behind `x as T or: d` (Ok(converted) or nil)."""

from __future__ import annotations

import pytest

from runtime.safe_casts import try_cast
from runtime.objects import Err, Ok, Some


@pytest.mark.parametrize(
    "value, type_name, expected",
    [
        ("12", "i64", 12), (" 0x1f ", "i64", 31), ("1_000", "i64", 1000), (2.9, "i64", 2), (True, "i64", 1),
        (300, "u8", 44), (200, "i8", -56), ("2.5", "f64", 2.5), (3, "f32", 3.0),
        (42, "text", "42"), ("true", "bool", True), ("false", "bool", False), (0, "bool", False),
        (65, "char", "A"), ("z", "char", "z"), (5, "i64", 5),
    ],
)
def test_a_value_that_converts_is_ok(value, type_name, expected):
    got = try_cast(value, type_name)
    assert got == Ok(expected) and type(got._values[0]) is type(expected)


@pytest.mark.parametrize(
    "value, type_name",
    [
        ("x1", "i64"), ("4.2", "i64"), ("", "i64"), (float("inf"), "i64"), (float("nan"), "i64"), ([1], "i64"),
        ("abc", "f64"), ({"a": 1}, "f64"), ("yes", "bool"), ([], "bool"), (-1, "char"), ("ab", "char"),
        (None, "i64"), (Err("e"), "i64"), (None, "text"),
    ],
)
def test_a_value_that_does_not_convert_is_nil(value, type_name):
    assert try_cast(value, type_name) is None


def test_a_some_is_not_unwrapped_by_the_cast():
    assert try_cast(Some(1), "i64") is None
