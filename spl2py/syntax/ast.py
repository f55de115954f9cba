"""The Simple AST: small dataclasses, each with the span where it starts.

Every node's first field is ``span``. Sequences are tuples, so nodes stay hashable. Nodes are values:
no code assigns to a node once made (a change is ``dataclasses.replace``), and they compare and
hash by their fields (``Node``). They are not ``frozen=True`` only because a frozen ``__init__``
costs three times as much per node (``object.__setattr__`` per field), a tenth of the builder's time.
A ``Block`` is a tuple of statements. Types are kept as their source text (``TypeText``): Simple
annotations carry no behaviour in Python except for ``as`` casts and ``is`` tests, which read it.

Sugar is removed by the builder, so later layers see one shape per construct:
  * no-paren calls ``print a, b`` and trailing colon-blocks ``describe "x":`` become ``Call`` nodes
    (the block is a trailing ``Arg`` holding a ``Lambda`` with no parameters);
  * ``context "x":`` becomes ``Call(Name("context"), ...)`` like any colon-block call;
  * ``Point { x: 1 }`` becomes ``Call(Name("Point"), [Arg("x", ...)])``;
  * ``if``/``match`` are one node each, used both as statements and as expressions;
  * every lambda form (``\\x: e``, ``fn(x): e``, ``|x| e``, ``x => e``, ``(a, b) => e``, ``&:m``, and a
    call argument holding ``_``/``_1`` placeholders) is a ``Lambda``; ``s{1, 2}`` is a ``SetLit``;
  * RSpec-style ``expect a to_equal b`` is ``expect(a).to_equal(b)`` (``not_to m`` adds ``.not_()``);
  * ``use a.B, c.D`` becomes one ``Use`` statement per path; ``export fn f`` becomes ``Export(("f",))``
    followed by the ``FuncDef``.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from operator import attrgetter

from spl2py.diagnostics import Span

TypeText = str  # an annotation as written, e.g. "[i64]", "fn(i64) -> i64", "Option<T>"


@dataclass(slots=True, eq=False, repr=False)
class Node:
    """Equality, hash and repr by the fields, as ``@dataclass(eq=True, unsafe_hash=True)`` would
    write them for each class, but written once here: generating them per class was a third of
    this module's import time."""

    span: Span

    def __eq__(self, other):
        if other.__class__ is not self.__class__:
            return NotImplemented
        return _values(self) == _values(other)

    def __hash__(self):
        return hash(_values(self))

    def __repr__(self):
        names = _field_names(self.__class__)
        return f"{self.__class__.__name__}({', '.join(f'{n}={v!r}' for n, v in zip(names, _values(self)))})"


_GETTERS: dict[type, object] = {}


def _field_names(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in fields(cls))


def _values(node: Node) -> tuple:
    getter = _GETTERS.get(node.__class__)
    if getter is None:
        names = _field_names(node.__class__)
        getter = _GETTERS[node.__class__] = attrgetter(*names) if len(names) > 1 else (
            lambda n, name=names[0]: (getattr(n, name),))
    return getter(node)


# --------------------------------------------------------------------------- expressions


@dataclass(slots=True, eq=False, repr=False)
class Expr(Node):
    pass


@dataclass(slots=True, eq=False, repr=False)
class Name(Expr):
    id: str


@dataclass(slots=True, eq=False, repr=False)
class Int(Expr):
    value: int
    suffix: str | None = None  # "i32", "u8", ... (kept for information)


@dataclass(slots=True, eq=False, repr=False)
class Float(Expr):
    value: float
    suffix: str | None = None  # "f32" | "f64"


@dataclass(slots=True, eq=False, repr=False)
class UnitLit(Expr):
    """``100_km``: a number tagged with a unit suffix (runtime/units.py)."""

    value: Int | Float
    unit: str


@dataclass(slots=True, eq=False, repr=False)
class Bool(Expr):
    value: bool


