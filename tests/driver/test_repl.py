"""``spl2py repl`` through a pseudo-terminal (readline active), and its pieces in-process."""

from __future__ import annotations

import contextlib
import io
import os
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest

from spl2py.driver.repl import Session, needs_more, read_input

ROOT = Path(__file__).resolve().parents[2]

pty = pytest.importorskip("pty")


class Terminal:
    """A child process on a pseudo-terminal: send lines, wait for text (bounded), always reaped."""

    def __init__(self, args: list[str], cwd: Path, env: dict):
        self.master, slave = pty.openpty()
        self.proc = subprocess.Popen(args, cwd=cwd, env=env, stdin=slave, stdout=slave, stderr=slave, close_fds=True)
        os.close(slave)
        self.seen = ""

    def expect(self, text: str, timeout: float = 60.0) -> str:
        """Read until ``text`` appears; everything read up to and including it."""
        deadline = time.monotonic() + timeout
        while text not in self.seen:
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"timed out waiting for {text!r}; output so far:\n{self.seen}")
            ready, _, _ = select.select([self.master], [], [], left)
            if ready:
                try:
                    chunk = os.read(self.master, 4096).decode(errors="replace")
                except OSError:  # the child closed the terminal
                    chunk = ""
                if not chunk:
                    raise AssertionError(f"the REPL ended before {text!r}; output:\n{self.seen}")
                self.seen += chunk.replace("\r\n", "\n")
        head, _, rest = self.seen.partition(text)
        self.seen = rest
        return head + text

    def send(self, line: str) -> None:
        os.write(self.master, (line + "\n").encode())

    def close(self) -> int:
        try:
            return self.proc.wait(timeout=20)
        finally:
            if self.proc.poll() is None:
                self.proc.kill()
                self.proc.wait()
            os.close(self.master)


@pytest.fixture
def terminal(tmp_path):
    env = {"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "TERM": "dumb", "HOME": str(tmp_path),
           "SPL2PY_NO_CACHE": "1", "SPL2PY_HISTORY": str(tmp_path / "history")}
    term = Terminal([sys.executable, "-m", "spl2py", "repl"], tmp_path, env)
    yield term
    if term.proc.poll() is None:
        term.proc.kill()
        term.proc.wait()


def test_multiline_class_an_error_and_history(terminal, tmp_path):
    terminal.expect("spl> ")
    for line in ["class Counter:", "    n: i64 = 0", "    me bump() -> i64:", "        self.n = self.n + 1",
                 "        self.n", ""]:
        terminal.send(line)
    terminal.expect("spl> ")
    terminal.send("val c = Counter()")
    terminal.expect("spl> ")
    terminal.send("c.bump() + c.bump()")
    assert "\n3\n" in terminal.expect("spl> ")
    terminal.send("c.missing()")
    shown = terminal.expect("spl> ")
    assert "error: Counter has no field or method 'missing'" in shown
    assert '<repl-4>.spl", line 1' in shown
    terminal.send("val = 1")
    assert "<repl-5>.spl:1:5: error:" in terminal.expect("spl> ")
    terminal.send("c")  # still alive, state kept after both errors
    assert "Counter(n: 2)" in terminal.expect("spl> ")
    terminal.send(":quit")
    assert terminal.close() == 0
    history = (tmp_path / "history").read_text()
    assert "c.bump() + c.bump()" in history


def test_help_and_end_of_input(terminal):
    terminal.expect("spl> ")
    terminal.send(":help")
    assert ":quit" in terminal.expect("spl> ")
    os.write(terminal.master, b"\x04")  # Ctrl-D
    assert terminal.close() == 0


def run_inputs(*inputs: str) -> tuple[str, str]:
    session, out, err = Session(), io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out):  # `print` writes to sys.stdout
        for text in inputs:
            session.run(text, out, err)
    return out.getvalue(), err.getvalue()


def test_values_are_shown_as_simple_writes_them():
    out, err = run_inputs('"a" + "b"\n', "[1, nil, true]\n", '{"k": 1.5}\n', "-7 / 2\n", 'print "side"\n', "nil\n")
    assert err == ""
    assert out == '"ab"\n[1, nil, true]\n{"k": 1.5}\n-3\nside\n'


def test_struct_copies_class_shares():
    out, err = run_inputs(
        "struct S:\n    a: i64\n", "class C:\n    a: i64\n",
        "val s1 = S(a: 1)\n", "var s2 = s1\n", "s2.a = 5\n", "s1.a\n",
        "val c1 = C(a: 1)\n", "val c2 = c1\n", "c2.a = 5\n", "c1.a\n",
    )
    assert (out, err) == ("1\n5\n", "")


def test_use_works_from_the_current_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "util.spl").write_text("fn triple(n: i64) -> i64:\n    n * 3\n")
    out, err = run_inputs("use util.{triple}\n", "triple(4)\n", "use util.{triple}\n", "triple(5)\n")
    assert (out, err) == ("12\n15\n", "")


def test_block_input_reading():
    lines = iter(["", "fn f() -> i64:", "    1", "", "f()"])
    assert read_input(lambda prompt: next(lines)) == "fn f() -> i64:\n    1\n"
    assert read_input(lambda prompt: next(lines)) == "f()\n"
    assert needs_more("val xs = [1,\n") and not needs_more("val xs = [1]\n") and needs_more("if x:\n")
