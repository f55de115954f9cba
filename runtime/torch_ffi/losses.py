"""Losses (mean reduction). Upstream's four return detached f64 (kept); the `*_tensor`
forms return a differentiable 0-d tensor for `backward`."""

import torch.nn.functional as F

from runtime.torch_ffi._base import op, tensor_core
from runtime.torch_ffi.handles import TENSORS as T, put

_LOSSES = {
    "mse_loss": F.mse_loss,
    "cross_entropy": F.cross_entropy,
    "binary_cross_entropy": F.binary_cross_entropy,
    "nll_loss": F.nll_loss,
}


def _register(short: str, fn) -> None:
    name = "rt_torch_nn_" + short
    op(name, "(input: i64, target: i64) -> f64")(lambda x, t: fn(T[x], T[t]).item())
    tensor_core(name + "_tensor")(fn)
    op(name + "_tensor", "(input: i64, target: i64) -> i64")(
        lambda x, t: put(fn(T[x], T[t]))
    )


for _short, _fn in _LOSSES.items():
    _register(_short, _fn)
