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

from spl2py.lower.types import imported_records
from spl2py.modules.summary import defined_names, extern_records
from spl2py.syntax import ast


class KnownExterns:
    """The externs a module binds at top level (name -> declared parameter names): the ones its
    ``use``s import and its own; a name bound twice is left out. Built once per module."""

    def __init__(self, module: ast.Module, imports: dict):
        counts: dict[str, int] = {}
        for stmt in module.body:
            for name in defined_names(stmt):
                counts[name] = counts.get(name, 0) + 1
        self.imported = imported_records(imports, lambda r: dict(r.externs), counts)
        self.own: dict[int, tuple[str, tuple[str, ...]]] = {  # id(statement) -> its extern record
            id(stmt): record for stmt in module.body for record in extern_records((stmt,))
            if counts.get(record[0]) == 1
        }
        self.order = {id(stmt): i for i, stmt in enumerate(module.body)}

    def before(self, stmt: ast.Stmt) -> dict[str, tuple[str, ...]]:
        """Those bound when top-level statement ``stmt`` runs (its own externs declared above it;
        none of them for a statement that is not at top level)."""
        end = self.order.get(id(stmt), 0)
        above = {name: params for key, (name, params) in self.own.items() if self.order[key] < end}
        return {**above, **self.imported}


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
