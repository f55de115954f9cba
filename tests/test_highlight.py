"""The Pygments lexer for Simple: every .spl file of the repository lexes with no Error token."""

from __future__ import annotations


from pathlib import Path

import pytest
from pygments.token import Comment, Error, Keyword, Name, Number, String

from spl2py.highlight import SimpleLexer, highlight_terminal

ROOT = Path(__file__).resolve().parents[1]
SPL_FILES = sorted(
    p for folder in ("examples", "golden", "tests", "runtime/lib") for p in (ROOT / folder).rglob("*.spl")
)


def tokens(code: str) -> list[tuple[object, str]]:
    return [(t, v) for t, v in SimpleLexer().get_tokens(code) if v.strip()]


def test_there_are_files_to_lex():
    assert len(SPL_FILES) > 50


@pytest.mark.parametrize("path", SPL_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_error_tokens(path):
    text = path.read_text(encoding="utf-8")
    errors = [(v, i) for i, (t, v) in enumerate(SimpleLexer().get_tokens(text)) if t in Error]
    assert errors == []


def test_lexing_round_trips_the_text():
    text = (ROOT / "examples/language/classes.spl").read_text()
    assert text.endswith("\n")
    assert "".join(v for _, v in SimpleLexer().get_tokens(text)) == text


def test_what_simple_does_not_have_is_an_error_token():
    assert any(t in Error for t, _ in SimpleLexer().get_tokens("val x = `cmd`\n"))


def test_token_kinds():
    code = 'fn area(r: f64) -> f64:\n    val s = "r={r:.2f} {{x}}"  # note\n    3.0f32 * r /* a /* b */ c */\n'
    toks = tokens(code)
    assert (Keyword.Declaration, "fn") in toks and (Name.Function, "area") in toks
    assert (Keyword.Type, "f64") in toks and (Keyword.Declaration, "val") in toks
    assert (String.Interpol, "{") in toks and (Name, "r") in toks and (String.Escape, "{{") in toks
    assert (Comment.Single, "# note") in toks
    assert (Number.Float, "3.0f32") in toks
    assert [v for t, v in toks if t in Comment.Multiline] == ["/*", " a ", "/*", " b ", "*/", " c ", "*/"]


def test_labels_and_raw_strings():
    toks = tokens("'outer: for x in xs:\n    break 'outer\nprint 'raw {x}'\n")
    assert (Name.Label, "'outer") in toks and (String.Single, "'raw {x}'") in toks


def test_class_names_and_constants():
    toks = tokens("class Point:\n    x: i64\nval p = Point(x: 1) ?? nil\n")
    assert (Name.Class, "Point") in toks and (Keyword.Constant, "nil") in toks


def test_terminal_colouring_adds_escapes():
    assert "\x1b[" in highlight_terminal("fn f(): 1\n")
    assert "\x1b[" in highlight_terminal("def f():\n    return 1\n", language="python")


def test_entry_point_is_declared_in_pyproject():
    tomllib = pytest.importorskip("tomllib")
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert meta["project"]["entry-points"]["pygments.lexers"] == {"simple": "spl2py.highlight:SimpleLexer"}


def test_emit_color_colours_the_python(tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from spl2py.cli import app

    monkeypatch.setenv("SPL2PY_NO_CACHE", "1")
    (tmp_path / "p.spl").write_text("fn f() -> i64:\n    1\n")
    plain = CliRunner().invoke(app, ["emit", str(tmp_path / "p.spl")])
    coloured = CliRunner().invoke(app, ["emit", "--color", str(tmp_path / "p.spl")])
    assert plain.exit_code == coloured.exit_code == 0
    assert "\x1b[" not in plain.output and "\x1b[" in coloured.output
    assert "def f()" in plain.output
