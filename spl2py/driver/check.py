"""``spl2py check PATHS``: every stage ``run`` and ``build`` apply, on every .spl file; 0 or 1.

For each unit: parse, resolve, lower, Python's ``compile()``, and the build's text path
(``ast.unparse`` + Python's parser) through ``compile.check_unit``, the functions run and build
call themselves. Any failure of those stages is a located diagnostic, so a program ``check``
accepts is one ``run`` and ``build`` compile.

With the cache (``cache.py``), module summaries come from it and a unit recorded as having passed
(same compiler, source and resolved imports) is not parsed or lowered again.
"""

from __future__ import annotations

import gc
import os
import sys
from pathlib import Path
from collections.abc import Iterable

from spl2py.driver import crash
from spl2py.driver.sources import editor_file

SKIP_DIRS = frozenset({"__pycache__", "node_modules", "venv", "site-packages"})


def spl_files(paths: Iterable[Path]) -> tuple[list[Path], list[str]]:
    """The .spl files named or found (recursively) under ``paths``, and the paths that do not exist.

    Under a folder, hidden folders and editor lock/backup files are skipped; a named path that is
    not a folder is checked as given (reading it reports why it cannot be read).
    """
    files: list[Path] = []
    missing: list[str] = []
    for path in paths:
        path = Path(path)
        if path.is_dir():
            for f in sorted(path.rglob("*.spl")):
                rel = f.relative_to(path).parts[:-1]
                if not any(p.startswith(".") or p in SKIP_DIRS for p in rel) and not editor_file(f.name):
                    files.append(f)
        elif path.exists() or path.is_symlink():
            files.append(path)
        else:
            missing.append(str(path))
    return files, missing


def check_paths(paths: Iterable[Path], options=None, out=None, jobs: int | None = None, keep: list | None = None) -> int:
    """Check every file; diagnostics go to ``out`` (stderr), then ``N files, N errors``. 0 when no error, else 1.

    ``keep``: the command line's mode (``main.console``: the cycle collector is off and the process
    ends without freeing what it built): the list is left holding the last program checked, and
    the previous file's trees are collected before the next file is read.

    An error in a module that several checked files import is shown (and counted) once. With
    several files (``jobs``: worker processes; None: one per core, when the sources are large
    enough to pay for them) the files are checked in parallel and reported as a serial check would.
    """
    out = out or sys.stderr
    files, missing = spl_files(paths)
    for m in missing:
        out.write(f"{m}: error: no such file or folder\n")
    jobs = _jobs(files) if jobs is None else min(jobs, len(files))
    if jobs > 1 and _can_fork():
        from spl2py.driver.check_pool import check_parallel

        errors = check_parallel(files, options, out, jobs)
    else:
        errors = _check_serial(files, options, out, keep)
    errors += len(missing)
    out.write(f"{_count(len(files), 'file')}, {_count(errors, 'error')}\n")
    return 1 if errors else 0


def _can_fork() -> bool:
    import multiprocessing  # only for several large files: a warm check of one file does not pay for it

    return "fork" in multiprocessing.get_all_start_methods()


PARALLEL_BYTES = 256 * 1024  # below this much source in all, worker processes cost more than they save


def _jobs(files: list[Path]) -> int:
    if len(files) < 2:
        return 1
    size = 0
    for f in files:
        try:
            size += f.stat().st_size
        except OSError:
            pass
    return min(os.cpu_count() or 1, len(files)) if size >= PARALLEL_BYTES else 1


def _check_serial(files: list[Path], options, out, keep: list | None = None) -> int:
    from spl2py.diagnostics import CompileError
    from spl2py.driver.cache import checked
    from spl2py.driver.check_report import deep_message, source_of
    from spl2py.driver.check_split import check_unit_in_halves
    from spl2py.driver.gc_pause import paused_gc
    from spl2py.driver.run import _cache_for, load_program

    errors = 0
    reported: set[str] = set()
    seen: set[str] = set()
    warned: set[str] = set()
    for index, file in enumerate(files):
        crash.working_on(file)
        if keep is not None and index:
            keep.clear()
            gc.collect()  # the collector is off (main.console): the previous file's cycles
        try:
            cache = _cache_for(file)
            with paused_gc():
                program = load_program(file, options, cache)
                if keep is not None:
                    keep[:] = [program]
                for warning in program.warnings:
                    text = warning.render(source_of(program, warning.span.file))
                    if text not in warned:
                        warned.add(text)
                        out.write(text + "\n")
                for unit in program.units:
                    if unit.pyname in seen:
                        continue
                    seen.add(unit.pyname)
                    crash.working_on(unit.path)
                    checked(unit, check_unit_in_halves, cache)
        except CompileError as exc:
            text = exc.render()
            if text not in reported:
                reported.add(text)
                errors += max(1, sum(d.severity == "error" for d in exc.diagnostics))
                out.write(text + "\n")
        except RecursionError:
            errors += 1
            out.write(deep_message(file))
    return errors


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'s' * (n != 1)}"


def fast_cli(argv: list[str], keep: list | None = None) -> int | None:
    """``spl2py check ...`` without typer (it imports pydantic: ~0.1 s), as the typer command does it.

    Handles ``check`` with PATHS and ``--lib DIR`` / ``--externs MODULE`` (or ``--lib=DIR``) in any
    order; returns None for anything else (no path, ``--help``, ``--``, an unknown option), which the
    typer app then handles.
    """
    if not argv or argv[0] != "check":
        return None
    values: dict[str, list[str]] = {"--lib": [], "--externs": []}
    paths: list[Path] = []
    i = 1
    while i < len(argv):
        arg = argv[i]
        name, eq, value = arg.partition("=")
        if not arg.startswith("-"):
            paths.append(Path(arg))
        elif name in values and eq:
            values[name].append(value)
        elif arg in values and i + 1 < len(argv):
            i += 1
            values[arg].append(argv[i])
        else:
            return None
        i += 1
    if not paths:
        return None
    from spl2py.driver.user_externs import load_externs
    from spl2py.modules import ModuleOptions

    if load_externs(values["--externs"]):
        return 2
    return check_paths(paths, ModuleOptions(lib_dirs=tuple(Path(d) for d in values["--lib"])), keep=keep)
