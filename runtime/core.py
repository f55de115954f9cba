"""The runtime core that generated code imports as ``_spl`` (``import runtime.core as _spl``).

Generated code reaches every helper as ``_spl.<name>``: display, Simple arithmetic, built-in
functions and methods (``m_<name>``), casts and type tests, Option/Result, bases for classes and
enums, externs. SSpec words (``describe``, ``it``, ``expect`` ...) are looked up lazily in
``runtime.spec``, so a program that does not use them never imports it. Nothing here imports torch.
"""

from __future__ import annotations

import builtins as _builtins
import itertools as _itertools
import math as _math
import sys as _sys
import types as _types

from runtime.display import fmt_value, show, show_nested
from runtime.errors import MatchError, PanicError, SimpleError, drop_failures
from runtime.forms import context_method, unwrap_else, unwrap_or  # noqa: F401
from runtime.safe_casts import try_cast  # noqa: F401
from runtime.frozen import freeze, unfreeze  # noqa: F401 - Simple's freeze()/unfreeze()
from runtime.units import Quantity  # noqa: F401
from runtime.casts import cast, is_type, isa, to_float, to_int, try_isa  # noqa: F401
from runtime.extensions import TypeParam, impl_blanket, impl_builtin, implements, standard_trait, type_static  # noqa: F401
from runtime.methods import DISPATCHERS, Items, prop, show_type, xcall  # noqa: F401
from runtime.objects import (  # noqa: F401  (generated code reaches these as _spl.<name>)
    Enum,
    Err,
    Object,
    Ok,
    Option,
    Result,
    Some,
    Struct,
    Trait,
    chain_result,
    chain_target,
    dual,
    failed,
    forward,
    impl,
    ok_value,
    opt,
    variant,
)

globals().update(DISPATCHERS)  # m_len, m_push, ... (see runtime.methods)

__all__ = ["show", "show_nested", "fmt_value", "prop", "Items", "Enum", "Object", "Struct", "Trait"]

# Python builtins generated code needs, under names no Simple program can shadow.
range = _builtins.range
isinstance = _builtins.isinstance
enumerate = _builtins.enumerate
list = _builtins.list
format = _builtins.format
len_ = _builtins.len
type_ = _builtins.type  # `x is i64` is `_spl.type_(x) is _spl.int_`
int_, float_, str_, bool_ = _builtins.int, _builtins.float, _builtins.str, _builtins.bool
list_, dict_, tuple_ = _builtins.list, _builtins.dict, _builtins.tuple
staticmethod = _builtins.staticmethod
new_set = _builtins.set


class _Missing:
    """Default of a parameter or field whose declared default is evaluated per call."""

    def __repr__(self) -> str:
        return "MISSING"


MISSING = _Missing()


# --------------------------------------------------------------------------- output and errors


def print(*values, **kw) -> None:  # noqa: A001 - Simple's print
    _sys.stdout.write(" ".join([show(v) for v in values]) + "\n")


println = print


def eprint(*values) -> None:
    _sys.stderr.write(" ".join([show(v) for v in values]) + "\n")


eprintln = eprint


def panic(message="panic") -> None:
    raise PanicError(show(message))


def assert_failed(message=None) -> None:
    raise PanicError("assertion failed" + (f": {show(message)}" if message is not None else ""))


def no_match(value, line: int) -> None:
    raise MatchError(f"no match arm for {show_nested(value)} (line {line})")


def has_field(value, name: str, attr: str | None = None) -> bool:
    """Whether ``value`` has the field ``name``: a dict's key, or an object's field (not a method).
    ``attr`` is the Python attribute when the Simple name was renamed (``class`` -> ``class_``)."""
    if type(value) is dict:
        return name in value
    attr = attr or name
    if attr in getattr(type(value), "_spl_fields", ()):
        return True
    d = getattr(value, "__dict__", None)
    return d is not None and attr in d


def field(value, name: str, attr: str | None = None):
    """The field (or dict key) ``name`` of ``value``, for ``val {name} = value`` and ``case {name: n}``."""
    if has_field(value, name, attr):
        return value[name] if type(value) is dict else getattr(value, attr or name)
    if type(value) is dict:
        raise SimpleError(f"dict has no key {show_nested(name)} to destructure")
    raise SimpleError(f"{show_type(value)} has no field '{name}' to destructure")


def missing_arg(func: str, name: str) -> None:
    raise SimpleError(f"missing argument {name} for {func}")


def args() -> list:
    """The program's command-line arguments (after the .spl file)."""
    return _builtins.list(_sys.argv[1:])


def env_get(name: str):
    import os

    return os.environ.get(name)


def extern(name: str):
    """The Python callable serving ``extern fn name``, from the extern registry."""
    from runtime import externs

    return externs.bind(name)


