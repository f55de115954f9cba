"""Simple AST -> Python ast.Module."""
