"""Parse tree -> Simple AST.

A hand walk over the named nodes only: ``kids(node)`` lists the named nodes under ``node``
(descending through the anonymous sequence/choice/repeat nodes), and each builder method reads
that short list; the hottest shapes (statements, expressions) are read by child index.
Operator precedence is folded here (``_Pratt``): the grammar sees an expression as a flat
``operand (BINOP operand)*`` list, or as one CHAIN / SIMPLE_STMT terminal that ``chain_range``
tokenizes (the terminal's regex has already checked its shape).
"""

from __future__ import annotations

import re
from dataclasses import replace

from parsimonious.nodes import Node

from spl2py.diagnostics import CompileError, Span, error
from spl2py.syntax import ast
from spl2py.syntax.keywords import UNSUPPORTED_DECORATORS
from spl2py.syntax.layout import Layout
from spl2py.syntax.matcher import match_fragment
from spl2py.syntax.strings import RawInterp
from spl2py.syntax.visit import bound_names


def kids(node: Node) -> list[Node]:
    """The named nodes directly under ``node`` (anonymous wrappers are looked through)."""
    out: list[Node] = []
    _collect(node.children, out)
    return out


def _collect(children: list[Node], out: list[Node]) -> None:
    for c in children:
        if c.expr.name:
            out.append(c)
        elif c.children:
            _collect(c.children, out)


class _Decorators:
    """Decorator lines waiting for the definition they stand before."""

    def __init__(self, texts: tuple[str, ...]):
        self.texts = texts


# binding powers: higher binds tighter
_BINARY_BP = {
    "|>": 1, "??": 2, "or": 3, "and": 4,
    "==": 6, "!=": 6, "<": 6, "<=": 6, ">": 6, ">=": 6, "in": 6, "not in": 6, "is": 6, "is not": 6,
    "|": 7, "^": 8, "&": 9, "<<": 10, ">>": 10, "..": 11, "..=": 11,
    "+": 12, "-": 12, "*": 13, "/": 13, "%": 13, "@": 13, "as": 14, "**": 16,
}
_NOT_BP = 5
_UNARY_BP = 15
_COMPARE = frozenset(("==", "!=", "<", "<=", ">", ">="))
_OP_ALIASES = {"&&": "and", "||": "or", "xor": "^"}
_PREFIX_OPS = re.compile(r"not|[-+~!]")
_DOT_NAME = re.compile(r"\.([^\W\d]\w*)")
_LABEL_RE = re.compile(r"([^\W\d]\w*)[ \t]*:(?![:=A-Za-z_])[ \t]*")
_CHAIN_PREFIX = re.compile(r"(not(?![\w~])|[-+~]|!(?!=))[ \t]*")
_WS_RUN = re.compile(r"\s+")
_GENERIC_NAME = re.compile(r"[^\W\d]\w*")


