"""TimeSpec + reference → TimeValue.

The reference is the article's publication time; an optional context date
(the last date the article named) completes partial values such as a bare
clock time or ``11日``.  Partial dates take the occurrence nearest the
anchor; the tense of the sentence breaks the tie: a report of the past
never moves into next year, an announcement prefers the future.

Example: 1月5日 published 2024-12-28 → 2025-01-05.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from notices.calendar_cn import CalendarUnknown, add_working_days, festival_dates
from notices.lexicon import lexicon
from notices.model import SHANGHAI, Grain, TimeValue
from notices.rules import Deadline, Expression, TimeSpec


class Unresolvable(Exception):
    """The expression names no usable date (e.g. 2月30日)."""


@dataclass(frozen=True)
class Context:
    """What resolution may lean on besides the expression itself.

    Example: Context(ref=2023-04-26 00:00, context_day=2023-04-26, tense="future").
    """

    ref: datetime
    context_day: date | None = None
    tense: str | None = None  # "past" | "future" | None
    context_part: str | None = None


def resolve(expr: Expression, ctx: Context) -> tuple[TimeValue, tuple[str, ...], str | None]:
    """Resolve an expression; returns the value, flags and a deadline rule text.

    Example: 3个工作日内 with context day 2023-04-26 → ..2023-05-04, rule "3个工作日内".
    """
    flags: list[str] = []
    if expr.spec is None:
        assert expr.deadline is not None
        return _within(expr.deadline, ctx, flags), tuple(flags), expr.deadline.text
    start = _resolve_spec(expr.spec, ctx, flags)
    if expr.to is not None:
        to_ctx = Context(ctx.ref, _day_of(start.start), "future", ctx.context_part)
        end = _resolve_spec(expr.to, to_ctx, flags, after=start.start)
        grain = _finer(start.grain, end.grain)
        s, e = start.start, end.end if end.end is not None else end.start
        if isinstance(s, datetime) != isinstance(e, datetime):
            # 7月15日0时至8月24日: compare as days.
            if isinstance(s, datetime) and not isinstance(e, datetime):
                e = datetime.combine(e + timedelta(days=1), time(0), SHANGHAI)
            elif isinstance(e, datetime) and not isinstance(s, datetime):
                s = datetime.combine(s, time(0), SHANGHAI)
        if e < s:  # type: ignore[operator]
            flags.append("range-end-before-start")
            return start, tuple(flags), None
        return TimeValue(s, e, grain), tuple(flags), None
    if expr.deadline is not None:
        due = start.end if start.end is not None else start.start
        if isinstance(due, datetime):
            # 6月30日17:00前: due at that minute, not the whole day
            return TimeValue(due, None, start.grain, open_start=True), tuple(flags), None
        return TimeValue(_day_of(due), None, Grain.DAY, open_start=True), tuple(flags), None
    return start, tuple(flags), None


def _finer(a: Grain, b: Grain) -> Grain:
    order = [Grain.MINUTE, Grain.HOUR, Grain.DAY, Grain.WEEK, Grain.MONTH, Grain.YEAR]
    return a if order.index(a) <= order.index(b) else b


def _day_of(value: date | datetime) -> date:
    if isinstance(value, datetime):
        return value.astimezone(SHANGHAI).date()
    return value


def _within(deadline: Deadline, ctx: Context, flags: list[str]) -> TimeValue:
    anchor = ctx.context_day or ctx.ref.astimezone(SHANGHAI).date()
    if deadline.kind == "within_workdays":
        try:
            due = add_working_days(anchor, deadline.n)
        except CalendarUnknown:
            # Outside the official calendar's known years: flag, do not guess.
            flags.append("holiday-calendar-unknown-year")
            raise Unresolvable(f"{deadline.text}: year {anchor.year} outside the holiday calendar")
    else:
        due = anchor + timedelta(days=deadline.n)
    return TimeValue(due, None, Grain.DAY, open_start=True)


def _pick(candidates: list[date], anchor: date, tense: str | None) -> date:
    """The candidate nearest the anchor; tense decides which side wins."""
    candidates = sorted(candidates)
    if tense == "past":
        past = [c for c in candidates if c <= anchor]
        if past and (anchor - past[-1]).days <= 200:
            return past[-1]
    if tense == "future":
        future = [c for c in candidates if c >= anchor]
        if future and (future[0] - anchor).days <= 200:
            return future[0]
    return min(candidates, key=lambda c: (abs((c - anchor).days), c < anchor))


def _safe_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _resolve_spec(spec: TimeSpec, ctx: Context, flags: list[str], after: date | datetime | None = None) -> TimeValue:
    ref_day = ctx.ref.astimezone(SHANGHAI).date()
    anchor = ctx.context_day if (ctx.context_day and spec.day is not None and spec.month is None) else ref_day
    year = spec.year
    if year is None and spec.year_rel is not None:
        year = ref_day.year + spec.year_rel
    day: date | None = None

    if spec.day_rel is not None:
        base = ctx.context_day if (spec.day_rel_context and ctx.context_day) else ref_day
        day = base + timedelta(days=spec.day_rel)
    elif spec.festival is not None:
        years = [year] if year is not None else [ref_day.year - 1, ref_day.year, ref_day.year + 1]
        found = [d for y in years for d in _festival(spec.festival, y)]
        if not found:
            raise Unresolvable(spec.festival)
        day = found[0] if year is not None else _pick(found, ref_day, ctx.tense)
    elif spec.week_rel is not None:
        monday = ref_day - timedelta(days=ref_day.weekday()) + timedelta(weeks=spec.week_rel)
        if spec.weekday is None:
            return TimeValue(monday, monday + timedelta(days=6), Grain.WEEK)
        day = monday + timedelta(days=spec.weekday - 1)
    elif spec.day is not None:
        day = _month_day(spec, year, ctx, anchor, flags)
    elif spec.month_end or spec.year_end:
        y = year if year is not None else ref_day.year
        if spec.year_end:
            day = date(y, 12, 31)
        else:
            m = spec.month if spec.month is not None else ref_day.month + (spec.month_rel or 0)
            y, m = y + (m - 1) // 12, (m - 1) % 12 + 1
            day = date(y, m, calendar.monthrange(y, m)[1])
    elif spec.weekday is not None:
        base = ctx.context_day or ref_day
        delta = (spec.weekday - 1 - base.weekday()) % 7
        if ctx.tense == "past" and delta:
            delta -= 7
        day = base + timedelta(days=delta)
    elif spec.month is not None or spec.month_rel is not None:
        if spec.month is not None:
            m = spec.month
            if year is None:
                cands = [date(ref_day.year + k, m, 1) for k in (-1, 0, 1)]
                y = _pick(cands, ref_day.replace(day=1), ctx.tense).year
            else:
                y = year
        else:
            total = ref_day.year * 12 + ref_day.month - 1 + (spec.month_rel or 0)
            y, m = divmod(total, 12)
            m += 1
        first = date(y, m, 1)
        return TimeValue(first, date(y, m, calendar.monthrange(y, m)[1]), Grain.MONTH)
    elif year is not None and spec.hour is None and spec.part is None:
        return TimeValue(date(year, 1, 1), date(year, 12, 31), Grain.YEAR)
    else:
        # Only a clock time or a part of day: the context day, else the reference day.
        day = ctx.context_day or ref_day
        if after is not None:
            day = _day_of(after)

    if spec.weekday is not None and spec.week_rel is None and spec.day is not None:
        if day.isoweekday() != spec.weekday:
            flags.append("weekday-mismatch")

    if spec.hour is None:
        return TimeValue(day, None, Grain.DAY)
    part = spec.part or (ctx.context_part if spec.day is None and spec.day_rel is None else None)
    hour = _hour_for_part(spec.hour, part)
    minute = spec.minute if spec.minute is not None else 0
    if hour == 24:
        moment = datetime.combine(day + timedelta(days=1), time(0, minute), SHANGHAI)
    else:
        moment = datetime.combine(day, time(hour, minute), SHANGHAI)
    if after is not None and isinstance(after, datetime) and moment < after and spec.day is None and spec.day_rel is None:
        # 23:00至5:00 runs past midnight.
        moment += timedelta(days=1)
    return TimeValue(moment, None, Grain.MINUTE if spec.minute is not None else Grain.HOUR)


def _hour_for_part(hour: int, part: str | None) -> int:
    if part is None:
        return hour
    add_below, _default = lexicon().part_hours[part]
    if hour < add_below:
        return hour + 12
    return hour


def _festival(name: str, year: int) -> tuple[date, ...]:
    try:
        return festival_dates(name, year)
    except CalendarUnknown:
        return ()


def _month_day(spec: TimeSpec, year: int | None, ctx: Context, anchor: date, flags: list[str]) -> date:
    assert spec.day is not None
    ref_day = ctx.ref.astimezone(SHANGHAI).date()
    if spec.month is not None or spec.month_rel is not None:
        if spec.month is None:
            total = ref_day.year * 12 + ref_day.month - 1 + (spec.month_rel or 0)
            y, m0 = divmod(total, 12)
            found = _safe_date(y, m0 + 1, spec.day)
            if found is None:
                raise Unresolvable(f"{m0 + 1}月{spec.day}日")
            return found
        month = spec.month
        if year is not None:
            found = _safe_date(year, month, spec.day)
            if found is None:
                raise Unresolvable(f"{year}年{month}月{spec.day}日")
            return found
        cands = [d for k in (-1, 0, 1) if (d := _safe_date(ref_day.year + k, month, spec.day))]
        if not cands:
            raise Unresolvable(f"{month}月{spec.day}日")
        if spec.weekday is not None:
            # 3月25日(星期六): the weekday tells the year when it is not written.
            matching = [c for c in cands if c.isoweekday() == spec.weekday]
            if matching:
                cands = matching
        return _pick(cands, ref_day, ctx.tense)
    # Only a day of month: the month comes from the context (or the reference).
    base = anchor
    cands = []
    for k in (-1, 0, 1):
        total = base.year * 12 + base.month - 1 + k
        y, m0 = divmod(total, 12)
        d = _safe_date(y, m0 + 1, spec.day)
        if d:
            cands.append(d)
    if ctx.context_day is not None:
        # 7月9日 … 11日16时30分: stay in the context month unless it cannot be.
        same = [c for c in cands if (c.year, c.month) == (base.year, base.month)]
        if same and (same[0] >= base or ctx.tense != "future"):
            return same[0]
        if not same:
            # 9月27日 … 31日: the context month has no such day, so the day is
            # counted from the article's own date, as a bare day usually is.
            ref_day = ctx.ref.astimezone(SHANGHAI).date()
            around = [
                d
                for k in (-1, 0, 1)
                if (d := _safe_date(*_shift_month(ref_day, k), spec.day)) is not None
            ]
            return _pick(around, ref_day, ctx.tense)
    return _pick(cands, base, ctx.tense)


def _shift_month(day: date, k: int) -> tuple[int, int]:
    y, m0 = divmod(day.year * 12 + day.month - 1 + k, 12)
    return y, m0 + 1