def exit_main(main) -> None:
    """End of a generated entry module run as a script: call ``main()``; an int is the exit code
    (1 instead of 0 when a ``drop()`` failed)."""
    code = main()
    code = code if type(code) is int else 0
    _sys.exit(1 if code == 0 and drop_failures() else code)


# --------------------------------------------------------------------------- value structs, container reads


def cp(v):
    """A struct value entering a new place (binding, argument, element, field, return): its own copy,
    nested struct fields included. Classes, lists and everything else are references, shared."""
    if isinstance(v, Struct):
        new = object.__new__(type(v))
        d = new.__dict__
        for k, item in v.__dict__.items():
            d[k] = cp(item) if isinstance(item, Struct) else item
        return new
    return v


def index(xs, k):
    """``xs[k]`` as a value: a dict's missing key is nil (so ``counts[k] ?? 0`` works); a list index
    out of range stays an error."""
    try:
        return xs[k]
    except KeyError:
        if isinstance(xs, dict):
            return None
        raise


def is_variant(v, name: str) -> bool:
    """A bare unit-variant name in a pattern (``case Red:``): ``v`` is the unit variant ``name`` of its enum."""
    return isinstance(v, Enum) and v._spl_fields is None and v._spl_variant == name


def has_variant(v, name: str) -> bool:
    """A one-word variant pattern (``case TyVar(v):``): ``v`` is a payload variant ``name`` of its enum."""
    return isinstance(v, Enum) and v._spl_fields is not None and v._spl_variant == name


def bare_pattern(v, name: str) -> bool:
    """A capitalised bare name in a pattern that no enum in scope declares: it tests ``v`` when ``v``'s
    enum has a unit variant ``name`` (so ``case Red:`` works for an imported enum), else it binds."""
    if isinstance(v, Enum):
        member = getattr(v._spl_enum, name, None)
        if isinstance(member, Enum) and member._spl_fields is None:
            return v is member
    return True


# --------------------------------------------------------------------------- arithmetic


def div(a, b):
    """``a / b``: truncates toward zero for two ints, true division otherwise."""
    if type(a) is int and type(b) is int:
        q = a // b
        if q < 0 and q * b != a:
            q += 1
        return q
    return a / b


def mod(a, b):
    """``a % b``: the sign of the dividend, so that ``a == b * (a / b) + a % b``."""
    if type(a) is int and type(b) is int:
        r = a % b
        if r and (a < 0) != (b < 0):
            r -= b
        return r
    if (type(a) is float or type(b) is float) and type(a) in (int, float) and type(b) in (int, float):
        return _math.fmod(a, b)
    return a % b  # a class's `mod` method (runtime/objects.py OPERATORS)


fmod = _math.fmod  # ``%`` with a float on either side (lowering emits it when it knows that)


def concat(a, b):
    """``+`` with a string literal on one side: the other side is shown as text."""
    if type(a) is str and type(b) is str:
        return a + b
    if type(a) is str:
        return a + show(b)
    if type(b) is str:
        return show(a) + b
    return a + b


def fill(value, count: int) -> list:
    """``[value; count]``: each slot holds its own copy of a mutable value."""
    if type(value) in (int, float, str, bool) or value is None:
        return [value] * count
    import copy

    return [copy.deepcopy(value) for _ in _builtins.range(count)]


def srange(start, end, inclusive: bool = False):
    """``a..b`` / ``a..=b`` as a value: a lazy ``range`` for ints."""
    if type(start) is not int or type(end) is not int:
        raise SimpleError(f"range bounds must be integers, got {show_type(start)} and {show_type(end)}")
    return _builtins.range(start, end + 1 if inclusive else end)


def count_from(start):
    """``(a..)``: a, a + 1, ... without end (a loop leaves it with break)."""
    if type(start) is not int:
        raise SimpleError(f"range bounds must be integers, got {show_type(start)}")
    return _itertools.count(start)


def slice_of(start, end, inclusive: bool = False):
    """``xs[a..b]`` / ``xs[a..=b]``."""
    if inclusive and end is not None:
        end = end + 1 if end != -1 else None
    return slice(start, end)


def each(xs):
    """``for x in xs`` where the compiler does not know what ``xs`` holds: an int ``n`` iterates
    ``0..n`` (as ``for i in 5`` does when the type is known), anything else as itself."""
    return _builtins.range(xs) if type(xs) is int else xs


def each2(xs):
    """``for i, x in xs``: pairs of a dict or of ``d.items()``, else (index, element)."""
    t = type(xs)
    if t is dict:
        return xs.items()
    if t is Items:
        return xs
    return _builtins.enumerate(xs)


def pairs(xs):
    """``for (k, v) in d`` over a dict destructures its (key, value) pairs."""
    return xs.items() if type(xs) is dict else xs


def is_tuple(v, n: int) -> bool:
    return type(v) is tuple and _builtins.len(v) == n


