"""Simple's built-in methods on Python values (language reference §7): dispatch and their docs.

Generated code lowers ``x.m(args)`` for a name in ``METHOD_NAMES`` to ``_spl.m_<m>(x, args)``: one
dict lookup on ``type(x)`` picks the list/text/dict/number implementation, and any other value
(a user class with its own ``push``, an Option, a module) gets ``x.m(args)``. ``prop(x, name)``
serves ``x.len`` written without parentheses. The tables themselves are in runtime/method_tables.py
(re-exported here: ``TABLES``, ``METHOD_NAMES``, ``ZERO_ARG_NAMES``, ``Items``).
"""

from __future__ import annotations

import keyword as _keyword
import types

from runtime.frozen import FrozenDict, FrozenList
from runtime import extensions as _extensions
from runtime.method_impls import _split
from runtime.method_tables import (
    BOOL,
    DICT,
    FROZEN_DICT,
    GENERIC,
    LIST,
    METHOD_NAMES,
    NIL,
    NUM,
    SEQ,
    SET,
    STR,
    TABLES,
    ZERO_ARG_NAMES,
    Items,
)


def _missing(x, name: str):
    """What ``x.name`` is when neither the type's table nor its class has it: an impl block's method
    for a built-in type or a blanket impl's, then a method every value has, else an error."""
    extension = _extensions.find(x, name)
    if extension is not None:
        return extension
    generic = GENERIC.get(name)
    if generic is not None:
        return generic
    raise AttributeError(unknown_method_message(x, name))


def unknown_method_message(x, name: str) -> str:
    """``text has no method 'uper' (did you mean 'upper'?)``: close names from the type's table."""
    import difflib  # only on this error path: keeps it off program start-up

    table = TABLES.get(type(x))
    known = list(table or ()) + [n for n in GENERIC if not table or n not in table]
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
            return f(x, *args, **kwargs) if kwargs else f(x, *args)
        try:
            method = getattr(x, attr)
        except AttributeError:
            return _missing(x, name)(x, *args, **kwargs)
        return method(*args, **kwargs) if kwargs else method(*args)  # a user object's own method

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


def xcall(x, name: str, *args, **kwargs):
    """``x.name(args)`` for a name no built-in type has but an impl block may give one (or every type):
    a user object's own method first, then ``_missing``'s order. A built-in value never reaches
    Python's own methods (``"a".title``) this way."""
    if type(x) not in TABLES:
        try:
            method = getattr(x, _attr_name(name))
        except AttributeError:
            pass
        else:
            return method(*args, **kwargs)
    return _missing(x, name)(x, *args, **kwargs)


def prop(x, name: str):
    """``x.name`` with no parentheses: the zero-argument builtin method, a field, or a bound method called."""
    table = TABLES.get(type(x))
    if table is not None and name in table:
        return table[name](x)
    try:
        v = getattr(x, _attr_name(name))
    except AttributeError:
        return _missing(x, name)(x)
    if type(v) is types.MethodType or (type(v) is types.FunctionType and _static_method(x, name)):
        return v()
    return v


def _static_method(x, name: str) -> bool:
    """Whether ``x.name`` is a method declared without ``self`` (not a field holding a function)."""
    return not isinstance(x, type) and isinstance(vars(type(x)).get(_attr_name(name)), staticmethod)


# --------------------------------------------------------------------------- docs/builtins.md

_DOC_ROWS = (  # (heading, table) in the order docs/builtins.md lists them
    ("list", LIST),
    ("tuple, range (read-only sequences)", SEQ),
    ("frozen list (`freeze([...])`)", SEQ),
    ("text", STR),
    ("dict", DICT),
    ("frozen dict (`freeze({...})`)", FROZEN_DICT),
    ("set", SET),
    ("i64, f64", NUM),
    ("bool", BOOL),
    ("nil (the absent Option)", NIL),
    ("any other value", GENERIC),
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
        "`runtime/method_tables.py` and the Option/Result classes in `runtime/objects.py`; a test checks",
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