@dataclass(slots=True, eq=False, repr=False)
class Nil(Expr):
    pass


@dataclass(slots=True, eq=False, repr=False)
class Interp(Node):
    """An interpolated ``{expr}`` or ``{expr:spec}`` inside a string."""

    expr: Expr
    spec: str | None = None  # a Python format spec, e.g. ".2f", ","


@dataclass(slots=True, eq=False, repr=False)
class Str(Expr):
    """A string literal. ``parts`` alternates freely between decoded text and ``Interp``.

    Escapes are already decoded and ``{{``/``}}`` collapsed: a text part is the exact characters.
    A raw or non-interpolating literal is one text part (or none for ``""``).
    """

    parts: tuple[str | Interp, ...]


@dataclass(slots=True, eq=False, repr=False)
class TypedStr(Expr):
    """``"127.0.0.1"_ip``: ``T.from("127.0.0.1")`` for the type the suffix names (sema/contexts.py)."""

    value: Str
    suffix: str


@dataclass(slots=True, eq=False, repr=False)
class Symbol(Expr):
    """``:name`` symbol literal (lowers to the text ``name``)."""

    name: str


@dataclass(slots=True, eq=False, repr=False)
class Spread(Expr):
    """``*xs`` / ``...xs`` inside a list or call, ``**d`` inside a dict (``double=True``)."""

    value: Expr
    double: bool = False


@dataclass(slots=True, eq=False, repr=False)
class ListLit(Expr):
    items: tuple[Expr, ...]  # may contain Spread


@dataclass(slots=True, eq=False, repr=False)
class ArrayRepeat(Expr):
    """``[value; count]``"""

    value: Expr
    count: Expr


@dataclass(slots=True, eq=False, repr=False)
class TupleLit(Expr):
    items: tuple[Expr, ...]  # () is the unit value


@dataclass(slots=True, eq=False, repr=False)
class SetLit(Expr):
    items: tuple[Expr, ...]


@dataclass(slots=True, eq=False, repr=False)
class DictEntry(Node):
    key: Expr
    value: Expr


@dataclass(slots=True, eq=False, repr=False)
class DictLit(Expr):
    entries: tuple[DictEntry | Spread, ...]


@dataclass(slots=True, eq=False, repr=False)
class CompFor(Node):
    target: Pattern  # CapturePat, TuplePat or WildcardPat
    iter: Expr


@dataclass(slots=True, eq=False, repr=False)
class CompIf(Node):
    cond: Expr


@dataclass(slots=True, eq=False, repr=False)
class Comprehension(Expr):
    """``[e for x in xs if c]``, ``{k: v for ...}``, ``{e for ...}``; also ``[for x in xs: e]``."""

    kind: str  # "list" | "dict" | "set"
    element: Expr  # for "dict": the key
    value: Expr | None  # for "dict": the value; else None
    clauses: tuple[CompFor | CompIf, ...]


@dataclass(slots=True, eq=False, repr=False)
class Unary(Expr):
    op: str  # "-" | "+" | "not" | "~"
    operand: Expr


@dataclass(slots=True, eq=False, repr=False)
class Binary(Expr):
    """Arithmetic, bitwise, logical and the other infix operators.

    op: + - * / % ** @ & | ^ << >> and or ?? |> in "not in"
    (``xor`` is read as ``^``, ``&&`` as ``and``, ``||`` as ``or``).
    """

    op: str
    left: Expr
    right: Expr


@dataclass(slots=True, eq=False, repr=False)
class Compare(Expr):
    """A comparison chain ``a < b <= c``: ops are == != < <= > >=."""

    left: Expr
    ops: tuple[str, ...]
    comparators: tuple[Expr, ...]


@dataclass(slots=True, eq=False, repr=False)
class IsTest(Expr):
    """``x is T`` / ``x is not T``: a type test; ``x is nil`` tests for nil."""

    value: Expr
    type: TypeText
    negated: bool = False


