"""The SSpec runtime (the runtime/spec package), driven from Python without the compiler.

Spec bodies are Python code compiled with a ``.spl`` file name, as generated code is, so failure
locations name the .spl file and line just as they do for compiled specs.
"""

from __future__ import annotations

import io
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import runtime.spec as spec
import runtime.spec.session as spec_session
from runtime import display

ROOT = Path(__file__).resolve().parents[2]
SPL = "demo_spec.spl"


def run_spl(source: str, **options) -> tuple[spec.Session, str]:
    """Run ``source`` as the top level of a spec file; return the session and the printed text."""
    out = io.StringIO()
    session = spec.Session(out=out, **options)
    namespace = {name: getattr(spec, name) for name in spec.__all__}
    namespace["log"] = []
    with spec.activate(session):
        session.begin_file(SPL)
        exec(compile(textwrap.dedent(source), SPL, "exec"), namespace)
        session.end_file()
    session.log = namespace["log"]  # type: ignore[attr-defined]
    return session, out.getvalue()


def statuses(session: spec.Session) -> dict[str, str]:
    return {ex.full_name: ex.status for ex in session.examples()}


def only_failure(session: spec.Session) -> spec.Failure:
    failures = [f for ex in session.examples() for f in ex.failures]
    assert len(failures) == 1, failures
    return failures[0]


# ----------------------------------------------------------------------------------------------
# tree output and summary
# ----------------------------------------------------------------------------------------------

STACK = """\
def _b1():
    def _b2():
        def _e1():
            expect(0).to_equal(0)
        it("has size zero", _e1)
        def _e2():
            expect(0).to_equal(1)
        it("breaks", _e2)
    context("when empty", _b2)
describe("Stack", _b1)
"""


def test_prints_nested_tree_with_two_spaces_per_level():
    session, out = run_spl(STACK)
    lines = out.splitlines()
    assert lines == [
        "Stack",
        "  when empty",
        "    has size zero ... ok",
        "    breaks ... FAILED",
        f"      {SPL}:7: expected 1, got 0",
    ]
    assert session.summary_line() == "1 passed, 1 failed"
    assert session.exit_code() == 1


def test_failures_report_names_example_and_location():
    session, _ = run_spl(STACK)
    report = session.failures_report()
    assert "1) Stack > when empty > breaks" in report
    assert f"{SPL}:7: expected 1, got 0" in report
    assert "has size zero" not in report


def test_all_passing_gives_exit_zero_and_no_failures_section():
    session, _ = run_spl("it('a', lambda: expect(1).to_equal(1))\nit('b', lambda: expect(2 > 1))\n")
    assert session.summary_line() == "2 passed, 0 failed"
    assert session.failures_report() == ""
    assert session.exit_code() == 0


def test_group_header_printed_once_and_only_when_it_has_examples():
    src = """\
describe("Empty", lambda: None)
def _b():
    it("one", lambda: None)
    it("two", lambda: None)
describe("Full", _b)
"""
    _, out = run_spl(src)
    assert out.splitlines() == ["Full", "  one ... ok", "  two ... ok"]


# ----------------------------------------------------------------------------------------------
# failures do not throw; exceptions fail one example
# ----------------------------------------------------------------------------------------------


def test_failed_expectation_does_not_stop_the_example():
    src = """\
def _e():
    expect(1).to_equal(2)
    log.append("after")
    expect("a").to_equal("b")
it("two failures", _e)
"""
    session, _ = run_spl(src)
    (ex,) = session.examples()
    assert session.log == ["after"]
    assert [f.line for f in ex.failures] == [2, 4]
    assert ex.failures[1].expected == '"b"' and ex.failures[1].actual == '"a"'
    assert ex.failures[1].message == 'expected "b", got "a"'


def test_exception_fails_only_its_example_with_spl_line():
    src = """\
def _boom():
    log.append("boom")
    [][3]
it("raises", _boom)
it("next runs", lambda: log.append("next"))
"""
    session, _ = run_spl(src)
    assert statuses(session) == {"raises": "failed", "next runs": "ok"}
    failure = only_failure(session)
    assert (failure.file, failure.line) == (SPL, 3)
    assert failure.message == "error: index out of range"  # in Simple words, as `spl2py run` says it
    assert session.log == ["boom", "next"]


