"""The module graph: follow every ``use`` from the entry files, bind names, order units.

Each module is read and summarised once (``Summary``, cacheable by source hash), then visited in
depth-first order with an explicit stack, so a long import chain never hits the recursion limit.
A unit comes after everything it imports; an import cycle is an error that prints the cycle.
"""

from __future__ import annotations

import hashlib
import importlib
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from spl2py.diagnostics import CompileError, Diagnostic, Span, error
from spl2py.modules.contracts import Binding, ResolvedUse
from spl2py.modules.names import Home, pyname_for
from spl2py.modules.records import Summary, UseRecord
from spl2py.modules.search import Finder, absolute, find_project_root

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing on the run path
if TYPE_CHECKING:  # parsing (and with it the AST) is imported only on a cache miss
    from spl2py.syntax import ast

# ``use std.spec`` (and its aliases) is the Python SSpec runtime unless a .spl module of that path exists.
PYTHON_MODULES = {
    (prefix, name): "runtime.spec" for prefix in ("std", "lib") for name in ("spec", "sspec", "spipe")
}

NEW, ACTIVE, DONE = 0, 1, 2


def source_digest(source: str) -> str:
    return hashlib.sha256(source.encode("utf-8", "surrogatepass")).hexdigest()


@dataclass(eq=False, slots=True)
class ModNode:
    """One .spl file in the graph."""

    path: Path  # as shown to the user and given to the parser (relative to cwd when the entry was)
    abspath: Path  # absolute, symlinks kept
    real: str  # os.path.realpath: the file's identity
    home: Home
    pyname: str
    source: str
    digest: str
    summary: Summary
    module: ast.Module | None = None  # set when parsed here (a cache hit parses later, on demand)
    state: int = NEW
    resolved: dict[UseRecord, "ResolvedUse"] = field(default_factory=dict)
    bound: dict[str, bool] = field(default_factory=dict)  # local name -> re-exported
    importable: set[str] = field(default_factory=set)
    public: tuple[str, ...] = ()  # what ``use m.*`` binds


@dataclass(slots=True)
class Located:
    """Where a ``use`` points: a graph node or a Python module, whole or one item of it."""

    node: ModNode | None = None
    python: str | None = None
    item: str | None = None  # None: the module itself (or, with names/glob, its items)


def python_module_names(name: str) -> tuple[str, ...]:
    """Importable names of a Python module: its ``__all__``, else its public globals."""
    module = importlib.import_module(name)
    names = getattr(module, "__all__", None)
    if names is None:
        names = [n for n in vars(module) if not n.startswith("_")]
    return tuple(names)


