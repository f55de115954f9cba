"""Value structs: where lowering copies a struct (``_spl.cp``) so that Simple's value semantics hold.

A struct is copied where it enters a new place from a place that still holds it; a class is never
copied (``cp`` leaves anything but a struct alone). Copies are placed where a mutation could be
observed, not on every read: see docs/architecture.md, "structs".
"""

from __future__ import annotations

import ast as py

from runtime.primitives import DEFAULTS
from spl2py.lower import pyast as P
from spl2py.lower import types as T
from spl2py.lower.names import py_name
from spl2py.syntax import ast

# Builtin methods that store an argument in the receiver (a struct argument is copied).
STORING_METHODS = frozenset({"push", "append", "insert", "add", "set", "put", "push_front", "prepend", "unshift"})
# Builtin methods that return an element of the receiver (a struct bound from one is copied).
CONTAINER_READS = frozenset({"first", "last", "get", "at", "peek", "find", "min", "max", "unwrap", "unwrap_or"})
# Symbols that name definitions, not values.
DEF_KINDS = frozenset({"fn", "class", "struct", "enum", "trait", "alias", "extern", "import", "builtin"})


def not_struct(type_text: str | None) -> bool:
    """Whether a value declared of this type is never copied: a primitive, a list, dict or tuple
    (``cp`` copies only a struct itself), or an optional primitive."""
    t = (type_text or "").strip()
    return t in DEFAULTS or t.startswith(("[", "{", "(")) or t.endswith("?") and t[:-1] in DEFAULTS


def is_place(e) -> bool:
    """A variable, field or index: a value some other place may still hold."""
    return isinstance(e, (ast.Name, ast.Index)) or isinstance(e, ast.Attribute) and not e.safe


def is_container_read(e) -> bool:
    return isinstance(e, ast.Call) and isinstance(e.func, ast.Attribute) and e.func.name in CONTAINER_READS


def captures(pat):
    """The CapturePat nodes of a loop target (a name or a tuple of them)."""
    if isinstance(pat, ast.CapturePat):
        yield pat
    elif isinstance(pat, ast.TuplePat):
        for item in pat.items:
            yield from captures(item)


class ValueLowering:
    def _bound_value(self, value: ast.Expr) -> py.expr:
        """A value being bound (``val``/``var``/assignment): a struct read from a place or a container
        read is copied."""
        v = self.expr(value)
        t = self.type_of(value)
        if t in T.SCALARS:
            return v  # an int, float, text or bool is never a struct
        record = T.obj_class(t, self.seen_classes())
        if record is not None and not record.struct:
            return v  # an object of a class is a reference
        if self._holds_struct(value) or is_container_read(value):
            return P.rt_call("cp", v)
        return v

    def _stored(self, e: ast.Expr, v: py.expr) -> py.expr:
        """A value stored into a new place (an element, a builtin container): copied when read from a place."""
        return P.rt_call("cp", v) if self._holds_struct(e) else v

    def _holds_struct(self, e: ast.Expr) -> bool:
        """Whether ``e`` is a place that may hold a struct: not a definition (``Dir.North``, a function),
        not a binding the analysis knows holds none (``var n = 0``, ``i`` of ``for i in 0..n``)."""
        if not is_place(e):
            return False
        root = e
        while isinstance(root, ast.Attribute):
            root = root.value
        sym = self.sema.symbol(root) if isinstance(root, ast.Name) else None
        if sym is None:
            return True
        if sym.kind in DEF_KINDS:
            return root is not e and sym.kind == "import"  # `mod.value` of an imported module may be one
        return not (root is e and sym.plain)

    def _returned(self, e: ast.Expr, v: py.expr) -> py.expr:
        """A returned value: a struct that another place still holds (field, index, parameter, outer
        or pattern-bound name) is copied; a local ``val``/``var`` of this function dies here. A
        function declared to return a primitive, list, dict or tuple (``not_struct``) returns as it is."""
        if isinstance(self.fn_node, ast.FuncDef) and not_struct(self.fn_node.ret):
            return v
        if isinstance(e, ast.Name):
            sym = self.sema.symbol(e)
            if sym is None or sym.kind in DEF_KINDS or sym.plain:
                return v
            own = (sym.kind in ("val", "var") and not sym.loop_var and isinstance(sym.decl, (ast.Let, ast.Assign))
                   and sym.scope is not None and sym.scope.pyscope is self.sema.scope_of(self.fn_node))
            return v if own else P.rt_call("cp", v)
        return P.rt_call("cp", v) if self._holds_struct(e) else v

    def _copy_mutated(self, params) -> list[py.stmt]:
        """A struct parameter the body mutates is the callee's own copy (the caller's value is untouched)."""
        out = []
        for p in params:
            sym = self.sema.symbol(p)
            if sym is not None and sym.mutated and not p.variadic:
                pname = py_name(p.name)
                out.append(self.at(P.assign(P.name(pname, P.STORE), P.rt_call("cp", P.name(pname))), p.span))
        return out

    def _copy_mutated_loop_vars(self, target: ast.Pattern) -> list[py.stmt]:
        """A ``for`` variable the body mutates is the loop's own copy of the element."""
        out = []
        for pat in captures(target):
            sym = self.sema.symbol(pat)
            if sym is not None and sym.mutated:
                name = self.local(pat)
                out.append(self.at(P.assign(P.name(name, P.STORE), P.rt_call("cp", P.name(name))), pat.span))
        return out

    @staticmethod
    def _field_value(f: ast.Field) -> py.expr:
        """A constructor argument stored in a field: copied unless the field's type holds no struct."""
        value = P.name(py_name(f.name))
        return value if not_struct(f.type) else P.rt_call("cp", value)
