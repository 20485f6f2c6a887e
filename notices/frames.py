"""Happenings: all the time statements about one event, merged into a frame.

A page states one happening several times (a date in the lead, a clock in a
later ``时间：`` line, an end in another clause) and several happenings in one
sentence or table.  ``notices.statements`` says what each time mention is of;
this module merges the statements of one happening into one frame:

* statements of the same happening merge into one frame with the most precise
  time (same row, same kind or a bare time line, same day, or the very same
  minute); the same time in another place is another happening;
* an end attaches to the happening it ends and never becomes a frame of its
  own (durations: ``notices.lengths``); an opening ceremony's end
  or duration gives the festival or show it opens as a frame of its own;
* changes of plan move a frame (``延期至``), cancellations mark it, reopenings
  are frames of their own and end a closure.

Example: "热线将于8月13日上午开通接听。\n时间：8月13日上午9:00-10:00" → one
hotline frame 09:00–10:00 on 8-13.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta

from notices.frame_passes import (
    put_off,
    rite_unsaid,
    rows_with_hours,
    windows,
    without_bare_openings,
    without_introductions,
)
from notices.kinds import detect_kinds
from notices.model import SHANGHAI, Grain, Mention, TimeValue, closing_day, local_day
from notices.mention_filters import said_from
from notices.programmes import programme_kind, run_of_days, session_row
from notices.statements import Statement
from notices.text import PICTOGRAPH_RANGES
from notices.titles import place_in
from notices.topics import lines_above


@dataclass(frozen=True)
class Frame:
    """One happening: its kind, its best time, every statement about it.

    Example: Frame(kind="outage", value=2024-08-07T23:00..08-08T05:00, statements=(…), topic=0).
    """

    kind: str
    value: TimeValue
    statements: tuple[Statement, ...]
    topic: int
    status: str = "confirmed"
    change: str | None = None
    ended_by: tuple[Statement, ...] = ()
    opening_of: str | None = None

    @property
    def anchor(self) -> Statement:
        """The statement that names the happening best (own words and a trigger)."""
        named = [s for s in self.statements if s.hit is not None and not s.time_line]
        return (named or list(self.statements))[0]

    @property
    def mention(self) -> Mention:
        """The statement whose time the frame carries (the most precise)."""
        return _best(self.statements).mention


def _best(statements: tuple[Statement, ...]) -> Statement:
    """The most precise statement; on a tie, one in a sentence of its own words."""
    return max(statements, key=lambda s: (_precision(s.mention.value), s.hit is not None and not s.time_line))


def _precision(v: TimeValue) -> tuple[int, int]:
    return (0 if v.all_day else 1, 1 if v.end is not None else 0)



def _same_day(a: TimeValue, b: TimeValue) -> bool:
    return a.first_day == b.first_day


def _compatible(frame: Frame, s: Statement) -> bool:
    """Whether a start statement can be the same happening as a frame."""
    a, b = frame.value, s.mention.value
    if not _same_day(a, b) or a.open_start != b.open_start:
        return False
    series = a.all_day and (a.end is not None and a.end != a.start or frame.statements[0].onset)
    if series and not b.all_day and not s.time_line:
        # a series (明天起…, 5月14日至27日) and one session on its first day; but the
        # same run told to the hour (下周末停热 / 12月9日8时至12月10日18时) is one happening
        if b.end is None or closing_day(b.end) <= local_day(b.start):
            return False  # one session on the series' first day
        return a.end is None or closing_day(b.end) == a.end
    if series and b.end is None and s.named and all(s.named != x.named for x in frame.statements):
        return False  # 4月29日至5月3日…活动，其中5月1日…“博物馆奇妙夜”活动: a named happening within the run
    if a.all_day or b.all_day:
        # a date and a clock on that date; or two statements of one date range
        if a.all_day and b.all_day:
            return (a.end or a.start) == (b.end or b.start) or a.end is None or b.end is None
        return True
    return a.start == b.start


def build_frames(
    text: str,
    items: list[Statement],
    headline_kind: str | None,
    heading_kinds: dict[int, str | None],
    records: frozenset[int] = frozenset(),
    shared: frozenset[int] = frozenset(),
    rows_kind: str | None = None,
) -> list[Frame]:
    """Merge the statements of one article into frames, in reading order.

    ``heading_kinds`` maps each row or section with a heading to the kind
    its heading names (``(一)开幕式`` → ceremony), or None; a bare time line
    takes its row's kind, else the kind of the happening before it in its
    row, else (under a heading) the lead happening's kind, else the headline's.
    ``records`` are the rows of a table (停电时间：… line after line): two
    records are two happenings even at the same minute; a row that names no
    kind is of ``rows_kind`` (what the line introducing the table names), else
    of the headline's. ``shared`` are the
    lines under a schedule that give every row its hours (接待时间：…).

    Example: [lead 8月13日上午 hotline, 时间：8月13日9:00-10:00] → one frame 09:00–10:00.
    """
    frames: list[Frame] = []
    by_day: dict[date, list[int]] = {}  # frames by first day: a restatement is on the same day
    topic_kind: dict[int, str] = {t: k for t, k in heading_kinds.items() if k}
    hours: list[Statement] = []
    early_ends: list[Statement] = []  # 展期至8月31日 said before the opening it ends (该展于7月16日开幕)
    for s in windows(items):
        if s.topic in shared:
            hours.append(s)
            continue
        if s.role == "start":
            kind = _kind_of(text, s, frames, topic_kind, heading_kinds, records, headline_kind, rows_kind)
            if kind is None:
                continue
            s = replace(s, kind=kind)
            if frames and _SAME_DAY_OF.search(text, max(s.sentence[0], s.mention.span[0] - 4), s.mention.span[0]) and s.mention.text in _THAT_DAY:
                # 留言将在活动当天统一交办: the day of the happening already named, not of the last date read
                frames[0] = replace(frames[0], statements=frames[0].statements + (replace(s, time_line=True, hit=None),))
                continue
            if frames and s.mention.text.startswith(tuple(_THAT_DAY)) and _OPENING_DAY_OF.search(
                text, max(s.sentence[0], s.mention.span[0] - 4), s.mention.span[0]
            ):
                s = _on_opening_day(s, frames)  # 开幕当天上午9时30分: the opening's day, not the last date read
            window = _open_window(text, frames, s)
            if window is not None:
                frames[window] = replace(_with_end(frames[window], s), kind="deadline")  # (…工作已于12月1日开始: a window)
                continue
            run = _run_it_is_part_of(text, frames, s)
            if run is not None:
                frames[run] = replace(frames[run], statements=frames[run].statements + (s,))
                continue
            same_day = [i for i in by_day.get(s.mention.value.first_day, []) if not _other_record(frames[i], s, records)]
            target = _merge_target(text, frames, s, same_day)
            if target is None:
                frames.append(_closed_until_reopening(
                    Frame(kind, s.mention.value, (s,), s.topic, _status(s), change=s.postponed, opening_of=s.opening_of),
                    frames,
                ))
                by_day.setdefault(s.mention.value.first_day, []).append(len(frames) - 1)
                topic_kind.setdefault(s.topic, kind)
            else:
                i, f = target
                frames[i] = _merged(f, s)
        elif s.role == "end":
            i = _end_target(text, frames, s)
            closing = _CLOSES.match(text, s.mention.span[1])
            if closing is not None and (i is None or _single_session(frames[i], s)):
                # 本届市运会将于10月31日闭幕 after the day's finals: the closing of the whole event
                closes_as = "meeting" if s.kind == "meeting" else "ceremony"  # 会议今日闭幕: its closing session
                frames.append(Frame(closes_as, s.mention.value, (replace(s, kind=closes_as),), s.topic))
                by_day.setdefault(s.mention.value.first_day, []).append(len(frames) - 1)
                continue
            if i is not None and frames[i].opening_of is not None:
                run = run_after_opening(frames[i], s.mention.value, s.kind or frames[i].opening_of, s)
                if rite_unsaid(text, frames[i], run):
                    frames[i] = run  # 展览将于4月1日开幕，展期至4月30日: the show's run, no rite of its own
                else:
                    frames.append(run)
            elif i is not None and frames[i].kind == "ceremony" and frames[i].value.end is None and s.kind != "ceremony":
                # 启动仪式在市体育中心举行…活动将持续至5月10日: the rite opens a run; the run ends
                frames.append(run_after_opening(frames[i], s.mention.value, s.kind or "activity", s))
            elif i is not None:
                frames[i] = _with_end(frames[i], s, text)
            elif s.kind == "exhibition":
                early_ends.append(s)
        elif s.role == "change":
            frames = _changed(text, frames, s)
            _index_all(frames, by_day)
        elif s.role == "reopen":
            frames = _reopened(frames, s)
            _index_all(frames, by_day)
    frames = _ends_said_first(text, frames, early_ends)
    frames = put_off(text, without_bare_openings(text, without_introductions(text, frames, records)))
    frames = closed_days_joined(text, first_hour_of_days(frames))
    return rows_with_hours(frames, hours, records) if hours else frames


def _kind_of(
    text: str,
    s: Statement,
    frames: list[Frame],
    topic_kind: dict[int, str],
    heading_kinds: dict[int, str | None],
    records: frozenset[int],
    headline_kind: str | None,
    rows_kind: str | None = None,
) -> str | None:
    """The kind of happening a start statement is of (None: of no happening).

    A bare time line takes its row's kind, else the kind of the happening
    before it in its row, else (under a heading) the lead happening's, else
    the headline's; a row of a table names its kind or takes the page's.
    """
    if s.denied:
        return None
    kind = s.kind
    if kind is None and s.time_line:
        kind = (
            topic_kind.get(s.topic)
            or _last_kind(frames, s.topic)
            or (frames[0].kind if frames and s.topic in heading_kinds else None)
            or headline_kind
        )
    if kind is None and s.topic in records:
        # | 11月4日 | 县人社局 |: a row of a table is of the kind its columns name, else the page's
        kind = topic_kind.get(s.topic) or rows_kind or headline_kind
    if kind is None and (heading := time_heading(text, s)) is not None:
        # 一、会议时间\n2018年1月9日下午3:00，会期约1.5小时: the time under a heading that names it;
        # 二、报名时间\n7月8日—12日…: the heading's own word (报名) before the headline's
        named = detect_kinds(heading)
        kind = named[0].kind if named else headline_kind
    if kind is None and s.topic in heading_kinds and not s.time_line:
        # a row of a schedule is a happening of its own (合影留念), of the kind its heading names
        kind = heading_kinds.get(s.topic) or "other"
    if kind is None and session_row(text, s):
        kind = programme_kind(text, frames, s, _last_kind(frames, s.topic))  # 下午 14:30—16:30 物理、化学
    if kind is None or s.hit is None:
        return kind
    at = s.sentence[0] + s.hit.start
    if kind == "other" and s.hit.word == "开始" and _CLOCK_END.search(text, max(0, at - 2), at) and (named := topic_kind.get(s.topic)):
        return named  # 一、面试 / 时间：…，每天上午8:00开始: 开始 says when, the heading says what
    series = kind == "activity" and s.hit.word == "活动" and headline_kind not in (None, "activity")
    if series and _SESSION_OF_A_SERIES.search(text, max(s.sentence[0], at - 8), at):
        return headline_kind  # 第47期活动将于…举行 under a hotline headline: the next session of it
    if kind == "other" and s.hit.word in _LIVE and s.topic in records and headline_kind in _LIVE_KINDS:
        return headline_kind  # | 5月9日 | 市住建局 | under a 直播日期 column on a 问政 page: its sessions
    if kind == "other" and frames and frames[0].kind in _LIVE_KINDS and (
        s.hit.word in _LIVE or (s.hit.word in _AIRED and frames[0].value.first_day == s.mention.value.first_day)
    ):
        # the live broadcast of a hotline session is that session; so is its airing on
        # the day the page gives it (a session recorded on another day airs as other)
        return frames[0].kind
    return kind


def time_heading(text: str, s: Statement) -> str | None:
    """The heading such as 一、会议时间 a statement's line opens with its time right under, if any.

    Example: for "二、报到时间及地点\n9月7日—8日，南校区体育馆。" the statement of 9月7日—8日
    → "二、报到时间及地点".
    """
    lead = text[s.sentence[0]:s.mention.span[0]].strip(" 　\t")
    if lead and not _LENGTH_LEAD.fullmatch(lead):
        return None  # (会期两天，1月25日至26日: its length may come first)
    above = next(lines_above(text, 0, text.rfind("\n", 0, s.sentence[0]) + 1), None)
    if above is None or _TIME_HEADING.match(text[above[0]:above[1]]) is None:
        return None
    return text[above[0]:above[1]]


_LENGTH_LEAD = re.compile(r"(?:会期|为期|历时|共)[^，,。；;]{1,6}[，,]")
# 一、会议时间 / 二、活动时间: a section heading whose body is the happening's time
_TIME_HEADING = re.compile(
    rf"^\s*(?:[{PICTOGRAPH_RANGES}]\ufe0f?\s*)?(?:[一二三四五六七八九十]{{1,3}}|\d{{1,2}})[、.．]\s*[^，,。：:\s]{{0,6}}?时间(?:[及和与、]?地点)?\s*$"
)
# …10月31日闭幕 / 落下帷幕: the day a whole event closes
_CLOSES = re.compile(r"[^，,。；;]{0,4}?(?:闭幕|落下帷幕|落幕)")


def _single_session(f: Frame, end: Statement) -> bool:
    """A happening of one timed session (决赛 at 15:00), which a 闭幕 stated in
    another sentence cannot end (…将于明天下午3点开幕，15号上午闭幕 can)."""
    return (
        not f.value.all_day
        and f.value.end is None
        and f.opening_of is None
        and all(x.sentence != end.sentence for x in f.statements)
    )


# 活动当天, 会议当日: the day of the happening the page is about
_SAME_DAY_OF = re.compile(r"(?:活动|会议|大会|节目|比赛|赛事|演出|展览|仪式|开幕|听证会|接听|接访|考试|笔试|面试)$")
_THAT_DAY = frozenset(("当天", "当日"))
_OPENING_DAY_OF = re.compile(r"(?:开幕|开展|开园|开馆|开赛|开营|启动)$")


def _on_opening_day(s: Statement, frames: list[Frame]) -> Statement:
    """A time of the opening's day (开幕当天上午9时30分) moved onto the day of the
    first opening or happening already named."""
    target = next((f for f in frames if f.opening_of is not None or f.kind == "ceremony"), frames[0])
    v = s.mention.value
    shift = target.value.first_day - v.first_day
    if not shift:
        return s
    end = v.end + shift if v.end is not None else None
    return replace(s, mention=replace(s.mention, value=TimeValue(v.start + shift, end, v.grain)))
# 第47期活动, 下一期活动, 本期活动: a session of the series the page is about
_SESSION_OF_A_SERIES = re.compile(r"(?:第\s*[\d一二三四五六七八九十百]+\s*[期场次]|下一?[期场]|本[期场]|该)\s*$")
_LIVE = frozenset(("直播", "现场直播"))
_AIRED = frozenset(("播出", "首播"))
_LIVE_KINDS = frozenset(("hotline", "meeting", "ceremony", "activity"))


def _open_window(text: str, frames: list[Frame], s: Statement) -> int | None:
    """报名截止时间：X after 自发布之日起…报名: X closes the window opened before;
    so does 26日17时截止 after 将于5月20日开始 in the same sentence."""
    if s.kind != "deadline":
        return None
    closing = _closing_hour_of(frames, s)
    if closing is not None:
        return closing
    if (due_of := _due_of_window_just_opened(text, frames, s)) is not None:
        return due_of
    labelled = bool(s.label and "截止" in s.label) and not s.mention.value.open_start
    closes = (
        s.mention.text.endswith(("截止", "结束"))
        or s.mention.text.startswith(("截止", "截至"))  # 即日起开始报名，报名截止时间为7月20日17时
        or _CLOSES_WINDOW.match(text, s.mention.span[1]) is not None
    )
    if not labelled and not closes:
        return None
    for i in range(len(frames) - 1, -1, -1):
        f = frames[i]
        v = f.value
        if f.kind == "deadline" and v.end is None and not v.open_start and v.first_day < s.mention.value.first_day:
            first = f.statements[-1]
            if labelled or (first.sentence == s.sentence and _OPENS_WINDOW.match(text, first.mention.span[1])):
                return i
    return None


def _due_of_window_just_opened(text: str, frames: list[Frame], s: Statement) -> int | None:
    """A due day with no word of its own, in the paragraph of a window just opened,
    is that window's last day: 于5月15日起公开征求意见。市民…可在本月30日前反馈; so is
    one in the sentence of work that began (已于12月1日开始，…需在12月31日前完成确认)."""
    if not s.mention.value.open_start or s.hit is not None or not frames:
        return None
    f = frames[-1]
    opened = f.statements[-1].mention
    if f.value.end is not None or f.value.open_start or f.value.first_day >= s.mention.value.first_day:
        return None
    if f.kind == "other" and f.statements[-1].sentence == s.sentence and _BEGUN.match(text, opened.span[1]):
        return len(frames) - 1  # 确认工作已于12月1日开始，纳税人需在12月31日前完成确认: the work's window
    if f.kind != "deadline" or not (opened.text.endswith("起") or _SINCE.match(text, opened.span[1])):
        return None
    return None if "\n" in text[opened.span[1]:s.mention.span[0]] else len(frames) - 1


def _closing_hour_of(frames: list[Frame], s: Statement) -> int | None:
    """志愿填报时间为7月1日至5日。考生须在7月5日17:00前完成填报: a "by" hour on the last
    day of a window of days told before is that window's closing hour, not a second deadline."""
    v = s.mention.value
    stop = v.end if v.end is not None else v.start
    if not v.open_start or not isinstance(stop, datetime) or stop.astimezone(SHANGHAI).time() == time(0):
        return None
    for i in range(len(frames) - 1, -1, -1):
        w = frames[i].value
        if frames[i].kind == "deadline" and w.all_day and w.end is not None and not w.open_start and w.last_day == local_day(stop) > w.first_day:
            return i
    return None


