"""Run-time side of upstream's safe unwrap and ``context obj:`` forms (reached as ``_spl.<name>``)."""

from __future__ import annotations

import functools

from runtime.methods import show_type
from runtime.missing import missing_call
from runtime.objects import BUILTIN_METHODS, failed, ok_value


def unwrap_or(value, default):
    """``value unwrap or: default``: the payload of Some/Ok (a plain value is itself), else ``default``."""
    return default if failed(value) else ok_value(value)


def unwrap_else(value, fallback):
    """``value unwrap else: fallback``: as ``unwrap_or``, but ``fallback()`` is called only when needed."""
    return fallback() if failed(value) else ok_value(value)


def context_method(obj, name: str):
    """The callable a call ``name(...)`` inside ``context obj:`` reaches: ``obj``'s method (a built-in
    value's too), else ``obj.method_missing(name, args[, block])`` when ``obj`` defines it (runtime.missing)."""
    table = BUILTIN_METHODS.get(type(obj))
    if table is not None and name in table:
        return functools.partial(table[name], obj)
    try:
        return getattr(obj, name)
    except AttributeError:
        if getattr(type(obj), "method_missing", None) is None:
            raise AttributeError(f"{show_type(obj)} has no method '{name}' (called in a `context` block)") from None
        return missing_call(obj, name)
