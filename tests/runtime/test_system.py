"""Process externs behind lib.system."""

from __future__ import annotations

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


def test_progress_is_silent_when_not_a_terminal(capsys):
    system.progress("epoch", 1, 2)
    assert capsys.readouterr().err == ""
