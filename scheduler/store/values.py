"""The values the store hands out and takes in, and how times and notices are serialized.

Times are stored as whole seconds in UTC ISO text; notices as sorted JSON.
Rows written before a field existed load with that field's default.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from notices.model import Notice

# Changes to these fields are what a calendar client must notice (SEQUENCE).
_SIGNIFICANT_FIELDS = ("start", "end", "all_day", "title", "location", "status", "change", "rrule")

# Fields added after rows were first written, with the value an old row means.
_FIELD_DEFAULTS: dict[str, Any] = {"status": "confirmed", "change": None, "rrule": None}


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


@dataclass(frozen=True, slots=True)
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


@dataclass(frozen=True, slots=True)
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


def dump_notice(notice: Notice) -> str:
    """A notice as the sorted JSON text the store keeps.

    Example: dump_notice(<第70期“热线问政”>) → '{"all_day": false, "kind": "hotline", …}'.
    """
    return json.dumps(notice.to_json(), ensure_ascii=False, sort_keys=True)


def load_notice(data: str) -> dict[str, Any]:
    """A stored notice as a dict, fields missing from older rows filled with their defaults."""
    loaded: dict[str, Any] = json.loads(data)
    return {**_FIELD_DEFAULTS, **loaded}


def significant_change(old: str, new: str) -> bool:
    """Does a calendar client need to see this change (time, title, place, 取消, 延期)?"""
    before, after = load_notice(old), load_notice(new)
    return any(before.get(k) != after.get(k) for k in _SIGNIFICANT_FIELDS)


def stamp(moment: datetime) -> str:
    """Store times as whole seconds in UTC (naive input is an error).

    Example: stamp(2023-04-26T09:00:30.5+08:00) → "2023-04-26T01:00:30+00:00".
    """
    if moment.tzinfo is None:
        raise ValueError(f"naive datetime {moment!r}: pass an aware time")
    return moment.astimezone(timezone.utc).replace(microsecond=0).isoformat()


def unstamp(text: str) -> datetime:
    """A stored time back as an aware datetime (UTC).

    Example: unstamp("2023-04-26T01:00:00+00:00") → 2023-04-26 09:00 in 上海 terms.
    """
    return datetime.fromisoformat(text)


@dataclass(frozen=True)
class FeedRow:
    """What the feeds need of one notice, kept in the store (``feed_events``).

    ``listed``: forward and not withdrawn (a candidate for the feeds);
    ``last_day``: the feeds keep it while this day is within ``past_days``;
    ``sort_at``: its start in UTC microseconds since 1970 (feeds are sorted by
    it, then by uid); ``block``: its rendered VEVENT, None when not listed.

    Example: FeedRow(uid="hotline-2023-04-26-…", kind="hotline", listed=True,
    last_day="2023-04-26", sort_at=1682470800000000, all_day=False, block=b"BEGIN:VEVENT\\r\\n…").
    """

    uid: str
    kind: str
    listed: bool
    last_day: str
    sort_at: int
    all_day: bool
    block: bytes | None


@dataclass(frozen=True)
class OutputMark:
    """What was last written for one output: its fingerprint and each file's (size, mtime_ns).

    Example: OutputMark("feeds", "9c1f…", {"output/feeds/all.ics": (7213311, 1714000000000000000)}).
    """

    name: str
    fingerprint: str
    files: dict[str, tuple[int, int]]
