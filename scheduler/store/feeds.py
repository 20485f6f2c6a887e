"""The store's feed cache: rendered events, a change counter, and marks of what was written.

A mixin of :class:`scheduler.store.store.Store` (tables of schema version 3, see
``scheduler.store.schema``):

* ``feed_events`` — one row per notice (:class:`FeedRow`): its kind, whether
  feeds may list it, its last day, its sort position, and its VEVENT bytes
  (rendered only once a feed's window reaches it).
  Triggers delete a notice's row whenever the notice, one of its sources or
  one of its articles changes, so a row that exists is current; rows are
  (re)made by ``scheduler.publish.feedcache``.  A row is valid for one rendering
  context (feed settings, kinds table, renderer code): ``feed_rows_missing``
  drops every row when the context changed.
* ``store_changes`` — a counter the same triggers move: equal counters mean
  no notice changed in between.
* ``output_marks`` — per output (``feeds``, ``digest:2023-04-26``) the
  fingerprint of its inputs and the size and mtime of each file written, so
  an unchanged rebuild can be skipped (``scheduler.publish.feedcache``).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Mapping
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING

from scheduler.store.values import FeedRow, OutputMark

_CONTEXT_MARK = "feed-rows"
"""The ``output_marks`` entry holding the rendering context of the cached rows."""

_BLOCKS_PER_FETCH = 256


class FeedCache:
    """Feed-cache operations of the store (see the module notes).

    Example: store.feed_rows_missing("ctx-3f2a", "2023-03-27") → [<第70期“热线问政”>] after an ingest.
    """

    _db: sqlite3.Connection

    if TYPE_CHECKING:  # provided by Store

        def transaction(self) -> AbstractContextManager[None]: ...

    def generation(self) -> int:
        """The change counter: it moves whenever a notice, its sources or an article changes.

        Example: generation() → 12 after ingesting the 热线问政 page; still 12 after re-reading it unchanged.
        """
        row = self._db.execute("SELECT generation FROM store_changes").fetchone()
        return int(row[0]) if row is not None else 0

    def feed_rows_missing(self, context: str, oldest: str) -> list[str]:
        """Uids whose feed row must be made: none yet, or no event rendered though a feed now lists it.

        Rows are kept without an event for notices no feed lists (withdrawn,
        past, or over before ``oldest``); every row is dropped when ``context``
        changed.

        Example: feed_rows_missing("ctx-3f2a", "2023-03-27") → ["hotline-2023-04-26-…", "deadline-2023-05-04-…"].
        """
        mark = self.output_mark(_CONTEXT_MARK)
        if mark is None or mark.fingerprint != context:
            with self.transaction():
                self._db.execute("DELETE FROM feed_events")
                self.put_output_mark(_CONTEXT_MARK, context, {})
        rows = self._db.execute(
            """SELECT n.uid FROM notices n LEFT JOIN feed_events f ON f.uid = n.uid
               WHERE f.uid IS NULL OR (f.listed = 1 AND f.block IS NULL AND f.last_day >= ?)
               ORDER BY n.uid""",
            (oldest,),
        )
        return [str(row[0]) for row in rows]

    def put_feed_rows_if(self, rows: Iterable[FeedRow], generation: int) -> bool:
        """Store feed rows made from the notices as they were at ``generation``.

        Nothing is stored (and False returned) when the change counter moved
        since: some notice may have changed after its row was made.

        Example: put_feed_rows_if([FeedRow("hotline-…", "hotline", True, "2023-04-26", …)], 12) → True.
        """
        with self.transaction():
            if self.generation() != generation:
                return False
            self._db.executemany(
                "INSERT OR REPLACE INTO feed_events VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    (r.uid, r.kind, int(r.listed), r.last_day, r.sort_at, int(r.all_day), r.block)
                    for r in rows
                ),
            )
        return True

    def feed_kinds(self) -> set[str]:
        """Every kind among the notices (withdrawn and past ones included).

        Example: {"deadline", "hotline"} after the 热线问政 page.
        """
        return {str(row[0]) for row in self._db.execute("SELECT DISTINCT kind FROM feed_events")}

    def feed_summary(self, oldest: str, kind: str | None = None) -> tuple[int, bool]:
        """(events, any timed event) of a feed: listed rows whose last day is ``oldest`` or later.

        Example: feed_summary("2023-03-27", "hotline") → (1, True) for 第70期“热线问政” at 09:00.
        """
        query = "SELECT COUNT(*), MIN(all_day) FROM feed_events WHERE listed = 1 AND last_day >= ?"
        params: tuple[str, ...] = (oldest,)
        if kind is not None:
            query += " AND kind = ?"
            params += (kind,)
        count, smallest = self._db.execute(query, params).fetchone()
        return int(count), smallest is not None and int(smallest) == 0

    def feed_rows_complete(self) -> bool:
        """Does every notice have a feed row (so kinds and last days can be counted from the rows)?

        The rows' kind, ``listed`` and ``last_day`` come from the notice alone,
        so a complete set answers counting questions even before the events
        themselves are rendered.

        Example: False just after ingesting the 热线问政 page, True once ``refresh_rows`` ran.
        """
        row = self._db.execute(
            """SELECT EXISTS(SELECT 1 FROM notices n LEFT JOIN feed_events f ON f.uid = n.uid
                             WHERE f.uid IS NULL)"""
        ).fetchone()
        return not int(row[0])

    def upcoming_by_kind(self, today: str) -> dict[str, int]:
        """Per kind, how many listed events are not over on ``today`` (one aggregate query).

        Example: upcoming_by_kind("2023-04-27") → {"deadline": 1, "meeting": 1} (the 4月26日 热线问政 is over).
        """
        rows = self._db.execute(
            "SELECT kind, COUNT(*) FROM feed_events WHERE listed = 1 AND last_day >= ? GROUP BY kind",
            (today,),
        )
        return {str(kind): int(count) for kind, count in rows}

    def listed_uids(self, since: str) -> list[str]:
        """The uids of the listed events not over before ``since`` (a day), sorted.

        With today's date: the events still ahead; with a feed window's first
        day: every notice a feed may show.

        Example: listed_uids("2023-04-27") → ["deadline-2023-05-04-gongdan", "meeting-2023-04-27-fangxun"].
        """
        rows = self._db.execute(
            "SELECT uid FROM feed_events WHERE listed = 1 AND last_day >= ? ORDER BY uid", (since,)
        )
        return [str(row[0]) for row in rows]

    def feed_blocks(self, oldest: str, kind: str | None = None) -> Iterator[bytes]:
        """The VEVENT bytes of a feed in feed order (start, then uid), read a few at a time.

        Example: feed_blocks("2023-03-27", "hotline") → iter([b"BEGIN:VEVENT\\r\\n…SUMMARY:第70期“热线问政”…"]).
        """
        query = "SELECT block FROM feed_events WHERE listed = 1 AND last_day >= ?"
        params: tuple[str, ...] = (oldest,)
        if kind is not None:
            query += " AND kind = ?"
            params += (kind,)
        cursor = self._db.execute(query + " ORDER BY sort_at, uid", params)
        while True:
            rows = cursor.fetchmany(_BLOCKS_PER_FETCH)
            if not rows:
                return
            for (block,) in rows:
                yield bytes(block)

    def output_mark(self, name: str) -> OutputMark | None:
        """The mark of an output as last written, or None.

        Example: output_mark("digest:2023-04-26") → OutputMark("digest:2023-04-26", "5be0…", {…}).
        """
        row = self._db.execute(
            "SELECT fingerprint, files FROM output_marks WHERE name = ?", (name,)
        ).fetchone()
        if row is None:
            return None
        files = {str(path): (int(size), int(mtime)) for path, (size, mtime) in json.loads(row[1]).items()}
        return OutputMark(name, str(row[0]), files)

    def put_output_mark(self, name: str, fingerprint: str, files: Mapping[str, tuple[int, int]]) -> None:
        """Record what was written for an output (replacing the earlier mark).

        Example: put_output_mark("feeds", "9c1f…", {"output/feeds/all.ics": (7213311, 1714…)}).
        """
        with self.transaction():
            self._db.execute(
                "INSERT OR REPLACE INTO output_marks VALUES (?, ?, ?)",
                (name, fingerprint, json.dumps({k: list(v) for k, v in sorted(files.items())})),
            )

    def forget_output_mark(self, name: str) -> None:
        """Drop an output's mark, so its next write is not skipped.

        Example: forget_output_mark("feeds") after the guard held back a rebuild that lost 909 停水 events.
        """
        with self.transaction():
            self._db.execute("DELETE FROM output_marks WHERE name = ?", (name,))
