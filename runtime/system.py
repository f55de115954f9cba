"""Process externs for Simple programs: clock, arguments, terminal progress.

Served to `runtime/lib/system.spl`; torch-free and cheap to import.
"""

from __future__ import annotations

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


@extern("rt_system_progress", SIGNATURES["rt_system_progress"])
def progress(label: str, done: int, total: int) -> None:
    """Redraw a progress bar on stderr when it is a terminal; erase it when done == total."""
    if not sys.stderr.isatty():
        return
    line = render_bar(label, done, total)
    # Draw in place; once done, erase the bar so the caller's summary line starts clean.
    sys.stderr.write("\r" + (" " * len(line) + "\r" if done >= total else line))
    sys.stderr.flush()
