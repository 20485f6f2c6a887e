"""The time grammar: atomic rules (regex → partial TimeSpec) and combinators.

A rule is a unique name, a regex (which may use the lexicon's word lists) and
a small production that turns the match into a :class:`TimeSpec`.  All
atomic rules are compiled into one alternation, so a page is scanned once.
Combinators then merge adjacent fragments (date + part of day + clock),
build ranges (A至B, A和B之间), lists (14日、19日), deadlines (X日前,
N个工作日内) and recurrences (每周三上午).

Example: "4月26日上午9:00" → fragments [month_day, part_of_day, clock_colon]
merged into one TimeSpec(month=4, day=26, part="morning", hour=9, minute=0).
"""

from __future__ import annotations

import bisect
import re
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from functools import cache
from typing import TYPE_CHECKING, Any, Protocol

from notices.calendar_cn import (
    context_festival_names,
    plain_festival_names,
    statutory_festival_names,
)
from notices.lexicon import alternation, digit_run_followers, first_chars, lexicon, second_chars, start_tails
from notices.text import cn_to_int

CN = "[〇零○一二两三四五六七八九十]"
D12 = r"(?:\d{1,2}|[〇零○一二两三四五六七八九十廿卅]{1,3})"
# A count of units: 3, 三, 十五, 两, 一百, 二十四
NUM = r"(?:\d{1,4}|[〇零○一二两三四五六七八九十百千廿卅]{1,6})"
# A written year: 2024, 二〇二四, 两千零四 (2-digit years are separate: Y2)
Y4 = r"(?:\d{4}|[〇零○一二三四五六七八九]{4}|[一二两]千(?:[零〇][一二三四五六七八九]|[零〇]?[一二三四五六七八九]?十[一二三四五六七八九]?)?)"
Y2 = r"(?:\d{2}|[零〇○一二三四五六七八九][〇零○一二三四五六七八九])"
# What may not follow a day written without 日/号 (八月十五, 5月26至29日)
_NOT_AFTER_DAY = r"(?![\d〇零○一二两三四五六七八九十廿卅日号月年点时分秒万千百亿个岁度倍%.．])"


