"""Value types shared by the whole library.

Everything here is a frozen dataclass: once the pipeline has built a value,
nobody changes it.  Times are Asia/Shanghai wall-clock values; timed values
carry tzinfo, all-day values are plain ``date`` objects.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo
from enum import Enum
from typing import Any
from zoneinfo import ZoneInfo

SHANGHAI: tzinfo = ZoneInfo("Asia/Shanghai")
"""The one zone every notice is pinned to."""


class Grain(str, Enum):
    """How precise a resolved time is (coarsest last)."""

    MINUTE = "minute"
    HOUR = "hour"
    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    YEAR = "year"


@dataclass(frozen=True)
class PublishedAt:
    """The article's reference time and how we know it.

    ``basis`` is one of: ``flag``, ``front-matter``, ``filename``, ``dateline``,
    ``text-today`` (今日 next to a date), ``text-latest`` (under a news
    dateline, the latest reported past event), ``unknown``.

    Example: 衡阳晚报讯 … 第70期“热线问政”活动今日举行 … 4月26日上午 → 2023-04-26, basis text-today.
    """

    when: datetime
    basis: str

    @property
    def day(self) -> date:
        return self.when.astimezone(SHANGHAI).date()


@dataclass(frozen=True)
class TimeValue:
    """A resolved time: a start, an optional inclusive end, a grain.

    For all-day values ``start``/``end`` are dates and ``end`` is the last day
    (inclusive).  For timed values they are aware datetimes.  A deadline with
    no window has ``start`` = the due day and ``open_start`` = True
    (``..2024-05-31`` in the corpus notation).

    Example: 4月24日—25日 → TimeValue(2023-04-24, 2023-04-25, DAY).
    """

    start: date | datetime
    end: date | datetime | None
    grain: Grain
    open_start: bool = False

    @property
    def all_day(self) -> bool:
        return not isinstance(self.start, datetime)

    @property
    def last_day(self) -> date:
        """The last calendar day the value touches (for ``forward``)."""
        if self.end is not None:
            return closing_day(self.end)  # an end at exactly midnight (24时) belongs to the previous day
        return local_day(self.start)

    @property
    def first_day(self) -> date:
        return local_day(self.start)


@dataclass(frozen=True)
class Mention:
    """One time expression found in text, with its resolution.

    Example: 上午9:00—11:00 at span (120, 131) → 2023-04-26T09:00..11:00 /minute.
    """

    text: str
    span: tuple[int, int]
    rule: str
    value: TimeValue
    rules_fired: tuple[str, ...] = ()
    past_tense: bool = False
    flags: tuple[str, ...] = ()
    deadline_rule: str | None = None
    has_date: bool = True  # False for a bare clock time or part of day
    rrule: str | None = None  # 自5月20日起每周三: the first occurrence, repeating by this RFC 5545 rule


@dataclass(frozen=True)
class Article:
    """One article cut out of a page.

    ``start``/``end`` are offsets into the normalized page text.

    Example: headline 第70期“热线问政”活动今日举行, dateline 衡阳晚报讯 (全媒体记者 罗文鹏).
    """

    headline: str
    dateline: str
    body: str
    start: int
    end: int
    body_start: int
    headline_lines: tuple[str, ...] = ()


@dataclass(frozen=True)
class Notice:
    """A dated item worth a calendar entry.

    Example: kind hotline, title 第70期“热线问政”, start 2023-04-26T09:00+08:00,
    end 2023-04-26T11:00+08:00, forward True.
    """

    uid: str
    kind: str
    title: str
    start: date | datetime
    end: date | datetime | None
    all_day: bool
    forward: bool
    published: datetime
    published_basis: str
    source: str
    headline: str
    evidence: str
    span: tuple[int, int]
    location: str | None = None
    organizer: str | None = None
    rule: str | None = None
    url: str | None = None
    flags: tuple[str, ...] = field(default_factory=tuple)
    status: str = "confirmed"
    """``confirmed`` or ``cancelled`` (取消, 停办); a cancelled notice stays in the feeds marked so."""
    change: str | None = None
    """A change of plan stated by the source, e.g. ``延期至10月27日`` or ``原定4月2日，改期``."""
    rrule: str | None = None
    """A repeating happening (自5月20日起每周三上午): RFC 5545 RRULE value; ``start`` is the first occurrence."""

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict with ISO 8601 times (all-day: dates, end inclusive)."""
        return {
            "uid": self.uid,
            "kind": self.kind,
            "title": self.title,
            # a deadline due at midnight is due at 24:00 of its day (11月30日24时截止)
            "start": iso_end(self.start) if self.kind == "deadline" and self.end is None else iso(self.start),
            "end": iso_end(self.end) if self.end is not None else None,
            "all_day": self.all_day,
            "forward": self.forward,
            "published": iso(self.published),
            "published_basis": self.published_basis,
            "source": self.source,
            "headline": self.headline,
            "evidence": self.evidence,
            "span": list(self.span),
            "location": self.location,
            "organizer": self.organizer,
            "rule": self.rule,
            "url": self.url,
            "flags": list(self.flags),
            "status": self.status,
            "change": self.change,
            # only a repeating notice has the key, so the JSON of every other notice is unchanged
            **({"rrule": self.rrule} if self.rrule else {}),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "Notice":
        """Inverse of :meth:`to_json` (used by the store and golden files)."""
        return cls(
            uid=data["uid"],
            kind=data["kind"],
            title=data["title"],
            start=parse_iso(data["start"]),
            end=parse_iso(data["end"]) if data.get("end") else None,
            all_day=bool(data["all_day"]),
            forward=bool(data["forward"]),
            published=_as_datetime(parse_iso(data["published"])),
            published_basis=data["published_basis"],
            source=data["source"],
            headline=data.get("headline", ""),
            evidence=data.get("evidence", ""),
            span=tuple(data.get("span", (0, 0))),  # type: ignore[arg-type]
            location=data.get("location"),
            organizer=data.get("organizer"),
            rule=data.get("rule"),
            url=data.get("url"),
            flags=tuple(data.get("flags", ())),
            status=data.get("status", "confirmed"),
            change=data.get("change"),
            rrule=data.get("rrule"),
        )


def iso(value: date | datetime) -> str:
    """ISO 8601 text: ``2023-04-26T09:00:00+08:00`` or ``2023-04-26``."""
    if isinstance(value, datetime):
        return value.astimezone(SHANGHAI).isoformat()
    return value.isoformat()


def local_day(value: date | datetime) -> date:
    """The Asia/Shanghai calendar day of a date or an instant.

    Example: local_day(datetime(2023, 4, 25, 16, 30, tzinfo=ZoneInfo("UTC"))) == date(2023, 4, 26).
    """
    return value.astimezone(SHANGHAI).date() if isinstance(value, datetime) else value


def closing_day(end: date | datetime) -> date:
    """The calendar day an end closes: an end at midnight (24时) closes the day before.

    Example: closing_day(datetime(2025, 1, 14, tzinfo=SHANGHAI)) == date(2025, 1, 13).
    """
    if not isinstance(end, datetime):
        return end
    local = end.astimezone(SHANGHAI)
    if (local.hour, local.minute, local.second, local.microsecond) == (0, 0, 0, 0):
        return local.date() - timedelta(days=1)
    return local.date()


def iso_end(value: date | datetime) -> str:
    """An end in ISO 8601: an end at midnight is written ``T24:00`` of its day.

    ISO 8601 lets 24:00 close a day, and it keeps the day a reader sees right:
    ``1月13日24时止`` is ``2025-01-13T24:00:00+08:00``, not the 14th.

    Example: iso_end(datetime(2025, 1, 14, tzinfo=SHANGHAI)) == "2025-01-13T24:00:00+08:00".
    """
    if isinstance(value, datetime) and closing_day(value) != value.astimezone(SHANGHAI).date():
        return closing_day(value).isoformat() + "T24:00:00+08:00"
    return iso(value)


def parse_iso(text: str) -> date | datetime:
    """Inverse of :func:`iso` and :func:`iso_end`; naive datetimes are taken as Asia/Shanghai."""
    if "T" not in text and len(text) == 10:
        return date.fromisoformat(text)
    if text[10:16] == "T24:00":
        day = date.fromisoformat(text[:10]) + timedelta(days=1)
        return datetime(day.year, day.month, day.day, tzinfo=SHANGHAI)
    value = datetime.fromisoformat(text)
    if value.tzinfo is None:
        value = value.replace(tzinfo=SHANGHAI)
    return value


def _as_datetime(value: date | datetime) -> datetime:
    if isinstance(value, datetime):
        return value
    return datetime(value.year, value.month, value.day, tzinfo=SHANGHAI)

