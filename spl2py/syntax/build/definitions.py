"""Definitions: functions, classes and structs, enums, traits and impls."""

from __future__ import annotations

from parsimonious.nodes import Node

from spl2py.syntax import ast
from spl2py.syntax.build.contracts import with_contracts, with_invariant
from spl2py.syntax.build.base import (
    GENERIC_NAME,
    attach_decorators,
    child,
    doc_text,
    is_doc,
    kids,
    statement,
    with_self,
)


def _base_name(type_text: str) -> str:
    return type_text.split("<", 1)[0].strip()


def bound_list(text: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """``T: A + B, U`` (generics or a where clause) as ((T, (A, B)),): the bounds of each parameter."""
    out, depth, start = [], 0, 0
    for i, c in enumerate(text + ","):
        if c in "<([":
            depth += 1
        elif c in ">)]":
            depth -= 1
        elif c == "," and depth == 0:
            param, colon, rest = text[start:i].partition(":")
            if colon and param.strip():
                traits = [_base_name(t) for t in rest.replace("&", "+").split("+") if t.strip()]
                out.append((param.strip().split()[-1], tuple(traits)))
            start = i + 1
    return tuple(out)


class DefinitionRules:
    saw_mixins = False  # a mixin or a class using one was built: parse() expands them (syntax/mixins.py)
    saw_impls = False  # an impl block was built (Module.has_impls)

    @statement('unit_def')
    def unit_def(self, node: Node):
        raise self.error(node, "unsupported: unit type declarations (`unit`)",
                         "unit literals such as `100_km` work without a declaration (no conversions)")

    @statement('fn_def')
    def fn_def(self, node: Node) -> ast.FuncDef:
        ks = kids(node)
        mods = self.word(child(ks, "FNKW")).split()
        if "async" in mods:
            raise self.error(node, "unsupported: async functions")
        name = self.word(child(ks, "NAMEW"))
        generics: tuple[str, ...] = ()
        params: tuple[ast.Param, ...] = ()
        ret = None
        body: tuple = ()
        for k in ks[2:]:
            n = k.expr.name
            if n == "GENERICS":
                generics = self.generics(k)
            elif n == "params":
                params = self.params(k)
            elif n == "ret":
                ret = self.type_text(kids(k)[1])
            elif n == "suite":
                body = with_contracts(self.block_of(k), self.lay.source)
        has_self = bool(params) and params[0].name == "self"
        if has_self:
            params = params[1:]
        return ast.FuncDef(self.span(node), name, params, ret, body, "static" in mods, mods[-1] == "me",
                           has_self, (), generics)

    @statement('contract')
    def contract(self, node: Node) -> ast.Contract:
        ks = kids(node)
        head = child(ks, "CONTRACT_KW")
        kind = self.word(head).split("(", 1)[0].strip()  # "in" | "out" | "invariant"
        return ast.Contract(self.span(node), kind, head.match.group("bind"), self.block_of(child(ks, "block")))

    @statement('fn_alias')
    def fn_alias(self, node: Node) -> ast.Let:
        ks = kids(node)
        head = child(ks, "NAMEW")
        name = self.word(head)
        value = self.expr(child(ks, "expr"))
        return ast.Let(self.span(node), "val", ast.CapturePat(self.span(head), name), None, value)

    @statement('extern_fn')
    def extern_fn(self, node: Node) -> ast.ExternFn:
        ks = kids(node)
        params: tuple[ast.Param, ...] = ()
        ret = None
        for k in ks:
            if k.expr.name == "params":
                params = self.params(k)
            elif k.expr.name == "ret":
                ret = self.type_text(kids(k)[1])
        return ast.ExternFn(self.span(node), self.word(child(ks, "NAMEW")), params, ret)

    def generics(self, node: Node) -> tuple[str, ...]:
        inner = self.word(node)[1:-1]
        names, depth, start = [], 0, 0
        for i, c in enumerate(inner + ","):
            if c in "<([":
                depth += 1
            elif c in ">)]":
                depth -= 1
            elif c == "," and depth == 0:
                m = GENERIC_NAME.search(inner[start:i])
                if m:
                    names.append(m.group())
                start = i + 1
        return tuple(names)

    def params(self, node: Node) -> tuple[ast.Param, ...]:
        out = []
        for p in kids(node):
            if p.expr.name != "param":
                continue
            ks = kids(p)
            name = ks[0].match.group("name")
            variadic = name.endswith("...")
            if variadic:
                name = name[:-3].rstrip()
            type_ = default = None
            for k in ks[1:]:
                if k.expr.name == "type":
                    type_ = self.type_text(k)
                elif k.expr.name == "expr":
                    default = self.expr(k)
            out.append(ast.Param(self.span(p), name, type_, default, variadic))
        return tuple(out)

    @statement('class_def')
    def class_def(self, node: Node) -> ast.ClassDef:
        ks = kids(node)
        kind = self.word(child(ks, "CLASSKW"))
        name = self.word(child(ks, "TNAME"))
        generics: tuple[str, ...] = ()
        bases: list[str] = []
        mixins: list[str] = []
        fields: list[ast.Field] = []
        items: list = []
        for k in ks[2:]:
            n = k.expr.name
            if n == "GENERICS":
                generics = self.generics(k)
            elif n == "bases":
                bases = [self.type_text(t) for t in kids(k) if t.expr.name == "type"]
                if kids(k)[0].expr.name == "WITH":  # `class C with M1, M2`: mixins, not bases
                    mixins += [_base_name(b) for b in bases]
                    bases = []
            elif n == "class_item":
                self.class_item(k, fields, items)
            elif n == "class_inline":
                fields.extend(self.field(f) for f in kids(k) if f.expr.name == "field")
        mixins += [n for item in items if type(item) is ast.MixinUse for n in item.names]
        body = attach_decorators([item for item in items if type(item) is not ast.MixinUse])
        doc = None
        methods = []
        invariants = []
        for i, item in enumerate(body):
            if type(item) is ast.FuncDef:
                methods.append(with_self(item))
            elif type(item) is ast.Contract:
                if item.kind != "invariant":
                    raise self.error(node, f"'{item.kind}:' contracts go at the start of a function body")
                invariants.append(item)
            elif i == 0 and is_doc(item):
                doc = doc_text(item.expr)
        methods = with_invariant(name, methods, invariants, self.lay.source)
        if mixins:
            self.saw_mixins = True
        return ast.ClassDef(self.span(node), kind, name, tuple(fields), tuple(methods), doc, generics, tuple(bases),
                            tuple(mixins))

    @statement('mixin_def')
    def mixin_def(self, node: Node) -> ast.MixinDef:
        ks = kids(node)
        head = child(ks, "GENERICS")
        fields: list[ast.Field] = []
        items: list = []
        for k in ks:
            if k.expr.name == "class_item":
                self.class_item(k, fields, items)
        uses = tuple(n for item in items if type(item) is ast.MixinUse for n in item.names)
        methods = tuple(with_self(m) for m in attach_decorators(items) if type(m) is ast.FuncDef)
        self.saw_mixins = True
        return ast.MixinDef(self.span(node), self.word(child(ks, "TNAME")), tuple(fields), methods, uses,
                            self.generics(head) if head is not None else ())

    def class_item(self, node: Node, fields: list, items: list) -> None:
        for k in kids(node):
            n = k.expr.name
            if n == "field_line":
                fields.extend(self.field(f) for f in kids(k) if f.expr.name == "field")
            elif n == "class_group":
                for c in kids(k):
                    if c.expr.name == "class_item":
                        self.class_item(c, fields, items)
            elif n == "class_use":
                names = [_base_name(self.type_text(t)) for t in kids(k) if t.expr.name == "type"]
                items.append(ast.MixinUse(self.span(k), tuple(names)))
            elif n == "doc_line":
                if not fields and not items:  # only a first string is the docstring; others are inert
                    items.append(self.doc_line(k))
            elif n in self.handlers:
                items.append(self.handlers[n](self, k))

    def field(self, node: Node) -> ast.Field:
        ks = kids(node)
        type_ = default = None
        for k in ks[2:]:
            if k.expr.name == "type":
                type_ = self.type_text(k)
            elif k.expr.name == "expr":
                default = self.expr(k)
        name = child(ks, "FIELDNAME")
        return ast.Field(self.span(name), self.word(name), type_, default)

    @statement('enum_def')
    def enum_def(self, node: Node) -> ast.EnumDef:
        ks = kids(node)
        generics: tuple[str, ...] = ()
        variants = []
        items: list = []
        for k in ks[2:]:
            n = k.expr.name
            if n == "GENERICS":
                generics = self.generics(k)
            elif n == "enum_item":
                for c in kids(k):
                    if c.expr.name == "variant_line":
                        variants.extend(self.variant(v) for v in kids(c) if v.expr.name == "variant")
                    elif c.expr.name in ("fn_def", "decorators"):
                        items.append(self.handlers[c.expr.name](self, c))
        methods = tuple(with_self(m) for m in attach_decorators(items) if type(m) is ast.FuncDef)
        return ast.EnumDef(self.span(node), self.word(child(ks, "TNAME")), tuple(variants), methods, generics)

    def variant(self, node: Node) -> ast.Variant:
        ks = kids(node)
        name = self.word(ks[0])
        if len(ks) == 1:
            return ast.Variant(self.span(node), name, None)
        fields = []
        for k in ks:
            if k.expr.name == "vfields":
                for i, f in enumerate(x for x in kids(k) if x.expr.name == "vfield"):
                    fk = kids(f)
                    label = self.word(fk[0])[:-1].strip() if fk[0].expr.name == "LABEL" else f"_{i}"
                    fields.append(ast.Field(self.span(f), label, self.type_text(fk[-1])))
        return ast.Variant(self.span(node), name, tuple(fields))

    @statement('trait_def')
    def trait_def(self, node: Node) -> ast.TraitDef:
        ks = kids(node)
        return ast.TraitDef(self.span(node), self.word(child(ks, "TNAME")), self.methods(ks))

    @statement('impl_def')
    def impl_def(self, node: Node) -> ast.ImplDef:
        ks = kids(node)
        types = [_base_name(self.type_text(k)) for k in ks if k.expr.name == "type"]
        trait, target = (types[0], types[1]) if len(types) == 2 else (None, types[0])
        head = child(ks, "GENERICS")
        generics = self.generics(head) if head is not None else ()
        where = child(ks, "WHERE")
        bounds = bound_list(self.word(head)[1:-1] if head is not None else "")
        bounds += bound_list(self.word(where)[len("where"):] if where is not None else "")
        self.saw_impls = True
        return ast.ImplDef(self.span(node), trait, target, self.methods(ks), generics, bounds)

    def methods(self, ks: list[Node]) -> tuple[ast.FuncDef, ...]:
        items: list = []
        for k in ks:
            if k.expr.name == "trait_item":
                self.stmts_into(k, items)
        return tuple(with_self(m) for m in attach_decorators(items) if type(m) is ast.FuncDef)
