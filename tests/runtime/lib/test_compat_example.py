"""examples/torch/compat_api.spl prints exactly the output its header documents."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
EXAMPLE = ROOT / "examples" / "torch" / "compat_api.spl"
MARKER = "# Expected output on a machine without CUDA"


def documented_output() -> list[str]:
    lines = EXAMPLE.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(MARKER))
    out = []
    for line in lines[start + 1 :]:
        if not line.startswith("#"):
            break
        if line.startswith("#   "):
            out.append(line[4:])
    return out


def test_compat_example_prints_its_header(tmp_path):
    import torch

    env = {k: v for k, v in os.environ.items() if not k.startswith("SIMPLE_DL_")}
    result = subprocess.run(
        [sys.executable, "-m", "spl2py", "run", str(EXAMPLE)],
        capture_output=True, text=True, cwd=tmp_path, env=env, timeout=300,
    )
    assert result.returncode == 0, result.stderr
    got = result.stdout.splitlines()
    expected = documented_output()
    if torch.cuda.is_available():  # the header says which lines change with CUDA
        expected = [
            line.replace("device=cpu", "device=cuda:0")
            .replace("Device kind: CPU", "Device kind: CUDA device 0")
            .replace("CUDA available: false", "CUDA available: true")
            .replace("device: cpu, is_cuda false", "device: cuda:0, is_cuda true")
            for line in expected
        ]
    assert got == expected
