"""``spl2py run FILE.spl [ARGS...]``: compile a program in memory and run it.

Each unit (the entry and what it imports, in dependency order) is lowered and compiled straight
from the Python AST (no black, no files; code objects are cached by content hash, see cache.py),
installed in ``sys.modules`` under its ``_splmod.*`` name, and executed. Then the entry's ``main()``
runs when it defines one; an int result is the exit code. Errors are reported in .spl terms.
"""

from __future__ import annotations

import sys
import types
from contextlib import contextmanager
from pathlib import Path

from spl2py.diagnostics import CompileError

EXIT_ERROR = 1
# options that make `run` start workers through torch's launcher (spl2py/driver/distributed.py)
LAUNCH_FLAGS = frozenset({"--nproc", "--nnodes", "--node-rank", "--master-addr", "--master-port",
                          "--rdzv-backend", "--rdzv-endpoint", "--rdzv-id", "--quiet-ranks"})


class ProgramError(Exception):
    """A runtime error in the Simple program (the original exception is ``__cause__``)."""

    def __init__(self, exc: BaseException):
        super().__init__(str(exc))
        self.exc = exc


def _options(options):
    if options is None:
        from spl2py.modules import ModuleOptions

        return ModuleOptions()
    return options


def load_program(entry: Path, options=None, cache=None):
    from spl2py.modules import load_program as load

    # spl2py cache (cache.py): with a cache, module summaries come from it and a unit is parsed
    # only when its code object is not cached.
    return load(Path(entry), _options(options), cache=cache)


def _cache_for(entry: Path):
    from spl2py.driver.cache import open_cache
    from spl2py.modules.search import find_project_root

    try:
        return open_cache(find_project_root(entry))
    except OSError:
        return None


def _package(name: str) -> types.ModuleType:
    """``sys.modules[name]``, creating an empty package (and its parents) when missing."""
    module = sys.modules.get(name)
    if module is None:
        module = types.ModuleType(name)
        module.__path__ = []
        sys.modules[name] = module
        parent, _, last = name.rpartition(".")
        if parent:
            setattr(_package(parent), last, module)
    return module


def install(unit, code) -> types.ModuleType:
    """Create the module of ``unit``, register it under its pyname, and run its top level."""
    module = types.ModuleType(unit.pyname)
    module.__file__ = str(unit.path)
    module.__path__ = []  # a module may also be the package of other modules (X.spl and X/*.spl)
    old = sys.modules.get(unit.pyname)
    if old is not None:  # a placeholder package made for a child that loaded first
        for key, value in vars(old).items():
            if isinstance(value, types.ModuleType) and not key.startswith("__"):
                setattr(module, key, value)
    sys.modules[unit.pyname] = module
    parent, _, last = unit.pyname.rpartition(".")
    if parent:
        setattr(_package(parent), last, module)
    try:
        exec(code, module.__dict__)
    except (SystemExit, KeyboardInterrupt):
        raise
    except BaseException as exc:
        raise ProgramError(exc) from exc
    return module


def load_module(entry: Path, options=None) -> types.ModuleType:
    """Compile and run the top level of ``entry`` and its imports (not ``main``); the entry module.

    Raises ``CompileError`` for a compile error and ``ProgramError`` for a runtime error.
    """
    from spl2py.driver.cache import cached_code
    from spl2py.driver.compile import compile_unit

    cache = _cache_for(Path(entry))
    program = load_program(entry, options, cache)  # spl2py cache: no parse for cached units
    codes = [(unit, cached_code(unit, compile_unit, cache)) for unit in program.units]
    module = None
    for unit, code in codes:
        module = install(unit, code)
    return module


def run_main(module: types.ModuleType) -> int:
    from runtime.errors import drop_failures

    failures = drop_failures()
    main = module.__dict__.get("main")
    if not callable(main):
        return 0
    try:
        code = main()
    except (SystemExit, KeyboardInterrupt):
        raise
    except BaseException as exc:
        raise ProgramError(exc) from exc
    code = code if type(code) is int else 0
    return EXIT_ERROR if code == 0 and drop_failures() > failures else code  # a drop() failed


class _SpecOutcome:
    failed = False