@dataclass(slots=True, eq=False, repr=False)
class Cast(Expr):
    """``x as T``; ``safe`` (only inside an ``Unwrap``: ``x as T or: d``) is ``Ok(converted)``, or nil
    when ``x`` does not convert."""

    value: Expr
    type: TypeText
    safe: bool = False


@dataclass(slots=True, eq=False, repr=False)
class Range(Expr):
    """``a..b`` (exclusive) or ``a..=b`` (inclusive). Either end may be missing in slices."""

    start: Expr | None
    end: Expr | None
    inclusive: bool


@dataclass(slots=True, eq=False, repr=False)
class Arg(Node):
    """A call argument: positional (name None), named (``k: v``), or spread (value is Spread)."""

    name: str | None
    value: Expr


@dataclass(slots=True, eq=False, repr=False)
class Call(Expr):
    func: Expr
    args: tuple[Arg, ...]


@dataclass(slots=True, eq=False, repr=False)
class Attribute(Expr):
    """``a.b``; ``a?.b`` has ``safe=True``."""

    value: Expr
    name: str
    safe: bool = False


@dataclass(slots=True, eq=False, repr=False)
class Walrus(Expr):
    """``name := value``: binds ``name`` in the enclosing function (or module) and yields the value."""

    name: str
    value: Expr


@dataclass(slots=True, eq=False, repr=False)
class Slice(Node):
    """``lo:hi:step`` inside ``[]``; any part may be None."""

    lower: Expr | None
    upper: Expr | None
    step: Expr | None


@dataclass(slots=True, eq=False, repr=False)
class Index(Expr):
    value: Expr
    index: Expr | Slice


@dataclass(slots=True, eq=False, repr=False)
class Try(Expr):
    """Postfix ``expr?``: propagate nil / Err out of the enclosing function."""

    value: Expr


@dataclass(slots=True, eq=False, repr=False)
class Unwrap(Expr):
    """``v unwrap or: d`` / ``v unwrap else: f`` / ``v unwrap or_return: d``: the payload of ``Some``/``Ok``
    (a plain value is itself); for nil or ``Err``: ``d``, ``f()``, or ``return d`` from the function.
    An ``else:`` block is a zero-parameter block ``Lambda``; ``v ?? break`` / ``?? continue`` is kind
    ``or_jump`` whose fallback is the ``Break`` / ``Continue`` to run."""

    value: Expr
    kind: str  # "or" | "else" | "or_return" | "or_jump"
    fallback: Expr  # a Break / Continue for "or_jump"


@dataclass(slots=True, eq=False, repr=False)
class Presence(Expr):
    """Postfix ``expr.?``: nil when the value is nil or empty, else the value."""

    value: Expr


@dataclass(slots=True, eq=False, repr=False)
class Param(Node):
    name: str
    type: TypeText | None = None
    default: Expr | None = None
    variadic: bool = False  # ``nums...``


@dataclass(slots=True, eq=False, repr=False)
class Lambda(Expr):
    """``\\x: e``, ``fn(x): e``, or a block body (``\\x:`` / ``fn():`` + indented block, colon-blocks).

    An expression body is stored as a one-statement block holding an ExprStmt, so
    ``body`` is always a Block; ``is_block`` says which form was written.
    """

    params: tuple[Param, ...]
    body: Block
    is_block: bool = False


@dataclass(slots=True, eq=False, repr=False)
class If(Expr):
    """``if``/``elif``/``else``, as a statement or an expression.

    branches: (condition, body) pairs in order; orelse: the ``else`` body or None.
    ``if val x = e:`` is a branch whose condition is a ``LetCond``.
    """

    branches: tuple[tuple[Expr, Block], ...]
    orelse: Block | None


@dataclass(slots=True, eq=False, repr=False)
class LetCond(Expr):
    """``val PAT = expr`` used as an ``if``/``while`` condition: true when expr is not nil (and matches)."""

    pattern: Pattern
    value: Expr


