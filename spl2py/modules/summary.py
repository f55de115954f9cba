"""What the resolver needs to know about one parsed module, small enough to cache by source hash.

A ``Summary`` (``records.py``) lists every ``use`` (top level and nested), the names the module defines at top
level, and its ``export`` lists. ``export mod.*`` is turned into ``export use mod.*`` here, so later
layers only ever see ``Use`` nodes for imports (see ``rewrite_exports``).
"""

from __future__ import annotations

from dataclasses import replace

from spl2py.diagnostics import Span
from spl2py.modules.records import ClassRecord, Summary, record_of
from spl2py.syntax import ast
from spl2py.syntax.visit import assigned_names, bound_names, walk

__all__ = ["Summary", "rewrite_exports", "summarize"]


def export_glob_use(node: ast.Export) -> ast.Use:
    """``export mod.*`` as the equivalent ``export use mod.*``."""
    return ast.Use(node.span, path=node.glob_path, glob=True, reexport=True)


def rewrite_exports(module: ast.Module) -> ast.Module:
    """The module with each ``export mod.*`` replaced by ``export use mod.*``."""
    if not any(isinstance(s, ast.Export) and s.glob_path for s in module.body):
        return module
    body = tuple(
        export_glob_use(s) if isinstance(s, ast.Export) and s.glob_path else s for s in module.body
    )
    return replace(module, body=body)


def defined_names(stmt: ast.Stmt) -> list[str]:
    """Names a top-level statement binds (uses excepted: the resolver adds those)."""
    if isinstance(stmt, (ast.FuncDef, ast.ClassDef, ast.EnumDef, ast.TraitDef, ast.ExternFn, ast.TypeAlias)):
        return [stmt.name]
    if isinstance(stmt, ast.Let):
        return bound_names(stmt.target)
    if isinstance(stmt, ast.Assign) and stmt.op is None:
        return assigned_names(stmt.target)
    return []


def nested_uses(node: object, out: list[ast.Use]) -> None:
    """Every Use below ``node`` (any depth), in source order."""
    out.extend(n for n in walk(node) if isinstance(n, ast.Use))


def summarize(module: ast.Module) -> Summary:
    from spl2py.sema.impls import extension_methods

    uses: list[ast.Use] = []
    top: list[bool] = []
    defined: list[str] = []
    exports: list[tuple[str, Span]] = []
    for stmt in module.body:
        if isinstance(stmt, ast.Use):
            uses.append(stmt)
            top.append(True)
            continue
        if isinstance(stmt, ast.Export):
            if stmt.glob_path:
                uses.append(export_glob_use(stmt))
                top.append(True)
            exports.extend((name, stmt.span) for name in stmt.names)
            continue
        for name in defined_names(stmt):
            if name not in defined:
                defined.append(name)
        inner: list[ast.Use] = []
        if module.nested_uses:
            nested_uses(stmt, inner)
        uses.extend(inner)
        top.extend(False for _ in inner)
    return Summary(
        uses=tuple(record_of(u) for u in uses),
        top_level=tuple(top),
        defined=tuple(defined),
        exports=tuple(exports),
        empty=not module.body or all(isinstance(s, ast.Pass) for s in module.body),
        methods=tuple(sorted(extension_methods(module))),
        classes=class_records(module),
        externs=extern_records(module.body),
    )


def extern_records(body) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(name, parameter names) of each ``extern fn`` of top-level statements ``body`` with plain
    parameters (no default, no ``...``)."""
    return tuple((s.name, tuple(p.name for p in s.params)) for s in body
                 if isinstance(s, ast.ExternFn) and all(p.default is None and not p.variadic for p in s.params))


def class_records(module: ast.Module) -> tuple[ClassRecord, ...]:
    """The ``ClassRecord`` of each top-level class and struct whose name nothing else at top level binds."""
    counts: dict[str, int] = {}
    for stmt in module.body:
        for name in defined_names(stmt):
            counts[name] = counts.get(name, 0) + 1
    out = []
    for stmt in module.body:
        if isinstance(stmt, ast.ClassDef) and counts.get(stmt.name) == 1 and not stmt.bases:
            out.append(_class_record(stmt))
    return tuple(out)


def _class_record(c: ast.ClassDef) -> ClassRecord:
    fields = {f.name for f in c.fields}
    seen: dict[str, int] = {}
    for m in c.methods:
        seen[m.name] = seen.get(m.name, 0) + 1
    plain = [m for m in c.methods if seen[m.name] == 1 and m.name not in fields and not m.wrappers]
    methods = tuple(m.name for m in plain if m.has_self and not m.is_static)
    own = tuple(m.name for m in plain if (m.ret or "").strip() == c.name)
    return ClassRecord(c.name, c.kind == "struct", methods, own)
