"""Repeating happenings with a stated beginning: 自5月20日起，每周三上午9:00-11:00接访.

A recurrence alone (每周三上午) names no dated instance and times no notice.
Anchored by a start in the same sentence (自…起, 从…起, …起), it becomes one
notice on the first occurrence on or after that day, carrying the recurrence
as an RFC 5545 RRULE so that calendars repeat it.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, datetime, timedelta

from dateutil.rrule import rrulestr

from notices.mentions import trace_mentions
from notices.model import SHANGHAI, Mention, Notice, TimeValue, local_day
from notices.rules import Expression


def repeating(text: str, sentence: tuple[int, int], ref: datetime, group: list[Mention]) -> list[Mention]:
    """The sentence's mentions, with an anchored recurrence made one repeating mention.

    The anchor (自5月20日起) and the hours the recurrence lent to the event
    stage (上午9:00-11:00) give way to the repeating mention; a sentence
    without both an anchor and a recurrence is returned as it is.

    Example: "自5月20日起，每周三上午9:00-11:00开展接访活动" (2024) → one mention
    2024-05-22T09:00..11:00 with rrule FREQ=WEEKLY;BYDAY=WE.
    """
    if "每" not in text[sentence[0]:sentence[1]]:
        return group
    traced = trace_mentions(text, ref, sentence[0], sentence[1])
    for i, (x, m) in enumerate(traced):
        if x.spec is None or x.spec.recur is None or i == 0:
            continue
        anchor = _anchor_before(traced[:i])
        if anchor is None or _HOURS_OF_A_PLACE.search(text, anchor.span[1], m.span[0]):
            continue  # 6月1日起恢复开放，开放时间为每日8:30—17:30: the hours a place keeps, no happening
        if _CLOSING_DAY.match(text, m.span[1]):
            continue  # 2月24日起恢复正常开放时间，每周一闭馆: the place's weekly closing day, no happening
        first = _first_on_or_after(x.spec.recur, anchor.value.first_day)
        if first is None:
            continue
        value = _moved(m.value, first)
        span = (anchor.span[0], m.span[1])
        made = replace(m, text=text[span[0]:span[1]], span=span, value=value, rrule=x.spec.recur, has_date=True)
        kept = [g for g in group if not (span[0] <= g.span[0] and g.span[1] <= span[1])]
        return sorted([*kept, made], key=lambda g: g.span)
    return group


# 开放时间为 / 营业时间： before a recurrence: the hours a place keeps
_HOURS_OF_A_PLACE = re.compile(r"(?:开放|营业|办公|服务|开馆|接待)时间\s*(?:为|是|[:：])")


# 闭馆 / 休馆 / 休息 right after a weekly day: a place's closing day
_CLOSING_DAY = re.compile(r"\s*(?:全天)?(?:闭馆|休馆|闭园|休息|停止开放|不开放|不对外开放|例行闭馆|例行休息)")


def _anchor_before(traced: list[tuple[Expression, Mention]]) -> Mention | None:
    """The latest dated start (自5月20日起) before the recurrence, if the sentence states one."""
    for x, m in reversed(traced):
        if x.kind == "since" and m.value.end is None and x.spec is not None and x.spec.recur is None:
            return m
    return None


def _first_on_or_after(rule: str, day: date, begins: date | None = None) -> date | None:
    """The first day on or after ``day`` that the RRULE value falls on, counting from
    ``begins`` (the happening's own first day; ``day`` itself when not given).

    Example: _first_on_or_after("FREQ=WEEKLY;BYDAY=WE", date(2024, 5, 20)) == date(2024, 5, 22).
    """
    first = begins or day
    try:
        found = rrulestr(f"RRULE:{rule}", dtstart=datetime(first.year, first.month, first.day)).after(
            datetime(day.year, day.month, day.day), inc=True
        )
    except (ValueError, TypeError):
        return None
    return found.date() if found is not None else None


def _moved(value: TimeValue, day: date) -> TimeValue:
    """The recurrence's own value (its hours, if any) moved onto ``day``."""
    shift = timedelta(days=(day - value.first_day).days)
    start = value.start + shift
    end = value.end + shift if value.end is not None else None
    if isinstance(start, datetime):
        start = start.astimezone(SHANGHAI)
    return replace(value, start=start, end=end)


def occurrence_from(notice: Notice, day: date) -> Notice:
    """A repeating notice as its first occurrence on or after ``day`` (itself when it does not repeat).

    A digest or a feed window asks about a day; a weekly session that began
    months ago is next held on its next weekday.

    Example: 区领导接访 (first 2024-05-22 09:00–11:00, weekly on Wednesdays) from
    2024-09-02 → the same notice on 2024-09-04 09:00–11:00.
    """
    if not notice.rrule or local_day(notice.start) >= day:
        return notice
    first = _first_on_or_after(notice.rrule, day, begins=local_day(notice.start))
    if first is None:
        return notice
    shift = timedelta(days=(first - local_day(notice.start)).days)
    return replace(notice, start=notice.start + shift, end=notice.end + shift if notice.end is not None else None)

