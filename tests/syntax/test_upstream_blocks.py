"""Upstream's block, update, unwrap and literal forms (issue #13): the AST each one builds."""

from __future__ import annotations

import pytest
from syntax_helpers import NOWHERE, A, B, C, E, I, N, P, S, body, error, expr, stmt

from spl2py.syntax import ast


def lam(params, *stmts, block=False):
    return ast.Lambda(NOWHERE, tuple(P(p) for p in params), tuple(stmts), block)


# ---------------------------------------------------------------- trailing lambdas


@pytest.mark.parametrize(
    "src, call",
    [
        ("apply(5) \\n: n * 2", C(N("apply"), I(5), lam(["n"], E(B("*", N("n"), I(2)))))),
        ("compute(3, 4) \\x, y: x + y", C(N("compute"), I(3), I(4), lam(["x", "y"], E(B("+", N("x"), N("y")))))),
        ('h("ok") \\: "ok"', C(N("h"), S("ok"), lam([], E(S("ok"))))),
        ("double 7 \\n: n * 2", C(N("double"), I(7), lam(["n"], E(B("*", N("n"), I(2)))))),
        ("xs.map \\x: x", C(A(N("xs"), "map"), lam(["x"], E(N("x"))))),
        ("[1, 2].each \\x: x", C(A(ast.ListLit(NOWHERE, (I(1), I(2))), "each"), lam(["x"], E(N("x"))))),
        ("f(1).map \\x: x", C(A(C(N("f"), I(1)), "map"), lam(["x"], E(N("x"))))),
        ('"ab".chars().each \\c: c', C(A(C(A(S("ab"), "chars")), "each"), lam(["c"], E(N("c"))))),
    ],
)
def test_trailing_lambda_is_the_last_argument(src, call):
    assert expr(src) == call


def test_trailing_lambda_with_a_block_body():
    s = stmt("val r = apply(3) \\n:\n    val m = n + 1\n    m\n")
    (a, b) = s.value.args
    assert a.value == I(3) and b.value.is_block and len(b.value.body) == 2


def test_trailing_lambda_on_a_receiver_in_an_assignment_and_with_a_block():
    s = stmt("val r = [1].map \\x: x\n")
    assert s.value == C(A(ast.ListLit(NOWHERE, (I(1),)), "map"), lam(["x"], E(N("x"))))
    s = stmt("[1].each \\x:\n    print x\n    x\n")
    assert s.expr.args[0].value.is_block and len(s.expr.args[0].value.body) == 2


def test_trailing_lambda_without_a_method_is_an_error():
    assert "needs a method to call" in str(error("(1 + 2) \\x: x\n"))


def test_a_juxtaposed_string_is_still_an_error():
    assert "found a string" in str(error('print "a" "b"\n'))


# ---------------------------------------------------------------- functional update


def test_update_assigns_the_call_back_to_the_target():
    s = stmt("arr->concat([3, 4])\n")
    call = C(A(N("arr"), "concat"), ast.ListLit(NOWHERE, (I(3), I(4))))
    assert s == ast.Assign(NOWHERE, N("arr"), call, None, True)


def test_chained_updates_and_field_and_index_targets():
    s = stmt("p.xs->filter(f)->map(g)\n")
    assert s.target == A(N("p"), "xs")
    assert s.value == C(A(C(A(A(N("p"), "xs"), "filter"), N("f")), "map"), N("g"))
    s = stmt("grid[0]->push(1)\n")
    assert s.target == ast.Index(NOWHERE, N("grid"), I(0)) and s.update


@pytest.mark.parametrize(
    "src, value",
    [
        ("xs->push 3\n", C(A(N("xs"), "push"), I(3))),
        ("xs->push(3)\n", C(A(N("xs"), "push"), I(3))),
        ("xs->insert 0, x + 1\n", C(A(N("xs"), "insert"), I(0), B("+", N("x"), I(1)))),
        ("xs->map(f)->push 2\n", C(A(C(A(N("xs"), "map"), N("f")), "push"), I(2))),
        ("xs->concat [1]\n", C(A(N("xs"), "concat"), ast.ListLit(NOWHERE, (I(1),)))),
    ],
)
def test_update_whose_last_call_has_no_parentheses(src, value):
    assert stmt(src) == ast.Assign(NOWHERE, N("xs"), value, None, True)


