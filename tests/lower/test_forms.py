"""Lowering of upstream's unwrap, context, update and literal forms (lower/forms.py), by what runs."""

from __future__ import annotations

import contextlib
import io

import pytest

from spl2py.diagnostics import CompileError
from spl2py.lower import lower_module
from spl2py.syntax import parse


def output(src: str) -> str:
    code = compile(lower_module(parse(src, "t.spl")), "t.spl", "exec")
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(code, {"__name__": "spl_test"})
    return out.getvalue()


@pytest.mark.parametrize(
    "value, expected",
    [("Some(42)", "42"), ("nil", "0"), ("Ok(7)", "7"), ('Err("e")', "0"), ("5", "5"), ("Some(Some(1))", "Some(1)")],
)
def test_unwrap_or(value, expected):
    assert output(f"val v = {value}\nprint v unwrap or: 0\n") == expected + "\n"


def test_unwrap_or_evaluates_its_default_eagerly():
    src = "var n = 0\nfn d():\n    n = n + 1\n    0\nval v = Some(1) unwrap or: d()\nprint v, n\n"
    assert output(src) == "1 1\n"


def test_unwrap_else_calls_its_closure_only_when_needed():
    src = ("var called = false\nval a = Some(1) unwrap else: \\:\n    called = true\n    9\nprint a, called\n"
           "val b = nil unwrap else:\n    called = true\n    8\nprint b, called\n")
    assert output(src) == "1 false\n8 true\n"


def test_unwrap_or_return_returns_the_fallback_from_the_function():
    src = ("fn f(o) -> i64:\n    val v = o unwrap or_return: -1\n    v * 2\n"
           'print f(Some(21)), f(nil), f(Err("x")), f(Ok(4))\n')
    assert output(src) == "42 -1 -1 8\n"


def test_coalesce_return_returns_from_the_function():
    src = "fn f(o):\n    val v = o ?? return -1\n    v * 2\nfn g(o):\n    o ?? return\n    print 1\nprint f(Ok(2)), f(nil)\ng(nil)\n"
    assert output(src) == "4 -1\n"


def test_coalesce_break_and_continue_jump_on_nil_and_err():
    src = ("var seen = []\nfor o in [Some(1), nil, Ok(3), Err(\"e\"), 5]:\n    seen.push(o ?? continue)\nprint seen\n"
           "for o in [1, nil, 3]:\n    val v = o ?? break\n    print v\n")
    assert output(src) == "[1, 3, 5]\n1\n"


def test_coalesce_continue_to_a_labelled_outer_loop():
    src = "'rows: for row in [[1, nil, 2], [3]]:\n    for c in row:\n        print c ?? continue 'rows\n"
    assert output(src) == "1\n3\n"


@pytest.mark.parametrize("src, message", [
    ("val v = nil ?? break\n", "`break` outside a loop"),
    ("fn f(o):\n    o ?? continue\n", "`continue` outside a loop"),
    ("for x in [1]:\n    val f = \\: nil ?? break\n", "`break` outside a loop"),
    ("for x in [1]:\n    val v = x ?? break 'nope\n", "no enclosing loop labelled"),
])
def test_coalesce_jump_outside_a_loop_is_an_error(src, message):
    with pytest.raises(CompileError, match=message):
        lower_module(parse(src, "t.spl"))


def test_safe_casts_give_the_fallback_when_the_conversion_fails():
    src = ('print "12" as i64 or: 0, "x" as i64 or: -1, nil as f64 or: 0.5, "ab" as char or: "?"\n'
           "fn half(s) -> i64:\n    val n = s as i64 or_return: -1\n    n / 2\nprint half(\"8\"), half(\"eight\")\n"
           "fn opt(s):\n    s as i64 or_return:\nprint opt(\"3\"), opt(\"z\")\n")
    assert output(src) == '12 -1 0.5 ?\n4 -1\n3 nil\n'


def test_safe_cast_or_evaluates_its_default_only_on_failure():
    src = ("var n = 0\nfn d() -> i64:\n    n = n + 1\n    0\n"
           'val a = "5" as i64 or: d()\nval b = "q" as i64 or: d()\nval c = "q" as i64 else: \\: 9\nprint a, b, c, n\n')
    assert output(src) == "5 0 9 1\n"


def test_safe_cast_to_a_user_type_tests_the_value():
    src = "class P:\n    n: i64\nfn n(v) -> i64:\n    (v as P or: P(0)).n\nprint n(P(4)), n(4)\n"
    assert output(src) == "4 0\n"


def test_safe_cast_to_a_container_type_is_an_error():
    with pytest.raises(CompileError, match="needs a primitive or a named type"):
        lower_module(parse("val v = x as [i64] or: []\n", "t.spl"))


def test_unwrap_or_return_outside_a_function_is_an_error():
    with pytest.raises(CompileError, match="can only return from a function"):
        lower_module(parse("val v = nil unwrap or_return: 0\n", "t.spl"))


def test_functional_update_on_names_fields_and_indexes():
    src = ("var arr = [1, 2, 3]\narr->map(\\x: x + 1)->filter(\\x: x > 2)\nprint arr\n"
           "struct P:\n    xs: [i64]\nvar p = P(xs: [1])\np.xs->concat([2])\nprint p.xs\n"
           'var g = [[1]]\ng[0]->push(5)\nprint g\nvar d = {"a": 1}\nd->set("b", 2)\nprint d.len()\n')
    assert output(src) == "[3, 4]\n[1, 2]\n[[1, 5]]\n2\n"


CONTEXT = """class Builder:
    count: i64
    me add(n):
        self.count = self.count + n
        self
    fn method_missing(name, args):
        "missing {name} {args}"
fn twice(x):
    x * 2
val b = Builder(count: 0)
context b:
    add(5)
    add twice(1)
    print zap(1, 2)
print b.count
"""


def test_functional_update_whose_last_call_has_no_parentheses():
    src = 'var xs = [1]\nxs->push 2\nxs->map(\\x: x * 10)->push 3\nvar d = {"a": 1}\nd->set "b", 2\nprint xs, d.len()\n'
    assert output(src) == "[10, 20, 3] 2\n"


def test_trailing_lambda_on_a_receiver_that_is_not_a_name():
    src = "[1, 2].each \\x:\n    print x * 10\nval ys = [1, 2, 3].filter \\x: x != 2\nprint ys\n"
    assert output(src) == "10\n20\n[1, 3]\n"


def test_context_block_sends_unbound_calls_to_its_object():
    assert output(CONTEXT) == "missing zap [1, 2]\n7\n"


def test_context_call_without_the_method_is_a_runtime_error():
    with pytest.raises(AttributeError, match="i64 has no method 'grow'"):
        output("val n = 3\ncontext n:\n    grow()\n")


def test_unit_literals_compare_and_print():
    src = ("val d = 42_km\nprint d, d.value(), d.suffix(), d == 42\nprint 100_m + 50_m, 10_m * 3, 100_m / 20_m\n"
           "print 100_m > 50_m, \"{5_km}\"\n")
    assert output(src) == "42_km 42 km true\n150_m 30_m 5\ntrue 5_km\n"


def test_typed_string_calls_the_types_from():
    src = ('class IP:\n    v: text\n    static fn from(s: text) -> IP:\n        IP(v: "ip " + s)\n'
           'print "1.2.3.4"_ip.v\n')
    assert output(src) == "ip 1.2.3.4\n"
