"""Copies of the store: ``notices backup PATH`` and ``notices restore PATH``.

Both use SQLite's online backup API (``sqlite3.Connection.backup``), which
copies a consistent snapshot page by page even while the service writes, and
includes what is still only in the ``-wal`` file.

- ``backup_store`` reads the store read-only (it never creates one), writes
  the copy to a temporary name beside the target, checks the copy with
  ``PRAGMA quick_check`` and renames it into place.
- ``restore_store`` checks the backup first (whole, not from a newer
  version), copies it to a temporary file beside the store, keeps the store
  it replaces as ``<store>.before-restore`` (with its ``-wal``), and renames
  the copy into place.  The caller holds the instance lock: no service may
  be running on the store meanwhile.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from scheduler.store.check import check_store, connect_readonly
from scheduler.store.schema import StoreError


@dataclass(frozen=True)
class CopyResult:
    """What a backup or restore wrote: the file, its schema version and notice count.

    ``previous`` is where a restore put the store it replaced (None for a backup
    or when there was no store).

    Example: CopyResult(Path("/backup/notices-2024-05-08.sqlite3"), version=2, notices=909, previous=None).
    """

    path: Path
    version: int
    notices: int
    previous: Path | None = None


def backup_store(store: Path, target: Path) -> CopyResult:
    """Copy the store to ``target`` (a file path; an existing file is replaced).

    Example: backup_store(Path("state/notices.sqlite3"), Path("/backup/notices.sqlite3"))
    → CopyResult(/backup/notices.sqlite3, version=2, notices=2) with 第70期“热线问政” inside.
    """
    if _same_file(store, target):
        raise StoreError(f"{target}: that is the store itself; choose another file")
    verdict = check_store(store)
    if not verdict.ok:
        raise StoreError(f"cannot back up: {verdict.message()}")
    source = connect_readonly(store)
    try:
        temp = _copy_to_temp(source, target)
    finally:
        source.close()
    version, notices = _verify(temp)
    _install(temp, target)
    return CopyResult(target, version, notices)


def restore_store(backup: Path, store: Path) -> CopyResult:
    """Replace the store with the contents of ``backup`` (call with the instance lock held).

    Example: restore_store(Path("/backup/notices.sqlite3"), Path("state/notices.sqlite3"))
    → CopyResult(state/notices.sqlite3, version=2, notices=909, previous=state/notices.sqlite3.before-restore).
    """
    if _same_file(store, backup):
        raise StoreError(f"{backup}: that is the store itself")
    verdict = check_store(backup)
    if not verdict.ok:
        raise StoreError(f"cannot restore from {verdict.message()}")
    store.parent.mkdir(parents=True, exist_ok=True)
    source = connect_readonly(backup)
    try:
        temp = _copy_to_temp(source, store)
    finally:
        source.close()
    version, notices = _verify(temp)
    previous = _set_aside(store)
    _install(temp, store)
    return CopyResult(store, version, notices, previous)


def _copy_to_temp(source: sqlite3.Connection, target: Path) -> Path:
    """Online-backup ``source`` into a fresh temporary file beside ``target``."""
    temp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    temp.unlink(missing_ok=True)
    copy = sqlite3.connect(str(temp))
    try:
        source.backup(copy)
        copy.execute("PRAGMA journal_mode = DELETE")  # a single self-contained file
    except BaseException:
        copy.close()
        temp.unlink(missing_ok=True)
        raise
    copy.close()
    return temp


def _verify(temp: Path) -> tuple[int, int]:
    """Check a fresh copy: (schema version, notice count); a bad copy is deleted."""
    verdict = check_store(temp)
    if not verdict.ok:
        temp.unlink(missing_ok=True)
        raise StoreError(f"the copy failed its check: {verdict.message()}")
    connection = connect_readonly(temp)
    try:
        (notices,) = connection.execute("SELECT COUNT(*) FROM notices").fetchone()
    finally:
        connection.close()
    return verdict.version or 0, int(notices)


def _install(temp: Path, target: Path) -> None:
    """Rename the checked copy into place."""
    os.replace(temp, target)
    for suffix in ("-wal", "-shm"):
        # A stale -wal beside the new file would be replayed into it.
        Path(f"{target}{suffix}").unlink(missing_ok=True)


def _set_aside(store: Path) -> Path | None:
    """Move the store (and its -wal, -shm) to ``<store>.before-restore``; None if there is none."""
    if not store.exists():
        return None
    aside = store.with_name(f"{store.name}.before-restore")
    os.replace(store, aside)
    for suffix in ("-wal", "-shm"):
        companion = Path(f"{store}{suffix}")
        if companion.exists():
            os.replace(companion, Path(f"{aside}{suffix}"))
        else:
            Path(f"{aside}{suffix}").unlink(missing_ok=True)
    return aside


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return False
