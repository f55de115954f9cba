"""Bases for generated classes, structs, traits and enums, plus the built-in Option and Result.

* ``Object`` (class) and ``Struct`` (struct): display ``Name(field: value, ...)``. A struct compares
  by value and is copied by ``cp`` when bound from a variable, field or index (a "place").
* ``Trait`` holds default methods; ``impl(target, trait)`` adds an impl block's methods to a class.
* ``Enum``: each ``variant(fields)`` attribute of an enum class becomes a subclass (payload) or a
  singleton instance (no payload). Variants compare by value and display ``Enum.Variant(payload)``.
* Operators: a class or struct defining an operator method (``add``, ``sub``, ``mul``, ``div``, ``mod``,
  ``matmul``, ``pow``, ``neg``, ``eq``, ``ne``, ``lt``, ``le``, ``gt``, ``ge``) gets the Python dunder
  that calls it (``install_operators``); see OPERATORS.
"""

from __future__ import annotations

import types

import copy

from runtime.display import show_nested
from runtime.errors import PanicError, SimpleError
from runtime.missing import install_missing

# type -> {method name: function}: the built-in method tables, filled in by runtime.method_tables
# (which imports this module), so ``Some(x).m()`` reaches x's built-in methods without a cycle.
BUILTIN_METHODS: dict[type, dict] = {}


class Object:
    """Base of every generated ``class``: identity equality, Simple display."""

    _spl_fields: tuple[str, ...] = ()
    _spl_traits: frozenset = frozenset()

    def _spl_show(self) -> str:
        to_string = getattr(self, "to_string", None)
        if to_string is not None:
            return to_string()
        inner = ", ".join(f"{f}: {show_nested(getattr(self, f, None))}" for f in self._spl_fields)
        return f"{type(self).__name__}({inner})"

    def __repr__(self) -> str:
        return self._spl_show()

    @property
    def _values(self) -> tuple:
        """The fields in declaration order: a positional pattern ``case Point(0, y):`` reads them."""
        return tuple(getattr(self, f) for f in self._spl_fields)

    def __init_subclass__(cls, **kw):
        # `fn iter()` makes it iterable, `fn len()` answers `len(obj)`, `fn method_missing` (runtime.missing)
        super().__init_subclass__(**kw)
        if "iter" in vars(cls):
            cls.__iter__ = _iter_protocol
        if "len" in vars(cls):
            cls.__len__ = _len_protocol
        install_operators(cls)
        install_missing(cls)


# --------------------------------------------------------------------------- operators

# Simple method -> (Python dunder, reflected dunder or None). `a + b` calls `a.add(b)`; with a number
# operand, `a.add_scalar(n)` when the class defines it. The number on the left (`2.0 * a`) calls
# `a.rmul(2.0)` if defined, else, for the commuting `add` and `mul` only, the forward method.
OPERATORS = {
    "add": ("__add__", "__radd__"), "sub": ("__sub__", "__rsub__"), "mul": ("__mul__", "__rmul__"),
    "div": ("__truediv__", "__rtruediv__"), "mod": ("__mod__", "__rmod__"),
    "matmul": ("__matmul__", "__rmatmul__"), "pow": ("__pow__", "__rpow__"),
    "eq": ("__eq__", None), "ne": ("__ne__", None), "lt": ("__lt__", None), "le": ("__le__", None),
    "gt": ("__gt__", None), "ge": ("__ge__", None),
}
COMMUTING = ("add", "mul")


def _is_number(v) -> bool:
    return type(v) is int or type(v) is float


def _forward(name: str):
    scalar = name + "_scalar"
    compare = OPERATORS[name][1] is None

    def dunder(self, other):
        if compare and other is None:  # `a == nil` never calls eq
            return NotImplemented
        if _is_number(other):
            method = getattr(self, scalar, None)
            if method is not None:
                return method(other)
        method = getattr(self, name, None)
        return NotImplemented if method is None else method(other)

    dunder.__name__ = OPERATORS[name][0]
    return dunder


def _reflected(name: str):
    forward = _forward(name)

    def dunder(self, other):
        method = getattr(self, "r" + name, None)
        if method is not None:
            return method(other)
        return forward(self, other) if name in COMMUTING else NotImplemented

    dunder.__name__ = OPERATORS[name][1]
    return dunder


def _neg_protocol(self):
    return self.neg()