def is_list(v, n: int) -> bool:  # a ``[a, b]`` pattern: a list (frozen too) of exactly n items
    return _builtins.isinstance(v, list) and _builtins.len(v) == n


def call_method(obj, name: str, *args, **kwargs):
    """``x.m(...)`` where a type has both a field and a method ``m``: the method, not the field value."""
    for klass in type(obj).__mro__:
        f = klass.__dict__.get(name)
        if isinstance(f, _types.FunctionType):
            return f(obj, *args, **kwargs)
    return getattr(obj, name)(*args, **kwargs)


def presence(v):
    """``x.?``: nil when ``x`` is nil or empty, else ``x``."""
    if v is None:
        return None
    try:
        if _builtins.len(v) == 0:
            return None
    except TypeError:
        pass
    return v


class _Context:
    """``with x:`` for an object with ``enter()``/``exit()`` methods instead of Python's protocol."""

    def __init__(self, obj):
        self.obj = obj

    def __enter__(self):
        enter = getattr(self.obj, "enter", None)
        return enter() if enter is not None else self.obj

    def __exit__(self, *exc):
        leave = getattr(self.obj, "exit", None) or getattr(self.obj, "close", None)
        if leave is not None:
            leave()
        return False


def ctx(obj):
    if hasattr(obj, "__enter__"):
        return obj
    return _Context(obj)


# --------------------------------------------------------------------------- built-in functions


def text(v) -> str:
    return show(v)


def length(v):
    return _builtins.len(v)


def sqrt(v):
    return _math.sqrt(v)


# Simple's built-in functions: Simple name -> attribute of this module. A module that defines or
# imports one of these names uses its own; otherwise lowering emits ``_spl.<attribute>``.
BUILTINS = {
    "print": "print",
    "println": "println",
    "eprint": "eprint",
    "eprintln": "eprintln",
    "panic": "panic",
    "Some": "Some",
    "Ok": "Ok",
    "Err": "Err",
    "Option": "Option",
    "Result": "Result",
    "int": "to_int",
    "float": "to_float",
    "str": "text",
    "text": "text",
    "to_string": "text",
    "len": "length",
    "abs": "abs",
    "min": "min",
    "max": "max",
    "sqrt": "sqrt",
    "range": "srange_fn",
    "args": "args",
    "env_get": "env_get",
}
BUILTINS.update(freeze="freeze", unfreeze="unfreeze")
abs = _builtins.abs  # noqa: A001 - the same objects as Python's; no function here relies on the names
min = _builtins.min  # noqa: A001
max = _builtins.max  # noqa: A001


def srange_fn(start, end=None, step=1):
    """Simple's ``range(a, b)`` function: Python's range."""
    if end is None:
        return _builtins.range(start)
    return _builtins.range(start, end, step)


# --------------------------------------------------------------------------- SSpec words, lazily

_SPEC_WORDS = frozenset(
    """describe context feature it test example specify scenario slow_it skip_it skip pending xit step
    before_each after_each before_all after_all expect Expectation fail check assert_true assert_false
    assert_eq assert_ne assert_equal assert_not_equal assert_nil assert_not_nil assert_contains
    eq equal be_nil be_true be_false be_empty print_summary get_exit_code""".split()
)


def __getattr__(name: str):
    if name in _SPEC_WORDS:
        from runtime import spec

        value = getattr(spec, name)
        globals()[name] = value
        return value
    raise AttributeError(f"undefined name '{name}'")


BUILTINS.update({w: w for w in _SPEC_WORDS})


def _is_num(x) -> bool:
    return type(x) in (int, float)


def _dot(a: list, b: list):
    if len(a) != len(b):
        raise PanicError(f"@: vectors of length {len(a)} and {len(b)}")
    return sum(x * y for x, y in zip(a, b))


def matmul(a, b):
    """``a @ b`` as NumPy's ``matmul``: two numbers multiply; 1-D @ 1-D is the dot product; 2-D @ 2-D
    the matrix product; 2-D @ 1-D and 1-D @ 2-D the matrix-vector products. Anything else (a Tensor,
    a user type with ``matmul``) is Python's ``@``."""
    if _is_num(a) and _is_num(b):
        return a * b
    if type(a) is list and type(b) is list:
        a2 = bool(a) and type(a[0]) is list
        b2 = bool(b) and type(b[0]) is list
        if not a2 and not b2:
            return _dot(a, b)
        if a2 and not b2:
            return [_dot(row, b) for row in a]
        columns = [list(col) for col in zip(*b)]
        if b2 and len(b) != (len(a[0]) if a2 else len(a)):
            raise PanicError(f"@: shapes do not match ({len(a[0]) if a2 else len(a)} vs {len(b)})")
        if not a2:
            return [_dot(a, col) for col in columns]
        return [[_dot(row, col) for col in columns] for row in a]
    return a @ b
