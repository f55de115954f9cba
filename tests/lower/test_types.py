"""lower.types: what the local inference knows, and that it knows nothing it cannot prove."""

from __future__ import annotations

import ast as py

from spl2py.lower import lower_module
from spl2py.lower.scopes import bindings
from spl2py.lower.types import local_types
from spl2py.syntax import parse


def types_of(source: str) -> dict[str, str]:
    fn = parse(source, "t.spl").body[0]
    names = {p.name for p in fn.params}
    declared, assigned = bindings(fn.body)
    return local_types(fn.params, fn.body, names | declared | assigned)


def emitted(source: str) -> str:
    return py.unparse(lower_module(parse(source, "t.spl"), {}))


def test_literals_loops_and_annotations():
    t = types_of("fn f(n: i64, x: f64, s: text):\n    var a = 0\n    for i in 0..n:\n        a = a + i * 2\n"
                 "    val b = a - 1\n    val c = x / 2\n    val d = s + \"!\"\n")
    assert t == {"n": "int", "x": "float", "s": "text", "a": "nat", "i": "nat", "b": "int", "c": "float",
                 "d": "text"}


def test_a_parameter_assigned_in_the_body_joins_those_values():
    t = types_of("fn f(n: i64, m: i64):\n    n = 2.5\n    m = 3\n")
    assert "n" not in t and t["m"] == "int"


def test_a_local_list_keeps_its_element_type_only_while_it_does_not_escape():
    t = types_of("fn f(n: i64):\n    var xs = [0; n]\n    xs.push(3)\n    xs[0] = 1\n    for x in xs:\n        pass\n")
    assert t["xs"] == "list/nat" and t["x"] == "nat"
    t = types_of("fn f():\n    var xs = [1]\n    val ys = xs\n    ys.push(-5)\n    for x in xs:\n        pass\n")
    assert t["xs"] == "list/?" and "x" not in t and t["ys"] == "list/?"


def test_names_a_nested_scope_touches_are_unknown():
    t = types_of("fn f():\n    var k = 1\n    val g = \\x: x + k\n    var x = 2\n    x\n")
    assert "k" not in t and "x" not in t


def test_negative_int_operands_keep_the_helpers():
    out = emitted("fn f(n: i64) -> i64:\n    val k = n - 3\n    k / 2 + k % 2 + 7 / 2 + 7 % 2\n")
    assert "_spl.div(k, 2)" in out and "_spl.mod(k, 2)" in out and "7 // 2" in out and "7 % 2" in out


def test_a_float_on_either_side_means_true_division_and_fmod():
    out = emitted("fn f(a: i64) -> f64:\n    val x = 7.5\n    x % 2.0 + a / 2.0\n")
    assert "_spl.fmod(x, 2.0)" in out and "a / 2.0" in out


def test_a_user_class_keeps_its_own_push_and_len():
    out = emitted("class S:\n    var n: i64\n    fn push(x: i64):\n        self.n = x\n"
                  "fn f():\n    val s = S(n: 0)\n    s.push(1)\n    s.len()\n")
    assert "_spl.m_push(s, 1)" in out and "_spl.m_len(s)" in out