def test_update_without_parentheses_needs_an_argument_and_stays_last():
    for src in ("xs->push\n", "xs->push 1->pop()\n"):
        assert "invalid functional update" in str(error(src)) and "`->method args`" in str(error(src))


def test_update_of_something_not_assignable_is_an_error():
    e = error("f()->push(2)\n")
    assert "invalid functional update" in str(e) and "name, field or index" in str(e)


def test_update_target_holding_a_call_is_an_error():
    assert "cannot hold a call" in str(error("grid[f()]->push(1)\n"))
    assert stmt("grid[i + 1]->push(1)\n").update


def test_arrow_keeps_its_other_meanings():
    b = body("fn f() -> i64:\n    1\nmatch x:\n    1 -> 2\n")
    assert b[0].ret == "i64" and isinstance(b[1].expr, ast.Match)


# ---------------------------------------------------------------- safe unwrap


@pytest.mark.parametrize(
    "src, kind, value, fallback",
    [
        ("opt unwrap or: 0", "or", N("opt"), I(0)),
        ("opt unwrap or: 10 + 5", "or", N("opt"), B("+", I(10), I(5))),
        ("a.b unwrap else: make", "else", A(N("a"), "b"), N("make")),
        ("r unwrap or_return: -1", "or_return", N("r"), ast.Unary(NOWHERE, "-", I(1))),
    ],
)
def test_unwrap_forms(src, kind, value, fallback):
    assert expr(src) == ast.Unwrap(NOWHERE, value, kind, fallback)


def test_coalesce_return_is_unwrap_or_return():
    assert stmt("val v = o ?? return -1\n").value == ast.Unwrap(NOWHERE, N("o"), "or_return",
                                                              ast.Unary(NOWHERE, "-", I(1)))
    assert stmt("val v = o ?? return\n").value == ast.Unwrap(NOWHERE, N("o"), "or_return", ast.Nil(NOWHERE))
    assert expr("a ?? b") == B("??", N("a"), N("b"))


@pytest.mark.parametrize(
    "src, jump",
    [
        ("val v = o ?? break\n", ast.Break(NOWHERE)),
        ("val v = o ?? continue\n", ast.Continue(NOWHERE)),
        ("val v = o ?? break 'outer\n", ast.Break(NOWHERE, "outer")),
        ("val v = o ??continue 'rows\n", ast.Continue(NOWHERE, "rows")),
    ],
)
def test_coalesce_break_and_continue_are_unwrap_or_jump(src, jump):
    assert stmt(src).value == ast.Unwrap(NOWHERE, N("o"), "or_jump", jump)


def safe(value, type_text, kind, fallback):
    return ast.Unwrap(NOWHERE, ast.Cast(NOWHERE, value, type_text, True), kind, fallback)


@pytest.mark.parametrize(
    "src, tree",
    [
        ("s as i64 or: 0", safe(N("s"), "i64", "or", I(0))),
        ("s as i64 or: 0 + 1", safe(N("s"), "i64", "or", B("+", I(0), I(1)))),
        ("s as Shape else: make", safe(N("s"), "Shape", "else", N("make"))),
        ("s as i64 or_return: -1", safe(N("s"), "i64", "or_return", ast.Unary(NOWHERE, "-", I(1)))),
        ("s as i64 or_return:", safe(N("s"), "i64", "or_return", ast.Nil(NOWHERE))),
        ("a + s as i64 or: 0", B("+", N("a"), safe(N("s"), "i64", "or", I(0)))),
        ("a.b(1) as f64 or: 0.5", safe(C(A(N("a"), "b"), I(1)), "f64", "or", ast.Float(NOWHERE, 0.5))),
    ],
)
def test_safe_cast_forms(src, tree):
    assert expr(src) == tree


def test_safe_cast_else_takes_a_block():
    s = stmt("val v = s as i64 else:\n    99\n")
    assert s.value == safe(N("s"), "i64", "else", lam([], E(I(99)), block=True))


