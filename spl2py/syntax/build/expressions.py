"""Expressions built from the general rules: operands, postfix, literals, lambdas, strings."""

from __future__ import annotations

import re
from dataclasses import replace

from parsimonious.nodes import Node

from spl2py.diagnostics import Span, error
from spl2py.syntax import ast
from spl2py.syntax.build.base import PLACEHOLDER, Wrap, WS_RUN, kids, primary
from spl2py.syntax.build.pratt import Pratt
from spl2py.syntax.operators import ALIASES, PREFIX_ALIASES, PREFIX_RE
from spl2py.syntax.matcher import match_fragment
from spl2py.syntax.strings import RawInterp
from spl2py.syntax.visit import NodeTransformer, NodeVisitor


_NUMBER = re.compile(r"((?:0[xXoObB])?[0-9a-fA-F_]*(?:\.[\d_]+)?(?:[eE][+-]?\d+)?)([iu](?:8|16|32|64)|f(?:32|64))?")


def _prefix_ops(text: str) -> list[str]:
    return [PREFIX_ALIASES.get(op, op) for op in PREFIX_RE.findall(text)]


def _has_comma(node: Node) -> bool:
    return any(k.expr.name == "COMMA" for k in kids(node))


def _is_placeholder(name: str) -> bool:
    return name == "_" or (len(name) == 2 and name[0] == "_" and name[1] in "123456789")


class _Placeholders(NodeVisitor):
    """The ``_``/``_N`` names in an expression, outside nested lambdas and strings."""

    def __init__(self) -> None:
        self.found: list[ast.Name] = []

    def visit_Name(self, node: ast.Name) -> None:
        if _is_placeholder(node.id):
            self.found.append(node)

    def visit_Lambda(self, node: ast.Lambda) -> None:
        pass

    def visit_Str(self, node: ast.Str) -> None:
        pass


class _Rename(NodeTransformer):
    """Renames the Name nodes whose id() is in ``renames`` (outside nested lambdas and strings)."""

    def __init__(self, renames: dict[int, str]) -> None:
        self.renames = renames

    def visit_Name(self, node: ast.Name) -> ast.Name:
        new = self.renames.get(id(node))
        return node if new is None else ast.Name(node.span, new)

    def visit_Lambda(self, node: ast.Lambda) -> ast.Lambda:
        return node

    def visit_Str(self, node: ast.Str) -> ast.Str:
        return node


