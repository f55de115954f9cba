"""Syntax errors: exact message, location and caret for common mistakes; never another exception."""

from __future__ import annotations

import textwrap

import pytest
from syntax_helpers import error

from spl2py.diagnostics import CompileError
from spl2py.syntax import parse


def rendered(src: str) -> str:
    return str(error(src))


@pytest.mark.parametrize(
    "src, expected",
    [
        (
            "fn main():\n    if ready\n        go()\n",
            """
            t.spl:2:13: error: expected ':' after if condition
                    if ready
                            ^
            """,
        ),
        (
            "while x > 0\n    x = x - 1\n",
            """
            t.spl:1:12: error: expected ':' after while condition
                while x > 0
                           ^
            """,
        ),
        (
            "fn f(a: i64) -> i64\n    a\n",
            """
            t.spl:1:20: error: expected ':' after function signature
                fn f(a: i64) -> i64
                                   ^
            """,
        ),
        (
            "class A\n    x: i64\n",
            """
            t.spl:1:8: error: expected ':' after class name
                class A
                       ^
            """,
        ),
        (
            "for x xs:\n    pass\n",
            """
            t.spl:1:7: error: expected 'in' after the for target, found 'xs'
                for x xs:
                      ^
            """,
        ),
        (
            "val x = \n",
            """
            t.spl:1:8: error: expected an expression, found end of line
                val x = 
                       ^
            """,
        ),
        (
            "fn main():\n    val y = 2\n    x = (1 + )\n",
            """
            t.spl:3:14: error: expected an expression, found ')'
                    x = (1 + )
                             ^
            """,
        ),
        (
            "fn main():\n    val x = foo(1,, 2)\n",
            """
            t.spl:2:19: error: expected an expression or ')', found ','
                    val x = foo(1,, 2)
                                  ^
            """,
        ),
        (
            "x = 1\n  y = 2\n",
            """
            t.spl:2:3: error: unexpected indent
                  y = 2
                  ^
                only a line ending with ':' opens an indented block
            """,
        ),
        (
            "fn f():\npass\n",
            """
            t.spl:2:1: error: expected an indented block after 'fn'
                pass
                ^
            """,
        ),
        (
            "x = [1, 2\ny = 3\n",
            """
            t.spl:1:5: error: '[' was never closed
                x = [1, 2
                    ^
            """,
        ),
        (
            'print "abc\n',
            '''
            t.spl:1:7: error: unterminated string literal
                print "abc
                      ^
                a "..." string ends on its line; use """...""" for several lines
            ''',
        ),
        (
            "x = (1]\n",
            """
            t.spl:1:7: error: closing ']' does not match '(' on line 1
                x = (1]
                      ^
            """,
        ),
        (
            "if x:\n",
            """
            t.spl:1:6: error: expected an indented block after 'if'
                if x:
                     ^
            """,
        ),
        (
            'fn main():\n\tprint "a" "b"\n',
            """
            t.spl:2:12: error: expected ':' or ',' or end of line, found a string
                    print "a" "b"
                              ^
            """,
        ),
        (
            "fn f():\n    print \"{1 +}\"\n",
            """
            t.spl:2:16: error: invalid interpolated expression
                    print "{1 +}"
                               ^
                expected an expression
            """,
        ),
    ],
)
def test_exact_messages(src, expected):
    assert rendered(src) == textwrap.dedent(expected).strip("\n")


def test_error_deep_in_a_function_points_at_the_failing_line():
    src = "fn main():\n" + "".join(f"    x{i} = {i}\n" for i in range(30)) + "    y = 1 +* 2\n"
    d = error(src).diagnostics[0]
    assert (d.span.line, d.span.col) == (32, 12)


def test_source_is_attached_for_rendering():
    e = error("x = )\n")
    assert e.sources == {"t.spl": "x = )\n"}
    assert "x = )" in e.render()


@pytest.mark.parametrize(
    "src",
    [
        "x = " + "(" * 3000 + "1" + ")" * 3000 + "\n",
        "x = " + "[" * 3000 + "]" * 3000 + "\n",
        "x = " + "-" * 5000 + "1\n",
        "".join("    " * i + f"if c{i}:\n" for i in range(400)) + "    " * 400 + "pass\n",
    ],
)
def test_deep_nesting_is_a_compile_error_or_parses(src):
    try:
        parse(src, "t.spl")
    except CompileError as e:
        assert e.diagnostics[0].span.line >= 1


def test_if_as_a_bare_argument_gets_a_hint():
    with pytest.raises(CompileError) as info:
        parse("fn main():\n    print if true: 1 else: 2\n", "t.spl")
    d = info.value.diagnostics[0]
    assert (d.span.line, d.span.col) == (2, 11)
    assert d.hint == "an if expression as an argument needs parentheses: `print(if c: a else: b)`"
