"""Which top-level statements of generated code black would leave as they are, decided without black.

Generated code is ``ast.unparse`` text. On a statement whose lines all fit in black's 88 columns,
black changes only a few things unparse does differently: string quotes and prefixes (normalised
here with black's own functions, ``format.requote``), and the constructs this module declines
(``**``, annotated defaults, non-trivial slices, parenthesised yields, docstrings and other bare
constants, scientific floats, blank lines after a nested def or class). A statement made only of
the node kinds listed here, every line fitting, is already black's output once requoted; any
other statement goes to black. ``tests/driver/test_stable.py`` holds this module to black over
the golden corpus and generated trees: each statement it accepts must equal black's output.
"""

from __future__ import annotations

import ast as py
import re
from dataclasses import dataclass

LINE_LENGTH = 88  # black's default (the build uses black.Mode())

_DEFS = (py.FunctionDef, py.ClassDef)
_IMPORTS = (py.Import, py.ImportFrom)
_PLAIN = frozenset({
    # statements (compound ones are checked further in _blocks_ok)
    py.FunctionDef, py.ClassDef, py.Return, py.Assign, py.AugAssign, py.AnnAssign, py.For, py.While,
    py.If, py.With, py.Raise, py.Try, py.Assert, py.Import, py.ImportFrom, py.Global, py.Nonlocal,
    py.Expr, py.Pass, py.Break, py.Continue, py.Delete,
    # expressions
    py.BoolOp, py.BinOp, py.UnaryOp, py.Lambda, py.IfExp, py.Dict, py.Set, py.ListComp,
    py.SetComp, py.DictComp, py.GeneratorExp, py.Compare, py.Call, py.Constant, py.Attribute,
    py.Subscript, py.Starred, py.Name, py.List, py.Tuple, py.Slice, py.JoinedStr,
    # the rest
    py.arguments, py.arg, py.keyword, py.alias, py.comprehension, py.ExceptHandler, py.withitem,
    *(kind for base in (py.expr_context, py.boolop, py.operator, py.unaryop, py.cmpop)
      for kind in base.__subclasses__()),
})
_PLAIN_FLOAT = re.compile(r"[0-9]+\.[0-9]+\Z")


@dataclass(slots=True)
class Token:
    """A string literal of the text: its line (0-based in the chunk) and its UTF-8 byte columns."""

    line: int
    start: int
    end: int


def module_needs_whole_black(module: py.Module) -> bool:
    """Whether the top-level statements cannot be formatted one by one: a bare string statement
    (black would take it for the docstring of its chunk) or a top-level ``if``/``for``/... holding
    a def or class (black sets the blank lines after it by what follows, in the next chunk), or
    a ``__future__`` import."""
    for stmt in module.body:
        if isinstance(stmt, py.Expr) and isinstance(stmt.value, py.Constant):
            return True
        if isinstance(stmt, py.ImportFrom) and stmt.module == "__future__":
            return True  # black reads the file's future imports
        if not isinstance(stmt, _DEFS) and any(isinstance(n, _DEFS) for n in py.walk(stmt)):
            return True
    return False


def literal_tokens(stmt: py.stmt, first_line: int) -> list[Token] | None:
    """The string literals of ``stmt`` (a statement of the parsed text starting at
    ``first_line``), or None when ``stmt`` holds something black may write differently."""
    if not _blocks_ok([stmt], at_end=True):
        return None
    tokens: list[Token] = []
    todo: list[py.AST] = [stmt]
    while todo:
        node = todo.pop()
        kind = type(node)
        if kind not in _PLAIN:
            return None
        check = _CHECKS.get(kind)
        if check is not None and not check(node):
            return None
        if kind is py.JoinedStr or (kind is py.Constant and isinstance(node.value, (str, bytes))):
            if node.lineno != node.end_lineno:
                return None
            tokens.append(Token(node.lineno - first_line, node.col_offset, node.end_col_offset))
            continue  # an f-string is one token: black never looks inside
        todo.extend(py.iter_child_nodes(node))
    return tokens


def _constant_ok(node: py.Constant) -> bool:
    if isinstance(node.value, float):
        return _PLAIN_FLOAT.match(repr(node.value)) is not None  # black writes ``1e+100`` as ``1e100``
    return not isinstance(node.value, complex)


def _targets_ok(node: py.Assign | py.For | py.comprehension) -> bool:
    """unparse writes ``a, = x``, black ``(a,) = x``."""
    targets = node.targets if isinstance(node, py.Assign) else [node.target]
    return not any(isinstance(t, py.Tuple) and len(t.elts) == 1 for t in targets)


