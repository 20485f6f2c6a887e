"""Mainland forms of round four (issue 8): holidays' ends, stray characters, office hours.

The values themselves are in ``tests/corpus/time.corpus``; this file checks
what the corpus cannot: lists that give two mentions, the kind and rrule in
the trace, what the event stage takes, and the fold underneath.  All
sentences are our own.
"""

from __future__ import annotations

from datetime import datetime

import pytest

from notices.explain import explain
from notices.extract import extract_document
from notices.model import SHANGHAI
from notices.rules import Expression, for_events, scan_expressions
from notices.text import fold

REF = datetime(2024, 9, 20, 10, 0, tzinfo=SHANGHAI)  # a Friday


def _one(text: str) -> Expression:
    (x,) = scan_expressions(fold(text))
    assert (x.start, x.end) == (0, len(text))
    return x


def test_a_day_split_by_one_space_is_joined_in_place() -> None:
    assert fold("12月3 1日") == "12月31 日"
    assert len(fold("于12月3 1日举行")) == len("于12月3 1日举行")
    assert fold("3月4 0日") == "3月4 0日"  # 40 is no day: left alone


def test_yue_typed_for_ri_is_read_only_after_a_number() -> None:
    assert fold("12月31曰17:00") == "12月31日17:00"
    assert fold("子曰学而时习之") == "子曰学而时习之"


def test_the_mention_keeps_the_written_characters() -> None:
    (m,) = explain("12月31曰17:00前", REF).mentions
    assert (m["text"], m["kind"], m["start"]) == ("12月31曰17:00前", "deadline", "2024-12-31T17:00:00+08:00")


def test_a_list_of_days_recapped_by_their_weekdays_shares_the_clock() -> None:
    ref = datetime(2024, 2, 20, 10, 0, tzinfo=SHANGHAI)
    text = "市图书馆将于3月2日、9日两个周六下午2时在三楼报告厅举办少儿读书会。"
    doc = extract_document(text, source="t", published=ref)
    assert sorted(n.start for n in doc.notices) == [
        datetime(2024, 3, 2, 14, 0, tzinfo=SHANGHAI),
        datetime(2024, 3, 9, 14, 0, tzinfo=SHANGHAI),
    ]


def test_a_count_of_weekdays_alone_is_no_day() -> None:
    assert scan_expressions("连续两个周六到社区值班") == []


def test_a_deadline_with_its_weekday_and_24_hours_ends_the_day() -> None:
    ref = datetime(2025, 10, 20, 10, 0, tzinfo=SHANGHAI)
    (m,) = explain("10月31日（周五）24时前", ref).mentions
    assert (m["kind"], m["start"], m["flags"]) == ("deadline", "2025-11-01T00:00:00+08:00", [])


def test_hours_within_are_a_deadline_in_the_trace_but_no_happening() -> None:
    (m,) = explain("请在24小时内办结", REF).mentions
    assert (m["text"], m["kind"], m["start"]) == ("24小时内", "deadline", "2024-09-21T10:00:00+08:00")
    assert for_events(_one("24小时内")) is None
    assert for_events(_one("3天内")) is not None  # days within still time a deadline


def test_off_work_alone_times_no_happening_but_with_a_day_it_does() -> None:
    assert for_events(_one("下班前")) is None
    dated = for_events(_one("9月24日下班前"))
    assert dated is not None and dated.kind == "deadline"


def test_after_a_holiday_is_the_first_working_day_kept_from_events() -> None:
    (m,) = explain("国庆节后", REF).mentions
    assert (m["start"], m["grain"]) == ("2024-10-08", "day")
    assert for_events(_one("国庆节后")) is None  # 国庆节后将陆续开工: no happening's own day


def test_after_a_holiday_in_an_unknown_year_counts_monday_to_friday_and_flags_it() -> None:
    ref = datetime(2027, 9, 20, 10, 0, tzinfo=SHANGHAI)
    (m,) = explain("国庆节后", ref).mentions
    assert m["start"] == "2027-10-04"  # 10-01 is a Friday; Monday 10-04 counted, the year guessed
    assert m["flags"] == ["holidays-unknown-2027"]


@pytest.mark.parametrize(
    ("text", "rrule", "start"),
    [
        ("工作日9:00-17:00", "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", "2024-09-20T09:00:00+08:00"),
        ("双休日", "FREQ=WEEKLY;BYDAY=SA,SU", "2024-09-21"),
        ("每季度末", "FREQ=YEARLY;BYMONTH=3,6,9,12;BYMONTHDAY=-1", "2024-09-30"),
        ("每月末", "FREQ=MONTHLY;BYMONTHDAY=-1", "2024-09-30"),
    ],
)
def test_schedules_are_recurrences_in_the_trace(text: str, rrule: str, start: str) -> None:
    (m,) = explain(text, REF).mentions
    assert (m["kind"], m["rrule"], m["start"]) == ("recurrence", rrule, start)


def test_weekday_office_hours_give_their_hours_to_the_event_stage() -> None:
    assert for_events(_one("双休日")) is None
    hours = for_events(_one("工作日9:00-17:00"))
    assert hours is not None and hours.spec is not None and hours.to is not None
    assert (hours.spec.hour, hours.to.hour, hours.spec.recur) == (9, 17, None)


def test_the_twin_holiday_is_one_run_whatever_the_year() -> None:
    got = {
        year: explain("中秋国庆假期", datetime(year, 9, 1, 10, 0, tzinfo=SHANGHAI)).mentions[0]
        for year in (2023, 2024, 2025)
    }
    assert (got[2023]["start"], got[2023]["end"]) == ("2023-09-29", "2023-10-06")
    assert (got[2024]["start"], got[2024]["end"]) == ("2024-09-15", "2024-10-07")
    assert (got[2025]["start"], got[2025]["end"]) == ("2025-10-01", "2025-10-08")


@pytest.mark.parametrize("text", ["赛前晚宴", "年中考核", "该年龄段", "应该年轻", "上下班前", "元宵节后"])
def test_look_alikes_of_the_new_words_are_no_new_time(text: str) -> None:
    # 元宵节后: no days off to come back from, so only the festival itself is read
    assert [x.rules for x in scan_expressions(text)] in ([], [("festival",)])


def test_a_century_and_its_ends() -> None:
    assert [(m["start"], m["end"]) for m in explain("本世纪初", REF).mentions] == [("2000-01-01", "2009-12-31")]
    assert [(m["start"], m["end"]) for m in explain("上世纪末", REF).mentions] == [("1990-01-01", "1999-12-31")]
    assert not explain("本世纪中叶", REF).mentions  # no agreed stretch: not read



def test_a_bare_weekend_is_this_weeks_but_times_no_happening() -> None:
    (m,) = explain("周末", REF).mentions
    assert (m["start"], m["end"]) == ("2024-09-21", "2024-09-22")
    assert for_events(_one("周末")) is None
    assert for_events(_one("本周末")) is not None  # a weekend named with its week still times one


def test_a_day_named_from_today_moves_to_the_year_written() -> None:
    assert [m["start"] for m in explain("明年的今天", REF).mentions] == ["2025-09-20"]
    leap = datetime(2024, 2, 29, 10, 0, tzinfo=SHANGHAI)
    assert [m["start"] for m in explain("明年的今天", leap).mentions] == ["2025-02-28"]


def test_the_twin_holiday_times_a_happening_only_as_a_period() -> None:
    assert for_events(_one("中秋国庆假期")) is None  # like 国庆假期: the days around a happening
    period = for_events(_one("中秋国庆期间"))
    assert period is not None and period.spec is not None and period.spec.holiday_with == "中秋"
