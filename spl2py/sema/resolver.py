"""One walk over a module: block scopes, a Symbol for every binding, every name resolved.

Resolution is in source order inside a block; definitions (``fn``, types, externs, aliases) are
visible to their whole block, and every top-level binding of the module is visible everywhere in
it. The walk records the static errors (``errors.py`` words them) and the facts lowering needs
(``Analysis``).
"""

from __future__ import annotations

from spl2py.lower.names import py_name
from spl2py.sema import errors
from spl2py.sema.calls import check_call
from spl2py.sema.skips import skipped_example
from spl2py.sema.contexts import ContextRules
from spl2py.sema.impls import ImplResolution, kind_of
from spl2py.sema.symbols import VALUE_KINDS, Scope, Symbol
from spl2py.syntax import ast
from spl2py.syntax.visit import assigned_names, bound_names, child_fields, decorator_head, iter_child_nodes

_DEFS = (ast.FuncDef, ast.ClassDef, ast.EnumDef, ast.TraitDef, ast.ExternFn, ast.TypeAlias)
_IMMUTABLE_LETS = frozenset({"val", "const"})
_BUILTIN_VARIANTS = frozenset({"Some", "Ok", "Err"})
_TYPE_KINDS = frozenset({"class", "struct", "enum", "trait"})