def test_exception_in_group_body_is_a_failed_pseudo_example_and_file_goes_on():
    src = """\
def _g():
    it("before", lambda: None)
    undefined_name
describe("G", _g)
it("after", lambda: None)
"""
    session, out = run_spl(src)
    assert statuses(session) == {"G > before": "ok", "G > (group body)": "failed", "after": "ok"}
    assert only_failure(session).message == "error: undefined name 'undefined_name'"
    assert session.summary_line() == "2 passed, 1 failed"
    assert "  (group body) ... FAILED" in out


def test_nested_example_is_rejected():
    session, _ = run_spl("it('outer', lambda: it('inner', lambda: None))\n")
    assert statuses(session) == {"outer": "failed"}
    assert "nested" in only_failure(session).message


# ----------------------------------------------------------------------------------------------
# bare expect, vacuous expect
# ----------------------------------------------------------------------------------------------


def test_bare_expect_true_passes_and_false_fails_at_its_line():
    session, _ = run_spl("it('t', lambda: expect(1 == 1))\nit('f', lambda: expect(1 == 2))\n")
    assert statuses(session) == {"t": "ok", "f": "failed"}
    failure = only_failure(session)
    assert failure.line == 2 and failure.message == "expected true, got false"


def test_expect_false_with_matcher_is_not_a_bare_failure():
    session, _ = run_spl("it('x', lambda: expect(False).to_equal(False))\n")
    assert statuses(session) == {"x": "ok"}


def test_vacuous_expect_fails_when_example_ends():
    session, _ = run_spl("it('v', lambda: expect([1, 2]))\n")
    failure = only_failure(session)
    assert failure.message == "vacuous expect: expect([1, 2]) has no matcher"
    assert failure.line == 1


def test_deferred_bare_failure_keeps_source_order():
    src = """\
def _e():
    expect(False)
    expect(1).to_equal(2)
it("order", _e)
"""
    session, _ = run_spl(src)
    assert [f.line for f in session.examples()[0].failures] == [2, 3]


# ----------------------------------------------------------------------------------------------
# hooks
# ----------------------------------------------------------------------------------------------

HOOKS = """\
def _outer():
    before_each(lambda: log.append("outer before"))
    after_each(lambda: log.append("outer after"))
    after_all(lambda: log.append("outer after_all"))
    def _inner():
        before_all(lambda: log.append("inner before_all"))
        before_each(lambda: log.append("inner before"))
        after_each(lambda: log.append("inner after"))
        it("x", lambda: log.append("x body"))
    context("inner", _inner)
    it("y", lambda: log.append("y body"))
    log.append("outer block end")
describe("outer", _outer)
log.append("file end")
"""


def test_hook_order_outer_first_before_inner_first_after():
    session, _ = run_spl(HOOKS)
    assert session.log == [
        "inner before_all",
        "outer before", "inner before", "x body", "inner after", "outer after",
        "outer before", "y body", "outer after",
        "outer block end",
        "outer after_all",
        "file end",
    ]
    assert statuses(session) == {"outer > inner > x": "ok", "outer > y": "ok"}


def test_top_level_after_all_runs_when_file_ends():
    session, _ = run_spl("after_all(lambda: log.append('done'))\nit('a', lambda: log.append('a'))\n")
    assert session.log == ["a", "done"]


def test_failing_before_each_skips_body_but_runs_after_each():
    src = """\
def _g():
    before_each(lambda: 1 / 0)
    after_each(lambda: log.append("after"))
    it("x", lambda: log.append("body"))
describe("g", _g)
"""
    session, _ = run_spl(src)
    assert session.log == ["after"]
    failure = only_failure(session)
    assert failure.message == "error in before_each: division by zero"
    assert failure.line == 2


def test_hooks_do_not_leak_to_sibling_groups():
    src = """\
describe("a", lambda: before_each(lambda: log.append("a hook")))
describe("b", lambda: it("x", lambda: log.append("x")))
"""
    session, _ = run_spl(src)
    assert session.log == ["x"]


# ----------------------------------------------------------------------------------------------
# skipped and pending
# ----------------------------------------------------------------------------------------------


