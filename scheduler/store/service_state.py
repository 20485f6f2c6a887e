"""The service's own memory, kept in three small tables of the store's SQLite file.

- ``service_files``: what the poll saw of each inbox file (size, mtime) and
  what became of it: ``seen`` (waiting to be stable), ``ingested``, ``failed``
  (with the reason, so a bad file is logged once and skipped until it
  changes; a file that ran past the time limit is ``failed`` too, i.e.
  quarantined), and ``gone_since`` once the file left the inbox (its notices
  are withdrawn when the grace period is over).
- ``service_digests``: the digest slots the service has written — this is the
  "digest history" that catch-up looks at (like systemd's timer stamp file).
- ``service_kv``: last poll and last digest results, the clock mark, what was
  reported to the log and when, and per ``[[sources]]`` URL its last fetch
  (``SourceRecord``), as JSON.

The tables belong to the store's schema (``scheduler.store.schema``, version
2), so they are versioned and checked with the rest.  Nothing here is pickled
and nothing belongs to APScheduler: restarting with a fresh scheduler loses
no state.
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

from scheduler.store.schema import StoreError, migrate


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
    gone_since: str | None = None


@dataclass(frozen=True)
class DigestSlot:
    """One digest the service wrote: the day, its slot time, when it was written.

    Example: DigestSlot(date(2024, 5, 8), 2024-05-08T07:00+08:00, 2024-05-08T07:00:02+08:00, False).
    """

    day: date
    slot: datetime
    written_at: datetime
    catch_up: bool


SOURCE_STATE_PREFIX = "source:"
"""``service_kv`` key prefix of what the poller knows about each ``[[sources]]`` URL."""


@dataclass(frozen=True)
class SourceRecord:
    """What the service last knew about one ``[[sources]]`` URL (``scheduler.inputs.poller`` writes it).

    ``status`` is ``fetched`` (a new answer was read), ``unchanged`` (304),
    ``failed`` (see ``error``) or None (never tried); ``items`` counts the
    items of the last answer read (feed items, or 1 for a page), and
    ``problem_items`` those of them with a problem (a teaser page that could
    not be read, an article that could not be ingested).

    Example: SourceRecord("http://127.0.0.1:8000/news/rss.xml", "2024-05-07T08:01:00+08:00",
    "2024-05-07T08:01:00+08:00", "unchanged", None, 3, 0).
    """

    url: str
    last_attempt: str | None = None
    last_ok: str | None = None
    status: str | None = None
    error: str | None = None
    items: int | None = None
    problem_items: int | None = None

    @classmethod
    def from_state(cls, url: str, value: Any) -> SourceRecord:
        """Read the stored JSON (records written before ``status`` and ``items`` existed lack them).

        Example: SourceRecord.from_state(url, {"last_attempt": "…", "error": "HTTP 404 Not Found"}).status → "failed".
        """
        data = value if isinstance(value, dict) else {}

        def text(key: str) -> str | None:
            item = data.get(key)
            return item if isinstance(item, str) else None

        def count(key: str) -> int | None:
            item = data.get(key)
            return item if isinstance(item, int) and not isinstance(item, bool) else None

        status = text("status")
        if status is None and text("last_attempt"):
            status = "failed" if text("error") else "fetched"
        return cls(url, text("last_attempt"), text("last_ok"), status, text("error"), count("items"),
                   count("problem_items"))


class ServiceState:
    """Access to the service tables in the store's database file.

    The file must exist (the service creates the store first, see
    ``scheduler.service.serve.open_runtime``); a missing file is a ``StoreError``,
    never silently a new empty database.

    The connection is opened on use and closed by ``release()`` after each
    tick, so between ticks the service holds the file not at all: SQLite's
    last close folds the ``-wal`` file back, and a store truncated or deleted
    between ticks is found by the next tick's check before anything writes
    to it (a connection kept open would write its pages back into the
    truncated file when closed).

    Example: ServiceState(Path("state/notices.sqlite3")).digest_days() → {date(2024, 5, 8)}.
    """

    def __init__(self, db_path: Path, *, connection: sqlite3.Connection | None = None) -> None:
        self._lock = threading.RLock()
        self._path = db_path
        self._persistent = connection is not None  # in-memory or read-only: never released
        if connection is None:
            connection = _connect_existing(db_path)
            try:
                migrate(connection, db_path)
            except sqlite3.DatabaseError as exc:
                connection.close()
                raise StoreError(f"{db_path}: not a usable store: {exc}") from None
            except BaseException:
                connection.close()
                raise
        self._conn: sqlite3.Connection | None = connection

    @property
    def _db(self) -> sqlite3.Connection:
        with self._lock:
            if self._conn is None:
                try:
                    self._conn = _connect_existing(self._path)
                except StoreError as exc:
                    raise sqlite3.OperationalError(str(exc)) from None
            return self._conn

    def release(self) -> None:
        """Close the file connection until the next use (no-op for in-memory and read-only states).

        Example: state.release() at the end of each poll of 收件箱.
        """
        with self._lock:
            if not self._persistent and self._conn is not None:
                self._conn.close()
                self._conn = None

    @classmethod
    def in_memory(cls) -> "ServiceState":
        """A throw-away state, for a service whose store is unusable (it still serves feeds).

        Example: ServiceState.in_memory().files() → {}.
        """
        connection = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
        migrate(connection, Path(":memory:"))
        return cls(Path(":memory:"), connection=connection)

    @classmethod
    def open_readonly(cls, db_path: Path) -> "ServiceState":
        """Read the state without creating or changing any file (``notices status``).

        Example: ServiceState.open_readonly(Path("state/notices.sqlite3")).get("last_poll") → {...}.
        """
        from scheduler.store.check import connect_readonly

        try:
            connection = connect_readonly(db_path, check_same_thread=False)
        except sqlite3.Error as exc:
            raise StoreError(f"{db_path}: cannot read the store: {exc}") from None
        return cls(db_path, connection=connection)

    def close(self) -> None:
        """Close the connection (a later use would open it again).

        Example: state.close() when the service stops.
        """
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None

    # --- key/value results

    def get(self, key: str) -> Any | None:
        """The JSON value stored under ``key``, or None.

        Example: state.get("last_poll") → {"at": "2024-05-08T07:00:00+08:00", "files": 3, …}.
        """
        with self._lock:
            try:
                row = self._db.execute("SELECT value FROM service_kv WHERE key = ?", (key,)).fetchone()
            except sqlite3.OperationalError as exc:
                if "no such table" in str(exc):
                    return None  # a version-1 store read by `status` before any service ran
                raise
        return json.loads(row[0]) if row else None

    def put(self, key: str, value: Any) -> None:
        """Store a JSON-able value under ``key``.

        Example: state.put("clock_mark", "2024-05-08T07:00:00+08:00").
        """
        text = json.dumps(value, ensure_ascii=False, sort_keys=True)
        with self._lock, self._db:
            self._db.execute(
                "INSERT INTO service_kv(key, value) VALUES (?, ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (key, text),
            )

    # --- inbox files

    def source(self, url: str) -> SourceRecord:
        """What the poller recorded about one source URL (an empty record if never tried).

        Example: state.source("http://127.0.0.1:8000/news/rss.xml").items → 3 (青石新闻网's three items).
        """
        return SourceRecord.from_state(url, self.get(SOURCE_STATE_PREFIX + url))

    def files(self) -> dict[str, FileRecord]:
        """Every file record, by path.

        Example: state.files()["inbox/停水通知.txt"].status → "ingested".
        """
        with self._lock:
            try:
                rows = self._db.execute(
                    "SELECT path, size, mtime_ns, status, reason, gone_since FROM service_files"
                ).fetchall()
            except sqlite3.OperationalError as exc:
                if "no such" in str(exc):
                    return {}  # read-only view of a store the service never ran on
                raise
        return {row[0]: FileRecord(*row) for row in rows}

    def put_file(self, record: FileRecord) -> None:
        """Insert or replace one file record.

        Example: state.put_file(FileRecord("inbox/停水通知.txt", 812, 1714000000000000000, "seen")).
        """
        with self._lock, self._db:
            self._db.execute(
                "INSERT INTO service_files(path, size, mtime_ns, status, reason, gone_since) "
                "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(path) DO UPDATE SET size = excluded.size, "
                "mtime_ns = excluded.mtime_ns, status = excluded.status, reason = excluded.reason, "
                "gone_since = excluded.gone_since",
                (record.path, record.size, record.mtime_ns, record.status, record.reason,
                 record.gone_since),
            )

    def mark_gone(self, paths: Iterable[str], since: datetime) -> None:
        """Note when files were first missed from the inbox (kept if already noted).

        Example: state.mark_gone(["inbox/停水通知.txt"], 2024-05-08T07:00+08:00).
        """
        with self._lock, self._db:
            self._db.executemany(
                "UPDATE service_files SET gone_since = ? WHERE path = ? AND gone_since IS NULL",
                [(since.isoformat(), p) for p in paths],
            )

    def mark_present(self, paths: Iterable[str]) -> None:
        """Files back in the inbox are no longer counted as gone.

        Example: state.mark_present(["inbox/停水通知.txt"]).
        """
        with self._lock, self._db:
            self._db.executemany(
                "UPDATE service_files SET gone_since = NULL WHERE path = ? AND gone_since IS NOT NULL",
                [(p,) for p in paths],
            )

    def forget_files(self, paths: Iterable[str]) -> None:
        """Drop records of files no longer in the inbox.

        Example: state.forget_files(["inbox/旧通知.txt"]).
        """
        with self._lock, self._db:
            self._db.executemany("DELETE FROM service_files WHERE path = ?", [(p,) for p in paths])

    # --- digest history

    def digest_days(self) -> set[date]:
        """Days whose digest slot the service has written.

        Example: state.digest_days() → {date(2024, 5, 8)}.
        """
        with self._lock:
            try:
                rows = self._db.execute("SELECT day FROM service_digests").fetchall()
            except sqlite3.OperationalError as exc:
                if "no such table" in str(exc):
                    return set()
                raise
        return {date.fromisoformat(row[0]) for row in rows}

    def last_digest(self) -> DigestSlot | None:
        """The most recent digest slot written, or None if there is no history.

        Example: state.last_digest() → DigestSlot(date(2024, 5, 8), …, catch_up=False).
        """
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
        """Remember that a digest slot was written.

        Example: state.record_digest(DigestSlot(date(2024, 5, 8), slot, now, False)).
        """
        with self._lock, self._db:
            self._db.execute(
                "INSERT OR REPLACE INTO service_digests(day, slot, written_at, catch_up) "
                "VALUES (?, ?, ?, ?)",
                (slot.day.isoformat(), slot.slot.isoformat(), slot.written_at.isoformat(),
                 int(slot.catch_up)),
            )


def _connect_existing(db_path: Path) -> sqlite3.Connection:
    """A read-write connection to an existing, non-empty store file (never creates one)."""
    try:
        size = db_path.stat().st_size
    except FileNotFoundError:
        raise StoreError(f"{db_path}: no store here (missing)") from None
    except OSError as exc:
        raise StoreError(f"{db_path}: cannot read: {exc.strerror or exc}") from None
    if size == 0:
        raise StoreError(f"{db_path}: the store file is empty (0 bytes)")
    uri = f"{db_path.resolve().as_uri()}?mode=rw"
    try:
        return sqlite3.connect(uri, uri=True, timeout=30, isolation_level=None,
                               check_same_thread=False)
    except sqlite3.Error as exc:
        raise StoreError(f"{db_path}: cannot open the store: {exc}") from None