@dataclass(slots=True, eq=False, repr=False)
class MatchArm(Node):
    pattern: Pattern
    guard: Expr | None
    body: Block


@dataclass(slots=True, eq=False, repr=False)
class Match(Expr):
    """``match subject:`` with arms; a statement or an expression."""

    subject: Expr
    arms: tuple[MatchArm, ...]


# --------------------------------------------------------------------------- patterns


@dataclass(slots=True, eq=False, repr=False)
class Pattern(Node):
    pass


@dataclass(slots=True, eq=False, repr=False)
class WildcardPat(Pattern):
    pass


@dataclass(slots=True, eq=False, repr=False)
class CapturePat(Pattern):
    """A bare name: binds the value."""

    name: str


@dataclass(slots=True, eq=False, repr=False)
class LiteralPat(Pattern):
    """A literal: Int, Float, Str (no interpolation), Bool, Nil, or a negated number."""

    value: Expr


@dataclass(slots=True, eq=False, repr=False)
class ValuePat(Pattern):
    """A dotted path with no arguments, e.g. ``Color.Red``: compares by ``==``."""

    path: tuple[str, ...]


@dataclass(slots=True, eq=False, repr=False)
class VariantPat(Pattern):
    """``Shape.Circle(r)``, ``Some(x)``, ``Box.Val(Msg.Num(n))``: a variant with payload patterns."""

    path: tuple[str, ...]
    args: tuple[Pattern, ...]


@dataclass(slots=True, eq=False, repr=False)
class TuplePat(Pattern):
    items: tuple[Pattern, ...]
    brackets: bool = False  # ``[a, b]``: in a match, a list of exactly that many items (not a tuple)


@dataclass(slots=True, eq=False, repr=False)
class FieldsPat(Pattern):
    """``{name, age}`` / ``{name: n, age: a}``: fields of an object (or keys of a dict) by name,
    each matched by a pattern (``{name}`` is ``{name: name}``)."""

    fields: tuple[tuple[str, Pattern], ...]


@dataclass(slots=True, eq=False, repr=False)
class RangePat(Pattern):
    """``1..10`` (end excluded), ``1..=10`` (end included), ``0..`` (no end): literal bounds."""

    start: Expr
    end: Expr | None
    inclusive: bool


@dataclass(slots=True, eq=False, repr=False)
class StructPat(Pattern):
    """``Point { x: 0, y }`` / ``Point { x, .. }``: an instance of the named type whose fields match
    (``..`` ignores the rest; ``x: ..`` is any value)."""

    path: tuple[str, ...]
    fields: tuple[tuple[str, Pattern], ...]


@dataclass(slots=True, eq=False, repr=False)
class OrPat(Pattern):
    alternatives: tuple[Pattern, ...]


# --------------------------------------------------------------------------- statements


@dataclass(slots=True, eq=False, repr=False)
class Stmt(Node):
    pass


Block = tuple  # tuple[Stmt, ...]


@dataclass(slots=True, eq=False, repr=False)
class ExprStmt(Stmt):
    expr: Expr


@dataclass(slots=True, eq=False, repr=False)
class Let(Stmt):
    """``val``/``var``/``let``/``const`` binding; the target may destructure (TuplePat)."""

    kind: str  # "val" | "var" | "let" | "const" | "static"
    target: Pattern
    type: TypeText | None
    value: Expr | None


@dataclass(slots=True, eq=False, repr=False)
class Assign(Stmt):
    """``target = value`` or ``target op= value`` (op is "+", "-", "*", "/", "%", "**" or None)."""

    target: Expr  # Name, Attribute, Index or TupleLit of those
    value: Expr
    op: str | None = None
    update: bool = False  # written as a functional update ``target->m(...)`` (value is ``target.m(...)``)


