"""Tests for notices.calendar_cn.

Expectations come from published facts, never from the functions under test:
the State Council's holiday notices (国务院办公厅关于…部分节假日安排的通知) for
working days, and the almanac dates of festivals and solar terms.
"""

from __future__ import annotations

import tomllib
from datetime import date, timedelta
from importlib import resources
from typing import Any

import pytest

from notices.calendar_cn import (
    CalendarUnknown,
    Festival,
    LunarDay,
    LunarEve,
    SolarDay,
    SolarTermDay,
    add_calendar_days,
    add_working_days,
    festival_date,
    festival_dates,
    festival_names,
    is_working_day,
    known_years,
    next_festival_date,
    parse_festival_document,
)

# ---------------------------------------------------------------------------
# Official holiday arrangements, transcribed from the State Council notices:
# (first rest day, last rest day, make-up workdays 补班)
# ---------------------------------------------------------------------------

OFFICIAL_ARRANGEMENTS: dict[str, tuple[date, date, tuple[date, ...]]] = {
    # 2023 劳动节: 4月29日至5月3日放假调休，共5天。4月23日（星期日）、5月6日（星期六）上班。
    "2023 labour day": (date(2023, 4, 29), date(2023, 5, 3), (date(2023, 4, 23), date(2023, 5, 6))),
    # 2023 中秋节、国庆节: 9月29日至10月6日放假调休，共8天。10月7日（星期六）、10月8日（星期日）上班。
    "2023 national day": (date(2023, 9, 29), date(2023, 10, 6), (date(2023, 10, 7), date(2023, 10, 8))),
    # 2024 春节: 2月10日至17日放假调休，共8天。2月4日（星期日）、2月18日（星期日）上班。
    "2024 spring festival": (date(2024, 2, 10), date(2024, 2, 17), (date(2024, 2, 4), date(2024, 2, 18))),
    # 2024 国庆节: 10月1日至7日放假调休，共7天。9月29日（星期日）、10月12日（星期六）上班。
    "2024 national day": (date(2024, 10, 1), date(2024, 10, 7), (date(2024, 9, 29), date(2024, 10, 12))),
    # 2025 春节: 1月28日（农历除夕）至2月4日放假调休，共8天。1月26日（星期日）、2月8日（星期六）上班。
    "2025 spring festival": (date(2025, 1, 28), date(2025, 2, 4), (date(2025, 1, 26), date(2025, 2, 8))),
}


@pytest.mark.parametrize("label", sorted(OFFICIAL_ARRANGEMENTS))
def test_official_arrangement_is_followed(label: str) -> None:
    first, last, makeup_days = OFFICIAL_ARRANGEMENTS[label]
    day = first
    while day <= last:
        assert not is_working_day(day), f"{day} is a rest day in the {label} notice"
        day += timedelta(days=1)
    for makeup in makeup_days:
        assert makeup.weekday() >= 5, "the notice lists weekend make-up days"
        assert is_working_day(makeup), f"{makeup} is a 补班 day in the {label} notice"


def test_ordinary_weekdays_and_weekends() -> None:
    assert is_working_day(date(2023, 4, 26))  # a plain Wednesday
    assert not is_working_day(date(2023, 4, 22))  # a plain Saturday
    assert not is_working_day(date(2023, 4, 30))  # Sunday inside the May Day break


def test_new_year_and_national_day_are_off_in_every_known_year() -> None:
    # 元旦 and 国庆节 (10月1日) are statutory rest days in every year.
    for year in known_years():
        assert not is_working_day(date(year, 1, 1)), year
        assert not is_working_day(date(year, 10, 1)), year


