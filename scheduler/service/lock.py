"""One service instance per store: an ``flock`` on a lock file beside the store.

The lock belongs to the open file, so the kernel drops it when the process
dies for any reason, ``kill -9`` included; a lock file left on disk by a dead
process is therefore never "stale" — the next start simply takes the lock.
The file is never deleted (deleting it would let two processes lock two
different files of the same name); it holds the owner's pid for messages.

Read-only commands (``notices status``) only *probe* the lock: they open an
existing lock file read-only and never create it, so running them as root
before the service's first start leaves no root-owned file behind.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path
from types import TracebackType


class LockHeld(RuntimeError):
    """Another live process holds the store's lock."""


class LockUnavailable(RuntimeError):
    """The lock file cannot be created or opened (permissions, read-only disk); one-line message.

    Example: LockUnavailable("state/notices.sqlite3.lock: permission denied (owned by root, …)").
    """


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
        """Take the lock or raise ``LockHeld`` naming the holder's pid.

        Raises ``LockUnavailable`` when the lock file cannot be created or
        opened (e.g. it was created by root and the service runs as its own user).
        """
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            raise LockUnavailable(_unavailable(self.path, exc)) from None
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

    def probe(self) -> bool:
        """Is the lock held by some process right now?  Creates nothing, changes nothing.

        Example: InstanceLock(Path("state/notices.sqlite3")).probe() → True while `notices serve` runs.
        """
        try:
            fd = os.open(self.path, os.O_RDONLY)
        except FileNotFoundError:
            return False  # no service ever ran on this store
        except OSError:
            return False
        try:
            fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        finally:
            os.close(fd)  # closing drops our shared lock, if we got it
        return False

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


def _unavailable(path: Path, exc: OSError) -> str:
    """One line for a lock file that cannot be opened, with the likely cause."""
    reason = exc.strerror or str(exc)
    owner = ""
    try:
        import pwd

        owner_uid = path.stat().st_uid if path.exists() else path.parent.stat().st_uid
        if owner_uid != os.geteuid():
            owner = f" (owned by {pwd.getpwuid(owner_uid).pw_name}; this process runs as " \
                    f"{pwd.getpwuid(os.geteuid()).pw_name})"
    except (OSError, KeyError, ImportError):
        pass
    return f"{path}: cannot open the lock file: {reason}{owner}; fix the ownership of {path.parent}"


def _read_pid(fd: int) -> int | None:
    try:
        text = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
    except OSError:
        return None
    return int(text) if text.isdigit() else None
