"""The genre, session eight: rules drawn from documents scored before any rule was
drawn from them (titles that name the happening a sentence opens with, the doctor
or lift a bare 停诊 or 暂停使用 is about).

Every paragraph is written for these tests in the style of local news and notices.
"""

from __future__ import annotations

from datetime import datetime

from notices.model import SHANGHAI

from tests.genre_support import notices_of as _all
from tests.genre_support import row_of as _row


def _titles(text: str) -> list[str]:
    return [n.title for n in _all(text)]


def test_a_gathering_named_before_its_time_is_held_by_the_verb_after_its_place() -> None:
    # 召开 has no object here: the gathering stands before 定于, the room after 在 is only where
    assert _titles("期末家长会定于3月7日下午3点在各班教室召开，请家长准时参加。") == ["期末家长会"]
    assert _titles("春季校园安全恳谈会将于3月9日上午在学校报告厅召开。") == ["春季校园安全恳谈会"]


def test_a_body_before_the_verb_is_no_gathering() -> None:
    # 市委 holds, but is not what is held: no name of a gathering before the verb
    assert _titles("市委将于3月7日上午在市会议中心召开。") != ["市委"]


def test_a_bare_stop_is_named_by_the_doctor_or_thing_the_sentence_opens_with() -> None:
    assert _titles("眼科王建国主任医师因外出参加学术会议，3月5日至7日停诊，敬请谅解。") == ["眼科王建国主任医师停诊"]
    assert _titles("门诊楼1号电梯明天（3月3日）8:00-18:00进行年度检测，暂停使用。") == ["门诊楼1号电梯暂停使用"]


def test_a_sentence_opening_with_its_time_names_no_one() -> None:
    assert _titles("3月5日至7日眼科停诊。") == ["眼科停诊"]
    assert _titles("明天（3月3日）8:00-18:00暂停使用1号电梯。")[0].startswith("暂停使用")


def test_a_start_of_lessons_keeps_its_manner_word() -> None:
    text = "关于春季学期开学安排的通知\n\n各位家长：\n根据市教育局校历，我校定于3月10日（星期一）正式上课，请督促孩子按时到校。\n"
    assert [n.kind for n in _all(text)] == ["other"]
    assert "正式上课" in _titles(text)[0]


def test_a_due_day_after_a_window_just_opened_is_its_last_day() -> None:
    text = (
        "县市场监管局公开征求意见\n\n"
        "本报讯 县市场监管局起草了《农贸市场管理办法(征求意见稿)》，并于3月1日起在县政府网站公开征求意见。"
        "市民如有意见建议，可在本月20日前通过电子邮件反馈。\n"
    )
    assert [_row(n) for n in _all(text)] == [("deadline", "2025-03-01", "2025-03-20")]


def test_a_due_day_with_its_own_happening_opens_no_window() -> None:
    # 报名 says what falls due on the 20th: not the end of the days of 征求意见
    text = "《农贸市场管理办法(征求意见稿)》于3月1日起公开征求意见。座谈会报名请于3月20日前完成。"
    assert ("deadline", "2025-03-01", "2025-03-20") not in [_row(n) for n in _all(text)]


def test_a_publicity_period_until_a_day_ends_the_window_its_sentence_opened() -> None:
    text = "《2025年拟提拔任用干部任前公示》于今日发布，公示期至3月7日(本周五)。对公示对象有异议的，可向县委组织部反映。"
    assert [_row(n) for n in _all(text)] == [("deadline", "2025-03-02", "2025-03-07")]


def test_a_start_hour_under_a_heading_is_of_the_headings_happening() -> None:
    text = (
        "关于招聘教师面试安排的公告\n\n一、面试\n"
        "(一)时间:2025年3月19日至20日,每天上午8:00开始。其中,3月19日为语文、数学学科,3月20日为物理、化学学科。\n"
        "(二)地点:县第一中学。\n"
    )
    rows = [_row(n) for n in _all(text)]
    # one interview over both days, of the heading's kind; the days 其中 lists are its parts
    assert [(k, s) for k, s, _ in rows] == [("activity", "2025-03-19T08:00:00+08:00")]


def test_a_part_listed_with_its_own_happening_stays_its_own() -> None:
    text = (
        "本届科技周于3月10日至16日举行，将开展科普讲座、开放日等活动。"
        "其中，市农科院开放日安排在3月14日，市民可预约参观。"
    )
    assert ("activity", "2025-03-14", None) in [_row(n) for n in _all(text)]


