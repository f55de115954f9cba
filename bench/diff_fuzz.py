"""Differential fuzz of the driver's stages: mutants of the repository's .spl files through
``check``, then run's compile and build's compile.

A mutant that ``check`` accepts must compile in ``run`` (``compile_unit``) and in ``build``
(``generate_source``, then Python's ``compile()`` of the text); ``check`` itself must never raise
anything but a ``CompileError``. Each failure is minimised (lines dropped while it still fails)
and, with ``--save``, written to tests/driver/crash_corpus/ as a regression case.

    /work/venv/bin/python bench/diff_fuzz.py [--cases 2000] [--seed 0] [--save]

The suite runs a small derandomised slice of this (tests/driver/test_diff_fuzz.py).
"""

from __future__ import annotations

import argparse
import hashlib
import random
import shutil
import signal
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

CORPUS = REPO / "tests/driver/crash_corpus"

# Fragments a mutation may insert: keywords, operators, odd names, strings with escapes.
FRAGMENTS = [
    "if", "else:", "for", "in", "while", "match", "case", "fn", "val", "var", "return", "class", "struct",
    "enum", "trait", "impl", "defer:", "with", "use", "export", "pass", "break", "continue", "not", "and",
    "or", "is", "as", "->", ":", "=", "==", "+", "-", "*", "/", "%", "**", "(", ")", "[", "]", "{", "}",
    ",", ".", "..", "?", "\\", "|x|", "=>", "&:len", "_", "_1", "0", "1", "-1", "1.5", "nil", "true",
    '"s"', '"{x}"', '"\\u{1}"', "'c'", '"""doc"""', "x", "y", "self", "__count", "__class__", "a²", "ﬁle",
    "__name__", "V.c2", "print", "main", "spl", "_spl", "\t", "    ", "#", "\n",
]


@dataclass(slots=True)
class Outcome:
    kind: str  # "rejected" | "ok" | "check-raised" | "run-compile" | "build-compile" | "timeout"
    detail: str = ""

    @property
    def failure(self) -> bool:
        return self.kind in ("check-raised", "run-compile", "build-compile")


def seeds() -> list[Path]:
    """The repository's own programs: golden inputs and examples (sorted: runs are reproducible)."""
    found = sorted((REPO / "golden").glob("*/input.spl")) + sorted((REPO / "examples").rglob("*.spl"))
    return [p for p in found if p.stat().st_size < 20_000]


def mutate(text: str, rng: random.Random) -> str:
    """One to three random edits of ``text``."""
    lines = text.split("\n")
    for _ in range(rng.randint(1, 3)):
        op = rng.randrange(8)
        i = rng.randrange(len(lines)) if lines else 0
        if not lines:
            lines = [""]
        if op == 0 and len(lines) > 1:
            del lines[i]
        elif op == 1:
            lines.insert(i, lines[i])
        elif op == 2:
            j = rng.randrange(len(lines))
            lines[i], lines[j] = lines[j], lines[i]
        elif op == 3:
            lines[i] = "    " + lines[i]
        elif op == 4:
            lines[i] = lines[i][4:] if lines[i].startswith("    ") else lines[i]
        elif op == 5:
            col = rng.randint(0, len(lines[i]))
            lines[i] = lines[i][:col] + rng.choice(FRAGMENTS) + " " + lines[i][col:]
        elif op == 6:  # nest one line under many ifs/loops (Python's nesting limits)
            depth = rng.choice([3, 21, 25, 101])
            head = rng.choice(["if true:", "for _q in 0..1:", "while false:"])
            indent = lines[i][: len(lines[i]) - len(lines[i].lstrip())]
            block = [indent + "    " * d + head for d in range(depth)]
            lines[i : i + 1] = block + [indent + "    " * depth + (lines[i].strip() or "pass")]
        else:
            col = rng.randint(0, len(lines[i]))
            lines[i] = lines[i][:col] + lines[i][col + 1 :]
    return "\n".join(lines)


