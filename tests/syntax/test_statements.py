"""Statements: bindings, assignment, control flow, match, with/defer/assert, one-liners."""

from __future__ import annotations

import pytest
from syntax_helpers import NOWHERE, A, B, C, Cap, E, I, Lit, N, S, U, body, error, expr, stmt

from spl2py.syntax import ast


def cmp(left, op, right):
    return ast.Compare(NOWHERE, left, (op,), (right,))


def If(*branches, orelse=None):
    return ast.If(NOWHERE, tuple(branches), orelse)


def Tup(*pats):
    return ast.TuplePat(NOWHERE, tuple(pats))


PASS = ast.Pass(NOWHERE, "pass")


# ---------------------------------------------------------------- bindings


@pytest.mark.parametrize(
    "src, let",
    [
        ("val limit = 10", ("val", Cap("limit"), None, I(10))),
        ("var count = 0", ("var", Cap("count"), None, I(0))),
        ('val name: text = "ok"', ("val", Cap("name"), "text", S("ok"))),
        ("var items: [i64] = []", ("var", Cap("items"), "[i64]", ast.ListLit(NOWHERE, ()))),
        ("var m: Map<text, [i64]> = {}", ("var", Cap("m"), "Map<text, [i64]>", ast.DictLit(NOWHERE, ()))),
        ("var cb: fn(i64) -> i64 = f", ("var", Cap("cb"), "fn(i64) -> i64", N("f"))),
        ("var x: i64", ("var", Cap("x"), "i64", None)),
        ("var y", ("var", Cap("y"), None, None)),
        ("let z = 3", ("let", Cap("z"), None, I(3))),
        ("let mut z = 3", ("let", Cap("z"), None, I(3))),
        ("const C = 10", ("const", Cap("C"), None, I(10))),
        ("val (q, r) = divmod(7, 2)", ("val", Tup(Cap("q"), Cap("r")), None, C(N("divmod"), I(7), I(2)))),
        ("val (q, _) = pair", ("val", Tup(Cap("q"), ast.WildcardPat(NOWHERE)), None, N("pair"))),
        ("val [a, b, c] = triple", ("val", ast.TuplePat(NOWHERE, (Cap("a"), Cap("b"), Cap("c")), True), None, N("triple"))),
    ],
)
def test_let(src, let):
    assert stmt(src) == ast.Let(NOWHERE, *let)


@pytest.mark.parametrize(
    "src, target, value, op",
    [
        ("x = 1", N("x"), I(1), None),
        ("x += 1", N("x"), I(1), "+"),
        ("x -= y * 2", N("x"), B("*", N("y"), I(2)), "-"),
        ("x *= 2", N("x"), I(2), "*"),
        ("x /= 2", N("x"), I(2), "/"),
        ("x %= 2", N("x"), I(2), "%"),
        ("x **= 2", N("x"), I(2), "**"),
        ("self.balance = self.balance + n", A(N("self"), "balance"), B("+", A(N("self"), "balance"), N("n")), None),
        ("a[0] = 5", ast.Index(NOWHERE, N("a"), I(0)), I(5), None),
        ("a, b = b, a", ast.TupleLit(NOWHERE, (N("a"), N("b"))), ast.TupleLit(NOWHERE, (N("b"), N("a"))), None),
        ("x =\n    1 + 2", N("x"), B("+", I(1), I(2)), None),
    ],
)
def test_assign(src, target, value, op):
    assert stmt(src) == ast.Assign(NOWHERE, target, value, op)


def test_semicolon_one_liners():
    assert body("a = 1; b = 2\n") == (
        ast.Assign(NOWHERE, N("a"), I(1)), ast.Assign(NOWHERE, N("b"), I(2)))


# ---------------------------------------------------------------- if


def test_val_names_a_value_where_no_declaration_can_start():
    # `val` heads a declaration only before a target; elsewhere it is a name (`case Number(val)`)
    assert stmt('return "n={val}"\n') == ast.Return(NOWHERE, S("n=", ast.Interp(NOWHERE, N("val"), None)))
    assert stmt("f(val)\n") == E(C(N("f"), N("val")))
    assert stmt("val x = val + 1\n") == ast.Let(NOWHERE, "val", Cap("x"), None, B("+", N("val"), I(1)))
    arm = stmt("match t:\n    case Number(val): val\n").expr.arms[0]
    assert arm.pattern == ast.VariantPat(NOWHERE, ("Number",), (Cap("val"),))
    # a declaration missing its name stays an error, not an assignment to `val`
    for src, op in (("val = 1\n", "="), ("val += 1\n", "+=")):
        d = error(src).diagnostics[0]
        assert (d.message, d.span.col) == (f"expected a pattern or '(', found '{op}'", 5)