# 将于5月20日开始，26日17时截止: the two ends of one window
_OPENS_WINDOW = re.compile(r"\s*(?:起)?\s*(?:开始|启动|开放|开通)")
_CLOCK_END = re.compile(r"[\d时分点半]\s*$")  # 8:00 or 八时 right before a word
_SINCE = re.compile(r"\s*起")
_BEGUN = re.compile(r"\s*(?:起)?\s*(?:正式)?(?:开始|启动)")
_CLOSES_WINDOW = re.compile(r"\s*(?:截止|结束|关闭)")


def _other_record(f: Frame, s: Statement, records: frozenset[int]) -> bool:
    """Whether a frame and a statement sit in two different records of a table."""
    return f.topic != s.topic and f.topic in records and s.topic in records


def _status(s: Statement) -> str:
    return "cancelled" if s.cancelled else "confirmed"


def _last_kind(frames: list[Frame], topic: int) -> str | None:
    for f in reversed(frames):
        if f.topic == topic:
            return f.kind
    return frames[0].kind if frames and topic == 0 else None


def _elsewhere(text: str, f: Frame, s: Statement) -> bool:
    """Whether a statement names a place other than the frame's own."""
    if s.time_line:
        return False
    here = place_in(text[s.sentence[0]:s.sentence[1]])
    there = place_in(text[f.anchor.sentence[0]:f.anchor.sentence[1]])
    if here is not None and there is not None and here != there:
        return True
    area = _area_after_time(text, s)
    if area is None:
        return False
    areas = {a for x in f.statements if (a := _area_after_time(text, x)) is not None}
    return bool(areas) and area not in areas


