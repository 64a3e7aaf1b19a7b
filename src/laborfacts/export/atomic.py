"""Files written atomically: to a temporary file beside the target, renamed into place.

A reader never sees half a file, and an interrupted run leaves the previous
file intact and no temporary file behind (``discard_partial_files`` on a
signal and at exit; ``remove_stale_partials`` for a run that was killed).
"""

from __future__ import annotations

import atexit
import os
import re
import secrets
import stat
import time
from pathlib import Path
from typing import IO, Any


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


# Temporary files being written. A name is listed before the file is created,
# so an interruption at any moment (a signal handler may raise between any two
# steps, whatever the thread's signal mask) finds every file it could leave
# behind listed; ``discard_partial_files`` (the CLI, on a signal) and an exit
# hook remove them.
_PARTIAL: set[str] = set()


# Temporary names this module gives: ``.<target name>.<hex>.tmp``, the hex
# being the writer's pid (8 digits) and 8 random ones.
_PARTIAL_NAME = re.compile(r"\.(?P<target>.+)\.(?P<pid>[0-9a-f]{8})?[0-9a-f]{8}\.tmp")
# A temporary file of ours is stale, left by a run that was killed (SIGKILL,
# power loss), when its writer is no longer running and nothing has written to
# it for this long (the age also covers a writer in another pid namespace).
STALE_SECONDS = 60
_CLEANED: set[str] = set()


def _create_partial(target: Path) -> tuple[int, str]:
    """Create a new private temporary file beside ``target``: (fd, path)."""
    for _ in range(100):
        tmp = os.path.join(
            target.parent, f".{target.name}.{os.getpid():08x}{secrets.token_hex(4)}.tmp"
        )
        _PARTIAL.add(tmp)
        try:
            return os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), tmp
        except FileExistsError:
            _PARTIAL.discard(tmp)
    raise FileExistsError(f"no free temporary name beside {target}")


def remove_stale_partials(folder: Path, now: float | None = None) -> list[str]:
    """Remove temporary files of our own naming left in ``folder`` by a killed run.

    Only regular files named like ours (``.<name>.<hex>.tmp``), not modified
    for ``STALE_SECONDS``, whose writer (the pid in the name) is not running:
    a run writing into the same folder at the same time keeps its file, even
    while it has nothing to write for a long time. Returns the names removed;
    a file that cannot be removed is left alone.
    """
    now = time.time() if now is None else now
    removed: list[str] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        m = _PARTIAL_NAME.fullmatch(entry.name)
        if m is None or entry.path in _PARTIAL or (m["pid"] and _running(int(m["pid"], 16))):
            continue
        try:
            st = entry.stat(follow_symlinks=False)
            if stat.S_ISREG(st.st_mode) and now - st.st_mtime > STALE_SECONDS:
                os.unlink(entry.path)
                removed.append(entry.name)
        except OSError:
            continue
    return removed


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # it exists, owned by someone else
    return True


def discard_partial_files() -> None:
    """Remove every temporary file still being written (after an interruption)."""
    for tmp in list(_PARTIAL):
        _PARTIAL.discard(tmp)
        try:
            os.unlink(tmp)
        except OSError:
            pass


atexit.register(discard_partial_files)


class OutputError(OSError):
    """An output that cannot be written; ``filename`` is the path the user named."""


def _named(exc: OSError, target: Path) -> OutputError:
    # The temporary name is ours, not the user's: report the target instead.
    reason = (exc.strerror or str(exc)).lower()
    return OutputError(exc.errno or 0, reason, str(target))


def same_file(a: os.stat_result, b: os.stat_result) -> bool:
    return (a.st_dev, a.st_ino) == (b.st_dev, b.st_ino)


def resolve_target(path: str | Path) -> Path:
    """Where writing to ``path`` really goes: a symlink's final target (so the
    link stays a link), else ``path`` itself."""
    target = Path(path)
    if target.is_symlink():
        return Path(os.path.realpath(target))
    return target


