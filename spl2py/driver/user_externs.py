"""`--externs MODULE`: import the user's Python modules whose `@extern` functions register themselves.

Loaded before anything is compiled, so the compile-time extern check sees them, and before a
build forks its workers, so they inherit the registrations.
"""

from __future__ import annotations

import sys

from runtime.errors import ExternError
from runtime.externs import load_module


def load_externs(modules) -> int:
    """Import each module; 0 on success, else print the error and return exit code 2.

    The current folder is importable, like `python -m`, so `--externs my_externs` finds
    `./my_externs.py`.
    """
    if modules and "" not in sys.path:
        sys.path.insert(0, "")
    for module in modules:
        try:
            load_module(module)
        except ExternError as exc:
            sys.stderr.write(f"error: {exc}\n")
            return 2
    return 0