def test_if_elif_else_block():
    src = """
    if n > 0:
        a
    elif n == 0:
        b
    else if n < -5:
        c
    else:
        d
    """
    assert stmt(src) == E(If(
        (cmp(N("n"), ">", I(0)), (E(N("a")),)),
        (cmp(N("n"), "==", I(0)), (E(N("b")),)),
        (cmp(N("n"), "<", U("-", I(5))), (E(N("c")),)),
        orelse=(E(N("d")),)))


def test_inline_if_and_then():
    assert stmt("if done: return") == E(If((N("done"), (ast.Return(NOWHERE, None),))))
    assert stmt('if c then print "x"') == E(If((N("c"), (E(C(N("print"), S("x"))),))))
    assert stmt("if a: x = 1; y = 2") == E(If((N("a"), (ast.Assign(NOWHERE, N("x"), I(1)), ast.Assign(NOWHERE, N("y"), I(2))))))


def test_multiline_condition():
    s = stmt("if a and\n    b:\n    pass\n")
    assert s.expr.branches[0][0] == B("and", N("a"), N("b"))


def test_if_val_binds():
    s = stmt("if val v = maybe():\n    use_it(v)\n")
    assert s == E(If((ast.LetCond(NOWHERE, Cap("v"), C(N("maybe"))), (E(C(N("use_it"), N("v"))),))))


# ---------------------------------------------------------------- loops


def test_for_forms():
    assert stmt("for i in 0..10: print i") == ast.For(
        NOWHERE, Cap("i"), ast.Range(NOWHERE, I(0), I(10), False), (E(C(N("print"), N("i"))),))
    assert stmt("for i, x in items:\n    pass\n") == ast.For(NOWHERE, Tup(Cap("i"), Cap("x")), N("items"), (PASS,), True)
    assert stmt("for (k, v) in d.items():\n    pass\n") == ast.For(
        NOWHERE, Tup(Cap("k"), Cap("v")), C(A(N("d"), "items")), (PASS,), False)
    assert stmt("for i in 1..=3:\n    pass\n").iter == ast.Range(NOWHERE, I(1), I(3), True)


def test_while_and_while_val_and_loop():
    assert stmt("while n > 0:\n    n = n - 1\n") == ast.While(
        NOWHERE, cmp(N("n"), ">", I(0)), (ast.Assign(NOWHERE, N("n"), B("-", N("n"), I(1))),))
    assert stmt("while val line = next():\n    pass\n").cond == ast.LetCond(NOWHERE, Cap("line"), C(N("next")))
    assert stmt("loop:\n    break\n") == ast.Loop(NOWHERE, (ast.Break(NOWHERE),))


def test_labels():
    s = stmt("'outer: for row in grid:\n    for x in row:\n        continue 'outer\n    break 'outer\n")
    assert s.label == "outer"
    assert s.body[0].body == (ast.Continue(NOWHERE, "outer"),)
    assert s.body[1] == ast.Break(NOWHERE, "outer")
    assert stmt("'w: while true:\n    break 'w\n").label == "w"
    assert stmt("'l: loop:\n    break\n").label == "l"


def test_jumps_and_pass_words():
    assert body("return\nreturn x\nbreak\ncontinue\n") == (
        ast.Return(NOWHERE, None), ast.Return(NOWHERE, N("x")), ast.Break(NOWHERE), ast.Continue(NOWHERE))
    assert body("pass\npass_do_nothing\npass_dn\npass_todo\n") == tuple(
        ast.Pass(NOWHERE, w) for w in ("pass", "pass_do_nothing", "pass_dn", "pass_todo"))
    assert stmt("return a, b") == ast.Return(NOWHERE, ast.TupleLit(NOWHERE, (N("a"), N("b"))))


# ---------------------------------------------------------------- match


def arm(pattern, *body_, guard=None):
    return ast.MatchArm(NOWHERE, pattern, guard, tuple(body_))


