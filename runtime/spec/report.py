"""SSpec reporting: counts, the closing summary line and the failures section of a run."""

from __future__ import annotations

from runtime.spec.results import FAILED, LISTED, OK, Failure, FileResult, short_path


def counts(files: list[FileResult]) -> dict[str, int]:
    """passed / failed / skipped (skipped + pending) / listed; a file error counts as failed."""
    c = {"passed": 0, "failed": 0, "skipped": 0, "listed": 0}
    for ex in (ex for f in files for ex in f.examples()):
        key = {OK: "passed", FAILED: "failed", LISTED: "listed"}.get(ex.status, "skipped")
        c[key] += 1
    c["failed"] += sum(1 for f in files if f.error is not None)
    return c


def summary_line(files: list[FileResult], list_only: bool) -> str:
    """``N passed, N failed`` plus ``, N skipped`` when any were skipped or pending."""
    c = counts(files)
    if list_only:
        return f"{c['listed']} examples"
    line = f"{c['passed']} passed, {c['failed']} failed"
    return line + (f", {c['skipped']} skipped" if c["skipped"] else "")


def failures_report(files: list[FileResult]) -> str:
    """The failures section printed after the run ('' when none failed)."""
    items: list[tuple[str, list[Failure]]] = []
    for f in files:
        if f.error is not None:
            items.append((short_path(f.path or "<spec>"), [f.error]))
        items.extend((ex.full_name, ex.failures) for ex in f.examples() if ex.status == FAILED)
    if not items:
        return ""
    lines = ["Failures:", ""]
    for n, (title, failures) in enumerate(items, 1):
        lines.append(f"  {n}) {title}")
        lines.extend(_indent(fail.render(), "     ") for fail in failures)
        lines.append("")
    return "\n".join(lines)


def _indent(text: str, pad: str) -> str:
    return "\n".join(pad + line for line in text.split("\n"))
