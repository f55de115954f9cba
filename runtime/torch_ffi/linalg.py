"""Linear algebra."""

import torch

from runtime.torch_ffi._base import BadArg, op
from runtime.torch_ffi.handles import TENSORS as T, put
from runtime.torch_ffi.kernels import binary


binary("rt_torch_torchtensor_matmul", torch.matmul)
binary("rt_torch_torchtensor_dot", torch.dot)


@op("rt_torch_torchtensor_transpose", "(handle: i64, dim0: i64, dim1: i64) -> i64")
def transpose(a, d0, d1):
    return put(T[a].transpose(d0, d1))


@op("rt_torch_torchtensor_t", "(handle: i64) -> i64")
def t(a):
    return put(T[a].t())


@op("rt_torch_torchtensor_norm", "(handle: i64) -> f64")
def norm(a):
    return T[a].norm().item()


@op("rt_torch_torchtensor_det", "(handle: i64) -> f64")
def det(a):
    return float(torch.linalg.det(T[a]))


@op("rt_torch_torchtensor_inverse", "(handle: i64) -> i64")
def inverse(a):
    return put(torch.linalg.inv(T[a]))


@op("rt_torch_torchtensor_svd", "(handle: i64) -> i64")
def svd(a):
    """U of the reduced SVD (upstream: one handle, so U only)."""
    return put(torch.linalg.svd(T[a], full_matrices=False)[0])


@op("rt_torch_torchtensor_eig", "(handle: i64) -> i64")
def eig(a):
    """Eigenvalues as a real tensor; complex eigenvalues are an error, not silently truncated."""
    vals = torch.linalg.eig(T[a])[0]
    real, imag = vals.real, vals.imag
    if imag.numel() and bool((imag.abs() > 1e-6 * real.abs().clamp_min(1.0)).any()):
        raise BadArg(
            "the matrix has complex eigenvalues; this extern returns real ones only"
        )
    return put(real.contiguous())
