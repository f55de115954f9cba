"""Small constructors for Python ``ast`` nodes, and source positions from Simple spans."""

from __future__ import annotations

import ast as py

LOAD, STORE = py.Load(), py.Store()


# Positional fields: an ``ast`` node takes them in half the time keywords take.

def name(id: str, ctx=LOAD) -> py.Name:
    return py.Name(id, ctx)


def const(value) -> py.Constant:
    return py.Constant(value)


def attr(value: py.expr, attr: str, ctx=LOAD) -> py.Attribute:
    return py.Attribute(value, attr, ctx)


def rt(helper: str) -> py.Attribute:
    """``_spl.<helper>``: a runtime helper."""
    return attr(name("_spl"), helper)


def call(func: py.expr, *args: py.expr, keywords: list[py.keyword] | None = None) -> py.Call:
    return py.Call(func, list(args), keywords or [])


def rt_call(helper: str, *args: py.expr) -> py.Call:
    return call(rt(helper), *args)


def assign(target: py.expr, value: py.expr) -> py.Assign:
    return py.Assign([target], value)


def is_pure(expr: py.expr) -> bool:
    """Whether evaluating ``expr`` twice, or moving it, cannot change behaviour (names and constants)."""
    if isinstance(expr, (py.Name, py.Constant)):
        return True
    if isinstance(expr, py.Attribute) and isinstance(expr.value, py.Name) and expr.value.id == "_spl":
        return True
    return False


def locate(node: py.AST, line: int, col: int):
    """Give ``node`` the position (line, col 1-based) unless it has one; a node that has no
    position of its own (a module, ``arguments``) passes it to its children. Descendants left
    without one take their nearest placed ancestor's, in one pass at the end (``place_and_check``
    in limits.py): placing every descendant here, per node lowered, cost a walk per node."""
    if "lineno" in node._attributes:
        if getattr(node, "lineno", None) is None:
            node.lineno = node.end_lineno = line
            node.col_offset = col - 1 if col > 1 else 0
            node.end_col_offset = node.col_offset + 1
    else:
        for child in py.iter_child_nodes(node):
            locate(child, line, col)
    return node
