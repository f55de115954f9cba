"""Front-end tests; ``syntax_helpers`` holds their helpers (registered by path: importlib import mode)."""

import importlib.util
import sys
from pathlib import Path

if "syntax_helpers" not in sys.modules:
    _spec = importlib.util.spec_from_file_location("syntax_helpers", Path(__file__).with_name("syntax_helpers.py"))
    sys.modules["syntax_helpers"] = importlib.util.module_from_spec(_spec)
    _spec.loader.exec_module(sys.modules["syntax_helpers"])
