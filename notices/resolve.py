"""TimeSpec + reference → TimeValue.

The reference is the article's publication time; an optional context date
(the last date the article named) completes partial values such as a bare
clock time or ``11日``.  Partial dates take the occurrence nearest the
anchor; the tense of the sentence breaks the tie: a report of the past
never moves into next year, an announcement prefers the future; two
occurrences about as far apart (under a month) go to the reference's year.

Example: 1月5日 published 2024-12-28 → 2025-01-05.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta

from notices.calendar_cn import (
    CalendarUnknown,
    add_working_days_counted,
    festival_dates,
    holiday_period,
    lunar_month_length,
    lunar_year_date,
    unknown_year_flag,
)
from notices.lexicon import lexicon
from notices.model import SHANGHAI, Grain, TimeValue, local_day
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
    tense: str | None = None  # "past" | "future" | "deadline" (the next such day) | None
    context_part: str | None = None
    range_start: date | None = None  # for the end of a range: the day it starts


def resolve(expr: Expression, ctx: Context) -> tuple[TimeValue, tuple[str, ...], str | None]:
    """Resolve an expression; returns the value, flags and a deadline rule text.

    Example: 3个工作日内 with context day 2023-04-26 → ..2023-05-04, rule "3个工作日内".
    """
    flags: list[str] = []
    if expr.spec is None:
        if expr.deadline is None:
            raise Unresolvable("a length of time is no date")
        return _within(expr.deadline, ctx, flags), tuple(flags), expr.deadline.text
    if expr.deadline is not None and expr.to is None and ctx.tense != "past":
        # 12月31日前 said in May: a deadline is ahead of the notice, not behind it
        ctx = replace(ctx, tense="deadline")
    if expr.to is not None and (year := _year_of_month_range(expr.spec, expr.to, ctx)) is not None:
        # 1—9月 said on 9月27日: this year's months so far, not next year's January onwards
        expr = replace(expr, spec=expr.spec.replace(year=year), to=expr.to.replace(year=year))
    start = _resolve_spec(expr.spec, ctx, flags, alone=expr.to is None)
    if expr.to is not None:
        after = start.start
        if expr.spec.weekend and isinstance(after, datetime) and _only_hours(expr.to):
            after += timedelta(days=1)  # 周六、周日9:00-16:00: the closing hour is Sunday's
        to_ctx = Context(ctx.ref, local_day(after), "future", ctx.context_part, local_day(after))
        to = expr.to
        if to.week_rel is not None and to.weekday is None and not to.weekend and to.hour is not None:
            # 本周四下午3点至5点: the end's 本周 came with the start's weekday; it is that day's 5点
            to = to.replace(week_rel=None)
        if to.day_rel is not None and to.day_rel == expr.spec.day_rel and expr.spec.day_rel_context:
            to = to.replace(day_rel_context=True)  # 当日7:30至18:30: the end's 当日 is the start's day too
        end = _resolve_spec(to, to_ctx, flags, after=after)
        first, last = local_day(start.start), local_day(end.start)
        if to.month is not None and to.year is None and to.year_rel is None and expr.spec.year is None and last < first:
            # 3月1日至11月30日 said in February: the end is the first such day after the start
            # (nearest the reference alone, 11月30日 would be last year's)
            later = _safe_date(last.year + 1, last.month, last.day)
            if later is not None and first <= later and (later - first).days <= 366:
                end = _resolve_spec(to.replace(year=later.year), to_ctx, flags, after=after)
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
        return TimeValue(local_day(due), None, Grain.DAY, open_start=True), tuple(flags), None
    return start, tuple(flags), None


def _finer(a: Grain, b: Grain) -> Grain:
    order = [Grain.MINUTE, Grain.HOUR, Grain.DAY, Grain.WEEK, Grain.MONTH, Grain.YEAR]
    return a if order.index(a) <= order.index(b) else b


def _within(deadline: Deadline, ctx: Context, flags: list[str]) -> TimeValue:
    if deadline.kind == "within_hours":
        # 24小时内: that many hours from the reference instant
        due = ctx.ref.astimezone(SHANGHAI).replace(second=0, microsecond=0) + timedelta(hours=deadline.n)
        return TimeValue(due, None, Grain.MINUTE, open_start=True)
    anchor = ctx.context_day or ctx.ref.astimezone(SHANGHAI).date()
    if deadline.kind == "within_workdays":
        due = _working_days(anchor, deadline.n, flags)
    else:
        due = anchor + timedelta(days=deadline.n)
    return TimeValue(due, None, Grain.DAY, open_start=True)


def _working_days(anchor: date, n: int, flags: list[str]) -> date:
    """Count working days from ``anchor``; a year without an official arrangement is
    counted Monday to Friday and flagged ``holidays-unknown-YYYY``, never dropped."""
    if n == 0:
        return anchor
    due, guessed = add_working_days_counted(anchor, n)
    flags.extend(unknown_year_flag(year) for year in guessed if unknown_year_flag(year) not in flags)
    return due


_NEAR_TIE_DAYS = 31
# a bare day of the next or last month is read as such only this close to the anchor
_ADJACENT_MONTH_DAYS = 7


# a deadline without a year is the next such day when it is at most this far ahead
_DEADLINE_AHEAD_DAYS = 320


def _pick(candidates: list[date], anchor: date, tense: str | None, tie_to_year: bool = True) -> date:
    """The candidate nearest the anchor; tense decides which side wins.

    Without a tense, two candidates about equally far (under a month apart)
    go to the anchor's own year: 国庆节 said in March is this year's.
    """
    candidates = sorted(candidates)
    if tense == "past":
        past = [c for c in candidates if c <= anchor]
        if past and (anchor - past[-1]).days <= 200:
            return past[-1]
    if tense == "future":
        future = [c for c in candidates if c >= anchor]
        if future and (future[0] - anchor).days <= 200:
            return future[0]
    if tense == "deadline":
        future = [c for c in candidates if c >= anchor]
        if future and (future[0] - anchor).days <= _DEADLINE_AHEAD_DAYS:
            return future[0]
    best = min(candidates, key=lambda c: (abs((c - anchor).days), c < anchor))
    if tense is None and tie_to_year and best.year != anchor.year:
        same_year = [c for c in candidates if c.year == anchor.year]
        if same_year:
            other = min(same_year, key=lambda c: abs((c - anchor).days))
            if abs((other - anchor).days) - abs((best - anchor).days) < _NEAR_TIE_DAYS:
                return other
    return best


def _safe_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _last_day(y: int, m: int) -> date:
    return date(y, m, calendar.monthrange(y, m)[1])


def _shift_month(day: date, k: int) -> tuple[int, int]:
    y, m0 = divmod(day.year * 12 + day.month - 1 + k, 12)
    return y, m0 + 1


def _add_months(day: date, k: int) -> date:
    """``day`` moved by ``k`` months, kept inside the month (3个月后 from 11月30日 is 2月28日 or 29日)."""
    y, m = _shift_month(day, k)
    return date(y, m, min(day.day, calendar.monthrange(y, m)[1]))


def _year_of(spec: TimeSpec, ctx: Context) -> int | None:
    """The year a spec names, if any: 2024, 19 (of 19年底), 去年, 次年."""
    ref_day = ctx.ref.astimezone(SHANGHAI).date()
    if spec.year is not None:
        return spec.year
    if spec.year_short is not None:
        year = 2000 + spec.year_short
        return year - 100 if year > ref_day.year + 10 else year
    if spec.year_rel is not None:
        return ref_day.year + spec.year_rel
    if spec.year_ctx is not None:
        return (ctx.context_day or ref_day).year + spec.year_ctx
    return None


def _month_of(spec: TimeSpec, year: int | None, ctx: Context) -> tuple[int, int] | None:
    """(year, month) of a spec naming a month: 6月 (nearest), 下个月, 同月; None without one."""
    ref_day = ctx.ref.astimezone(SHANGHAI).date()
    if spec.month is not None:
        if year is not None:
            return year, spec.month
        if ctx.range_start is not None:
            # 10月和5月间: the end of a range is the first such month from its start
            first = ctx.range_start.replace(day=1)
            y = first.year if spec.month >= first.month else first.year + 1
            return y, spec.month
        cands = [date(ref_day.year + k, spec.month, 1) for k in (-1, 0, 1)]
        picked = _pick(cands, ref_day.replace(day=1), ctx.tense)
        return picked.year, picked.month
    if spec.month_rel is not None or spec.month_ctx is not None:
        base = ref_day if spec.month_rel is not None else (ctx.context_day or ref_day)
        if year is not None:
            base = date(year, base.month, 1)
        return _shift_month(base.replace(day=1), spec.month_rel if spec.month_rel is not None else spec.month_ctx or 0)
    return None


def _year_of_month_range(spec: TimeSpec, to: TimeSpec, ctx: Context) -> int | None:
    """The year of a range of whole months said without one (1—9月, 3至5月): the reference's
    year unless its months lie more than half a year away, then the nearer of the years
    beside it; None for other ranges."""
    if set(spec.given) != {"month"} or set(to.given) != {"month"} or not spec.month <= to.month:  # type: ignore[operator]
        return None
    ref = ctx.ref.astimezone(SHANGHAI).date()

    def distance(year: int) -> int:
        first, last = date(year, spec.month, 1), _last_day(year, to.month)  # type: ignore[arg-type]
        return 0 if first <= ref <= last else min(abs((first - ref).days), abs((ref - last).days))

    if distance(ref.year) <= _HALF_YEAR_DAYS:
        return ref.year  # (1至5月 said in September: this year's, a period just gone)
    return min((ref.year - 1, ref.year + 1), key=distance)


_HALF_YEAR_DAYS = 183


def _only_hours(spec: TimeSpec) -> bool:
    """Whether a range's end says only an hour (…至16:00), no day of its own (本周 aside)."""
    return spec.hour is not None and spec.day is None and spec.weekday is None and not spec.weekend and spec.day_rel is None and spec.month is None


