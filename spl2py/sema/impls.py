"""``impl`` blocks on built-in types and blanket impls: what they target, the method names calls must
dispatch at run time, and upstream's coherence rules (docs/architecture.md, "methods on built-in
types")."""

from __future__ import annotations

from runtime.extensions import STANDARD_TRAITS, kind_of
from spl2py.diagnostics import Diagnostic
from spl2py.syntax import ast
from spl2py.syntax.visit import walk

__all__ = ["STANDARD_TRAITS", "ImplResolution", "coherence", "extension_methods", "missing_methods", "names_in_type",
           "target_kind"]


def target_kind(i: ast.ImplDef) -> str | None:
    """``"blanket"`` for ``impl<T> Tr for T``, the runtime kind of a built-in target (``"text"``,
    ``"int"``, ``"list"``, ...), or None for a user type."""
    if i.target in i.generics:
        return "blanket"
    return kind_of(i.target)


def names_in_type(text: str) -> list[str]:
    """The leading name of a type (``Point``, ``lib.Shape``), for resolution: none for a built-in or shape."""
    head = text.split("<", 1)[0].strip().split(".")[0]
    return [head] if head.isidentifier() and kind_of(text) is None else []


def extension_methods(module: ast.Module) -> frozenset[str]:
    """Method names that an impl on a built-in type or a blanket impl of this module may answer: its
    own methods and, for a trait of the module, the trait's. Calls of these names dispatch at run time."""
    if not module.has_impls:
        return frozenset()
    traits: dict[str, list[str]] = {}
    impls = []
    for node in walk(module):
        if isinstance(node, ast.TraitDef):
            traits.setdefault(node.name, []).extend(m.name for m in node.methods)
        elif isinstance(node, ast.ImplDef) and target_kind(node) is not None:
            impls.append(node)
    names: set[str] = set()
    for i in impls:
        names.update(m.name for m in i.methods)
        if i.trait is not None:
            names.update(traits.get(i.trait.split("<", 1)[0].strip(), ()))
    return frozenset(names)


def coherence(impls: list[ast.ImplDef], trait_of) -> list[Diagnostic]:
    """Upstream's coherence rules over the impls of one block: no two impls of a trait for one type
    (sized integers share one runtime type, so ``i32`` and ``i64`` are one type here); a blanket impl
    of a trait overlaps every other impl of it; a standard trait is not implemented for a built-in
    type (orphan rule); and, since values carry no static type, two impls may not give one built-in
    type one method name. ``trait_of(impl)`` identifies the impl's trait (its declaration) or None."""
    out: list[Diagnostic] = []
    seen: dict[tuple, ast.ImplDef] = {}
    blanket: dict[object, ast.ImplDef] = {}
    methods: dict[tuple[str, str], ast.ImplDef] = {}  # (built-in kind, method) -> the impl giving it
    for i in impls:
        kind = target_kind(i)
        if i.trait is not None:
            problem = _trait_conflict(i, kind, trait_of(i), seen, blanket)
            if problem is not None:
                out.append(problem)
                continue
        if kind in (None, "blanket"):
            continue
        for m in i.methods:
            first = methods.setdefault((kind, m.name), i)
            if first is not i:
                out.append(Diagnostic(m.span, f"two impls give `{i.target}` a method `{m.name}`",
                                      hint=f"the impl at line {first.span.line} has one: a call could not choose "
                                           "(values carry no static type); rename one"))
    return out


def _trait_conflict(i: ast.ImplDef, kind, trait, seen: dict, blanket: dict) -> Diagnostic | None:
    name = i.trait.split("<", 1)[0].strip()
    if trait == ("standard", name) and kind not in (None, "blanket"):
        return Diagnostic(i.span, f"cannot implement the standard trait `{name}` for the built-in type `{i.target}`",
                          hint="orphan rule: declare a trait of your own, or wrap the value in a struct")
    key = (trait, kind if kind not in (None, "blanket") else i.target)
    if kind == "blanket":
        other = next((prev for (t, _), prev in seen.items() if t == trait), None)
    else:
        other = blanket.get(trait)
    first = seen.get(key) or other
    if first is not None:
        return Diagnostic(i.span, f"conflicting implementations of `{name}` for `{i.target}`",
                          hint=f"the impl at line {first.span.line} already covers it")
    seen[key] = i
    if kind == "blanket":
        blanket[trait] = i
    return None


def missing_methods(i: ast.ImplDef, trait: ast.TraitDef) -> Diagnostic | None:
    """An impl on a built-in type (or a blanket one) lacking a required method of its trait: nothing
    else can supply it (a user type may define it itself, so its impls are checked at run time)."""
    if target_kind(i) is None:
        return None
    own = {m.name for m in i.methods}
    missing = [m.name for m in trait.methods if not m.body and m.name not in own]
    if not missing:
        return None
    listed = ", ".join(f"`{n}`" for n in missing)
    return Diagnostic(i.span, f"impl {trait.name} for {i.target} is missing {listed}",
                      hint=f"`{trait.name}` requires it; define it in this impl block")


class ImplResolution:
    """The resolver's part for impl blocks: names in their headers, coherence and missing methods per block."""

    def v_ImplDef(self, i: ast.ImplDef) -> None:
        traits = [i.trait] if i.trait is not None else []
        traits += [b for _, bound in i.bounds for b in bound]
        for head in names_in_type(i.target):
            if head not in i.generics:
                self.resolve(head, i)
        for text in traits:
            for head in names_in_type(text):
                if head not in i.generics and not self.standard_trait(head):
                    self.resolve(head, i)
        for m in i.methods:
            self.v_FuncDef(m, in_impl=True)

    def standard_trait(self, name: str) -> bool:
        """An undeclared standard trait (``Display``) named as an impl's trait or bound."""
        return name in STANDARD_TRAITS and self.scope.lookup(name) is None

    def check_impls(self, body) -> None:
        """Upstream's coherence rules over the impl blocks of one block (sema/impls.py)."""
        impls = [s for s in body if isinstance(s, ast.ImplDef)]
        if len(impls) > 0:
            self.diagnostics.extend(coherence(impls, self.trait_identity))
        for i in impls:
            sym = self.scope.lookup(i.trait.split("<", 1)[0].strip()) if i.trait else None
            if sym is not None and isinstance(sym.decl, ast.TraitDef):
                missing = missing_methods(i, sym.decl)
                if missing is not None:
                    self.diagnostics.append(missing)

    def trait_identity(self, i: ast.ImplDef):
        name = i.trait.split("<", 1)[0].strip()
        sym = self.scope.lookup(name)
        if sym is None:
            return ("standard", name) if name in STANDARD_TRAITS else name
        return id(sym.decl) if sym.decl is not None else name
