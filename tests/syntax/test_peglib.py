"""parsimonious runs on Python's ``re``, whether or not the third-party ``regex`` module was imported first."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

PROBE = """
import re, sys
if sys.argv[1] == "regex-first":
    import regex
from spl2py.syntax import parse
assert parse("print 1\\n", "t.spl").body  # the first import of parsimonious
import parsimonious.expressions as pe
from parsimonious.expressions import Regex
from spl2py.syntax.matcher import grammar
assert pe.re is re, pe.re
assert all(type(e.re) is re.Pattern for e in grammar().values() if isinstance(e, Regex))
if sys.argv[1] == "regex-first":
    assert sys.modules["regex"] is regex  # restored for its other users
else:
    assert "regex" not in sys.modules  # hidden only while parsimonious was imported
print("ok")
"""


@pytest.mark.parametrize("order", ["plain", "regex-first"])
def test_parsimonious_compiles_with_re(order):
    if order == "regex-first":
        pytest.importorskip("regex")
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    result = subprocess.run([sys.executable, "-c", PROBE, order], env=env, capture_output=True, text=True, timeout=120)
    assert result.stdout == "ok\n", result.stderr
