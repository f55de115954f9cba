"""Compile-time extern checks and `--externs MODULE` on the command line."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

USER_EXTERNS = '''
from runtime.externs import extern

@extern("rt_my_scale", "(x: f64, k: i64) -> f64")
def scale(x, k):
    return x * k
'''


def spl2py(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "spl2py", *args], cwd=cwd, capture_output=True, text=True, timeout=120
    )


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_unknown_extern_is_a_compile_error_with_close_names(tmp_path):
    write(tmp_path, "p.spl", "extern fn rt_torch_tensor_zero(dims: [i64]) -> i64\nprint 1\n")
    result = spl2py(tmp_path, "run", "p.spl")
    assert result.returncode == 1
    assert result.stdout == ""  # nothing ran
    assert "p.spl:1:1: error: no implementation for extern `rt_torch_tensor_zero`" in result.stderr
    assert "did you mean rt_torch_tensor_zeros" in result.stderr


def test_extern_arity_mismatch_is_a_compile_error(tmp_path):
    write(tmp_path, "p.spl", "\n\nextern fn rt_torch_tensor_zeros(dims: [i64], extra: i64) -> i64\n")
    result = spl2py(tmp_path, "check", "p.spl")
    assert result.returncode == 1
    assert (
        "p.spl:3:1: error: extern `rt_torch_tensor_zeros` is declared with 2 parameter(s), "
        "but its implementation takes 1" in result.stderr
    )
    assert "rt_torch_tensor_zeros(dims: [i64]) -> i64" in result.stderr


def test_user_externs_module_serves_a_program(tmp_path):
    write(tmp_path, "my_externs.py", USER_EXTERNS)
    write(tmp_path, "p.spl", "extern fn rt_my_scale(x: f64, k: i64) -> f64\nprint rt_my_scale(1.5, 4)\n")
    ok = spl2py(tmp_path, "run", "--externs", "my_externs", "p.spl")
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout == "6.0\n"
    # The cache must not hide the check: without the module the same file is rejected.
    missing = spl2py(tmp_path, "run", "p.spl")
    assert missing.returncode == 1 and "no implementation for extern `rt_my_scale`" in missing.stderr
    checked = spl2py(tmp_path, "check", "--externs", "my_externs", "p.spl")
    assert checked.returncode == 0, checked.stderr


def test_missing_externs_module_is_reported(tmp_path):
    write(tmp_path, "p.spl", "print 1\n")
    result = spl2py(tmp_path, "run", "--externs", "no_such_module", "p.spl")
    assert result.returncode == 2
    assert "cannot import extern module 'no_such_module'" in result.stderr
    assert "Traceback" not in result.stderr
