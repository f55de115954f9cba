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


def place_and_check(module: py.Module, path: str) -> None:
    """One walk over the lowered module: give each node left without a position its nearest
    placed ancestor's (see ``pyast.locate``), and check the nesting against Python's limits."""
    stack = [(stmt, 1, 0, 0, 1, 0) for stmt in reversed(module.body)]
    pop, push = stack.pop, stack.append
    while stack:
        node, indent, blocks, exprs, line, col = pop()
        cls = type(node)
        shape = _SHAPES.get(cls) or _shape(cls)
        fields, positioned, is_stmt, is_block, is_code = shape
        if positioned:
            own = getattr(node, "lineno", None)
            if own is None:
                node.lineno = node.end_lineno = line
                node.col_offset = col
                node.end_col_offset = col + 1
            else:
                line, col = own, node.col_offset
        if indent > MAX_INDENT or blocks > MAX_BLOCKS or exprs > MAX_EXPR:
            _too_deep(node, path, indent, blocks)
        inner_blocks = 0 if is_code else blocks + is_block
        children = []
        for name in fields:
            value = getattr(node, name, None)
            if type(value) is list:
                children.extend(value)
            elif value is not None:
                children.append(value)
        for child in reversed(children):
            if not isinstance(child, py.AST):
                continue
            if isinstance(child, py.stmt):
                elif_ = cls is py.If and len(node.orelse) == 1 and node.orelse[0] is child and type(child) is py.If
                push((child, indent if elif_ else indent + 1, inner_blocks, 0, line, col))
            elif isinstance(child, py.expr):
                push((child, indent, inner_blocks, exprs + 1, line, col))
            else:
                push((child, indent, inner_blocks, exprs, line, col))


def _too_deep(node, path: str, indent: int, blocks: int):
    what, limit = (("blocks", MAX_INDENT) if indent > MAX_INDENT else
                   ("loop/with/defer blocks", MAX_BLOCKS) if blocks > MAX_BLOCKS else ("expression", MAX_EXPR))
    span = Span(path, getattr(node, "lineno", 1), getattr(node, "col_offset", 0) + 1)
    raise error(span, f"{what} nested too deeply once lowered (limit {limit})", "move the inner part into a function")


_NOT_NODES = frozenset({"ctx", "op", "ops", "id", "attr", "name", "kind", "type_comment", "level",
                        "module", "arg", "asname", "conversion", "is_async", "simple", "tag", "lineno"})
_SHAPES: dict[type, tuple] = {}


def _shape(cls: type) -> tuple:
    """What the walk needs of a node class: its fields that may hold nodes, whether it has a
    position, and what it counts for the limits."""
    shape = _SHAPES[cls] = (
        tuple(f for f in cls._fields if f not in _NOT_NODES),
        "lineno" in cls._attributes,
        issubclass(cls, py.stmt),
        issubclass(cls, _BLOCKS),
        issubclass(cls, _CODE),
    )
    return shape
