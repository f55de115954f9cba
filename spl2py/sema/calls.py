"""Argument checks for calls whose callee is known statically: a function or extern declared in the
module, a class/struct constructor, a static method or an enum variant of a type declared in it."""

from __future__ import annotations

from dataclasses import dataclass

from spl2py.sema import errors
from spl2py.syntax import ast


@dataclass(frozen=True, slots=True)
class Signature:
    callee: str  # as shown in messages: `f`, `Point`, `Account.open`
    params: tuple[str, ...]  # positional-or-named parameters, in order
    required: frozenset[str]  # parameters with no default
    variadic: bool
    line: int

    def where(self) -> str:
        shown = ", ".join(self.params) + (", ..." if self.variadic else "")
        return f"`{self.callee}({shown})` is declared at line {self.line}"


def _of_params(callee: str, params, line: int) -> Signature:
    names, required, variadic = [], set(), False
    for p in params:
        if p.variadic:
            variadic = True
            continue
        if variadic:
            continue  # after `xs...` a parameter is named-only; kept simple: not checked
        names.append(p.name)
        if p.default is None:
            required.add(p.name)
    return Signature(callee, tuple(names), frozenset(required), variadic, line)


def _of_fields(callee: str, fields, line: int) -> Signature:
    names = tuple(f.name for f in fields)
    return Signature(callee, names, frozenset(f.name for f in fields if f.default is None), False, line)


def signature(func: ast.Expr, symbols: dict, statics: dict) -> Signature | None:
    if isinstance(func, ast.Name):
        sym = symbols.get(id(func))
        if sym is None or sym.decl is None:
            return None
        decl = sym.decl
        if sym.kind == "fn" and isinstance(decl, ast.FuncDef):
            sig = _of_params(func.id, decl.params, decl.span.line)
            if decl.has_self:  # a plain function declared with a `self` parameter takes it positionally
                sig = Signature(sig.callee, ("self",) + sig.params, sig.required | {"self"}, sig.variadic, sig.line)
            return sig
        if sym.kind == "extern" and isinstance(decl, ast.ExternFn):
            return _of_params(func.id, decl.params, decl.span.line)
        if sym.kind in ("class", "struct") and isinstance(decl, ast.ClassDef):
            return _of_fields(func.id, decl.fields, decl.span.line)
        return None
    if isinstance(func, ast.Attribute) and not func.safe and isinstance(func.value, ast.Name):
        sym = symbols.get(id(func.value))
        if sym is None or sym.decl is None:
            return None
        decl = sym.decl
        callee = f"{func.value.id}.{func.name}"
        if isinstance(decl, (ast.ClassDef, ast.EnumDef)):
            method = next((m for m in decl.methods if m.name == func.name), None)
            method = method or statics.get(decl.name, {}).get(func.name)
            if method is not None:
                if method.is_static or not method.has_self:
                    return _of_params(callee, method.params, method.span.line)
                return None
        if isinstance(decl, ast.EnumDef):
            variant = next((v for v in decl.variants if v.name == func.name), None)
            if variant is not None and variant.fields is not None:
                return _of_fields(callee, variant.fields, variant.span.line)
    return None


def check_call(call: ast.Call, symbols: dict, statics: dict, piped: int = 0):
    """A Diagnostic when the call's arguments cannot fit its callee's parameters, else None."""
    sig = signature(call.func, symbols, statics)
    if sig is None:
        return None
    positional, named, star, dstar = piped, [], False, False
    for a in call.args:
        if isinstance(a.value, ast.Spread):
            dstar |= a.value.double
            star |= not a.value.double
        elif a.name is not None:
            named.append(a)
        else:
            positional += 1
    if not star and not sig.variadic and positional > len(sig.params):
        return errors.too_many(call, sig.callee, len(sig.params), positional, sig.where())
    for a in named:
        if a.name not in sig.params:
            return errors.unknown_named(a, sig.callee, a.name, list(sig.params))
    if star or dstar:
        return None
    given = set(sig.params[:positional]) | {a.name for a in named}
    absent = [p for p in sig.params if p in sig.required and p not in given]
    if absent:
        return errors.missing(call, sig.callee, absent, sig.where())
    return None
