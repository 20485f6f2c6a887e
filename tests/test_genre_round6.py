"""The genre, session six: rules drawn from documents scored before any rule was
drawn from them (reopenings, closures and the hours a place keeps).

Every paragraph is written for these tests in the style of local news and notices.
"""

from __future__ import annotations

from tests.genre_support import notices_of as _all
from tests.genre_support import row_of as _row


def test_weekday_opening_hours_after_a_reopening_time_no_one_day() -> None:
    text = "经过三个月的提升改造，区文化馆将于3月8日（星期六）起恢复开放，开放时间为周二至周日9:00—20:30，每周一闭馆。"
    assert [_row(n) for n in _all(text)] == [("other", "2025-03-08", None)]


def test_a_reopening_with_its_own_hours_keeps_them() -> None:
    text = "城南营业厅系统升级完成，3月5日恢复正常营业，营业时间为8:30—17:30。"
    assert [_row(n) for n in _all(text)] == [("other", "2025-03-05T08:30:00+08:00", "2025-03-05T17:30:00+08:00")]


def test_weekday_office_hours_after_a_reopening_are_standing_hours() -> None:
    text = "县政务服务大厅3月10日起恢复办公，办公时间为周一至周五上午9:00—12:00、下午2:30—5:30。"
    assert [_row(n) for n in _all(text)] == [("other", "2025-03-10", None)]


def test_a_closure_told_after_its_reopening_ends_the_day_before() -> None:
    text = (
        "市少儿图书馆将于3月15日起恢复开放。\n"
        "该馆于2月10日起闭馆进行消防改造，闭馆期间借阅的图书可在恢复开放后一个月内归还。"
    )
    rows = sorted(_row(n) for n in _all(text))
    assert rows == [("other", "2025-03-15", None), ("outage", "2025-02-10", "2025-03-14")]


def test_a_closure_after_the_reopening_day_is_not_ended_by_it() -> None:
    text = "市体育馆将于3月5日恢复开放。因承办省运会，该馆将于4月1日起再次闭馆。"
    rows = sorted(_row(n) for n in _all(text))
    assert rows == [("other", "2025-03-05", None), ("outage", "2025-04-01", None)]
