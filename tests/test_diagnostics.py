"""Rendering of diagnostics: the printed source line and caret match the position, whatever the file holds."""

from __future__ import annotations

import pytest

from spl2py.diagnostics import CompileError, Diagnostic, Span, source_line
from spl2py.syntax import parse


def rendered(source: str) -> str:
    with pytest.raises(CompileError) as info:
        parse(source, "t.spl")
    return info.value.render()


@pytest.mark.parametrize("odd", ["\u2028", "\u2029", "\x0b", "\x0c", "\x1c", "\x85"])
def test_line_separators_python_knows_do_not_end_a_line(odd):
    source = f"# a{odd}b{odd}c\nval x = 1\nval y = (2 +\n"
    assert source_line(source, 3) == "val y = (2 +"
    assert source_line(source, 1) == f"# a{odd}b{odd}c"
    assert rendered(source) == "t.spl:3:9: error: '(' was never closed\n    val y = (2 +\n            ^"


def test_carriage_returns_end_lines_as_the_layout_pass_counts_them():
    source = "val a = 1\r\nval b = 2\rval c = (3 +\r\n"
    assert [source_line(source, n) for n in (1, 2, 3, 4)] == ["val a = 1", "val b = 2", "val c = (3 +", None]
    assert rendered(source).startswith("t.spl:3:9: error: '(' was never closed\n    val c = (3 +\n")


@pytest.mark.parametrize("source", ["fn f():", "val x = 1 +", "match x:\n    case", "val x = (1 + 2"])
def test_missing_final_newline_does_not_shift_the_column(source):
    assert rendered(source) == rendered(source + "\n")


def test_a_column_past_the_end_of_its_line_is_shown_after_its_last_character():
    d = Diagnostic(Span("t.spl", 1, 12), "expected an indented block")
    assert d.render("fn f():") == "t.spl:1:8: error: expected an indented block\n    fn f():\n           ^"
    assert d.render(None) == "t.spl:1:12: error: expected an indented block"  # no source: as given


def test_line_after_the_last_is_not_shown():
    d = Diagnostic(Span("t.spl", 3, 1), "unexpected end of file", hint="close the block")
    assert d.render("a\nb\n") == "t.spl:3:1: error: unexpected end of file\n    close the block"