class ExpressionRules:
    def expr(self, node: Node) -> ast.Expr:
        """CHAIN / operand (!SAFE_CAST BINOP operand)* unwrap_tail?"""
        ks = node.children
        first = ks[0]
        if first.expr.name == "CHAIN":
            return self.chain(first)
        size = len(ks)
        if size == 1:
            return self.operand(first)
        i = 1
        if ks[1].expr.name == "BINOP":
            toks: list[tuple] = []
            self.operand_tokens(first, toks)
            while i < size and ks[i].expr.name == "BINOP":
                op = ks[i]
                text = WS_RUN.sub(" ", self.word(op))
                toks.append(("bin", ALIASES.get(text, text), op.start))
                self.operand_tokens(ks[i + 1], toks)
                i += 2
            value = Pratt(self, toks).parse(0)
        else:
            value = self.operand(first)
        if i < size:
            return self.unwrap(value, ks[i])
        return value

    def unwrap(self, value: ast.Expr, node: Node) -> ast.Unwrap:
        """``unwrap_tail``: UNWRAP (block / expr) / COALESCE_RETURN expr? / COALESCE_JUMP LABEL_REF?;
        an ``else:`` block is a zero-parameter lambda."""
        head = node.children[0]
        alt = node.children[1] if len(node.children) > 1 else None  # what follows the head, if anything
        if head.expr.name == "COALESCE_JUMP":  # `v ?? break`: the fallback is the jump statement
            label = self.word(alt)[1:] if alt is not None else None
            jump = ast.Break if head.match.group("kw") == "break" else ast.Continue
            return ast.Unwrap(value.span, value, "or_jump", jump(self.span(node), label))
        if head.expr.name == "COALESCE_RETURN":  # `v ?? return x` is `v unwrap or_return: x`
            fallback = self.expr(alt) if alt is not None else ast.Nil(self.span(head))
            return ast.Unwrap(value.span, value, "or_return", fallback)
        kind = head.match.group("kind")
        if head.expr.name == "SAFE_CAST":
            return self.cast_tail(value, kind, head, alt)
        if alt.expr.name == "block":
            if kind != "else":
                raise self.error(alt, f"`unwrap {kind}:` takes an expression on its line",
                                 "a block of statements needs `unwrap else:`")
            fallback = ast.Lambda(self.span(alt), (), self.block_of(alt), True)
        else:
            fallback = self.expr(alt)
        return ast.Unwrap(value.span, value, kind, fallback)

    def cast_tail(self, value: ast.Expr, kind: str, head: Node, alt: Node | None) -> ast.Expr:
        """``x as T or: d`` / ``else: f`` / ``or_return: d?``: a safe cast of the last operand (``a + x as T
        or: 0`` is ``a + (x as T or: 0)``) inside an ``Unwrap``; ``alt``: the block or expression after it."""
        if alt is None and kind != "or_return":
            raise self.error(head, f"`as T {kind}:` needs a fallback after the colon")
        if alt is not None and alt.expr.name == "block" and kind != "else":
            raise self.error(alt, f"`as T {kind}:` takes an expression on its line",
                             "a block of statements needs `as T else:`")
        fallback = ast.Nil(self.span(head)) if alt is None else (
            ast.Lambda(self.span(alt), (), self.block_of(alt), True) if alt.expr.name == "block" else self.expr(alt))
        ttext = WS_RUN.sub(" ", head.match.group("type"))

        def attach(e: ast.Expr) -> ast.Expr:
            if type(e) is ast.Binary:
                return replace(e, right=attach(e.right))
            if type(e) is ast.Compare:
                return replace(e, comparators=e.comparators[:-1] + (attach(e.comparators[-1]),))
            return ast.Unwrap(e.span, ast.Cast(e.span, e, ttext, True), kind, fallback)

        return attach(value)

    def operand_tokens(self, node: Node, toks: list) -> None:
        """Prefix operators and the operand node, as Pratt tokens."""
        ks = node.children
        while ks[0].expr.name == "PREFIX":  # PREFIX operand
            pre, node = ks[0], ks[1]
            toks.extend(("pre", op, pre.start) for op in _prefix_ops(self.word(pre)))
            ks = node.children
        toks.append(("val", node))

    def operand(self, node: Node) -> ast.Expr:
        """(ATOM / ... / PREFIX operand / ...) followed by its postfix parts (calls, .name, [i], ...)."""
        ks = node.children
        alt = ks[0]
        name = alt.expr.name
        if name == "ATOM":
            value = self.atom(alt)
            postfix = 1
        elif name == "PREFIX":  # PREFIX operand
            value = self.operand(ks[1])
            for op in reversed(_prefix_ops(self.word(alt))):
                value = ast.Unary(self.span(alt), op, value)
            postfix = 2
        else:
            value = self.primaries[name](self, alt)
            postfix = 1
        for part in ks[postfix:]:
            value = self.postfix(value, part)
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
            return ast.Call(value.span, value, self.call_arguments(node))
        if n == "subscript":
            parts = [self.sub_part(k) for k in kids(node) if k.expr.name == "sub_part"]
            index = parts[0] if len(parts) == 1 and not _has_comma(node) else ast.TupleLit(parts[0].span, tuple(parts))
            return ast.Index(value.span, value, index)
        if n == "brace_lit":  # `fmt.with {"k": v}`: a call with one dict (or set) argument
            arg = self.brace_lit(node)
            return ast.Call(value.span, value, (ast.Arg(arg.span, None, arg),))
        # brace_init: Point { x: 1 }
        is_type = type(value) is ast.Name and value.id[:1].isupper()
        if not is_type and self.word(node).replace(" ", "").replace("\t", "") == "{}":  # `fmt.with {}`
            return ast.Call(value.span, value, (ast.Arg(value.span, None, ast.DictLit(self.span(node), ())),))
        if not is_type:
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

    def call_arguments(self, node: Node) -> tuple:
        """The arguments of ``call_args`` / ``npargs``; a trailing lambda (``f(x) \\n: n * 2``) is the last one."""
        out = []
        for k in kids(node):
            name = k.expr.name
            if name == "arg" or name == "carg":
                out.append(self.arg(k))
            elif name == "lambda":
                lam = self.lambda_(k)
                out.append(ast.Arg(lam.span, None, lam))
        return tuple(out)

    def sub_part(self, node: Node):
        ks = kids(node)
        if len(ks) == 1 and ks[0].expr.name == "expr":
            return self.expr(ks[0])
        dots = next((k for k in ks if k.expr.name == "PAT_DOTS"), None)
        if dots is not None:  # an open range: lo.. / ..hi / ..=hi (a..b parses as one expr first)
            lower = self.expr(ks[0]) if ks[0] is not dots else None
            upper = self.expr(ks[-1]) if ks[-1] is not dots else None
            return ast.Range(self.span(node), lower, upper, self.word(dots).endswith("="))
        slots: list = [None, None, None]
        i = 0
        for k in ks:
            if k.expr.name == "SCOLON":
                i += 1
            else:
                slots[i] = self.expr(k)
        return ast.Slice(self.span(node), *slots)

    def arg(self, node: Node) -> ast.Arg:
        head, expr = node.children[:2]  # a carg's CALL_LABEL (documentation only) is dropped
        value = self.expr(expr)
        m = head.match
        spread = m.group("spread")
        if spread is not None:
            value = ast.Spread(value.span, value, spread == "**")
        elif "_" in (t := self.text[expr.start : expr.end]) and PLACEHOLDER.search(t):
            value = self.placeholder_lambda(value)
        return ast.Arg(self.span(node), m.group("label"), value)

    def placeholder_lambda(self, value: ast.Expr) -> ast.Expr:
        """An argument holding ``_`` (or ``_1``, ``_2``...) is a lambda of those placeholders:
        ``_ * 2`` is ``\\_1: _1 * 2``, ``_ + _`` takes two parameters, ``_2 - _1`` swaps them.
        A bare ``_`` argument stays a name; nested lambdas keep their own ``_``."""
        if type(value) is ast.Name:
            return value
        finder = _Placeholders()
        finder.visit(value)
        found = finder.found
        if not found:
            return value
        bare = [n for n in found if n.id == "_"]
        if bare and len(bare) != len(found):
            raise error(bare[0].span, "unsupported: mixing '_' and numbered placeholders ('_1') in one argument",
                        source=self.lay.source)
        if bare:
            order = sorted(bare, key=lambda n: (n.span.line, n.span.col))
            renames = {id(n): f"_{i + 1}" for i, n in enumerate(order)}
            value = _Rename(renames).visit(value)
            count = len(order)
        else:
            count = max(int(n.id[1:]) for n in found)
        params = tuple(ast.Param(value.span, f"_{i + 1}") for i in range(count))
        return ast.Lambda(value.span, params, (ast.ExprStmt(value.span, value),), False)

    @primary('ATOM')
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
            value = self.string_at(pos)
            suffix = self.lay.strings[pos].suffix
            return value if suffix is None else ast.TypedStr(sp, value, suffix)
        if kind == "kw":
            w = m.group("kw")
            return ast.Nil(sp) if w == "nil" else ast.Bool(sp, w == "true")
        if kind == "sym":
            return ast.Symbol(sp, m.group("sym"))
        if kind == "unit":
            text = m.group(0).strip()
            unit = m.group("unit")
            return ast.UnitLit(sp, self.number(text[: -len(unit)], sp), unit[1:])
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
        expr = self.fragment_expr(p.start, p.end)
        return ast.Interp(expr.span, expr, p.spec)

    def fragment_expr(self, start: int, end: int) -> ast.Expr:
        """The expression written at ``source[start:end]`` (an interpolation, a decorator)."""
        flay, tree = match_fragment(self.lay, start, end)
        saved = self.lay, self.text, self.spans
        self.lay, self.text, self.spans = flay, flay.text, {}
        try:
            return self.expr(tree.children[0])
        finally:
            self.lay, self.text, self.spans = saved

    @primary('lambda')
    def lambda_(self, node: Node) -> ast.Lambda:
        ks = kids(node)
        head = self.word(ks[0])[1:-1]
        params = tuple(ast.Param(self.span(node), n.strip()) for n in head.split(",") if n.strip())
        return self.lambda_body(node, params, ks[-1])

    def lambda_body(self, node: Node, params: tuple, body: Node) -> ast.Lambda:
        if body.expr.name == "block":
            return ast.Lambda(self.span(node), params, self.block_of(body), True)
        out: list = []
        self.stmts_into(Wrap(body), out)
        return ast.Lambda(self.span(node), params, tuple(out), False)

    @primary('arrow_lambda')
    def arrow_lambda(self, node: Node) -> ast.Lambda:
        """``x => e`` / ``(a, b) => e``"""
        ks = kids(node)
        head = self.word(ks[0])[:-2].strip().strip("()")
        params = tuple(ast.Param(self.span(node), n.strip()) for n in head.split(",") if n.strip())
        return self.lambda_body(node, params, ks[-1])

    @primary('bar_lambda')
    def bar_lambda(self, node: Node) -> ast.Lambda:
        """``|x| e`` / ``|a, b| e`` / ``|| e``"""
        ks = kids(node)
        head = self.word(ks[0])[1:-1]
        params = tuple(ast.Param(self.span(node), n.strip()) for n in head.split(",") if n.strip())
        return self.lambda_body(node, params, ks[-1])

    @primary('METHOD_REF')
    def method_ref(self, node: Node) -> ast.Lambda:
        """``&:len`` -> ``\\it: it.len()`` (a builtin method name dispatches on the value's type)."""
        sp = self.span(node)
        call = ast.Call(sp, ast.Attribute(sp, ast.Name(sp, "it"), node.match.group("m")), ())
        return ast.Lambda(sp, (ast.Param(sp, "it"),), (ast.ExprStmt(sp, call),), False)

    @primary('set_lit')
    def set_lit(self, node: Node) -> ast.SetLit:
        """``s{1, 2}``"""
        return ast.SetLit(self.span(node), tuple(self.item(k) for k in kids(node) if k.expr.name == "item"))

    @primary('fn_lambda')
    def fn_lambda(self, node: Node) -> ast.Lambda:
        ks = kids(node)
        params: tuple = ()
        for k in ks:
            if k.expr.name == "params":
                params = self.params(k)
        return self.lambda_body(node, params, ks[-1])

    @primary('paren')
    def paren(self, node: Node) -> ast.Expr:
        ks = kids(node)
        if len(ks) == 2:
            return ast.TupleLit(self.span(node), ())
        if ks[2].expr.name == "PAT_DOTS":  # (a..)
            return ast.Range(self.span(node), self.expr(ks[1]), None, False)
        inner = self.exprs(ks[1])
        if type(inner) is ast.TupleLit:
            return ast.TupleLit(self.span(node), inner.items)
        return inner

    @primary('list_lit')
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

    @primary('brace_lit')
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
