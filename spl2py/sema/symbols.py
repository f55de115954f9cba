"""Symbols and scopes: what the analysis knows about each name (the contract with lowering).

A ``Scope`` is one Simple block scope; a scope whose ``kind`` is "module", "function" or "lambda"
is also a Python scope (``pyscope`` points to the nearest one). Every binding is a ``Symbol``;
``pyname`` is the Python name lowering emits for it (a shadowing block-local gets a fresh one).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spl2py.diagnostics import Span

# Symbol kinds.
VALUE_KINDS = frozenset({"val", "var", "param"})
DEF_KINDS = frozenset({"fn", "class", "struct", "enum", "trait", "alias", "extern"})
PYTHON_SCOPES = frozenset({"module", "function", "lambda"})


@dataclass(eq=False, slots=True)
class Symbol:
    name: str
    kind: str  # val | var | param | fn | class | struct | enum | trait | alias | variant | import | extern | builtin
    scope: "Scope | None"
    span: Span | None
    pyname: str
    mutable: bool = False
    decl: object = None  # the declaring AST node (FuncDef, ClassDef, EnumDef, ExternFn, ...)
    loop_var: bool = False  # bound by a ``for`` (or a comprehension's ``for``)
    per_iteration: bool = False  # declared inside a loop body: each iteration has its own
    captured: bool = False  # read or written from a nested function or lambda
    assigned_from_closure: bool = False
    mutated: bool = False  # a field/index of it is assigned, or a non-builtin method is called on it
    plain: bool = False  # known to hold no struct (a primitive, list, dict, ... by its type or first value)
    sequence: bool = False  # known to hold a list or text (never a dict): ``x[i]`` needs no nil check


@dataclass(eq=False, slots=True)
class Scope:
    kind: str  # module | function | lambda | block | loop | comprehension
    parent: "Scope | None"
    node: object = None  # the FuncDef / Lambda / Module opening a Python scope
    names: dict[str, Symbol] = field(default_factory=dict)
    variants: dict[str, str] = field(default_factory=dict)  # unit variant name -> its enum's name
    # every variant name -> its enum's symbol (None: two enums of this scope declare it)
    bare_variants: dict[str, "Symbol | None"] = field(default_factory=dict)
    is_fn: bool = False  # a ``fn`` (not a lambda or colon-block): it may not assign outer locals
    pyscope: "Scope" = None  # type: ignore[assignment]
    # Python-scope bookkeeping (only on Python scopes):
    locals: list[Symbol] = field(default_factory=list)
    passthrough: set[str] = field(default_factory=set)  # names read here that resolve further out
    nonlocals: list[Symbol] = field(default_factory=list)
    globals: list[Symbol] = field(default_factory=list)

    def __post_init__(self) -> None:
        if self.kind in PYTHON_SCOPES or self.parent is None:
            self.pyscope = self
        else:
            self.pyscope = self.parent.pyscope

    @property
    def in_loop(self) -> bool:
        """Whether a binding made here is made again on each iteration of a loop of its Python scope."""
        scope = self
        while scope is not None and scope is not scope.pyscope:
            if scope.kind in ("loop", "comprehension"):
                return True
            scope = scope.parent
        return False

    def lookup(self, name: str) -> Symbol | None:
        scope = self
        while scope is not None:
            sym = scope.names.get(name)
            if sym is not None:
                return sym
            scope = scope.parent
        return None

    def variant_enum(self, name: str) -> str | None:
        scope = self
        while scope is not None:
            enum = scope.variants.get(name)
            if enum is not None:
                return enum
            scope = scope.parent
        return None

    def bare_variant(self, name: str) -> "tuple[bool, Symbol | None]":
        """(found, enum symbol) for a variant name used unqualified: the nearest scope declaring it
        decides; ``(True, None)`` when two enums of that scope declare it (ambiguous)."""
        scope = self
        while scope is not None:
            if name in scope.bare_variants:
                return True, scope.bare_variants[name]
            scope = scope.parent
        return False, None

    def visible_names(self) -> set[str]:
        names: set[str] = set()
        scope = self
        while scope is not None:
            names.update(scope.names)
            scope = scope.parent
        return names
