"""The lowered module against Python's own limits, with room to spare: every ``check``ed program is
one ``run`` compiles and ``build`` writes, tokenizes and formats. ``syntax.limits`` bounds the
Simple nesting; this pass catches what lowering adds (a ``defer`` is a ``try`` around the rest of
its block, so many defers in one block nest). Errors point at the Simple line of the statement.
"""

from __future__ import annotations

import ast as py

from spl2py.diagnostics import Span, error

MAX_INDENT = 90  # Python's tokenizer: 100 indentation levels
MAX_BLOCKS = 18  # CPython: 20 nested loop/try/with blocks per code object
MAX_EXPR = 180  # Python's tokenizer: 200 nested brackets

_BLOCKS = (py.For, py.While, py.Try, py.With, py.AsyncFor, py.AsyncWith)
_CODE = (py.FunctionDef, py.AsyncFunctionDef, py.ClassDef, py.Lambda)


def check_python_limits(module: py.Module, path: str) -> None:
    stack = [(stmt, 1, 0, 0) for stmt in reversed(module.body)]
    while stack:
        node, indent, blocks, exprs = stack.pop()
        for depth, limit, what in ((indent, MAX_INDENT, "blocks"), (blocks, MAX_BLOCKS, "loop/with/defer blocks"),
                                   (exprs, MAX_EXPR, "expression")):
            if depth > limit:
                span = Span(path, getattr(node, "lineno", 1), getattr(node, "col_offset", 0) + 1)
                raise error(span, f"{what} nested too deeply once lowered (limit {limit})",
                            "move the inner part into a function")
        inner_blocks = 0 if isinstance(node, _CODE) else blocks + isinstance(node, _BLOCKS)
        for child in reversed(list(py.iter_child_nodes(node))):
            if isinstance(child, py.stmt):
                elif_ = isinstance(node, py.If) and node.orelse == [child] and isinstance(child, py.If)
                stack.append((child, indent if elif_ else indent + 1, inner_blocks, 0))
            elif isinstance(child, py.expr):
                stack.append((child, indent, inner_blocks, exprs + 1))
            else:
                stack.append((child, indent, inner_blocks, exprs))
