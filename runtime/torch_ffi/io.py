"""Saving and loading single tensors: `torch.save` of a one-element list of tensors (Python's
zip/pickle format, not libtorch's TorchScript archive); loaded with weights_only=True, to CPU.
"""

import torch

from runtime.torch_ffi._base import BadArg, op
from runtime.torch_ffi.handles import TENSORS as T, put


@op("rt_torch_tensor_save", "(handle: i64, path: text)")
def save(a, path):
    torch.save([T[a].detach()], path)


@op("rt_torch_tensor_load", "(path: text) -> i64")
def load(path):
    data = torch.load(path, map_location="cpu", weights_only=True)
    if isinstance(data, torch.Tensor):
        return put(data)
    if (
        not isinstance(data, (list, tuple))
        or not data
        or not isinstance(data[0], torch.Tensor)
    ):
        raise BadArg(f"{path!r} does not hold a tensor or a non-empty list of tensors")
    return put(data[0])
