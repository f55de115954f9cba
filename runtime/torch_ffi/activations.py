"""Activations."""

import torch
import torch.nn.functional as F

from runtime.torch_ffi._base import op
from runtime.torch_ffi.handles import TENSORS as T, put


@op("rt_torch_torchtensor_relu", "(handle: i64) -> i64")
def relu(a):
    return put(torch.relu(T[a]))


@op("rt_torch_torchtensor_sigmoid", "(handle: i64) -> i64")
def sigmoid(a):
    return put(torch.sigmoid(T[a]))


@op("rt_torch_torchtensor_tanh", "(handle: i64) -> i64")
def tanh(a):
    return put(torch.tanh(T[a]))


@op("rt_torch_torchtensor_gelu", "(handle: i64) -> i64")
def gelu(a):
    return put(F.gelu(T[a]))


@op("rt_torch_torchtensor_leaky_relu", "(handle: i64, negative_slope: f64) -> i64")
def leaky_relu(a, slope):
    return put(F.leaky_relu(T[a], slope))


@op("rt_torch_torchtensor_softmax", "(handle: i64, dim: i64) -> i64")
def softmax(a, dim):
    return put(torch.softmax(T[a], dim))


@op("rt_torch_torchtensor_log_softmax", "(handle: i64, dim: i64) -> i64")
def log_softmax(a, dim):
    return put(torch.log_softmax(T[a], dim))