# 6月11日8:00至20:00，城南区中山路片区将暂停供水: the area an outage clause names right after its time
_AREA_AFTER_TIME = re.compile(r"[，,\s]*(?:在)?([\u4e00-\u9fff（）()、]{2,24}?(?:区|路|街|镇|乡|村|片区|小区|社区|县|段|线|桥|道|园|城))(?:等)?(?:地|区域|一带|周边)?\s*(?:也|亦|还|同样|均|都)?(?:将|会|将会)?(?:暂停|停止|实行|实施|进行|临时)?")


_NO_OWN_AREA = re.compile(r"(?:部分|相关|有关|以下|周边|沿线|全市|全区|全县|城区部分)")


def _area_after_time(text: str, s: Statement) -> str | None:
    """The area of an outage statement whose clause runs time, area, outage word."""
    if s.kind != "outage" or s.hit is None:
        return None
    start = s.mention.span[1]
    hit_at = s.sentence[0] + s.hit.start
    if not start < hit_at <= start + 40:
        return None
    m = _AREA_AFTER_TIME.fullmatch(text, start, hit_at)
    if m is None:
        return None
    area = re.sub(r"^(?:对|在|将|于)", "", m[1])
    return None if _NO_OWN_AREA.match(area) else area  # 部分小区 names no area of its own


