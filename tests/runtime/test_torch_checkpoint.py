"""lib.torch.checkpoint: a torch state-dict file, atomic writes, and a round trip across processes
that continues training exactly as if it had never stopped."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import torch

from runtime.errors import ExternError
from runtime.externs import bind
from runtime.torch_ffi.handles import TENSORS, put

ROOT = Path(__file__).resolve().parents[2]
RESUME = Path(__file__).resolve().parent / "distributed" / "resume.spl"


def X(name, *args):
    return bind(name)(*args)


def run_here(*args: str) -> str:
    from spl2py.driver.run import run_file

    out, real = io.StringIO(), sys.stdout
    sys.stdout = out
    threads = torch.get_num_threads()
    torch.set_num_threads(1)  # as a launched worker (OMP_NUM_THREADS=1)
    try:
        assert run_file(RESUME, list(args)) == 0
    finally:
        torch.set_num_threads(threads)
        sys.stdout = real
    return out.getvalue()


def params(text: str) -> list[float]:
    line = next(x for x in text.splitlines() if x.startswith("params: "))
    return json.loads(line[len("params: "):])


def test_round_trip_in_a_new_process_continues_like_uninterrupted_training(tmp_path):
    path = tmp_path / "half.pt"
    run_here("first", str(path))
    uninterrupted = params(run_here("full", str(path)))
    resumed = subprocess.run([sys.executable, "-m", "spl2py", "run", str(RESUME), "rest", str(path)],
                             capture_output=True, text=True, timeout=240, cwd=ROOT,
                             env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert resumed.returncode == 0, resumed.stderr
    assert "extra: 3 half way" in resumed.stdout
    assert params(resumed.stdout) == uninterrupted  # bit for bit: parameters and Adam state restored
    state = torch.load(path)  # plain PyTorch reads it (weights_only is torch's default)
    assert sorted(state) == ["extra", "model", "optimizer"]
    assert [tuple(t.shape) for t in state["model"].values()] == [(6, 4), (6,), (2, 6), (2,)]
    assert state["optimizer"]["state"][0]["step"] == 3 and state["extra"] == {"step": 3, "note": "half way"}
    assert [p.name for p in tmp_path.iterdir()] == ["half.pt"]  # no temporary file left behind


def test_save_is_atomic_and_load_checks_shapes(tmp_path, monkeypatch):
    path = str(tmp_path / "c.pt")
    w = torch.randn(3, 2, requires_grad=True)
    opt = torch.optim.SGD([w], lr=0.1)
    from runtime.torch_ffi.handles import OPTIMIZERS, put_object

    hw, ho = put(w), put_object(OPTIMIZERS, opt)
    X("rt_torch_checkpoint_save", path, [hw], ho, {"epoch": 1})
    before = Path(path).read_bytes()

    def killed(*args, **kwargs):
        raise KeyboardInterrupt  # the save dies half way
    monkeypatch.setattr(torch, "save", killed)
    with pytest.raises(KeyboardInterrupt):
        X("rt_torch_checkpoint_save", path, [hw], 0, {"epoch": 2})
    monkeypatch.undo()
    assert Path(path).read_bytes() == before and os.listdir(tmp_path) == ["c.pt"]

    with torch.no_grad():
        w.zero_()
    assert X("rt_torch_checkpoint_load", path, [hw], ho) == {"epoch": 1}
    assert torch.equal(TENSORS[hw], torch.load(path)["model"]["0"])
    with pytest.raises(ExternError, match=r"saved shape \[3, 2\] != model shape \[2\]"):
        X("rt_torch_checkpoint_load", path, [put(torch.zeros(2))], 0)
    with pytest.raises(ExternError, match="holds 1 parameters, the model has 2"):
        X("rt_torch_checkpoint_load", path, [hw, hw], 0)
    X("rt_torch_checkpoint_save", path, [hw], 0, {})
    with pytest.raises(ExternError, match="holds no optimizer state"):
        X("rt_torch_checkpoint_load", path, [hw], ho)
    torch.save({"weights": 1}, path)
    with pytest.raises(ExternError, match="is not a checkpoint"):
        X("rt_torch_checkpoint_load", path, [hw], 0)
