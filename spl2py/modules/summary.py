"""What the resolver needs to know about one parsed module, small enough to cache by source hash.

A ``Summary`` (``records.py``) lists every ``use`` (top level and nested), the names the module defines at top
level, and its ``export`` lists. ``export mod.*`` is turned into ``export use mod.*`` here, so later
layers only ever see ``Use`` nodes for imports (see ``rewrite_exports``).
"""

from __future__ import annotations

from dataclasses import replace

from spl2py.diagnostics import Span
from spl2py.modules.records import Summary, record_of
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
    )