def _index_all(frames: list[Frame], by_day: dict[date, list[int]]) -> None:
    """Rebuild the by-day index after a change of plan moved or added frames."""
    by_day.clear()
    for i, f in enumerate(frames):
        by_day.setdefault(f.value.first_day, []).append(i)


def _merge_target(text: str, frames: list[Frame], s: Statement, same_day: list[int]) -> tuple[int, Frame] | None:
    """The frame a start statement restates, if any.

    In its own row: the same kind (or a bare time line) on a compatible time,
    or anything at the very same minute.  Across rows: only the very same
    minute, when the kinds agree or one side is a bare time line.
    """
    session = session_row(text, s)
    for i in reversed(same_day):
        f = frames[i]
        if all(x.role == "reopen" for x in f.statements):
            continue  # a reopening is its own entry; a run that starts that day (恢复开放首周…) is another
        if session and run_of_days(f):
            continue  # 18日上午 8:30—11:00 语文 under 中考将于6月18日—20日举行: a session beside the run
        if session and any(not x.mention.value.all_day and session_row(text, x) for x in f.statements):
            continue  # …上午9:00—11:00进行《行政职业能力测验》，下午14:00—17:00进行《申论》: another session
        if any(x.mention is s.mention and x.kind != s.kind for x in f.statements):
            continue  # one time, two happenings (a fair, and the closure 届时 it brings)
        restated = not f.value.all_day and f.value.start == s.mention.value.start and f.value.open_start == s.mention.value.open_start
        if f.topic != s.topic:
            if f.topic and s.topic and not (s.time_line or all(x.time_line for x in f.statements)):
                continue  # 3. 市属公园自18时起关闭 / 4. 滨海栈道18时起禁止进入: two items of a list, two happenings
            lines_only = all(x.time_line for x in f.statements) or s.time_line
            if restated and (f.kind == s.kind or lines_only) and not _elsewhere(text, f, s):
                return i, f
            continue
        if s.time_line and f.kind != s.kind:
            continue  # looked at below
        if (f.kind == s.kind or restated) and _compatible(f, s) and not _elsewhere(text, f, s):
            return i, f  # (the same time in another place is a parallel happening)
    if s.time_line:
        for i in same_day:
            f = frames[i]
            if f.topic == s.topic and _compatible(f, s) and not (session and run_of_days(f)):
                return i, f
    return None


