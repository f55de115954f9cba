"""NN ops, losses, autograd (incl. nesting no-grad) and the optimizer externs against torch."""

import pytest
import torch
import torch.nn.functional as F
from torch.testing import assert_close

from runtime.errors import ExternError
from runtime.externs import bind
from runtime.torch_ffi.handles import TENSORS, put


def X(name, *args):
    return bind(name)(*args)


def t(h):
    return TENSORS[h]


@pytest.fixture(autouse=True)
def seeded():
    torch.manual_seed(0)


# ---- nn ops ---------------------------------------------------------------------------------


def test_conv2d_with_and_without_bias():
    x, w, b = torch.randn(2, 3, 8, 8), torch.randn(4, 3, 3, 3), torch.randn(4)
    got = t(X("rt_torch_nn_conv2d", put(x), put(w), put(b), [2, 2], [1, 1], [1, 1], 1))
    assert_close(got, F.conv2d(x, w, b, 2, 1, 1, 1))
    got = t(X("rt_torch_nn_conv2d", put(x), put(w), 0, [1, 1], [0, 0], [2, 2], 1))
    assert_close(got, F.conv2d(x, w, None, 1, 0, 2, 1))


def test_pools():
    x = torch.randn(1, 2, 6, 6)
    got = t(X("rt_torch_nn_max_pool2d", put(x), [2, 2], [2, 2], [0, 0]))
    assert_close(got, F.max_pool2d(x, 2, 2, 0))
    got = t(X("rt_torch_nn_avg_pool2d", put(x), [3, 3], [1, 1], [1, 1]))
    assert_close(got, F.avg_pool2d(x, 3, 1, 1))
    got = t(
        X("rt_torch_nn_max_pool2d", put(x), [2, 2], [], [0, 0])
    )  # empty stride = kernel
    assert got.shape == (1, 2, 3, 3)


def test_batch_norm_training_updates_running_stats_in_place():
    x = torch.randn(8, 3, 4, 4)
    rm, rv = torch.zeros(3), torch.ones(3)
    w, b = torch.rand(3), torch.rand(3)
    hrm, hrv = put(rm), put(rv)
    got = t(
        X("rt_torch_nn_batch_norm", put(x), hrm, hrv, put(w), put(b), True, 0.1, 1e-5)
    )
    erm, erv = torch.zeros(3), torch.ones(3)
    assert_close(got, F.batch_norm(x, erm, erv, w, b, True, 0.1, 1e-5))
    assert t(hrm) is rm and torch.equal(rm, erm) and torch.equal(rv, erv)
    got = t(X("rt_torch_nn_batch_norm", put(x), hrm, hrv, 0, 0, False, 0.1, 1e-5))
    assert_close(got, F.batch_norm(x, erm, erv, None, None, False, 0.1, 1e-5))


def test_layer_norm_dropout_linear_embedding():
    x = torch.randn(4, 6)
    w, b = torch.rand(6), torch.rand(6)
    assert_close(
        t(X("rt_torch_nn_layer_norm", put(x), [6], put(w), put(b), 1e-5)),
        F.layer_norm(x, [6], w, b, 1e-5),
    )
    assert_close(
        t(X("rt_torch_nn_layer_norm", put(x), [6], 0, 0, 1e-5)), F.layer_norm(x, [6])
    )
    assert torch.equal(t(X("rt_torch_nn_dropout", put(x), 0.5, False)), x)
    torch.manual_seed(5)
    got = t(X("rt_torch_nn_dropout", put(x), 0.5, True))
    torch.manual_seed(5)
    assert torch.equal(got, F.dropout(x, 0.5, True))
    W, B = torch.randn(3, 6), torch.randn(3)
    assert_close(t(X("rt_torch_nn_linear", put(x), put(W), put(B))), F.linear(x, W, B))
    assert_close(t(X("rt_torch_nn_linear", put(x), put(W), 0)), x @ W.T)
    idx, table = torch.tensor([[0, 2], [1, 1]]), torch.randn(3, 5)
    assert torch.equal(
        t(X("rt_torch_nn_embedding", put(idx), put(table))), F.embedding(idx, table)
    )


