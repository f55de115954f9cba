"""The one place spl2py calls black (its API is not guaranteed stable: keep it wrapped here)."""

from __future__ import annotations


def format_python(source: str) -> str:
    """``source`` formatted by black (imported lazily: ``import black`` costs ~0.3 s)."""
    import black

    return black.format_str(source, mode=black.Mode())
