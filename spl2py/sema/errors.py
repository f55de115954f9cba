"""The wording of the analysis's static errors: each a Diagnostic at the offending name, with a hint."""

from __future__ import annotations

import difflib

from spl2py.diagnostics import Diagnostic


def _close(name: str, candidates) -> str | None:
    close = difflib.get_close_matches(name, sorted(candidates), n=3, cutoff=0.75)
    if not close:
        return None
    return "did you mean " + ", ".join(f"`{c}`" for c in close) + "?"


# Builtins of upstream Simple's interpreter that spl2py's runtime does not provide.
UPSTREAM_ONLY = frozenset({"freeze", "unfreeze", "is_frozen"})


def undefined(node, name: str, visible, ended=None) -> Diagnostic:
    if ended is not None and ended.span is not None:
        hint = f"`{name}` (line {ended.span.line}) is local to the block that declares it; declare it before that block"
    elif name in UPSTREAM_ONLY:
        hint = f"`{name}` is a builtin of upstream Simple that spl2py does not provide"
    else:
        hint = _close(name, [n for n in visible if n != name]) or "declare it with `val`/`var`, or import it with `use`"
    return Diagnostic(node.span, f"undefined name `{name}`", hint=hint)


def ambiguous_variant(node, name: str) -> Diagnostic:
    return Diagnostic(node.span, f"ambiguous variant `{name}`: more than one enum here declares it",
                      hint=f"qualify it with its enum: `Enum.{name}`")


def assign_val(node, sym, update: bool = False) -> Diagnostic:
    line = f" (line {sym.span.line})" if sym.span is not None else ""
    if sym.loop_var:
        return Diagnostic(node.span, f"cannot assign to `{sym.name}`: it is a `for` loop variable",
                          hint=f"it is declared by the loop{line}; copy it into a `var` to change it")
    if update:
        return Diagnostic(node.span, f"cannot update `{sym.name}` with '->': it is a `val`",
                          hint=f"declared with `val`{line}; `{sym.name}->m(...)` assigns `{sym.name}.m(...)` back to "
                               f"`{sym.name}`, so declare it with `var`")
    return Diagnostic(node.span, f"cannot assign to `{sym.name}`: it is a `val`",
                      hint=f"declared with `val`{line}; declare it with `var` to reassign it")


def nested_fn_assign(node, sym) -> Diagnostic:
    line = f" (line {sym.span.line})" if sym.span is not None else ""
    return Diagnostic(node.span, f"a nested `fn` cannot assign to `{sym.name}`, a local of an enclosing function{line}",
                      hint="return the new value instead, or use a lambda or colon-block, which may assign it")


def too_many(node, callee: str, most: int, got: int, where: str) -> Diagnostic:
    return Diagnostic(node.span, f"too many arguments to `{callee}`: it takes {most} positional, got {got}", hint=where)


def missing(node, callee: str, names: list[str], where: str) -> Diagnostic:
    listed = ", ".join(f"`{n}`" for n in names)
    plural = "s" if len(names) > 1 else ""
    return Diagnostic(node.span, f"missing argument{plural} {listed} in call to `{callee}`", hint=where)


def unknown_named(node, callee: str, name: str, params: list[str]) -> Diagnostic:
    hint = _close(name, params) or (
        "its parameters are " + ", ".join(f"`{p}`" for p in params) if params else "it takes no named arguments"
    )
    return Diagnostic(node.span, f"unknown named argument `{name}` for `{callee}`", hint=hint)


def decorator_too_late(node, deco) -> Diagnostic:
    return Diagnostic(node.span, f"decorator `{deco.name}` has no value yet where it is applied",
                      hint=f"a decorator runs when the function is defined; define `{deco.name}` (line "
                           f"{deco.span.line}) as a function above it")


def typed_string(node, names: list[str]) -> Diagnostic:
    listed = " or ".join(f"`{n}`" for n in names)
    return Diagnostic(node.span, f"typed string `_{node.suffix}` needs a type {listed} in scope",
                      hint=f"declare `class {names[0]}` with `static fn from(s: text) -> {names[0]}`")
