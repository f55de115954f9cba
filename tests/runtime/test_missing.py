"""Unknown method calls routed to ``method_missing`` (runtime/missing.py)."""

from __future__ import annotations

import pytest

from runtime.missing import missing_call
from runtime.objects import Object


class Dsl(Object):
    _spl_fields = ("factor",)

    def __init__(self, factor=10):
        self.factor = factor

    def method_missing(self, name, args, block):
        return (name, args, block, self.factor)


class TwoArgs(Object):
    def method_missing(self, name, args):
        return (name, args)


class Plain(Object):
    pass


def test_unknown_method_gets_name_args_and_nil_block():
    assert Dsl(7).any_method(6) == ("any_method", [6], None, 7)


def test_two_parameter_method_missing_gets_no_block():
    assert TwoArgs().zap(1, 2) == ("zap", [1, 2])
    assert missing_call(TwoArgs(), "q")() == ("q", [])


def test_own_fields_and_methods_are_not_routed():
    assert Dsl(3).factor == 3


def test_subclass_inherits_the_routing():
    class Sub(Dsl):
        pass

    assert Sub(1).other() == ("other", [], None, 1)


@pytest.mark.parametrize("name", ["to_string", "iter", "enter", "_private", "__enter__"])
def test_probed_and_private_names_stay_missing(name):
    assert getattr(Dsl(), name, None) is None


def test_display_is_unchanged_by_method_missing():
    assert repr(Dsl(2)) == "Dsl(factor: 2)"


def test_class_without_method_missing_still_fails():
    with pytest.raises(AttributeError):
        Plain().nope()


def test_static_method_missing_is_called_without_self():
    class Static(Object):
        @staticmethod
        def method_missing(name, args):
            return name.upper()

    assert Static().shout() == "SHOUT"
