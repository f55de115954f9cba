"""The lowerer's core: state, temporaries, scopes, module order (hoisting), statement and expression dispatch."""

from __future__ import annotations

import ast as py
from contextlib import contextmanager
from dataclasses import dataclass, field

from runtime.core import BUILTINS
from spl2py.diagnostics import CompileError, Span, error
from spl2py.lower import pyast as P
from spl2py.lower.names import py_name
from spl2py.lower.scopes import Scope, bindings
from spl2py.lower.types import known_classes
from spl2py.syntax import ast
from spl2py.syntax.visit import iter_child_nodes, walk


BINOPS = {
    "+": py.Add, "-": py.Sub, "*": py.Mult, "**": py.Pow, "@": py.MatMult,
    "&": py.BitAnd, "|": py.BitOr, "^": py.BitXor, "<<": py.LShift, ">>": py.RShift,
}


AUG = {"+": py.Add, "-": py.Sub, "*": py.Mult, "**": py.Pow}


CMPOPS = {"==": py.Eq, "!=": py.NotEq, "<": py.Lt, "<=": py.LtE, ">": py.Gt, ">=": py.GtE,
           "in": py.In, "not in": py.NotIn}


UNARY = {"-": py.USub, "+": py.UAdd, "not": py.Not, "~": py.Invert}


VOID = ("void", "()")


QUOTE_CHARS = frozenset("'\"\\\n\r")


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


def is_const_literal(e: ast.Expr | None) -> bool:
    """A default value that may be evaluated once (immutable, no side effects)."""
    if isinstance(e, (ast.Int, ast.Float, ast.Bool, ast.Nil, ast.Symbol)):
        return True
    if isinstance(e, ast.Str):
        return all(isinstance(p, str) for p in e.parts)
    if isinstance(e, ast.Unary) and e.op in ("-", "+"):
        return isinstance(e.operand, (ast.Int, ast.Float))
    return False


def strip_generics(type_text: str) -> str:
    return type_text.split("<", 1)[0].strip()


def needs_stmts(e: ast.Node | tuple) -> bool:
    """Whether lowering ``e`` (outside any lambda) may emit statements: it cannot be a plain ternary."""
    if isinstance(e, (ast.Try, ast.Match)) or (isinstance(e, ast.Unwrap) and e.kind in ("or_return", "or_jump")):
        return True
    if isinstance(e, ast.Lambda):
        return False
    if isinstance(e, ast.If):
        if e.orelse is None:
            return True
        for body in [b for _, b in e.branches] + [e.orelse]:
            if len(body) != 1 or not isinstance(body[0], ast.ExprStmt):
                return True
    return any(needs_stmts(child) for child in iter_child_nodes(e))


class LowererCore:
    def __init__(self, module: ast.Module, imports: dict, analysis=None):
        from spl2py.sema import analyze

        self.module = module
        self.sema = analysis if analysis is not None else analyze(module, imports, strict=False)
        self.fn_node = module  # the FuncDef / Lambda / Module whose Python scope is being generated
        self.imports = imports or {}
        self.path = module.path
        self.out: list[py.stmt] = []
        self.scope = Scope("module")
        self.counter = 0
        self.loops: list[LoopInfo] = []
        self.subst: dict[str, py.expr] = {}
        self.discarded: ast.Expr | None = None  # the expression statement being lowered, if its value is unused
        self.scope_types: dict[int, dict[str, str]] = {}  # id(function scope) -> its locals' types (lower.types)
        self.classes = known_classes(module, self.imports)  # class name -> ClassRecord (lower.types obj/ types)
        self.scope_classes: dict[int, dict] = {}  # id(function scope) -> the classes it sees by name
        self.known_externs = None  # lower.forwards.KnownExterns, made at the module's first class
        self.externs_seen: set[str] = set()
        self.exports: list[str] = []
        self.builtin_self = False  # lowering an impl on a built-in type: `self` is a text, i64, list, ...

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

    def lower(self, share: tuple[int, int] | None = None) -> py.Module:
        """The module; ``share`` ``(k, n)``: only the ``k``-th of ``n`` parts of its top-level
        statements, in hoisting order, each part about as many source lines (the header in every
        part, the tail in the last): a module ``check`` compiles in parts (driver/check_split.py)."""
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
        if share is not None:
            ranked = shared(ranked, body, *share)
        for _, stmt in ranked:
            self.stmt(stmt, None)

        tail: list[py.stmt] = []
        if share is not None and share[0] != share[1] - 1:
            return py.Module(body=header + self.out, type_ignores=[])
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
                final = self.deferred(stmt)
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

    def deferred(self, d: ast.Defer) -> list[py.stmt]:
        """The ``finally`` body of a ``defer``. Python compiles a ``finally`` body twice (normal and
        exceptional exit), so nested defers would double per level: a body holding another ``defer``
        becomes a local function, compiled once, that the ``finally`` calls."""
        if not any(isinstance(n, ast.Defer) for n in walk(d.body)):
            return self.block(d.body)
        name = self.temp("defer")
        self.emit(self._def(name, (), d.body, None, d.span))
        return [self.at(py.Expr(P.call(P.name(name))), d.span)]

    def to_sink(self, sink: Sink | None, value: py.expr, e: ast.Expr | None = None) -> py.stmt:
        if sink is None:
            return py.Expr(value)
        if sink.kind == "return":
            return py.Return(self._returned(e, value) if e is not None else value)
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

    def load_name(self, n: str, node=None) -> py.expr:
        if n in self.subst:
            return self.subst[n]
        sym = self.sema.symbol(node) if node is not None else None
        if sym is not None and sym.name == n:  # resolved by the analysis (renamed when it shadows)
            if sym.kind == "typeparam":
                return P.rt_call("TypeParam", P.const(n))
            if sym.kind == "variant":  # a variant named without its enum: `Red` is `Color.Red`
                return P.attr(P.name(sym.decl.pyname), n)
            if sym.kind != "builtin":
                return P.name(sym.pyname)
            if n in BUILTINS:
                return P.rt(BUILTINS[n])
        if self.scope.binds(n):
            return P.name(py_name(n))
        runtime_name = BUILTINS.get(n)
        if runtime_name is not None:
            return P.rt(runtime_name)
        if n == "None":
            return P.const(None)
        return P.name(py_name(n))

    def is_builtin(self, n: str) -> bool:
        """Whether the name ``n`` here is the runtime's builtin (not a local, definition or import)."""
        return n in BUILTINS and n not in self.subst and not self.scope.binds(n)

    def expr_stmts(self, e: ast.Expr, into: list) -> py.expr:
        """Lower ``e``, sending the statements it emits to ``into``."""
        with self.capture() as pre:
            value = self.expr(e)
        into.extend(pre)
        return value


def shared(ranked: list, body, part: int, parts: int) -> list:
    """The ``part``-th of ``parts`` runs of ``ranked`` (``(index, statement)`` in hoisting order),
    cut where the source lines run over each part's share (a statement's lines: up to the next
    top-level statement)."""
    starts = [s.span.line for s in body]
    sizes = [max(1, b - a) for a, b in zip(starts, starts[1:])] + [1]
    total = sum(sizes)
    out, done = [], 0
    for index, stmt in ranked:
        if done * parts // total == part:
            out.append((index, stmt))
        done += sizes[index]
    return out

