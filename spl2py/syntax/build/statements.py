"""Statements: simple and keyword statements, control flow, match arms."""

from __future__ import annotations

import re
from dataclasses import replace

from parsimonious.nodes import Node

from spl2py.diagnostics import CompileError, Span
from spl2py.syntax import ast
from spl2py.syntax.build.base import (
    Decorators,
    GENERIC_NAME,
    PLACEHOLDER,
    child,
    doc_text,
    is_doc,
    kids,
    primary,
    statement,
)
from spl2py.syntax.keywords import UNSUPPORTED_DECORATORS

# the ``@name(args)`` part of a DECORATOR (its grammar token, less the trailing marker)
DECORATOR_CALL = re.compile(r"@[^\W\d][\w.]*(?:[ \t]*\((?:[^()\n]|\((?:[^()\n]|\([^()\n]*\))*\))*\))?")


# RSpec matcher words spelled differently from the runtime's `to_<m>` methods
_MATCHER_ALIASES = {"eq": "equal", "eql": "equal"}

# spec words whose bare-word arguments after the name are tags: `it "name", skip:`
_TAGGED_WORDS = frozenset(("it", "test", "example", "specify", "scenario", "slow_it", "describe", "context"))


def _spec_tags(call: ast.Call) -> tuple[ast.Arg, ...]:
    """The call's arguments, its bare-word tags (``skip``, ``slow``) folded into ``tag: [...]``."""
    if type(call.func) is not ast.Name or call.func.id not in _TAGGED_WORDS:
        return call.args
    tags = [a for a in call.args[1:] if a.name is None and type(a.value) is ast.Name]
    if not tags:
        return call.args
    words = ast.ListLit(tags[0].span, tuple(ast.Str(a.span, (a.value.id,)) for a in tags))
    return tuple(a for a in call.args if a not in tags) + (ast.Arg(tags[0].span, "tag", words),)


def _assignable(e: ast.Expr) -> bool:
    t = type(e)
    if t is ast.Name:
        return True
    return (t is ast.Attribute and not e.safe) or t is ast.Index


def _calls(e) -> bool:
    """Whether the update target ``e`` holds a call (the target is read, then assigned: evaluated twice)."""
    t = type(e)
    if t is ast.Call:
        return True
    if t is ast.Attribute:
        return _calls(e.value)
    if t is ast.Index:
        return _calls(e.value) or _calls(e.index)
    if t is ast.Binary:
        return _calls(e.left) or _calls(e.right)
    if t is ast.Unary:
        return _calls(e.operand)
    return t not in (ast.Name, ast.Int, ast.Str, ast.Float, ast.Bool, ast.Nil)


def _is_context_block(call: ast.Call) -> bool:
    """``context obj:`` (DSL) rather than SSpec's ``context "name":`` / ``context :sym:``."""
    if type(call.func) is not ast.Name or call.func.id != "context" or len(call.args) != 2:
        return False
    subject = call.args[0]
    return subject.name is None and type(subject.value) not in (ast.Str, ast.Symbol, ast.Spread)


def _bare_expect(value: ast.Expr) -> ast.Expr:
    """``expect x.?`` (a statement, no matcher) asserts presence: it reads ``expect(x.? != nil)``."""
    if type(value) is ast.Call and type(value.func) is ast.Name and value.func.id == "expect" and len(value.args) == 1:
        arg = value.args[0]
        if arg.name is None and type(arg.value) is ast.Presence:
            nil = ast.Nil(arg.value.span)
            test = ast.Compare(arg.value.span, arg.value, ("!=",), (nil,))
            return ast.Call(value.span, value.func, (ast.Arg(arg.span, None, test),))
    return value

