"""The daily digest: one day's notices in Chinese, as Markdown and as HTML.

Pure: ``build_digest`` turns stored notices, a day and a 新发现 window into a
``Digest`` value; ``render_markdown`` / ``render_html`` turn that into text.
Sections, always all five and in this order:

* 今日, 明日, 未来7天 (the six days after tomorrow) — forward notices that
  are not deadlines; a multi-day item is listed in the first section it
  overlaps.
* 截止提醒 — deadlines due from today through the next 7 days, the window
  extended over statutory holidays (法定节假日顺延), with days left.
* 新发现 — forward notices first seen since the previous digest.

Each section lists at most ``max_items`` items (``digest_max_items``, 50),
then “以及另外N项” with a link to the feed that holds them all.  The first
digest of a store (no earlier digest) does not list 新发现 one by one — it
would be everything in the store — but says how many there are.  Empty
sections are collapsed into one line (“暂无：明日、未来7天”).  The Markdown
renders the same in any CommonMark viewer: each 来源 is a list item of its
own under its item.  A cancelled item (取消, 停办) stays listed,
struck through and marked “（已取消）”; a stated change of plan (延期, 改期) is
shown after the item.  Sources are linked by their article URL; a local file
is linked only when it was given as a relative path, so a digest never shows
a server's absolute paths.  Nothing depends on the clock.
"""

from __future__ import annotations

import html
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from functools import cache
from pathlib import Path
from urllib.parse import quote

import chinese_calendar

from notices.calendar_cn import added_rest_day, counted_working_day
from notices.model import SHANGHAI, Notice
from notices.recurring import occurrence_from
from scheduler.holidays import unknown_years_note
from scheduler.publish.html_page import page_start
from scheduler.publish.ics_text import repeat_note
from scheduler.publish.ics import (
    DEADLINE_KIND,
    change_note,
    due_day,
    event_summary,
    event_timing,
    file_name,
    is_cancelled,
    is_web_url,
    notice_days,
)
from scheduler.publish.kindinfo import KindInfo, kind_info
from scheduler.store.store import DigestWindow, SourceRef, StoredNotice

EMPTY = "暂无"
FEED_HREF = "../feeds/{name}.ics"
"""Where a digest (in output/digests/) links the feed holding a section's items."""
FONT_STACK = ('"Noto Sans CJK SC","Source Han Sans SC","PingFang SC","Hiragino Sans GB",'
              '"Microsoft YaHei",system-ui,sans-serif')
CANCELLED_MARK = "（已取消）"
UPCOMING_DAYS = 7
DEADLINE_DAYS = 7
_WEEKDAYS = "一二三四五六日"
# Characters a relative link must not carry raw (Markdown <…> links and HTML attributes).
_HREF_UNSAFE = frozenset(' "<>#?%\\()\'`')


@dataclass(frozen=True)
class DigestSource:
    """Where an item was read: headline, publication date, and a link if there is one.

    Example: DigestSource(headline="第70期“热线问政”活动今日举行", published=2023-04-26,
    source="seeds/002.txt", href="../../seeds/002.txt").
    """

    headline: str
    published: date
    source: str
    href: str | None


@dataclass(frozen=True)
class DigestItem:
    """One line of the digest.

    ``change`` is the stated change of plan, ready to print (``变更：延期至5月5日``).

    Example: DigestItem(when="09:00–11:00", title="第70期“热线问政”", place="12345热线",
    kind="热线问政", note=None, sources=(…,), cancelled=False, change=None).
    """

    uid: str
    when: str
    title: str
    place: str | None
    kind: str
    note: str | None
    sources: tuple[DigestSource, ...]
    cancelled: bool = False
    change: str | None = None


@dataclass(frozen=True)
class DigestSection:
    """A titled list (possibly empty), and how many more items the feed at ``more_href`` holds.

    Example: DigestSection(title="今日", scope="4月26日 周三", items=(…,), more=3,
    more_href="../feeds/all.ics").
    """

    title: str
    scope: str
    items: tuple[DigestItem, ...]
    more: int = 0
    more_href: str | None = None

    @property
    def empty(self) -> bool:
        """Nothing listed and nothing counted. Example: a quiet 明日 → True (collapsed into “暂无：明日”)."""
        return not self.items and not self.more


