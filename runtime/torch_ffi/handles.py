"""The handle tables: i64 ids from one counter starting at 1 (0 = none).

`TENSORS` maps handle -> torch.Tensor; streams and optimizers have their own tables but draw
ids from the same counter, so no id is ever valid in two tables. Safetensors files use their
own counter (see `safetensors.py`). Not thread-safe, like upstream.

A handle is freed by `rt_torch_torchtensor_free(h)`, or, when a lib.torch `Tensor` object owns
it (`tensor_class.py`), when that object goes: `own(obj, h)` keeps a weak reference to the object
whose callback removes the entry, so the table never holds a tensor nobody can reach.
"""

from __future__ import annotations

import itertools
import weakref

import torch

from runtime.externs import extern, guard_parts, parse_signature
from runtime.torch_ffi._base import NO_ARG, BadArg, given, op


class _Owner(weakref.ref):
    """A weak reference to the object owning handle `handle`; when the object goes, so does the entry."""

    __slots__ = ("handle",)


OWNERS: dict[int, _Owner] = {}


def _release(ref: _Owner) -> None:
    if OWNERS.get(ref.handle) is ref:
        del OWNERS[ref.handle]
        TENSORS.pop(ref.handle, None)


TENSORS: dict[int, torch.Tensor] = {}
STREAMS: dict[int, object] = {}
OPTIMIZERS: dict[int, object] = {}

next_id = itertools.count(1).__next__


def put(t: torch.Tensor) -> int:
    """Store `t` under a fresh handle."""
    h = next_id()
    TENSORS[h] = t
    return h


def own(obj: object, h: int) -> None:
    """Make `obj` the owner of handle `h`: the entry goes when `obj` does (or on free)."""
    ref = _Owner(obj, _release)
    ref.handle = h
    OWNERS[h] = ref


def owner(h: int) -> object:
    """The live object owning handle `h`, or None."""
    ref = OWNERS.get(h)
    return ref() if ref is not None else None


def disown(h: int) -> None:
    """`h` stays until freed, whoever owned it."""
    OWNERS.pop(h, None)


def put_object(table: dict, obj: object) -> int:
    h = next_id()
    table[h] = obj
    return h


def get_object(table: dict, h: int, kind: str) -> object:
    obj = table.get(h)
    if obj is None:
        raise BadArg(
            f"invalid {kind} handle {h!r} (freed, never created, or not a {kind})"
        )
    return obj


def tensor_list(handles) -> list[torch.Tensor]:
    """`[i64]` handles -> tensors (a bad one raises KeyError -> 'invalid tensor handle')."""
    T = TENSORS
    return [T[h] for h in handles]


_FREE = "(handle: i64)"
_free_check = guard_parts("rt_torch_torchtensor_free", parse_signature(_FREE))[1]


def free(h=NO_ARG, *more):
    """rt_torch_torchtensor_free, one frame (every Tensor's drop() calls it): 0 or an unknown
    handle is a no-op; a non-int (a bool, a float) is an ExternError from the check."""
    if more or type(h) is not int:
        _free_check(given(h) + more)
    TENSORS.pop(h, None)
    OWNERS.pop(h, None)


free.__name__ = free.__qualname__ = "rt_torch_torchtensor_free"
extern("rt_torch_torchtensor_free", _FREE, checks_args=True)(free)


@op("rt_torch_handle_count", "() -> i64")
def handle_count():
    return len(TENSORS)