def _resolve_spec(
    spec: TimeSpec, ctx: Context, flags: list[str], after: date | datetime | None = None, alone: bool = False
) -> TimeValue:
    ref = ctx.ref.astimezone(SHANGHAI)
    ref_day = ref.date()
    anchor = ctx.context_day if (ctx.context_day and spec.day is not None and spec.month is None) else ref_day
    year = _year_of(spec, ctx)
    day: date | None = None

    if spec.now:
        return TimeValue(ref.replace(microsecond=0), None, Grain.MINUTE)
    if spec.window is not None:
        period = _period(spec, year, ctx)
        if period is not None:
            return _window_in(spec.window, *period)
        if spec.window[2] == "tail":
            raise Unresolvable("最后N天 of nothing named")
        return _window(spec.window, ref)
    if spec.century is not None:
        first = (ref_day.year // 100 + (spec.century_rel or 0)) * 100 if spec.century is True else spec.century
        return TimeValue(date(first, 1, 1), date(first + 99, 12, 31), Grain.YEAR)  # 本世纪: 2000-2099
    if spec.decade is not None:
        return _decade(spec, ref_day)
    if spec.plan is not None:
        first = 1951 + 5 * spec.plan  # 六五 (1981) onwards: 十四五 is 2021-2025
        return TimeValue(date(first, 1, 1), date(first + 4, 12, 31), Grain.YEAR)
    if spec.offset is not None:
        moment = _offset(spec.offset, ref, flags)
        if isinstance(moment, datetime):
            return TimeValue(moment, None, Grain.MINUTE)
        day = moment
    elif spec.recur is not None:
        day = _first_occurrence(spec.recur, ref_day)
    elif spec.day_rel is not None:
        base = ctx.context_day if (spec.day_rel_context and ctx.context_day) else ref_day
        day = base + timedelta(days=spec.day_rel)
        if spec.week_rel and not spec.weekday:
            day += timedelta(weeks=spec.week_rel)  # 下周的今天: the same weekday of that week
        if spec.month_rel:
            day = _add_months(day, spec.month_rel)  # 下个月的今天
        if year is not None and year != day.year:
            # 明年的今天, 去年今日: the same day of that year (2月29日 in a common year: the 28th)
            day = _safe_date(year, day.month, day.day) or date(year, day.month, 28)
    elif spec.festival is not None:
        years = [year] if year is not None else [ref_day.year - 1, ref_day.year, ref_day.year + 1]
        found = [d for y in years for d in _festival(spec.festival, y)]
        if not found:
            raise Unresolvable(spec.festival)
        if year is not None:
            day = found[0]
        elif ctx.range_start is not None and any(d >= ctx.range_start for d in found):
            day = min(d for d in found if d >= ctx.range_start)  # 去年国庆节到元旦: the 元旦 after
        else:
            day = _pick(found, ref_day, ctx.tense)
        if spec.after_holiday:
            # 国庆节后: the first working day after the days off (after the festival's day
            # in a year whose arrangement is unknown, counted Monday to Friday and flagged)
            days_off = holiday_period(spec.festival, day)
            return TimeValue(_working_days(days_off[1] if days_off else day, 1, flags), None, Grain.DAY)
        if spec.festival_shift:
            day += timedelta(days=spec.festival_shift)  # 国庆节前一天: 9月30日
        days_off = holiday_period(spec.festival, day) if spec.holiday and spec.hour is None else None
        if days_off is not None and spec.holiday_with:
            # 中秋国庆假期: the other festival of that year joins in (2024: 9-15 to 10-07)
            other = [d for d in _festival(spec.holiday_with, day.year)]
            other_off = holiday_period(spec.holiday_with, other[0]) if other else None
            if other_off is not None:
                days_off = (min(days_off[0], other_off[0]), max(days_off[1], other_off[1]))
        if days_off is not None:
            return TimeValue(days_off[0], days_off[1], Grain.DAY)  # 国庆假期: 10月1日至7日 in 2024
    elif spec.lunar is not None and spec.lunar[1] == 0:
        # 农历九月, 腊月: the lunar month's days, from its first to its last
        first = _lunar((spec.lunar[0], 1, spec.lunar[2]), year, ref_day, ctx.tense)
        return TimeValue(first, first + timedelta(days=lunar_month_length(first) - 1), Grain.DAY)
    elif spec.lunar is not None:
        day = _lunar(spec.lunar, year, ref_day, ctx.tense)
    elif spec.week_rel is not None or spec.weekend:
        monday = ref_day - timedelta(days=ref_day.weekday()) + timedelta(weeks=spec.week_rel or 0)
        if spec.weekend and spec.hour is None:
            return TimeValue(monday + timedelta(days=5), monday + timedelta(days=6), Grain.DAY)
        if spec.weekend:
            day = monday + timedelta(days=5)  # 周六、周日9:00-16:00: from Saturday's hour (the end is Sunday's)
        elif spec.midweek:
            return TimeValue(monday + timedelta(days=1), monday + timedelta(days=3), Grain.DAY)
        elif spec.weekday is None:
            return TimeValue(monday, monday + timedelta(days=6), Grain.WEEK)
        else:
            day = monday + timedelta(days=spec.weekday - 1)
    elif spec.nth is not None:
        n, weekday = spec.nth
        ym = _month_of(spec, year, ctx)
        if ym is None and year is not None:
            first, last = date(year, 1, 1), date(year, 12, 31)  # 2021年的第一周
        else:
            ym = ym or (ref_day.year, ref_day.month)
            first, last = date(ym[0], ym[1], 1), _last_day(*ym)
        if weekday == 0:
            # 十月的第一周: weeks counted from the period's first Monday
            monday = first + timedelta(days=(7 - first.weekday()) % 7) + timedelta(weeks=n - 1)
            if monday > last:
                raise Unresolvable(f"week {n}")
            return TimeValue(monday, monday + timedelta(days=6), Grain.WEEK)
        day = _nth_weekday(first, last, n, weekday)
    elif spec.day is not None:
        day = _month_day(spec, year, ctx, anchor, flags)
    elif spec.month_end and spec.year_part is not None and spec.year_part.startswith("qrel"):
        # 本季度末: the last day of the quarter counted from the reference's own
        y, q0 = divmod(ref_day.year * 4 + (ref_day.month - 1) // 3 + int(spec.year_part[4:]), 4)
        day = _last_day(y, q0 * 3 + 3)
    elif spec.month_end or spec.year_end:
        y = year if year is not None else ref_day.year
        if spec.year_end:
            day = date(y, 12, 31)
        elif spec.month is not None:
            day = _last_day(y, spec.month)  # 11月底: this year's, as a deadline means it
        else:
            ym = _month_of(spec, year, ctx) or (y, ref_day.month)
            day = _last_day(*ym)
    elif spec.month_part is not None:
        ym = _month_of(spec, year, ctx) or (year or ref_day.year, ref_day.month)
        return _month_part(spec.month_part, *ym)
    elif spec.year_part is not None and spec.year_part.startswith("qrel"):
        # 下个季度: the quarter after the reference's own, across the year if need be
        y, q0 = divmod(ref_day.year * 4 + (ref_day.month - 1) // 3 + int(spec.year_part[4:]), 4)
        return _year_part(f"q{q0 + 1}", y)
    elif spec.year_part is not None and spec.year_part in _SEASONS:
        return _season(spec.year_part, year, ref_day, written=spec.year_rel is not None or spec.year is not None)
    elif spec.year_part is not None:
        return _year_part(spec.year_part, year if year is not None else ref_day.year)
    elif spec.weekday is not None:
        base = ctx.context_day or ref_day
        delta = (spec.weekday - 1 - base.weekday()) % 7
        if ctx.tense == "past" and delta:
            delta -= 7
        day = base + timedelta(days=delta)
    elif spec.month is not None or spec.month_rel is not None or spec.month_ctx is not None:
        ym = _month_of(spec, year, ctx)
        assert ym is not None
        return TimeValue(date(ym[0], ym[1], 1), _last_day(*ym), Grain.MONTH)
    elif year is not None and spec.hour is None and spec.part is None:
        return TimeValue(date(year, 1, 1), date(year, 12, 31), Grain.YEAR)
    else:
        # Only a clock time or a part of day: the context day, else the reference day.
        day = ctx.context_day or ref_day
        if after is not None:
            day = local_day(after)

    if spec.weekday is not None and spec.week_rel is None and spec.day is not None:
        if day.isoweekday() != spec.weekday:
            flags.append("weekday-mismatch")

    if spec.hour is None:
        return TimeValue(day, None, Grain.DAY)
    part = spec.part or (ctx.context_part if spec.day is None and spec.day_rel is None else None)
    hour = _hour_for_part(spec.hour, part)
    minute = spec.minute if spec.minute is not None else 0
    second = spec.second if spec.second is not None else 0
    if hour == 24:
        moment = datetime.combine(day + timedelta(days=1), time(0, minute, second), SHANGHAI)
    else:
        moment = datetime.combine(day, time(hour, minute, second), SHANGHAI)
    own_day = spec.has_date() or spec.day is not None
    twelve = spec.twelve_hour and part is None and 0 < hour < 12 and not own_day
    if after is not None and isinstance(after, datetime) and moment < after and not own_day:
        # 23:00至5:00 runs past midnight; 9点到8点 (twelve-hour) is 9:00 to 20:00.
        moment += timedelta(hours=12) if twelve and moment + timedelta(hours=12) >= after else timedelta(days=1)
    elif twelve and alone and after is None and ctx.context_day is None and moment < ref and hour <= _AFTERNOON_BELOW:
        # 两点半 / 5点左右 said at 10:00 with nothing else: the afternoon's, 14:30 / 17:00; but
        # 9点30分 said at 10:20 is 09:30 as written, like 9:30 (a bare 7–11 is a morning hour)
        moment += timedelta(hours=12)
    grain = Grain.MINUTE if spec.minute is not None or spec.second is not None else Grain.HOUR
    return TimeValue(moment, None, grain)


# a bare hour up to this one, already past, is read in the afternoon (3点 said at 10:00 is 15:00)
_AFTERNOON_BELOW = 6


def _hour_for_part(hour: int, part: str | None) -> int:
    if part is None:
        return hour
    add_below, _default, twelve = lexicon().part_hours[part]
    if hour == 12:
        return twelve
    if hour == 0:
        return 24 if twelve == 24 else 0  # 晚上零点, 午夜零点: the midnight ending the day
    if twelve == 24 and hour < 5:
        return hour  # 夜里两点, 深夜三点, 晚上1点: the small hours, not the afternoon
    if hour < add_below:
        return hour + 12
    return hour


def _festival(name: str, year: int) -> tuple[date, ...]:
    try:
        return festival_dates(name, year)
    except CalendarUnknown:
        return ()


def _lunar(lunar: tuple[int, int, bool], year: int | None, ref_day: date, tense: str | None) -> date:
    """A lunar date: in the lunar year written, else the occurrence nearest the reference.

    Example: 二〇一九年农历正月十五 → 2019-02-19; 腊月廿六 said in May 2024 → 2024-02-05.
    """
    month, day, leap = lunar
    years = [year] if year is not None else [ref_day.year - 1, ref_day.year, ref_day.year + 1]
    found = []
    for y in years:
        try:
            solar = lunar_year_date(y, month, day, leap)
        except CalendarUnknown:
            continue
        if solar is not None:
            found.append(solar)
    if not found:
        raise Unresolvable(f"lunar {month}-{day}")
    return found[0] if year is not None else _pick(found, ref_day, tense)


def _nth_weekday(first: date, last: date, n: int, weekday: int) -> date:
    """The n-th (or with n = -1 the last) ISO weekday between two days.

    Example: 十一月的第二个星期三 in 2024 → 2024-11-13; 四月的最后一个星期一 → the last Monday.
    """
    if n < 0:
        return last - timedelta(days=(last.isoweekday() - weekday) % 7)
    day = first + timedelta(days=(weekday - first.isoweekday()) % 7 + 7 * (n - 1))
    if day > last:
        raise Unresolvable(f"no {n}th weekday {weekday} in {first:%Y-%m}")
    return day


def _period(spec: TimeSpec, year: int | None, ctx: Context) -> tuple[date, date] | None:
    """The month or year a window is counted in (2021年的前2周), if one is named."""
    ym = _month_of(spec, year, ctx)
    if ym is not None:
        return date(ym[0], ym[1], 1), _last_day(*ym)
    if year is not None:
        return date(year, 1, 1), date(year, 12, 31)
    return None


def _window_in(window: tuple[int, str, str], first: date, last: date) -> TimeValue:
    """The first N units of a period (去年的前10天) or, for "tail", its last N (今年的最后3周)."""
    n, unit, how = window
    tail = how == "tail"
    count = abs(n)
    if unit == "day":
        if tail:
            return TimeValue(last - timedelta(days=count - 1), last, Grain.DAY)
        return TimeValue(first, first + timedelta(days=count - 1), Grain.DAY)
    if unit == "week":
        if tail:
            sunday = last - timedelta(days=(last.weekday() + 1) % 7)
            return TimeValue(sunday - timedelta(weeks=count, days=-1), sunday, Grain.WEEK)
        monday = first + timedelta(days=(7 - first.weekday()) % 7)
        return TimeValue(monday, monday + timedelta(weeks=count, days=-1), Grain.WEEK)
    if unit == "month":
        if tail:
            y, m = _shift_month(last.replace(day=1), -(count - 1))
            return TimeValue(date(y, m, 1), last, Grain.MONTH)
        return TimeValue(first, _last_day(*_shift_month(first, count - 1)), Grain.MONTH)
    raise Unresolvable(f"a window of {unit} inside a period")


def _offset(offset: tuple[int, str], ref: datetime, flags: list[str]) -> date | datetime:
    """三天后 → a day; 两小时后 → an instant; 3个工作日后 → a working day."""
    n, unit = offset
    ref_day = ref.date()
    if unit in ("second", "minute", "hour"):
        size = {"second": timedelta(seconds=1), "minute": timedelta(minutes=1), "hour": timedelta(hours=1)}[unit]
        return ref.replace(microsecond=0) + n * size
    if unit == "day":
        return ref_day + timedelta(days=n)
    if unit == "week":
        return ref_day + timedelta(weeks=n)
    if unit == "month":
        return _add_months(ref_day, n)
    if unit == "halfmonth":
        # 两个半月后: two months on, then fifteen days
        step = 1 if n > 0 else -1
        return _add_months(ref_day, step * (abs(n) // 2)) + timedelta(days=step * 15 * (abs(n) % 2))
    if unit == "year":
        return _safe_date(ref_day.year + n, ref_day.month, ref_day.day) or date(ref_day.year + n, ref_day.month, 28)
    return _working_days(ref_day, n, flags)


def _window(window: tuple[int, str, str], ref: datetime) -> TimeValue:
    """上两周, 下三个月 (whole units next to the current one), 近三年 (counted back from
    the reference day), 之后5分钟 (from the reference instant)."""
    n, unit, how = window
    ref_day = ref.date()
    if unit in ("second", "minute", "hour"):
        size = {"second": timedelta(seconds=1), "minute": timedelta(minutes=1), "hour": timedelta(hours=1)}[unit]
        now = ref.replace(microsecond=0)
        grain = Grain.HOUR if unit == "hour" else Grain.MINUTE
        if how == "whole":
            floor = now.replace(minute=0, second=0) if unit == "hour" else now.replace(second=0) if unit == "minute" else now
            if n < 0:
                return TimeValue(floor + n * size, floor - size, grain)
            return TimeValue(floor + size, floor + n * size, grain)
        step = timedelta(minutes=1) if unit != "second" else timedelta(seconds=1)
        if n < 0:
            return TimeValue(now + n * size, now - step, Grain.MINUTE)
        return TimeValue(now, now + n * size - step, Grain.MINUTE)
    if how == "whole":
        if unit == "day":
            return TimeValue(ref_day + timedelta(days=n), ref_day - timedelta(days=1), Grain.DAY) if n < 0 else \
                TimeValue(ref_day + timedelta(days=1), ref_day + timedelta(days=n), Grain.DAY)
        if unit == "week":
            monday = ref_day - timedelta(days=ref_day.weekday())
            if n < 0:
                return TimeValue(monday + timedelta(weeks=n), monday - timedelta(days=1), Grain.WEEK)
            return TimeValue(monday + timedelta(weeks=1), monday + timedelta(weeks=n + 1, days=-1), Grain.WEEK)
        if unit == "month":
            first = ref_day.replace(day=1)
            if n < 0:
                return TimeValue(date(*_shift_month(first, n), 1), first - timedelta(days=1), Grain.MONTH)
            return TimeValue(date(*_shift_month(first, 1), 1), _last_day(*_shift_month(first, n)), Grain.MONTH)
        if unit == "year":
            if n < 0:
                return TimeValue(date(ref_day.year + n, 1, 1), date(ref_day.year - 1, 12, 31), Grain.YEAR)
            return TimeValue(date(ref_day.year + 1, 1, 1), date(ref_day.year + n, 12, 31), Grain.YEAR)
    if how.startswith("from") and unit == "day":
        # 今明两天 ("from0"), 明后两天 ("from1"): n days from the one named first
        first = ref_day + timedelta(days=int(how[4:]))
        return TimeValue(first, first + timedelta(days=n - 1), Grain.DAY)
    if how.startswith("from") and unit == "year":
        # 今明两年, 明后年: n whole years from the one named first
        y = ref_day.year + int(how[4:])
        return TimeValue(date(y, 1, 1), date(y + n - 1, 12, 31), Grain.YEAR)
    # rolling (and instant) windows of days or longer: counted from the reference day
    if unit == "day":
        far = ref_day + timedelta(days=n)
    elif unit == "week":
        far = ref_day + timedelta(weeks=n)
    elif unit == "month":
        far = _add_months(ref_day, n)
    elif unit == "year":
        far = _safe_date(ref_day.year + n, ref_day.month, ref_day.day) or date(ref_day.year + n, ref_day.month, 28)
    else:
        raise Unresolvable(f"a window of {unit}")
    if n < 0:
        return TimeValue(far, ref_day - timedelta(days=1), Grain.DAY)
    return TimeValue(ref_day + timedelta(days=1), far, Grain.DAY)


def _decade(spec: TimeSpec, ref_day: date) -> TimeValue:
    """九十年代 (the last such decade begun), 上世纪90年代, 20世纪80年代."""
    assert spec.decade is not None
    if spec.decade >= 100:
        first = spec.decade
    elif spec.century_rel is not None:
        first = (ref_day.year // 100 + spec.century_rel) * 100 + spec.decade
    else:
        first = ref_day.year // 100 * 100 + spec.decade
        if first > ref_day.year:
            first -= 100
    # 八十年代初 (1980-1982), 八十年代中期 (1983-1986), 八十年代末 (1987-1989)
    lo, hi = _DECADE_PARTS.get(spec.year_part or "", (0, 9))
    return TimeValue(date(first + lo, 1, 1), date(first + hi, 12, 31), Grain.YEAR)


_DECADE_PARTS = {"dstart": (0, 2), "dmid": (3, 6), "dend": (7, 9)}


_MONTH_PARTS = {
    "xun1": (1, 10), "xun2": (11, 20), "xun3": (21, 31), "xun12": (1, 20), "xun23": (11, 31),
    "mstart": (1, 10), "half1": (1, 15), "half2": (16, 31),
}


def _month_part(part: str, year: int, month: int) -> TimeValue:
    """上旬 1–10, 中旬 11–20, 下旬 21–end, 月初 1–10, 上半月 1–15: a vague stretch, at month grain."""
    first, last = _MONTH_PARTS[part]
    end = min(last, calendar.monthrange(year, month)[1])
    return TimeValue(date(year, month, first), date(year, month, end), Grain.MONTH)


_YEAR_PARTS = {
    "half1": (1, 6), "half2": (7, 12), "q1": (1, 3), "q2": (4, 6), "q3": (7, 9), "q4": (10, 12),
    "ystart": (1, 2), "ymid": (6, 7), "qto2": (1, 6), "qto3": (1, 9),
    "school": (9, 20),  # a school year: September to August of the next year (month 20)
}


def _year_part(part: str, year: int) -> TimeValue:
    """上半年 Jan–Jun, 一季度 Jan–Mar, 年初 Jan–Feb, 年中 Jun–Jul: months of a year."""
    first, last = _YEAR_PARTS[part]
    end_year, last = (year + 1, last - 12) if last > 12 else (year, last)
    return TimeValue(date(year, first, 1), _last_day(end_year, last), Grain.MONTH)


# season → (first month, last month); a last month before the first is in the next year
_SEASONS = {
    "spring": (3, 5), "summer": (6, 8), "autumn": (9, 11), "winter": (12, 2), "winter_spring": (12, 5),
    "sbreak": (7, 8), "wbreak": (1, 2), "sterm": (2, 7), "aterm": (9, 1),
}


def _season_in(part: str, year: int) -> TimeValue:
    first, last = _SEASONS[part]
    end_year = year + 1 if last < first else year
    return TimeValue(date(year, first, 1), _last_day(end_year, last), Grain.MONTH)


def _season(part: str, year: int | None, ref_day: date, written: bool) -> TimeValue:
    """今年夏天 Jun–Aug, 明春 Mar–May, 今冬 Dec–Feb, 暑假 Jul–Aug, 寒假 Jan–Feb: months of a season.

    A winter is named by the year it begins in, except that 今冬 said in
    January or February is the winter under way.  Without a year (暑假, 寒假)
    it is the occurrence nearest to the reference, an ongoing one first.
    """
    if year is not None and not (written and _SEASONS[part][1] < _SEASONS[part][0] and ref_day.month <= 2
                                 and year == ref_day.year):
        return _season_in(part, year)
    if year is not None:
        return _season_in(part, year - 1)  # 今冬 in January: the winter begun last December

    def distance(v: TimeValue) -> int:
        s, e = local_day(v.start), local_day(v.end if v.end is not None else v.start)
        return 0 if s <= ref_day <= e else min(abs((s - ref_day).days), abs((ref_day - e).days))

    options = [_season_in(part, y) for y in (ref_day.year - 1, ref_day.year, ref_day.year + 1)]
    return min(options, key=lambda v: (distance(v), local_day(v.start) < ref_day))


_BYDAY = {"MO": 0, "TU": 1, "WE": 2, "TH": 3, "FR": 4, "SA": 5, "SU": 6}


def _first_occurrence(rrule: str, ref_day: date) -> date:
    """The first day on or after the reference that a recurrence falls on.

    Example: 每周三 (FREQ=WEEKLY;BYDAY=WE) from Monday 2024-05-06 → 2024-05-08.
    """
    parts = dict(item.split("=", 1) for item in rrule.split(";"))
    if "BYDAY" in parts:
        days = {_BYDAY[d] for d in parts["BYDAY"].split(",")}
        return next(ref_day + timedelta(days=k) for k in range(7) if (ref_day + timedelta(days=k)).weekday() in days)
    if "BYMONTH" in parts and "BYMONTHDAY" not in parts:
        # 每年3月: today when it is March, else the next first of March
        month = int(parts["BYMONTH"])
        if ref_day.month == month:
            return ref_day
        return date(ref_day.year + (month < ref_day.month), month, 1)
    if "BYMONTHDAY" in parts:
        d = int(parts["BYMONTHDAY"])
        months = [int(x) for x in parts["BYMONTH"].split(",")] if "BYMONTH" in parts else None
        for k in range(25):
            y, m = _shift_month(ref_day.replace(day=1), k)
            if months is not None and m not in months:
                continue
            found = _last_day(y, m) if d == -1 else _safe_date(y, m, d)  # -1: the month's last day
            if found is not None and found >= ref_day:
                return found
        raise Unresolvable(rrule)
    return ref_day


def _month_day(spec: TimeSpec, year: int | None, ctx: Context, anchor: date, flags: list[str]) -> date:
    assert spec.day is not None
    ref_day = ctx.ref.astimezone(SHANGHAI).date()
    if spec.month is not None or spec.month_rel is not None or spec.month_ctx is not None:
        if spec.month is None:
            ym = _month_of(spec, year, ctx)
            assert ym is not None
            found = _safe_date(ym[0], ym[1], spec.day)
            if found is None:
                raise Unresolvable(f"{ym[1]}月{spec.day}日")
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
        if same and (same[0] >= base or ctx.tense not in ("future", "deadline") or same[0] >= ref_day):
            return same[0]  # (本月27日开庭…，请于25日前领取旁听证 in a paper of the 20th: the 25th still ahead)
        if not same:
            # 9月27日 … 31日: the context month has no such day, so the day is
            # counted from the article's own date, as a bare day usually is.
            around = [
                d
                for k in (-1, 0, 1)
                if (d := _safe_date(*_shift_month(ref_day, k), spec.day)) is not None
            ]
            return _pick(around, ref_day, ctx.tense)
    # A bare day of month is next month's or last month's, never a year's; with no tense
    # to say which, it is the anchor's own month unless the next or last month's is only
    # days away (25日 said on 10月9日 is 10月25日; 30日 said on 10月2日 is 9月30日).
    nearest = _pick(cands, base, ctx.tense, tie_to_year=False)
    own = next((c for c in cands if (c.year, c.month) == (base.year, base.month)), None)
    if ctx.tense is None and own is not None and abs((nearest - base).days) > _ADJACENT_MONTH_DAYS:
        return own
    return nearest