# ---------------------------------------------------------------------------
# add_working_days / add_calendar_days
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("anchor", "n", "expected"),
    [
        # 4月27日、28日 work; 4月29日—5月3日 off; 5月4日 is the third working day.
        (date(2023, 4, 26), 3, date(2023, 5, 4)),
        (date(2023, 4, 26), 1, date(2023, 4, 27)),
        # 4月22日 Saturday off; 4月23日 Sunday is a make-up workday.
        (date(2023, 4, 21), 1, date(2023, 4, 23)),
        (date(2023, 4, 21), 2, date(2023, 4, 24)),
        # 9月29日—10月6日 off; 10月7日 (Saturday) and 10月8日 (Sunday) work.
        (date(2023, 9, 28), 1, date(2023, 10, 7)),
        (date(2023, 9, 28), 2, date(2023, 10, 8)),
        (date(2023, 9, 28), 3, date(2023, 10, 9)),
        # Anchor on a rest day: counting still starts the next day.
        (date(2023, 10, 1), 1, date(2023, 10, 7)),
        # 2024: 2月9日 (除夕) was an ordinary Friday; 2月10日—17日 off; 2月18日 Sunday works.
        (date(2024, 2, 8), 1, date(2024, 2, 9)),
        (date(2024, 2, 9), 1, date(2024, 2, 18)),
        # A working anchor is excluded too.
        (date(2024, 10, 8), 1, date(2024, 10, 9)),
    ],
)
def test_add_working_days(anchor: date, n: int, expected: date) -> None:
    assert add_working_days(anchor, n) == expected


def test_add_working_days_rejects_non_positive_counts() -> None:
    with pytest.raises(ValueError):
        add_working_days(date(2023, 4, 26), 0)
    with pytest.raises(ValueError):
        add_working_days(date(2023, 4, 26), -2)


def test_add_calendar_days_is_plain_arithmetic() -> None:
    # 15日内 counts holidays too: 4月26日 + 15 = 5月11日.
    assert add_calendar_days(date(2023, 4, 26), 15) == date(2023, 5, 11)
    assert add_calendar_days(date(2024, 2, 20), 10) == date(2024, 3, 1)  # leap February
    assert add_calendar_days(date(2023, 12, 25), 7) == date(2024, 1, 1)


# ---------------------------------------------------------------------------
# Known years and CalendarUnknown
# ---------------------------------------------------------------------------


def test_known_years_contains_recent_years_and_is_a_range() -> None:
    years = known_years()
    assert isinstance(years, range)
    assert years.step == 1
    assert 2023 in years
    assert 2025 in years
    assert 1990 not in years
    assert 2100 not in years


@pytest.mark.parametrize("year", [1990, 2100])
def test_is_working_day_outside_known_years(year: int) -> None:
    with pytest.raises(CalendarUnknown, match=str(year)) as info:
        is_working_day(date(year, 3, 1))
    assert info.value.year == year


def test_calendar_unknown_is_raised_just_outside_the_range() -> None:
    years = known_years()
    with pytest.raises(CalendarUnknown, match=str(years.start - 1)):
        is_working_day(date(years.start - 1, 12, 31))
    with pytest.raises(CalendarUnknown, match=str(years.stop)):
        is_working_day(date(years.stop, 1, 1))


def test_add_working_days_stops_at_the_edge_of_the_data() -> None:
    last_year = known_years()[-1]
    with pytest.raises(CalendarUnknown, match=str(last_year + 1)):
        add_working_days(date(last_year, 12, 31), 1)
    with pytest.raises(CalendarUnknown, match="1990"):
        add_working_days(date(1990, 6, 1), 5)


def test_add_working_days_may_start_from_the_day_before_the_data() -> None:
    # The anchor is never inspected, only the days after it.
    first_year = known_years()[0]
    result = add_working_days(date(first_year - 1, 12, 31), 1)
    assert result.year == first_year
    assert result > date(first_year, 1, 1)  # 元旦 is never a working day


# ---------------------------------------------------------------------------
# Festival dates
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "year", "expected"),
    [
        ("春节", 2023, date(2023, 1, 22)),
        ("春节", 2024, date(2024, 2, 10)),
        ("大年初一", 2024, date(2024, 2, 10)),
        ("正月初一", 2025, date(2025, 1, 29)),
        ("除夕", 2024, date(2024, 2, 9)),
        ("除夕", 2025, date(2025, 1, 28)),  # 腊月只有29天: 除夕 is 腊月二十九
        ("元宵节", 2021, date(2021, 2, 26)),
        ("正月十五", 2024, date(2024, 2, 24)),
        ("清明", 2023, date(2023, 4, 5)),
        ("清明节", 2024, date(2024, 4, 4)),
        ("端午节", 2023, date(2023, 6, 22)),
        ("端午", 2024, date(2024, 6, 10)),
        ("七夕", 2023, date(2023, 8, 22)),
        ("中秋节", 2023, date(2023, 9, 29)),
        ("中秋", 2024, date(2024, 9, 17)),
        ("重阳节", 2023, date(2023, 10, 23)),
        ("冬至", 2023, date(2023, 12, 22)),
        ("腊八", 2024, date(2024, 1, 18)),
        ("小年", 2024, date(2024, 2, 2)),
        ("元旦", 2024, date(2024, 1, 1)),
        ("五一", 2024, date(2024, 5, 1)),
        ("劳动节", 2023, date(2023, 5, 1)),
        ("国庆", 2023, date(2023, 10, 1)),
    ],
)
def test_festival_date_matches_the_almanac(name: str, year: int, expected: date) -> None:
    assert festival_date(name, year) == expected


