"""``import spl2py.hook``: Python code can import .spl modules found on ``sys.path``.

    import spl2py.hook
    from myproj.geometry import area_of      # myproj/geometry.spl

A ``sys.meta_path`` finder finds ``<entry>/<name>.spl`` or ``<entry>/<name>/__init__.spl`` (a
package); a Python module of the same name in the same folder, or earlier on the path, wins. Loading compiles the module
and everything it uses through the same resolver and cache as ``spl2py run``: the imported Simple
modules live under their ``_splmod.*`` names; the module Python asked for is the entry itself.
A compile error is raised as ``ImportError`` carrying the rendered diagnostics.
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import importlib.util
import os
import sys
from pathlib import Path

from spl2py.modules.names import PACKAGE


class SplImportError(ImportError):
    """A .spl module that does not compile (the message holds the diagnostics)."""


class SplLoader(importlib.abc.Loader):
    def __init__(self, path: Path):
        self.path = path

    def create_module(self, spec):
        return None  # the default module object

    def exec_module(self, module) -> None:
        from spl2py.diagnostics import CompileError
        from spl2py.driver.cache import cached_code, open_cache
        from spl2py.driver.compile import compile_unit
        from spl2py.driver.run import ProgramError, install
        from spl2py.modules import ModuleOptions, load_program
        from spl2py.modules.search import find_project_root

        try:
            cache = open_cache(find_project_root(self.path))
            program = load_program(self.path, ModuleOptions(), cache=cache)
            codes = [(unit, cached_code(unit, compile_unit, cache)) for unit in program.units]
        except CompileError as exc:
            raise SplImportError(exc.render(), name=module.__name__, path=str(self.path)) from None
        try:
            for unit, code in codes[:-1]:
                if getattr(sys.modules.get(unit.pyname), "__file__", None) is None:
                    install(unit, code)
        except ProgramError as err:
            raise err.exc
        entry, code = codes[-1]
        sys.modules.setdefault(entry.pyname, module)  # later .spl imports of it reuse this module
        exec(code, module.__dict__)


def _listing(folder: str, cache: dict) -> frozenset[str]:
    """The names in ``folder`` (cached until the folder's mtime changes, like Python's FileFinder)."""
    try:
        mtime = os.stat(folder).st_mtime_ns
    except OSError:
        return frozenset()
    hit = cache.get(folder)
    if hit is None or hit[0] != mtime:
        try:
            hit = (mtime, frozenset(os.listdir(folder)))
        except OSError:
            hit = (mtime, frozenset())
        cache[folder] = hit
    return hit[1]


class SplFinder(importlib.abc.MetaPathFinder):
    """Finds ``name.spl`` / ``name/__init__.spl``; a Python module or package of the same name in
    the same folder (or an earlier sys.path entry) wins. It sits before Python's PathFinder so an
    ``__init__.spl`` folder becomes a package rather than a namespace package."""

    def __init__(self) -> None:
        self._listings: dict[str, tuple[int, frozenset[str]]] = {}

    def find_spec(self, fullname, path=None, target=None):
        if fullname.partition(".")[0] == PACKAGE:
            return None  # generated modules are installed directly, never searched
        name = fullname.rpartition(".")[2]
        python_files = {name + suffix for suffix in importlib.machinery.all_suffixes()}
        for entry in sys.path if path is None else path:
            folder = os.path.abspath(entry or os.curdir)
            names = _listing(folder, self._listings)
            if names.isdisjoint(python_files | {name + ".spl", name}):
                continue
            if not names.isdisjoint(python_files):
                return None  # a Python module comes first in this folder
            package = os.path.join(folder, name)
            if name in names and os.path.isfile(os.path.join(package, "__init__.py")):
                return None
            file = Path(folder) / f"{name}.spl"
            if name + ".spl" in names and file.is_file():
                return importlib.util.spec_from_file_location(fullname, file, loader=SplLoader(file))
            init = Path(package) / "__init__.spl"
            if init.is_file():
                return importlib.util.spec_from_file_location(
                    fullname, init, loader=SplLoader(init), submodule_search_locations=[package]
                )
            if name in names:
                return None  # a plain folder: Python makes it a namespace package
        return None

    def invalidate_caches(self) -> None:
        self._listings.clear()


FINDER = SplFinder()


def install() -> None:
    """Add the finder before Python's path finder (done on import; idempotent)."""
    if FINDER in sys.meta_path:
        return
    position = next(
        (i for i, f in enumerate(sys.meta_path) if f is importlib.machinery.PathFinder), len(sys.meta_path)
    )
    sys.meta_path.insert(position, FINDER)


def uninstall() -> None:
    if FINDER in sys.meta_path:
        sys.meta_path.remove(FINDER)


install()
