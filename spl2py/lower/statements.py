"""Statements: let/assign, if, loops and jumps, with, assert, use/export, type aliases."""

from __future__ import annotations

import ast as py

from runtime.primitives import DEFAULTS, PRIMITIVES
from spl2py.lower import pyast as P
from spl2py.lower.hints import misread_printer
from spl2py.lower.core import AUG, RETURN, LoopInfo, needs_stmts, Sink, strip_generics
from spl2py.lower.names import py_name
from spl2py.lower import types as T
from spl2py.syntax import ast


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


class StatementLowering:
    def s_ExprStmt(self, s: ast.ExprStmt, sink):
        e = s.expr
        if isinstance(e, ast.If):
            self.if_stmt(e, sink)
        elif isinstance(e, ast.Match):
            self.match_stmt(e, sink)
        elif isinstance(e, (ast.LetCond, ast.Spread)):
            raise self.err(e, "this expression is only allowed in a condition or a list")
        else:
            misread = misread_printer(e, self.is_builtin)
            if misread is not None:
                raise self.err(*misread)
            self.discarded = e if sink is None else None  # a call whose result nobody reads
            value = self.expr(e)
            if sink is None and isinstance(value, py.Constant) and isinstance(e, ast.Str):
                return True  # a bare string statement (prose) has no effect
            self.emit(self.to_sink(sink, value, e))
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
            self.emit(py.Return(self._returned(s.value, self.expr(s.value))))

    def _value_into(self, value: ast.Expr, target: str) -> bool:
        """Lower ``if``/``match`` values straight into ``target = ...`` in each branch."""
        if isinstance(value, ast.Match):
            self.match_stmt(value, Sink("assign", target))
            return True
        if isinstance(value, ast.If) and needs_stmts(value):
            self.if_stmt(value, Sink("assign", target))
            return True
        return False

    def s_Let(self, s: ast.Let, sink):
        target = s.target
        if s.value is None:
            value = self._type_default(s.type)
        elif isinstance(target, ast.CapturePat) and self._value_into(s.value, self.local(target)):
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
            self.emit(P.assign(P.name(self.local(pat), P.STORE), value))
        elif isinstance(pat, ast.WildcardPat):
            self.emit(py.Expr(value))
        elif isinstance(pat, ast.TuplePat) and all(
            isinstance(p, (ast.CapturePat, ast.WildcardPat)) for p in pat.items
        ):
            elts = [P.name(self.local(p) if isinstance(p, ast.CapturePat) else "_", P.STORE) for p in pat.items]
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

    def local(self, node) -> str:
        """The Python name of a binding node (CapturePat, WithItem): renamed when it shadows (sema)."""
        return self.sema.pyname(node, py_name(node.name))

    def s_Assign(self, s: ast.Assign, sink):
        target = s.target
        if s.op is None:
            if isinstance(target, ast.Name) and self._value_into(s.value, self.sema.pyname(target, py_name(target.id))):
                return
            value = self._bound_value(s.value)
            self.emit(P.assign(self.target(target), value))
            return
        if s.op in ("/", "%"):
            tgt = self.target(target)
            load = self._reload(tgt)
            value = self.expr(s.value)
            self.emit(P.assign(tgt, self.divide(s.op, load, value, self.type_of(target), self.type_of(s.value))))
            return
        op = AUG.get(s.op)
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
            return P.name(self.sema.pyname(e, py_name(e.id)), P.STORE)
        if isinstance(e, ast.Attribute) and not e.safe:
            return self.at(P.attr(self.expr(e.value), py_name(e.name), P.STORE), e.span)
        if isinstance(e, ast.Index):
            value = self.expr(e.value)
            return self.at(py.Subscript(value, self.index(e.index), P.STORE), e.span)
        if isinstance(e, (ast.TupleLit, ast.ListLit)):
            return self.at(py.Tuple([self.target(x) for x in e.items], P.STORE), e.span)
        raise self.err(e, "cannot assign to this expression")

    def if_stmt(self, e: ast.If, sink: Sink | None) -> bool:
        for stmt in self._if_from(e, 0, sink):
            self.emit(stmt)
        return True

    def _if_from(self, e: ast.If, i: int, sink: Sink | None) -> list[py.stmt]:
        """Branch ``i`` of ``e`` on, as statements (a method, not a recursive closure: a closure that
        calls itself is a reference cycle holding the lowerer and all it made)."""
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
        node = self.at(py.If(test, stmts, self._if_from(e, i + 1, sink)), cond.span)
        return pre + [node]

    def condition(self, cond: ast.Expr):
        """(test, bindings) for an ``if``/``while`` condition; ``val PAT = e`` binds on success."""
        if not isinstance(cond, ast.LetCond):
            return self.expr(cond), []
        value = P.rt_call("opt", self.expr(cond.value))
        if isinstance(cond.pattern, ast.CapturePat):
            walrus = py.NamedExpr(P.name(self.local(cond.pattern), P.STORE), value)
            return self.at(py.Compare(walrus, [py.IsNot()], [P.const(None)]), cond.span), []
        t = self.temp("v")
        self.emit(P.assign(P.name(t, P.STORE), self.expr(cond.value)))
        tests, binds = self.pattern(cond.pattern, P.name(t))
        test = self._and(tests) if tests else P.const(True)
        return self.at(test, cond.span), binds

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
        iterable = self.iterable(s.iter, plain=not s.enumerate and isinstance(s.target, ast.CapturePat))
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
            binds += self._copy_mutated_loop_vars(s.target)

        def make(info):
            return self.at(py.For(target, iterable, binds + self.block(s.body), []), s.span)

        self._loop(s.label, make)

    def iterable(self, e: ast.Expr, plain: bool = False) -> py.expr:
        """A ``for`` iterable: an int range iterates lazily as Python's ``range``; so does an int
        (``for i in 5`` is ``for i in 0..5``): as ``range`` when its type is known; through
        ``_spl.each`` (an int at run time is a range, anything else itself) when it is not, for a
        ``plain`` loop (one name bound per item) over a name or a field (``for i in n``,
        ``for i in self.count``): what Simple code iterates as a count."""
        if isinstance(e, ast.Range) and e.start is not None and e.end is not None:
            start, end = self.exprs([e.start, e.end])
            if e.inclusive:
                end = py.BinOp(end, py.Add(), P.const(1))
            return self.at(P.call(P.rt("range"), start, end), e.span)
        t = self.type_of(e)
        if t in ("int", "nat"):
            return self.at(P.call(P.rt("range"), self.expr(e)), e.span)
        if plain and t == T.UNKNOWN and isinstance(e, (ast.Name, ast.Attribute)):
            return self.at(P.rt_call("each", self.expr(e)), e.span)
        return self.expr(e)

    def loop_target(self, pat: ast.Pattern) -> py.expr:
        if isinstance(pat, ast.CapturePat):
            return P.name(self.local(pat), P.STORE)
        if isinstance(pat, ast.WildcardPat):
            return P.name("_", P.STORE)
        if isinstance(pat, ast.TuplePat):
            return py.Tuple([self.loop_target(p) for p in pat.items], P.STORE)
        raise self.err(pat, "unsupported: this pattern as a loop variable")

    def s_With(self, s: ast.With, sink):
        items = []
        for item in s.items:
            ctx = P.rt_call("ctx", self.expr(item.context))
            var = P.name(self.local(item), P.STORE) if item.name else None
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
        text = strip_generics(s.type)
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
