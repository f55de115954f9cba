"""std.src.dl.config reads SIMPLE_DL_DEVICE / SIMPLE_DL_DTYPE / SIMPLE_DL_BACKEND.

Runs a small Simple program under `spl2py run` with the variables set, since a Simple spec cannot
set its own environment.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
PROBE = Path(__file__).with_name("fixtures") / "config_probe.spl"


def run_probe(**env_vars: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SIMPLE_DL_")}
    env.update(env_vars)
    return subprocess.run(
        [sys.executable, "-m", "spl2py", "run", str(PROBE)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def parse(stdout: str) -> dict[str, str]:
    return dict(line.split("=", 1) for line in stdout.splitlines() if "=" in line)


def test_defaults_follow_cuda_availability():
    import torch

    result = run_probe()
    assert result.returncode == 0, result.stderr
    expected_device = "cuda:0" if torch.cuda.is_available() else "cpu"
    assert parse(result.stdout) == {"device": expected_device, "dtype": "f32", "backend": "torch"}


@pytest.mark.parametrize(
    ("device", "shown"),
    [("cpu", "cpu"), ("cuda", "cuda:0"), ("cuda:1", "cuda:1"), ("CUDA:2", "cuda:2"), ("gpu", "cuda"), ("", None)],
)
def test_device_variable(device, shown):
    import torch

    result = run_probe(SIMPLE_DL_DEVICE=device)
    assert result.returncode == 0, result.stderr
    if shown is None:  # blank counts as unset
        shown = "cuda:0" if torch.cuda.is_available() else "cpu"
    assert parse(result.stdout)["device"] == shown


def test_dtype_and_backend_variables():
    result = run_probe(SIMPLE_DL_DEVICE="cpu", SIMPLE_DL_DTYPE="f64", SIMPLE_DL_BACKEND="pure")
    assert result.returncode == 0, result.stderr
    assert parse(result.stdout) == {"device": "cpu", "dtype": "f64", "backend": "pure"}


@pytest.mark.parametrize(
    ("name", "value", "words"),
    [
        ("SIMPLE_DL_DEVICE", "tpu", "unknown device 'tpu'"),
        ("SIMPLE_DL_DEVICE", "cuda:x", "bad CUDA device index"),
        ("SIMPLE_DL_DTYPE", "int4", "unknown dtype 'int4'"),
        ("SIMPLE_DL_BACKEND", "jax", "unknown backend 'jax'"),
    ],
)
def test_bad_values_are_reported(name, value, words):
    result = run_probe(**{name: value})
    assert result.returncode != 0
    assert name in result.stderr and words in result.stderr
