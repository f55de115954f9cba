"""lower.forwards: a method that only forwards to an extern is the extern itself, and means the same."""

from __future__ import annotations

import ast as py

import pytest

from runtime import externs
from spl2py.lower import lower_module
from spl2py.syntax import parse

HEAD = "extern fn fwd_pair(t: any, other: any) -> any\n"


def fwd_pair(t, other):
    return ("pair", t.tag, other)


@pytest.fixture(autouse=True)
def _fwd_pair_extern(monkeypatch):
    # registered for these tests only: a user extern left in the registry changes other tests' build keys
    monkeypatch.setattr(externs, "_registry", dict(externs._registry))
    externs.extern("fwd_pair", "(t: any, other: any) -> any", replace=True, checks_args=True)(fwd_pair)


def emitted(source: str) -> str:
    return py.unparse(lower_module(parse(source, "t.spl"), {}))


def run(source: str) -> dict:
    code = compile(lower_module(parse(source, "t.spl"), {}), "t.spl", "exec")
    namespace: dict = {}
    exec(code, namespace)
    return namespace


def test_a_forwarding_method_is_the_extern():
    out = emitted(HEAD + "class C:\n    tag: i64\n    fn pair(other):\n        \"\"\"doc\"\"\"\n"
                  "        fwd_pair(self, other)\n")
    assert "pair = _spl.forward(fwd_pair, ('other',))" in out and "def pair" not in out


def test_it_calls_the_same_by_position_and_by_name():
    ns = run(HEAD + "class C:\n    tag: i64\n    fn pair(other):\n        fwd_pair(self, other)\n"
             "fn both() -> [any]:\n    val c = C(tag: 7)\n    [c.pair(1), c.pair(other: 2)]\n")
    assert ns["C"].pair is fwd_pair  # the extern function itself: no extra frame
    assert ns["both"]() == [("pair", 7, 1), ("pair", 7, 2)]


def test_methods_that_do_more_keep_their_def():
    cases = [
        "fn pair(other):\n        fwd_pair(self, other + 1)",  # an argument computed
        "fn pair(x):\n        fwd_pair(self, x)",  # a name the extern does not declare
        "fn pair(other = 1):\n        fwd_pair(self, other)",  # a default
        "fn pair(other):\n        fwd_pair(other, self)",  # another order
        "fn pair(other) -> ():\n        fwd_pair(self, other)",  # void: returns nothing
        "fn pair(other):\n        val k = 1\n        fwd_pair(self, other)",  # more statements
        "static fn pair(other):\n        fwd_pair(other, other)",  # no self
    ]
    for method in cases:
        out = emitted(HEAD + f"class C:\n    tag: i64\n    {method}\n")
        assert "def pair" in out and "_spl.forward" not in out, method


def test_an_extern_declared_after_the_class_or_shadowed_is_not_forwarded():
    after = emitted("class C:\n    tag: i64\n    fn pair(other):\n        fwd_pair(self, other)\n" + HEAD)
    assert "def pair" in after
    shadow = emitted(HEAD + "class C:\n    tag: i64\n    fn pair(fwd_pair):\n        fwd_pair(self, fwd_pair)\n")
    assert "def pair" in shadow


def test_forward_wraps_a_function_whose_names_differ():
    from runtime.objects import forward

    def impl(a, b):
        return (a, b)

    method = forward(impl, ("other",))
    assert method is not impl
    assert method("me", 1) == ("me", 1) and method("me", other=2) == ("me", 2)
    assert forward(len, ()) is not len and forward(len, ())([1, 2]) == 2  # a builtin never binds as a method

    with pytest.raises(TypeError, match="unexpected argument 'x'"):
        method("me", 1, x=1)
    with pytest.raises(TypeError, match="missing argument 'other'"):
        method("me", b=1)
