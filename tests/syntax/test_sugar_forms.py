"""The sugar forms that fold into existing nodes: `|x|`/`=>` lambdas, placeholders, `&:m`, `s{...}`,
struct/dict patterns, RSpec-style `expect a to_m b`, `where` clauses."""

from __future__ import annotations

import pytest
from syntax_helpers import NOWHERE, A, B, C, E, I, N, P, U, body, error, expr, stmt

from spl2py.syntax import ast


def lam(params, value):
    return ast.Lambda(NOWHERE, tuple(P(p) for p in params), (E(value),), False)


def Cap(name):
    return ast.CapturePat(NOWHERE, name)


def Fields(*pairs):
    return ast.FieldsPat(NOWHERE, tuple(pairs))


def let(target, value):
    return ast.Let(NOWHERE, "val", target, None, value)


# ---------------------------------------------------------------- |x| and => lambdas


@pytest.mark.parametrize(
    "src, tree",
    [
        ("|x| x + 1", lam(["x"], B("+", N("x"), I(1)))),
        ("|a, b| a + b", lam(["a", "b"], B("+", N("a"), N("b")))),
        ("|| 42", lam([], I(42))),
        ("(a, b) => a + b", lam(["a", "b"], B("+", N("a"), N("b")))),
        ("x => x * 10", lam(["x"], B("*", N("x"), I(10)))),
        ("() => 1", lam([], I(1))),
    ],
)
def test_bar_and_arrow_lambdas(src, tree):
    assert stmt(f"val f = {src}\n") == let(Cap("f"), tree)
    # the same inside call arguments, next to other arguments
    assert expr(f"g(0, {src}, 2)\n") == C(N("g"), I(0), tree, I(2))


def test_bar_lambda_matches_backslash_lambda():
    assert expr("xs.map(|x| x * 2)") == expr("xs.map(\\x: x * 2)")
    assert expr("xs.map(x => x * 2)") == expr("xs.map(\\x: x * 2)")
    assert expr("xs.reduce(0, (a, b) => a + b)") == expr("xs.reduce(0, \\a, b: a + b)")


def test_pipe_stays_bitwise_or_and_match_bar():
    assert expr("a | b") == B("|", N("a"), N("b"))
    assert expr("a || b") == B("or", N("a"), N("b"))
    m = expr("match n:\n    | 0 -> |x| x\n    | _ -> 1\n")
    assert isinstance(m, ast.Match)
    assert m.arms[0].pattern == ast.LiteralPat(NOWHERE, I(0))
    assert m.arms[0].body == (E(lam(["x"], N("x"))),)
    assert m.arms[1].pattern == ast.WildcardPat(NOWHERE)


def test_arrow_arm_separator_and_guards_are_not_lambdas():
    m = expr("match x:\n    case 1 => a\n    case k if ready => b\n    case k if k > lim => c\n")
    assert [a.guard for a in m.arms] == [None, N("ready"), ast.Compare(NOWHERE, N("k"), (">",), (N("lim"),))]
    assert [a.body for a in m.arms] == [(E(N("a")),), (E(N("b")),), (E(N("c")),)]


def test_paren_and_names_still_parse_before_other_operators():
    assert expr("(a, b)") == ast.TupleLit(NOWHERE, (N("a"), N("b")))
    assert expr("x >= 1") == ast.Compare(NOWHERE, N("x"), (">=",), (I(1),))
    assert expr("f(x) == (y)") == ast.Compare(NOWHERE, C(N("f"), N("x")), ("==",), (N("y"),))


# ---------------------------------------------------------------- placeholders


def test_placeholder_arguments_become_lambdas():
    assert expr("xs.map(_ * 2)") == C(A(N("xs"), "map"), lam(["_1"], B("*", N("_1"), I(2))))
    assert expr("xs.reduce(0, _ + _)") == C(A(N("xs"), "reduce"), I(0), lam(["_1", "_2"], B("+", N("_1"), N("_2"))))
    assert expr("f(_2 - _1)") == C(N("f"), lam(["_1", "_2"], B("-", N("_2"), N("_1"))))
    assert expr("xs.map(_.len())") == C(A(N("xs"), "map"), lam(["_1"], C(A(N("_1"), "len"))))
    # the general rules (a list argument) build the same tree as the CHAIN fast path
    assert expr("f(_ * 2, [1])") == C(N("f"), lam(["_1"], B("*", N("_1"), I(2))), ast.ListLit(NOWHERE, (I(1),)))


def test_placeholders_only_where_unambiguous():
    assert expr("f(_)") == C(N("f"), N("_"))  # a bare `_` argument stays a name
    assert expr("f(g(_))") == C(N("f"), lam(["_1"], C(N("g"), N("_1"))))  # innermost non-bare argument
    assert expr("f(g(_ + 1))") == C(N("f"), C(N("g"), lam(["_1"], B("+", N("_1"), I(1)))))
    inner = ast.Lambda(NOWHERE, (P("x"),), (E(B("+", N("x"), N("_"))),), False)
    assert expr("f(\\x: x + _)") == C(N("f"), inner)  # a written lambda keeps its `_`
    assert expr("f(my_x + x_1)") == C(N("f"), B("+", N("my_x"), N("x_1")))
    assert stmt("val _ = f(1)\n").value == C(N("f"), I(1))
    assert stmt("match v:\n    case _: 0\n").expr.arms[0].pattern == ast.WildcardPat(NOWHERE)


