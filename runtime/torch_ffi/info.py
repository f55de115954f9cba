"""Library info and seeding."""

import torch

from runtime.torch_ffi._base import op


@op("rt_torch_available", "() -> bool")
def available():
    return True  # this module imported torch


@op("rt_torch_version", "() -> text")
def version():
    return torch.__version__.split("+")[0]


@op("rt_torch_cuda_available", "() -> bool")
def cuda_available():
    return torch.cuda.is_available()


@op("rt_torch_manual_seed", "(seed: i64)")
def manual_seed(seed):
    torch.manual_seed(seed)
