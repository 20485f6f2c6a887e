"""China's official working-day calendar and the dates of named festivals.

Two questions a deadline or a "节前" notice needs answered:

* which days are official working days (weekends off unless they are a
  make-up workday, 调休上班; statutory holidays off) — answered from
  ``chinese_calendar``, whose tables transcribe the State Council's yearly
  holiday notices and which therefore knows only the years already announced;
* on which Gregorian day a festival named in the text falls (春节, 中秋, 清明 …)
  — answered from ``notices/data/festivals.toml`` plus ``lunardate`` for lunar
  dates and ``chinese_calendar.get_solar_terms`` for solar terms.

Nothing here reads the clock: every function takes the day or year it is about.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from importlib import resources
from typing import Any

import chinese_calendar
from chinese_calendar.solar_terms import SolarTerms
from lunardate import LunarDate

UNKNOWN_YEAR_FLAG_PREFIX = "holidays-unknown-"
"""Flags ``holidays-unknown-YYYY``: working days of that year were counted Monday to Friday."""

FESTIVALS_RESOURCE = "festivals.toml"
"""File name of the festival table inside the ``notices.data`` folder."""


class CalendarUnknown(Exception):
    """A date lies outside the years the calendar data covers.

    Example: 2100年1月1日起3个工作日内 → CalendarUnknown("no official working-day
    data for 2100 ...").
    """

    def __init__(self, year: int, message: str) -> None:
        super().__init__(message)
        self.year = year


# ---------------------------------------------------------------------------
# Working days
# ---------------------------------------------------------------------------


@cache
def known_years() -> range:
    """The years for which the official holiday arrangement is known.

    Derived from the holiday table of ``chinese_calendar`` (the same bounds the
    library itself enforces), so a library upgrade that adds a year widens it.

    Example: 2023年劳动节调休安排已公布 → ``2023 in known_years()`` is True.
    """
    years = {day.year for day in chinese_calendar.holidays}
    return range(min(years), max(years) + 1)


def _require_known(day: date) -> None:
    """Raise CalendarUnknown unless ``day`` is in a year with official data."""
    years = known_years()
    if day.year not in years:
        raise CalendarUnknown(
            day.year,
            f"no official working-day data for {day.year}; "
            f"known years are {years.start}-{years.stop - 1}",
        )


@cache
def is_working_day(day: date) -> bool:
    """Whether ``day`` is an official working day in mainland China.

    Monday to Friday are working days unless they are a statutory holiday or a
    调休 rest day; Saturday and Sunday are rest days unless they are a make-up
    workday (补班).  Raises CalendarUnknown outside ``known_years()``.
    Cached: a pure function of the day and the library's fixed tables
    (``chinese_calendar.is_workday`` scans its whole table on every call);
    arrangements added from ``holidays.toml`` never reach it.

    Example: 4月23日（星期日）上班 → ``is_working_day(date(2023, 4, 23))`` is True.
    """
    _require_known(day)
    try:
        return bool(chinese_calendar.is_workday(day))
    except NotImplementedError as error:  # the library's own range check
        raise CalendarUnknown(day.year, str(error)) from error


def add_working_days(anchor: date, n: int) -> date:
    """The ``n``-th working day after ``anchor`` (``anchor`` itself never counts).

    This is how "自受理之日起3个工作日内办结" is read: counting starts on the
    day after the anchor, whether or not the anchor is a working day.  ``n``
    must be at least 1.  Raises CalendarUnknown as soon as a day it has to
    inspect lies outside ``known_years()``.

    Example: 4月26日受理，3个工作日内办结 → ``add_working_days(date(2023, 4, 26), 3)``
    is 2023-05-04 (4月29日至5月3日放假).
    """
    if n < 1:
        raise ValueError(f"working-day count must be at least 1, got {n}")
    day = anchor
    remaining = n
    while remaining:
        day += timedelta(days=1)
        if is_working_day(day):
            remaining -= 1
    return day


@dataclass(frozen=True)
class HolidayYear:
    """One year's official arrangement given as data, for a year ``chinese_calendar`` does not know yet.

    An operator copies it from the State Council's notice (国务院办公厅关于
    2027年部分节假日安排的通知) the day it is published; ``notice`` and
    ``url`` say where it comes from.

    Example: HolidayYear(2027, rest_days={2027-01-01, …}, work_days={2027-02-07, …},
    notice="2026-11-10", url="https://www.gov.cn/…").
    """

    year: int
    rest_days: frozenset[date]
    work_days: frozenset[date]
    notice: str
    url: str


_EXTRA_YEARS: dict[int, HolidayYear] = {}


def add_holiday_years(years: Iterable[HolidayYear]) -> None:
    """Make later years' official arrangements known (read by the application from its data file).

    Years ``chinese_calendar`` knows keep its data; the others are counted
    from what is given here.

    Example: add_holiday_years(parse_holidays_document(tomllib.load(f))) at start-up.
    """
    for item in years:
        if item.year not in known_years():
            _EXTRA_YEARS[item.year] = item


def forget_holiday_years() -> None:
    """Drop the arrangements added with :func:`add_holiday_years` (tests, reloads).

    Example: after forget_holiday_years(), 2027年 counts Monday to Friday again (flagged).
    """
    _EXTRA_YEARS.clear()


def added_rest_day(day: date) -> bool:
    """Whether ``day`` is a day off in an arrangement added with :func:`add_holiday_years`.

    Example: with 2027's arrangement added, the first day of its 春节 break → True; any day of 2023 → False.
    """
    extra = _EXTRA_YEARS.get(day.year)
    return extra is not None and day in extra.rest_days


def parse_holidays_document(document: Mapping[str, Any]) -> tuple[HolidayYear, ...]:
    """Validate a ``holidays.toml``: one ``[year.YYYY]`` table per year.

    Each table has ``notice`` (the notice's date), ``url`` (where it is
    published, http or https), ``rest`` (days off: "YYYY-MM-DD" or
    "YYYY-MM-DD..YYYY-MM-DD", at least one) and ``work`` (make-up working
    days, 补班).  Raises ValueError naming the table.

    Example: {"year": {"2027": {"notice": "2026-11-10", "url": "https://…",
    "rest": ["2027-01-01", "2027-02-05..2027-02-11"], "work": ["2027-02-14"]}}}.
    """
    extra = sorted(set(document) - {"year"})
    if extra:
        raise ValueError(f"unknown top-level keys: {', '.join(extra)}")
    tables = document.get("year", {})
    if not isinstance(tables, Mapping):
        raise ValueError("[year] must hold one table per year, e.g. [year.2027]")
    out = []
    for key, body in tables.items():
        table = f"year.{key}"
        if not (isinstance(key, str) and key.isdigit() and len(key) == 4 and isinstance(body, Mapping)):
            raise ValueError(f"[{table}] must be a table named by a year")
        unknown = sorted(set(body) - {"notice", "url", "rest", "work"})
        if unknown:
            raise ValueError(f"[{table}] unknown keys: {', '.join(unknown)}")
        year = int(key)
        rest = _day_list(table, "rest", body.get("rest", []), year)
        work = _day_list(table, "work", body.get("work", []), year)
        if rest & work:
            raise ValueError(f"[{table}] a day is both off and a working day")
        if not rest:
            raise ValueError(f"[{table}] rest must list the year's days off")
        notice, url = _notice_day(table, body.get("notice")), _notice_url(table, body.get("url"))
        out.append(HolidayYear(year, rest, work, notice, url))
    return tuple(out)


def _notice_day(table: str, value: Any) -> str:
    """The notice's date as "YYYY-MM-DD" (a TOML date or a string)."""
    try:
        return date.fromisoformat(str(value)).isoformat()
    except ValueError:
        raise ValueError(f"[{table}] notice must be the notice's date (YYYY-MM-DD), got {value!r}") from None