def _run_it_is_part_of(text: str, frames: list[Frame], s: Statement) -> int | None:
    """The run of days of the same kind a day said with 其中 lies in (国庆假期期间（10月1日至7日），
    本馆照常开放…，其中10月3日（星期一）照常开放: one opening over the holiday)."""
    if not s.mention.value.all_day:
        return None
    if not _PART_OF.search(text, max(s.sentence[0], s.mention.span[0] - 6), s.mention.span[0]) and not (s.hit is None and _PARTS_LISTED.match(text, s.sentence[0])):
        return None  # (其中，3月19日为语文学科，3月20日为物理学科: each day listed, naming no happening, is a part)
    day = s.mention.value.first_day
    for i in range(len(frames) - 1, -1, -1):
        f = frames[i]
        if f.kind == s.kind and run_of_days(f) and f.value.first_day <= day <= f.value.last_day:
            return i
    return None


_PART_OF = re.compile(r"其中[，,]?\s*$")
_PARTS_LISTED = re.compile(r"\s*其中[，,]")


def _merged(f: Frame, s: Statement) -> Frame:
    statements = f.statements + (s,)
    if all(x.time_line for x in f.statements) and not s.time_line and s.kind is not None:
        f = replace(f, kind=s.kind)  # the happening is named after its bare time line
    best = _best(statements).mention.value
    value = best
    # A date range from one statement and a clock from another: keep both.
    if best.end is None and f.value.end is not None and f.value.all_day and best.all_day:
        value = f.value
    status = "cancelled" if f.status == "cancelled" or s.cancelled else "confirmed"
    return replace(f, value=value, statements=statements, status=status)


def _ends_said_first(text: str, frames: list[Frame], ends: list[Statement]) -> list[Frame]:
    """A show's end said before its opening (…正在展出，展期至8月31日。该展于7月16日开幕):
    the opening that follows in the article opens the run that ends then."""
    for s in ends:
        for i, f in enumerate(frames):
            opens = f.opening_of == s.kind or (f.kind == "ceremony" and f.opening_of is None)
            if opens and f.value.end is None and f.statements[0].sentence[0] > s.sentence[0] and f.value.first_day <= s.mention.value.first_day:
                run = run_after_opening(f, s.mention.value, s.kind or "exhibition", s)
                if rite_unsaid(text, f, run):
                    frames[i] = run
                else:
                    frames.append(run)
                break
    return frames


