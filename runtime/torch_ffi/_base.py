"""Shared plumbing of the torch externs: the registering decorator and argument checks."""

from __future__ import annotations

from typing import Callable

from runtime.errors import ExternError
from runtime.externs import extern, guard, parse_signature


class BadArg(ValueError):
    """Raised by argument checks; `op` turns it into an ExternError naming the extern."""


def _bad_handle(key: object) -> str:
    if key == 0:
        return "invalid tensor handle 0 (the 'none' handle)"
    return f"invalid tensor handle {key!r} (freed, never created, or not a tensor)"


def _message(exc: BaseException) -> str:
    """The first line of the error: torch appends its C++ backtrace ("Exception raised from ...")."""
    lines = [line.strip() for line in str(exc).split("Exception raised from")[0].splitlines()]
    text = next((line for line in lines if line), type(exc).__name__)
    return (
        text if isinstance(exc, BadArg) else f"{text} ({type(exc).__name__} from torch)"
    )


def op(name: str, signature: str) -> Callable[[Callable], Callable]:
    """Register `fn` as extern `name`, converting any failure into `ExternError(name, ...)`.

    The arguments are checked against `signature` first (`runtime.externs.guard`: a bool is not
    a handle, text is not dims). The try block costs nothing on the hot path (zero-cost
    exceptions since Python 3.11); a `KeyError` can only come from the tensor table and means a
    bad handle.
    """
    check = guard(name, parse_signature(signature))

    def wrap(fn: Callable) -> Callable:
        def call(*args):
            check(args)
            try:
                return fn(*args)
            except ExternError:
                raise
            except KeyError as exc:
                raise ExternError(
                    name, _bad_handle(exc.args[0] if exc.args else None)
                ) from None
            except Exception as exc:
                raise ExternError(name, _message(exc)) from exc

        call.__name__ = call.__qualname__ = name
        call.__doc__ = fn.__doc__
        call.__wrapped__ = fn
        return extern(name, signature, checks_args=True)(call)

    return wrap


def dims(values, what: str = "dims") -> list[int]:
    """A `[i64]` shape: non-negative Python ints (bool and float rejected)."""
    for d in values:
        if type(d) is not int or d < 0:
            raise BadArg(f"{what} must be non-negative integers, got {list(values)!r}")
    return values


def ints(values, what: str) -> list[int]:
    """A `[i64]` list of integers (any sign), e.g. data or dims that may hold -1."""
    for v in values:
        if type(v) is not int:
            raise BadArg(f"{what} must be integers, got {type(v).__name__} {v!r}")
    return values


def floats(values, what: str) -> list[float]:
    """A `[f64]` list: ints are accepted and widened; anything else is an error."""
    for v in values:
        if type(v) is not float and type(v) is not int:
            raise BadArg(f"{what} must be numbers, got {type(v).__name__} {v!r}")
    return values
