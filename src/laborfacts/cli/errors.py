"""How every command ends when something outside it fails: a signal, a closed
pipe, an output that cannot be written. One line on stderr, a documented exit
code, never a traceback.

Exit codes shared by every command: 130 interrupted (SIGINT), 129 hung up
(SIGHUP), 143 terminated (SIGTERM), 141 output pipe closed (quietly, as the
shell's own tools do), 1 an output could not be written.
"""

from __future__ import annotations

import io
import os
import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType
from typing import Any

import typer

from laborfacts.export import discard_partial_files
from laborfacts.reading import printable

SIGNALS_HELP = (
    "130 interrupted (Ctrl-C, SIGINT); 129 hung up (SIGHUP); 141 output pipe closed; "
    "143 terminated (SIGTERM)."
)
EXIT_PIPE = 128 + 13  # SIGPIPE


class Interrupted(BaseException):
    """A signal asked the run to stop; a BaseException so no ``except Exception`` hides it."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def say(text: str) -> None:
    """One line on stderr; a closed stderr is ignored (there is nowhere left to say it)."""
    try:
        sys.stderr.write(printable(text) + "\n")
        sys.stderr.flush()
    except (OSError, ValueError):
        pass


@contextmanager
def signals_raise() -> Iterator[None]:
    """Turn SIGINT, SIGTERM and SIGHUP into ``Interrupted`` so cleanup code runs.

    After the first signal, repeats are ignored so cleanup is not cut short.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    wanted: list[int] = [signal.SIGINT, signal.SIGTERM]
    if hasattr(signal, "SIGHUP"):
        wanted.append(signal.SIGHUP)
    previous: dict[int, Any] = {}

    def handler(signum: int, frame: FrameType | None) -> None:
        for sig in previous:
            signal.signal(sig, signal.SIG_IGN)
        raise Interrupted(signum)

    try:
        for sig in wanted:
            previous[sig] = signal.signal(sig, handler)
        yield
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)


def silence_stdout() -> None:
    # Python docs, "Note on SIGPIPE": point stdout at devnull so the flush at
    # exit does not fail a second time.
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, io.UnsupportedOperation):
        pass


def _stdout_is(exc: OSError) -> bool:
    """Did ``exc`` come from standard output (a write error carries no file name)?"""
    return exc.filename is None


@contextmanager
def command_errors() -> Iterator[None]:
    """Run a command's work: signals, a closed pipe and unwritable outputs end
    it with one line on stderr and their exit code (see the module docstring).

    Standard output is flushed inside, so a full disk or ``/dev/full`` is
    reported here rather than by the interpreter at exit.
    """
    try:
        with signals_raise():
            yield
            sys.stdout.flush()
    except (Interrupted, KeyboardInterrupt) as exc:
        signum = exc.signum if isinstance(exc, Interrupted) else signal.SIGINT
        name = signal.Signals(signum).name
        discard_partial_files()
        say(f"laborfacts: interrupted ({name}); files being written were discarded")
        raise typer.Exit(128 + signum) from None
    except BrokenPipeError:
        silence_stdout()
        raise typer.Exit(EXIT_PIPE) from None
    except OSError as exc:
        where = "standard output" if _stdout_is(exc) else printable(str(exc.filename))
        if _stdout_is(exc):
            silence_stdout()
        say(f"laborfacts: cannot write {where}: {(exc.strerror or str(exc)).lower()}")
        raise typer.Exit(1) from None


def refuse_input_as_output(clash: str | None, option: str) -> None:
    """Exit 2 (a usage error) when an output would overwrite an input."""
    if clash is not None:
        say(f"error: {option}: {printable(clash)} is one of the inputs; it would be overwritten")
        raise typer.Exit(2)