def test_weekend_days_with_hours_run_from_saturdays_opening_to_sundays_close() -> None:
    monday = datetime(2025, 3, 3, tzinfo=SHANGHAI)
    assert [_row(n) for n in _all("本周六、周日9:00-16:00，市民中心广场举办年货节。", monday)] == [
        ("exhibition", "2025-03-08T09:00:00+08:00", "2025-03-09T16:00:00+08:00")
    ]


def test_the_weekend_part_of_a_weekly_schedule_dates_nothing() -> None:
    text = (
        "暂停营业期间，客户可前往以下网点办理业务：\n"
        "1. 城东支行，营业时间：周一至周五9:00-17:00，周六、周日9:00-16:00；\n"
        "2. 江北支行，营业时间：周一至周日9:00-17:00。\n"
    )
    assert _all(text) == []


def test_a_stop_after_the_days_close_begins_the_next_day() -> None:
    text = "城东支行营业部将于3月14日（星期五）营业终了后暂停营业，自3月15日起暂停对外营业，恢复营业时间另行公告。"
    assert [(_row(n), n.title) for n in _all(text)] == [(("outage", "2025-03-15", None), "城东支行营业部暂停营业")]


_UPGRADE = (
    "为提升服务效能，我中心将于2025年3月8日（星期六）8:00至3月9日（星期日）20:00对公积金信息系统进行升级。"
    "升级期间，网上服务大厅、自助终端及热线人工服务暂停，3月10日（星期一）起恢复正常。"
)


def test_works_named_by_their_verb_take_the_kind_of_the_stop_during_them() -> None:
    assert [_row(n)[0] for n in _all(_UPGRADE)] == ["outage"]


def test_back_the_day_after_a_stated_timed_end_keeps_that_end() -> None:
    assert [_row(n) for n in _all(_UPGRADE)] == [("outage", "2025-03-08T08:00:00+08:00", "2025-03-09T20:00:00+08:00")]


def test_a_range_named_again_by_its_lunar_days_in_brackets_is_one_range() -> None:
    text = "春节期间，1月29日至2月1日（正月初一至初四），全辖营业网点暂停营业，自助银行照常服务。"
    rows = [_row(n) for n in _all(text, datetime(2025, 1, 20, tzinfo=SHANGHAI))]
    assert rows == [("outage", "2025-01-29", "2025-02-01")]


def test_a_window_opened_today_is_closed_by_its_stated_closing_time() -> None:
    text = "全市市民合唱节即日起开始报名，报名截止时间为3月20日17时。"
    assert [_row(n) for n in _all(text)] == [("deadline", "2025-03-02T00:00:00+08:00", "2025-03-20T17:00:00+08:00")]


def test_a_city_whose_name_begins_with_zi_keeps_it() -> None:
    assert _titles("第30届自贡国际恐龙灯会将于3月8日晚在中华彩灯大世界开灯迎客。") == ["第30届自贡国际恐龙灯会"]


def test_roads_closed_to_every_vehicle_are_an_outage() -> None:
    text = "据介绍，3月9日5时至13时，城东内环路、商务外环路禁止一切车辆通行；7时至13时30分，滨河大道实行全封闭交通管制。"
    assert [_row(n) for n in _all(text)] == [
        ("outage", "2025-03-09T05:00:00+08:00", "2025-03-09T13:00:00+08:00"),
        ("outage", "2025-03-09T07:00:00+08:00", "2025-03-09T13:30:00+08:00"),
    ]


def test_a_weekend_in_brackets_after_a_range_only_names_its_days() -> None:
    text = "▶ 现场审核：3月15日—16日（周六、周日）上午9:00—11:30，📍幼儿园一楼多功能厅"
    rows = [_row(n) for n in _all("阳光幼儿园秋季小班招生公告\n\n" + text, datetime(2025, 3, 3, tzinfo=SHANGHAI))]
    assert [(s, e) for _, s, e in rows] == [("2025-03-15T09:00:00+08:00", "2025-03-16T11:30:00+08:00")]


_ENROLMENT = (
    "滨江学院2025级新生入学须知\n\n亲爱的新同学：\n"
    "📌一、报到时间及地点\n3月7日—8日，📍南校区体育馆。\n"
    "📌二、开学典礼\n3月9日（星期日）上午9:00，📍南校区田径场。\n"
    "📌三、军训\n3月10日—24日，为期15天。\n"
)


def test_headings_marked_by_a_pictograph_are_headings() -> None:
    rows = {_row(n)[1]: (n.kind, n.title) for n in _all(_ENROLMENT)}
    assert rows["2025-03-09T09:00:00+08:00"] == ("ceremony", "开学典礼")
    assert rows["2025-03-10"][1] == "军训"


