"""The command line's last resort: an unexpected exception is an internal-error line, exit 2."""

from __future__ import annotations

import io
import sys

import pytest

from spl2py.driver import crash


def boom():
    raise KeyError("deep inside")


def test_internal_error_names_the_file_and_hides_the_traceback(monkeypatch):
    out = io.StringIO()
    monkeypatch.setattr(crash, "_current", [])
    code = crash.report(KeyError("x"), ["run", "prog.spl"], out)
    assert code == 2
    text = out.getvalue()
    assert text.startswith("spl2py: internal error while compiling prog.spl: KeyError: 'x'\n")
    assert "please report it" in text and "--debug" in text
    assert "Traceback" not in text


def test_debug_shows_the_traceback(monkeypatch):
    out = io.StringIO()
    try:
        boom()
    except KeyError as exc:
        crash.report(exc, ["build", "--debug", "src"], out)
    assert "Traceback (most recent call last)" in out.getvalue() and "in boom" in out.getvalue()


def test_guarded_maps_exits_and_crashes(monkeypatch, capsys):
    assert crash.guarded(lambda: 3, []) == 3
    assert crash.guarded(lambda: sys.exit(4), []) == 4
    assert crash.guarded(lambda: sys.exit(None), []) == 0
    assert crash.guarded(boom, ["check", "a.spl"]) == 2
    assert "internal error" in capsys.readouterr().err


def test_the_console_entry_point_never_shows_a_traceback(monkeypatch, capsys):
    import spl2py.driver.run as run_mod
    from spl2py.main import main

    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(run_mod, "run_file", broken)
    monkeypatch.setattr(sys, "argv", ["spl2py", "run", "x.spl"])
    with pytest.raises(SystemExit) as info:
        main()
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert "spl2py: internal error" in err and "RuntimeError: a bug" in err and "Traceback" not in err
