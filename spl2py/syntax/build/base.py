"""The builder's core: named-children access, handler registration, block dispatch."""

from __future__ import annotations

import re
from dataclasses import replace

from parsimonious.nodes import Node

from spl2py.diagnostics import CompileError, Span
from spl2py.syntax import ast
from spl2py.syntax.layout import Layout
from spl2py.syntax.visit import walk


def kids(node: Node) -> list[Node]:
    """The named nodes directly under ``node``: its children (the engine's tree holds only named
    nodes, ``engine.flattened``). Read them; never change the list."""
    return node.children


def child(ks: list[Node], rule: str) -> Node | None:
    """The first of the named nodes ``ks`` (a ``kids`` list) that matched ``rule``, or None."""
    for k in ks:
        if k.expr.name == rule:
            return k
    return None


class Decorators:
    """Decorator lines waiting for the definition they stand before."""

    def __init__(self, texts: tuple[str, ...], exprs: tuple = ()):
        self.texts = texts
        self.exprs = exprs  # the ``@...`` ones that read as expressions


WS_RUN = re.compile(r"\s+")


GENERIC_NAME = re.compile(r"[^\W\d]\w*")


class Wrap:
    """Present one node as the only child of a parent, for ``stmts_into``."""

    def __init__(self, node: Node):
        self.children = [node]


_PASS_THROUGH = frozenset(("stmt", "compound", "simple_line", "simple_stmt", "kw_simple", "group", "block",
                           "inline_body", "suite", "fn_body", "arm_body", "trait_item", "class_item",
                           "else_clause", "colon_block"))


def is_doc(stmt) -> bool:
    """A string statement with no interpolation (so taking it out changes nothing)."""
    return type(stmt) is ast.ExprStmt and type(stmt.expr) is ast.Str and all(type(p) is str for p in stmt.expr.parts)


def doc_text(s: ast.Str) -> str:
    return "".join(p for p in s.parts if isinstance(p, str))


def with_self(f: ast.FuncDef) -> ast.FuncDef:
    """A method takes ``self`` unless it is static, or (declared without ``self``, not ``me``) its
    body never reads ``self``: such a method is implicitly static (``Point.new(1, 2)``,
    ``Config.create(42)``), and still callable on a value (``p.create(1)``). ``drop`` always takes
    ``self``: it is the instance's finalizer."""
    implicit_static = f.name != "drop" and not f.is_me and f.body and not _reads_self(f)
    if f.has_self or f.is_static or f.name == "new" or implicit_static:
        return f
    return replace(f, has_self=True)


def _reads_self(f: ast.FuncDef) -> bool:
    nodes = (f.body, tuple(p.default for p in f.params if p.default is not None))
    return any(type(n) is ast.Name and n.id == "self" for n in walk(nodes))


def attach_decorators(items: list) -> tuple:
    """Give each run of decorators to the definition after it (decorators are metadata)."""
    out = []
    pending: tuple[str, ...] = ()
    exprs: tuple = ()
    for s in items:
        t = type(s)
        if t is Decorators:
            pending += s.texts
            exprs += s.exprs
        else:
            if pending and t is ast.FuncDef:
                s = replace(s, decorators=pending, wrappers=exprs)
            pending, exprs = (), ()
            out.append(s)
    return tuple(out)


PLACEHOLDER = re.compile(r"(?<![\w.])_[1-9]?(?!\w)")


def statement(*rules: str):
    """Register the method as the builder of these statement-level grammar rules."""
    return _register("statements", rules)


def primary(*rules: str):
    """Register the method as the builder of these operand (primary) grammar rules."""
    return _register("primaries", rules)


def _register(table: str, rules: tuple[str, ...]):
    def mark(fn):
        fn.builds = (*getattr(fn, "builds", ()), *((table, r) for r in rules))
        return fn

    return mark


class BuilderBase:
    """Helpers and block dispatch; the rule handlers come from the mixins (``@statement`` / ``@primary``)."""

    STATEMENTS: dict[str, str] = {}  # rule name -> method name
    PRIMARIES: dict[str, str] = {}
    # rule name -> the function, called ``f(self, node)``: a table of bound methods on the
    # instance would be a reference cycle holding the builder and every span it made
    handlers: dict = {}
    primaries: dict = {}

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        tables: dict[str, dict[str, str]] = {"statements": {}, "primaries": {}}
        for klass in reversed(cls.__mro__):
            for attr, fn in vars(klass).items():
                for table, rule in getattr(fn, "builds", ()):
                    if rule in tables[table] and tables[table][rule] != attr:
                        raise TypeError(f"grammar rule {rule!r} has two builders: {tables[table][rule]}, {attr}")
                    tables[table][rule] = attr
        cls.STATEMENTS, cls.PRIMARIES = tables["statements"], tables["primaries"]
        cls.handlers = {rule: getattr(cls, m) for rule, m in cls.STATEMENTS.items()}
        cls.primaries = {rule: getattr(cls, m) for rule, m in cls.PRIMARIES.items()}

    def __init__(self, lay: Layout, grammar):
        self.lay = lay
        self.text = lay.text
        self.spans: dict[int, Span] = {}
        self.atom_re = grammar["CHAIN_ATOM"].re
        self.binop_re = grammar["BINOP"].re

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
        return WS_RUN.sub(" ", self.src(node)).replace(" ,", ",")

    def raw_text(self, node: Node) -> str:
        """The source text behind ``node`` (strings as written)."""
        last = node.start + len(self.text[node.start : node.end].rstrip()) - 1
        lit = self.lay.strings.get(last)
        b = lit.end if lit is not None else self.lay.src_offset(last) + 1
        return self.lay.source[self.lay.src_offset(node.start) : b].strip()

    def block_of(self, node: Node) -> tuple:
        """Statements under ``node`` (a program, block, suite, group or inline body)."""
        out: list = []
        name = node.expr.name
        if name == "suite":  # (COLON / THEN) (block / inline_body)
            node = node.children[1]
            name = node.expr.name
        if name == "block":  # NL IND stmt+ DED
            for st in node.children[2:-1]:
                self.stmt_into(st, out)
        elif name == "program":  # stmt* EOF
            for st in node.children[:-1]:
                self.stmt_into(st, out)
        else:
            self.stmts_into(node, out)
        return attach_decorators(out)

    def stmt_into(self, node: Node, out: list) -> None:
        """One ``stmt`` node: SIMPLE_STMT / &CKW compound / !BLOCK_END simple_line / group."""
        alt = node.children[0]
        name = alt.expr.name
        if name == "SIMPLE_STMT":
            out.append(self.simple_stmt(alt))
        elif name == "compound":
            st = alt.children[0]
            r = self.handlers[st.expr.name](self, st)
            if type(r) is list:
                out.extend(r)
            else:
                out.append(r)
        else:
            self.stmts_into(alt, out)

    def stmts_into(self, node: Node, out: list) -> None:
        handlers = self.handlers
        for k in kids(node):
            name = k.expr.name
            h = handlers.get(name)
            if h is not None:
                r = h(self, k)
                if type(r) is list:
                    out.extend(r)
                else:
                    out.append(r)
            elif name in _PASS_THROUGH:
                self.stmts_into(k, out)
