"""Compile-time hints for `print [..]`, `print -x`, and `print (x).m()` (spl2py/lower/hints.py)."""

from __future__ import annotations

import textwrap

import pytest

from spl2py.diagnostics import CompileError
from spl2py.lower import lower_module
from spl2py.syntax import parse


def compile_error(body: str) -> CompileError:
    src = "fn main():\n" + textwrap.indent(textwrap.dedent(body), "    ")
    with pytest.raises(CompileError) as info:
        lower_module(parse(src, "t.spl"))
    return info.value


def compiles(src: str) -> None:
    lower_module(parse(textwrap.dedent(src), "t.spl"))


@pytest.mark.parametrize("line, message, fix", [
    ("print [1, 2, 3].len()", "`print [...]` indexes the function print", "print([a].b())"),
    ("print [1, 2][0]", "`print [...]` indexes the function print", "print([a].b())"),
    ("print -10 / 3", "`print - ...` applies - to the function print", "print(-x)"),
    ("println -1", "`println - ...` applies - to the function println", "println(-x)"),
    ("print (-5).abs()", "this applies `.abs` to what print(...) returns (nil)", "print((a).b())"),
    ("print (1 + 2) * 3", "this applies `* b` to what print(...) returns (nil)", "print((a) * b)"),
    ("eprint (1)[0]", "this applies `[i]` to what eprint(...) returns (nil)", "eprint((a)[i])"),
])
def test_printed_operand_gets_a_hint_at_its_line(line, message, fix):
    err = compile_error("val x = 1\n" + line + "\n")
    d = err.diagnostics[0]
    assert d.message == message
    assert fix in d.hint
    assert d.span.line == 3


def test_the_intended_forms_compile():
    compiles("""\
        fn main():
            print([1, 2, 3].len())
            print(-10 / 3)
            print((-5).abs())
            print "a"
            print 1 - 2
            print(if true: 1 else: 2)
    """)


def test_a_local_print_is_not_the_builtin():
    compiles("""\
        fn main():
            val print = [1, 2]
            val p = print[0]
            print[1]
    """)

