"""syntax/mixins.py: mixins expanded into the classes that use them, and the errors of doing so."""

from __future__ import annotations

import pytest
from syntax_helpers import body

from spl2py.diagnostics import CompileError


def expand_error(src: str) -> str:
    with pytest.raises(CompileError) as info:
        body(src)
    d = info.value.diagnostics[0]
    return f"{d.span.line - 1} {d.message}"  # body() puts a `pass` line first


def test_mixins_are_found_by_scope_before_or_after_the_class():
    fn, = body("fn f():\n    class C with M:\n        x: i64\n    mixin M:\n        m: i64\n")
    c = fn.body[0]
    assert [f.name for f in c.fields] == ["m", "x"]
    assert expand_error("fn f():\n    mixin M:\n        m: i64\nclass C with M:\n    x: i64\n") == "4 unknown mixin `M`"


@pytest.mark.parametrize(
    "src, message",
    [
        ("mixin A:\n    fn f() -> i64: 1\nmixin B:\n    fn f() -> i64: 2\nclass C with A, B:\n    x: i64\n",
         "5 method `f` comes from mixins `A` and `B`"),
        ("mixin A:\n    v: i64\nmixin B:\n    v: i64\nclass C with A, B:\n    x: i64\n",
         "5 field `v` comes from mixins `A` and `B`"),
        ("mixin A:\n    v: i64\nclass C with A:\n    v: i64\n", "3 field `v` of class C is also a field of mixin `A`"),
        ("mixin A:\n    fn need() -> i64\nclass C with A:\n    x: i64\n", "3 class C must define `need`: mixin `A` requires it"),
        ("mixin A:\n    use B\nmixin B:\n    use A\nclass C with A:\n    x: i64\n", "5 mixin `A` uses itself"),
        ("class C:\n    use Nope\n    x: i64\n", "1 unknown mixin `Nope`"),
    ],
)
def test_expansion_errors(src, message):
    assert expand_error(src) == message


def test_a_method_both_mixins_give_is_fine_when_the_class_defines_it():
    *_, c = body("mixin A:\n    fn f() -> i64: 1\nmixin B:\n    fn f() -> i64: 2\n"
                 "class C with A, B:\n    fn f() -> i64: 3\n")
    assert [m.name for m in c.methods] == ["f"]


def test_required_method_may_come_from_another_mixin():
    *_, c = body("mixin A:\n    fn need() -> i64\nmixin B:\n    fn need() -> i64: 2\nclass C with A, B:\n    x: i64\n")
    assert [m.name for m in c.methods] == ["need"]
