"""Autograd: requires_grad, grad, backward, detach, and nesting no-grad scopes."""

import threading

import torch

from runtime.torch_ffi._base import BadArg, op, tensor_core
from runtime.torch_ffi.handles import TENSORS as T, put


@op("rt_torch_autograd_set_requires_grad", "(handle: i64, requires_grad: bool)")
def set_requires_grad(a, flag):
    x = T[a]
    if not x.is_leaf and x.requires_grad != bool(flag):
        raise BadArg(
            "requires_grad can only be changed on a leaf tensor (one not computed from others "
            "that require grad); use detach to get a leaf"
        )
    x.requires_grad_(bool(flag))


@op("rt_torch_autograd_requires_grad", "(handle: i64) -> bool")
def requires_grad(a):
    return T[a].requires_grad


@op("rt_torch_autograd_grad", "(handle: i64) -> i64")
def grad(a):
    """A fresh handle aliasing x.grad, or 0 when there is none."""
    g = T[a].grad
    return 0 if g is None else put(g)


@tensor_core("rt_torch_autograd_backward")
def backward_of(x):
    if x.numel() != 1:
        raise BadArg(
            f"backward needs a scalar (1-element) tensor, got shape {list(x.shape)}"
        )
    if not x.requires_grad:
        raise BadArg(
            "backward on a tensor that does not require grad (no graph to differentiate)"
        )
    x.backward()


@op("rt_torch_autograd_backward", "(handle: i64)")
def backward(a):
    backward_of(T[a])


@op("rt_torch_autograd_zero_grad", "(handle: i64)")
def zero_grad(a):
    g = T[a].grad
    if g is not None:
        g.zero_()


@op("rt_torch_autograd_detach", "(handle: i64) -> i64")
def detach(a):
    return put(T[a].detach())


# No-grad scopes nest: a per-thread depth counter; the outermost begin saves the grad mode and
# the matching end restores it. An end without a begin is an error (an unbalanced scope).
_state = threading.local()


@op("rt_torch_autograd_no_grad_begin", "()")
def no_grad_begin():
    depth = getattr(_state, "depth", 0)
    if depth == 0:
        _state.saved = torch.is_grad_enabled()
        torch.set_grad_enabled(False)
    _state.depth = depth + 1


@op("rt_torch_autograd_no_grad_end", "()")
def no_grad_end():
    depth = getattr(_state, "depth", 0)
    if depth == 0:
        raise BadArg("no_grad_end without a matching no_grad_begin")
    _state.depth = depth - 1
    if depth == 1:
        torch.set_grad_enabled(_state.saved)
