"""Repository-wide pytest options and the in-process ``.spl`` runner shared by golden/ and tests/."""

from __future__ import annotations

import contextlib
import io
import os
import sys
from pathlib import Path

import pytest


def pytest_addoption(parser):
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="Rewrite golden/<case>/expected.* from the compiler's current output.",
    )


def run_spl_in_process(folder: Path, name: str, args: list[str] | None = None) -> tuple[str, str, int]:
    """(stdout, stderr, exit code) of ``spl2py run NAME ARGS`` in ``folder``, without a subprocess.

    The working directory and ``sys.argv`` are restored afterwards, and the program's generated
    modules are dropped from ``sys.modules`` so the next program starts clean.
    """
    from spl2py.driver.run import run_file

    out, err = io.StringIO(), io.StringIO()
    old_cwd, old_argv, before = os.getcwd(), sys.argv[:], set(sys.modules)
    os.chdir(folder)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = run_file(Path(name), args or [])
    finally:
        os.chdir(old_cwd)
        sys.argv = old_argv
        for module in set(sys.modules) - before:
            if module.startswith("_splmod"):
                del sys.modules[module]
    return out.getvalue(), err.getvalue(), code


@pytest.fixture
def run_spl():
    """The in-process runner: ``run_spl(folder, "main.spl", args)``."""
    return run_spl_in_process
