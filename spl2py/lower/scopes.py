"""Which names a function body binds, so lowering knows locals, ``nonlocal`` and ``global``.

Simple declares with ``val``/``var`` (and params, ``for`` targets, definitions, ``if val``, match
bindings); a plain ``x = v`` to a name declared in an enclosing function (a colon-block assigning an
outer variable) or at module level rebinds that outer name.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spl2py.syntax import ast
from spl2py.syntax.visit import LEAVES, assigned_names, bound_names, iter_child_nodes

_NESTED_SCOPES = (ast.Lambda, ast.FuncDef, ast.ClassDef, ast.EnumDef, ast.TraitDef, ast.ImplDef, ast.Comprehension)


_DEFINITIONS = (ast.FuncDef, ast.ClassDef, ast.EnumDef, ast.TraitDef, ast.ExternFn, ast.TypeAlias)
# node types ``bindings`` looks at; any other node only has its children visited
_BINDING = frozenset(_NESTED_SCOPES + _DEFINITIONS + (ast.Let, ast.For, ast.LetCond, ast.MatchArm, ast.WithItem,
                                                     ast.Assign, ast.Walrus))


def bindings(body: ast.Block) -> tuple[set[str], set[str]]:
    """(declared, assigned) names of a block and the blocks nested in it, not of nested functions."""
    declared: set[str] = set()
    assigned: set[str] = set()
    stack = [n for n in reversed(body) if isinstance(n, ast.Node)] if isinstance(body, tuple) else [body]
    while stack:
        node = stack.pop()
        t = type(node)
        if t in _BINDING:
            if t in _DEFINITIONS:
                declared.add(node.name)
                if t is ast.FuncDef:  # defaults run in the enclosing scope
                    stack.extend(p.default for p in reversed(node.params) if p.default is not None)
                continue
            if t in _NESTED_SCOPES:
                if t is ast.Comprehension:
                    stack.extend(c.iter for c in reversed(node.clauses) if type(c) is ast.CompFor)
                continue
            if t is ast.Let or t is ast.For:
                declared.update(bound_names(node.target))
            elif t is ast.LetCond or t is ast.MatchArm:
                declared.update(bound_names(node.pattern))
            elif t is ast.WithItem:
                if node.name:
                    declared.add(node.name)
            elif t is ast.Assign:
                assigned.update(assigned_names(node.target))
            elif t is ast.Walrus:
                assigned.add(node.name)
        elif t in LEAVES:
            continue
        children = iter_child_nodes(node)
        if children:
            children.reverse()
            stack.extend(children)
    return declared, assigned


@dataclass
class Scope:
    """A Python scope being generated: the module, or one function (``def``/lambda)."""

    kind: str  # "module" | "function"
    parent: "Scope | None" = None
    names: set[str] = field(default_factory=set)  # Simple names local to this scope
    nonlocals: set[str] = field(default_factory=set)
    globals: set[str] = field(default_factory=set)

    def function_chain(self):
        scope = self
        while scope is not None and scope.kind == "function":
            yield scope
            scope = scope.parent

    def module(self) -> "Scope":
        scope = self
        while scope.parent is not None:
            scope = scope.parent
        return scope

    def binds(self, name: str) -> bool:
        """Whether ``name`` is bound by this scope or an enclosing one."""
        scope = self
        while scope is not None:
            if name in scope.names or name in scope.nonlocals or name in scope.globals:
                return True
            scope = scope.parent
        return False


def function_scope(parent: Scope, params: list[str], body: ast.Block) -> Scope:
    """The scope of a function: params and declarations are local; a plain assignment to a name an
    enclosing scope declares rebinds it (``nonlocal``/``global``); any other assignment is local."""
    declared, assigned = bindings(body)
    scope = Scope("function", parent, set(params) | declared)
    module = parent.module()
    for name in sorted(assigned - scope.names):
        outer = next((s for s in parent.function_chain() if name in s.names or name in s.nonlocals), None)
        if outer is not None:
            scope.nonlocals.add(name)
        elif name in module.names:
            scope.globals.add(name)
        else:
            scope.names.add(name)
    return scope
