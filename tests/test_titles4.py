"""Titles on unseen text, round four: table rows, outages named by their
works, clause leftovers, and happenings named from their own article.

Every paragraph here is written for these tests in the style of local news
and government notices.
"""

from __future__ import annotations

from datetime import datetime

import pytest

from notices.extract import extract_document
from notices.model import SHANGHAI
from notices.title_words import row_who, schedule_happening
from notices.titles import tidy_ends

PUB = datetime(2024, 5, 6, 10, 0, tzinfo=SHANGHAI)


def _titles(text: str) -> list[str]:
    return [n.title for n in extract_document(text, source="t.txt", published=PUB).notices if n.forward]


# --- rows of a schedule's table ---------------------------------------------


@pytest.mark.parametrize(
    ("head", "columns", "happening"),
    [
        # the period and the word for the table go
        ("青岩县2024年第二季度县级领导公开接访安排表", ("日期", "接访领导"), "青岩县县级领导公开接访"),
        # the units that take turns (上线单位安排) are the table's; going on the line is the happening
        ("松川县“行风热线”5月份上线单位安排", ("上线日期", "上线单位"), "松川县“行风热线”上线"),
        # a notice that publishes the schedule: what it publishes
        ("公布2024年下半年区领导信访接待日安排", ("日期", "接待领导"), "区领导信访接待日"),
    ],
)
def test_a_schedule_headline_names_the_happening(head: str, columns: tuple[str, ...], happening: str) -> None:
    assert schedule_happening(head, columns) == happening


def test_the_who_of_a_row_is_the_leader_or_unit_not_the_companions() -> None:
    columns = ("日期", "接待领导", "陪同接待单位")
    assert row_who(columns, ("5月9日", "副区长 周文涛", "区民政局、区城管局")) == "副区长周文涛"
    assert row_who(("日期", "陪同单位"), ("5月9日", "区民政局")) is None
    # a cell with a clock is a time, not who
    assert row_who(("日期", "上线单位"), ("5月9日", "9:00")) is None


def test_rows_of_a_visiting_schedule_are_the_leaders_visits() -> None:
    text = (
        "青岩县2024年第二季度县级领导公开接访安排表\n"
        "现将第二季度县级领导公开接访安排公布如下：\n"
        "| 日期 | 接访领导 | 接访地点 |\n"
        "| 5月15日（星期三） | 县委书记 马骏 | 县信访接待中心 |\n"
        "| 5月29日（星期三） | 县长 孙立群 | 县信访接待中心 |\n"
        "接访时间为当日上午9:00—12:00。\n"
    )
    assert _titles(text) == ["县委书记马骏公开接访", "县长孙立群公开接访"]


def test_rows_of_a_hotline_schedule_name_the_line_and_the_unit() -> None:
    text = (
        "松川县“行风热线”5月份上线单位安排\n"
        "| 上线日期 | 上线单位 |\n"
        "| 5月10日 | 县交通运输局 |\n"
        "| 5月17日 | 县卫健局 |\n"
        "节目时间：上线当天上午9:30—10:30，松川广播电台直播。\n"
    )
    assert _titles(text) == ["县交通运输局上线“行风热线”", "县卫健局上线“行风热线”"]


def test_rows_of_road_closures_name_the_road_and_the_headline_happening() -> None:
    text = (
        "2024松川环湖自行车赛交通管制公告\n"
        "比赛将于5月12日8:00在湖滨广场出发，届时对以下路段实施交通管制：\n"
        "| 管制路段 | 管制时间 |\n"
        "| 环湖北路全线 | 7:00-11:30 |\n"
        "| 望湖大道（湖滨广场至金沙路） | 7:30-12:00 |\n"
    )
    titles = _titles(text)
    assert "环湖北路全线交通管制" in titles
    assert "望湖大道(湖滨广场至金沙路)交通管制" in titles
    assert not any("|" in t for t in titles)


# --- outages named by their works --------------------------------------------