# kinds whose consecutive listed days (定于本周四、周五举行) are one run, unless the sentence
# says they are apart (各举办一场, 分别, 每天)
_HELD_OVER_DAYS = frozenset(("activity", "meeting", "exhibition"))
_APART = re.compile(r"各|分别|每[天日晚场]|两场|场次")


def _one_happening(text: str, prev: Frame, f: Frame) -> bool:
    """Whether two days of one sentence are of one happening: named by the same word, not said apart."""
    a, b = prev.statements[-1].hit, f.statements[0].hit
    return a is not None and a == b and not _APART.search(text, *f.statements[0].sentence)


def closed_days_joined(text: str, frames: list[Frame]) -> list[Frame]:
    """Whole days of one closure listed one by one in one sentence (5月6日（周一）、
    5月7日（周二）闭馆) are one closure from the first to the last; days apart stay apart.
    So are consecutive days of a meeting or games held over them (运动会定于本周四、周五举行).

    Example: outages on 5-06 and 5-07 from one sentence → one outage 5-06..5-07.
    """
    out: list[Frame] = []
    for f in frames:
        prev = out[-1] if out else None
        if (
            prev is not None and f.kind == prev.kind and (f.kind == "outage" or f.kind in _HELD_OVER_DAYS and _one_happening(text, prev, f))
            and f.value.all_day and prev.value.all_day and f.value.last_day == f.value.first_day and not f.value.open_start
            and not prev.value.open_start and f.topic == prev.topic
            and f.statements[0].sentence == prev.statements[-1].sentence
            and f.value.first_day == prev.value.last_day + timedelta(days=1)
        ):
            out[-1] = replace(prev, value=TimeValue(prev.value.start, f.value.first_day, prev.value.grain), statements=prev.statements + f.statements)
            continue
        out.append(f)
    return out


def first_hour_of_days(frames: list[Frame]) -> list[Frame]:
    """A happening held over whole days and its one timed start on the first day are
    one entry from that hour (定于12月27日至28日召开…会议 … 27日上午9:00开会); a
    programme of several timed sessions over the days stays apart (26日9:00第一次
    全体会议 … 28日9:00第二次全体会议)."""
    out = list(frames)
    merged: set[int] = set()
    timed: dict[tuple[str, date], list[int]] = {}  # timed frames by kind and day: linear in the page
    for j, g in enumerate(frames):
        if not g.value.all_day:
            timed.setdefault((g.kind, g.value.first_day), []).append(j)
    for i, f in enumerate(frames):
        if not (f.value.all_day and f.value.end is not None and f.value.last_day > f.value.first_day):
            continue
        days = (f.value.last_day - f.value.first_day).days + 1
        inside = [
            j for k in range(min(days, 400)) for j in timed.get((f.kind, f.value.first_day + timedelta(days=k)), ())
        ]
        if len(inside) == 1 and _opens_days(f.value, frames[inside[0]].value):
            g = frames[inside[0]]
            last = f.value.last_day + timedelta(days=1)
            value = TimeValue(g.value.start, datetime(last.year, last.month, last.day, tzinfo=SHANGHAI), Grain.MINUTE)
            out[i] = replace(f, value=value, statements=f.statements + g.statements)
            merged.add(inside[0])
    return [f for j, f in enumerate(out) if j not in merged]


def _opens_days(days: TimeValue, timed: TimeValue) -> bool:
    """Whether ``timed`` is an hour on the first of several whole ``days``."""
    return (
        days.all_day and days.end is not None and days.last_day > days.first_day
        and not timed.all_day and timed.end is None and not timed.open_start and timed.first_day == days.first_day
    )


def _end_target(text: str, frames: list[Frame], s: Statement) -> int | None:
    end = s.mention.value
    for i in range(len(frames) - 1, -1, -1):
        f = frames[i]
        if f.kind == "deadline" and not (
            f.value.end is None and not f.value.open_start and f.statements[0].sentence == s.sentence
        ):
            continue  # only a window opened in the same sentence (报名已于3月1日启动，将于15日24时关闭) takes an end
        if f.topic != s.topic and s.topic != 0:
            continue
        last = f.statements[-1].mention.span[1]
        if s.kind in _RUN_KINDS and f.kind in _NOT_RUNS and last <= s.mention.span[0] and "\n" in text[last:s.mention.span[0]]:
            continue  # 展期至3月31日 in another paragraph: the end of a show, not of the closure before it
        if s.kind in _RUN_KINDS and f.kind == "other" and (
            all(x.role == "reopen" for x in f.statements) or "展" not in text[f.anchor.sentence[0]:f.anchor.sentence[1]]
        ):
            continue  # 10月11日起恢复正常开放。…特展继续展出，展期至10月30日: the place keeps open, the show ends
        if local_day(end.start) >= f.value.first_day:
            return i
    return None


