"""spl2py: compile Simple (.spl) programs to Python."""

__version__ = "0.1.0"
