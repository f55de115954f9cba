"""The contract between module resolution, lowering and the driver (docs/architecture.md)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from spl2py.diagnostics import Diagnostic

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing on the run path
if TYPE_CHECKING:  # the AST is imported only where a module is parsed (records.py)
    from spl2py.modules.records import UseRecord
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
    classes: tuple = ()  # the target's Summary.classes (records.ClassRecord): its classes and structs
    externs: tuple = ()  # the target's Summary.externs: (name, parameter names) of its extern fns


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

    ``imports`` maps each ``ast.Use`` of the module to its ``ResolvedUse`` (what lowering reads);
    ``uses`` is the same map keyed by ``UseRecord`` (what the resolver made). The loader gives
    ``uses=``, and ``imports`` is built from it on first access, so a cache hit never needs the AST.
    """

    __slots__ = ("path", "pyname", "source", "_imports", "_uses", "_module", "_parse")

    def __init__(
        self,
        path: Path,
        pyname: str,
        source: str,
        module: ast.Module | None = None,
        imports: dict[ast.Use, ResolvedUse] | None = None,
        *,
        parse: Callable[[], ast.Module] | None = None,
        uses: dict[UseRecord, ResolvedUse] | None = None,
    ):
        if module is None and parse is None:
            raise TypeError("Unit needs a module or a parse function")
        self.path = path
        self.pyname = pyname
        self.source = source
        self._imports = {} if imports is None and uses is None else imports
        self._uses = uses
        self._module = module
        self._parse = parse

    @property
    def imports(self) -> dict[ast.Use, ResolvedUse]:
        if self._imports is None:
            self._imports = {use.node(): resolved for use, resolved in self._uses.items()}
        return self._imports

    @imports.setter
    def imports(self, value: dict[ast.Use, ResolvedUse]) -> None:
        self._imports, self._uses = value, None

    @property
    def uses(self) -> dict[UseRecord, ResolvedUse]:
        if self._uses is None:
            from spl2py.modules.records import record_of

            self._uses = {record_of(use): resolved for use, resolved in self._imports.items()}
        return self._uses

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