_RUN_KINDS = frozenset(("exhibition",))
_NOT_RUNS = frozenset(("outage", "deadline", "hotline", "meeting", "hearing"))


# X日恢复。 / X日恢复， with nothing after 恢复: the day things are back (a closure's next day)
_BACK_THAT_DAY = re.compile(r"\s*(?:起)?(?:全面|全部)?恢复\s*(?:[。，,；;！!]|$)")


def _with_end(f: Frame, s: Statement, text: str = "") -> Frame:
    """The frame runs until the end statement's time (its end if it is a range)."""
    v, e = f.value, s.mention.value
    if v.end is not None and not v.all_day and f.ended_by == () and e.all_day and e.end is None and e.first_day == v.last_day + timedelta(days=1):
        return f  # 1月10日8:00至1月11日20:00升级…1月12日起恢复正常: back the day after the stated end
    stop = e.end if e.end is not None else e.start
    if f.kind == "deadline" and v.all_day and isinstance(stop, datetime) and stop.astimezone(SHANGHAI).time() != time(0) and local_day(stop) > v.first_day:
        # 5月20日开始，26日17时截止: a window open from the first day's start until that hour
        start = datetime(v.first_day.year, v.first_day.month, v.first_day.day, tzinfo=SHANGHAI)
        return replace(f, value=TimeValue(start, stop, Grain.MINUTE), ended_by=f.ended_by + (s,))
    if v.all_day and isinstance(stop, datetime) and local_day(stop) == v.first_day + timedelta(days=1) and stop.astimezone(SHANGHAI).time() != time(0) and stop.astimezone(SHANGHAI).hour < 6:
        # 12月31日晚…末班车延后至次日凌晨1:00: a night's run, from that day until the hour after midnight
        start = datetime(v.first_day.year, v.first_day.month, v.first_day.day, tzinfo=SHANGHAI)
        return replace(f, value=TimeValue(start, stop, Grain.MINUTE), ended_by=f.ended_by + (s,))
    if v.all_day and isinstance(stop, datetime):
        stop = closing_day(stop)  # 将于3月15日24时关闭: the run's last day is the 15th
    if not v.all_day and not isinstance(stop, datetime):
        # a timed start and a day end: end of that day
        stop = datetime(stop.year, stop.month, stop.day, tzinfo=SHANGHAI) + timedelta(days=1)
    if local_day(stop) < v.first_day or (isinstance(stop, datetime) and isinstance(v.start, datetime) and stop <= v.start):
        return f
    if v.end is not None and f.ended_by == () and local_day(v.end) != v.first_day and local_day(stop) <= local_day(v.end):
        return f  # a range already stated wins over a restatement inside it
    if v.all_day and v.end is not None and not isinstance(e.start, datetime) and local_day(stop) == local_day(v.end) + timedelta(days=1):
        return f  # 2月14日至2月23日暂停营业，2月24日起恢复: back the day after the stated last day
    if v.all_day and not isinstance(stop, datetime) and _BACK_THAT_DAY.match(text, s.mention.span[1]) and local_day(stop) > v.first_day:
        stop = local_day(stop) - timedelta(days=1)  # 今日起暂停开放，20日恢复: open again on the 20th, closed until the 19th
    since = said_from(text, s.mention)
    if v.end is not None and not isinstance(e.start, datetime) and since and local_day(stop) <= v.last_day + timedelta(days=1):
        return f  # 每晚23:00至次日5:00封闭…10月30日起恢复正常通行: the stated run already ends by then
    return replace(f, value=TimeValue(v.start, stop, v.grain), ended_by=f.ended_by + (s,))


def run_after_opening(opening: Frame, end: TimeValue, kind: str, by: Statement | None) -> Frame:
    """The festival or show an opening ceremony opens, running until ``end``.

    Example: 9月27日文化节开幕 … 会期30天 → activity 9-27..10-26 beside the ceremony.
    """
    stop = end.end if end.end is not None else end.start
    last = max(closing_day(stop), opening.value.first_day)  # an end at midnight closes the day before
    kind = kind if kind != "ceremony" else opening.opening_of or "activity"
    value = TimeValue(opening.value.first_day, last, opening.value.grain if opening.value.all_day else Grain.DAY)
    return Frame(kind, value, opening.statements[:1], opening.topic, ended_by=(by,) if by else ())


def _changed(text: str, frames: list[Frame], s: Statement) -> list[Frame]:
    """延期至/推迟到 X: the happening named in the sentence moves (or, a show, closes) at X.

    Only a happening whose original time the sentence states earlier moves;
    otherwise (展览A延期至X，展览B延期至Y) each change is a happening of its own.
    A run of days said before is extended by 暂停时间延长至 X (its days now end at X).
    """
    new = s.mention.value
    if (extended := _extended_run(text, frames, s)) is not None:
        f = frames[extended]
        frames[extended] = replace(f, value=TimeValue(f.value.start, new.start, Grain.DAY), statements=f.statements + (s,), change=f"延长至{s.mention.text}")
        return frames
    for i in range(len(frames) - 1, -1, -1):
        f = frames[i]
        first = f.statements[0]
        if (
            f.topic == s.topic
            and first.sentence == s.sentence
            and first.role == "start"
            and first.mention.span[0] < s.mention.span[0]
            and (s.kind is None or f.kind == s.kind or (s.hit is not None and s.hit.word in _MOVING_VERBS))
            and not any(x.role == "change" and x.sentence == s.sentence for x in f.statements)
        ):  # (…由5月20日延长至5月31日，资格初审截止时间相应顺延至6月2日: the second is another's)
            note = f"{_change_word(s)}{s.mention.text}"
            frames[i] = replace(f, value=new, statements=f.statements + (s,), change=note, status="confirmed")
            return frames
    kind = s.kind or "other"
    s = replace(s, kind=kind)
    frames.append(Frame(kind, new, (s,), s.topic, "confirmed", f"{_change_word(s)}{s.mention.text}"))
    return frames