def test_an_inline_if_keeps_its_else_after_a_cast():
    tree = stmt("val v = if c: x as i64 else: 0\n").value
    assert tree == ast.If(NOWHERE, ((N("c"), (E(ast.Cast(NOWHERE, N("x"), "i64")),)),), (E(I(0)),))
    tree = stmt("val v = if c: t + x as i64 else: t\n").value
    assert tree.branches[0][1] == (E(B("+", N("t"), ast.Cast(NOWHERE, N("x"), "i64"))),)
    assert tree.orelse == (E(N("t")),)
    assert stmt("val v = if c: s[2:] else: s\n").value.orelse == (E(N("s")),)


def test_safe_cast_errors():
    assert "needs a fallback" in str(error("val v = s as i64 or:\n"))
    assert "takes an expression on its line" in str(error("val v = s as i64 or:\n    1\n"))
    assert error("val v = s or: 1\n") is not None


def test_a_name_starting_with_break_is_an_operand_of_coalesce():
    assert expr("a ?? breaker") == B("??", N("a"), N("breaker"))


def test_unwrap_in_an_assignment_and_in_parentheses():
    s = stmt("val v = opt unwrap or: 0\n")
    assert s.value == ast.Unwrap(NOWHERE, N("opt"), "or", I(0))
    s = stmt("val w = (opt unwrap or: 0) * 2\n")
    assert s.value == B("*", ast.Unwrap(NOWHERE, N("opt"), "or", I(0)), I(2))


def test_unwrap_else_takes_a_closure_or_a_block():
    s = stmt("val v = opt unwrap else: \\:\n    called = true\n    99\n")
    assert s.value.kind == "else" and s.value.fallback.is_block and s.value.fallback.params == ()
    s = stmt("val v = opt unwrap else:\n    99\n")
    assert s.value.fallback == lam([], E(I(99)), block=True)


def test_a_block_needs_unwrap_else():
    assert "`unwrap or:` takes an expression" in str(error("val v = o unwrap or:\n    1\n"))


def test_unwrap_stays_a_name_and_a_method():
    assert expr("x.unwrap()") == C(A(N("x"), "unwrap"))
    assert stmt("val unwrap = 1\n").value == I(1)


# ---------------------------------------------------------------- context blocks


def test_context_with_an_object_is_a_context_block():
    s = stmt("context builder:\n    add(5)\n")
    assert s == ast.ContextBlock(NOWHERE, N("builder"), (E(C(N("add"), I(5))),))


def test_context_with_a_string_or_symbol_stays_the_spec_word():
    for head in ('context "when empty":', "context :empty:"):
        s = stmt(head + "\n    pass\n")
        assert isinstance(s, ast.ExprStmt) and s.expr.func == N("context")


# ---------------------------------------------------------------- unit literals and typed strings


@pytest.mark.parametrize(
    "src, value, unit",
    [("100_km", I(100), "km"), ("1_000_m", I(1000), "m"), ("2.5_s", ast.Float(NOWHERE, 2.5), "s"),
     ("42_uid", I(42), "uid")],
)
def test_unit_literals(src, value, unit):
    assert expr(src) == ast.UnitLit(NOWHERE, value, unit)


def test_unit_literal_inside_an_expression():
    assert expr("a + 20_pct") == B("+", N("a"), ast.UnitLit(NOWHERE, I(20), "pct"))


def test_a_type_suffix_after_an_underscore_is_an_error():
    e = error("x = 5_i32\n")
    assert "invalid number '5_i32'" in str(e) and "`5i32`" in str(e)


def test_typed_string():
    assert expr('"127.0.0.1"_ip') == ast.TypedStr(NOWHERE, S("127.0.0.1"), "ip")
    assert expr("'{\"k\": 1}'_json") == ast.TypedStr(NOWHERE, S('{"k": 1}'), "json")


def test_unit_declarations_are_unsupported_at_their_line():
    d = error("val a = 1\nunit length(base: f64): m = 1.0, km = 1000.0:\n    allow add(length) -> length\n").diagnostics[0]
    assert (d.message, d.span.line, d.span.col) == ("unsupported: unit type declarations (`unit`)", 2, 1)
    assert stmt("unit = 3\n").value == I(3)


def test_a_static_call_on_a_built_in_type_name_is_a_method_call_on_its_name():
    assert expr("i64.zero()") == C(A(N("i64"), "zero"))
    assert expr('text.banner("a")') == C(A(N("text"), "banner"), S("a"))
