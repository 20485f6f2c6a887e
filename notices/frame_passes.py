"""Passes over a page's frames once they are merged, and one over its
statements before: what a page's happenings say about each other.

* ``windows``: an onset and a due day in one sentence are one deadline window;
* ``rows_with_hours``: hours given above or under a schedule are every row's;
* ``without_bare_openings`` / ``without_introductions``: an exhibition's
  opening with no rite named is its run's first day; a sentence ending in ：
  that only introduces rows of its kind is no happening of its own;
* ``put_off``: 顺延一周 moves a happening by a length;
* ``rite_unsaid``: whether an opening is only a show's first day.

Example: rows 3月6日 / 3月13日 under 接待时间为当日上午8:30—11:30 → both 08:30–11:30.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from notices.cues import cues
from notices.model import SHANGHAI, Grain, TimeValue
from notices.statements import Statement
from notices.text import cn_to_int

if TYPE_CHECKING:
    from notices.frames import Frame


# Words that say an opening is a rite of its own (a ceremony with guests), not only a show's first day
_RITE = re.compile(r"开幕式|开展式|仪式|剪彩|致辞|揭幕|出席|主持|宣布")


def rite_unsaid(text: str, opening: Frame, run: Frame) -> bool:
    """Whether an exhibition's opening is only the first day of its run: no
    rite is named in the sentences that state it or just after its opening
    (将于4月1日在市美术馆开幕，展期至4月30日; but …开展。…出席开展仪式 is a rite)."""
    if run.kind != "exhibition":
        return False
    first = opening.statements[0].sentence
    if _RITE.search(text, first[0], min(len(text), first[1] + _RITE_REACH)):
        return False
    return not any(_RITE.search(text, s.sentence[0], s.sentence[1]) for s in opening.statements + run.ended_by)


_RITE_REACH = 160  # characters after the opening's sentence where guests at its rite are named


def without_bare_openings(text: str, frames: list[Frame]) -> list[Frame]:
    """将于12月20日开幕，展期：12月20日至3月1日: the opening of a show whose run
    is stated apart is the run's first day, not a rite, unless a rite is named."""
    runs = [g for g in frames if g.kind == "exhibition" and g.value.end is not None]
    return [
        f
        for f in frames
        if not (
            f.kind == "ceremony"
            and f.opening_of == "exhibition"
            and any(g.value.first_day == f.value.first_day and rite_unsaid(text, f, g) for g in runs)
        )
    ]


def without_introductions(text: str, frames: list[Frame], records: frozenset[int]) -> list[Frame]:
    """届时将对沿线道路实施交通管制： followed by a table of its rows: the rows
    are the happenings; the sentence introducing them is none of its own."""
    rows = [f for f in frames if f.topic in records]
    if not rows:
        return frames

    def introduces(f: Frame) -> bool:
        if f.topic in records or not all(text[s.sentence[0]:s.sentence[1]].rstrip().endswith(("：", ":")) for s in f.statements):
            return False
        own = [r for r in rows if r.kind == f.kind]
        # a run stated for the whole table (将于9月9日至27日开展…，安排如下：) stays beside its rows
        spans = f.value.end is not None and all(f.value.first_day <= r.value.first_day and r.value.last_day <= f.value.last_day for r in own)
        return bool(own) and not spans

    return [f for f in frames if not introduces(f)]


# 3月5日的露天电影放映暂停，顺延一周: moved by a stated length, not to a stated day
_PUT_OFF = re.compile(r"(?:顺延|推迟|延后|延期)\s*([一二两三四五六七八九十]|\d{1,2})\s*(?:个)?\s*(天|日|周|星期)")


def put_off(text: str, frames: list[Frame]) -> list[Frame]:
    """A happening put off by a length (顺延一周, 推迟3天) moves by it; not when
    the length is only what would happen (如遇雨天顺延一天)."""
    out = []
    for f in frames:
        first = f.statements[0]
        m = None if f.change is not None else _PUT_OFF.search(text, first.mention.span[1], first.sentence[1])
        if m is None or cues().condition.search(text, first.sentence[0], m.start()):
            out.append(f)
            continue
        shift = timedelta(days=cn_to_int(m[1]) * (7 if m[2] in ("周", "星期") else 1))
        v = f.value
        moved = TimeValue(v.start + shift, v.end + shift if v.end is not None else None, v.grain)
        out.append(replace(f, value=moved, change=m[0], status="confirmed"))
    return out


def _clock(at: date | datetime) -> time:
    return at.astimezone(SHANGHAI).time().replace(tzinfo=None) if isinstance(at, datetime) else time(0)


def rows_with_hours(frames: list[Frame], hours: list[Statement], records: frozenset[int]) -> list[Frame]:
    """Every dated row of a schedule takes the hours a line under it gives
    (接待时间：上午8:30-12:00，下午14:30-17:30 → 8:30 to 17:30 on each row's day)."""
    clocks = [s.mention.value for s in hours if not s.mention.value.all_day]
    if not clocks:
        return frames
    first = min(_clock(v.start) for v in clocks)
    last = max(_clock(v.end if v.end is not None else v.start) for v in clocks)
    out = []
    for f in frames:
        v = f.value
        if f.topic in records and v.all_day and (v.end is None or v.end == v.start):
            day = v.first_day
            start = datetime.combine(day, first, tzinfo=SHANGHAI)
            end = datetime.combine(day, last, tzinfo=SHANGHAI) if last > first else None
            lent = tuple(replace(h, time_line=True, hit=None) for h in hours)  # never the row's anchor
            f = replace(f, value=TimeValue(start, end, Grain.MINUTE), statements=f.statements + lent)
        elif f.topic in records and v.all_day and v.end is not None and v.last_day > v.first_day:
            # | 6月3日—5日 | 城关镇 | under 每场演出均于晚上7时30分开演: from the first evening, over the days
            day, stop = v.first_day, v.last_day
            start = datetime.combine(day, first, tzinfo=SHANGHAI)
            end = datetime.combine(stop, last, tzinfo=SHANGHAI) if last > first else datetime.combine(stop + timedelta(days=1), time(0), tzinfo=SHANGHAI)
            lent = tuple(replace(h, time_line=True, hit=None) for h in hours)
            f = replace(f, value=TimeValue(start, end, Grain.MINUTE), statements=f.statements + lent)
        out.append(f)
    return out


def windows(items: list[Statement]) -> list[Statement]:
    """自4月15日起受理申请，受理截止时间为5月31日 / 即日起开始受理，申请截止时间为10月31日:
    an onset and the due day after it in one sentence are one deadline window
    (day-grain dues only); the onset is no happening of its own."""
    out: list[Statement] = []
    for s in items:
        o = out[-1] if out else None
        v = s.mention.value
        if (
            o is not None
            and s.role == "start"
            and s.kind == "deadline"
            and o.role == "start"
            and o.onset
            and o.kind in (None, "deadline")
            and not o.time_line
            and o.sentence == s.sentence
            and v.open_start
            and v.all_day
            and o.mention.value.all_day
            and o.mention.value.end is None
            and o.mention.value.first_day < v.first_day
        ):
            out[-1] = replace(s, mention=replace(s.mention, value=TimeValue(o.mention.value.start, v.start, v.grain)))
            continue
        out.append(s)
    return out


__all__ = ["put_off", "rite_unsaid", "rows_with_hours", "windows", "without_bare_openings", "without_introductions"]
