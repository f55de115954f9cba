"""Local value types of one function body, so lowering can emit plain Python where it means the same.

A small, self-contained inference over literals, annotated parameters, operators and the few
builtin methods whose result type is fixed. Each local gets the join of every value bound to it
(a least fixed point); a name bound any other way (patterns, closures, comprehensions) is unknown.

Types are short strings: ``nat`` (an int >= 0), ``int``, ``float``, ``text``, ``bool``,
``list/<elem>`` (a list; ``elem`` one of the scalars, or ``?`` when unknown), ``obj/<C>`` (an
object of class or struct ``C``, a name the function sees bound to it; ``classes`` maps such names
to their ``ClassRecord``), or ``?`` (unknown). An object type comes from a constructor call
``C(...)`` or a call of a method of ``C`` declared to return ``C`` (``C.create(...)``, ``x.add(y)``
with ``x`` of ``obj/C``).
A list's element type is tracked only for a local list that never escapes: every use is
``xs.push(v)``, ``xs[i] = v``, ``xs[i]``, ``xs.len()`` or ``for x in xs`` in this body, and every
value bound to it is a fresh list.
"""

from __future__ import annotations

from runtime.primitives import FLOAT_NAMES, INT_NAMES, TEXT_NAMES
from spl2py.syntax import ast
from spl2py.syntax.visit import LEAVES, bound_names, iter_child_nodes, walk

UNKNOWN = "?"
SCALARS = ("nat", "int", "float", "text", "bool")
INTS = ("nat", "int")
NUMBERS = ("nat", "int", "float")
_NESTED = (ast.Lambda, ast.FuncDef, ast.ClassDef, ast.EnumDef, ast.TraitDef, ast.ImplDef, ast.Comprehension)
_NESTED_TYPES = frozenset(_NESTED)
# the node types ``_Body._visit`` has a rule for (every other one: its children are visited)
_WATCHED = frozenset(_NESTED + (ast.Let, ast.Assign, ast.For, ast.LetCond, ast.MatchArm, ast.WithItem, ast.ExternFn,
                                ast.TypeAlias, ast.Call, ast.Index, ast.Name))
_LIST_READS = ("len", "is_empty", "contains")  # list methods a non-escaping list may be used with
_FRESH_LIST_METHODS = {"split": "text", "chars": "text", "lines": "text"}  # text methods returning a new list


def is_list(t: str | None) -> bool:
    return t is not None and t.startswith("list/")


def elem(t: str) -> str:
    return t[5:] if is_list(t) else UNKNOWN


def join(a: str | None, b: str | None) -> str | None:
    """Least upper bound; None is bottom (no value seen yet)."""
    if a is None:
        return b
    if b is None or a == b:
        return a
    if {a, b} == {"nat", "int"}:
        return "int"
    if is_list(a) and is_list(b):
        return "list/" + (join(elem(a), elem(b)) or UNKNOWN)
    return UNKNOWN


def annotation_type(type_text: str | None) -> str:
    t = (type_text or "").strip()
    if t in INT_NAMES:
        return "int"
    if t in FLOAT_NAMES:
        return "float"
    if t in TEXT_NAMES:
        return "text"
    if t == "bool":
        return "bool"
    return UNKNOWN


def _arith(op: str, a: str, b: str) -> str:
    if a in INTS and b in INTS:
        if op == "-":
            return "int"
        return "nat" if a == b == "nat" else "int"
    if a in NUMBERS and b in NUMBERS:
        return "float"  # one side is a float: Simple's / and % (fmod) give a float, like + - *
    if op == "+" and a == b == "text":
        return "text"
    return UNKNOWN


NO_CLASSES: dict = {}


def known_classes(module: ast.Module, imports: dict) -> dict:
    """name -> ``ClassRecord`` of the classes and structs a module binds at top level: its own and
    the ones its ``use``s import (from the imported module's summary); a name bound twice is left out."""
    from spl2py.modules.summary import class_records, defined_names

    out = {c.name: c for c in class_records(module)}
    top = {n for stmt in module.body for n in defined_names(stmt)}
    out.update(imported_records(imports, lambda r: {c.name: c for c in r.classes}, top))
    return out