@contextmanager
def _spec_outcome():
    """Give the run its own SSpec session, and say afterwards whether an example failed.

    ``runtime.spec`` (~25 ms to import) is imported only by programs that use it: when it is not
    loaded yet, the implicit session it creates during the run is this run's, and is dropped after.
    """
    outcome = _SpecOutcome()
    spec = sys.modules.get("runtime.spec")
    if spec is not None:
        session = spec.Session(out=True)
        with spec.activate(session):
            yield outcome
        outcome.failed = bool(session.exit_code())
        return
    try:
        yield outcome
    finally:
        spec = sys.modules.get("runtime.spec")
        session = spec.drop_implicit_session() if spec is not None else None
        if session is not None:
            outcome.failed = bool(session.exit_code())


def run_file(entry: Path, args: list[str] = (), *, debug: bool = False, options=None) -> int:
    """Run a Simple program as ``spl2py run`` does; the process exit code (errors printed to stderr)."""
    sys.argv = [str(entry), *args]
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10000))  # Simple code recurses deeper than Python's default
    try:
        with _spec_outcome() as outcome:
            module = load_module(entry, options)
            code = run_main(module)
        if code == 0 and outcome.failed:  # a spec file run directly: a failed example fails the run
            code = EXIT_ERROR
    except CompileError as exc:
        sys.stdout.flush()
        sys.stderr.write(exc.render() + "\n")
        return EXIT_ERROR
    except ProgramError as err:
        from spl2py.driver.tracebacks import format_error  # imports lowering's names (and the AST)

        sys.stdout.flush()
        sys.stderr.write(format_error(err.exc, debug=debug))
        return EXIT_ERROR
    except KeyboardInterrupt:
        return 130
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else EXIT_ERROR)
    finally:
        sys.stdout.flush()
    return code


def emit_file(entry: Path, *, formatter: str = "black", options=None, color: bool = False) -> int:
    """``spl2py emit``: print the generated Python of ``entry`` (ANSI-coloured with ``color``); 1 after printing a compile error."""
    from spl2py.driver.compile import generate_source
    from spl2py.driver.format import FormatterMissing, formatter_id

    notes: list[str] = []
    try:
        formatter_id(formatter)  # a missing ruff is one line, before anything compiles
        program = load_program(entry, options)
        text = generate_source(program.entry, formatter, notes)
    except FormatterMissing as exc:
        sys.stderr.write(f"error: {exc}\n")
        return EXIT_ERROR
    except CompileError as exc:
        sys.stderr.write(exc.render() + "\n")
        return EXIT_ERROR
    for note in notes:
        sys.stderr.write(f"note: {note}\n")
    if color:
        from spl2py.highlight import highlight_terminal

        text = highlight_terminal(text, language="python")
    sys.stdout.write(text)
    return 0


def wants_launcher(argv: list[str]) -> bool:
    """Whether ``argv`` is ``run`` with a launcher option before the file (a data-parallel run)."""
    if not argv or argv[0] != "run":
        return False
    i = 1
    while i < len(argv) and argv[i].startswith("-"):
        if argv[i].partition("=")[0] in LAUNCH_FLAGS:
            return True
        i += 2 if argv[i] in ("--lib", "--externs") else 1
    return False


def fast_cli(argv: list[str]) -> int | None:
    """``spl2py run ...`` without typer's argument machinery (it imports pydantic: ~0.1 s).

    Handles ``run [--debug] [--lib DIR]... [--externs MODULE]... FILE [ARGS...]``; returns None for anything else
    (help, unknown options, launcher options such as ``--nproc N``: see ``wants_launcher``), which the
    typer app then handles.
    """
    if not argv or argv[0] != "run":
        return None
    debug, libs, externs, i = False, [], [], 1
    while i < len(argv) and argv[i].startswith("-"):
        if argv[i] == "--debug":
            debug = True
        elif argv[i] == "--externs" and i + 1 < len(argv):
            i += 1
            externs.append(argv[i])
        elif argv[i] == "--lib" and i + 1 < len(argv):
            i += 1
            libs.append(Path(argv[i]))
        elif argv[i].startswith("--lib="):
            libs.append(Path(argv[i][len("--lib="):]))
        else:
            return None
        i += 1
    if i >= len(argv):
        return None
    from spl2py.driver.user_externs import load_externs
    from spl2py.modules import ModuleOptions

    if load_externs(externs):
        return 2
    return run_file(Path(argv[i]), argv[i + 1:], debug=debug, options=ModuleOptions(lib_dirs=tuple(libs)))
