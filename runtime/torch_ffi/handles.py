"""The handle tables: i64 ids from one counter starting at 1 (0 = none).

`TENSORS` maps handle -> torch.Tensor; streams and optimizers have their own tables but draw
ids from the same counter, so no id is ever valid in two tables. Safetensors files use their
own counter (see `safetensors.py`). Not thread-safe, like upstream.

Two kinds of tensor handle share `TENSORS[h]`:
- strong: what an extern returns (`put`); the tensor lives until `rt_torch_torchtensor_free(h)`.
- weak: the handle of a tensor a lib.torch `Tensor` object holds itself (`tensor_class.py`), made
  when Simple code first reads `t.handle` or when a Tensor adopts a strong one; it is valid while
  that tensor lives and goes with it (no free, no finalizer). `TENSORS[h]` finds it through
  `__missing__`, so every extern takes both kinds.
"""

from __future__ import annotations

import itertools
import weakref

import torch

from runtime.externs import extern, guard_parts, parse_signature
from runtime.torch_ffi._base import NO_ARG, BadArg, given, op

class _Weak(weakref.ref):
    """A weak handle's entry: the tensor, weakly; it removes itself when the tensor goes."""

    __slots__ = ("handle",)


WEAK: dict[int, _Weak] = {}


def _gone(ref: _Weak) -> None:
    if WEAK.get(ref.handle) is ref:
        del WEAK[ref.handle]


class _Table(dict):
    """handle -> tensor: the strong entries, then (on a miss) the live weak ones."""

    def __missing__(self, h):
        ref = WEAK.get(h) if type(h) is int else None
        t = ref() if ref is not None else None
        if t is None:
            raise KeyError(h)
        return t


TENSORS: dict[int, torch.Tensor] = _Table()
STREAMS: dict[int, object] = {}
OPTIMIZERS: dict[int, object] = {}

next_id = itertools.count(1).__next__


def put(t: torch.Tensor) -> int:
    """Store `t` under a fresh handle."""
    h = next_id()
    TENSORS[h] = t
    return h


def weak_handle(t: torch.Tensor, h: int = 0) -> int:
    """A weak handle for `t` (a fresh one unless `h` is given), valid while `t` lives."""
    h = h or next_id()
    ref = _Weak(t, _gone)
    ref.handle = h
    WEAK[h] = ref
    return h


def strong_entry(h: int):
    """Take the strong entry `h` out of the table (None when `h` is not one)."""
    return dict.pop(TENSORS, h, None) if type(h) is int else None


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
    WEAK.pop(h, None)


free.__name__ = free.__qualname__ = "rt_torch_torchtensor_free"
extern("rt_torch_torchtensor_free", _FREE, checks_args=True)(free)


@op("rt_torch_handle_count", "() -> i64")
def handle_count():
    return len(TENSORS) + len(WEAK)
