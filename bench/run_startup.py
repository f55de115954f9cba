"""Start-up cost of ``spl2py run`` and ``spl2py check``, and proof that a program using no torch never imports torch.

    .venv/bin/python bench/run_startup.py [--runs N] [--importtime]

1. Times, in one run and interleaved round by round (so a busy machine slows all alike):
   ``python -c pass`` (the baseline); ``spl2py run hello.spl`` and ``spl2py check hello.spl`` on a
   warm cache (nothing parsed); ``spl2py check`` of a file edited before each run (the cache serves
   the grammar, the file is parsed, resolved, lowered and compiled); and ``spl2py check`` with the
   cache off (``SPL2PY_NO_CACHE=1``: the grammar is built too). Prints each median of N runs and its
   ratio to the baseline. Python may write ``.pyc`` files as an installed package has them
   (``PYTHONDONTWRITEBYTECODE`` is dropped).
2. ``--importtime``: the modules that cost ``run`` and ``check`` most (``python -X importtime``, self time).
3. Runs the same program with a ``torch`` that raises ImportError on import (a shim package first
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


def medians(cases: dict[str, tuple], cwd: Path, runs: int) -> dict[str, float]:
    """Median seconds of each case ``(cmd, env, before)``, the cases run in turn within each of
    ``runs`` rounds; ``before(round)``, when not None, runs untimed before the case."""
    times: dict[str, list[float]] = {name: [] for name in cases}
    for i in range(runs):
        for name, (cmd, env, before) in cases.items():
            if before is not None:
                before(i)
            seconds, proc = timed(cmd, env, cwd)
            if proc.returncode != 0:
                sys.exit(f"command failed: {' '.join(cmd)}\n{proc.stderr}")
            times[name].append(seconds)
    return {name: statistics.median(values) for name, values in times.items()}


def import_offenders(cmd: list[str], env: dict, cwd: Path, top: int = 8) -> str:
    """The ``top`` modules by self import time (``-X importtime``) of one run of ``cmd``."""
    proc = subprocess.run(cmd, env=dict(env, PYTHONPROFILEIMPORTTIME="1"), cwd=cwd, capture_output=True, text=True)
    rows = []
    for line in proc.stderr.splitlines():
        parts = line.removeprefix("import time:").split("|")
        if len(parts) == 3 and parts[0].strip().isdigit():
            rows.append((int(parts[0]), parts[2].strip()))
    rows.sort(reverse=True)
    return ", ".join(f"{name} {us / 1000:.1f}" for us, name in rows[:top]) + " (ms)"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--importtime", action="store_true", help="also list the costliest imports")
    opts = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        (work / "hello.spl").write_text(HELLO)
        edited = work / "edited.spl"
        edited.write_text(HELLO)
        env = dict(os.environ, SPL2PY_CACHE_DIR=str(work / "cache"), PYTHONPATH=str(ROOT))
        for name in ("SPL2PY_NO_CACHE", "PYTHONDONTWRITEBYTECODE", "PYTHONPROFILEIMPORTTIME"):
            env.pop(name, None)
        cold = dict(env, SPL2PY_NO_CACHE="1")
        run_cmd = spl2py_cmd() + ["run", "hello.spl"]
        check_cmd = spl2py_cmd() + ["check", "hello.spl"]

        _, warm = timed(run_cmd, env, work)  # fills the cache (and writes .pyc files)
        if warm.returncode != 0 or warm.stdout != EXPECTED:
            sys.exit(f"hello.spl did not run as expected:\n{warm.stdout}{warm.stderr}")
        timed(check_cmd, env, work)
        edited_cmd = spl2py_cmd() + ["check", "edited.spl"]
        timed(edited_cmd, env, work)  # stores the grammar

        def edit(i: int) -> None:
            edited.write_text(HELLO + f"# edit {i}\n")

        cases = {
            "python -c pass": ([sys.executable, "-c", "pass"], env, None),
            "spl2py run hello.spl": (run_cmd, env, None),
            "spl2py check hello.spl": (check_cmd, env, None),
            "spl2py check edited.spl": (edited_cmd, env, edit),
            "spl2py check (no cache)": (check_cmd, cold, None),
        }
        result = medians(cases, work, opts.runs)
        base = result["python -c pass"]
        notes = {"spl2py run hello.spl": "warm cache", "spl2py check hello.spl": "warm cache",
                 "spl2py check edited.spl": "edited before each run",
                 "spl2py check (no cache)": "SPL2PY_NO_CACHE=1"}
        for name, seconds in result.items():
            ratio = f"{seconds / base:5.1f} x" if name in notes else f"({opts.runs} runs each)"
            note = f"  {notes[name]}" if name in notes else ""
            print(f"{name:26} median {seconds * 1000:7.1f} ms  {ratio}{note}")
        if opts.importtime:
            print(f"imports of run:            {import_offenders(run_cmd, env, work)}")
            print(f"imports of check:          {import_offenders(check_cmd, env, work)}")

        shim = work / "no_torch"
        (shim / "torch").mkdir(parents=True)
        (shim / "torch" / "__init__.py").write_text('raise ImportError("torch is blocked by run_startup.py")\n')
        blocked = dict(env, PYTHONPATH=os.pathsep.join([str(shim), str(ROOT)]))
        probe = [sys.executable, "-c", "import torch"]
        if subprocess.run(probe, env=blocked, capture_output=True).returncode == 0:
            sys.exit("the torch shim did not take effect")
        _, proc = timed(run_cmd, blocked, work)
        ok = proc.returncode == 0 and proc.stdout == EXPECTED
        print(f"no torch import            {'ok' if ok else 'FAILED'} (run succeeds with torch unimportable)")
        if not ok:
            print(proc.stdout + proc.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