def test_a_length_in_the_sentence_of_its_own_run_lengthens_nothing_before() -> None:
    # 为期15天 restates 3月10日—24日; the rite of the 9th stays one morning
    rows = [_row(n) for n in _all(_ENROLMENT)]
    assert ("ceremony", "2025-03-09T09:00:00+08:00", None) in rows
    assert not [r for r in rows if r[1] == "2025-03-09" and r[2] is not None]


def test_a_time_under_a_heading_of_its_time_and_place_is_named_by_the_heading() -> None:
    rows = {_row(n)[1]: n.title for n in _all(_ENROLMENT)}
    assert rows["2025-03-07"] == "报到"


def test_days_off_close_what_the_clauses_after_them_stop() -> None:
    text = "二、5月1日（星期四）至5月5日（星期一）放假，共5天，大厅暂停对外办公，5月6日（星期二）起恢复正常办公。"
    rows = [_row(n) for n in _all(text, datetime(2025, 4, 25, tzinfo=SHANGHAI))]
    assert ("outage", "2025-05-01", "2025-05-05") in rows


def test_a_rule_broken_during_a_period_is_no_stop() -> None:
    # 违反限行规定 speaks of the rule, not of a closure in those days
    text = "三、3月10日至3月16日为宣传告知期，对违反限行规定的车辆只提醒不处罚，3月17日起依法处罚。"
    assert ("outage", "2025-03-10", "2025-03-16") not in [_row(n) for n in _all(text)]


def test_exams_stopped_for_days_are_an_outage() -> None:
    text = "驾驶人考试方面，各考场3月10日至3月13日暂停考试，3月14日起恢复科目一、科目四考试。"
    assert ("outage", "2025-03-10", "2025-03-13") in [_row(n) for n in _all(text)]


def test_bodies_taking_turns_on_a_line_lead_their_rows_titles() -> None:
    text = (
        "4月份“政风行风热线”上线单位安排\n\n"
        "4月3日（周四）8:30-9:30 市公安局\n"
        "4月10日（周四）8:30-9:30 市卫生健康委员会\n"
        "4月17日（周四）8:30-9:30 市住房和城乡建设局\n"
    )
    assert _titles(text) == ["市公安局上线“政风行风热线”", "市卫生健康委员会上线“政风行风热线”", "市住房和城乡建设局上线“政风行风热线”"]


def test_a_schedule_headline_made_public_is_no_part_of_the_happening() -> None:
    from notices.title_words import schedule_happening

    assert schedule_happening("沅州市“阳光问政”第二季直播安排出炉", ()) == "沅州市“阳光问政”第二季直播"
    assert schedule_happening("公布4月“市长热线”值守安排", ()) == "“市长热线”值守"


def test_a_working_day_of_the_states_calendar_is_no_happening() -> None:
    # most annotators leave make-up working days out; so does the extractor
    text = "清明节假期为4月4日至6日，假期期间市住房公积金中心暂停对外办理业务，4月6日（星期日）正常上班。"
    rows = [_row(n) for n in _all(text, datetime(2025, 3, 28, tzinfo=SHANGHAI))]
    assert rows == [("outage", "2025-04-04", "2025-04-06")]


_DIGEST = (
    "滨江 | 清明假期前，这份便民提醒合集请收藏\n\n"
    "滨江晚报  2025-03-02 19:45  发表于浙江\n\n"
    "1. 停气：因燃气管网碰头施工，3月5日（周三）9:00—17:00，江北区华光路以东部分居民小区暂停供气。\n\n"
    "2. 徒步活动：3月8日（周六）上午8:00，“春暖滨江”全民健身徒步活动将在市体育场鸣枪起步，全程约10公里。\n"
)


def test_a_posts_own_line_is_page_furniture() -> None:
    from notices.articles import is_page_furniture

    assert is_page_furniture("滨江晚报  2025-03-02 19:45  发表于浙江")
    assert not is_page_furniture("3月5日（周三）9:00—17:00，江北区部分居民小区暂停供气。")


def test_an_items_label_does_not_name_it_when_its_sentence_does() -> None:
    titles = {_row(n)[1]: n.title for n in _all(_DIGEST)}
    assert titles["2025-03-08T08:00:00+08:00"] == "“春暖滨江”全民健身徒步活动"


