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
* ``editor_withdrawals`` — notices an editor took down (``notices withdraw``).
* ``feed_events``, ``store_changes``, ``output_marks`` — see ``scheduler.store.feeds``.
* ``schema_version`` — see ``scheduler.store.schema`` (versions, migrations,
  the backup taken before each migration).

The file is in WAL mode, so readers (``notices status``, the HTTP side,
``notices backup``) never block the service's writes.

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
  If an article produces it again it is revived — unless an editor withdrew
  it (``editor_withdrawals``), which only ``notices withdraw --undo`` reverses.
* Every article is ingested inside one transaction (a savepoint inside a
  :meth:`Store.batch`): a failure leaves the store exactly as it was before
  that file.
* ``feed_events``, ``store_changes`` and ``output_marks`` are caches for
  the feeds and digests (``scheduler.store.feeds``), kept honest by triggers.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path

from notices.model import Notice
from scheduler.store.schema import SCHEMA_VERSION as SCHEMA_VERSION  # re-exported
from scheduler.store.schema import StoreError as StoreError  # re-exported
from scheduler.store.schema import migrate
from scheduler.store.values import (  # the value types are re-exported
    ArticleOutcome as ArticleOutcome,
    ArticleRecord as ArticleRecord,
    DigestWindow as DigestWindow,
    SourceRef as SourceRef,
    StoredNotice as StoredNotice,
    dump_notice as _dump,
    load_notice as _load,
    significant_change as _significant_change,
    stamp as _stamp,
    unstamp as _unstamp,
)
from scheduler.store.feeds import FeedCache
from scheduler.store.reading import NoticeReading
from scheduler.store.withdrawals import EditorWithdrawals

