"""Why an input cannot be read: the exception and its one-line reasons."""

from __future__ import annotations


class UnreadableInput(Exception):
    """An input that cannot be turned into text; the message says why in one line."""


def os_reason(exc: OSError) -> str:
    if isinstance(exc, PermissionError):
        return "permission denied"
    if isinstance(exc, IsADirectoryError):
        return "is a folder"
    if isinstance(exc, FileNotFoundError):
        return "no such file (or a broken link)"
    return (exc.strerror or type(exc).__name__).lower()