def test_skip_words_and_summary_suffix():
    src = """\
skip_it("s1", lambda: log.append("never"))
skip("s2", "not today")
skip_it("s3", "flaky", lambda: log.append("never"))
pending("p1")
it("p2")
it("tagged", lambda: log.append("never"), tag=["skip"])
it("ok", lambda: None)
"""
    session, out = run_spl(src)
    assert session.log == []
    assert statuses(session) == {
        "s1": "skipped", "s2": "skipped", "s3": "skipped", "p1": "pending", "p2": "pending", "tagged": "skipped", "ok": "ok",
    }
    assert "s2 ... skipped (not today)" in out
    assert "s3 ... skipped (flaky)" in out
    assert "p1 ... pending" in out
    assert session.summary_line() == "1 passed, 0 failed, 6 skipped"
    assert session.exit_code() == 0


def test_tags_and_aliases_are_examples():
    src = """\
test("t", lambda: None)
example("e", lambda: None)
specify("s", lambda: None)
slow_it("slow", lambda: None)
it("tagged", lambda: None, tag=["gpu", "slow"])
step("just words")
"""
    session, _ = run_spl(src)
    tags = {ex.name: ex.tags for ex in session.examples()}
    assert tags == {"t": (), "e": (), "s": (), "slow": ("slow",), "tagged": ("gpu", "slow")}
    assert session.summary_line() == "5 passed, 0 failed"


# ----------------------------------------------------------------------------------------------
# filter, fail-fast, list
# ----------------------------------------------------------------------------------------------


def test_filter_runs_only_matching_full_names():
    session, out = run_spl(STACK, filter="empty has size")
    assert statuses(session) == {"Stack > when empty > has size zero": "ok"}
    assert "breaks" not in out
    session, _ = run_spl(STACK, filter="Stack > when empty > breaks")
    assert statuses(session) == {"Stack > when empty > breaks": "failed"}


def test_fail_fast_stops_after_first_failure():
    src = """\
it("a", lambda: log.append("a"))
it("b", lambda: expect(1).to_equal(2))
it("c", lambda: log.append("c"))
describe("d", lambda: log.append("d body"))
"""
    session, _ = run_spl(src, fail_fast=True)
    assert session.log == ["a"]
    assert statuses(session) == {"a": "ok", "b": "failed"}
    assert session.stopped


def test_list_mode_prints_names_and_runs_nothing():
    src = """\
def _g():
    before_all(lambda: log.append("before_all"))
    before_each(lambda: log.append("before_each"))
    after_all(lambda: log.append("after_all"))
    it("a", lambda: log.append("a"))
    context("c", lambda: it("b", lambda: log.append("b")))
describe("g", _g)
"""
    session, out = run_spl(src, list_only=True)
    assert session.log == []
    assert out.splitlines() == ["g > a", "g > c > b"]
    assert session.summary_line() == "2 examples"
    assert session.exit_code() == 0


# ----------------------------------------------------------------------------------------------
# matchers: each passes on one value and fails on another
# ----------------------------------------------------------------------------------------------

