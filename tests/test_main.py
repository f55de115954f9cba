"""The console entry: `spl2py check` ends without a teardown, and says exactly what check_paths says."""

from __future__ import annotations

import gc
import io
import os
import subprocess
import sys
from pathlib import Path

from spl2py.driver.check import check_paths

REPO = Path(__file__).resolve().parents[1]

FILES = {
    "a.spl": "fn twice(x: i64) -> i64:\n    x * 2\nprint twice(4)\n",
    "b.spl": "print missing_name\n",
    "c.spl": "fn f(:\n",
    "d.spl": "print 1\n",
}


def _write(folder: Path) -> list[Path]:
    for name, text in FILES.items():
        (folder / name).write_text(text)
    return [folder / name for name in FILES]


def test_the_command_checks_as_check_paths_does_and_flushes_everything(tmp_path):
    paths = _write(tmp_path)
    env = {**os.environ, "PYTHONPATH": str(REPO), "SPL2PY_CACHE_DIR": str(tmp_path / "cache")}
    done = subprocess.run([sys.executable, "-m", "spl2py", "check", *map(str, paths)], env=env,
                          capture_output=True, text=True, timeout=120)
    out = io.StringIO()
    code = check_paths(paths, out=out, jobs=1)
    assert (done.returncode, done.stderr) == (code, out.getvalue())
    assert code == 1 and done.stderr.endswith("4 files, 2 errors\n")


def test_keep_holds_only_the_last_program_checked(tmp_path):
    paths = _write(tmp_path)
    kept: list = []
    was_enabled = gc.isenabled()
    gc.disable()  # as main.console runs a check
    try:
        assert check_paths([paths[0], paths[3]], out=io.StringIO(), jobs=1, keep=kept) == 0
    finally:
        if was_enabled:
            gc.enable()
    (program,) = kept
    assert [u.path.name for u in program.units] == ["d.spl"]