def test_placeholder_initializers_become_lambdas():
    assert stmt("val square = _1 * _1\n").value == lam(["_1"], B("*", N("_1"), N("_1")))
    assert stmt("var add = _1 + _2\n").value == lam(["_1", "_2"], B("+", N("_1"), N("_2")))
    assert stmt("val f: i64 = _ * 2\n").value == lam(["_1"], B("*", N("_1"), I(2)))
    assert stmt("val y = xs.map(_ * 2)\n").value == C(A(N("xs"), "map"), lam(["_1"], B("*", N("_1"), I(2))))
    assert stmt("val z = _\n").value == N("_")  # a bare `_` stays a name
    assert stmt("x = _1 * 2\n").value == B("*", N("_1"), I(2))  # only `val`/`var` initializers


def test_mixed_placeholders_are_a_clear_error():
    d = error("xs.map(_ + _1)\n").diagnostics[0]
    assert d.message == "unsupported: mixing '_' and numbered placeholders ('_1') in one argument"
    assert (d.span.line, d.span.col) == (1, 8)


# ---------------------------------------------------------------- &:method, s{...}


def test_method_reference():
    assert expr("xs.map(&:len)") == C(A(N("xs"), "map"), lam(["it"], C(A(N("it"), "len"))))
    assert expr("xs.map(&:upper)") == expr("xs.map(\\it: it.upper())")


def test_s_prefixed_set_literal():
    assert stmt("val v = s{1, 2}\n") == let(Cap("v"), ast.SetLit(NOWHERE, (I(1), I(2))))
    assert stmt("val v = s{1, 2}\n") == stmt("val v = {1, 2}\n")
    assert expr("s{}") == ast.SetLit(NOWHERE, ())
    assert expr("f(s{x, *ys},)") == C(N("f"), ast.SetLit(NOWHERE, (N("x"), ast.Spread(NOWHERE, N("ys")))))
    assert expr("s + t") == B("+", N("s"), N("t"))  # a name `s` is still a name
    assert expr("s[0]") == ast.Index(NOWHERE, N("s"), I(0))


# ---------------------------------------------------------------- struct / dict patterns


def test_struct_destructuring_binds_by_name():
    assert stmt("val {name, age} = person\n") == let(Fields(("name", Cap("name")), ("age", Cap("age"))), N("person"))
    assert stmt("var {x: a, y: _} = p\n") == ast.Let(
        NOWHERE, "var", Fields(("x", Cap("a")), ("y", ast.WildcardPat(NOWHERE))), None, N("p"))


def test_struct_patterns_in_match():
    m = expr("match p:\n    case {name: n, age: 0}: n\n    {name: n}: n\n    case {pos: (x, y)}: x\n")
    assert m.arms[0].pattern == Fields(("name", Cap("n")), ("age", ast.LiteralPat(NOWHERE, I(0))))
    assert m.arms[1].pattern == Fields(("name", Cap("n")),)
    assert m.arms[2].pattern == Fields(("pos", ast.TuplePat(NOWHERE, (Cap("x"), Cap("y")))),)


def test_a_field_named_twice_is_an_error():
    assert error("val {a, a} = p\n").diagnostics[0].message == "field 'a' named twice in a pattern"


# ---------------------------------------------------------------- RSpec-style expect


def test_rspec_style_expect_folds_into_a_matcher_call():
    folded = expr("expect(a).to_equal(b)")
    assert expr("expect a to_equal b") == folded
    assert expr("expect(a) to_equal(b)") == folded
    assert expr("expect a + 1 to_equal f(b), 2") == expr("expect(a + 1).to_equal(f(b), 2)")
    assert expr("expect xs to_be_empty") == expr("expect(xs).to_be_empty()")
    assert expr("expect a not_to equal b") == expr("expect(a).not_().to_equal(b)")
    assert expr("expect(a) not_to to_contain(b)") == expr("expect(a).not_().to_contain(b)")


def test_plain_expect_forms_are_unchanged():
    assert expr("expect x == y") == C(N("expect"), ast.Compare(NOWHERE, N("x"), ("==",), (N("y"),)))
    assert expr("expect(s.to_text()).to_equal(1)") == C(
        A(C(N("expect"), C(A(N("s"), "to_text"))), "to_equal"), I(1))
    assert expr("expect to_int(s) == 3") == C(
        N("expect"), ast.Compare(NOWHERE, C(N("to_int"), N("s")), ("==",), (I(3),)))


def test_bare_expect_of_a_presence_check_asserts_presence():
    present = ast.Compare(NOWHERE, ast.Presence(NOWHERE, N("opt")), ("!=",), (ast.Nil(NOWHERE),))
    assert stmt("expect opt.?\n") == E(C(N("expect"), present))
    assert expr("expect opt.? to_equal 1") == C(A(C(N("expect"), ast.Presence(NOWHERE, N("opt"))), "to_equal"), I(1))
    assert stmt("expect not opt.?\n") == E(C(N("expect"), U("not", ast.Presence(NOWHERE, N("opt")))))


# ---------------------------------------------------------------- where clauses


def test_where_clause_is_parsed_and_ignored():
    plain = stmt("fn first<T, U>(xs: [T], u: U) -> T:\n    xs[0]\n")
    assert stmt("fn first<T, U>(xs: [T], u: U) -> T where T: Show & Eq, U: Clone:\n    xs[0]\n") == plain
    assert stmt("fn first<T, U>(xs: [T], u: U) -> T where T: Into<List<i64>> + Eq: xs[0]\n") == plain
    no_ret = stmt("fn show<T>(x: T) where T: Show:\n    print x\n")
    assert isinstance(no_ret, ast.FuncDef) and no_ret.generics == ("T",) and len(no_ret.body) == 1


def test_word_operators_need_a_word_boundary():
    # `befor x` is a call of `befor`, never `bef or x`
    assert body("befor reset()\nxin = 1\n") == (
        E(C(N("befor"), C(N("reset")))), ast.Assign(NOWHERE, N("xin"), I(1)))
