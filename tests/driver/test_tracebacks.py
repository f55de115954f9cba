"""Runtime errors as `spl2py run` and `spl2py test` report them: Simple's words, the same in both."""

from __future__ import annotations

import io
import textwrap
from pathlib import Path

import pytest

from spl2py.driver import testing
from spl2py.driver.run import run_file

PRELUDE = """\
struct P:
    x: i64
    y: i64
class Box:
    items: [i64]
    fn get(i: i64) -> i64:
        self.items[i + 1]
    fn two(a: i64, b: i64) -> i64:
        a + b
enum Shape:
    Circle(r: f64)
fn f(a: i64, b: i64) -> i64:
    a + b
"""

# (the failing statement, the message both `run` and `test` print)
CASES = [
    ("val p = P(x: 1, y: 2, z: 3)", "unknown argument z for P(x, y)"),
    ("val p = P(x: 1)", "missing argument y for P(x, y)"),
    ("f(1)", "missing argument b for f(a, b)"),
    ("f(1, 2, 3)", "too many arguments for f(a, b): expected 2, got 3"),
    ("Box(items: [1]).two(1, 2, 3)", "too many arguments for Box.two(a, b): expected 2, got 3"),
    ("Shape.Circle(1.0, 2.0)", "too many arguments for Shape.Circle(r): expected 1, got 2"),
    ("Shape.Circle()", "missing argument r for Shape.Circle(r)"),
    ("val xs = [1, 2, 3]\n    print(xs[7])", "index 7 out of range for list of length 3"),
    ('val s = "abc"\n    print(s[-9])', "index -9 out of range for text of length 3"),
    ("Box(items: [1, 2]).get(4)", "index 5 out of range for list of length 2"),
    ("var xs = [1]\n    xs[3] = 0", "index 3 out of range for list of length 1"),
    ("val n = 5\n    n(3)", "i64 value is not a function"),
    ("val p = P(x: 1, y: 2)\n    print(p.q)", "P has no field or method 'q'"),
    ("val n = nil\n    print(n.size)", "nil has no field or method 'size'"),
    ('print(1 < "a")', "cannot compare i64 and text with <"),
    ("for x in 2.5:\n        print(x)", "f64 value cannot be iterated"),  # (an int counts 0..n)
    ("val b = true\n    print(b[0])", "bool value cannot be indexed"),
]


# The definitions live in a module of their own: `check` already finds wrong arguments to functions
# of the same module at compile time, and these cases are about the run-time words.
HEADER = "use defs.*\n"


def program(tmp_path: Path, name: str, body: str) -> Path:
    (tmp_path / "defs.spl").write_text(PRELUDE)
    path = tmp_path / name
    path.write_text(HEADER + body)
    return path


@pytest.mark.parametrize("stmt, words", CASES, ids=[w for _, w in CASES])
def test_run_reports_the_error_in_simple_words(tmp_path, capsys, stmt, words):
    path = program(tmp_path, "prog.spl", f"fn main():\n    {stmt}\n")
    assert run_file(path) == 1
    err = capsys.readouterr().err
    assert err.endswith(f"error: {words}\n"), err
    assert "__init__" not in err and "object" not in err


@pytest.mark.parametrize("stmt, words", CASES[:8:3], ids=[w for _, w in CASES[:8:3]])
def test_sspec_failure_says_the_same(tmp_path, stmt, words):
    stmt = stmt.replace("\n    ", "\n        ")
    path = program(tmp_path, "prog_spec.spl", f'describe "d":\n    it "fails":\n        {stmt}\n')
    out = io.StringIO()
    assert testing.run_tests([path], out=out) == 1
    line = len(HEADER.splitlines()) + 3 + stmt.count("\n")
    assert f"prog_spec.spl:{line}: error: {words}\n" in out.getvalue()


def test_sspec_failure_in_library_code_names_the_spec_line_and_the_library_line(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "util.spl").write_text("fn third(xs: [i64]) -> i64:\n    xs[2]\n")
    spec = tmp_path / "util_spec.spl"
    spec.write_text(textwrap.dedent("""\
        use util.{third}
        fn helper() -> i64:
            third([1])
        describe "third":
            it "fails in the library":
                expect(helper()).to_equal(1)
    """))
    out = io.StringIO()
    assert testing.run_tests([spec], out=out) == 1
    assert (
        "util_spec.spl:3: error: index 2 out of range for list of length 1 (raised at util.spl:2)\n"
        in out.getvalue()
    )


def test_true_as_a_tensor_handle_is_an_extern_error_at_the_spl_line(tmp_path, capsys):
    path = tmp_path / "prog.spl"
    path.write_text(textwrap.dedent("""\
        extern fn rt_torch_torchtensor_relu(handle: i64) -> i64
        fn main():
            val h = rt_torch_torchtensor_relu(true)
    """))
    assert run_file(path) == 1
    assert capsys.readouterr().err == (
        "Traceback (most recent call last):\n"
        '  File "' + str(path) + '", line 3, in main\n'
        "    val h = rt_torch_torchtensor_relu(true)\n"
        "error: extern error: rt_torch_torchtensor_relu: argument 'handle' must be i64, got bool true\n"
    )


def test_panic_in_drop_is_reported_and_the_exit_code_is_1(tmp_path, capsys):
    path = tmp_path / "prog.spl"
    path.write_text(textwrap.dedent("""\
        class Conn:
            name: text
            fn drop():
                panic("cannot close {self.name}")
        fn open_one():
            val c = Conn(name: "db")
        fn main():
            open_one()
            print("after")
    """))
    assert run_file(path) == 1
    out, err = capsys.readouterr()
    assert out == "after\n"
    assert err == f"error in Conn.drop() at {path}:4: panic: cannot close db\n"
    assert "Exception ignored" not in err
