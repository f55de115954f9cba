"""docs/cli.md documents every command and every option of the `spl2py` command line."""

from __future__ import annotations

from pathlib import Path

import typer

from spl2py.cli import app

DOC = (Path(__file__).resolve().parents[2] / "docs" / "cli.md").read_text(encoding="utf-8")


def commands():
    group = typer.main.get_command(app)
    return group, group.commands


def test_every_command_has_a_section():
    _, cmds = commands()
    assert set(cmds) >= {"run", "test", "check", "emit", "build", "repl", "clean"}
    for name in cmds:
        assert f"## `spl2py {name}`" in DOC, name


def test_every_option_appears():
    group, cmds = commands()
    missing = [
        f"{where} {opt}"
        for where, command in [("spl2py", group), *cmds.items()]
        for param in command.params
        for opt in param.opts + param.secondary_opts
        if opt.startswith("-") and f"`{opt}" not in DOC and f" {opt} " not in DOC and f"[{opt}" not in DOC
    ]
    assert missing == []


def test_every_command_states_its_exit_codes():
    _, cmds = commands()
    sections = DOC.split("\n## ")
    for name in cmds:
        section = next(s for s in sections if s.startswith(f"`spl2py {name}`"))
        assert "Exit code" in section, name
