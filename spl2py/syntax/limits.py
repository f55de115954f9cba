"""Limits a parsed module must keep so that every later stage (lowering, Python's compiler, the
tokenizer of built code, ``ast.unparse``, black) handles it: nesting depths and names Python can write.

``check_limits(module)`` runs at the end of ``parse``, so ``check``, ``run``, ``emit`` and ``build``
reject the same programs with the same located message. Limits are far below Python's own (100
indentation levels, 20 nested loop/try/with blocks per function, 200 nested brackets), leaving room
for the levels lowering adds.
"""

from __future__ import annotations

import unicodedata
from dataclasses import replace

from spl2py.diagnostics import error
from spl2py.syntax import ast
from spl2py.syntax.visit import LEAVES, NodeTransformer, iter_child_nodes

MAX_BLOCK_DEPTH = 40  # statements inside statements (if, loops, fn, class, match arms, ...)
MAX_LOOP_DEPTH = 16  # loops, with, defer inside one function
MAX_EXPR_DEPTH = 100  # sub-expressions inside one statement

_LOOPS = frozenset((ast.For, ast.While, ast.Loop, ast.With, ast.Defer))  # node types: no subclasses in ast.py
_CODE = frozenset((ast.FuncDef, ast.ClassDef, ast.EnumDef, ast.TraitDef, ast.ImplDef, ast.Lambda))
_DECLARED = (ast.FuncDef, ast.ClassDef, ast.EnumDef, ast.TraitDef, ast.TypeAlias, ast.ExternFn,
             ast.Param, ast.Field, ast.Variant)
_NAMED = frozenset(_DECLARED + (ast.CapturePat, ast.Name, ast.Attribute))  # the nodes ``_names`` reads


def check_limits(module: ast.Module) -> ast.Module:
    """Raise a located ``CompileError`` for the first node nested too deeply or badly named; return
    the module with its names NFKC-normalised, as Python will (``ﬁle`` is ``file``), and
    ``nested_uses`` telling whether a ``use`` sits below the top level."""
    ascii_names = True
    nested_uses = False
    seen_names: dict[str, bool] = {}  # a plain ``Name``'s id, checked once: whether it is ASCII
    kinds = _KINDS
    stack = [(child, 1, 0, 0) for child in _children(module)]
    pop, push = stack.pop, stack.append
    while stack:
        node, blocks, loops, exprs = pop()
        if blocks > MAX_BLOCK_DEPTH or loops > MAX_LOOP_DEPTH or exprs > MAX_EXPR_DEPTH:
            raise _too_deep(node, blocks, loops)
        t = type(node)
        if t is ast.Name:
            ascii_name = seen_names.get(node.id)
            if ascii_name is None:
                ascii_name = seen_names[node.id] = check_name(node)
            ascii_names = ascii_name and ascii_names
        elif t in _NAMED:
            ascii_names = check_name(node) and ascii_names
        elif t is ast.Use and blocks > 1:
            nested_uses = True
        if t in LEAVES:
            continue
        inner_loops = 0 if t in _CODE else loops + (t in _LOOPS)
        for child in _children(node):  # popped in source order
            kind = kinds.get(type(child))
            if kind is None:
                kind = _kind(type(child))
            if kind == _STMT:
                push((child, blocks + 1, inner_loops, 0))
            elif kind == _EXPR:
                push((child, blocks, inner_loops, exprs + 1))
            else:
                push((child, blocks, inner_loops, exprs))
    if module.nested_uses != nested_uses:
        module = replace(module, nested_uses=nested_uses)
    return module if ascii_names else _Normalize().visit(module)


def _too_deep(node: ast.Node, blocks: int, loops: int):
    if blocks > MAX_BLOCK_DEPTH:
        return error(node.span, f"blocks nested too deeply (limit {MAX_BLOCK_DEPTH})",
                     "move the inner blocks into a function")
    if loops > MAX_LOOP_DEPTH:
        return error(node.span, f"loops nested too deeply (limit {MAX_LOOP_DEPTH} loop/with/defer blocks "
                     "in one function)", "move the inner loops into a function")
    return error(node.span, f"expression nested too deeply (limit {MAX_EXPR_DEPTH})",
                 "name a part of it with `val`")


_STMT, _EXPR, _OTHER = 0, 1, 2
_KINDS: dict[type, int] = {}


def _kind(cls: type) -> int:
    kind = _KINDS[cls] = _STMT if issubclass(cls, ast.Stmt) else _EXPR if issubclass(cls, ast.Expr) else _OTHER
    return kind


def _children(node: ast.Node) -> list[ast.Node]:
    """The child nodes of ``node``, last first (a stack pops them in source order)."""
    out = iter_child_nodes(node)
    out.reverse()
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


def check_name(node: ast.Node) -> bool:
    """A name must be one Python can write: a declared name has no dots; no part has a character
    Python rejects in identifiers (``a²``: Python would not normalise it, it refuses it)."""
    names = _names(node)
    for name in names:
        if isinstance(node, _DECLARED + (ast.CapturePat,)) and "." in name:
            raise error(node.span, f"a declared name cannot be dotted: `{name}`",
                        f"write `{name.replace('.', '_')}`")
        for part in name.split("."):
            if not part.isidentifier():
                bad = next((c for i, c in enumerate(part) if not ("a" + part[:i + 1]).isidentifier()), part[:1])
                raise error(node.span, f"`{name}` is not a valid name: {bad!r} "
                            f"(U+{ord(bad):04X} {unicodedata.name(bad, 'unnamed')}) cannot appear in a name")
    return all(name.isascii() for name in names)


def _nfkc(value):
    if isinstance(value, str):
        return value if value.isascii() else unicodedata.normalize("NFKC", value)
    if isinstance(value, tuple):
        return tuple(_nfkc(v) for v in value)
    return value


# the fields holding names or type text (never string literals, docs or operators)
_NAME_FIELDS = {
    ast.Name: ("id",), ast.Attribute: ("name",), ast.Arg: ("name",), ast.Param: ("name", "type"),
    ast.CapturePat: ("name",), ast.ValuePat: ("path",), ast.VariantPat: ("path",),
    ast.IsTest: ("type",), ast.Cast: ("type",), ast.Let: ("type",), ast.FuncDef: ("name", "ret", "generics"),
    ast.ExternFn: ("name", "ret"), ast.Field: ("name", "type"), ast.ClassDef: ("name", "generics", "bases"),
    ast.Variant: ("name",), ast.EnumDef: ("name", "generics"), ast.TraitDef: ("name",),
    ast.ImplDef: ("trait", "target"), ast.TypeAlias: ("name", "type"), ast.UseName: ("name", "alias"),
    ast.Use: ("alias",), ast.Export: ("names",), ast.WithItem: ("name",),
}


class _Normalize(NodeTransformer):
    def generic_visit(self, node: ast.Node) -> ast.Node:
        node = super().generic_visit(node)
        changes = {f: _nfkc(getattr(node, f)) for f in _NAME_FIELDS.get(type(node), ())}
        if isinstance(node, ast.FieldsPat):
            changes["fields"] = tuple((_nfkc(n), p) for n, p in node.fields)
        return replace(node, **changes) if changes else node
