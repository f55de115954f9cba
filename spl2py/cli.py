"""The spl2py command line (typer). Heavy modules (black, torch) are imported lazily."""

from __future__ import annotations

import os
from pathlib import Path
from typing import List, Optional

import typer

app = typer.Typer(
    name="spl2py",
    help="Compile Simple (.spl) programs to Python and run them.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)


def _show_version(value: bool) -> None:
    if value:
        from spl2py import __version__

        typer.echo(f"spl2py {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: bool = typer.Option(
        False, "--version", callback=_show_version, is_eager=True, help="Print spl2py's version and exit."
    ),
) -> None:
    """Compile Simple (.spl) programs to Python and run them."""


def _check_formatter(value: str) -> str:
    from spl2py.driver.format import FORMATTERS

    if value not in FORMATTERS:
        raise typer.BadParameter(f"{value!r} is not one of: {', '.join(FORMATTERS)}")
    return value


FORMATTER_HELP = "black (default), ruff (needs ruff installed; close to black) or none (plain ast.unparse output)."


def _formatter(formatter: str, no_format: bool) -> str:
    return "none" if no_format else formatter


def _load_externs(modules: List[str]) -> None:
    """Register the user's `--externs` modules before anything is compiled."""
    from spl2py.driver.user_externs import load_externs

    if load_externs(modules):
        raise typer.Exit(2)


@app.command()
def check(
    paths: List[Path] = typer.Argument(..., help="Files or folders of .spl sources."),
    lib: List[Path] = typer.Option([], "--lib", help="Extra library root for `use lib.*`/`use std.*` (repeatable)."),
    externs: List[str] = typer.Option([], "--externs", help="Python module registering @extern functions (repeatable)."),
) -> None:
    """Parse (resolve and lower) every .spl file and report diagnostics; exit 1 on errors.

    Examples:

      spl2py check examples/

      spl2py check src/main.spl src/util.spl
    """
    _load_externs(externs)
    from spl2py.driver.check import check_paths
    from spl2py.modules import ModuleOptions

    raise typer.Exit(check_paths(paths, ModuleOptions(lib_dirs=tuple(lib))))


