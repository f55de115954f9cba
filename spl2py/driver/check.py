"""``spl2py check PATHS``: parse, resolve and lower every .spl file; print diagnostics; 0 or 1."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Iterable

SKIP_DIRS = frozenset({"__pycache__", "node_modules", "venv", "site-packages"})


def spl_files(paths: Iterable[Path]) -> tuple[list[Path], list[str]]:
    """The .spl files named or found (recursively) under ``paths``, and the paths that do not exist."""
    files: list[Path] = []
    missing: list[str] = []
    for path in paths:
        path = Path(path)
        if path.is_dir():
            for f in sorted(path.rglob("*.spl")):
                rel = f.relative_to(path).parts[:-1]
                if not any(p.startswith(".") or p in SKIP_DIRS for p in rel):
                    files.append(f)
        elif path.is_file():
            files.append(path)
        else:
            missing.append(str(path))
    return files, missing


def check_paths(paths: Iterable[Path], options=None, out=None) -> int:
    """Check every file; diagnostics go to ``out`` (stderr), then ``N files, N errors``. 0 when no error, else 1.

    An error in a module that several checked files import is shown (and counted) once.
    """
    from spl2py.diagnostics import CompileError
    from spl2py.driver.compile import lower_unit
    from spl2py.driver.run import load_program

    out = out or sys.stderr
    files, missing = spl_files(paths)
    for m in missing:
        out.write(f"error: no such file or folder: {m}\n")
    errors = len(missing)
    reported: set[str] = set()
    seen: set[str] = set()
    warned: set[str] = set()
    for file in files:
        try:
            program = load_program(file, options)
            for warning in program.warnings:
                text = warning.render(_source_of(program, warning.span.file))
                if text not in warned:
                    warned.add(text)
                    out.write(text + "\n")
            for unit in program.units:
                if unit.pyname in seen:
                    continue
                seen.add(unit.pyname)
                lower_unit(unit)
        except CompileError as exc:
            text = exc.render()
            if text not in reported:
                reported.add(text)
                errors += max(1, sum(d.severity == "error" for d in exc.diagnostics))
                out.write(text + "\n")
        except RecursionError:
            errors += 1
            out.write(f"{file}: error: program too deeply nested\n")
    out.write(f"{_count(len(files), 'file')}, {_count(errors, 'error')}\n")
    return 1 if errors else 0


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'s' * (n != 1)}"


def _source_of(program, file: str) -> str | None:
    for unit in program.units:
        if str(unit.path) == file:
            return unit.source
    return None
