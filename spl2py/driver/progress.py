"""Build progress on stderr: a rich bar on a terminal (rate, ETA, terminal width), plain lines
otherwise (one per phase, for logs), nothing when switched off."""

from __future__ import annotations

import sys
import time


class Progress:
    """``with Progress(mode, "parsing", total) as p: ... p.step()``; mode: "bar" | "lines" | "off"."""

    def __init__(self, mode: str, label: str, total: int):
        self.mode = mode if total > 0 else "off"
        self.label, self.total, self.done = label, total, 0
        self.started = time.perf_counter()
        self._bar = None
        self._task = None

    def __enter__(self) -> "Progress":
        if self.mode == "bar":
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeRemainingColumn
            from rich.progress import Progress as RichProgress

            self._bar = RichProgress(
                TextColumn("{task.description:<10}"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("{task.fields[rate]}"),
                TimeRemainingColumn(),
                console=Console(stderr=True),
                transient=False,
            )
            self._bar.start()
            self._task = self._bar.add_task(self.label, total=self.total, rate="")
        return self

    def step(self, n: int = 1) -> None:
        self.done += n
        if self._bar is not None:
            elapsed = time.perf_counter() - self.started
            rate = f"{self.done / elapsed:.0f}/s" if elapsed > 0 else ""
            self._bar.update(self._task, advance=n, rate=rate)

    def __exit__(self, *exc) -> None:
        if self._bar is not None:
            self._bar.stop()
        elif self.mode == "lines":
            seconds = time.perf_counter() - self.started
            sys.stderr.write(f"{self.label}: {self.done}/{self.total} in {seconds:.2f}s\n")
            sys.stderr.flush()


def progress_mode(option: bool | None) -> str:
    """None: a bar on a terminal, else nothing; True: a bar on a terminal, else plain lines."""
    tty = sys.stderr.isatty()
    if option is False:
        return "off"
    if tty:
        return "bar"
    return "lines" if option else "off"
