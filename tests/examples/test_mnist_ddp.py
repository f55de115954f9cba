"""examples/torch/training/mnist_ddp.spl alone (a world of one, in this process): it learns,
checkpoints every epoch, and --resume goes on after the saved epoch. Multi-rank runs of the same
machinery: tests/runtime/test_torch_distributed.py."""

from __future__ import annotations

import io
import os
import re
import sys
from pathlib import Path

import pytest

torch = pytest.importorskip("torch")
pytest.importorskip("sklearn")

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "torch" / "training" / "mnist_ddp.spl"


def run_here(*args: str) -> str:
    from spl2py.driver.run import run_file

    saved = {k: os.environ.pop(k) for k in ("RANK", "WORLD_SIZE", "MASTER_ADDR", "MASTER_PORT") if k in os.environ}
    out, real = io.StringIO(), sys.stdout
    sys.stdout = out
    try:
        assert run_file(EXAMPLE, list(args)) == 0
    finally:
        sys.stdout = real
        os.environ.update(saved)
    return out.getvalue()


@pytest.fixture
def one_thread():
    """One intra-op thread, as each launched worker has: on a busy 2-core machine two threads
    make these small matmuls many times slower."""
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(threads)


def test_trains_checkpoints_and_resumes(tmp_path, one_thread):
    checkpoint = str(tmp_path / "digits.pt")
    first = run_here("--epochs", "1", "--checkpoint", checkpoint)
    assert "1 rank(s) on gloo, 90 steps of 16 per rank and epoch" in first
    assert re.findall(r"^epoch +(\d)/1 ", first, re.M) == ["1"]
    assert torch.load(checkpoint)["extra"] == {"epoch": 1}
    rest = run_here("--epochs", "2", "--checkpoint", checkpoint, "--resume")
    assert f"resumed from {checkpoint} after epoch 1" in rest
    assert re.findall(r"^epoch +(\d)/2 ", rest, re.M) == ["2"]
    accuracy = float(re.search(r"final test accuracy: ([\d.]+)%", rest).group(1))
    assert accuracy > 85.0, rest
    assert re.search(r"throughput: \d+ samples/s", rest)
    assert torch.load(checkpoint)["extra"] == {"epoch": 2}
