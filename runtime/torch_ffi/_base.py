"""Shared plumbing of the torch externs: the registering decorator and argument checks."""

from __future__ import annotations

from typing import Callable

from runtime.errors import ExternError
from runtime.externs import extern, guard_parts, parse_signature


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


def failure(name: str, exc: Exception) -> ExternError:
    """`exc`, raised inside extern `name`, as the ExternError to raise instead (chained to it;
    a `KeyError` can only come from a handle table and means a bad handle)."""
    if isinstance(exc, ExternError):
        return exc
    if isinstance(exc, KeyError):
        err = ExternError(name, _bad_handle(exc.args[0] if exc.args else None))
        err.__cause__, err.__suppress_context__ = None, True
        return err
    err = ExternError(name, _message(exc))
    err.__cause__, err.__suppress_context__ = exc, True
    return err


NO_ARG = object()  # default of a wrapper's parameters: a missing argument is an arity error

# handle extern -> the same computation over torch tensors, for an extern whose parameters are all
# tensor handles: its value form (bridges.py) calls this on the objects' tensors, with no handles.
TENSOR_CORES: dict[str, Callable] = {}


def tensor_core(name: str) -> Callable[[Callable], Callable]:
    """Register ``core`` as what handle extern ``name`` computes, given the tensors of its handles."""

    def register(core: Callable) -> Callable:
        TENSOR_CORES[name] = core
        return core

    return register


def given(*args) -> tuple:
    """The arguments a fixed-arity wrapper actually received (missing ones dropped)."""
    return tuple(a for a in args if a is not NO_ARG)


def op(name: str, signature: str) -> Callable[[Callable], Callable]:
    """Register `fn` as extern `name`, converting any failure into `ExternError(name, ...)`.

    The arguments are checked against `signature` first (`runtime.externs.guard_parts`: a bool
    is not a handle, text is not dims). The wrapper has the extern's arity, so on the hot path
    the check is a `type(x) is T` per argument inline, and the call is one frame around `fn`.
    The try block costs nothing unless something is raised (zero-cost exceptions, Python 3.11).
    """
    exact, slow = guard_parts(name, parse_signature(signature))

    def wrap(fn: Callable) -> Callable:
        call = _wrapper(name, exact, slow, fn)
        call.__name__ = call.__qualname__ = name
        call.__doc__ = fn.__doc__
        call.__wrapped__ = fn
        return extern(name, signature, checks_args=True)(call)

    return wrap


def _wrapper(name: str, exact: tuple | None, slow: Callable, fn: Callable) -> Callable:
    """`fn` behind the argument check and the error conversion, specialised to the arity."""
    if exact is not None and len(exact) == 1:
        (A,) = exact

        def call(a=NO_ARG, *more):
            try:
                if more or type(a) is not A:
                    slow(given(a) + more)
                return fn(a)
            except Exception as exc:
                raise failure(name, exc)
    elif exact is not None and len(exact) == 2:
        A, B = exact

        def call(a=NO_ARG, b=NO_ARG, *more):
            try:
                if more or type(a) is not A or type(b) is not B:
                    slow(given(a, b) + more)
                return fn(a, b)
            except Exception as exc:
                raise failure(name, exc)
    elif exact is not None and len(exact) == 3:
        A, B, C = exact

        def call(a=NO_ARG, b=NO_ARG, c=NO_ARG, *more):
            try:
                if more or type(a) is not A or type(b) is not B or type(c) is not C:
                    slow(given(a, b, c) + more)
                return fn(a, b, c)
            except Exception as exc:
                raise failure(name, exc)
    else:  # no arguments, more than three, or a list type the check must walk
        def call(*args):
            try:
                if exact is None or tuple(map(type, args)) != exact:
                    slow(args)
                return fn(*args)
            except Exception as exc:
                raise failure(name, exc)
    return call


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
