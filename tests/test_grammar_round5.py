"""Mainland forms of round five (issue 8): decades, two-digit years, lunar months, ranges to now.

The values are in ``tests/corpus/time.corpus``; this file checks what the
corpus cannot: what the event stage takes of a form, the kind in the trace,
the helpers that tell a year from a count, and the lunar month's length.
All sentences are our own.
"""

from __future__ import annotations

from datetime import date, datetime

import pytest

from notices.calendar_cn import lunar_month_length
from notices.explain import explain
from notices.extract import extract_document
from notices.model import SHANGHAI
from notices.rules import (
    Expression,
    Reject,
    _count,
    _written_year,
    for_events,
    scan_expressions,
)
from notices.text import fold

REF = datetime(2024, 5, 6, 10, 0, tzinfo=SHANGHAI)  # a Monday


def _one(text: str) -> Expression:
    (x,) = scan_expressions(fold(text))
    assert (x.outer or (x.start, x.end)) == (0, len(text))
    return x


@pytest.mark.parametrize("text", ["2015年至今", "自去年9月起至今", "2018.03至今"])
def test_a_stretch_up_to_now_is_kept_from_the_event_stage(text: str) -> None:
    x = _one(text)
    assert x.kind == "range"
    assert for_events(x) is None


def test_a_target_year_is_kept_from_the_event_stage_but_a_month_is_not() -> None:
    year = _one("2030年前")
    month = _one("7月前")
    assert (year.kind, month.kind) == ("deadline", "deadline")
    assert for_events(year) is None
    assert for_events(month) is month


def test_a_lunar_month_is_kept_from_the_event_stage_but_a_lunar_day_is_not() -> None:
    assert for_events(_one("腊月")) is None
    day = _one("腊月二十三")
    assert for_events(day) is day


def test_a_plan_year_times_no_notice_while_a_month_deadline_does() -> None:
    plan = extract_document("该区力争2030年前实现污水管网全覆盖。", source="t", published=REF)
    due = extract_document("本次征文活动须于7月前提交作品，逾期不再受理。", source="t", published=REF)
    assert plan.notices == ()
    assert [(n.start, n.end) for n in due.notices] == [(date(2024, 7, 31), None)]


def test_each_day_of_a_range_takes_its_daily_hours() -> None:
    text = "市科技馆将于5月20日至22日每天上午9时至11时开放天文台，市民可免费参观。"
    (notice,) = extract_document(text, source="t", published=REF).notices
    assert (notice.start, notice.end) == (
        datetime(2024, 5, 20, 9, 0, tzinfo=SHANGHAI),
        datetime(2024, 5, 22, 11, 0, tzinfo=SHANGHAI),
    )


def test_since_a_month_after_its_year_is_a_since_in_the_trace() -> None:
    (m,) = explain("自今年2月起", REF).mentions
    assert (m["text"], m["kind"], m["start"]) == ("自今年2月起", "since", "2024-02-01")


def test_a_weekly_closing_day_is_a_recurrence_with_its_rrule() -> None:
    (m,) = explain("每逢周四", REF).mentions
    assert (m["kind"], m["rrule"]) == ("recurrence", "FREQ=WEEKLY;BYDAY=TH")


@pytest.mark.parametrize(("token", "year"), [("八六", True), ("零九", True), ("九七", True),
                                             ("三四", False), ("七八", False), ("三五", False)])
def test_two_chinese_digits_are_a_year_unless_they_say_a_few(token: str, year: bool) -> None:
    assert _written_year(token) is year


def test_chinese_digits_one_by_one_are_no_count() -> None:
    assert _count("十五") == 15
    assert _count("两") == 2
    with pytest.raises(Reject):
        _count("六五")


@pytest.mark.parametrize("text", ["再过三五年", "七八年前搬来的住户", "排队时间超过半个小时", "真正月薪过万"])
def test_counts_and_look_alikes_give_no_time(text: str) -> None:
    assert scan_expressions(fold(text)) == []


def test_a_lunar_month_has_29_or_30_days() -> None:
    assert lunar_month_length(date(2024, 10, 3)) == 29  # 农历九月, 2024
    assert lunar_month_length(date(2024, 11, 1)) == 30  # 农历十月, 2024


def test_midnight_in_the_evening_ends_the_day_and_in_the_small_hours_opens_it() -> None:
    (late,) = explain("晚上零点", REF).mentions
    (early,) = explain("凌晨零点", REF).mentions
    assert late["start"] == "2024-05-07T00:00:00+08:00"
    assert early["start"] == "2024-05-06T00:00:00+08:00"


def test_the_eve_of_a_festival_is_its_day_before_kept_from_the_event_stage() -> None:
    x = _one("国庆节前夕")
    assert for_events(x) is None
    (m,) = explain("国庆节前夕", REF).mentions
    assert m["start"] == "2024-09-30"


def test_a_middle_dot_date_names_an_incident_and_times_no_notice() -> None:
    x = _one("8·16")
    assert for_events(x) is None
    doc = extract_document("“8·16”系列盗窃案将于6月3日上午9时在市中级人民法院公开开庭审理。", source="t", published=REF)
    assert [n.start for n in doc.notices] == [datetime(2024, 6, 3, 9, 0, tzinfo=SHANGHAI)]


def test_a_month_and_a_list_of_days_without_the_first_ri_gives_both_days() -> None:
    days = [x.spec for x in scan_expressions(fold("5月20、21日"))]
    assert [(s.month, s.day) for s in days if s is not None] == [(5, 20), (5, 21)]
