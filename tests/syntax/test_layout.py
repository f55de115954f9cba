"""The layout pass: markers, continuation lines, comments, and the line/column map."""

from __future__ import annotations

import textwrap

import pytest
from syntax_helpers import B, C, E, I, N, S, block_arg, body, error, expr, stmt

from spl2py.syntax import ast, parse
from spl2py.syntax.layout import DEDENT, INDENT, STRING, layout


def marked(source: str) -> str:
    """The marked text with readable markers."""
    text = layout(textwrap.dedent(source), "t.spl").text
    return text.replace(INDENT, "<I>").replace(DEDENT, "<D>").replace(STRING, "<S>")


def test_blocks_become_indent_and_dedent_markers():
    assert marked("if a:\n    b\nc\n") == "if a:\n<I>b\n<D>\nc\n"


def test_blank_whitespace_only_and_comment_lines_produce_nothing():
    src = "if a:\n    b\n    \n\n        # deeper comment\n    c\n"
    assert marked(src) == "if a:\n<I>b\nc\n<D>\n"


def test_tab_counts_as_four_columns():
    assert marked("if a:\n\tb\n    c\n") == "if a:\n<I>b\nc\n<D>\n"


def test_dedent_to_an_intermediate_level_gives_dedent_then_indent():
    src = "if a:\n        b\n    c\nd\n"
    assert marked(src) == "if a:\n<I>b\n<D>\n<I>c\n<D>\nd\n"
    assert body(src)[1] == E(N("c"))


def test_brackets_join_lines():
    assert marked("f(a,\n  b,\n)\n") == "f(a, b, )\n"


def test_trailing_operators_continue_the_line():
    assert marked("x = a and\n    b\ny = 1 +\n  2\n") == "x = a and b\ny = 1 + 2\n"
    assert stmt("x = a and\n    b or\n    c\n") == ast.Assign(
        S().span, N("x"), B("or", B("and", N("a"), N("b")), N("c")))


def test_backslash_continues_the_line():
    assert marked("x = a \\\n    + b\n") == "x = a  + b\n"


def test_leading_method_and_pipeline_lines_continue():
    assert marked("obj\n    .a()\n    .b()\nx\n  |> f\n") == "obj .a() .b()\nx |> f\n"


def test_generic_closing_angle_is_not_a_trailing_operator():
    assert marked("type L = List<i64>\nalias V = W\n") == "type L = List<i64>\nalias V = W\n"


def test_glob_star_is_not_a_trailing_operator():
    assert marked("use std.spec.*\nx\n") == "use std.spec.*\nx\n"


def test_lambda_block_inside_brackets_reenables_indentation():
    src = "xs.map(fn(x):\n    x * 2\n)\n"
    assert marked(src) == "xs.map(fn(x):\n<I>x * 2\n<D>)\n"
    lam = expr(src).args[0].value
    assert lam.is_block and lam.body == (E(B("*", N("x"), I(2))),)


def test_lambda_block_closed_by_bracket_on_its_last_line():
    assert marked("f(fn():\n    a)\n") == "f(fn():\n<I>a\n<D>)\n"


def test_nested_block_inside_a_bracketed_lambda():
    src = "f(fn():\n    if c:\n        a\n    b\n, 2)\n"
    assert marked(src) == "f(fn():\n<I>if c:\n<I>a\n<D>\nb\n<D>, 2)\n"


def test_hash_comments_but_not_attributes_or_strings():
    assert marked('#[tag("x")]\nfn f(): "a # b"  # real\n') == "#[tag(<S>)]\nfn f(): <S>\n"


def test_nested_block_comments_and_doc_comments():
    src = "/* a /* b */ c */\nx = 1 /* mid */ + 2\n/// doc\ny\n"
    assert marked(src) == "x = 1 + 2\ny\n"


def test_block_comment_across_lines_joins_code():
    assert expr("f(1 /* one\n two */ , 2)\n") == C(N("f"), I(1), I(2))


def test_triple_quoted_string_spans_lines():
    assert marked('x = """a\n  b"""\ny\n') == "x = <S>\ny\n"


def test_unclosed_bracket_is_reported_at_the_bracket():
    e = error("x = foo(1,\n  2\n")
    assert e.diagnostics[0].message == "'(' was never closed"
    assert (e.diagnostics[0].span.line, e.diagnostics[0].span.col) == (1, 8)


def test_mismatched_bracket():
    e = error("x = [1, 2)\n")
    assert e.diagnostics[0].message == "closing ')' does not match '[' on line 1"


def test_unexpected_indent():
    e = error("x = 1\n    y = 2\n")
    assert e.diagnostics[0].message == "unexpected indent"
    assert e.diagnostics[0].span.line == 2


def test_unterminated_block_comment():
    assert error("x = 1 /* never\nclosed\n").diagnostics[0].message == "unterminated block comment"


def test_spans_are_real_lines_and_columns():
    src = 'fn main():\n    val s = "ab" + f(\n        xyz)\n'
    f = parse(src, "t.spl").body[0]
    let = f.body[0]
    assert (let.span.line, let.span.col) == (2, 5)
    call = let.value.right
    assert (call.span.line, call.span.col) == (2, 20)
    arg = call.args[0].value
    assert (arg.span.line, arg.span.col) == (3, 9)


def test_spans_after_a_string_and_a_tab():
    src = 'if c:\n\tprint "ab", x\n'
    call = parse(src, "t.spl").body[0].expr.branches[0][1][0].expr
    assert (call.args[1].value.span.line, call.args[1].value.span.col) == (2, 14)


def test_crlf_and_bom_are_accepted():
    assert parse("\ufeffx = 1\r\ny = 2\r\n", "t.spl").body[1].span.line == 2


def test_else_after_inline_if_on_the_next_line():
    s = stmt("if c: a\nelse: b\n")
    assert s == E(ast.If(S().span, ((N("c"), (E(N("a")),)),), (E(N("b")),)))


def test_colon_block_call_body_is_a_block_lambda():
    assert expr('describe "x":\n    it "y":\n        pass\n') == C(
        N("describe"), S("x"), block_arg(E(C(N("it"), S("y"), block_arg(ast.Pass(S().span, "pass"))))))


@pytest.mark.parametrize("src", ["\n", "", "   \n\t\n", "# only a comment\n", "/* c */\n"])
def test_empty_files(src):
    assert parse(src, "t.spl").body == ()


def test_lambda_block_inside_a_dict_literal():
    src = 'val m = {\n    "a": fn(x):\n        val y = x + 1\n        y\n    ,\n    "b": 2,\n}\n'
    lam = stmt(src).value.entries[0].value
    assert lam.is_block and len(lam.body) == 2


def test_colon_at_line_end_inside_braces_is_a_dict_value():
    assert stmt('val d = {"a":\n    1}\n').value.entries[0].value == I(1)
