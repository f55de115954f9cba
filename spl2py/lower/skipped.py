"""A skipped spec example whose block the analysis or the lowering rejects is lowered without its
block (spl2py.sema.skips): it never runs, so it stays a skipped example instead of failing the file."""

from __future__ import annotations

from dataclasses import replace

from spl2py.diagnostics import CompileError
from spl2py.sema.skips import skipped_example
from spl2py.syntax import ast


class SkippedExampleLowering:
    def e_Call(self, e: ast.Call):
        if not skipped_example(e):
            return super().e_Call(e)
        bodiless = replace(e, args=e.args[:-1])
        if id(e) in self.sema.bodiless:
            return super().e_Call(bodiless)
        try:
            with self.capture() as hoisted:
                value = super().e_Call(e)
        except CompileError:
            return super().e_Call(bodiless)
        for stmt in hoisted:
            self.emit(stmt)
        return value
