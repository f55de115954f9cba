"""SSpec expectations: ``expect(x).to_<matcher>(...)``, negation, and matcher values (``eq(4)``).

A matcher records a failure in the current session (never raises) at the caller's .spl line.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Callable

from runtime.spec.results import Failure
from runtime.spec.session import current_session
from runtime.spec.sites import caller_site
from runtime.spec.values import contains, has_affix, length_of, matches, show, show_value, simple_equal, truthy, with_message


class Expectation:
    """``expect(value)``: each matcher records a failure (never raises) and returns nothing useful."""

    def __init__(
        self, value: Any, negated: bool = False, site: tuple[str, int] | None = None, message: Any = None
    ) -> None:
        self._value = value
        self._negated = negated
        self._message = message  # expect(x, "why") / .to_equal(y, "why"): shown before the failure
        self._used = False
        self._file, self._line = site or caller_site()
        session = current_session()
        self._seq = session.next_seq()
        session.track(self)

    # -- matcher values: expect(x).to(eq(4)), expect(x).not_to(be_nil()) --------------------

    def to(self, matcher: "Matcher") -> None:
        """Apply a matcher value (``eq(4)``, ``be_nil()``): the same check as ``to_<name>(args)``."""
        getattr(self, "to_" + matcher.name)(*matcher.args)

    def not_to(self, matcher: "Matcher") -> None:
        self.not_.to(matcher)

    # -- negation: .not_() (Simple `not_` is emitted as `not__`), and as a property ----------

    @property
    def not_(self) -> "Expectation":
        """The negated expectation; callable too, so ``.not_()`` and ``.not_`` both work."""
        self._used = True
        return _Negated(self._value, not self._negated, (self._file, self._line), self._message)

    not__ = not_

    # -- the core check ----------------------------------------------------------------------

    def _note(self, message: Any) -> None:
        """A matcher's own message replaces the one given to expect()."""
        if message is not None:
            self._message = message

    def _check(self, ok: bool, words: str, expected: Any = None, has_expected: bool = True) -> None:
        self._used = True
        if ok != self._negated:
            return
        actual = show_value(self._value)
        exp = show_value(expected) if has_expected else None
        current_session().record(self._failure(words, exp, actual))

    def _failure(self, words: str, expected: str | None, actual: str) -> Failure:
        """``expected 1, got 0`` for equality, else ``expected [1] to contain 2`` (with "not")."""
        file, line = caller_site()
        negated = self._negated != (words == "not equal")
        if words in ("equal", "not equal"):
            text = f"expected {'not ' if negated else ''}{expected}, got {actual}"
        else:
            shown = ("not " if self._negated else "") + words
            text = f"expected {actual} {shown}" + (f" {expected}" if expected is not None else "")
        return Failure(with_message(self._message, text), file, line, expected, actual, self._seq)

    def _compare(self, op: Callable[[Any, Any], bool], other: Any, words: str) -> None:
        try:
            ok = bool(op(self._value, other))
        except Exception:
            ok = False
        self._check(ok, words, other)

    # -- equality --------------------------------------------------------------------------

    def to_equal(self, expected: Any, message: Any = None) -> None:
        self._note(message)
        self._check(simple_equal(self._value, expected), "equal", expected)

    to_be = to_eq = to_equal

    def to_not_equal(self, expected: Any, message: Any = None) -> None:
        self._note(message)
        self._check(not simple_equal(self._value, expected), "not equal", expected)

    # -- membership, text ------------------------------------------------------------------

    def to_contain(self, item: Any, message: Any = None) -> None:
        self._note(message)
        try:
            ok = contains(self._value, item)
        except Exception:
            ok = False
        self._check(ok, "to contain", item)

    to_include = to_contain

    def to_not_contain(self, item: Any, message: Any = None) -> None:
        self._note(message)
        try:
            ok = not contains(self._value, item)
        except Exception:
            ok = False
        self._check(ok, "not to contain", item)

    def to_start_with(self, prefix: Any, message: Any = None) -> None:
        self._note(message)
        self._compare(lambda v, p: has_affix(v, p, False), prefix, "to start with")

    def to_end_with(self, suffix: Any, message: Any = None) -> None:
        self._note(message)
        self._compare(lambda v, s: has_affix(v, s, True), suffix, "to end with")

    def to_match(self, pattern: Any, message: Any = None) -> None:
        self._note(message)
        self._check(matches(self._value, pattern), "to match", pattern)

    # -- nil, truth ------------------------------------------------------------------------

    def to_be_nil(self, message: Any = None) -> None:
        self._note(message)
        self._check(self._value is None, "to be nil", has_expected=False)

    to_be_none = to_be_nil

    def to_not_be_nil(self, message: Any = None) -> None:
        self._note(message)
        self._check(self._value is not None, "not to be nil", has_expected=False)

    def to_be_truthy(self, message: Any = None) -> None:
        self._note(message)
        self._check(truthy(self._value), "to be truthy", has_expected=False)

    def to_be_falsy(self, message: Any = None) -> None:
        self._note(message)
        self._check(not truthy(self._value), "to be falsy", has_expected=False)

    def to_be_true(self, message: Any = None) -> None:
        self._note(message)
        self._check(self._value is True, "to be true", has_expected=False)

    def to_be_false(self, message: Any = None) -> None:
        self._note(message)
        self._check(self._value is False, "to be false", has_expected=False)

    # -- ordering --------------------------------------------------------------------------

    def to_be_greater_than(self, other: Any, message: Any = None) -> None:
        self._note(message)
        self._compare(lambda a, b: a > b, other, "to be greater than")

    def to_be_less_than(self, other: Any, message: Any = None) -> None:
        self._note(message)
        self._compare(lambda a, b: a < b, other, "to be less than")

    def to_be_greater_than_or_equal(self, other: Any, message: Any = None) -> None:
        self._note(message)
        self._compare(lambda a, b: a >= b, other, "to be greater than or equal to")

    to_be_gte = to_be_at_least = to_be_greater_than_or_equal

    def to_be_less_than_or_equal(self, other: Any, message: Any = None) -> None:
        self._note(message)
        self._compare(lambda a, b: a <= b, other, "to be less than or equal to")

    to_be_lte = to_be_at_most = to_be_less_than_or_equal

    def to_be_close_to(self, other: Any, tolerance: Any = 1e-6, message: Any = None) -> None:
        self._note(message)
        def close(a: Any, b: Any) -> bool:
            return math.isfinite(a - b) and abs(a - b) <= tolerance

        self._compare(close, other, f"to be within {show(tolerance)} of")

    # -- size ------------------------------------------------------------------------------

    def to_have_length(self, n: Any, message: Any = None) -> None:
        self._note(message)
        try:
            size: Any = length_of(self._value)
        except Exception:
            size = None
        self._used = True
        if (size == n) != self._negated:
            return
        neg = "not " if self._negated else ""
        text = f"expected {show_value(self._value)} {neg}to have length {show(n)}, got length {show(size)}"
        text = with_message(self._message, text)
        current_session().record(Failure(text, *caller_site(), show(n), show(size), self._seq))

    def to_be_empty(self, message: Any = None) -> None:
        self._note(message)
        try:
            ok = length_of(self._value) == 0
        except Exception:
            ok = False
        self._check(ok, "to be empty", has_expected=False)


class _Negated(Expectation):
    """The result of ``.not_``: calling it returns itself, so ``.not_()`` works as well."""

    def __call__(self) -> "_Negated":
        return self


@dataclass(frozen=True)
class Matcher:
    """A matcher as a value, e.g. ``eq(4)``: ``expect(x).to(m)`` runs ``to_<name>(*args)``."""

    name: str
    args: tuple


def eq(expected: Any) -> Matcher:
    return Matcher("equal", (expected,))


def equal(expected: Any) -> Matcher:
    return Matcher("equal", (expected,))


def be_nil() -> Matcher:
    return Matcher("be_nil", ())


def be_true() -> Matcher:
    return Matcher("be_true", ())


def be_false() -> Matcher:
    return Matcher("be_false", ())


def be_empty() -> Matcher:
    return Matcher("be_empty", ())


def expect(value: Any, message: Any = None) -> Expectation:
    """``expect(x).matcher(y)``; ``expect(bool)`` alone asserts truth; ``expect(x)`` alone fails as vacuous.

    ``message`` (``expect(x > 0, "x must be positive")``) is shown before the failure text."""
    return Expectation(value, site=caller_site(), message=message)