class Builder:
    """Builds one module. Interpolated fragments reuse it with their own layout (``interp``)."""

    def __init__(self, lay: Layout, grammar):
        self.lay = lay
        self.text = lay.text
        self.spans: dict[int, Span] = {}
        self.atom_re = grammar["CHAIN_ATOM"].re
        self.binop_re = grammar["BINOP"].re
        self.handlers, self.primaries = self.tables()

    def tables(self) -> tuple[dict, dict]:
        """Rule name -> builder method, for statements and for primaries."""
        handlers = {
            "SIMPLE_STMT": self.simple_stmt, "let_stmt": self.let_stmt, "expr_stmt": self.expr_stmt,
            "return_stmt": self.return_stmt,
            "PASS": self.pass_stmt, "pass_line": self.pass_stmt, "break_stmt": self.break_stmt,
            "continue_stmt": self.continue_stmt, "use_stmt": self.use_stmt, "assert_stmt": self.assert_stmt,
            "defer_stmt": self.defer_stmt, "type_alias": self.type_alias, "mod_stmt": self.mod_stmt,
            "if_stmt": self.if_stmt, "for_stmt": self.for_stmt, "while_stmt": self.while_stmt,
            "loop_stmt": self.loop_stmt, "labeled": self.labeled, "with_stmt": self.with_stmt,
            "match_stmt": self.match_stmt, "decorators": self.decorators, "fn_def": self.fn_def,
            "fn_alias": self.fn_alias, "extern_fn": self.extern_fn, "class_def": self.class_def,
            "enum_def": self.enum_def, "trait_def": self.trait_def, "impl_def": self.impl_def,
            "export_stmt": self.export_stmt, "pub_stmt": self.pub_stmt, "doc_line": self.doc_line,
            "expect_stmt": self.expect_stmt,
        }
        primaries = {
            "ATOM": self.atom, "lambda": self.lambda_, "fn_lambda": self.fn_lambda, "paren": self.paren,
            "list_lit": self.list_lit, "brace_lit": self.brace_lit, "if_expr": self.if_expr,
            "match_expr": self.match_expr, "arrow_lambda": self.arrow_lambda, "bar_lambda": self.bar_lambda,
            "METHOD_REF": self.method_ref, "set_lit": self.set_lit,
        }
        return handlers, primaries

    # ------------------------------------------------------------------ helpers
    def span(self, node: Node) -> Span:
        pos = node.start
        sp = self.spans.get(pos)
        if sp is None:
            sp = self.spans[pos] = self.lay.span(pos)
        return sp

    def src(self, node: Node) -> str:
        """The marked text of ``node`` without its trailing blanks."""
        return self.text[node.start : node.end].rstrip()

    def word(self, node: Node) -> str:
        return self.text[node.start : node.end].strip()

    def error(self, node: Node, message: str, hint: str | None = None) -> CompileError:
        return self.lay.error(self.lay.src_offset(node.start), message, hint)

    def type_text(self, node: Node) -> str:
        return _WS_RUN.sub(" ", self.src(node)).replace(" ,", ",")

    def raw_text(self, node: Node) -> str:
        """The source text behind ``node`` (strings as written)."""
        last = node.start + len(self.text[node.start : node.end].rstrip()) - 1
        lit = self.lay.strings.get(last)
        b = lit.end if lit is not None else self.lay.src_offset(last) + 1
        return self.lay.source[self.lay.src_offset(node.start) : b].strip()

    # ------------------------------------------------------------------ statements
    def module(self, node: Node) -> ast.Module:
        body = self.block_of(node)
        doc = None
        if body and _is_doc(body[0]):
            doc = _doc_text(body[0].expr)
            body = body[1:]
        return ast.Module(Span(self.lay.path, 1, 1), self.lay.path, body, doc)

    def block_of(self, node: Node) -> tuple:
        """Statements under ``node`` (a program, block, suite, group or inline body)."""
        out: list = []
        name = node.expr.name
        if name == "suite":  # (COLON / THEN) (block / inline_body)
            node = node.children[1].children[0]
            name = node.expr.name
        if name == "block":  # NL IND stmt+ DED
            for st in node.children[2].children:
                self.stmt_into(st, out)
        elif name == "program":  # stmt* EOF
            for st in node.children[0].children:
                self.stmt_into(st, out)
        else:
            self.stmts_into(node, out)
        return _attach_decorators(out)

    def stmt_into(self, node: Node, out: list) -> None:
        """One ``stmt`` node: SIMPLE_STMT / &CKW compound / !BLOCK_END simple_line / group."""
        alt = node.children[0]
        name = alt.expr.name
        if name == "SIMPLE_STMT":
            out.append(self.simple_stmt(alt))
            return
        if not name:
            inner = alt.children[1]
            if inner.expr.name == "compound":
                st = inner.children[0]
                r = self.handlers[st.expr.name](st)
                if type(r) is list:
                    out.extend(r)
                else:
                    out.append(r)
                return
        self.stmts_into(alt if name else alt.children[1], out)

    def stmts_into(self, node: Node, out: list) -> None:
        handlers = self.handlers
        for k in kids(node):
            name = k.expr.name
            h = handlers.get(name)
            if h is not None:
                r = h(k)
                if type(r) is list:
                    out.extend(r)
                else:
                    out.append(r)
            elif name in _PASS_THROUGH:
                self.stmts_into(k, out)

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
            return ast.Let(sp, kind, target, m.group("type"), value)
        if t0 >= 0:
            target = self.chain_range(t0, t1)
            if m.group("type") is not None:
                raise self.lay.error(self.lay.src_offset(m.start("type")), "a type annotation needs 'val' or 'var'")
            return ast.Assign(sp, target, value, m.group("op")[:-1] or None)
        return ast.ExprStmt(value.span, value)

    def expr_stmt(self, node: Node):
        ks = kids(node)
        first = ks[0]
        name = first.expr.name
        if name == "targets":  # targets (ASSIGN rhs / &NL): a tuple only before '=' or at the line end
            t = [self.expr(k) for k in kids(first) if k.expr.name == "expr"]
            value = t[0] if len(t) == 1 else ast.TupleLit(t[0].span, tuple(t))
            if len(ks) > 1:
                op = self.word(ks[1])[:-1] or None
                return ast.Assign(self.span(node), value, self.rhs(ks[2]), op)
        elif name == "expr":
            value = self.expr(first)
        else:
            value = self.np_call(first, ks[1])
        if ks[-1].expr.name == "colon_block":
            value = self.add_block_arg(value, ks[-1])
        if type(value) is ast.TupleLit and not value.items:
            return ast.Pass(value.span, "()")
        return ast.ExprStmt(value.span, value)

    def add_block_arg(self, value: ast.Expr, colon_block: Node) -> ast.Call:
        block = kids(colon_block)[1]
        lam = ast.Lambda(self.span(block), (), self.block_of(block), True)
        arg = ast.Arg(lam.span, None, lam)
        if type(value) is ast.Call:
            return replace(value, args=value.args + (arg,))
        return ast.Call(value.span, value, (arg,))

    def np_call(self, head: Node, args: Node) -> ast.Call:
        func = self.dotted(head)
        return ast.Call(func.span, func, tuple(self.arg(k) for k in kids(args) if k.expr.name == "arg"))

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
        return self.exprs(ks[0])

    def exprs(self, node: Node) -> ast.Expr:
        """``a`` or ``a, b`` (a tuple)."""
        ks = kids(node)
        items = [self.expr(k) for k in ks if k.expr.name == "expr"]
        if len(items) == 1 and len(ks) == 1:
            return items[0]
        return ast.TupleLit(self.span(node), tuple(items))

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
                value = self.rhs(k)
        return ast.Let(self.span(node), kind, target, type_, value)

    def return_stmt(self, node: Node) -> ast.Return:
        ks = kids(node)
        return ast.Return(self.span(node), self.rhs(ks[1]) if len(ks) > 1 else None)

    def pass_stmt(self, node: Node) -> ast.Pass:
        return ast.Pass(self.span(node), self.word(kids(node)[0]) if node.expr.name == "pass_line" else self.word(node))

    def break_stmt(self, node: Node) -> ast.Break:
        ks = kids(node)
        return ast.Break(self.span(node), self.word(ks[1])[1:] if len(ks) > 1 else None)

    def continue_stmt(self, node: Node) -> ast.Continue:
        ks = kids(node)
        return ast.Continue(self.span(node), self.word(ks[1])[1:] if len(ks) > 1 else None)

    def assert_stmt(self, node: Node) -> ast.Assert:
        es = [self.expr(k) for k in kids(node) if k.expr.name == "expr"]
        return ast.Assert(self.span(node), es[0], es[1] if len(es) > 1 else None)

    def defer_stmt(self, node: Node) -> ast.Defer:
        ks = kids(node)
        last = ks[-1]
        if last.expr.name == "block":
            return ast.Defer(self.span(node), self.block_of(last))
        out: list = []
        self.stmts_into(node, out)
        return ast.Defer(self.span(node), tuple(out))

    def type_alias(self, node: Node) -> ast.TypeAlias:
        ks = kids(node)
        return ast.TypeAlias(self.span(node), self.word(ks[1]), self.type_text(ks[-1]))

    def mod_stmt(self, node: Node) -> ast.Use:
        return ast.Use(self.span(node), (self.word(kids(node)[1]),), level=1)

    def expect_stmt(self, node: Node) -> ast.ExprStmt:
        """``expect a to_m b`` / ``expect(a) to_m(b)`` -> ``expect(a).to_m(b)``; ``not_to m`` adds ``.not_()``."""
        ks = kids(node)
        sp = self.span(node)
        subject = self.expr(ks[1])
        value: ast.Expr = ast.Call(sp, ast.Name(sp, "expect"), (ast.Arg(subject.span, None, subject),))
        m = ks[2].match
        if m.group("neg"):
            value = ast.Call(sp, ast.Attribute(sp, value, "not_"), ())
        args: tuple = ()
        if len(ks) > 3:
            args = tuple(self.arg(k) for k in kids(ks[3]) if k.expr.name == "arg")
        value = ast.Call(sp, ast.Attribute(sp, value, "to_" + m.group("m")), args)
        return ast.ExprStmt(sp, value)

    def doc_line(self, node: Node) -> ast.ExprStmt:
        s = self.string(kids(node)[0])
        return ast.ExprStmt(s.span, s)

    def decorators(self, node: Node) -> _Decorators:
        texts = []
        for k in kids(node):
            if k.expr.name == "DECORATOR":
                text = self.raw_text(k)
                m = _GENERIC_NAME.search(text)
                word = m.group() if m else ""
                if word in UNSUPPORTED_DECORATORS:
                    raise self.error(k, f"unsupported: {UNSUPPORTED_DECORATORS[word]}")
                texts.append(text)
        return _Decorators(tuple(texts))

    # ------------------------------------------------------------------ control flow
    def if_stmt(self, node: Node) -> ast.ExprStmt:
        e = self.if_expr(kids(node)[0])
        return ast.ExprStmt(e.span, e)

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
        return ast.If(self.span(node), tuple(branches), orelse)

    def cond(self, node: Node) -> ast.Expr:
        k = kids(node)[0]
        if k.expr.name == "let_cond":
            ks = kids(k)
            return ast.LetCond(self.span(k), self.pattern(ks[1]), self.expr(ks[3]))
        return self.expr(k)

    def for_stmt(self, node: Node, label: str | None = None) -> ast.For:
        ks = kids(node)
        target, enum = self.for_target(ks[1])
        return ast.For(self.span(node), target, self.expr(ks[3]), self.block_of(ks[4]), enum, label)

    def for_target(self, node: Node) -> tuple[ast.Pattern, bool]:
        pats = [self.pattern(k) for k in kids(node) if k.expr.name == "pattern"]
        if len(pats) == 1:
            return pats[0], False
        return ast.TuplePat(pats[0].span, tuple(pats)), True

    def while_stmt(self, node: Node, label: str | None = None) -> ast.While:
        ks = kids(node)
        return ast.While(self.span(node), self.cond(ks[1]), self.block_of(ks[2]), label)

    def loop_stmt(self, node: Node, label: str | None = None) -> ast.Loop:
        return ast.Loop(self.span(node), self.block_of(kids(node)[1]), label)

    def labeled(self, node: Node):
        ks = kids(node)
        label = self.word(ks[0])[1:].rstrip(":").strip()
        inner = ks[1]
        return getattr(self, inner.expr.name)(inner, label)

    def with_stmt(self, node: Node) -> ast.With:
        items = []
        body = ()
        for k in kids(node):
            n = k.expr.name
            if n == "expr":
                e = self.expr(k)
                if type(e) is ast.Cast and _GENERIC_NAME.fullmatch(e.type):
                    items.append(ast.WithItem(e.span, e.value, e.type))
                else:
                    items.append(ast.WithItem(e.span, e, None))
            elif n == "suite":
                body = self.block_of(k)
        return ast.With(self.span(node), tuple(items), body)

    def match_stmt(self, node: Node) -> ast.ExprStmt:
        m = self.match_expr(kids(node)[0])
        return ast.ExprStmt(m.span, m)

    def match_expr(self, node: Node) -> ast.Match:
        ks = kids(node)
        subject = self.expr(ks[1])
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
        if body.expr.name == "block":
            stmts = self.block_of(body)
        else:
            stmts = self.block_of(body)
        return ast.MatchArm(self.span(head), pattern, guard, stmts)

    def guard_head(self, node: Node) -> ast.Expr:
        """A guard just before a ``=>`` arm separator that reads like lambda parameters: ``if ok =>``."""
        text = self.word(node).strip("()").strip()
        names = [ast.Name(self.span(node), n.strip()) for n in text.split(",")]
        return names[0] if len(names) == 1 else ast.TupleLit(self.span(node), tuple(names))

    # ------------------------------------------------------------------ definitions
    def fn_def(self, node: Node) -> ast.FuncDef:
        ks = kids(node)
        mods = self.word(ks[0]).split()
        if "async" in mods:
            raise self.error(node, "unsupported: async functions")
        name = self.word(ks[1])
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
                body = self.block_of(k)
        has_self = bool(params) and params[0].name == "self"
        if has_self:
            params = params[1:]
        return ast.FuncDef(self.span(node), name, params, ret, body, "static" in mods, mods[-1] == "me",
                           has_self, (), generics)

    def fn_alias(self, node: Node) -> ast.Let:
        ks = kids(node)
        name = self.word(ks[1])
        return ast.Let(self.span(node), "val", ast.CapturePat(self.span(ks[1]), name), None, self.expr(ks[3]))

    def extern_fn(self, node: Node) -> ast.ExternFn:
        ks = kids(node)
        params: tuple[ast.Param, ...] = ()
        ret = None
        for k in ks:
            if k.expr.name == "params":
                params = self.params(k)
            elif k.expr.name == "ret":
                ret = self.type_text(kids(k)[1])
        return ast.ExternFn(self.span(node), self.word(ks[1]), params, ret)

    def generics(self, node: Node) -> tuple[str, ...]:
        inner = self.word(node)[1:-1]
        names, depth, start = [], 0, 0
        for i, c in enumerate(inner + ","):
            if c in "<([":
                depth += 1
            elif c in ">)]":
                depth -= 1
            elif c == "," and depth == 0:
                m = _GENERIC_NAME.search(inner[start:i])
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
            name = self.word(ks[0])
            if name.startswith("mut "):
                name = name[4:].strip()
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

    def class_def(self, node: Node) -> ast.ClassDef:
        ks = kids(node)
        kind = self.word(ks[0])
        name = self.word(ks[1])
        generics: tuple[str, ...] = ()
        bases: list[str] = []
        fields: list[ast.Field] = []
        items: list = []
        for k in ks[2:]:
            n = k.expr.name
            if n == "GENERICS":
                generics = self.generics(k)
            elif n == "bases":
                bases = [self.type_text(t) for t in kids(k) if t.expr.name == "type"]
            elif n == "class_item":
                self.class_item(k, fields, items)
            elif n == "class_inline":
                fields.extend(self.field(f) for f in kids(k) if f.expr.name == "field")
        body = _attach_decorators(items)
        doc = None
        methods = []
        for i, item in enumerate(body):
            if type(item) is ast.FuncDef:
                methods.append(_with_self(item))
            elif i == 0 and _is_doc(item):
                doc = _doc_text(item.expr)
        return ast.ClassDef(self.span(node), kind, name, tuple(fields), tuple(methods), doc, generics, tuple(bases))

    def class_item(self, node: Node, fields: list, items: list) -> None:
        for k in kids(node):
            n = k.expr.name
            if n == "field_line":
                fields.extend(self.field(f) for f in kids(k) if f.expr.name == "field")
            elif n == "class_group":
                for c in kids(k):
                    if c.expr.name == "class_item":
                        self.class_item(c, fields, items)
            elif n == "doc_line":
                if not fields and not items:  # only a first string is the docstring; others are inert
                    items.append(self.doc_line(k))
            elif n in self.handlers:
                items.append(self.handlers[n](k))

    def field(self, node: Node) -> ast.Field:
        ks = kids(node)
        type_ = default = None
        for k in ks[2:]:
            if k.expr.name == "type":
                type_ = self.type_text(k)
            elif k.expr.name == "expr":
                default = self.expr(k)
        return ast.Field(self.span(ks[1]), self.word(ks[1]), type_, default)

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
                        items.append(self.handlers[c.expr.name](c))
        methods = tuple(_with_self(m) for m in _attach_decorators(items) if type(m) is ast.FuncDef)
        return ast.EnumDef(self.span(node), self.word(ks[1]), tuple(variants), methods, generics)

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

    def trait_def(self, node: Node) -> ast.TraitDef:
        ks = kids(node)
        return ast.TraitDef(self.span(node), self.word(ks[1]), self.methods(ks))

    def impl_def(self, node: Node) -> ast.ImplDef:
        ks = kids(node)
        types = [_base_name(self.type_text(k)) for k in ks if k.expr.name == "type"]
        trait, target = (types[0], types[1]) if len(types) == 2 else (None, types[0])
        return ast.ImplDef(self.span(node), trait, target, self.methods(ks))

    def methods(self, ks: list[Node]) -> tuple[ast.FuncDef, ...]:
        items: list = []
        for k in ks:
            if k.expr.name == "trait_item":
                self.stmts_into(k, items)
        return tuple(_with_self(m) for m in _attach_decorators(items) if type(m) is ast.FuncDef)

    # ------------------------------------------------------------------ modules
    def export_stmt(self, node: Node) -> list:
        ks = kids(node)
        inner = ks[1]
        n = inner.expr.name
        sp = self.span(node)
        if n == "export_line":
            line = kids(inner)[0]
            ln = line.expr.name
            if ln == "use_stmt":
                return [replace(u, reexport=True) for u in self.use_stmt(line)]
            if ln == "let_stmt":
                let = self.let_stmt(line)
                return [ast.Export(sp, tuple(bound_names(let.target))), let]
            if ln == "export_from":
                lk = kids(line)
                path, level = self.use_path(lk[-1])
                return [ast.Use(sp, path, self.use_names(lk[1]), level=level, reexport=True)]
            if ln == "export_glob":
                path, _ = self.use_path(kids(line)[0])
                return [ast.Export(sp, (), path)]
            if ln == "export_assign":
                lk = kids(line)
                name = self.word(lk[0])
                return [ast.Export(sp, (name,)),
                        ast.Let(sp, "val", ast.CapturePat(self.span(lk[0]), name), None, self.rhs(lk[2]))]
            names = tuple(self.word(k) for k in kids(line) if k.expr.name == "NAMEW")
            return [ast.Export(sp, names)]
        d = self.handlers[n](inner)
        return [ast.Export(sp, (d.name,)), d]

    def pub_stmt(self, node: Node) -> list:
        out: list = []
        self.stmts_into(node, out)
        return [replace(s, reexport=True) if type(s) is ast.Use else s for s in out]

    def use_stmt(self, node: Node) -> list:
        ks = kids(node)
        sp = self.span(node)
        if ks[0].expr.name == "FROMKW":
            path, level = self.use_path(ks[1])
            return [ast.Use(sp, path, self.use_names(ks[3]), level=level)]
        return [self.use_clause(k, sp) for k in ks if k.expr.name == "use_clause"]

    def use_clause(self, node: Node, sp: Span) -> ast.Use:
        ks = kids(node)
        path, level = self.use_path(ks[0])
        if len(ks) == 1:
            return ast.Use(sp, path, level=level)
        n = ks[1].expr.name
        if n == "DOTSTAR":
            return ast.Use(sp, path, glob=True, level=level)
        if n == "AS":
            return ast.Use(sp, path, alias=self.word(ks[2]), level=level)
        names = self.use_names(ks[2])
        if names is None:
            return ast.Use(sp, path, glob=True, level=level)
        return ast.Use(sp, path, names, level=level)

    def use_path(self, node: Node) -> tuple[tuple[str, ...], int]:
        k = kids(node)[0]
        if k.expr.name == "STR":
            lit = self.lay.strings[k.start]
            text = "".join(p for p in lit.parts if isinstance(p, str))
            return tuple(p for p in re.split(r"[/.]", text) if p), 0
        text = self.word(k)
        stripped = text.lstrip(".")
        level = len(text) - len(stripped)
        return tuple(p for p in re.split(r"\.|::", stripped) if p), level

    def use_names(self, node: Node) -> tuple[ast.UseName, ...] | None:
        out = []
        for k in kids(node):
            if k.expr.name != "use_name":
                continue
            ks = kids(k)
            if ks[0].expr.name == "STAR":
                return None
            alias = self.word(ks[2]) if len(ks) > 2 else None
            out.append(ast.UseName(self.span(k), self.word(ks[0]), alias))
        return tuple(out)

    # ------------------------------------------------------------------ patterns
    def pattern(self, node: Node) -> ast.Pattern:
        alts = [self.pat_one(k) for k in kids(node) if k.expr.name == "pat_one"]
        if len(alts) == 1:
            return alts[0]
        return ast.OrPat(alts[0].span, tuple(alts))

    def pat_one(self, node: Node) -> ast.Pattern:
        ks = kids(node)
        first = ks[0]
        n = first.expr.name
        sp = self.span(node)
        if n == "PAT_LIT":
            return ast.LiteralPat(sp, self.pat_literal(first))
        if n == "PAT_NAME":
            path = tuple(p.strip() for p in self.word(first).split("."))
            if len(ks) > 1:
                args = self.pat_list(ks)
                if path == ("_",):
                    return ast.WildcardPat(sp)
                return ast.VariantPat(sp, path, args)
            if len(path) > 1:
                return ast.ValuePat(sp, path)
            if path[0] == "_":
                return ast.WildcardPat(sp)
            if path[0] == "None":
                return ast.LiteralPat(sp, ast.Nil(sp))
            return ast.CapturePat(sp, path[0])
        if n == "LBRC":
            return ast.FieldsPat(sp, self.field_pats(ks))
        items = self.pat_list(ks)
        lst = next((k for k in ks if k.expr.name == "pat_list"), None)
        if first.expr.name == "LPAR" and len(items) == 1 and not any(k.expr.name == "COMMA" for k in kids(lst)):
            return items[0]
        return ast.TuplePat(sp, items)

    def pat_list(self, ks: list[Node]) -> tuple[ast.Pattern, ...]:
        for k in ks:
            if k.expr.name == "pat_list":
                return tuple(self.pattern(p) for p in kids(k) if p.expr.name == "pattern")
        return ()

    def field_pats(self, ks: list[Node]) -> tuple[tuple[str, ast.Pattern], ...]:
        out = []
        for k in ks:
            if k.expr.name == "field_pats":
                for f in kids(k):
                    if f.expr.name != "field_pat":
                        continue
                    fk = kids(f)
                    if fk[0].expr.name == "LABEL":
                        out.append((self.word(fk[0])[:-1].strip(), self.pattern(fk[1])))
                    else:
                        name = self.word(fk[0])
                        out.append((name, ast.CapturePat(self.span(f), name)))
        names = [n for n, _ in out]
        for i, n in enumerate(names):
            if n in names[:i]:
                raise self.lay.error(self.lay.src_offset(ks[0].start), f"field '{n}' named twice in a pattern")
        return tuple(out)

    def pat_literal(self, node: Node) -> ast.Expr:
        text = self.word(node)
        sp = self.span(node)
        if text.startswith("\ue010"):
            s = self.string(node)
            if any(isinstance(p, ast.Interp) for p in s.parts):
                raise self.error(node, "a string pattern cannot interpolate")
            return s
        if text in ("true", "false"):
            return ast.Bool(sp, text == "true")
        if text == "nil":
            return ast.Nil(sp)
        if text.startswith("-"):
            return ast.Unary(sp, "-", self.number(text[1:].strip(), sp))
        return self.number(text, sp)

    # ------------------------------------------------------------------ expressions
    def expr(self, node: Node) -> ast.Expr:
        alt = node.children[0]
        if alt.expr.name == "CHAIN":
            return self.chain(alt)
        operand, tail = alt.children
        if not tail.children:
            return self.operand(operand)
        toks: list[tuple] = []
        self.operand_tokens(operand, toks)
        for seq in tail.children:
            op, operand = seq.children
            text = _WS_RUN.sub(" ", self.word(op))
            toks.append(("bin", _OP_ALIASES.get(text, text), op.start))
            self.operand_tokens(operand, toks)
        return _Pratt(self, toks).parse(0)

    def operand_tokens(self, node: Node, toks: list) -> None:
        """Prefix operators and the operand node, as Pratt tokens."""
        alt = node.children[0].children[0]
        while not alt.expr.name:  # PREFIX operand
            pre, node = alt.children
            toks.extend(("pre", op, pre.start) for op in _prefix_ops(self.word(pre)))
            alt = node.children[0].children[0]
        toks.append(("val", node))

    def chain(self, node: Node) -> ast.Expr:
        """A CHAIN terminal: words and operators only, tokenized here."""
        return self.chain_range(node.start, node.end)

    def chain_range(self, pos: int, end: int) -> ast.Expr:
        text = self.text
        toks: list[tuple] = []
        operand = True
        while pos < end:
            if operand:
                m = _CHAIN_PREFIX.match(text, pos)
                if m:
                    op = m.group(1)
                    toks.append(("pre", "not" if op == "!" else op, pos))
                    pos = m.end()
                    continue
                m = self.atom_re.match(text, pos)
                value = self.atom_match(m, pos)
                pos = m.end()
                if pos < end and text[pos] in "([.":
                    value, pos = self.chain_suffixes(value, pos, end)
                toks.append(("atom", value))
                operand = False
                continue
            else:
                m = self.binop_re.match(text, pos)
                op = _WS_RUN.sub(" ", m.group().strip())
                toks.append(("bin", _OP_ALIASES.get(op, op), pos))
                operand = True
            pos = m.end()
        if len(toks) == 1:
            return toks[0][1]
        return _Pratt(self, toks).parse(0)

    def operand(self, node: Node) -> ast.Expr:
        first, tail = node.children
        alt = first.children[0]
        name = alt.expr.name
        if name == "ATOM":
            value = self.atom(alt)
        elif name:
            value = self.primaries[name](alt)
        else:  # PREFIX operand
            prefix, inner = alt.children
            value = self.operand(inner)
            for op in reversed(_prefix_ops(self.word(prefix))):
                value = ast.Unary(self.span(prefix), op, value)
        for seq in tail.children:
            value = self.postfix(value, seq.children[1].children[0])
        return value

    def postfix(self, value: ast.Expr, node: Node) -> ast.Expr:
        n = node.expr.name
        if n == "POSTOP":
            m = node.match
            attr = m.group("attr")
            if attr is not None:
                if attr[0].isdigit():
                    return ast.Index(value.span, value, ast.Int(self.span(node), int(attr)))
                return ast.Attribute(value.span, value, attr, m.group("safe") is not None)
            if m.group("presence"):
                return ast.Presence(value.span, value)
            return ast.Try(value.span, value)
        if n == "call_args":
            return ast.Call(value.span, value, tuple(self.arg(k) for k in kids(node) if k.expr.name == "arg"))
        if n == "subscript":
            parts = [self.sub_part(k) for k in kids(node) if k.expr.name == "sub_part"]
            index = parts[0] if len(parts) == 1 and not _has_comma(node) else ast.TupleLit(parts[0].span, tuple(parts))
            return ast.Index(value.span, value, index)
        # brace_init: Point { x: 1 }
        if type(value) is not ast.Name or not value.id[:1].isupper():
            raise self.error(node, "expected a type name before '{'", "brace construction is written 'Point { x: 1 }'")
        args = []
        for f in kids(node):
            if f.expr.name == "init_field":
                fk = kids(f)
                if fk[0].expr.name == "LABEL":
                    args.append(ast.Arg(self.span(f), self.word(fk[0])[:-1].strip(), self.expr(fk[1])))
                else:
                    name = self.word(fk[0])
                    args.append(ast.Arg(self.span(f), name, ast.Name(self.span(f), name)))
        return ast.Call(value.span, value, tuple(args))

    def sub_part(self, node: Node):
        ks = kids(node)
        if len(ks) == 1 and ks[0].expr.name == "expr":
            return self.expr(ks[0])
        slots: list = [None, None, None]
        i = 0
        for k in ks:
            if k.expr.name == "SCOLON":
                i += 1
            else:
                slots[i] = self.expr(k)
        return ast.Slice(self.span(node), *slots)

    def arg(self, node: Node) -> ast.Arg:
        head, expr = node.children
        value = self.expr(expr)
        m = head.match
        spread = m.group("spread")
        if spread is not None:
            value = ast.Spread(value.span, value, spread == "**")
        elif "_" in (t := self.text[expr.start : expr.end]) and _PLACEHOLDER.search(t):
            value = self.placeholder_lambda(value)
        return ast.Arg(self.span(node), m.group("label"), value)

    def placeholder_lambda(self, value: ast.Expr) -> ast.Expr:
        """An argument holding ``_`` (or ``_1``, ``_2``...) is a lambda of those placeholders:
        ``_ * 2`` is ``\\_1: _1 * 2``, ``_ + _`` takes two parameters, ``_2 - _1`` swaps them.
        A bare ``_`` argument stays a name; nested lambdas keep their own ``_``."""
        if type(value) is ast.Name:
            return value
        found: list[ast.Name] = []
        _find_placeholders(value, found)
        if not found:
            return value
        bare = [n for n in found if n.id == "_"]
        if bare and len(bare) != len(found):
            raise error(bare[0].span, "unsupported: mixing '_' and numbered placeholders ('_1') in one argument",
                        source=self.lay.source)
        if bare:
            order = sorted(bare, key=lambda n: (n.span.line, n.span.col))
            renames = {id(n): f"_{i + 1}" for i, n in enumerate(order)}
            value = _rename(value, renames)
            count = len(order)
        else:
            count = max(int(n.id[1:]) for n in found)
        params = tuple(ast.Param(value.span, f"_{i + 1}") for i in range(count))
        return ast.Lambda(value.span, params, (ast.ExprStmt(value.span, value),), False)

    def chain_suffixes(self, value: ast.Expr, pos: int, end: int) -> tuple[ast.Expr, int]:
        """Calls with plain arguments, plain indexing and ``.name`` after an atom of a CHAIN."""
        text = self.text
        while pos < end:
            c = text[pos]
            if c == "(":
                close = text.index(")", pos)
                args = []
                a = pos + 1
                for piece in text[pos + 1 : close].split(","):
                    b = a + len(piece)
                    if piece.strip():
                        args.append(self.chain_arg(a, b))
                    a = b + 1
                value = ast.Call(value.span, value, tuple(args))
                pos = close + 1
            elif c == "[":
                close = text.index("]", pos)
                value = ast.Index(value.span, value, self.chain_range(_skip_ws(text, pos + 1), close))
                pos = close + 1
            else:
                m = _DOT_NAME.match(text, pos) if c == "." else None
                if m is None:
                    break
                value = ast.Attribute(value.span, value, m.group(1))
                pos = m.end()
        while pos < end and text[pos] in " \t":
            pos += 1
        return value, pos

    def chain_arg(self, a: int, b: int) -> ast.Arg:
        a = _skip_ws(self.text, a)
        m = _LABEL_RE.match(self.text, a)
        name = None
        start = a
        if m:
            name = m.group(1)
            a = m.end()
        value = self.chain_range(a, b)
        if "_" in (t := self.text[a:b]) and _PLACEHOLDER.search(t):
            value = self.placeholder_lambda(value)
        return ast.Arg(self.lay.span(start), name, value)

    def atom(self, node: Node) -> ast.Expr:
        return self.atom_match(node.match, node.start)

    def atom_match(self, m, pos: int) -> ast.Expr:
        kind = m.lastgroup
        sp = self.spans.get(pos) or self.lay.span(pos)
        if kind == "name" or kind == "gen":
            name = m.group("name")
            if "." not in name:
                return ast.Name(sp, name)
            parts = name.split(".")
            value: ast.Expr = ast.Name(sp, parts[0])
            for p in parts[1:]:
                value = ast.Attribute(sp, value, p)
            return value
        if kind == "str":
            return self.string_at(pos)
        if kind == "kw":
            w = m.group("kw")
            return ast.Nil(sp) if w == "nil" else ast.Bool(sp, w == "true")
        if kind == "sym":
            return ast.Symbol(sp, m.group("sym"))
        return self.number(m.group(0).strip(), sp)

    def number(self, text: str, sp: Span) -> ast.Expr:
        m = _NUMBER.fullmatch(text)
        if m is None:
            raise self.lay.error(0, f"invalid number {text!r}")
        digits, suffix = m.group(1).replace("_", ""), m.group(2)
        low = digits[:2].lower()
        if low in ("0x", "0o", "0b"):
            value = int(digits, 0)
            return ast.Float(sp, float(value), suffix) if suffix and suffix[0] == "f" else ast.Int(sp, value, suffix)
        if "." in digits or "e" in digits or "E" in digits or (suffix and suffix[0] == "f"):
            return ast.Float(sp, float(digits), suffix)
        return ast.Int(sp, int(digits), suffix)

    def string(self, node: Node) -> ast.Str:
        return self.string_at(node.start)

    def string_at(self, pos: int) -> ast.Str:
        lit = self.lay.strings[pos]
        sp = self.lay.span(pos)
        if lit.raw or not any(type(p) is RawInterp for p in lit.parts):
            return ast.Str(sp, lit.parts)
        parts = []
        for p in lit.parts:
            if type(p) is RawInterp:
                parts.append(self.interp(p))
            else:
                parts.append(p)
        return ast.Str(sp, tuple(parts))

    def interp(self, p: RawInterp) -> ast.Interp:
        flay, tree = match_fragment(self.lay, p.start, p.end)
        saved = self.lay, self.text, self.spans
        self.lay, self.text, self.spans = flay, flay.text, {}
        try:
            expr = self.expr(tree.children[0])
        finally:
            self.lay, self.text, self.spans = saved
        return ast.Interp(expr.span, expr, p.spec)

    def lambda_(self, node: Node) -> ast.Lambda:
        ks = kids(node)
        head = self.word(ks[0])[1:-1]
        params = tuple(ast.Param(self.span(node), n.strip()) for n in head.split(",") if n.strip())
        return self.lambda_body(node, params, ks[-1])

    def lambda_body(self, node: Node, params: tuple, body: Node) -> ast.Lambda:
        if body.expr.name == "block":
            return ast.Lambda(self.span(node), params, self.block_of(body), True)
        out: list = []
        self.stmts_into(_Wrap(body), out)
        return ast.Lambda(self.span(node), params, tuple(out), False)

    def arrow_lambda(self, node: Node) -> ast.Lambda:
        """``x => e`` / ``(a, b) => e``"""
        ks = kids(node)
        head = self.word(ks[0])[:-2].strip().strip("()")
        params = tuple(ast.Param(self.span(node), n.strip()) for n in head.split(",") if n.strip())
        return self.lambda_body(node, params, ks[-1])

    def bar_lambda(self, node: Node) -> ast.Lambda:
        """``|x| e`` / ``|a, b| e`` / ``|| e``"""
        ks = kids(node)
        head = self.word(ks[0])[1:-1]
        params = tuple(ast.Param(self.span(node), n.strip()) for n in head.split(",") if n.strip())
        return self.lambda_body(node, params, ks[-1])

    def method_ref(self, node: Node) -> ast.Lambda:
        """``&:len`` -> ``\\it: it.len()`` (a builtin method name dispatches on the value's type)."""
        sp = self.span(node)
        call = ast.Call(sp, ast.Attribute(sp, ast.Name(sp, "it"), node.match.group("m")), ())
        return ast.Lambda(sp, (ast.Param(sp, "it"),), (ast.ExprStmt(sp, call),), False)

    def set_lit(self, node: Node) -> ast.SetLit:
        """``s{1, 2}``"""
        return ast.SetLit(self.span(node), tuple(self.item(k) for k in kids(node) if k.expr.name == "item"))

    def fn_lambda(self, node: Node) -> ast.Lambda:
        ks = kids(node)
        params: tuple = ()
        for k in ks:
            if k.expr.name == "params":
                params = self.params(k)
        return self.lambda_body(node, params, ks[-1])

    def paren(self, node: Node) -> ast.Expr:
        ks = kids(node)
        if len(ks) == 2:
            return ast.TupleLit(self.span(node), ())
        inner = self.exprs(ks[1])
        if type(inner) is ast.TupleLit:
            return ast.TupleLit(self.span(node), inner.items)
        return inner

    def list_lit(self, node: Node) -> ast.Expr:
        ks = kids(node)
        sp = self.span(node)
        names = [k.expr.name for k in ks]
        if "lead_comp" in names:
            clauses, element = self.lead_comp(ks[1])
            return ast.Comprehension(sp, "list", element, None, clauses)
        items = [self.item(k) for k in ks if k.expr.name == "item"]
        if "comp_clauses" in names:
            return ast.Comprehension(sp, "list", items[0], None, self.comp_clauses(ks[names.index("comp_clauses")]))
        if "SEMI" in names:
            return ast.ArrayRepeat(sp, items[0], self.expr(ks[names.index("SEMI") + 1]))
        return ast.ListLit(sp, tuple(items))

    def brace_lit(self, node: Node) -> ast.Expr:
        ks = kids(node)
        sp = self.span(node)
        names = [k.expr.name for k in ks]
        if len(ks) == 2:
            return ast.DictLit(sp, ())
        if "lead_comp" in names:
            clauses, element = self.lead_comp(ks[1])
            if type(element) is ast.TupleLit and len(element.items) == 2:
                return ast.Comprehension(sp, "dict", element.items[0], element.items[1], clauses)
            return ast.Comprehension(sp, "set", element, None, clauses)
        comp = self.comp_clauses(ks[names.index("comp_clauses")]) if "comp_clauses" in names else None
        if "dict_entry" in names:
            entries = [self.dict_entry(k) for k in ks if k.expr.name == "dict_entry"]
            if comp is not None:
                return ast.Comprehension(sp, "dict", entries[0].key, entries[0].value, comp)
            return ast.DictLit(sp, tuple(entries))
        items = [self.item(k) for k in ks if k.expr.name == "item"]
        if comp is not None:
            return ast.Comprehension(sp, "set", items[0], None, comp)
        return ast.SetLit(sp, tuple(items))

    def item(self, node: Node) -> ast.Expr:
        ks = kids(node)
        value = self.expr(ks[-1])
        if len(ks) > 1:
            return ast.Spread(self.span(node), value, self.word(ks[0]) == "**")
        return value

    def dict_entry(self, node: Node):
        ks = kids(node)
        if ks[0].expr.name == "DSTAR":
            return ast.Spread(self.span(node), self.expr(ks[1]), True)
        return ast.DictEntry(self.span(node), self.expr(ks[0]), self.expr(ks[2]))

    def lead_comp(self, node: Node):
        ks = kids(node)
        return self.comp_clauses(ks[0]), self.expr(ks[-1])

    def comp_clauses(self, node: Node) -> tuple:
        out = []
        for k in kids(node):
            ks = kids(k)
            if k.expr.name == "comp_for":
                target, enum = self.for_target(ks[1])
                out.append(ast.CompFor(self.span(k), target, self.expr(ks[3])))
            else:
                out.append(ast.CompIf(self.span(k), self.expr(ks[1])))
        return tuple(out)


