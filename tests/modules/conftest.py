"""Resolver tests run without the developer's SIMPLE_LIB; ``modtree`` holds their helpers."""

import importlib.util
import sys
from pathlib import Path

import pytest

# pytest runs with --import-mode=importlib (no sys.path changes): register the helper module by path.
if "modtree" not in sys.modules:
    _spec = importlib.util.spec_from_file_location("modtree", Path(__file__).with_name("modtree.py"))
    sys.modules["modtree"] = importlib.util.module_from_spec(_spec)
    _spec.loader.exec_module(sys.modules["modtree"])


@pytest.fixture(autouse=True)
def _no_simple_lib(monkeypatch):
    # The developer's own SIMPLE_LIB must not leak into resolution tests.
    monkeypatch.delenv("SIMPLE_LIB", raising=False)
