"""Definitions: functions and parameters, classes, enums, traits, impls."""

from __future__ import annotations

import ast as py

from runtime.primitives import PRIMITIVES
from spl2py.diagnostics import Span
from spl2py.lower import pyast as P
from spl2py.lower.core import RETURN, VOID, is_const_literal, strip_generics
from spl2py.lower.names import py_name
from spl2py.lower.scopes import function_scope
from spl2py.lower.forwards import KnownExterns, forwarded
from spl2py.lower.types import local_types, visible_classes
from spl2py.sema.impls import STANDARD_TRAITS, target_kind
from spl2py.syntax import ast
from spl2py.syntax.visit import decorator_head


class DefinitionLowering:
    def s_FuncDef(self, f: ast.FuncDef, sink):
        fn = self.function(f)
        cells = self.sema.cells_of(f)
        if not cells:
            self.emit(fn)
            return
        # made in a loop and reading that iteration's bindings: a factory gives each its own
        maker = self.factory(fn, cells, f.span)
        self.emit(maker)
        self.emit(P.assign(P.name(fn.name, P.STORE), P.call(P.name(maker.name), *[P.name(c) for c in cells])))

    def factory(self, fn: py.FunctionDef, cells: list[str], span: Span) -> py.FunctionDef:
        """``def _spl_mkN(cells...): <fn>; return <fn>``: a closure over one iteration's bindings."""
        maker = self._simple_def(self.temp("mk"), cells, [fn, py.Return(P.name(fn.name))])
        return self.at(maker, span)

    def closure_value(self, value: py.expr, node, span: Span) -> py.expr:
        """A lambda value, given the per-iteration bindings it reads (``(lambda s: lambda: s)(s)``)."""
        cells = self.sema.cells_of(node)
        if not cells:
            return value
        if isinstance(value, py.Lambda):
            args = py.arguments(posonlyargs=[], args=[py.arg(c) for c in cells], vararg=None, kwonlyargs=[],
                                kw_defaults=[], kwarg=None, defaults=[])
            return P.call(py.Lambda(args, value), *[P.name(c) for c in cells])
        maker = self.factory(self.out.pop(), cells, span)  # the def just emitted for a block lambda
        self.emit(maker)
        return P.call(P.name(maker.name), *[P.name(c) for c in cells])

    def function(self, f: ast.FuncDef, *, method: bool = False) -> py.FunctionDef:
        ret = (f.ret or "").strip()
        void = ret in VOID or (f.name == "main" and not ret and not method)
        self_param = method and f.has_self
        decorators = [P.rt("staticmethod")] if method and not self_param else []  # outermost
        decorators += [self.expr(w) for w in f.wrappers if self.applied(w)]
        params = f.params
        if f.has_self and not method:  # outside a type, `self` is an ordinary parameter
            params = (ast.Param(f.span, "self"),) + params
        return self._def(py_name(f.name), params, f.body, None if void else RETURN, f.span,
                         self_param=self_param, decorators=decorators, doc=True, node=f)

    def applied(self, wrapper: ast.Expr) -> bool:
        """A decorator sema resolved (its name is bound): it wraps the function; else an attribute."""
        head = decorator_head(wrapper)
        return head is not None and self.sema.symbol(head) is not None

    def _def(self, name: str, params, body, sink, span: Span, *, self_param=False, decorators=(), doc=False,
             node=None):
        names = [p.name for p in params] + (["self"] if self_param else [])
        scope = function_scope(self.scope, names, body)
        globals_, nonlocals = self.outer_names(scope, node)
        body = tuple(body)
        saved_node, self.fn_node = self.fn_node, node
        classes = self.scope_classes[id(scope)] = visible_classes(self.classes, scope)
        self.scope_types[id(scope)] = local_types(params, body, scope.names - scope.nonlocals - scope.globals, classes)
        with self.in_scope(scope):
            args, prologue = self.parameters(params, self_param, name)
            stmts: list[py.stmt] = []
            if (doc and len(body) > 1 and isinstance(body[0], ast.ExprStmt) and isinstance(body[0].expr, ast.Str)
                    and all(isinstance(p, str) for p in body[0].expr.parts)):
                stmts.append(self.at(py.Expr(P.const("".join(body[0].expr.parts))), body[0].span))
                body = body[1:]
            if globals_:
                stmts.append(py.Global(globals_))
            if nonlocals:
                stmts.append(py.Nonlocal(nonlocals))
            stmts += prologue
            stmts += self._copy_mutated(params)
            stmts += self.block(body, sink)
        self.fn_node = saved_node
        fn = py.FunctionDef(name=name, args=args, body=stmts, decorator_list=list(decorators), returns=None,
                            type_comment=None)
        if "type_params" in py.FunctionDef._fields:
            fn.type_params = []
        return self.at(fn, span)

    def outer_names(self, scope, node) -> tuple[list[str], list[str]]:
        """(global, nonlocal) Python names a function assigns: from the analysis when it saw ``node``."""
        analysed = self.sema.scope_of(node) if node is not None else None
        if analysed is None:
            return sorted(py_name(n) for n in scope.globals), sorted(py_name(n) for n in scope.nonlocals)
        return sorted({s.pyname for s in analysed.globals}), sorted({s.pyname for s in analysed.nonlocals})

    def parameters(self, params, self_param: bool, func: str):
        """Python ``arguments`` and a prologue that evaluates non-constant defaults per call."""
        posargs = [py.arg("self")] if self_param else []
        defaults, kwonly, kw_defaults, prologue = [], [], [], []
        vararg = None
        seen_default = False
        seen = {"self"} if self_param else set()
        for p in params:
            pname = py_name(p.name)
            if pname in seen:
                raise self.err(p, f"duplicate parameter `{p.name}` in {func}")
            seen.add(pname)
            if p.variadic:
                vararg = py.arg(pname)
                prologue.append(P.assign(P.name(pname, P.STORE), P.call(P.rt("list"), P.name(pname))))
                continue
            default = None
            if p.default is not None:
                seen_default = True
                if is_const_literal(p.default):
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
        args = py.arguments(posonlyargs=[], args=posargs, vararg=vararg, kwonlyargs=kwonly,
                            kw_defaults=kw_defaults, kwarg=None, defaults=defaults)
        return args, prologue

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
        if self.known_externs is None:
            self.known_externs = KnownExterns(self.module, self.imports)
        body += self._methods(c.methods, self.known_externs.before(c))
        if any(m.name == "drop" for m in c.methods):  # the finalizer is drop() itself: no extra frame
            body.append(P.assign(P.name("__del__", P.STORE), P.name("drop")))
        base = P.rt("Struct" if c.kind == "struct" else "Object")
        for stmt in body:
            self.at(stmt, c.span)
        self.emit(self._class(py_name(c.name), base, body, c.span))

    def _methods(self, methods, externs=None) -> list[py.stmt]:
        """A type's methods; a static and an instance method of one name (upstream allows both) become
        one ``_spl.dual`` attribute: the static one through the type, the instance one through a value.
        A method that only forwards to an extern (``lower.forwards``) is that extern."""
        static = {m.name for m in methods if not m.has_self}
        both = static & {m.name for m in methods if m.has_self}
        out: list[py.stmt] = []
        for m in methods:
            target = self._forward_target(m, externs) if externs and m.name not in both else None
            if target is not None:
                names = py.Tuple([P.const(p.name) for p in m.params], P.LOAD)
                forward = P.rt_call("forward", P.name(py_name(target)), names)
                out.append(self.at(P.assign(P.name(py_name(m.name), P.STORE), forward), m.span))
                continue
            fn = self.function(m, method=True)
            if m.name in both:
                fn.name = f"_spl_{'static' if m.name in static and not m.has_self else 'inst'}_{fn.name}"
            out.append(fn)
        for name in sorted(both):
            pair = [P.name(f"_spl_{k}_{py_name(name)}") for k in ("static", "inst")]
            out.append(P.assign(P.name(py_name(name), P.STORE), P.rt_call("dual", *pair)))
        return out

    def _forward_target(self, m: ast.FuncDef, externs: dict) -> str | None:
        """The extern ``m`` only forwards to, when its name there means the module-level extern."""
        target = forwarded(m, externs, (m.ret or "").strip() in VOID)
        if target is None:
            return None
        call = m.body[-1].expr
        sym = self.sema.symbol(call.func)
        return target if sym is not None and sym.kind in ("extern", "import") else None

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
            self.at(P.assign(P.attr(P.name("self"), py_name(f.name), P.STORE), self._field_value(f)), f.span)
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

    def s_MixinDef(self, m: ast.MixinDef, sink):
        """Nothing of its own: syntax/mixins.py copied its fields and methods into the classes using it."""

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
        kind = target_kind(i)
        if kind is not None:
            return self._builtin_impl(i, kind)
        target = strip_generics(i.target)
        if target in PRIMITIVES or target.startswith(("[", "{", "(")):
            raise self.err(i, f"unsupported: impl on the built-in type {i.target}")
        args = [self.path_expr(tuple(target.split(".")), i)]
        if i.trait is not None:
            args.append(self.trait_expr(i.trait, i))
        body = [self.function(m, method=True) for m in i.methods]
        name = f"_spl_impl_{target.replace('.', '_')}"
        self.emit(self._class(name, None, body, i.span, decorators=[P.rt_call("impl", *args)]))

    def trait_expr(self, text: str, node) -> py.expr:
        """The trait an impl header names: a declared one, or an undeclared standard trait (``Display``)."""
        path = tuple(strip_generics(text).split("."))
        if len(path) == 1 and path[0] in STANDARD_TRAITS and not self.scope.binds(path[0]):
            return P.rt_call("standard_trait", P.const(path[0]))
        return self.path_expr(path, node)

    def _builtin_impl(self, i: ast.ImplDef, kind: str):
        """``impl [Tr for] text`` / ``impl<T> Tr for T``: a block class registered with the runtime
        (runtime/extensions.py); inside it ``self`` is a built-in value, so its calls dispatch."""
        trait = self.trait_expr(i.trait, i) if i.trait else P.const(None)
        saved, self.builtin_self = self.builtin_self, True
        try:
            body = [self.function(m, method=True) for m in i.methods]
        finally:
            self.builtin_self = saved
        line = P.const(i.span.line)
        if kind == "blanket":
            bounds = [self.trait_expr(b, i) for p, traits in i.bounds if p == i.target
                      for b in traits if b.replace(".", "").isidentifier()]
            decorator = P.rt_call("impl_blanket", py.Tuple(bounds, P.LOAD), trait, line)
        else:
            decorator = P.rt_call("impl_builtin", P.const(kind), trait, line)
        name = f"_spl_impl_{kind}"
        self.emit(self._class(name, None, body, i.span, decorators=[decorator]))