def test_laba_can_fall_twice_or_not_at_all_in_a_gregorian_year() -> None:
    # 2022 had 腊八 on 1月10日 and again on 12月30日; 2023 had none.
    assert festival_dates("腊八", 2022) == (date(2022, 1, 10), date(2022, 12, 30))
    assert festival_date("腊八", 2022) == date(2022, 1, 10)
    assert festival_dates("腊八", 2023) == ()
    assert festival_date("腊八", 2023) is None


def test_unknown_festival_name_gives_none() -> None:
    assert festival_date("五一劳动奖", 2024) is None
    assert festival_dates("泼水节", 2024) == ()
    assert next_festival_date("泼水节", date(2024, 1, 1)) is None


def test_festival_outside_the_lunar_table_raises() -> None:
    with pytest.raises(CalendarUnknown, match="2100"):
        festival_date("春节", 2100)
    with pytest.raises(CalendarUnknown, match="2101"):
        festival_date("冬至", 2101)


@pytest.mark.parametrize(
    ("name", "on_or_after", "expected"),
    [
        ("腊八", date(2022, 12, 20), date(2022, 12, 30)),
        ("腊八", date(2022, 12, 31), date(2024, 1, 18)),
        ("春节", date(2023, 12, 1), date(2024, 2, 10)),
        ("国庆节", date(2024, 10, 1), date(2024, 10, 1)),  # the same day counts
        ("中秋", date(2023, 9, 30), date(2024, 9, 17)),
    ],
)
def test_next_festival_date(name: str, on_or_after: date, expected: date) -> None:
    assert next_festival_date(name, on_or_after) == expected


# Official solar-term days (Beijing time), 2000-2030.  清明 is 4月4日 or 5日,
# 冬至 12月21日 or 22日.
QINGMING_APRIL_DAY = {
    2000: 4, 2001: 5, 2002: 5, 2003: 5, 2004: 4, 2005: 5, 2006: 5, 2007: 5,
    2008: 4, 2009: 4, 2010: 5, 2011: 5, 2012: 4, 2013: 4, 2014: 5, 2015: 5,
    2016: 4, 2017: 4, 2018: 5, 2019: 5, 2020: 4, 2021: 4, 2022: 5, 2023: 5,
    2024: 4, 2025: 4, 2026: 5, 2027: 5, 2028: 4, 2029: 4, 2030: 5,
}  # fmt: skip
DONGZHI_DECEMBER_DAY = {
    2000: 21, 2001: 22, 2002: 22, 2003: 22, 2004: 21, 2005: 22, 2006: 22, 2007: 22,
    2008: 21, 2009: 22, 2010: 22, 2011: 22, 2012: 21, 2013: 22, 2014: 22, 2015: 22,
    2016: 21, 2017: 22, 2018: 22, 2019: 22, 2020: 21, 2021: 21, 2022: 22, 2023: 22,
    2024: 21, 2025: 21, 2026: 22, 2027: 22, 2028: 21, 2029: 21, 2030: 22,
}  # fmt: skip


@pytest.mark.parametrize("year", sorted(QINGMING_APRIL_DAY))
def test_solar_terms_2000_to_2030(year: int) -> None:
    assert festival_date("清明", year) == date(year, 4, QINGMING_APRIL_DAY[year])
    assert festival_date("冬至", year) == date(year, 12, DONGZHI_DECEMBER_DAY[year])


