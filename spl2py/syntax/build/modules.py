"""Module statements: use, export, pub."""

from __future__ import annotations

import re
from dataclasses import replace

from parsimonious.nodes import Node

from spl2py.diagnostics import Span
from spl2py.syntax import ast
from spl2py.syntax.build.base import child, kids, statement
from spl2py.syntax.visit import bound_names


class ModuleRules:
    @statement('export_stmt')
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
        d = self.handlers[n](self, inner)
        return [ast.Export(sp, (d.name,)), d]

    @statement('pub_stmt')
    def pub_stmt(self, node: Node) -> list:
        out: list = []
        self.stmts_into(node, out)
        return [replace(s, reexport=True) if type(s) is ast.Use else s for s in out]

    @statement('use_stmt')
    def use_stmt(self, node: Node) -> list:
        ks = kids(node)
        sp = self.span(node)
        if ks[0].expr.name == "FROMW":
            path, level = self.use_path(child(ks, "use_path"))
            return [ast.Use(sp, path, self.use_names(child(ks, "use_names")), level=level)]
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
