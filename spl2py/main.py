"""The `spl2py` console entry point.

`spl2py run FILE` and `spl2py check PATHS` start on a lean path that never imports typer (typer
pulls in pydantic, about 0.1 s); every other command, and `--help`, goes through the typer app in
`spl2py.cli`.
"""

from __future__ import annotations

import sys


def main() -> None:
    from spl2py.driver.crash import guarded

    sys.exit(guarded(_main, sys.argv[1:]))  # never a Python traceback (crash.py)


def _main() -> int:
    from spl2py.driver.run import fast_cli, wants_launcher

    if wants_launcher(sys.argv[1:]):  # a data-parallel run: spl2py/driver/distributed.py
        from spl2py.driver.distributed import launch_cli

        return launch_cli(sys.argv[2:])
    code = fast_cli(sys.argv[1:])
    if code is None:
        from spl2py.driver.check import fast_cli as fast_check

        code = fast_check(sys.argv[1:])
    if code is not None:
        return code
    from spl2py.cli import app

    app(prog_name="spl2py")  # exits through SystemExit
    return 0


if __name__ == "__main__":  # pragma: no cover
    main()