def _notice_url(table: str, value: Any) -> str:
    """Where the notice is published: an http(s) address."""
    if not isinstance(value, str) or not value.startswith(("https://", "http://")):
        raise ValueError(f"[{table}] url must be the notice's http(s) address, got {value!r}")
    return value


def _day_list(table: str, key: str, value: Any, year: int) -> frozenset[date]:
    """Days written as "YYYY-MM-DD" or "YYYY-MM-DD..YYYY-MM-DD" (春节 2月5日至11日放假 → seven days)."""
    if not isinstance(value, list):
        raise ValueError(f"[{table}] {key} must be a list of days")
    days: set[date] = set()
    for item in value:
        first, _, last = str(item).partition("..")
        try:
            start = date.fromisoformat(first)
            end = date.fromisoformat(last) if last else start
        except ValueError:
            raise ValueError(f"[{table}] {key}: not a day or a range of days: {item!r}") from None
        if end < start or abs(start.year - year) > 1:
            raise ValueError(f"[{table}] {key}: {item!r} is not in {year}")
        days.update(start + timedelta(days=k) for k in range((end - start).days + 1))
    return frozenset(days)


def counted_working_day(day: date) -> tuple[bool, bool]:
    """Whether ``day`` is a working day, and whether that was guessed.

    The official calendar where it is known, then the arrangements added with
    :func:`add_holiday_years`; otherwise Monday to Friday, marked as guessed.

    Example: a Monday of 2090 → (True, True); 2023-04-23 (a 补班 Sunday) → (True, False).
    """
    if day.year in known_years():
        return is_working_day(day), False
    extra = _EXTRA_YEARS.get(day.year)
    if extra is not None:
        if day in extra.work_days:
            return True, False
        return day not in extra.rest_days and day.weekday() < 5, False
    return day.weekday() < 5, True


