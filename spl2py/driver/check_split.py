"""``check`` of one large unit over two processes: the second half of its lowering and ``compile()``
in a forked child while this process does the first half.

After the analysis (whole module, this process), a unit's top-level statements lower and compile
independently of each other: what lowering carries from one statement to the next (temporary
numbering, externs already assigned, exports) changes the text written, never whether it compiles,
and Python's compiler reports a statement's errors from that statement. So each half is lowered as
its own module (``Lowerer.lower(share=...)``), compiled, and its text risks parsed. When both halves
pass, the unit passes. When either fails, or the child cannot report, the whole unit is checked
again in one process, so that the error shown is exactly the one a serial check shows.
"""

from __future__ import annotations

import os
import threading

SPLIT_LINES = 4000  # a smaller unit is checked in one process (a fork and a second lowering setup cost more)
_PASSED = b"ok"


def check_unit_in_halves(unit) -> None:
    """``compile.check_unit``; a large unit's lowering and ``compile()`` in two processes when the
    machine has the cores (anything but a pass is checked again, serially)."""
    if not check_in_halves(unit):
        from spl2py.driver.compile import check_unit

        check_unit(unit)


def check_in_halves(unit) -> bool:
    """True when ``unit`` was checked in two processes and passed; False when it was not taken this
    way (small, no fork, another thread running, errors found): the caller checks it serially."""
    if not _worth_it(unit):
        return False
    from spl2py.driver.gc_pause import paused_gc
    from spl2py.sema import analyze

    with paused_gc():
        analysis = analyze(unit.module, unit.imports, strict=False)
    if analysis.diagnostics:
        return False
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: the second half, then one byte of verdict, and away
        os.close(read_end)
        verdict = b""
        try:
            verdict = _PASSED if _half_passes(unit, analysis, 1) else b""
        finally:
            try:
                os.write(write_end, verdict)
            finally:
                os._exit(0)
    os.close(write_end)
    try:
        mine = _half_passes(unit, analysis, 0)
        theirs = _read_all(read_end) == _PASSED
    finally:
        os.close(read_end)
        os.waitpid(pid, 0)
    return mine and theirs


def _worth_it(unit) -> bool:
    return (hasattr(os, "fork") and _cores() > 1 and threading.active_count() == 1
            and unit.source.count("\n") >= SPLIT_LINES)


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def _half_passes(unit, analysis, part: int) -> bool:
    """Whether half ``part`` of the unit lowers, compiles and parses as text with no error."""
    from spl2py.driver.compile import check_text, compile_lowered
    from spl2py.driver.gc_pause import paused_gc
    from spl2py.lower import lower_module

    try:
        with paused_gc():
            lowered = lower_module(unit.module, unit.imports, analysis, share=(part, 2))
        compile_lowered(unit, lowered)
        check_text(unit, lowered.text_risks)
        return True
    except Exception:  # a CompileError, or a bug: the serial check says what it is
        return False


def _read_all(fd: int) -> bytes:
    chunks = []
    while True:
        chunk = os.read(fd, 64)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
