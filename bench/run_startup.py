"""Startup cost of ``spl2py run``, and proof that a program using no torch never imports torch.

    .venv/bin/python bench/run_startup.py [--runs N]

1. Times ``spl2py run hello.spl`` on a warm cache against ``python -c pass`` (median of N runs
   each, after one warm-up run that fills the cache) and prints both and their ratio.
2. Runs the same program with a ``torch`` that raises ImportError on import (a shim package first
   on PYTHONPATH) and checks it still succeeds: nothing on the hot path imports torch.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HELLO = 'fn main():\n    print "Hello from Simple!"\n    print "-7 / 2 = {-7 / 2}"\n'
EXPECTED = "Hello from Simple!\n-7 / 2 = -3\n"


def spl2py_cmd() -> list[str]:
    script = Path(sys.executable).parent / "spl2py"
    return [str(script)] if script.exists() else [sys.executable, "-m", "spl2py"]


def timed(cmd: list[str], env: dict, cwd: Path) -> tuple[float, subprocess.CompletedProcess]:
    start = time.perf_counter()
    proc = subprocess.run(cmd, env=env, cwd=cwd, capture_output=True, text=True)
    return time.perf_counter() - start, proc


def median_time(cmd: list[str], env: dict, cwd: Path, runs: int) -> float:
    times = []
    for _ in range(runs):
        seconds, proc = timed(cmd, env, cwd)
        if proc.returncode != 0:
            sys.exit(f"command failed: {' '.join(cmd)}\n{proc.stderr}")
        times.append(seconds)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    opts = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        (work / "hello.spl").write_text(HELLO)
        env = dict(os.environ, SPL2PY_CACHE_DIR=str(work / "cache"), PYTHONPATH=str(ROOT))
        env.pop("SPL2PY_NO_CACHE", None)
        run_cmd = spl2py_cmd() + ["run", "hello.spl"]

        _, warm = timed(run_cmd, env, work)  # fills the cache
        if warm.returncode != 0 or warm.stdout != EXPECTED:
            sys.exit(f"hello.spl did not run as expected:\n{warm.stdout}{warm.stderr}")
        base = median_time([sys.executable, "-c", "pass"], env, work, opts.runs)
        spl = median_time(run_cmd, env, work, opts.runs)
        print(f"python -c pass            median {base * 1000:7.1f} ms  ({opts.runs} runs)")
        print(f"spl2py run hello.spl      median {spl * 1000:7.1f} ms  (warm cache)")
        print(f"ratio                     {spl / base:7.1f} x")

        shim = work / "no_torch"
        (shim / "torch").mkdir(parents=True)
        (shim / "torch" / "__init__.py").write_text('raise ImportError("torch is blocked by run_startup.py")\n')
        blocked = dict(env, PYTHONPATH=os.pathsep.join([str(shim), str(ROOT)]))
        check = [sys.executable, "-c", "import torch"]
        if subprocess.run(check, env=blocked, capture_output=True).returncode == 0:
            sys.exit("the torch shim did not take effect")
        _, proc = timed(run_cmd, blocked, work)
        ok = proc.returncode == 0 and proc.stdout == EXPECTED
        print(f"no torch import           {'ok' if ok else 'FAILED'} (run succeeds with torch unimportable)")
        if not ok:
            print(proc.stdout + proc.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
