"""Simple AST -> Python ``ast.Module``.

One ``Lowerer`` per module. Statements are lowered into ``self.out`` (the statement list being
built); lowering an expression returns a Python expression and may first emit statements into
``self.out`` (a ``match`` used as a value, postfix ``?``, a block lambda hoisted as a ``def``).

Tail values use a *sink*: the last expression of a function body is returned, of a branch of an
``if``/``match`` used as a value is assigned to a temporary; the sink is pushed into every tail
branch, recursively. Every generated node gets the line and column of the Simple node it comes from.
"""

from __future__ import annotations

import ast as py
from contextlib import contextmanager
from dataclasses import dataclass, field

from runtime.core import BUILTINS
from runtime.methods import METHOD_NAMES, ZERO_ARG_NAMES
# ``x as T`` / ``x is T`` with a primitive T use the runtime's primitive handling
from runtime.primitives import DEFAULTS, PRIMITIVES
from spl2py.diagnostics import CompileError, Span, error
from spl2py.lower import pyast as P
from spl2py.lower.names import py_name
from spl2py.lower.scopes import Scope, bindings, function_scope
from spl2py.syntax import ast

_BINOPS = {
    "+": py.Add, "-": py.Sub, "*": py.Mult, "**": py.Pow, "@": py.MatMult,
    "&": py.BitAnd, "|": py.BitOr, "^": py.BitXor, "<<": py.LShift, ">>": py.RShift,
}
_AUG = {"+": py.Add, "-": py.Sub, "*": py.Mult, "**": py.Pow}
_CMPOPS = {"==": py.Eq, "!=": py.NotEq, "<": py.Lt, "<=": py.LtE, ">": py.Gt, ">=": py.GtE,
           "in": py.In, "not in": py.NotIn}
_UNARY = {"-": py.USub, "+": py.UAdd, "not": py.Not, "~": py.Invert}

_VOID = ("void", "()")
_QUOTE_CHARS = frozenset("'\"\\\n\r")


@dataclass
class Sink:
    """Where a tail value goes: ``return`` it, or assign it to ``target`` (a Name)."""

    kind: str  # "return" | "assign"
    target: str | None = None


RETURN = Sink("return")


@dataclass
class LoopInfo:
    label: str | None
    flag: str | None = None  # the temporary that carries a labelled break/continue out of inner loops
    escapes: set[str] = field(default_factory=set)  # labels of outer loops jumped to from inside
    kinds: set[str] = field(default_factory=set)  # "break"/"continue" jumps aimed at this loop


def _is_const_literal(e: ast.Expr | None) -> bool:
    """A default value that may be evaluated once (immutable, no side effects)."""
    if isinstance(e, (ast.Int, ast.Float, ast.Bool, ast.Nil, ast.Symbol)):
        return True
    if isinstance(e, ast.Str):
        return all(isinstance(p, str) for p in e.parts)
    if isinstance(e, ast.Unary) and e.op in ("-", "+"):
        return isinstance(e.operand, (ast.Int, ast.Float))
    return False


def _strip_generics(type_text: str) -> str:
    return type_text.split("<", 1)[0].strip()


def needs_stmts(e) -> bool:
    """Whether lowering ``e`` (outside any lambda) may emit statements: it cannot be a plain ternary."""
    if isinstance(e, (ast.Try, ast.Match)):
        return True
    if isinstance(e, ast.Lambda):
        return False
    if isinstance(e, ast.If):
        if e.orelse is None:
            return True
        for body in [b for _, b in e.branches] + [e.orelse]:
            if len(body) != 1 or not isinstance(body[0], ast.ExprStmt):
                return True
    if isinstance(e, ast.Node):
        for name in e.__dataclass_fields__:
            if name != "span" and needs_stmts(getattr(e, name)):
                return True
    elif isinstance(e, tuple):
        return any(needs_stmts(x) for x in e)
    return False


