"""Data loading helpers for lib.torch.data: seeded shuffles and row selection."""

import torch

from runtime.torch_ffi._base import BadArg, ints, op
from runtime.torch_ffi.handles import TENSORS as T, put


@op("rt_torch_data_shuffle", "(n: i64, seed: i64, epoch: i64) -> [i64]")
def shuffle(n, seed, epoch):
    """A permutation of 0..n drawn from a generator seeded with seed + epoch (DistributedSampler's
    rule), so a shuffle is reproducible and independent of the global RNG."""
    g = torch.Generator()
    g.manual_seed(seed + epoch)
    return torch.randperm(n, generator=g).tolist()


@op("rt_torch_data_rows", "(handle: i64, indices: [i64]) -> i64")
def rows(h, indices):
    """The rows `indices` of a tensor (dim 0), as a new tensor."""
    t = T[h]
    if t.ndim == 0:
        raise BadArg("cannot take rows of a 0-d tensor")
    index = torch.tensor(ints(indices, "indices"), dtype=torch.long, device=t.device)
    return put(t.index_select(0, index))