# ---- losses ---------------------------------------------------------------------------------


def _loss_inputs(short):
    if short in ("cross_entropy", "nll_loss"):
        logits = torch.randn(5, 4)
        x = logits if short == "cross_entropy" else torch.log_softmax(logits, 1)
        return x, torch.tensor([0, 3, 1, 2, 3])
    if short == "binary_cross_entropy":
        return torch.rand(5, 1).clamp(0.05, 0.95), torch.randint(0, 2, (5, 1)).float()
    return torch.randn(5, 2), torch.randn(5, 2)


@pytest.mark.parametrize(
    "name, tensor_name, fn",
    [
        ("rt_torch_nn_mse_loss", "rt_torch_nn_mse_loss_tensor", F.mse_loss),
        (
            "rt_torch_nn_cross_entropy",
            "rt_torch_nn_cross_entropy_tensor",
            F.cross_entropy,
        ),
        (
            "rt_torch_nn_binary_cross_entropy",
            "rt_torch_nn_binary_cross_entropy_tensor",
            F.binary_cross_entropy,
        ),
        ("rt_torch_nn_nll_loss", "rt_torch_nn_nll_loss_tensor", F.nll_loss),
    ],
)
def test_losses(name, tensor_name, fn):
    x, target = _loss_inputs(name.removeprefix("rt_torch_nn_"))
    expected = fn(x, target)
    got = X(name, put(x), put(target))
    assert type(got) is float and got == pytest.approx(expected.item(), rel=1e-6)
    w = x.clone().requires_grad_()
    lt = t(X(tensor_name, put(w), put(target)))
    assert lt.dim() == 0 and lt.requires_grad
    assert_close(lt, expected)
    lt.backward()
    x2 = x.clone().requires_grad_()
    fn(x2, target).backward()
    assert_close(w.grad, x2.grad)


# ---- autograd -------------------------------------------------------------------------------


def test_requires_grad_backward_grad_zero_grad_detach():
    w = put(torch.tensor([1.0, 2.0, 3.0]))
    assert X("rt_torch_autograd_requires_grad", w) is False
    assert X("rt_torch_autograd_grad", w) == 0
    X("rt_torch_autograd_set_requires_grad", w, True)
    assert X("rt_torch_autograd_requires_grad", w) is True
    sq = X("rt_torch_torchtensor_mul", w, w)
    loss = X("rt_torch_torchtensor_sum_all", sq)
    X("rt_torch_autograd_backward", loss)
    g = X("rt_torch_autograd_grad", w)
    assert g != 0 and t(g).tolist() == [2.0, 4.0, 6.0]
    assert t(g) is t(w).grad  # the grad handle aliases .grad
    X("rt_torch_autograd_zero_grad", w)
    assert t(g).tolist() == [0.0, 0.0, 0.0]
    X("rt_torch_autograd_zero_grad", put(torch.zeros(1)))  # no grad: nothing to do
    d = X("rt_torch_autograd_detach", sq)
    assert not t(d).requires_grad and t(d).data_ptr() == t(sq).data_ptr()


def test_no_grad_nests():
    w = put(torch.ones(2, requires_grad=True))
    X("rt_torch_autograd_no_grad_begin")
    X("rt_torch_autograd_no_grad_begin")
    X("rt_torch_autograd_no_grad_end")
    # still inside the outer scope: no graph is recorded
    assert not t(X("rt_torch_torchtensor_mul_scalar", w, 2.0)).requires_grad
    X("rt_torch_autograd_no_grad_end")
    assert t(X("rt_torch_torchtensor_mul_scalar", w, 2.0)).requires_grad
    assert torch.is_grad_enabled()


def test_no_grad_end_without_begin_is_an_error():
    with pytest.raises(ExternError, match="without a matching no_grad_begin"):
        X("rt_torch_autograd_no_grad_end")
    assert torch.is_grad_enabled()


