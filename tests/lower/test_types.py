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
    assert "s.push(1)" in out and "_spl.m_len(s)" in out  # its own push; len is the builtin


CLASSES = ("class Vec:\n    x: f64\n    n: i64 = 1\n    static fn zero() -> Vec:\n        Vec(x: 0.0)\n"
           "    fn add(other: Vec) -> Vec:\n        Vec(x: self.x + other.x)\n    fn len() -> i64:\n        self.n\n"
           "struct P:\n    a: i64\n    fn push(k: i64):\n        self.a = k\n")


def class_types_of(source: str) -> dict[str, str]:
    from spl2py.lower.types import known_classes

    module = parse(CLASSES + source, "t.spl")
    fn = module.body[-1]
    names = {p.name for p in fn.params}
    declared, assigned = bindings(fn.body)
    return local_types(fn.params, fn.body, names | declared | assigned, known_classes(module, {}))


def test_objects_of_known_classes_have_their_class_type():
    t = class_types_of("fn f(k: i64):\n    val a = Vec(x: 1.0)\n    val z = Vec.zero()\n    var s = a.add(z)\n"
                       "    s = s.add(a)\n    val p = P(a: 1)\n    val n = a.len()\n    var m = a\n    m = 3\n")
    assert t["a"] == t["z"] == t["s"] == "obj/Vec" and t["p"] == "obj/P"
    assert "n" not in t and "m" not in t  # len() is not declared to return a Vec; m is joined with an int


def test_a_local_named_like_a_class_is_not_the_class():
    t = class_types_of("fn f(Vec):\n    val a = Vec(x: 1.0)\n")
    assert "a" not in t


def test_methods_of_known_classes_are_called_directly_and_class_objects_not_copied():
    out = emitted(CLASSES + "fn f() -> f64:\n    val a = Vec(x: 1.0)\n    val b = a\n    val c = b.add(a)\n"
                  "    val n = c.len()\n    val p = P(a: 1)\n    val q = p\n    q.push(2)\n    c.x\n")
    assert "b = a\n" in out and "c = b.add(a)" in out and "n = c.len()" in out  # Vec's own len()
    assert "q = _spl.cp(p)" in out and "q.push(2)" in out  # a struct is still copied
