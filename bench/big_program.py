"""One huge generated program (~5 MB, ~228k lines of small functions): check, run-cold and build.

Each step runs in its own process (cache off), timed, with its peak memory (max RSS of the child:
``resource.getrusage(RUSAGE_CHILDREN)`` read by a fresh wrapper process per step). Prints the
figures and the ratios check/run and build/run (goal: build <= 2x run-cold). Figures only.

    /work/venv/bin/python bench/big_program.py [--lines 228000] [--tree PATH_OF_AN_SPL2PY_CHECKOUT]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

FN_LINES = 4


def program_text(lines: int) -> str:
    """``lines // 4`` functions of four lines each, and a ``main`` that calls a few of them."""
    count = max(1, lines // FN_LINES)
    out = []
    for i in range(count):
        out += [
            f"fn step_{i}(x: i64) -> i64:",
            f"    val y = x * {i % 97 + 1} + {i}",
            "    if y > 1000: y - 1000 else: y + 1",
            "",
        ]
    out += ["fn main():", f"    print step_0(1) + step_{count - 1}(2)", ""]
    return "\n".join(out)


WRAPPER = r"""
import json, resource, subprocess, sys, time
t = time.perf_counter()
r = subprocess.run(sys.argv[1:], capture_output=True, text=True)
seconds = time.perf_counter() - t
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # KiB on Linux
print(json.dumps({"rc": r.returncode, "seconds": seconds, "peak_mib": peak / 1024, "err": r.stderr[-400:]}))
"""


def measure(tree: Path, *args: str, cwd: Path) -> dict:
    env = {**os.environ, "PYTHONPATH": str(tree), "SPL2PY_NO_CACHE": "1"}
    cmd = [sys.executable, "-c", WRAPPER, sys.executable, "-m", "spl2py", *args]
    done = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=228_000)
    parser.add_argument("--tree", type=Path, default=REPO, help="the spl2py checkout to measure")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "simple.sdn").write_text("")
        source = program_text(args.lines)
        (folder / "big.spl").write_text(source)
        print(f"program: {source.count(chr(10))} lines, {len(source) / 1e6:.1f} MB ({args.tree})")
        steps = {
            "check": measure(args.tree, "check", "big.spl", cwd=folder),
            "run-cold": measure(args.tree, "run", "big.spl", cwd=folder),
            "build": measure(args.tree, "build", "big.spl", "-o", "out", "-j", "1", "--no-cache", cwd=folder),
        }
        for name, m in steps.items():
            status = "ok" if m["rc"] == 0 else f"exit {m['rc']}: {m['err'].strip()[-200:]}"
            print(f"{name:<9} {m['seconds']:8.2f} s  peak {m['peak_mib']:7.0f} MiB  {status}")
        run = steps["run-cold"]["seconds"]
        print(f"ratios: check/run {steps['check']['seconds'] / run:.2f}x, build/run {steps['build']['seconds'] / run:.2f}x"
              " (goal: build <= 2x)")


if __name__ == "__main__":
    main()
