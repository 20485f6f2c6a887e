"""Publication date from the text alone: stamps, signatures, datelines,
relative words, and the year a yearless date belongs to.

Every text here is written for these tests in the style of local notices and
news pages; none is copied from a real page.
"""

from __future__ import annotations

from datetime import date, datetime

import pytest

from notices.articles import split_articles
from notices.model import SHANGHAI, PublishedAt
from notices.published import PublicationUnknown, infer_published
from notices.text import normalize


def published(text: str) -> PublishedAt:
    """What the pipeline infers for a page given without any header or flag."""
    norm = normalize(text)
    return infer_published(norm.text, split_articles(norm.text), filename="page.txt")


def day_basis(text: str) -> tuple[date, str]:
    pub = published(text)
    return pub.day, pub.basis


# ---------------------------------------------------------------- signature

NOTICE_SIGNED = (
    "关于召开全区消防安全工作会议的通知\n"
    "各街道办事处、区直各单位:\n"
    "经区政府同意,定于2024年3月15日上午9时在区政府三楼会议室召开全区消防安全工作会议。"
    "请各单位主要负责人准时参加。\n"
    "特此通知。\n"
    "某某区应急管理局\n"
    "2024年3月8日\n"
)


def test_signature_date_beats_the_announced_meeting_date() -> None:
    assert day_basis(NOTICE_SIGNED) == (date(2024, 3, 8), "signature")


def test_signature_in_chinese_numerals() -> None:
    text = (
        "为做好冬季供暖工作,县住建局将于2019年11月25日起开展供热管网巡查。\n"
        "特此公告。\n"
        "某某县住房和城乡建设局\n"
        "二〇一九年十一月二十日\n"
    )
    assert day_basis(text) == (date(2019, 11, 20), "signature")


def test_signature_year_typed_with_letter_o() -> None:
    text = "定于2009年3月12日在县委礼堂召开全县植树造林动员大会。\n特此通知\n某某县绿化委员会\n二OO九年三月五日\n"
    assert day_basis(text) == (date(2009, 3, 5), "signature")


def test_signature_followed_by_a_remark_and_attachments() -> None:
    text = (
        "现将听证会有关事项公告如下:听证会定于2022年9月20日举行,报名截止时间:2022年9月13日17:00。\n"
        "特此公告。\n"
        "某某镇人民政府\n"
        "2022年9月2日\n"
        "(此件公开发布)\n"
    )
    assert day_basis(text) == (date(2022, 9, 2), "signature")


def test_signature_date_above_an_annex() -> None:
    text = (
        "各乡镇、各部门:\n"
        "现将2021年“局长热线”上线安排通知如下,请各单位按时参加。\n"
        "2021年2月26日\n"
        "附:2021年“局长热线”上线安排表\n"
        "序号 | 单位 | 时间\n"
        "1 | 县交通运输局 | 3月份\n"
        "2 | 县教育局 | 4月份\n"
    )
    assert day_basis(text) == (date(2021, 2, 26), "signature")


def test_issuer_and_date_on_one_line() -> None:
    text = "有关单位和个人可在2023年6月30日前通过信函方式提出意见。\n某某市水务局 2023年6月16日\n"
    assert day_basis(text) == (date(2023, 6, 16), "signature")


def test_signature_run_on_to_the_last_body_line() -> None:
    # The page layout lost the line break before the issuer.
    text = (
        "各界人士可在2023年5月19日前提出意见建议。"
        "附件:《某某县城区供水价格调整方案(征求意见稿)》.doc某某县发展和改革局 2023年5月9日\n"
    )
    assert day_basis(text) == (date(2023, 5, 9), "signature")


def test_compact_signature_date_whose_marks_were_lost() -> None:
    text = "定于2021年5月26日举行听证会,请于2021年5月20日前报名。\n特此公告。\n某某县自然资源局\n2021512\n"
    assert day_basis(text) == (date(2021, 5, 12), "signature")


def test_a_deadline_line_at_the_end_is_not_a_signature() -> None:
    text = "市民可通过来信、来电等方式反映意见。\n意见反馈截止日期 2024年4月30日\n"
    with pytest.raises(PublicationUnknown):
        day_basis(text)  # not a signature, and nothing else dates the page


# ---------------------------------------------------------------- publication line


def test_labelled_publication_time_beats_the_event_in_the_lead() -> None:
    text = (
        "第三期《民声热线》将于5月25日播出\n"
        "发布时间:2022-05-18 10:21:33 来源:某某融媒体中心\n"
        "第三期《民声热线》将于5月25日9:00-10:00播出,市城管局负责人走进直播间。\n"
    )
    assert day_basis(text) == (date(2022, 5, 18), "pub-line")


