"""Simple's built-in methods on Python values (language reference §7).

Generated code lowers ``x.m(args)`` for a name in ``METHOD_NAMES`` to ``_spl.m_<m>(x, args)``: one
dict lookup on ``type(x)`` picks the list/text/dict/number implementation, and any other value
(a user class with its own ``push``, an Option, a module) gets ``x.m(args)``. ``prop(x, name)``
serves ``x.len`` written without parentheses.
"""

from __future__ import annotations

import keyword as _keyword
import math
import types
from functools import reduce as _reduce

from runtime.display import show
from runtime.errors import PanicError
from runtime.frozen import FrozenDict, FrozenList
from runtime import objects as _objects
from runtime.objects import Err, Some


class Items(list):
    """``d.items()``: a list of (key, value) pairs that ``for k, v in`` destructures as pairs."""


def _int_or_none(s: str):
    try:
        return Some(int(s.strip().replace("_", "")))
    except ValueError:
        return None


def _float_or_none(s: str):
    try:
        return Some(float(s.strip()))
    except ValueError:
        return None


def _nth(xs, i):
    try:
        return xs[i]
    except IndexError:
        return None


def _fold(xs, *args):
    if len(args) == 1:
        return _reduce(args[0], xs)
    init, f = args
    return _reduce(f, xs, init)


def _pop(xs, i=None):
    if not xs:
        return None
    return xs.pop() if i is None else xs.pop(i)


def _index_of(xs, x):
    try:
        return xs.index(x)
    except ValueError:
        return -1


def _find(xs, f):
    for x in xs:
        if f(x):
            return x
    return None


def _count(xs, f=None):
    if f is None:
        return len(xs)
    if isinstance(xs, str):
        return xs.count(f)
    return sum(1 for x in xs if f(x))


def _each(xs, f):
    for x in xs:
        f(x)


def _sort(xs, key=None):
    return sorted(xs, key=key)


def _join(xs, sep=""):
    return sep.join([show(x) for x in xs])


def _substring(s, start, end=None):
    return s[start:end]


def _split(s, sep=None):
    return s.split(sep) if sep != "" else list(s)


def _insert(xs, i, x):
    xs.insert(i, x)


def _remove_at(xs, i):
    return xs.pop(i)


def _push(xs, x):
    """Append ``x`` and return the list itself, so both ``xs.push(x)`` and ``xs = xs.push(x)`` work."""
    xs.append(x)
    return xs


_NO_ARG = object()


def _count_of(xs, x=_NO_ARG):
    """``count()`` is the length, ``count(f)`` counts matches of a function, ``count(x)`` equal items."""
    if x is _NO_ARG:
        return len(xs)
    if callable(x):
        return sum(1 for y in xs if x(y))
    return xs.count(x)


def _unique(xs):
    out, seen = [], []
    for x in xs:
        if x not in seen:
            seen.append(x)
            out.append(x)
    return out


def _flatten(xs):
    return [y for x in xs for y in (x if isinstance(x, (list, tuple)) else [x])]


def _chunk(xs, n):
    return [list(xs[i : i + n]) for i in range(0, len(xs), n)] if n > 0 else []


def _remove_index(xs, i):
    """``xs.remove(i)``: remove and return the item at index ``i`` (upstream's list.remove)."""
    return xs.pop(i)


def _product(xs):
    out = 1
    for x in xs:
        out = out * x
    return out


def _position(xs, f):
    for i, x in enumerate(xs):
        if f(x):
            return i
    return None


def _partition(xs, f):
    yes = [x for x in xs if f(x)]
    return [yes, [x for x in xs if not f(x)]]


def _extend(xs, ys):
    xs.extend(ys)


def _clear(xs):
    xs.clear()


def _dict_get(d, k, default=None):
    return d.get(k, default)


def _opt_index(i: int):
    return None if i < 0 else Some(i)


def _str_pop(s):
    return s[-1] if s else None


def _capitalize(s):
    return s[:1].upper() + s[1:]


def _with(s, values):
    """``r"Hi {name}".with {"name": "Ann"}``: fill each ``{key}`` of the dict; other braces stay."""
    for key, value in values.items():
        s = s.replace("{" + str(key) + "}", show(value))
    return s


def _ord(s):
    if len(s) != 1:
        raise PanicError(f"ord() needs a one-character text, got {len(s)} characters")
    return ord(s)


