"""The genre once more, from two sets of documents scored before any rule was
drawn from them: daily hours of listed days, and what follows from them.

Every paragraph is written for these tests in the style of local news and notices.
"""

from __future__ import annotations

from datetime import datetime

from notices.extract import extract_document
from notices.model import SHANGHAI, Notice

PUB = datetime(2025, 3, 2, 9, 0, tzinfo=SHANGHAI)


def _all(text: str, pub: datetime = PUB) -> list[Notice]:
    return list(extract_document(text, source="t.txt", published=pub).notices)


def _row(n: Notice) -> tuple[str, str, str | None]:
    j = n.to_json()
    return (n.kind, j["start"], j["end"])


def test_listed_days_with_daily_hours_are_each_timed() -> None:
    text = "为配合道路改造，3月11日、13日、15日每天8:30—17:30，10kV城东线将停电，沿线商户请提前做好准备。"
    got = [_row(n) for n in _all(text)]
    assert got == [
        ("outage", f"2025-03-{d}T08:30:00+08:00", f"2025-03-{d}T17:30:00+08:00") for d in ("11", "13", "15")
    ]


def test_a_range_of_nights_runs_from_the_first_night_to_the_last_morning() -> None:
    text = "因桥面维修，3月10日至3月14日，每晚23:00至次日5:00，滨河大桥实行全封闭施工，车辆请绕行。"
    got = [_row(n) for n in _all(text)]
    assert got == [("outage", "2025-03-10T23:00:00+08:00", "2025-03-15T05:00:00+08:00")]


def test_a_range_of_days_with_daily_hours_runs_from_first_opening_to_last_close() -> None:
    text = "2025年度考试网上报名时间为3月5日至3月9日，每天9:00-21:00，逾期不再受理。"
    got = [_row(n) for n in _all(text)]
    assert got == [("deadline", "2025-03-05T09:00:00+08:00", "2025-03-09T21:00:00+08:00")]


def test_a_window_with_morning_and_afternoon_hours_keeps_its_days() -> None:
    text = "听证参加人报名：3月5日至3月9日，每天上午8:30-12:00，下午14:30-17:30，可现场或电话报名。"
    got = [_row(n) for n in _all(text)]
    assert got == [("deadline", "2025-03-05", "2025-03-09")]
