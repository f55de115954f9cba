"""Conformance: run upstream Simple's spec files through spl2py and count the examples.

    python bench/conformance.py [FOLDER] [--tsv ../shared/conformance/upstream-specs.tsv]
                                [--json OUT.json] [--compare BASE.json] [--timeout S] [--jobs N]

Each ``*_spec.spl`` file under FOLDER (default ``.conformance/``) runs in its own subprocess with
a timeout, so a hang or a crash in one file does not stop the run. Per file it prints passed,
failed and skipped/pending examples, or why the file did not compile (its first diagnostic line).

A file that does not compile, times out or crashes counts as all-failing: its examples are counted
from the text (lines starting ``it "``, ``test "`` or ``example "``). A file stopped by an error at
its top level counts the examples it did not reach as failed.

``--tsv`` reads upstream's status column and lists the files upstream marks pending or failing
separately (and totals without them). ``--json`` writes the per-file results; ``--compare`` prints
the files whose counts changed against such a file. The last line is always
``conformance: N passed, N failed, N skipped (P% passing)``.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_FOLDER = ROOT / ".conformance"
EXAMPLE_LINE = re.compile(r"""^\s*(it|test|example)\s*\(?\s*["']""", re.MULTILINE)

# Outcome of one file.
RAN, NO_COMPILE, TOP_LEVEL, TIMEOUT, CRASH = "ran", "no-compile", "top-level-error", "timeout", "crash"


@dataclass
class FileReport:
    path: str
    outcome: str = RAN
    passed: int = 0
    failed: int = 0
    skipped: int = 0
    textual: int = 0  # examples counted from the source text
    error: str = ""  # first line of the compile diagnostic / top-level error
    upstream: str = "unknown"  # "pass" | "pending" | "failing" | "unknown" (from --tsv)
    examples: list[dict] = field(default_factory=list)  # {"name", "status"}
    seconds: float = 0.0


def count_examples(text: str) -> int:
    """A cheap textual count of the examples a spec file declares."""
    return len(EXAMPLE_LINE.findall(text))


# --- the child: run one file, write its results as JSON ---------------------------------------


def run_one(path: Path, result_file: Path) -> None:
    """Compile and run ``path`` under a silent SSpec session; write a FileReport as JSON."""
    sys.path.insert(0, str(ROOT))
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10000))
    from runtime.spec import FAILED, OK, Session, activate
    from spl2py.diagnostics import CompileError
    from spl2py.driver.testing import module_options

    report = FileReport(path=str(path), textual=count_examples(path.read_text(encoding="utf-8")))
    session = Session(out=None)
    session.begin_file(str(path))
    try:
        with activate(session):
            from spl2py.driver.run import load_module

            load_module(path, module_options())
    except CompileError as exc:
        report.outcome, report.error = NO_COMPILE, _first_line(exc.render().replace(str(path), path.name))
    except BaseException as exc:  # the program's own error at the top level
        inner = getattr(exc, "exc", exc)
        report.outcome, report.error = TOP_LEVEL, _first_line(f"{type(inner).__name__}: {inner}")
    finally:
        with activate(session):
            session.end_file()
    for ex in session.examples():
        report.examples.append({"name": ex.full_name, "status": ex.status})
        if ex.status == OK:
            report.passed += 1
        elif ex.status == FAILED:
            report.failed += 1
        else:
            report.skipped += 1
    result_file.write_text(json.dumps(asdict(report)), encoding="utf-8")


def _first_line(text: str) -> str:
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    return lines[0][:200] if lines else ""


# --- the parent: one subprocess per file ------------------------------------------------------


def run_file(path: Path, timeout: float) -> FileReport:
    """Run one file in a subprocess; a timeout or a crash becomes an all-failing report."""
    textual = count_examples(path.read_text(encoding="utf-8"))
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    env.setdefault("SPL2PY_CACHE_DIR", str(ROOT / ".spl2py_cache"))
    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        result = Path(tmp) / "result.json"
        cmd = [sys.executable, str(Path(__file__).resolve()), "--one", str(path), "--result", str(result)]
        try:
            proc = subprocess.run(
                cmd, env=env, cwd=tmp, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=timeout
            )
        except subprocess.TimeoutExpired:
            report = FileReport(str(path), TIMEOUT, error=f"no result after {timeout:.0f}s")
        else:
            if result.exists():
                report = FileReport(**json.loads(result.read_text(encoding="utf-8")))
            else:
                tail = _first_line("\n".join((proc.stderr or proc.stdout or "").strip().splitlines()[-1:]))
                report = FileReport(str(path), CRASH, error=f"exit {proc.returncode}: {tail}")
    report.textual = textual
    report.seconds = time.perf_counter() - start
    if report.outcome != RAN:  # examples the file never reached count as failed
        report.failed += max(0, textual - report.passed - report.failed - report.skipped)
    return report


def upstream_statuses(tsv: Path) -> dict[str, str]:
    """repo_path -> "pass" | "pending" | "failing" | "unknown", from the TSV's status column."""
    rows = [line.rstrip("\n").split("\t") for line in tsv.read_text(encoding="utf-8").splitlines() if line.strip()]
    header, body = rows[0], rows[1:]
    path_col, status_col = header.index("repo_path"), header.index("upstream_status")
    return {row[path_col]: classify_status(row[status_col]) for row in body if len(row) > status_col}


