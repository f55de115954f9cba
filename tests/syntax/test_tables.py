"""The grammar as data: decoded, it equals a fresh build rule by rule and parses alike; bad data is None."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest

from spl2py.syntax import matcher, parse, tables
from spl2py.syntax.peglib import Grammar

REPO = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.skipif(tables._sre is None, reason="needs Python 3.11's re._compiler")


class Store:
    def __init__(self):
        self.entries: dict[str, bytes] = {}

    def load(self, key):
        return self.entries.get(key)

    def save(self, key, data):
        self.entries[key] = data


@pytest.fixture
def fresh(monkeypatch):
    """A process-fresh grammar state: no grammar built yet, no store, no shipped tables."""
    monkeypatch.setattr(matcher, "_GRAMMAR", None)
    monkeypatch.setattr(matcher, "_STORE", None)
    monkeypatch.setattr(tables, "SHIPPED", REPO / "no such file.tables")


def built() -> Grammar:
    return matcher.grammar()


def test_decoded_grammar_equals_a_build_and_parses_alike(fresh, monkeypatch):
    store = Store()
    matcher.use_store(store)
    original = built()
    (data,) = store.entries.values()
    decoded = tables.decode(data)
    assert list(decoded) == list(original)
    assert all(decoded[name] == original[name] for name in original)  # parsimonious's structural equality
    assert decoded.default_rule == original.default_rule
    for name, expr in decoded.items():
        if hasattr(expr, "re"):
            assert expr.re == re.compile(original[name].re.pattern)  # same pattern, flags and program
    sources = sorted((REPO / "examples").rglob("*.spl"))[:12]
    for path in sources:
        text = path.read_text(encoding="utf-8")
        monkeypatch.setattr(matcher, "_GRAMMAR", original)
        expected = parse(text, str(path))
        monkeypatch.setattr(matcher, "_GRAMMAR", decoded)
        assert parse(text, str(path)) == expected, path


def test_a_stored_grammar_is_used_and_keyed_by_its_text(fresh, monkeypatch):
    store = Store()
    matcher.use_store(store)
    first = built()
    monkeypatch.setattr(matcher, "_GRAMMAR", None)
    monkeypatch.setattr(matcher, "Grammar", None)  # building again would fail
    second = built()
    assert second is not first and second["program"] == first["program"]
    (key,) = store.entries
    assert tables.key("other text") != key


@pytest.mark.parametrize("damage", ["truncated", "not json", "extra field", "bad member", "bad program", "kind"])
def test_data_encode_did_not_write_is_none(fresh, damage):
    store = Store()
    matcher.use_store(store)
    built()
    (data,) = store.entries.values()
    d = json.loads(data)
    regex_at = next(i for i, n in enumerate(d["nodes"]) if n[0] == "re")
    seq_at = next(i for i, n in enumerate(d["nodes"]) if n[0] == "seq")
    if damage == "truncated":
        bad = data[: len(data) // 2]
    elif damage == "not json":
        bad = b"\xff" + data
    else:
        if damage == "extra field":
            d["more"] = 1
        elif damage == "bad member":
            d["nodes"][seq_at][3] = [len(d["nodes"]) + 5]
        elif damage == "bad program":
            d["nodes"][regex_at][5] = "ffffffff" * 4  # not a program _sre accepts
        else:
            d["nodes"][seq_at][0] = "call"
        bad = json.dumps(d).encode()
    assert tables.decode(bad) is None


# --------------------------------------------------------------------------- shipped tables

SHIPPED = Path(tables.__file__).with_name("grammar.tables")
same_python = pytest.mark.skipif(tables.shipped_version() != sys.version.replace("\n", " "),
                                 reason="the shipped tables were written by another Python")


@same_python
def test_the_shipped_tables_are_those_of_the_grammar():
    # fails after an edit of simple.peg until `python -m spl2py.syntax.write_tables` is run
    from spl2py.syntax.write_tables import grammar_text

    data = tables.shipped(tables.key(grammar_text()))
    assert data is not None, "grammar.tables is stale: run python -m spl2py.syntax.write_tables"
    assert tables.decode(data)["program"] == Grammar(grammar_text())["program"]


@same_python
def test_a_start_up_takes_the_shipped_tables(fresh, monkeypatch):
    monkeypatch.setattr(tables, "SHIPPED", SHIPPED)
    monkeypatch.setattr(matcher, "Grammar", None)  # building would fail
    assert parse("print 1 + 2\n", "t.spl").body


def test_shipped_tables_of_another_key_or_damaged_are_not_used(tmp_path, monkeypatch):
    path = tmp_path / "grammar.tables"
    monkeypatch.setattr(tables, "SHIPPED", path)
    path.write_bytes(tables.packed("k1", b"{}"))
    assert tables.shipped("k1") == b"{}" and tables.shipped("k2") is None
    path.write_bytes(b"not compressed")
    assert tables.shipped("k1") is None and tables.shipped_version() is None