class Resolver(ImplResolution, ContextRules):
    def __init__(self, module: ast.Module, imports: dict, builtins: dict[str, Symbol], method_names):
        self.module = module
        self.imports = imports or {}
        self.builtins = builtins
        self.method_names = method_names
        self.diagnostics = []
        self.symbols: dict[int, Symbol] = {}  # id(node) -> symbol, for binding and reference nodes
        self.cells: dict[int, list[Symbol]] = {}  # id(closure node) -> per-iteration symbols it captures
        self.patterns: dict[int, str] = {}  # id(CapturePat) -> "variant" | "bare"
        self.mangled: dict[int, tuple[str, str]] = {}  # id(Name) of `Type__method` -> (Type's pyname, method)
        self.type_refs: dict[int, str] = {}  # id(Name) of a built-in type before `.method` -> its kind
        self.pyscopes: dict[int, Scope] = {}  # id(FuncDef/Lambda/Module) -> its Python scope
        self.closures: dict[int, object] = {}  # id(Python scope) -> the node that made it
        self.open_namespace = False  # a glob import whose names are not listed: names cannot be checked
        self.renames = 0
        self.ended: dict[str, Symbol] = {}  # bindings of blocks that have ended
        self.statics: dict[str, dict[str, ast.FuncDef]] = {}  # type name -> methods from `impl` blocks
        self.field_methods: set[str] = set()  # a field and a method of one type share the name
        self.scope = Scope("module", None, module)
        self.pyscopes[id(module)] = self.scope
        self.dispatch = {}
        self.contexts, self.context_calls = [], {}
        self.bodiless: set[int] = set()

    # ------------------------------------------------------------------ scopes and symbols

    def push(self, kind: str, node=None, is_fn: bool = False) -> Scope:
        self.scope = Scope(kind, self.scope, node, is_fn=is_fn)
        if node is not None and self.scope.pyscope is self.scope:
            self.pyscopes[id(node)] = self.scope
        return self.scope

    def pop(self) -> None:
        scope = self.scope
        if scope.pyscope is scope:
            self.finish_pyscope(scope)
        else:
            for name, sym in scope.names.items():  # for the hint of a later use out of scope
                self.ended.setdefault(name, sym)
        self.scope = scope.parent

    def declare(self, name: str, kind: str, node, *, mutable=False, decl=None, loop_var=False,
                scope: Scope | None = None) -> Symbol:
        scope = scope or self.scope
        sym = Symbol(name, kind, scope, node.span if node is not None else None, py_name(name), mutable, decl,
                     loop_var=loop_var, per_iteration=scope.in_loop)
        if kind in ("val", "var"):
            if scope.kind != "module":  # a module's own names keep their names (they are importable)
                shadowed = scope.lookup(name)
                if (shadowed is not None and shadowed.kind in VALUE_KINDS and shadowed.scope is not scope
                        and shadowed.scope.pyscope is scope.pyscope):
                    sym.pyname = self.fresh(name)
            scope.pyscope.locals.append(sym)
        scope.names[name] = sym
        if node is not None:
            self.symbols[id(node)] = sym
        return sym

    def fresh(self, name: str) -> str:
        self.renames += 1
        return f"_spl_{name}_{self.renames}"

    def finish_pyscope(self, pyscope: Scope) -> None:
        """Rename what Python's one function scope would otherwise merge: a block-local whose name
        is also read from further out in this function, and same-named locals where one is captured."""
        groups: dict[str, list[Symbol]] = {}
        for sym in pyscope.locals:
            if sym.scope is pyscope and sym.scope.kind == "module":
                continue  # module-level names are importable as written
            if sym.pyname == py_name(sym.name) and sym.name in pyscope.passthrough:
                sym.pyname = self.fresh(sym.name)
            groups.setdefault(sym.pyname, []).append(sym)
        for syms in groups.values():
            if len(syms) > 1 and any(s.captured for s in syms):
                for sym in syms[1:]:
                    sym.pyname = self.fresh(sym.name)

    # ------------------------------------------------------------------ names

    def resolve(self, name: str, node) -> Symbol | None:
        sym = self.scope.lookup(name)
        if sym is None:
            sym = self.builtins.get(name)
            if sym is None:
                found, enum = self.scope.bare_variant(name)
                if found:
                    return self.variant_name(name, node, enum)
                if not self.open_namespace:
                    self.diagnostics.append(errors.undefined(node, name, self.scope.visible_names() | set(self.builtins),
                                                             self.ended.get(name)))
                return None
            self.symbols[id(node)] = sym
            return sym
        self.symbols[id(node)] = sym
        if sym.scope is not None and sym.scope.pyscope is not self.scope.pyscope:
            self.crossing(sym)
        return sym

    def variant_name(self, name: str, node, enum: Symbol | None) -> Symbol | None:
        """A variant named without its enum (``Red``, ``Number(5)``): read as ``Enum.Variant``."""
        if enum is None:
            self.diagnostics.append(errors.ambiguous_variant(node, name))
            return None
        if enum.scope is not None and enum.scope.pyscope is not self.scope.pyscope:
            self.crossing(enum)
        sym = Symbol(name, "variant", enum.scope, node.span, enum.pyname, decl=enum)
        self.symbols[id(node)] = sym
        return sym

    def crossing(self, sym: Symbol) -> Scope:
        """A use of ``sym`` from a nested Python scope: mark it captured; record a per-iteration capture
        on the closure made inside its loop. Returns the outermost Python scope below ``sym``'s."""
        sym.captured = True
        target = sym.scope.pyscope
        scope = self.scope.pyscope
        while True:
            scope.passthrough.add(sym.name)
            outer = scope.parent.pyscope
            if outer is target:
                break
            scope = outer
        if sym.per_iteration and sym.kind in ("val", "var", "param"):
            cells = self.cells.setdefault(id(scope.node), [])
            if sym not in cells:
                cells.append(sym)
        return scope

    # ------------------------------------------------------------------ walking

    def run(self) -> None:
        body = self.module.body
        self.bind_uses(body)
        self.collect_impls(body)
        self.hoist(body, module_level=True)
        self.block_stmts(body)
        self.pop_module()

    def pop_module(self) -> None:
        self.finish_pyscope(self.scope)
        for syms in self.cells.values():
            syms[:] = [s for s in syms if not s.assigned_from_closure]

    def bind_uses(self, body) -> None:
        for stmt in body:
            if isinstance(stmt, ast.Use):
                self.use(stmt)

    def use(self, s: ast.Use) -> None:
        resolved = self.imports.get(s)
        if resolved is None:
            self.open_namespace = True  # lowering reports the unresolved `use`
            return
        if s.glob and not resolved.bindings:
            self.open_namespace = True
        for b in resolved.bindings:
            sym = Symbol(b.local, "import", self.scope, s.span, py_name(b.local))
            self.scope.names[b.local] = sym

    def collect_impls(self, body) -> None:
        for stmt in body:
            if isinstance(stmt, ast.ImplDef):
                target = stmt.target.split("<", 1)[0].strip()
                methods = self.statics.setdefault(target, {})
                for m in stmt.methods:
                    methods.setdefault(m.name, m)

    def note_field_methods(self, type_name: str, fields, methods) -> None:
        """Record the names that are a field and a method of one type (``Err(message)`` with
        ``fn message()``): lowering calls such a method past the field (``_spl.call_method``)."""
        names = {m.name for m in methods} | set(self.statics.get(type_name, ()))
        self.field_methods.update(f for f in fields if f in names)

    def hoist(self, body, module_level: bool = False) -> None:
        """Declare the block's definitions (and, at module level, every top-level binding) up front."""
        self.declare_defs(body, module_level)
        self.check_impls(body)

    def declare_defs(self, body, module_level: bool) -> None:
        for stmt in body:
            if isinstance(stmt, ast.FuncDef):
                self.declare(stmt.name, "fn", stmt, decl=stmt)
            elif isinstance(stmt, ast.ClassDef):
                self.declare(stmt.name, stmt.kind, stmt, decl=stmt)
                self.note_field_methods(stmt.name, [f.name for f in stmt.fields], stmt.methods)
            elif isinstance(stmt, ast.EnumDef):
                enum = self.declare(stmt.name, "enum", stmt, decl=stmt)
                self.note_field_methods(stmt.name, [f.name for v in stmt.variants for f in v.fields or ()],
                                        stmt.methods)
                for v in stmt.variants:
                    if v.fields is None:
                        self.scope.variants.setdefault(v.name, stmt.name)
                    seen = self.scope.bare_variants
                    seen[v.name] = enum if seen.get(v.name, enum) is enum else None
            elif isinstance(stmt, ast.TraitDef):
                self.declare(stmt.name, "trait", stmt, decl=stmt)
            elif isinstance(stmt, ast.ExternFn):
                self.declare(stmt.name, "extern", stmt, decl=stmt)
            elif isinstance(stmt, ast.TypeAlias):
                self.declare(stmt.name, "alias", stmt, decl=stmt)
            elif module_level and isinstance(stmt, ast.Let):
                for name in bound_names(stmt.target):
                    kind = "val" if stmt.kind in _IMMUTABLE_LETS else "var"
                    self.scope.names.setdefault(name, Symbol(name, kind, self.scope, stmt.span, py_name(name),
                                                             kind == "var"))
            elif module_level and isinstance(stmt, ast.Assign) and stmt.op is None:
                for name in assigned_names(stmt.target):
                    self.scope.names.setdefault(name, Symbol(name, "var", self.scope, stmt.span, py_name(name), True))

    def block(self, stmts, kind: str = "block") -> None:
        self.push(kind)
        self.hoist(stmts)
        self.block_stmts(stmts)
        self.pop()

    def block_stmts(self, stmts) -> None:
        for stmt in stmts:
            self.visit(stmt)

    def visit(self, node) -> None:
        handler = self.dispatch.get(type(node))
        if handler is None:
            handler = self.dispatch[type(node)] = self.handler(type(node))
        handler(node)

    def handler(self, cls: type):
        """The visit function for nodes of ``cls``: its ``v_`` method, or a walk of its child fields."""
        if cls is tuple:
            return self.visit_all
        if not issubclass(cls, ast.Node):
            return _ignore
        method = getattr(self, "v_" + cls.__name__, None)
        if method is not None:
            return method
        names = child_fields(cls)  # the fields that can hold nodes
        visit = self.visit

        def generic(node) -> None:
            for name in names:
                visit(getattr(node, name))

        return generic

    def visit_all(self, items: tuple) -> None:
        for item in items:
            self.visit(item)

    # ---- statements

    def v_Let(self, s: ast.Let) -> None:
        self.visit(s.value)
        module_root = self.scope.kind == "module"
        kind = "val" if s.kind in _IMMUTABLE_LETS else "var"
        if module_root:  # hoisted: record the nodes
            self.pattern_refs(s.target)
            for pat in _captures(s.target):
                self.symbols[id(pat)] = self.scope.names[pat.name]
        else:
            self.bind(s.target, kind, mutable=kind == "var", decl=s)
        if isinstance(s.target, ast.CapturePat):
            sym = self.symbols[id(s.target)]
            sym.plain = plain_type(s.type) or s.type is None and plain_value(s.value)
            sym.sequence = sequence_type(s.type) or s.type is None and sequence_value(s.value)

    def bind(self, pat, kind: str, *, mutable=False, loop_var=False, match_arm=False, or_alt=False, decl=None) -> None:
        """Declare the names a pattern binds in the current scope; resolve the names it reads."""
        if isinstance(pat, ast.CapturePat):
            if pat.name in ("nil", "None"):
                if pat.name == "None" and match_arm and self.scope.variant_enum("None") is not None:
                    self.patterns[id(pat)] = "none"  # nil, or an enum's own `None` variant
                return
            if match_arm:
                how = self.bare_name(pat, or_alt)
                if how is not None:
                    self.patterns[id(pat)] = how
                    if how == "variant":
                        return
            self.declare(pat.name, kind, pat, mutable=mutable, loop_var=loop_var, decl=decl)
        elif isinstance(pat, (ast.ValuePat, ast.VariantPat)):
            if match_arm and isinstance(pat, ast.VariantPat) and self.unqualified_variant(pat):
                self.patterns[id(pat)] = "variant"
            elif pat.path[0] not in ("nil", "None"):
                self.resolve(pat.path[0], pat)
            for sub in getattr(pat, "args", ()):
                self.bind(sub, kind, mutable=mutable, match_arm=match_arm)
        elif isinstance(pat, ast.TuplePat):
            for sub in pat.items:
                self.bind(sub, kind, mutable=mutable, loop_var=loop_var, match_arm=match_arm)
        elif isinstance(pat, (ast.FieldsPat, ast.StructPat)):
            if isinstance(pat, ast.StructPat):
                self.resolve(pat.path[0], pat)
            for _, sub in pat.fields:
                self.bind(sub, kind, mutable=mutable, loop_var=loop_var, match_arm=match_arm)
        elif isinstance(pat, ast.RangePat):
            self.visit(pat.start)
            if pat.end is not None:
                self.visit(pat.end)
        elif isinstance(pat, ast.OrPat):
            for alt in pat.alternatives:
                self.bind(alt, kind, mutable=mutable, match_arm=match_arm, or_alt=True)
        elif isinstance(pat, ast.LiteralPat):
            if isinstance(pat.value, ast.Nil) and match_arm and self.scope.variant_enum("None") is not None:
                self.patterns[id(pat)] = "none"  # nil, or an enum's own `None` variant
            self.visit(pat.value)

    def unqualified_variant(self, pat: ast.VariantPat) -> bool:
        """``case TyVar(v):``: a one-word variant pattern naming no binding in scope (or naming a builtin
        variant: ``Some``, ``Ok``, ``Err``) is a variant of the scrutinee's enum, tested by name (so
        variants of imported enums work, and an enum's own ``Ok`` matches as well as Result's)."""
        if len(pat.path) != 1 or self.scope.lookup(pat.path[0]) is not None:
            return False
        return pat.path[0] not in self.builtins or pat.path[0] in _BUILTIN_VARIANTS

    def bare_name(self, pat: ast.CapturePat, or_alt: bool) -> str | None:
        """How a bare name in a ``match`` pattern reads: "variant" (a unit variant of an enum in scope,
        or any capitalised name inside an or-pattern), "bare" (a capitalised name: the scrutinee's
        enum decides at run time), or None (a plain binding). A value binding in scope shadows variants."""
        sym = self.scope.lookup(pat.name)
        if sym is not None and sym.kind in ("val", "var", "param"):
            return None
        if self.scope.variant_enum(pat.name) is not None:
            return "variant"
        if pat.name[:1].isupper():
            return "variant" if or_alt else "bare"
        return None

    def pattern_refs(self, pat) -> None:
        if isinstance(pat, (ast.ValuePat, ast.VariantPat)):
            if pat.path[0] not in ("nil", "None"):
                self.resolve(pat.path[0], pat)
        for child in iter_child_nodes(pat):
            if isinstance(child, ast.Pattern):
                self.pattern_refs(child)
            elif isinstance(child, ast.Expr):
                self.visit(child)

    def v_Walrus(self, e: ast.Walrus) -> None:
        """``n := e`` binds ``n`` in the enclosing function (or module), like a first assignment."""
        self.visit(e.value)
        sym = self.scope.lookup(e.name)
        if sym is None:
            root = self.scope.pyscope
            sym = root.names.get(e.name) or self.declare(e.name, "var", None, mutable=True, scope=root)
        self.symbols[id(e)] = sym

    def v_Assign(self, s: ast.Assign) -> None:
        self.visit(s.value)
        self.assign_target(s.target, s)

    def assign_target(self, target, s: ast.Assign) -> None:
        if isinstance(target, ast.Name):
            sym = self.scope.lookup(target.id)
            if sym is None:
                if s.op is not None and target.id not in self.builtins:
                    self.resolve(target.id, target)  # `x += 1` with no x
                    return
                root = self.scope.pyscope
                sym = root.names.get(target.id) or self.declare(target.id, "var", None, mutable=True, scope=root, decl=s)
                self.symbols[id(target)] = sym
                return
            self.symbols[id(target)] = sym
            if sym.kind == "val":
                self.diagnostics.append(errors.assign_val(target, sym, s.update))
            if sym.scope is not None and sym.scope.pyscope is not self.scope.pyscope:
                self.crossing(sym)
                sym.assigned_from_closure = True
                outer = sym.scope.pyscope
                if outer.kind == "module":
                    if sym not in self.scope.pyscope.globals:
                        self.scope.pyscope.globals.append(sym)
                else:
                    if self.fn_between(outer):
                        self.diagnostics.append(errors.nested_fn_assign(target, sym))
                    if sym not in self.scope.pyscope.nonlocals:
                        self.scope.pyscope.nonlocals.append(sym)
        elif isinstance(target, (ast.TupleLit, ast.ListLit)):
            for item in target.items:
                self.assign_target(item, s)
        elif isinstance(target, (ast.Attribute, ast.Index)):
            root = _root_name(target)
            self.visit(target.value)
            if isinstance(target, ast.Index):
                self.visit(target.index)
            if root is not None:
                sym = self.symbols.get(id(root))
                if sym is not None:
                    sym.mutated = True
        else:
            self.visit(target)

    def fn_between(self, outer: Scope) -> bool:
        """Whether a ``fn`` (not a lambda or colon-block) lies between here and the Python scope ``outer``."""
        scope = self.scope.pyscope
        while scope is not outer:
            if scope.is_fn:
                return True
            scope = scope.parent.pyscope
        return False

    def v_FuncDef(self, f: ast.FuncDef, in_impl: bool = False) -> None:
        self.wrappers(f, in_impl)
        self.push("function", f, is_fn=True)
        for g in f.generics:  # `T.default()`: a type parameter names no run-time value (lowered to one that says so)
            self.scope.names.setdefault(g, Symbol(g, "typeparam", self.scope, f.span, py_name(g)))
        if f.has_self:
            self.scope.names["self"] = Symbol("self", "param", self.scope, f.span, "self")
        self.params(f.params)
        self.hoist(f.body)
        self.block_stmts(f.body)
        self.pop()

    def wrappers(self, f: ast.FuncDef, in_impl: bool) -> None:
        """Resolve the decorators whose name is bound here (they wrap ``f``); the others are attributes.
        A wrapped function's calls are not checked against its own parameters (the wrapper's decide)."""
        applied = False
        for w in f.wrappers:
            head = decorator_head(w)
            deco = self.scope.lookup(head.id) if head is not None else None
            if deco is not None:
                self.visit(w)
                applied = True
                if self.not_yet_defined(deco, f, in_impl):
                    self.diagnostics.append(errors.decorator_too_late(head, deco))
        sym = self.scope.names.get(f.name)
        if applied and sym is not None and sym.decl is f:
            sym.decl = None

    def not_yet_defined(self, deco: Symbol, f: ast.FuncDef, in_impl: bool) -> bool:
        """Whether decorator ``deco`` has no value yet when ``f`` is defined (a decorator runs then): a
        module ``val``/``var`` (bound after every definition), or a later ``fn`` of the same scope
        (``impl`` blocks come after the module's functions)."""
        if deco.scope is None or deco.span is None or deco.scope.pyscope is not self.scope.pyscope:
            return False
        if deco.kind in ("val", "var"):
            return deco.scope.kind == "module"
        return deco.kind == "fn" and deco.span.line > f.span.line and not (in_impl and deco.scope.kind == "module")

    def params(self, params) -> None:
        """Declare parameters in order; a default is evaluated per call, so it sees the earlier ones."""
        for p in params:
            self.visit(p.default)
            sym = self.declare(p.name, "param", p, mutable=True)
            sym.plain = p.variadic or plain_type(p.type)
            sym.sequence = p.variadic or sequence_type(p.type)

    def mark_range_var(self, target, iterable) -> None:
        """``for i in a..b``: the loop variable is an int."""
        if isinstance(target, ast.CapturePat) and isinstance(iterable, ast.Range) and id(target) in self.symbols:
            self.symbols[id(target)].plain = True

    def v_ClassDef(self, c: ast.ClassDef) -> None:
        for fld in c.fields:
            self.visit(fld.default)
        for m in c.methods:
            self.v_FuncDef(m)

    def v_EnumDef(self, e: ast.EnumDef) -> None:
        for v in e.variants:
            for fld in v.fields or ():
                self.visit(fld.default)
        for m in e.methods:
            self.v_FuncDef(m)

    def v_TraitDef(self, t: ast.TraitDef) -> None:
        for m in t.methods:
            self.v_FuncDef(m)

    def v_MixinDef(self, m: ast.MixinDef) -> None:
        for f in m.fields:
            self.visit(f.default)
        for method in m.methods:
            self.v_FuncDef(method)

    def v_ExternFn(self, s: ast.ExternFn) -> None:
        if self.scope.kind == "module" or s.name in self.scope.names:
            return
        self.declare(s.name, "extern", s, decl=s)

    def v_TypeAlias(self, s) -> None:
        pass

    def v_Export(self, s) -> None:
        pass

    def v_Use(self, s: ast.Use) -> None:
        if self.scope.kind != "module":
            self.use(s)

    def v_For(self, s: ast.For) -> None:
        self.visit(s.iter)
        self.push("loop")
        self.bind(s.target, "val", loop_var=True)
        self.mark_range_var(s.target, s.iter)
        self.hoist(s.body)
        self.block_stmts(s.body)
        self.pop()

    def v_While(self, s: ast.While) -> None:
        self.push("loop")
        self.visit(s.cond)
        self.hoist(s.body)
        self.block_stmts(s.body)
        self.pop()

    def v_Loop(self, s: ast.Loop) -> None:
        self.block(s.body, "loop")

    def v_With(self, s: ast.With) -> None:
        self.push("block")
        for item in s.items:
            self.visit(item.context)
            if item.name:
                self.declare(item.name, "val", item)
        self.hoist(s.body)
        self.block_stmts(s.body)
        self.pop()

    def v_Defer(self, s: ast.Defer) -> None:
        self.block(s.body)

    # ---- expressions

    def v_Name(self, e: ast.Name) -> None:
        if e.id == "None":
            return
        if "__" in e.id.strip("_") and self.scope.lookup(e.id) is None and self.mangled_static(e):
            return
        self.resolve(e.id, e)

    def mangled_static(self, e: ast.Name) -> bool:
        """Upstream's mangled ``Type__method``, when ``Type`` is a type in scope: ``Type.method``."""
        head, _, method = e.id.partition("__")
        sym = self.scope.lookup(head)
        is_type = sym is not None and (sym.kind in _TYPE_KINDS or sym.kind == "import" and head[:1].isupper())
        if not is_type or not method.isidentifier():
            return False
        if sym.scope is not None and sym.scope.pyscope is not self.scope.pyscope:
            self.crossing(sym)
        self.mangled[id(e)] = (sym.pyname, method)
        return True

    def v_Attribute(self, e: ast.Attribute) -> None:
        v = e.value
        if type(v) is ast.Name and self.scope.lookup(v.id) is None:  # a built-in function `text` has no methods
            kind = kind_of(v.id) if v.id.isidentifier() else None
            if kind is not None:  # `i64.zero()`: a static method of an impl on a built-in type
                self.type_refs[id(v)] = kind
                return
        self.visit(v)

    def v_Call(self, e: ast.Call) -> None:
        func = e.func
        if self.contexts and self.context_call(e):
            return
        self.visit(func)
        mark = len(self.diagnostics)
        for a in e.args:
            self.visit(a.value)
        if len(self.diagnostics) > mark and skipped_example(e):  # it never runs: keep it, bodiless
            del self.diagnostics[mark:]
            self.bodiless.add(id(e))
        if isinstance(func, ast.Attribute) and func.name not in self.method_names:
            root = func.value
            if isinstance(root, ast.Name):
                sym = self.symbols.get(id(root))
                if sym is not None:
                    sym.mutated = True  # a method may mutate its receiver (`me`)
        self.check(e)

    def check(self, e: ast.Call, piped: int = 0) -> None:
        diag = check_call(e, self.symbols, self.statics, piped)
        if diag is not None:
            self.diagnostics.append(diag)

    def v_Binary(self, e: ast.Binary) -> None:
        if e.op == "|>" and isinstance(e.right, ast.Call):  # `x |> f(a)` calls `f(x, a)`
            self.visit(e.left)
            call = e.right
            self.visit(call.func)
            for a in call.args:
                self.visit(a.value)
            self.check(call, piped=1)
            return
        self.visit(e.left)
        self.visit(e.right)

    def v_LetCond(self, e: ast.LetCond) -> None:
        self.visit(e.value)
        self.bind(e.pattern, "val")

    def v_If(self, e: ast.If) -> None:
        for cond, body in e.branches:
            self.push("block")
            self.visit(cond)
            self.hoist(body)
            self.block_stmts(body)
            self.pop()
        if e.orelse is not None:
            self.block(e.orelse)

    def v_Match(self, e: ast.Match) -> None:
        self.visit(e.subject)
        for arm in e.arms:
            self.push("block")
            self.bind(arm.pattern, "val", match_arm=True)
            self.visit(arm.guard)
            self.hoist(arm.body)
            self.block_stmts(arm.body)
            self.pop()

    def v_Lambda(self, e: ast.Lambda) -> None:
        self.push("lambda", e)
        self.params(e.params)
        self.hoist(e.body)
        self.block_stmts(e.body)
        self.pop()

    def v_Comprehension(self, e: ast.Comprehension) -> None:
        self.push("comprehension")
        for clause in e.clauses:
            if isinstance(clause, ast.CompFor):
                self.visit(clause.iter)
                self.bind(clause.target, "val", loop_var=True)
                self.mark_range_var(clause.target, clause.iter)
            else:
                self.visit(clause.cond)
        self.visit(e.element)
        self.visit(e.value)
        self.pop()