def test_an_outage_of_listed_areas_is_named_by_the_works_on_a_named_pipe() -> None:
    text = (
        "关于城北部分区域暂停供气的通知\n"
        "尊敬的燃气用户：\n"
        "因建设路燃气管道迁改施工，我公司定于2024年5月20日（星期一）9时至17时对以下区域暂停供气：建设路沿线商户、金桥花园、纺织新村。\n"
        "松川燃气有限公司\n"
    )
    assert _titles(text) == ["建设路燃气管道迁改施工暂停供气(建设路沿线商户等)"]


def test_an_outage_of_one_named_area_keeps_the_area() -> None:
    text = "因自来水主管网抢修，2024年5月20日1时至6时，城南片区将停止供水，请用户提前储水。\n"
    assert _titles(text) == ["城南片区停止供水"]
    # works on a named road do not displace one named area either
    text = "因建设路供水主管道改造施工，市自来水公司定于2024年5月20日9:00至17:00对城东片区暂停供水。\n"
    assert _titles(text) == ["城东片区暂停供水"]


def test_an_outage_row_with_a_line_column_is_named_by_the_line() -> None:
    text = (
        "松川供电公司计划停电公告\n"
        "| 停电日期 | 停电时间 | 停电线路 | 停电范围 |\n"
        "| 5月21日 | 08:00-17:00 | 10kV金沙线 | 金沙村、金沙小学、沙河工业园 |\n"
        "| 5月22日 | 07:30-12:00 | 10kV望湖线 | 望湖新村 |\n"
    )
    # a list of places is named by its line; one place names itself
    assert _titles(text) == ["10kV金沙线停电(金沙村等)", "望湖新村停电"]


def test_an_outage_title_drops_also_and_will() -> None:
    text = "受管道改造影响，2024年5月20日8时至18时，城西区幸福路片区也将停水。\n"
    assert _titles(text) == ["城西区幸福路片区停水"]


# --- leftovers of a cut clause -------------------------------------------------


@pytest.mark.parametrize(
    ("title", "tidy"),
    [
        ("其中闭幕式", "闭幕式"),  # a clause's link word
        ("了隆重的颁奖仪式", "颁奖仪式"),
        ("夏季人才交流会改在", "夏季人才交流会"),  # the move: the change field says it
        ("还书期限统一顺延至", "还书期限统一顺延"),  # what is extended stays, the dangling 至 goes
        ("面试时间", "面试"),  # a label sentence names its step
        ("征求意见期为", "征求意见"),
        ("第十二期", "第十二期"),  # an issue number is no label
        ("全市龙舟赛取消", "全市龙舟赛"),
        ("隆重的升旗仪式", "升旗仪式"),  # how solemn it was is no name
        ("鸣笛出发的“2024松川环湖骑行”", "“2024松川环湖骑行”"),  # a quoted name needs no description
        ("群众的“心里话”节目", "群众的“心里话”节目"),  # not when more than the name follows
    ],
)
def test_a_title_never_ends_or_starts_on_a_function_word_or_label(title: str, tidy: str) -> None:
    assert tidy_ends(title) == tidy


def test_a_publicity_period_is_the_publicity_of_the_plan_the_sentence_names() -> None:
    text = (
        "根据《中华人民共和国城乡规划法》规定，现将《松川县城南片区控制性详细规划（草案）》予以公示，"
        "公示期为2024年5月10日至6月8日。\n"
    )
    assert _titles(text) == ["《松川县城南片区控制性详细规划(草案)》公示"]


def test_an_exam_line_is_the_exam_of_the_headline() -> None:
    text = (
        "松川县2024年公开招聘教师笔试公告\n"
        "一、笔试时间：2024年6月15日（星期六）上午9:00—11:30。\n"
        "二、笔试地点：详见准考证。\n"
    )
    assert _titles(text) == ["松川县2024年公开招聘教师笔试"]


# --- each item of a digest names its own happening ------------------------------


def test_a_deadline_in_a_digest_is_named_from_its_own_item() -> None:
    text = (
        "便民快讯\n"
        "【会议】5月10日上午，全县秸秆禁烧工作推进会召开，副县长李涛出席并讲话。\n"
        "【活动】县图书馆将于5月18日上午举办亲子阅读分享会，欢迎家长报名。\n"
        "【提醒】2024年度城乡居民基本养老保险集中缴费期将于5月31日截止，请参保群众及时缴费。\n"
    )
    titles = _titles(text)
    assert "2024年度城乡居民基本养老保险集中缴费截止" in titles
    assert not any("分享会缴费" in t or "推进会缴费" in t for t in titles)


