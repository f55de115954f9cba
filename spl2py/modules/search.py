"""Where a ``use`` path can live: project root, library roots, and the ordered candidate search.

Order for an absolute path ``a.b`` used from file F (first match wins):
  1. F's folder, then each parent folder up to F's home root (the project root for project files,
     the library root for library files);
  2. for ``lib.*`` / ``std.*`` paths, each library root in order: ``--lib`` dirs, ``SIMPLE_LIB``
     entries (``os.pathsep``-separated), the project's ``src/lib``, the library bundled in ``runtime``.
     In a library root the path is tried with the prefix stripped, then kept (and ``std.X`` also as
     ``lib/X``, since upstream maps both prefixes to ``src/lib``); any other path (``fs``,
     ``common.string_core``) is tried as written in each library root.
In each folder the candidates are ``a/b.spl``, ``a/b/mod.spl``, ``a/b/__init__.spl``.
A relative path (``.m``, ``..m``) is looked up only in F's folder (or its parent, ...).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from spl2py.modules.names import Home, contains, outside_home

PROJECT_MARKERS = ("pyproject.toml", "simple.sdn", ".git")
LIB_PREFIXES = ("lib", "std")


def absolute(path: Path | str) -> Path:
    """An absolute, normalised path that keeps symlinks (identity uses ``os.path.realpath``)."""
    return Path(os.path.abspath(os.fspath(path)))


def find_project_root(start: Path) -> Path:
    """The first folder from ``start`` upwards holding pyproject.toml, simple.sdn, .git or a src/ folder.

    Without one, the start folder itself (a lone script is its own project).
    """
    start = absolute(start)
    folder = start if start.is_dir() else start.parent
    for candidate in (folder, *folder.parents):
        if any(os.path.exists(candidate / m) for m in PROJECT_MARKERS) or (candidate / "src").is_dir():
            return candidate
    return folder


def bundled_lib() -> Path:
    """``runtime/lib``: Simple library sources shipped inside the runtime package."""
    import runtime  # a folder package: its data files lie beside its modules

    return absolute(os.path.join(os.path.dirname(runtime.__file__), "lib"))


def simple_lib_dirs(environ: os._Environ | dict | None = None) -> list[Path]:
    """The entries of ``SIMPLE_LIB`` (an ``os.pathsep``-separated list); empty entries are ignored."""
    value = (environ if environ is not None else os.environ).get("SIMPLE_LIB", "")
    return [absolute(p) for p in value.split(os.pathsep) if p.strip()]


def candidates(folder: Path, parts: Sequence[str]) -> list[Path]:
    """``folder/a/b.spl``, ``folder/a/b/mod.spl``, ``folder/a/b/__init__.spl`` for parts (a, b)."""
    base = folder.joinpath(*parts)
    files = [base / "mod.spl", base / "__init__.spl"]
    if parts:
        files.insert(0, base.parent / (parts[-1] + ".spl"))
    return files


@dataclass(slots=True)
class Search:
    """The outcome of one lookup: the file found (or None) and every path tried, in order."""

    found: Path | None
    tried: list[Path] = field(default_factory=list)


class Finder:
    """Resolves path segments to files for one program (one project root, one set of library roots)."""

    def __init__(self, project_root: Path, lib_dirs: Sequence[Path], use_simple_lib_env: bool = True):
        self.project_root = absolute(project_root)
        roots = [absolute(d) for d in lib_dirs]
        if use_simple_lib_env:
            roots += simple_lib_dirs()
        roots += [self.project_root / "src" / "lib", bundled_lib()]
        unique: list[Path] = []
        for root in roots:
            if root not in unique:
                unique.append(root)
        self.lib_roots = unique
        self.bundled = bundled_lib()
        homes = [Home(self.project_root, "app")]
        n = 0
        for root in unique:
            if root == self.bundled:
                homes.append(Home(root, "std"))
            else:
                n += 1
                homes.append(Home(root, "lib" if n == 1 else f"lib{n}"))
        # Deepest first: a file belongs to the innermost root holding it.
        self.homes = sorted(homes, key=lambda h: len(h.root.parts), reverse=True)
        self._live_roots = [r for r in unique if r.is_dir()]
        self._listings: dict[str, frozenset[str]] = {}
        self._files: dict[Path, bool] = {}

    def is_file(self, path: Path) -> bool:
        """``path.is_file()``, answered from cached folder listings (one ``listdir`` per folder)."""
        known = self._files.get(path)
        if known is None:
            folder = os.fspath(path.parent)
            names = self._listings.get(folder)
            if names is None:
                try:
                    names = frozenset(os.listdir(folder))
                except OSError:
                    names = frozenset()
                self._listings[folder] = names
            known = self._files[path] = path.name in names and os.path.isfile(path)
        return known

    def home_of(self, path: Path) -> Home:
        for home in self.homes:
            if contains(home.root, path):
                return home
        return outside_home(path)

    def search(
        self,
        importer: Path,
        parts: Sequence[str],
        level: int = 0,
        skip: Callable[[Path], bool] | None = None,
    ) -> Search:
        """Find the module ``parts`` used from the file ``importer`` (absolute).

        ``skip(path)`` rejects a candidate and lets the search go on (the importer itself, a
        comment-only ``__init__.spl``); the first skipped file is the fallback when nothing else matches.
        """
        result = Search(None)
        fallback: Path | None = None
        for folder, variant in self._places(importer, tuple(parts), level):
            for path in candidates(folder, variant):
                result.tried.append(path)
                if self.is_file(path):
                    if skip is not None and skip(path):
                        fallback = fallback or path
                        continue
                    result.found = path
                    return result
        result.found = fallback
        return result

    def _places(self, importer: Path, parts: tuple[str, ...], level: int):
        """(folder, path parts) pairs in search order."""
        folder = importer.parent
        if level > 0:
            for _ in range(level - 1):
                folder = folder.parent
            yield folder, parts
            return
        home = self.home_of(importer)
        while True:
            yield folder, parts
            if folder == home.root or not contains(home.root, folder) or folder.parent == folder:
                break
            folder = folder.parent
        if parts and parts[0] in LIB_PREFIXES and len(parts) > 1:
            variants = [parts[1:], parts]
            if parts[0] == "std":
                variants.append(("lib", *parts[1:]))
            for root in self._live_roots:
                for variant in variants:
                    yield root, variant
        elif parts:  # `use fs`, `use common.string_core`: upstream's library root holds any package
            for root in self._live_roots:
                yield root, parts
