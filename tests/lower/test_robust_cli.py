"""check, run, emit and build agree on hostile programs (issue #15): the same exit code, the same
located message, never a Python traceback; an accepted program prints the same under run and build.

The minimal reproducers live in robust_corpus/ (bad/: those rejected by the parser) (first line: ``# error: MESSAGE`` or ``# output: TEXT``);
the deep-nesting cases are generated here.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from spl2py.cli import app
from spl2py.syntax.limits import MAX_BLOCK_DEPTH, MAX_EXPR_DEPTH, MAX_LOOP_DEPTH

CORPUS = Path(__file__).parent / "robust_corpus"
REPO = Path(__file__).resolve().parents[2]


def nested(header: str, depth: int) -> str:
    lines = ["fn main():"] + ["    " * (i + 1) + header for i in range(depth)]
    return "\n".join(lines + ["    " * (depth + 1) + "print(1)"]) + "\n"


def calls(depth: int) -> str:
    return "fn f(x):\n    x\nfn main():\n    print(" + "f(" * depth + "1" + ")" * depth + ")\n"


def functions(depth: int) -> str:
    defs = "".join("    " * i + f"fn f{i}():\n" for i in range(depth))
    return defs + "    " * depth + "1\nfn main():\n    print(1)\n"


def defers(depth: int) -> str:
    body = "".join("    " * (i + 1) + "defer:\n" for i in range(depth))
    return "fn main():\n" + body + "    " * (depth + 1) + "print(1)\n    print(0)\n"


BLOCKS = f"blocks nested too deeply (limit {MAX_BLOCK_DEPTH})"
LOOPS = f"loops nested too deeply (limit {MAX_LOOP_DEPTH}"
EXPRS = f"expression nested too deeply (limit {MAX_EXPR_DEPTH})"

GENERATED = {
    "loops_21": (nested("for i in 0..1:", 21), "error", LOOPS),
    "loops_at_limit": (nested("for i in 0..1:", MAX_LOOP_DEPTH), "output", "1"),
    "ifs_100": (nested("if true:", 100), "error", BLOCKS),
    "ifs_300": (nested("if true:", 300), "error", BLOCKS),
    "ifs_at_limit": (nested("if true:", MAX_BLOCK_DEPTH - 2), "output", "1"),
    "calls_201": (calls(201), "error", EXPRS),
    "calls_at_limit": (calls(MAX_EXPR_DEPTH - 2), "output", "1"),
    "fns_100": (functions(100), "error", BLOCKS),
    "defers_20": (defers(20), "error", LOOPS),
    "defers_at_limit": (defers(MAX_LOOP_DEPTH - 1), "output", "0\n1"),
}


def corpus_cases():
    for path in sorted(CORPUS.rglob("*.spl")):  # bad/: files that do not parse
        text = path.read_text(encoding="utf-8")
        kind, _, expected = text.splitlines()[0].removeprefix("# ").partition(": ")
        yield pytest.param(text, kind, expected, id=path.stem)


def generated_cases():
    for name, (text, kind, expected) in GENERATED.items():
        yield pytest.param(text, kind, expected, id=name)


@pytest.fixture(autouse=True)
def _isolated(monkeypatch, tmp_path):
    monkeypatch.setenv("SPL2PY_NO_CACHE", "1")
    monkeypatch.delenv("SIMPLE_LIB", raising=False)
    monkeypatch.chdir(tmp_path)


@pytest.mark.parametrize("text, kind, expected", [*corpus_cases(), *generated_cases()])
def test_every_command_agrees(tmp_path, text, kind, expected):
    (tmp_path / "prog.spl").write_text(text, encoding="utf-8")
    runner = CliRunner()
    results = {
        "check": runner.invoke(app, ["check", "prog.spl"]),
        "run": runner.invoke(app, ["run", "prog.spl"]),
        "emit": runner.invoke(app, ["emit", "prog.spl"]),
        "build": runner.invoke(app, ["build", "prog.spl", "-o", "out", "--jobs", "1"]),
    }
    for command, result in results.items():
        output = result.output
        assert "Traceback" not in output, (command, output)
        assert result.exception is None or isinstance(result.exception, SystemExit), (command, result.exception)
        assert result.exit_code == (1 if kind == "error" else 0), (command, output)
        if kind == "error":
            assert f"error: {expected}" in output, (command, output)
            assert "prog.spl:" in output, (command, output)  # located
    if kind == "output":
        assert results["run"].output.strip() == expected
        env = {**os.environ, "PYTHONPATH": str(REPO)}
        built = subprocess.run([sys.executable, "out/prog.py"], capture_output=True, text=True, env=env, timeout=60)
        assert (built.returncode, built.stdout.strip()) == (0, expected), built.stderr