def imported_records(imports: dict, records_of, taken) -> dict:
    """local name -> the record, in ``records_of(resolved use)`` (a dict by name), of each name the
    ``use``s import; a local name bound by two uses, or in ``taken`` (bound at top level), is left out."""
    found: dict[str, object] = {}
    clash: set[str] = set()
    for resolved in (imports or {}).values():
        records = records_of(resolved)
        for b in resolved.bindings:
            if b.local in found or b.local in taken:
                clash.add(b.local)
            found[b.local] = records.get(b.source) if b.source is not None else None
    return {name: r for name, r in found.items() if r is not None and name not in clash}


def visible_classes(classes: dict, scope) -> dict:
    """The classes a function scope sees: those no enclosing function binds a local of the same name."""
    hidden = {n for s in scope.function_chain() for n in s.names}
    return classes if not hidden & classes.keys() else {n: c for n, c in classes.items() if n not in hidden}


def obj_class(t: str | None, classes: dict):
    """The ``ClassRecord`` of an ``obj/<C>`` type (None for any other type)."""
    return classes.get(t[4:]) if t is not None and t.startswith("obj/") else None


def _call_type(e: ast.Call, env: dict, classes: dict) -> str | None:
    func = e.func
    if isinstance(func, ast.Name):
        return "obj/" + func.id if func.id in classes and func.id not in env else UNKNOWN
    if not isinstance(func, ast.Attribute) or func.safe:
        return UNKNOWN
    recv = func.value
    if isinstance(recv, ast.Name) and recv.id in classes and recv.id not in env:  # `C.create(...)`
        return "obj/" + recv.id if func.name in classes[recv.id].self_returning else UNKNOWN
    t = expr_type(recv, env, classes)
    if t is None:
        return None
    record = obj_class(t, classes)
    if record is not None and func.name in record.self_returning:
        return t
    if func.name == "len" and not e.args and (is_list(t) or t == "text"):
        return "nat"
    if t == "text" and func.name in _FRESH_LIST_METHODS:
        return "list/text"
    return UNKNOWN


def expr_type(e: ast.Expr | None, env: dict, classes: dict = NO_CLASSES) -> str | None:
    """The type of ``e`` given the locals' types in ``env`` (None while an operand is still bottom)
    and the classes the function sees (``classes``)."""
    rule = _EXPR_RULES.get(type(e))  # node classes of ast.py have no subclasses
    return UNKNOWN if rule is None else rule(e, env, classes)


def _int_type(e, env, classes):
    return "nat" if e.value >= 0 else "int"


def _name_type(e, env, classes):
    return env.get(e.id, UNKNOWN)


def _unary_type(e, env, classes):
    t = expr_type(e.operand, env, classes)
    if t is None:
        return None
    if e.op == "not":
        return "bool"
    if e.op == "-" and t in NUMBERS:
        return "float" if t == "float" else "int"
    return UNKNOWN


def _binary_type(e, env, classes):
    if e.op == "+" and (type(e.left) is ast.Str or type(e.right) is ast.Str):
        return "text"  # the other side is shown as text
    if e.op not in ("+", "-", "*", "/", "%"):
        return UNKNOWN
    a, b = expr_type(e.left, env, classes), expr_type(e.right, env, classes)
    if a is None or b is None:
        return None
    return _arith(e.op, a, b)


def _list_type(e, env, classes):
    if any(type(x) is ast.Spread for x in e.items):
        return "list/" + UNKNOWN
    t = None
    for x in e.items:
        t = join(t, _scalar(expr_type(x, env, classes)))
    return "list/" + (t or "nat") if e.items else "list/"


def _repeat_type(e, env, classes):
    t = _scalar(expr_type(e.value, env, classes))
    return None if t is None else "list/" + t


