"""Contracts: ``in:`` / ``out(r):`` blocks leading a function body and ``invariant:`` blocks of a class,
rewritten by the builder into ``Assert`` statements (no later layer sees a contract)."""

from __future__ import annotations

from dataclasses import replace

from spl2py.diagnostics import Span, error
from spl2py.syntax import ast
from spl2py.syntax.visit import NodeTransformer

BODY = "_spl_contract_body"  # the rest of a function body, run as a nested function
INVARIANT = "_spl_invariant"  # the method a class with ``invariant:`` blocks gets


class _Old(NodeTransformer):
    """Replaces each ``old(e)`` of a postcondition by a name bound to ``e`` on entry."""

    def __init__(self) -> None:
        self.saved: list[tuple[str, ast.Expr]] = []

    def visit_Call(self, node: ast.Call):
        node = self.generic_visit(node)
        if type(node.func) is ast.Name and node.func.id == "old" and len(node.args) == 1 and node.args[0].name is None:
            name = f"_spl_old_{len(self.saved)}"
            self.saved.append((name, node.args[0].value))
            return ast.Name(node.span, name)
        return node


def with_contracts(body: tuple, source: str) -> tuple:
    """A body whose leading ``in:`` / ``out(r):`` blocks become asserts: preconditions first, then the
    values ``old(e)`` reads, then the rest of the body runs as a nested function whose result, bound to
    ``r``, the postconditions test."""
    pre, post, i = [], [], 0
    while i < len(body) and type(body[i]) is ast.Contract and body[i].kind != "invariant":
        (pre if body[i].kind == "in" else post).append(body[i])
        i += 1
    for s in body[i:]:
        if type(s) is ast.Contract:
            where = "a class body" if s.kind == "invariant" else "the start of a function body"
            raise error(s.span, f"'{s.kind}:' contracts go at {where}", source=source)
    if not pre and not post:
        return body
    out = [_assert(c, "precondition (in:)", source) for block in pre for c in block.conditions]
    if not post:
        return (*out, *body[i:])
    binding = post[0].binding or "result"
    for block in post:
        if block.binding not in (None, post[0].binding):
            raise error(block.span, "every 'out(name):' block of a function names its result the same", source=source)
    old = _Old()
    checks = [_assert(old.visit(c), "postcondition (out:)", source) for block in post for c in block.conditions]
    sp = post[0].span
    out.extend(ast.Let(sp, "val", ast.CapturePat(sp, name), None, e) for name, e in old.saved)
    out.extend(_run_body(sp, body[i:], binding))
    return (*out, *checks, ast.Return(sp, ast.Name(sp, binding)))


def with_invariant(cls_name: str, methods: list[ast.FuncDef], blocks: list[ast.Contract],
                   source: str) -> list[ast.FuncDef]:
    """The methods of a class with ``invariant:`` blocks: an ``_spl_invariant`` method asserting the
    conditions, checked on the result of each static method declared to return the class (a
    constructor) and on ``self`` after each ``me`` method (the only methods that can mutate it)."""
    if not blocks:
        return methods
    sp = blocks[0].span
    checks = tuple(_assert(c, "class invariant", source) for block in blocks for c in block.conditions)
    out = []
    for m in methods:
        if m.is_static and m.ret is not None and m.ret.split("<", 1)[0].strip() == cls_name:
            out.append(_checked(m, ast.Name(m.span, "_spl_made")))
        elif m.is_me and m.has_self:
            out.append(_checked(m, ast.Name(m.span, "self")))
        else:
            out.append(m)
    out.append(ast.FuncDef(sp, INVARIANT, (), None, checks, has_self=True))
    return out


def _checked(m: ast.FuncDef, subject: ast.Name) -> ast.FuncDef:
    """``m`` whose body runs nested, then checks ``subject``'s invariant and returns the body's result."""
    sp = m.span
    check = ast.ExprStmt(sp, ast.Call(sp, ast.Attribute(sp, subject, INVARIANT), ()))
    body = (*_run_body(sp, m.body, "_spl_made"), check, ast.Return(sp, ast.Name(sp, "_spl_made")))
    return replace(m, body=body)


def _run_body(sp: Span, body: tuple, binding: str) -> list[ast.Stmt]:
    return [ast.FuncDef(sp, BODY, (), None, body),
            ast.Let(sp, "val", ast.CapturePat(sp, binding), None, ast.Call(sp, ast.Name(sp, BODY), ()))]


def _assert(stmt: ast.Stmt, what: str, source: str) -> ast.Assert:
    if type(stmt) is not ast.ExprStmt:
        raise error(stmt.span, f"a {what} is one condition (an expression) per line", source=source)
    return ast.Assert(stmt.span, stmt.expr, ast.Str(stmt.span, (what,)))
