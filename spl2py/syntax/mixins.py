"""Mixins, expanded in the tree (docs/architecture.md, "mixins").

``mixin M:`` declares fields and methods; ``class C with M`` or ``use M`` in a class body mixes them
in. A class gets the fields of its mixins first (in ``use`` order, a mixin used twice, also through
another mixin, only once), then its own; its own methods win over a mixin's. Two mixins giving one
field or one method name (that the class does not define itself) are an error, as is a required
(bodiless) mixin method nobody defines. Mixins are found by scope: those declared in the same block
or an enclosing one, before or after the class.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, fields, replace

from spl2py.diagnostics import CompileError, Diagnostic
from spl2py.syntax import ast


@dataclass
class Mixed:
    """What a class receives from its mixins: fields and methods, each with the mixin it came from."""

    fields: dict[str, tuple[ast.Field, str]]
    methods: dict[str, tuple[ast.FuncDef, str]]
    required: dict[str, str]  # bodiless method -> the mixin requiring it


def expand_mixins(module: ast.Module) -> ast.Module:
    """The module with every class that uses mixins given their fields and methods."""
    return _rewrite(module, {})


def _rewrite(node, visible: dict):
    if isinstance(node, tuple):
        local = {s.name: s for s in node if type(s) is ast.MixinDef}
        scope = {**visible, **local} if local else visible
        out = tuple(_rewrite(n, scope) for n in node)
        return out if any(a is not b for a, b in zip(out, node)) else node
    if not isinstance(node, ast.Node):
        return node
    changes = {}
    for f in fields(node):
        if f.name == "span":
            continue
        old = getattr(node, f.name)
        new = _rewrite(old, visible)
        if new is not old:
            changes[f.name] = new
    if changes:
        node = replace(node, **changes)
    if type(node) is ast.ClassDef and node.mixins:
        node = _apply(node, visible)
    return node


def _error(node, message: str, hint: str | None = None) -> CompileError:
    return CompileError([Diagnostic(node.span, message, hint=hint)])


def _gather(names, visible: dict, at, into: Mixed, seen: set, chain: tuple = ()) -> None:
    """Add the mixins ``names`` (and the mixins they use) to ``into``; ``seen`` shares a diamond's base."""
    for name in names:
        if name in chain:
            raise _error(at, f"mixin `{name}` uses itself", " -> ".join((*chain, name)))
        mixin = visible.get(name)
        if mixin is None:
            raise _error(at, f"unknown mixin `{name}`", "declare it with `mixin` in this file (in this block or "
                                                        "an enclosing one); mixins are not imported")
        if name in seen:
            continue
        seen.add(name)
        _gather(mixin.uses, visible, at, into, seen, (*chain, name))
        for f in mixin.fields:
            if f.name in into.fields:
                raise _error(at, f"field `{f.name}` comes from mixins `{into.fields[f.name][1]}` and `{name}`")
            into.fields[f.name] = (f, name)
        for m in mixin.methods:
            if not m.body:
                into.required.setdefault(m.name, name)
            elif m.name in into.methods:
                into.methods[m.name] = (None, into.methods[m.name][1] + "` and `" + name)  # a conflict, unless defined
            else:
                into.methods[m.name] = (copy.deepcopy(m), name)


def _apply(c: ast.ClassDef, visible: dict) -> ast.ClassDef:
    mixed = Mixed({}, {}, {})
    _gather(c.mixins, visible, c, mixed, set())
    own_fields = {f.name for f in c.fields}
    for name, (_, source) in mixed.fields.items():
        if name in own_fields:
            raise _error(c, f"field `{name}` of {c.kind} {c.name} is also a field of mixin `{source}`",
                         "rename one of them")
    own = {m.name for m in c.methods}
    methods = [m for name, (m, _) in mixed.methods.items() if name not in own and m is not None]
    for name, (m, sources) in mixed.methods.items():
        if m is None and name not in own:
            raise _error(c, f"method `{name}` comes from mixins `{sources}`", f"define `{name}` in {c.name} to choose")
    provided = own | set(mixed.methods)
    for name, source in mixed.required.items():
        if name not in provided:
            raise _error(c, f"{c.kind} {c.name} must define `{name}`: mixin `{source}` requires it")
    new_fields = tuple(f for f, _ in mixed.fields.values()) + c.fields
    return replace(c, fields=new_fields, methods=tuple(methods) + c.methods, mixins=())