class _Wrap:
    """Present one node as the only child of a parent, for ``stmts_into``."""

    def __init__(self, node: Node):
        self.children = [node]


_PASS_THROUGH = frozenset(("stmt", "compound", "simple_line", "simple_stmt", "kw_simple", "group", "block",
                           "inline_body", "suite", "fn_body", "arm_body", "trait_item", "class_item",
                           "else_clause", "colon_block"))
_NUMBER = re.compile(r"((?:0[xXoObB])?[0-9a-fA-F_]*(?:\.[\d_]+)?(?:[eE][+-]?\d+)?)([iu](?:8|16|32|64)|f(?:32|64))?")


def _skip_ws(text: str, pos: int) -> int:
    while text[pos] in " \t":
        pos += 1
    return pos


def _prefix_ops(text: str) -> list[str]:
    return ["not" if op == "!" else op for op in _PREFIX_OPS.findall(text)]


def _has_comma(node: Node) -> bool:
    return any(k.expr.name == "COMMA" for k in kids(node))


def _is_doc(stmt) -> bool:
    """A string statement with no interpolation (so taking it out changes nothing)."""
    return type(stmt) is ast.ExprStmt and type(stmt.expr) is ast.Str and all(type(p) is str for p in stmt.expr.parts)


def _doc_text(s: ast.Str) -> str:
    return "".join(p for p in s.parts if isinstance(p, str))


