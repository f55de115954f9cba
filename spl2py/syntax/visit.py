"""Traversal of the Simple AST, in the manner of CPython's ``ast`` module.

``iter_fields``/``iter_child_nodes``/``walk`` read any node generically (the AST is frozen
dataclasses whose children are nodes or tuples of nodes); ``NodeVisitor`` dispatches on the class
name (``visit_Call``); ``NodeTransformer`` rebuilds the nodes it changes with ``dataclasses.replace``.
``bound_names``/``assigned_names`` are the one definition of which names a pattern or an assignment
target binds; every layer uses them.
"""

from __future__ import annotations

from dataclasses import fields, replace
from functools import cache
from collections.abc import Iterator

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing (~3 ms) for annotations
if TYPE_CHECKING:
    from typing import Any

from spl2py.syntax import ast


@cache
def _field_names(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in fields(cls) if f.name != "span")


def iter_fields(node: ast.Node) -> Iterator[tuple[str, Any]]:
    """``(name, value)`` for each field of ``node`` but its span."""
    for name in _field_names(type(node)):
        yield name, getattr(node, name)


def _nodes_in(value: Any) -> Iterator[ast.Node]:
    if isinstance(value, ast.Node):
        yield value
    elif isinstance(value, tuple):
        for item in value:
            yield from _nodes_in(item)


# Annotations of fields that never hold a node: ``iter_child_nodes`` does not look into them.
_SCALAR_TYPES = frozenset({"str", "str | None", "bool", "int", "int | None", "float", "TypeText",
                           "TypeText | None", "tuple[str, ...]", "tuple[str, ...] | None"})


@cache
def child_fields(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in fields(cls) if f.name != "span" and str(f.type).strip() not in _SCALAR_TYPES)


def _leaf_types() -> frozenset[type]:
    return frozenset(c for c in vars(ast).values()
                     if isinstance(c, type) and issubclass(c, ast.Node) and not child_fields(c))


# Node classes with no field that can hold a node (``Name``, ``Int``, ``Pass``, ...): a walk need
# not ask for their children. About half the nodes of a program.
LEAVES = _leaf_types()


def iter_child_nodes(node: ast.Node) -> list[ast.Node]:
    """The direct child nodes of ``node`` (inside tuples and pairs too), in field order."""
    out: list[ast.Node] = []
    for name in child_fields(type(node)):
        value = getattr(node, name)
        if isinstance(value, ast.Node):
            out.append(value)
        elif type(value) is tuple:
            _flatten(value, out)
    return out


def _flatten(items: tuple, out: list) -> None:
    for item in items:
        if isinstance(item, ast.Node):
            out.append(item)
        elif type(item) is tuple:
            _flatten(item, out)


def walk(node: ast.Node | tuple) -> Iterator[ast.Node]:
    """Every node under ``node`` (a node or a block), ``node`` included, in pre-order."""
    stack = list(reversed(list(_nodes_in(node))))
    leaves = LEAVES
    while stack:
        current = stack.pop()
        yield current
        if current.__class__ in leaves:
            continue
        children = iter_child_nodes(current)
        if children:
            children.reverse()
            stack.extend(children)


class NodeVisitor:
    """Calls ``visit_<ClassName>`` for a node, or ``generic_visit`` (visit every child)."""

    def visit(self, node: ast.Node | tuple) -> Any:
        if isinstance(node, tuple):
            for item in _nodes_in(node):
                self.visit(item)
            return None
        method = getattr(self, "visit_" + type(node).__name__, self.generic_visit)
        return method(node)

    def generic_visit(self, node: ast.Node) -> None:
        for child in iter_child_nodes(node):
            self.visit(child)


class NodeTransformer(NodeVisitor):
    """Each ``visit_*`` returns the node to put in its place; unchanged subtrees keep identity."""

    def visit(self, node: ast.Node | tuple) -> Any:
        if isinstance(node, tuple):
            return self._transform(node)
        return super().visit(node)

    def generic_visit(self, node: ast.Node) -> ast.Node:
        changes = {}
        for name, value in iter_fields(node):
            new = self._transform(value)
            if new is not value:
                changes[name] = new
        return replace(node, **changes) if changes else node

    def _transform(self, value: Any) -> Any:
        if isinstance(value, ast.Node):
            return super().visit(value)
        if isinstance(value, tuple):
            items = tuple(self._transform(item) for item in value)
            return value if all(a is b for a, b in zip(items, value)) else items
        return value


def bound_names(pattern: ast.Pattern | None) -> list[str]:
    """Names a pattern binds, in source order (an or-pattern binds those of its first alternative)."""
    if isinstance(pattern, ast.CapturePat):
        return [pattern.name]
    if isinstance(pattern, ast.TuplePat):
        return [n for item in pattern.items for n in bound_names(item)]
    if isinstance(pattern, ast.VariantPat):
        return [n for item in pattern.args for n in bound_names(item)]
    if isinstance(pattern, (ast.FieldsPat, ast.StructPat)):
        return [n for _, item in pattern.fields for n in bound_names(item)]
    if isinstance(pattern, ast.OrPat):
        return bound_names(pattern.alternatives[0]) if pattern.alternatives else []
    return []


def assigned_names(target: ast.Expr) -> list[str]:
    """Plain names an assignment target rebinds (``a``, ``(a, b)``; not ``a.f`` or ``a[i]``)."""
    if isinstance(target, ast.Name):
        return [target.id]
    if isinstance(target, ast.TupleLit):
        return [n for item in target.items for n in assigned_names(item)]
    return []


def decorator_head(expr: ast.Expr) -> ast.Name | None:
    """The name a decorator expression starts with: ``d`` in ``@d``, ``@d.e(1)``."""
    while isinstance(expr, (ast.Call, ast.Attribute)):
        expr = expr.func if isinstance(expr, ast.Call) else expr.value
    return expr if isinstance(expr, ast.Name) else None
