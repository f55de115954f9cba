"""Upstream Simple forms found in real code (issue #13): the AST each one builds."""

from __future__ import annotations

import pytest
from syntax_helpers import NOWHERE, B, C, Cap, E, I, Lit, N, S, body, error, expr, stmt

from spl2py.syntax import ast


def W():
    return ast.WildcardPat(NOWHERE)


def cmp(left, op, right):
    return ast.Compare(NOWHERE, left, (op,), (right,))


def match_pattern(source: str) -> ast.Pattern:
    return stmt(source).expr.arms[0].pattern


# ---------------------------------------------------------------- calls


@pytest.mark.parametrize(
    "src, call",
    [
        ('greet(name="World")', C(N("greet"), ("name", S("World")))),
        ('greet(name = "W", greeting = "Hi")', C(N("greet"), ("name", S("W")), ("greeting", S("Hi")))),
        ("Point(x=1, y=2)", C(N("Point"), ("x", I(1)), ("y", I(2)))),
        ("f(a=a, b=b)?", ast.Try(NOWHERE, C(N("f"), ("a", N("a")), ("b", N("b"))))),
        ("f(x == 1)", C(N("f"), cmp(N("x"), "==", I(1)))),
        ('copy("a" to, "b")', C(N("copy"), S("a"), S("b"))),
        ("scale(10, 3 by)", C(N("scale"), I(10), I(3))),
        ('fmt.with {"k": 1}', C(ast.Attribute(NOWHERE, N("fmt"), "with"),
                                ast.DictLit(NOWHERE, (ast.DictEntry(NOWHERE, S("k"), I(1)),)))),
        ("fmt.with {}", C(ast.Attribute(NOWHERE, N("fmt"), "with"), ast.DictLit(NOWHERE, ()))),
    ],
)
def test_call_forms(src, call):
    assert expr(src) == call


def test_name_ending_in_a_clause_word_is_one_name():
    s = stmt("val r = result_ce_for([], fn(item):\n    item\n)\n")
    assert s.value.func == N("result_ce_for")


def test_call_site_label_on_parameters_is_dropped():
    f = stmt("fn transfer(amount, src from, dst to = 1):\n    amount\n")
    assert [p.name for p in f.params] == ["amount", "src", "dst"]
    assert f.params[2].default == I(1)


def test_numbers_with_runs_of_underscores():
    assert expr("100__000") == I(100000)
    assert expr("0xff__ff") == I(0xFFFF)


# ---------------------------------------------------------------- patterns


def test_struct_pattern_with_type_name():
    pat = match_pattern("match p:\n    case Point { x: 0, y, z: .., .. }: 1\n")
    assert pat == ast.StructPat(NOWHERE, ("Point",), (("x", Lit(I(0))), ("y", Cap("y")), ("z", W())))


@pytest.mark.parametrize(
    "src, start, end, inclusive",
    [("1..=10", I(1), I(10), True), ("1..10", I(1), I(10), False), ("0..", I(0), None, False)],
)
def test_range_patterns(src, start, end, inclusive):
    m = stmt(f"match x:\n    case {src} if x > 0: 1\n").expr
    assert m.arms[0].pattern == ast.RangePat(NOWHERE, start, end, inclusive)
    assert m.arms[0].guard == cmp(N("x"), ">", I(0))


# ---------------------------------------------------------------- statements


@pytest.mark.parametrize("word", ["pass", "pass_todo", "pass_dn", "pass_do_nothing"])
def test_pass_with_message(word):
    assert stmt(f'{word}("later")') == ast.Pass(NOWHERE, word)


def test_suspension_forms_are_the_plain_forms():
    assert body("x ~= f()\n") == body("x = f()\n")
    assert body("if~ a:\n    b()\n") == body("if a:\n    b()\n")
    assert body("while~ a:\n    b()\n") == body("while a:\n    b()\n")
    assert body("for~ i in xs:\n    b()\n") == body("for i in xs:\n    b()\n")