@dataclass(slots=True, eq=False, repr=False)
class FuncDef(Stmt):
    name: str
    params: tuple[Param, ...]  # ``self`` is never listed: see has_self
    ret: TypeText | None
    body: Block
    is_static: bool = False
    is_me: bool = False  # declared with ``me``
    has_self: bool = False  # a method that takes self (implicit or explicit)
    decorators: tuple[str, ...] = ()  # decorator/attribute text, as written
    generics: tuple[str, ...] = ()
    # ``@name`` / ``@name(args)`` as expressions, top first: applied when ``name`` is bound in scope
    # (``add = name(add)``); otherwise a compiler attribute (``@inline``), metadata only
    wrappers: tuple["Expr", ...] = ()


@dataclass(slots=True, eq=False, repr=False)
class ExternFn(Stmt):
    """``extern fn name(params) -> ret``: binds to the runtime's extern registry."""

    name: str
    params: tuple[Param, ...]
    ret: TypeText | None


@dataclass(slots=True, eq=False, repr=False)
class Field(Node):
    name: str
    type: TypeText | None
    default: Expr | None = None


@dataclass(slots=True, eq=False, repr=False)
class ClassDef(Stmt):
    """``class`` or ``struct``: fields in order, methods, optional docstring."""

    kind: str  # "class" | "struct"
    name: str
    fields: tuple[Field, ...]
    methods: tuple[FuncDef, ...]
    doc: str | None = None
    generics: tuple[str, ...] = ()
    bases: tuple[str, ...] = ()  # ``class C(P)`` / ``extends P``: parsed, rejected by lowering
    mixins: tuple[str, ...] = ()  # ``class C with M`` / ``use M`` in the body (expanded by syntax/mixins.py)


@dataclass(slots=True, eq=False, repr=False)
class Variant(Node):
    """An enum variant: ``Red`` (fields None), ``Circle(f64)`` (unnamed fields), ``Rect(w: f64, h: f64)``."""

    name: str
    fields: tuple[Field, ...] | None  # unnamed payload fields get names "_0", "_1", ...


@dataclass(slots=True, eq=False, repr=False)
class EnumDef(Stmt):
    name: str
    variants: tuple[Variant, ...]
    methods: tuple[FuncDef, ...] = ()
    generics: tuple[str, ...] = ()


@dataclass(slots=True, eq=False, repr=False)
class TraitDef(Stmt):
    name: str
    methods: tuple[FuncDef, ...]  # a method with an empty body is abstract


@dataclass(slots=True, eq=False, repr=False)
class MixinDef(Stmt):
    """``mixin M:``: fields and methods (a bodiless one is required from the class) mixed into classes."""

    name: str
    fields: tuple[Field, ...]
    methods: tuple[FuncDef, ...]
    uses: tuple[str, ...] = ()  # mixins it mixes in itself (``use Other``)
    generics: tuple[str, ...] = ()


@dataclass(slots=True, eq=False, repr=False)
class MixinUse(Stmt):
    """``use M1, M2`` inside a class or mixin body (only seen by the builder)."""

    names: tuple[str, ...]


@dataclass(slots=True, eq=False, repr=False)
class ImplDef(Stmt):
    """``impl Trait for Type:`` (trait set) or ``impl Type:`` (trait None); ``impl<T> Tr for T`` is blanket."""

    trait: str | None
    target: str
    methods: tuple[FuncDef, ...]
    generics: tuple[str, ...] = ()  # ``impl<T, U>``
    bounds: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (param, traits) from ``<T: A + B>`` and ``where``


@dataclass(slots=True, eq=False, repr=False)
class TypeAlias(Stmt):
    """``type X = T`` / ``alias X = Y``."""

    name: str
    type: TypeText


@dataclass(slots=True, eq=False, repr=False)
class AssocType(Stmt):
    """``type Item`` in a trait, ``type Item = i64`` in an impl: types are text, so it is recorded, not checked."""

    name: str
    type: TypeText | None


@dataclass(slots=True, eq=False, repr=False)
class UseName(Node):
    name: str
    alias: str | None = None


