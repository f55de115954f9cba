"""Methods that ``impl`` blocks add to built-in types, and blanket impls (docs/architecture.md,
"methods on built-in types").

``impl Tr for text:`` registers its methods (and ``Tr``'s default methods) for Python ``str``;
``impl<T> Tr for T where T: B`` registers them for every value whose type implements ``B``. A
method call reaches these only after the value's own methods: the built-in table of its type
(``runtime.methods.TABLES``) or its class's methods come first, as upstream's interpreter does.
"""

from __future__ import annotations

from runtime.errors import SimpleError
from runtime.frozen import FrozenDict, FrozenList
from runtime.objects import Trait
from runtime.primitives import PRIMITIVES

# Traits of upstream's standard library a program may implement without declaring them (no required
# methods). Only an impl header names them (``impl Display for P``): they are no global names, so an
# enum's ``Eq`` or ``Add`` variant stays what it is.
STANDARD_TRAITS = {
    name: type(name, (Trait,), {})
    for name in """Display Debug Clone Copy Eq PartialEq Ord PartialOrd Hash Default Iterator ToString From
    Into Drop Send Sync Sized Add Sub Mul Div Neg""".split()
}

# runtime kind (what the compiler writes) -> the Python types that carry values of that kind
KINDS: dict[str, tuple[type, ...]] = {
    "list": (list, FrozenList),
    "dict": (dict, FrozenDict),
    "set": (set, frozenset),
    "tuple": (tuple,),
    "int": (int,),
    "float": (float,),
    "text": (str,),
    "bool": (bool,),
}

EXTENSIONS: dict[type, dict[str, object]] = {}  # Python type -> method name -> function(self, ...)
STATICS: dict[type, dict[str, object]] = {}  # Python type -> static method name -> function(...)
# The built-in types' own statics: `HashMap.new()` (upstream's prelude map type is a dict; `Dict`, `Map`
# and `dict` name the same type) makes an empty one. An `impl` block's `static fn new` replaces it.
STATICS[dict] = {"new": dict}
BLANKET: dict[str, list] = {}  # method name -> [(function, bound traits, site)], latest first
TRAITS: dict[type, set] = {}  # Python type -> the traits impl blocks gave it
_SITES: dict[tuple, tuple] = {}  # (type, trait) -> (module, line) of the impl that registered it


def standard_trait(name: str):
    """The run-time trait of an undeclared standard trait an impl header names."""
    return STANDARD_TRAITS[name]


def kind_of(type_text: str) -> str | None:
    """The runtime kind of a built-in type written in Simple (``i32`` -> int, ``[T]`` -> list), or None."""
    t = type_text.strip()
    if t.startswith("["):
        return "list"
    if t.startswith("{"):
        return "dict"
    if t.startswith("("):
        return "tuple"
    head = t.split("<", 1)[0].strip()
    if head in ("Set", "set"):
        return "set"
    p = PRIMITIVES.get(head)
    if p is None or p.py_type is None:
        return None
    return {list: "list", dict: "dict", tuple: "tuple", int: "int", float: "float", str: "text",
            bool: "bool"}[p.py_type]


def _methods(block, trait, target: str) -> dict[str, object]:
    """The block's methods plus the trait's defaults it does not define; missing required ones fail."""
    own = {n: m for n, m in vars(block).items() if not n.startswith("__")}
    methods = {n: _plain(m) for n, m in own.items()}
    if trait is not None:
        for name, member in vars(trait).items():
            if not name.startswith("_") and name not in methods:
                methods[name] = _plain(member)
        missing = [m for m in trait._spl_abstract if m not in methods]
        if missing:
            raise SimpleError(f"impl {trait.__name__} for {target}: missing method(s) {', '.join(missing)}")
    return methods


def _plain(member):
    """A method as a function of (receiver, args...): a static one ignores its receiver."""
    if isinstance(member, staticmethod):
        func = member.__func__
        return lambda _self, *a, **kw: func(*a, **kw)
    return member


def _statics(block, trait) -> dict[str, object]:
    """The static methods (``static fn``) of an impl block and its trait's static defaults."""
    members = {**(vars(trait) if trait is not None else {}), **vars(block)}
    return {n: m.__func__ for n, m in members.items() if isinstance(m, staticmethod) and not n.startswith("_")}


def type_static(kind: str, name: str, written: str):
    """``i64.zero``: the static method ``name`` an impl on the built-in type gave it."""
    for t in KINDS[kind]:
        func = STATICS.get(t, {}).get(name)
        if func is not None:
            return func
    raise SimpleError(f"{written} has no static method '{name}' (declare `static fn {name}` in an `impl ... for {written}`)")


def impl_builtin(kind: str, trait=None, line: int = 0):
    """Class decorator for ``impl [Trait for] <built-in type>`` (at ``line``): register the block's methods."""

    def apply(block):
        methods = _methods(block, trait, kind)
        here = (block.__module__, line)
        for t in KINDS[kind]:
            site = _SITES.get((t, trait))
            if trait is not None and site is not None and site != here:
                raise SimpleError(f"conflicting implementations of {trait.__name__} for {kind}")
            _SITES[(t, trait)] = here
            EXTENSIONS.setdefault(t, {}).update(methods)
            STATICS.setdefault(t, {}).update(_statics(block, trait))
            if trait is not None:
                TRAITS.setdefault(t, set()).add(trait)
        return block

    return apply


def impl_blanket(bounds: tuple, trait=None, line: int = 0):
    """Class decorator for ``impl<T> Trait for T [where T: B + C]``: methods for every type meeting the bounds."""

    def apply(block):
        here = (block.__module__, line)
        for name, method in _methods(block, trait, "T").items():
            entries = BLANKET.setdefault(name, [])
            entries[:] = [e for e in entries if e[2] != here]  # the same impl run again replaces itself
            entries.insert(0, (method, tuple(bounds), here))
        return block

    return apply


def implements(x, trait) -> bool:
    """Whether ``x``'s type implements ``trait`` (through an impl block or a class's own impl)."""
    t = type(x)
    return trait in TRAITS.get(t, ()) or trait in getattr(t, "_spl_traits", ())


def find(x, name: str):
    """The function an impl block gave ``x``'s type for ``name`` (a built-in type's, then a blanket's), or None."""
    table = EXTENSIONS.get(type(x))
    if table is not None:
        method = table.get(name)
        if method is not None:
            return method
    for method, bounds, _site in BLANKET.get(name, ()):
        if all(implements(x, b) for b in bounds):
            return method
    return None


class TypeParam:
    """A function's type parameter used as a value (``T.default()``): types are erased at run time."""

    def __init__(self, name: str):
        self.name = name

    def __getattr__(self, attr: str):
        if attr.startswith("_"):  # the runtime's own probes (``_spl_fields``, ``__deepcopy__``)
            raise AttributeError(attr)
        raise SimpleError(f"`{self.name}.{attr}`: `{self.name}` is a type parameter, and spl2py erases types at "
                          f"run time (call the method on a value of the type)")

    def __repr__(self) -> str:
        return f"type parameter {self.name}"
