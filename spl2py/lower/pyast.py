"""Small constructors for Python ``ast`` nodes, and source positions from Simple spans."""

from __future__ import annotations

import ast as py

LOAD, STORE = py.Load(), py.Store()


def name(id: str, ctx=LOAD) -> py.Name:
    return py.Name(id=id, ctx=ctx)


def const(value) -> py.Constant:
    return py.Constant(value=value)


def attr(value: py.expr, attr: str, ctx=LOAD) -> py.Attribute:
    return py.Attribute(value=value, attr=attr, ctx=ctx)


def rt(helper: str) -> py.Attribute:
    """``_spl.<helper>``: a runtime helper."""
    return attr(name("_spl"), helper)


def call(func: py.expr, *args: py.expr, keywords: list[py.keyword] | None = None) -> py.Call:
    return py.Call(func=func, args=list(args), keywords=keywords or [])


def rt_call(helper: str, *args: py.expr) -> py.Call:
    return call(rt(helper), *args)


def assign(target: py.expr, value: py.expr) -> py.Assign:
    return py.Assign(targets=[target], value=value)


def is_pure(expr: py.expr) -> bool:
    """Whether evaluating ``expr`` twice, or moving it, cannot change behaviour (names and constants)."""
    if isinstance(expr, (py.Name, py.Constant)):
        return True
    if isinstance(expr, py.Attribute) and isinstance(expr.value, py.Name) and expr.value.id == "_spl":
        return True
    return False


_POS = ("lineno", "col_offset", "end_lineno", "end_col_offset")


def locate(node: py.AST, line: int, col: int):
    """Give ``node`` and every descendant that has no position the position (line, col 1-based)."""
    stack = [node]
    while stack:
        n = stack.pop()
        if "lineno" in n._attributes:
            if getattr(n, "lineno", None) is not None:
                continue  # already placed, and so is everything under it
            n.lineno = n.end_lineno = line
            n.col_offset = max(col - 1, 0)
            n.end_col_offset = n.col_offset + 1
        stack.extend(py.iter_child_nodes(n))
    return node
