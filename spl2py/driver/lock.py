"""One build at a time per OUT: an exclusive ``flock`` on OUT/.spl2py-lock.

A second build into the same OUT waits (bounded, ``$SPL2PY_LOCK_TIMEOUT`` seconds, default 120),
saying once that it waits, then fails with a clear error. The lock is the kernel's: a killed build
releases it, so a stale lock file never blocks anyone.
"""

from __future__ import annotations

import os
import sys
import time
from contextlib import contextmanager
from pathlib import Path

from spl2py.driver.manifest import LOCK, BuildError

ENV_TIMEOUT = "SPL2PY_LOCK_TIMEOUT"

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: no locking
    fcntl = None


def _timeout() -> float:
    try:
        return float(os.environ.get(ENV_TIMEOUT, "120"))
    except ValueError:
        return 120.0


@contextmanager
def out_lock(out: Path, quiet: bool = False):
    """Hold OUT's build lock for the ``with`` block (OUT is created if missing)."""
    if fcntl is None:  # pragma: no cover
        yield
        return
    path = out / LOCK
    try:
        out.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o644)
    except OSError as exc:
        raise BuildError(f"cannot write to {out}: {exc.strerror or exc}") from None
    try:
        deadline = time.monotonic() + _timeout()
        said = False
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise BuildError(
                        f"another spl2py build is writing {out} (lock {path}); try again when it is done"
                    ) from None
                if not said and not quiet:
                    sys.stderr.write(f"waiting for another spl2py build of {out} to finish...\n")
                    said = True
                time.sleep(0.05)
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        yield
    finally:
        os.close(fd)  # releases the lock
