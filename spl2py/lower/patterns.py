"""match: arms, guards and pattern tests."""

from __future__ import annotations

import ast as py

from spl2py.lower import pyast as P
from spl2py.lower.core import Sink
from spl2py.lower.names import py_name
from spl2py.syntax import ast


class PatternLowering:
    def match_stmt(self, m: ast.Match, sink: Sink | None) -> bool:
        subject = self.expr(m.subject)
        if not isinstance(subject, py.Name):
            t = self.temp("m")
            self.emit(self.at(P.assign(P.name(t, P.STORE), subject), m.subject.span))
            subject = P.name(t)
        arms: list[tuple[py.expr | None, list[py.stmt], ast.MatchArm]] = []
        for arm in m.arms:
            tests, binds = self.pattern(arm.pattern, subject)
            if arm.guard is not None:
                saved = self.subst
                self.subst = {**saved, **{n.name: v for n, v in binds}}
                try:
                    with self.capture() as pre:
                        guard = self.expr(arm.guard)
                finally:
                    self.subst = saved
                if pre:
                    raise self.err(arm.guard, "unsupported: a guard that needs statements (`?`, `match`)")
                tests = tests + [guard]
            with self.capture() as body:
                self.emit_binds(binds)
                self.block_into(list(arm.body), sink)
            if not body:
                body.append(py.Pass())
            for stmt in body:
                self.at(stmt, arm.span)
            test = self.at(self._and(tests), arm.pattern.span) if tests else None
            arms.append((test, body, arm))
            if test is None:
                break  # an irrefutable arm: later arms cannot run
        if not arms or arms[-1][0] is not None:
            fail = py.Expr(P.rt_call("no_match", subject, P.const(m.span.line)))
            orelse: list[py.stmt] = [self.at(fail, m.span)]
        else:
            orelse = arms.pop()[1]
        for test, body, arm in reversed(arms):
            orelse = [self.at(py.If(test, body, orelse), arm.span)]
        for stmt in orelse:
            self.emit(stmt)
        return True

    def _and(self, tests: list[py.expr]) -> py.expr:
        return tests[0] if len(tests) == 1 else py.BoolOp(py.And(), tests)

    def nil_test(self, pat: ast.Pattern, v: py.expr) -> py.expr:
        """``case nil:`` / ``case None:``; where an enum in scope declares its own ``None`` variant,
        that variant matches too."""
        test = py.Compare(v, [py.Is()], [P.const(None)])
        if self.sema.pattern_kind(pat) == "none":
            test = py.BoolOp(py.Or(), [test, P.rt_call("is_variant", v, P.const(py_name("None")))])
        return test

    def pattern(self, pat: ast.Pattern, v: py.expr):
        """(tests, bindings) matching ``pat`` against the pure expression ``v``."""
        if isinstance(pat, ast.WildcardPat):
            return [], []
        if isinstance(pat, ast.CapturePat):
            if pat.name in ("nil", "None"):
                return [self.nil_test(pat, v)], []
            how = self.sema.pattern_kind(pat)
            if how == "variant":  # a unit variant of an enum in scope: `case Red:`
                return [P.rt_call("is_variant", v, P.const(pat.name))], []
            if how == "bare":  # the scrutinee's enum decides: its variant, else a binding
                return [P.rt_call("bare_pattern", v, P.const(pat.name))], [(pat, v)]
            return [], [(pat, v)]
        if isinstance(pat, ast.LiteralPat):
            lit = pat.value
            if isinstance(lit, ast.Nil):
                return [self.nil_test(pat, v)], []
            if isinstance(lit, ast.Bool):
                return [py.Compare(v, [py.Is()], [P.const(lit.value)])], []
            return [py.Compare(v, [py.Eq()], [self.expr(lit)])], []
        if isinstance(pat, ast.RangePat):
            tests = [py.Compare(self.expr(pat.start), [py.LtE()], [v])]
            if pat.end is not None:
                tests.append(py.Compare(v, [py.LtE() if pat.inclusive else py.Lt()], [self.expr(pat.end)]))
            return tests, []
        if isinstance(pat, ast.ValuePat):
            if pat.path in (("nil",), ("None",)):
                return [py.Compare(v, [py.Is()], [P.const(None)])], []
            return [py.Compare(v, [py.Eq()], [self.path_expr(pat.path, pat)])], []
        if isinstance(pat, ast.VariantPat):
            if self.sema.pattern_kind(pat) == "variant":  # `case TyVar(v):`: the scrutinee's variant, by name
                tests = [P.rt_call("has_variant", v, P.const(pat.path[0]))]
            else:
                tests = [P.call(P.rt("isinstance"), v, self.path_expr(pat.path, pat))]
            binds = []
            for i, sub in enumerate(pat.args):
                item = py.Subscript(P.attr(v, "_values"), P.const(i), P.LOAD)
                t, b = self.pattern(sub, item)
                tests += t
                binds += b
            return tests, binds
        if isinstance(pat, ast.TuplePat):
            tests = [P.rt_call("is_list" if pat.brackets else "is_tuple", v, P.const(len(pat.items)))]
            binds = []
            for i, sub in enumerate(pat.items):
                t, b = self.pattern(sub, py.Subscript(v, P.const(i), P.LOAD))
                tests += t
                binds += b
            return tests, binds
        if isinstance(pat, (ast.FieldsPat, ast.StructPat)):
            tests, binds = [], []
            if isinstance(pat, ast.StructPat):
                tests.append(P.call(P.rt("isinstance"), v, self.path_expr(pat.path, pat)))
            for name, sub in pat.fields:
                tests.append(self._field(v, name, "has_field"))
                t, b = self.pattern(sub, self._field(v, name))
                tests += t
                binds += b
            return tests, binds
        if isinstance(pat, ast.OrPat):
            alts = []
            for alt in pat.alternatives:
                t, b = self.pattern(alt, v)
                if b:
                    raise self.err(alt, "unsupported: a binding inside an or-pattern")
                if not t:
                    return [], []
                alts.append(self._and(t))
            return [py.BoolOp(py.Or(), alts)], []
        raise self.err(pat, f"unsupported: pattern {type(pat).__name__}")

    @staticmethod
    def _field(v: py.expr, name: str, helper: str = "field") -> py.expr:
        """``_spl.field(v, "name")`` (the Python attribute added when the name is renamed)."""
        attr = py_name(name)
        extra = [P.const(attr)] if attr != name else []
        return P.rt_call(helper, v, P.const(name), *extra)

    def path_expr(self, path: tuple[str, ...], node: ast.Node) -> py.expr:
        expr = self.at(self.load_name(path[0], node), node.span)
        for part in path[1:]:
            expr = P.attr(expr, py_name(part))
        return self.at(expr, node.span)
