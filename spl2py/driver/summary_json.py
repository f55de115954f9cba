"""A module ``Summary`` as JSON, and back, with every field checked (the cache's summary format).

Decoding accepts exactly the shape ``encode`` writes: known fields only, each of its type; any
other input is None (a cache miss). Nothing here can construct anything but a Summary, UseRecord,
UseItem, ClassRecord or Span (``spl2py.modules.records``: no AST class is imported).
"""

from __future__ import annotations

import json
from dataclasses import fields

from spl2py.diagnostics import Span
from spl2py.modules.records import ClassRecord, Summary, UseItem, UseRecord


class Invalid(ValueError):
    """The JSON is not a summary this version wrote."""


def encode(summary: Summary) -> bytes:
    data = {
        "uses": [_use_data(u) for u in summary.uses],
        "top_level": list(summary.top_level),
        "defined": list(summary.defined),
        "exports": [[name, _span(span)] for name, span in summary.exports],
        "empty": summary.empty,
        "methods": list(summary.methods),
        "classes": [[c.name, c.struct, list(c.methods), list(c.self_returning)] for c in summary.classes],
        "externs": [[name, list(params)] for name, params in summary.externs],
    }
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def decode(data: bytes) -> Summary | None:
    try:
        return _summary(json.loads(data.decode("utf-8")))
    except (Invalid, ValueError, UnicodeDecodeError, RecursionError):
        return None


# --------------------------------------------------------------------------- encoding


def _span(span: Span) -> list:
    return [span.file, span.line, span.col]


def _use_data(use: UseRecord) -> dict:
    out = {}
    for f in fields(use):
        value = getattr(use, f.name)
        if f.name == "span":
            value = _span(value)
        elif f.name == "names" and value is not None:
            value = [{"span": _span(n.span), "name": n.name, "alias": n.alias} for n in value]
        elif isinstance(value, tuple):
            value = list(value)
        out[f.name] = value
    return out


# --------------------------------------------------------------------------- decoding


def _check(ok: bool) -> None:
    if not ok:
        raise Invalid


def _str(v) -> str:
    _check(type(v) is str)
    return v


def _int(v) -> int:
    _check(type(v) is int and v >= 0)
    return v


def _bool(v) -> bool:
    _check(type(v) is bool)
    return v


def _opt_str(v) -> str | None:
    return None if v is None else _str(v)


def _list(v) -> list:
    _check(type(v) is list)
    return v


def _dict(v, keys: set[str]) -> dict:
    _check(type(v) is dict and set(v) == keys)
    return v


def _span_of(v) -> Span:
    items = _list(v)
    _check(len(items) == 3)
    return Span(_str(items[0]), _int(items[1]), _int(items[2]))


def _use_name(v) -> UseItem:
    d = _dict(v, {"span", "name", "alias"})
    return UseItem(_span_of(d["span"]), _str(d["name"]), _opt_str(d["alias"]))


_USE_FIELDS = {
    "span": _span_of,
    "path": lambda v: tuple(_str(p) for p in _list(v)),
    "names": lambda v: None if v is None else tuple(_use_name(n) for n in _list(v)),
    "glob": _bool,
    "alias": _opt_str,
    "level": _int,
    "reexport": _bool,
}


def _use(v) -> UseRecord:
    names = {f.name for f in fields(UseRecord)}
    _check(names <= set(_USE_FIELDS))  # a record with fields this decoder does not know: a miss
    d = _dict(v, names)
    return UseRecord(**{name: _USE_FIELDS[name](d[name]) for name in names})


def _export(v) -> tuple[str, Span]:
    pair = _list(v)
    _check(len(pair) == 2)
    return _str(pair[0]), _span_of(pair[1])


def _class(v) -> ClassRecord:
    items = _list(v)
    _check(len(items) == 4)
    return ClassRecord(_str(items[0]), _bool(items[1]), tuple(_str(n) for n in _list(items[2])),
                       tuple(_str(n) for n in _list(items[3])))


def _extern(v) -> tuple[str, tuple[str, ...]]:
    pair = _list(v)
    _check(len(pair) == 2)
    return _str(pair[0]), tuple(_str(n) for n in _list(pair[1]))


def _summary(v) -> Summary:
    d = _dict(v, {"uses", "top_level", "defined", "exports", "empty", "methods", "classes", "externs"})
    uses = tuple(_use(u) for u in _list(d["uses"]))
    top_level = tuple(_bool(b) for b in _list(d["top_level"]))
    _check(len(top_level) == len(uses))
    return Summary(
        uses=uses,
        top_level=top_level,
        defined=tuple(_str(n) for n in _list(d["defined"])),
        exports=tuple(_export(e) for e in _list(d["exports"])),
        empty=_bool(d["empty"]),
        methods=tuple(_str(n) for n in _list(d["methods"])),
        classes=tuple(_class(c) for c in _list(d["classes"])),
        externs=tuple(_extern(e) for e in _list(d["externs"])),
    )