def number(token: str) -> int:
    """A written number: Arabic, Chinese digit by digit (二〇二四) or by value (两千零四, 廿三).

    Raises ValueError for a malformed numeral (十十).

    Example: number("两千零四") == 2004; number("廿三") == 23; number("二十六") == 26.
    """
    token = token.strip()
    if token.isdigit():
        return int(token)
    token = token.replace("廿", "二十").replace("卅", "三十")
    if not any(unit in token for unit in "十百千"):
        return cn_to_int(token)
    total, current = 0, 0
    digits = {"〇": 0, "零": 0, "○": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
              "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
    last_unit = 10_000
    previous = ""
    for ch in token:
        if ch in digits:
            if previous in digits and digits[previous] != 0:
                raise ValueError(f"not a number: {token}")  # 二二十
            current = digits[ch]
            previous = ch
            continue
        previous = ch
        unit = {"十": 10, "百": 100, "千": 1000}.get(ch)
        if unit is None or unit >= last_unit:
            raise ValueError(f"not a number: {token}")
        total += (current or (1 if unit == 10 else 0)) * unit
        if current == 0 and unit != 10:
            raise ValueError(f"not a number: {token}")
        current = 0
        last_unit = unit
    return total + current


# Every field a TimeSpec may hold, with its level (year 0 … second 7; -1:
# a qualifier with no level of its own).  Reading a field not given gives None.
_LEVELS = {
    "year": 0,  # 2024
    "year_rel": 0,  # 去年 = -1
    "year_short": 0,  # 19年底, 08年: the century is the reference's
    "year_ctx": 0,  # 次年 = 1, 同年 = 0: counted from the article's year
    "decade": 0,  # 1990 for 20世纪90年代; 90 alone for 九十年代 (the last begun)
    "century_rel": 0,  # 上世纪90年代: -1
    "century": 0,  # 21世纪 alone: 2000 (the first year, counted as 上世纪90年代 is); True with century_rel
    "plan": 0,  # 十四五期间: 14 (the five-year plan's years, 2021-2025)
    "year_part": 1,  # half1 half2 q1..q4 ystart ymid qrel-1 qrel0 qrel1 dstart dmid dend (上半年, 一季度, 年初, 下个季度, 八十年代末)
    "year_end": 1,  # 年底: True
    "month": 1,
    "month_rel": 1,  # 下个月 = 1
    "month_ctx": 1,  # 同月 = 0, 次月 = 1
    "month_end": 2,  # 月底: True
    "month_part": 2,  # xun1 xun2 xun3 xun12 xun23 mstart half1 half2 (上旬, 中下旬, 月初, 上半月)
    "week_rel": 2,
    "day": 3,
    "day_rel": 3,
    "festival": 3,
    "holiday": 3,  # 国庆假期: True (the festival's official days off, where known)
    "after_holiday": 3,  # 国庆节后: True (the first working day after the days off)
    "holiday_with": 3,  # 中秋国庆假期: "中秋" (the other festival whose days off join the festival's)
    "festival_shift": 3,  # 国庆节前一天: -1 (days from the festival's day)
    "lunar": 3,  # (month, day, leap): 农历正月十五
    "nth": 3,  # (n, weekday), n = -1 for the last, weekday 0 for a week: 十月第一个星期一
    "weekday": 3,
    "weekend": 3,  # 本周末: True (Saturday and Sunday)
    "midweek": 3,  # 周中: True (Tuesday to Thursday)
    "offset": 3,  # (signed count, unit): 三天后 = (3, "day")
    "window": 3,  # (signed count, unit, how): 近三年 = (-3, "year", "rolling"); 明后两天 = (2, "day", "from1")
    "now": 3,  # 现在: True
    "recur": 3,  # an RRULE body: 每周三 → FREQ=WEEKLY;BYDAY=WE
    "part": 4,
    "hour": 5,
    "minute": 6,
    "second": 7,
    "day_rel_context": -1,  # 次日, 当天: counted from the article's day
    "twelve_hour": -1,  # written 三点 with no part of day: a range ending at 8点 after 9点 ends at 20:00
}
_DATED = frozenset((
    "day", "day_rel", "festival", "lunar", "nth", "weekday", "weekend", "midweek", "month_end", "year_end",
    "offset", "window", "now", "recur",
))


class TimeSpec:
    """A partial time value as written, before resolution: only the fields given.

    Immutable and hashable; a field not given reads as None (flags are True
    or None).  It keeps its given fields in one small dict: a page makes tens
    of thousands of these, most holding two or three of thirty fields.

    Example: 下周三上午9点 → TimeSpec(week_rel=1, weekday=3, part="morning", hour=9).
    """

    # Given fields live in the instance dict; a field not given is found on
    # the class, where every field is None.  The finest/coarsest levels are cached in a slot.
    __slots__ = ("__dict__", "_levels")

    if TYPE_CHECKING:  # the fields, for readers and type checkers (see _LEVELS)
        year: int | None
        year_rel: int | None
        year_short: int | None
        year_ctx: int | None
        decade: int | None
        century_rel: int | None
        century: int | bool | None
        plan: int | None
        year_part: str | None
        year_end: bool | None
        month: int | None
        month_rel: int | None
        month_ctx: int | None
        month_end: bool | None
        month_part: str | None
        week_rel: int | None
        day: int | None
        day_rel: int | None
        festival: str | None
        holiday: bool | None
        after_holiday: bool | None
        holiday_with: str | None
        festival_shift: int | None
        lunar: tuple[int, int, bool] | None
        nth: tuple[int, int] | None
        weekday: int | None
        weekend: bool | None
        midweek: bool | None
        offset: tuple[int, str] | None
        window: tuple[int, str, str] | None
        now: bool | None
        recur: str | None
        part: str | None
        hour: int | None
        minute: int | None
        second: int | None
        day_rel_context: bool | None
        twelve_hour: bool | None

    def __init__(self, **given: object) -> None:
        if not given.keys() <= _LEVELS_KEYS:
            raise TypeError(f"TimeSpec has no field {sorted(given.keys() - _LEVELS.keys())}")
        if None in given.values():
            given = {k: v for k, v in given.items() if v is not None}
        self.__dict__.update(given)
        _SET_LEVELS(self, None)

    @property
    def _given(self) -> dict[str, object]:
        return self.__dict__

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("TimeSpec is immutable; use replace()")

    def __eq__(self, other: object) -> bool:
        return isinstance(other, TimeSpec) and self._given == other._given

    def __hash__(self) -> int:
        return hash(frozenset(self._given.items()))

    def __repr__(self) -> str:
        return "TimeSpec(" + ", ".join(f"{k}={v!r}" for k, v in self.given.items()) + ")"

    @property
    def given(self) -> dict[str, object]:
        """The given fields, in the order of the field list (a copy).

        Example: TimeSpec(day=8, month=5).given == {"month": 5, "day": 8}.
        """
        return {k: self._given[k] for k in _LEVELS if k in self._given}

    def replace(self, **changes: object) -> TimeSpec:
        """A copy with some fields changed (None removes one).

        Example: TimeSpec(month=5).replace(day=8) == TimeSpec(month=5, day=8).
        """
        return TimeSpec(**{**self._given, **changes})

    def level(self) -> tuple[int, int]:
        """(coarsest, finest) field level present; levels: year 0 … second 7."""
        levels = self._levels
        if levels is None:
            found = [lvl for k in self._given if (lvl := _LEVELS[k]) >= 0]
            levels = (min(found), max(found)) if found else (99, -1)
            object.__setattr__(self, "_levels", levels)
        return levels

    def has_date(self) -> bool:
        """Whether the value names a day (or something finer anchored to one)."""
        return not _DATED.isdisjoint(self._given)

    def merge(self, other: TimeSpec) -> TimeSpec | None:
        """Combine two fragments if they do not clash and ``other`` is finer."""
        mine, theirs = self.level(), other.level()
        if theirs[0] <= mine[1] and not _weekday_after_date(self, other):
            return None
        if not self._given.keys().isdisjoint(other._given):
            return None
        return _trusted({**self._given, **other._given})


for _name in _LEVELS:
    setattr(TimeSpec, _name, None)  # the value of a field not given
del _name
_LEVELS_KEYS = _LEVELS.keys()
_SET_LEVELS = TimeSpec._levels.__set__  # type: ignore[attr-defined]  # the slot's own setter


def _trusted(given: dict[str, object]) -> TimeSpec:
    """A TimeSpec of fields already checked (those of other TimeSpecs: known names, no None).

    Example: _trusted({"month": 5, "day": 8}) == TimeSpec(month=5, day=8).
    """
    spec = object.__new__(TimeSpec)
    spec.__dict__.update(given)
    _SET_LEVELS(spec, None)
    return spec


def _is_set(spec: TimeSpec, name: str) -> bool:
    return name in spec._given


def _weekday_after_date(first: TimeSpec, second: TimeSpec) -> bool:
    # 4月26日(星期三): a weekday may follow a full date as a check.
    only_weekday = second.weekday is not None and second.level() == (3, 3) and second.week_rel is None
    return only_weekday and (first.day is not None or first.day_rel is not None) and first.weekday is None


class Groups(Protocol):
    """What a production reads of its match: groups by number (0: the whole
    match), the text, and where the match starts (a ``re.Match`` is one).

    Example: for 5月8日 matched by month_day, [0] is "5月8日", [1] "5", [2] "8".
    """

    string: str

    def __getitem__(self, index: int) -> str | Any: ...

    def start(self) -> int: ...


class _RuleGroups:
    """One rule's groups inside a scan match, numbered as in the rule's own pattern.

    Example: "下周三" matched inside the scan's alternation as group 17 (rel_weekday):
    [1] is group 18, "下", and [2] group 19, "三".
    """

    __slots__ = ("_base", "_match", "string")

    def __init__(self, match: re.Match[str], base: int) -> None:
        self._match = match
        self._base = base
        self.string = match.string

    def __getitem__(self, index: int) -> str | Any:
        return self._match.group(self._base + index)

    def start(self) -> int:
        return self._match.start(self._base)


Production = Callable[[Groups], TimeSpec]


@dataclass(frozen=True)
class Rule:
    """An atomic rule: a unique name, a regex, a production."""

    name: str
    pattern: str
    production: Production
    weak: bool = False  # dropped unless merged with a neighbour


_RULES: dict[str, Rule] = {}


def rule(name: str, pattern: str | Callable[[], str], weak: bool = False) -> Callable[[Production], Production]:
    """Register an atomic rule; a duplicate name fails at import.

    Example: @rule("month_day", r"(\\d{1,2})月(\\d{1,2})日") def _(m): ...
    """

    def register(production: Production) -> Production:
        if name in _RULES:
            raise ValueError(f"duplicate rule name {name!r}")
        text = pattern() if callable(pattern) else pattern
        _RULES[name] = Rule(name, text, production, weak)
        return production

    return register


def registered_rules() -> tuple[Rule, ...]:
    """Every atomic rule in scan priority order."""
    return tuple(_RULES.values())


def _valid_md(month: int | None, day: int | None) -> bool:
    return (month is None or 1 <= month <= 12) and (day is None or 1 <= day <= 31)


class Reject(Exception):
    """Raised by a production when the match is not a time after all."""


def _year_spec(token: str) -> TimeSpec:
    """A written year: four digits (or Chinese digits, or 两千零四) or two (19, 〇八)."""
    value = number(token)
    if len(token) == 2 and not any(u in token for u in "十百千"):
        return TimeSpec(year_short=value)
    return TimeSpec(year=value)


@cache
def _rel_year_stems() -> str:
    """The relative years without their 年 (今, 明, 去, 次 …), for 今年底 and 次年初."""
    lex = lexicon()
    stems = {w[:-1] for w in (*lex.relative_years, *lex.context_years) if w.endswith("年") and len(w) > 1}
    return alternation(stems)


def _rel_year_value(stem: str) -> TimeSpec:
    word = stem + "年"
    lex = lexicon()
    if word in lex.context_years:
        return TimeSpec(year_ctx=lex.context_years[word])
    return TimeSpec(year_rel=lex.relative_years[word])


@cache
def _rel_month_stems() -> str:
    """The relative months without their 月 (本, 下个, 同 …), for 下月底 and 本月上旬."""
    lex = lexicon()
    stems = {w[:-1] for w in (*lex.relative_months, *lex.context_months) if w.endswith("月") and len(w) > 1}
    return alternation(stems)


def _rel_month_value(stem: str) -> TimeSpec:
    word = stem + "月"
    lex = lexicon()
    if word in lex.context_months:
        return TimeSpec(month_ctx=lex.context_months[word])
    return TimeSpec(month_rel=lex.relative_months[word])


_CONNECT = r"(?:——|—|–|-|~|〜|－|∼|至|到)"


# ---- atomic rules, most specific first ------------------------------------

@rule("recurrence", lambda: (
    # 每周三, and 周一至周五, 周二至周日 without 本/下 (office and opening hours: those days of every week)
    # 工作日9:00-17:00 (office hours, a clock after it); 双休日 (every weekend)
    r"(?:(?:(?<![\d〇零○一二三四五六七八九十][日号])|(?!每[天日]))每\s*(?:个\s*)?|每?逢(?=\s*(?:周|星期|礼拜)[一二三四五六日天1-7])|(?<![上下本这每个今(（])(?=(?:周|星期|礼拜)[一二1-2]\s*(?:至|到)\s*(?:周|星期|礼拜)[五六日天5-7])"
    r"|(?<![每个一二三四五六七八九十\d])(?=工作日\s*(?:\d{1,2}\s*[:：]|上午|下午|早上)))(?:"
    r"(?:周|星期|礼拜)(?:([一二三四五六日天1-7](?:\s*(?:、|和|及|至|到|-|—|~)\s*(?:周|星期|礼拜)?[一二三四五六日天1-7])*)(?![次个天小分遍趟场期轮批]))?"
    r"|(天|日|晚|早|夜)(?![\d〇零○一二两三四五六七八九十]*[次个遍趟场期轮批])"
    rf"|月\s*(?:的\s*(?=[\d〇零○一二三四五六七八九十廿卅]))?(?:({D12})\s*[日号]|([末底]))?"
    rf"|年\s*(?:的\s*(?=[\d〇零○一二三四五六七八九十]))?(?:({D12})\s*月(?:\s*份)?(?:\s*({D12})\s*[日号])?)?"
    r"|(工作日)|季度\s*([末底]))"
    r"|(?<![每])(双休日)(?!\s*[\d〇零○一二两三四五六七八九十])"
))
def _recurrence(m: Groups) -> TimeSpec:
    """每周三 → FREQ=WEEKLY;BYDAY=WE; 周一至周五, 工作日9:00 → FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;
    每天 → FREQ=DAILY; 每季度末 → the last day of March, June, September and December."""
    text = m[0]
    codes = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
    if m[1]:
        days: list[int] = []
        items = re.findall(r"([、和及至到\-—~]?)\s*(?:周|星期|礼拜)?([一二三四五六日天1-7])", m[1])
        for joiner, wd in items:
            value = lexicon().weekdays[wd]
            if joiner in ("至", "到", "-", "—", "~") and days:
                days.extend(range(days[-1] + 1, value + 1))
            else:
                days.append(value)
        return TimeSpec(recur="FREQ=WEEKLY;BYDAY=" + ",".join(codes[d - 1] for d in dict.fromkeys(days)))
    if m[2]:
        part = {"晚": "evening", "早": "morning", "夜": "evening"}.get(m[2])
        return TimeSpec(recur="FREQ=DAILY", part=part)
    if m[7]:
        return TimeSpec(recur="FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR")
    if m[9]:
        return TimeSpec(recur="FREQ=WEEKLY;BYDAY=SA,SU")  # 双休日
    if m[4] or m[8]:
        # 每月末, 每季度末: the last day of every month (of every quarter's last month)
        return TimeSpec(recur="FREQ=MONTHLY;BYMONTHDAY=-1" if m[4] else "FREQ=YEARLY;BYMONTH=3,6,9,12;BYMONTHDAY=-1")
    if m[3]:
        d = number(m[3])
        if not _valid_md(None, d):
            raise Reject
        return TimeSpec(recur=f"FREQ=MONTHLY;BYMONTHDAY={d}")
    if m[5] and not m[6]:
        mo = number(m[5])
        if not _valid_md(mo, None):
            raise Reject
        return TimeSpec(recur=f"FREQ=YEARLY;BYMONTH={mo}")  # 每年3月: every March
    if m[5]:
        mo, d = number(m[5]), number(m[6])
        if not _valid_md(mo, d):
            raise Reject
        return TimeSpec(recur=f"FREQ=YEARLY;BYMONTH={mo};BYMONTHDAY={d}")
    if "月" in text:
        return TimeSpec(recur="FREQ=MONTHLY")
    if "年" in text:
        return TimeSpec(recur="FREQ=YEARLY")
    return TimeSpec(recur="FREQ=WEEKLY")


@rule("ymd_cn", rf"(?<![\d〇零○一二三四五六七八九十])({Y4}|{Y2})\s*年\s*({D12})\s*月\s*({D12})\s*(?:[日号]|{_NOT_AFTER_DAY})")
def _ymd_cn(m: Groups) -> TimeSpec:
    """2024年5月6日, 二〇二四年五月六日, 两千零四年八月十五, 15年3月2日."""
    mo, d = number(m[2]), number(m[3])
    if not _valid_md(mo, d):
        raise Reject
    return _year_spec(m[1]).replace(month=mo, day=d)


@rule("ymd_numeric", r"(?<![\d.])((?:19|20)\d{2}|1[0-8]\d{2}(?=-[01]\d-[0-3]\d))([-./]| (?=[01]\d [0-3]\d(?!\d)))(\d{1,2})([-./ ])(\d{1,2})(?![\d%.])(?:[日号])?")
def _ymd_numeric(m: Groups) -> TimeSpec:
    """2024-05-06, 2024.5.6, 2024/5/6, 2010 01 29, 1789-01-29 (not inside a longer run of numbers)."""
    y, mo, d = int(m[1]), int(m[3]), int(m[5])
    before = m.string[max(0, m.start() - 2):m.start()]
    if not _valid_md(mo, d) or m[2] != m[4] or re.fullmatch(r"\d[-/]", before) and before[1] == m[2]:
        raise Reject
    return TimeSpec(year=y, month=mo, day=d)


@rule("date_year_last", r"(?<![\d./\-])(\d{1,2})/(\d{1,2})/((?:19|20)\d{2}|\d{2})(?![\d./\-%])(?!\s*(?:号|楼|栋|期|层|室|线|路|次|届|批|件|页|版|条|款))")
def _date_year_last(m: Groups) -> TimeSpec:
    """10/31/1974, 3/3/15: month and day (or day and month) before the year, read only when one order is a date.

    Written so in foreign-style text; 1/2/2020 (January 2nd or February 1st)
    is left unread rather than guessed.  With dots (24.05.2015 16:27) it is
    mostly a page's own time stamp, not a time the text gives, so it is not read.
    """
    first, second, year = m[1], m[2], m[3]
    a, b = int(first), int(second)
    readings = {(mo, d) for mo, d in ((a, b), (b, a)) if _valid_md(mo, d)}
    if len(readings) != 1:
        raise Reject
    mo, d = readings.pop()
    spec = TimeSpec(year=int(year)) if len(year) == 4 else TimeSpec(year_short=int(year))
    return spec.replace(month=mo, day=d)


@rule("ymd_compact", r"(?<![\d.\-/])((?:19|20)\d{2})(\d{2,4})[日号](?!\d)")
def _ymd_compact(m: Groups) -> TimeSpec:
    """2018426日: a date whose 年 and 月 were lost; taken only when one reading is valid."""
    y, rest = int(m[1]), m[2]
    readings = {(int(rest[:k]), int(rest[k:])) for k in range(1, len(rest)) if k <= 2 and len(rest) - k <= 2}
    valid = {r for r in readings if _valid_md(*r)}
    if len(valid) != 1:
        raise Reject
    mo, d = valid.pop()
    return TimeSpec(year=y, month=mo, day=d)


@rule("md_dash", r"(?<![\d\-/.:])(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])(?=\s+\d{1,2}:\d{2})")
def _md_dash(m: Groups) -> TimeSpec:
    """09-01 20:01: a month and day written with a dash, as an app stamps them before a clock."""
    return TimeSpec(month=int(m[1]), day=int(m[2]))


# 11/25(六), 11/25—11/26, 截止11/24 18:00: a month and day with a slash, read only where a weekday,
# a range of such or a clock says it is a date (2/15 alone is too often a fraction)
_MD_SLASH = r"(1[0-2]|0?[1-9])/(3[01]|[12]\d|0?[1-9])"
_SLASH_SAYS_A_DATE = (
    r"(?=\s*[(（](?:周|星期)?[一二三四五六日天][)）]|\s*(?:—|-|~|～|至|到)\s*(?:1[0-2]|0?[1-9])/\d|\s+\d{1,2}:\d{2})"
)


@rule(
    "md_slash",
    rf"(?<![\d/.\-:A-Za-z]){_MD_SLASH}(?![\d/]){_SLASH_SAYS_A_DATE}(?:\s*[(（](?:周|星期)?([一二三四五六日天])[)）])?",
)
def _md_slash(m: Groups) -> TimeSpec:
    """11/25(六) 20:00: a month and day with a slash, a weekday, range or clock beside it."""
    weekday = lexicon().weekdays[m[3]] if m[3] else None
    return TimeSpec(month=int(m[1]), day=int(m[2]), weekday=weekday)


@rule("md_slash_end", rf"(?:(?<=[\-—~～至到])|(?<=[\-—~～至到] )){_MD_SLASH}(?![\d/%])", weak=True)
def _md_slash_end(m: Groups) -> TimeSpec:
    """(11/25—)11/26: the end of a range of slashed dates (alone it is dropped)."""
    return TimeSpec(month=int(m[1]), day=int(m[2]))


_MD_DOT = r"(1[0-2]|0?[1-9])\.([12]\d|3[01]|0?[1-9])"
# what follows a decimal amount, not a date (5.6-5.8万元, 3.5-4.2米, 1.2-1.5倍)
_NOT_AFTER_DOT = r"(?![\d.%％万亿千百元角米度倍个岁克吨斤亩公厘毫升秒分点时天小])"


@rule("md_dot", rf"(?<![\d.\-/:：A-Za-z版本第])(?:1[0-2]|0?[1-9])\.(?:[12]\d|3[01]|0?[1-9])(?=\s*(?:-|—|~|～|至|到)\s*{_MD_DOT}{_NOT_AFTER_DOT})")
def _md_dot(m: Groups) -> TimeSpec:
    """5.6-5.8: a month and day with a dot, read only as the start of such a range."""
    month, day = (int(t) for t in m[0].split("."))
    return TimeSpec(month=month, day=day)


@rule("md_dot_end", rf"(?:(?<=[\-—~～至到])|(?<=[\-—~～至到] )){_MD_DOT}{_NOT_AFTER_DOT}", weak=True)
def _md_dot_end(m: Groups) -> TimeSpec:
    """(5.6-)5.8: the end of a dotted range (alone it is dropped)."""
    return TimeSpec(month=int(m[1]), day=int(m[2]))


@rule("md_middle_dot", r"(?<![\d.·・•])(1[0-2]|[1-9])[·・•]([12]\d|3[01]|[1-9])(?![\d.·・•%])")
def _md_middle_dot(m: Groups) -> TimeSpec:
    """“7·20”, 6·30: a month and day joined by a middle dot, as incidents are named
    (kept from the event stage: the name of what happened, not a day to keep)."""
    return TimeSpec(month=int(m[1]), day=int(m[2]))


_YM_DOT_END = r"(?:19|20)\d{2}(?:\.(?:0[1-9]|1[0-2]|[1-9]))?" + _NOT_AFTER_DOT


@rule("ym_dot", rf"(?<![\d.\-/])((?:19|20)\d{{2}})\.(0[1-9]|1[0-2]|[1-9])(?![\d.])(?=\s*(?:——|—|–|-|~|～|至|到)\s*(?:{_YM_DOT_END}|今))")
def _ym_dot(m: Groups) -> TimeSpec:
    """The 2001.09 of 2001.09-2004.06, 2010.05-2012, 2019.9至今 (a résumé's or a plan's
    months): a year and month written with a dot, read only as the start of a range."""
    return TimeSpec(year=int(m[1]), month=int(m[2]))


@rule("ym_dot_end", r"(?:(?<=[\-—–~～至到])|(?<=[\-—–~～至到] ))((?:19|20)\d{2})\.(0[1-9]|1[0-2]|[1-9])" + _NOT_AFTER_DOT, weak=True)
def _ym_dot_end(m: Groups) -> TimeSpec:
    """The 2004.06 of 2001.09-2004.06: a dotted year and month only as a range's end."""
    return TimeSpec(year=int(m[1]), month=int(m[2]))


@rule("month_head", r"(?<![\d.\-/:：〇零○一二两三四五六七八九十第])(1[0-2]|[1-9]|十[一二]|[一二三四五六七八九十])(?=\s*(?:-|——|—|–|~|～|－|至|到)\s*(?:1[0-2]|[1-9]|十[一二]|[一二三四五六七八九十])\s*月(?!\s*[\d〇零○一二三四五六七八九十]+\s*[日号]))", weak=True)
def _month_head(m: Groups) -> TimeSpec:
    """1(-5月), 一(至五月): the first month of a range of months (alone it is a number)."""
    return TimeSpec(month=number(m[1]))


@rule("year_month", rf"(?<![\d〇零○一二三四五六七八九十])({Y4}|{Y2})\s*年\s*({D12})\s*月(?:\s*份)?(?!\s*份?\s*(?:[上中下]旬|初|底|末|上半月|下半月))")
def _year_month(m: Groups) -> TimeSpec:
    """2024年6月, 二〇二四年六月份, 19年10月."""
    mo = number(m[2])
    if not _valid_md(mo, None):
        raise Reject
    return _year_spec(m[1]).replace(month=mo)


# seasons and school holidays as year parts (meteorological seasons, mainland
# school calendars): 今年夏天 → summer, 暑假 → sbreak; 今冬明春 is one stretch
_SEASONS = {"春": "spring", "夏": "summer", "秋": "autumn", "冬": "winter"}
_BREAKS = {"暑假": "sbreak", "寒假": "wbreak"}


@rule("season", lambda: (
    rf"(?:(?:(?<![\d〇零○一二三四五六七八九十])({Y4})|({_rel_year_stems()}))\s*年\s*)?"
    rf"(?:([春夏秋冬])(?:天|季(?!度|学期)|(?<=年[春夏秋冬])(?=[，,。；;、]|$))|(暑假|寒假)(?:期间)?|([春秋])季学期)"
    r"|(?<![如至迄古当])(今冬明春|[今明去][春夏秋冬](?![装衣款游季天]))"
))
def _season(m: Groups) -> TimeSpec:
    """今年夏天, 明年春季, 2025年寒假, 暑假期间, 春季学期, 今冬明春, 明春 (a season of the year it names)."""
    base = TimeSpec()
    if m[1]:
        base = _year_spec(m[1])
    elif m[2]:
        base = _rel_year_value(m[2])
    if m[3]:
        if base == TimeSpec():
            raise Reject  # 夏天 alone is too often no particular summer
        return base.replace(year_part=_SEASONS[m[3]])
    if m[4]:
        return base.replace(year_part=_BREAKS[m[4]])
    if m[5]:
        return base.replace(year_part="sterm" if m[5] == "春" else "aterm")  # 春季学期: February to July
    word = m[6]
    if word == "今冬明春":
        return TimeSpec(year_rel=0, year_part="winter_spring")
    return TimeSpec(year_rel={"今": 0, "明": 1, "去": -1}[word[0]], year_part=_SEASONS[word[1]])


@rule("quarter_span", r"(?<![前后近头])第?([一二三四1-4])季度(?:末|底)|前\s*([二两三2-3])\s*(?:个\s*)?季度(?![末底])")
def _quarter_span(m: Groups) -> TimeSpec:
    """第三季度末, 一季度末: the quarter's last day (as 9月底); 前三季度, 前两个季度: the
    year's first N quarters (今年前三季度 is January to September)."""
    if m[1]:
        return TimeSpec(month=number(m[1]) * 3, month_end=True)
    return TimeSpec(year_part=f"qto{number(m[2])}")


# not before a noun: 2022年度先进个人 and 2023年度报告 are labels
_NOT_A_LABEL = r"(?:(?![\u4e00-\u9fff])|(?=起|以来))"


@rule("school_fiscal_year", rf"(?<![\d〇零○一二三四五六七八九])({Y4})\s*(?:"
      rf"(?:年度|财年|财政年度)(?!\s*[-—–~至到]\s*\d){_NOT_A_LABEL}"
      rf"|(?:年\s*)?(?:[-—–~至到]\s*({Y4})\s*)?(?:年\s*)?学年(?:度)?)"
      rf"|(本|上|下|今|明|去)(?:一)?(?:年度|财年|财政年度){_NOT_A_LABEL}")
def _school_fiscal_year(m: Groups) -> TimeSpec:
    """2023年度, 2024财年, 本年度, 上年度: the calendar year (the mainland's fiscal year is
    January to December); 2023-2024学年, 2023学年: September of the first year to August of the next."""
    if m[3]:
        return TimeSpec(year_rel={"本": 0, "今": 0, "上": -1, "去": -1, "下": 1, "明": 1}[m[3]])
    first = number(m[1])
    if "学年" not in m[0]:
        return TimeSpec(year=first)
    if m[2] and number(m[2]) != first + 1:
        raise Reject
    return TimeSpec(year=first, year_part="school")


@rule("year_part", lambda: (
    rf"(?:(?<![\d〇零○一二三四五六七八九十])({Y4}|{Y2})|({_rel_year_stems()}))\s*年(初|底|末|伊始|中(?=\s*(?:[，。；、,;）)]|$|(?:之|以)?前)))"
    r"|(?<![\d])(?:(?:(?<=年)|(?<![\u4e00-\u9fff])|(?<=[于在至到和及与从自]))年(中)(?![考心央间期秋旬层])|年(初|底|末))"
    r"|(上半年|下半年|前半年|后半年)"
    r"|(?<![前后近头])(?:第?([一二三四1-4])|(?<=年)(首))季度|(?<![A-Za-z])[Qq]([1-4])(?![\dA-Za-z])"
    r"|岁(末)(?!\s*年初)"
))
def _year_part(m: Groups) -> TimeSpec:
    """年初, 2019年底, 今年年中, 年中 (standing alone), 次年年末, 上半年, 一季度, 2023年首季度,
    岁末 (as 年末; 岁末年初 is a season, no day) (年底 is the year's last day; 2020年伊始 its January)."""
    base = TimeSpec()
    if m[1]:
        base = _year_spec(m[1])
    elif m[2]:
        base = _rel_year_value(m[2])
    which = m[3] or m[4] or m[5] or m[10]
    if which == "伊始":
        return base.replace(month=1)
    if which in ("底", "末"):
        return base.replace(year_end=True)
    if which:
        return base.replace(year_part={"初": "ystart", "中": "ymid"}[which])
    if m[6]:
        return TimeSpec(year_part="half1" if m[6] in ("上半年", "前半年") else "half2")
    return TimeSpec(year_part=f"q{1 if m[8] else number(m[7] or m[9])}")


@rule("rel_quarter", lambda: rf"({alternation(lexicon().relative_quarters)})([末底])?")
def _rel_quarter(m: Groups) -> TimeSpec:
    """本季度, 下个季度, 上一季度: a quarter counted from the reference's own; 本季度末:
    its last day (as 第三季度末)."""
    return TimeSpec(year_part=f"qrel{lexicon().relative_quarters[m[1]]}", month_end=True if m[2] else None)


@rule("five_year_plan", r"[“\"「]?十([一二三四五])五[”\"」]?\s*(?:期间|时期|规划期(?:间|内)?)")
def _five_year_plan(m: Groups) -> TimeSpec:
    """十四五期间, “十三五”时期: the years of a five-year plan (十四五: 2021 to 2025)."""
    return TimeSpec(plan=10 + number(m[1]))


_DECADE_PARTS = {"初": "dstart", "初期": "dstart", "前期": "dstart", "早期": "dstart", "中期": "dmid",
                 "末": "dend", "末期": "dend", "后期": "dend", "晚期": "dend"}


@rule("decade", r"(?<![\d〇零○一二三四五六七八九十])(?:(上|本|这|下)世纪\s*|(\d{2}|[一二]?十[一二三四五六七八九]?)\s*世纪\s*)?(\d0|[一二三四五六七八九]十)\s*年代"
                r"(?:(初期|前期|早期|中期|末期|后期|晚期)|([初末])(?![步年级]))?")
def _decade(m: Groups) -> TimeSpec:
    """九十年代 (the last one begun), 上世纪90年代, 20世纪80年代, 十九世纪七十年代;
    八十年代初/末, 七十年代中期: the decade's first three, middle four or last three years."""
    tens = number(m[3])
    if tens % 10 or tens > 90:
        raise Reject
    part = _DECADE_PARTS.get(m[4] or m[5] or "")
    if m[1]:
        return TimeSpec(decade=tens, century_rel={"上": -1, "本": 0, "这": 0, "下": 1}[m[1]], year_part=part)
    if m[2]:
        return TimeSpec(decade=(number(m[2]) - 1) * 100 + tens, year_part=part)
    return TimeSpec(decade=tens, year_part=part)


@rule("century", r"(?<![\d〇零○一二三四五六七八九十])(?:(上|本|这|下)个?世纪|(\d{2}|[一二]?十[一二三四五六七八九]?)\s*世纪)"
                 r"(?!\s*(?:\d0|[一二三四五六七八九]十)\s*年代)(?:([初末])期?|(?![初末中]))")
def _century(m: Groups) -> TimeSpec:
    """本世纪, 上世纪, 21世纪, 二十世纪: a hundred years at year grain, counted as 上世纪90年代 is
    (21世纪: 2000 to 2099); 本世纪初, 上世纪末: its first or last ten years."""
    rel = {"上": -1, "本": 0, "这": 0, "下": 1}.get(m[1] or "")
    first = None if m[1] else (number(m[2]) - 1) * 100
    if first is not None and not 100 <= first <= 2900:
        raise Reject
    if m[3]:
        tens = 0 if m[3] == "初" else 90
        return TimeSpec(decade=tens, century_rel=rel) if first is None else TimeSpec(decade=first + tens)
    return TimeSpec(century=True, century_rel=rel) if first is None else TimeSpec(century=first)


@rule("year", r"(?<![\d〇零○一二三四五六七八九])(?:(?:19|20)\d{2}|[〇零○一二][〇零○一二三四五六七八九]{3}|[一二两]千(?:[零〇][一二三四五六七八九]|[零〇]?[一二三四五六七八九]?十[一二三四五六七八九]?)?)\s*年(?:\s*全年)?(?![度底初末]|中(?!秋)|代|级|届)")
def _year(m: Groups) -> TimeSpec:
    """2024年, 二〇二四年, 两千年, 2019年全年 (not 2024年度, not the first year of 2006-2020年)."""
    return TimeSpec(year=number(re.sub(r"\s*年(?:\s*全年)?$", "", m[0])))


@rule("year_head", r"(?<![\d\-—~至到])((?:19|20)\d{2})(?=\s*(?:-|—|–|~|至|到)\s*(?:19|20)\d{2}\s*年(?![度级届]))", weak=True)
def _year_head(m: Groups) -> TimeSpec:
    """The first year of 1995-1997年: a year only as the start of that range."""
    return TimeSpec(year=int(m[1]))


@rule("year_from", r"(?:(?<=[从自])|(?<=[从自] ))((?:19|20)\d{2})(?=\s*(?:到|至|-|—|–|~)\s*(?:19|20)\d{2}(?![\d年月日号.:/\-]))")
def _year_from(m: Groups) -> TimeSpec:
    """从2016到2018: a bare year opened by 从 is the start of a range of years."""
    return TimeSpec(year=int(m[1]))


@rule("year_to", r"(?:(?<=[到至\-—–~])|(?<=[到至\-—–~] ))((?:19|20)\d{2})(?!\s*[\d年月日号.:/\-])", weak=True)
def _year_to(m: Groups) -> TimeSpec:
    """The 2018 of 从2016到2018: a bare year only as the end of such a range."""
    return TimeSpec(year=int(m[1]))


@rule("year_short", lambda: (
    r"(?<![\d〇零○一二三四五六七八九十])(?:(0\d|[零〇○一二三四五六七八九][〇零○一二三四五六七八九])\s*年"
    r"(?![度代级届底初末前后内里来间]|中(?!秋))"
    rf"|(\d{{2}})\s*年(?=\s*(?:{alternation(plain_festival_names())}|{alternation(context_festival_names())}|农历|阴历)))"
))
def _year_short(m: Groups) -> TimeSpec:
    """08年, 零八年, 九八年: a two-digit year with a leading zero or in Chinese digits (18年
    alone is 18 years; 三五年, 七八年 are counts); 22年立春, 19年国庆: any two digits before
    a festival."""
    token = m[1] or m[2]
    if m[1] and not _written_year(m[1]):
        raise Reject
    return TimeSpec(year_short=number(token))


_APPROXIMATE = frozenset(("三五",))


def _written_year(token: str) -> bool:
    """Whether two Chinese digits are a year rather than an approximate count: 八五, 零七
    are years; 三四, 七八, 三五 (a few) are counts.

    Example: _written_year("九八") is True; _written_year("四五") is False.
    """
    if token[0].isdigit() or token[0] in "零〇○":
        return True
    first, second = cn_to_int(token[0]), cn_to_int(token[1])
    return second != first + 1 and token not in _APPROXIMATE


def _count(token: str) -> int:
    """A count of units; Chinese digits written one by one (六五) are no count.

    Example: _count("十五") == 15; _count("六五") raises Reject.
    """
    if len(token) > 1 and all(c in "〇零○一二两三四五六七八九" for c in token):
        raise Reject
    return number(token)


@rule("month_day", rf"(?<![\d.])({D12}|元)\s*月\s*({D12})\s*(?:日|号|(?=\s*(?:{_CONNECT}|[、和及])\s*{D12}\s*[日号]))")
def _month_day(m: Groups) -> TimeSpec:
    """5月8日, 五月八号, 元月3日, and 5月26 before 至29日 (or 、29日)."""
    mo, d = (1 if m[1] == "元" else number(m[1])), number(m[2])
    if not _valid_md(mo, d):
        raise Reject
    return TimeSpec(month=mo, day=d)


@rule("month_day_bare", r"(?<![\d.])(1[0-2]|0?[1-9])\s*月\s*(3[01]|[12]\d|0?[1-9])(?=\s*(?:起|开始|当天|上午|下午|中午|晚|早|凌晨|夜|[，。；、,;）)]|[（(]\s*(?:星期|周|礼拜)|$)|\s+\d{1,2}\s*[:：]\d\d)")
def _month_day_bare(m: Groups) -> TimeSpec:
    """5月28, 5月28上午, 5月28 14:00: a day written after its month without 日 (informal),
    read only before what ends or times a date (5月28人 is a count)."""
    mo, d = int(m[1]), int(m[2])
    if not _valid_md(mo, d):
        raise Reject
    return TimeSpec(month=mo, day=d)


@rule("month_day_cn", rf"(?<![\d.〇零○一二两三四五六七八九十])([一二三四五六七八九十]|十[一二])月((?:[一二]?十|[二三]十|廿)[一二三四五六七八九]?|三十一?){_NOT_AFTER_DAY}")
def _month_day_cn(m: Groups) -> TimeSpec:
    """一月二十三, 八月十五: a Chinese date without 日 (days below ten need 日: 三月三 is a festival)."""
    mo, d = number(m[1]), number(m[2])
    if not _valid_md(mo, d):
        raise Reject
    return TimeSpec(month=mo, day=d)


@rule("month_end", lambda: rf"(?:(?<![\d.第])({D12})\s*月\s*份?\s*月?|(?<![岁日年])({_rel_month_stems()})?月)\s*(?:底|末)")
def _month_end(m: Groups) -> TimeSpec:
    """10月底, 十二月月底, 月底, 下月底: the month's last day (月底前 is a deadline)."""
    if m[1]:
        mo = number(m[1])
        if not _valid_md(mo, None):
            raise Reject
        return TimeSpec(month=mo, month_end=True)
    if m[2]:
        return _rel_month_value(m[2]).replace(month_end=True)
    return TimeSpec(month_end=True)


@rule("month_part", lambda: (
    rf"(?:(?:(?<![\d.第])({D12})\s*月\s*份?|(?<![岁日年个])({_rel_month_stems()})?月)"
    r"\s*(上中旬|中下旬|上旬|中旬|下旬|初(?![一二三四五六七八九十])|上半月|下半月|中(?![\u4e00-\u9fff])|中(?=[旬前后完举开召将起至到]))"
    r"|(上中旬|中下旬|上旬|中旬|下旬|上半月|下半月)"
    # 下旬初, 中旬末: the stretch itself (no narrower width is written); 下旬初步, 初审, 初赛 are other words
    r")(?:(?<=旬)[初末](?![步审赛试选稿检]))?"
))
def _month_part(m: Groups) -> TimeSpec:
    """6月上旬, 本月下旬, 6月中下旬, 月初, 下个月上半月, 下旬 (of the month in question): a vague stretch of a month."""
    base = TimeSpec()
    if m[1]:
        mo = number(m[1])
        if not _valid_md(mo, None):
            raise Reject
        base = TimeSpec(month=mo)
    elif m[2]:
        base = _rel_month_value(m[2])
    code = {
        "上旬": "xun1", "中旬": "xun2", "下旬": "xun3", "上中旬": "xun12", "中下旬": "xun23",
        "初": "mstart", "上半月": "half1", "下半月": "half2", "中": "xun2",  # 月中: as 中旬
    }
    return base.replace(month_part=code[m[3] or m[4]])


# a period named before 内 (本月内, 年内, 本周内): a deadline at the period's end
_WITHIN_PERIODS = {
    "本月": TimeSpec(month_rel=0, month_end=True), "这个月": TimeSpec(month_rel=0, month_end=True),
    "月": TimeSpec(month_rel=0, month_end=True), "当月": TimeSpec(month_ctx=0, month_end=True),
    "今年": TimeSpec(year_rel=0, year_end=True), "本年": TimeSpec(year_rel=0, year_end=True),
    "年": TimeSpec(year_rel=0, year_end=True), "当年": TimeSpec(year_ctx=0, year_end=True),
    "本周": TimeSpec(week_rel=0, weekday=7), "这周": TimeSpec(week_rel=0, weekday=7),
    "本星期": TimeSpec(week_rel=0, weekday=7), "本年度": TimeSpec(year_rel=0, year_end=True),
    "下周": TimeSpec(week_rel=1, weekday=7), "下月": TimeSpec(month_rel=1, month_end=True),
    "下个月": TimeSpec(month_rel=1, month_end=True),
    # 两周内: fourteen days, as 14天内
    "一周": TimeSpec(offset=(7, "day")), "两周": TimeSpec(offset=(14, "day")), "三周": TimeSpec(offset=(21, "day")),
    # 半个月内: fifteen days, as 15天内 (一个月内, 三个月内 stay lengths)
    "半个月": TimeSpec(offset=(15, "day")), "半月": TimeSpec(offset=(15, "day")),
    "一个星期": TimeSpec(offset=(7, "day")), "一星期": TimeSpec(offset=(7, "day")),
    "一个礼拜": TimeSpec(offset=(7, "day")), "两个星期": TimeSpec(offset=(14, "day")),
    # 今天内, 当日内: the day itself, by its end
    "今天": TimeSpec(day_rel=0), "今日": TimeSpec(day_rel=0),
    "当天": TimeSpec(day_rel=0, day_rel_context=True), "当日": TimeSpec(day_rel=0, day_rel_context=True),
}
_WITHIN_AFTER = r"\s*(?:以内|之内|内)"
_WITHIN_AFTER_RE = re.compile(_WITHIN_AFTER)


@rule("period_within", lambda: (
    rf"(?<![\d〇零○一二两三四五六七八九十百千个半每上下前近多几整全岁日])({alternation(_WITHIN_PERIODS)})(?={_WITHIN_AFTER})"
))
def _period_within(m: Groups) -> TimeSpec:
    """本月内, 年内, 本周内 (before 内): the period's last day, which 内 makes a deadline."""
    return _WITHIN_PERIODS[m[1]]


@rule("rel_month_day", lambda: rf"({alternation([*lexicon().relative_months, *lexicon().context_months])})\s*({D12})\s*[日号]")
def _rel_month_day(m: Groups) -> TimeSpec:
    """本月27日, 下个月5号, 同月9号."""
    d = number(m[2])
    if not _valid_md(None, d):
        raise Reject
    return _rel_month_value(m[1][:-1]).replace(day=d)


@rule("window_within", lambda: (
    # days and hours before 内 are deadlines (3天内, 48小时内), read elsewhere
    rf"(?:未来|今后|接下来)的?\s*({NUM})\s*(?:个\s*)?(年|周|星期|礼拜|个\s*月)\s*(?:之|以)?内"
))
def _window_within(m: Groups) -> TimeSpec:
    """未来5年内, 今后三个月内, 接下来的两周内: the window 未来5年 says (内 adds nothing)."""
    unit = "month" if m[2].endswith("月") else lexicon().units[m[2]]
    n = _count(m[1])
    if n <= 0 or n > 1000:
        raise Reject
    return TimeSpec(window=(n, unit, "rolling"))


@rule("window", lambda: (
    rf"({alternation(lexicon().windows)})\s*(?:({NUM})\s*(?:个\s*)?(半\s*)?|(半)\s*(?:个\s*)?)({alternation(set(lexicon().units) - {'工作日'})})"
    r"(?!\s*(?:之|以)?(?:内|后|前)|[\d〇零○一二两三四五六七八九十]|[日号次期届])"
))
def _window(m: Groups) -> TimeSpec:
    """上两周, 前两天, 下三个月, 近三年, 未来三天, 之后5分钟: N units next to the reference;
    近半年, 过去半个月: six months, fifteen days counted from the reference day."""
    direction, how = lexicon().windows[m[1]]
    unit = lexicon().units[m[5]]
    if m[4]:
        halves = {"year": (6, "month"), "month": (15, "day")}
        if how != "rolling" or unit not in halves:
            raise Reject  # 上半年 and 下半月 are other rules' words
        n, unit = halves[unit]
        return TimeSpec(window=(direction * n, unit, how))
    if m[3] or (unit == "month" and "个" not in m[0] and m[1] not in ("前", "上", "下", "后", "近")):
        raise Reject
    n = _count(m[2])
    if n <= 0 or n > 1000:
        raise Reject
    return TimeSpec(window=(direction * n, unit, how))


@rule("day_run", lambda: (
    rf"({alternation(lexicon().day_runs)})(?:\s*([两二三])\s*([天日年])(?![\d〇零○一二两三四五六七八九十度])|([天年])(?![度代级届]))"
))
def _day_run(m: Groups) -> TimeSpec:
    """今明两天, 明后两天, 今明后三天, 明后天; 今明两年, 明后年: the days (years) named, as one stretch."""
    first = lexicon().day_runs[m[1]]
    n = number(m[2]) if m[2] else len(m[1])
    if n != len(m[1]):
        raise Reject
    return TimeSpec(window=(n, "year" if "年" in (m[3], m[4]) else "day", f"from{first}"))


_AFTER_WORDS = r"(?:以后|之后|后)"


@rule("offset_anchor", (
    rf"(?<![\d.第])(?:({NUM})\s*年\s*{_AFTER_WORDS}\s*的?(?=\s*(?:{D12}\s*月|今天|今日))"
    rf"|({NUM})\s*个\s*月\s*{_AFTER_WORDS}\s*的?(?=\s*{D12}\s*[日号])"
    rf"|({NUM})\s*(?:个\s*)?(?:周|星期|礼拜)\s*{_AFTER_WORDS}\s*的?(?=\s*(?:周|星期|礼拜)[一二三四五六日天1-7])"
    rf"|({NUM})\s*年\s*(?:以|之)?前\s*的\s*(?=今天|今日))"
))
def _offset_anchor(m: Groups) -> TimeSpec:
    """两年后 in 两年后6月8号, 2个月后 in 2个月后15号, 两周后的 in 两周后的周三: the year
    (month, week) that many on, in which the date that follows falls; 三年前的 in
    三年前的今天: that many years back."""
    if m[4]:
        n = _count(m[4])
        if n <= 0 or n > 100:
            raise Reject
        return TimeSpec(year_rel=-n)
    n = _count(m[1] or m[2] or m[3])
    if n <= 0 or n > 100:
        raise Reject
    if m[1]:
        return TimeSpec(year_rel=n)
    if m[2]:
        return TimeSpec(month_rel=n)
    return TimeSpec(week_rel=n)


@rule("offset_hm", rf"(?<![\d.第])(?:({NUM})\s*(?:个\s*)?(?:小时|钟头)\s*({NUM})\s*分钟?|({NUM})\s*分钟?\s*({NUM})\s*秒钟?)\s*"
                   r"((?:以|之)?后|(?:以|之)?前)(?![往来去进行提期夕沿列景])")
def _offset_hm(m: Groups) -> TimeSpec:
    """1小时30分钟后, 两个小时十五分钟前, 1分30秒后: one instant that long from the reference."""
    big, small = _count(m[1] or m[3]), _count(m[2] or m[4])
    if small >= 60 or not 0 < big <= 1000:
        raise Reject
    amount, unit = (big * 60 + small, "minute" if m[1] else "second")
    return TimeSpec(offset=(amount if "后" in m[5] else -amount, unit))


@rule("offset_quarter", lambda: (
    rf"(?<![\d.第])({NUM})\s*个\s*季度\s*({alternation(lexicon().offset_after)}|{alternation(lexicon().offset_before)})"
    r"(?![往来去进行提期夕沿列景])"
))
def _offset_quarter(m: Groups) -> TimeSpec:
    """两个季度后, 三个季度前: three months a quarter (三季度后 is after the third quarter)."""
    n = _count(m[1])
    if not 0 < n <= 400:
        raise Reject
    return TimeSpec(offset=(3 * n if m[2] in lexicon().offset_after else -3 * n, "month"))


@rule("day_due", r"(?<=[于在至])(\d{1,2})\s*[日号](?=\s*(?:之前|以前|前)(?![往来去进行提期夕沿列景]))")
def _day_due(m: Groups) -> TimeSpec:
    """请于25日前, 须在10号前: the day something is due by, not 25 days ago (the offset
    rule below reads 举行10日前 as a count; after 于/在/至 it is a day)."""
    d = int(m[1])
    if not _valid_md(None, d):
        raise Reject
    return TimeSpec(day=d)


@rule("offset", lambda: (
    rf"(?<![\d.第])({NUM})\s*(?:个\s*|(?!月))({alternation(lexicon().units)})\s*"
    rf"({alternation(lexicon().offset_after)}|{alternation(lexicon().offset_before)})"
    r"(?![往来去进行提期夕沿列景])"
))
def _offset(m: Groups) -> TimeSpec:
    """三天后, 两小时后, 30日后, 5天前, 3个工作日后: one point N units from the reference."""
    unit = lexicon().units[m[2]]
    later = m[3] in lexicon().offset_after
    if m[2] == "日" and not later and "两" not in m[1]:
        raise Reject  # 5日前 is a deadline (by the 5th), not five days ago; 两日前 names no day
    if unit == "month" and "个" not in m[0]:
        raise Reject  # 3月后 is after March
    n = _count(m[1])
    if n <= 0 or n > 1000 or (unit == "workday" and not later):
        raise Reject
    return TimeSpec(offset=(n if later else -n, unit))


@rule("offset_pass", lambda: (
    rf"(?:再\s*|(?<![\u4e00-\u9fff]))过\s*({NUM})\s*(?:个\s*)?({alternation(set(lexicon().units) - {'工作日'})})"
    rf"(?:\s*(?:{alternation(lexicon().offset_after)}))?(?![\d〇零○一二两三四五六七八九十]|\s*(?:之|以)?内)"
))
def _offset_pass(m: Groups) -> TimeSpec:
    """再过三天, 过两个小时 (opening a clause): N units from the reference, as 三天后.

    Not after another character: 超过三天, 经过三天, 住过三年 are lengths.
    """
    unit = lexicon().units[m[2]]
    if unit == "month" and "个" not in m[0]:
        raise Reject  # 过3月 is no length
    n = _count(m[1])
    if n <= 0 or n > 1000:
        raise Reject
    return TimeSpec(offset=(n, unit))


@rule("offset_pass_half", lambda: (
    rf"(?:再\s*|(?<![\u4e00-\u9fff]))过\s*(?:({NUM})\s*个\s*半\s*(?:小时|钟头)|(半)\s*个?\s*(?:小时|钟头)|(半)\s*个\s*月|([一两三])\s*刻钟)"
    rf"(?:\s*(?:{alternation(lexicon().offset_after)}))?(?!\s*(?:之|以)?内)"
))
def _offset_pass_half(m: Groups) -> TimeSpec:
    """再过半个小时, 再过一个半小时, 过一刻钟 (opening a clause): as 半小时后, 一个半小时后."""
    if m[1] is not None:
        return TimeSpec(offset=(_count(m[1]) * 60 + 30, "minute"))
    if m[2] is not None:
        return TimeSpec(offset=(30, "minute"))
    if m[3] is not None:
        return TimeSpec(offset=(15, "day"))
    return TimeSpec(offset=(number(m[4]) * 15, "minute"))


@rule("offset_half", lambda: (
    rf"(?<![\d.第])(?:({NUM})\s*个\s*半\s*(小时|钟头|月)|半\s*个?\s*(小时|钟头|月|分钟)|({NUM})\s*年\s*半|(半)\s*年|([一两三])\s*刻钟)\s*"
    rf"({alternation(lexicon().offset_after)}|{alternation(lexicon().offset_before)})"
    r"(?![往来去进行提期夕沿列景])"
))
def _offset_half(m: Groups) -> TimeSpec:
    """半小时后, 一个半小时后, 半个月后, 两个半月后, 半年后, 一年半前, 一刻钟后: a point a part of a unit (or N and a half) away."""
    later = m[7] in lexicon().offset_after
    if m[6] is not None:
        n, unit = number(m[6]) * 15, "minute"
    elif m[1] is not None and m[2] == "月":
        n, unit = number(m[1]) * 2 + 1, "halfmonth"  # 两个半月: two months, then fifteen days
    elif m[1] is not None:
        n, unit = number(m[1]) * 60 + 30, "minute"
    elif m[3] is not None:
        n, unit = {"月": (15, "day"), "分钟": (30, "second")}.get(m[3], (30, "minute"))
    elif m[4] is not None:
        n, unit = number(m[4]) * 12 + 6, "month"
    else:
        n, unit = 6, "month"
    if n > 12000 or unit == "halfmonth" and n > 2000:
        raise Reject
    return TimeSpec(offset=(n if later else -n, unit))


@rule("month", rf"(?<![\d.第])({D12}|(?<![\d.])元)\s*月(\s*份)?(?!\s*份?\s*(?:[上中下]旬|初|底|末|上半月|下半月)|以来|至今|起|[一二三四五六七八九](?![〇零○一二两三四五六七八九十日号]))")
def _month(m: Groups) -> TimeSpec:
    """9月, 九月, 3月份, 元月."""
    mo = 1 if m[1] == "元" else number(m[1])
    if not _valid_md(mo, None):
        raise Reject
    return TimeSpec(month=mo)


@rule("month_since", rf"(?<=年)({D12})\s*月(?:\s*份)?(?=\s*(?:以来|至今|起))")
def _month_since(m: Groups) -> TimeSpec:
    """The 8月 of 去年8月起, 今年3月以来: a month after its year, before a since word
    (a bare 3月以来 is left unread)."""
    mo = number(m[1])
    if not _valid_md(mo, None):
        raise Reject
    return TimeSpec(month=mo)


@rule("until_now", r"(?:(?<=[至到])|(?<=[至到] ))今(?![天日年晚早明后朝夏冬春秋])", weak=True)
def _until_now(m: Groups) -> TimeSpec:
    """The 今 of 2010年至今, 从去年8月起至今: the end of a range, the reference day."""
    return TimeSpec(day_rel=0)


@rule("rel_month", lambda: rf"(?:{alternation([*lexicon().relative_months, *lexicon().context_months])})(?![份\d初底末中上下])")
def _rel_month(m: Groups) -> TimeSpec:
    """本月, 下个月, 上上个月."""
    return _rel_month_value(m[0][:-1])


@rule("gai_nian", r"(?<![应活])该年(?![龄级轻纪度初底末中])")
def _gai_nian(m: Groups) -> TimeSpec:
    """该年 (the year just named, as 当年); not inside 应该年轻 or 该年龄段."""
    return TimeSpec(year_ctx=0)


@rule("rel_year", lambda: rf"(?:{alternation([*lexicon().relative_years, *lexicon().context_years])})(?!度|[初底末])(?:\s*全年)?")
def _rel_year(m: Groups) -> TimeSpec:
    """今年, 明年, 去年, 上年, 次年; 今年全年 is the same year."""
    word = re.sub(r"\s*全年$", "", m[0])
    if word in lexicon().context_years:
        return TimeSpec(year_ctx=lexicon().context_years[word])
    return TimeSpec(year_rel=lexicon().relative_years[word])


def _festival_pattern(quoted: bool = False) -> str:
    """Festival names; those written only in numerals (五一, 三一五) not inside a longer number (三一五八标段)."""
    names = plain_festival_names()
    numeral = [n for n in names if re.fullmatch(r"[〇零○一二两三四五六七八九十]+", n)]
    digits = "〇零○一二两三四五六七八九十0-9"
    # names that open with a numeral (十一期间) must not start inside a number either
    counted = [n for n in names if n not in numeral and n[0] in digits]
    words = [n for n in names if n not in numeral and n not in counted]
    return (
        # the words first: 五一国际劳动节 is longer than 五一; news often quotes a name
        # (“五一”假期), read in quotes only before the words of its days (“护士节”义诊 is a name)
        rf"{_QUOTE_OPEN if quoted else ''}(?:{alternation(words)}|(?<![{digits}])(?:{alternation(counted)}|(?:{alternation(numeral)})(?![{digits}])))"
        rf"{_QUOTE_CLOSE if quoted else ''}(?!劳动奖|奖|路|大道|广场|街|村|小区)"
    )


_QUOTE_OPEN = "[“\"「]?"
_QUOTE_CLOSE = "[”\"」]?"


def _unquote(written: str) -> str:
    """A festival's name without the quotes news puts around it: “五一”假期 → 五一假期."""
    return re.sub("[“”\"「」]", "", written)


# words after a festival naming the days around it (国庆假期, 春节前后, 十一黄金周):
# the holiday's official days off in the trace (前后, an approximation, the
# festival's day); alone, no day of a happening
_FESTIVAL_PERIODS = ("假期", "小长假", "长假", "黄金周", "前后")


# after a statutory festival: the first working day after its days off (国庆节后,
# 春节后第一个工作日); 后 before these is another word (节后期, 春节后备)
_AFTER_HOLIDAY = r"后(?:第一个工作日|首个工作日|第一天上班|上班第一天)?(?![期来续勤台方面者悔备门院山])"


@rule("festival_shift", lambda: (
    rf"(?:{_festival_pattern(quoted=True)})(前|后)的?\s*([一二两三四五六七八九十]|[1-9]\d?)\s*(?:(天|日)|(周|个星期|个礼拜))"
    r"(?![内以之后前])"
))
def _festival_shift(m: Groups) -> TimeSpec:
    """国庆节前一天, 春节后三天, 春节前一周: the day that many days (weeks) before or after the festival's day."""
    name = re.sub(r"(?:前|后)的?\s*\S+$", "", _unquote(m[0]))
    days = number(m[2]) * (1 if m[3] else 7)
    return TimeSpec(festival=name, festival_shift=-days if m[1] == "前" else days)


@rule("festival_eve", lambda: rf"(?:{_festival_pattern(quoted=True)})前夕")
def _festival_eve(m: Groups) -> TimeSpec:
    """国庆前夕, 春节前夕: the day before the festival (kept from the event stage: 前夕
    is the days just before, as news tells visits and greetings)."""
    return TimeSpec(festival=_unquote(m[0])[:-2], festival_shift=-1)


_TWIN = r"(?:中秋节?[、和与及]?国庆|国庆节?[、和与及]?中秋)节?(?:双节)?"


@rule("twin_holiday", _TWIN + r"(?:假期|小长假|长假|黄金周)(?!期间)")
def _twin_holiday(m: Groups) -> TimeSpec:
    """中秋国庆假期, 国庆、中秋假期: one holiday, from the first day off of the two festivals
    to the last (the one run when they fall together, as in 2023); alone, like 国庆假期,
    kept from the event stage."""
    return TimeSpec(festival="国庆", holiday=True, holiday_with="中秋")


@rule("twin_holiday_period", _TWIN + r"(?:假期|长假)?期间")
def _twin_holiday_period(m: Groups) -> TimeSpec:
    """中秋国庆期间, 中秋国庆双节期间: the same days, timing a happening (as 国庆期间 does)."""
    return TimeSpec(festival="国庆", holiday=True, holiday_with="中秋")


@rule("festival_period", lambda: (
    rf"(?:{_festival_pattern(quoted=True)}|(?<![〇零○一二两三四五六七八九十0-9]){_QUOTE_OPEN}十一{_QUOTE_CLOSE})(?:{alternation(_FESTIVAL_PERIODS)})(?!期间)"
    rf"|(?<![〇零○一二两三四五六七八九十0-9])(?:{alternation(statutory_festival_names())})({_AFTER_HOLIDAY})"
))
def _festival_period(m: Groups) -> TimeSpec:
    """国庆假期, 十一黄金周: the holiday's days off; 春节前后: the festival's day;
    国庆节后, 春节后第一个工作日: the first working day after the days off."""
    if m[1]:
        # only statutory holidays: 元宵节后, 重阳节后 have no days off to come back from
        return TimeSpec(festival=m[0][: -len(m[1])], after_holiday=True)
    name = re.sub(rf"(?:{alternation(_FESTIVAL_PERIODS)})$", "", _unquote(m[0]))
    return TimeSpec(festival="国庆" if name == "十一" else name, holiday=None if m[0].endswith("前后") else True)


@rule("festival", lambda: "(?:(?:农历|阴历)\\s*)?" + _festival_pattern() + "(?:当天|当日|(?:假期|放假|长假|黄金周)?期间|之?夜(?![景市游跑校宵色空班场间话]))?"
                          "|" + _festival_pattern(quoted=True) + "(?:当天|当日|(?:假期|放假|长假|黄金周)?期间)"
                          "|[“\"「]十一[”\"」]期间")
def _festival(m: Groups) -> TimeSpec:
    """国庆节, 端午, 除夕, 冬至, 母亲节, 农历七夕; 十一期间, 国庆期间: the holiday's days off; 除夕夜: its evening."""
    name = re.sub(r"^(?:农历|阴历)\s*", "", _unquote(m[0]))
    if name == "十一期间":
        return TimeSpec(festival="国庆", holiday=True)
    written = name
    if name not in plain_festival_names():
        name = re.sub(r"(?:当天|当日|(?:假期|放假|长假|黄金周)?期间|之?夜)$", "", name)
    if written.endswith("夜") and name != written:
        return TimeSpec(festival=name, part="evening")  # 除夕夜, 中秋之夜 (as 除夕晚上)
    return TimeSpec(festival=name, holiday=True if m[0].endswith("期间") else None)


@rule("festival_term", lambda: (
    rf"(?<=年)(?:{alternation(context_festival_names())})(?:节气)?"
    rf"|(?:{alternation(context_festival_names())})(?:节气|(?=\s*(?:时节|当天|这天|之日)))"
))
def _festival_term(m: Groups) -> TimeSpec:
    """今年小雪, 2024年大雪, 大雪节气: solar terms that are also weather words need a year or 节气."""
    return TimeSpec(festival=re.sub(r"节气$", "", m[0]))


@rule("lunar_date", rf"(?:(?:农历|阴历)\s*(?:({Y4})\s*年\s*)?(闰)?\s*(正|腊|冬|十[一二]|[一二三四五六七八九十])\s*月|(正|腊|冬|十[一二]|[一二三四五六七八九十](?=\s*月\s*初[一二三四五六七八九十]))\s*月)\s*(初[一二三四五六七八九十]|十[一二三四五六七八九]|廿[一二三四五六七八九]|二十[一二三四五六七八九]?|三十|十)(?![\d〇零○一二三四五六七八九十])|大年(初[二三四五六七八九十])")
def _lunar_date(m: Groups) -> TimeSpec:
    """农历正月十五, 腊月廿八, 农历闰二月初三, 大年初三, 农历2024年八月十五 (the year written
    after 农历 is the lunar year's): a day of the lunar calendar."""
    if m[6]:
        return TimeSpec(lunar=(1, number(m[6][1:]), False))
    names = {"正": 1, "冬": 11, "腊": 12}
    month_word = m[3] or m[4]
    month = names.get(month_word) or number(month_word)
    day_word = m[5]
    day = number(day_word[1:]) if day_word.startswith("初") else number(day_word)
    if not (1 <= month <= 12 and 1 <= day <= 30):
        raise Reject
    return TimeSpec(year=number(m[1]) if m[1] else None, lunar=(month, day, bool(m[2])))


_LUNAR_MONTH = r"(正|腊|冬|十[一二]|[一二三四五六七八九十])\s*月"


@rule("lunar_month", rf"(?:农历|阴历)\s*(?:({Y4})\s*年\s*)?(闰)?\s*{_LUNAR_MONTH}(?:\s*份)?(?!\s*(?:初|十|廿|二十|三十|[\d一二三四五六七八九]))"
                    r"|(?<![真修纠改校立反更公扶端])(正|腊|冬)\s*月(?:\s*份)?(?!\s*(?:初|十|廿|二十|三十|[\d一二三四五六七八九]))")
def _lunar_month(m: Groups) -> TimeSpec:
    """农历九月, 农历闰四月, 农历二〇二三年三月, 腊月, 正月: a whole month of the lunar calendar
    (its days, from the first to the 29th or 30th)."""
    names = {"正": 1, "冬": 11, "腊": 12}
    word = m[3] or m[4]
    month = names.get(word) or number(word)
    if not 1 <= month <= 12:
        raise Reject
    return TimeSpec(year=number(m[1]) if m[1] else None, lunar=(month, 0, bool(m[2])))


@rule("nth_weekday", lambda: rf"(?:第\s*([一二三四五1-5])\s*个|最后\s*一\s*个)\s*(?:周|星期|礼拜)({alternation(set(lexicon().weekdays) - {'末'})})", weak=True)
def _nth_weekday(m: Groups) -> TimeSpec:
    """(十月的)第一个星期一, (四月的)最后一个星期一 (only after a month or year)."""
    n = number(m[1]) if m[1] else -1
    return TimeSpec(nth=(n, lexicon().weekdays[m[2]]))


@rule("nth_week", lambda: r"第\s*([1-4]\d|5[0-3]|[二三四五]十[一二三四五六七八九]?|十[一二三四五六七八九]?|[一二三四五六七八九1-9])\s*(?:个\s*)?(?:周|星期|礼拜)(?![一二三四五六日天末1-7年])", weak=True)
def _nth_week(m: Groups) -> TimeSpec:
    """(十月的)第一周, (2021年的)第二周: weeks counted from the first Monday of the month
    or year (alone, 第二周 is too often a count)."""
    return TimeSpec(nth=(number(m[1]), 0))


@rule("nth_month", r"第\s*([一二三四五六七八九十]{1,2}|1[0-2]|[1-9])\s*个\s*月|(?<=年)首\s*(?:个\s*)?月", weak=True)
def _nth_month(m: Groups) -> TimeSpec:
    """(2021年的)第三个月, (明年)第九个月, (2010年)首月: a month counted from the year's start (only after a year)."""
    mo = number(m[1]) if m[1] else 1
    if not _valid_md(mo, None):
        raise Reject
    return TimeSpec(month=mo)


@rule("era_year", r"民国\s*([〇零○一二两三四五六七八九十百]{1,4}|\d{1,3}|元)\s*年")
def _era_year(m: Groups) -> TimeSpec:
    """民国三年 = 1914 (the Republic's years count from 1912)."""
    n = 1 if m[1] == "元" else number(m[1])
    return TimeSpec(year=1911 + n)


@rule("weekend_days", r"(?<![每上下个])(?:(?:本|这)\s*)?(?:(?:周末|星期六日)两天|周六日(?![程期记报志])|(?:周|星期)六\s*[、和及与]\s*(?:周|星期)?[日天](?![常均期程记报志]))")
def _weekend_days(m: Groups) -> TimeSpec:
    """周末两天, 本周末两天, 周六日, 周六、周日: Saturday and Sunday of this week."""
    return TimeSpec(week_rel=0, weekend=True)


@rule("weekend_bare", r"(?:(?<![\u4e00-\u9fff])|(?<=[在于到至和及与是、]))周末(?![班版刊报档期两\u4e00-\u9fff]|[上下中早晚凌夜])")
def _weekend_bare(m: Groups) -> TimeSpec:
    """周末 standing alone (周末将迎来降温): this week's Saturday and Sunday, as 本周末
    (kept from the event stage: 每逢周末, 周末和节假日 name no weekend of their own)."""
    return TimeSpec(weekend=True)


@rule("rel_weekday", lambda: rf"({alternation(lexicon().week_prefixes)})\s*(?:周|星期|礼拜)({alternation(lexicon().weekdays)})")
def _rel_weekday(m: Groups) -> TimeSpec:
    """下周三, 上上个周日, 这周末 (Saturday and Sunday)."""
    rel = lexicon().week_prefixes[m[1]]
    if m[2] == "末":
        return TimeSpec(week_rel=rel, weekend=True)
    return TimeSpec(week_rel=rel, weekday=lexicon().weekdays[m[2]])


@rule("midweek", lambda: (
    rf"(?<![\d〇零○一二两三四五六七八九十每个])(?:({alternation(lexicon().week_prefixes)})\s*)?(?:周|星期)中"
    r"(?![\u4e00-\u9fff])|(?<![\d〇零○一二两三四五六七八九十每个])(?:(本|这|下)\s*)?(?:周|星期)中(?=[前后完举开召将起至到])"
))
def _midweek(m: Groups) -> TimeSpec:
    """周中, 下周中: Tuesday to Thursday of the week."""
    word = m[1] or m[2]
    return TimeSpec(week_rel=lexicon().week_prefixes[word] if word else 0, midweek=True)


@rule("rel_week", lambda: rf"({alternation(lexicon().week_prefixes)})\s*(?:周|星期|礼拜)(?![一二三四五六日天末1-7])")
def _rel_week(m: Groups) -> TimeSpec:
    """本周, 下星期, 上上周, 这一礼拜."""
    return TimeSpec(week_rel=lexicon().week_prefixes[m[1]])


# (周日6:00 / 星期六8点: a clock may follow a weekday written in words; 周1 2 and 周一二 are no weekday)
@rule(
    "weekday",
    lambda: rf"(?:周|星期|礼拜)({alternation(set(lexicon().weekdays) - {'末'})})"
    r"(?![一二三四五六七八九十])(?!(?<=[1-7])\d)(?!\d(?!\d?\s*[:：点时]))",
)
def _weekday(m: Groups) -> TimeSpec:
    """周五, 星期天, 礼拜三."""
    return TimeSpec(weekday=lexicon().weekdays[m[1]])


@rule("rel_day", lambda: alternation(lexicon().relative_days))
def _rel_day(m: Groups) -> TimeSpec:
    """今天, 明日, 大前天, 今晚, 次日 (次日 and 当天 count from the article's day)."""
    offset, part = lexicon().relative_days[m[0]]
    if part in ("context", "context0"):
        # 次日 and 当天 count from the day the article is talking about; 当晚 is its evening.
        return TimeSpec(day_rel=offset, day_rel_context=True, part=lexicon().parts_of_day.get(m[0][1:]))
    return TimeSpec(day_rel=offset, part=part or None)


@rule("rel_day_next", r"隔天|隔日|第([二三四五六七八九十]|[2-9])天(?![数内里以之])")
def _rel_day_next(m: Groups) -> TimeSpec:
    """隔天, 第二天, 第三天: the day after (N-1 days after) the one the article is talking
    about, as 次日 (alone they time no happening: 活动的第二天; see for_events)."""
    return TimeSpec(day_rel=number(m[1]) - 1 if m[1] else 1, day_rel_context=True)


@rule("jin_qi", r"(?:(?<![\u4e00-\u9fff])|(?<=[自从即]))今(?=\s*起(?![来身床飞航草]))")
def _jin_qi(m: Groups) -> TimeSpec:
    """今 before 起 (今起, 自今起至6月30日): the day of the notice, as 今天起."""
    return TimeSpec(day_rel=0)


@rule("qianri", r"(?:(?<![\u4e00-\u9fff])|(?<=[于在至从自到及和与]))前(?:日(?![期程子内])|(晚)(?![宴会餐饭霞报场间上]))")
def _qianri(m: Groups) -> TimeSpec:
    """前日 standing alone (前日，记者从…获悉; 于前日): the day before yesterday, as 前天;
    前晚 is its evening (前晚，…发生火灾).

    Inside a word (提前日期, 节前日, 赛前晚宴) it is not a day.
    """
    return TimeSpec(day_rel=-2, part="evening" if m[1] else None)


@rule("now", lambda: rf"(?:{alternation(lexicon().now_words)})(?![\d〇零○一二三四五六七八九十])")
def _now(m: Groups) -> TimeSpec:
    """现在, 此刻: the reference instant."""
    return TimeSpec(now=True)


@rule("day", r"(?:(?<![\d.月年第前后内])|(?<=个月后)|(?<=个月[之以]后))(\d{1,2})\s*(?:日|号(?![楼线院门库室馆台机位口令文店铺仓厅桥路街巷码会]))(?![元])")
def _day(m: Groups) -> TimeSpec:
    """8日, 26号 (not 3号楼)."""
    d = int(m[1])
    if not _valid_md(None, d):
        raise Reject
    return TimeSpec(day=d)


# after a day written 六号 or 初六 with no month: what makes it a date (起, 上午, 前, a comma)
_BARE_DAY_AFTER = r"(?=\s*(?:之?前|以前|起|开始|当天|上午|下午|中午|晚|早|凌晨|夜|[0-9〇零一二三四五六七八九十]+\s*[点时:：]|[至到—\-~～]|[，。；、,;）)]|[（(]\s*(?:星期|周|礼拜)|$))"


@rule("day_cn_hao", rf"(?<![\d〇零○一二两三四五六七八九十廿卅月年第初])([〇零一二三四五六七八九十廿卅]{{1,3}})号{_BARE_DAY_AFTER}")
def _day_cn_hao(m: Groups) -> TimeSpec:
    """六号, 二十号上午: a day of the month in Chinese numerals with 号 (六号线 is no day)."""
    d = number(m[1])
    if not _valid_md(None, d):
        raise Reject
    return TimeSpec(day=d)


@rule("day_cn_ri", rf"(?<![\d〇零○一二两三四五六七八九十廿卅月年第初为期共计满近约历每隔])((?:[一二]十|[二三]十|廿|卅)[一二三四五六七八九]?|十[一二三四五六七八九]|三十一)日{_BARE_DAY_AFTER}")
def _day_cn_ri(m: Groups) -> TimeSpec:
    """二十五日, 十五日起, 廿八日，: a day of the month past the tenth in Chinese numerals with 日
    and no month, before what makes it a date (五日, 十日 alone are too often counts of days)."""
    d = number(m[1])
    if not _valid_md(None, d):
        raise Reject
    return TimeSpec(day=d)


@rule("lunar_bare", rf"(?<![农历阴月年正腊冬读上念升在是大至到—\-~～])初([一二三四五六七八九十])(?<!初[一二三四](?=[上下])){_BARE_DAY_AFTER}")
def _lunar_bare(m: Groups) -> TimeSpec:
    """初六, 初八上午: with no month, a day of the first lunar month (春节 days; 初三学生 is a school year)."""
    return TimeSpec(lunar=(1, number(m[1]), False))


@rule("lunar_bare_end", rf"(?<=[至到—\-~～])初([一二三四五六七八九十])(?<!初[一二三四](?=[上下])){_BARE_DAY_AFTER}", weak=True)
def _lunar_bare_end(m: Groups) -> TimeSpec:
    """(初一到)初三: the end of a range of first-month days (alone after 至 it is dropped:
    1月21日至24日(除夕至初三) names the same days again)."""
    return TimeSpec(lunar=(1, number(m[1]), False))


@rule("day_cn_end", r"(?:(?<=[至到—\-~〜－])|(?<=[至到—\-~〜－] ))([〇零○一二三四五六七八九十廿卅]{1,3})\s*[日号]")
def _day_cn_end(m: Groups) -> TimeSpec:
    """十二日 after 至: the end of a range of days (一月十日到十二日)."""
    d = number(m[1])
    if not _valid_md(None, d):
        raise Reject
    return TimeSpec(day=d)


@rule("day_cn", rf"(?<![月年第\d])({CN}{{1,3}})\s*日(?=[上下中晚凌早夜]|\d|{CN}+[时点])", weak=True)
def _day_cn(m: Groups) -> TimeSpec:
    """八日 before 上午 or a clock (八日上午): alone, 八日 is too often a count."""
    d = cn_to_int(m[1])
    if not _valid_md(None, d):
        raise Reject
    return TimeSpec(day=d)


@rule("clock_colon", r"(?<![\d.])(?<!\d[:：])([01]?\d|2[0-4])\s*[:：]\s*([0-5]\d)(?:[:：]([0-5]\d))?(?!\d|[:：]\d)(?:\s*时(?![间期段候刻])|分(?![别钟之享会校局类组数值配批]))?(?:\s*([aApP])\.?\s*[mM]\.?(?![a-zA-Z\d])|([aApP])(?!\w))?")
def _clock_colon(m: Groups) -> TimeSpec:
    """9:30, 17:55:23, 11:00时, 15:30分, 3:15pm."""
    h = int(m[1])
    meridiem = m[4] or m[5]
    if meridiem:
        if h > 12:
            raise Reject
        h = h % 12 + (12 if meridiem in "pP" else 0)
    return TimeSpec(hour=h, minute=int(m[2]), second=int(m[3]) if m[3] else None)


@rule("clock_pm", r"(?<![\d.:])(1[0-2]|[1-9])\s*([aApP])\.?\s*[mM]\.?(?![a-zA-Z\d])")
def _clock_pm(m: Groups) -> TimeSpec:
    """3pm, 8 a.m.: a twelve-hour clock written the Latin way."""
    h = int(m[1])
    return TimeSpec(hour=h % 12 + (12 if m[2] in "pP" else 0))


_HOUR = r"(?:\d{1,2}|[〇零○一二两三四五六七八九十]{1,3})"
_MIN = r"(?:\d{1,2}|[〇零○一二两三四五六七八九十]{1,3})"


@rule("clock_hm", rf"(?<![\d.])({_HOUR})\s*(?:时|点钟?)\s*(?:过\s*)?({_MIN})\s*分(?:钟)?(?:\s*({_MIN})\s*秒)?")
def _clock_hm(m: Groups) -> TimeSpec:
    """9时30分, 九点十五分, 16时40分50秒, 七点过五分."""
    h, mi = number(m[1]), number(m[2])
    sec = number(m[3]) if m[3] else None
    if h > 24 or mi > 59 or (sec is not None and sec > 59):
        raise Reject
    return TimeSpec(hour=h, minute=mi, second=sec, twelve_hour=("点" in m[0]) or None)


@rule("clock_quarter", rf"(?<![\d.])({_HOUR})\s*(?:时|点钟?)\s*(?:过\s*)?([一三13])\s*刻")
def _clock_quarter(m: Groups) -> TimeSpec:
    """3点一刻 (3:15), 三点三刻 (3:45), 20时1刻."""
    h = number(m[1])
    if h > 24:
        raise Reject
    return TimeSpec(hour=h, minute=15 * number(m[2]), twelve_hour=("点" in m[0]) or None)


@rule("clock_to", rf"差\s*({_MIN}\s*分(?:钟)?|[一1]\s*刻)\s*({_HOUR})\s*(?:点|时)(?:钟)?")
def _clock_to(m: Groups) -> TimeSpec:
    """差五分三点 (2:55), 差一刻十点 (9:45)."""
    return _short_of(m[2], m[1], m[0])


@rule("clock_to_after", rf"(?<![\d.])({_HOUR})\s*(?:点|时)(?:钟)?\s*差\s*({_MIN}\s*分(?:钟)?|[一1]\s*刻)")
def _clock_to_after(m: Groups) -> TimeSpec:
    """8点差5分 (7:55), 十点差一刻 (9:45): the hour named first, the gap after 差."""
    return _short_of(m[1], m[2], m[0])


def _short_of(hour: str, gap_words: str, whole: str) -> TimeSpec:
    """The time ``gap_words`` (5分, 一刻) before the hour ``hour``, in whichever order 差 says them."""
    h = number(hour)
    gap = 15 if "刻" in gap_words else number(re.sub(r"\s*分(?:钟)?$", "", gap_words))
    if not 1 <= h <= 24 or not 1 <= gap <= 30:
        raise Reject
    return TimeSpec(hour=h - 1, minute=60 - gap, twelve_hour=("点" in whole) or None)


@rule("clock_hmm", rf"(?<![\d.])({_HOUR})\s*点\s*([0-5]\d|[零〇][一二三四五六七八九]|[一二三四五]?十[一二三四五六七八九]?)(?![\d〇零○一二两三四五六七八九十分秒度倍个米元%万亿.．])")
def _clock_hmm(m: Groups) -> TimeSpec:
    """9点20, 九点零九, 下午三点十五 (minutes without 分; 10点五 is a decimal, no time)."""
    h, mi = number(m[1]), number(m[2])
    if h > 24 or mi > 59:
        raise Reject
    return TimeSpec(hour=h, minute=mi, twelve_hour=True)


@rule("clock_h", r"(?<![\d.])(\d{1,2})\s*(?:时|点钟|点)(半|整|许)?(?![\d分钟余左来〇零○一二两三四五六七八九十]|多[人名个家项条位次种件万亿千百元倍])")
def _clock_h(m: Groups) -> TimeSpec:
    """9点, 15时, 3点半, 8点整."""
    h = int(m[1])
    if h > 24:
        raise Reject
    return TimeSpec(hour=h, minute=30 if m[2] == "半" else None, twelve_hour=("点" in m[0] and h <= 12) or None)


@rule("clock_h_about", r"(?<=[午晚早夜晨间上])(\d{1,2})\s*(?:时|点钟|点)(?=\s*左右)")
def _clock_h_about(m: Groups) -> TimeSpec:
    """(下午)5点左右: after a part of day, 左右 is about the hour (alone, 5点左右 may be a count of points)."""
    h = int(m[1])
    if h > 24:
        raise Reject
    return TimeSpec(hour=h)


@rule("clock_approx", rf"(?<![\d.涨跌升降增减高低回弹])(\d{{1,2}}|{CN}{{1,3}})\s*(?:点钟?|时)(?=\s*左右)")
def _clock_approx(m: Groups) -> TimeSpec:
    """5点左右, 大约五点左右: 左右 after an hour says it is a clock (升了5点左右, an index, is not)."""
    h = number(m[1])
    if h > 24:
        raise Reject
    return TimeSpec(hour=h, twelve_hour=("点" in m[0] and h <= 12) or None)


@rule("clock_cn", rf"({CN}{{1,3}})\s*(?:点钟|(?:时|点)(半|整))(?![{CN[1:-1]}分钟])")
def _clock_cn(m: Groups) -> TimeSpec:
    """三点钟, 十一点半, 零点整: a Chinese-numeral clock that says it is one."""
    h = cn_to_int(m[1])
    if h > 24:
        raise Reject
    return TimeSpec(hour=h, minute=30 if m[2] == "半" else None, twelve_hour=("点" in m[0] and 0 < h <= 12) or None)


@rule("clock_about", rf"(?:大约|大概|约莫|约)\s*({CN}{{1,3}})\s*(?:点钟?|时)(?![{CN[1:-1]}分钟半整])")
def _clock_about(m: Groups) -> TimeSpec:
    """大约十点: a Chinese-numeral hour said to be about a time is a time."""
    h = cn_to_int(m[1])
    if h > 24:
        raise Reject
    return TimeSpec(hour=h, twelve_hour=("点" in m[0]) or None)


@rule("clock_zero", r"[零〇]\s*(?:点(?![\d〇零○一二两三四五六七八九十半整钟])|时(?![\d〇零○一二两三四五六七八九十差工整]))")
def _clock_zero(m: Groups) -> TimeSpec:
    """零点, 零时: midnight (零点五 is a number)."""
    return TimeSpec(hour=0)


@rule("clock_cn_from", rf"(?<![第\d{CN[1:-1]}])({CN}{{1,3}})\s*(时|点)(?=\s*(?:到|至|~|-|—|–|〜)\s*{CN}{{1,3}}\s*(?:时|点)(?!要求|建议|意见|希望|体会|做法|经验|启示))")
def _clock_cn_from(m: Groups) -> TimeSpec:
    """The 三点 of 三点到五点: an hour that opens a range of hours is a time, not a count."""
    h = cn_to_int(m[1])
    if h > 24:
        raise Reject
    return TimeSpec(hour=h, twelve_hour=(m[2] == "点" and h <= 12) or None)


@rule("clock_cn_to", rf"(?:(?<=[点时{CN[1:-1]}][到至~\-—–〜])|(?<=[点时{CN[1:-1]}][到至~\-—–〜] ))({CN}{{1,3}})\s*(时|点)(?![{CN[1:-1]}分钟多余半整])")
def _clock_cn_to(m: Groups) -> TimeSpec:
    """The 五点 of 三点到五点 and 五到六点: an hour that closes a range of hours."""
    h = cn_to_int(m[1])
    if h > 24:
        raise Reject
    return TimeSpec(hour=h, twelve_hour=(m[2] == "点" and h <= 12) or None)


@rule("clock_cn_24", rf"(?<![第\d{CN[1:-1]}涨跌升降增减高低回弹])(十[三四五六七八九]|二十[一二三四]?)\s*(?:时(?![间期候代段刻节光尚事政效速辰])|点(?!要求|建议|意见|希望|体会|做法|经验|启示|共识|措施|看法|举措))(?![{CN[1:-1]}分钟余半整多])")
def _clock_cn_24(m: Groups) -> TimeSpec:
    """十五时, 二十点: a Chinese-numeral hour past twelve is no count of points, a time alone."""
    return TimeSpec(hour=cn_to_int(m[1]))


@rule("clock_cn_h", rf"({CN}{{1,3}})\s*(时|点)(?![{CN[1:-1]}分钟余半整]|多[人名个家项条位次种件万亿千百元倍米度])", weak=True)
def _clock_cn_h(m: Groups) -> TimeSpec:
    """三点 alone is too often a count (三点建议); it is a time beside a date or a part of day."""
    h = cn_to_int(m[1])
    if h > 24:
        raise Reject
    return TimeSpec(hour=h, twelve_hour=(m[2] == "点" and h <= 12) or None)


@rule("hour_head", rf"(?<![\d.:])(\d{{1,2}}|[〇零○一二两三四五六七八九十]{{1,3}})(?=\s*(?:~|-|—|–|〜|至|到)\s*{_HOUR}\s*(?:点|时))", weak=True)
def _hour_head(m: Groups) -> TimeSpec:
    """The 9 of 9~12点半 and the 五 of 五到六点: an hour only as the start of that range."""
    h = number(m[1])
    if h > 24:
        raise Reject
    return TimeSpec(hour=h, twelve_hour=True)


@rule("off_work", r"(?<![上])(?:(?:下午|傍晚)\s*)?下班(?=\s*(?:之前|以前|前)(?![往来去夕后]))")
def _off_work(m: Groups) -> TimeSpec:
    """下班前, 下午下班前, 6月5日下班前: a deadline at the end of that day's office hours,
    kept at day grain (offices close at 17:00, 17:30 or 18:00); alone, the day talked about."""
    return TimeSpec(part="afternoon")


@rule("part_of_day", lambda: alternation(lexicon().parts_of_day), weak=True)
def _part_of_day(m: Groups) -> TimeSpec:
    """上午, 晚上, 凌晨: a part of day, kept only beside a date or a clock."""
    return TimeSpec(part=lexicon().parts_of_day[m[0]])


# ---- the scanner -----------------------------------------------------------

@dataclass(frozen=True)
class Fragment:
    """One atomic match: its span, rule and partial value."""

    start: int
    end: int
    rule: str
    spec: TimeSpec
    weak: bool


@dataclass(frozen=True)
class Deadline:
    """How a deadline is stated: before a day, within N (working) days."""

    kind: str  # "before" | "within_days" | "within_workdays" | "within_hours"
    n: int = 0
    text: str = ""


KINDS = ("point", "range", "deadline", "since", "recurrence", "duration")
"""What an expression states: a point, a range, a deadline, the start of a
period (since), a recurrence, or a length of time (duration)."""


@dataclass(frozen=True)
class Expression:
    """A whole time expression after the combinators: start, optional end, deadline.

    ``start``/``end`` are the core span the event stage reads around;
    ``outer`` adds the function words that belong to the expression (从, 自,
    起, 止, 之间, 大约, 左右) for the trace.  ``rest`` is where what follows a
    recurrence word begins (每天|上午9点).

    Example: 4月24日—25日 → start TimeSpec(4, 24), end TimeSpec(day=25), kind "range".
    """

    start: int
    end: int
    spec: TimeSpec | None
    to: TimeSpec | None = None
    deadline: Deadline | None = None
    rules: tuple[str, ...] = field(default_factory=tuple)
    kind: str = "point"
    outer: tuple[int, int] | None = None
    rest: int | None = None
    length: tuple[int, str] | None = None

    @property
    def span(self) -> tuple[int, int]:
        """The outer span: the expression with its function words."""
        return self.outer if self.outer is not None else (self.start, self.end)


@cache
def _rule_firsts() -> tuple[str | None, ...]:
    """Per rule, a regex class of the characters it may start with (None: any).

    Example: weekday (周五, 星期天, 礼拜三) → "[周星礼]".
    """
    return tuple(first_chars(r.pattern) for r in registered_rules())


@cache
def _first_chars() -> str:
    """Every character an atomic rule may start with, as a regex class (from the rules' own patterns).

    Example: "下" is in it (下周三), "会" is not.
    """
    firsts = _rule_firsts()
    if any(f is None for f in firsts):
        return "[\\s\\S]"
    chars = sorted({ch for f in firsts if f is not None for ch in _class_chars(f)})
    return "[" + "".join(re.escape(ch) for ch in chars) + "]"


def _class_chars(cls: str) -> set[str]:
    """The characters of a class written by :func:`_rule_firsts`.

    Example: "[周星礼]" → {"周", "星", "礼"}.
    """
    return {m.replace("\\", "", 1) if len(m) == 2 else m for m in re.findall(r"\\.|.", cls[1:-1], re.DOTALL)}


class _RuleTable(dict[str, re.Pattern[str]]):
    """Per first two characters of a place, one alternation of the rules that
    can start there, compiled on first use (a one-page run compiles only what
    it meets) and shared by the places that start the same rules.

    A rule is left out when the second character is none it may go on with
    (:func:`_rule_seconds`): 下一步 tries the rules of 下一周 alone, not those
    of 下午 or 下周三, and 5.8% those of 5.8 (a date) alone.  A number going
    on with a digit (2024, 二九) tries every rule of its kind of numeral:
    they differ by so little that one alternation compiles faster than many.
    A one-character key is a place at the end of the stretch scanned.
    """

    def __missing__(self, key: str) -> re.Pattern[str]:
        ch, second = key[0], key[1:]
        group = next((g for g in _SHARED_STARTS if ch in g and second in g), None) if second else None
        if group is not None:
            which = tuple(
                i for i, first in enumerate(_rule_first_sets())
                if first is None or not first.isdisjoint(group)
            )
        else:
            which = tuple(
                i for i, (first, seconds) in enumerate(zip(_rule_first_sets(), _rule_seconds()))
                if (first is None or ch in first) and _may_go_on(seconds, ch, second)
            )
        pattern = _alternation_of(which) if which else re.compile("(?!)")
        self[key] = pattern
        return pattern


def _may_go_on(seconds: dict[str, frozenset[str] | None] | None, ch: str, second: str) -> bool:
    """Whether a rule whose second characters are ``seconds`` may match at
    ``ch`` followed by ``second`` ("" at the end of the stretch)."""
    if seconds is None:
        return True
    after = seconds.get(ch)
    return after is None or second in after


@cache
def _rule_first_sets() -> tuple[frozenset[str] | None, ...]:
    """Per rule, the characters it may start with (None: any), as a set.

    Example: for weekday (周五, 星期天, 礼拜三), frozenset({"周", "星", "礼"}).
    """
    return tuple(None if first is None else frozenset(_class_chars(first)) for first in _rule_firsts())


@cache
def _rule_seconds() -> tuple[dict[str, frozenset[str] | None] | None, ...]:
    """Per rule, the characters that may come second after each first one
    (:func:`notices.lexicon.second_chars`; None: cannot be told).

    Example: for part_of_day, "午" is among those after "下" (下午).
    """
    return tuple(second_chars(r.pattern) for r in registered_rules())


_SHARED_STARTS = ("0123456789", "〇零○一二两三四五六七八九十廿卅百千")
_NUMERALS = frozenset("".join(_SHARED_STARTS))


@cache
def _alternation_of(which: tuple[int, ...]) -> re.Pattern[str]:
    """The rules ``which`` (in priority order) as one alternation of named groups ``r<i>``.

    Example: the rules that may start with 下 (下周三, 下月5日, 下午) in one regex.
    """
    rules = registered_rules()
    return re.compile("|".join(f"(?P<r{i}>{rules[i].pattern})" for i in which))


@cache
def _dispatch() -> tuple[re.Pattern[str], dict[str, re.Pattern[str]]]:
    """The scan's two parts: one regex finding every place a rule may start
    (:func:`_guard_pattern`), and per character one alternation of only the
    rules that can start with it (in priority order, each a named group ``r<i>``).

    A page is scanned by jumping from one possible start to the next and
    trying there the few rules that can start with its character: the same
    matches as one alternation of every rule, at a fraction of the cost.
    No rule starts inside a number (each one starting with a digit looks
    behind for a digit), so the digits after the first are never tried.
    """
    return re.compile(_guard_pattern()), _RuleTable()


def _char_class(chars: set[str] | frozenset[str]) -> str:
    return "[" + "".join(re.escape(ch) for ch in sorted(chars)) + "]"


@cache
def _guard_pattern() -> str:
    """Where a scan stops, as one regex: a digit that starts a number or a
    character that starts a rule, before a character some rule starting with
    it goes on with (:func:`_seconds`); for characters that start rules only
    before certain words (民 of 民国, 感 of 感恩节), before those words.  It
    opens with a lookahead on a class of every first character, so the regex
    engine passes over the rest of the text by itself.

    The branches (:func:`_guard_branches`) go in small groups, each behind a
    lookahead on its own first characters: a character that starts no rule
    here (民 of 市民) is tried against a few classes and one group, not
    against every branch.

    Example: "民国三年" stops at 民, "市民" does not; "2024年" stops at 2 only;
    "一步" does not stop at 一, "一月" does.
    """
    branches = _guard_branches()
    if branches is None:
        return "[\\s\\S]"
    every: set[str] = set()
    groups: list[str] = []
    for i in range(0, len(branches), _GUARD_GROUP):
        group = branches[i:i + _GUARD_GROUP]
        heads = set().union(*(h for h, _ in group))
        every |= heads
        groups.append(f"(?={_char_class(heads)})(?:{'|'.join(b for _, b in group)})")
    return f"(?={_char_class(every)})(?:{'|'.join(groups)})"


# Branches per group of the guard: a lookahead costs the regex engine more
# than a branch that fails on its first character, so a few large groups do
# best (measured on the genre folder: one group 0.062 s per million
# characters, groups of 10 0.044 s, of 24 0.034 s, of 60 0.044 s).
_GUARD_GROUP = 24


@cache
def _guard_branches() -> list[tuple[frozenset[str], str]] | None:
    """The guard's branches, each with the characters it starts with (None:
    some rule may start with anything).

    Example: (frozenset({"民"}), "民(?=国)") is one of them.
    """
    tails: dict[str, set[str] | None] = {}
    for r, first in zip(registered_rules(), _rule_firsts()):
        if first is None:
            return None
        chars = _class_chars(first)
        # Rules that start with numerals go on in too many ways to list.
        starts = None if chars <= _NUMERALS else start_tails(r.pattern) or start_tails(r.pattern, 2)
        if starts is None:  # each first character alone
            starts = dict.fromkeys(chars)
        for head, rest in starts.items():
            if rest is None or tails.get(head, set()) is None:
                tails[head] = None
            else:
                tails.setdefault(head, set()).update(rest)  # type: ignore[union-attr]
    seconds = _seconds({h for h, t in tails.items() if t is None})
    branches: list[tuple[frozenset[str], str]] = []
    # Characters that start a rule whatever follows but the next character,
    # grouped by what may follow them (digits: the first of a number only).
    by_follow: dict[frozenset[str] | None, list[str]] = {}
    digit_follow: set[str] | None = set()
    for head in sorted(h for h, t in tails.items() if t is None):
        follow = seconds.get(head)
        if "0" <= head <= "9":
            digit_follow = None if follow is None or digit_follow is None else digit_follow | follow
        else:
            by_follow.setdefault(follow, []).append(head)
    for follow, heads in by_follow.items():
        branches.append((frozenset(heads), _char_class(set(heads)) + ("" if follow is None else f"(?={_char_class(follow)})")))
    digits = frozenset(h for h in tails if "0" <= h <= "9")
    if digits:
        branches.append((digits, "(?<![0-9])" + _after_number() + "[0-9]" + ("" if digit_follow is None else f"(?={_char_class(digit_follow)})")))
    for head in sorted(h for h, t in tails.items() if t is not None and not "0" <= h <= "9"):
        words = sorted(tails[head] or (), key=lambda t: (-len(t), t))
        branches.append((frozenset(head), re.escape(head) + "(?=" + "|".join(re.escape(t) for t in words) + ")"))
    return branches


def _after_number() -> str:
    """What a number must be followed by for a rule to start at its first digit,
    as a lookahead for the guard ("" when it cannot be told): past its digits,
    a character some rule starting with a digit goes on with
    (:func:`notices.lexicon.digit_run_followers`); a rule that may end on the
    digits themselves (a year after 至) is asked itself at that place.

    Lets the scan pass over 12345 or 2000万 without trying the rules.
    """
    follow: set[str] = set()
    asked: list[str] = []
    for r, first in zip(registered_rules(), _rule_firsts()):
        if first is not None and _class_chars(first).isdisjoint("0123456789"):
            continue
        after = digit_run_followers(r.pattern) if first is not None else None
        if after is not None:
            follow |= after
        elif _numbered_only(r.pattern):
            asked.append(f"(?:{r.pattern})")
        else:
            return ""
    return "(?=" + "|".join([f"\\d*{_char_class(follow)}", *asked]) + ")"


def _numbered_only(pattern: str) -> bool:
    """Whether ``pattern`` can stand inside another regex as it is: no named
    groups, no references back to a group (whose numbers would shift)."""
    return "(?P" not in pattern and re.search(r"\\[1-9]|\(\?\(", pattern) is None


def _seconds(heads: set[str] | frozenset[str]) -> dict[str, frozenset[str] | None]:
    """For each of ``heads``, every character that may follow it in a match of
    a rule starting with it (None: any, or the match may end there).

    Read off the rules' own patterns; lets the scan pass over 一步, 上工 or 8%
    without trying a rule.

    Example: "月" in _seconds({"上"})["上"] (上月), "工" is not.
    """
    table: dict[str, set[str] | None] = {}
    for first, seconds in zip(_rule_firsts(), _rule_seconds()):
        starts = heads.intersection(_class_chars(first)) if first is not None else set()
        if not starts:
            continue
        for head in starts:
            rest = None if seconds is None else seconds.get(head)
            if rest is None or table.get(head, set()) is None:
                table[head] = None
            else:
                table.setdefault(head, set()).update(rest)  # type: ignore[union-attr]
    return {head: None if rest is None else frozenset(rest) for head, rest in table.items()}


@cache
def _compiled(name: str) -> re.Pattern[str]:
    return re.compile(_RULES[name].pattern)


@cache
def _group_rules() -> dict[str, Rule]:
    return {f"r{i}": r for i, r in enumerate(registered_rules())}


def fragments(text: str, start: int = 0, end: int | None = None) -> list[Fragment]:
    """Atomic matches in ``text[start:end]``, false positives removed.

    Example: fragments("拨打12345热线") == [] (12345 is a false positive).
    """
    stop = len(text) if end is None else end
    false_positive = lexicon().false_positive
    groups = _group_rules()
    guard, table = _dispatch()
    out: list[Fragment] = []
    pos = start
    while True:
        g = guard.search(text, pos, stop)
        if g is None:
            break
        at = g.start()
        m = table[text[at:at + 2] if at + 2 <= stop else text[at]].match(text, at, stop)
        if m is None or m.end() == at:
            pos = at + 1
            continue
        pos = m.end()
        name = m.lastgroup
        assert name is not None
        r = groups[name]
        if _blocked(false_positive, text, m.start(), m.end()):
            continue
        # The production reads the rule's groups by its own numbering.
        own = _RuleGroups(m, m.re.groupindex[name])
        try:
            spec = r.production(own)
        except (Reject, ValueError):  # ValueError: a malformed numeral such as 十十
            continue
        out.append(Fragment(m.start(), m.end(), r.name, spec, r.weak))
    return out


_FP_REACH = 12  # no false-positive pattern reaches further than this around a token


def _blocked(false_positive: re.Pattern[str], text: str, a: int, b: int) -> bool:
    """Whether a false-positive phrase (五一劳动奖, 12345, 十分重要…) overlaps text[a:b]."""
    # One search at a time: most places meet no false positive at all, and
    # none starting at or after b can overlap (the same matches as finditer).
    hi = min(len(text), b + _FP_REACH)
    fp = false_positive.search(text, max(0, a - _FP_REACH), hi)
    while fp is not None and fp.start() < b:
        if a < fp.end():
            return True
        fp = false_positive.search(text, fp.end() if fp.end() > fp.start() else fp.start() + 1, hi)
    return False


_CLOSE = re.compile(r"[ \t]*[)）]")
_OPEN = re.compile(r"[ \t]*[(（][ \t]*")
# 9日两个周六下午2时: the weekdays counted after a list of days only recap them
# (lexicon false_positives keep 两个周六 itself from being read as a day)
_GLUE = re.compile(r"[ \t]*(?:[(（][ \t]*|[)）][ \t]*)*(?:的|[两三四五六]个(?:周|星期|礼拜)[一二三四五六日天]|每天|每日)?[ \t]*$")
_COMMA_GLUE = re.compile(r"[ \t]*[,，][ \t]*$")


@cache
def _connector_re() -> re.Pattern[str]:
    lex = lexicon()
    # "(?:[(（]\s*)?" and not "(?:[(（]?\s*)?": the same strings without two
    # adjacent "\s*", which would be quadratic on a long run of spaces.
    return re.compile(rf"^\s*(?:{alternation(lex.range_connectors)})\s*(?:[(（]\s*)?$")


@cache
def _between_re() -> re.Pattern[str]:
    return re.compile(rf"^\s*(?:{alternation(lexicon().between_connectors)})\s*$")


@cache
def _between_after_re() -> re.Pattern[str]:
    return re.compile(rf"\s*(?:{alternation(lexicon().between_after)})")


_LIST_SEP = re.compile(r"^\s*[、和及与]\s*$")


def _glue_ok(text: str, a: int, b: int) -> bool:
    if b - a > 6:
        return False
    return _GLUE.fullmatch(text, a, b) is not None


@dataclass
class _Chain:
    """Adjacent fragments merged so far (mutable while the chain grows)."""

    start: int
    end: int
    spec: TimeSpec
    rules: list[str]
    weak: bool
    rest: int | None = None


def combine(text: str, frags: list[Fragment], start: int = 0, end: int | None = None) -> list[Expression]:
    """Merge fragments into whole expressions (concatenation, ranges, lists, deadlines).

    The "N天内" deadlines are found once per page (:func:`page_deadlines`);
    an expression overlapping one is dropped, and those lying inside
    ``text[start:end]`` are added.

    Example: "上午9:00—11:00" → one Expression(spec=9:00 morning, to=11:00).
    """
    within = page_deadlines(text)
    exprs = [x for x in _chain(text, frags) if not within.overlaps(x.start, x.end)]
    stop = len(text) if end is None else end
    return [_decorate(text, _deadline(text, x)) for x in exprs] + within.inside(start, stop)


def _weekday_only(spec: TimeSpec) -> bool:
    """Whether a spec is a bare weekday (星期一), which may check a date beside it."""
    return spec.weekday is not None and spec.level() == (3, 3) and spec.week_rel is None


def _week_day_beside_date(a: TimeSpec, b: TimeSpec) -> TimeSpec | None:
    """本周六（5月11日）, 5月11日（下周六）: a weekday of a named week beside a full date
    is one day, the date, which the weekday checks; 18日（周六、周日） after a first day
    is that range's last day, the weekend only naming its days again."""
    for week, day in ((a, b), (b, a)):
        if (week.week_rel is not None and week.weekday is not None and len(week.given) == 2
                and day.month is not None and day.day is not None and day.weekday is None and day.hour is None):
            return day.replace(weekday=week.weekday)
        if week is b and week.weekend and set(week.given) <= {"week_rel", "weekend"} and day.day is not None and day.hour is None and day.weekday is None:
            return day  # 6月17日—18日（周六、周日）: the weekend restates the range's days
    return None


# 周一闭馆 / 周二休馆 / 周日照常开放: the weekday of a weekly rule, not of the date before it
_WEEKLY_HOURS = re.compile(r"\s*(?:全天|均|也|则)?\s*(?:闭馆|休馆|休息|不开放|照常|正常|开放|营业|停诊|休诊)")


def _concatenate(text: str, frags: list[Fragment]) -> list[_Chain]:
    """Adjacent compatible fragments become one chain (4月26日 + 上午 + 9:00).

    Example: fragments of "周日, 二月十号" → one chain (the weekday checks the date).
    """
    chains: list[_Chain] = []
    for f in frags:
        if chains:
            c = chains[-1]
            merged = None
            if _glue_ok(text, c.end, f.start):
                merged = c.spec.merge(f.spec)
                if merged is None and _weekday_only(c.spec) and f.spec.day is not None and f.spec.month is not None:
                    merged = f.spec.merge(c.spec)
                if merged is None:
                    merged = _week_day_beside_date(c.spec, f.spec)
            elif _COMMA_GLUE.fullmatch(text, c.end, f.start) and f.start - c.end <= 3:
                # 周日，二月十号 / 10月12号，星期一: a weekday beside a full date checks it
                if _weekday_only(c.spec) and f.spec.day is not None and f.spec.month is not None:
                    merged = f.spec.merge(c.spec)
                elif _weekday_only(f.spec) and c.spec.day is not None and c.spec.month is not None and not _WEEKLY_HOURS.match(text, f.end):
                    merged = c.spec.merge(f.spec)  # (but 持续至12月18日，周一闭馆: a weekly closing day, no check)
            if merged is not None:
                c.end, c.spec, c.weak = f.end, merged, False
                if c.rules == ["recurrence"] and c.rest is None:
                    c.rest = f.start
                c.rules.append(f.rule)
                continue
        chains.append(_Chain(f.start, f.end, f.spec, [f.rule], f.weak))
    # A trailing bracketed weekday "(星期三)" is absorbed including its ")".
    for c in chains:
        m = _CLOSE.match(text, c.end, c.end + 3)
        if m and ("(" in text[c.start:c.end] or "（" in text[c.start:c.end]):
            c.end = m.end()
    return _drop_second_names(text, chains)


_RANGE_CAPABLE = frozenset({"until_now", "ym_dot_end", "hour_head", "year_head", "year_to", "clock_cn_h", "day_cn", "md_dot_end", "md_slash_end", "lunar_bare_end", "month_head"})


def _can_pair(a: _Chain, b: _Chain) -> bool:
    """Whether two chains may form a range: one of them strong, the weak one a clock or a number.

    Example: 今晚八点 (strong) 到 九点 (weak) → True; 上午 至 下午 → False.
    """
    def capable(c: _Chain) -> bool:
        return not c.weak or bool(_RANGE_CAPABLE.intersection(c.rules)) or (c.spec.part is not None and c.spec.hour is not None)

    if not (capable(a) and capable(b)):
        return False
    return not a.weak or not b.weak or (a.spec.part is not None and a.spec.hour is not None)


def _chain(text: str, frags: list[Fragment]) -> list[Expression]:
    """Concatenate adjacent fragments, then pair the chains into ranges and lists.

    Example: fragments of "4月24日—25日" → one Expression(4月24日, to=4月25日).
    """
    chains = _concatenate(text, frags)
    exprs: list[Expression] = []
    i = 0
    while i < len(chains):
        a = chains[i]
        if i + 1 < len(chains):
            b = chains[i + 1]
            gap = text[a.end:b.start]
            between = None
            if _between_re().match(gap):
                between = _between_after_re().match(text, b.end)
            if (_connector_re().match(gap) or between) and _range_ok(a.spec, b.spec) and _can_pair(a, b):
                outer = (a.start, between.end()) if between else None
                joined = "between" if between else "range"
                daily = _daily_hours(text, a, b, chains[i + 2]) if i + 2 < len(chains) and not between else None
                if daily is not None:
                    # 10月4日至10月6日9:00-17:00: the days, open from 9:00 on the first to 17:00 on the last
                    c = chains[i + 2]
                    exprs.append(Expression(a.start, c.end, daily[0], daily[1], None,
                                            tuple(a.rules + ["range"] + b.rules + ["daily_hours"] + c.rules), "range",
                                            None, a.rest))
                    i += 3
                    continue
                exprs.append(Expression(a.start, b.end, a.spec, _inherit(a.spec, b.spec), None,
                                        tuple(a.rules + [joined] + b.rules), "range", outer, a.rest))
                i += 2
                continue
            if (not a.weak and not b.weak and _LIST_SEP.match(gap) and a.spec.day is not None
                    and b.spec.level()[0] == 3 and b.spec.day is not None):
                exprs.append(Expression(a.start, a.end, a.spec, None, None, tuple(a.rules), rest=a.rest))
                if i + 2 < len(chains) and _connector_re().match(text[b.end:chains[i + 2].start]):
                    # 7月7日、8日7:30至18:30: the listed day goes on into a range of its own
                    chains[i + 1] = _Chain(b.start, b.end, _inherit(a.spec, b.spec), b.rules + ["list"], b.weak, b.rest)
                    i += 1
                    continue
                exprs.append(Expression(b.start, b.end, _inherit(a.spec, b.spec), None, None, tuple(b.rules + ["list"])))
                i += 2
                continue
        if not a.weak:
            exprs.append(Expression(a.start, a.end, a.spec, None, None, tuple(a.rules), rest=a.rest))
        i += 1
    return exprs


_CLOCK_FIELDS = ("part", "hour", "minute", "second", "twelve_hour")


def _daily_hours(text: str, a: _Chain, b: _Chain, c: _Chain) -> tuple[TimeSpec, TimeSpec] | None:
    """A range of days whose end carries a clock range (10月4日至10月6日9:00-17:00):
    the hours are those of every day, so the start takes the opening clock and the
    end the closing one.  None unless the text has that shape.

    Example: chains 10月4日 | 10月6日9:00 | 17:00 → (10月4日9:00, 10月6日17:00).
    """
    if (a.spec.hour is not None or a.spec.part is not None or not a.spec.has_date() or b.spec.hour is None
            or not b.spec.has_date() or c.spec.hour is None or c.spec.has_date() or c.weak
            or not _connector_re().match(text[b.end:c.start])):
        return None
    clock = {k: v for k, v in b.spec.given.items() if k in _CLOCK_FIELDS}
    start = a.spec.merge(TimeSpec(**clock))
    if start is None:
        return None
    day = _inherit(a.spec, b.spec.replace(**{k: None for k in clock}))
    closing = {k: v for k, v in c.spec.given.items() if k in _CLOCK_FIELDS}
    if "part" in clock and "part" not in closing:
        closing["part"] = clock["part"]  # 上午9:00-11:30: the end's part is the start's
    end = day.merge(TimeSpec(**closing))
    return None if end is None else (start, end)


def _drop_second_names(text: str, chains: list[_Chain]) -> list[_Chain]:
    """1月24日(大年三十)——1月26日(正月初二): a festival in brackets right after a
    date names that day again; it joins the date (with its ")") so ranges see
    through it.

    A date in brackets after a festival or lunar day (七夕（8月10日）) names it again the
    other way: the written date stands for both.

    Example: "1月24日(除夕)至1月26日" → one range 1月24日..1月26日.
    """
    out: list[_Chain] = []
    open_after: _Chain | None = None  # a date whose bracket is still open: 24日(除夕至正月初三)
    for chain in chains:
        if out and (chain.spec.festival is not None or chain.spec.lunar is not None) and chain.spec.hour is None:
            prev = out[-1]
            if (prev.spec.has_date() and prev.spec.festival is None
                    and _OPEN.fullmatch(text, prev.end, chain.start)):
                close = _CLOSE.match(text, chain.end, chain.end + 3)
                prev.end = close.end() if close else chain.end
                open_after = None if close else prev
                continue
            if prev is open_after and _BRACKETED_TO.fullmatch(text, prev.end, chain.start) and (close := _CLOSE.match(text, chain.end, chain.end + 3)):
                prev.end, open_after = close.end(), None  # 1月21日至24日(除夕至正月初三): the range named again
                continue
        if out and chain.spec.month is not None and chain.spec.day is not None and chain.spec.festival is None and chain.spec.lunar is None:
            prev = out[-1]
            if ((prev.spec.festival is not None or prev.spec.lunar is not None) and prev.spec.hour is None
                    and _OPEN.fullmatch(text, prev.end, chain.start) and (close := _CLOSE.match(text, chain.end, chain.end + 3))):
                # 农历七月初七（8月10日）, 2024年春节（2月10日）: the date in brackets says the day; one mention
                if chain.spec.year is None and prev.spec.year is not None:
                    chain.spec = chain.spec.replace(year=prev.spec.year)
                chain.start, chain.end = prev.start, close.end()
                out[-1] = chain
                open_after = None
                continue
        open_after = None
        out.append(chain)
    return out


_BRACKETED_TO = re.compile(r"[ \t]*(?:至|到|—|－|-|~|～)[ \t]*")


def _range_ok(a: TimeSpec, b: TimeSpec) -> bool:
    """Whether B can be the end of a range starting at A."""
    if a.recur is not None and b.recur is not None:
        return False
    if a.hour is not None and b.hour is None and b.level()[0] >= 3 and not b.has_date():
        return False
    # The end must not be coarser than needed: 9:00至11:00, 24日—25日, 5月30日—6月8日;
    # 月底, 年底 are days (6月1日至6月底, 即日起至年底).
    return b.level()[1] >= 3 or (a.level()[1] == b.level()[1]) or bool(b.month_end or b.year_end)


def _inherit(a: TimeSpec, b: TimeSpec) -> TimeSpec:
    """Fill the end's missing coarse fields from the start (25日 after 4月24日)."""
    coarse_b = b.level()[0]
    changes = {}
    if b.day_rel is not None or b.festival is not None and b.year is None and b.year_short is None:
        # 从上个月到今天: 今天 is counted from the reference, not from 上个月; 去年国庆节到元旦:
        # the end is the first such festival from the start (resolve), not 去年元旦
        coarse_b = 0
    for name, lvl in _LEVELS.items():
        if 0 <= lvl < coarse_b and not _is_set(b, name) and _is_set(a, name):
            if name in ("weekday", "weekend", "midweek", "nth", "recur", "now", "offset", "window") or name == "part" and b.hour is None:
                continue
            changes[name] = getattr(a, name)
    # 上午9:00—11:00 keeps the part for the end; 下午2时至5时 likewise; an end
    # with its own day (明天四点) does not.
    if b.part is None and b.hour is not None and a.part is not None and "part" not in changes and not b.has_date():
        changes["part"] = a.part
    if b.weekday is not None and b.day is None and a.day is not None:
        changes.pop("day", None)
    if a.twelve_hour and b.hour is not None and b.part is None and "part" not in changes and not b.has_date():
        changes["twelve_hour"] = True
    return b.replace(**changes)


@cache
def _deadline_prefix() -> re.Pattern[str]:
    return re.compile(rf"(?:{alternation(lexicon().deadline_prefixes)})\s*$")


@cache
def _deadline_suffix() -> re.Pattern[str]:
    # 5月31日(含)前, 5月31日（含当日）前: the day itself included, still a deadline
    return re.compile(rf"\s*(?:[(（]\s*含(?:当日|当天|本日|当晚)?\s*[)）]\s*)?(?:{alternation(lexicon().deadline_suffixes)})")


def _deadline(text: str, x: Expression) -> Expression:
    """X日前, 截至X, 下午5点前: a deadline is a day (or a clock) something must happen by.

    Example: "6月30日17:00前" → Expression(deadline=Deadline("before", text="前")).
    """
    spec = x.spec
    if spec is None or spec.recur is not None or spec.window is not None:
        return x
    if not (spec.has_date() or spec.month_end or spec.year_end or spec.month_part is not None
            or (spec.hour is not None and x.to is None) or x.rules == ("off_work",)
            or spec.month is not None or spec.year_part is not None
            or spec.year is not None and spec.level() == (0, 0)):
        return x
    lex = lexicon()
    pre = _deadline_prefix().search(text, max(0, x.start - 6), x.start)
    if pre is not None and pre.end() == x.start:
        return replace(x, start=pre.start(), deadline=Deadline("before", text=pre[0]),
                       rules=x.rules + ("deadline_prefix",), kind="deadline", outer=None)
    suf = _deadline_suffix().match(text, x.end)
    if suf is None and x.rules[-1:] == ("period_within",):
        suf = _WITHIN_AFTER_RE.match(text, x.end)
    if suf is not None and x.to is None:
        after = text[suf.end():suf.end() + 1]
        if after not in lex.deadline_suffix_blockers:
            return replace(x, end=suf.end(), deadline=Deadline("before", text=suf[0]),
                           rules=x.rules + ("deadline_suffix",), kind="deadline", outer=None)
    return x


@cache
def _outer_words() -> tuple[tuple[str, ...], ...]:
    """Openers, approximations before, since words, closers, approximations after,
    openers of 之间 ranges (each longest first)."""
    lex = lexicon()

    def longest(words: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(sorted(words, key=len, reverse=True))

    return (longest(lex.openers), longest(lex.approx_before), longest(lex.since_after),
            longest(lex.closers), longest(lex.approx_after), longest(lex.between_openers))


def _word_before(text: str, a: int, words: tuple[str, ...]) -> int:
    """Where one of ``words`` starts if it ends at ``a`` (spaces between allowed), else ``a``.

    Example: in "自2024年6月3日起", 自 ends where the date starts: its offset is returned.
    """
    head = text[max(0, a - 6):a].rstrip(" \t")
    if not head.endswith(words):  # one call for the usual case: none of them
        return a
    for w in words:
        if head.endswith(w):
            return a - (len(text[max(0, a - 6):a]) - len(head)) - len(w)
    return a


def _word_after(text: str, b: int, words: tuple[str, ...]) -> int:
    """Where one of ``words`` ends if it starts at ``b`` (spaces between allowed), else ``b``.

    Example: in "6月1日起施行", 起 starts where the date ends: the offset after 起.
    """
    tail = text[b:b + 6]
    rest = tail.lstrip(" \t")
    if not rest.startswith(words):  # one call for the usual case: none of them
        return b
    for w in words:
        if rest.startswith(w):
            return b + (len(tail) - len(rest)) + len(w)
    return b


# 后 right after a month and day (5月20日后): as 以后, unless it starts a word (后续, 后期)
_AFTER_DATE = re.compile(r"后(?![期来续勤台方面者悔备门院山天日年半])")

_NOT_AFTER_APPROX = frozenset("0123456789〇零○一二两三四五六七八九十天日年月个人次")


def _decorate(text: str, x: Expression) -> Expression:
    """The kind of an expression and its outer span (从…起, 自…止, 大约…左右).

    The core span (what the event stage reads around) stays as it is.

    Example: "自2020-05-26起至2020-05-29止" → kind "range", outer span the whole phrase.
    """
    spec = x.spec
    if spec is None:
        return x
    openers, approx_before, since_after, closers, approx_after, between_openers = _outer_words()
    a, b = x.span
    kind = "recurrence" if spec.recur is not None else x.kind
    a = _word_before(text, a, openers)
    if "between" in x.rules:
        a = _word_before(text, a, between_openers)
    a = _word_before(text, a, approx_before)
    if kind == "range":
        b = _word_after(text, b, closers)
    elif kind == "point":
        since = _word_after(text, b, since_after)
        if (since == b and spec.month is not None and spec.day is not None and spec.hour is None
                and _AFTER_DATE.match(text, b)):
            since = b + 1  # 5月20日后: from that day on, as 5月20日以后
        if since != b:
            kind, b = "since", since
        elif spec.hour is not None or spec.day is not None:
            end = _word_after(text, b, approx_after)
            said = text[b:end].strip()
            if end != b and text[end:end + 1] not in _NOT_AFTER_APPROX and (said != "多" or spec.hour is not None):
                b = end
    if (a, b) == (x.start, x.end) and kind == x.kind:
        return x
    return replace(x, kind=kind, outer=(a, b) if (a, b) != (x.start, x.end) else None)


@cache
def _duration_re() -> re.Pattern[str]:
    """A length of time after its cue: 为期36小时, 会期30天, 为期两个半月."""
    lex = lexicon()
    return re.compile(
        rf"(?:{alternation(lex.duration_prefixes)})\s*({NUM})\s*(?:个\s*)?(半\s*)?({alternation(lex.units)})(半)?"
    )


def durations(text: str, start: int = 0, end: int | None = None) -> list[Expression]:
    """Lengths of time stated with a cue (为期36小时, 会期30天): kind "duration".

    Only the trace shows them; the event stage reads durations itself.

    Example: durations("展览为期两个月")[0].length == (2, "month").
    """
    stop = len(text) if end is None else end
    out = []
    for m in _duration_re().finditer(text, start, stop):
        try:
            n = number(m[1])
        except ValueError:
            continue
        unit = lexicon().units[m[3]]
        out.append(Expression(m.start(), m.end(), None, rules=("duration",), kind="duration",
                              length=(n, unit) if not (m[2] or m[4]) else (n * 2 + 1, f"half-{unit}")))
    return out


# "\s*(?:个\s*)?" rather than "\s*(个)?\s*": the same strings, but two
# adjacent "\s*" would try every split of a long whitespace run (quadratic).
_WITHIN = re.compile(rf"(?=[\d〇零○一二两三四五六七八九十])(?<![\d.])(\d{{1,3}}|{CN}{{1,3}})\s*(?:(个)\s*)?(工作日|自然日|日|天|小时|钟头)\s*(?:内|以内|之内)")


# What every "N天内" ends with.  Most pages have none, and the scan for it is
# quick: the regex engine skips to its first characters by itself.
_WITHIN_END = re.compile(r"(?:工作日|自然日|日|天|小时|钟头)\s*(?:内|以内|之内)")
_NUMBER_OR_GAP = frozenset("〇零○一二两三四五六七八九十个")


def _within_matches(text: str) -> Iterator[re.Match[str]]:
    """The matches of ``_WITHIN`` in ``text``, as ``finditer`` gives them, found from their ends.

    The next match ends in an occurrence of ``_WITHIN_END`` at or after the
    first one; before that occurrence it has only numerals, 个 and blank
    space, so it starts no earlier than the run of those characters before
    the first occurrence: the search starts there.

    Example: [m[0] for m in _within_matches("3日内答复，7个工作日内办结")] == ["3日内", "7个工作日内"].
    """
    pos = 0
    while (end := _WITHIN_END.search(text, pos)) is not None:
        lo = end.start()
        while lo > pos and ((ch := text[lo - 1]) in _NUMBER_OR_GAP or ch.isdecimal() or ch.isspace()):
            lo -= 1
        m = _WITHIN.search(text, lo)
        if m is None:
            return
        yield m
        pos = m.end()


def _within_days(text: str) -> list[Expression]:
    """Every "N天内" / "N个工作日内" deadline of the whole text, in order.

    Example: _within_days("须在3个工作日内办结")[0].deadline == Deadline("within_workdays", 3, "3个工作日内").
    """
    out = []
    blocked = lexicon().false_positive
    for m in _within_matches(text):
        if blocked.search(text, max(0, m.start() - 4), m.end()) and "工作日" not in m[0]:
            continue
        try:
            n = cn_to_int(m[1])
        except ValueError:
            continue  # 十十日内 is no number of days
        kind = {"工作日": "within_workdays", "小时": "within_hours", "钟头": "within_hours"}.get(m[3], "within_days")
        out.append(Expression(m.start(), m.end(), None, None, Deadline(kind, n, m[0]), (kind,), "deadline"))
    if "公示" in text:
        out = sorted(out + _publicity_periods(text, out), key=lambda x: x.start)
    return out


# 公示期为5个工作日: the publicity runs that many working days from the page's day and ends then
_PUBLICITY = re.compile(rf"(?:公示期|公示时间|公示期限)\s*(?:为|是|[:：])?\s*((\d{{1,3}}|{CN}{{1,3}})\s*个?\s*工作日)(?!\s*(?:内|以内|之内))")
# the page is the publicity: 现予以公示 (in the sentence or the one just before), or, in the
# sentence, 自本公示发布之日起 / (不含本公告发布当日)
_PUBLICITY_NOW = re.compile(r"现予(?:以)?公示|予以公示|公示如下")
_THIS_PUBLICITY = re.compile(rf"{_PUBLICITY_NOW.pattern}|之日起|发布当日|发布之日")
_A_DATE = re.compile(r"\d{1,2}\s*月\s*\d{1,2}\s*[日号]")


def _publicity_periods(text: str, within: list[Expression]) -> list[Expression]:
    """公示期为5个工作日 on a page that is the publicity: due at its last day, a count of that
    many working days from the page's day (as most annotators give it); a period in calendar
    days, one dated in its sentence, or one of a later step (审核后公示) is left to the rest."""
    out = []
    for m in _PUBLICITY.finditer(text):
        if any(x.start < m.end(1) and m.start(1) < x.end for x in within):
            continue
        lo, hi = text.rfind("。", 0, m.start()) + 1, text.find("。", m.end())
        hi = len(text) if hi < 0 else hi
        if _A_DATE.search(text, lo, hi) or not (
            _THIS_PUBLICITY.search(text, lo, hi) or _PUBLICITY_NOW.search(text, max(0, lo - 80), lo)
        ):
            continue  # (公示时间为5个工作日（8月5日—8月11日）: dated; 审核后公示，公示期5个工作日: no day of the page)
        try:
            n = cn_to_int(m[2])
        except ValueError:
            continue
        out.append(Expression(m.start(1), m.end(1), None, None, Deadline("within_workdays", n, m[1]), ("within_workdays", "publicity"), "deadline"))
    return out


@dataclass(frozen=True)
class PageDeadlines:
    """A page's "N天内" deadlines with position lookups in O(log n).

    The scan finds non-overlapping matches left to right, so both the starts
    and the ends are increasing and can be bisected.

    Example: for "3天内办结，5日内答复" inside(0, 5) holds 3天内 only.
    """

    items: tuple[Expression, ...]
    starts: tuple[int, ...]
    ends: tuple[int, ...]

    @classmethod
    def scan(cls, text: str) -> PageDeadlines:
        """Scan ``text`` once.

        Example: PageDeadlines.scan("须在3个工作日内办结").starts == (2,).
        """
        items = tuple(_within_days(text))
        return cls(items, tuple(x.start for x in items), tuple(x.end for x in items))

    def overlaps(self, start: int, end: int) -> bool:
        """Whether a deadline overlaps ``[start, end)``.

        Example: in "须在3个工作日内办结" overlaps(2, 4) is True (the 3个).
        """
        # The first deadline ending after ``start`` is the only candidate.
        i = bisect.bisect_right(self.ends, start)
        return i < len(self.items) and self.starts[i] < end

    def inside(self, start: int, end: int) -> list[Expression]:
        """The deadlines lying wholly inside ``[start, end)``.

        Example: in "须在3个工作日内办结" inside(0, 9) holds 3个工作日内, inside(3, 9) nothing.
        """
        first = bisect.bisect_left(self.starts, start)
        stop = bisect.bisect_right(self.ends, end)
        return list(self.items[first:stop])


_LAST_PAGE = threading.local()


def page_deadlines(text: str) -> PageDeadlines:
    """The deadlines of ``text``, scanned once per page and thread.

    An article is scanned as a stretch of its page, so the page is the same
    object for every article: the last page seen by each thread is kept and
    recognised by identity (an O(1) test, exact since strings are immutable).

    Example: page_deadlines(page) is page_deadlines(page) → True.
    """
    last = getattr(_LAST_PAGE, "entry", None)
    if last is not None and last[0] is text:
        return last[1]
    found = PageDeadlines.scan(text)
    _LAST_PAGE.entry = (text, found)
    return found


def scan_expressions(text: str, start: int = 0, end: int | None = None) -> list[Expression]:
    """All time expressions in ``text[start:end]``, sorted by position.

    Work on the whole page (the deadline scan) is done once per page, so
    scanning every article of a page stays linear in the page size.

    Example: scan_expressions("须在3个工作日内办结") → [Expression(deadline=within_workdays 3)].
    """
    exprs = combine(text, fragments(text, start, end), start, end)
    if end is not None or start:
        exprs = [x for x in exprs if start <= x.start and x.end <= (end if end is not None else len(text))]
    return sorted(exprs, key=lambda x: (x.start, -x.end))


def for_events(x: Expression) -> Expression | None:
    """The expression as the event stage sees it, or None when it can time no happening.

    A recurrence gives only its hours (每天上午9点至10点 → 上午9点至10点, which
    a dated start nearby can take up); the reference instant (现在), windows
    (未来一周, 近三年) and points in the past counted from the reference
    (两个月前) time nothing.

    Example: for_events(每周三下午) is None; for_events(每天上午9点至10点) is 上午9点至10点.
    """
    spec = x.spec
    if spec is None:
        if x.deadline is not None and x.deadline.kind == "within_hours":
            return None  # 24小时内办结: a promise counted from a request, not from the page
        return x if x.kind != "duration" else None
    if spec.lunar is not None and spec.lunar[1] == 0:
        return None  # 腊月, 农历九月: a month of talk (进入腊月), no happening's days
    if x.deadline is not None and spec.level() == (0, 0):
        return None  # 2030年前实现: a plan's target year, no happening
    if spec.now or (x.to is not None and x.to.now) or "until_now" in x.rules:
        return None  # 现在, 2010年至今: the reference itself, a stretch up to the page
    if spec.window is not None or (spec.offset is not None and spec.offset[0] < 0):
        return None  # 未来两个月, 近一周, 两个月前: spans of talk, not the time of a happening
    if x.to is None and x.rules[:1] in (("festival_period",), ("twin_holiday",)):
        return None  # 国庆假期, 春节前后: the days around a festival
    if x.rules[:1] == ("weekend_bare",):
        return None  # 周末 alone: any weekend as often as this one
    if x.to is None and x.rules[:1] == ("off_work",):
        return None  # 下班前 with no day: 每天下班前关闭电源 is a habit, not a deadline
    if x.rules == ("md_middle_dot",):
        return None  # “7·20”特大暴雨: an incident's name
    if x.rules[:1] == ("festival_eve",) and spec.hour is None:
        return None  # 春节前夕: the days just before, no day of a happening
    if x.to is None and x.rules == ("rel_day_next",):
        return None  # 第二天, 隔天 alone: 活动的第二天 counts days of a happening already told
    if spec.recur is None:
        return x
    if spec.hour is None or x.rest is None:
        return None
    rest = spec.replace(recur=None)
    return Expression(x.rest, x.end, rest, x.to, None, x.rules[1:], "range" if x.to is not None else "point")


def iter_rule_names() -> Iterator[str]:
    """Names of every atomic rule and combinator (for the coverage meta test)."""
    yield from _RULES
    yield from ("range", "between", "list", "deadline_prefix", "deadline_suffix", "within_days", "within_workdays", "within_hours",
                "daily_hours")
