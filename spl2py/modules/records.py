"""A module's ``Summary`` and the ``use`` records in it: what the resolver reads, without the AST.

A cached summary is rebuilt into these small classes, so a program served from the cache resolves
its imports without importing ``spl2py.syntax`` (its ~80 node classes cost ~40 ms to create).
``UseRecord`` holds exactly the fields of ``ast.Use`` (``UseItem`` those of ``ast.UseName``);
``node()`` and ``record_of`` convert, and the AST node built back is equal to the parsed one.
"""

from __future__ import annotations

from dataclasses import dataclass

from spl2py.diagnostics import Span


@dataclass(frozen=True, slots=True)
class UseItem:
    """One ``name [as alias]`` of ``use m.{...}`` (``ast.UseName``)."""

    span: Span
    name: str
    alias: str | None = None


@dataclass(frozen=True, slots=True)
class UseRecord:
    """One ``use`` (``ast.Use``, whose docstring says what each field means)."""

    span: Span
    path: tuple[str, ...]
    names: tuple[UseItem, ...] | None = None
    glob: bool = False
    alias: str | None = None
    level: int = 0
    reexport: bool = False

    def node(self):
        """The ``ast.Use`` this record was made from (equal to it)."""
        from spl2py.syntax import ast

        names = None if self.names is None else tuple(ast.UseName(n.span, n.name, n.alias) for n in self.names)
        return ast.Use(self.span, self.path, names, self.glob, self.alias, self.level, self.reexport)


def record_of(use) -> UseRecord:
    """The record of an ``ast.Use``."""
    names = None if use.names is None else tuple(UseItem(n.span, n.name, n.alias) for n in use.names)
    return UseRecord(use.span, use.path, names, use.glob, use.alias, use.level, use.reexport)


@dataclass(frozen=True, slots=True)
class ClassRecord:
    """What lowering may rely on of a top-level ``class``/``struct`` (``summary.class_records``)."""

    name: str
    struct: bool  # a struct is a value (copied); a class a reference
    methods: tuple[str, ...]  # instance methods of its body: plain Python methods of the generated class
    self_returning: tuple[str, ...]  # methods (static ones too) declared to return the class itself


@dataclass(frozen=True, slots=True)
class Summary:
    """What the resolver needs of one parsed module (``summary.summarize``), small enough to cache."""

    uses: tuple[UseRecord, ...]  # every use in source order, export globs included
    top_level: tuple[bool, ...]  # per use: written at module level (binds importable names)
    defined: tuple[str, ...]  # names defined at top level, in order
    exports: tuple[tuple[str, Span], ...]  # names listed by ``export``
    empty: bool  # nothing but comments/docstring: a comment-only __init__.spl falls through
    methods: tuple[str, ...] = ()  # method names its impls on built-in types may answer (sema/impls.py)
    classes: tuple[ClassRecord, ...] = ()  # its top-level classes and structs
    externs: tuple[tuple[str, tuple[str, ...]], ...] = ()  # its top-level ``extern fn``s: (name, parameter names)
