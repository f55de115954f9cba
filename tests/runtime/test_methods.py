"""runtime.methods: the built-in method tables (upstream's names and results), the unknown-method
message, freeze(), Option/Result methods and ``?.`` through ``Some``, and the generated docs table."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import runtime.core as rt
from runtime import methods
from runtime.errors import PanicError
from runtime.frozen import FrozenList, freeze, unfreeze
from runtime.objects import Err, Ok, Some

ROOT = Path(__file__).resolve().parents[2]


def test_push_mutates_and_returns_the_list():
    xs = [1, 2]
    assert rt.m_push(xs, 3) is xs and xs == [1, 2, 3]
    assert rt.m_append(xs, 4) == [1, 2, 3, 4]


def test_pop_returns_the_item_and_remove_takes_an_index():
    xs = [1, 2, 3]
    assert rt.m_pop(xs) == 3 and xs == [1, 2]
    assert rt.m_remove(xs, 0) == 1 and xs == [2]
    assert rt.m_pop([]) is None


def test_list_helpers():
    assert rt.m_concat([1], (2, 3)) == [1, 2, 3]
    assert rt.m_count([1, 2, 1], 1) == 2
    assert rt.m_count([1, 2, 3], lambda x: x > 1) == 2
    assert rt.m_count([1, 2]) == 2
    assert rt.m_unique([3, 1, 3, [1], [1]]) == [3, 1, [1]]
    assert rt.m_drop([1, 2, 3], 2) == [3] and rt.m_take([1, 2, 3], 2) == [1, 2]
    assert rt.m_fill([1, 2], 0) == [0, 0]
    assert rt.m_flatten([[1], [2, 3], 4]) == [1, 2, 3, 4]
    assert rt.m_chunk([1, 2, 3], 2) == [[1, 2], [3]] and rt.m_chunk([1], 0) == []
    assert rt.m_all_truthy([1, "a"]) and not rt.m_any_truthy([0, ""])
    assert rt.m_zip([1, 2], "ab") == [(1, "a"), (2, "b")]
    assert rt.m_enumerate(["a", "b"]) == [(0, "a"), (1, "b")]
    assert rt.m_first([]) is None and rt.m_last([4, 5]) == 5


def test_text_helpers():
    assert rt.m_uppercase("ab") == "AB" and rt.m_to_lowercase("AB") == "ab"
    assert rt.m_trimmed("  a ") == "a"
    assert rt.m_push("ab", "c") == "abc" and rt.m_pop("ab") == "b" and rt.m_pop("") is None
    assert rt.m_index_of("hello", "l") == Some(2) and rt.m_index_of("hello", "z") is None
    assert rt.m_find_str("hello", "lo") == Some(3)
    assert rt.m_ord("A") == 65 and rt.m_chr(97) == "a"
    assert rt.m_to_i64(" 42 ") == 42 and rt.m_to_f64("1.5") == 1.5
    assert rt.m_with("{a}-{b}-{c}", {"a": 1, "b": True}) == "1-true-{c}"
    assert rt.m_char_count("héllo") == 5 and rt.m_byte_len("héllo") == 6
    with pytest.raises(PanicError, match="one-character"):
        rt.m_ord("ab")


def test_dict_and_numbers():
    assert rt.m_get_or({"a": 1}, "b", 7) == 7 and rt.m_get({"a": 1}, "b") is None
    assert rt.m_fdiv(-7, 2) == -4 and rt.m_sign(-3) == -1 and rt.m_is_even(4)


def test_is_some_holds_for_any_value_but_nil():
    assert rt.m_is_some(0) and rt.m_is_some("") and not rt.m_is_some(None)
    assert rt.m_is_none(None) and not rt.m_is_none(3)


def test_to_text_is_every_value_s_text():
    assert rt.m_to_text(42) == "42" and rt.m_to_text(True) == "true" and rt.m_to_text([1, "a"]) == '[1, "a"]'
    assert rt.m_to_text(None) == "nil" and rt.m_to_text(Some(2)) == "Some(2)"


def test_unknown_method_names_the_type_and_close_names():
    assert methods.unknown_method_message("x", "uper").startswith("text has no method 'uper' (did you mean 'upper'")
    assert methods.unknown_method_message([1], "psh").startswith("list has no method 'psh' (did you mean 'push'")
    assert methods.unknown_method_message(3, "zzz") == "i64 has no method 'zzz'"


def test_freeze_reads_like_the_original_and_refuses_changes():
    frozen = freeze([1, 2, 3])
    assert isinstance(frozen, FrozenList) and frozen == [1, 2, 3] and freeze(frozen) is frozen
    assert rt.m_map(frozen, lambda x: x * 2) == [2, 4, 6] and rt.m_first(frozen) == 1
    with pytest.raises(PanicError, match="frozen list"):
        frozen.append(4)
    with pytest.raises(AttributeError, match="frozen list has no method 'push'"):
        rt.m_push(frozen, 4)
    d = freeze({"a": 1})
    assert rt.m_keys(d) == ["a"]
    with pytest.raises(PanicError, match="frozen dict"):
        d["b"] = 2
    assert unfreeze(frozen) == [1, 2, 3] and type(unfreeze(frozen)) is list


def test_option_and_result_methods():
    assert Some(2).ok_or("e") == Ok(2) and rt.m_ok_or(None, "e") == Err("e")
    assert Some(2).filter(lambda x: x > 5) is None and Some(2).map(lambda x: x + 1) == Some(3)
    assert Some(Some(1)).flatten() == Some(1)
    assert Err("x").or_else(lambda e: Ok(e + "!")) == Ok("x!") and Ok(1).is_ok_and(lambda v: v == 1)


def test_safe_navigation_reaches_into_some():
    class User:
        name = Some("Ada")

        def greet(self, other):
            return f"hi {other}"

    assert rt.m_len(Some("hello")) == Some(5)
    assert rt.prop(Some("hello"), "len") == Some(5)
    assert Some(User()).name == Some("Ada") and rt.opt(Some(User()).name) == "Ada"
    assert Some(User()).greet("Bo") == Some("hi Bo")


def test_docs_builtins_md_is_generated_from_the_tables():
    text = subprocess.run(
        [sys.executable, "-m", "runtime.methods", "--markdown"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
    ).stdout
    assert text == (ROOT / "docs" / "builtins.md").read_text(
        encoding="utf-8"
    ), "docs/builtins.md is stale: run `python -m runtime.methods --markdown > docs/builtins.md`"
    assert "`get_or`" in text and "`ok_or`" in text
