"""Titles on unseen text, round eight: a hearing's registration says who registers,
and an exam's steps are named by their paper and by the recruitment of the headline.

Every paragraph here is written for these tests in the style of government notices.
"""

from __future__ import annotations

import pytest

from notices.title_words import exam_step, hearing_signup
from tests.genre_support import notices_of


@pytest.mark.parametrize(
    ("title", "sentence", "named"),
    [
        ("城区供热价格调整听证会报名截止", "有意参加听证会的市民请于5月20日前到市发改委报名。", "城区供热价格调整听证会参加人报名截止"),
        ("听证会报名截止", "消费者代表报名时间为即日起至5月20日。", "听证会消费者代表报名截止"),
        ("公交票价听证会报名截止", "听证会设旁听席8个，旁听人员报名截至5月25日。", "公交票价听证会旁听人员报名截止"),
        ("公交票价听证会报名截止", "消费者请于5月20日前报名，我局将随机抽取产生经营者代表。", "公交票价听证会消费者报名截止"),
    ],
)
def test_hearing_signup_names_who_registers(title: str, sentence: str, named: str) -> None:
    assert hearing_signup(title, sentence) == named


def test_hearing_signup_leaves_other_deadlines() -> None:
    assert hearing_signup("义务植树活动报名截止", "消费者请于5月20日前报名") is None


@pytest.mark.parametrize(
    ("title", "head", "named"),
    [
        ("考生打印准考证截止", "2023年青岚县事业单位公开招聘笔试安排的公告", "青岚县事业单位公开招聘准考证打印截止"),
        ("笔试报名截止", "浮山市2024年考试录用公务员公告", "浮山市考试录用公务员报名截止"),
        ("报考人员缴费截止", "关于2022年北川区公开招聘中小学教师的公告", "北川区公开招聘中小学教师缴费截止"),
        ("2024年某市中考打印准考证截止", "2024年某市中考6月18日开考", "2024年某市中考准考证打印截止"),
    ],
)
def test_exam_step_named_by_paper_and_recruitment(title: str, head: str, named: str) -> None:
    assert exam_step(title, head) == named


def test_exam_step_keeps_what_it_cannot_place() -> None:
    assert exam_step("考生打印准考证截止", "端午假期安全提示") == "考生准考证打印截止"
    assert exam_step("学费缴纳截止", "2023年青岚县事业单位公开招聘公告") is None


def test_hearing_registration_on_a_page() -> None:
    text = (
        "关于召开城区管道燃气价格调整听证会的公告\n"
        "市发展和改革局定于2024年6月12日上午9:00召开城区管道燃气价格调整听证会。\n"
        "一、报名方式：有意参加的消费者请于2024年5月25日前携带身份证到市发改局价格科报名。\n"
    )
    titles = [n.title for n in notices_of(text)]
    assert any(t.endswith("听证会消费者报名截止") for t in titles), titles


def test_exam_admission_ticket_on_a_page() -> None:
    text = (
        "关于2024年青岚县事业单位公开招聘笔试时间的公告\n"
        "一、笔试时间\n"
        "2024年6月15日（星期六）上午9:00—11:30\n"
        "二、准考证打印\n"
        "请考生于6月10日9:00至6月14日17:00登录青岚县人事考试网打印准考证。\n"
    )
    titles = [n.title for n in notices_of(text)]
    assert "青岚县事业单位公开招聘准考证打印截止" in titles, titles
