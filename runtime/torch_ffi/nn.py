"""Neural-network ops over torch.nn.functional. An optional tensor argument given as handle 0
means None (bias, weight, running stats) -- upstream required them for batch_norm/linear.
"""

import torch.nn.functional as F

from runtime.torch_ffi._base import dims, op, tensor_core
from runtime.torch_ffi.handles import TENSORS as T, put


def _opt(h):
    return None if h == 0 else T[h]


@op(
    "rt_torch_nn_conv2d",
    "(input: i64, weight: i64, bias: i64, stride: [i64], padding: [i64], dilation: [i64], groups: i64) -> i64",
)
def conv2d(x, w, b, stride, padding, dilation, groups):
    return put(
        F.conv2d(
            T[x],
            T[w],
            _opt(b),
            dims(stride, "stride"),
            dims(padding, "padding"),
            dims(dilation, "dilation"),
            groups,
        )
    )


def _pool2d(pool, x, kernel, stride, padding):
    return put(
        pool(T[x], dims(kernel, "kernel_size"), dims(stride, "stride"), dims(padding, "padding"))
    )


@op(
    "rt_torch_nn_max_pool2d",
    "(input: i64, kernel_size: [i64], stride: [i64], padding: [i64]) -> i64",
)
def max_pool2d(x, kernel, stride, padding):
    """An empty `stride` means stride = kernel_size, as in torch."""
    return _pool2d(F.max_pool2d, x, kernel, stride, padding)


@op(
    "rt_torch_nn_avg_pool2d",
    "(input: i64, kernel_size: [i64], stride: [i64], padding: [i64]) -> i64",
)
def avg_pool2d(x, kernel, stride, padding):
    return _pool2d(F.avg_pool2d, x, kernel, stride, padding)


@op(
    "rt_torch_nn_batch_norm",
    "(input: i64, running_mean: i64, running_var: i64, weight: i64, bias: i64, training: bool, momentum: f64, eps: f64) -> i64",
)
def batch_norm(x, rm, rv, w, b, training, momentum, eps):
    """Running stats are updated in place when training (same handles)."""
    return put(
        F.batch_norm(
            T[x], _opt(rm), _opt(rv), _opt(w), _opt(b), training, momentum, eps
        )
    )


@op(
    "rt_torch_nn_layer_norm",
    "(input: i64, normalized_shape: [i64], weight: i64, bias: i64, eps: f64) -> i64",
)
def layer_norm(x, shape, w, b, eps):
    return put(
        F.layer_norm(T[x], dims(shape, "normalized_shape"), _opt(w), _opt(b), eps)
    )


@op("rt_torch_nn_dropout", "(input: i64, p: f64, training: bool) -> i64")
def dropout(x, p, training):
    return put(F.dropout(T[x], p, training))


tensor_core("rt_torch_nn_linear")(F.linear)  # a bias of handle 0 (none) takes the handle path


@op("rt_torch_nn_linear", "(input: i64, weight: i64, bias: i64) -> i64")
def linear(x, w, b):
    return put(F.linear(T[x], T[w], None if b == 0 else T[b]))


@op("rt_torch_nn_embedding", "(input: i64, weight: i64) -> i64")
def embedding(idx, w):
    return put(F.embedding(T[idx], T[w]))