def classify_status(text: str) -> str:
    low = text.lower()
    if low.startswith("pass"):
        return "pass"
    if low.startswith("unknown"):  # e.g. "unknown; ... (a sibling file carries @pending)"
        return "unknown"
    if low.startswith("fail") or "known upstream bug" in low or "expected failure" in low:
        return "failing"
    if any(mark in low for mark in ("@pending", "@skip", "@partial", "'skip' flag")):
        return "pending"
    return "unknown"


def relative(path: Path, folder: Path) -> str:
    try:
        return path.relative_to(folder).as_posix()
    except ValueError:
        return path.as_posix()


# --- printing -------------------------------------------------------------------------------


def totals(reports: list[FileReport]) -> tuple[int, int, int]:
    return (sum(r.passed for r in reports), sum(r.failed for r in reports), sum(r.skipped for r in reports))


def total_line(label: str, reports: list[FileReport]) -> str:
    passed, failed, skipped = totals(reports)
    pct = 100.0 * passed / (passed + failed) if passed + failed else 0.0
    return f"{label}: {passed} passed, {failed} failed, {skipped} skipped ({pct:.1f}% passing)"


def print_report(reports: list[FileReport], folder: Path) -> None:
    width = max((len(relative(Path(r.path), folder)) for r in reports), default=10)
    print(f"{'file':<{width}}  {'pass':>4} {'fail':>4} {'skip':>4}  outcome")
    for r in reports:
        name = relative(Path(r.path), folder)
        note = "" if r.outcome == RAN else f"{r.outcome}: {r.error}"
        print(f"{name:<{width}}  {r.passed:>4} {r.failed:>4} {r.skipped:>4}  {note}")
    broken = [r for r in reports if r.outcome in (NO_COMPILE, TIMEOUT, CRASH)]
    if broken:
        print(f"\nfiles that do not compile or run ({len(broken)}, {sum(r.textual for r in broken)} examples):")
        for r in broken:
            print(f"  {relative(Path(r.path), folder)} ({r.textual} examples): {r.error}")
    marked = [r for r in reports if r.upstream in ("pending", "failing")]
    if marked:
        print(f"\nfiles upstream marks pending or failing ({len(marked)}):")
        for r in marked:
            print(f"  [{r.upstream}] {relative(Path(r.path), folder)}: {r.passed} passed, {r.failed} failed")
        print(total_line("without them", [r for r in reports if r not in marked]))
    print(f"\n{len(reports)} files, {sum(r.outcome == RAN for r in reports)} ran to the end")
    print(total_line("conformance", reports))


def print_comparison(reports: list[FileReport], base_file: Path, folder: Path) -> None:
    base = {relative(Path(r["path"]), folder): r for r in json.loads(base_file.read_text(encoding="utf-8"))["files"]}
    print(f"\nchanges against {base_file}:")
    for r in reports:
        name = relative(Path(r.path), folder)
        old = base.get(name)
        now = (r.passed, r.failed, r.skipped)
        was = (old["passed"], old["failed"], old["skipped"]) if old else None
        if was != now:
            print(f"  {name}: {was} -> {now}")
    old_reports = [FileReport(**r) for r in base.values()]
    print(total_line("  before", old_reports))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", type=Path, default=DEFAULT_FOLDER)
    parser.add_argument("--tsv", type=Path, help="upstream-specs.tsv: list upstream pending/failing files apart")
    parser.add_argument("--json", type=Path, help="write the per-file results here")
    parser.add_argument("--compare", type=Path, help="a --json file of an earlier run: print what changed")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds per file (default 120)")
    parser.add_argument("--jobs", type=int, default=2, help="files run at once (default 2)")
    parser.add_argument("--one", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--result", type=Path, help=argparse.SUPPRESS)
    opts = parser.parse_args(argv)

    if opts.one is not None:
        run_one(opts.one, opts.result)
        return 0
    folder = opts.folder
    if not folder.is_dir():
        print(f"error: no such folder: {folder}", file=sys.stderr)
        return 2
    files = sorted(folder.rglob("*_spec.spl"))
    if not files:
        print(f"error: no *_spec.spl files under {folder}", file=sys.stderr)
        return 2
    with ThreadPoolExecutor(max_workers=max(1, opts.jobs)) as pool:
        reports = list(pool.map(lambda p: run_file(p, opts.timeout), files))
    if opts.tsv:
        statuses = upstream_statuses(opts.tsv)
        for r in reports:
            r.upstream = statuses.get(relative(Path(r.path), folder), "unknown")
    print_report(reports, folder)
    if opts.compare:
        print_comparison(reports, opts.compare, folder)
    if opts.json:
        opts.json.write_text(json.dumps({"files": [asdict(r) for r in reports]}, indent=1), encoding="utf-8")
    if opts.compare:  # keep the totals line last
        print(total_line("conformance", reports))
    return 0


if __name__ == "__main__":
    sys.exit(main())