class Loader:
    """Loads modules for one program or build. ``cache`` (optional) stores summaries by source hash."""

    def __init__(
        self,
        finder: Finder,
        *,
        relative_display: bool = False,
        cache=None,
        parse: Callable[[str, str], ast.Module] | None = None,
    ):
        self.finder = finder
        self.relative_display = relative_display
        self.cache = cache
        self._parse = parse
        self.by_real: dict[str, ModNode] = {}
        self.by_pyname: dict[str, ModNode] = {}
        self.order: list[ModNode] = []
        self.warnings: list[Diagnostic] = []
        self._python_names: dict[str, tuple[str, ...]] = {}
        self.parsed = 0  # files parsed here (not served by the cache)
        self._real: dict[Path, str] = {}

    def realpath(self, path: Path) -> str:
        real = self._real.get(path)
        if real is None:
            real = self._real[path] = os.path.realpath(path)
        return real

    # ------------------------------------------------------------------ reading

    def parse(self, source: str, path: str) -> ast.Module:
        if self._parse is None:
            from spl2py.syntax import parse, use_grammar_store

            store = getattr(self.cache, "grammar_store", None)
            if store is not None:  # the parser's built grammar is kept in the cache too
                use_grammar_store(store())
            self._parse = parse
        return self._parse(source, path)

    def display(self, path: Path) -> Path:
        if self.relative_display:
            rel = os.path.relpath(path)
            if not rel.startswith(".."):
                return Path(rel)
        return path

    def read(self, abspath: Path) -> ModNode:
        """The node for a file, reading and summarising it on first sight (not yet claimed)."""
        real = self.realpath(abspath)
        node = self.by_real.get(real)
        if node is not None:
            return node
        source = read_source(abspath, str(self.display(abspath)))
        path = self.display(abspath)
        digest = source_digest(source)
        summary = self.cache.load_summary(str(path), digest) if self.cache is not None else None
        module = None
        if summary is None:
            from spl2py.modules.summary import rewrite_exports, summarize

            self.parsed += 1
            module = rewrite_exports(self.parse(source, str(path)))
            summary = summarize(module)
            if self.cache is not None:
                self.cache.store_summary(str(path), digest, summary)
        return self.seed(abspath, source, summary, module)

    def seed(self, abspath: Path, source: str, summary: Summary, module: ast.Module | None) -> ModNode:
        """Register a file summarised elsewhere (a build parses in worker processes)."""
        real = self.realpath(abspath)
        path = self.display(abspath)
        home = self.finder.home_of(abspath)
        node = ModNode(
            path, abspath, real, home, pyname_for(abspath, home), source, source_digest(source), summary, module
        )
        self.by_real[real] = node
        return node

    def claim(self, node: ModNode, span: Span | None) -> None:
        """Register the node's Python name; two files with one name are an error."""
        other = self.by_pyname.setdefault(node.pyname, node)
        if other is node:
            return
        where = span or Span(str(node.path), 1, 1)
        raise self.error(
            where,
            f"`{self.short(other)}` and `{self.short(node)}` both map to the Python module name "
            f"`{node.pyname}`",
            "rename one of them (path components are turned into identifiers: `my-util` is `my_util`)",
        )

    # ------------------------------------------------------------------ queries (for the build driver)

    def knows(self, abspath: Path) -> bool:
        """Whether the file (by real path) is in the graph already."""
        return self.realpath(abspath) in self.by_real

    def node_of(self, abspath: Path) -> ModNode:
        """The graph node of a file read or seeded before."""
        return self.by_real[self.realpath(abspath)]

    def rendered_warnings(self) -> list[str]:
        """Every warning so far, rendered with its source line."""
        sources = {str(n.path): n.source for n in self.by_real.values()}
        return [w.render(sources.get(w.span.file)) for w in self.warnings]

    # ------------------------------------------------------------------ traversal

    def load(self, entry: Path) -> ModNode:
        """Visit ``entry`` and everything it imports; returns the entry's node."""
        root = self.read(absolute(entry))
        if root.state == DONE:
            return root
        self.claim(root, None)
        stack: list[tuple[ModNode, int, Located | None]] = [(root, 0, None)]
        root.state = ACTIVE
        while stack:
            node, i, located = stack[-1]
            uses = node.summary.uses
            if i == len(uses):
                self.finish(node)
                stack.pop()
                continue
            use = uses[i]
            if located is None:
                located = self.locate(node, use)
                stack[-1] = (node, i, located)
            dep = located.node
            if dep is not None and dep.state != DONE:
                if dep.state == ACTIVE:
                    raise self.cycle_error(node, use, dep, [frame[0] for frame in stack])
                self.claim(dep, use.span)
                dep.state = ACTIVE
                stack.append((dep, 0, None))
                continue
            node.resolved[use] = self.bind(node, use, located)
            if node.summary.top_level[i]:
                for binding in node.resolved[use].bindings:
                    node.bound[binding.local] = use.reexport or node.bound.get(binding.local, False)
            stack[-1] = (node, i + 1, None)
        return root

    def finish(self, node: ModNode) -> None:
        """All imports bound: compute what the module offers, warn on exports never defined."""
        summary = node.summary
        node.importable = set(summary.defined) | set(node.bound)
        facade = node.abspath.name in ("__init__.spl", "mod.spl")
        public = [n for n in summary.defined if not n.startswith("_")]
        public += [n for n, reexported in node.bound.items() if reexported or facade]
        for name, span in summary.exports:
            if name in node.importable:
                public.append(name)
            else:
                self.warnings.append(
                    Diagnostic(span, f"`{name}` is exported but never defined", "warning")
                )
        node.public = tuple(dict.fromkeys(public))
        node.state = DONE
        self.order.append(node)

    # ------------------------------------------------------------------ locating a use

    def locate(self, node: ModNode, use: UseRecord) -> Located:
        parts = use.path

        def skip(path: Path) -> bool:
            # A module never imports itself; a comment-only __init__.spl lets the search go on.
            if self.realpath(path) == node.real:
                return True
            return path.name == "__init__.spl" and self.read(path).summary.empty

        first = self.finder.search(node.abspath, parts, use.level, skip)
        if first.found is not None and self.realpath(first.found) != node.real:
            return Located(node=self.read(first.found))
        if parts in PYTHON_MODULES:
            return Located(python=PYTHON_MODULES[parts])
        tried = list(first.tried)
        single = use.names is None and not use.glob
        if single and parts and (len(parts) >= 2 or use.level > 0):
            parent = parts[:-1]
            second = self.finder.search(node.abspath, parent, use.level, skip)
            if second.found is not None and self.realpath(second.found) != node.real:
                return Located(node=self.read(second.found), item=parts[-1])
            if parent in PYTHON_MODULES:
                return Located(python=PYTHON_MODULES[parent], item=parts[-1])
            tried += [p for p in second.tried if p not in tried]
        listing = "\n      ".join(str(self.display(p)) for p in tried) or "(no folder to search)"
        raise self.error(
            use.span,
            f"module `{dotted(use)}` not found",
            f"searched, in order:\n      {listing}",
        )

    # ------------------------------------------------------------------ binding names

    def offers(self, located: Located) -> tuple[set[str], tuple[str, ...], str]:
        """(importable names, glob names, pyname) of the module a use points at."""
        if located.python is not None:
            names = self._python_names.get(located.python)
            if names is None:
                names = self._python_names[located.python] = python_module_names(located.python)
            return set(names), names, located.python
        node = located.node
        return node.importable, node.public, node.pyname

    def bind(self, node: ModNode, use: UseRecord, located: Located) -> "ResolvedUse":
        resolved = self.bind_names(node, use, located)
        summary = located.node.summary if located.node is not None else None
        if summary is not None and (summary.methods or summary.classes or summary.externs):
            resolved = ResolvedUse(resolved.target, resolved.bindings, summary.methods, summary.classes,
                                   summary.externs)
        return resolved

    def bind_names(self, node: ModNode, use: UseRecord, located: Located) -> "ResolvedUse":
        importable, public, target = self.offers(located)
        if use.glob:
            return ResolvedUse(target, tuple(Binding(n, n) for n in public))
        if use.names is not None:
            bindings = []
            for item in use.names:
                self.check_item(node, located, item.name, importable, item.span, use)
                bindings.append(Binding(item.alias or item.name, item.name))
            return ResolvedUse(target, tuple(bindings))
        if located.item is not None:
            self.check_item(node, located, located.item, importable, use.span, use)
            return ResolvedUse(target, (Binding(use.alias or located.item, located.item),))
        if not use.path and use.alias is None:
            raise self.error(use.span, "this `use` binds nothing: name the items, or add `as NAME`")
        return ResolvedUse(target, (Binding(use.alias or use.path[-1], None),))

    def check_item(self, node, located, name, importable, span, use) -> None:
        if name in importable:
            return
        where = located.python or dotted_target(use, located)
        hint = None
        close = close_names(name, importable)
        if close:
            hint = "did you mean " + ", ".join(f"`{c}`" for c in close) + "?"
        elif located.node is not None:
            sub = self.finder.search(located.node.abspath, (name,), 1)
            if sub.found is not None and located.node.abspath.name in ("__init__.spl", "mod.spl"):
                hint = f"`{name}` is a submodule: write `use {dotted(use)}.{name}` to bind it"
        raise self.error(span, f"module `{where}` has no item `{name}`", hint)

    # ------------------------------------------------------------------ errors

    def short(self, node: ModNode) -> str:
        root = self.finder.project_root
        if node.abspath.is_relative_to(root):
            return node.abspath.relative_to(root).as_posix()
        return str(node.path)

    def cycle_error(self, node: ModNode, use: UseRecord, dep: ModNode, active: list[ModNode]) -> CompileError:
        ring = active[active.index(dep) :] + [dep]
        chain = " -> ".join(self.short(n) for n in ring)
        return self.error(use.span, f"import cycle: {chain}", "move the shared definitions into a module both can use")

    def error(self, span: Span, message: str, hint: str | None = None) -> CompileError:
        err = error(span, message, hint)
        for n in self.by_real.values():
            err.sources[str(n.path)] = n.source
        return CompileError(err.diagnostics, err.sources)


