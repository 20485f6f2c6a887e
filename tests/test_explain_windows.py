"""A day with a part of day and no clock: a window of hours in the trace, a day for notices.

``notices explain`` reports 明天晚上 as the hours it covers (start and last
hour, hour grain), the way a reader understands it; the event stage keeps
the corpus convention that a notice with only 上午/下午/晚上 is dated by its
day, and the trace says so in ``notice``.  All sentences here are our own.
"""

from __future__ import annotations

from datetime import date, datetime

import pytest

from notices.explain import explain, scan
from notices.extract import extract_document
from notices.lexicon import lexicon
from notices.mentions import scan_mentions
from notices.model import SHANGHAI, Grain
from notices.text import fold

REF = datetime(2024, 5, 6, 10, 0, tzinfo=SHANGHAI)  # a Monday


def _only(text: str) -> dict[str, object]:
    (m,) = explain(text, REF).mentions
    return m


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("明天晚上", "2024-05-07T18:00:00+08:00", "2024-05-07T23:00:00+08:00"),
        ("今晚", "2024-05-06T18:00:00+08:00", "2024-05-06T23:00:00+08:00"),
        ("5月9日上午", "2024-05-09T08:00:00+08:00", "2024-05-09T11:00:00+08:00"),
        ("下周三下午", "2024-05-15T12:00:00+08:00", "2024-05-15T17:00:00+08:00"),
        ("周五早上", "2024-05-10T04:00:00+08:00", "2024-05-10T11:00:00+08:00"),
        ("后天中午", "2024-05-08T11:00:00+08:00", "2024-05-08T12:00:00+08:00"),
        ("5月8日凌晨", "2024-05-08T00:00:00+08:00", "2024-05-08T05:00:00+08:00"),
        ("明晨", "2024-05-07T04:00:00+08:00", "2024-05-07T11:00:00+08:00"),
        ("端午节晚上", "2024-06-10T18:00:00+08:00", "2024-06-10T23:00:00+08:00"),
        ("禮拜四晚上", "2024-05-09T18:00:00+08:00", "2024-05-09T23:00:00+08:00"),
        ("明天黎明", "2024-05-07T04:00:00+08:00", "2024-05-07T05:00:00+08:00"),
        ("后天傍晚", "2024-05-08T17:00:00+08:00", "2024-05-08T18:00:00+08:00"),
        ("周五深夜", "2024-05-10T22:00:00+08:00", "2024-05-10T23:00:00+08:00"),
    ],
)
def test_a_part_of_day_with_a_day_is_a_window_of_hours(text: str, start: str, end: str) -> None:
    m = _only(text)
    assert (m["text"], m["kind"], m["start"], m["end"], m["grain"]) == (text, "range", start, end, "hour")
    assert m["notice"] == {"start": start[:10], "end": None, "grain": "day"}


def test_the_event_stage_still_dates_it_by_day() -> None:
    (m,) = scan("明天晚上", REF)
    assert (m.value.start, m.value.end, m.value.grain) == (date(2024, 5, 7), None, Grain.DAY)
    assert [x.value.start for x in scan_mentions(fold("明天晚上举行"), REF)] == [date(2024, 5, 7)]
    doc = extract_document("市文化馆定于5月9日晚上举办露天音乐会，欢迎市民参加。", source="t", published=REF)
    assert [n.start for n in doc.notices] == [date(2024, 5, 9)]


@pytest.mark.parametrize(
    ("text", "kind", "start"),
    [
        ("明天晚上8点", "point", "2024-05-07T20:00:00+08:00"),
        ("5月9日全天", "point", "2024-05-09"),
        ("明天上午9点至11点", "range", "2024-05-07T09:00:00+08:00"),
        ("5月9日下午前", "deadline", "2024-05-09"),
    ],
)
def test_a_clock_a_whole_day_a_range_or_a_deadline_keeps_its_value(text: str, kind: str, start: str) -> None:
    m = _only(text)
    assert (m["kind"], m["start"]) == (kind, start)
    assert "notice" not in m


def test_every_window_is_a_part_of_day_with_hours_in_order() -> None:
    lex = lexicon()
    for key, (first, end) in lex.part_windows.items():
        assert key in lex.parts_of_day or key in set(lex.parts_of_day.values())
        assert 0 <= first < end <= 24
    # every part but the whole day has a window, so words that only imply one (今晚) get it
    assert set(lex.parts_of_day.values()) - {"allday"} <= set(lex.part_windows)


def test_the_table_trace_shows_the_day_a_notice_keeps(capsys: pytest.CaptureFixture[str]) -> None:
    from scheduler import cli

    assert cli.main(["explain", "区长明天晚上到社区接访", "--published", "2024-05-06T10:00"]) == 0
    line = next(ln for ln in capsys.readouterr().out.splitlines() if "明天晚上" in ln and "=>" in ln)
    assert "2024-05-07T18:00" in line and "notice=2024-05-07" in line
