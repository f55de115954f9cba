"""syntax/build/contracts.py: `in:` / `out():` with `old(e)`, and class `invariant:` blocks."""

from __future__ import annotations

import contextlib
import io

import pytest
from syntax_helpers import N, error, stmt

from spl2py.lower import lower_module
from spl2py.syntax import ast, parse
from spl2py.syntax.visit import walk


def run(src: str) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(lower_module(parse(src, "t.spl")), "t.spl", "exec"), {"__name__": "spl_test"})
    return out.getvalue()


def test_old_reads_the_value_on_entry():
    f = stmt("me add(n):\n    out():\n        self.v == old(self.v) + n\n    self.v = self.v + n\n")
    saved, inner, let, check, ret = f.body
    assert saved.target == ast.CapturePat(saved.span, "_spl_old_0") and type(saved.value) is ast.Attribute
    assert type(inner) is ast.FuncDef and let.target.name == "result"
    names = {n.id for n in walk(check.cond) if type(n) is ast.Name}
    assert "_spl_old_0" in names and not any(type(n) is ast.Call for n in walk(check.cond))


def test_invariant_adds_a_checking_method_and_wraps_constructors_and_me_methods():
    c = stmt("class C:\n    v: i64\n    invariant:\n        self.v >= 0\n"
             "    static fn new(v: i64) -> C:\n        C(v: v)\n"
             "    fn get() -> i64:\n        self.v\n"
             "    me set(v: i64):\n        self.v = v\n")
    new, get, set_, inv = c.methods
    assert inv.name == "_spl_invariant" and inv.has_self and type(inv.body[0]) is ast.Assert
    assert type(new.body[0]) is ast.FuncDef and new.body[2].expr.func.name == "_spl_invariant"
    assert get.body == (ast.ExprStmt(get.body[0].span, get.body[0].expr),)  # a `fn` method cannot mutate
    assert set_.body[2].expr.func.value == N("self")


SRC = ("class C:\n    v: i64\n    invariant:\n        self.v >= 0\n"
       "    static fn new(v: i64) -> C:\n        C(v: v)\n"
       "    me set(v: i64):\n        self.v = v\n")


def test_invariant_holds_and_breaks_at_run_time():
    assert run(SRC + "var c = C.new(1)\nc.set(5)\nprint(c.v)\n") == "5\n"
    with pytest.raises(BaseException, match="class invariant"):
        run(SRC + "var c = C.new(1)\nc.set(-1)\n")
    with pytest.raises(BaseException, match="class invariant"):
        run(SRC + "C.new(-1)\n")


def test_invariant_inside_a_function_body_is_an_error():
    assert "'invariant:' contracts go at a class body" in str(error("fn f():\n    invariant:\n        true\n"))