def add_working_days_counted(anchor: date, n: int) -> tuple[date, tuple[int, ...]]:
    """Like :func:`add_working_days`, but never refuses: years without data are
    counted Monday to Friday and returned, so the caller can flag them.

    A negative ``n`` counts back ("3个工作日前"); ``n`` must not be 0.

    Example: 2026年12月28日受理，5个工作日内办结 → (2027-01-04, (2027,)) until 2027's
    arrangement is added.
    """
    if n == 0:
        raise ValueError("working-day count must not be 0")
    step = timedelta(days=1 if n > 0 else -1)
    day, remaining, guessed = anchor, abs(n), set()
    while remaining:
        day += step
        working, guess = counted_working_day(day)
        if guess:
            guessed.add(day.year)
        if working:
            remaining -= 1
    return day, tuple(sorted(guessed))


def unknown_year_flag(year: int) -> str:
    """The flag a notice carries when its working days in ``year`` were counted Monday to Friday.

    Example: 2026年12月28日起5个工作日内 (no 2027 arrangement yet) → "holidays-unknown-2027".
    """
    return f"{UNKNOWN_YEAR_FLAG_PREFIX}{year}"


def unknown_years_of(flags: Iterable[str]) -> tuple[int, ...]:
    """The guessed years named by a notice's flags, in order (inverse of :func:`unknown_year_flag`).

    Example: ("from-context", "holidays-unknown-2027") → (2027,).
    """
    years = {
        int(flag[len(UNKNOWN_YEAR_FLAG_PREFIX):])
        for flag in flags
        if flag.startswith(UNKNOWN_YEAR_FLAG_PREFIX) and flag[len(UNKNOWN_YEAR_FLAG_PREFIX):].isdigit()
    }
    return tuple(sorted(years))


def add_calendar_days(anchor: date, n: int) -> date:
    """Plain calendar arithmetic for "N日内": ``anchor`` plus ``n`` days.

    Example: 5月10日起15日内 → ``add_calendar_days(date(2024, 5, 10), 15)`` is 2024-05-25.
    """
    return anchor + timedelta(days=n)


