"""Methods that only forward to an extern: ``fn add(other): rt_add(self, other)`` is ``rt_add`` itself.

Such a method becomes the class attribute ``add = _spl.forward(rt_add, ("other",))`` instead of a
``def``: a call saves one Python frame (lib.torch's element-wise ops are made of them). It must mean
the same as the ``def``: the method takes ``self`` and plain parameters (no default, no ``...``), its
body (after a docstring) is one call of an extern passing ``self`` and then every parameter, by
position, in order, and the extern's declared parameter names after the first are the method's (so
a call by name passes the same names). ``runtime.objects.forward`` keeps that true at run time: it
gives the extern's function itself only when its Python parameters have exactly those names, else a
forwarding method. A void method (it returns nothing), ``drop`` and decorated methods keep their ``def``.
"""

from __future__ import annotations

from spl2py.modules.summary import defined_names, extern_records
from spl2py.syntax import ast


def known_externs(module: ast.Module, imports: dict, before: ast.Stmt) -> dict[str, tuple[str, ...]]:
    """name -> declared parameter names of the externs bound when top-level statement ``before`` runs:
    those the module's ``use``s import and its own declared above it; a name bound twice is left out."""
    out = dict(extern_records(module.body[:_index(module.body, before)]))
    top: dict[str, int] = {}
    for stmt in module.body:
        for name in defined_names(stmt):
            top[name] = top.get(name, 0) + 1
    for name in [n for n in out if top.get(n, 0) != 1]:
        del out[name]
    imported: dict[str, tuple[str, ...] | None] = {}
    for resolved in (imports or {}).values():
        records = dict(getattr(resolved, "externs", ()))
        for b in getattr(resolved, "bindings", ()):
            params = records.get(b.source) if b.source is not None else None
            clash = b.local in imported or b.local in top
            imported[b.local] = None if clash else params
    out.update({name: params for name, params in imported.items() if params is not None})
    return out


def _index(body, stmt) -> int:
    for i, s in enumerate(body):
        if s is stmt:
            return i
    return 0  # not at top level: none of the module's own externs


def forwarded(m: ast.FuncDef, externs: dict, void: bool) -> str | None:
    """The extern name ``m`` only forwards to (see the module docstring), or None."""
    if not m.has_self or m.is_static or m.name == "drop" or m.wrappers or m.decorators or void:
        return None
    if any(p.default is not None or p.variadic for p in m.params):
        return None
    body = list(m.body)
    if len(body) == 2 and isinstance(body[0], ast.ExprStmt) and isinstance(body[0].expr, ast.Str):
        body = body[1:]  # the docstring
    if len(body) != 1 or not isinstance(body[0], ast.ExprStmt) or not isinstance(body[0].expr, ast.Call):
        return None
    call = body[0].expr
    if not isinstance(call.func, ast.Name) or call.func.id not in externs:
        return None
    names = ["self", *(p.name for p in m.params)]
    if len(call.args) != len(names) or externs[call.func.id][1:] != tuple(names[1:]):
        return None
    for arg, name in zip(call.args, names):
        if arg.name is not None or not isinstance(arg.value, ast.Name) or arg.value.id != name:
            return None
    return call.func.id
