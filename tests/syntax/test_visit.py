"""AST traversal utilities: generic walking, visitors, transformers, bound names."""

from spl2py.syntax import ast, parse
from spl2py.syntax.visit import NodeTransformer, NodeVisitor, assigned_names, bound_names, iter_fields, walk

SRC = """fn f(a):
    val (x, Some(y)) = a
    for i in 0..3:
        print x + y + i
"""


def test_walk_reaches_every_name_in_order():
    module = parse(SRC, "t.spl")
    names = [n.id for n in walk(module.body) if isinstance(n, ast.Name)]
    assert names == ["a", "print", "x", "y", "i"]


def test_iter_fields_skips_span():
    module = parse("val x = 1\n", "t.spl")
    assert [name for name, _ in iter_fields(module.body[0])] == ["kind", "target", "type", "value"]


def test_visitor_dispatches_on_class_name():
    seen = []

    class Ints(NodeVisitor):
        def visit_Int(self, node):
            seen.append(node.value)

    Ints().visit(parse("val x = [1, 2 + 3]\n", "t.spl").body)
    assert seen == [1, 2, 3]


def test_transformer_rebuilds_only_changed_nodes():
    module = parse("val x = 1 + y\nval z = 2\n", "t.spl")

    class Double(NodeTransformer):
        def visit_Int(self, node):
            return ast.Int(node.span, node.value * 2)

    new_body = Double().visit(module.body)
    assert new_body[0].value.left.value == 2 and new_body[1].value.value == 4
    assert new_body[0].value.right is module.body[0].value.right


def test_bound_names_covers_every_pattern_kind():
    let = parse("val (a, Some(b), {c, d: e}) = v\n", "t.spl").body[0]
    assert bound_names(let.target) == ["a", "b", "c", "e"]
    assert bound_names(None) == []


def test_assigned_names_only_plain_names():
    stmt = parse("(a, b) = (1, 2)\n", "t.spl").body[0]
    assert assigned_names(stmt.target) == ["a", "b"]
    assert assigned_names(parse("p.x = 1\n", "t.spl").body[0].target) == []
