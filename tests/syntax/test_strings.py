"""String literals: every form, escapes, interpolation and format specs."""

from __future__ import annotations

import pytest
from syntax_helpers import A, B, C, I, N, S, error, expr

from spl2py.syntax import ast


def interp(e, spec=None):
    from syntax_helpers import NOWHERE

    return ast.Interp(NOWHERE, e, spec)


@pytest.mark.parametrize(
    "src, parts",
    [
        ('"plain"', ("plain",)),
        ('""', ()),
        ('"a {x} b"', ("a ", interp(N("x")), " b")),
        ('"{x}"', (interp(N("x")),)),
        ('"{x:.2f}"', (interp(N("x"), ".2f"),)),
        ('"{n:,} items"', (interp(N("n"), ","), " items")),
        ('"[{s:<6}|{s:>6}|{s:^5}]"', ("[", interp(N("s"), "<6"), "|", interp(N("s"), ">6"), "|", interp(N("s"), "^5"), "]")),
        ('"{a + b * 2}"', (interp(B("+", N("a"), B("*", N("b"), I(2)))),)),
        ('"{xs.join("-")}"', (interp(C(A(N("xs"), "join"), S("-"))),)),
        ('"{x ?? "d"}"', (interp(B("??", N("x"), S("d"))),)),
        ('"{p * 4 / 1024:.2f} MB"', (interp(B("/", B("*", N("p"), I(4)), I(1024)), ".2f"), " MB")),
        ('"{{literal}}"', ("{literal}",)),
        ('"\\{not} \\}"', ("{not} }",)),
        ('"empty {} stays"', ("empty {} stays",)),
        ('"json {\\"a\\": 1}"', ('json {"a": 1}',)),
        ('"a { b"', ("a { b",)),
        ('"lone } brace"', ("lone } brace",)),
        ('"\\d\\:\\/\\.\\-"', ("d:/.-",)),
        ('"tab\\tnl\\nq\\"bs\\\\"', ('tab\tnl\nq"bs\\',)),
        ('"\\x41\\u0042\\u{1F600}\\101\\0"', ("AB\U0001F600A\0",)),
        ("'raw {x} \\n'", ("raw {x} \\n",)),
        ("'it\\'s'", ("it's",)),
        ('r"raw {x} \\n"', ("raw {x} \\n",)),
        ('"""raw {x}\n  two \\n lines"""', ("raw {x}\n  two \\n lines",)),
        ('f"""v={x}\nnext\\t"""', ("v=", interp(N("x")), "\nnext\t")),
        ('f"{x}"', (interp(N("x")),)),
        ('"✓ 示意 {x}"', ("✓ 示意 ", interp(N("x")))),
        ('"{if c: 1 else: 2}"', (interp(ast.If(S().span, ((N("c"), (ast.ExprStmt(S().span, I(1)),)),), (ast.ExprStmt(S().span, I(2)),))),)),
    ],
)
def test_string_forms(src, parts):
    assert expr(src) == S(*parts)


def test_hash_inside_a_string_is_not_a_comment():
    assert expr('"a # b"  # a real comment') == S("a # b")


def test_interpolation_spans_point_into_the_string():
    from spl2py.syntax import parse

    s = parse('print "ab {value}"\n', "t.spl").body[0].expr.args[0].value
    assert s.parts[1].expr.span.col == 12
    assert s.parts[1].span.line == 1


def test_nested_interpolated_string_inside_interpolation():
    assert expr('"{f("{y}")}"') == S(interp(C(N("f"), S(interp(N("y"))))))


def test_string_pattern_cannot_interpolate():
    e = error('match x:\n    "a{b}": 1\n')
    assert "cannot interpolate" in str(e)


@pytest.mark.parametrize(
    "src, message",
    [
        ('x = "abc\n', "unterminated string literal"),
        ('x = "\\x4"\n', "invalid escape '\\x'"),
        ('x = "\\u{110000}"\n', "invalid escape '\\u'"),
        ('x = """never closed\n', "unterminated string literal"),
        ("x = 'abc\n", "unterminated string literal"),
        ('x = "a{b}"_ip\n', "a typed string literal cannot interpolate"),
    ],
)
def test_bad_strings_are_compile_errors(src, message):
    assert message in str(error(src))


def test_brace_before_a_quote_is_literal():
    from syntax_helpers import B as Bin

    assert expr('"{" + x + "}"') == Bin("+", Bin("+", S("{"), N("x")), S("}"))
