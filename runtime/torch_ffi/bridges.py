"""Value forms of handle externs: `rt_torch_value_<op>` calls `rt_torch_<...>_<op>` on Tensor objects.

A Tensor object made by a value op has no handle (tensor_class.py); reading `t.handle` to pass it to
a handle extern would make one the object owns (a weak reference and its callback). A bridge gives
such an object a handle for the one call instead, removed right after, then wraps a tensor result
the way `rt_torch_value_take` does. Each bridge is the handle extern itself in between, so it checks
and computes exactly the same (a test compares every pair). A handle extern whose parameters are
all tensors may register its computation over tensors (`_base.tensor_core`): given Tensor objects
holding their tensors, its bridge calls that directly, with no handle at all. A tensor argument may be a Tensor object
or a raw handle (0 where the handle extern takes 0 for "none").
"""

from __future__ import annotations

from typing import Callable

from runtime.errors import ExternError
from runtime.externs import _shown, bind, extern, signature
from runtime.torch_ffi._base import NO_ARG, TENSOR_CORES, failure, given
from runtime.torch_ffi.handles import TENSORS, put
from runtime.torch_ffi.tensor_class import value_name

_new = object.__new__

# handle extern -> (its tensor parameters, whether it returns a fresh tensor handle)
BRIDGED: dict[str, tuple[tuple[str, ...], bool]] = {
    "rt_torch_torchtensor_numel": (("handle",), False),
    "rt_torch_torchtensor_shape": (("handle",), False),
    "rt_torch_torchtensor_item": (("handle",), False),
    "rt_torch_torchtensor_to_list": (("handle",), False),
    "rt_torch_torchtensor_sum": (("handle",), False),
    "rt_torch_torchtensor_mean": (("handle",), False),
    "rt_torch_autograd_backward": (("handle",), False),
    "rt_torch_torchtensor_sum_all": (("handle",), True),
    "rt_torch_torchtensor_mean_all": (("handle",), True),
    "rt_torch_torchtensor_reshape": (("handle",), True),
    "rt_torch_torchtensor_view": (("handle",), True),
    "rt_torch_torchtensor_flatten": (("handle",), True),
    "rt_torch_torchtensor_transpose": (("handle",), True),
    "rt_torch_torchtensor_t": (("handle",), True),
    "rt_torch_torchtensor_softmax": (("handle",), True),
    "rt_torch_torchtensor_log_softmax": (("handle",), True),
    "rt_torch_torchtensor_argmax": (("handle",), True),
    "rt_torch_torchtensor_eq": (("handle", "other"), True),
    "rt_torch_torchtensor_gt": (("handle", "other"), True),
    "rt_torch_torchtensor_lt": (("handle", "other"), True),
    "rt_torch_torchtensor_clone": (("handle",), True),
    "rt_torch_autograd_detach": (("handle",), True),
    "rt_torch_nn_linear": (("input", "weight", "bias"), True),
    "rt_torch_nn_dropout": (("input",), True),
    "rt_torch_nn_mse_loss_tensor": (("input", "target"), True),
    "rt_torch_nn_cross_entropy_tensor": (("input", "target"), True),
    "rt_torch_nn_nll_loss_tensor": (("input", "target"), True),
    "rt_torch_nn_binary_cross_entropy_tensor": (("input", "target"), True),
}
BRIDGE_NAMES: dict[str, str] = {}  # value extern -> the handle extern it calls

def bridge_signature(name: str, tensors: tuple[str, ...], returns_tensor: bool) -> str:
    """The handle extern's signature with `any` for the tensor parameters (and the result)."""
    sig = signature(name)
    params = ", ".join(f"{'t' if i == 0 else p}: {'any' if p in tensors else t}" for i, (p, t) in enumerate(sig.params))
    ret = "any" if returns_tensor else sig.ret
    return f"({params})" + (f" -> {ret}" if ret else "")


def _handle_for(vname: str, pname: str, x, temps: list) -> int:
    """A handle for tensor argument `x`: its own, or one for this call only (appended to `temps`)."""
    if x.__class__ is int:
        return x
    d = getattr(x, "__dict__", None)
    if d is None or "_spl_tensor" not in d:
        raise ExternError(vname, f"argument '{pname}' must be a Tensor or a tensor handle, got {_shown(x)}")
    h = d.get("_spl_handle")
    if h is not None and (d["_spl_tensor"] is None or h in TENSORS):
        return h  # borrowed, or owned and still in the table
    h = put(d["_spl_tensor"])
    temps.append(h)
    return h


def _bridge(name: str, tensors: tuple[str, ...], returns_tensor: bool) -> Callable:
    vname = value_name(name)
    impl = bind(name)
    params = [p for p, _ in signature(name).params]
    slots = [i for i, p in enumerate(params) if p in tensors]
    arity = len(params)

    core = TENSOR_CORES.get(name) if len(slots) == arity else None

    def run(args: tuple):
        if core is not None and len(args) == arity:  # Tensor objects holding their tensors: no handles
            tensors = [None if a.__class__ is int else getattr(a, "_spl_tensor", None) for a in args]
            if all(t is not None for t in tensors):  # (`None in tensors` would compare tensors)
                try:
                    result = core(*tensors)
                except Exception as exc:
                    raise failure(name, exc)  # as the handle extern words it
                if not returns_tensor:
                    return result
                out = _new(args[0].__class__)
                out._spl_tensor = result
                return out
        if len(args) != arity or any(a is NO_ARG for a in args):
            raise ExternError(vname, f"takes {arity} argument(s), got {len([a for a in args if a is not NO_ARG])}")
        temps: list[int] = []
        try:
            handles = list(args)
            for i in slots:
                handles[i] = _handle_for(vname, params[i], args[i], temps)
            result = impl(*handles)
        finally:
            for h in temps:
                TENSORS.pop(h, None)
        if not returns_tensor:
            return result
        out = _new(args[0].__class__ if args[0].__class__ is not int else _tensor_class(vname, args))
        out._spl_tensor = TENSORS.pop(result)
        return out

    if arity == 1:
        def call(t=NO_ARG, *more):  # the declared name (runtime.objects.forward)
            return run(given(t) + more if more or t is NO_ARG else (t,))
    else:
        def call(*args):
            return run(args)

    call.__name__ = call.__qualname__ = vname
    call.__doc__ = f"{vname}: {name} on Tensor objects."
    return call


def _tensor_class(vname: str, args: tuple) -> type:
    for a in args:
        if a.__class__ is not int and hasattr(a, "_spl_tensor"):
            return a.__class__
    raise ExternError(vname, "needs a Tensor object among its tensor arguments to make the result")


for _name, (_tensors, _returns) in BRIDGED.items():
    _vname = value_name(_name)
    BRIDGE_NAMES[_vname] = _name
    extern(_vname, bridge_signature(_name, _tensors, _returns), checks_args=True)(_bridge(_name, _tensors, _returns))
