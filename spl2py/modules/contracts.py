"""The contract between module resolution, lowering and the driver (docs/architecture.md)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from spl2py.diagnostics import Diagnostic
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
    methods: tuple[str, ...] = ()  # the target's Summary.methods: its impls on built-in types' names


@dataclass(frozen=True, slots=True)
class ModuleOptions:
    lib_dirs: tuple[Path, ...] = ()  # --lib options, searched before SIMPLE_LIB
    project_root: Path | None = None  # None: found by walking up from the entry file
    use_simple_lib_env: bool = True


class Unit:
    """One compiled module of a program.

    Constructed like the dataclass it was: ``Unit(path, pyname, source, module, imports)``.
    ``module`` may instead be parsed on first access (``parse=`` thunk): a program served from the
    cache never parses a module whose compiled code is cached.
    """

    __slots__ = ("path", "pyname", "source", "imports", "_module", "_parse")

    def __init__(
        self,
        path: Path,
        pyname: str,
        source: str,
        module: ast.Module | None = None,
        imports: dict[ast.Use, ResolvedUse] | None = None,
        *,
        parse: Callable[[], ast.Module] | None = None,
    ):
        if module is None and parse is None:
            raise TypeError("Unit needs a module or a parse function")
        self.path = path
        self.pyname = pyname
        self.source = source
        self.imports = {} if imports is None else imports
        self._module = module
        self._parse = parse

    @property
    def module(self) -> ast.Module:
        if self._module is None:
            self._module = self._parse()
        return self._module

    @module.setter
    def module(self, value: ast.Module) -> None:
        self._module = value

    @property
    def parsed(self) -> bool:
        """Whether the AST is in memory already (no parse on access)."""
        return self._module is not None

    def __repr__(self) -> str:
        return f"Unit({str(self.path)!r}, {self.pyname!r})"


@dataclass(slots=True)
class Program:
    entry: Unit
    units: list[Unit]  # dependency order: a unit comes after everything it imports
    warnings: list[Diagnostic] = field(default_factory=list)  # e.g. exported but never defined
