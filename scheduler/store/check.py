"""Is the store whole?  Checked before the service trusts it, without changing anything.

``check_store`` opens the file read-only and looks at, in order: that it
exists and is not empty, the SQLite header, ``PRAGMA quick_check``, the
schema version (not newer than this program) and every table and column
that version must have (``scheduler.store.schema.TABLES``).  ``quick_look``
is the cheap part of it (exists, non-empty, header), run before every poll.

Read-only opening never leaves a file another user could not open: the
owner of the store file reads it through an ordinary connection made
``query_only`` (SQLite's normal locking; the ``-wal``/``-shm`` files are its
own and go away when it closes); any other user (root running ``notices
status``) reads it ``mode=ro``, and ``immutable`` when no ``-wal`` file
exists, so not even SQLite's shared-memory file is created.  An immutable
read takes no lock: a write by the service at that very moment can make it
fail, and the command then says the store could not be read (run it again,
or as the service's user).
"""

from __future__ import annotations

import os
import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scheduler.store.schema import SCHEMA_VERSION, StoreError, current_version, table_problems

SQLITE_HEADER = b"SQLite format 3\x00"
_HEADER_BYTES = 20
OK, MISSING, EMPTY, DAMAGED, NEWER, UNREADABLE = "ok", "missing", "empty", "damaged", "newer", "unreadable"
_VEVENT = re.compile(rb"^BEGIN:VEVENT\r?$", re.MULTILINE)


@dataclass(frozen=True)
class StoreCheck:
    """The verdict on a store file.

    ``state`` is one of ``ok``, ``missing``, ``empty``, ``damaged``,
    ``newer`` (written by a newer program) and ``unreadable`` (permissions).

    Example: StoreCheck("state/notices.sqlite3", "damaged", "quick_check: database disk image is malformed").
    """

    path: str
    state: str
    detail: str = ""
    version: int | None = None
    journal_mode: str | None = None

    @property
    def ok(self) -> bool:
        return self.state == OK

    @property
    def absent(self) -> bool:
        """Missing or empty: nothing to lose by creating a fresh store — unless feeds were published."""
        return self.state in (MISSING, EMPTY)

    def message(self) -> str:
        """One line for the log, ``/healthz`` and the command line.

        Example: "state/notices.sqlite3: damaged (file is not a database)".
        """
        words = {
            OK: "ok", MISSING: "missing", EMPTY: "empty", DAMAGED: "damaged",
            NEWER: "written by a newer version", UNREADABLE: "unreadable",
        }[self.state]
        return f"{self.path}: {words}" + (f" ({self.detail})" if self.detail else "")


def connect_readonly(path: Path, **options: Any) -> sqlite3.Connection:
    """Open an existing SQLite file read-only, creating nothing another user could not open.

    Example: connect_readonly(Path("state/notices.sqlite3")).execute("SELECT COUNT(*) FROM notices").
    """
    try:
        owner = path.stat().st_uid
    except OSError:
        raise sqlite3.OperationalError(f"unable to open database file {path} (missing)") from None
    if owner == os.geteuid():
        connection: sqlite3.Connection = sqlite3.connect(
            f"{path.resolve().as_uri()}?mode=rw", uri=True, timeout=30, **options
        )
        connection.execute("PRAGMA query_only = ON")
        return connection
    query = "mode=ro"
    if not Path(f"{path}-wal").exists():
        query += "&immutable=1"  # not ours and nobody writing: do not create -shm
    readonly: sqlite3.Connection = sqlite3.connect(
        f"{path.resolve().as_uri()}?{query}", uri=True, timeout=30, **options
    )
    return readonly


def quick_look(path: Path) -> StoreCheck:
    """The cheap checks only: present, not empty, an SQLite header.

    Example: quick_look(Path("state/notices.sqlite3")) after ``: > state/notices.sqlite3`` →
    StoreCheck(..., "empty", "0 bytes").
    """
    shown = str(path)
    try:
        info = path.stat()
        if info.st_size == 0:
            return StoreCheck(shown, EMPTY, "0 bytes")
        with path.open("rb") as handle:
            header = handle.read(_HEADER_BYTES)
    except FileNotFoundError:
        return StoreCheck(shown, MISSING)
    except PermissionError:
        return StoreCheck(shown, UNREADABLE, "permission denied")
    except OSError as exc:
        return StoreCheck(shown, UNREADABLE, exc.strerror or str(exc))
    if header[: len(SQLITE_HEADER)] != SQLITE_HEADER:
        return StoreCheck(shown, DAMAGED, "not an SQLite database: bad header")
    # Bytes 18 and 19 are the file format versions: 2 means WAL, 1 rollback journal.
    journal = "wal" if header[18:20] == b"\x02\x02" else "delete"
    return StoreCheck(shown, OK, journal_mode=journal)


def check_store(path: Path) -> StoreCheck:
    """The full check (see the module notes); read-only, changes nothing.

    Example: check_store(Path("state/notices.sqlite3")) → StoreCheck(..., "ok", version=2, journal_mode="wal").
    """
    first = quick_look(path)
    if not first.ok:
        return first
    shown = str(path)
    try:
        db = connect_readonly(path)
    except sqlite3.Error as exc:
        return StoreCheck(shown, UNREADABLE, str(exc))
    try:
        rows = db.execute("PRAGMA quick_check").fetchall()
        if [tuple(r) for r in rows] != [("ok",)]:
            more = f" (+{len(rows) - 1} more)" if len(rows) > 1 else ""
            return StoreCheck(shown, DAMAGED, f"quick_check: {rows[0][0]}{more}")
        tables = db.execute("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'").fetchone()[0]
        if tables == 0:
            return StoreCheck(shown, EMPTY, "no tables")
        version = current_version(db)
        if version == 0:
            return StoreCheck(shown, DAMAGED, "no schema_version table")
        if version > SCHEMA_VERSION:
            return StoreCheck(shown, NEWER, f"schema {version}, this program knows {SCHEMA_VERSION}",
                              version=version)
        missing = table_problems(db, version)
        if missing:
            return StoreCheck(shown, DAMAGED, "; ".join(missing), version=version)
        return StoreCheck(shown, OK, version=version, journal_mode=first.journal_mode)
    except StoreError as exc:
        return StoreCheck(shown, DAMAGED, str(exc))
    except sqlite3.DatabaseError as exc:
        return StoreCheck(shown, DAMAGED, str(exc))
    finally:
        db.close()


def published_event_count(output: Path) -> int:
    """How many events ``output/feeds/all.ics`` holds now (0 when there is no such file).

    Example: published_event_count(Path("output")) → 909 for a busy city's feeds.
    """
    try:
        data = (output / "feeds" / "all.ics").read_bytes()
    except OSError:
        return 0
    return len(_VEVENT.findall(data))
