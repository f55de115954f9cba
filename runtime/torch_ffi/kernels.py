"""One-frame externs for the hot element-wise ops: tensor handles (and a number) in, a new handle out.

`unary(name, f)`, `binary(name, f)` and `with_scalar(name, f)` register extern `name` as a single
function doing what `_base.op` + a body `put(f(T[a], ...))` would do in three frames: the
argument check (inline `type(x) is T`, the full check only on a miss), `f` on the tensors, the
fresh handle, and the error conversion (`_base.failure`). `f` is a torch or `operator` function.
Each also registers the value form `rt_torch_value_<op>` over the same `f` (end of this file).
"""

from __future__ import annotations

from typing import Callable

from runtime.errors import ExternError
from runtime.externs import _shown, extern, guard_parts, parse_signature
from runtime.torch_ffi._base import NO_ARG, failure, given
from runtime.torch_ffi.handles import TENSORS as T, next_id
from runtime.torch_ffi.tensor_class import tensor_of, value_name

_new = object.__new__

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
    _value_unary(name, f, signature)


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
    _value_binary(name, f, signature)


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
    _value_scalar(name, f, signature)


# --------------------------------------------------------------------------- value forms
# Each kernel above also registers `rt_torch_value_<op>` over the same `f`: lib.torch Tensor
# objects in (a raw handle is accepted as the other operand), a new Tensor object out: one object
# and one attribute, no handle, no constructor, no finalizer (tensor_class.py). The first argument
# is a Tensor object: its class is the result's class.

VALUE_NAMES: dict[str, str] = {}  # value extern -> the handle extern sharing its `f`


def value_signature(signature: str) -> str:
    """`(handle: i64, other: i64) -> i64` -> `(t: any, other: any) -> any` (numbers stay f64)."""
    return signature.replace("handle: i64", "t: any").replace("other: i64", "other: any").replace("-> i64", "-> any")


def _value_failure(name: str, exc: Exception, a, others: tuple, scalar=NO_ARG) -> Exception:
    """A bad argument named like the handle externs do; anything else as `failure` words it."""
    if isinstance(exc, ExternError):
        return exc
    if a is NO_ARG or any(x is NO_ARG for _, x in others):
        got = len(given(a, *(x for _, x in others)))
        return ExternError(name, f"takes {1 + len(others)} argument(s), got {got}")
    if not hasattr(a, "_spl_tensor"):
        return ExternError(name, f"argument 't' must be a Tensor object, got {_shown(a)}")
    for pname, x in others:
        try:
            tensor_of(x)
        except KeyError:
            break  # a bad handle: failure() words it
        except Exception:
            return ExternError(name, f"argument '{pname}' must be a Tensor or a tensor handle, got {_shown(x)}")
    if scalar is not NO_ARG and (type(scalar) is bool or not isinstance(scalar, (int, float))):
        return ExternError(name, f"argument 'scalar' must be f64, got {_shown(scalar)}")
    return failure(name, exc)


def _register_value(name: str, signature: str, call: Callable, f: Callable) -> None:
    vname = value_name(name)
    VALUE_NAMES[vname] = name
    call.__name__ = call.__qualname__ = vname
    call.__doc__ = f"{vname}: {getattr(f, '__name__', f)!s} of the tensors, as a new Tensor object."
    call.__wrapped__ = f
    extern(vname, value_signature(signature), checks_args=True)(call)


def _value_unary(name: str, f: Callable, signature: str) -> None:
    vname = value_name(name)

    def call(t=NO_ARG, *more):  # the parameter names are the declared ones (runtime.objects.forward)
        try:  # the common case first: a Tensor object holding its tensor
            ta = t._spl_tensor
            if ta is not None and not more:
                out = _new(t.__class__)
                out._spl_tensor = f(ta)
                return out
        except Exception:
            pass  # checked below, which says what was wrong
        return checked(t, more)

    def checked(t, more):
        try:
            if more or t is NO_ARG:
                raise ExternError(vname, f"takes 1 argument(s), got {len(given(t) + more)}")
            ta = t._spl_tensor
            if ta is None:  # an object that only has a handle
                ta = tensor_of(t)
            out = _new(t.__class__)
            out._spl_tensor = f(ta)
            return out
        except Exception as exc:
            raise _value_failure(vname, exc, t, ())

    _register_value(name, signature, call, f)


def _value_binary(name: str, f: Callable, signature: str) -> None:
    vname = value_name(name)

    def call(t=NO_ARG, other=NO_ARG, *more):
        try:  # the common case first: two Tensor objects holding their tensors
            ta = t._spl_tensor
            tb = other._spl_tensor
            if ta is not None and tb is not None and not more:
                out = _new(t.__class__)
                out._spl_tensor = f(ta, tb)
                return out
        except Exception:
            pass  # checked below, which says what was wrong
        return checked(t, other, more)

    def checked(t, other, more):
        try:
            if more:
                raise ExternError(vname, f"takes 2 argument(s), got {len(given(t, other) + more)}")
            cls = t.__class__  # a missing argument (NO_ARG) fails below: _value_failure says so
            ta = t._spl_tensor
            tb = other._spl_tensor if other.__class__ is cls else tensor_of(other)
            if ta is None or tb is None:  # an object that only has a handle
                ta, tb = tensor_of(t), tensor_of(other)
            out = _new(cls)
            out._spl_tensor = f(ta, tb)
            return out
        except Exception as exc:
            raise _value_failure(vname, exc, t, (("other", other),))

    _register_value(name, signature, call, f)


def _value_scalar(name: str, f: Callable, signature: str) -> None:
    vname = value_name(name)

    def call(t=NO_ARG, scalar=NO_ARG, *more):
        try:  # the common case first: a Tensor object holding its tensor, and a number
            ta = t._spl_tensor
            kind = scalar.__class__
            if ta is not None and (kind is float or kind is int) and not more:
                out = _new(t.__class__)
                out._spl_tensor = f(ta, scalar)
                return out
        except Exception:
            pass  # checked below, which says what was wrong
        return checked(t, scalar, more)

    def checked(t, scalar, more):
        try:
            if more or scalar is NO_ARG:
                raise ExternError(vname, f"takes 2 argument(s), got {len(given(t, scalar) + more)}")
            if scalar.__class__ is not float and scalar.__class__ is not int:
                raise TypeError("scalar")
            ta = t._spl_tensor
            if ta is None:  # an object that only has a handle
                ta = tensor_of(t)
            out = _new(t.__class__)
            out._spl_tensor = f(ta, scalar)
            return out
        except Exception as exc:
            raise _value_failure(vname, exc, t, (), scalar)

    _register_value(name, signature, call, f)