@app.command("test")
def test_command(
    paths: List[Path] = typer.Argument(None, help="Spec files or folders (default: the current folder)."),
    filter: str | None = typer.Option(None, "--filter", help="Run only examples whose full name contains TEXT."),
    fail_fast: bool = typer.Option(False, "--fail-fast", help="Stop after the first failed example."),
    list_: bool = typer.Option(False, "--list", help="Print example names; run no example or hook."),
    lib: List[Path] = typer.Option([], "--lib", help="Extra library root for `use lib.*`/`use std.*` (repeatable)."),
    externs: List[str] = typer.Option([], "--externs", help="Python module registering @extern functions (repeatable)."),
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
    _load_externs(externs)
    from spl2py.driver.testing import run_tests

    raise typer.Exit(run_tests(paths or [], filter=filter, fail_fast=fail_fast, list_only=list_, lib_dirs=lib))


# --- run / emit (lowering + driver engineer) ------------------------------------------------------


@app.command(context_settings={"allow_extra_args": True, "ignore_unknown_options": True})
def run(
    file: Path = typer.Argument(..., help="The .spl program to run."),
    args: List[str] = typer.Argument(None, help="Arguments for the program (see `args()`)."),
    debug: bool = typer.Option(False, "--debug", help="Also show the Python traceback of a runtime error."),
    lib: List[Path] = typer.Option([], "--lib", help="Extra library root for `use lib.*`/`use std.*` (repeatable)."),
    externs: List[str] = typer.Option([], "--externs", help="Python module registering @extern functions (repeatable)."),
) -> None:
    """Compile FILE (and what it imports) in memory and run it, then its `main()`.

    An int returned by `main()` is the exit code. Options for spl2py go before FILE.

    Examples:

      spl2py run examples/hello.spl

      spl2py run --debug tool.spl input.txt --verbose

    Data-parallel: `spl2py run --nproc N [--quiet-ranks] [--nnodes N|MIN:MAX] [--node-rank R]
    [--master-addr A] [--master-port P] [--rdzv-backend B] [--rdzv-endpoint H:P] [--rdzv-id ID] FILE`
    starts N workers through torch's elastic launcher (docs/distributed.md).
    """
    _load_externs(externs)
    from spl2py.driver.run import run_file
    from spl2py.modules import ModuleOptions

    raise typer.Exit(run_file(file, list(args or []), debug=debug, options=ModuleOptions(lib_dirs=tuple(lib))))


@app.command()
def emit(
    file: Path = typer.Argument(..., help="The .spl module to translate."),
    formatter: str = typer.Option("black", "--formatter", callback=_check_formatter, help=FORMATTER_HELP),
    no_format: bool = typer.Option(False, "--no-format", help="Same as --formatter none."),
    color: bool = typer.Option(False, "--color", help="Colour the Python for a terminal (Pygments)."),
    lib: List[Path] = typer.Option([], "--lib", help="Extra library root for `use lib.*`/`use std.*` (repeatable)."),
    externs: List[str] = typer.Option([], "--externs", help="Python module registering @extern functions (repeatable)."),
) -> None:
    """Print the Python that FILE compiles to (black-formatted).

    Examples:

      spl2py emit examples/hello.spl

      spl2py emit --formatter none big.spl > big.py
    """
    _load_externs(externs)
    from spl2py.driver.run import emit_file
    from spl2py.modules import ModuleOptions

    raise typer.Exit(
        emit_file(
            file, formatter=_formatter(formatter, no_format), options=ModuleOptions(lib_dirs=tuple(lib)), color=color
        )
    )


@app.command()
def repl(
    lib: List[Path] = typer.Option([], "--lib", help="Extra library root for `use lib.*`/`use std.*` (repeatable)."),
    externs: List[str] = typer.Option([], "--externs", help="Python module registering @extern functions (repeatable)."),
) -> None:
    """Read Simple lines, run them and show each expression's value; definitions persist.

    A line ending in ':' opens a block, ended by a blank line. `:help` lists the commands,
    `:quit` (or Ctrl-D) leaves. Errors are shown and the REPL goes on.

    Examples:

      spl2py repl

      spl2py repl --lib ~/simple/lib
    """
    _load_externs(externs)
    from spl2py.driver.repl import repl as run_repl
    from spl2py.modules import ModuleOptions

    raise typer.Exit(run_repl(ModuleOptions(lib_dirs=tuple(lib))))


# --- build / clean (module resolver + build engineer) ---------------------------------------------


@app.command()
def build(
    src: Path = typer.Argument(..., help="A .spl file or a folder of them."),
    out: Path = typer.Option(..., "-o", "--out", help="Output folder for the Python files."),
    lib: List[Path] = typer.Option([], "--lib", help="Extra library root for `use lib.*`/`use std.*` (repeatable)."),
    externs: List[str] = typer.Option([], "--externs", help="Python module registering @extern functions (repeatable)."),
    jobs: int = typer.Option(0, "--jobs", "-j", help="Worker processes (default: every core)."),
    formatter: str = typer.Option("black", "--formatter", callback=_check_formatter, help=FORMATTER_HELP),
    no_format: bool = typer.Option(False, "--no-format", help="Same as --formatter none."),
    no_cache: bool = typer.Option(False, "--no-cache", help="Ignore and do not fill the cache."),
    watch: bool = typer.Option(False, "--watch", help="Rebuild whenever a .spl file is saved (Ctrl-C stops)."),
    progress: Optional[bool] = typer.Option(
        None, "--progress/--no-progress", help="Progress bars (default: on a terminal); plain lines when not a terminal."
    ),
) -> None:
    """Compile every .spl file under SRC (and what it imports) to Python files in OUT.

    Writes OUT/_splmod/... (one module per .spl file) and a runnable OUT/<name>.py per file
    under SRC; only modules whose source or imports changed are compiled again. Built code
    imports the `--externs` modules it was built with.

    Examples:

      spl2py build examples/ -o out

      python out/hello.py

      spl2py build src/ -o out --watch

      spl2py build src/ -o out --formatter ruff
    """
    _load_externs(externs)
    from spl2py.diagnostics import CompileError
    from spl2py.driver.build import BuildError, BuildOptions, build_tree
    from spl2py.modules import ModuleOptions

    options = BuildOptions(
        jobs=jobs or None,
        formatter=_formatter(formatter, no_format),
        modules=ModuleOptions(lib_dirs=tuple(lib)),
        use_cache=not no_cache,
        externs=tuple(externs),
        progress=progress,
    )
    if watch:
        from spl2py.driver.watch import watch_build

        raise typer.Exit(watch_build(src, out, options))
    try:
        report = build_tree(src, out, options)
    except CompileError as exc:
        typer.echo(exc.render(), err=True)
        raise typer.Exit(1)
    except BuildError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1)
    for warning in report.warnings:
        typer.echo(warning, err=True)
    for note in report.notes:
        typer.echo(f"note: {note}", err=True)
    typer.echo(
        f"built {report.modules} modules into {out} ({report.generated} compiled, "
        f"{len(report.written)} files written) in {report.seconds:.2f}s",
        err=True,
    )


@app.command()
def clean(
    path: Path = typer.Argument(Path("."), help="A project folder, or a build output folder."),
) -> None:
    """Remove spl2py's cache for the project at PATH; if PATH is a build output folder, also
    remove the files spl2py wrote there (and nothing else).

    Examples:

      spl2py clean

      spl2py clean out/
    """
    from spl2py.driver.build import MANIFEST, BuildError, clean_outputs
    from spl2py.driver.cache import clean_cache
    from spl2py.modules.search import find_project_root

    if not path.exists():
        typer.echo(f"{path}: error: no such file or folder", err=True)
        raise typer.Exit(1)
    removed = []
    if os.path.lexists(path / MANIFEST):
        try:
            removed += clean_outputs(path)
        except BuildError as exc:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(1)
        except OSError as exc:
            typer.echo(f"error: cannot clean {path}: {exc.strerror or exc}", err=True)
            raise typer.Exit(1)
    folder = clean_cache(find_project_root(path))
    typer.echo(f"removed {len(removed)} output files" + (f" and the cache {folder}" if folder else ""), err=True)


if __name__ == "__main__":  # pragma: no cover
    app()