@dataclass(frozen=True)
class Digest:
    """The whole digest for one day.

    Example: Digest(day=2023-04-26, sections=(今日, 明日, 未来7天, 截止提醒, 新发现)).
    """

    day: date
    sections: tuple[DigestSection, ...]

    @property
    def heading(self) -> str:
        return f"本地通知摘要 · {_long_date(self.day)}"


# A stored notice and the day a digest section shows it on (None: no one day).
_Entry = tuple[StoredNotice, date | None]


def build_digest(
    stored: Iterable[StoredNotice],
    day: date,
    window: DigestWindow,
    *,
    link_from: Path | None = None,
    kinds: Mapping[str, KindInfo] | None = None,
    max_items: int | None = None,
) -> Digest:
    """Sort the live forward notices into the five sections for ``day``.

    ``link_from`` is the folder the digest will be written to: source files
    are linked relative to it (a source URL is used when known).
    ``max_items`` bounds each section (None: no bound).

    Example: build_digest(store.stored_notices(), date(2023, 4, 26), window)
    → 今日 holds 第70期“热线问政” 09:00–11:00, 截止提醒 the 5月4日 办结 deadline.
    """
    live = sorted(
        (s for s in stored if s.notice.forward and not s.withdrawn),
        key=lambda s: (event_timing(s.notice, kinds).sort_key, s.notice.uid),
    )
    tomorrow = day + timedelta(days=1)
    week_first = day + timedelta(days=2)
    week_last = day + timedelta(days=UPCOMING_DAYS)
    # What each section lists, as (notice, day it is shown on); the items are
    # written only for the entries a section shows (a new store holds thousands).
    today_due: list[_Entry] = []
    tomorrow_due: list[_Entry] = []
    week_due: list[_Entry] = []
    deadline_due: list[_Entry] = []
    horizon = deadline_horizon(day)
    for item in live:
        if item.notice.rrule:
            item = replace(item, notice=occurrence_from(item.notice, day))  # a weekly session: its next day
        notice = item.notice
        if notice.kind == DEADLINE_KIND:
            due = due_day(notice)
            if day <= due <= horizon:
                deadline_due.append((item, day))
            continue
        first, last = notice_days(notice)
        if first <= day <= last:
            today_due.append((item, day))
        elif first <= tomorrow <= last:
            tomorrow_due.append((item, tomorrow))
        elif first <= week_last and last >= week_first:
            week_due.append((item, None))
    found_due: list[_Entry] = [
        (s, day if s.notice.kind == DEADLINE_KIND else None)
        for s in live
        if window.contains(s.first_seen) and _still_ahead(s.notice, day)
    ]

    def section(title: str, scope: str, entries: Sequence[_Entry], feed: str = "all") -> DigestSection:
        shown = entries if max_items is None else entries[:max_items]
        items = tuple(
            _deadline_item(s, on_day, link_from, kinds)
            if s.notice.kind == DEADLINE_KIND and on_day is not None  # a deadline is always shown on a day
            else _item(s, on_day, link_from, kinds)
            for s, on_day in shown
        )
        return _bounded(title, scope, items, len(entries), feed)

    if window.since is None:
        # A new store: everything was just found; count it instead of listing it all.
        found_section = DigestSection("新发现", "首次摘要：库中尚未结束的条目不逐条列出",
                                      (), len(found_due), FEED_HREF.format(name="all"))
    else:
        found_section = section("新发现", f"{_moment(window.since)}上一期摘要以来", found_due)
    return Digest(
        day=day,
        sections=(
            section("今日", _short_date(day), today_due),
            section("明日", _short_date(tomorrow), tomorrow_due),
            section("未来7天", f"{_short_date(week_first)}—{_short_date(week_last)}", week_due),
            section("截止提醒", f"截至{_short_date(horizon)}（7天，法定节假日顺延）", deadline_due,
                    feed=DEADLINE_KIND),
            found_section,
        ),
    )


