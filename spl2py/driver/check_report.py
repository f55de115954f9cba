"""What ``check`` prints for a unit, shared by the serial check and its worker processes."""

from __future__ import annotations


def deep_message(file) -> str:
    return f"{file}:1:1: error: program too deeply nested\n"


def source_of(program, file: str) -> str | None:
    """The source text of the program's unit at ``file`` (for rendering a warning there)."""
    for unit in program.units:
        if str(unit.path) == file:
            return unit.source
    return None
