"""Expressions: literals, operators and precedence, postfix forms, lambdas, calls."""

from __future__ import annotations

import pytest
from syntax_helpers import NOWHERE, A, B, C, E, F, I, N, P, S, U, block_arg, body, expr, stmt

from spl2py.syntax import ast


def L(*items):
    return ast.ListLit(NOWHERE, tuple(items))


def T(*items):
    return ast.TupleLit(NOWHERE, tuple(items))


def cmp(left, *pairs):
    return ast.Compare(NOWHERE, left, tuple(p[0] for p in pairs), tuple(p[1] for p in pairs))


def lam(params, *stmts, block=False):
    return ast.Lambda(NOWHERE, tuple(P(p) for p in params), tuple(stmts), block)


# ---------------------------------------------------------------- numbers


@pytest.mark.parametrize(
    "src, value",
    [
        ("42", I(42)),
        ("1_000_000", I(1000000)),
        ("0xFF_FF", I(0xFFFF)),
        ("0o755", I(0o755)),
        ("0b1010_0101", I(0b10100101)),
        ("42i32", I(42, "i32")),
        ("0xff000001u32", I(0xFF000001, "u32")),
        ("3.14", F(3.14)),
        ("1.5e-10", F(1.5e-10)),
        ("2E3", F(2000.0)),
        ("3.14f32", F(3.14, "f32")),
        ("007", I(7)),
    ],
)
def test_numbers(src, value):
    assert expr(src) == value


def test_range_is_not_a_float():
    assert expr("1..5") == ast.Range(NOWHERE, I(1), I(5), False)
    assert expr("1..=5") == ast.Range(NOWHERE, I(1), I(5), True)


def test_method_call_on_an_int():
    assert expr("7.fdiv(2)") == C(A(I(7), "fdiv"), I(2))


def test_literal_words():
    assert expr("true") == ast.Bool(NOWHERE, True)
    assert expr("false") == ast.Bool(NOWHERE, False)
    assert expr("nil") == ast.Nil(NOWHERE)
    assert expr("f(:sym)") == C(N("f"), ast.Symbol(NOWHERE, "sym"))


# ---------------------------------------------------------------- collections


def test_lists_tuples_sets_dicts():
    assert expr("[1, 2,]") == L(I(1), I(2))
    assert expr("[]") == L()
    assert expr("(1, 2)") == T(I(1), I(2))
    assert expr("(1,)") == T(I(1))
    assert expr("(1)") == I(1)
    assert expr("{1, 2}") == ast.SetLit(NOWHERE, (I(1), I(2)))
    assert expr('{"k": 1, "j": 2,}') == ast.DictLit(
        NOWHERE, (ast.DictEntry(NOWHERE, S("k"), I(1)), ast.DictEntry(NOWHERE, S("j"), I(2))))
    assert expr("{}") == ast.DictLit(NOWHERE, ())


def test_unit_is_a_pass():
    assert stmt("()") == ast.Pass(NOWHERE, "()")


def test_array_repeat_and_spreads():
    assert expr("[0; n]") == ast.ArrayRepeat(NOWHERE, I(0), N("n"))
    assert expr("[0, ...xs, *ys]") == L(I(0), ast.Spread(NOWHERE, N("xs")), ast.Spread(NOWHERE, N("ys")))
    assert expr('{**d, "k": v}') == ast.DictLit(
        NOWHERE, (ast.Spread(NOWHERE, N("d"), True), ast.DictEntry(NOWHERE, S("k"), N("v"))))
    assert expr("f(*args, **kw)") == C(N("f"), ast.Spread(NOWHERE, N("args")), ast.Spread(NOWHERE, N("kw"), True))


def test_multiline_literals_with_comments():
    src = "val xs = [\n    1,  # one\n\n    2,\n]\n"
    assert body(src)[0].value == L(I(1), I(2))


