"""lib.torch's no_grad turns gradient tracking back on even when its function panics.

A spec cannot expect a panic, so this runs a fixture whose first example panics inside no_grad
on purpose and whose second example checks that gradients are tracked again.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
FIXTURE = Path(__file__).with_name("fixtures") / "no_grad_panic.spl"


def test_grad_mode_survives_a_panic_inside_no_grad():
    result = subprocess.run(
        [sys.executable, "-m", "spl2py", "test", str(FIXTURE)],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )
    out = result.stdout
    assert "deliberate failure inside no_grad" in out, out + result.stderr
    assert "tracks gradients again afterwards ... ok" in out, out
    assert "1 passed, 1 failed" in out, out
