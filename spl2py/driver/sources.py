"""Which files found under a folder are Simple sources: shared by ``build`` and ``check``."""

from __future__ import annotations


def editor_file(name: str) -> bool:
    """Editor lock, backup and swap files (``.#x.spl``, ``#x.spl#``, ``x.spl~``, ``.x.spl.swp``)
    and other hidden files: never sources of a build."""
    return name.startswith((".", "#")) or name.endswith(("~", "#"))