class Lowerer:
    def __init__(self, module: ast.Module, imports: dict, pyname: str):
        self.module = module
        self.imports = imports or {}
        self.pyname = pyname
        self.path = module.path
        self.out: list[py.stmt] = []
        self.scope = Scope("module")
        self.counter = 0
        self.loops: list[LoopInfo] = []
        self.subst: dict[str, py.expr] = {}
        self.externs_seen: set[str] = set()
        self.exports: list[str] = []

    # ------------------------------------------------------------------ infrastructure

    def err(self, node: ast.Node, message: str, hint: str | None = None) -> CompileError:
        return error(node.span, message, hint)

    def temp(self, kind: str = "t") -> str:
        self.counter += 1
        return f"_spl_{kind}{self.counter}"

    def emit(self, stmt: py.stmt) -> None:
        self.out.append(stmt)

    @contextmanager
    def capture(self):
        """Collect the statements emitted inside the block into a fresh list (yielded)."""
        saved = self.out
        self.out = []
        try:
            yield self.out
        finally:
            self.out = saved

    @contextmanager
    def in_scope(self, scope: Scope):
        saved, saved_loops = self.scope, self.loops
        self.scope, self.loops = scope, []
        try:
            yield
        finally:
            self.scope, self.loops = saved, saved_loops

    @staticmethod
    def at(node, span: Span):
        return P.locate(node, span.line, span.col)

    # ------------------------------------------------------------------ module

    def lower(self) -> py.Module:
        body = self.module.body
        declared, assigned = bindings(body)
        self.scope.names = declared | assigned
        for use in (s for s in body if isinstance(s, ast.Use)):
            resolved = self.imports.get(use)
            if resolved is not None:
                self.scope.names.update(b.local for b in resolved.bindings)

        header: list[py.stmt] = []
        if self.module.doc is not None:
            header.append(py.Expr(P.const(self.module.doc)))
        header.append(py.Import(names=[py.alias(name="runtime.core", asname="_spl")]))
        P.locate(py.Module(body=header, type_ignores=[]), 1, 1)

        # Declarations are hoisted (Simple declarations are visible to the whole module):
        # imports and externs, then functions/types, then impls and aliases, then the statements.
        order = {ast.Use: 0, ast.ExternFn: 0, ast.FuncDef: 1, ast.ClassDef: 1, ast.EnumDef: 1,
                 ast.TraitDef: 1, ast.ImplDef: 2, ast.TypeAlias: 3}
        ranked = sorted(enumerate(body), key=lambda item: (order.get(type(item[1]), 4), item[0]))
        for _, stmt in ranked:
            self.stmt(stmt, None)

        tail: list[py.stmt] = []
        if self.exports:
            names = [py_name(n) for n in dict.fromkeys(self.exports) if n in self.scope.names]
            tail.append(P.assign(P.name("__all__", P.STORE), py.List([P.const(n) for n in names], P.LOAD)))
        if "main" in declared and any(isinstance(s, ast.FuncDef) and s.name == "main" for s in body):
            test = py.Compare(P.name("__name__"), [py.Eq()], [P.const("__main__")])
            tail.append(py.If(test, [py.Expr(P.rt_call("exit_main", P.name("main")))], []))
        last_line = max((s.span.line for s in body), default=1)
        for stmt in tail:
            P.locate(stmt, last_line, 1)
        return py.Module(body=header + self.out + tail, type_ignores=[])

    # ------------------------------------------------------------------ blocks and statements

    def block(self, stmts, sink: Sink | None = None) -> list[py.stmt]:
        with self.capture() as out:
            self.block_into(list(stmts), sink)
        return out or [P.locate(py.Pass(), *self._first_line(stmts))]

    def _first_line(self, stmts):
        if stmts:
            return stmts[0].span.line, stmts[0].span.col
        return 1, 1

    def block_into(self, stmts: list, sink: Sink | None) -> None:
        for i, stmt in enumerate(stmts):
            if isinstance(stmt, ast.Defer):
                # The rest of the block runs in ``try``; the deferred body in ``finally`` (LIFO by nesting).
                final = self.block(stmt.body)
                rest = self.block(stmts[i + 1:], sink)
                self.emit(self.at(py.Try(body=rest, handlers=[], orelse=[], finalbody=final), stmt.span))
                return
            last = i == len(stmts) - 1
            consumed = self.stmt(stmt, sink if last else None)
            if last and sink is not None and sink.kind == "assign" and not consumed:
                if not isinstance(stmt, (ast.Return, ast.Break, ast.Continue)):
                    self.emit(self.at(P.assign(P.name(sink.target, P.STORE), P.const(None)), stmt.span))
        if not stmts and sink is not None and sink.kind == "assign":
            self.emit(P.locate(P.assign(P.name(sink.target, P.STORE), P.const(None)), 1, 1))

    def to_sink(self, sink: Sink | None, value: py.expr) -> py.stmt:
        if sink is None:
            return py.Expr(value)
        if sink.kind == "return":
            return py.Return(value)
        return P.assign(P.name(sink.target, P.STORE), value)

    def stmt(self, s: ast.Stmt, sink: Sink | None) -> bool:
        """Lower one statement into ``self.out``; True when it delivered a value to ``sink``."""
        mark = len(self.out)
        method = getattr(self, "s_" + type(s).__name__, None)
        if method is None:
            raise self.err(s, f"unsupported: {type(s).__name__} statement")
        consumed = method(s, sink)
        for node in self.out[mark:]:
            self.at(node, s.span)
        return bool(consumed)

    def s_ExprStmt(self, s: ast.ExprStmt, sink):
        e = s.expr
        if isinstance(e, ast.If):
            self.if_stmt(e, sink)
        elif isinstance(e, ast.Match):
            self.match_stmt(e, sink)
        elif isinstance(e, (ast.LetCond, ast.Spread)):
            raise self.err(e, "this expression is only allowed in a condition or a list")
        else:
            value = self.expr(e)
            if sink is None and isinstance(value, py.Constant) and isinstance(e, ast.Str):
                return True  # a bare string statement (prose) has no effect
            self.emit(self.to_sink(sink, value))
        return True

    def s_Pass(self, s, sink):
        self.emit(py.Pass())

    def s_Return(self, s: ast.Return, sink):
        if self.scope.kind != "function":
            raise self.err(s, "`return` outside a function")
        if s.value is None:
            self.emit(py.Return(None))
        elif isinstance(s.value, ast.If) and needs_stmts(s.value):
            self.if_stmt(s.value, RETURN)
        elif isinstance(s.value, ast.Match):
            self.match_stmt(s.value, RETURN)
        else:
            self.emit(py.Return(self.expr(s.value)))

    def _value_into(self, value: ast.Expr, target: str) -> bool:
        """Lower ``if``/``match`` values straight into ``target = ...`` in each branch."""
        if isinstance(value, ast.Match):
            self.match_stmt(value, Sink("assign", target))
            return True
        if isinstance(value, ast.If) and needs_stmts(value):
            self.if_stmt(value, Sink("assign", target))
            return True
        return False

    def _bound_value(self, value: ast.Expr) -> py.expr:
        """A value being bound: a struct read from a place (variable, field, index) is copied."""
        v = self.expr(value)
        if isinstance(value, (ast.Name, ast.Attribute, ast.Index)) and not (
            isinstance(value, ast.Attribute) and value.safe
        ):
            return P.rt_call("cp", v)
        return v

    def s_Let(self, s: ast.Let, sink):
        target = s.target
        if s.value is None:
            value = self._type_default(s.type)
        elif isinstance(target, ast.CapturePat) and self._value_into(s.value, self.local(target.name)):
            return
        elif isinstance(target, ast.FieldsPat):  # the fields are read (and copied) one by one
            value = self.expr(s.value)
        else:
            value = self._bound_value(s.value)
        self.bind_pattern(target, value, s)

    def _type_default(self, type_text: str | None) -> py.expr:
        t = (type_text or "").strip()
        if t in DEFAULTS:
            return P.const(DEFAULTS[t])
        if t.startswith("["):
            return py.List([], P.LOAD)
        if t.startswith("{"):
            return py.Dict([], [])
        return P.const(None)

    def bind_pattern(self, pat: ast.Pattern, value: py.expr, node: ast.Node) -> None:
        """``val PAT = value``: destructure, or check a refutable pattern (a mismatch is a MatchError)."""
        if isinstance(pat, ast.CapturePat):
            self.emit(P.assign(P.name(self.local(pat.name), P.STORE), value))
        elif isinstance(pat, ast.WildcardPat):
            self.emit(py.Expr(value))
        elif isinstance(pat, ast.TuplePat) and all(
            isinstance(p, (ast.CapturePat, ast.WildcardPat)) for p in pat.items
        ):
            elts = [P.name(self.local(p.name) if isinstance(p, ast.CapturePat) else "_", P.STORE) for p in pat.items]
            self.emit(P.assign(py.Tuple(elts, P.STORE), value))
        elif isinstance(pat, ast.FieldsPat):  # a missing field is a runtime error naming it
            if not isinstance(value, py.Name):
                t = self.temp("v")
                self.emit(P.assign(P.name(t, P.STORE), value))
                value = P.name(t)
            for name, sub in pat.fields:
                self.bind_pattern(sub, P.rt_call("cp", self._field(value, name)), node)
        else:
            t = self.temp("v")
            self.emit(P.assign(P.name(t, P.STORE), value))
            tests, binds = self.pattern(pat, P.name(t))
            if tests:
                fail = py.Expr(P.rt_call("no_match", P.name(t), P.const(node.span.line)))
                self.emit(py.If(py.UnaryOp(py.Not(), self._and(tests)), [fail], []))
            self.emit_binds(binds)

    def emit_binds(self, binds) -> None:
        for n, v in binds:
            self.emit(P.assign(P.name(self.local(n), P.STORE), v))

    def local(self, name: str) -> str:
        return py_name(name)

    def s_Assign(self, s: ast.Assign, sink):
        target = s.target
        if s.op is None:
            if isinstance(target, ast.Name) and self._value_into(s.value, py_name(target.id)):
                return
            value = self._bound_value(s.value)
            self.emit(P.assign(self.target(target), value))
            return
        if s.op in ("/", "%"):
            tgt = self.target(target)
            load = self._reload(tgt)
            value = self.expr(s.value)
            helper = "div" if s.op == "/" else "mod"
            self.emit(P.assign(tgt, P.rt_call(helper, load, value)))
            return
        op = _AUG.get(s.op)
        if op is None:
            raise self.err(s, f"unsupported: compound assignment {s.op}=")
        tgt = self.target(target)
        self.emit(py.AugAssign(tgt, op(), self.expr(s.value)))

    def _reload(self, tgt: py.expr) -> py.expr:
        """A load of an assignment target whose object/index were made pure (evaluated once)."""
        if isinstance(tgt, py.Name):
            return P.name(tgt.id)
        if isinstance(tgt, py.Attribute):
            if not P.is_pure(tgt.value):
                t = self.temp()
                self.emit(P.assign(P.name(t, P.STORE), tgt.value))
                tgt.value = P.name(t)
            return P.attr(tgt.value, tgt.attr)
        if isinstance(tgt, py.Subscript):
            for part in ("value", "slice"):
                if not P.is_pure(getattr(tgt, part)):
                    t = self.temp()
                    self.emit(P.assign(P.name(t, P.STORE), getattr(tgt, part)))
                    setattr(tgt, part, P.name(t))
            return py.Subscript(tgt.value, tgt.slice, P.LOAD)
        raise TypeError("bad compound assignment target")

    def target(self, e: ast.Expr) -> py.expr:
        if isinstance(e, ast.Name):
            return P.name(py_name(e.id), P.STORE)
        if isinstance(e, ast.Attribute) and not e.safe:
            return self.at(P.attr(self.expr(e.value), py_name(e.name), P.STORE), e.span)
        if isinstance(e, ast.Index):
            value = self.expr(e.value)
            return self.at(py.Subscript(value, self.index(e.index), P.STORE), e.span)
        if isinstance(e, (ast.TupleLit, ast.ListLit)):
            return self.at(py.Tuple([self.target(x) for x in e.items], P.STORE), e.span)
        raise self.err(e, "cannot assign to this expression")

    def if_stmt(self, e: ast.If, sink: Sink | None) -> bool:
        def build(i: int) -> list[py.stmt]:
            if i == len(e.branches):
                if e.orelse is not None:
                    return self.block(e.orelse, sink)
                if sink is not None and sink.kind == "assign":
                    return [self.at(P.assign(P.name(sink.target, P.STORE), P.const(None)), e.span)]
                return []
            cond, body = e.branches[i]
            with self.capture() as pre:
                test, binds = self.condition(cond)
            with self.capture() as inner:
                self.emit_binds(binds)
            stmts = inner + self.block(body, sink)
            node = self.at(py.If(test, stmts, build(i + 1)), cond.span)
            return pre + [node]

        for stmt in build(0):
            self.emit(stmt)
        return True

    def condition(self, cond: ast.Expr):
        """(test, bindings) for an ``if``/``while`` condition; ``val PAT = e`` binds on success."""
        if not isinstance(cond, ast.LetCond):
            return self.expr(cond), []
        value = P.rt_call("opt", self.expr(cond.value))
        if isinstance(cond.pattern, ast.CapturePat):
            walrus = py.NamedExpr(P.name(self.local(cond.pattern.name), P.STORE), value)
            return self.at(py.Compare(walrus, [py.IsNot()], [P.const(None)]), cond.span), []
        t = self.temp("v")
        self.emit(P.assign(P.name(t, P.STORE), self.expr(cond.value)))
        tests, binds = self.pattern(cond.pattern, P.name(t))
        test = self._and(tests) if tests else P.const(True)
        return self.at(test, cond.span), binds

    # ---- loops

    def _loop(self, label: str | None, make) -> None:
        """Lower a loop made by ``make(info)``, then wire labelled break/continue through it."""
        info = LoopInfo(label)
        self.loops.append(info)
        try:
            loop = make(info)
        finally:
            self.loops.pop()
        if info.flag is not None:
            self.emit(P.assign(P.name(info.flag, P.STORE), P.const(None)))
        self.emit(loop)
        parent = self.loops[-1] if self.loops else None
        for target_label in sorted(info.escapes):
            target = next(lp for lp in reversed(self.loops) if lp.label == target_label)
            flag = P.name(target.flag)
            if parent is target:
                if "break" in target.kinds:
                    self.emit(py.If(py.Compare(flag, [py.Eq()], [P.const("break")]), [py.Break()], []))
                if "continue" in target.kinds:
                    reset = P.assign(P.name(target.flag, P.STORE), P.const(None))
                    self.emit(py.If(py.Compare(flag, [py.Eq()], [P.const("continue")]), [reset, py.Continue()], []))
            else:
                self.emit(py.If(py.Compare(flag, [py.IsNot()], [P.const(None)]), [py.Break()], []))

    def _jump(self, s, kind: str) -> None:
        if not self.loops:
            raise self.err(s, f"`{kind}` outside a loop")
        inner = self.loops[-1]
        if s.label is None or s.label == inner.label:
            self.emit(py.Break() if kind == "break" else py.Continue())
            return
        target = next((lp for lp in reversed(self.loops) if lp.label == s.label), None)
        if target is None:
            raise self.err(s, f"no enclosing loop labelled '{s.label}")
        if target.flag is None:
            target.flag = self.temp("jump")
        target.kinds.add(kind)
        for lp in reversed(self.loops):
            if lp is target:
                break
            lp.escapes.add(target.label)
        self.emit(P.assign(P.name(target.flag, P.STORE), P.const(kind)))
        self.emit(py.Break())

    def s_Break(self, s, sink):
        self._jump(s, "break")

    def s_Continue(self, s, sink):
        self._jump(s, "continue")

    def s_While(self, s: ast.While, sink):
        def make(info):
            with self.capture() as pre:
                test, binds = self.condition(s.cond)
            with self.capture() as inner:
                self.emit_binds(binds)
            body = inner + self.block(s.body)
            if not pre:
                return self.at(py.While(test, body, []), s.span)
            stop = py.If(py.UnaryOp(py.Not(), test), [py.Break()], [])
            return self.at(py.While(P.const(True), pre + [stop] + body, []), s.span)

        self._loop(getattr(s, "label", None), make)

    def s_Loop(self, s: ast.Loop, sink):
        self._loop(s.label, lambda info: self.at(py.While(P.const(True), self.block(s.body), []), s.span))

    def s_For(self, s: ast.For, sink):
        iterable = self.iterable(s.iter)
        if s.enumerate:
            iterable = P.rt_call("each2", iterable)
        elif isinstance(s.target, ast.TuplePat):
            iterable = P.rt_call("pairs", iterable)
        binds: list[py.stmt] = []
        if isinstance(s.target, ast.FieldsPat):  # `for {name, age} in people`: bind from each item
            item = self.temp("v")
            target = P.name(item, P.STORE)
            with self.capture() as binds:
                self.bind_pattern(s.target, P.name(item), s)
        else:
            target = self.loop_target(s.target)

        def make(info):
            return self.at(py.For(target, iterable, binds + self.block(s.body), []), s.span)

        self._loop(s.label, make)

    def iterable(self, e: ast.Expr) -> py.expr:
        """A ``for`` iterable: an int range iterates lazily as Python's ``range``."""
        if isinstance(e, ast.Range) and e.start is not None and e.end is not None:
            start, end = self.exprs([e.start, e.end])
            if e.inclusive:
                end = py.BinOp(end, py.Add(), P.const(1))
            return self.at(P.call(P.rt("range"), start, end), e.span)
        return self.expr(e)

    def loop_target(self, pat: ast.Pattern) -> py.expr:
        if isinstance(pat, ast.CapturePat):
            return P.name(self.local(pat.name), P.STORE)
        if isinstance(pat, ast.WildcardPat):
            return P.name("_", P.STORE)
        if isinstance(pat, ast.TuplePat):
            return py.Tuple([self.loop_target(p) for p in pat.items], P.STORE)
        raise self.err(pat, "unsupported: this pattern as a loop variable")

    # ---- other statements

    def s_With(self, s: ast.With, sink):
        items = []
        for item in s.items:
            ctx = P.rt_call("ctx", self.expr(item.context))
            var = P.name(self.local(item.name), P.STORE) if item.name else None
            items.append(py.withitem(ctx, var))
        self.emit(py.With(items, self.block(s.body)))

    def s_Defer(self, s, sink):  # only reached when a Defer is not inside a block list
        raise self.err(s, "`defer` must be a statement of a block")

    def s_Assert(self, s: ast.Assert, sink):
        test = self.expr(s.cond)
        msg = [self.expr(s.message)] if s.message is not None else []
        fail = py.Expr(P.rt_call("assert_failed", *msg))
        self.emit(py.If(py.UnaryOp(py.Not(), test), [fail], []))

    def s_ExternFn(self, s: ast.ExternFn, sink):
        check_extern(s, self.err)
        if self.scope.kind == "module":
            if s.name in self.externs_seen:
                return
            self.externs_seen.add(s.name)
        self.emit(P.assign(P.name(py_name(s.name), P.STORE), P.rt_call("extern", P.const(s.name))))

    def s_TypeAlias(self, s: ast.TypeAlias, sink):
        text = _strip_generics(s.type)
        parts = text.split(".")
        if all(p.isidentifier() for p in parts) and text not in PRIMITIVES:
            value = self.path_expr(tuple(parts), s)
        else:
            value = P.const(s.type)  # a structural type (``fn(i64) -> i64``, ``[i64]``): its text
        self.emit(P.assign(P.name(py_name(s.name), P.STORE), value))

    def s_Export(self, s: ast.Export, sink):
        self.exports.extend(s.names)

    def s_Use(self, s: ast.Use, sink):
        resolved = self.imports.get(s)
        if resolved is None:
            raise self.err(s, f"unresolved use {'.' * s.level}{'.'.join(s.path)}")
        generated = resolved.target.startswith("_splmod")
        items = []
        for b in resolved.bindings:
            if b.source is None:
                self.emit(py.Import(names=[py.alias(name=resolved.target, asname=py_name(b.local))]))
            else:
                src = py_name(b.source) if generated else b.source
                local = py_name(b.local)
                items.append(py.alias(name=src, asname=None if local == src else local))
        if items:
            self.emit(py.ImportFrom(module=resolved.target, names=items, level=0))
        elif not resolved.bindings and s.glob:
            self.emit(py.ImportFrom(module=resolved.target, names=[py.alias(name="*")], level=0))

    # ------------------------------------------------------------------ functions

    def s_FuncDef(self, f: ast.FuncDef, sink):
        self.emit(self.function(f))

    def function(self, f: ast.FuncDef, *, method: bool = False) -> py.FunctionDef:
        ret = (f.ret or "").strip()
        void = ret in _VOID or (f.name == "main" and not ret and not method)
        self_param = method and f.has_self
        decorators = []
        if method and not self_param:
            decorators.append(P.rt("staticmethod"))
        return self._def(py_name(f.name), f.params, f.body, None if void else RETURN, f.span,
                         self_param=self_param, decorators=decorators, doc=True)

    def _def(self, name: str, params, body, sink, span: Span, *, self_param=False, decorators=(), doc=False):
        names = [p.name for p in params] + (["self"] if self_param else [])
        scope = function_scope(self.scope, names, body)
        body = tuple(body)
        with self.in_scope(scope):
            args, prologue = self.parameters(params, self_param, name)
            stmts: list[py.stmt] = []
            if (doc and len(body) > 1 and isinstance(body[0], ast.ExprStmt) and isinstance(body[0].expr, ast.Str)
                    and all(isinstance(p, str) for p in body[0].expr.parts)):
                stmts.append(self.at(py.Expr(P.const("".join(body[0].expr.parts))), body[0].span))
                body = body[1:]
            if scope.globals:
                stmts.append(py.Global(sorted(py_name(n) for n in scope.globals)))
            if scope.nonlocals:
                stmts.append(py.Nonlocal(sorted(py_name(n) for n in scope.nonlocals)))
            stmts += prologue
            stmts += self.block(body, sink)
        fn = py.FunctionDef(name=name, args=args, body=stmts, decorator_list=list(decorators), returns=None,
                            type_comment=None)
        if "type_params" in py.FunctionDef._fields:
            fn.type_params = []
        return self.at(fn, span)

    def parameters(self, params, self_param: bool, func: str):
        """Python ``arguments`` and a prologue that evaluates non-constant defaults per call."""
        posargs = [py.arg("self")] if self_param else []
        defaults, kwonly, kw_defaults, prologue = [], [], [], []
        vararg = None
        seen_default = False
        for p in params:
            pname = py_name(p.name)
            if p.variadic:
                vararg = py.arg(pname)
                prologue.append(P.assign(P.name(pname, P.STORE), P.call(P.rt("list"), P.name(pname))))
                continue
            default = None
            if p.default is not None:
                seen_default = True
                if _is_const_literal(p.default):
                    default = self.expr(p.default)
                else:
                    default = P.rt("MISSING")
                    value = self.expr_stmts(p.default, prologue)
                    test = py.Compare(P.name(pname), [py.Is()], [P.rt("MISSING")])
                    prologue.append(self.at(py.If(test, [P.assign(P.name(pname, P.STORE), value)], []), p.span))
            elif seen_default and vararg is None:
                default = P.rt("MISSING")
                test = py.Compare(P.name(pname), [py.Is()], [P.rt("MISSING")])
                fail = py.Expr(P.rt_call("missing_arg", P.const(func), P.const(p.name)))
                prologue.append(self.at(py.If(test, [fail], []), p.span))
            if vararg is None:
                posargs.append(self.at(py.arg(pname), p.span))
                if default is not None:
                    defaults.append(default)
            else:
                kwonly.append(self.at(py.arg(pname), p.span))
                kw_defaults.append(default)
        # Python wants defaults for a suffix of the positional parameters only.
        n_req = len(posargs) - len(defaults)
        args = py.arguments(posonlyargs=[], args=posargs, vararg=vararg, kwonlyargs=kwonly,
                            kw_defaults=kw_defaults, kwarg=None, defaults=defaults)
        assert n_req >= 0
        return args, prologue

    def expr_stmts(self, e: ast.Expr, into: list) -> py.expr:
        """Lower ``e``, sending the statements it emits to ``into``."""
        with self.capture() as pre:
            value = self.expr(e)
        into.extend(pre)
        return value

    # ------------------------------------------------------------------ classes, enums, traits, impls

    def _class(self, name: str, base: py.expr, body: list[py.stmt], span: Span, decorators=()) -> py.ClassDef:
        cls = py.ClassDef(name=name, bases=[base] if base is not None else [], keywords=[], body=body or [py.Pass()],
                          decorator_list=list(decorators))
        if "type_params" in py.ClassDef._fields:
            cls.type_params = []
        return self.at(cls, span)

    def s_ClassDef(self, c: ast.ClassDef, sink):
        if c.bases:
            raise self.err(c, f"unsupported: inheritance ({c.kind} {c.name} from {', '.join(c.bases)})",
                           "Simple has no inheritance: use a field (composition) or a trait")
        body: list[py.stmt] = []
        if c.doc:
            body.append(py.Expr(P.const(c.doc)))
        fields = [f.name for f in c.fields]
        body.append(P.assign(P.name("_spl_fields", P.STORE), py.Tuple([P.const(py_name(n)) for n in fields], P.LOAD)))
        if c.fields:
            body.append(self._init(c))
        for m in c.methods:
            body.append(self.function(m, method=True))
        if any(m.name == "drop" for m in c.methods):
            drop = py.Expr(P.call(P.attr(P.name("self"), "drop")))
            body.append(self._simple_def("__del__", ["self"], [drop]))
        base = P.rt("Struct" if c.kind == "struct" else "Object")
        for stmt in body:
            self.at(stmt, c.span)
        self.emit(self._class(py_name(c.name), base, body, c.span))

    def _simple_def(self, name: str, params: list[str], body: list[py.stmt]) -> py.FunctionDef:
        args = py.arguments(posonlyargs=[], args=[py.arg(p) for p in params], vararg=None, kwonlyargs=[],
                            kw_defaults=[], kwarg=None, defaults=[])
        fn = py.FunctionDef(name=name, args=args, body=body, decorator_list=[], returns=None, type_comment=None)
        if "type_params" in py.FunctionDef._fields:
            fn.type_params = []
        return fn

    def _init(self, c: ast.ClassDef) -> py.FunctionDef:
        """``__init__`` taking the fields in order, positionally or by name, with their defaults."""
        params = tuple(ast.Param(f.span, f.name, f.type, f.default) for f in c.fields)
        scope = function_scope(self.scope, [p.name for p in params] + ["self"], ())
        with self.in_scope(scope):
            args, prologue = self.parameters(params, True, c.name)
        body = prologue + [
            self.at(P.assign(P.attr(P.name("self"), py_name(f.name), P.STORE), P.name(py_name(f.name))), f.span)
            for f in c.fields
        ]
        fn = self._simple_def("__init__", [], body)
        fn.args = args
        return self.at(fn, c.span)

    def s_EnumDef(self, e: ast.EnumDef, sink):
        body: list[py.stmt] = []
        for v in e.variants:
            if v.fields is None:
                spec = P.rt_call("variant")
            else:
                names = py.Tuple([P.const(py_name(f.name)) for f in v.fields], P.LOAD)
                defaults = [f.default for f in v.fields if f.default is not None]
                args = [names]
                if defaults:
                    args.append(py.Tuple([self.expr(d) for d in defaults], P.LOAD))
                spec = P.rt_call("variant", *args)
            body.append(self.at(P.assign(P.name(py_name(v.name), P.STORE), spec), v.span))
        for m in e.methods:
            body.append(self.function(m, method=True))
        self.emit(self._class(py_name(e.name), P.rt("Enum"), body, e.span))

    def s_TraitDef(self, t: ast.TraitDef, sink):
        abstract = [m.name for m in t.methods if not m.body]
        body: list[py.stmt] = [
            P.assign(P.name("_spl_abstract", P.STORE), py.Tuple([P.const(py_name(n)) for n in abstract], P.LOAD))
        ]
        for m in t.methods:
            if m.body:
                body.append(self.function(m, method=True))
        for stmt in body:
            self.at(stmt, t.span)
        self.emit(self._class(py_name(t.name), P.rt("Trait"), body, t.span))

    def s_ImplDef(self, i: ast.ImplDef, sink):
        target = _strip_generics(i.target)
        if target in PRIMITIVES or target.startswith(("[", "{", "(")):
            raise self.err(i, f"unsupported: impl on the built-in type {i.target}")
        args = [self.path_expr(tuple(target.split(".")), i)]
        if i.trait is not None:
            args.append(self.path_expr(tuple(_strip_generics(i.trait).split(".")), i))
        body = [self.function(m, method=True) for m in i.methods]
        name = f"_spl_impl_{target.replace('.', '_')}"
        self.emit(self._class(name, None, body, i.span, decorators=[P.rt_call("impl", *args)]))

    # ------------------------------------------------------------------ match

    def match_stmt(self, m: ast.Match, sink: Sink | None) -> bool:
        subject = self.expr(m.subject)
        if not isinstance(subject, py.Name):
            t = self.temp("m")
            self.emit(self.at(P.assign(P.name(t, P.STORE), subject), m.subject.span))
            subject = P.name(t)
        arms: list[tuple[py.expr | None, list[py.stmt], ast.MatchArm]] = []
        for arm in m.arms:
            tests, binds = self.pattern(arm.pattern, subject)
            if arm.guard is not None:
                saved = self.subst
                self.subst = {**saved, **dict(binds)}
                try:
                    with self.capture() as pre:
                        guard = self.expr(arm.guard)
                finally:
                    self.subst = saved
                if pre:
                    raise self.err(arm.guard, "unsupported: a guard that needs statements (`?`, `match`)")
                tests = tests + [guard]
            with self.capture() as body:
                self.emit_binds(binds)
                self.block_into(list(arm.body), sink)
            if not body:
                body.append(py.Pass())
            for stmt in body:
                self.at(stmt, arm.span)
            test = self.at(self._and(tests), arm.pattern.span) if tests else None
            arms.append((test, body, arm))
            if test is None:
                break  # an irrefutable arm: later arms cannot run
        if not arms or arms[-1][0] is not None:
            fail = py.Expr(P.rt_call("no_match", subject, P.const(m.span.line)))
            orelse: list[py.stmt] = [self.at(fail, m.span)]
        else:
            orelse = arms.pop()[1]
        for test, body, arm in reversed(arms):
            orelse = [self.at(py.If(test, body, orelse), arm.span)]
        for stmt in orelse:
            self.emit(stmt)
        return True

    def _and(self, tests: list[py.expr]) -> py.expr:
        return tests[0] if len(tests) == 1 else py.BoolOp(py.And(), tests)

    def pattern(self, pat: ast.Pattern, v: py.expr):
        """(tests, bindings) matching ``pat`` against the pure expression ``v``."""
        if isinstance(pat, ast.WildcardPat):
            return [], []
        if isinstance(pat, ast.CapturePat):
            if pat.name in ("nil", "None"):
                return [py.Compare(v, [py.Is()], [P.const(None)])], []
            return [], [(pat.name, v)]
        if isinstance(pat, ast.LiteralPat):
            lit = pat.value
            if isinstance(lit, ast.Nil):
                return [py.Compare(v, [py.Is()], [P.const(None)])], []
            if isinstance(lit, ast.Bool):
                return [py.Compare(v, [py.Is()], [P.const(lit.value)])], []
            return [py.Compare(v, [py.Eq()], [self.expr(lit)])], []
        if isinstance(pat, ast.ValuePat):
            if pat.path in (("nil",), ("None",)):
                return [py.Compare(v, [py.Is()], [P.const(None)])], []
            return [py.Compare(v, [py.Eq()], [self.path_expr(pat.path, pat)])], []
        if isinstance(pat, ast.VariantPat):
            cls = self.path_expr(pat.path, pat)
            tests = [P.call(P.rt("isinstance"), v, cls)]
            binds = []
            for i, sub in enumerate(pat.args):
                item = py.Subscript(P.attr(v, "_values"), P.const(i), P.LOAD)
                t, b = self.pattern(sub, item)
                tests += t
                binds += b
            return tests, binds
        if isinstance(pat, ast.TuplePat):
            tests = [P.rt_call("is_tuple", v, P.const(len(pat.items)))]
            binds = []
            for i, sub in enumerate(pat.items):
                t, b = self.pattern(sub, py.Subscript(v, P.const(i), P.LOAD))
                tests += t
                binds += b
            return tests, binds
        if isinstance(pat, ast.FieldsPat):
            tests, binds = [], []
            for name, sub in pat.fields:
                tests.append(self._field(v, name, "has_field"))
                t, b = self.pattern(sub, self._field(v, name))
                tests += t
                binds += b
            return tests, binds
        if isinstance(pat, ast.OrPat):
            alts = []
            for alt in pat.alternatives:
                t, b = self.pattern(alt, v)
                if b:
                    raise self.err(alt, "unsupported: a binding inside an or-pattern")
                if not t:
                    return [], []
                alts.append(self._and(t))
            return [py.BoolOp(py.Or(), alts)], []
        raise self.err(pat, f"unsupported: pattern {type(pat).__name__}")

    @staticmethod
    def _field(v: py.expr, name: str, helper: str = "field") -> py.expr:
        """``_spl.field(v, "name")`` (the Python attribute added when the name is renamed)."""
        attr = py_name(name)
        extra = [P.const(attr)] if attr != name else []
        return P.rt_call(helper, v, P.const(name), *extra)

    def path_expr(self, path: tuple[str, ...], node: ast.Node) -> py.expr:
        expr = self.at(self.load_name(path[0]), node.span)
        for part in path[1:]:
            expr = P.attr(expr, py_name(part))
        return self.at(expr, node.span)

    # ------------------------------------------------------------------ expressions

    def exprs(self, es) -> list[py.expr]:
        """Lower sibling expressions left to right. When one emits statements, the values of the
        earlier ones are saved in temporaries first, so evaluation order is kept."""
        results: list[py.expr] = []
        for e in es:
            mark = len(self.out)
            r = self.expr(e)
            if len(self.out) > mark:
                spills = []
                for j, prev in enumerate(results):
                    if not P.is_pure(prev):
                        t = self.temp()
                        spills.append(P.locate(P.assign(P.name(t, P.STORE), prev), e.span.line, e.span.col))
                        results[j] = P.name(t)
                self.out[mark:mark] = spills
            results.append(r)
        return results

    def expr(self, e: ast.Expr) -> py.expr:
        method = getattr(self, "e_" + type(e).__name__, None)
        if method is None:
            raise self.err(e, f"unsupported: {type(e).__name__} expression")
        return self.at(method(e), e.span)

    def load_name(self, n: str) -> py.expr:
        if n in self.subst:
            return self.subst[n]
        if self.scope.binds(n):
            return P.name(py_name(n))
        runtime_name = BUILTINS.get(n)
        if runtime_name is not None:
            return P.rt(runtime_name)
        if n == "None":
            return P.const(None)
        return P.name(py_name(n))

    def e_Name(self, e: ast.Name):
        return self.load_name(e.id)

    def e_Int(self, e):
        return P.const(e.value)

    def e_Float(self, e):
        return P.const(e.value)

    def e_Bool(self, e):
        return P.const(e.value)

    def e_Nil(self, e):
        return P.const(None)

    def e_Symbol(self, e):
        return P.const(e.name)

    def e_Str(self, e: ast.Str):
        if all(isinstance(p, str) for p in e.parts):
            return P.const("".join(e.parts))
        values: list[py.expr] = []
        plain = True
        for part in e.parts:
            if isinstance(part, str):
                if part:
                    values.append(P.const(part))
                continue
            inner = self.expr(part.expr)
            plain = plain and not _has_quoted_text(inner)
            if part.spec is None:
                values.append(self.at(P.rt_call("show", inner), part.span))
            else:
                values.append(self.at(P.rt_call("fmt_value", inner), part.span))
                values[-1] = ("spec", values[-1], part.spec)
        if plain:
            return py.JoinedStr([self._fstring_part(v) for v in values])
        # A quote or backslash inside an interpolation cannot be written in an f-string before
        # Python 3.12: build the text with "".join([...]) instead.
        items = [P.call(P.rt("format"), v[1], P.const(v[2])) if isinstance(v, tuple) else v for v in values]
        return P.call(P.attr(P.const(""), "join"), py.List(items, P.LOAD))

    @staticmethod
    def _fstring_part(v):
        if isinstance(v, tuple):
            _, value, spec = v
            return py.FormattedValue(value, -1, py.JoinedStr([P.const(spec)]))
        if isinstance(v, py.Constant):
            return v
        return py.FormattedValue(v, -1, None)

    def e_ListLit(self, e: ast.ListLit):
        return py.List(self._items(e.items), P.LOAD)

    def _items(self, items) -> list[py.expr]:
        values = self.exprs([x.value if isinstance(x, ast.Spread) else x for x in items])
        return [py.Starred(v, P.LOAD) if isinstance(x, ast.Spread) else v for x, v in zip(items, values)]

    def e_TupleLit(self, e: ast.TupleLit):
        return py.Tuple(self._items(e.items), P.LOAD)

    def e_SetLit(self, e: ast.SetLit):
        if not e.items:
            return P.call(P.rt("new_set"))
        return py.Set(self._items(e.items))

    def e_DictLit(self, e: ast.DictLit):
        flat = []
        for entry in e.entries:
            if isinstance(entry, ast.Spread):
                flat.append(entry.value)
            else:
                flat += [entry.key, entry.value]
        values = iter(self.exprs(flat))
        keys, vals = [], []
        for entry in e.entries:
            if isinstance(entry, ast.Spread):
                keys.append(None)
                vals.append(next(values))
            else:
                keys.append(next(values))
                vals.append(next(values))
        return py.Dict(keys, vals)

    def e_ArrayRepeat(self, e: ast.ArrayRepeat):
        value, count = self.exprs([e.value, e.count])
        if _is_const_literal(e.value):
            return py.BinOp(py.List([value], P.LOAD), py.Mult(), count)
        return P.rt_call("fill", value, count)

    def e_Spread(self, e):
        raise self.err(e, "a spread (`...xs`, `*xs`) is only allowed in a list, call or dict")

    def e_Comprehension(self, e: ast.Comprehension):
        if not e.clauses or not isinstance(e.clauses[0], ast.CompFor):
            raise self.err(e, "a comprehension must start with `for`")
        with self.capture() as pre:
            node = self._comprehension(e)
        if not pre:
            return node
        return self._comprehension_loop(e)

    def _comp_iter(self, clause: ast.CompFor) -> py.expr:
        it = self.iterable(clause.iter)
        if isinstance(clause.target, ast.TuplePat):
            it = P.rt_call("pairs", it)
        return it

    def _comprehension(self, e: ast.Comprehension) -> py.expr:
        gens: list[py.comprehension] = []
        for clause in e.clauses:
            if isinstance(clause, ast.CompFor):
                gens.append(py.comprehension(self.loop_target(clause.target), self._comp_iter(clause), [], 0))
            else:
                gens[-1].ifs.append(self.expr(clause.cond))
        if e.kind == "dict":
            return py.DictComp(self.expr(e.element), self.expr(e.value), gens)
        element = self.expr(e.element)
        return (py.SetComp if e.kind == "set" else py.ListComp)(element, gens)

    def _comprehension_loop(self, e: ast.Comprehension) -> py.expr:
        """A comprehension whose parts need statements, as loops filling a temporary."""
        t = self.temp("c")
        init = {"list": py.List([], P.LOAD), "set": P.call(P.rt("new_set")), "dict": py.Dict([], [])}[e.kind]
        self.emit(P.assign(P.name(t, P.STORE), init))

        def nest(i: int) -> list[py.stmt]:
            if i == len(e.clauses):
                with self.capture() as out:
                    if e.kind == "dict":
                        k, v = self.exprs([e.element, e.value])
                        self.emit(P.assign(py.Subscript(P.name(t), k, P.STORE), v))
                    else:
                        add = "append" if e.kind == "list" else "add"
                        self.emit(py.Expr(P.call(P.attr(P.name(t), add), self.expr(e.element))))
                return out
            clause = e.clauses[i]
            with self.capture() as out:
                if isinstance(clause, ast.CompFor):
                    it = self._comp_iter(clause)
                    self.emit(py.For(self.loop_target(clause.target), it, nest(i + 1), []))
                else:
                    test = self.expr(clause.cond)
                    self.emit(py.If(test, nest(i + 1), []))
            return out

        for stmt in nest(0):
            self.emit(self.at(stmt, e.span))
        return P.name(t)

    def e_Unary(self, e: ast.Unary):
        op = _UNARY.get(e.op)
        if op is None:
            raise self.err(e, f"unsupported: unary operator {e.op}")
        return py.UnaryOp(op(), self.expr(e.operand))

    def e_Binary(self, e: ast.Binary):
        op = e.op
        if op in ("and", "or"):
            return self._boolop(e)
        if op == "??":
            return self._coalesce(e)
        if op == "|>":
            return self._pipe(e)
        if op in ("in", "not in"):
            left, right = self.exprs([e.left, e.right])
            return py.Compare(left, [_CMPOPS[op]()], [right])
        left, right = self.exprs([e.left, e.right])
        if op == "/":
            return P.rt_call("div", left, right)
        if op == "%":
            return P.rt_call("mod", left, right)
        if op == "+" and (isinstance(e.left, ast.Str) or isinstance(e.right, ast.Str)):
            return P.rt_call("concat", left, right)
        pyop = _BINOPS.get(op)
        if pyop is None:
            raise self.err(e, f"unsupported: operator {op}")
        return py.BinOp(left, pyop(), right)

    def _boolop(self, e: ast.Binary):
        left = self.expr(e.left)
        with self.capture() as pre:
            right = self.expr(e.right)
        op = py.And if e.op == "and" else py.Or
        if not pre:
            values = (left.values if isinstance(left, py.BoolOp) and isinstance(left.op, op) else [left]) + [right]
            return py.BoolOp(op(), values)
        t = self.temp()
        self.emit(self.at(P.assign(P.name(t, P.STORE), left), e.span))
        test = P.name(t) if e.op == "and" else py.UnaryOp(py.Not(), P.name(t))
        self.emit(self.at(py.If(test, pre + [P.assign(P.name(t, P.STORE), right)], []), e.span))
        return P.name(t)

    def _coalesce(self, e: ast.Binary):
        left = P.rt_call("opt", self.expr(e.left))
        t = self.temp()
        with self.capture() as pre:
            right = self.expr(e.right)
        if not pre:
            test = py.Compare(py.NamedExpr(P.name(t, P.STORE), left), [py.IsNot()], [P.const(None)])
            return py.IfExp(test, P.name(t), right)
        self.emit(self.at(P.assign(P.name(t, P.STORE), left), e.span))
        test = py.Compare(P.name(t), [py.Is()], [P.const(None)])
        self.emit(self.at(py.If(test, pre + [P.assign(P.name(t, P.STORE), right)], []), e.span))
        return P.name(t)

    def _pipe(self, e: ast.Binary):
        """``x |> f`` calls ``f(x)``; ``x |> f(a)`` calls ``f(x, a)``."""
        if isinstance(e.right, ast.Call):
            call = e.right
            return self.e_Call(ast.Call(call.span, call.func, (ast.Arg(e.left.span, None, e.left),) + call.args))
        value, func = self.exprs([e.left, e.right])
        return P.call(func, value)

    def e_Compare(self, e: ast.Compare):
        values = self.exprs([e.left, *e.comparators])
        ops = []
        for op in e.ops:
            if op not in _CMPOPS:
                raise self.err(e, f"unsupported: comparison {op}")
            ops.append(_CMPOPS[op]())
        return py.Compare(values[0], ops, values[1:])

    def e_IsTest(self, e: ast.IsTest):
        value = self.expr(e.value)
        t = e.type.strip()
        if t == "nil":
            return py.Compare(value, [py.IsNot() if e.negated else py.Is()], [P.const(None)])
        base = _strip_generics(t)
        parts = base.split(".")
        if base in PRIMITIVES or not all(p.isidentifier() for p in parts):
            test = P.rt_call("is_type", value, P.const(t))
        else:
            test = P.rt_call("isa", value, self.path_expr(tuple(parts), e))
        return py.UnaryOp(py.Not(), test) if e.negated else test

    def e_Cast(self, e: ast.Cast):
        value = self.expr(e.value)
        t = e.type.strip()
        if t in PRIMITIVES:
            return P.rt_call("cast", value, P.const(t))
        return value  # a cast to a user type checks nothing at run time

    def e_Range(self, e: ast.Range):
        if e.start is None or e.end is None:
            raise self.err(e, "a range needs both ends here (an open range is only allowed in a slice)")
        start, end = self.exprs([e.start, e.end])
        args = [start, end] + ([P.const(True)] if e.inclusive else [])
        return P.rt_call("srange", *args)

    def index(self, ix) -> py.expr:
        if isinstance(ix, ast.Slice):
            parts = [ix.lower, ix.upper, ix.step]
            lowered = self.exprs([p for p in parts if p is not None])
            it = iter(lowered)
            lo, hi, st = (next(it) if p is not None else None for p in parts)
            return self.at(py.Slice(lo, hi, st), ix.span)
        if isinstance(ix, ast.Range):
            parts = [ix.start, ix.end]
            lowered = iter(self.exprs([p for p in parts if p is not None]))
            lo, hi = (next(lowered) if p is not None else None for p in parts)
            if not ix.inclusive:
                return self.at(py.Slice(lo, hi, None), ix.span)
            return self.at(P.rt_call("slice_of", lo or P.const(None), hi or P.const(None), P.const(True)), ix.span)
        return self.expr(ix)

    def e_Index(self, e: ast.Index):
        value = self.expr(e.value)
        with self.capture() as pre:
            index = self.index(e.index)
        if pre and not P.is_pure(value):
            t = self.temp()
            self.emit(P.assign(P.name(t, P.STORE), value))
            value = P.name(t)
        self.out.extend(pre)
        return py.Subscript(value, index, P.LOAD)

    def _safe(self, obj: py.expr, make) -> py.expr:
        """``obj?.x``: nil when ``obj`` is nil, else ``make(obj)``."""
        t = self.temp()
        test = py.Compare(py.NamedExpr(P.name(t, P.STORE), obj), [py.IsNot()], [P.const(None)])
        return py.IfExp(test, make(P.name(t)), P.const(None))

    def e_Attribute(self, e: ast.Attribute):
        obj = self.expr(e.value)

        def access(o: py.expr) -> py.expr:
            if e.name in ZERO_ARG_NAMES and not self._is_self(e.value):
                return P.rt_call("prop", o, P.const(e.name))
            return P.attr(o, py_name(e.name))

        return self._safe(obj, access) if e.safe else access(obj)

    def _is_self(self, e: ast.Expr) -> bool:
        return isinstance(e, ast.Name) and e.id == "self" and "self" not in self.subst

    def e_Call(self, e: ast.Call):
        func = e.func
        values = [a.value.value if isinstance(a.value, ast.Spread) else a.value for a in e.args]
        if isinstance(func, ast.Attribute):
            obj, *args = self.exprs([func.value, *values])
            builtin = func.name in METHOD_NAMES and not self._is_self(func.value)

            def make(o: py.expr) -> py.expr:
                pos, kws = self._call_args(e.args, args)
                if builtin:
                    return P.call(P.rt("m_" + func.name), o, *pos, keywords=kws)
                return P.call(P.attr(o, py_name(func.name)), *pos, keywords=kws)

            return self._safe(obj, make) if func.safe else make(obj)
        callee, *args = self.exprs([func, *values])
        pos, kws = self._call_args(e.args, args)
        return P.call(callee, *pos, keywords=kws)

    def _call_args(self, args, values):
        pos, kws = [], []
        for a, v in zip(args, values):
            if isinstance(a.value, ast.Spread):
                if a.value.double:
                    kws.append(py.keyword(arg=None, value=v))
                else:
                    pos.append(py.Starred(v, P.LOAD))
            elif a.name is not None:
                kws.append(self.at(py.keyword(arg=py_name(a.name), value=v), a.span))
            else:
                pos.append(v)
        return pos, kws

    def e_Try(self, e: ast.Try):
        if self.scope.kind != "function":
            raise self.err(e, "`?` can only propagate out of a function", "use it inside a fn, or match on the value")
        value = self.expr(e.value)
        t = self.temp()
        self.emit(self.at(P.assign(P.name(t, P.STORE), value), e.span))
        self.emit(self.at(py.If(P.rt_call("failed", P.name(t)), [py.Return(P.name(t))], []), e.span))
        return P.rt_call("ok_value", P.name(t))

    def e_Presence(self, e: ast.Presence):
        return P.rt_call("presence", self.expr(e.value))

    def e_LetCond(self, e):
        raise self.err(e, "`val PAT = expr` is only allowed as an `if` or `while` condition")

    def e_Lambda(self, e: ast.Lambda):
        body = tuple(e.body)
        simple = (not e.is_block and len(body) == 1 and isinstance(body[0], ast.ExprStmt)
                  and not needs_stmts(body[0].expr) and all(_is_const_literal(p.default) or p.default is None
                                                             for p in e.params))
        if simple:
            scope = function_scope(self.scope, [p.name for p in e.params], body)
            if not scope.nonlocals and not scope.globals:
                with self.in_scope(scope), self.capture() as pre:
                    args, prologue = self.parameters(e.params, False, "lambda")
                    value = self.expr(body[0].expr)
                if not pre and not prologue:
                    return py.Lambda(args, value)
        name = self.temp("fn")
        self.emit(self._def(name, e.params, body, RETURN, e.span))
        return P.name(name)

    def e_If(self, e: ast.If):
        if not needs_stmts(e):
            return self._ternary(list(e.branches), e.orelse)
        t = self.temp()
        self.if_stmt(e, Sink("assign", t))
        return P.name(t)

    def _ternary(self, branches, orelse) -> py.expr:
        if not branches:
            return self.expr(orelse[0].expr)
        (cond, body), rest = branches[0], branches[1:]
        test, _ = self.condition(cond)
        value = self.expr(body[0].expr)
        return py.IfExp(test, value, self._ternary(rest, orelse))

    def e_Match(self, e: ast.Match):
        t = self.temp()
        self.match_stmt(e, Sink("assign", t))
        return P.name(t)


def _has_quoted_text(node: py.AST) -> bool:
    for n in py.walk(node):
        if isinstance(n, py.JoinedStr):
            return True
        if isinstance(n, py.Constant) and isinstance(n.value, str) and _QUOTE_CHARS & set(n.value):
            return True
    return False


def check_extern(s: ast.ExternFn, err) -> None:
    """An extern must have an implementation whose parameter count matches the declaration."""
    from runtime import externs

    sig = externs.signature(s.name)
    if sig is None:
        close = externs.close_names(s.name)
        hint = f"did you mean {', '.join(close)}?" if close else (
            "register one with @runtime.externs.extern and pass --externs MODULE"
        )
        raise err(s, f"no implementation for extern `{s.name}`", hint)
    if sig.arity != len(s.params):
        raise err(
            s,
            f"extern `{s.name}` is declared with {len(s.params)} parameter(s), "
            f"but its implementation takes {sig.arity}",
            f"the runtime's signature is {s.name}{sig}",
        )
