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
never by a path on the server.  A feed with no events still holds the
Asia/Shanghai VTIMEZONE, because RFC 5545 wants at least one component.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from functools import lru_cache
from urllib.parse import urlsplit

import icalendar

from notices.model import SHANGHAI, Notice
from scheduler.config import Settings
from scheduler.kindinfo import KindInfo, kind_info
from scheduler.store import SourceRef, StoredNotice

PRODID = "-//notices//本地通知日历 1.0//ZH"
ALL_FEED = "all"
FEED_TITLE_PREFIX = "本地通知"
DEADLINE_KIND = "deadline"
DEADLINE_PREFIX = "截止："
CANCELLED = "cancelled"
CANCELLED_PREFIX = "【已取消】"
CHANGE_LABEL = "变更："


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
    first = _local_day(notice.start)
    last_value = notice.end if notice.end is not None else notice.start
    if isinstance(last_value, datetime):
        local = last_value.astimezone(SHANGHAI)
        if notice.end is not None and local.time() == time(0) and local.date() > first:
            return first, local.date() - timedelta(days=1)
        return first, local.date()
    return first, last_value


def due_day(notice: Notice) -> date:
    """The day a deadline falls due: the last day of its window.

    Example: “须在3个工作日内办结” found 2023-04-26 → 2023-05-04 (after the 五一 holiday).
    """
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
    feeds = {
        f"{ALL_FEED}.ics": render_calendar(selected, calendar_title(None, kinds), options, kinds, cache)
    }
    kind_names = {s.notice.kind for s in everything} | set(extra_kinds)
    for kind in sorted(kind_names):
        of_kind = [s for s in selected if s.notice.kind == kind]
        feeds[f"{feed_name(kind)}.ics"] = render_calendar(
            of_kind, calendar_title(kind, kinds), options, kinds, cache
        )
    return dict(sorted(feeds.items()))


def render_calendar(
    items: Sequence[StoredNotice],
    title: str,
    options: FeedOptions,
    kinds: Mapping[str, KindInfo] | None = None,
    cache: dict[str, bytes] | None = None,
) -> bytes:
    """One VCALENDAR holding ``items`` in the given order (VTIMEZONE first when needed).

    ``cache`` maps uid → rendered VEVENT bytes, so a notice shared by several
    feeds is serialized once.

    Example: render_calendar([热线问政], "本地通知·热线问政", FeedOptions()) → b"BEGIN:VCALENDAR\\r\\n…".
    """
    calendar = icalendar.Calendar()
    calendar.add("version", "2.0")
    calendar.add("prodid", PRODID)
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("name", title)
    calendar.add("x-wr-calname", title)
    calendar.add("x-wr-timezone", "Asia/Shanghai")
    refresh = timedelta(minutes=options.refresh_minutes)
    calendar.add("refresh-interval", refresh, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", icalendar.vDuration(refresh).to_ical().decode())
    if _needs_vtimezone(items, kinds):
        calendar.add_component(_shanghai_vtimezone())
    shell = calendar.to_ical()
    footer = b"END:VCALENDAR\r\n"
    assert shell.endswith(footer)
    memo = {} if cache is None else cache
    events = []
    for item in items:
        uid = item.notice.uid
        if uid not in memo:
            memo[uid] = render_event(item, options, kinds).to_ical()
        events.append(memo[uid])
    return shell[: -len(footer)] + b"".join(events) + footer


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
    event.add("dtstamp", item.last_changed.astimezone(timezone.utc))
    event.add("created", item.first_seen.astimezone(timezone.utc))
    event.add("last-modified", item.last_changed.astimezone(timezone.utc))
    event.add("sequence", item.sequence)
    event.add("status", event_status(notice))
    event.add("summary", summary)
    event.add("dtstart", timing.start)
    event.add("dtend", timing.end)
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
        alarm.add("trigger", timedelta(minutes=-minutes))
        event.add_component(alarm)
    return event


def event_summary(notice: Notice) -> str:
    """A short title; deadlines read as deadlines.

    Example: deadline “承办单位办结‘热线问政’工单” → "截止：承办单位办结‘热线问政’工单".
    """
    title = " ".join(notice.title.split())
    if notice.kind == DEADLINE_KIND and not title.startswith(("截止", DEADLINE_PREFIX)):
        return DEADLINE_PREFIX + title
    return title


def is_cancelled(notice: Notice) -> bool:
    """Has the source called the happening off (取消, 停办)?

    Example: “原定4月28日举行的义诊活动取消” → True; an ordinary 第70期“热线问政” → False.
    """
    return notice.status == CANCELLED


def event_status(notice: Notice) -> str:
    """The RFC 5545 STATUS of a notice's VEVENT.

    Example: 停办的“湘江记忆”老照片展 → "CANCELLED"; 第70期“热线问政” → "CONFIRMED".
    """
    return "CANCELLED" if is_cancelled(notice) else "CONFIRMED"


def feed_summary(notice: Notice) -> str:
    """The feed's SUMMARY: :func:`event_summary`, marked when the happening is cancelled.

    Example: cancelled 全市防汛抗旱工作调度会 → "【已取消】全市防汛抗旱工作调度会".
    """
    summary = event_summary(notice)
    return CANCELLED_PREFIX + summary if is_cancelled(notice) else summary


def change_note(notice: Notice) -> str | None:
    """The stated change of plan as one line, or None.

    Example: change "延期至10月27日" → "变更：延期至10月27日".
    """
    text = " ".join((notice.change or "").split())
    return f"{CHANGE_LABEL}{text}" if text else None


def is_web_url(value: str | None) -> bool:
    """Is ``value`` an http(s) address (and so safe to publish as a link)?

    Example: "https://www.hengyang.gov.cn/xxgk/tzgg/202304/t20230426.html" → True;
    "/srv/inbox/热线问政.txt" → False.
    """
    return bool(value) and urlsplit(str(value)).scheme in ("http", "https")


def file_name(source: str) -> str:
    """The bare file name of a source path: no directories of the server show.

    Example: "/srv/inbox/衡阳晚报/热线问政.txt" → "热线问政.txt".
    """
    return source.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1]