def test_comprehensions():
    x = ast.CapturePat(NOWHERE, "x")
    expected = ast.Comprehension(
        NOWHERE, "list", B("*", N("x"), N("x")), None,
        (ast.CompFor(NOWHERE, x, N("xs")), ast.CompIf(NOWHERE, cmp(N("x"), (">", I(0))))))
    assert expr("[x * x for x in xs if x > 0]") == expected
    assert expr("[for x in xs if x > 0: x * x]") == expected
    kv = ast.TuplePat(NOWHERE, (ast.CapturePat(NOWHERE, "k"), ast.CapturePat(NOWHERE, "v")))
    assert expr("{k: v for k, v in d}") == ast.Comprehension(
        NOWHERE, "dict", N("k"), N("v"), (ast.CompFor(NOWHERE, kv, N("d")),))
    assert expr("{for x in xs: (x, 1)}") == ast.Comprehension(
        NOWHERE, "dict", N("x"), I(1), (ast.CompFor(NOWHERE, x, N("xs")),))
    assert expr("{x for x in xs}").kind == "set"


# ---------------------------------------------------------------- operators


@pytest.mark.parametrize(
    "src, tree",
    [
        ("a + b * c", B("+", N("a"), B("*", N("b"), N("c")))),
        ("(a + b) * c", B("*", B("+", N("a"), N("b")), N("c"))),
        ("a - b - c", B("-", B("-", N("a"), N("b")), N("c"))),
        ("2 ** 3 ** 2", B("**", I(2), B("**", I(3), I(2)))),
        ("-x ** 2", U("-", B("**", N("x"), I(2)))),
        ("-x * y", B("*", U("-", N("x")), N("y"))),
        ("not a == b", U("not", cmp(N("a"), ("==", N("b"))))),
        ("not a and b", B("and", U("not", N("a")), N("b"))),
        ("!a", U("not", N("a"))),
        ("~a & b", B("&", U("~", N("a")), N("b"))),
        ("a or b and c", B("or", N("a"), B("and", N("b"), N("c")))),
        ("a || b && c", B("or", N("a"), B("and", N("b"), N("c")))),
        ("a xor b", B("^", N("a"), N("b"))),
        ("a | b ^ c & d << 1", B("|", N("a"), B("^", N("b"), B("&", N("c"), B("<<", N("d"), I(1)))))),
        ("a ?? b or c", B("??", N("a"), B("or", N("b"), N("c")))),
        ("x |> f |> g", B("|>", B("|>", N("x"), N("f")), N("g"))),
        ("a @ b", B("@", N("a"), N("b"))),
        ("a % b", B("%", N("a"), N("b"))),
        ("0 <= i < n", cmp(I(0), ("<=", N("i")), ("<", N("n")))),
        ("a == b != c", cmp(N("a"), ("==", N("b")), ("!=", N("c")))),
        ("x in xs", B("in", N("x"), N("xs"))),
        ("x not in xs", B("not in", N("x"), N("xs"))),
        ("a + 1..b", ast.Range(NOWHERE, B("+", N("a"), I(1)), N("b"), False)),
        ("x is Point", ast.IsTest(NOWHERE, N("x"), "Point")),
        ("x is not nil", ast.IsTest(NOWHERE, N("x"), "nil", True)),
        ("x as i64 + 1", B("+", ast.Cast(NOWHERE, N("x"), "i64"), I(1))),
        ("x as [f64]", ast.Cast(NOWHERE, N("x"), "[f64]")),
        ("a.b.c", A(A(N("a"), "b"), "c")),
    ],
)
def test_operators(src, tree):
    assert expr(src) == tree


def test_postfix_forms():
    assert expr("a?.b") == A(N("a"), "b", True)
    assert expr("a?.m()") == C(A(N("a"), "m", True))
    assert expr("s.?") == ast.Presence(NOWHERE, N("s"))
    assert expr("parse(x)?") == ast.Try(NOWHERE, C(N("parse"), N("x")))
    assert expr("t.0") == ast.Index(NOWHERE, N("t"), I(0))
    assert expr("s.trim.upper") == A(A(N("s"), "trim"), "upper")
    assert expr("f(x)(y)[0]") == ast.Index(NOWHERE, C(C(N("f"), N("x")), N("y")), I(0))