def install_operators(cls) -> None:
    """Give ``cls`` the dunders of the operator methods it defines (own, impl or trait methods)."""
    names = set(vars(cls))
    for name, (dunder, reflected) in OPERATORS.items():
        if names & {name, name + "_scalar", "r" + name}:
            setattr(cls, dunder, _forward(name))
            if reflected is not None:
                setattr(cls, reflected, _reflected(name))
    if "neg" in names:
        cls.__neg__ = _neg_protocol


def _iter_protocol(self):
    return iter(self.iter())


def _len_protocol(self):
    return self.len()


class Struct(Object):
    """Base of every generated ``struct``: value equality and copy on binding."""

    def __eq__(self, other):
        if type(other) is not type(self):
            return NotImplemented
        return all(getattr(self, f) == getattr(other, f) for f in self._spl_fields)

    def __hash__(self):
        try:
            return hash((type(self), tuple(getattr(self, f) for f in self._spl_fields)))
        except TypeError:
            return id(self)


def cp(v):
    """Copy a struct value bound from a place (``val b = a``); anything else is shared."""
    if isinstance(v, Struct):
        return copy.copy(v)
    return v


class Trait:
    """Base of a generated ``trait``: default methods; ``_spl_abstract`` names the required ones."""

    _spl_abstract: tuple[str, ...] = ()


class dual:
    """A static and an instance method of one name: ``T.m()`` calls the static one, ``x.m()`` the other."""

    def __init__(self, static, instance):
        self.static = static.__func__ if isinstance(static, staticmethod) else static
        self.instance = instance

    def __get__(self, obj, cls=None):
        return self.static if obj is None else self.instance.__get__(obj, cls)


def forward(f, names: tuple[str, ...]):
    """The class attribute of a method that only calls extern ``f(self, <names>...)`` (spl2py/lower/
    forwards.py): ``f`` itself when it is a Python function whose parameters after the first are
    ``names`` (so calls by name bind alike), else a method passing the arguments on in that order."""
    code = getattr(f, "__code__", None)
    n = len(names)
    if type(f) is types.FunctionType and code.co_argcount > n and code.co_varnames[1:n + 1] == names:
        return f

    def method(self, *args, **kwargs):
        if kwargs:
            args = _in_order(names, args, kwargs)
        return f(self, *args)

    method.__name__ = method.__qualname__ = getattr(f, "__name__", "method")
    return method


def _in_order(names: tuple[str, ...], args: tuple, kwargs: dict) -> tuple:
    """Positional and named arguments of a method with parameters ``names`` as positional ones."""
    out = list(args)
    for name in names[len(args):]:
        if name not in kwargs:
            raise TypeError(f"missing argument '{name}'")
        out.append(kwargs.pop(name))
    if kwargs:
        raise TypeError(f"unexpected argument '{next(iter(kwargs))}'")
    return tuple(out)


def impl(target, trait=None):
    """Class decorator for an ``impl`` block: copy its methods (and the trait's defaults) onto ``target``."""

    def apply(block):
        for name, member in vars(block).items():
            if not name.startswith("__") or name == "__del__":
                if name == "drop" and vars(target).get("__del__") is vars(target).get("drop"):
                    target.__del__ = member  # the class's finalizer is its drop(): keep it so
                setattr(target, name, member)
        if trait is not None:
            for name, member in vars(trait).items():
                if not name.startswith("_") and name not in vars(target) and not _inherited(target, name):
                    setattr(target, name, member)
            missing = [m for m in trait._spl_abstract if not hasattr(target, m)]
            if missing:
                raise SimpleError(
                    f"impl {trait.__name__} for {target.__name__}: missing method(s) {', '.join(missing)}"
                )
            target._spl_traits = target._spl_traits | {trait}
        install_operators(target)
        return target

    return apply


def _inherited(target, name: str) -> bool:
    """Whether ``name`` comes from a generated class itself (not from the runtime bases)."""
    for klass in target.__mro__:
        if klass in (Object, Struct, Enum, object):
            return False
        if name in vars(klass):
            return True
    return False


# --------------------------------------------------------------------------- enums


class variant:
    """Marker in an enum body: ``Circle = _spl.variant(("_0",))``; fields None for no payload."""

    def __init__(self, fields: tuple[str, ...] | None = None, defaults: tuple = ()):
        self.fields = fields
        self.defaults = defaults  # values for the last len(defaults) fields


