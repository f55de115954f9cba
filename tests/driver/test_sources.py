"""Editor lock, backup and swap files are never sources (``build`` and ``check`` both skip them)."""

from __future__ import annotations

import pytest

from spl2py.driver.sources import editor_file


@pytest.mark.parametrize("name", [".#main.spl", "#main.spl#", "main.spl~", ".main.spl.swp", ".hidden.spl"])
def test_editor_files(name):
    assert editor_file(name)


@pytest.mark.parametrize("name", ["main.spl", "my#tag.spl", "a~b.spl"])
def test_sources(name):
    assert not editor_file(name)
