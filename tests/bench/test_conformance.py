"""bench/conformance.py: textual counts, upstream status classes, and a run over a tiny folder."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
spec = importlib.util.spec_from_file_location("conformance", ROOT / "bench" / "conformance.py")
conformance = importlib.util.module_from_spec(spec)
sys.modules["conformance"] = conformance
spec.loader.exec_module(conformance)

PASSING = 'describe "math":\n    it "adds":\n        expect 1 + 1 == 2\n    it "fails":\n        expect 1 == 2\n'
BROKEN = 'describe "x":\n    it "one":\n        val = = 1\n    test "two":\n        pass\n'


def test_count_examples_reads_it_test_and_example_lines():
    text = 'it "a":\n  it \'b\':\n# it "comment":\ntest "c":\nexample "d":\nvisit "e"\n'
    assert conformance.count_examples(text) == 4


def test_classify_status():
    classify = conformance.classify_status
    assert classify("PASS: summary.txt = 59 passed") == "pass"
    assert classify("FAIL upstream 2026-02-06: runtime_error") == "failing"
    assert classify("file header marks '# @pending'") == "pending"
    assert classify("unknown; same as a file which carries @pending/@skip") == "unknown"
    assert classify("docstring: 'Preserved parser-failure fixture' (known upstream bug)") == "failing"


def test_run_counts_examples_and_non_compiling_files(tmp_path, capsys):
    (tmp_path / "good_spec.spl").write_text(PASSING)
    (tmp_path / "bad_spec.spl").write_text(BROKEN)
    out = tmp_path / "result.json"
    assert conformance.main([str(tmp_path), "--json", str(out), "--timeout", "120"]) == 0
    files = {Path(r["path"]).name: r for r in json.loads(out.read_text())["files"]}
    assert (files["good_spec.spl"]["passed"], files["good_spec.spl"]["failed"]) == (1, 1)
    assert files["bad_spec.spl"]["outcome"] == "no-compile"
    assert files["bad_spec.spl"]["failed"] == 2  # counted from the text
    last = capsys.readouterr().out.strip().splitlines()[-1]
    assert last == "conformance: 1 passed, 3 failed, 0 skipped (25.0% passing)"