_PLAIN_VALUES = (ast.Int, ast.Float, ast.Bool, ast.Nil, ast.Str, ast.ListLit, ast.DictLit, ast.SetLit,
                 ast.Comprehension, ast.Lambda, ast.Range, ast.Compare, ast.ArrayRepeat, ast.IsTest)


def plain_type(text: str | None) -> bool:
    """Whether a declared type holds no struct: a primitive, a list/dict/tuple/function type, or an optional one."""
    from runtime.primitives import PRIMITIVES

    t = (text or "").strip().rstrip("?")
    return bool(t) and (t in PRIMITIVES or t.startswith(("[", "{", "(", "fn(", "fn ")))


def sequence_type(text: str | None) -> bool:
    """A list or text type (``[i64]``, ``text``): indexing it never gives nil."""
    from runtime.primitives import TEXT_NAMES

    t = (text or "").strip()
    return t.startswith("[") or t in TEXT_NAMES


def sequence_value(value) -> bool:
    if isinstance(value, ast.Comprehension):
        return value.kind == "list"
    return isinstance(value, (ast.ListLit, ast.ArrayRepeat, ast.Str))


def plain_value(value) -> bool:
    """Whether a first value shows the binding holds no struct (Simple bindings keep their type)."""
    if isinstance(value, ast.Binary):
        return value.op not in ("??", "|>", "and", "or")
    if isinstance(value, ast.Unary):
        return True
    return isinstance(value, _PLAIN_VALUES)


def _ignore(value) -> None:
    pass


def _captures(pat):
    if isinstance(pat, ast.CapturePat):
        yield pat
    else:
        for child in iter_child_nodes(pat):
            if isinstance(child, ast.Pattern):
                yield from _captures(child)


def _root_name(e):
    while isinstance(e, (ast.Attribute, ast.Index)):
        e = e.value
    return e if isinstance(e, ast.Name) else None