def _chr(n):
    try:
        return chr(n)
    except (ValueError, OverflowError):
        raise PanicError(f"no character has the code {n}") from None


def _dict_set(d, k, v):
    d[k] = v


def _dict_remove(d, k):
    return d.pop(k, None)


def _fdiv(a, b):
    if type(a) is int and type(b) is int:
        return a // b
    return math.floor(a / b)


def _sqrt(x):
    return math.sqrt(x)


def _clamp(x, lo, hi):
    return lo if x < lo else hi if x > hi else x


def _unwrap_nil(v, *args):
    raise PanicError("called unwrap on nil")


def _expect_nil(v, msg="called expect on nil"):
    raise PanicError(msg)


_SEQ = {  # list, tuple, range: methods that build new values (never mutate)
    "len": len,
    "contains": lambda xs, x: x in xs,
    "join": _join,
    "first": lambda xs: _nth(xs, 0),
    "last": lambda xs: _nth(xs, -1),
    "get": lambda xs, i, default=None: xs[i] if -len(xs) <= i < len(xs) else default,
    "is_empty": lambda xs: len(xs) == 0,
    "map": lambda xs, f: [f(x) for x in xs],
    "filter": lambda xs, f: [x for x in xs if f(x)],
    "reduce": _fold,
    "fold": _fold,
    "any": lambda xs, f=bool: any(f(x) for x in xs),
    "all": lambda xs, f=bool: all(f(x) for x in xs),
    "flat_map": lambda xs, f: [y for x in xs for y in f(x)],
    "enumerate": lambda xs: list(enumerate(xs)),
    "zip": lambda xs, ys: list(zip(xs, ys)),
    "sort": _sort,
    "sorted": _sort,
    "reverse": lambda xs: list(reversed(xs)),
    "reversed": lambda xs: list(reversed(xs)),
    "sum": lambda xs: sum(xs),
    "min": lambda xs: min(xs) if len(xs) else None,
    "max": lambda xs: max(xs) if len(xs) else None,
    "index_of": _index_of,
    "find": _find,
    "count": _count_of,
    "each": _each,
    "for_each": _each,
    "take": lambda xs, n: list(xs[:n]),
    "skip": lambda xs, n: list(xs[n:]),
    "drop": lambda xs, n: list(xs[n:]),
    "concat": lambda xs, ys: list(xs) + list(ys),
    "unique": _unique,
    "uniq": _unique,
    "flatten": _flatten,
    "chunk": _chunk,
    "chunks": _chunk,
    "fill": lambda xs, v: [v] * len(xs),
    "all_truthy": lambda xs: all(xs),
    "any_truthy": lambda xs: any(xs),
    "none": lambda xs, f=bool: not any(f(x) for x in xs),
    "product": _product,
    "position": _position,
    "find_index": _position,
    "partition": _partition,
    "compact": lambda xs: [x for x in xs if x is not None],
    "to_set": set,
    "slice": lambda xs, a, b=None: list(xs[a:b]),
    "copy": list,
    "clone": list,
    "to_list": list,
    "to_string": show,
}

_LIST = dict(  # plus the methods that change the list in place
    _SEQ,
    push=_push,
    append=_push,
    remove=_remove_index,
    pop=_pop,
    clear=_clear,
    insert=_insert,
    remove_at=_remove_at,
    extend=_extend,
)

