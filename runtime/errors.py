"""Errors raised at run time by generated code and the runtime, reported in .spl terms by the driver."""


class SimpleError(Exception):
    """Base of every Simple-level runtime error."""


class PanicError(SimpleError):
    """``panic(msg)`` and failed ``assert``."""


class MatchError(SimpleError):
    """A ``match`` where no arm applies."""


class ExternError(SimpleError):
    """An extern failed: bad handle, shape or dtype mismatch, missing CUDA, unknown name."""

    def __init__(self, extern: str, message: str):
        self.extern = extern
        super().__init__(f"{extern}: {message}")
