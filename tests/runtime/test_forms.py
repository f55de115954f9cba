"""Safe unwrap helpers and context-block method lookup (runtime/forms.py)."""

from __future__ import annotations

import pytest

from runtime.forms import context_method, unwrap_else, unwrap_or
from runtime.objects import Err, Ok, Some


@pytest.mark.parametrize("value, expected", [(Some(1), 1), (None, 0), (Ok(2), 2), (Err("e"), 0), (3, 3)])
def test_unwrap_or(value, expected):
    assert unwrap_or(value, 0) == expected


def test_unwrap_else_is_lazy():
    calls = []
    assert unwrap_else(Some(1), lambda: calls.append(1)) == 1 and calls == []
    assert unwrap_else(Err("e"), lambda: 9) == 9


class Obj:
    def add(self, n):
        return n + 1

    def method_missing(self, name, args):
        return (name, args)


def test_context_method_finds_methods_builtins_and_method_missing():
    assert context_method(Obj(), "add")(1) == 2
    assert context_method(Obj(), "zap")(1, 2) == ("zap", [1, 2])
    xs = [1]
    context_method(xs, "push")(2)
    assert xs == [1, 2]
    with pytest.raises(AttributeError, match="i64 has no method 'nope'"):
        context_method(3, "nope")
