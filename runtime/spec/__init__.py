"""SSpec: the runtime of Simple's spec DSL (describe/context/it/expect, hooks, matchers, reporter).

Generated code calls these words as plain functions: ``describe "x":`` + block becomes
``describe("x", fn)``, ``it "y", tag: ["slow"]:`` becomes ``it("y", fn, tag=["slow"])`` (the block
is the last positional argument). Groups run their block at once; an example runs its block at
once too, wrapped in the ``before_each``/``after_each`` hooks declared so far in its groups.

A failed expectation does not throw: it is recorded against the current example with the .spl
file and line of the caller, and the example goes on. An exception fails that example only.

Results live in a ``Session`` (files -> groups -> examples) that ``spl2py test`` and the pytest
plugin both read. Without a runner, an implicit session prints to stdout (``spl2py run x_spec.spl``).

This package is imported by generated code: it must stay cheap and never import spl2py or torch.
Its modules, one job each:

- ``results``      Failure, Example, Group, FileResult and the status names (plain data)
- ``values``       Simple display of values in messages; equality, containment, length, truth
- ``sites``        the .spl file and line of a call or an exception
- ``session``      Session (running, recording, the printed tree), ``current_session``, ``activate``
- ``report``       counts, the summary line and the failures section
- ``expectations`` ``expect(x)`` and its matchers, matcher values (``eq(4)``)
- ``asserts``      ``assert_eq``, ``check``, ``fail``, ...
- ``words``        the DSL words: groups, examples, hooks, summary

This module is the public surface: ``__all__`` is what ``use std.spec.*`` binds.
"""

from __future__ import annotations

from runtime.spec.asserts import (
    assert_contains,
    assert_eq,
    assert_equal,
    assert_false,
    assert_ne,
    assert_nil,
    assert_not_equal,
    assert_not_nil,
    assert_true,
    check,
    fail,
)
from runtime.spec.expectations import Expectation, Matcher, be_empty, be_false, be_nil, be_true, eq, equal, expect
from runtime.spec.results import FAILED, LISTED, OK, PENDING, SKIPPED, Example, Failure, FileResult, Group, short_path
from runtime.spec.session import Session, activate, current_session, drop_implicit_session
from runtime.spec.sites import caller_site, failure_from_exception
from runtime.spec.values import show, show_value
from runtime.spec.words import (
    after_all,
    after_each,
    before_all,
    before_each,
    context,
    describe,
    example,
    feature,
    get_exit_code,
    it,
    pending,
    print_summary,
    scenario,
    skip,
    skip_it,
    slow_it,
    specify,
    step,
    test,
    xit,
)

__all__ = [
    # groups and examples
    "describe", "context", "feature", "it", "test", "example", "specify", "scenario", "slow_it",
    "skip_it", "skip", "pending", "xit", "step",
    # hooks
    "before_each", "after_each", "before_all", "after_all",
    # expectations and assertions
    "expect", "Expectation", "fail", "check",
    # matcher values for expect(x).to(m) / .not_to(m)
    "eq", "equal", "be_nil", "be_true", "be_false", "be_empty",
    "assert_true", "assert_false", "assert_eq", "assert_ne", "assert_equal", "assert_not_equal",
    "assert_nil", "assert_not_nil", "assert_contains",
    # summary
    "print_summary", "get_exit_code",
]

# Runner-facing names (spl2py test and run, the pytest plugin, bench/conformance.py): outside
# ``__all__``, so ``use std.spec.*`` does not bind them; listed here so that the re-export is explicit.
RUNNER_API = (
    Session, activate, current_session, drop_implicit_session, caller_site, failure_from_exception,
    Example, Failure, FileResult, Group, Matcher, short_path, show, show_value,
    OK, FAILED, SKIPPED, PENDING, LISTED,
)
