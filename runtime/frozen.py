"""``freeze(x)``: read-only snapshots of lists and dicts (upstream's frozen collections).

A frozen list/dict compares, indexes and iterates like the original and keeps every method that
builds a new value (``map``, ``filter``, ``keys``, ...); a method or operation that would change
it in place is a panic naming the operation.
"""

from __future__ import annotations

from runtime.errors import PanicError


def _refuse(kind: str, op: str):
    def method(self, *args, **kwargs):
        raise PanicError(f"cannot {op} a frozen {kind}")

    method.__name__ = op
    return method


LIST_MUTATORS = ("append", "extend", "insert", "pop", "remove", "clear", "sort", "reverse")
DICT_MUTATORS = ("pop", "popitem", "clear", "update", "setdefault")
OPERATORS = ("__setitem__", "__delitem__", "__iadd__", "__imul__", "__ior__")


class FrozenList(list):
    __slots__ = ()

    def __hash__(self):
        return hash(tuple(self))


class FrozenDict(dict):
    __slots__ = ()

    def __hash__(self):
        return hash(tuple(self.items()))


for _cls, _kind, _names in ((FrozenList, "list", LIST_MUTATORS), (FrozenDict, "dict", DICT_MUTATORS)):
    for _name in _names + OPERATORS:
        if hasattr(_cls, _name):
            setattr(_cls, _name, _refuse(_kind, _name.strip("_")))


def freeze(value):
    """A frozen copy of a list or dict (frozen values and other values are returned as they are)."""
    if type(value) is FrozenList or type(value) is FrozenDict:
        return value
    if isinstance(value, list):
        return FrozenList(value)
    if isinstance(value, dict):
        return FrozenDict(value)
    return value


def unfreeze(value):
    """A mutable copy of a frozen list or dict (other values are returned as they are)."""
    if isinstance(value, FrozenList):
        return list(value)
    if isinstance(value, FrozenDict):
        return dict(value)
    return value
