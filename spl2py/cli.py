"""The spl2py command line (typer). Heavy modules (black, torch) are imported lazily."""

from __future__ import annotations

from pathlib import Path
from typing import List

import typer

app = typer.Typer(
    name="spl2py",
    help="Compile Simple (.spl) programs to Python and run them.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)


@app.command()
def check(
    paths: List[Path] = typer.Argument(..., help="Files or folders of .spl sources."),
) -> None:
    """Parse (resolve and lower) every .spl file and report diagnostics; exit 1 on errors.

    Examples:

      spl2py check examples/

      spl2py check src/main.spl src/util.spl
    """
    from spl2py.driver.check import check_paths

    raise typer.Exit(check_paths(paths))


@app.command("test")
def test_command(
    paths: List[Path] = typer.Argument(None, help="Spec files or folders (default: the current folder)."),
    filter: str | None = typer.Option(None, "--filter", help="Run only examples whose full name contains TEXT."),
    fail_fast: bool = typer.Option(False, "--fail-fast", help="Stop after the first failed example."),
    list_: bool = typer.Option(False, "--list", help="Print example names; run no example or hook."),
    lib: List[Path] = typer.Option([], "--lib", help="Extra library root for `use lib.*`/`use std.*` (repeatable)."),
) -> None:
    """Run SSpec files (*_spec.spl): print the describe/it tree, failures, and `N passed, N failed`.

    Exit 0 when nothing failed, 1 when an example (or a spec file's compilation) failed,
    2 when a path is missing or no spec file is found. Folders named `fixtures` and hidden
    folders are skipped during discovery; files named explicitly always run.

    Examples:

      spl2py test

      spl2py test tests/spec --filter "Stack > when empty"

      spl2py test stack_spec.spl --fail-fast
    """
    from spl2py.driver.testing import run_tests

    raise typer.Exit(run_tests(paths or [], filter=filter, fail_fast=fail_fast, list_only=list_, lib_dirs=lib))


if __name__ == "__main__":  # pragma: no cover
    app()
