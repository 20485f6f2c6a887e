"""iCalendar feeds from stored notices (pure: notices and ``now`` in, bytes out).

Every feed is an RFC 5545 calendar built with ``icalendar``:
``all.ics`` holds every selected notice, ``<kind>.ics`` one kind each.
Output is fully determined by the store: DTSTAMP/LAST-MODIFIED come from
when the notice last changed, events are sorted, and nothing reads the clock,
so rebuilding an unchanged store gives byte-identical files.

Changes of plan: a cancelled notice (取消, 停办) stays in the feed with
``STATUS:CANCELLED``, a “【已取消】” SUMMARY and no alarm, so subscribers see
the cancellation instead of an event that silently disappears; every other
event is ``STATUS:CONFIRMED``.  A stated change (延期, 改期) opens the
DESCRIPTION.  Feeds name a source by its article URL or by its bare file name,
never by a path on the server (the words are in ``scheduler.publish.ics_text``).  A
feed with no events still holds the Asia/Shanghai VTIMEZONE, because RFC
5545 wants at least one component.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from functools import lru_cache

import icalendar

from notices.model import SHANGHAI, Notice, closing_day, local_day
from scheduler.config import Settings
from scheduler.publish.ics_fold import component_bytes
from scheduler.publish.kindinfo import KindInfo, kind_info
from scheduler.store.store import StoredNotice
from scheduler.publish.ics_text import (  # re-exported: the words of the events
    CANCELLED as CANCELLED,
    CANCELLED_PREFIX as CANCELLED_PREFIX,
    CHANGE_LABEL as CHANGE_LABEL,
    DEADLINE_KIND as DEADLINE_KIND,
    DEADLINE_PREFIX as DEADLINE_PREFIX,
    change_note as change_note,
    event_description as event_description,
    event_status as event_status,
    event_summary as event_summary,
    feed_summary as feed_summary,
    file_name as file_name,
    is_cancelled as is_cancelled,
    is_web_url as is_web_url,
    source_label as source_label,
)
from scheduler.store.values import FeedRow

PRODID = "-//notices//本地通知日历 1.0//ZH"
ALL_FEED = "all"
FEED_TITLE_PREFIX = "本地通知"
CALENDAR_FOOTER = b"END:VCALENDAR\r\n"
_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
_MICROSECOND = timedelta(microseconds=1)


@dataclass(frozen=True)
class FeedOptions:
    """What a feed holds and how clients should treat it.

    Example: FeedOptions(past_days=30, reminder_all_day_minutes=1440, reminder_timed_minutes=60).
    """

    past_days: int = 30
    reminder_all_day_minutes: int = 24 * 60
    reminder_timed_minutes: int = 60
    refresh_minutes: int = 60

    @classmethod
    def from_settings(cls, settings: Settings) -> "FeedOptions":
        """Take the feed-related values from the service settings.

        Example: FeedOptions.from_settings(Settings(feed_past_days=7)).past_days → 7.
        """
        return cls(
            past_days=settings.feed_past_days,
            reminder_all_day_minutes=settings.reminder_all_day_minutes,
            reminder_timed_minutes=settings.reminder_timed_minutes,
        )


@dataclass(frozen=True)
class EventTiming:
    """Where a notice sits on the calendar.

    ``end`` is exclusive (the day after the last day for all-day events).

    Example: 第70期“热线问政” → EventTiming(2023-04-26T09:00, 2023-04-26T11:00, all_day=False).
    """

    start: date | datetime
    end: date | datetime
    all_day: bool

    @property
    def sort_key(self) -> datetime:
        if isinstance(self.start, datetime):
            return self.start.astimezone(timezone.utc)
        return datetime.combine(self.start, time(0), SHANGHAI).astimezone(timezone.utc)


def notice_days(notice: Notice) -> tuple[date, date]:
    """First and last calendar day (Asia/Shanghai) a notice touches.

    Example: 4月24日—25日 观摩会 → (2023-04-24, 2023-04-25); a timed end at 24:00 stays on its day.
    """
    first = local_day(notice.start)
    last_value = notice.end if notice.end is not None else notice.start
    if isinstance(last_value, datetime):
        local = last_value.astimezone(SHANGHAI)
        if notice.end is not None and local.time() == time(0) and local.date() > first:
            return first, local.date() - timedelta(days=1)
        return first, local.date()
    return first, last_value


def due_day(notice: Notice) -> date:
    """The day a deadline falls due: the last day of its window.

    Example: “须在3个工作日内办结” found 2023-04-26 → 2023-05-04 (after the 五一 holiday);
    a deadline due at midnight (3月31日24时截止) falls due on the 31st.
    """
    if notice.end is None and isinstance(notice.start, datetime):
        return closing_day(notice.start)
    return notice_days(notice)[1]


def event_timing(notice: Notice, kinds: Mapping[str, KindInfo] | None = None) -> EventTiming:
    """Calendar start/end for a notice; deadlines become an all-day event on the due day.

    Example: 上午9:00 with no end, kind hotline (default 120 minutes) → 09:00–11:00.
    """
    if notice.kind == DEADLINE_KIND:
        due = due_day(notice)
        return EventTiming(due, due + timedelta(days=1), True)
    if notice.all_day or not isinstance(notice.start, datetime):
        first, last = notice_days(notice)
        return EventTiming(first, last + timedelta(days=1), True)
    start = notice.start.astimezone(SHANGHAI)
    default = timedelta(minutes=kind_info(notice.kind, kinds).default_minutes)
    end = notice.end.astimezone(SHANGHAI) if isinstance(notice.end, datetime) else None
    if end is None or end <= start:
        end = start + default
    return EventTiming(start, end, False)


def select_for_feed(
    stored: Iterable[StoredNotice], now: datetime, past_days: int
) -> list[StoredNotice]:
    """Forward-looking, not withdrawn, and not over more than ``past_days`` ago.

    Example: with now 2023-04-26 and 30 days, the 4月26日 热线问政 stays, a 3月1日 meeting goes.
    """
    oldest = now.astimezone(SHANGHAI).date() - timedelta(days=past_days)
    chosen = [
        item
        for item in stored
        if item.notice.forward and not item.withdrawn and _feed_last_day(item.notice) >= oldest
    ]
    return sorted(chosen, key=lambda s: (event_timing(s.notice).sort_key, s.notice.uid))


def feed_name(kind: str) -> str:
    """The file stem for a kind's feed (letters, digits, ``-`` and ``_`` only).

    Example: feed_name("hotline") → "hotline" (served as hotline.ics, 热线问政).
    """
    return re.sub(r"[^A-Za-z0-9_-]+", "_", kind).strip("_") or "other"


def calendar_title(kind: str | None, kinds: Mapping[str, KindInfo] | None = None) -> str:
    """The Chinese calendar name shown by clients.

    Example: calendar_title("hotline") → "本地通知·热线问政"; calendar_title(None) → "本地通知·全部".
    """
    label = "全部" if kind is None else kind_info(kind, kinds).label
    return f"{FEED_TITLE_PREFIX}·{label}"


def calendar_description(
    kind: str | None, kinds: Mapping[str, KindInfo] | None = None, past_days: int = 30
) -> str:
    """What a default feed holds, for ``X-WR-CALDESC``.

    Example: calendar_description("hotline") → "本地新闻和公告里预告的热线问政事项（已结束30天内的仍保留）。".
    """
    what = "各类" if kind is None else kind_info(kind, kinds).label
    return f"本地新闻和公告里预告的{what}事项（已结束{past_days}天内的仍保留）。"


def render_feeds(
    stored: Iterable[StoredNotice],
    now: datetime,
    options: FeedOptions,
    kinds: Mapping[str, KindInfo] | None = None,
    extra_kinds: Iterable[str] = (),
) -> dict[str, bytes]:
    """Every feed as ``{file name: bytes}``: ``all.ics`` plus one per kind.

    Kinds with no current events still get an (empty) feed if they appear in
    the store or in ``extra_kinds``, so subscriptions never turn into 404s.
    Each event is rendered once and shared by ``all.ics`` and its kind's feed.

    Example: render_feeds(store.stored_notices(), now, FeedOptions()) →
    {"all.ics": b"BEGIN:VCALENDAR…", "deadline.ics": …, "hotline.ics": …}.
    """
    everything = list(stored)
    selected = select_for_feed(everything, now, options.past_days)
    cache: dict[str, bytes] = {}
    feeds = {}
    kind_names = {s.notice.kind for s in everything} | set(extra_kinds)
    for feed in default_feeds(kind_names, options, kinds):
        items = selected if feed.kind is None else [s for s in selected if s.notice.kind == feed.kind]
        feeds[feed.file_name] = render_calendar(
            items, feed.title, options, kinds, cache, description=feed.description
        )
    return dict(sorted(feeds.items()))


@dataclass(frozen=True)
class DefaultFeed:
    """One default feed: its file, the kind it holds (None: every kind), its name and description.

    Example: DefaultFeed("hotline.ics", "hotline", "本地通知·热线问政", "本地新闻和公告里预告的热线问政事项…").
    """

    file_name: str
    kind: str | None
    title: str
    description: str


def default_feeds(
    kind_names: Iterable[str], options: FeedOptions, kinds: Mapping[str, KindInfo] | None = None
) -> list[DefaultFeed]:
    """``all.ics``, then one feed per kind in name order (a later kind wins a shared file name).

    Example: default_feeds({"hotline", "deadline"}, FeedOptions()) → [all.ics 本地通知·全部,
    deadline.ics 本地通知·截止日期, hotline.ics 本地通知·热线问政].
    """
    past = options.past_days
    feeds = [DefaultFeed(f"{ALL_FEED}.ics", None, calendar_title(None, kinds),
                         calendar_description(None, kinds, past))]
    for kind in sorted(kind_names):
        feeds.append(DefaultFeed(f"{feed_name(kind)}.ics", kind, calendar_title(kind, kinds),
                                 calendar_description(kind, kinds, past)))
    return feeds


def render_calendar(
    items: Sequence[StoredNotice],
    title: str,
    options: FeedOptions,
    kinds: Mapping[str, KindInfo] | None = None,
    cache: dict[str, bytes] | None = None,
    *,
    description: str | None = None,
) -> bytes:
    """One VCALENDAR holding ``items`` in the given order (VTIMEZONE first when needed).

    ``cache`` maps uid → rendered VEVENT bytes, so a notice shared by several
    feeds is serialized once.  ``description`` (what the feed holds) becomes
    ``X-WR-CALDESC``.

    Example: render_calendar([热线问政], "本地通知·热线问政", FeedOptions()) → b"BEGIN:VCALENDAR\\r\\n…".
    """
    memo = {} if cache is None else cache
    events = []
    for item in items:
        uid = item.notice.uid
        if uid not in memo:
            memo[uid] = component_bytes(render_event(item, options, kinds))
        events.append(memo[uid])
    head = calendar_head(title, options, _needs_vtimezone(items, kinds), description=description)
    return head + b"".join(events) + CALENDAR_FOOTER


def calendar_head(
    title: str, options: FeedOptions, needs_timezone: bool, *, description: str | None = None
) -> bytes:
    """A VCALENDAR up to its first event: properties, then the VTIMEZONE when needed.

    A feed is this head, its VEVENTs in order, and ``CALENDAR_FOOTER``;
    ``scheduler.publish.feedcache`` assembles feeds that way from stored events.

    Example: calendar_head("本地通知·热线问政", FeedOptions(), True) →
    b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n…X-WR-CALNAME:本地通知·热线问政\r\n…END:VTIMEZONE\r\n".
    """
    calendar = icalendar.Calendar()
    calendar.add("version", "2.0")
    calendar.add("prodid", PRODID)
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("name", title)
    calendar.add("x-wr-calname", title)
    if description:
        calendar.add("x-wr-caldesc", description)
    calendar.add("x-wr-timezone", "Asia/Shanghai")
    refresh = timedelta(minutes=options.refresh_minutes)
    calendar.add("refresh-interval", refresh, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", icalendar.vDuration(refresh).to_ical().decode())
    if needs_timezone:
        calendar.add_component(_shanghai_vtimezone())
    shell = calendar.to_ical()
    assert shell.endswith(CALENDAR_FOOTER)
    return shell[: -len(CALENDAR_FOOTER)]


def feed_row(
    item: StoredNotice,
    options: FeedOptions,
    kinds: Mapping[str, KindInfo] | None = None,
    oldest: date | None = None,
) -> FeedRow:
    """What the feeds need of one stored notice, its VEVENT rendered when feeds may list it.

    With ``oldest``, a notice over before that day is not rendered (yet):
    feeds whose window starts on ``oldest`` or later never show it.

    Feeds built from these rows (``scheduler.publish.feedcache``) are byte for byte
    what :func:`render_feeds` makes: the same selection (``listed`` and
    ``last_day``), the same order (``sort_at``, then uid), the same bytes.

    Example: feed_row(<第70期“热线问政”>, FeedOptions()) → FeedRow(kind="hotline", listed=True,
    last_day="2023-04-26", sort_at=1682470800000000, all_day=False, block=b"BEGIN:VEVENT…").
    """
    notice = item.notice
    timing = event_timing(notice, kinds)
    listed = notice.forward and not item.withdrawn
    last_day = _feed_last_day(notice)
    wanted = listed and (oldest is None or last_day >= oldest)
    return FeedRow(
        uid=notice.uid,
        kind=notice.kind,
        listed=listed,
        last_day=last_day.isoformat(),
        sort_at=(timing.sort_key - _EPOCH) // _MICROSECOND,
        all_day=timing.all_day,
        block=component_bytes(render_event(item, options, kinds)) if wanted else None,
    )


def _needs_vtimezone(items: Sequence[StoredNotice], kinds: Mapping[str, KindInfo] | None) -> bool:
    """A timed event refers to the zone; an empty feed needs it as its one component."""
    return not items or any(not event_timing(item.notice, kinds).all_day for item in items)


@lru_cache(maxsize=1)
def _shanghai_vtimezone() -> icalendar.Timezone:
    """The Asia/Shanghai VTIMEZONE exactly as ``add_missing_timezones()`` makes it."""
    probe = icalendar.Calendar()
    event = icalendar.Event()
    event.add("dtstart", datetime(2023, 4, 26, 9, 0, tzinfo=SHANGHAI))
    probe.add_component(event)
    probe.add_missing_timezones()
    (zone,) = probe.walk("VTIMEZONE")
    return zone


def render_event(
    item: StoredNotice, options: FeedOptions, kinds: Mapping[str, KindInfo] | None = None
) -> icalendar.Event:
    """The VEVENT for one stored notice (with its VALARM unless it is cancelled).

    Its dates and durations are values shared with every event of the same moment
    (``_moment``): read them, never change them in place.

    Example: 第70期“热线问政” → SUMMARY:第70期“热线问政”, STATUS:CONFIRMED,
    DTSTART;TZID=Asia/Shanghai:20230426T090000; cancelled → SUMMARY:【已取消】第70期“热线问政”,
    STATUS:CANCELLED.
    """
    notice = item.notice
    info = kind_info(notice.kind, kinds)
    timing = event_timing(notice, kinds)
    summary = feed_summary(notice)
    event = icalendar.Event()
    event.add("uid", notice.uid)
    event.add("dtstamp", _moment(item.last_changed.astimezone(timezone.utc)))
    event.add("created", _moment(item.first_seen.astimezone(timezone.utc)))
    event.add("last-modified", _moment(item.last_changed.astimezone(timezone.utc)))
    event.add("sequence", item.sequence)
    event.add("status", event_status(notice))
    event.add("summary", summary)
    event.add("dtstart", _moment(timing.start))
    event.add("dtend", _moment(timing.end))
    if notice.rrule:
        event.add("rrule", icalendar.vRecur.from_ical(notice.rrule))  # 自5月20日起每周三: repeats from DTSTART
    if timing.all_day or is_cancelled(notice):
        event.add("transp", "TRANSPARENT")  # takes no time in the subscriber's calendar
    if notice.location:
        event.add("location", notice.location)
    event.add("categories", [info.label])
    event.add("description", event_description(notice, item.sources))
    url = next((u for u in (notice.url, *(s.url for s in item.sources)) if is_web_url(u)), None)
    if url:
        event.add("url", url)
    minutes = _reminder_minutes(info, timing.all_day, options)
    if minutes > 0 and not is_cancelled(notice):
        alarm = icalendar.Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", f"提醒：{summary}")
        alarm.add("trigger", _moment(timedelta(minutes=-minutes)))
        event.add_component(alarm)
    return event


class _WrittenMoment(icalendar.vDDDTypes):
    """A date, time or duration as icalendar types and writes it, written once.

    Thousands of events share a few moments (the build's stamp, the hours
    of a day); ``to_ical`` returns the bytes icalendar wrote at creation.
    """

    def __init__(self, value: date | datetime | timedelta) -> None:
        super().__init__(value)
        self._written: bytes = super().to_ical()

    def to_ical(self) -> bytes:
        return self._written


def _moment(value: date | datetime | timedelta) -> icalendar.vDDDTypes:
    """The property value of ``value``, shared by every event of the same moment in the same zone.

    Example: _moment(datetime(2023, 4, 26, 9, 0, tzinfo=SHANGHAI)) → 20230426T090000 with TZID=Asia/Shanghai.
    """
    return _moment_in_zone(value, getattr(value, "tzinfo", None))


@lru_cache(maxsize=8192)
def _moment_in_zone(value: date | datetime | timedelta, zone: object) -> icalendar.vDDDTypes:
    # The zone is part of the key: 09:00+08:00 and 01:00Z are equal datetimes but different lines.
    return _WrittenMoment(value)


def _reminder_minutes(info: KindInfo, all_day: bool, options: FeedOptions) -> int:
    if info.reminder_minutes is not None:
        return info.reminder_minutes
    return options.reminder_all_day_minutes if all_day else options.reminder_timed_minutes


def _feed_last_day(notice: Notice) -> date:
    if notice.rrule and "UNTIL" not in notice.rrule and "COUNT" not in notice.rrule:
        return date.max  # repeats without end: never ages out of the feed
    return due_day(notice) if notice.kind == DEADLINE_KIND else notice_days(notice)[1]

