"""SSpec locations: the .spl file and line a failure is reported at (calls and tracebacks).

Frames inside the runtime.spec package itself are never a location: the nearest caller outside it is.
"""

from __future__ import annotations

import os
import sys

from runtime.spec.results import Failure, short_path

_PACKAGE_DIR = os.path.dirname(__file__)  # spelled as the package's own code objects spell their files


def _inside_package(filename: str) -> bool:
    return os.path.dirname(filename) == _PACKAGE_DIR


def caller_site() -> tuple[str, int]:
    """file and line of the nearest .spl frame calling into this package (else the nearest caller)."""
    frame = sys._getframe(1)
    fallback: tuple[str, int] | None = None
    while frame is not None:
        name = frame.f_code.co_filename
        if name.endswith(".spl"):
            return name, frame.f_lineno
        if fallback is None and not _inside_package(name):
            fallback = (name, frame.f_lineno)
        frame = frame.f_back
    return fallback or ("?", 0)


def failure_from_exception(exc: BaseException, where: str | None = None) -> Failure:
    """A failure in Simple words (`runtime.errors.describe`, as `spl2py run` says it) at the spec's
    own line: the innermost frame of the spec file (the outermost .spl file of the traceback).
    When the error was raised further in, in library code, that line is named too."""
    from runtime.errors import describe

    spl: list[tuple[str, int]] = []
    other: tuple[str, int] = ("?", 0)
    tb = exc.__traceback__
    while tb is not None:  # .spl frames, outermost first; else the innermost frame outside this package
        name = tb.tb_frame.f_code.co_filename
        if name.endswith(".spl"):
            spl.append((name, tb.tb_lineno))
        elif not _inside_package(name):
            other = (name, tb.tb_lineno)
        tb = tb.tb_next
    file, line = other
    raised = ""
    if spl:
        own = [site for site in spl if site[0] == spl[0][0]]
        file, line = own[-1]
        if spl[-1] != own[-1]:
            raised = f" (raised at {short_path(spl[-1][0])}:{spl[-1][1]})"
    prefix = f"error in {where}: " if where else "error: "
    return Failure(prefix + describe(exc) + raised, file, line)