def test_indexing_and_slicing():
    def sl(lo, hi, st):
        return ast.Slice(NOWHERE, lo, hi, st)

    assert expr("a[-1]") == ast.Index(NOWHERE, N("a"), U("-", I(1)))
    assert expr("a[1:4]") == ast.Index(NOWHERE, N("a"), sl(I(1), I(4), None))
    assert expr("a[:3]") == ast.Index(NOWHERE, N("a"), sl(None, I(3), None))
    assert expr("a[2:]") == ast.Index(NOWHERE, N("a"), sl(I(2), None, None))
    assert expr("a[::2]") == ast.Index(NOWHERE, N("a"), sl(None, None, I(2)))
    assert expr("a[::-1]") == ast.Index(NOWHERE, N("a"), sl(None, None, U("-", I(1))))
    assert expr("m[i, j]") == ast.Index(NOWHERE, N("m"), T(N("i"), N("j")))


def test_generic_arguments_before_dot_or_call():
    assert expr("Map<text, i64>.new()") == C(A(N("Map"), "new"))
    assert expr("List<i64>()") == C(N("List"))
    assert expr("a < b and c > (d)") == B("and", cmp(N("a"), ("<", N("b"))), cmp(N("c"), (">", N("d"))))


def test_brace_construction_only_for_capitalized_names():
    assert expr("Point { x: 1, y: 2 }") == C(N("Point"), ("x", I(1)), ("y", I(2)))
    assert expr("Empty {}") == C(N("Empty"))
    assert expr("P { x, y }") == C(N("P"), ("x", N("x")), ("y", N("y")))


def test_if_expression():
    sign = stmt("val sign = if n < 0: -1 else: 1").value
    assert sign == ast.If(NOWHERE, ((cmp(N("n"), ("<", I(0))), (E(U("-", I(1))),)),), (E(I(1)),))
    multi = stmt("val s = if c:\n    1\nelse:\n    2\n").value
    assert multi == ast.If(NOWHERE, ((N("c"), (E(I(1)),)),), (E(I(2)),))


def test_match_expression():
    m = stmt('val w = match n:\n    | 0 -> "zero"\n    | _ -> "many"\n').value
    assert isinstance(m, ast.Match) and len(m.arms) == 2


# ---------------------------------------------------------------- lambdas


def test_lambdas():
    assert expr("\\x: x + 1") == lam(["x"], E(B("+", N("x"), I(1))))
    assert expr("\\a, b: a + b") == lam(["a", "b"], E(B("+", N("a"), N("b"))))
    assert expr("\\: 42") == lam([], E(I(42)))
    assert expr("fn(x): x * 2") == lam(["x"], E(B("*", N("x"), I(2))))
    assert expr("\\x:\n    print x\n    x\n") == lam(["x"], E(C(N("print"), N("x"))), E(N("x")), block=True)
    assert expr("fn():\n    1\n") == lam([], E(I(1)), block=True)


def test_typed_lambda_parameters():
    typed = expr("fn(x: i64, y = 2) -> i64: x + y")
    assert typed.params == (P("x", "i64"), P("y", None, I(2)))


def test_lambda_argument_keeps_the_rest_of_the_call():
    assert expr("xs.reduce(0, \\a, b: a + b)") == C(
        A(N("xs"), "reduce"), I(0), lam(["a", "b"], E(B("+", N("a"), N("b")))))
    assert expr("items.each \\x: print x") == C(A(N("items"), "each"), lam(["x"], E(C(N("print"), N("x")))))


# ---------------------------------------------------------------- calls


def test_calls_and_named_arguments():
    assert expr("f()") == C(N("f"))
    assert expr("f(x, k: v,)") == C(N("f"), N("x"), ("k", N("v")))
    assert expr('connect("h", port: 80)') == C(N("connect"), S("h"), ("port", I(80)))
    assert expr("f(type: 1, default: 2, context: 3)") == C(N("f"), ("type", I(1)), ("default", I(2)), ("context", I(3)))


