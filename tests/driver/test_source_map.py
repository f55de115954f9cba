"""Built Python carries `# spl:LINE` on each statement: the source map of `build` output."""

from __future__ import annotations

import ast as py
import subprocess
import sys

from spl2py.driver.compile import annotate_lines


def lowered_at(source: str, spl_lines: list[int]) -> py.Module:
    """``source`` parsed, with each statement (in walk order) given the next .spl line."""
    module = py.parse(source)
    stmts = [s for s in py.walk(module) if isinstance(s, py.stmt)]
    for stmt, line in zip(stmts, spl_lines, strict=True):
        stmt.lineno = line
    return module


def test_each_statement_gets_its_simple_line():
    text = "def f(x):\n    y = x + 1\n    return y\n"
    out = annotate_lines(text, lowered_at(text, [10, 11, 12]))
    assert out == "def f(x):  # spl:10\n    y = x + 1  # spl:11\n    return y  # spl:12\n"


def test_lines_inside_multiline_strings_and_split_calls_stay_valid():
    text = 'x = """a\nb # not a comment\n"""\nprint(\n    x,\n)\n'
    out = annotate_lines(text, lowered_at(text, [3, 4]))
    # the first statement's line ends inside the string: it gets no mark rather than a broken one
    assert out == 'x = """a\nb # not a comment\n"""\nprint(  # spl:4\n    x,\n)\n'
    assert py.dump(py.parse(out)) == py.dump(py.parse(text))  # comments only


def test_a_runtime_error_in_built_code_shows_the_simple_line(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "boom.spl").write_text('fn main():\n    val xs = [1]\n    print "before"\n    panic("boom")\n')
    out = tmp_path / "out"
    built = subprocess.run(
        [sys.executable, "-m", "spl2py", "build", str(src), "-o", str(out), "--jobs", "1"],
        capture_output=True, text=True, timeout=120,
    )
    assert built.returncode == 0, built.stderr
    ran = subprocess.run([sys.executable, str(out / "boom.py")], capture_output=True, text=True, timeout=60)
    assert ran.returncode != 0 and ran.stdout == "before\n"
    assert 'panic("boom")  # spl:4' in ran.stderr