def source_label(ref: SourceRef) -> str:
    """How a feed names where a notice was read: its article URL, else the file name.

    Example: SourceRef(source="/srv/inbox/2023/热线问政.txt", url=None, …) → "热线问政.txt".
    """
    return ref.url if ref.url and is_web_url(ref.url) else file_name(ref.source)


def event_description(notice: Notice, sources: Sequence[SourceRef]) -> str:
    """Change of plan, evidence, rule, organizer, and each source (headline, URL or file name, date).

    Example: "变更：延期至5月5日\\n上午9:00—11:00，第70期“热线问政”活动举行。\\n来源：
    《第70期“热线问政”活动今日举行》（002.txt，2023-04-26发布）".
    """
    lines: list[str] = []
    note = change_note(notice)
    if note:
        lines.append(note)
    if is_cancelled(notice):
        lines.append("状态：已取消")
    if notice.evidence:
        lines.append(notice.evidence.strip())
    if notice.rule:
        lines.append(f"规则：{notice.rule}")
    due_moment = notice.end if notice.end is not None else notice.start
    if notice.kind == DEADLINE_KIND and isinstance(due_moment, datetime):
        lines.append(f"截止时间：{due_moment.astimezone(SHANGHAI):%H:%M}")
    if notice.organizer:
        lines.append(f"主办：{notice.organizer}")
    refs = list(sources) or [
        SourceRef(
            source=notice.source,
            path=notice.source,
            headline=notice.headline,
            published=notice.published,
            published_basis=notice.published_basis,
            url=notice.url,
        )
    ]
    for ref in refs:
        headline = f"《{ref.headline}》" if ref.headline else ""
        published = ref.published.astimezone(SHANGHAI).date().isoformat()
        lines.append(f"来源：{headline}（{source_label(ref)}，{published}发布）")
    return "\n".join(lines)


def _reminder_minutes(info: KindInfo, all_day: bool, options: FeedOptions) -> int:
    if info.reminder_minutes is not None:
        return info.reminder_minutes
    return options.reminder_all_day_minutes if all_day else options.reminder_timed_minutes


def _feed_last_day(notice: Notice) -> date:
    return due_day(notice) if notice.kind == DEADLINE_KIND else notice_days(notice)[1]


def _local_day(value: date | datetime) -> date:
    if isinstance(value, datetime):
        return value.astimezone(SHANGHAI).date()
    return value