def test_a_name_with_jiuye_is_not_cut_at_its_first_character() -> None:
    text = "5月20日至21日，县人社局将举办全县就业创业指导员培训班，80余名学员参加。\n"
    assert _titles(text) == ["全县就业创业指导员培训班"]


# --- a programme's issue keeps the programme and the issue ----------------------


def test_an_issue_named_only_by_its_number_is_the_issue_of_the_programme_above() -> None:
    text = (
        "“民声热线”第12期：物业收费成焦点\n"
        "昨日上午，松川县“民声热线”第12期活动在县融媒体中心举行，县住建局局长何平走进直播间，与市民在线交流。\n"
        "据了解，第13期活动将于5月14日上午9时举行，上线单位为县教育局。\n"
    )
    titles = _titles(text)
    assert "“民声热线”第13期(县教育局)" in titles
    assert not any("第12期" in t and "县教育局" in t for t in titles)  # the next issue's guest is not this one's


def test_a_bare_programme_name_takes_the_issue_its_headline_names() -> None:
    text = (
        "《问政松川》第八期本周五晚播出\n"
        "本期《问政松川》聚焦农贸市场管理，节目将于5月10日晚8点在松川电视台播出。\n"
    )
    assert _titles(text)[0] == "《问政松川》第八期"


def test_a_title_does_not_start_with_the_participle_of_its_verb() -> None:
    assert tidy_ends("播出的第三期“松川问政”节目") == "第三期“松川问政”节目"


# --- the steps of an exam notice ----------------------------------------------


def test_an_agent_is_never_cut_in_the_middle_of_a_word() -> None:
    text = (
        "松川县2024年公开招聘社区工作者笔试公告\n"
        "一、报名时间：2024年5月13日9:00至5月17日17:00。\n"
        "二、缴费确认：报名资格初审通过的人员须于5月20日前完成网上缴费。\n"
        "三、笔试时间：2024年6月1日（星期六）上午9:00—11:00。\n"
    )
    titles = _titles(text)
    assert "松川县公开招聘社区工作者缴费确认截止" in titles  # the line's own step, not 格初审通过的人员缴费截止
    assert not any(t.startswith(("格", "审核", "初审通过")) for t in titles)
    assert not any("笔试时间" in t for t in titles)


def test_a_part_named_after_qizhong_is_the_main_happenings_part() -> None:
    text = (
        "第三届松川茶文化节将于2024年5月18日至20日在滨江公园举行。"
        "其中开幕式定于5月18日上午9时在公园南门广场举行。\n"
    )
    titles = _titles(text)
    assert "第三届松川茶文化节开幕式" in titles
    assert not any("其中" in t for t in titles)


def test_a_section_with_a_line_label_is_named_by_the_line() -> None:
    text = (
        "松川供电公司关于城区及近郊部分线路停电检修的通告\n"
        "一、5月21日（星期二）7:00—18:00\n"
        "停电线路：10kV金沙线\n"
        "停电范围：金沙村、金沙小学、沙河工业园。\n"
        "二、5月23日（星期四）8:30—12:30\n"
        "停电线路：10kV望湖线\n"
        "停电范围：望湖新村。\n"
    )
    assert _titles(text) == ["10kV金沙线停电(金沙村等)", "10kV望湖线停电(望湖新村)"]


# --- what is made public --------------------------------------------------------


def test_a_result_published_on_a_website_is_the_result_not_the_website() -> None:
    text = "报名人数超过名额的，采取随机抽取方式确定，抽取结果将于2024年5月20日在县发改局门户网站公布。\n"
    assert _titles(text) == ["抽取结果公布"]


def test_a_list_due_to_be_published_is_the_lists_deadline() -> None:
    text = (
        "松川县发展和改革局关于召开城区自来水价格调整听证会的公告\n"
        "我局定于2024年6月5日上午9时在县政府三楼会议室召开城区自来水价格调整听证会。\n"
        "听证会参加人名单将于5月28日前在县发改局门户网站公布。\n"
    )
    assert "听证会参加人名单公布截止" in _titles(text)