def _base_name(type_text: str) -> str:
    return type_text.split("<", 1)[0].strip()



_PLACEHOLDER = re.compile(r"(?<![\w.])_[1-9]?(?!\w)")


def _is_placeholder(name: str) -> bool:
    return name == "_" or (len(name) == 2 and name[0] == "_" and name[1] in "123456789")


def _find_placeholders(node, found: list) -> None:
    """The ``_``/``_N`` names in an expression, outside nested lambdas and strings."""
    t = type(node)
    if t is tuple:
        for item in node:
            _find_placeholders(item, found)
    elif t is ast.Name:
        if _is_placeholder(node.id):
            found.append(node)
    elif t is not ast.Lambda and t is not ast.Str and isinstance(node, ast.Node):
        for f in node.__dataclass_fields__:
            if f != "span":
                _find_placeholders(getattr(node, f), found)


def _rename(node, renames: dict[int, str]):
    """``node`` with the Name nodes whose id() is in ``renames`` renamed."""
    t = type(node)
    if t is tuple:
        return tuple(_rename(item, renames) for item in node)
    if t is ast.Name:
        new = renames.get(id(node))
        return node if new is None else ast.Name(node.span, new)
    if t is ast.Lambda or t is ast.Str or not isinstance(node, ast.Node):
        return node
    return replace(node, **{f: _rename(getattr(node, f), renames) for f in node.__dataclass_fields__ if f != "span"})


