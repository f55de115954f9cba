"""The last resort of the command line: an exception spl2py did not expect is reported as an
internal error naming the .spl file being worked on, never as a Python traceback (``--debug``
shows it); the exit code is 2."""

from __future__ import annotations

import sys

EXIT_INTERNAL = 2

_current: list[str] = []  # the .spl file the driver works on (last one set)


def working_on(path) -> None:
    """Remember the .spl file being compiled, for the message of an internal error."""
    _current[:] = [str(path)]


def spl_file(argv: list[str]) -> str | None:
    if _current:
        return _current[0]
    named = [a for a in argv if a.endswith(".spl")]
    return named[0] if named else None


def report(exc: BaseException, argv: list[str], out=None) -> int:
    """Print the internal-error message for ``exc``; the exit code."""
    out = out or sys.stderr
    where = spl_file(argv)
    name = f" while compiling {where}" if where else ""
    out.write(f"spl2py: internal error{name}: {type(exc).__name__}: {exc}\n")
    if "--debug" in argv:
        import traceback

        out.write("".join(traceback.format_exception(type(exc), exc, exc.__traceback__)))
    else:
        out.write("    this is a bug in spl2py: please report it with the .spl file; "
                  "rerun with --debug for the Python traceback\n")
    return EXIT_INTERNAL


def guarded(run, argv: list[str]) -> int:
    """``run()`` (a command line), with every unexpected exception turned into ``report``."""
    try:
        return run()
    except SystemExit as exc:
        code = exc.code
        if code is None or isinstance(code, int):
            return code or 0
        sys.stderr.write(f"{code}\n")
        return 1
    except KeyboardInterrupt:
        return 130
    except Exception as exc:
        return report(exc, argv)