_CHECKS = {
    py.Expr: lambda n: not isinstance(n.value, py.Constant),  # docstrings, ``...`` bodies
    py.BinOp: lambda n: not isinstance(n.op, py.Pow),  # black hugs simple ``**`` operands
    py.Attribute: lambda n: not isinstance(n.value, py.Constant),  # unparse ``1 .real``, black ``(1).real``
    py.Subscript: lambda n: _slice_ok(n.slice),
    py.FunctionDef: lambda n: _arguments_ok(n.args),
    py.Lambda: lambda n: _arguments_ok(n.args),
    py.Delete: lambda n: not any(isinstance(t, (py.Tuple, py.List)) for t in n.targets),
    py.Assign: _targets_ok,
    py.For: _targets_ok,
    py.comprehension: _targets_ok,
    py.Constant: _constant_ok,
}


def _slice_ok(index: py.expr) -> bool:
    """Black spaces the colons of a slice with a non-trivial bound (``a[x + 1 :]``) and keeps a
    one-element tuple's trailing comma as magic."""
    if isinstance(index, py.Slice):
        return all(part is None or _trivial(part) for part in (index.lower, index.upper, index.step))
    if isinstance(index, py.Tuple):
        return len(index.elts) > 1 and not any(isinstance(e, (py.Slice, py.Starred)) for e in index.elts)
    return not isinstance(index, py.Starred)  # ``a[*b]``: a feature black's target versions follow


def features(stmt: py.stmt) -> set[str]:
    """The names of black's ``Feature``s that ``stmt`` (one ``literal_tokens`` accepted) uses:
    black picks its target versions by the features of the whole file, and they decide a few
    things about the statements black formats (trailing commas after ``*args``, parenthesised
    context managers). Of black's list only these can occur in accepted statements."""
    found = set()
    for node in py.walk(stmt):
        if isinstance(node, py.JoinedStr):
            found.add("F_STRINGS")
        elif isinstance(node, (py.FunctionDef, py.Lambda)) and node.args.posonlyargs:
            found.add("POS_ONLY_ARGUMENTS")
        if isinstance(node, _DEFS) and not all(_simple_decorator(d) for d in node.decorator_list):
            found.add("RELAXED_DECORATORS")
    return found


def _simple_decorator(e: py.expr) -> bool:
    """A decorator the old grammar allowed: a dotted name, maybe called."""
    if isinstance(e, py.Call):
        e = e.func
    while isinstance(e, py.Attribute):
        e = e.value
    return isinstance(e, py.Name)


def _trivial(e: py.expr) -> bool:
    if isinstance(e, py.UnaryOp) and isinstance(e.op, (py.USub, py.UAdd)):
        e = e.operand
    return isinstance(e, py.Name) or (isinstance(e, py.Constant) and isinstance(e.value, int))


def _arguments_ok(args: py.arguments) -> bool:
    """unparse writes ``x: int=1`` where black writes ``x: int = 1``."""
    everything = args.posonlyargs + args.args + args.kwonlyargs + [a for a in (args.vararg, args.kwarg) if a]
    has_default = bool(args.defaults) or any(d is not None for d in args.kw_defaults)
    return not (has_default and any(a.annotation is not None for a in everything))


def _blocks_ok(body: list[py.stmt], at_end: bool) -> bool:
    """Black puts a blank line after a nested def or class block unless a def, a class or the end
    of the chunk follows it (unparse puts one before each def): decline the other cases.
    ``at_end``: nothing follows ``body`` in the chunk."""
    for i, stmt in enumerate(body):
        last = i == len(body) - 1
        if isinstance(stmt, _DEFS) and not (at_end if last else isinstance(body[i + 1], _DEFS)):
            return False
        if isinstance(stmt, _IMPORTS) and not last and not isinstance(body[i + 1], _IMPORTS):
            return False  # black puts a blank line after imports
        blocks = [block for block in _child_blocks(stmt) if block]
        for j, block in enumerate(blocks):
            if not _blocks_ok(block, at_end and last and j == len(blocks) - 1):
                return False
    return True


def _child_blocks(stmt: py.stmt) -> list[list[py.stmt]]:
    """The statement lists inside ``stmt``, in text order."""
    if isinstance(stmt, py.Try):
        return [stmt.body, *(h.body for h in stmt.handlers), stmt.orelse, stmt.finalbody]
    return [b for b in (getattr(stmt, "body", None), getattr(stmt, "orelse", None)) if isinstance(b, list)]