class Store(NoticeReading, EditorWithdrawals, FeedCache):
    """A connection to the notice store; use :meth:`open` and close it (or ``with``).

    Example: with Store.open(Path("state/notices.sqlite3")) as store: store.stored_notices().
    """

    def __init__(self, connection: sqlite3.Connection, path: Path) -> None:
        self._db = connection
        self.path = path
        self._savepoints = 0
        self._batching = False

    # -- life cycle ---------------------------------------------------------

    @classmethod
    def open(cls, path: Path | str, *, create: bool = True) -> "Store":
        """Open the store at ``path``, migrating it (see ``scheduler.store.schema``) and in WAL mode.

        With ``create`` (the default) a missing store is created with its
        parent folders; without it a missing or empty (0-byte) file is a
        ``StoreError`` — the service uses that so a store deleted or truncated
        under it is reported, not silently replaced by an empty one.  A file
        that is not a usable SQLite database is a ``StoreError`` too.

        Example: Store.open("state/notices.sqlite3") → a store with 第70期“热线问政” if ingested before.
        """
        target = Path(path)
        memory = str(target) == ":memory:"
        if not memory:
            if not create:
                _require_existing(target)
            target.parent.mkdir(parents=True, exist_ok=True)
        # The service keeps its own tables in the same file: wait for its locks.
        connection = sqlite3.connect(str(target), isolation_level=None, timeout=30)
        try:
            connection.row_factory = sqlite3.Row
            connection.execute("PRAGMA foreign_keys = ON")
            if not memory:
                connection.execute("PRAGMA journal_mode = WAL")
            store = cls(connection, target)
            store._migrate()
        except sqlite3.DatabaseError as exc:
            connection.close()
            if isinstance(exc, sqlite3.OperationalError) and "unable to open" in str(exc):
                raise StoreError(f"{target}: cannot open: {exc} (check ownership and permissions)") from None
            raise StoreError(f"{target}: not a usable store: {exc}") from None
        except BaseException:
            connection.close()
            raise
        return store

    @classmethod
    def open_readonly(cls, path: Path | str) -> "Store":
        """Open an existing store for reading only: never creates, migrates or locks anything.

        For ``notices status`` and ``notices backup``, which may run as another
        user (root) than the service: they must not leave files the service
        cannot open.  Raises ``StoreError`` when the store is missing or unusable.

        Example: with Store.open_readonly("state/notices.sqlite3") as s: s.notice_count() → 2.
        """
        from scheduler.store.check import connect_readonly

        target = Path(path)
        _require_existing(target)
        try:
            connection = connect_readonly(target)
            connection.row_factory = sqlite3.Row
            store = cls(connection, target)
            _ = store.schema_version  # fails early on a file that is not a store
        except sqlite3.Error as exc:
            raise StoreError(f"{target}: cannot read the store: {exc}") from None
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
        """One all-or-nothing unit of work.

        Inside an outer transaction (see :meth:`batch`) it is a savepoint: a
        failure undoes this unit only, and the outer work goes on.

        Example: with store.transaction(): store.ingest_article(record, notices, now).
        """
        if self._db.in_transaction:
            self._savepoints += 1
            name = f"unit{self._savepoints}"
            self._db.execute(f"SAVEPOINT {name}")
            try:
                yield
            except BaseException:
                self._db.execute(f"ROLLBACK TO {name}")
                self._db.execute(f"RELEASE {name}")
                raise
            finally:
                self._savepoints -= 1
            self._db.execute(f"RELEASE {name}")
            return
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    @contextmanager
    def batch(self) -> Iterator[None]:
        """Many units of work (one per article) under one commit, instead of a commit each.

        Each unit inside stays all-or-nothing (a savepoint).  If the batch is
        left by an exception, the units finished so far are still committed
        — an interrupted build keeps what it had done — unless committing
        fails too, in which case everything in the batch is rolled back.
        Nested batches join the outer one.

        Example: with store.batch(): for record, notices in articles: store.ingest_article(record, notices, now).
        """
        if self._db.in_transaction:
            yield
            return
        self._db.execute("BEGIN IMMEDIATE")
        self._batching = True
        try:
            yield
        except BaseException:
            try:
                self._db.execute("COMMIT")
            except sqlite3.Error:
                self._db.execute("ROLLBACK")
            raise
        finally:
            self._batching = False
        self._db.execute("COMMIT")

    def commit_batch(self) -> None:
        """Commit what a :meth:`batch` did so far and go on in a new transaction (no-op outside one).

        Example: store.commit_batch() after the 1,000th page of 衡阳晚报/ (bounded log, bounded loss).
        """
        if self._batching and self._savepoints == 0:
            self._db.execute("COMMIT")
            self._db.execute("BEGIN IMMEDIATE")

    @property
    def in_transaction(self) -> bool:
        """Is a transaction or batch open on this connection (uncommitted work)?"""
        return self._db.in_transaction

    def _migrate(self) -> None:
        migrate(self._db, self.path)

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
            inserted: set[str] = set()
            for uid, notice in produced.items():
                data = _dump(notice)
                if self._insert_new_notice(notice, data, stamp):
                    inserted.add(uid)
                self._db.execute(
                    "INSERT INTO notice_sources (uid, article_path, data) VALUES (?, ?, ?)",
                    (uid, record.path, data),
                )
            affected = sorted(set(before) | set(produced))
            for uid in produced:
                if uid not in inserted:
                    before.setdefault(uid, self._source_set(uid) - {record.path})
            return self._settle(affected, before, stamp, fresh=set(produced), inserted=inserted)

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

    def _insert_new_notice(self, notice: Notice, data: str, stamp: str) -> bool:
        """Insert the row of a notice the store never held (True), or leave an existing row (False).

        A new notice's only source is the article being stored, so its row
        is final at once: that article's version, sequence 0.
        """
        cursor = self._db.execute(
            """INSERT OR IGNORE INTO notices (uid, kind, data, first_seen, last_changed, sequence)
               VALUES (?, ?, ?, ?, ?, 0)""",
            (notice.uid, notice.kind, data, stamp, stamp),
        )
        return cursor.rowcount == 1

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
        inserted: set[str] = frozenset(),  # type: ignore[assignment]
    ) -> ArticleOutcome:
        """Recompute the effective notice of each affected uid and classify the change.

        ``inserted`` uids were new to the store and their rows written whole already.
        """
        new: list[str] = []
        updated: list[str] = []
        unchanged: list[str] = []
        withdrawn: list[str] = []
        for uid in uids:
            if uid in inserted:
                new.append(uid)
                continue
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
            if self.editor_withdrawn(uid):
                # Keep the latest data, but an editor's withdrawal is not undone by a source.
                self._db.execute(
                    "UPDATE notices SET data = ?, withdrawn_at = COALESCE(withdrawn_at, ?) WHERE uid = ?",
                    (effective, stamp, uid),
                )
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

def _require_existing(target: Path) -> None:
    """Refuse a store file that is missing or empty (0 bytes)."""
    try:
        info = target.stat()
    except FileNotFoundError:
        raise StoreError(f"{target}: no store here (missing)") from None
    except OSError as exc:
        raise StoreError(f"{target}: cannot read: {exc.strerror or exc}") from None
    if info.st_size == 0:
        raise StoreError(f"{target}: the store file is empty (0 bytes)")