def _index_type(e, env, classes):
    if type(e.index) in (ast.Slice, ast.Range):
        return UNKNOWN
    t = expr_type(e.value, env, classes)
    if t is None:
        return None
    if is_list(t):
        return elem(t) or None
    return "text" if t == "text" else UNKNOWN


_EXPR_RULES = {
    ast.Bool: lambda e, env, classes: "bool",
    ast.Int: _int_type,
    ast.Float: lambda e, env, classes: "float",
    ast.Str: lambda e, env, classes: "text",
    ast.Name: _name_type,
    ast.Compare: lambda e, env, classes: "bool",
    ast.IsTest: lambda e, env, classes: "bool",
    ast.Unary: _unary_type,
    ast.Binary: _binary_type,
    ast.ListLit: _list_type,
    ast.ArrayRepeat: _repeat_type,
    ast.Index: _index_type,
    ast.Call: _call_type,
}


def _scalar(t: str | None) -> str | None:
    return t if t is None or t in SCALARS else UNKNOWN


def _is_fresh_list(e: ast.Expr) -> bool:
    if isinstance(e, (ast.ListLit, ast.ArrayRepeat)):
        return True
    return isinstance(e, ast.Call) and isinstance(e.func, ast.Attribute) and e.func.name in _FRESH_LIST_METHODS


class _Body:
    """The binding sites and list uses of one function body."""

    def __init__(self, body: ast.Block):
        self.binds: list[tuple[str, object]] = []  # (name, source): an Expr, ("iter", Expr) or a fixed type
        self.poisoned: set[str] = set()  # bound some way this module does not follow
        self.list_values: dict[str, list[ast.Expr]] = {}  # pushed / stored values per list name
        self.escaped: set[str] = set()  # list names used in any other way
        self._visit(body)

    def _bind_other(self, names) -> None:
        self.poisoned.update(names)

    def _visit(self, node) -> None:
        t = type(node)
        if t is tuple:
            for item in node:
                self._visit(item)
            return
        if t not in _WATCHED:  # a node this pass has no rule for: its children
            if t not in LEAVES and isinstance(node, ast.Node):
                for child in iter_child_nodes(node):
                    self._visit(child)
            return
        if t in _NESTED_TYPES:
            # Any name a nested scope binds or even reads is left unknown here: a closure may
            # rebind it, and a lambda or comprehension variable would shadow it.
            for sub in walk(node):
                if isinstance(sub, ast.Name):
                    self.escaped.add(sub.id)
                    self.poisoned.add(sub.id)
                elif isinstance(sub, (ast.Param, ast.CapturePat)):
                    self.poisoned.add(sub.name)
                elif isinstance(sub, (ast.FuncDef, ast.ClassDef, ast.EnumDef, ast.TraitDef)):
                    self.poisoned.add(sub.name)
            return
        if t is ast.Let:
            if isinstance(node.target, ast.CapturePat) and node.value is not None:
                ann = annotation_type(node.type)
                self.binds.append((node.target.name, node.value if ann == UNKNOWN else ("ann", node.value, ann)))
            else:
                self._bind_other(bound_names(node.target))
            self._visit(node.value)
            return
        if t is ast.Assign:
            if isinstance(node.target, ast.Name):
                name = node.target.id
                if node.op is None:
                    self.binds.append((name, node.value))
                else:
                    op = node.op
                    self.binds.append((name, ast.Binary(node.span, op, node.target, node.value)
                                       if op in ("+", "-", "*", "/", "%") else UNKNOWN))
            elif isinstance(node.target, ast.Index) and isinstance(node.target.value, ast.Name):
                self.list_values.setdefault(node.target.value.id, []).append(node.value)
                self._visit(node.target.index)
            else:
                self._bind_other(n for n in _target_names(node.target))
                self._visit(node.target)
            self._visit(node.value)
            return
        if t is ast.For:
            if isinstance(node.target, ast.CapturePat) and not node.enumerate:
                self.binds.append((node.target.name, ("iter", node.iter)))
            else:
                self._bind_other(bound_names(node.target))
            if isinstance(node.iter, ast.Name):  # `for x in xs` is a read of xs
                pass
            else:
                self._visit(node.iter)
            self._visit(node.body)
            return
        if t is ast.Name:
            self.escaped.add(node.id)
            return
        if t is ast.LetCond or t is ast.MatchArm:
            self._bind_other(bound_names(node.pattern))
        elif t is ast.WithItem and node.name:
            self._bind_other([node.name])
        elif t is ast.ExternFn or t is ast.TypeAlias:
            self._bind_other([node.name])
        if t is ast.Call and type(node.func) is ast.Attribute and type(node.func.value) is ast.Name:
            name, method = node.func.value.id, node.func.name
            if method == "push" and len(node.args) == 1 and node.args[0].name is None and not node.func.safe:
                self.list_values.setdefault(name, []).append(node.args[0].value)
                self._visit(node.args[0].value)
                return
            if method in _LIST_READS and not node.func.safe:
                self._visit(node.args)
                return
        if t is ast.Index and type(node.value) is ast.Name:
            self._visit(node.index)
            return
        for child in iter_child_nodes(node):
            self._visit(child)


