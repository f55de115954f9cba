"""The `spl2py` console entry point.

`spl2py run FILE` and `spl2py check PATHS` start on a lean path that never imports typer (typer
pulls in pydantic, about 0.1 s); every other command, and `--help`, goes through the typer app in
`spl2py.cli`.
"""

from __future__ import annotations

import os
import sys


def main() -> None:
    from spl2py.driver.crash import guarded

    sys.exit(guarded(_main, sys.argv[1:]))  # never a Python traceback (crash.py)


def console() -> None:
    """The ``spl2py`` command (and ``python -m spl2py``): ``main``, except that ``check`` runs with
    the cycle collector off and ends the process once its report is written and flushed, without
    the teardown of what it built: a checked program's trees hang from cycles (sema's symbols and
    scopes refer to each other), about 200k objects at 20k lines, and collecting or freeing them
    costs ~5% of the check. ``check`` leaves nothing else to
    flush or close (its cache entries are written as it goes); between files it collects the
    previous file's (``check_paths``'s ``keep``). ``run`` and every other command exit normally: a
    user program may rely on what happens at exit."""
    import gc

    from spl2py.driver.crash import guarded

    args = sys.argv[1:]
    if args[:1] != ["check"]:
        sys.exit(guarded(_main, args))
    gc.disable()
    kept: list = []  # the last program checked, left for the process's end
    code = guarded(lambda: _main(kept), args)
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    finally:
        os._exit(code)


def _main(keep: list | None = None) -> int:
    from spl2py.driver.run import fast_cli, wants_launcher

    if wants_launcher(sys.argv[1:]):  # a data-parallel run: spl2py/driver/distributed.py
        from spl2py.driver.distributed import launch_cli

        return launch_cli(sys.argv[2:])
    code = fast_cli(sys.argv[1:])
    if code is None:
        from spl2py.driver.check import fast_cli as fast_check

        code = fast_check(sys.argv[1:], keep)
    if code is not None:
        return code
    from spl2py.cli import app

    app(prog_name="spl2py")  # exits through SystemExit
    return 0


if __name__ == "__main__":  # pragma: no cover
    main()