@dataclass(slots=True, eq=False, repr=False)
class Use(Stmt):
    """One module import.

    ``use a.b.{x, y as z}`` / ``use a.b (x, y)``: path=("a","b"), names=(x, y as z)
    ``use a.b.*`` / ``use a.b.{*}``: path=("a","b"), glob=True
    ``use a.b.x`` / ``use a.b.x as w`` / bare ``use a.b``: path=(...), names=None — the resolver
        binds the module when the full path is a module, else the item ``x`` of module ``a.b``.
    level: leading dots of a relative path (``use .m`` is 1, ``use ..m`` is 2).
    reexport: written as ``export use ...``.
    """

    path: tuple[str, ...]
    names: tuple[UseName, ...] | None = None
    glob: bool = False
    alias: str | None = None
    level: int = 0
    reexport: bool = False


@dataclass(slots=True, eq=False, repr=False)
class Export(Stmt):
    """``export a, b`` (names) or ``export mod.*`` (glob_path set)."""

    names: tuple[str, ...]
    glob_path: tuple[str, ...] | None = None


@dataclass(slots=True, eq=False, repr=False)
class While(Stmt):
    cond: Expr  # may be a LetCond
    body: Block
    label: str | None = None  # ``'outer: while ...`` (added by the front end)


@dataclass(slots=True, eq=False, repr=False)
class For(Stmt):
    """``for x in it``, ``for i, x in it`` (enumerate shorthand, target TuplePat with enumerate=True),
    ``for (k, v) in it`` (destructure)."""

    target: Pattern
    iter: Expr
    body: Block
    enumerate: bool = False
    label: str | None = None


@dataclass(slots=True, eq=False, repr=False)
class Loop(Stmt):
    body: Block
    label: str | None = None


@dataclass(slots=True, eq=False, repr=False)
class Break(Stmt):
    label: str | None = None


@dataclass(slots=True, eq=False, repr=False)
class Continue(Stmt):
    label: str | None = None


@dataclass(slots=True, eq=False, repr=False)
class Return(Stmt):
    value: Expr | None


@dataclass(slots=True, eq=False, repr=False)
class Pass(Stmt):
    """``pass``, ``pass_do_nothing``, ``pass_dn``, ``pass_todo``, ``()``."""

    word: str = "pass"


@dataclass(slots=True, eq=False, repr=False)
class WithItem(Node):
    context: Expr
    name: str | None


@dataclass(slots=True, eq=False, repr=False)
class With(Stmt):
    items: tuple[WithItem, ...]
    body: Block


@dataclass(slots=True, eq=False, repr=False)
class ContextBlock(Stmt):
    """``context obj:`` + block (``obj`` not a string or symbol: those are SSpec's ``context``): a call of a
    name no scope binds, inside the block, is a method call on ``obj`` (see sema/contexts.py)."""

    obj: Expr
    body: Block


@dataclass(slots=True, eq=False, repr=False)
class Defer(Stmt):
    """``defer expr`` (a one-statement body) or ``defer:`` + block; runs at scope exit, LIFO."""

    body: Block


@dataclass(slots=True, eq=False, repr=False)
class Contract(Stmt):
    """``in:`` (kind "in") / ``out(ret):`` (kind "out", binding "ret") + conditions; the builder turns the
    ones leading a function body into ``Assert``s, so no later layer sees this node."""

    kind: str
    binding: str | None
    conditions: tuple[Stmt, ...]


@dataclass(slots=True, eq=False, repr=False)
class Assert(Stmt):
    cond: Expr
    message: Expr | None = None


@dataclass(slots=True, eq=False, repr=False)
class Module(Node):
    """A whole .spl file. ``doc`` is a leading ``\"\"\"...\"\"\"`` string, if any."""

    path: str
    body: Block
    doc: str | None = None
    has_impls: bool = False  # an ``impl`` block anywhere in it (so later layers may skip looking)
    nested_uses: bool = True  # a ``use`` below the top level may be in it (``syntax.limits`` finds out)
