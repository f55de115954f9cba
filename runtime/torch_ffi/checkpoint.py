"""Checkpoints: a model's parameters, an optimizer's state and extra values in one torch file.

The file is a plain dict that `torch.load(path)` reads: ``{"model": {"0": tensor, ...},
"optimizer": optimizer.state_dict() or None, "extra": {...}}``; model keys are the positions of
the parameters in `model.parameters()`. In a distributed run only rank 0 writes (then every rank
waits at a barrier, so the file exists when save returns). A save writes a temporary file in the
same folder and renames it over the target: a killed save never leaves a torn checkpoint.
"""

from __future__ import annotations

import os
import tempfile

import torch
import torch.distributed as dist

from runtime.torch_ffi._base import BadArg, op
from runtime.torch_ffi.handles import OPTIMIZERS, TENSORS as T, get_object


def _optimizer(h: int):
    return None if h == 0 else get_object(OPTIMIZERS, h, "optimizer")


def _write(path: str, state: dict) -> None:
    folder = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix=f".{os.path.basename(path)}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as f:
            torch.save(state, f)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


@op("rt_torch_checkpoint_save", "(path: text, params: [i64], optimizer: i64, extra: {text: any})")
def save(path, params, optimizer, extra):
    opt = _optimizer(optimizer)
    if not dist.is_initialized() or dist.get_rank() == 0:
        model = {str(i): T[h].detach().cpu() for i, h in enumerate(params)}
        state = {"model": model, "optimizer": opt.state_dict() if opt else None, "extra": dict(extra or {})}
        _write(path, state)
    if dist.is_initialized():
        dist.barrier()


@op("rt_torch_checkpoint_load", "(path: text, params: [i64], optimizer: i64) -> {text: any}")
def load(path, params, optimizer):
    """Copy the saved parameters (and optimizer state) in place; the saved extra values."""
    state = torch.load(path, map_location="cpu", weights_only=True)
    if not isinstance(state, dict) or "model" not in state:
        raise BadArg(f"{path!r} is not a checkpoint (no 'model' entry)")
    model = state["model"]
    if len(model) != len(params):
        raise BadArg(f"{path!r} holds {len(model)} parameters, the model has {len(params)}")
    with torch.no_grad():
        for i, h in enumerate(params):
            saved, p = model[str(i)], T[h]
            if saved.shape != p.shape:
                raise BadArg(f"parameter {i}: saved shape {list(saved.shape)} != model shape {list(p.shape)}")
            p.copy_(saved)
    opt = _optimizer(optimizer)
    if opt is not None:
        if state.get("optimizer") is None:
            raise BadArg(f"{path!r} holds no optimizer state")
        opt.load_state_dict(state["optimizer"])
    return dict(state.get("extra") or {})
