"""Activations."""

import torch
import torch.nn.functional as F

from runtime.torch_ffi._base import op
from runtime.torch_ffi.handles import TENSORS as T, put
from runtime.torch_ffi.kernels import unary


for _name, _fn in (("relu", torch.relu), ("sigmoid", torch.sigmoid), ("tanh", torch.tanh), ("gelu", F.gelu)):
    unary("rt_torch_torchtensor_" + _name, _fn)


@op("rt_torch_torchtensor_leaky_relu", "(handle: i64, negative_slope: f64) -> i64")
def leaky_relu(a, slope):
    return put(F.leaky_relu(T[a], slope))


@op("rt_torch_torchtensor_softmax", "(handle: i64, dim: i64) -> i64")
def softmax(a, dim):
    return put(torch.softmax(T[a], dim))


@op("rt_torch_torchtensor_log_softmax", "(handle: i64, dim: i64) -> i64")
def log_softmax(a, dim):
    return put(torch.log_softmax(T[a], dim))