def _bounded(title: str, scope: str, shown: tuple[DigestItem, ...], total: int, feed: str = "all") -> DigestSection:
    """A section showing ``shown``, the first of ``total`` items; the rest are counted and linked to ``feed``."""
    more = total - len(shown)
    return DigestSection(title, scope, shown, more, FEED_HREF.format(name=feed) if more else None)


def deadline_horizon(day: date, days: int = DEADLINE_DAYS) -> date:
    """The last due day 截止提醒 covers: ``days`` days ahead, not counting statutory holidays.

    Holidays come from the library, or from ``holidays.toml`` for a later year.

    Example: 2023-04-26 → 2023-05-08 (4月29日至5月3日劳动节假期不计), so the
    5月4日 办结 deadline is listed.
    """
    counted = 0
    current = day
    while counted < days:
        current += timedelta(days=1)
        if not (_statutory_holiday(current) or added_rest_day(current)):
            counted += 1
    return current


def working_days_between(day: date, due: date) -> int | None:
    """Working days after ``day`` up to and including ``due`` (None if a year's arrangement is unknown).

    Example: (2023-04-26, 2023-05-04) → 3 (4月27日、28日、5月4日).
    """
    count = 0
    for n in range(1, (due - day).days + 1):
        working, guessed = counted_working_day(day + timedelta(days=n))
        if guessed:
            return None
        count += working
    return count


