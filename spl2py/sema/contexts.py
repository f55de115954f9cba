"""Upstream forms that resolve names: ``context obj:`` blocks and typed strings.

In ``context obj:``, a call of a bare name that no scope binds (nor a builtin) is a method call on ``obj``
(upstream's rule: normal scope first, then the context object; the innermost block wins).
A typed string ``"s"_ip`` calls ``T.from("s")`` for the first visible type among the suffix's
candidates: a suffix of at most 3 letters upper-cased (``IP``), then PascalCase (``Ip``,
``my_type`` -> ``MyType``); longer suffixes PascalCase only (``Regex``)."""

from __future__ import annotations

from spl2py.sema import errors
from spl2py.syntax import ast


class ContextRules:
    contexts: list  # the enclosing ContextBlock nodes, innermost last
    context_calls: dict  # id(Call) -> the ContextBlock whose object receives it

    def v_ContextBlock(self, s: ast.ContextBlock) -> None:
        self.visit(s.obj)
        self.contexts.append(s)
        self.block(s.body)
        self.contexts.pop()

    def context_call(self, e: ast.Call) -> bool:
        """Record ``e`` as a call on the context object when its callee name resolves nowhere."""
        func = e.func
        if not self.contexts or type(func) is not ast.Name:
            return False
        if self.scope.lookup(func.id) is not None or func.id in self.builtins:
            return False
        self.context_calls[id(e)] = self.contexts[-1]
        for a in e.args:
            self.visit(a.value)
        return True

    def v_TypedStr(self, e: ast.TypedStr) -> None:
        self.visit(e.value)
        names = typed_string_types(e.suffix)
        for name in names:
            if self.scope.lookup(name) is not None:
                self.resolve(name, e)
                return
        if not self.open_namespace:
            self.diagnostics.append(errors.typed_string(e, names))


def typed_string_types(suffix: str) -> list[str]:
    """The type names a typed string's suffix may mean, in the order upstream tries them."""
    pascal = "".join(w[:1].upper() + w[1:] for w in suffix.split("_"))
    if len(suffix) <= 3 and suffix.upper() != pascal:
        return [suffix.upper(), pascal]
    return [pascal]
