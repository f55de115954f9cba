"""``spl2py build --watch``: build, then build again whenever a .spl file is saved.

File events come from watchfiles (inotify/FSEvents/ReadDirectoryChanges, polling as a fallback).
Each rebuild is an ordinary ``build_tree`` call: its cache makes it compile only the modules whose
source or imports changed. A compile error is printed and the watch goes on; Ctrl-C ends it (exit 0).

Watched: SRC (its folder when SRC is a file) and every ``--lib`` root; only ``.spl`` files count,
and nothing under OUT (so the build's own writes never trigger it).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TextIO

from spl2py.diagnostics import CompileError
from spl2py.driver.build import BuildError, BuildOptions, BuildReport, build_tree

STEP_MS = 50  # a burst of events (an editor's save) is grouped once quiet for this long...
DEBOUNCE_MS = 400  # ...or after this long at most
TICK_MS = 300  # the watcher reports "no change" this often, so the first build starts once it is up


def report_line(report: BuildReport, out: Path) -> str:
    return (
        f"built {report.modules} modules into {out} ({report.generated} compiled, "
        f"{len(report.written)} files written) in {report.seconds:.2f}s"
    )


def build_once(src: Path, out: Path, options: BuildOptions, err: TextIO) -> bool:
    """One build, its outcome printed to ``err``; True when it succeeded."""
    try:
        report = build_tree(src, out, options)
    except CompileError as exc:
        err.write(exc.render() + "\n")
        return False
    except BuildError as exc:
        err.write(f"error: {exc}\n")
        return False
    for warning in report.warnings:
        err.write(warning + "\n")
    err.write(report_line(report, out) + "\n")
    return True


def spl_filter(out: Path):
    """A watchfiles filter: .spl files outside ``out``, with watchfiles' usual ignored folders."""
    from watchfiles import DefaultFilter

    class SplFilter(DefaultFilter):
        def __call__(self, change, path: str) -> bool:
            return path.endswith(".spl") and super().__call__(change, path)

    return SplFilter(ignore_paths=[out.resolve()])


def watched_paths(src: Path, options: BuildOptions) -> list[Path]:
    roots = [src if src.is_dir() else src.parent, *options.modules.lib_dirs]
    return [Path(p).resolve() for p in roots if Path(p).is_dir()]


def watch_build(src: Path, out: Path, options: BuildOptions, err: TextIO | None = None, stop_event=None) -> int:
    """Build ``src`` into ``out``, then rebuild on every change until Ctrl-C (or ``stop_event``); exit code."""
    from watchfiles import watch

    err = err or sys.stderr
    if not src.exists():
        err.write(f"error: no such file or folder: {src}\n")
        return 1
    paths = watched_paths(src, options)
    started = False
    try:
        for changes in watch(
            *paths,
            watch_filter=spl_filter(out),
            step=STEP_MS,
            debounce=DEBOUNCE_MS,
            rust_timeout=TICK_MS,
            yield_on_timeout=True,
            stop_event=stop_event,
        ):
            if started and not changes:
                continue
            if changes:
                names = sorted({Path(p).name for _, p in changes})
                err.write(f"changed: {', '.join(names)}\n")
            build_once(src, out, options, err)
            if not started:
                started = True
                err.write(f"watching {', '.join(str(p) for p in paths)} (Ctrl-C to stop)\n")
            err.flush()
    except KeyboardInterrupt:
        err.write("stopped watching\n")
    return 0
