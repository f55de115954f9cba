"""Limits a parsed module must keep so that every later stage (lowering, Python's compiler, the
tokenizer of built code, ``ast.unparse``, black) handles it: nesting depths and names Python can write.

``check_limits(module)`` runs at the end of ``parse``, so ``check``, ``run``, ``emit`` and ``build``
reject the same programs with the same located message. Limits are far below Python's own (100
indentation levels, 20 nested loop/try/with blocks per function, 200 nested brackets), leaving room
for the levels lowering adds.
"""

from __future__ import annotations

import unicodedata
from dataclasses import fields
from functools import cache

from spl2py.diagnostics import error
from spl2py.syntax import ast

MAX_BLOCK_DEPTH = 40  # statements inside statements (if, loops, fn, class, match arms, ...)
MAX_LOOP_DEPTH = 16  # loops, with, defer inside one function
MAX_EXPR_DEPTH = 100  # sub-expressions inside one statement

_LOOPS = (ast.For, ast.While, ast.Loop, ast.With, ast.Defer)
_CODE = (ast.FuncDef, ast.ClassDef, ast.EnumDef, ast.TraitDef, ast.ImplDef, ast.Lambda)
_DECLARED = (ast.FuncDef, ast.ClassDef, ast.EnumDef, ast.TraitDef, ast.TypeAlias, ast.ExternFn,
             ast.Param, ast.Field, ast.Variant)


def check_limits(module: ast.Module) -> None:
    """Raise a located ``CompileError`` for the first node nested too deeply or badly named."""
    stack = [(child, 1, 0, 0) for child in _children(module)]
    while stack:
        node, blocks, loops, exprs = stack.pop()
        if blocks > MAX_BLOCK_DEPTH:
            raise error(node.span, f"blocks nested too deeply (limit {MAX_BLOCK_DEPTH})",
                        "move the inner blocks into a function")
        if loops > MAX_LOOP_DEPTH:
            raise error(node.span, f"loops nested too deeply (limit {MAX_LOOP_DEPTH} loop/with/defer blocks "
                        "in one function)", "move the inner loops into a function")
        if exprs > MAX_EXPR_DEPTH:
            raise error(node.span, f"expression nested too deeply (limit {MAX_EXPR_DEPTH})",
                        "name a part of it with `val`")
        check_name(node)
        inner_loops = 0 if isinstance(node, _CODE) else loops + isinstance(node, _LOOPS)
        for child in _children(node):  # popped in source order
            if isinstance(child, ast.Stmt):
                stack.append((child, blocks + 1, inner_loops, 0))
            elif isinstance(child, ast.Expr):
                stack.append((child, blocks, inner_loops, exprs + 1))
            else:
                stack.append((child, blocks, inner_loops, exprs))


@cache
def _node_fields(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in fields(cls) if f.name != "span")


def _children(node: ast.Node) -> list[ast.Node]:
    """The child nodes of ``node``, last first (a stack pops them in source order)."""
    out: list[ast.Node] = []
    todo = [getattr(node, name) for name in _node_fields(type(node))]
    while todo:
        value = todo.pop()
        if isinstance(value, ast.Node):
            out.append(value)
        elif isinstance(value, tuple):
            todo.extend(value)
    return out


def _names(node: ast.Node) -> tuple[str, ...]:
    if isinstance(node, _DECLARED):
        return (node.name,)
    if isinstance(node, ast.CapturePat):
        return (node.name,)
    if isinstance(node, ast.Name):
        return (node.id,)
    if isinstance(node, ast.Attribute):
        return (node.name,)
    return ()


def check_name(node: ast.Node) -> None:
    """A name must be one Python can write: a declared name has no dots; no part has a character
    Python rejects in identifiers (``a²``: Python would not normalise it, it refuses it)."""
    for name in _names(node):
        if isinstance(node, _DECLARED + (ast.CapturePat,)) and "." in name:
            raise error(node.span, f"a declared name cannot be dotted: `{name}`",
                        f"write `{name.replace('.', '_')}`")
        for part in name.split("."):
            if not part.isidentifier():
                bad = next((c for i, c in enumerate(part) if not ("a" + part[:i + 1]).isidentifier()), part[:1])
                raise error(node.span, f"`{name}` is not a valid name: {bad!r} "
                            f"(U+{ord(bad):04X} {unicodedata.name(bad, 'unnamed')}) cannot appear in a name")
