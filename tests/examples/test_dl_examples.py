"""System test of the torch examples: each runs for real and prints measured results.

Replaces upstream's `dl_examples_system_spec.spl`, which asserted constants.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

torch = pytest.importorskip("torch")

ROOT = Path(__file__).resolve().parents[2]
TORCH_EXAMPLES = ROOT / "examples" / "torch"
STUB_WORDS = re.compile(r"stub|not available|placeholder", re.IGNORECASE)


def run_example(path: Path, *args: str, env: dict | None = None, timeout: int = 300) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [sys.executable, "-m", "spl2py", "run", str(path), *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
    )
    assert result.returncode == 0, f"exit {result.returncode}\nstdout:\n{result.stdout}\nstderr:\n{result.stderr}"
    return result


def header_lines(path: Path, marker: str = "# Prints") -> list[str]:
    """The exact lines listed in the header after the marker, up to '...' or the end of the block."""
    lines = path.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(marker))
    out = []
    for line in lines[start + 1 :]:
        if not line.startswith("#   ") or line.strip() == "#   ...":
            break
        out.append(line[4:])
    return out


def no_stub_text(output: str) -> None:
    assert not STUB_WORDS.search(output), output


@pytest.mark.parametrize("name", ["01_tensor_creation.spl", "02_tensor_operations.spl"])
def test_basics_print_the_documented_values(name):
    path = TORCH_EXAMPLES / "basics" / name
    out = run_example(path).stdout
    expected = header_lines(path)
    assert len(expected) >= 8
    for line in expected:
        assert line in out.splitlines(), f"missing line {line!r} in:\n{out}"
    no_stub_text(out)


def test_tensor_creation_random_statistics():
    out = run_example(TORCH_EXAMPLES / "basics" / "01_tensor_creation.spl").stdout
    mean = float(re.search(r"randn \[1000\]: mean (-?[\d.]+)", out).group(1))
    std = float(re.search(r"std ([\d.]+) \(about 1\)", out).group(1))
    assert abs(mean) < 0.15 and 0.85 < std < 1.15
    assert f"torch {torch.__version__.split('+')[0]}" in out


def test_device_selection_runs_and_says_where():
    out = run_example(TORCH_EXAMPLES / "basics" / "03_device_selection.spl").stdout
    assert "results agree" in out
    if torch.cuda.is_available():
        assert re.search(r"ran on cuda:\d+ \(is_cuda true\)", out), out
    else:
        assert "config: device cpu, dtype f32, backend torch" in out
        assert "CUDA is not available: fell back to CPU" in out
        assert "ran on cpu (is_cuda false)" in out


def test_device_selection_honours_the_environment():
    import os

    env = dict(os.environ, SIMPLE_DL_DEVICE="cuda:0")
    out = run_example(TORCH_EXAMPLES / "basics" / "03_device_selection.spl", env=env).stdout
    assert "config: device cuda:0, dtype f32, backend torch" in out
    if not torch.cuda.is_available():
        assert "CUDA is not available: fell back to CPU" in out
    env = dict(os.environ, SIMPLE_DL_DEVICE="cpu")
    out = run_example(TORCH_EXAMPLES / "basics" / "03_device_selection.spl", env=env).stdout
    assert "config: device cpu" in out and "ran on cpu" in out


def test_xor_learns_all_four_cases():
    out = run_example(TORCH_EXAMPLES / "training" / "xor_pytorch.spl").stdout
    assert "all 4 correct" in out, out
    first, last = map(float, re.search(r"loss ([\d.]+) -> ([\d.]+)", out).groups())
    assert last < first / 10
    assert len(re.findall(r"expected \d ok", out)) == 4
    no_stub_text(out)


def test_digits_classifier_reaches_95_percent():
    pytest.importorskip("sklearn")
    out = run_example(TORCH_EXAMPLES / "training" / "mnist_classifier.spl").stdout
    assert "data: scikit-learn digits (train), 1438 train / 359 test images of 64 pixels, 10 classes" in out
    params = int(re.search(r"([\d,]+) parameters", out).group(1).replace(",", ""))
    assert params == (64 * 128 + 128) + (128 * 64 + 64) + (64 * 10 + 10)
    accuracy = float(re.search(r"final test accuracy: ([\d.]+)%", out).group(1))
    assert accuracy >= 95.0, out


def write_fake_mnist(folder: Path, n_train: int, n_test: int) -> None:
    """Small IDX files in MNIST's layout: class k is a bright horizontal bar at row 2k + 4."""
    from runtime.datasets import write_idx

    rng = np.random.default_rng(0)
    for split, n in (("train", n_train), ("t10k", n_test)):
        labels = rng.integers(0, 10, n).astype(np.uint8)
        images = rng.integers(0, 40, (n, 28, 28)).astype(np.uint8)
        for i, k in enumerate(labels):
            images[i, 2 * k + 4, 4:24] = 250
        write_idx(folder / f"{split}-images-idx3-ubyte", images)
        write_idx(folder / f"{split}-labels-idx1-ubyte", labels)


def test_classifier_reads_mnist_idx_files(tmp_path):
    write_fake_mnist(tmp_path, 300, 100)
    out = run_example(
        TORCH_EXAMPLES / "training" / "mnist_classifier.spl", "--data", str(tmp_path), "--epochs", "3"
    ).stdout
    assert "data: MNIST train, 300 train / 100 test images of 784 pixels, 10 classes" in out
    assert "model: 784-256-64-10 MLP" in out
    accuracy = float(re.search(r"final test accuracy: ([\d.]+)%", out).group(1))
    assert accuracy >= 90.0, out


def test_classifier_reports_missing_idx_files(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "spl2py", "run", str(TORCH_EXAMPLES / "training" / "mnist_classifier.spl"), "--data", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "no such file" in result.stderr and "train-images-idx3-ubyte" in result.stderr
    # A traceback in .spl terms: the program's call site and the library line, no Python frames.
    assert 'mnist_classifier.spl", line' in result.stderr and 'datasets.spl", line' in result.stderr
    assert '.py", line' not in result.stderr


def test_compat_api_example_prints_real_shapes():
    path = TORCH_EXAMPLES / "compat_api.spl"
    out = run_example(path).stdout
    assert re.search(r"\[2, 3\]", out), out
    no_stub_text(out)


def ffi_declarations() -> dict[str, str]:
    """name -> signature text of every `extern fn` in the bundled lib/torch/ffi.spl."""
    text = (ROOT / "runtime" / "lib" / "torch" / "ffi.spl").read_text(encoding="utf-8")
    decls = {}
    for m in re.finditer(r"^extern fn (\w+)(\(.*?\)(?:\s*->\s*[^#\n]+)?)", text, re.MULTILINE):
        decls[m.group(1)] = m.group(2).strip()
    return decls


def test_ffi_declares_exactly_what_the_runtime_serves():
    from runtime import externs
    from runtime.torch_ffi.signatures import SIGNATURES

    decls = ffi_declarations()
    assert set(decls) == set(SIGNATURES), (set(decls) ^ set(SIGNATURES))
    for name, text in decls.items():
        assert externs.parse_signature(text) == externs.signature(name), name
    assert len([n for n in decls if n.startswith("rt_torch_")]) >= 128
