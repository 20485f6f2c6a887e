"""The notice store: one SQLite file (standard library ``sqlite3``).

Tables (schema version 1):

* ``articles`` — one row per input file: resolved path (the key), the path as
  given (``source``, shown to readers), content hash, publication time and
  basis, headlines, URL, when it was ingested.
* ``notices`` — one row per uid: the effective notice as JSON, ``first_seen``,
  ``last_changed``, ``sequence`` and ``withdrawn_at``.
* ``notice_sources`` — which article produced which notice, with the notice as
  *that* article stated it.  The same event in two articles is one notice with
  two source rows.
* ``skipped_inputs`` — files that could not be read or extracted, with why.
* ``digests`` — digest history (day → cut-off time) for the 新发现 section.
* ``schema_version`` — for future migrations.

Policies:

* The effective notice is the version from its most recently *published*
  source (ties: path order), so the result never depends on ingest order.
* ``last_changed`` moves when the effective notice or its source list changes;
  ``sequence`` rises when time, title, place, status (取消) or the stated
  change of plan (延期, 改期) changes, or a withdrawn notice comes back.
* Rows written before a field existed still load: missing fields take the
  :class:`Notice` defaults (``status`` ``confirmed``, no ``change``), and
  such a row is not "changed" merely because it lacks them.
* A notice that loses its last source is **withdrawn**, not deleted: the row
  keeps its data, ``withdrawn_at`` is set, and feeds and digests leave it out.
  If an article produces it again it is revived.
* Every article is ingested inside one transaction: a failure leaves the
  store exactly as it was before that file.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

from notices.model import Notice

SCHEMA_VERSION = 1

_SCHEMA_V1 = """
CREATE TABLE articles (
    path            TEXT PRIMARY KEY,
    source          TEXT NOT NULL,
    sha256          TEXT NOT NULL,
    published       TEXT NOT NULL,
    published_basis TEXT NOT NULL,
    headlines       TEXT NOT NULL,
    url             TEXT,
    ingested_at     TEXT NOT NULL
);
CREATE TABLE notices (
    uid          TEXT PRIMARY KEY,
    kind         TEXT NOT NULL,
    data         TEXT NOT NULL,
    first_seen   TEXT NOT NULL,
    last_changed TEXT NOT NULL,
    sequence     INTEGER NOT NULL DEFAULT 0,
    withdrawn_at TEXT
);
CREATE TABLE notice_sources (
    uid          TEXT NOT NULL REFERENCES notices(uid),
    article_path TEXT NOT NULL REFERENCES articles(path),
    data         TEXT NOT NULL,
    PRIMARY KEY (uid, article_path)
);
CREATE INDEX notice_sources_by_article ON notice_sources(article_path);
CREATE TABLE skipped_inputs (
    path    TEXT PRIMARY KEY,
    reason  TEXT NOT NULL,
    seen_at TEXT NOT NULL
);
CREATE TABLE digests (
    day    TEXT PRIMARY KEY,
    cutoff TEXT NOT NULL
);
"""

# version → script that brings the schema from version-1 to version.
_MIGRATIONS: dict[int, str] = {1: _SCHEMA_V1}

# Changes to these fields are what a calendar client must notice (SEQUENCE).
_SIGNIFICANT_FIELDS = ("start", "end", "all_day", "title", "location", "status", "change")

# Fields added after rows were first written, with the value an old row means.
_FIELD_DEFAULTS: dict[str, Any] = {"status": "confirmed", "change": None}


class StoreError(Exception):
    """The store file cannot be used (e.g. written by a newer version)."""


@dataclass(frozen=True)
class ArticleRecord:
    """What the store keeps about one input file.

    Example: ArticleRecord(path="/srv/inbox/002.txt", source="seeds/002.txt", sha256="ab…",
    published=2023-04-26T00:00+08:00, published_basis="text-today",
    headlines=("第70期“热线问政”活动今日举行",), url=None).
    """

    path: str
    source: str
    sha256: str
    published: datetime
    published_basis: str
    headlines: tuple[str, ...]
    url: str | None = None


@dataclass(frozen=True)
class SourceRef:
    """One article a notice was found in.

    Example: SourceRef(source="seeds/002.txt", path="/srv/seeds/002.txt",
    headline="第70期“热线问政”活动今日举行", published=2023-04-26T00:00+08:00, basis="text-today").
    """

    source: str
    path: str
    headline: str
    published: datetime
    published_basis: str
    url: str | None = None


@dataclass(frozen=True)
class StoredNotice:
    """A notice with its history in the store.

    Example: StoredNotice(notice=<第70期“热线问政”>, first_seen=…, last_changed=…, sequence=0,
    withdrawn_at=None, sources=(SourceRef(...),)).
    """

    notice: Notice
    first_seen: datetime
    last_changed: datetime
    sequence: int
    withdrawn_at: datetime | None
    sources: tuple[SourceRef, ...]

    @property
    def withdrawn(self) -> bool:
        return self.withdrawn_at is not None


@dataclass(frozen=True)
class ArticleOutcome:
    """What ingesting one article did to the notices (uids, sorted).

    Example: ArticleOutcome(new=("hotline-2023-04-26-…",), updated=(), unchanged=(), withdrawn=()).
    """

    new: tuple[str, ...] = ()
    updated: tuple[str, ...] = ()
    unchanged: tuple[str, ...] = ()
    withdrawn: tuple[str, ...] = ()


@dataclass(frozen=True)
class DigestWindow:
    """The 新发现 window: notices first seen in (since, until].

    ``since`` is None when no earlier digest exists (everything is new).

    Example: DigestWindow(since=2023-04-25T07:00+08:00, until=2023-04-26T07:00+08:00).
    """

    since: datetime | None
    until: datetime

    def contains(self, moment: datetime) -> bool:
        return (self.since is None or moment > self.since) and moment <= self.until


class Store:
    """A connection to the notice store; use :meth:`open` and close it (or ``with``).

    Example: with Store.open(Path("state/notices.sqlite3")) as store: store.stored_notices().
    """

    def __init__(self, connection: sqlite3.Connection, path: Path) -> None:
        self._db = connection
        self.path = path

    # -- life cycle ---------------------------------------------------------

    @classmethod
    def open(cls, path: Path | str) -> "Store":
        """Open (creating parent folders and schema as needed) the store at ``path``.

        Example: Store.open("state/notices.sqlite3") → a store with 第70期“热线问政” if ingested before.
        """
        target = Path(path)
        if str(target) != ":memory:":
            target.parent.mkdir(parents=True, exist_ok=True)
        # The service keeps its own tables in the same file: wait for its locks.
        connection = sqlite3.connect(str(target), isolation_level=None, timeout=30)
        connection.row_factory = sqlite3.Row
        connection.execute("PRAGMA foreign_keys = ON")
        store = cls(connection, target)
        store._migrate()
        return store

    def close(self) -> None:
        """Close the connection (idempotent).

        Example: store.close() after `notices build` wrote output/feeds/热线问政's hotline.ics.
        """
        self._db.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One all-or-nothing unit of work (nested calls join the outer one).

        Example: with store.transaction(): store.ingest_article(record, notices, now).
        """
        if self._db.in_transaction:
            yield
            return
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    def _migrate(self) -> None:
        with self.transaction():
            exists = self._db.execute(
                "SELECT 1 FROM sqlite_master WHERE type='table' AND name='schema_version'"
            ).fetchone()
            if not exists:
                self._db.execute("CREATE TABLE schema_version (version INTEGER NOT NULL)")
                self._db.execute("INSERT INTO schema_version VALUES (0)")
            (current,) = self._db.execute("SELECT version FROM schema_version").fetchone()
            if current > SCHEMA_VERSION:
                raise StoreError(
                    f"{self.path}: schema version {current} is newer than this program "
                    f"understands ({SCHEMA_VERSION})"
                )
            for version in range(current + 1, SCHEMA_VERSION + 1):
                for statement in _MIGRATIONS[version].split(";"):
                    if statement.strip():
                        self._db.execute(statement)
                self._db.execute("UPDATE schema_version SET version = ?", (version,))

    @property
    def schema_version(self) -> int:
        (version,) = self._db.execute("SELECT version FROM schema_version").fetchone()
        return int(version)

    # -- articles -----------------------------------------------------------

    def article_hash(self, path: str) -> str | None:
        """The content hash stored for an article path, or None if never ingested.

        Example: store.article_hash("/srv/seeds/002.txt") → "9f2c…" (the 热线问政 page).
        """
        row = self._db.execute("SELECT sha256 FROM articles WHERE path = ?", (path,)).fetchone()
        return None if row is None else str(row["sha256"])

    def article_notice_uids(self, path: str) -> tuple[str, ...]:
        """The uids an article currently provides, sorted.

        Example: store.article_notice_uids("/srv/seeds/002.txt") → ("deadline-…", "hotline-…").
        """
        rows = self._db.execute(
            "SELECT uid FROM notice_sources WHERE article_path = ? ORDER BY uid", (path,)
        ).fetchall()
        return tuple(str(r["uid"]) for r in rows)

    def ingest_article(
        self, record: ArticleRecord, notices: Sequence[Notice], now: datetime
    ) -> ArticleOutcome:
        """Store an article and the notices extracted from it, in one transaction.

        Notices the article no longer produces lose it as a source; a notice
        left without sources is withdrawn.

        Example: ingest_article(ArticleRecord(... "第70期“热线问政”活动今日举行" ...),
        [Notice(kind="hotline", title="第70期“热线问政”", ...)], now) → ArticleOutcome(new=(uid,)).
        """
        stamp = _stamp(now)
        with self.transaction():
            before = self._source_sets_for_article(record.path)
            self._db.execute(
                """INSERT INTO articles
                   (path, source, sha256, published, published_basis, headlines, url, ingested_at)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                   ON CONFLICT(path) DO UPDATE SET
                     source = excluded.source, sha256 = excluded.sha256,
                     published = excluded.published,
                     published_basis = excluded.published_basis,
                     headlines = excluded.headlines, url = excluded.url,
                     ingested_at = excluded.ingested_at""",
                (
                    record.path,
                    record.source,
                    record.sha256,
                    _stamp(record.published),
                    record.published_basis,
                    json.dumps(list(record.headlines), ensure_ascii=False),
                    record.url,
                    stamp,
                ),
            )
            self._db.execute("DELETE FROM notice_sources WHERE article_path = ?", (record.path,))
            produced: dict[str, Notice] = {}
            for notice in notices:
                produced.setdefault(notice.uid, notice)  # first wins on duplicates
            for uid, notice in produced.items():
                self._ensure_notice_row(notice, stamp)
                self._db.execute(
                    "INSERT INTO notice_sources (uid, article_path, data) VALUES (?, ?, ?)",
                    (uid, record.path, _dump(notice)),
                )
            affected = sorted(set(before) | set(produced))
            for uid in produced:
                before.setdefault(uid, self._source_set(uid) - {record.path})
            return self._settle(affected, before, stamp, fresh=set(produced))

    def record_skip(self, path: str, reason: str, now: datetime) -> None:
        """Remember that a file was skipped and why (the latest reason wins).

        Example: record_skip("/srv/inbox/坏文件.txt", "not UTF-8 or GB18030 text", now).
        """
        with self.transaction():
            self._db.execute(
                """INSERT INTO skipped_inputs (path, reason, seen_at) VALUES (?, ?, ?)
                   ON CONFLICT(path) DO UPDATE SET reason = excluded.reason,
                   seen_at = excluded.seen_at""",
                (path, reason, _stamp(now)),
            )

    def clear_skip(self, path: str) -> None:
        """Forget an earlier skip once the file has been ingested.

        Example: clear_skip("/srv/inbox/已修复.txt").
        """
        with self.transaction():
            self._db.execute("DELETE FROM skipped_inputs WHERE path = ?", (path,))

    def skipped_inputs(self) -> tuple[tuple[str, str], ...]:
        """(path, reason) of every file currently recorded as skipped, sorted.

        Example: (("/srv/inbox/坏文件.txt", "not UTF-8 or GB18030 text"),).
        """
        rows = self._db.execute("SELECT path, reason FROM skipped_inputs ORDER BY path")
        return tuple((str(r["path"]), str(r["reason"])) for r in rows)

    # -- notices ------------------------------------------------------------

    def stored_notices(self, *, include_withdrawn: bool = False) -> list[StoredNotice]:
        """Every notice with its history and sources, sorted by uid.

        Example: store.stored_notices() → [StoredNotice(notice=<第70期“热线问政”>, ...)].
        """
        sources = self._all_sources()
        query = "SELECT * FROM notices"
        if not include_withdrawn:
            query += " WHERE withdrawn_at IS NULL"
        query += " ORDER BY uid"
        result = []
        for row in self._db.execute(query):
            result.append(
                StoredNotice(
                    notice=Notice.from_json(json.loads(row["data"])),
                    first_seen=_unstamp(row["first_seen"]),
                    last_changed=_unstamp(row["last_changed"]),
                    sequence=int(row["sequence"]),
                    withdrawn_at=_unstamp(row["withdrawn_at"]) if row["withdrawn_at"] else None,
                    sources=sources.get(row["uid"], ()),
                )
            )
        return result

    def notice_count(self) -> int:
        """How many notices (withdrawn included) the store holds.

        Example: 2 after ingesting the 热线问政 page (session + 3个工作日 deadline).
        """
        (count,) = self._db.execute("SELECT COUNT(*) FROM notices").fetchone()
        return int(count)

    # -- digest history -----------------------------------------------------

    def record_digest(self, day: date, now: datetime) -> None:
        """Record that the digest for ``day`` was written at ``now`` (cut-off only moves forward).

        Example: record_digest(date(2023, 4, 26), 2023-04-26T07:00+08:00).
        """
        stamp = _stamp(now)
        with self.transaction():
            row = self._db.execute(
                "SELECT cutoff FROM digests WHERE day = ?", (day.isoformat(),)
            ).fetchone()
            if row is None:
                self._db.execute("INSERT INTO digests VALUES (?, ?)", (day.isoformat(), stamp))
            elif _unstamp(row["cutoff"]) < _unstamp(stamp):
                self._db.execute(
                    "UPDATE digests SET cutoff = ? WHERE day = ?", (stamp, day.isoformat())
                )

    def digest_window(self, day: date, now: datetime) -> DigestWindow:
        """The 新发现 window for ``day``: after the previous digest's cut-off, up to this one's.

        A day without a recorded digest ends its window at ``now``.

        Example: digest_window(date(2023, 4, 26), now) → DigestWindow(since=<4月25日的摘要>, until=…).
        """
        key = day.isoformat()
        previous = self._db.execute(
            "SELECT cutoff FROM digests WHERE day < ? ORDER BY day DESC LIMIT 1", (key,)
        ).fetchone()
        own = self._db.execute("SELECT cutoff FROM digests WHERE day = ?", (key,)).fetchone()
        since = _unstamp(previous["cutoff"]) if previous else None
        until = _unstamp(own["cutoff"]) if own else _unstamp(_stamp(now))
        return DigestWindow(since=since, until=until)

    # -- internals ----------------------------------------------------------

    def _ensure_notice_row(self, notice: Notice, stamp: str) -> None:
        """Insert a placeholder row so the foreign key holds; _settle fills it in."""
        self._db.execute(
            """INSERT OR IGNORE INTO notices (uid, kind, data, first_seen, last_changed, sequence)
               VALUES (?, ?, ?, ?, ?, -1)""",
            (notice.uid, notice.kind, _dump(notice), stamp, stamp),
        )

    def _source_set(self, uid: str) -> set[str]:
        rows = self._db.execute("SELECT article_path FROM notice_sources WHERE uid = ?", (uid,))
        return {str(r["article_path"]) for r in rows}

    def _source_sets_for_article(self, path: str) -> dict[str, set[str]]:
        """For each uid the article provides now: its full source set before the change."""
        return {uid: self._source_set(uid) for uid in self.article_notice_uids(path)}

    def _settle(
        self,
        uids: Sequence[str],
        sources_before: dict[str, set[str]],
        stamp: str,
        fresh: set[str],
    ) -> ArticleOutcome:
        """Recompute the effective notice of each affected uid and classify the change."""
        new: list[str] = []
        updated: list[str] = []
        unchanged: list[str] = []
        withdrawn: list[str] = []
        for uid in uids:
            row = self._db.execute("SELECT * FROM notices WHERE uid = ?", (uid,)).fetchone()
            effective = self._effective_data(uid)
            if effective is None:
                if row is not None and row["withdrawn_at"] is None:
                    self._db.execute(
                        "UPDATE notices SET withdrawn_at = ?, last_changed = ? WHERE uid = ?",
                        (stamp, stamp, uid),
                    )
                    withdrawn.append(uid)
                continue
            if row["sequence"] == -1:  # placeholder inserted by this ingest
                self._db.execute(
                    "UPDATE notices SET data = ?, sequence = 0 WHERE uid = ?", (effective, uid)
                )
                new.append(uid)
                continue
            was_withdrawn = row["withdrawn_at"] is not None
            data_changed = _load(effective) != _load(row["data"])
            sources_changed = self._source_set(uid) != sources_before.get(uid, set())
            if not (data_changed or sources_changed or was_withdrawn):
                if uid in fresh:
                    unchanged.append(uid)
                continue
            bump = was_withdrawn or _significant_change(row["data"], effective)
            self._db.execute(
                """UPDATE notices SET data = ?, kind = ?, last_changed = ?, withdrawn_at = NULL,
                   sequence = sequence + ? WHERE uid = ?""",
                (effective, json.loads(effective)["kind"], stamp, 1 if bump else 0, uid),
            )
            updated.append(uid)
        return ArticleOutcome(tuple(new), tuple(updated), tuple(unchanged), tuple(withdrawn))

    def _effective_data(self, uid: str) -> str | None:
        """The notice JSON from the latest-published source (ties: path), or None."""
        rows = self._db.execute(
            """SELECT s.data AS data, a.published AS published, a.path AS path
               FROM notice_sources s JOIN articles a ON a.path = s.article_path
               WHERE s.uid = ?""",
            (uid,),
        ).fetchall()
        if not rows:
            return None
        best = max(rows, key=lambda r: (_unstamp(r["published"]), r["path"]))
        return str(best["data"])

    def _all_sources(self) -> dict[str, tuple[SourceRef, ...]]:
        rows = self._db.execute(
            """SELECT s.uid AS uid, s.data AS data, a.path AS path, a.source AS source,
                      a.published AS published, a.published_basis AS basis, a.url AS url
               FROM notice_sources s JOIN articles a ON a.path = s.article_path"""
        ).fetchall()
        grouped: dict[str, list[SourceRef]] = {}
        for row in rows:
            data = json.loads(row["data"])
            grouped.setdefault(row["uid"], []).append(
                SourceRef(
                    source=str(row["source"]),
                    path=str(row["path"]),
                    headline=str(data.get("headline") or ""),
                    published=_unstamp(row["published"]),
                    published_basis=str(row["basis"]),
                    url=data.get("url") or row["url"],
                )
            )
        return {
            uid: tuple(sorted(refs, key=lambda r: (r.published, r.path)))
            for uid, refs in grouped.items()
        }


def _dump(notice: Notice) -> str:
    return json.dumps(notice.to_json(), ensure_ascii=False, sort_keys=True)


def _load(data: str) -> dict[str, Any]:
    """A stored notice as a dict, fields missing from older rows filled with their defaults."""
    loaded: dict[str, Any] = json.loads(data)
    return {**_FIELD_DEFAULTS, **loaded}


def _significant_change(old: str, new: str) -> bool:
    """Does a calendar client need to see this change (time, title, place, 取消, 延期)?"""
    before, after = _load(old), _load(new)
    return any(before.get(k) != after.get(k) for k in _SIGNIFICANT_FIELDS)


def _stamp(moment: datetime) -> str:
    """Store times as whole seconds in UTC (naive input is an error)."""
    if moment.tzinfo is None:
        raise ValueError(f"naive datetime {moment!r}: pass an aware time")
    return moment.astimezone(timezone.utc).replace(microsecond=0).isoformat()


def _unstamp(text: str) -> datetime:
    return datetime.fromisoformat(text)
