"""Upstream's block, unwrap and literal forms: safe unwrap (``unwrap or:`` / ``else:`` / ``or_return:``),
``context obj:`` blocks (calls of names no scope binds go to ``obj``) and unit literals (``100_km``)."""

from __future__ import annotations

import ast as py

from runtime.primitives import PRIMITIVES
from spl2py.lower import pyast as P
from spl2py.lower.core import is_const_literal, strip_generics
from spl2py.lower.names import py_name
from spl2py.sema.contexts import typed_string_types
from spl2py.syntax import ast


class FormLowering:
    def e_Unwrap(self, e: ast.Unwrap):
        """``or:`` is eager (upstream's documented rule), ``else:`` calls its closure only when needed,
        ``or_return:`` returns the fallback from the enclosing function, ``?? break`` / ``?? continue``
        leave or go on with the enclosing loop."""
        if e.kind == "or_jump":  # `v ?? break` / `?? continue`: `t = v; if failed(t): break`
            t = self.temp()
            self.emit(self.at(P.assign(P.name(t, P.STORE), self.expr(e.value)), e.span))
            kind = "break" if isinstance(e.fallback, ast.Break) else "continue"
            with self.capture() as jump:
                self._jump(e.fallback, kind)
            self.emit(self.at(py.If(P.rt_call("failed", P.name(t)), jump, []), e.span))
            return P.rt_call("ok_value", P.name(t))
        if e.kind == "or_return":
            if self.scope.kind != "function":
                raise self.err(e, "`or_return:` can only return from a function",
                               "use it inside a fn, or `unwrap or:` for a default value")
            t = self.temp()
            self.emit(self.at(P.assign(P.name(t, P.STORE), self.expr(e.value)), e.span))
            with self.capture() as pre:
                fallback = self.expr(e.fallback)
            ret = [*pre, self.at(py.Return(fallback), e.fallback.span)]
            self.emit(self.at(py.If(P.rt_call("failed", P.name(t)), ret, []), e.span))
            return P.rt_call("ok_value", P.name(t))
        lazy_or = e.kind == "or" and type(e.value) is ast.Cast and e.value.safe and not is_const_literal(e.fallback)
        if lazy_or:  # `x as T or: f()`: upstream evaluates the default only when the cast fails
            lazy = ast.Lambda(e.fallback.span, (), (ast.ExprStmt(e.fallback.span, e.fallback),))
            return P.rt_call("unwrap_else", *self.exprs([e.value, lazy]))
        value, fallback = self.exprs([e.value, e.fallback])
        return P.rt_call("unwrap_or" if e.kind == "or" else "unwrap_else", value, fallback)

    def safe_cast(self, e: ast.Cast, value: py.expr) -> py.expr:
        """``Ok(x as T)`` or nil: ``_spl.try_cast(x, "T")`` for a primitive, ``_spl.try_isa(x, T)`` for a
        user type."""
        t = e.type.strip()
        parts = strip_generics(t).split(".")
        if t in PRIMITIVES:
            return P.rt_call("try_cast", value, P.const(t))
        if not all(p.isidentifier() for p in parts):
            raise self.err(e, f"a safe cast `as {t} or:` needs a primitive or a named type",
                           "test the value with `is` and convert it yourself")
        return P.rt_call("try_isa", value, self.path_expr(tuple(parts), e))

    def e_UnitLit(self, e: ast.UnitLit):
        return P.rt_call("Quantity", self.expr(e.value), P.const(e.unit))

    def e_TypedStr(self, e: ast.TypedStr):
        """``"s"_ip`` -> ``IP.from_("s")`` (the type sema resolved)."""
        sym = self.sema.symbol(e)  # None: sema reported it, or a glob import may bring the first candidate
        name = sym.name if sym is not None else typed_string_types(e.suffix)[0]
        return P.call(P.attr(self.load_name(name, e), py_name("from")), self.expr(e.value))

    def s_ContextBlock(self, s: ast.ContextBlock, sink):
        """``t = obj`` then the body in place; its calls of unbound names read ``t``."""
        name = self.temp("ctx")
        self.__dict__.setdefault("context_names", {})[id(s)] = name
        self.emit(self.at(P.assign(P.name(name, P.STORE), self.expr(s.obj)), s.span))
        self.block_into(list(s.body), None)

    def context_call(self, e: ast.Call, block: ast.ContextBlock, values) -> py.expr:
        """``name(args)`` in ``context obj:`` -> ``_spl.context_method(t, "name")(args)``."""
        pos, kws = self._call_args(e.args, self.exprs(values))
        receiver = P.name(self.context_names[id(block)])
        return P.call(P.rt_call("context_method", receiver, P.const(e.func.id)), *pos, keywords=kws)