def test_no_grad_restores_an_outer_disabled_mode():
    with torch.no_grad():
        X("rt_torch_autograd_no_grad_begin")
        X("rt_torch_autograd_no_grad_end")
        assert not torch.is_grad_enabled()
    assert torch.is_grad_enabled()


# ---- optimizers -----------------------------------------------------------------------------


def _train(make_ext, make_torch, steps=3):
    """Run `steps` steps through the externs and directly; return both final weights."""
    w0 = torch.randn(4, 3)
    x = torch.randn(6, 3)
    hw = put(w0.clone())
    X("rt_torch_autograd_set_requires_grad", hw, True)
    tensor_before = t(hw)
    opt = make_ext([hw])
    hx = put(x)
    for _ in range(steps):
        X("rt_torch_optim_zero_grad", opt)
        y = X("rt_torch_torchtensor_matmul", hx, X("rt_torch_torchtensor_t", hw))
        X(
            "rt_torch_autograd_backward",
            X("rt_torch_torchtensor_mean_all", X("rt_torch_torchtensor_mul", y, y)),
        )
        X("rt_torch_optim_step", opt)
    assert t(hw) is tensor_before  # updated in place: the handle keeps its tensor
    w = w0.clone().requires_grad_()
    topt = make_torch([w])
    for _ in range(steps):
        topt.zero_grad()
        ((x @ w.T) ** 2).mean().backward()
        topt.step()
    return t(hw), w.detach(), opt


@pytest.mark.parametrize(
    "make_ext, make_torch",
    [
        (
            lambda p: X("rt_torch_optim_sgd_new", p, 0.1, 0.9, 0.01),
            lambda p: torch.optim.SGD(p, lr=0.1, momentum=0.9, weight_decay=0.01),
        ),
        (
            lambda p: X("rt_torch_optim_adam_new", p, 0.01, 0.8, 0.99, 1e-7, 0.001),
            lambda p: torch.optim.Adam(
                p, lr=0.01, betas=(0.8, 0.99), eps=1e-7, weight_decay=0.001
            ),
        ),
        (
            lambda p: X("rt_torch_optim_rmsprop_new", p, 0.01, 0.9, 1e-8, 0.5),
            lambda p: torch.optim.RMSprop(
                p, lr=0.01, alpha=0.9, eps=1e-8, momentum=0.5
            ),
        ),
    ],
    ids=["sgd", "adam", "rmsprop"],
)
def test_optimizers_match_torch_optim(make_ext, make_torch):
    got, expected, opt = _train(make_ext, make_torch)
    assert_close(got, expected)
    X("rt_torch_optim_free", opt)


def test_optimizer_lr_and_zero_grad_and_free():
    hw = put(torch.zeros(2, requires_grad=True))
    opt = X("rt_torch_optim_sgd_new", [hw], 0.5, 0.0, 0.0)
    assert X("rt_torch_optim_get_lr", opt) == 0.5
    X("rt_torch_optim_set_lr", opt, 0.25)
    assert X("rt_torch_optim_get_lr", opt) == 0.25
    t(hw).sum().backward()
    X("rt_torch_optim_zero_grad", opt)
    assert X("rt_torch_autograd_grad", hw) == 0  # torch's set_to_none default
    X("rt_torch_optim_free", opt)
    X("rt_torch_optim_free", opt)  # no-op
    with pytest.raises(ExternError, match="invalid optimizer handle"):
        X("rt_torch_optim_step", opt)


def test_optimizer_rejects_bad_parameters():
    with pytest.raises(ExternError, match="does not require grad"):
        X("rt_torch_optim_sgd_new", [put(torch.zeros(2))], 0.1, 0.0, 0.0)
    nonleaf = put(torch.zeros(2, requires_grad=True) * 2)
    with pytest.raises(ExternError, match="not a leaf"):
        X("rt_torch_optim_adam_new", [nonleaf], 0.1, 0.9, 0.999, 1e-8, 0.0)
    with pytest.raises(ExternError, match="empty parameter list"):
        X("rt_torch_optim_rmsprop_new", [], 0.1, 0.99, 1e-8, 0.0)