def stages(path: Path) -> Outcome:
    """check, then (when check accepts) run's compile and build's compile of every unit."""
    from spl2py.diagnostics import CompileError
    from spl2py.driver.compile import check_unit, compile_unit, generate_source
    from spl2py.modules import ModuleOptions, load_program

    try:
        program = load_program(path, ModuleOptions())
        for unit in program.units:
            check_unit(unit)
    except CompileError:
        return Outcome("rejected")
    except Exception as exc:
        return Outcome("check-raised", f"{type(exc).__name__}: {exc}"[:300])
    for unit in program.units:
        try:
            compile_unit(unit)
        except Exception as exc:
            return Outcome("run-compile", f"{type(exc).__name__}: {exc}"[:300])
        try:
            text = generate_source(unit, "black")
            compile(text, str(unit.path), "exec", dont_inherit=True)
        except Exception as exc:
            return Outcome("build-compile", f"{type(exc).__name__}: {exc}"[:300])
    return Outcome("ok")


class _Timeout(BaseException):
    """Not an Exception: the driver's own guards must not turn it into a diagnostic."""


def _alarm(signum, frame):
    raise _Timeout


def timed_stages(path: Path, seconds: int) -> Outcome:
    if not hasattr(signal, "SIGALRM"):  # pragma: no cover
        return stages(path)
    old = signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(seconds)
    try:
        return stages(path)
    except _Timeout:
        return Outcome("timeout")
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def minimise(path: Path, kind: str, seconds: int) -> str:
    """Drop lines (then blocks of lines) while the same kind of failure remains."""
    lines = path.read_text(encoding="utf-8").split("\n")
    step = max(1, len(lines) // 2)
    while step >= 1:
        i = 0
        while i < len(lines):
            trial = lines[:i] + lines[i + step :]
            path.write_text("\n".join(trial), encoding="utf-8")
            if trial and timed_stages(path, seconds).kind == kind:
                lines = trial
            else:
                i += step
        step //= 2
    text = "\n".join(lines)
    path.write_text(text, encoding="utf-8")
    return text


def fuzz(cases: int, seed: int, seconds: int = 10, save: bool = False, log=print) -> dict[str, int]:
    """Run ``cases`` mutants; returns the count of each outcome kind."""
    rng = random.Random(seed)
    sources = seeds()
    counts: dict[str, int] = {}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        copies: dict[Path, Path] = {}
        for n in range(cases):
            seed_path = sources[n % len(sources)]
            if seed_path not in copies:  # the seed's folder, so its `use`s still resolve
                copies[seed_path] = work / f"s{len(copies)}"
                shutil.copytree(seed_path.parent, copies[seed_path], dirs_exist_ok=True)
                (copies[seed_path] / "simple.sdn").write_text("")
            target = copies[seed_path] / seed_path.name
            original = seed_path.read_text(encoding="utf-8")
            target.write_text(mutate(original, rng), encoding="utf-8")
            outcome = timed_stages(target, seconds)
            counts[outcome.kind] = counts.get(outcome.kind, 0) + 1
            if outcome.failure:
                text = minimise(target, outcome.kind, seconds)
                log(f"case {n} ({seed_path.relative_to(REPO)}): {outcome.kind}: {outcome.detail}\n{text}\n---")
                if save:
                    CORPUS.mkdir(parents=True, exist_ok=True)
                    name = hashlib.sha256(text.encode()).hexdigest()[:12]
                    (CORPUS / f"{outcome.kind}_{name}.spl").write_text(text, encoding="utf-8")
            target.write_text(original, encoding="utf-8")
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--timeout", type=int, default=30, help="seconds per case")
    parser.add_argument("--save", action="store_true", help="write minimal reproducers to the crash corpus")
    args = parser.parse_args()
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10000))
    started = time.perf_counter()
    counts = fuzz(args.cases, args.seed, args.timeout, args.save)
    failures = sum(v for k, v in counts.items() if Outcome(k).failure)
    print(f"{args.cases} cases in {time.perf_counter() - started:.0f}s: {dict(sorted(counts.items()))}")
    print(f"failures (check accepted, a later stage raised; or check raised): {failures}")


if __name__ == "__main__":
    main()