def test_spec_tag_words_become_a_tag_list():
    call = stmt('it "name", skip:\n    pass\n').expr
    assert call.args[0].value == S("name")
    assert call.args[1] == ast.Arg(NOWHERE, "tag", ast.ListLit(NOWHERE, (S("skip"),)))


def test_rspec_to_forms():
    plain = stmt("expect(x).to_equal(4)\n")
    assert stmt("expect(x).to eq(4)\n") == plain
    assert stmt("expect x to eq(4)\n") == plain
    assert stmt("expect(x).to equal(4)\n") == plain
    negated = stmt("expect(x).not_to eq(4)\n").expr
    assert negated.func.value.func.name == "not_"


def test_associated_types_in_trait_and_impl():
    t = stmt("trait C:\n    type Item\n    fn get() -> i64\n")
    assert [m.name for m in t.methods] == ["get"]
    i = stmt("impl<K> C for Box<K> where K: Eq:\n    type Item = i64\n    fn get() -> i64:\n        1\n")
    assert (i.trait, i.target, [m.name for m in i.methods]) == ("C", "Box", ["get"])


def test_struct_where_clause():
    assert stmt("struct Node<K> where K: Eq:\n    key: K\n").name == "Node"


def test_multi_line_block_comment_at_line_start():
    assert body("/*\nnote\n  /* nested */\n*/\nx = 1\n") == body("x = 1\n")


def test_contracts_become_asserts():
    f = stmt("fn f(x) -> i64:\n    in:\n        x > 0\n    out(r):\n        r > x\n    x + 1\n")
    pre, inner, let, post, ret = f.body
    assert pre == ast.Assert(NOWHERE, cmp(N("x"), ">", I(0)), S("precondition (in:)"))
    assert type(inner) is ast.FuncDef and inner.body == (E(B("+", N("x"), I(1))),)
    assert let.target == Cap("r") and post.cond == cmp(N("r"), ">", N("x"))
    assert ret == ast.Return(NOWHERE, N("r"))


def test_contract_after_code_is_an_error():
    e = error("fn f(x):\n    x\n    in:\n        x > 0\n")
    assert "contracts go at the start of a function body" in str(e)


def test_expect_after_a_blank_takes_the_whole_expression():
    whole = stmt("expect (-5) + 3 == -2\n").expr
    assert whole.func == N("expect") and len(whole.args) == 1
    assert type(whole.args[0].value) is ast.Compare
    assert stmt("expect(x).to_equal(1)\n").expr.func.name == "to_equal"


@pytest.mark.parametrize(
    "src, lower, upper, inclusive",
    [("xs[1..]", I(1), None, False), ("xs[..2]", None, I(2), False), ("xs[..=2]", None, I(2), True)],
)
def test_open_range_subscript(src, lower, upper, inclusive):
    assert expr(src).index == ast.Range(NOWHERE, lower, upper, inclusive)


def test_closed_range_subscript_stays_a_range():
    assert type(expr("xs[1..3]").index) is ast.Range


def test_walrus_binds_a_name_loosest():
    w = expr("(n := a + 1) > 3").left
    assert w == ast.Walrus(NOWHERE, "n", B("+", N("a"), I(1)))


def test_walrus_needs_a_plain_name():
    assert "':=' binds a plain name" in str(error("x = (a.b := 1)\n"))


def test_open_ended_range_in_parentheses():
    assert stmt("for i in (1..):\n    break\n").iter == ast.Range(NOWHERE, I(1), None, False)


def test_escaped_quotes_inside_an_interpolation_are_a_nested_string():
    s = expr('"{join(w, \\",\\")}!"')
    assert s.parts[0].expr == C(N("join"), N("w"), S(","))
    assert s.parts[1] == "!"


def test_expect_method_matchers_stay_method_calls():
    plain = stmt("expect(x).to_equal(1)\n")
    assert stmt("expect (x).to_equal(1)\n") == plain
    assert stmt("expect(1 + 1).to_equal(2)\n").expr.func.value == C(N("expect"), B("+", I(1), I(1)))
