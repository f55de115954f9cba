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


if __name__ == "__main__":  # pragma: no cover
    app()
