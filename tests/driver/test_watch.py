"""``spl2py build --watch``: a saved edit is rebuilt within 2 s, a compile error never ends it, Ctrl-C does."""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytest.importorskip("watchfiles")

from spl2py.driver.watch import spl_filter, watched_paths  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]


def _default_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


class Watcher:
    def __init__(self, cwd: Path, *args: str):
        env = {"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "SPL2PY_CACHE_DIR": str(cwd / "cache")}
        # Ctrl-C must reach it even when this test runs in a background job (which ignores SIGINT,
        # and an ignored signal stays ignored across exec)
        self.proc = subprocess.Popen([sys.executable, "-m", "spl2py", "build", "--watch", *args], cwd=cwd,
                                     env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                     preexec_fn=_default_sigint)
        self.err = ""

    def wait_for(self, text: str, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        fd = self.proc.stderr.fileno()
        while text not in self.err:
            left = deadline - time.monotonic()
            assert left > 0, f"no {text!r} within {timeout}s; stderr:\n{self.err}"
            if select.select([fd], [], [], left)[0]:
                chunk = os.read(fd, 4096).decode()
                assert chunk, f"the watcher ended; stderr:\n{self.err}"
                self.err += chunk

    def stop(self) -> int:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
        try:
            return self.proc.wait(timeout=20)
        finally:
            if self.proc.poll() is None:
                self.proc.kill()
                self.proc.wait()
            self.err += self.proc.stderr.read().decode()
            self.proc.stderr.close()


def generated_text(out: Path) -> str:
    return "".join(p.read_text() for p in sorted((out / "_splmod").rglob("main.py")))


def wait_for_output(out: Path, text: str, timeout: float) -> float:
    """Seconds until a generated main.py holds ``text`` (fails after ``timeout``)."""
    start = time.monotonic()
    while text not in generated_text(out):
        elapsed = time.monotonic() - start
        assert elapsed < timeout, f"{text!r} not in the output within {timeout}s"
        time.sleep(0.02)
    return time.monotonic() - start


def test_edit_rebuilds_within_2s_errors_do_not_stop_it_and_ctrl_c_exits(tmp_path):
    src, out = tmp_path / "src", tmp_path / "out"
    src.mkdir()
    main = src / "main.spl"
    main.write_text('use util.{greet}\nfn main():\n    print greet("one")\n')
    (src / "util.spl").write_text('fn greet(s: text) -> text:\n    "hello {s}"\n')
    watcher = Watcher(tmp_path, "src", "-o", "out", "-j", "1")
    try:
        watcher.wait_for("(Ctrl-C to stop)", timeout=120)
        assert "built 2 modules" in watcher.err
        assert '"one"' in generated_text(out)

        main.write_text('use util.{greet}\nfn main():\n    print greet("two")\n')
        assert wait_for_output(out, '"two"', timeout=2.0) < 2.0

        main.write_text('use util.{greet}\nfn main(:\n')
        watcher.wait_for("main.spl:2:", timeout=10)
        assert watcher.proc.poll() is None  # still watching after a compile error

        main.write_text('use util.{greet}\nfn main():\n    print greet("three")\n')
        assert wait_for_output(out, '"three"', timeout=2.0) < 2.0
    finally:
        code = watcher.stop()
    assert code == 0, watcher.err
    assert "stopped watching" in watcher.err and "Traceback" not in watcher.err


def test_filter_takes_spl_files_outside_the_output(tmp_path):
    keep = spl_filter(tmp_path / "out")
    from watchfiles import Change

    assert keep(Change.modified, str(tmp_path / "a.spl"))
    assert not keep(Change.modified, str(tmp_path / "a.py"))
    assert not keep(Change.added, str((tmp_path / "out" / "b.spl").resolve()))


def test_watched_paths_are_the_source_folder_and_lib_roots(tmp_path):
    from spl2py.driver.build import BuildOptions
    from spl2py.modules import ModuleOptions

    (tmp_path / "lib").mkdir()
    (tmp_path / "p.spl").write_text("print 1\n")
    options = BuildOptions(modules=ModuleOptions(lib_dirs=(tmp_path / "lib",)))
    assert watched_paths(tmp_path / "p.spl", options) == [tmp_path.resolve(), (tmp_path / "lib").resolve()]