def _target_names(target) -> list[str]:
    if isinstance(target, ast.Name):
        return [target.id]
    if isinstance(target, (ast.TupleLit, ast.ListLit)):
        return [n for item in target.items for n in _target_names(item)]
    return []


def _iter_type(e: ast.Expr, env: dict, classes: dict) -> str | None:
    if isinstance(e, ast.Range) and e.start is not None and e.end is not None:
        a, b = expr_type(e.start, env, classes), expr_type(e.end, env, classes)
        if a is None or b is None:
            return None
        if a in INTS and b in INTS:
            return "nat" if a == "nat" else "int"
        return UNKNOWN
    t = expr_type(e, env, classes)
    if t is None:
        return None
    if is_list(t):
        return elem(t) or None
    return "text" if t == "text" else UNKNOWN


def _source_type(source, env: dict, classes: dict) -> str | None:
    if isinstance(source, str):
        return source
    if isinstance(source, tuple) and source[0] == "iter":
        return _iter_type(source[1], env, classes)
    if isinstance(source, tuple) and source[0] == "ann":
        t = expr_type(source[1], env, classes)
        return t if t is not None and t != UNKNOWN else source[2]
    return expr_type(source, env, classes)


def local_types(params, body: ast.Block, locals_: set[str], classes: dict = NO_CLASSES) -> dict[str, str]:
    """Types of the locals of one function (params included); only known ones are returned.
    ``classes``: the class names the function sees (none of its locals)."""
    info = _Body(tuple(body))
    fixed = {p.name: (UNKNOWN if p.variadic or p.default is not None else annotation_type(p.type)) for p in params}
    bottom = {name: None for name, _ in info.binds if name not in fixed}
    env: dict[str, str | None] = {**bottom, **fixed}
    for _ in range(20):
        new = {**bottom, **fixed}
        for name, source in info.binds:  # a parameter assigned in the body joins those values too
            new[name] = join(new.get(name), _source_type(source, env, classes))
        for name, t in list(new.items()):
            if is_list(t):
                # A list keeps element types only if it does not escape and is only bound fresh lists.
                fresh = all(_is_fresh_list(s) for n, s in info.binds if n == name and not isinstance(s, (str, tuple)))
                if name in info.escaped or not fresh or any(n == name and isinstance(s, tuple) for n, s in info.binds):
                    new[name] = "list/" + UNKNOWN
                    continue
                e = elem(t) or None
                for v in info.list_values.get(name, ()):
                    e = join(e, _scalar(expr_type(v, env, classes)))
                new[name] = "list/" + (e or "")
        if new == env:
            break
        env = new
    else:
        return {}
    known = {}
    for name, t in env.items():
        if name in info.poisoned or name not in locals_ or t is None or t == UNKNOWN:
            continue
        if is_list(t) and not elem(t):
            t = "list/" + UNKNOWN  # a list nothing was ever put in
        known[name] = t
    return known