def test_a_sites_name_above_its_breadcrumb_is_no_headline() -> None:
    text = (
        "滨江市人民政府门户网站\n首页 > 互动交流 > 在线访谈\n\n"
        "2025年3月“民生热线”节目上线单位安排表\n\n"
        "发布时间:2025-03-02 15:00   来源:滨江广播电视台\n\n"
        "根据年度安排，3月“民生热线”节目上线单位如下(节目时间:每期10:00—11:00):\n\n"
        "日期            上线单位\n"
        "3月6日(周四)    市公安局交警支队\n"
        "3月13日(周四)   市住房和城乡建设局\n"
    )
    got = [(_row(n), n.title) for n in _all(text)]
    assert got == [
        (("hotline", "2025-03-06T10:00:00+08:00", "2025-03-06T11:00:00+08:00"), "市公安局交警支队上线“民生热线”节目"),
        (("hotline", "2025-03-13T10:00:00+08:00", "2025-03-13T11:00:00+08:00"), "市住房和城乡建设局上线“民生热线”节目"),
    ]


def test_a_due_day_in_the_sentence_of_work_that_began_closes_its_window() -> None:
    text = "近日，市税务局提醒，2025年度个人所得税专项附加扣除信息确认工作已于2月20日开始，纳税人需在3月31日前完成确认。"
    assert [_row(n) for n in _all(text)] == [("deadline", "2025-02-20", "2025-03-31")]


def test_a_window_named_by_its_noun_is_titled_by_it() -> None:
    text = "税务部门同时提醒，2024年度个人所得税综合所得汇算清缴将于2025年3月1日至6月30日进行，届时纳税人可通过APP办理。"
    assert [(_row(n), n.title) for n in _all(text)] == [
        (("deadline", "2025-03-01", "2025-06-30"), "2024年度个人所得税综合所得汇算清缴")
    ]


def test_replies_owed_within_working_days_count_from_the_session() -> None:
    text = (
        "医保局局长本周三走进网络直播间\n"
        "本报讯 3月5日(星期三)14:30-16:30，市医疗保障局局长将走进“12345”网络直播间，与网友在线互动。\n"
        "直播中未能答复的问题，将通过12345热线转办并在3个工作日内答复。\n"
    )
    rows = [_row(n) for n in _all(text)]
    # 3月5日 (Wed) + 3 working days, the anchor day not counted: 6, 7, 10
    assert ("deadline", "2025-03-10", None) in rows


def test_the_caller_is_no_power_coming_back() -> None:
    text = "3月5日上午9:00—11:00，区长在区12345热线中心接听市民来电。对市民反映的问题，承办单位须在5个工作日内回复来电人。"
    rows = [_row(n) for n in _all(text)]
    assert ("hotline", "2025-03-05T09:00:00+08:00", "2025-03-05T11:00:00+08:00") in rows


def test_the_end_of_a_year_is_no_day_a_later_count_starts_from() -> None:
    text = (
        "昨日上午，市热线第46期活动举行。局长表示，将在新城区增开3条公交线路，年内投入运营。"
        "对于当场不能答复的问题，相关部门将在5个工作日内回复。"
    )
    # 昨日 (3月1日, Saturday) + 5 working days: 3, 4, 5, 6, 7
    assert [_row(n) for n in _all(text) if n.kind == "deadline"] == [("deadline", "2025-03-07", None)]


def test_daily_hours_after_days_said_as_a_period_run_over_those_days() -> None:
    text = "二、管制方式：3月5日至7日沥青摊铺期间，每日22:00至次日6:00全封闭，禁止一切车辆通行。"
    assert [_row(n) for n in _all(text)] == [("outage", "2025-03-05T22:00:00+08:00", "2025-03-08T06:00:00+08:00")]


def test_a_line_running_late_until_the_next_morning_is_one_night() -> None:
    rows = [_row(n) for n in _all("3月8日晚，地铁2号线延时运营至次日1:30。")]
    assert rows == [("other", "2025-03-08T00:00:00+08:00", "2025-03-09T01:30:00+08:00")]


def test_papers_of_a_days_exam_are_sessions_of_their_own() -> None:
    text = (
        "本周六 全省公务员笔试开考\n\n"
        "本报讯 全省考试录用公务员笔试将于本周六举行，我市设16个考点。\n\n"
        "按照安排，本周六上午9:00—11:00进行《行政职业能力测验》，下午14:00—17:00进行《申论》。\n"
    )
    rows = [_row(n) for n in _all(text, datetime(2025, 3, 3, tzinfo=SHANGHAI))]
    assert rows == [
        ("activity", "2025-03-08T09:00:00+08:00", "2025-03-08T11:00:00+08:00"),
        ("activity", "2025-03-08T14:00:00+08:00", "2025-03-08T17:00:00+08:00"),
    ]


def test_replies_owed_are_named_by_what_was_asked() -> None:
    text = "3月5日上午，区长在热线中心接听市民来电。对于当场不能答复的问题，相关部门将在5个工作日内回复。"
    assert [n.title for n in _all(text) if n.kind == "deadline"] == ["当场不能答复的问题回复截止"]