class atomic_writer:  # named like open(), which it stands in for
    """Open a UTF-8 text file that appears at ``path`` only when complete.

    On any exception (including KeyboardInterrupt) the temporary file is
    removed and ``path`` is left as it was. The atomic rename is for regular
    files only: a symlink is written through, to its target (atomically
    there); a device or named pipe (``/dev/null``, ``/dev/stdout``, a FIFO) is
    written directly, since replacing it with a file would destroy it.
    Errors are ``OutputError`` naming ``path`` as given.
    """

    _binary = False

    def __init__(self, path: str | Path, newline: str | None = None, *, fsync: bool = True):
        self.path = Path(path)
        self.target = resolve_target(path)
        self.newline = newline
        self.fsync = fsync
        self._tmp: str | None = None
        self._fh: IO[Any] | None = None

    def __enter__(self) -> IO[str]:
        return self._enter()

    def _enter(self) -> IO[Any]:
        try:
            return self._open()
        except OutputError:
            raise
        except OSError as exc:
            raise _named(exc, self.path) from exc

    def _open(self) -> IO[Any]:
        try:
            st: os.stat_result | None = os.stat(self.target)
        except FileNotFoundError:
            st = None
        if st is not None and stat.S_ISDIR(st.st_mode):
            raise IsADirectoryError(21, "is a folder", str(self.path))
        if st is not None and not stat.S_ISREG(st.st_mode):
            # A device, FIFO or socket: written in place, never replaced.
            if self._binary:
                self._fh = open(self.target, "wb")  # noqa: SIM115 - closed in __exit__
            else:
                self._fh = open(  # noqa: SIM115 - closed in __exit__
                    self.target, "w", encoding="utf-8", newline=self.newline
                )
            return self._fh
        self.target.parent.mkdir(parents=True, exist_ok=True)
        folder = os.path.abspath(self.target.parent)
        if folder not in _CLEANED:  # once per folder, not once per file of an --out-dir
            _CLEANED.add(folder)
            remove_stale_partials(Path(folder))
        fd, tmp = _create_partial(self.target)
        self._tmp = tmp
        try:
            # the file is made private; give it the mode a plain open() would.
            mode = st.st_mode & 0o777 if st is not None else 0o666 & ~_umask()
            os.fchmod(fd, mode)
            if self._binary:
                self._fh = os.fdopen(fd, "wb")
            else:
                self._fh = os.fdopen(fd, "w", encoding="utf-8", newline=self.newline)
        except BaseException:
            if self._fh is None:
                os.close(fd)
            self._discard()
            raise
        return self._fh

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: object
    ) -> None:
        if exc_type is not None:
            self._discard()
            if isinstance(exc, OSError) and not isinstance(exc, (OutputError, BrokenPipeError)):
                # A write into our temporary file failed: name the file the user named.
                raise _named(exc, self.path) from exc
            return
        assert self._fh is not None
        try:
            if self._tmp is None:
                self._fh.close()
                return
            self._fh.flush()
            if self.fsync:
                os.fsync(self._fh.fileno())
            self._fh.close()
            os.replace(self._tmp, self.target)
            _PARTIAL.discard(self._tmp)
        except OSError as exc:
            self._discard()
            raise _named(exc, self.path) from exc
        except BaseException:
            self._discard()
            raise

    def _discard(self) -> None:
        if self._fh is not None:
            try:
                self._fh.close()
            except OSError:
                pass
        if self._tmp is not None:
            _PARTIAL.discard(self._tmp)
            try:
                os.unlink(self._tmp)
            except OSError:
                pass


class atomic_binary_writer(atomic_writer):
    """``atomic_writer`` for a binary file (Parquet), with the same target
    handling: written through a symlink, a device or FIFO written in place,
    errors naming the path given."""

    _binary = True

    def __enter__(self) -> IO[bytes]:  # type: ignore[override]
        return self._enter()
