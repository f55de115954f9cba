"""Overhead of the extern/handle boundary: one MLP training step written (a) directly in
PyTorch, (b) through `runtime.externs.bind` the way generated Simple code drives it (a
`Tensor` wrapper object per result that frees its handle when dropped, optimizer externs), and
(c) in Simple itself over lib.torch (`bench/training_step.spl`, compiled by spl2py).

    .venv/bin/python bench/runtime_overhead.py [--rounds N] [--threads N]

Prints the median step time of each and the ratios b/a (targets: tiny XOR <= 1.3x, MNIST-sized
MLP <= 1.05x) and c/a (the whole Simple layer: Sequential, layers, losses, optimizer objects). Runs are interleaved (a few steps of a, then of b, repeated) so drift in machine
load hits both alike. Prints figures only; it asserts nothing.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import torch
import torch.nn.functional as F

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout

from runtime.externs import bind  # noqa: E402
from spl2py.driver.run import load_module  # noqa: E402

SIMPLE_STEPS = load_module(Path(__file__).with_name("training_step.spl"))

# ---- (b) the Simple side: a Tensor wrapper over handles, like the lowered lib/torch/mod.spl ----

_free = bind("rt_torch_torchtensor_free")
_from_data = bind("rt_torch_tensor_from_data")
_from_i64 = bind("rt_torch_tensor_from_i64_data")
_uniform = bind("rt_torch_tensor_uniform")
_set_rg = bind("rt_torch_autograd_set_requires_grad")
_linear = bind("rt_torch_nn_linear")
_relu = bind("rt_torch_torchtensor_relu")
_tanh = bind("rt_torch_torchtensor_tanh")
_sigmoid = bind("rt_torch_torchtensor_sigmoid")
_dropout = bind("rt_torch_nn_dropout")
_mse = bind("rt_torch_nn_mse_loss_tensor")
_ce = bind("rt_torch_nn_cross_entropy_tensor")
_backward = bind("rt_torch_autograd_backward")
_item = bind("rt_torch_torchtensor_item")
_sgd = bind("rt_torch_optim_sgd_new")
_adam = bind("rt_torch_optim_adam_new")
_step = bind("rt_torch_optim_step")
_zero = bind("rt_torch_optim_zero_grad")
_handle_count = bind("rt_torch_handle_count")


class Tensor:
    """What a Simple `Tensor` lowers to: a handle it owns, freed when the object dies."""

    __slots__ = ("handle",)

    def __init__(self, handle: int):
        self.handle = handle

    def __del__(self):
        _free(self.handle)

    def relu(self):
        return Tensor(_relu(self.handle))

    def tanh(self):
        return Tensor(_tanh(self.handle))

    def sigmoid(self):
        return Tensor(_sigmoid(self.handle))

    def dropout(self, p, training):
        return Tensor(_dropout(self.handle, p, training))

    def backward(self):
        _backward(self.handle)

    def item(self):
        return _item(self.handle)


class Linear:
    def __init__(self, n_in: int, n_out: int):
        bound = 1.0 / n_in**0.5
        self.weight = Tensor(_uniform([n_out, n_in], -bound, bound))
        self.bias = Tensor(_uniform([n_out], -bound, bound))
        _set_rg(self.weight.handle, True)
        _set_rg(self.bias.handle, True)

    def forward(self, x: Tensor) -> Tensor:
        return Tensor(_linear(x.handle, self.weight.handle, self.bias.handle))

    def parameters(self) -> list[Tensor]:
        return [self.weight, self.bias]


class Optimizer:
    def __init__(self, handle: int):
        self.handle = handle

    def step(self):
        _step(self.handle)

    def zero_grad(self):
        _zero(self.handle)


# ---- the two workloads, each as (setup_torch, setup_extern) returning a step function ------


def xor_case():
    x_data = [0.0, 0.0, 0.0, 1.0, 1.0, 0.0, 1.0, 1.0]
    y_data = [0.0, 1.0, 1.0, 0.0]

    def direct():
        x = torch.tensor(x_data).reshape(4, 2)
        y = torch.tensor(y_data).reshape(4, 1)
        l1, l2 = torch.nn.Linear(2, 8), torch.nn.Linear(8, 1)
        params = [
            p.detach().clone().requires_grad_()
            for m in (l1, l2)
            for p in (m.weight, m.bias)
        ]
        w1, b1, w2, b2 = params
        opt = torch.optim.SGD(params, lr=0.5, momentum=0.9)

        def step():
            out = torch.sigmoid(F.linear(torch.tanh(F.linear(x, w1, b1)), w2, b2))
            loss = F.mse_loss(out, y)
            opt.zero_grad()
            loss.backward()
            opt.step()
            return loss.item()

        return step

    def extern():
        x = Tensor(_from_data(x_data, [4, 2]))
        y = Tensor(_from_data(y_data, [4, 1]))
        l1, l2 = Linear(2, 8), Linear(8, 1)
        params = [p.handle for m in (l1, l2) for p in m.parameters()]
        opt = Optimizer(_sgd(params, 0.5, 0.9, 0.0))

        def step():
            out = l2.forward(l1.forward(x).tanh()).sigmoid()
            loss = Tensor(_mse(out.handle, y.handle))
            opt.zero_grad()
            loss.backward()
            opt.step()
            return loss.item()

        return step

    def simple():
        return SIMPLE_STEPS.xor_stepper(x_data, [float(v) for v in y_data]).step

    return direct, extern, simple


def mnist_case():
    sizes = [784, 512, 256, 128, 10]
    gen = torch.Generator().manual_seed(0)
    x_data = (torch.rand(128, 784, generator=gen) * 2 - 1).reshape(-1).tolist()
    y_data = torch.randint(0, 10, (128,), generator=gen).tolist()

    def direct():
        x = torch.tensor(x_data).reshape(128, 784)
        y = torch.tensor(y_data, dtype=torch.int64)
        layers = [torch.nn.Linear(a, b) for a, b in zip(sizes, sizes[1:])]
        params = [
            p.detach().clone().requires_grad_()
            for m in layers
            for p in (m.weight, m.bias)
        ]
        pairs = list(zip(params[::2], params[1::2]))
        opt = torch.optim.Adam(params, lr=1e-3, weight_decay=1e-5)

        def step():
            h = x
            for w, b in pairs[:-1]:
                h = F.dropout(torch.relu(F.linear(h, w, b)), 0.2, True)
            loss = F.cross_entropy(F.linear(h, *pairs[-1]), y)
            opt.zero_grad()
            loss.backward()
            opt.step()
            return loss.item()

        return step

    def extern():
        x = Tensor(_from_data(x_data, [128, 784]))
        y = Tensor(_from_i64(y_data, [128]))
        layers = [Linear(a, b) for a, b in zip(sizes, sizes[1:])]
        params = [p.handle for m in layers for p in m.parameters()]
        opt = Optimizer(_adam(params, 1e-3, 0.9, 0.999, 1e-8, 1e-5))

        def step():
            h = x
            for layer in layers[:-1]:
                h = layer.forward(h).relu().dropout(0.2, True)
            logits = layers[-1].forward(
                h
            )  # keep the owner alive while its handle is in use
            loss = Tensor(_ce(logits.handle, y.handle))
            opt.zero_grad()
            loss.backward()
            opt.step()
            return loss.item()

        return step

    def simple():
        return SIMPLE_STEPS.mnist_stepper(x_data, y_data).step

    return direct, extern, simple


def measure(make_all, rounds: int, per_round: int, warmup: int) -> tuple[list[float], int]:
    """Median seconds per step of each variant, interleaved round by round; handles leaked."""
    steps = [make() for make in make_all()]
    for _ in range(warmup):
        for fn in steps:
            fn()
    before = _handle_count()
    times: list[list[float]] = [[] for _ in steps]
    clock = time.perf_counter
    for r in range(rounds):
        order = list(zip(steps, times))
        for fn, samples in order if r % 2 == 0 else order[::-1]:
            for _ in range(per_round):
                t0 = clock()
                fn()
                samples.append(clock() - t0)
    leaked = _handle_count() - before
    return [statistics.median(t) for t in times], leaked


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=40)
    ap.add_argument(
        "--threads", type=int, default=0, help="torch intra-op threads (0: default)"
    )
    args = ap.parse_args()
    if args.threads:
        torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    print(f"torch {torch.__version__}, {torch.get_num_threads()} thread(s), CPU")
    cases = (
        ("XOR 4x2 -> 8 -> 1, SGD", xor_case, 1.30, 50, 400),
        ("MNIST MLP 784-512-256-128-10, batch 128, Adam", mnist_case, 1.05, 5, 20),
    )
    for title, case, target, per_round, warmup in cases:
        rounds = args.rounds if per_round > 5 else max(args.rounds // 2, 4)
        (a, b, c), leaked = measure(case, rounds, per_round, warmup)
        print(f"{title}:")
        print(f"  torch direct : {a * 1e6:10.1f} us/step (median of {rounds * per_round})")
        print(f"  via externs  : {b * 1e6:10.1f} us/step")
        print(f"  Simple code  : {c * 1e6:10.1f} us/step (lib.torch, compiled by spl2py)")
        print(
            f"  ratio        : {b / a:10.3f}x   (target <= {target:.2f}x)"
            f"   overhead {(b - a) * 1e6:+.1f} us/step, handles leaked: {leaked}"
        )
        print(f"  Simple ratio : {c / a:10.3f}x   overhead {(c - a) * 1e6:+.1f} us/step")

if __name__ == "__main__":
    main()