def test_stamp_line_under_the_headline() -> None:
    text = (
        "城区部分路段周末停水\n"
        "2021-09-03 08:15  来源:某某日报\n"
        "因管网改造,9月5日8时至20时,城区部分路段将暂停供水。\n"
    )
    assert day_basis(text) == (date(2021, 9, 3), "pub-line")


def test_date_alone_under_the_headline() -> None:
    text = "关于召开全市文明创建推进会的通知\n2020-06-19\n定于2020年6月24日上午在市行政中心召开全市文明创建推进会。\n"
    assert day_basis(text) == (date(2020, 6, 19), "pub-line")


def test_event_schedule_field_is_not_a_publication_line() -> None:
    text = (
        "“书记信箱”开放日活动公告\n"
        "时间:2024年6月1日上午9:00\n"
        "地点:市民服务中心一楼\n"
        "欢迎广大市民踊跃参加。\n"
        "某某市委办公室\n"
        "2024年5月27日\n"
    )
    assert day_basis(text) == (date(2024, 5, 27), "signature")


def test_headline_opening_on_the_event_date_is_not_a_stamp() -> None:
    text = (
        "2025年3月12日植树节志愿活动预告\n"
        "各志愿服务队:\n"
        "团市委定于3月12日上午在滨江公园组织植树志愿活动,请各队报名参加。\n"
        "团市委\n"
        "2025年3月5日\n"
    )
    assert day_basis(text) == (date(2025, 3, 5), "signature")


def test_date_in_brackets_closing_the_headline() -> None:
    text = "副区长接听区长热线(2016年10月20日)\n10月19日上午,副区长来到区长热线受理中心接听市民来电。\n"
    assert day_basis(text) == (date(2016, 10, 20), "pub-line")


def test_yearless_app_stamp_takes_the_year_of_the_signature() -> None:
    text = (
        "区委书记接访日活动公告\n"
        "原创  03-05 18:20  某某发布\n"
        "区委决定于3月8日上午在区信访局开展接访活动,欢迎群众前来反映诉求。\n"
        "中共某某区委员会\n"
        "2022年3月4日\n"
    )
    assert day_basis(text) == (date(2022, 3, 5), "pub-line")


def test_yearless_labelled_stamp_takes_the_year_of_the_body() -> None:
    text = "书画展在市图书馆开幕\n日期:11-03\n本报讯 11月2日,2023年全市老干部书画展在市图书馆开幕,展览将持续到11月20日。\n"
    assert day_basis(text) == (date(2023, 11, 3), "pub-line")


# ---------------------------------------------------------------- datelines


def test_dateline_in_december_announcing_an_early_january_event() -> None:
    text = (
        "红网长沙12月28日讯(记者 李明)记者从市文旅局获悉,"
        "2025年新年音乐会定于2025年1月4日晚在市音乐厅举行。\n"
    )
    assert day_basis(text) == (date(2024, 12, 28), "dateline")


def test_dateline_in_january_reporting_a_december_event() -> None:
    text = (
        "半岛网1月8日消息 记者从市政务服务中心了解到,"
        "2024年12月30日,市12345热线已顺利完成系统升级。本月15日起将开通夜间专线。\n"
    )
    assert day_basis(text) == (date(2025, 1, 8), "dateline")


def test_dateline_beats_the_announced_date_in_the_body() -> None:
    text = "新华社北京3月1日电 十四届全国人大常委会会议决定,会议将于3月5日在北京召开。2021年以来……\n"
    assert day_basis(text) == (date(2021, 3, 1), "dateline")


def test_dateline_without_any_year_in_the_text_is_unknown() -> None:
    with pytest.raises(PublicationUnknown):
        published("某某网6月3日讯 市供电公司将于6月10日对城东片区停电检修。\n")


def test_fallback_is_used_when_nothing_tells_the_year() -> None:
    arrival = datetime(2024, 6, 4, 9, 30, tzinfo=SHANGHAI)
    norm = normalize("某某网6月3日讯 市供电公司将于6月10日对城东片区停电检修。\n")
    pub = infer_published(norm.text, split_articles(norm.text), fallback=arrival)
    assert (pub.when, pub.basis) == (arrival, "received")


# ---------------------------------------------------------------- relative words