# 暂停时间延长至3月15日 / 报名时间延长至 / 展期延长至: the days of a run said before now end later
_EXTENDS = re.compile(r"(暂停|停止|封闭|管制|施工|停水|停电|停气|闭馆|报名|申报|受理|缴费|办理|征集|公示|展)?(?:时间|期限|期)?(?:延长至|延长到)\s*$")
# what the word before 时间延长至 says is extended: a closure, a window, a show
_EXTENDED_KIND = {"暂停": "outage", "停止": "outage", "封闭": "outage", "管制": "outage", "施工": "outage", "停水": "outage",
                  "停电": "outage", "停气": "outage", "闭馆": "outage", "报名": "deadline", "申报": "deadline",
                  "受理": "deadline", "缴费": "deadline", "办理": "deadline", "征集": "deadline", "公示": "deadline",
                  "展": "exhibition"}


def _extended_run(text: str, frames: list[Frame], s: Statement) -> int | None:
    """The run of whole days told before that 暂停时间延长至 X extends: the latest one of the
    statement's kind (or any, when it names none) that ends before X."""
    new = s.mention.value
    said = _EXTENDS.search(text, max(s.sentence[0], s.mention.span[0] - 8), s.mention.span[0])
    if not new.all_day or new.end is not None or said is None:
        return None
    kind = _EXTENDED_KIND.get(said[1] or "") or s.kind
    if kind is None:
        return None  # 时间延长至…: without saying what, nothing is known to be extended
    for i in range(len(frames) - 1, -1, -1):
        v = frames[i].value
        if frames[i].kind == kind and v.all_day and v.end is not None and v.first_day < v.last_day < new.first_day:
            return i
    return None


# …听证会，…推迟至6月8日上午9:00召开: the verb of the move names no other happening
_MOVING_VERBS = frozenset(("召开", "举行", "举办", "开会"))


def _change_word(s: Statement) -> str:
    return "改期至" if s.kind not in ("exhibition",) else "延期至"


def _closed_until_reopening(frame: Frame, frames: list[Frame]) -> Frame:
    """A closure without an end, told after the reopening it leads to, ends the day before
    it (将于2月1日起恢复开放。…于去年10月8日起闭馆改造: closed until 1月31日)."""
    if frame.kind != "outage" or frame.value.end is not None or not frame.value.all_day:
        return frame
    start = frame.value.first_day
    reopenings = [f for f in frames if _is_reopening(f) and f.value.first_day > start]
    if not reopenings:
        return frame
    reopening = min(reopenings, key=lambda f: f.value.first_day)
    day = reopening.value.first_day
    if _open_between(frames, start, day):
        return frame
    return _closed_until(frame, day, reopening.statements[0])


def _is_reopening(f: Frame) -> bool:
    """Whether a frame is a reopening (…起恢复开放), told once or more."""
    return f.kind == "other" and any(x.role == "reopen" for x in f.statements)


def _closed_until(closure: Frame, reopened: date, by: Statement) -> Frame:
    """A closure without an end, closed until the day before ``reopened``."""
    value = TimeValue(closure.value.start, reopened - timedelta(days=1), closure.value.grain)
    return replace(closure, value=value, ended_by=(by,))


def _open_between(frames: list[Frame], closed: date, reopened: date) -> bool:
    """Whether the text opens the place again between a closure and a reopening
    (2月16日闭馆；2月18日至23日正常开放；2月24日起恢复正常开放时间: the closure is one day)."""
    return any(g.kind == "other" and closed < g.value.first_day < reopened for g in frames)


def _reopened(frames: list[Frame], s: Statement) -> list[Frame]:
    """…起恢复开放: a reopening of its own; it also ends a closure without an end."""
    day = s.mention.value.first_day
    for i in range(len(frames) - 1, -1, -1):
        f = frames[i]
        if f.kind == "outage" and f.value.end is None and f.value.first_day < day:
            if not _open_between(frames, f.value.first_day, day):
                frames[i] = _closed_until(f, day, s)
            break
    s = replace(s, kind="other")
    for i, f in enumerate(frames):
        if _is_reopening(f) and f.value.first_day == day:
            frames[i] = _merged(f, s)  # the headline's 5月18日重新开放 and the body's, one reopening
            return frames
    frames.append(Frame("other", s.mention.value, (s,), s.topic))
    return frames



__all__ = [
    "Frame",
    "build_frames",
    "run_after_opening",
]
