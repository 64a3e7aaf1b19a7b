"""Inputs a worker process can open: standard input and pipes copied to
temporary files, and the checks of what a file is."""

from __future__ import annotations

import dataclasses
import os
import stat
import tempfile
from typing import IO

from laborfacts.reading import STDIN, Source

_BLOCK = 1 << 20


def spooled(source: Source, spools: Spools) -> Source:
    try:
        with open(source.path, "rb") as fh:
            path = spools.spool(fh)
    except OSError:
        return source  # the worker reports it as the serial path does
    return dataclasses.replace(source, path=path or source.path)


def size(path: str) -> int:
    """Bytes of a regular file (at least its characters in UTF-8), else 0."""
    if path == STDIN:
        return 0
    try:
        st = os.stat(path)
    except OSError:
        return 0
    return st.st_size if stat.S_ISREG(st.st_mode) else 0


def fifo(path: str) -> bool:
    try:
        return stat.S_ISFIFO(os.stat(path).st_mode)
    except OSError:
        return False


def regular(path: str) -> bool:
    """False for what a folder search must not open (a FIFO would block)."""
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except OSError:
        return True  # let the reader report it as the serial path does


class Spools:
    """Standard input copied to a temporary file, so a worker can read it."""

    def __init__(self) -> None:
        self.paths: list[str] = []

    def spool(self, stdin: IO[bytes] | None) -> str | None:
        if stdin is None:
            return None
        fd, path = tempfile.mkstemp(prefix="laborfacts-stdin-")
        self.paths.append(path)
        with os.fdopen(fd, "wb") as fh:
            while block := stdin.read(_BLOCK):
                fh.write(block)
        return path

    def __enter__(self) -> Spools:
        return self

    def __exit__(self, *exc: object) -> None:
        for path in self.paths:
            try:
                os.unlink(path)
            except OSError:
                pass