MATCHERS = [
    # (matcher, args, passing value, failing value, text in the failure message)
    ("to_equal", (3,), 3, 4, "expected 3, got 4"),
    ("to_be", ("a",), "a", "b", 'expected "a", got "b"'),
    ("to_equal", ([1, "x"],), [1, "x"], [1, "y"], 'expected [1, "x"], got [1, "y"]'),
    ("to_equal", (True,), True, 1, "expected true, got 1"),
    ("to_not_equal", (3,), 4, 3, "expected not 3, got 3"),
    ("to_contain", ("ell",), "hello", "world", 'expected "world" to contain "ell"'),
    ("to_contain", (2,), [1, 2], [1, 3], "expected [1, 3] to contain 2"),
    ("to_include", ("k",), {"k": 1}, {"j": 1}, 'expected {"j": 1} to contain "k"'),
    ("to_not_contain", (5,), [1], [5], "expected [5] not to contain 5"),
    ("to_be_nil", (), None, 0, "expected 0 to be nil"),
    ("to_be_none", (), None, "", 'expected "" to be nil'),
    ("to_not_be_nil", (), 0, None, "expected nil not to be nil"),
    ("to_be_truthy", (), 1, None, "expected nil to be truthy"),
    ("to_be_falsy", (), False, "x", 'expected "x" to be falsy'),
    ("to_be_true", (), True, 1, "expected 1 to be true"),
    ("to_be_false", (), False, None, "expected nil to be false"),
    ("to_be_greater_than", (2,), 3, 2, "expected 2 to be greater than 2"),
    ("to_be_less_than", (2,), 1, 2, "expected 2 to be less than 2"),
    ("to_be_greater_than_or_equal", (2,), 2, 1, "expected 1 to be greater than or equal to 2"),
    ("to_be_gte", (2,), 3, 1, "to be greater than or equal to 2"),
    ("to_be_at_least", (2,), 2, 1.5, "expected 1.5 to be greater than or equal to 2"),
    ("to_be_less_than_or_equal", (2,), 2, 3, "expected 3 to be less than or equal to 2"),
    ("to_be_lte", (2,), 1, 3, "to be less than or equal to 2"),
    ("to_be_at_most", (2,), 2, 3, "to be less than or equal to 2"),
    ("to_be_greater_than", (2,), 3, "x", 'expected "x" to be greater than 2'),
    ("to_start_with", ("ab",), "abc", "cab", 'expected "cab" to start with "ab"'),
    ("to_start_with", ([1],), [1, 2], [2, 1], "expected [2, 1] to start with [1]"),
    ("to_end_with", ("bc",), "abc", "bca", 'expected "bca" to end with "bc"'),
    ("to_end_with", (2,), [1, 2], [2, 1], "expected [2, 1] to end with 2"),
    ("to_be_close_to", (1.0, 0.01), 1.005, 1.1, "expected 1.1 to be within 0.01 of 1.0"),
    ("to_be_close_to", (1.0,), 1.0000001, 1.001, "to be within"),
    ("to_have_length", (2,), [1, 2], "abc", 'expected "abc" to have length 2, got length 3'),
    ("to_be_empty", (), [], [0], "expected [0] to be empty"),
    ("to_be_empty", (), "", "a", 'expected "a" to be empty'),
    ("to_match", ("b+c",), "abbc", "ac", 'expected "ac" to match "b+c"'),
    ("to_match", ("ell",), "hello", "help", 'expected "help" to match "ell"'),
]


def check_matcher(matcher: str, args: tuple, value) -> list[spec.Failure]:
    session = spec.Session(out=None)
    with spec.activate(session):
        spec.it("m", lambda: getattr(spec.expect(value), matcher)(*args))
    (ex,) = session.examples()
    return ex.failures


@pytest.mark.parametrize("matcher,args,good,bad,text", MATCHERS, ids=[f"{m[0]}-{i}" for i, m in enumerate(MATCHERS)])
def test_matcher_passes_and_fails(matcher, args, good, bad, text):
    assert check_matcher(matcher, args, good) == []
    failures = check_matcher(matcher, args, bad)
    assert len(failures) == 1
    assert text in failures[0].message
    assert failures[0].file == __file__  # no .spl frame: the nearest Python caller


@pytest.mark.parametrize("form", ["not_", "not__", "not_()", "not__()"])
def test_negation_forms(form):
    def use(value):
        def body():
            exp = spec.expect(value)
            neg = getattr(exp, form.rstrip("()"))
            neg = neg() if form.endswith("()") else neg
            neg.to_equal(1)

        return body

    session = spec.Session(out=None)
    with spec.activate(session):
        spec.it("passes", use(2))
        spec.it("fails", use(1))
    passes, fails = session.examples()
    assert passes.failures == []
    assert [f.message for f in fails.failures] == ["expected not 1, got 1"]


def test_negated_contain_message():
    failures = check_matcher("to_contain", (1,), [1])
    assert failures == []
    session = spec.Session(out=None)
    with spec.activate(session):
        spec.it("n", lambda: spec.expect([1]).not_().to_contain(1))
    assert only_failure(session).message == "expected [1] not to contain 1"


def test_user_object_with_len_and_contains_methods():
    class Bag:
        def len(self):
            return 2

        def contains(self, x):
            return x == "a"

    assert check_matcher("to_have_length", (2,), Bag()) == []
    assert check_matcher("to_contain", ("a",), Bag()) == []
    assert len(check_matcher("to_contain", ("b",), Bag())) == 1


# ----------------------------------------------------------------------------------------------
# assertion helpers
# ----------------------------------------------------------------------------------------------

