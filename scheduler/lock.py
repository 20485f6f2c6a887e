"""One service instance per store: an ``flock`` on a lock file beside the store.

The lock belongs to the open file, so the kernel drops it when the process
dies for any reason, ``kill -9`` included; a lock file left on disk by a dead
process is therefore never "stale" — the next start simply takes the lock.
The file is never deleted (deleting it would let two processes lock two
different files of the same name); it holds the owner's pid for messages.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path
from types import TracebackType


class LockHeld(RuntimeError):
    """Another live process holds the store's lock."""


def lock_path_for(store: Path) -> Path:
    """The lock file that guards ``store``.

    Example: lock_path_for(Path("state/notices.sqlite3")) → state/notices.sqlite3.lock.
    """
    return store.with_name(store.name + ".lock")


class InstanceLock:
    """Exclusive, non-blocking lock on a store; use as a context manager.

    Example: with InstanceLock(Path("state/notices.sqlite3")): run the 停水通知 poll.
    """

    def __init__(self, store: Path) -> None:
        self.path = lock_path_for(store)
        self._fd: int | None = None

    def acquire(self) -> None:
        """Take the lock or raise ``LockHeld`` naming the holder's pid."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _read_pid(fd)
            os.close(fd)
            who = f"process {holder}" if holder else "another process"
            raise LockHeld(
                f"{self.path}: store is in use by {who}; "
                "only one notices service may run per store"
            ) from None
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        self._fd = fd

    def release(self) -> None:
        """Drop the lock (the file stays; see the module notes)."""
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def __enter__(self) -> "InstanceLock":
        self.acquire()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.release()


def _read_pid(fd: int) -> int | None:
    try:
        text = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
    except OSError:
        return None
    return int(text) if text.isdigit() else None