def _with_self(f: ast.FuncDef) -> ast.FuncDef:
    """A method takes ``self`` unless it is static or (without an explicit self) named ``new``."""
    if f.has_self or f.is_static or f.name == "new":
        return f
    return replace(f, has_self=True)


def _attach_decorators(items: list) -> tuple:
    """Give each run of decorators to the definition after it (decorators are metadata)."""
    out = []
    pending: tuple[str, ...] = ()
    for s in items:
        t = type(s)
        if t is _Decorators:
            pending += s.texts
        else:
            if pending and t is ast.FuncDef:
                s = replace(s, decorators=pending)
            pending = ()
            out.append(s)
    return tuple(out)


class _Pratt:
    """Precedence climbing over a token list.

    Tokens: ("pre", op, offset) for a prefix operator, ("val", operand node) for an operand to
    build, ("atom", expr) for a built one, ("bin", op, offset) for a binary operator.
    """

    def __init__(self, b: Builder, toks: list[tuple]):
        self.b = b
        self.toks = toks
        self.i = 0

    def parse(self, min_bp: int) -> ast.Expr:
        b = self.b
        tok = self.toks[self.i]
        self.i += 1
        kind = tok[0]
        if kind == "pre":
            operand = self.parse(_NOT_BP if tok[1] == "not" else _UNARY_BP)
            left: ast.Expr = ast.Unary(b.lay.span(tok[2]), tok[1], operand)
        elif kind == "atom":
            left = tok[1]
        else:
            left = b.operand(tok[1])
        toks = self.toks
        while self.i < len(toks):
            op = toks[self.i][1]
            bp = _BINARY_BP[op]
            if bp <= min_bp:
                break
            self.i += 1
            if op in ("as", "is", "is not"):
                while toks[self.i][0] == "pre":
                    self.i += 1
                ttext = b.type_text(toks[self.i][1])
                self.i += 1
                if op == "as":
                    left = ast.Cast(left.span, left, ttext)
                else:
                    left = ast.IsTest(left.span, left, ttext, op == "is not")
            elif op in _COMPARE:
                ops = [op]
                comps = [self.parse(bp)]
                while self.i < len(toks) and toks[self.i][1] in _COMPARE:
                    ops.append(toks[self.i][1])
                    self.i += 1
                    comps.append(self.parse(bp))
                left = ast.Compare(left.span, left, tuple(ops), tuple(comps))
            else:
                right = self.parse(bp - 1 if op == "**" else bp)
                if op in ("..", "..="):
                    left = ast.Range(left.span, left, right, op == "..=")
                else:
                    left = ast.Binary(left.span, op, left, right)
        return left