def test_yesterday_beside_a_date() -> None:
    text = "本报讯 记者昨日(4月25日)从市供电公司获悉,4月28日城南片区将停电检修。2023年以来,该公司……\n"
    assert day_basis(text) == (date(2023, 4, 26), "text-yesterday")


def test_tomorrow_beside_a_date() -> None:
    text = "本报讯 明天(3月3日)上午,2022年全市两会将开幕。\n"
    assert day_basis(text) == (date(2022, 3, 2), "text-tomorrow")


def test_tomorrow_beside_a_bare_day_takes_the_month_before_it() -> None:
    text = "央视网消息:3月2日下午,大会举行新闻发布会。发言人表示,2018年大会将于明天(3日)下午3点开幕。\n"
    assert day_basis(text) == (date(2018, 3, 2), "text-tomorrow")


def test_today_is_a_date() -> None:
    text = "本报讯 今天是6月1日国际儿童节,2021年全市“六一”游园会在人民公园举行。\n"
    assert day_basis(text) == (date(2021, 6, 1), "text-today")


def test_today_in_the_headline_over_a_dated_lead() -> None:
    text = (
        "“局长热线”今日开通 市民可来电反映问题\n"
        "本报讯 (记者 王芳)\n"
        "5月6日上午,2024年第一期“局长热线”在市政务服务中心开通,市交通局局长接听市民来电。\n"
    )
    assert day_basis(text) == (date(2024, 5, 6), "text-today")


def test_today_not_beside_a_date_does_not_pin_the_event_date() -> None:
    # Nothing but a year (2024年) and an announced day: no publication day is guessed.
    text = "本报讯 今天上午,市政府召开2024年防汛工作会议,决定5月10日起开展汛前隐患排查。\n"
    with pytest.raises(PublicationUnknown):
        day_basis(text)


def test_column_name_today_is_not_a_relative_word() -> None:
    # 今日关注 is a column, not 今日; with only a year left the page is refused, not dated 5月20日.
    text = "今日关注\n本报讯 5月20日,市政府将召开2024年重点项目推进会。\n"
    with pytest.raises(PublicationUnknown):
        day_basis(text)


# ---------------------------------------------------------------- reported events and years


def test_latest_reported_event_plus_one_day() -> None:
    text = "衡山日报讯 12月13日下午,市委召开2023年第20次常委会议,研究部署冬春农田水利建设。\n"
    assert day_basis(text) == (date(2023, 12, 14), "text-latest")


def test_a_notices_own_dates_are_no_ground_for_a_guess() -> None:
    # no news dateline: 总馆于…闭馆 says nothing of when the notice was posted
    with pytest.raises(PublicationUnknown):
        day_basis("总馆于2024年7月1日至8月31日闭馆，2024年9月1日起恢复开放。\n")


def test_an_announced_lead_date_is_not_a_reported_event() -> None:
    text = "本报讯 12月20日,市图书馆将举办2023年迎新春书法展,展期一周。\n"
    with pytest.raises(PublicationUnknown):
        day_basis(text)  # 12月20日 is announced, 2023年 names no day
    with pytest.raises(PublicationUnknown):
        day_basis("本报讯 2023年12月20日,市图书馆将举办迎新春书法展。\n")  # the day before would be a guess


def test_a_year_alone_names_no_publication_day() -> None:
    with pytest.raises(PublicationUnknown):
        day_basis("本报讯 记者从市教育局获悉,2019年义务教育招生工作安排出炉。\n")


def test_only_announced_dates_name_no_publication_day() -> None:
    text = "为提高决策透明度,我局决定于2013年1月7日下午在局机关召开听证会,请于2012年12月28日前报名。\n"
    with pytest.raises(PublicationUnknown):
        day_basis(text)


def test_no_date_anywhere_is_unknown() -> None:
    with pytest.raises(PublicationUnknown):
        published("市民可拨打12345热线反映问题。\n")


# ---------------------------------------------------------------- order of authority


def test_publication_line_beats_signature() -> None:
    text = (
        "关于城区道路临时交通管制的通告\n"
        "发布日期:2022-08-11\n"
        "因道路维修,8月15日至8月20日对人民路实施交通管制。\n"
        "某某市公安局交通警察支队\n"
        "2022年8月10日\n"
    )
    assert day_basis(text) == (date(2022, 8, 11), "pub-line")


def test_signature_beats_dateline_and_body() -> None:
    text = "本报5月3日讯 市档案馆将于5月18日举办开放日活动。2022年……\n某某市档案馆\n2022年5月2日\n"
    assert day_basis(text) == (date(2022, 5, 2), "signature")