# ---------------------------------------------------------------------------
# Festival table: values
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class SolarDay:
    """A fixed Gregorian month-day, e.g. 国庆节 = 10-1."""

    month: int
    day: int


@dataclass(frozen=True)
class LunarDay:
    """A day of a (non-leap) lunar month, e.g. 中秋节 = lunar 8-15."""

    month: int
    day: int


@dataclass(frozen=True)
class SolarTermDay:
    """The day a solar term begins, e.g. 清明 or 冬至."""

    term: str


@dataclass(frozen=True)
class LunarEve:
    """The last day of lunar month 12: the day before 春节 (除夕)."""


@dataclass(frozen=True)
class NthWeekday:
    """The n-th ISO weekday of a month, e.g. 母亲节 = the 2nd Sunday of May."""

    month: int
    n: int
    weekday: int


FestivalRule = SolarDay | LunarDay | SolarTermDay | LunarEve | NthWeekday


@dataclass(frozen=True)
class Festival:
    """One festival: its table key, every name a text may use, and its rule.

    ``needs_context`` marks names that are also ordinary words (大雪, 小满):
    they are read as dates only beside a year or 节气.  ``statutory`` marks
    the public holidays whose days off the State Council arranges each year
    (国庆假期 is those days, not only 10月1日).
    """

    key: str
    names: tuple[str, ...]
    rule: FestivalRule
    needs_context: bool = False
    statutory: bool = False


# ---------------------------------------------------------------------------
# Festival table: parsing and validation
# ---------------------------------------------------------------------------

_DEFINITION_KEYS = ("solar", "lunar", "solar_term", "lunar_eve", "nth_weekday")
_TABLE_KEYS = frozenset({"names", "needs_context", "statutory", *_DEFINITION_KEYS})
_MONTH_DAY = re.compile(r"(\d{1,2})-(\d{1,2})")
_NTH_WEEKDAY = re.compile(r"(\d{1,2})-([1-5])-([1-7])")
_SOLAR_TERM_NAMES = frozenset(term.value[1] for term in SolarTerms)


def _month_day(table: str, key: str, value: Any) -> tuple[int, int]:
    """Split a "M-D" value, naming the table in the error."""
    match = _MONTH_DAY.fullmatch(value) if isinstance(value, str) else None
    if match is None:
        raise ValueError(f"[{table}] {key} must be a \"M-D\" string, got {value!r}")
    return int(match.group(1)), int(match.group(2))


