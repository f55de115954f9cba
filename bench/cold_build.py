"""Cold build with black: the previous approach (black over each whole file) against the new
default (black per top-level statement, skipped where the text is already black's), same run.

Two inputs: the import DAG of bench/build_speed.py (600 modules, ~20k lines) and one module of
~10k lines (under the 512 KB the old approach formatted); both are generated, so nearly all of
their statements need no black. Then formatting alone over the golden corpus's generated code
(real programs, where more statements go to black). Each variant builds cold (fresh OUT and
cache), rounds alternate the variants and keep each one's best time. The outputs of the previous
and new approach are compared byte for byte. Figures only, no asserts.

    /work/venv/bin/python bench/cold_build.py [--modules 600] [--lines 10000] [--jobs 2] [--rounds 2]
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

import big_program  # noqa: E402
import build_speed  # noqa: E402


def cold_build(src: Path, work: Path, jobs: int, formatter: str, whole: bool) -> tuple[float, Path]:
    """One cold build into a fresh OUT and cache; ``whole``: the previous approach."""
    from spl2py.driver import stable
    from spl2py.driver.build import BuildOptions, build_tree

    out, cache = work / "out", work / "cache"
    for folder in (out, cache):
        shutil.rmtree(folder, ignore_errors=True)
    os.environ["SPL2PY_CACHE_DIR"] = str(cache)
    decide = stable.module_needs_whole_black
    if whole:  # workers fork from this process, so they see the switch too
        stable.module_needs_whole_black = lambda module: True
    try:
        start = time.perf_counter()
        build_tree(src, out, BuildOptions(jobs=jobs, progress=False, formatter=formatter))
        return time.perf_counter() - start, out
    finally:
        stable.module_needs_whole_black = decide


def python_files(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*.py"))}


def has_ruff() -> bool:
    from spl2py.driver.format import FormatterMissing, ruff_version

    try:
        ruff_version()
        return True
    except FormatterMissing:
        return False


def measure(name: str, src: Path, tmp: Path, jobs: int, rounds: int) -> None:
    sources = [src] if src.is_file() else sorted(src.rglob("*.spl"))
    lines = sum(len(p.read_text().splitlines()) for p in sources)
    files = len(sources)
    print(f"\n{name}: {files} .spl files, {lines} lines; jobs 1 and {jobs}, best of {rounds}")
    variants = [
        ("previous: whole-file black, jobs=1", 1, "black", True),
        ("new default (black), jobs=1", 1, "black", False),
        (f"previous: whole-file black, jobs={jobs}", jobs, "black", True),
        (f"new default (black), jobs={jobs}", jobs, "black", False),
        ("--formatter none, jobs=1", 1, "none", False),
    ]
    if has_ruff():
        variants.append(("--formatter ruff, jobs=1", 1, "ruff", False))
    cold_build(src, tmp / "work", 1, "none", False)  # warm-up: lowering's lazy imports
    best = {v[0]: float("inf") for v in variants}
    outputs: dict[str, dict[str, bytes]] = {}
    for _ in range(rounds):
        for label, n, formatter, whole in variants:
            seconds, out = cold_build(src, tmp / "work", n, formatter, whole)
            best[label] = min(best[label], seconds)
            if n == 1 and formatter == "black":
                outputs[label] = python_files(out)
    for label, seconds in best.items():
        print(f"  {label:<40} {seconds:7.2f} s  ({lines / seconds:7.0f} lines/s)")
    old1, new1 = best[variants[0][0]], best[variants[1][0]]
    oldn, newn = best[variants[2][0]], best[variants[3][0]]
    print(f"  speed-up, jobs=1:                        {old1 / new1:7.2f} x  (target >= 2x)")
    print(f"  speed-up, jobs={jobs}:                        {oldn / newn:7.2f} x")
    print(f"  previous jobs=1 / new jobs={jobs}:            {old1 / newn:7.2f} x")
    same = outputs[variants[0][0]] == outputs[variants[1][0]]
    print(f"  outputs byte-identical (previous, new):  {same}")


def golden_formatting(rounds: int) -> None:
    """Formatting alone (no lowering) over real generated code: the golden corpus's modules."""
    import ast as py

    from spl2py.driver.compile import lower_unit, quoted_path, unparsed_chunks
    from spl2py.driver.format import format_module, format_python
    from spl2py.modules import load_program

    modules = []
    for case in sorted((REPO / "golden").glob("*/input.spl")):
        try:
            unit = load_program(case).entry
            modules.append((unit, unparsed_chunks(unit, lower_unit(unit))))
        except Exception:
            continue  # the cases of compile errors
    lines = sum("".join(chunks).count("\n") for _, chunks in modules)
    whole = new = float("inf")
    calls = statements = 0
    for _ in range(rounds):
        start = time.perf_counter()
        for _, chunks in modules:
            format_python("".join(chunks))
        whole = min(whole, time.perf_counter() - start)
        start = time.perf_counter()
        calls = statements = 0
        for unit, chunks in modules:
            done = format_module(chunks[0], chunks[1:], py.parse("".join(chunks)), quoted_path(unit.path))
            calls, statements = calls + done.black_calls, statements + len(chunks) - 1
        new = min(new, time.perf_counter() - start)
    print(f"\ngolden corpus, formatting only: {len(modules)} modules, {lines} lines of generated Python")
    print(f"  previous: whole-file black                {whole:7.2f} s")
    print(f"  new: per statement ({calls} of {statements} to black) {new:7.2f} s  (includes parsing the text)")
    print(f"  speed-up:                                 {whole / new:7.2f} x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--modules", type=int, default=600)
    parser.add_argument("--lines", type=int, default=10_000, help="lines of the one-module program")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    os.environ.pop("SPL2PY_NO_CACHE", None)
    import spl2py.syntax  # noqa: F401
    from spl2py.driver.format import format_python

    format_python("x = [1]\n")  # black loaded and its grammar built up front: every variant pays the same

    print(f"cores: {os.cpu_count()}")
    with tempfile.TemporaryDirectory(prefix="spl2py-cold-") as tmp:
        root = Path(tmp) / "dag"
        build_speed.generate(root, args.modules)
        measure("import DAG (bench/build_speed.py)", root / "src", Path(tmp), args.jobs, args.rounds)
        one = Path(tmp) / "one"
        one.mkdir()
        (one / "simple.sdn").write_text("")
        (one / "big.spl").write_text(big_program.program_text(args.lines))
        measure("one module (bench/big_program.py)", one / "big.spl", Path(tmp), args.jobs, args.rounds)
    golden_formatting(args.rounds)


if __name__ == "__main__":
    main()