def render_markdown(digest: Digest) -> str:
    """The digest as Markdown text (ends with a newline).

    Example: "# 本地通知摘要 · 2023年4月26日（星期三）\\n\\n## 今日 · 4月26日 周三\\n\\n- **09:00–11:00** …".
    """
    lines = [f"# {_md(digest.heading)}", ""]
    for section in digest.sections:
        if section.empty:
            continue
        lines += [f"## {section.title} · {_md(section.scope)}", ""]
        for item in section.items:
            lines.append(f"- **{_md(item.when)}** {_md_title(item)}" + _md_details(item))
            # A nested list: in CommonMark a bare next line would join the item's paragraph.
            for source in item.sources:
                lines.append(f"  - 来源：{_md_source(source)}")
        if section.items:
            lines.append("")
        if section.more:
            lines += [f"{_more_text(section)}：[全部订阅]({section.more_href})", ""]
    empty = empty_titles(digest)
    if empty:
        lines += [f"{EMPTY}：{'、'.join(empty)}", ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def empty_titles(digest: Digest) -> list[str]:
    """The sections with nothing in them, collapsed into one line by the renderers.

    Example: a quiet day → ["明日", "未来7天", "新发现"] (printed “暂无：明日、未来7天、新发现”).
    """
    return [section.title for section in digest.sections if section.empty]


def _more_text(section: DigestSection) -> str:
    if section.items:
        return f"以及另外{section.more}项"
    return f"共{section.more}项"


def render_html(digest: Digest) -> str:
    """The digest as one self-contained HTML page (inline style, no external assets).

    Example: "<!DOCTYPE html>…<h2>今日 <small>4月26日 周三</small></h2><ul><li>…第70期“热线问政”…".
    """
    e = html.escape
    parts = page_start(digest.heading, _CSS)
    for section in digest.sections:
        if section.empty:
            continue
        parts.append("<section>")
        parts.append(f"<h2>{e(section.title)} <small>{e(section.scope)}</small></h2>")
        more = ""
        if section.more:
            link = f'<a href="{e(section.more_href or "", quote=True)}">全部订阅</a>'
            more = f'<p class="more">{e(_more_text(section))}：{link}</p>'
        if not section.items:
            parts += [more, "</section>"]
            continue
        parts.append("<ul>")
        for item in section.items:
            details = [f'<span class="when">{e(item.when)}</span>', _html_title(item)]
            if item.place:
                details.append(f'<span class="place">地点：{e(item.place)}</span>')
            details.append(f'<span class="kind">{e(item.kind)}</span>')
            if item.change:
                details.append(f'<span class="change">{e(item.change)}</span>')
            if item.note:
                details.append(f'<span class="note">{e(item.note)}</span>')
            sources = "".join(f'<div class="source">来源：{_html_source(s)}</div>' for s in item.sources)
            parts.append(f"<li>{' '.join(details)}{sources}</li>")
        parts.append("</ul>")
        if section.more:
            parts.append(more)
        parts.append("</section>")
    empty = empty_titles(digest)
    if empty:
        parts.append(f'<p class="empty">{e(EMPTY)}：{e("、".join(empty))}</p>')
    parts += ["</main>", "</body>", "</html>", ""]
    return "\n".join(parts)


_CSS = (
    f"body{{font-family:{FONT_STACK};margin:0;"
    "background:#f7f7f5;color:#222;line-height:1.6}"
    "main{max-width:46em;margin:0 auto;padding:1.5em}"
    "h1{font-size:1.5em}h2{font-size:1.2em;border-bottom:1px solid #ccc;padding-bottom:.2em}"
    "h2 small{font-weight:normal;color:#666;font-size:.8em}"
    "ul{padding-left:1.2em}li{margin:.5em 0}"
    ".when{font-weight:bold;margin-right:.4em}.place,.kind,.note{color:#555;margin-left:.6em}"
    ".change{color:#9a5b00;margin-left:.6em}.cancelled{color:#b00020}del .title{color:#777}"
    ".kind{background:#e8eef6;border-radius:3px;padding:0 .3em}"
    ".source{font-size:.9em;color:#666}.empty{color:#888}.more{color:#444}"
)


# -- items -------------------------------------------------------------------


def _item(
    stored: StoredNotice,
    on_day: date | None,
    link_from: Path | None,
    kinds: Mapping[str, KindInfo] | None,
) -> DigestItem:
    notice = stored.notice
    return DigestItem(
        uid=notice.uid,
        when=describe_when(notice, on_day, kinds),
        title=event_summary(notice),
        place=notice.location,
        kind=kind_info(notice.kind, kinds).label,
        note="；".join(x for x in (repeat_note(notice), unknown_years_note(notice.flags)) if x) or None,
        sources=_sources(stored, link_from),
        cancelled=is_cancelled(notice),
        change=change_note(notice),
    )


def _deadline_item(
    stored: StoredNotice,
    day: date,
    link_from: Path | None,
    kinds: Mapping[str, KindInfo] | None,
) -> DigestItem:
    notice = stored.notice
    due = due_day(notice)
    left = (due - day).days
    if left == 0:
        note = "今天截止"
    elif left < 0:
        note = f"已过期{-left}天"
    else:
        note = f"还有{left}天"
        working = working_days_between(day, due)
        if working is not None:
            note += f"（{working}个工作日）"
    if notice.rule:
        note += f"；规则：{notice.rule}"
    guessed = unknown_years_note(notice.flags)
    if guessed:
        note += f"；{guessed}"
    when = _short_date(due)
    due_moment = notice.end if notice.end is not None else notice.start
    if isinstance(due_moment, datetime):
        local = due_moment.astimezone(SHANGHAI)
        when += " 24:00前" if local.time() == time(0) else f" {local:%H:%M}前"  # 3月31日24时截止
    return DigestItem(
        uid=notice.uid,
        when=when,
        title=event_summary(notice),
        place=notice.location,
        kind=kind_info(notice.kind, kinds).label,
        note=note,
        sources=_sources(stored, link_from),
        cancelled=is_cancelled(notice),
        change=change_note(notice),
    )


def describe_when(
    notice: Notice, on_day: date | None, kinds: Mapping[str, KindInfo] | None = None
) -> str:
    """Human time text; the date is left out when the item lies within ``on_day``.

    Example: 第70期“热线问政” on its own day → "09:00–11:00"; otherwise
    "4月26日 周三 09:00–11:00"; 4月24日—25日 观摩会 → "4月24日 周一—4月25日 周二".
    """
    timing = event_timing(notice, kinds)
    first, last = notice_days(notice)
    if timing.all_day:
        if first == last:
            return "全天" if first == on_day else _short_date(first)
        return f"{_short_date(first)}—{_short_date(last)}"
    assert isinstance(timing.start, datetime) and isinstance(timing.end, datetime)
    start, end = timing.start.astimezone(SHANGHAI), timing.end.astimezone(SHANGHAI)
    explicit_end = notice.end is not None
    if first == last:
        clock = f"{start:%H:%M}–{end:%H:%M}" if explicit_end else f"{start:%H:%M}"
        return clock if first == on_day else f"{_short_date(first)} {clock}"
    return f"{_short_date(first)} {start:%H:%M}—{_short_date(last)} {end:%H:%M}"


def _sources(stored: StoredNotice, link_from: Path | None) -> tuple[DigestSource, ...]:
    refs: Sequence[SourceRef] = stored.sources or (
        SourceRef(
            source=stored.notice.source,
            path=stored.notice.source,
            headline=stored.notice.headline,
            published=stored.notice.published,
            published_basis=stored.notice.published_basis,
            url=stored.notice.url,
        ),
    )
    return tuple(
        DigestSource(
            headline=ref.headline or file_name(ref.source),
            published=ref.published.astimezone(SHANGHAI).date(),
            source=ref.source,
            href=_href(ref, link_from),
        )
        for ref in refs
    )


def _href(ref: SourceRef, link_from: Path | None) -> str | None:
    """The article URL, else a link to the local file relative to the digest.

    A file given by an absolute path (the service's inbox) is not linked: the
    relative link would spell out where the server keeps its files.
    """
    if is_web_url(ref.url):
        return ref.url
    if link_from is None or not os.path.isabs(ref.path) or os.path.isabs(ref.source):
        return None
    relative = os.path.relpath(ref.path, start=os.path.abspath(link_from))
    return "".join(quote(c) if c in _HREF_UNSAFE else c for c in relative.replace(os.sep, "/"))


# -- text helpers --------------------------------------------------------------


def _md_title(item: DigestItem) -> str:
    """The title, struck through and marked when the item is cancelled."""
    if item.cancelled:
        return f"~~{_md(item.title)}~~{CANCELLED_MARK}"
    return _md(item.title)


def _html_title(item: DigestItem) -> str:
    """The title element, inside <del> and marked when the item is cancelled."""
    title = f'<strong class="title">{html.escape(item.title)}</strong>'
    if item.cancelled:
        return f'<del>{title}</del><span class="cancelled">{CANCELLED_MARK}</span>'
    return title


def _md_details(item: DigestItem) -> str:
    parts = []
    if item.place:
        parts.append(f"地点：{_md(item.place)}")
    parts.append(_md(item.kind))
    if item.change:
        parts.append(_md(item.change))
    if item.note:
        parts.append(_md(item.note))
    return "".join(f" · {p}" for p in parts)


def _md_source(source: DigestSource) -> str:
    label = f"《{_md(source.headline)}》"
    if source.href:
        label = f"[{label}](<{source.href.replace('>', '%3E').replace('<', '%3C')}>)"
    return f"{label}（{source.published.isoformat()}发布）"


def _html_source(source: DigestSource) -> str:
    label = html.escape(f"《{source.headline}》")
    if source.href:
        label = f'<a href="{html.escape(source.href, quote=True)}">{label}</a>'
    return f"{label}（{source.published.isoformat()}发布）"


_MD_SPECIAL = str.maketrans({c: "\\" + c for c in "\\`*_[]<>#|~"})


def _md(text: str) -> str:
    """Escape Markdown syntax in plain text (one line)."""
    return " ".join(text.split()).translate(_MD_SPECIAL)


def _short_date(day: date) -> str:
    return f"{day.month}月{day.day}日 周{_WEEKDAYS[day.weekday()]}"


def _long_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日（星期{_WEEKDAYS[day.weekday()]}）"


def _moment(moment: datetime) -> str:
    local = moment.astimezone(SHANGHAI)
    return f"{local:%Y-%m-%d %H:%M}"


def _still_ahead(notice: Notice, day: date) -> bool:
    """Does the notice end (or fall due) on or after ``day``?  A repeating one always does."""
    if notice.rrule:
        return True
    return (due_day(notice) if notice.kind == DEADLINE_KIND else notice_days(notice)[1]) >= day


@cache
def _statutory_holiday(day: date) -> bool:
    """A statutory holiday in the library's tables (pure, so cached; later years: ``added_rest_day``)."""
    try:
        _, name = chinese_calendar.get_holiday_detail(day)
        return name is not None and not chinese_calendar.is_workday(day)
    except NotImplementedError:
        return False