_STR = {
    "len": len,
    "upper": str.upper,
    "lower": str.lower,
    "to_upper": str.upper,
    "to_lower": str.lower,
    "uppercase": str.upper,
    "lowercase": str.lower,
    "to_uppercase": str.upper,
    "to_lowercase": str.lower,
    "capitalize": _capitalize,
    "trim": str.strip,
    "trimmed": str.strip,
    "strip": str.strip,
    "trim_start": str.lstrip,
    "trim_end": str.rstrip,
    "trim_left": str.lstrip,
    "trim_right": str.rstrip,
    "char_count": len,
    "byte_len": lambda s: len(s.encode("utf-8")),
    "push": lambda s, c: s + c,
    "push_str": lambda s, c: s + c,
    "appended": lambda s, c: s + c,
    "prepended": lambda s, c: c + s,
    "pop": _str_pop,
    "clear": lambda s: "",
    "reversed": lambda s: s[::-1],
    "sorted": lambda s: "".join(sorted(s)),
    "taken": lambda s, n: s[:n],
    "dropped": lambda s, n: s[n:],
    "take": lambda s, n: s[:n],
    "drop": lambda s, n: s[n:],
    "filtered": lambda s, f: "".join(c for c in s if f(c)),
    "find_str": lambda s, x: _opt_index(s.find(x)),
    "last_index_of": lambda s, x: _opt_index(s.rfind(x)),
    "with": _with,
    "ord": _ord,
    "char_code": _ord,
    "is_digit": str.isdigit,
    "is_alpha": str.isalpha,
    "is_alnum": str.isalnum,
    "is_whitespace": lambda s: s != "" and s.isspace(),
    "is_upper": str.isupper,
    "is_lower": str.islower,
    "is_ascii": str.isascii,
    "is_printable": str.isprintable,
    "is_title": str.istitle,
    "expand_tabs": lambda s, n=8: s.expandtabs(n),
    "pad_left": lambda s, n, c=" ": s.rjust(n, c),
    "pad_right": lambda s, n, c=" ": s.ljust(n, c),
    "to_i64": lambda s: int(s),
    "to_f64": lambda s: float(s),
    "split": _split,
    "lines": str.splitlines,
    "chars": list,
    "contains": lambda s, x: x in s,
    "starts_with": str.startswith,
    "ends_with": str.endswith,
    "replace": str.replace,
    "repeat": lambda s, n: s * n,
    "substring": _substring,
    "slice": _substring,
    "parse_int": _int_or_none,
    "parse_float": _float_or_none,
    "to_int": lambda s: int(s),
    "to_float": lambda s: float(s),
    "to_string": show,
    "index_of": lambda s, x: _opt_index(s.find(x)),
    "find": lambda s, x: s.find(x),
    "count": _count,
    "is_empty": lambda s: len(s) == 0,
    "first": lambda s: s[0] if s else None,
    "last": lambda s: s[-1] if s else None,
    "get": lambda s, i, default=None: s[i] if -len(s) <= i < len(s) else default,
    "char_at": lambda s, i: s[i],
    "reverse": lambda s: s[::-1],
    "join": lambda s, xs: s.join([show(x) for x in xs]),
    "copy": str,
    "clone": str,
}

_DICT = {
    "len": len,
    "get": _dict_get,
    "get_or": lambda d, k, default: d.get(k, default),
    "set": _dict_set,
    "insert": _dict_set,
    "remove": _dict_remove,
    "items": lambda d: Items(d.items()),
    "entries": lambda d: Items(d.items()),
    "keys": lambda d: list(d),
    "values": lambda d: list(d.values()),
    "contains": lambda d, k: k in d,
    "contains_key": lambda d, k: k in d,
    "has": lambda d, k: k in d,
    "is_empty": lambda d: len(d) == 0,
    "clear": _clear,
    "copy": dict,
    "clone": dict,
    "merge": lambda d, o: {**d, **o},
    "to_string": show,
}

_SET = {
    "len": len,
    "contains": lambda s, x: x in s,
    "has": lambda s, x: x in s,
    "insert": lambda s, x: s.add(x),
    "add": lambda s, x: s.add(x),
    "remove": lambda s, x: s.discard(x),
    "union": lambda s, o: s | set(o),
    "intersect": lambda s, o: s & set(o),
    "diff": lambda s, o: s - set(o),
    "is_empty": lambda s: len(s) == 0,
    "to_list": list,
    "copy": set,
    "clone": set,
    "map": lambda s, f: {f(x) for x in s},
    "filter": lambda s, f: {x for x in s if f(x)},
    "to_string": show,
}

_NUM = {
    "abs": abs,
    "sqrt": _sqrt,
    "fdiv": _fdiv,
    "to_string": show,
    "pow": lambda a, b: a**b,
    "min": min,
    "max": max,
    "floor": math.floor,
    "ceil": math.ceil,
    "round": round,
    "to_float": float,
    "to_int": int,
    "to_f64": float,
    "to_i64": int,
    "clamp": _clamp,
    "chr": _chr,
    "to_char": _chr,
    "is_even": lambda n: n % 2 == 0,
    "is_odd": lambda n: n % 2 != 0,
    "sign": lambda n: (n > 0) - (n < 0),
    "is_nan": lambda x: x != x,
    "exp": math.exp,
    "ln": math.log,
    "log": math.log,
    "sin": math.sin,
    "cos": math.cos,
    "tanh": math.tanh,
}