_NO_VALUE = object()


def _field_property(i: int) -> property:
    return property(lambda self: self._values[i])


class Enum:
    """Base of a generated ``enum``; its variants are made when the enum class is created."""

    _spl_variant: str | None = None
    _spl_fields: tuple[str, ...] = ()
    _spl_defaults: tuple = ()
    _spl_bare = False  # True for Option/Result: display ``Some(1)``, not ``Option.Some(1)``
    _spl_traits: frozenset = frozenset()
    _values: tuple = ()

    def __init_subclass__(cls, **kw):
        super().__init_subclass__(**kw)
        if "_spl_variant" in vars(cls):
            return
        cls._spl_enum = cls
        for name, spec in list(vars(cls).items()):
            if isinstance(spec, variant):
                setattr(cls, name, _make_variant(cls, name, spec))

    def __init__(self, *args, **kwargs):
        fields = self._spl_fields
        values = list(args)
        if len(values) > len(fields):
            raise SimpleError(f"too many arguments for {self._spl_call()}: expected {len(fields)}, got {len(values)}")
        for f in fields[len(values):]:
            if f in kwargs:
                values.append(kwargs.pop(f))
            else:
                k = len(values) - (len(fields) - len(self._spl_defaults))
                if k < 0:
                    raise SimpleError(f"missing argument {f} for {self._spl_call()}")
                values.append(self._spl_defaults[k])
        if kwargs:
            plural = "s" if len(kwargs) > 1 else ""
            raise SimpleError(f"unknown argument{plural} {', '.join(kwargs)} for {self._spl_call()}")
        self._values = tuple(values)

    def _spl_call(self) -> str:
        """``Shape.Circle(r)``: the variant as a call, for messages."""
        return f"{self._spl_name()}({', '.join(self._spl_fields)})"

    def _spl_name(self) -> str:
        if self._spl_bare:
            return self._spl_variant or type(self).__name__
        return f"{self._spl_enum.__name__}.{self._spl_variant}"

    def _spl_show(self) -> str:
        to_string = getattr(self, "to_string", None)
        if to_string is not None and getattr(to_string, "__func__", None) is not _builtin_to_string:
            return to_string()
        name = self._spl_name()
        if self._spl_fields is None:
            return name
        return f"{name}({', '.join([show_nested(v) for v in self._values])})"

    def __repr__(self) -> str:
        return self._spl_show()

    def __eq__(self, other):
        if self is other:
            return True
        if type(other) is not type(self):
            return NotImplemented
        return self._values == other._values

    def __hash__(self):
        return hash((type(self), self._values))


def _builtin_to_string(self):  # marker: the runtime's own to_string, never a user override
    return self._spl_show()


def _make_variant(enum_cls, name: str, spec: variant):
    attrs = {
        "_spl_variant": name,
        "_spl_fields": spec.fields,
        "_spl_defaults": spec.defaults,
        "__qualname__": f"{enum_cls.__qualname__}.{name}",
        "__module__": enum_cls.__module__,
    }
    if spec.fields is not None:
        for i, f in enumerate(spec.fields):
            attrs[f] = _field_property(i)
    vcls = type(name, (enum_cls,), attrs)
    if spec.fields is None:
        vcls._spl_fields = None
        return object.__new__(vcls)
    return vcls


# --------------------------------------------------------------------------- Option / Result


