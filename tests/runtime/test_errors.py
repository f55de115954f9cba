"""runtime.errors: the one translation table from Python exceptions to Simple's words."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

from runtime import errors
from runtime.errors import ExternError, MatchError, PanicError, describe, simple_name, type_name

ROOT = Path(__file__).resolve().parents[2]


def raised(fn, *args, **kwargs) -> BaseException:
    try:
        fn(*args, **kwargs)
    except BaseException as exc:  # noqa: BLE001 - the test inspects whatever was raised
        return exc
    raise AssertionError("nothing raised")


class P:
    def __init__(self, x, y):
        self.x, self.y = x, y

    def move(self, dx):
        return dx


def test_simple_errors_keep_their_words():
    assert describe(PanicError("bad")) == "panic: bad"
    assert describe(MatchError("no match arm for 3 (line 4)")) == "match error: no match arm for 3 (line 4)"
    assert describe(ExternError("rt_x", "invalid tensor handle 0")) == "extern error: rt_x: invalid tensor handle 0"
    assert describe(ZeroDivisionError("integer division or modulo by zero")) == "division by zero"
    assert describe(RecursionError("maximum recursion depth exceeded")) == "stack overflow: recursion too deep"


def test_bad_calls_name_the_callee_with_its_parameters():
    assert describe(raised(lambda: P(1, 2, z=3))) == "unknown argument z for P(x, y)"
    assert describe(raised(lambda: P(1))) == "missing argument y for P(x, y)"
    assert describe(raised(lambda: P())) == "missing arguments x, y for P(x, y)"
    assert describe(raised(lambda: P(1, 2, 3))) == "too many arguments for P(x, y): expected 2, got 3"
    assert describe(raised(lambda: P(1, x=2))) == "argument x given twice for P(x, y)"
    p = P(1, 2)
    assert describe(raised(lambda: p.move(1, 2))) == "too many arguments for P.move(dx): expected 1, got 2"


def test_python_type_names_become_simple_ones():
    n, xs = 5, [1]
    assert describe(raised(lambda: n(3))) == "i64 value is not a function"
    assert describe(raised(lambda: 1.5 + "a")) == "cannot apply + to f64 and text"
    assert describe(raised(lambda: "a" + 1)) == "cannot apply + to text and i64"
    assert describe(raised(lambda: None < 1)) == "cannot compare nil and i64 with <"
    assert describe(raised(lambda: -"a")) == "cannot apply - to text"
    assert describe(raised(len, 5)) == "i64 value has no length"
    assert describe(raised(lambda: xs[""])) == "list index must be an integer, not text"
    assert describe(raised(lambda: P(1, 2).q)) == "P has no field or method 'q'"
    assert describe(raised(lambda: None.size)) == "nil has no field or method 'size'"
    assert type_name("NoneType") == "nil" and type_name("Point") == "Point"


def test_index_errors_show_index_and_length():
    xs, s, t = [1, 2, 3], "abc", (1,)
    assert describe(raised(lambda: xs[7])) == "index 7 out of range for list of length 3"
    assert describe(raised(lambda: s[-4])) == "index -4 out of range for text of length 3"
    assert describe(raised(lambda: t[1 + 1])) == "index 2 out of range for tuple of length 1"
    p = P([1], 0)
    assert describe(raised(lambda: p.x[p.y + 3])) == "index 3 out of range for list of length 1"

    def store():
        ys = [0]
        ys[4] = 1

    assert describe(raised(store)) == "index 4 out of range for list of length 1"


def test_index_recovery_never_runs_user_code():
    calls = []

    def idx():
        calls.append(1)
        return 9

    class Lazy:
        @property
        def items(self):
            calls.append(2)
            return []

    xs, lazy = [1], Lazy()
    assert describe(raised(lambda: xs[idx()])) == "index out of range"
    assert describe(raised(lambda: lazy.items[0])) == "index out of range"
    assert calls == [1, 2]  # each ran once, when the program ran it


def test_simple_name_undoes_the_renaming_of_keywords_and_reserved_names():
    assert simple_name("class_") == "class"
    assert simple_name("_spl_x_") == "_spl_x"
    assert simple_name("count_") == "count_"


def test_unraisable_errors_of_other_objects_go_to_the_previous_hook(monkeypatch):
    seen = []
    monkeypatch.setattr(errors, "_previous_hook", seen.append)

    class Plain:
        def __del__(self):
            raise ValueError("not Simple's")

    before = errors.drop_failures()
    Plain()
    assert len(seen) == 1 and isinstance(seen[0].exc_value, ValueError)
    assert errors.drop_failures() == before


def test_built_program_with_a_failing_drop_exits_1(tmp_path):
    (tmp_path / "prog.spl").write_text(textwrap.dedent("""\
        class Conn:
            fn drop():
                panic("cannot close")
        fn main():
            val c = Conn()
            print("done")
    """))
    env = {"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}
    build = subprocess.run([sys.executable, "-m", "spl2py", "build", "prog.spl", "-o", "out"], cwd=tmp_path,
                           env=env, capture_output=True, text=True, timeout=120)
    assert build.returncode == 0, build.stderr
    proc = subprocess.run([sys.executable, "out/prog.py"], cwd=tmp_path, env=env, capture_output=True, text=True,
                          timeout=120)
    assert (proc.returncode, proc.stdout) == (1, "done\n")
    assert proc.stderr == "error in Conn.drop(): panic: cannot close\n"
