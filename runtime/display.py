"""Simple's text of a value: what `print`, interpolation and `to_string()` produce.

``show(v)`` is the top-level text (a string stays bare); ``show_nested(v)`` is the text of a value
inside a collection, payload or field (a string is double-quoted). ``true``/``false``/``nil``, never
``True``/``None``; floats as Python ``repr``.
"""

from __future__ import annotations

import types


def show(v) -> str:
    if type(v) is str:
        return v
    return show_nested(v)


_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r"})


def _quote(s: str) -> str:
    return '"' + s.translate(_ESCAPES) + '"'


def _show_list(v) -> str:
    return "[" + ", ".join([show_nested(x) for x in v]) + "]"


def _show_tuple(v) -> str:
    inner = ", ".join([show_nested(x) for x in v])
    return "(" + inner + ("," if len(v) == 1 else "") + ")"


def _show_dict(v) -> str:
    return "{" + ", ".join([show_nested(k) + ": " + show_nested(x) for k, x in v.items()]) + "}"


def _show_set(v) -> str:
    if not v:
        return "{}"
    return "{" + ", ".join(sorted((show_nested(x) for x in v))) + "}"


def _show_range(v) -> str:
    if v.step == 1:
        return f"{v.start}..{v.stop}"
    return f"range({v.start}, {v.stop}, {v.step})"


def _show_function(v) -> str:
    name = getattr(v, "__name__", "fn")
    if name.startswith("_spl") or name == "<lambda>":
        return "<fn>"
    return f"<fn {name}>"


_BY_TYPE = {
    str: _quote,
    bool: lambda v: "true" if v else "false",
    int: int.__repr__,
    float: float.__repr__,
    type(None): lambda v: "nil",
    list: _show_list,
    tuple: _show_tuple,
    dict: _show_dict,
    set: _show_set,
    frozenset: _show_set,
    range: _show_range,
    types.FunctionType: _show_function,
    types.BuiltinFunctionType: _show_function,
    types.MethodType: _show_function,
}


def show_nested(v) -> str:
    f = _BY_TYPE.get(type(v))
    if f is not None:
        return f(v)
    spl_show = getattr(v, "_spl_show", None)
    if spl_show is not None and not isinstance(v, type):
        return spl_show()
    if isinstance(v, type):
        return v.__name__
    if isinstance(v, list):
        return _show_list(v)
    if isinstance(v, dict):
        return _show_dict(v)
    if isinstance(v, tuple):
        return _show_tuple(v)
    return str(v)


def fmt_value(v):
    """The value handed to ``format()`` for ``{v:spec}``: numbers as they are, the rest as text."""
    t = type(v)
    if t is int or t is float:
        return v
    if t is str or t is bool or v is None or t in (list, tuple, dict, set):
        return show(v)
    if hasattr(v, "_spl_show"):
        return show(v)
    return v
