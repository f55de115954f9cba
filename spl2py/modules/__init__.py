"""Module resolution: ``use`` paths to files, the module graph, and Python module names.

The contract dataclasses live in ``spl2py.modules.contracts`` and are re-exported here.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from spl2py.modules.contracts import Binding, ModuleOptions, Program, ResolvedUse, Unit
from spl2py.modules.loader import Loader, load_all

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing on the run path
if TYPE_CHECKING:
    from spl2py.syntax import ast

__all__ = ["Binding", "ModuleOptions", "Program", "ResolvedUse", "Unit", "load_program", "units_of"]


def units_of(loader: Loader) -> dict[str, Unit]:
    """Units for every module a loader visited, by real path, in dependency order."""
    units: dict[str, Unit] = {}
    for node in loader.order:
        parse = None
        if node.module is None:
            parse = _parser(loader, node.source, str(node.path))
        units[node.real] = Unit(node.path, node.pyname, node.source, node.module, parse=parse, uses=node.resolved)
    return units


def _parser(loader: Loader, source: str, path: str) -> Callable[[], ast.Module]:
    def parse() -> ast.Module:
        from spl2py.modules.summary import rewrite_exports

        return rewrite_exports(loader.parse(source, path))

    return parse


def load_program(entry: Path, options: ModuleOptions | None = None, *, cache=None) -> Program:
    """Parse ``entry`` and every module it reaches (each once); units in dependency order.

    Raises ``CompileError`` for a module not found, a missing name, an import cycle, or two files
    mapping to one Python module name. With ``cache`` (see ``spl2py.driver.cache``), summaries come
    from the cache and ASTs are parsed only when ``Unit.module`` is first read.
    """
    loader = load_all([entry], options or ModuleOptions(), cache=cache)
    units = units_of(loader)
    entry_unit = units[loader.load(entry).real]
    return Program(entry_unit, list(units.values()), loader.warnings)
