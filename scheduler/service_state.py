"""The service's own memory, kept in three small tables of the store's SQLite file.

- ``service_files``: what the poll saw of each inbox file (size, mtime) and
  what became of it: ``seen`` (waiting to be stable), ``ingested``, ``failed``
  (with the reason, so a bad file is logged once and skipped until it changes).
- ``service_digests``: the digest slots the service has written — this is the
  "digest history" that catch-up looks at (like systemd's timer stamp file).
- ``service_kv``: last poll and last digest results, as JSON.

Nothing here is pickled and nothing belongs to APScheduler: restarting with a
fresh scheduler loses no state.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

SCHEMA = """
CREATE TABLE IF NOT EXISTS service_kv (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS service_files (
    path     TEXT PRIMARY KEY,
    size     INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    status   TEXT NOT NULL CHECK (status IN ('seen', 'ingested', 'failed')),
    reason   TEXT
);
CREATE TABLE IF NOT EXISTS service_digests (
    day        TEXT PRIMARY KEY,
    slot       TEXT NOT NULL,
    written_at TEXT NOT NULL,
    catch_up   INTEGER NOT NULL
);
"""


@dataclass(frozen=True)
class FileRecord:
    """What the service last knew about one inbox file.

    Example: FileRecord("inbox/停水通知.txt", 812, 1714000000000000000, "ingested", None).
    """

    path: str
    size: int
    mtime_ns: int
    status: str
    reason: str | None = None


@dataclass(frozen=True)
class DigestSlot:
    """One digest the service wrote: the day, its slot time, when it was written.

    Example: DigestSlot(date(2024, 5, 8), 2024-05-08T07:00+08:00, 2024-05-08T07:00:02+08:00, False).
    """

    day: date
    slot: datetime
    written_at: datetime
    catch_up: bool


class ServiceState:
    """Access to the service tables in the store's database file.

    Example: ServiceState(Path("state/notices.sqlite3")).digest_days() → {date(2024, 5, 8)}.
    """

    def __init__(self, db_path: Path) -> None:
        db_path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._db = sqlite3.connect(db_path, timeout=30, check_same_thread=False)
        with self._lock, self._db:
            self._db.executescript(SCHEMA)

    def close(self) -> None:
        with self._lock:
            self._db.close()

    # --- key/value results

    def get(self, key: str) -> Any | None:
        """The JSON value stored under ``key``, or None."""
        with self._lock:
            row = self._db.execute("SELECT value FROM service_kv WHERE key = ?", (key,)).fetchone()
        return json.loads(row[0]) if row else None

    def put(self, key: str, value: Any) -> None:
        """Store a JSON-able value under ``key``."""
        text = json.dumps(value, ensure_ascii=False, sort_keys=True)
        with self._lock, self._db:
            self._db.execute(
                "INSERT INTO service_kv(key, value) VALUES (?, ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (key, text),
            )

    # --- inbox files

    def files(self) -> dict[str, FileRecord]:
        """Every file record, by path."""
        with self._lock:
            rows = self._db.execute(
                "SELECT path, size, mtime_ns, status, reason FROM service_files"
            ).fetchall()
        return {row[0]: FileRecord(*row) for row in rows}

    def put_file(self, record: FileRecord) -> None:
        with self._lock, self._db:
            self._db.execute(
                "INSERT INTO service_files(path, size, mtime_ns, status, reason) "
                "VALUES (?, ?, ?, ?, ?) ON CONFLICT(path) DO UPDATE SET size = excluded.size, "
                "mtime_ns = excluded.mtime_ns, status = excluded.status, reason = excluded.reason",
                (record.path, record.size, record.mtime_ns, record.status, record.reason),
            )

    def forget_files(self, paths: Iterable[str]) -> None:
        """Drop records of files no longer in the inbox."""
        with self._lock, self._db:
            self._db.executemany("DELETE FROM service_files WHERE path = ?", [(p,) for p in paths])

    # --- digest history

    def digest_days(self) -> set[date]:
        """Days whose digest slot the service has written."""
        with self._lock:
            rows = self._db.execute("SELECT day FROM service_digests").fetchall()
        return {date.fromisoformat(row[0]) for row in rows}

    def last_digest(self) -> DigestSlot | None:
        """The most recent digest slot written, or None if there is no history."""
        with self._lock:
            row = self._db.execute(
                "SELECT day, slot, written_at, catch_up FROM service_digests "
                "ORDER BY day DESC LIMIT 1"
            ).fetchone()
        if row is None:
            return None
        return DigestSlot(
            date.fromisoformat(row[0]),
            datetime.fromisoformat(row[1]),
            datetime.fromisoformat(row[2]),
            bool(row[3]),
        )

    def record_digest(self, slot: DigestSlot) -> None:
        with self._lock, self._db:
            self._db.execute(
                "INSERT OR REPLACE INTO service_digests(day, slot, written_at, catch_up) "
                "VALUES (?, ?, ?, ?)",
                (slot.day.isoformat(), slot.slot.isoformat(), slot.written_at.isoformat(),
                 int(slot.catch_up)),
            )
