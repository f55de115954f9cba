"""Process externs behind lib.system."""

from __future__ import annotations

import io
import sys

from runtime import system


def test_args_are_after_the_program(monkeypatch):
    monkeypatch.setattr(sys, "argv", ["prog.spl", "--data", "dir x"])
    assert system.args() == ["--data", "dir x"]


def test_clock_advances():
    a = system.clock_ms()
    b = system.clock_ms()
    assert b >= a


def test_render_bar_fills_proportionally():
    assert system.render_bar("epoch 1", 5, 10, width=10) == "epoch 1 [#####-----] 5/10"
    assert system.render_bar("x", 12, 10, width=4) == "x [####] 10/10"
    assert system.render_bar("x", 0, 0, width=4) == "x [----] 0/1"


def test_progress_prints_one_plain_line_per_finished_bar_when_not_a_terminal(capsys):
    system.progress("epoch 1", 1, 2)
    assert capsys.readouterr().err == ""
    system.progress("epoch 1", 2, 2)
    system.progress("epoch 2", 1, 2)
    system.progress("epoch 2", 2, 2)
    lines = capsys.readouterr().err.splitlines()
    assert [line.rsplit(" in ", 1)[0] for line in lines] == [
        system.render_bar("epoch 1", 2, 2), system.render_bar("epoch 2", 2, 2)]
    assert all(line.endswith("s") for line in lines)


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_on_a_terminal_is_a_rich_bar_erased_when_done(monkeypatch):
    term = FakeTerminal()
    monkeypatch.setattr(sys, "stderr", term)
    for done in range(1, 11):
        system.progress("train", done, 10)
    shown = term.getvalue()
    assert "\x1b[" in shown and "train" in shown and "10/10" in shown
    assert system._bar is None  # finished: the next call starts a new bar
