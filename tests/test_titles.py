"""Titles a subscriber reads at a glance, on genre sentences written for these tests.

Each case states one rule of notices/titles.py: the happening's own noun
phrase, who holds it, a verb with its object, deadlines named after who must
act, openings, broadcasts, and what never belongs in a title.
"""

from __future__ import annotations

from datetime import datetime

import pytest

from notices.extract import extract_document
from notices.model import SHANGHAI

PUB = datetime(2024, 5, 6, 10, 0, tzinfo=SHANGHAI)


def _titles(text: str) -> list[str]:
    return [n.title for n in extract_document(text, source="t.txt", published=PUB).notices if n.forward]


@pytest.mark.parametrize(
    ("text", "title"),
    [
        # the noun phrase that ends in the trigger, not the verb before it
        ("经研究，定于5月28日上午召开市政协第八届委员会常务委员会第十二次会议。", "市政协第八届委员会常务委员会第十二次会议"),
        # the head of a compound name: 常委会…会议 is a 会议
        ("明天下午，县人大常委会第九次会议在县政府礼堂开幕。", "县人大常委会第九次会议"),
        # who holds a happening named only by its kind
        ("5月9日上午，区文旅局将举行新闻发布会。", "区文旅局新闻发布会"),
        # a verb with its object, the subject cut before 率
        ("5月10日上午，副区长李某率区住建局负责人接听市民来电。", "副区长李某接听市民来电"),
        # an outage led by where it happens
        ("受管网改造影响，5月15日8时至18时在城东街道停水。", "城东街道停水"),
        # no tense words, no cause clause
        ("由于线路检修，城南供电所将于5月16日9时至17时对解放路沿线停电。", "城南供电所对解放路沿线停电"),
    ],
)
def test_happening_titles(text: str, title: str) -> None:
    assert _titles(text) == [title]


def test_deadline_is_named_after_who_must_act() -> None:
    text = "区信访局将于5月20日上午举办领导接访日活动。请来访群众于5月18日前到所在街道办事处预约登记。"
    assert "来访群众预约登记截止" in _titles(text)


def test_deadline_is_named_after_the_main_happening() -> None:
    text = "市发改委定于5月25日召开居民用水价格调整听证会。有意参加者请于5月15日前报名。"
    assert sorted(_titles(text)) == sorted(["居民用水价格调整听证会", "居民用水价格调整听证会参加人报名截止"])


def test_an_opening_is_titled_after_what_opens() -> None:
    text = "5月18日上午9时，第五届茶文化节在滨江公园开幕。本届茶文化节会期10天。"
    assert sorted(_titles(text)) == sorted(["第五届茶文化节开幕式", "第五届茶文化节"])


def test_a_broadcast_is_named_after_its_programme() -> None:
    text = "本期《民生面对面》节目将于5月9日20时在市电视台新闻频道播出。"
    (title,) = _titles(text)
    assert title.startswith("《民生面对面》") and "播出" in title


@pytest.mark.parametrize(
    "text",
    [
        "根据《某市政府信息公开规定》要求，市政府将于5月20日召开政务公开工作会议。",
        "据区供电公司消息，5月12日8时至12时，城北片区停电。",
    ],
)
def test_no_boilerplate_or_time_in_titles(text: str) -> None:
    (title,) = _titles(text)
    assert not title.startswith(("根据", "据"))
    assert "5月" not in title and "时" not in title.replace("时间", "")


def test_a_title_never_carries_the_date_of_its_change() -> None:
    from notices.titles import without_dates

    assert without_dates("“江南丝绸精品展”延期至11月30日") == "“江南丝绸精品展”延期"
    assert without_dates("5月20日") == "5月20日"  # nothing but a date: kept rather than emptied


def test_a_schedule_word_closing_a_title_is_dropped() -> None:
    from notices.titles import without_dates

    assert without_dates("区委书记信访接待日安排") == "区委书记信访接待日"
    assert without_dates("活动安排") == "活动安排"  # too short to be anything but the word itself
