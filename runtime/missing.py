"""Upstream's ``method_missing``: a class defining ``fn method_missing(name, args, block)`` answers a
call of any method it does not have. ``obj.name(a, b)`` is ``obj.method_missing("name", [a, b], nil)``
(a two-parameter ``method_missing(name, args)`` gets no block). Names starting with ``_`` and the
hooks the runtime looks up by name (``to_string``, ``iter``, ``enter``, ...) are never routed, so a
class with ``method_missing`` still displays, iterates and closes as one without it."""

from __future__ import annotations

# Method names the runtime probes with getattr(...) to find optional protocol methods.
PROBED = frozenset(
    "to_string to_text iter len contains enter exit close next hash eq ne lt le gt ge cmp".split()
)


def missing_call(obj, name: str):
    """The callable ``obj.name`` reaches through ``obj.method_missing`` (``obj`` must define it)."""
    handler = obj.method_missing  # bound; a `fn` that never reads self is a static method
    takes_block = _positional(handler) >= 3  # name, args, block

    def call(*args):
        if takes_block:
            return handler(name, list(args), None)
        return handler(name, list(args))

    return call


def _positional(f) -> int:
    """How many positional parameters calling ``f`` takes (a bound method's self not counted)."""
    func = getattr(f, "__func__", f)
    code = getattr(func, "__code__", None)
    if code is None:
        return 2
    return code.co_argcount - (1 if func is not f else 0)


def _getattr(obj, name: str):
    if name.startswith("_") or name in PROBED:
        raise AttributeError(f"'{type(obj).__name__}' object has no attribute '{name}'")
    return missing_call(obj, name)


def install_missing(cls) -> None:
    """Give ``cls`` (which defines ``method_missing``) the ``__getattr__`` that routes unknown names."""
    if "method_missing" in vars(cls):
        cls.__getattr__ = _getattr
