"""Reading notices out of the store: whole, by uid, or just counted.

A mixin of :class:`scheduler.store.store.Store`, kept apart so each module stays
small.  Notices of one article share their source references, and texts
and times that repeat are kept once, so 100,000 notices fit in about a
third less memory than one object per field would take.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from datetime import datetime

from notices.model import Notice
from scheduler.store.values import SourceRef, StoredNotice
from scheduler.store.values import unstamp as _unstamp

_CHUNK = 500
"""Uids per ``IN (…)`` query (SQLite allows 999 parameters on old builds)."""

_SHARED_FIELDS = ("kind", "published_basis", "status", "source", "headline", "organizer", "location", "rule", "url")
"""Notice fields whose texts repeat across notices (one object of each is kept)."""


class NoticeReading:
    """Read operations of the store (see the module notes).

    Example: store.stored_notices(uids=["hotline-2023-04-26-…"]) → [StoredNotice(<第70期“热线问政”>, …)].
    """

    _db: sqlite3.Connection

    def stored_notices(
        self, *, include_withdrawn: bool = False, uids: Sequence[str] | None = None
    ) -> list[StoredNotice]:
        """Every notice with its history and sources, sorted by uid (only ``uids`` when given).

        Example: store.stored_notices() → [StoredNotice(notice=<第70期“热线问政”>, ...)];
        store.stored_notices(uids=["hotline-2023-04-26-…"]) → just that one.
        """
        if uids is not None:
            wanted = sorted(set(uids))
            found: list[StoredNotice] = []
            for start in range(0, len(wanted), _CHUNK):
                chunk = wanted[start : start + _CHUNK]
                found += self._load_notices(include_withdrawn, chunk)
            return found
        return self._load_notices(include_withdrawn, None)

    def _load_notices(self, include_withdrawn: bool, uids: Sequence[str] | None) -> list[StoredNotice]:
        where: list[str] = []
        if uids is not None:
            where.append(f"uid IN ({', '.join('?' * len(uids))})")
        if not include_withdrawn:
            where.append("withdrawn_at IS NULL")
        query = "SELECT * FROM notices"
        if where:
            query += " WHERE " + " AND ".join(where)
        query += " ORDER BY uid"
        sources = self._all_sources(uids)
        # Many notices share texts (kind, source, headline …) and times (the
        # ingest stamp): one object of each keeps 100,000 notices in far less memory.
        shared: dict[object, object] = {}
        times: dict[str, datetime] = {}

        def when(text: str) -> datetime:
            moment = times.get(text)
            if moment is None:
                moment = times[text] = _unstamp(text)
            return moment

        result = []
        for row in self._db.execute(query, tuple(uids or ())):
            data = json.loads(row["data"])
            for field in _SHARED_FIELDS:
                value = data.get(field)
                if isinstance(value, str):
                    data[field] = shared.setdefault(value, value)
            result.append(
                StoredNotice(
                    notice=Notice.from_json(data),
                    first_seen=when(row["first_seen"]),
                    last_changed=when(row["last_changed"]),
                    sequence=int(row["sequence"]),
                    withdrawn_at=when(row["withdrawn_at"]) if row["withdrawn_at"] else None,
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

    def notice_counts(self) -> tuple[int, int]:
        """(active, total): notices not withdrawn, and all of them — one query, nothing loaded.

        ``len(store.stored_notices())`` gives the same first number but reads
        every notice (seconds and hundreds of MB at 100,000 notices).

        Example: (2, 3) when one of 第70期“热线问政”'s three notices was withdrawn.
        """
        row = self._db.execute("SELECT COUNT(*), COUNT(withdrawn_at) FROM notices").fetchone()
        return int(row[0]) - int(row[1]), int(row[0])

    def _all_sources(self, uids: Sequence[str] | None = None) -> dict[str, tuple[SourceRef, ...]]:
        query = """SELECT s.uid AS uid, json_extract(s.data, '$.headline') AS headline,
                          json_extract(s.data, '$.url') AS item_url, a.path AS path, a.source AS source,
                          a.published AS published, a.published_basis AS basis, a.url AS url
                   FROM notice_sources s JOIN articles a ON a.path = s.article_path"""
        if uids is not None:
            query += f" WHERE s.uid IN ({', '.join('?' * len(uids))})"
        grouped: dict[str, list[SourceRef]] = {}
        # The notices of one article share equal references: keep one object of each.
        shared: dict[tuple[object, ...], SourceRef] = {}
        times: dict[str, datetime] = {}
        for row in self._db.execute(query, tuple(uids or ())):
            published = times.get(row["published"])
            if published is None:
                published = times[row["published"]] = _unstamp(row["published"])
            fields = (
                str(row["source"]), str(row["path"]), str(row["headline"] or ""),
                published, str(row["basis"]), row["item_url"] or row["url"],
            )
            ref = shared.get(fields)
            if ref is None:
                ref = shared[fields] = SourceRef(*fields)  # type: ignore[arg-type]
            grouped.setdefault(row["uid"], []).append(ref)
        return {
            uid: tuple(sorted(refs, key=lambda r: (r.published, r.path)))
            for uid, refs in grouped.items()
        }
