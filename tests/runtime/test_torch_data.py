"""The data-loading externs behind lib.torch.data (its behaviour: tests/runtime/lib/data_spec.spl)."""

import pytest
import torch

from runtime.errors import ExternError
from runtime.externs import bind
from runtime.torch_ffi.handles import TENSORS, put


def X(name, *args):
    return bind(name)(*args)


def test_shuffle_is_torchs_seeded_permutation_and_leaves_the_global_rng_alone():
    torch.manual_seed(0)
    state = torch.get_rng_state()
    got = X("rt_torch_data_shuffle", 20, 4, 3)
    assert torch.equal(torch.get_rng_state(), state)
    assert got == torch.randperm(20, generator=torch.Generator().manual_seed(7)).tolist()
    assert sorted(got) == list(range(20)) and got != X("rt_torch_data_shuffle", 20, 4, 4)
    assert X("rt_torch_data_shuffle", 0, 1, 0) == []


def test_rows():
    h = put(torch.arange(12.0).reshape(4, 3))
    assert TENSORS[X("rt_torch_data_rows", h, [3, 0])].tolist() == [[9.0, 10.0, 11.0], [0.0, 1.0, 2.0]]
    with pytest.raises(ExternError, match="rt_torch_data_rows"):
        X("rt_torch_data_rows", h, [4])
    with pytest.raises(ExternError, match="0-d tensor"):
        X("rt_torch_data_rows", put(torch.tensor(1.0)), [0])