@pytest.mark.parametrize("name", ["春节", "清明", "端午", "中秋", "国庆"])
def test_statutory_festival_days_are_official_rest_days(name: str) -> None:
    # Since the 2007 revision of 《全国年节及纪念日放假办法》 (in force from 2008)
    # the day of 春节, 清明, 端午, 中秋 and 国庆 is always a rest day.
    for year in known_years():
        if year < 2008:
            continue
        day = festival_date(name, year)
        assert day is not None
        assert not is_working_day(day), (name, day)


# ---------------------------------------------------------------------------
# Names and the data file
# ---------------------------------------------------------------------------

REQUIRED_NAMES = (
    "元旦", "春节", "大年初一", "正月初一", "除夕", "元宵", "元宵节", "正月十五",
    "清明", "清明节", "五一", "劳动节", "五一劳动节", "端午", "端午节", "七夕",
    "中秋", "中秋节", "国庆", "国庆节", "重阳", "重阳节", "腊八", "小年", "冬至",
)  # fmt: skip


def _bundled_tables() -> dict[str, Any]:
    text = resources.files("notices").joinpath("data", "festivals.toml").read_text("utf-8")
    return tomllib.loads(text)["festival"]


def test_festival_names_cover_the_required_names() -> None:
    names = festival_names()
    for name in REQUIRED_NAMES:
        assert name in names, name
    assert len(set(names)) == len(names)


def test_festival_names_are_longest_first() -> None:
    lengths = [len(name) for name in festival_names()]
    assert lengths == sorted(lengths, reverse=True)
    names = festival_names()
    assert names.index("五一劳动节") < names.index("五一")
    assert names.index("中秋节") < names.index("中秋")


def test_every_alias_resolves_to_its_festivals_day() -> None:
    tables = _bundled_tables()
    listed = {name for body in tables.values() for name in body["names"]}
    assert listed == set(festival_names())
    for key, body in tables.items():
        days = {festival_date(name, 2024) for name in body["names"]}
        assert len(days) == 1, key
        (day,) = days
        assert isinstance(day, date) and day.year == 2024, key


def _document(**tables: dict[str, Any]) -> dict[str, Any]:
    return {"festival": tables}


def test_parse_festival_document_builds_rules() -> None:
    festivals = parse_festival_document(
        _document(
            a={"names": ["国庆节"], "solar": "10-1"},
            b={"names": ["中秋节"], "lunar": "8-15"},
            c={"names": ["清明"], "solar_term": "清明"},
            d={"names": ["除夕"], "lunar_eve": True},
        )
    )
    assert festivals == (
        Festival("a", ("国庆节",), SolarDay(10, 1)),
        Festival("b", ("中秋节",), LunarDay(8, 15)),
        Festival("c", ("清明",), SolarTermDay("清明")),
        Festival("d", ("除夕",), LunarEve()),
    )


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"names": ["中秋"], "lunar": "8-15", "note": "x"}, "unknown keys: note"),
        ({"names": ["中秋"], "lunar": "8-15", "solar": "9-1"}, "exactly one"),
        ({"names": ["中秋"]}, "exactly one"),
        ({"lunar": "8-15"}, "no names"),
        ({"names": [], "lunar": "8-15"}, "non-empty"),
        ({"names": ["中秋"], "lunar": "13-1"}, "month 1-12"),
        ({"names": ["中秋"], "lunar": "8-30"}, "day 1-29"),
        ({"names": ["中秋"], "solar": "2-29"}, "every year"),
        ({"names": ["中秋"], "solar": "八月"}, "M-D"),
        ({"names": ["中秋"], "solar_term": "中秋"}, "solar term"),
        ({"names": ["中秋"], "lunar_eve": False}, "must be true"),
    ],
)
def test_parse_festival_document_rejects_bad_tables(body: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message) as info:
        parse_festival_document(_document(mid_autumn=body))
    assert "festival.mid_autumn" in str(info.value)


def test_parse_festival_document_rejects_a_shared_alias() -> None:
    with pytest.raises(ValueError, match=r"festival\.two.*festival\.one"):
        parse_festival_document(
            _document(
                one={"names": ["国庆"], "solar": "10-1"},
                two={"names": ["国庆"], "solar": "10-2"},
            )
        )


def test_parse_festival_document_rejects_unknown_top_level_keys() -> None:
    with pytest.raises(ValueError, match="holiday"):
        parse_festival_document({"festival": {}, "holiday": {}})
