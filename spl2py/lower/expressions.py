"""Expressions: literals, strings, operators, calls, indexing, lambdas, comprehensions."""

from __future__ import annotations

import ast as py

from runtime.methods import METHOD_NAMES, ZERO_ARG_NAMES
from runtime.primitives import PRIMITIVES
from spl2py.lower import pyast as P
from spl2py.lower.core import (
    BINOPS,
    CMPOPS,
    QUOTE_CHARS,
    RETURN,
    UNARY,
    is_const_literal,
    needs_stmts,
    Sink,
    strip_generics,
)
from spl2py.lower.names import py_name
from spl2py.lower.scopes import function_scope
from spl2py.lower.values import STORING_METHODS
from spl2py.lower import types as T
from spl2py.syntax import ast


def _has_quoted_text(node: py.AST) -> bool:
    for n in py.walk(node):
        if isinstance(n, py.JoinedStr):
            return True
        if isinstance(n, py.Constant) and isinstance(n.value, str) and (
                QUOTE_CHARS & set(n.value) or "\\" in repr(n.value)):
            return True  # a quote or an escape (``\x01``) would be written inside the f-string
    return False


class ExpressionLowering:
    def e_Name(self, e: ast.Name):
        mangled = self.sema.mangled_static(e)
        if mangled is not None:  # upstream's `Type__method`: the static method
            return P.attr(P.name(mangled[0]), py_name(mangled[1]))
        return self.load_name(e.id, e)

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
        plain_values: dict[int, py.expr] = {}
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
                if self.type_of(part.expr) in ("nat", "int", "text") and not isinstance(inner, py.Constant):
                    plain_values[id(values[-1])] = inner  # in an f-string, {i} is show(i), {s} is s
            else:
                values.append(self.at(P.rt_call("fmt_value", inner), part.span))
                values[-1] = ("spec", values[-1], part.spec)
        if plain:
            return py.JoinedStr([self._fstring_part(plain_values.get(id(v), v)) for v in values])
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
        return [py.Starred(v, P.LOAD) if isinstance(x, ast.Spread) else self._stored(x, v) for x, v in zip(items, values)]

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
                vals.append(self._stored(entry.value, next(values)))
        return py.Dict(keys, vals)

    def e_ArrayRepeat(self, e: ast.ArrayRepeat):
        value, count = self.exprs([e.value, e.count])
        if is_const_literal(e.value):
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
        it = self.iterable(clause.iter, plain=isinstance(clause.target, ast.CapturePat))
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
        op = UNARY.get(e.op)
        if op is None:
            raise self.err(e, f"unsupported: unary operator {e.op}")
        return py.UnaryOp(op(), self.expr(e.operand))

    def e_Walrus(self, e: ast.Walrus):
        return py.NamedExpr(P.name(py_name(e.name), P.STORE), self.expr(e.value))

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
            return py.Compare(left, [CMPOPS[op]()], [right])
        left, right = self.exprs([e.left, e.right])
        if op in ("/", "%"):
            return self.divide(op, left, right, self.type_of(e.left), self.type_of(e.right))
        if op == "+" and (isinstance(e.left, ast.Str) or isinstance(e.right, ast.Str)):
            if self.type_of(e.left) == self.type_of(e.right) == "text":
                return py.BinOp(left, py.Add(), right)
            return P.rt_call("concat", left, right)
        if op == "@":
            return P.rt_call("matmul", left, right)  # NumPy's rules on numbers and nested lists
        pyop = BINOPS.get(op)
        if pyop is None:
            raise self.err(e, f"unsupported: operator {op}")
        return py.BinOp(left, pyop(), right)

    def type_of(self, e: ast.Expr) -> str:
        """What lower.types knows of ``e`` in the current function (``?`` when nothing)."""
        env = self.scope_types.get(id(self.scope), {})
        if self.subst:
            env = {k: v for k, v in env.items() if k not in self.subst}
        return T.expr_type(e, env, self.seen_classes()) or T.UNKNOWN

    def seen_classes(self) -> dict:
        """The classes (name -> ClassRecord) the current function sees (``lower.types``)."""
        return self.scope_classes.get(id(self.scope), self.classes)

    def _known_method(self, func: ast.Attribute) -> bool:
        """``x.m(...)`` where ``x`` is known to be an object of a class whose body defines instance
        method ``m``: a plain Python method call (no builtin dispatch: the class's method wins anyway)."""
        if func.safe or func.name in self.sema.field_methods or self.subst:
            return False
        record = T.obj_class(self.type_of(func.value), self.seen_classes())
        return record is not None and func.name in record.methods

    @staticmethod
    def divide(op: str, left: py.expr, right: py.expr, lt: str, rt: str) -> py.expr:
        """``/`` or ``%``: Python's operator where it equals Simple's for the known types, else the helper."""
        if lt == rt == "nat":  # truncation and floor agree, and so do the remainders' signs
            return py.BinOp(left, py.FloorDiv() if op == "/" else py.Mod(), right)
        if "float" in (lt, rt) and lt in T.NUMBERS and rt in T.NUMBERS:
            return py.BinOp(left, py.Div(), right) if op == "/" else P.rt_call("fmod", left, right)
        return P.rt_call("div" if op == "/" else "mod", left, right)

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
            if op not in CMPOPS:
                raise self.err(e, f"unsupported: comparison {op}")
            ops.append(CMPOPS[op]())
        return py.Compare(values[0], ops, values[1:])

    def e_IsTest(self, e: ast.IsTest):
        value = self.expr(e.value)
        t = e.type.strip()
        if t == "nil":
            return py.Compare(value, [py.IsNot() if e.negated else py.Is()], [P.const(None)])
        base = strip_generics(t)
        parts = base.split(".")
        exact = PRIMITIVES[t].py_type if t in PRIMITIVES else None
        if exact is not None:  # `x is i64`: `type(x) is int` inline, as runtime.is_type tests it
            test = py.Compare(P.call(P.rt("type_"), value), [py.Is()], [P.rt(exact.__name__ + "_")])
        elif base in PRIMITIVES or not all(p.isidentifier() for p in parts):
            test = P.rt_call("is_type", value, P.const(t))
        else:
            test = P.rt_call("isa", value, self.path_expr(tuple(parts), e))
        return py.UnaryOp(py.Not(), test) if e.negated else test

    def e_Cast(self, e: ast.Cast):
        value = self.expr(e.value)
        if e.safe:
            return self.safe_cast(e, value)
        t = e.type.strip()
        if t in PRIMITIVES:
            return P.rt_call("cast", value, P.const(t))
        return value  # a cast to a user type checks nothing at run time

    def e_Range(self, e: ast.Range):
        if e.start is not None and e.end is None and not e.inclusive:  # (a..): counts up without end
            return P.rt_call("count_from", self.expr(e.start))
        if e.start is None or e.end is None:
            raise self.err(e, "a range needs both ends here (an open range is only allowed in a slice or a for loop)")
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
        if isinstance(index, py.Slice) or self._sequence(e.value):
            return py.Subscript(value, index, P.LOAD)
        return P.rt_call("index", value, index)  # a dict's missing key is nil

    def _sequence(self, e: ast.Expr) -> bool:
        """A name the analysis knows holds a list or text (so ``x[i]`` is never a dict miss)."""
        sym = self.sema.symbol(e) if isinstance(e, ast.Name) else None
        return sym is not None and sym.sequence

    def _safe(self, obj: py.expr, make) -> py.expr:
        """``obj?.x``: nil when ``obj`` is nil; through ``Some(v)``, ``Some(make(v))``; else ``make(obj)``."""
        t = self.temp()
        test = py.Compare(py.NamedExpr(P.name(t, P.STORE), obj), [py.IsNot()], [P.const(None)])
        reached = make(P.rt_call("chain_target", P.name(t)))
        return py.IfExp(test, P.rt_call("chain_result", P.name(t), reached), P.const(None))

    def e_Attribute(self, e: ast.Attribute):
        if (kind := self.sema.builtin_type(e.value)) is not None:  # `i64.zero`: an impl's static method
            return P.rt_call("type_static", P.const(kind), P.const(e.name), P.const(e.value.id))
        obj = self.expr(e.value)

        def access(o: py.expr) -> py.expr:
            if e.name in ZERO_ARG_NAMES and not self._is_self(e.value):
                return P.rt_call("prop", o, P.const(e.name))
            return P.attr(o, py_name(e.name))

        return self._safe(obj, access) if e.safe else access(obj)

    def _is_self(self, e: ast.Expr) -> bool:
        """A receiver known to be a generated object (so its methods are Python attributes)."""
        return isinstance(e, ast.Name) and e.id == "self" and "self" not in self.subst and not self.builtin_self

    def e_Call(self, e: ast.Call):
        func = e.func
        values = [a.value.value if isinstance(a.value, ast.Spread) else a.value for a in e.args]
        if self.sema.context_calls and (block := self.sema.context_of(e)) is not None:
            return self.context_call(e, block, values)
        if isinstance(func, ast.Attribute) and self.sema.builtin_type(func.value) is None:
            obj, *args = self.exprs([func.value, *values])
            known = self._known_method(func)
            builtin = func.name in METHOD_NAMES and not self._is_self(func.value) and not known

            if builtin and func.name in STORING_METHODS:
                args = [self._stored(a.value, v) for a, v in zip(e.args, args)]
            discarded = e is self.discarded
            direct = self._direct_method(func, e.args, obj, args, discarded) if builtin and not func.safe else None
            if direct is not None:
                return direct

            def make(o: py.expr) -> py.expr:
                pos, kws = self._call_args(e.args, args)
                if builtin:
                    return P.call(P.rt("m_" + func.name), o, *pos, keywords=kws)
                if func.name in self.sema.extensions and not known:  # an impl on a built-in type may answer it
                    return P.call(P.rt("xcall"), o, P.const(func.name), *pos, keywords=kws)
                if func.name in self.sema.field_methods:  # a field of the same name would shadow it
                    return P.call(P.rt("call_method"), o, P.const(py_name(func.name)), *pos, keywords=kws)
                return P.call(P.attr(o, py_name(func.name)), *pos, keywords=kws)

            return self._safe(obj, make) if func.safe else make(obj)
        callee, *args = self.exprs([func, *values])
        pos, kws = self._call_args(self._fields_in_order(func, e.args), args)
        return P.call(callee, *pos, keywords=kws)

    def _fields_in_order(self, func: ast.Expr, args):
        """``C(a: 1, b: 2)`` of a class of this module whose fields start ``a, b``: the arguments as
        positional ones (the same values in the same order; Python's keyword binding is slower)."""
        sym = self.sema.symbol(func) if isinstance(func, ast.Name) else None
        if sym is None or sym.kind not in ("class", "struct") or not isinstance(sym.decl, ast.ClassDef):
            return args
        fields = [f.name for f in sym.decl.fields]
        if len(args) > len(fields) or any(isinstance(a.value, ast.Spread) for a in args):
            return args
        if any(a.name is not None and a.name != f for a, f in zip(args, fields)):
            return args
        return tuple(ast.Arg(a.span, None, a.value) for a in args)

    def _direct_method(self, func: ast.Attribute, args, obj: py.expr, values, discarded: bool) -> py.expr | None:
        """A builtin method on a value known to be a list or text, as the Python call it dispatches to
        (``discarded``: the call is a statement of its own, so its result is never read)."""
        t = self.type_of(func.value)
        if not (T.is_list(t) or t == "text") or any(a.name is not None or isinstance(a.value, ast.Spread)
                                                      for a in args):
            return None
        if func.name == "len" and not values:
            return P.call(P.rt("len_"), obj)
        if T.is_list(t) and func.name in ("push", "append") and len(values) == 1 and discarded:
            return P.call(P.attr(obj, "append"), values[0])  # push returns the list; nobody reads it here
        if t == "text" and func.name == "split" and len(values) == 1 and isinstance(args[0].value, ast.Str) \
                and all(isinstance(p, str) for p in args[0].value.parts) and "".join(args[0].value.parts):
            return P.call(P.attr(obj, "split"), values[0])  # a non-empty literal separator
        return None

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
                  and not needs_stmts(body[0].expr) and all(is_const_literal(p.default) or p.default is None
                                                             for p in e.params))
        if simple:
            scope = function_scope(self.scope, [p.name for p in e.params], body)
            if self.outer_names(scope, e) == ([], []) and not self._copy_mutated(e.params):
                with self.in_scope(scope), self.capture() as pre:
                    args, prologue = self.parameters(e.params, False, "lambda")
                    value = self.expr(body[0].expr)
                if not pre and not prologue:
                    return self.closure_value(py.Lambda(args, value), e, e.span)
        name = self.temp("fn")
        self.emit(self._def(name, e.params, body, RETURN, e.span, node=e))
        return self.closure_value(P.name(name), e, e.span)

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
