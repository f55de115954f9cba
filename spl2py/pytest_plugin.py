"""pytest plugin: collect ``*_spec.spl`` files, one pytest item per SSpec example.

Registered through the ``pytest11`` entry point ``spl2py_sspec`` (pyproject.toml); without an
installed package, ``pytest -p spl2py.pytest_plugin`` loads it.

Collection runs the file in list mode (group blocks and the top level run, examples and
``before_all``/``after_all`` hooks do not) to learn the example names. When the first item of a
file runs, the whole file runs once for real; every item then reports its stored result:
failures in .spl terms (file:line, expected and actual values), skipped and pending examples as
pytest skips. A compile error becomes one failed item holding the rendered diagnostic, so a
broken spec never breaks the pytest run. pytest's own ignore rules (``--ignore``,
``collect_ignore``, ``norecursedirs``, ``testpaths``) decide which files are seen.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterator

import pytest

SPEC_SUFFIX = "_spec.spl"
LOAD_ITEM = "<load>"


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("spl2py", "Simple specs (*_spec.spl)")
    group.addoption(
        "--spl-lib", action="append", default=[], metavar="DIR",
        help="extra library root for `use lib.*`/`use std.*` in spec files (repeatable)",
    )
    parser.addini("spl2py_lib", type="paths", default=[], help="library roots for spec files")


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> pytest.Collector | None:
    if file_path.name.endswith(SPEC_SUFFIX):
        return SpecFile.from_parent(parent, path=file_path)
    return None


class SpecFailed(Exception):
    """An example's failures, already rendered in .spl terms."""


def _keys(examples: list[Any]) -> Iterator[tuple[tuple[str, int], Any]]:
    """(full name, occurrence) for each example, so duplicate names stay distinct."""
    seen: dict[str, int] = {}
    for ex in examples:
        seen[ex.full_name] = seen.get(ex.full_name, 0) + 1
        yield (ex.full_name, seen[ex.full_name]), ex


def _item_name(key: tuple[str, int]) -> str:
    name, n = key
    name = name.replace("::", ":")  # "::" separates node ids
    return name if n == 1 else f"{name} [{n}]"


class SpecFile(pytest.File):
    """One spec file; runs it at most once per pytest session."""

    _outcome: tuple[dict[tuple[str, int], Any], str | None] | None = None
    _collected: frozenset[tuple[str, int]] = frozenset()

    def _options(self) -> Any:
        from spl2py.driver.testing import module_options

        config = self.config
        libs = [Path(p) for p in config.getoption("spl_lib") or []] + list(config.getini("spl2py_lib"))
        return module_options(libs)

    def _run(self, list_only: bool) -> Any:
        from runtime.spec import Session
        from spl2py.driver.testing import run_file

        session = Session(out=None, list_only=list_only)
        return run_file(self.path, session, self._options())

    def collect(self) -> Iterator[pytest.Item]:
        listing = self._run(list_only=True)
        if listing.error is not None:
            yield SpecItem.from_parent(self, name=LOAD_ITEM, key=None, line=0)
            self._outcome = ({}, listing.error.render())
            return
        keyed = list(_keys(listing.examples()))
        self._collected = frozenset(key for key, _ in keyed)
        for key, ex in keyed:
            yield SpecItem.from_parent(self, name=_item_name(key), key=key, line=ex.line)

    def outcome(self) -> tuple[dict[tuple[str, int], Any], str | None]:
        """(examples by key, file-level problem text or None) of the real run, done on first use."""
        if self._outcome is None:
            result = self._run(list_only=False)
            examples = dict(_keys(result.examples()))
            self._outcome = (examples, self._file_problem(result, examples))
        return self._outcome

    def _file_problem(self, result: Any, examples: dict[tuple[str, int], Any]) -> str | None:
        """The file's error plus failures of examples that collection did not see."""
        parts = [result.error.render()] if result.error is not None else []
        for key, ex in examples.items():
            if key not in self._collected and ex.status == "failed":
                parts.append(f"{ex.full_name}:\n" + "\n".join(f.render() for f in ex.failures))
        return "\n".join(parts) or None


class SpecItem(pytest.Item):
    """One SSpec example (or the load error of its file)."""

    def __init__(self, *, key: tuple[str, int] | None, line: int, **kw: Any) -> None:
        super().__init__(**kw)
        self.key = key
        self.spl_line = line

    def runtest(self) -> None:
        examples, error = self.parent.outcome()  # type: ignore[attr-defined]
        ex = examples.get(self.key) if self.key is not None else None
        if ex is None:
            raise SpecFailed(_not_run(error))
        if ex.status in ("skipped", "pending"):
            reason = f"{ex.status}: {ex.reason}" if ex.reason else ex.status
            raise pytest.skip.Exception(reason, _use_item_location=True)  # report the .spl line
        if ex.status == "failed":
            raise SpecFailed("\n".join(f.render() for f in ex.failures))
        if error is not None and self._is_last():
            raise SpecFailed(f"the example passed, but its file then failed:\n{error}")

    def _is_last(self) -> bool:
        siblings = [i for i in self.session.items if i.parent is self.parent]
        return bool(siblings) and siblings[-1] is self

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> Any:
        if isinstance(excinfo.value, SpecFailed):
            return str(excinfo.value)
        return super().repr_failure(excinfo, style)

    def reportinfo(self) -> tuple[Path, int, str]:
        return self.path, max(self.spl_line - 1, 0), self.name


def _not_run(error: str | None) -> str:
    if error is None:
        return "the example did not run (the spec's examples differ between collection and run)"
    return error
