"""Module resolution: ``use`` paths to files, the module graph, and Python module names.

The dataclasses below are the contract with lowering and the driver (docs/architecture.md).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from spl2py.syntax import ast


@dataclass(frozen=True, slots=True)
class Binding:
    """``local`` is bound to the module itself (source None) or to its item ``source``."""

    local: str
    source: str | None


@dataclass(frozen=True, slots=True)
class ResolvedUse:
    target: str  # pyname of a generated module, or a Python module such as "runtime.spec"
    bindings: tuple[Binding, ...]


@dataclass(frozen=True, slots=True)
class ModuleOptions:
    lib_dirs: tuple[Path, ...] = ()  # --lib options, searched before SIMPLE_LIB
    project_root: Path | None = None  # None: found by walking up from the entry file
    use_simple_lib_env: bool = True


@dataclass(slots=True)
class Unit:
    """One compiled module of a program."""

    path: Path
    pyname: str
    source: str
    module: ast.Module
    imports: dict[ast.Use, ResolvedUse] = field(default_factory=dict)


@dataclass(slots=True)
class Program:
    entry: Unit
    units: list[Unit]  # dependency order: a unit comes after everything it imports
