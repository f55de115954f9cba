"""``spl2py test``: find ``*_spec.spl`` files, run them through the SSpec runtime, report.

Each spec file is compiled and its top level executed by ``spl2py.driver.run.load_module``;
the DSL words record into a ``runtime.spec.Session`` that this module installs while the file
runs. The pytest plugin (``spl2py.pytest_plugin``) runs files through ``run_file`` too.

Discovery: every ``*_spec.spl`` below each folder given (default: the current folder), skipping
hidden folders, virtual environments, ``__pycache__``, ``node_modules`` and folders named
``fixtures`` (deliberately failing specs live there). A file named on the command line always runs.

``--list`` runs each file with examples, ``before_all`` hooks and ``after_all`` hooks disabled
(only the top level and group blocks run, to learn the names) and prints one full name per line,
``Group > sub group > example``, then ``N examples``.

Progress, when more than one file runs (not with ``--list``), goes to stderr: on a terminal a rich
bar (files done, the file running, time left; printed output scrolls above it, and it is erased at
the end); otherwise one plain line per file, ``[3/40] path: 5 passed, 0 failed (0.12s)``.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import Iterable, Sequence, TextIO

from runtime.spec import FAILED, OK, Failure, FileResult, Session, activate, failure_from_exception, short_path

SPEC_SUFFIX = "_spec.spl"
SKIP_DIRS = frozenset({"fixtures", "node_modules", "__pycache__", "venv", "site-packages"})

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """A path that does not exist, or no spec file found."""


def _skip_dir(name: str) -> bool:
    return name.startswith(".") or name in SKIP_DIRS


def discover(paths: Sequence[Path]) -> list[Path]:
    """Spec files under ``paths`` (files are taken as given), sorted per folder, no duplicates."""
    found: list[Path] = []
    for root in paths or [Path(".")]:
        if root.is_file():
            found.append(root)
        elif root.is_dir():
            found.extend(_walk(root))
        else:
            raise UsageError(f"no such file or folder: {root}")
    unique: dict[Path, Path] = {}
    for path in found:
        unique.setdefault(path.resolve(), path)
    return list(unique.values())


def _walk(folder: Path) -> Iterable[Path]:
    for here, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not _skip_dir(d))
        for name in sorted(files):
            if name.endswith(SPEC_SUFFIX):
                yield Path(here) / name


def module_options(lib_dirs: Sequence[Path] = ()):
    """The driver's options for loading a spec file (the module resolver's ModuleOptions)."""
    from spl2py.modules import ModuleOptions

    return ModuleOptions(lib_dirs=tuple(Path(d) for d in lib_dirs))


def run_file(path: Path, session: Session, options=None) -> FileResult:
    """Compile and run one spec file into ``session``; a compile or top-level error is recorded."""
    result = session.begin_file(str(path))
    start = time.perf_counter()
    try:
        with activate(session):
            _load(path, options)
    except Exception as exc:  # a compile error, or an error at the file's top level
        session.file_error(_file_failure(exc))
    finally:
        with activate(session):
            session.end_file()
        result.duration = time.perf_counter() - start
    return result


def _load(path: Path, options) -> None:
    from spl2py.driver.run import load_module

    load_module(path, options if options is not None else module_options())


def _file_failure(exc: Exception) -> Failure:
    """A compile error renders as its diagnostics; anything else names the .spl line."""
    from spl2py.diagnostics import CompileError
    from spl2py.driver.run import ProgramError

    if isinstance(exc, CompileError):
        return Failure(exc.render())
    if isinstance(exc, ProgramError):  # the driver's wrapper around the program's own exception
        return failure_from_exception(exc.exc if isinstance(exc.exc, Exception) else exc, "top level")
    return failure_from_exception(exc, "spl2py (internal error)")


def run_tests(
    paths: Sequence[Path] = (),
    filter: str | None = None,
    fail_fast: bool = False,
    list_only: bool = False,
    lib_dirs: Sequence[Path] = (),
    out: TextIO | None = None,
) -> int:
    """The ``spl2py test`` command: run, print tree, failures and closing line; the exit code."""
    try:
        files = discover(paths)
    except UsageError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    if not files:
        where = ", ".join(str(p) for p in paths) or "."
        print(f"error: no *{SPEC_SUFFIX} files found under {where}", file=sys.stderr)
        return EXIT_USAGE
    # out=True: sys.stdout at each write, so a terminal progress bar can keep printed lines above it
    session = Session(out=out if out is not None else True, filter=filter, fail_fast=fail_fast, list_only=list_only)
    options = module_options(lib_dirs)
    start = time.perf_counter()
    with FileProgress(len(files), shown=len(files) > 1 and not list_only) as progress:
        for path in files:
            progress.begin(path)
            result = run_file(path, session, options)
            progress.end(path, result)
            if session.stopped:
                break
    _report(session, time.perf_counter() - start, len(files))
    return EXIT_FAILED if session.exit_code() else EXIT_OK


class FileProgress:
    """Progress over the spec files of a run, on stderr (see the module docstring)."""

    def __init__(self, total: int, shown: bool = True, stream: TextIO | None = None):
        self.total, self.shown, self.done = total, shown, 0
        self.stream = stream or sys.stderr
        self.live = None

    def __enter__(self) -> "FileProgress":
        if self.shown and self.stream.isatty():
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

            self.live = Progress(
                TextColumn("spec files"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                TextColumn("{task.description}"),
                console=Console(file=self.stream), transient=True, redirect_stdout=sys.stdout.isatty(),
            )
            self.task = self.live.add_task("", total=self.total)
            self.live.start()
        return self

    def begin(self, path: Path) -> None:
        if self.live is not None:
            self.live.update(self.task, description=short_path(str(path)))

    def end(self, path: Path, result: FileResult) -> None:
        self.done += 1
        if self.live is not None:
            self.live.update(self.task, completed=self.done)
        elif self.shown:
            examples = result.examples()
            passed = sum(ex.status == OK for ex in examples)
            failed = sum(ex.status == FAILED for ex in examples) + (result.error is not None)
            self.stream.write(
                f"[{self.done}/{self.total}] {short_path(str(path))}: {passed} passed, {failed} failed "
                f"({result.duration:.2f}s)\n"
            )
            self.stream.flush()

    def __exit__(self, *exc) -> None:
        if self.live is not None:
            self.live.stop()


def _report(session: Session, seconds: float, n_files: int) -> None:
    """Failures section, a timing line, then the closing line (always the last line)."""
    report = session.failures_report()
    if report:
        session.emit("\n" + report.rstrip("\n"))
    if not session.list_only:
        stopped = " (stopped at the first failure)" if session.stopped else ""
        session.emit(f"\nFinished in {seconds:.2f}s, {n_files} spec file{'s' * (n_files != 1)}{stopped}")
    session.emit(session.summary_line())


__all__ = ["discover", "run_file", "run_tests", "module_options", "SPEC_SUFFIX"]
