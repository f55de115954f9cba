"""``spl2py repl``: read Simple, run it, show the value, keep every definition for the next input.

Each input N is compiled as a module of its own, `<repl-N>.spl` in the current folder (so `use`
resolves as it would for a file there; the file is never written, its lines go to `linecache` so
tracebacks show them), and executed in one namespace shared by all inputs: functions, classes
and variables defined by one input are there for the next. Modules an input imports are installed
as `spl2py run` installs them, once per source text. An input that is a single expression shows its
value as Simple writes it (nothing for nil). Errors are printed as diagnostics and the loop goes on.

Input: a line ending in `:` (or `\\`, or with a bracket left open) starts a block, read until a blank
line. Line editing and history come from the standard `readline` module (history in
``$SPL2PY_HISTORY``, default ``~/.spl2py_history``).
"""

from __future__ import annotations

import ast as py
import linecache
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, TextIO

from spl2py.diagnostics import CompileError

PROMPT, MORE = "spl> ", "...> "
VALUE = "_spl_repl_value"  # `_spl` names are out of reach of Simple code (see docs/architecture.md)

HELP = """\
Type Simple code; an expression's value is shown. Definitions stay for the next input.
A line ending in ':' opens a block: keep typing its indented lines, end it with a blank line.
  :help   this text
  :quit   leave (also Ctrl-D)
Ctrl-C drops the input being typed."""


@dataclass
class Session:
    """The state one REPL keeps between inputs."""

    options: object = None
    namespace: dict = field(default_factory=lambda: {"__name__": "__repl__", "__builtins__": __builtins__})
    installed: dict = field(default_factory=dict)  # pyname -> source of modules imported so far
    count: int = 0  # inputs compiled so far

    def run(self, source: str, out: TextIO, err: TextIO) -> bool:
        """Compile and execute one input; print its value or its error. True when it succeeded."""
        from spl2py.driver.run import ProgramError, install
        from spl2py.driver.tracebacks import format_error

        try:
            units, entry = self.compile(source)
            for unit, code in units:
                install(unit, code)
                self.installed[unit.pyname] = unit.source
            exec(entry, self.namespace)
        except CompileError as exc:
            err.write(exc.render() + "\n")
            return False
        except ProgramError as exc:
            err.write(format_error(exc.exc))
            return False
        except (KeyboardInterrupt, SystemExit):
            raise
        except BaseException as exc:  # an error raised by the input's own statements
            err.write(format_error(exc))
            return False
        value = self.namespace.pop(VALUE, None)
        if value is not None:
            from runtime.display import show_nested

            out.write(show_nested(value) + "\n")
        return True

    def compile(self, source: str):
        """(imported units still to install with their code, the input's own code object)."""
        from spl2py.driver.compile import compile_unit, lower_unit

        self.count += 1
        name = f"<repl-{self.count}>.spl"
        linecache.cache[name] = (len(source), None, source.splitlines(True), name)
        program = self.load(source, name)
        todo = [
            (unit, compile_unit(unit))
            for unit in program.units
            if unit is not program.entry and self.installed.get(unit.pyname) != unit.source
        ]
        lowered = keep_value(lower_unit(program.entry, predefined=self.namespace), program.entry.module)
        return todo, compile(lowered, name, "exec", dont_inherit=True)

    def load(self, source: str, name: str):
        """The program of one input: a module ``name`` in the current folder, never written to disk."""
        from spl2py.modules import ModuleOptions, Program, units_of
        from spl2py.modules.loader import Loader, make_finder
        from spl2py.modules.summary import rewrite_exports, summarize
        from spl2py.syntax import parse

        options = self.options or ModuleOptions()
        path = Path.cwd() / name
        module = rewrite_exports(parse(source, name))
        loader = Loader(make_finder(path, options), relative_display=True)
        loader.seed(path, source, summarize(module), module)
        node = loader.load(path)
        units = units_of(loader)
        return Program(units[node.real], list(units.values()), loader.warnings)


def keep_value(lowered: py.Module, module) -> py.Module:
    """When the input is one expression statement, store its value in ``VALUE`` instead of dropping it."""
    from spl2py.syntax import ast

    body = module.body
    if len(body) != 1 or not isinstance(body[0], ast.ExprStmt):
        return lowered
    for i in range(len(lowered.body) - 1, -1, -1):
        stmt = lowered.body[i]
        if isinstance(stmt, py.Expr):
            target = py.Name(VALUE, py.Store())
            lowered.body[i] = py.copy_location(py.Assign([py.copy_location(target, stmt)], stmt.value), stmt)
            break
    return lowered


def needs_more(text: str) -> bool:
    """Whether ``text`` is an unfinished input: an open block or line continuation, or an open bracket."""
    last = text.rstrip("\n").split("\n")[-1].rstrip()
    if last.endswith(":") or last.endswith("\\"):
        return True
    if "\n" in text.rstrip("\n"):  # inside a block: a blank line ends it
        return not text.endswith("\n\n")
    from spl2py.syntax import parse

    try:
        parse(text, "<repl>.spl")
    except CompileError as exc:
        return any("never closed" in d.message for d in exc.diagnostics)
    return False


def read_input(read_line: Callable[[str], str]) -> str | None:
    """One whole input (a line, or a block up to its blank line); None at end of input."""
    lines: list[str] = []
    while True:
        try:
            line = read_line(MORE if lines else PROMPT)
        except EOFError:
            if lines:
                return "\n".join(lines) + "\n"
            return None
        if not lines and not line.strip():
            continue
        lines.append(line)
        text = "\n".join(lines) + "\n"
        if line.strip() == "" or not needs_more(text):
            return text.rstrip("\n") + "\n"


def _history_file() -> Path:
    return Path(os.environ.get("SPL2PY_HISTORY") or Path.home() / ".spl2py_history")


def _setup_history():
    """Enable readline editing and history; the function that saves the history (None without readline)."""
    try:
        import readline
    except ImportError:  # e.g. Windows without pyreadline: plain input() still works
        return None
    path = _history_file()
    try:
        readline.read_history_file(path)
    except OSError:
        pass
    readline.set_history_length(1000)

    def save() -> None:
        try:
            readline.write_history_file(path)
        except OSError:
            pass

    return save


def repl(options=None, out: TextIO | None = None, err: TextIO | None = None) -> int:
    """The ``spl2py repl`` loop; returns the exit code (0)."""
    out, err = out or sys.stdout, err or sys.stderr
    session = Session(options)
    save_history = _setup_history()
    out.write("Simple (spl2py). :help for help, :quit to leave.\n")
    try:
        while True:
            try:
                text = read_input(input)
            except KeyboardInterrupt:
                out.write("\n(input dropped)\n")
                continue
            if text is None:
                out.write("\n")
                return 0
            command = text.strip()
            if command in (":quit", ":q", ":exit"):
                return 0
            if command in (":help", ":h", ":?"):
                out.write(HELP + "\n")
                continue
            if command.startswith(":"):
                err.write(f"unknown command {command}: try :help\n")
                continue
            try:
                session.run(text, out, err)
            except KeyboardInterrupt:
                err.write("interrupted\n")
            except SystemExit:
                return 0
            out.flush()
            err.flush()
    finally:
        if save_history is not None:
            save_history()