def close_names(name: str, names: Iterable[str]) -> list[str]:
    """Up to three names like ``name`` (case-insensitive), best first."""
    import difflib

    by_lower: dict[str, str] = {}
    for n in sorted(names):
        by_lower.setdefault(n.lower(), n)
    return [by_lower[m] for m in difflib.get_close_matches(name.lower(), list(by_lower), n=3, cutoff=0.5)]


def dotted(use: UseRecord) -> str:
    return "." * use.level + ".".join(use.path)


def dotted_target(use: UseRecord, located: Located) -> str:
    if located.item is not None:
        return "." * use.level + ".".join(use.path[:-1])
    return dotted(use)


def read_source(path: Path, display: str | None = None) -> str:
    """The text of a .spl file, or a one-line ``CompileError`` saying why it cannot be read:
    missing, a dangling link or a link loop, a folder, unreadable, or not UTF-8 (with the byte
    offset, line and column of the first bad byte)."""
    shown = display or str(path)
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise error(Span(shown, 1, 1), _unreadable(Path(path), exc)) from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise error(
            Span(shown, line, col),
            f"not valid UTF-8: byte 0x{data[exc.start]:02x} at offset {exc.start} (save the file as UTF-8)",
        ) from None


def _unreadable(path: Path, exc: OSError) -> str:
    import errno

    if exc.errno == errno.ELOOP:
        return "cannot read: symbolic link loop"
    if exc.errno == errno.ENOENT and os.path.islink(path):
        return f"cannot read: broken symbolic link (to {os.readlink(path)}, which does not exist)"
    if exc.errno == errno.ENOENT:
        return "no such file"
    if exc.errno == errno.EISDIR or path.is_dir():
        return "is a folder, not a .spl file"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "cannot read: permission denied"
    return f"cannot read: {exc.strerror or exc}"


def make_finder(start: Path, options) -> Finder:
    """The finder for a program whose entry file (or source folder) is ``start``."""
    root = options.project_root or find_project_root(absolute(start))
    return Finder(root, options.lib_dirs, options.use_simple_lib_env)


def load_all(entries: Iterable[Path], options, *, cache=None, relative_display: bool | None = None) -> Loader:
    """A loader that has visited every entry (a build's file list or one program's entry)."""
    entries = list(entries)
    if relative_display is None:
        relative_display = bool(entries) and not Path(entries[0]).is_absolute()
    loader = Loader(make_finder(entries[0], options), relative_display=relative_display, cache=cache)
    for entry in entries:
        loader.load(entry)
    return loader
