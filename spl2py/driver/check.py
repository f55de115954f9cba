"""``spl2py check PATHS``: every stage ``run`` and ``build`` apply, on every .spl file; 0 or 1.

For each unit: parse, resolve, lower, Python's ``compile()``, and the build's text path
(``ast.unparse`` + Python's parser) through ``compile.check_unit``, the functions run and build
call themselves. Any failure of those stages is a located diagnostic, so a program ``check``
accepts is one ``run`` and ``build`` compile.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from pathlib import Path
from typing import Iterable

from spl2py.driver import crash

SKIP_DIRS = frozenset({"__pycache__", "node_modules", "venv", "site-packages"})


def spl_files(paths: Iterable[Path]) -> tuple[list[Path], list[str]]:
    """The .spl files named or found (recursively) under ``paths``, and the paths that do not exist.

    Under a folder, hidden folders and editor lock/backup files are skipped; a named path that is
    not a folder is checked as given (reading it reports why it cannot be read).
    """
    from spl2py.driver.build import editor_file

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


def check_paths(paths: Iterable[Path], options=None, out=None, jobs: int | None = None) -> int:
    """Check every file; diagnostics go to ``out`` (stderr), then ``N files, N errors``. 0 when no error, else 1.

    An error in a module that several checked files import is shown (and counted) once. With
    several files (``jobs``: worker processes; None: one per core, when the sources are large
    enough to pay for them) the files are checked in parallel and reported as a serial check would.
    """
    out = out or sys.stderr
    files, missing = spl_files(paths)
    for m in missing:
        out.write(f"{m}: error: no such file or folder\n")
    jobs = _jobs(files) if jobs is None else min(jobs, len(files))
    if jobs > 1 and "fork" in multiprocessing.get_all_start_methods():
        from spl2py.driver.check_pool import check_parallel

        errors = check_parallel(files, options, out, jobs)
    else:
        errors = _check_serial(files, options, out)
    errors += len(missing)
    out.write(f"{_count(len(files), 'file')}, {_count(errors, 'error')}\n")
    return 1 if errors else 0


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


def _check_serial(files: list[Path], options, out) -> int:
    from spl2py.diagnostics import CompileError
    from spl2py.driver.check_pool import deep_message, source_of
    from spl2py.driver.compile import check_unit
    from spl2py.driver.gc_pause import paused_gc
    from spl2py.driver.run import load_program

    errors = 0
    reported: set[str] = set()
    seen: set[str] = set()
    warned: set[str] = set()
    for file in files:
        crash.working_on(file)
        try:
            with paused_gc():
                program = load_program(file, options)
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
                    check_unit(unit)
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
