"""Titles on unseen text, round six: bare kinds that point at one of a series,
whose a bare step or kind is, and titles that were sentence fragments or a
neighbouring item's name.

Every paragraph here is written for these tests in the style of local news
and government notices.
"""

from __future__ import annotations

import pytest

from notices.title_words import bare_kind_of
from tests.genre_support import notices_of


def _titles(text: str) -> list[str]:
    return [n.title for n in notices_of(text) if n.forward]


# --- a bare kind after 首场, 本次, 该 --------------------------------------------


@pytest.mark.parametrize(
    ("title", "session", "kind"),
    [
        ("首场活动", None, "活动"),  # the words 首场/本次/该 go, not their characters
        ("首期活动", None, "活动"),
        ("本次会议", None, "会议"),
        ("第二次全体会议", "第二次", "全体会议"),
        ("颁奖典礼", None, "颁奖典礼"),
    ],
)
def test_a_bare_kind_is_read_after_the_word_that_points_at_it(title: str, session: str | None, kind: str) -> None:
    m = bare_kind_of(title)
    assert m is not None and (m[1], m[2]) == (session, kind)


def test_the_first_session_of_a_quoted_programme_says_whose_it_is() -> None:
    text = (
        "关于2025年“文明实践进万家”活动安排的通知\n"
        "按照全年工作安排，区文明办将于今年上半年在各街道开展“文明实践进万家”活动。"
        "首场活动定于3月12日上午9:00在东河街道文化广场举行，区卫健局、区司法局派员现场提供咨询。\n"
    )
    assert _titles(text) == ["“文明实践进万家”首场活动"]


# --- whose a bare step or kind is (notices.whose.whose_word) ---------------------


@pytest.mark.parametrize(
    ("text", "title"),
    [
        # a step: the document its sentence quotes, not the law it cites
        (
            "南川镇总体规划修编公示\n根据《中华人民共和国城乡规划法》有关规定，"
            "现将《南川镇总体规划（草案）》予以公示，公示期为3月10日至4月8日。\n",
            "《南川镇总体规划(草案)》公示",
        ),
        # a step: the headline up to it
        (
            "2025年西岭县公开招聘社区工作者笔试公告\n经资格审查，笔试定于3月15日上午9:00在县职业中学举行。\n",
            "2025年西岭县公开招聘社区工作者笔试",
        ),
    ],
)
def test_a_bare_step_says_whose_it_is(text: str, title: str) -> None:
    assert _titles(text) == [title]
