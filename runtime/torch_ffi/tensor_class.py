"""lib.torch's `Tensor` objects hold their torch tensor themselves; handles are made on demand.

`rt_torch_bind_tensor_class(Tensor)` (lib.torch runs it once) gives the class what makes that work:
- `_spl_tensor`: the torch tensor (None on an object that only has a handle);
- `handle`: the i64 handle Simple code sees. Read on an object that has none yet, it makes a weak
  handle (`handles.weak_handle`), valid while the tensor lives, and keeps it, so `t.handle` is the
  same number on every read. Set (by the constructor, `Tensor(handle: h, ...)`), it records `h`;
- `owns_handle`: set true on an object built from a strong handle, the object adopts the tensor: the
  strong entry becomes a weak one under the same number, so the handle stays valid exactly as long
  as the tensor does (upstream frees an owned handle in `drop()`; this needs no finalizer). Set
  false, the object borrows: it keeps only the number and finds the tensor in the table per use;
  set false on an object that owned its tensor, the handle becomes strong again (ownership passes).

- `drop()`: what upstream's drop does, on request (nothing calls it on its own: the tensor goes with
  its object): an owning object frees its handle and lets go of the tensor; a borrowing one only
  forgets its handle.

The value ops (`kernels.py`, `rt_torch_value_*`) build results with `wrap`: one object and one attribute, no handle,
no constructor call and no drop(), which is what lets `a.add(b)` cost little more than torch's add.
"""

from __future__ import annotations

from runtime.externs import extern
from runtime.torch_ffi.handles import TENSORS, WEAK, strong_entry, weak_handle

_new = object.__new__


def wrap(cls: type, t):
    """A `cls` (a bound Tensor class) holding torch tensor `t`."""
    out = _new(cls)
    out._spl_tensor = t
    return out


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
        h = 0 if t is None else weak_handle(t)
        d["_spl_handle"] = h
    return h


def _set_handle(self, h) -> None:
    d = self.__dict__
    d["_spl_tensor"] = None  # the tensor is the table's (or none) until owns_handle says
    d["_spl_handle"] = h  # (keys in the order value objects get them: one shared key layout)


def _get_owns(self) -> bool:
    return self.__dict__.get("_spl_owns", True)


def _set_owns(self, owns) -> None:
    d = self.__dict__
    d["_spl_owns"] = owns
    h = d.get("_spl_handle")
    if type(h) is not int or h == 0:
        return
    if owns and d.get("_spl_tensor") is None:
        t = strong_entry(h)
        if t is not None:
            weak_handle(t, h)
        else:  # already weak (another object's handle): share its tensor
            ref = WEAK.get(h)
            t = ref() if ref is not None else None
        if t is not None:
            d["_spl_tensor"] = t
    elif not owns and d.get("_spl_tensor") is not None and h in WEAK:
        TENSORS[h] = d["_spl_tensor"]  # strong again: it outlives this object
        d["_spl_tensor"] = None
        del WEAK[h]


def _drop(self) -> None:
    d = self.__dict__
    h = d.get("_spl_handle")
    if d.get("_spl_owns", True) and type(h) is int and h:
        TENSORS.pop(h, None)
        WEAK.pop(h, None)
    d["_spl_tensor"] = None
    d["_spl_owns"] = False


@extern("rt_torch_bind_tensor_class", "(cls: any)")
def bind_tensor_class(cls) -> None:
    """Make `cls` (lib.torch's Tensor) hold its torch tensor; see the module docstring."""
    if not isinstance(cls, type):
        from runtime.errors import ExternError

        raise ExternError("rt_torch_bind_tensor_class", f"expects a class, got {type(cls).__name__}")
    cls.handle = property(_get_handle, _set_handle, doc="the runtime's i64 handle of this tensor")
    cls.owns_handle = property(_get_owns, _set_owns, doc="whether this object owns its handle")
    cls.drop = _drop
