"""``spl2py check`` of several files over worker processes, reported as a serial check would.

Each worker checks whole files: it loads the program and checks *every* unit of it (remembering
each unit's result for the later files it gets), with the cache as the serial check uses it
(summaries, and a unit whose pass is recorded is not checked again), and sends back the rendered warnings and, per
unit in order, its error or None. The parent then replays the serial algorithm over the reports in
file order (a unit already seen is skipped, the first error of a file ends it, a message shown
before is not shown or counted again), so the output is the serial one, whatever the timing.
"""

from __future__ import annotations

import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from spl2py.driver import crash
from spl2py.driver.check_report import deep_message, source_of

DEEP = "deep"  # a unit, or the whole file, too deeply nested for Python's recursion

_UNIT_RESULTS: dict[tuple[str, str], object] = {}  # per worker: (pyname, path) -> DEEP | (text, count) | None


def check_parallel(files: list[Path], options, out, jobs: int) -> int:
    """Check ``files`` over ``jobs`` forked workers; write the serial check's diagnostics; the error count."""
    errors = 0
    reported: set[str] = set()
    seen: set[str] = set()
    warned: set[str] = set()
    _warm_up()
    context = multiprocessing.get_context("fork")  # the workers inherit it, and registered externs
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
        reports = pool.map(_file_report, [(f, options) for f in files])
        for file in files:
            crash.working_on(file)  # an internal error in a worker is re-raised here
            report = next(reports)
            if report[0] == DEEP:
                errors += 1
                out.write(deep_message(file))
                continue
            if report[0] == "error":
                errors += _show(report[1], reported, out)
                continue
            _, warnings, units = report
            for text in warnings:
                if text not in warned:
                    warned.add(text)
                    out.write(text + "\n")
            for pyname, result in units:
                if pyname in seen:
                    continue
                seen.add(pyname)
                if result == DEEP:
                    errors += 1
                    out.write(deep_message(file))
                    break
                if result is not None:
                    errors += _show(result, reported, out)
                    break
    return errors


def _warm_up() -> None:
    """The compiler's modules and the grammar, loaded once before the workers fork."""
    import importlib

    for name in ("spl2py.driver.compile", "spl2py.driver.run", "spl2py.lower.lowerer", "spl2py.sema.resolver"):
        importlib.import_module(name)
    from spl2py.syntax.matcher import rules

    rules()


def _show(result: tuple[str, int], reported: set[str], out) -> int:
    text, count = result
    if text in reported:
        return 0
    reported.add(text)
    out.write(text + "\n")
    return count


def _file_report(job) -> tuple:
    """In a worker: ("ok", warnings, [(pyname, result), ...]), ("error", result) or (DEEP,)."""
    from spl2py.diagnostics import CompileError
    from spl2py.driver.gc_pause import paused_gc
    from spl2py.driver.run import _cache_for, load_program

    file, options = job
    crash.working_on(file)
    try:
        cache = _cache_for(file)
        with paused_gc():
            program = load_program(file, options, cache)
            warnings = [w.render(source_of(program, w.span.file)) for w in program.warnings]
            units = []
            for unit in program.units:
                key = (unit.pyname, str(unit.path))
                if key not in _UNIT_RESULTS:
                    _UNIT_RESULTS[key] = _unit_result(unit, cache)
                units.append((unit.pyname, _UNIT_RESULTS[key]))
        return ("ok", warnings, units)
    except CompileError as exc:
        return ("error", _rendered(exc))
    except RecursionError:
        return (DEEP,)


def _unit_result(unit, cache):
    from spl2py.diagnostics import CompileError
    from spl2py.driver.cache import checked
    from spl2py.driver.compile import check_unit

    crash.working_on(unit.path)
    try:
        checked(unit, check_unit, cache)
        return None
    except CompileError as exc:
        return _rendered(exc)
    except RecursionError:
        return DEEP


def _rendered(exc) -> tuple[str, int]:
    return exc.render(), max(1, sum(d.severity == "error" for d in exc.diagnostics))
