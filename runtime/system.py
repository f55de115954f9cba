"""Process externs for Simple programs: clock, arguments, terminal progress.

Served to `runtime/lib/system.spl`; torch-free and cheap to import.
"""

from __future__ import annotations

import atexit
import sys
import time

from runtime.externs import extern

SIGNATURES = {
    "rt_system_clock_ms": "() -> f64",
    "rt_system_args": "() -> [text]",
    "rt_system_write": "(s: text)",
    "rt_system_progress": "(label: text, done: i64, total: i64)",
}

# The driver sets sys.argv to [program.spl, *args] before running a program.


@extern("rt_system_clock_ms", SIGNATURES["rt_system_clock_ms"])
def clock_ms() -> float:
    return time.perf_counter() * 1000.0


@extern("rt_system_args", SIGNATURES["rt_system_args"])
def args() -> list[str]:
    return list(sys.argv[1:])


@extern("rt_system_write", SIGNATURES["rt_system_write"])
def write(s: str) -> None:
    sys.stdout.write(s)
    sys.stdout.flush()


def render_bar(label: str, done: int, total: int, width: int = 30) -> str:
    """``label [#####-----] 5/10``"""
    total = max(total, 1)
    done = min(max(done, 0), total)
    filled = width * done // total
    return f"{label} [{'#' * filled}{'-' * (width - filled)}] {done}/{total}"


class _Bar:
    """One progress bar, from its first call until ``done`` reaches ``total`` (or another bar starts).

    On a terminal: a rich bar on stderr (rate, time left, the terminal's width), redrawn ten times
    a second and erased when done, so the caller's next line starts clean. Otherwise: one plain line
    per finished bar, ``label [######] total/total in 0.42s``.
    """

    def __init__(self, label: str, total: int):
        self.label, self.total, self.done = label, total, 0
        self.started = time.perf_counter()
        self.live = None
        if sys.stderr.isatty():
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

            self.live = Progress(
                TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                console=Console(file=sys.stderr), transient=True, redirect_stdout=sys.stdout.isatty(),
            )
            self.task = self.live.add_task(label, total=total)
            self.live.start()

    def update(self, done: int) -> None:
        self.done = done
        if self.live is not None:
            self.live.update(self.task, completed=done)

    def finish(self) -> None:
        if self.live is not None:
            self.live.stop()
        elif self.done >= self.total:
            seconds = time.perf_counter() - self.started
            sys.stderr.write(f"{render_bar(self.label, self.done, self.total)} in {seconds:.2f}s\n")
            sys.stderr.flush()


_bar: _Bar | None = None  # the bar being drawn


@extern("rt_system_progress", SIGNATURES["rt_system_progress"])
def progress(label: str, done: int, total: int) -> None:
    """Show that ``done`` of ``total`` steps of ``label`` are done; the bar ends when done == total."""
    global _bar
    total = max(total, 1)
    done = min(max(done, 0), total)
    if _bar is not None and (_bar.label != label or _bar.total != total or done < _bar.done):
        _bar.finish()  # a new bar began before the old one ended
        _bar = None
    if _bar is None:
        _bar = _Bar(label, total)
    _bar.update(done)
    if done >= total:
        _finish()


@atexit.register
def _finish() -> None:
    global _bar
    if _bar is not None:
        _bar.finish()
        _bar = None