class StatementRules:
    def module(self, node: Node) -> ast.Module:
        body = self.block_of(node)
        doc = None
        if body and is_doc(body[0]):
            doc = doc_text(body[0].expr)
            body = body[1:]
        return ast.Module(Span(self.lay.path, 1, 1), self.lay.path, body, doc, self.saw_impls)

    @statement('SIMPLE_STMT')
    def simple_stmt(self, node: Node):
        """A SIMPLE_STMT terminal: ``[val|var] [target [: type] op=] chain`` or ``return [chain]``."""
        m = node.match
        sp = self.span(node)
        if m.group("ret") is not None:
            a, b = m.span("rv")
            return ast.Return(sp, self.chain_range(a, b) if a >= 0 else None)
        a, b = m.span("value")
        value = self.chain_range(a, b)
        kind = m.group("kw")
        t0, t1 = m.span("target")
        if kind is not None:
            if t0 < 0:  # ``val x`` with no value
                if type(value) is not ast.Name:
                    raise self.lay.error(self.lay.src_offset(b), "expected '='")
                return ast.Let(sp, kind, ast.CapturePat(value.span, value.id), None, None)
            if m.group("op") != "=":
                raise self.lay.error(self.lay.src_offset(m.start("op")), "expected '='")
            target = ast.CapturePat(self.lay.span(t0), m.group("target"))
            return ast.Let(sp, kind, target, m.group("type"), self.let_value(value, a, b))
        if t0 >= 0:
            if m.group("target") == "val":  # `val = 1`: a declaration missing its name
                raise self.lay.error(self.lay.src_offset(m.start("op")), f"expected a pattern or '(', found '{m.group('op')}'")
            target = self.chain_range(t0, t1)
            if m.group("type") is not None:
                raise self.lay.error(self.lay.src_offset(m.start("type")), "a type annotation needs 'val' or 'var'")
            return ast.Assign(sp, target, value, m.group("op")[:-1] or None)
        return ast.ExprStmt(value.span, _bare_expect(value))

    @statement('expr_stmt')
    def expr_stmt(self, node: Node):
        ks = kids(node)
        first = ks[0]
        name = first.expr.name
        if name == "targets":  # targets (ASSIGN rhs / &NL): a tuple only before '=' or at the line end
            t = [self.expr(k) for k in kids(first) if k.expr.name == "expr"]
            value = t[0] if len(t) == 1 else ast.TupleLit(t[0].span, tuple(t))
            if len(ks) > 1:
                op = self.word(ks[1])[:-1].strip("~") or None
                return ast.Assign(self.span(node), value, self.rhs(ks[2]), op)
        elif name == "expr":
            value = self.expr(first)
        elif name == "lambda_call":
            value = self.lambda_call(first)
        else:
            value = self.np_call(first, ks[1])
        if ks[-1].expr.name == "colon_block":
            value = self.add_block_arg(value, ks[-1])
            if _is_context_block(value):
                return ast.ContextBlock(value.span, value.args[0].value, value.args[1].value.body)
        if type(value) is ast.TupleLit and not value.items:
            return ast.Pass(value.span, "()")
        return ast.ExprStmt(value.span, _bare_expect(value))

    @statement('update_stmt')
    def update_stmt(self, node: Node) -> ast.Assign:
        """``target->m(a)->n(b)`` (the last call maybe ``->n b``) is ``target = target.m(a).n(b)``;
        the target must be assignable."""
        ks = kids(node)
        target = self.expr(ks[1])
        if not _assignable(target):
            raise self.error(ks[1], "functional update '->' needs a name, field or index to assign to",
                             "write `x->m(...)`, `obj.field->m(...)` or `xs[i]->m(...)`")
        if _calls(target):
            raise self.error(ks[1], "the target of '->' is read and then assigned, so it cannot hold a call",
                             "store the container in a local first: `val row = grid[f()]` then `row->m(...)`")
        value = target
        calls = kids(ks[2])
        for name, args in zip(calls[1::3], calls[2::3]):
            attr = ast.Attribute(value.span, value, self.word(name))
            value = ast.Call(value.span, attr, self.call_arguments(args))
        return ast.Assign(self.span(node), target, value, None, True)

    def add_block_arg(self, value: ast.Expr, colon_block: Node) -> ast.Call:
        block = kids(colon_block)[1]
        lam = ast.Lambda(self.span(block), (), self.block_of(block), True)
        arg = ast.Arg(lam.span, None, lam)
        if type(value) is ast.Call:
            return replace(value, args=_spec_tags(value) + (arg,))
        return ast.Call(value.span, value, (arg,))

    def np_call(self, head: Node, args: Node) -> ast.Call:
        func = self.dotted(head)
        return ast.Call(func.span, func, self.call_arguments(args))

    def dotted(self, node: Node) -> ast.Expr:
        """``a.b.c`` written as one terminal -> Name/Attribute chain."""
        text = self.text[node.start : node.end].rstrip()
        parts = text.split(".")
        pos = node.start
        value: ast.Expr = ast.Name(self.lay.span(pos), parts[0])
        for p in parts[1:]:
            pos += len(p) + 1
            value = ast.Attribute(value.span, value, p)
        return value

    def rhs(self, node: Node) -> ast.Expr:
        ks = kids(node)
        if ks[0].expr.name == "NPHEAD":
            return self.np_call(ks[0], ks[1])
        if ks[0].expr.name == "lambda_call":
            return self.lambda_call(ks[0])
        return self.exprs(ks[0])

    def lambda_call(self, node: Node) -> ast.Call:
        """``recv.method \\x: body``: the method called with the lambda as its one argument."""
        ks = kids(node)
        method = self.expr(ks[0])
        if type(method) is not ast.Attribute:
            raise self.error(ks[0], "a trailing lambda here needs a method to call",
                             "write `recv.method \\x: ...` or `f(args) \\x: ...`")
        lam = self.lambda_(ks[-1])
        return ast.Call(method.span, method, (ast.Arg(lam.span, None, lam),))

    def exprs(self, node: Node) -> ast.Expr:
        """``a`` or ``a, b`` (a tuple)."""
        ks = kids(node)
        items = [self.expr(k) for k in ks if k.expr.name == "expr"]
        if len(items) == 1 and len(ks) == 1:
            return items[0]
        return ast.TupleLit(self.span(node), tuple(items))

    @statement('let_stmt')
    def let_stmt(self, node: Node) -> ast.Let:
        ks = kids(node)
        kind = self.word(ks[0]).split()[0]
        target = self.pattern(ks[1])
        type_ = value = None
        for i, k in enumerate(ks):
            n = k.expr.name
            if n == "type":
                type_ = self.type_text(k)
            elif n == "rhs":
                value = self.let_value(self.rhs(k), k.start, k.end)
        return ast.Let(self.span(node), kind, target, type_, value)

    def let_value(self, value: ast.Expr, a: int, b: int) -> ast.Expr:
        """A ``val``/``var`` initializer holding placeholders is a lambda, as a call argument is:
        ``val square = _1 * _1`` binds ``\\_1: _1 * _1``."""
        if "_" in (t := self.text[a:b]) and PLACEHOLDER.search(t):
            return self.placeholder_lambda(value)
        return value

    @statement('return_stmt')
    def return_stmt(self, node: Node) -> ast.Return:
        ks = kids(node)
        value = child(ks, "rhs")
        return ast.Return(self.span(node), self.rhs(value) if value is not None else None)

    @statement('PASS', 'pass_line')
    def pass_stmt(self, node: Node) -> ast.Pass:
        word = self.word(kids(node)[0]) if node.expr.name == "pass_line" else self.word(node)
        return ast.Pass(self.span(node), word.split("(")[0].rstrip())

    @statement('break_stmt')
    def break_stmt(self, node: Node) -> ast.Break:
        ks = kids(node)
        label = child(ks, "LABEL_REF")
        return ast.Break(self.span(node), self.word(label)[1:] if label is not None else None)

    @statement('continue_stmt')
    def continue_stmt(self, node: Node) -> ast.Continue:
        ks = kids(node)
        label = child(ks, "LABEL_REF")
        return ast.Continue(self.span(node), self.word(label)[1:] if label is not None else None)

    @statement('assert_stmt')
    def assert_stmt(self, node: Node) -> ast.Assert:
        es = [self.expr(k) for k in kids(node) if k.expr.name == "expr"]
        return ast.Assert(self.span(node), es[0], es[1] if len(es) > 1 else None)

    @statement('defer_stmt')
    def defer_stmt(self, node: Node) -> ast.Defer:
        ks = kids(node)
        last = ks[-1]
        if last.expr.name == "block":
            return ast.Defer(self.span(node), self.block_of(last))
        out: list = []
        self.stmts_into(node, out)
        return ast.Defer(self.span(node), tuple(out))

    @statement('type_alias')
    def type_alias(self, node: Node) -> ast.TypeAlias:
        ks = kids(node)
        return ast.TypeAlias(self.span(node), self.word(child(ks, "TNAME")), self.type_text(child(ks, "type")))

    @statement('assoc_type')
    def assoc_type(self, node: Node) -> ast.AssocType:
        ks = kids(node)
        value = ks[ks.index(child(ks, "ASSIGN")) + 1] if child(ks, "ASSIGN") else None
        return ast.AssocType(self.span(node), self.word(child(ks, "TNAME")), value and self.type_text(value))

    @statement('mod_stmt')
    def mod_stmt(self, node: Node) -> ast.Use:
        return ast.Use(self.span(node), (self.word(child(kids(node), "NAMEW")),), level=1)

    @statement('expect_stmt')
    def expect_stmt(self, node: Node) -> ast.ExprStmt:
        """``expect a to_m b`` / ``expect(a) to_m(b)`` -> ``expect(a).to_m(b)``; ``not_to m`` adds ``.not_()``."""
        ks = kids(node)
        sp = self.span(node)
        subject = self.expr(child(ks, "expr"))
        value: ast.Expr = ast.Call(sp, ast.Name(sp, "expect"), (ast.Arg(subject.span, None, subject),))
        if child(ks, "MATCHER") is None:  # `expect (a) + b == c`
            value = _bare_expect(value)
            f = subject.func if type(subject) is ast.Call else None
            if type(f) is ast.Attribute and f.name.startswith("to_"):  # `expect (a).to_equal(b)`
                inner = ast.Call(sp, ast.Name(sp, "expect"), (ast.Arg(f.value.span, None, f.value),))
                value = ast.Call(sp, ast.Attribute(sp, inner, f.name), subject.args)
            return ast.ExprStmt(sp, value)
        m = child(ks, "MATCHER").match
        if m.group("neg"):
            value = ast.Call(sp, ast.Attribute(sp, value, "not_"), ())
        args: tuple = ()
        if len(ks) > 3:
            args = self.call_arguments(ks[3])
        value = ast.Call(sp, ast.Attribute(sp, value, "to_" + _MATCHER_ALIASES.get(m.group("m"), m.group("m"))), args)
        return ast.ExprStmt(sp, value)

    @statement('doc_line')
    def doc_line(self, node: Node) -> ast.ExprStmt:
        s = self.string(kids(node)[0])
        return ast.ExprStmt(s.span, s)

    @statement('decorators')
    def decorators(self, node: Node) -> Decorators:
        texts, exprs = [], []
        for k in kids(node):
            if k.expr.name == "DECORATOR":
                text = self.raw_text(k)
                m = GENERIC_NAME.search(text)
                word = m.group() if m else ""
                if word in UNSUPPORTED_DECORATORS:
                    raise self.error(k, f"unsupported: {UNSUPPORTED_DECORATORS[word]}")
                texts.append(text)
                expr = self.decorator_expr(k)
                if expr is not None:
                    exprs.append(expr)
        return Decorators(tuple(texts), tuple(exprs))

    def decorator_expr(self, node: Node) -> ast.Expr | None:
        """``@name`` / ``@a.b(args)`` as an expression; None for ``#[attr]`` or text that is no expression
        (an attribute such as ``@tag(key: 1)``, kept as metadata)."""
        start = self.lay.src_offset(node.start)
        m = DECORATOR_CALL.match(self.lay.source, start)
        if m is None:
            return None
        try:
            return self.fragment_expr(start + 1, m.end())
        except CompileError:
            return None

    @statement('if_stmt')
    def if_stmt(self, node: Node) -> ast.ExprStmt:
        e = self.if_expr(kids(node)[0])
        return ast.ExprStmt(e.span, e)

    @primary('if_expr')
    def if_expr(self, node: Node) -> ast.If:
        branches = []
        orelse = None
        cond = None
        for k in kids(node):
            n = k.expr.name
            if n == "cond":
                cond = self.cond(k)
            elif n == "suite":
                branches.append((cond, self.block_of(k)))
            elif n == "elif_clause":
                ks = kids(k)
                branches.append((self.cond(ks[-2]), self.block_of(ks[-1])))
            elif n == "else_clause":
                orelse = self.block_of(k)
        if orelse is None and len(branches) == 1 and kids(kids(node)[-1])[-1].expr.name == "inline_body":
            branches, orelse = _cast_else_to_if_else(branches)
        return ast.If(self.span(node), tuple(branches), orelse)

    def cond(self, node: Node) -> ast.Expr:
        k = kids(node)[0]
        if k.expr.name == "let_cond":
            ks = kids(k)
            return ast.LetCond(self.span(k), self.pattern(child(ks, "pattern")), self.expr(child(ks, "expr")))
        return self.expr(k)

    @statement('for_stmt')
    def for_stmt(self, node: Node, label: str | None = None) -> ast.For:
        ks = kids(node)
        target, enum = self.for_target(child(ks, "for_target"))
        body = self.block_of(child(ks, "suite"))
        return ast.For(self.span(node), target, self.expr(child(ks, "expr")), body, enum, label)

    def for_target(self, node: Node) -> tuple[ast.Pattern, bool]:
        pats = [self.pattern(k) for k in kids(node) if k.expr.name == "pattern"]
        if len(pats) == 1:
            return pats[0], False
        return ast.TuplePat(pats[0].span, tuple(pats)), True

    @statement('while_stmt')
    def while_stmt(self, node: Node, label: str | None = None) -> ast.While:
        ks = kids(node)
        return ast.While(self.span(node), self.cond(child(ks, "cond")), self.block_of(child(ks, "suite")), label)

    @statement('loop_stmt')
    def loop_stmt(self, node: Node, label: str | None = None) -> ast.Loop:
        return ast.Loop(self.span(node), self.block_of(child(kids(node), "suite")), label)

    @statement('labeled')
    def labeled(self, node: Node):
        ks = kids(node)
        label = self.word(ks[0])[1:].rstrip(":").strip()
        inner = ks[1]
        return getattr(self, inner.expr.name)(inner, label)

    @statement('with_stmt')
    def with_stmt(self, node: Node) -> ast.With:
        items = []
        body = ()
        for k in kids(node):
            n = k.expr.name
            if n == "expr":
                e = self.expr(k)
                if type(e) is ast.Cast and GENERIC_NAME.fullmatch(e.type):
                    items.append(ast.WithItem(e.span, e.value, e.type))
                else:
                    items.append(ast.WithItem(e.span, e, None))
            elif n == "suite":
                body = self.block_of(k)
        return ast.With(self.span(node), tuple(items), body)

    @statement('match_stmt')
    def match_stmt(self, node: Node) -> ast.ExprStmt:
        m = self.match_expr(kids(node)[0])
        return ast.ExprStmt(m.span, m)

    @primary('match_expr')
    def match_expr(self, node: Node) -> ast.Match:
        ks = kids(node)
        subject = self.expr(child(ks, "expr"))
        arms = []
        for k in ks[2:]:
            n = k.expr.name
            if n == "arm":
                ak = kids(k)
                arms.append(self.arm(ak[0], ak[1]))
            elif n == "inline_arms":
                ik = [x for x in kids(k) if x.expr.name != "SEMI"]
                for head, body in zip(ik[::2], ik[1::2]):
                    arms.append(self.arm(head, body))
        return ast.Match(self.span(node), subject, tuple(arms))

    def arm(self, head: Node, body: Node) -> ast.MatchArm:
        pattern = guard = None
        for k in kids(head):
            n = k.expr.name
            if n == "pattern":
                pattern = self.pattern(k)
            elif n == "guard":
                g = kids(k)[1]
                guard = self.guard_head(g) if g.expr.name == "GUARD_HEAD" else self.expr(g)
        return ast.MatchArm(self.span(head), pattern, guard, self.block_of(body))

    def guard_head(self, node: Node) -> ast.Expr:
        """A guard just before a ``=>`` arm separator that reads like lambda parameters: ``if ok =>``."""
        text = self.word(node).strip("()").strip()
        names = [ast.Name(self.span(node), n.strip()) for n in text.split(",")]
        return names[0] if len(names) == 1 else ast.TupleLit(self.span(node), tuple(names))


def _cast_else_to_if_else(branches: list) -> tuple[list, tuple | None]:
    """``if c: x as T else: d`` on one line: the ``else:`` is the if's (as upstream now parses it),
    not a safe cast's fallback."""
    (cond, body), = branches
    if len(body) != 1 or type(body[0]) is not ast.ExprStmt:
        return branches, None
    found: list = []

    def strip(e):
        if type(e) is ast.Unwrap and e.kind == "else" and type(e.value) is ast.Cast and e.value.safe:
            found.append(e.fallback)
            return replace(e.value, safe=False)
        if type(e) is ast.Binary:
            return replace(e, right=strip(e.right))
        if type(e) is ast.Compare:
            return replace(e, comparators=e.comparators[:-1] + (strip(e.comparators[-1]),))
        return e

    expr = strip(body[0].expr)
    if not found:
        return branches, None
    fb = found[0]
    orelse = fb.body if type(fb) is ast.Lambda and fb.is_block else (ast.ExprStmt(fb.span, fb),)
    return [(cond, (replace(body[0], expr=expr),))], orelse
