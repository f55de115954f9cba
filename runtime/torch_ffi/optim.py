"""Optimizers over torch.optim. They update the parameter tensors in place, so every handle (and
every Simple object holding one) sees the new values. Optimizer handles share the tensor
counter; `zero_grad` uses torch's default set_to_none=True (grad returns 0 until the next
backward)."""

import torch

from runtime.torch_ffi._base import BadArg, op
from runtime.torch_ffi.handles import OPTIMIZERS, get_object, put_object, tensor_list


def _params(handles) -> list[torch.Tensor]:
    params = tensor_list(handles)
    for h, p in zip(handles, params):
        if not p.is_leaf:
            raise BadArg(f"parameter handle {h} is not a leaf tensor (detach it first)")
        if not p.requires_grad:
            raise BadArg(
                f"parameter handle {h} does not require grad (call set_requires_grad)"
            )
    return params


@op(
    "rt_torch_optim_sgd_new",
    "(params: [i64], lr: f64, momentum: f64, weight_decay: f64) -> i64",
)
def sgd_new(params, lr, momentum, weight_decay):
    opt = torch.optim.SGD(
        _params(params), lr=lr, momentum=momentum, weight_decay=weight_decay
    )
    return put_object(OPTIMIZERS, opt)


@op(
    "rt_torch_optim_adam_new",
    "(params: [i64], lr: f64, beta1: f64, beta2: f64, eps: f64, weight_decay: f64) -> i64",
)
def adam_new(params, lr, beta1, beta2, eps, weight_decay):
    opt = torch.optim.Adam(
        _params(params), lr=lr, betas=(beta1, beta2), eps=eps, weight_decay=weight_decay
    )
    return put_object(OPTIMIZERS, opt)


@op(
    "rt_torch_optim_rmsprop_new",
    "(params: [i64], lr: f64, alpha: f64, eps: f64, momentum: f64) -> i64",
)
def rmsprop_new(params, lr, alpha, eps, momentum):
    opt = torch.optim.RMSprop(
        _params(params), lr=lr, alpha=alpha, eps=eps, momentum=momentum
    )
    return put_object(OPTIMIZERS, opt)


@op("rt_torch_optim_step", "(opt: i64)")
def step(h):
    get_object(OPTIMIZERS, h, "optimizer").step()


@op("rt_torch_optim_zero_grad", "(opt: i64)")
def zero_grad(h):
    get_object(OPTIMIZERS, h, "optimizer").zero_grad()


@op("rt_torch_optim_free", "(opt: i64)")
def free(h):
    OPTIMIZERS.pop(h, None)


@op("rt_torch_optim_get_lr", "(opt: i64) -> f64")
def get_lr(h):
    return float(get_object(OPTIMIZERS, h, "optimizer").param_groups[0]["lr"])


@op("rt_torch_optim_set_lr", "(opt: i64, lr: f64)")
def set_lr(h, lr):
    for group in get_object(OPTIMIZERS, h, "optimizer").param_groups:
        group["lr"] = lr
