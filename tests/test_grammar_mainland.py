"""Mainland forms of round two (issue 8): what the event stage takes and what it leaves.

The trace (``notices explain``) reads 第二天, 国庆假期 and 本月内; the event
stage keeps the words that time no happening of their own out of notices
(``rules.for_events``).  All sentences here are our own.
"""

from __future__ import annotations

from datetime import date, datetime

import pytest

from notices.explain import explain
from notices.extract import extract_document
from notices.mentions import tense_of
from notices.model import SHANGHAI
from notices.rules import Expression, for_events, scan_expressions

REF = datetime(2024, 5, 6, 10, 0, tzinfo=SHANGHAI)  # a Monday


def _one(text: str) -> Expression:
    (x,) = scan_expressions(text)
    assert (x.start, x.end) == (0, len(text))
    return x


@pytest.mark.parametrize("text", ["第二天", "隔天", "国庆假期", "春节前后", "十一黄金周"])
def test_words_that_time_no_happening_stay_out_of_events(text: str) -> None:
    assert for_events(_one(text)) is None


@pytest.mark.parametrize("text", ["第二天上午9点", "次日", "国庆节", "十一期间", "本月内", "周中"])
def test_the_event_stage_keeps_these(text: str) -> None:
    assert for_events(_one(text)) is not None


@pytest.mark.parametrize(
    ("text", "kind"),
    [("本月内", "deadline"), ("年内", "deadline"), ("5.6-5.8", "range"), ("今冬明春", "point"), ("周中", "point")],
)
def test_kinds_in_the_trace(text: str, kind: str) -> None:
    (m,) = explain(text, REF).mentions
    assert (m["text"], m["kind"]) == (text, kind)


def test_a_deadline_within_the_month_makes_a_notice() -> None:
    doc = extract_document("市住建局通知：各物业企业须于本月内完成消防设施自查并报送结果。", source="t", published=REF)
    assert [(n.start, n.end, n.kind) for n in doc.notices] == [(date(2024, 5, 31), None, "deadline")]


def test_the_second_day_of_a_happening_makes_no_second_notice() -> None:
    text = "市图书馆定于5月10日举办读书节开幕式。今天是读书节的第二天，市民热情高涨。"
    doc = extract_document(text, source="t", published=REF)
    assert all(n.start != date(2024, 5, 7) for n in doc.notices)


def test_a_part_of_a_month_before_qian_is_a_deadline_unless_qian_starts_a_verb() -> None:
    (due,) = explain("请于6月中旬前报送", REF).mentions
    assert (due["text"], due["kind"], due["start"]) == ("6月中旬前", "deadline", "2024-06-20")
    (trip,) = explain("6月中旬前往北京参加培训", REF).mentions
    assert (trip["text"], trip["kind"], trip["start"]) == ("6月中旬", "point", "2024-06-11")


def test_a_deadline_said_in_may_for_december_is_this_years() -> None:
    assert tense_of("请于12月31日前提交年度总结") is None  # 日前 closing a date reports nothing
    assert tense_of("日前，记者从市交通局获悉") == "past"
    doc = extract_document("各单位请于12月31日前提交年度工作总结。", source="t", published=REF)
    assert [(n.start, n.kind) for n in doc.notices] == [(date(2024, 12, 31), "deadline")]
