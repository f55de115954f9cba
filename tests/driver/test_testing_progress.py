"""Progress of `spl2py test` over several files: plain lines off a terminal, a rich bar on one."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from spl2py.driver.testing import FileProgress, run_tests

SPEC = 'use std.spec.*\n\ndescribe "{name}":\n    it "works":\n        expect({value}).to_equal(1)\n'


@pytest.fixture(autouse=True)
def no_cache(monkeypatch):
    monkeypatch.setenv("SPL2PY_NO_CACHE", "1")


def specs(tmp_path: Path, values: list[int]) -> list[Path]:
    paths = []
    for i, value in enumerate(values):
        path = tmp_path / f"s{i}_spec.spl"
        path.write_text(SPEC.format(name=f"S{i}", value=value))
        paths.append(path)
    return paths


def test_plain_progress_lines_per_file_on_stderr(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    specs(tmp_path, [1, 2, 1])
    assert run_tests([Path(".")]) == 1
    captured = capsys.readouterr()
    lines = [line.rsplit(" (", 1)[0] for line in captured.err.splitlines()]
    assert lines == [
        "[1/3] s0_spec.spl: 1 passed, 0 failed",
        "[2/3] s1_spec.spl: 0 passed, 1 failed",
        "[3/3] s2_spec.spl: 1 passed, 0 failed",
    ]
    assert captured.out.splitlines()[-1] == "2 passed, 1 failed"
    assert "[1/3]" not in captured.out


def test_no_progress_for_one_file_or_a_listing(tmp_path, capsys):
    paths = specs(tmp_path, [1, 1])
    assert run_tests(paths[:1]) == 0
    assert run_tests(paths, list_only=True) == 0
    assert capsys.readouterr().err == ""


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_rich_bar_on_a_terminal(tmp_path):
    from runtime.spec import FileResult, Group

    term = FakeTerminal()
    with FileProgress(2, stream=term) as progress:
        for name in ("a_spec.spl", "b_spec.spl"):
            progress.begin(Path(name))
            progress.end(Path(name), FileResult(name, Group("")))
    shown = term.getvalue()
    assert "\x1b[" in shown and "spec files" in shown and "2/2" in shown
