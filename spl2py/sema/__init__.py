"""Semantic analysis: name resolution over one module, between ``modules`` and ``lower``.

``analyze(module, imports) -> Analysis`` walks the module once (``resolver.py``), binds every name to a
``Symbol`` (``symbols.py``) and collects the static errors of the whole file in source order; it
raises ``CompileError`` holding all of them. The ``Analysis`` is what lowering reads: the Python name
of each binding and reference, the per-iteration bindings each closure captures, how each bare name
in a ``match`` pattern reads, and each Python scope's ``nonlocal``/``global`` names.
"""

from __future__ import annotations

from dataclasses import dataclass

from spl2py.diagnostics import CompileError
from spl2py.sema.symbols import Scope, Symbol
from spl2py.syntax import ast

__all__ = ["Analysis", "Scope", "Symbol", "analyze"]


@dataclass(eq=False)
class Analysis:
    module: ast.Module  # kept alive: the tables below are keyed by id() of its nodes
    symbols: dict[int, Symbol]
    cells: dict[int, list[Symbol]]
    patterns: dict[int, str]
    pyscopes: dict[int, Scope]
    diagnostics: list
    context_calls: dict[int, ast.ContextBlock]  # id(Call) -> the `context obj:` block receiving it
    extensions: frozenset = frozenset()  # method names impls on built-in types / blanket impls may answer
    field_methods: frozenset = frozenset()  # names that are both a field and a method of one type
    mangled: dict = None  # id(Name) of upstream's `Type__method` -> (Type's Python name, method)
    type_refs: dict = None  # id(Name) of a built-in type read for a static method (`i64.zero()`) -> its kind
    bodiless: frozenset = frozenset()  # id(Call) of skipped examples whose block had diagnostics (sema/skips.py)

    def builtin_type(self, node) -> str | None:
        """The runtime kind (``"int"``) when the Name ``node`` is a built-in type before ``.method``."""
        return self.type_refs.get(id(node)) if self.type_refs else None

    def mangled_static(self, node) -> tuple[str, str] | None:
        """``(type, method)`` when the Name ``node`` is upstream's mangled ``Type__method``."""
        return self.mangled.get(id(node)) if self.mangled else None

    def symbol(self, node) -> Symbol | None:
        """The symbol a Name / CapturePat / Param / WithItem (or pattern path) binds or reads."""
        return self.symbols.get(id(node))

    def pyname(self, node, default: str) -> str:
        sym = self.symbols.get(id(node))
        return sym.pyname if sym is not None and sym.kind not in ("builtin",) else default

    def cells_of(self, closure) -> list[str]:
        """Python names of the loop bindings a lambda/fn made in a loop captures (one cell per iteration)."""
        return [s.pyname for s in self.cells.get(id(closure), ())]

    def pattern_kind(self, pat: ast.Pattern) -> str | None:
        """For a bare name: "variant" (a unit-variant test), "bare" (run-time: the scrutinee's enum
        decides), "none" (``None`` where an enum in scope has a ``None`` variant: nil or that variant)
        or None (binds). For a one-word ``Name(...)`` pattern: "variant" (a test of the
        scrutinee's variant by name) or None (``Name`` is bound in scope: Some, a class, ...)."""
        return self.patterns.get(id(pat))

    def context_of(self, call: ast.Call) -> ast.ContextBlock | None:
        """The ``context obj:`` block whose object a call of an unbound name goes to, if any."""
        return self.context_calls.get(id(call))

    def scope_of(self, node) -> Scope | None:
        """The Python scope a FuncDef / Lambda / Module opens (``nonlocals``/``globals`` lists)."""
        return self.pyscopes.get(id(node))


def analyze(module: ast.Module, imports: dict | None = None, *, strict: bool = True, predefined=()) -> Analysis:
    """The analysis of ``module``. Its static errors, in source order, are raised as one ``CompileError``
    (``strict``), or left in ``Analysis.diagnostics`` for the caller to report with its own.
    ``predefined``: names the module's namespace already holds (the REPL's earlier inputs)."""
    from spl2py.sema.builtins import builtin_symbols, method_names
    from spl2py.sema.impls import extension_methods
    from spl2py.sema.resolver import Resolver

    r = Resolver(module, imports or {}, builtin_symbols(), method_names())
    for name in predefined:
        r.scope.names.setdefault(name, Symbol(name, "var", r.scope, None, name, True))
    r.run()
    # a mixin's method is checked in the mixin and again in each class using it: one error each
    unique = {(d.span.line, d.span.col, d.message): d for d in r.diagnostics}
    diagnostics = sorted(unique.values(), key=lambda d: (d.span.line, d.span.col))
    if diagnostics and strict:
        raise CompileError(diagnostics)
    extensions = extension_methods(module).union(*(getattr(u, "methods", ()) for u in (imports or {}).values()))
    return Analysis(module, r.symbols, r.cells, r.patterns, r.pyscopes, diagnostics, r.context_calls,
                    extensions, frozenset(r.field_methods), r.mangled, r.type_refs, frozenset(r.bodiless))
