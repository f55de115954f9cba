"""Test helpers: parse snippets and compare ASTs without their spans."""

from __future__ import annotations

import dataclasses
import textwrap

from spl2py.diagnostics import CompileError, Span
from spl2py.syntax import ast, parse

NOWHERE = Span("t.spl", 0, 0)


def strip(node):
    """The same tree with every span replaced by NOWHERE (so trees compare by shape)."""
    if isinstance(node, tuple):
        return tuple(strip(n) for n in node)
    if dataclasses.is_dataclass(node) and not isinstance(node, type) and not isinstance(node, Span):
        changes = {f.name: strip(getattr(node, f.name)) for f in dataclasses.fields(node)}
        if "span" in changes:
            changes["span"] = NOWHERE
        return type(node)(**changes)
    return node


def body(source: str) -> tuple:
    """Parse a snippet (dedented) and return its statements without spans.

    A leading ``pass`` keeps a first string statement from becoming the module docstring.
    """
    module = parse("pass\n" + textwrap.dedent(source), "t.spl")
    return strip(module.body[1:])


def stmt(source: str):
    """The one statement of a snippet."""
    b = body(source)
    assert len(b) == 1, b
    return b[0]


def expr(source: str) -> ast.Expr:
    """The expression of a one-expression-statement snippet."""
    s = stmt(source)
    assert isinstance(s, ast.ExprStmt), s
    return s.expr


def error(source: str) -> CompileError:
    """The CompileError a snippet raises."""
    try:
        parse(textwrap.dedent(source), "t.spl")
    except CompileError as e:
        return e
    raise AssertionError("no CompileError")


# short constructors for expected trees (span-free)
def N(id_):
    return ast.Name(NOWHERE, id_)


def I(v, suffix=None):
    return ast.Int(NOWHERE, v, suffix)


def F(v, suffix=None):
    return ast.Float(NOWHERE, v, suffix)


def S(*parts):
    return ast.Str(NOWHERE, tuple(parts))


def B(op, left, right):
    return ast.Binary(NOWHERE, op, left, right)


def U(op, operand):
    return ast.Unary(NOWHERE, op, operand)


def A(value, name, safe=False):
    return ast.Attribute(NOWHERE, value, name, safe)


def C(func, *args):
    """A call; each arg is an expression or a (name, expression) pair."""
    return ast.Call(NOWHERE, func, tuple(arg(a) for a in args))


def arg(a):
    if isinstance(a, ast.Arg):
        return a
    if isinstance(a, tuple):
        return ast.Arg(NOWHERE, a[0], a[1])
    return ast.Arg(NOWHERE, None, a)


def E(e):
    return ast.ExprStmt(NOWHERE, e)


def P(name, type_=None, default=None, variadic=False):
    return ast.Param(NOWHERE, name, type_, default, variadic)


def Cap(name):
    return ast.CapturePat(NOWHERE, name)


def Lit(value):
    return ast.LiteralPat(NOWHERE, value)


def block_arg(*stmts):
    """The trailing ``Arg`` a colon-block adds to a call."""
    return ast.Arg(NOWHERE, None, ast.Lambda(NOWHERE, (), tuple(stmts), True))


def dump(node, indent=0) -> str:
    """A compact, span-free rendering (for debugging)."""
    return repr(strip(node)).replace("span=Span(file='t.spl', line=0, col=0), ", "")
