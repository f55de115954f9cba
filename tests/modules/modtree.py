"""Helpers for resolver tests: write a small project, load it, look at units and bindings."""

from __future__ import annotations

from pathlib import Path

from spl2py.modules import Binding, ModuleOptions, Program, load_program


def write_tree(root: Path, files: dict[str, str], marker: str | None = "simple.sdn") -> Path:
    """Write ``files`` (relative path -> text) under ``root``; add a project marker file."""
    root.mkdir(parents=True, exist_ok=True)
    if marker:
        (root / marker).write_text("")
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def load(entry: Path, **options) -> Program:
    return load_program(entry, ModuleOptions(**options))


def unit_named(program: Program, suffix: str):
    """The unit whose path ends with ``suffix`` (posix form)."""
    for unit in program.units:
        if Path(unit.path).as_posix().endswith(suffix):
            return unit
    raise AssertionError(f"no unit {suffix}: {[str(u.path) for u in program.units]}")


def bindings(program: Program, unit_suffix: str = "main.spl") -> list[tuple[str, str, str | None]]:
    """(target, local, source) for every binding of a unit's uses, in source order."""
    unit = unit_named(program, unit_suffix)
    out = []
    for use in sorted(unit.imports, key=lambda u: (u.span.line, u.span.col)):
        resolved = unit.imports[use]
        out += [(resolved.target, b.local, b.source) for b in resolved.bindings]
    return out


__all__ = ["Binding", "write_tree", "load", "unit_named", "bindings"]