_BOOL = {"to_string": show}

_NIL = {
    "is_some": lambda v: False,
    "is_none": lambda v: True,
    "is_nil": lambda v: True,
    "unwrap": _unwrap_nil,
    "expect": _expect_nil,
    "unwrap_or": lambda v, d: d,
    "unwrap_or_else": lambda v, f: f(),
    "map": lambda v, f: None,
    "and_then": lambda v, f: None,
    "or_else": lambda v, f: f(),
    "ok_or": lambda v, e: Err(e),
    "ok_or_else": lambda v, f: Err(f()),
    "filter": lambda v, f: None,
    "unwrap_or_default": lambda v, d=None: d,
    "to_string": show,
    "len": lambda v: 0,
    "is_empty": lambda v: True,
}

_FROZEN_DICT = {k: f for k, f in _DICT.items() if k not in ("set", "insert", "remove", "clear")}

TABLES = {
    list: _LIST,
    Items: _LIST,
    FrozenList: _SEQ,
    FrozenDict: _FROZEN_DICT,
    tuple: _SEQ,
    range: _SEQ,
    str: _STR,
    dict: _DICT,
    set: _SET,
    frozenset: _SET,
    int: _NUM,
    float: _NUM,
    bool: _BOOL,
    type(None): _NIL,
}
_objects.BUILTIN_METHODS.update(TABLES)

# Methods every value has when its own type does not define them. A plain value is "present" as
# Simple's `T?` (nil is the absent case), so `x.is_some` is true for any value that is not nil.
_GENERIC = {"to_string": show, "to_text": show, "is_some": lambda x: True, "is_none": lambda x: False}

METHOD_NAMES = frozenset(name for table in TABLES.values() for name in table) | frozenset(_GENERIC)

# Names that ``x.name`` (no parentheses) calls when ``x`` has such a zero-argument method.
ZERO_ARG_NAMES = frozenset(
    {
        "len", "upper", "lower", "trim", "first", "last", "is_empty", "sum", "keys", "values",
        "items", "abs", "sqrt", "to_string", "to_text", "reverse", "sort", "chars", "lines", "is_some",
        "is_none", "is_ok", "is_err", "unwrap", "ok", "err", "min", "max", "floor", "ceil",
        "to_int", "to_float", "parse_int", "parse_float", "enumerate", "pop", "to_upper",
        "to_lower", "trim_start", "trim_end", "is_nil", "copy", "clone", "to_list", "strip",
        "uppercase", "lowercase", "trimmed", "char_count", "byte_len", "unique", "flatten",
        "reversed", "sorted", "capitalize", "to_i64", "to_f64", "product", "compact",
    }
)


def _missing(x, name: str):
    generic = _GENERIC.get(name)
    if generic is not None:
        return generic
    raise AttributeError(unknown_method_message(x, name))


def unknown_method_message(x, name: str) -> str:
    """``text has no method 'uper' (did you mean 'upper'?)``: close names from the type's table."""
    import difflib  # only on this error path: keeps it off program start-up

    table = TABLES.get(type(x))
    known = list(table or ()) + [n for n in _GENERIC if not table or n not in table]
    close = difflib.get_close_matches(name, known, n=3, cutoff=0.6) if table is not None else []
    hint = f" (did you mean {', '.join(repr(c) for c in close)}?)" if close else ""
    return f"{show_type(x)} has no method '{name}'{hint}"


def show_type(x) -> str:
    t = type(x)
    names = {int: "i64", float: "f64", str: "text", bool: "bool", list: "list", dict: "dict",
             type(None): "nil", tuple: "tuple", set: "set", FrozenList: "frozen list",
             FrozenDict: "frozen dict", Items: "list", frozenset: "set", range: "range"}
    return names.get(t, t.__name__)


def _attr_name(name: str) -> str:
    """The Python attribute of a Simple method name on a user object (spl2py/lower/names.py's rule:
    a keyword, or None/True/False, gets a trailing ``_``, so ``fn with(d)`` is ``with_``)."""
    base = name.rstrip("_")
    return name + "_" if _keyword.iskeyword(base) or base in ("None", "True", "False") else name


