"""Compile, run, build, cache, diagnostics rendering."""