def _parse_rule(table: str, key: str, value: Any) -> FestivalRule:
    """Turn one definition key/value into a rule, validating its range."""
    if key == "solar":
        month, day = _month_day(table, key, value)
        try:
            date(2001, month, day)  # a common year: 2-29 is rejected on purpose
        except ValueError:
            raise ValueError(f"[{table}] solar {value!r} is not a day every year has") from None
        return SolarDay(month, day)
    if key == "lunar":
        month, day = _month_day(table, key, value)
        if not (1 <= month <= 12 and 1 <= day <= 29):
            raise ValueError(f"[{table}] lunar {value!r} needs month 1-12 and day 1-29")
        return LunarDay(month, day)
    if key == "solar_term":
        if value not in _SOLAR_TERM_NAMES:
            raise ValueError(f"[{table}] unknown solar term {value!r}")
        return SolarTermDay(value)
    if key == "nth_weekday":
        match = _NTH_WEEKDAY.fullmatch(value) if isinstance(value, str) else None
        if match is None or not 1 <= int(match.group(1)) <= 12:
            raise ValueError(f"[{table}] nth_weekday must be \"M-N-W\" (month, 1-5, ISO weekday), got {value!r}")
        return NthWeekday(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    if value is not True:
        raise ValueError(f"[{table}] lunar_eve must be true, got {value!r}")
    return LunarEve()


def _parse_names(table: str, value: Any) -> tuple[str, ...]:
    """Validate the ``names`` list of one table."""
    if not isinstance(value, list) or not value:
        raise ValueError(f"[{table}] names must be a non-empty list")
    for name in value:
        if not isinstance(name, str) or not name or name != name.strip():
            raise ValueError(f"[{table}] bad name {name!r}")
    if len(set(value)) != len(value):
        raise ValueError(f"[{table}] repeats a name")
    return tuple(value)


def _parse_festival(key: str, body: Any) -> Festival:
    """Validate one ``[festival.<key>]`` table."""
    table = f"festival.{key}"
    if not isinstance(body, Mapping):
        raise ValueError(f"[{table}] must be a table")
    unknown = sorted(set(body) - _TABLE_KEYS)
    if unknown:
        raise ValueError(f"[{table}] unknown keys: {', '.join(unknown)}")
    if "names" not in body:
        raise ValueError(f"[{table}] has no names")
    definitions = [name for name in _DEFINITION_KEYS if name in body]
    if len(definitions) != 1:
        raise ValueError(
            f"[{table}] needs exactly one of {', '.join(_DEFINITION_KEYS)}; "
            f"found {len(definitions)}: {', '.join(definitions) or '-'}"
        )
    rule = _parse_rule(table, definitions[0], body[definitions[0]])
    needs_context = body.get("needs_context", False)
    if not isinstance(needs_context, bool):
        raise ValueError(f"[{table}] needs_context must be true or false, got {needs_context!r}")
    statutory = body.get("statutory", False)
    if not isinstance(statutory, bool):
        raise ValueError(f"[{table}] statutory must be true or false, got {statutory!r}")
    return Festival(key=key, names=_parse_names(table, body["names"]), rule=rule, needs_context=needs_context,
                    statutory=statutory)


def parse_festival_document(document: Mapping[str, Any]) -> tuple[Festival, ...]:
    """Validate a parsed festivals.toml and return its festivals in file order.

    Raises ValueError naming the offending table for unknown keys, a table with
    zero or two definitions, malformed values, or an alias used twice.

    Example: ``{"festival": {"mid_autumn": {"names": ["中秋节"], "lunar": "8-15"}}}``
    → ``(Festival("mid_autumn", ("中秋节",), LunarDay(8, 15)),)``.
    """
    extra = sorted(set(document) - {"festival"})
    if extra:
        raise ValueError(f"unknown top-level keys: {', '.join(extra)}")
    tables = document.get("festival", {})
    if not isinstance(tables, Mapping):
        raise ValueError("[festival] must be a table of tables")
    festivals = tuple(_parse_festival(key, body) for key, body in tables.items())
    owner: dict[str, str] = {}
    for festival in festivals:
        for name in festival.names:
            if name in owner:
                raise ValueError(
                    f"[festival.{festival.key}] name {name!r} already used by "
                    f"[festival.{owner[name]}]"
                )
            owner[name] = festival.key
    return festivals


@cache
def _festivals() -> tuple[Festival, ...]:
    """The bundled festival table, read and validated once per process."""
    text = resources.files("notices").joinpath("data", FESTIVALS_RESOURCE).read_text("utf-8")
    return parse_festival_document(tomllib.loads(text))


@cache
def _festival_by_name() -> dict[str, Festival]:
    return {name: festival for festival in _festivals() for name in festival.names}


def festival_names() -> tuple[str, ...]:
    """Every festival name and alias, longest first (ties in code-point order).

    Longest first lets a scanner build one alternation regex in which 五一劳动节
    wins over 五一 and 中秋节 over 中秋.

    Example: "五一劳动节前" → the regex built from these names matches 五一劳动节.
    """
    return tuple(sorted(_festival_by_name(), key=lambda name: (-len(name), name)))


def plain_festival_names() -> tuple[str, ...]:
    """The names that are dates wherever they stand, longest first.

    Example: "国庆节期间" → 国庆节 is among them; 大雪 (also weather) is not.
    """
    return tuple(n for n in festival_names() if not _festival_by_name()[n].needs_context)


def statutory_festival_names() -> tuple[str, ...]:
    """The names of the statutory holidays, the ones with days off (国庆节, 春节; not 元宵节), longest first.

    Example: "国庆节后" → 国庆节 is among them, so 后 is the first working day after its days off.
    """
    return tuple(n for n in plain_festival_names() if _festival_by_name()[n].statutory)


def context_festival_names() -> tuple[str, ...]:
    """The names that are dates only beside a year or 节气 (大雪, 小满), longest first.

    Example: "2024年大雪" → 大雪 is a date; "一场大雪" is weather.
    """
    return tuple(n for n in festival_names() if _festival_by_name()[n].needs_context)


# ---------------------------------------------------------------------------
# Festival dates
# ---------------------------------------------------------------------------


@cache
def _solar_terms_of(year: int) -> dict[str, date]:
    """Solar-term name → day in ``year``, from chinese_calendar's 寿星 formula."""
    try:
        terms = chinese_calendar.get_solar_terms(date(year, 1, 1), date(year, 12, 31))
    except NotImplementedError as error:
        raise CalendarUnknown(year, f"no solar-term data for {year}: {error}") from error
    return {name: day for day, name in terms}


def _lunar_to_solar(lunar_year: int, month: int, day: int, year: int) -> date:
    """Convert a lunar date, mapping lunardate's range error to CalendarUnknown."""
    try:
        return LunarDate(lunar_year, month, day).to_solar_date()
    except ValueError as error:
        raise CalendarUnknown(
            year, f"no lunar calendar data for {year} (lunar year {lunar_year}): {error}"
        ) from error


def _occurrences(rule: FestivalRule, year: int) -> tuple[date, ...]:
    """All days in Gregorian ``year`` on which ``rule`` falls, in order."""
    if isinstance(rule, SolarDay):
        return (date(year, rule.month, rule.day),)
    if isinstance(rule, SolarTermDay):
        return (_solar_terms_of(year)[rule.term],)
    if isinstance(rule, LunarEve):
        return (_lunar_to_solar(year, 1, 1, year) - timedelta(days=1),)
    if isinstance(rule, NthWeekday):
        first = date(year, rule.month, 1)
        day = first + timedelta(days=(rule.weekday - first.isoweekday()) % 7 + 7 * (rule.n - 1))
        return (day,) if day.month == rule.month else ()
    # A lunar day of lunar year Y-1 can land in January of Y (腊八, 小年), and a
    # late one of lunar year Y in December of Y; look at both lunar years.
    candidates = (
        _lunar_to_solar(lunar_year, rule.month, rule.day, year)
        for lunar_year in (year - 1, year)
    )
    return tuple(day for day in candidates if day.year == year)


def lunar_dates(month: int, day: int, year: int, leap: bool = False) -> tuple[date, ...]:
    """Every Gregorian day in ``year`` that is lunar ``month``-``day``.

    Day 30 of a short lunar month does not exist and gives nothing; a leap
    month (闰) is asked for with ``leap``.  Raises CalendarUnknown outside
    lunardate's years (1900-2099).

    Example: "农历腊月廿三" in 2024 → ``lunar_dates(12, 23, 2024)`` is (2024-02-02,).
    """
    found = []
    for lunar_year in (year - 1, year):
        try:
            solar = LunarDate(lunar_year, month, day, leap).to_solar_date()
        except ValueError as error:
            if lunar_year < 1900 or lunar_year > 2099:
                raise CalendarUnknown(year, f"no lunar calendar data for {year}: {error}") from error
            continue  # no such day (a 30th of a short month, a missing leap month)
        if solar.year == year:
            found.append(solar)
    return tuple(found)


def lunar_year_date(lunar_year: int, month: int, day: int, leap: bool = False) -> date | None:
    """The Gregorian day of a lunar date in a given lunar year (None if it does not exist).

    Example: "二〇一二年农历正月十五" → ``lunar_year_date(2012, 1, 15)`` is 2012-02-06.
    """
    try:
        return LunarDate(lunar_year, month, day, leap).to_solar_date()
    except ValueError:
        if not 1900 <= lunar_year <= 2099:
            raise CalendarUnknown(lunar_year, f"no lunar calendar data for {lunar_year}") from None
        return None


def lunar_month_length(first: date) -> int:
    """How many days the lunar month opening on ``first`` has (29 or 30).

    Example: "农历九月" of 2024 opens on 2024-10-03 → ``lunar_month_length(date(2024, 10, 3))`` is 29.
    """
    return 30 if LunarDate.from_solar_date(*(first + timedelta(days=29)).timetuple()[:3]).day == 30 else 29


def festival_dates(name: str, year: int) -> tuple[date, ...]:
    """Every day in Gregorian ``year`` on which festival ``name`` falls.

    Usually one day; a lunar-month-12 festival can fall twice or not at all
    (2022 had two 腊八, 1月10日 and 12月30日; 2023 had none).  Empty for an
    unknown name.  Raises CalendarUnknown for years the lunar or solar-term
    data does not cover (lunardate: 1901-2099).

    Example: "2022年腊八" → ``festival_dates("腊八", 2022)`` is (2022-01-10, 2022-12-30).
    """
    festival = _festival_by_name().get(name.strip())
    if festival is None:
        return ()
    return _occurrences(festival.rule, year)


def festival_date(name: str, year: int) -> date | None:
    """The Gregorian day of festival ``name`` in Gregorian ``year``.

    None if the name is unknown, or if the festival does not fall in that year
    at all (only 腊八 can skip a year, e.g. 2023).  If it falls twice the
    earlier day is returned; see ``festival_dates`` for both.  Raises
    CalendarUnknown for years the lunar or solar-term data does not cover.

    Example: "今年中秋节" in a 2023 article → ``festival_date("中秋节", 2023)`` is 2023-09-29.
    """
    days = festival_dates(name, year)
    return days[0] if days else None


def next_festival_date(name: str, on_or_after: date) -> date | None:
    """The first day on or after ``on_or_after`` on which festival ``name`` falls.

    What a resolver wants for a festival named without a year ("腊八节前完成"
    in an article of 2022-12-20 → 2022-12-30).  None for an unknown name.

    Example: ``next_festival_date("春节", date(2023, 12, 1))`` is 2024-02-10.
    """
    if name.strip() not in _festival_by_name():
        return None
    # Any festival recurs within two Gregorian years of any day.
    for year in range(on_or_after.year, on_or_after.year + 3):
        for day in festival_dates(name, year):
            if day >= on_or_after:
                return day
    return None


# a holiday's days off never run longer than this either side of its day
_HOLIDAY_REACH = 9


def holiday_period(name: str, day: date) -> tuple[date, date] | None:
    """The official days off around ``day``, the day of statutory festival ``name``.

    The run of rest days (weekends included) that holds the festival's day,
    as the State Council's yearly notice arranges it; None when ``name`` is
    no statutory holiday, when its day is a working day, or when the year's
    arrangement is unknown (a guessed Monday-to-Friday week says nothing
    about days off).

    Example: 2024年国庆假期 → ``holiday_period("国庆", date(2024, 10, 1))`` is (2024-10-01, 2024-10-07).
    """
    festival = _festival_by_name().get(name.strip())
    if festival is None or not festival.statutory:
        return None

    def rest(d: date) -> bool | None:
        working, guessed = counted_working_day(d)
        return None if guessed else not working

    if not rest(day):
        return None
    first = last = day
    for _ in range(_HOLIDAY_REACH):
        before = rest(first - timedelta(days=1))
        if before is None:
            return None
        if not before:
            break
        first -= timedelta(days=1)
    for _ in range(_HOLIDAY_REACH):
        after = rest(last + timedelta(days=1))
        if after is None:
            return None
        if not after:
            break
        last += timedelta(days=1)
    return first, last