def _dispatcher(name: str):
    by_type = {t: table[name] for t, table in TABLES.items() if name in table}
    get = by_type.get
    attr = _attr_name(name)

    def call(x, *args, **kwargs):
        f = get(type(x))
        if f is not None:
            return f(x, *args, **kwargs)
        try:
            method = getattr(x, attr)
        except AttributeError:
            return _missing(x, name)(x, *args, **kwargs)
        return method(*args, **kwargs)

    call.__name__ = call.__qualname__ = "m_" + name
    return call


DISPATCHERS = {"m_" + name: _dispatcher(name) for name in METHOD_NAMES}


def _fast(name: str, fast_type: type, fast):
    """A dispatcher that calls ``fast`` directly for its commonest receiver type, else dispatches."""
    general = DISPATCHERS["m_" + name]

    def call(x, *args, **kwargs):
        if type(x) is fast_type and not kwargs:
            return fast(x, *args)
        return general(x, *args, **kwargs)

    call.__name__ = call.__qualname__ = "m_" + name
    return call


def _m_push(xs, x, *rest, **kwargs):
    if type(xs) is list and not rest and not kwargs:
        xs.append(x)
        return xs  # as _push: the list itself
    return _general_push(xs, x, *rest, **kwargs)


def _m_len(x):
    t = type(x)
    if t is list or t is str or t is dict:
        return len(x)
    return _general_len(x)


_general_push, _general_len = DISPATCHERS["m_push"], DISPATCHERS["m_len"]
_m_push.__name__ = _m_push.__qualname__ = "m_push"
_m_len.__name__ = _m_len.__qualname__ = "m_len"
DISPATCHERS.update(m_push=_m_push, m_len=_m_len, m_split=_fast("split", str, _split))


def prop(x, name: str):
    """``x.name`` with no parentheses: the zero-argument builtin method, a field, or a bound method called."""
    table = TABLES.get(type(x))
    if table is not None and name in table:
        return table[name](x)
    try:
        v = getattr(x, _attr_name(name))
    except AttributeError:
        return _missing(x, name)(x)
    return v() if type(v) is types.MethodType else v


# --------------------------------------------------------------------------- docs/builtins.md

_DOC_ROWS = (  # (heading, table) in the order docs/builtins.md lists them
    ("list", _LIST),
    ("tuple, range (read-only sequences)", _SEQ),
    ("frozen list (`freeze([...])`)", _SEQ),
    ("text", _STR),
    ("dict", _DICT),
    ("frozen dict (`freeze({...})`)", _FROZEN_DICT),
    ("set", _SET),
    ("i64, f64", _NUM),
    ("bool", _BOOL),
    ("nil (the absent Option)", _NIL),
    ("any other value", _GENERIC),
)


def _class_methods(cls) -> list[str]:
    return sorted(n for n, v in vars(cls).items() if callable(v) and not n.startswith("_"))


def markdown() -> str:
    """The table of every built-in method per type, generated from the runtime's own tables."""
    from runtime.objects import Option, Result

    lines = [
        "# Built-in methods",
        "",
        "Generated by `python -m runtime.methods --markdown > docs/builtins.md` from the tables in",
        "`runtime/methods.py` and the Option/Result classes in `runtime/objects.py`; a test checks",
        "that this file matches. `x.m(...)` on such a value runs the method listed here; the names",
        "also in the zero-argument set can be written without parentheses (`s.len`, `xs.first`).",
        "",
        "| type | methods |",
        "|---|---|",
    ]
    rows = [(heading, sorted(table)) for heading, table in _DOC_ROWS]
    rows += [("Some (`Option`)", _class_methods(Option)), ("Ok / Err (`Result`)", _class_methods(Result))]
    for heading, names in rows:
        lines.append(f"| {heading} | {', '.join(f'`{n}`' for n in names)} |")
    lines += ["", "Without parentheses: " + ", ".join(f"`{n}`" for n in sorted(ZERO_ARG_NAMES)) + ".", ""]
    return "\n".join(lines)


if __name__ == "__main__":
    import sys

    if sys.argv[1:] != ["--markdown"]:
        sys.exit("usage: python -m runtime.methods --markdown")
    sys.stdout.write(markdown())