def test_match_arm_styles():
    src = """
    match s:
        case Shape.Circle(r):
            a
        case Shape.Rect(w, h): b
        case Color.Red -> c
        case 1 => d
        | 2 -> e
        Some(x): f
        nil: pass
        _: g
    """
    m = expr(src)
    V = ast.VariantPat
    assert m.arms == (
        arm(V(NOWHERE, ("Shape", "Circle"), (Cap("r"),)), E(N("a"))),
        arm(V(NOWHERE, ("Shape", "Rect"), (Cap("w"), Cap("h"))), E(N("b"))),
        arm(ast.ValuePat(NOWHERE, ("Color", "Red")), E(N("c"))),
        arm(Lit(I(1)), E(N("d"))),
        arm(Lit(I(2)), E(N("e"))),
        arm(V(NOWHERE, ("Some",), (Cap("x"),)), E(N("f"))),
        arm(Lit(ast.Nil(NOWHERE)), PASS),
        arm(ast.WildcardPat(NOWHERE), E(N("g"))),
    )


def test_match_patterns_and_guards():
    src = """
    match p:
        | -1 -> a
        | 1 | 2 -> b
        | (0, y) -> c
        | Box.Val(Msg.Num(n)) -> d
        | k if k < 0 -> e
        | "s" -> f
        | true -> g
        | _("reason") -> h
    """
    m = expr(src)
    assert [a.pattern for a in m.arms] == [
        Lit(U("-", I(1))),
        ast.OrPat(NOWHERE, (Lit(I(1)), Lit(I(2)))),
        Tup(Lit(I(0)), Cap("y")),
        ast.VariantPat(NOWHERE, ("Box", "Val"), (ast.VariantPat(NOWHERE, ("Msg", "Num"), (Cap("n"),)),)),
        Cap("k"),
        Lit(S("s")),
        Lit(ast.Bool(NOWHERE, True)),
        ast.WildcardPat(NOWHERE),
    ]
    assert m.arms[4].guard == cmp(N("k"), "<", I(0))


def test_bracket_patterns_are_list_patterns():
    m = expr("match xs:\n    | [] -> 0\n    | [a, b] -> 2\n    | (a, b) -> 3\n")
    assert [a.pattern for a in m.arms] == [
        ast.TuplePat(NOWHERE, (), True),
        ast.TuplePat(NOWHERE, (Cap("a"), Cap("b")), True),
        Tup(Cap("a"), Cap("b")),
    ]


def test_or_pattern_across_lines():
    m = expr("match x:\n    case 1 |\n        2: a\n")
    assert m.arms[0].pattern == ast.OrPat(NOWHERE, (Lit(I(1)), Lit(I(2))))


def test_inline_match_arms():
    m = expr("match x: case 1: a; case 2: b; c")
    assert m.arms == (arm(Lit(I(1)), E(N("a"))), arm(Lit(I(2)), E(N("b")), E(N("c"))))
    m2 = expr("match x: 1: a; 2: b")
    assert m2.arms == (arm(Lit(I(1)), E(N("a"))), arm(Lit(I(2)), E(N("b"))))


def test_match_arm_with_block_after_arrow():
    m = expr("match x:\n    | 0 ->\n        a\n        b\n")
    assert m.arms[0].body == (E(N("a")), E(N("b")))


# ---------------------------------------------------------------- other statements


def test_with_defer_assert():
    assert stmt("with open(f) as fh, lock:\n    pass\n") == ast.With(
        NOWHERE, (ast.WithItem(NOWHERE, C(N("open"), N("f")), "fh"), ast.WithItem(NOWHERE, N("lock"), None)), (PASS,))
    assert stmt("defer close(f)") == ast.Defer(NOWHERE, (E(C(N("close"), N("f"))),))
    assert stmt("defer:\n    a()\n    b()\n") == ast.Defer(NOWHERE, (E(C(N("a"))), E(C(N("b")))))
    assert stmt('assert x > 0, "positive"') == ast.Assert(NOWHERE, cmp(N("x"), ">", I(0)), S("positive"))
    assert stmt("assert ok") == ast.Assert(NOWHERE, N("ok"))


def test_module_docstring():
    from spl2py.syntax import parse

    m = parse('"""The module."""\nx = 1\n', "t.spl")
    assert m.doc == "The module."
    assert len(m.body) == 1


def test_function_docstring_stays_a_statement():
    f = stmt('fn f():\n    """Doc."""\n    1\n')
    assert f.body[0] == E(S("Doc."))