def test_no_paren_calls():
    assert expr('print "x"') == C(N("print"), S("x"))
    assert expr("print a, b") == C(N("print"), N("a"), N("b"))
    assert expr("print a + b") == C(N("print"), B("+", N("a"), N("b")))
    assert expr("print not done") == C(N("print"), U("not", N("done")))
    assert expr('user.set name: "A", age: 3') == C(A(N("user"), "set"), ("name", S("A")), ("age", I(3)))
    assert expr("expect x == y") == C(N("expect"), cmp(N("x"), ("==", N("y"))))
    assert expr("given_lazy :name, \\: 1") == C(N("given_lazy"), ast.Symbol(NOWHERE, "name"), lam([], E(I(1))))


def test_no_paren_call_only_starts_on_an_argument_token():
    assert expr("print -x") == B("-", N("print"), N("x"))
    assert expr("print (a) * b") == B("*", C(N("print"), N("a")), N("b"))
    assert expr("x and y") == B("and", N("x"), N("y"))
    assert expr("a if_") == C(N("a"), N("if_"))  # a word that only starts with a keyword


def test_no_paren_call_as_assignment_value():
    assert stmt('val x = ask "name"').value == C(N("ask"), S("name"))
    assert stmt("return f x").value == C(N("f"), N("x"))


def test_trailing_colon_block_arguments():
    assert expr('describe "x":\n    pass\n') == C(N("describe"), S("x"), block_arg(ast.Pass(NOWHERE)))
    assert expr("before_each:\n    reset()\n") == C(N("before_each"), block_arg(E(C(N("reset")))))
    assert expr("foo(a):\n    bar()\n") == C(N("foo"), N("a"), block_arg(E(C(N("bar")))))
    assert expr('it "x", tag: ["slow"]:\n    pass\n') == C(
        N("it"), S("x"), ("tag", ast.ListLit(NOWHERE, (S("slow"),))), block_arg(ast.Pass(NOWHERE)))
    assert expr('context "when empty":\n    pass\n') == C(N("context"), S("when empty"), block_arg(ast.Pass(NOWHERE)))


def test_keywords_used_as_names():
    for word in ["context", "type", "default", "result", "step", "train", "drop", "skip", "lambda", "def",
                 "None", "print", "len", "id", "eval", "from", "static_x", "assert_true", "pass_through"]:
        assert stmt(f"val {word} = {word}").value == N(word)
        assert expr(f"obj.{word}()") == C(A(N("obj"), word))
    assert expr("assert_true(1 < 2)") == C(N("assert_true"), cmp(I(1), ("<", I(2))))
    assert expr("pass.x") == A(N("pass"), "x")
    assert expr("static(1)") == C(N("static"), I(1))


def test_brace_construction_needs_a_type_name():
    from syntax_helpers import error

    d = error("val p = point { x: 1 }\n").diagnostics[0]
    assert (d.message, d.span.col) == ("expected a type name before '{'", 15)


def test_simple_chains_and_full_grammar_agree():
    """The CHAIN fast path and the general expression rules build the same trees."""
    pairs = [
        ("f(a, k: b + 1).c[i]", "(f)(a, k: (b + 1)).c[(i)]"),
        ("x.m(1)(2) * -y", "(x.m(1))(2) * (-y)"),
        ('not a.b("s", 2) ?? c', 'not (a.b("s", 2)) ?? c'),
    ]
    for fast, general in pairs:
        assert expr(fast) == expr(general)


def test_inline_bodies_inside_arguments_stop_at_the_comma():
    assert expr("foo(if c: a else: b, 2)") == C(
        N("foo"), ast.If(NOWHERE, ((N("c"), (E(N("a")),)),), (E(N("b")),)), I(2))
    assert expr("foo(\\x: x, 2)") == C(N("foo"), lam(["x"], E(N("x"))), I(2))


def test_bare_tuple_statement():
    assert expr("a, b") == T(N("a"), N("b"))
