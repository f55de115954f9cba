"""One-frame externs for the hot element-wise ops: tensor handles (and a number) in, a new handle out.

`unary(name, f)`, `binary(name, f)` and `with_scalar(name, f)` register extern `name` as a single
function doing what `_base.op` + a body `put(f(T[a], ...))` would do in three frames: the
argument check (inline `type(x) is T`, the full check only on a miss), `f` on the tensors, the
fresh handle, and the error conversion (`_base.failure`). `f` is a torch or `operator` function.
"""

from __future__ import annotations

from typing import Callable

from runtime.externs import extern, guard_parts, parse_signature
from runtime.torch_ffi._base import NO_ARG, failure, given
from runtime.torch_ffi.handles import TENSORS as T, next_id

UNARY = "(handle: i64) -> i64"
BINARY = "(handle: i64, other: i64) -> i64"
SCALAR = "(handle: i64, scalar: f64) -> i64"


def _register(name: str, signature: str, call: Callable, f: Callable) -> None:
    call.__name__ = call.__qualname__ = name
    call.__doc__ = f"{name}: {getattr(f, '__name__', f)!s} of the tensors, as a new handle."
    call.__wrapped__ = f
    extern(name, signature, checks_args=True)(call)


def unary(name: str, f: Callable, signature: str = UNARY) -> None:
    _, slow = guard_parts(name, parse_signature(signature))

    def call(a=NO_ARG, *more):
        try:
            if more or type(a) is not int:
                slow(given(a) + more)
            t = f(T[a])
        except Exception as exc:
            raise failure(name, exc)
        h = next_id()
        T[h] = t
        return h

    _register(name, signature, call, f)


def binary(name: str, f: Callable, signature: str = BINARY) -> None:
    _, slow = guard_parts(name, parse_signature(signature))

    def call(a=NO_ARG, b=NO_ARG, *more):
        try:
            if more or type(a) is not int or type(b) is not int:
                slow(given(a, b) + more)
            t = f(T[a], T[b])
        except Exception as exc:
            raise failure(name, exc)
        h = next_id()
        T[h] = t
        return h

    _register(name, signature, call, f)


def with_scalar(name: str, f: Callable, signature: str = SCALAR) -> None:
    """`f(tensor, number)`: an i64 number passes the check too (`[f64]`/f64 accept ints)."""
    _, slow = guard_parts(name, parse_signature(signature))

    def call(a=NO_ARG, s=NO_ARG, *more):
        try:
            if more or type(a) is not int or type(s) is not float:
                slow(given(a, s) + more)
            t = f(T[a], s)
        except Exception as exc:
            raise failure(name, exc)
        h = next_id()
        T[h] = t
        return h

    _register(name, signature, call, f)