class Option(Enum):
    _spl_bare = True
    Some = variant(("_0",))

    def unwrap(self):
        return self._values[0]

    def expect(self, msg=None):
        return self._values[0]

    def unwrap_or(self, default):
        return self._values[0]

    def unwrap_or_else(self, f):
        return self._values[0]

    def is_some(self):
        return True

    def is_none(self):
        return False

    def map(self, f):
        return Some(f(self._values[0]))

    def and_then(self, f):
        return f(self._values[0])

    def or_else(self, f):
        return self

    def ok_or(self, err):
        return Ok(self._values[0])

    def ok_or_else(self, f):
        return Ok(self._values[0])

    def filter(self, f):
        return self if f(self._values[0]) else None

    def is_some_and(self, f):
        return bool(f(self._values[0]))

    def unwrap_or_default(self, default=None):
        return self._values[0]

    def flatten(self):
        inner = self._values[0]
        return inner if inner is None or isinstance(inner, Option) else self

    def to_list(self):
        return [self._values[0]]

    def to_string(self):
        return self._spl_show()

    def __getattr__(self, name: str):
        """``Some(obj).field`` / ``Some(obj).m()``: reach into the payload (so ``x?.name`` works when
        ``x`` is ``Some(obj)``); the result is wrapped in ``Some`` unless it is nil or an Option."""
        if name.startswith("_"):
            raise AttributeError(name)
        payload = self._values[0]
        table = BUILTIN_METHODS.get(type(payload))
        if table is not None:
            if name not in table:
                raise AttributeError(f"Option has no method '{name}'")
            builtin = table[name]
            return types.MethodType(lambda _self, *a, **kw: _some(builtin(payload, *a, **kw)), self)
        value = getattr(payload, name)
        if callable(value) and not isinstance(value, type):
            return types.MethodType(lambda _self, *a, **kw: _some(value(*a, **kw)), self)
        return _some(value)


def _some(value):
    """``value`` as an Option: nil and Options stay as they are."""
    return value if value is None or isinstance(value, Option) else Some(value)


Option.to_string = _builtin_to_string
Option.None_ = None  # `Option.None` is nil


class Result(Enum):
    _spl_bare = True
    Ok = variant(("_0",))
    Err = variant(("_0",))

    def is_ok(self):
        return self._spl_variant == "Ok"

    def is_err(self):
        return self._spl_variant == "Err"

    def unwrap(self):
        if self._spl_variant == "Ok":
            return self._values[0]
        raise PanicError(f"called unwrap on {self._spl_show()}")

    def expect(self, msg=None):
        if self._spl_variant == "Ok":
            return self._values[0]
        raise PanicError(f"{msg}: {show_nested(self._values[0])}" if msg else self._spl_show())

    def unwrap_err(self):
        if self._spl_variant == "Err":
            return self._values[0]
        raise PanicError(f"called unwrap_err on {self._spl_show()}")

    def unwrap_or(self, default):
        return self._values[0] if self._spl_variant == "Ok" else default

    def unwrap_or_else(self, f):
        return self._values[0] if self._spl_variant == "Ok" else f(self._values[0])

    def ok(self):
        return Some(self._values[0]) if self._spl_variant == "Ok" else None

    def err(self):
        return Some(self._values[0]) if self._spl_variant == "Err" else None

    def map(self, f):
        return Ok(f(self._values[0])) if self._spl_variant == "Ok" else self

    def map_err(self, f):
        return Err(f(self._values[0])) if self._spl_variant == "Err" else self

    def and_then(self, f):
        return f(self._values[0]) if self._spl_variant == "Ok" else self

    def or_else(self, f):
        return self if self._spl_variant == "Ok" else f(self._values[0])

    def is_ok_and(self, f):
        return self._spl_variant == "Ok" and bool(f(self._values[0]))

    def is_err_and(self, f):
        return self._spl_variant == "Err" and bool(f(self._values[0]))


Result.to_string = _builtin_to_string

Some = Option.Some
Ok = Result.Ok
Err = Result.Err


def failed(v) -> bool:
    """Whether postfix ``?`` propagates ``v``: nil, or an ``Err`` variant (built-in or user)."""
    return v is None or (isinstance(v, Enum) and v._spl_variant == "Err")


def ok_value(v):
    """The value postfix ``?`` yields: the payload of ``Some``/``Ok``, else ``v`` itself."""
    if isinstance(v, Enum) and v._spl_variant in ("Some", "Ok") and len(v._values) == 1:
        return v._values[0]
    return v


def chain_target(v):
    """What ``v?.x`` / ``v?.m()`` reaches (``v`` is not nil): the payload of ``Some``, else ``v``."""
    return v._values[0] if isinstance(v, Option) else v


def chain_result(v, result):
    """The value of ``v?.x``: through a ``Some`` it is an Option again (nil and Options stay as they are)."""
    return _some(result) if isinstance(v, Option) else result


def opt(v):
    """``??`` and ``if val``: nil for nil/Err, the payload of Some/Ok, else ``v``."""
    if v is None:
        return None
    if isinstance(v, Enum):
        tag = v._spl_variant
        if tag == "Err":
            return None
        if tag in ("Some", "Ok") and len(v._values) == 1:
            return v._values[0]
    return v