ASSERTS = [
    ("assert_true", (True,), (1,), "expected true, got 1"),
    ("assert_false", (False,), (None,), "expected false, got nil"),
    ("assert_eq", ([1], [1]), ([1], [2]), "expected [2], got [1]"),
    ("assert_equal", ("a", "a"), ("a", "b"), 'expected "b", got "a"'),
    ("assert_ne", (1, 2), (1, 1), "expected not 1, got 1"),
    ("assert_not_equal", (1, 2), (2, 2), "expected not 2, got 2"),
    ("assert_nil", (None,), (0,), "expected nil, got 0"),
    ("assert_not_nil", (0,), (None,), "expected a value, got nil"),
    ("assert_contains", ([1, 2], 2), ("abc", "z"), 'expected "abc" to contain "z"'),
    ("check", (1 == 1,), (1 == 2,), "check failed"),
    ("fail", None, ("custom message",), "custom message"),
]


@pytest.mark.parametrize("name,good,bad,text", ASSERTS, ids=[a[0] for a in ASSERTS])
def test_assertion_helpers(name, good, bad, text):
    fn = getattr(spec, name)
    session = spec.Session(out=None)
    with spec.activate(session):
        if good is not None:
            spec.it("good", lambda: fn(*good))
        spec.it("bad", lambda: fn(*bad))
    by_name = {ex.name: ex for ex in session.examples()}
    if good is not None:
        assert by_name["good"].status == "ok"
    assert by_name["bad"].status == "failed"
    assert text in by_name["bad"].failures[0].message


def test_assert_message_prefix():
    session = spec.Session(out=None)
    with spec.activate(session):
        spec.it("x", lambda: spec.assert_eq(1, 2, "sizes"))
    assert only_failure(session).message == "sizes: expected 2, got 1"


# ----------------------------------------------------------------------------------------------
# display, module surface, import cost
# ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value,text",
    [(True, "true"), (False, "false"), (None, "nil"), ([1, 2], "[1, 2]"), (["a", None], '["a", nil]'),
     ({"a": True}, '{"a": true}'), ("s", '"s"'), (1.5, "1.5")],
)
def test_show_value_is_simple_display(value, text):
    assert spec.show_value(value) == text == display.show_nested(value)  # one display implementation


def test_bare_expect_of_an_option_asserts_a_value():
    session, _ = run_spl(
        "from runtime.objects import Some\n"
        "it('some', lambda: expect(Some(42)))\n"
        "it('nil', lambda: expect(None))\n"
    )
    assert statuses(session) == {"some": "ok", "nil": "failed"}
    assert only_failure(session).message == "expected a value, got nil"


def test_expect_message_prefixes_the_failure():
    session, _ = run_spl("it('m', lambda: expect(1 > 2, 'x must exceed').to_equal(True))\n")
    assert only_failure(session).message == "x must exceed: expected true, got false"


def test_bare_expect_with_message_asserts_truth():
    session, _ = run_spl("it('b', lambda: expect(False, 'flag set'))\n")
    assert only_failure(session).message == "flag set: expected true, got false"


def test_matcher_message_overrides_and_passing_stays_silent():
    session, _ = run_spl(
        "it('o', lambda: expect(3, 'outer').to_not_equal(3, 'inner'))\n"
        "it('p', lambda: expect(3, 'unused').to_equal(3, 'also unused'))\n"
    )
    assert only_failure(session).message == "inner: expected not 3, got 3"
    assert statuses(session) == {"o": "failed", "p": "ok"}


DSL_WORDS = """describe context it test example specify slow_it skip_it pending skip step before_each after_each
before_all after_all fail check assert_true assert_false assert_eq assert_ne assert_equal assert_not_equal assert_nil
assert_not_nil assert_contains expect print_summary get_exit_code""".split()


def test_every_dsl_word_is_exported():
    assert set(DSL_WORDS) <= set(spec.__all__)
    for name in spec.__all__:
        assert callable(getattr(spec, name)), name


def test_star_import_does_not_give_pytest_a_test_function():
    assert spec.test.__test__ is False


def test_import_is_cheap_and_independent():
    code = "import sys, runtime.spec; print(sorted(m for m in ('spl2py', 'torch') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_implicit_session_and_print_summary(capsys, monkeypatch):
    monkeypatch.setattr(spec_session, "_session", None)
    spec.describe("D", lambda: spec.it("x", lambda: spec.expect(1).to_equal(2)))
    spec.print_summary()
    assert spec.get_exit_code() == 1
    out = capsys.readouterr().out
    assert out.startswith("D\n  x ... FAILED\n")
    assert out.rstrip().endswith("0 passed, 1 failed")
