"""``context obj:`` blocks: a call of a bare name that no scope binds (nor a builtin) is a method call on
``obj`` (upstream's rule: normal scope first, then the context object; the innermost block wins)."""

from __future__ import annotations

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
