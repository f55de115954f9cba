"""Patterns (match arms, let, for targets)."""

from __future__ import annotations

from parsimonious.nodes import Node

from spl2py.syntax import ast
from spl2py.syntax.build.base import kids


class PatternRules:
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
            if len(ks) > 1:  # PAT_DOTS PAT_LIT?
                end = self.pat_literal(ks[2]) if len(ks) > 2 else None
                return ast.RangePat(sp, self.pat_literal(first), end, self.word(ks[1]).endswith("="))
            return ast.LiteralPat(sp, self.pat_literal(first))
        if n == "PAT_NAME":
            path = tuple(p.strip() for p in self.word(first).split("."))
            if len(ks) > 1 and ks[1].expr.name == "LBRC":
                return ast.StructPat(sp, path, self.field_pats(ks))
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
        return ast.TuplePat(sp, items, first.expr.name == "LBRK")

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
                    if fk[0].expr.name == "RANGE_REST":
                        continue
                    if fk[0].expr.name == "LABEL":
                        sub = fk[1]
                        pat = ast.WildcardPat(self.span(sub)) if sub.expr.name == "RANGE_REST" else self.pattern(sub)
                        out.append((self.word(fk[0])[:-1].strip(), pat))
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
