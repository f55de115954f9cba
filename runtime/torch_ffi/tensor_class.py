"""lib.torch's `Tensor` objects hold their torch tensor themselves; handles are made on demand.

`rt_torch_bind_tensor_class(Tensor)` (lib.torch runs it once) gives the class what makes that work:
- `_spl_tensor`: the torch tensor (None on an object that only borrows a handle);
- `handle`: the i64 handle Simple code sees. Read on an object that has none yet, it puts the
  tensor in the table under a fresh handle that the object owns (`handles.own`: the entry goes
  when the object does) and keeps it, so `t.handle` is the same number on every read. Set (by the
  constructor, `Tensor(handle: h, ...)`), it records `h`;
- `owns_handle`: set true on an object built from a handle, the object takes the tensor and owns
  the handle, so the handle stays valid exactly as long as the object, as upstream's `drop()` on
  collection gives, without a finalizer. Set false, the object borrows: it keeps only the number and
  finds the tensor in the table per use; set false on an owner, the handle stays until freed
  (ownership passes on);
- `drop()`: what upstream's drop does, on request (nothing calls it on its own): an owner frees its
  handle and lets go of the tensor; a borrower only forgets its handle.

`rt_torch_value_take(Tensor, h)` wraps the fresh handle an extern returned: the object takes the
tensor out of the table. The value ops (`kernels.py`, `rt_torch_value_*`) build results with one
object and one attribute:
no handle, no constructor call and no finalizer, which is what lets `a.add(b)` cost little more
than torch's add.
"""

from __future__ import annotations

from runtime.errors import ExternError
from runtime.externs import _shown, extern
from runtime.torch_ffi._base import NO_ARG, failure, given
from runtime.torch_ffi.handles import TENSORS, disown, own, owner, put

_new = object.__new__
_HANDLE_PREFIXES = ("rt_torch_torchtensor_", "rt_torch_autograd_", "rt_torch_nn_")


def value_name(name: str) -> str:
    """The value form's name of handle extern `name`: `rt_torch_nn_linear` -> `rt_torch_value_linear`."""
    for prefix in _HANDLE_PREFIXES:
        if name.startswith(prefix):
            return "rt_torch_value_" + name[len(prefix):]
    raise ValueError(f"{name} has no value form name")


def tensor_of(x):
    """The torch tensor of a Tensor object or of a raw handle (KeyError: a bad handle)."""
    t = getattr(x, "_spl_tensor", None)
    if t is not None:
        return t
    if type(x) is int:
        return TENSORS[x]
    h = getattr(x, "handle", None)
    if type(h) is int:
        return TENSORS[h]
    raise TypeError(f"expected a Tensor or a tensor handle, got {type(x).__name__}")


def _get_handle(self) -> int:
    d = self.__dict__
    h = d.get("_spl_handle")
    if h is None:
        t = d.get("_spl_tensor")
        h = 0
        if t is not None:
            h = put(t)
            own(self, h)
        d["_spl_handle"] = h
    return h


def _set_handle(self, h) -> None:
    d = self.__dict__
    d["_spl_tensor"] = None  # the table's tensor (or none) until owns_handle says
    d["_spl_handle"] = h  # (keys in the order value objects get them: one shared key layout)


def _get_owns(self) -> bool:
    return self.__dict__.get("_spl_owns", True)


def _set_owns(self, owns) -> None:
    d = self.__dict__
    d["_spl_owns"] = owns
    h = d.get("_spl_handle")
    if type(h) is not int or h == 0:
        return
    if owns:
        t = TENSORS.get(h)
        if t is not None:
            d["_spl_tensor"] = t
            own(self, h)
    elif owner(h) is self:
        disown(h)
        d["_spl_tensor"] = None


def _drop(self) -> None:
    d = self.__dict__
    h = d.get("_spl_handle")
    if d.get("_spl_owns", True) and type(h) is int and h:
        TENSORS.pop(h, None)
        disown(h)
    d["_spl_tensor"] = None
    d["_spl_owns"] = False


def take(like=NO_ARG, handle=NO_ARG, *more):
    """rt_torch_value_take: a new object of `like`'s class (or of class `like`) holding the tensor of
    the fresh handle `handle`, which it takes out of the table (lib.torch wraps an extern's result
    with it: nobody else has seen that handle, so no owner needs tracking)."""
    if more or handle is NO_ARG:
        raise ExternError("rt_torch_value_take", f"takes 2 argument(s), got {len(given(like, handle) + more)}")
    if type(handle) is not int:
        raise ExternError("rt_torch_value_take", f"argument 'handle' must be i64, got {_shown(handle)}")
    try:
        t = TENSORS.pop(handle)
    except KeyError as exc:
        raise failure("rt_torch_value_take", exc)
    out = _new(like if isinstance(like, type) else like.__class__)
    out._spl_tensor = t
    return out


take.__name__ = take.__qualname__ = "rt_torch_value_take"
extern("rt_torch_value_take", "(like: any, handle: i64) -> any", checks_args=True)(take)


@extern("rt_torch_bind_tensor_class", "(cls: any)")
def bind_tensor_class(cls) -> None:
    """Make `cls` (lib.torch's Tensor) hold its torch tensor; see the module docstring."""
    if not isinstance(cls, type):
        raise ExternError("rt_torch_bind_tensor_class", f"expects a class, got {type(cls).__name__}")
    cls.handle = property(_get_handle, _set_handle, doc="the runtime's i64 handle of this tensor")
    cls.owns_handle = property(_get_owns, _set_owns, doc="whether this object owns its handle")
    cls.drop = _drop
