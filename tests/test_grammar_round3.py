"""Mainland forms of round three (issue 8): holiday periods, office hours, daily hours.

The values themselves are in ``tests/corpus/time.corpus``; this file checks
what the corpus cannot: the holiday calendar underneath, the kind and rrule
in the trace, and what the event stage takes.  All sentences are our own.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime

import pytest

from notices.calendar_cn import (
    HolidayYear,
    add_holiday_years,
    forget_holiday_years,
    holiday_period,
    parse_festival_document,
)
from notices.explain import explain
from notices.extract import extract_document
from notices.model import SHANGHAI
from notices.rules import Expression, for_events, scan_expressions

REF = datetime(2024, 5, 6, 10, 0, tzinfo=SHANGHAI)  # a Monday


def _one(text: str) -> Expression:
    (x,) = scan_expressions(text)
    assert (x.start, x.end) == (0, len(text))
    return x


@pytest.mark.parametrize(
    ("name", "day", "expected"),
    [
        ("国庆", date(2024, 10, 1), (date(2024, 10, 1), date(2024, 10, 7))),
        ("国庆节", date(2023, 10, 1), (date(2023, 9, 29), date(2023, 10, 6))),  # joined with 中秋 that year
        ("春节", date(2025, 1, 29), (date(2025, 1, 28), date(2025, 2, 4))),  # 除夕 off from 2025
        ("元旦", date(2024, 1, 1), (date(2023, 12, 30), date(2024, 1, 1))),
        ("端午节", date(2024, 6, 10), (date(2024, 6, 8), date(2024, 6, 10))),
    ],
)
def test_a_holiday_period_is_the_run_of_official_rest_days(name: str, day: date, expected: tuple[date, date]) -> None:
    assert holiday_period(name, day) == expected


def test_a_festival_without_a_day_off_has_no_holiday_period() -> None:
    assert holiday_period("元宵节", date(2024, 2, 24)) is None  # a working Saturday's eve, no statutory rest
    assert holiday_period("母亲节", date(2024, 5, 12)) is None  # a Sunday, but no holiday of its own


def test_a_year_without_an_arrangement_has_no_holiday_period() -> None:
    assert holiday_period("国庆", date(2027, 10, 1)) is None


@pytest.fixture
def year_2027() -> Iterator[None]:
    rest = frozenset(date(2027, 10, d) for d in range(1, 8))
    add_holiday_years([HolidayYear(2027, rest, frozenset({date(2027, 10, 9)}), "2026-11-10", "https://example.org/n")])
    yield
    forget_holiday_years()


def test_an_arrangement_added_from_holidays_toml_gives_the_period(year_2027: None) -> None:
    assert holiday_period("国庆", date(2027, 10, 1)) == (date(2027, 10, 1), date(2027, 10, 7))


def test_statutory_must_be_a_boolean() -> None:
    document = {"festival": {"national_day": {"names": ["国庆节"], "solar": "10-1", "statutory": "yes"}}}
    with pytest.raises(ValueError, match="statutory must be true or false"):
        parse_festival_document(document)


def test_office_hours_are_a_recurrence_in_the_trace() -> None:
    (m,) = explain("周一至周五", REF).mentions
    assert (m["kind"], m["rrule"], m["start"]) == ("recurrence", "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", "2024-05-06")


def test_office_hours_time_no_happening_but_their_hours_carry() -> None:
    assert for_events(_one("周一至周五")) is None
    hours = for_events(_one("周一至周五9:00-17:00"))
    assert hours is not None and hours.spec is not None and hours.to is not None
    assert (hours.spec.hour, hours.to.hour, hours.spec.recur) == (9, 17, None)


def test_the_weeks_own_days_stay_a_range() -> None:
    (m,) = explain("下周一至周五", REF).mentions
    assert (m["kind"], m["start"], m["end"]) == ("range", "2024-05-13", "2024-05-17")


def test_a_weekday_and_its_date_in_brackets_are_one_mention() -> None:
    (m,) = explain("本周六（5月11日）上午9时", REF).mentions
    assert (m["text"], m["start"]) == ("本周六（5月11日）上午9时", "2024-05-11T09:00:00+08:00")
    assert m["flags"] == []


def test_a_weekday_that_contradicts_its_date_is_flagged() -> None:
    (m,) = explain("本周六（5月12日）", REF).mentions
    assert (m["start"], m["flags"]) == ("2024-05-12", ["weekday-mismatch"])


def test_days_with_daily_hours_make_one_notice_from_the_first_opening_to_the_last_closing() -> None:
    text = "市美术馆将于10月4日至10月6日9:00-17:00举办少儿书画展。"
    doc = extract_document(text, source="t", published=REF)
    assert [(n.start, n.end) for n in doc.notices] == [
        (datetime(2024, 10, 4, 9, 0, tzinfo=SHANGHAI), datetime(2024, 10, 6, 17, 0, tzinfo=SHANGHAI))
    ]


def test_the_holiday_period_times_a_closure() -> None:
    doc = extract_document("今年国庆期间，市档案馆暂停对外开放。", source="t", published=REF)
    assert [(n.start, n.end) for n in doc.notices] == [(date(2024, 10, 1), date(2024, 10, 7))]


@pytest.mark.parametrize("text", ["上年同期", "去年同期", "2022年度先进个人", "2023年度报告"])
def test_comparisons_and_labels_are_no_time(text: str) -> None:
    assert explain(text, REF).mentions == ()



def test_other_bare_runs_of_weekdays_are_no_recurrence() -> None:
    assert all(m["kind"] != "recurrence" for m in explain("周三至周五", REF).mentions)
