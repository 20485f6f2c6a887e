"""The genre once more, from two sets of documents scored before any rule was
drawn from them: daily hours of listed days, and what follows from them.

Every paragraph is written for these tests in the style of local news and notices.
"""

from __future__ import annotations

from datetime import datetime

import pytest

from notices.extract import extract_document
from notices.model import SHANGHAI
from notices.published import PublicationUnknown
from tests.genre_support import notices_of as _all
from tests.genre_support import row_of as _row


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


def test_hours_said_once_above_a_table_time_every_row() -> None:
    text = (
        "关于3月份“局长接听热线”安排的公告\n"
        "现将3月份各部门负责人接听热线安排公布如下：\n"
        "接听时间：每期上午9:30—11:00\n"
        "| 期次 | 日期 | 接听单位 |\n"
        "| 第一期 | 3月5日（星期三） | 市教育局 |\n"
        "| 第二期 | 3月12日（星期三） | 市卫健委 |\n"
        "如遇重要公务活动，接听时间另行调整，以当日广播预告为准。\n"
    )
    got = [_row(n) for n in _all(text)]
    assert got == [
        ("hotline", "2025-03-05T09:30:00+08:00", "2025-03-05T11:00:00+08:00"),
        ("hotline", "2025-03-12T09:30:00+08:00", "2025-03-12T11:00:00+08:00"),
    ]


def test_a_start_said_once_for_every_show_times_the_rows() -> None:
    text = (
        "“江畔之夜”广场文艺演出排期\n"
        "区文化馆3月继续在滨江广场举办惠民演出，每场演出均于晚上7:30开始，市民可免费观看。\n"
        "| 日期 | 演出团体 |\n"
        "| 3月7日（周五） | 区越剧团 |\n"
        "| 3月14日（周五） | 区少年宫 |\n"
    )
    got = [_row(n)[1:] for n in _all(text)]
    assert got == [("2025-03-07T19:30:00+08:00", None), ("2025-03-14T19:30:00+08:00", None)]


def test_hours_said_as_every_rows_under_a_blank_line_time_every_row() -> None:
    text = (
        "区领导公开接访安排\n"
        "| 接访日期 | 接访领导 |\n"
        "| 3月6日（星期四） | 王建华 |\n"
        "| 3月13日（星期四） | 李红梅 |\n"
        "\n"
        "接访时间均为当日上午8:30—11:30。\n"
    )
    got = [_row(n)[1:] for n in _all(text)]
    assert got == [
        ("2025-03-06T08:30:00+08:00", "2025-03-06T11:30:00+08:00"),
        ("2025-03-13T08:30:00+08:00", "2025-03-13T11:30:00+08:00"),
    ]


def test_a_week_of_sessions_in_the_lead_is_no_session_of_its_own() -> None:
    text = (
        "下周“行风热线”上线单位排定\n"
        "下周一至周五，市电台“行风热线”将迎来新一轮部门负责人上线。每天上午8时至9时，市民可拨打热线参与。上线安排如下：\n"
        "3月3日（周一）：市供电公司\n"
        "3月4日（周二）：市交警支队\n"
        "3月5日（周三）：市医保中心\n"
    )
    got = [_row(n) for n in _all(text)]
    assert got == [
        ("hotline", f"2025-03-0{d}T08:00:00+08:00", f"2025-03-0{d}T09:00:00+08:00") for d in (3, 4, 5)
    ]


def test_an_exam_over_its_daily_parts_stays_whole() -> None:
    text = (
        "期中考试定于3月11日至13日举行，具体安排如下：\n"
        "3月11日 上午 语文 下午 数学\n"
        "3月12日 上午 英语\n"
        "3月13日 上午 物理\n"
    )
    got = [_row(n)[1:] for n in _all(text)]
    assert ("2025-03-11", "2025-03-13") in got


def test_what_will_be_sent_by_a_date_is_due_then() -> None:
    text = "关于听证会有关事项的补充通知\n补充的听证材料将于3月20日前送达各听证参加人，请注意查收。"
    got = [(n.kind, n.to_json()["start"], n.title) for n in _all(text)]
    assert got == [("deadline", "2025-03-20", "补充的听证材料送达截止")]


def test_a_date_before_which_a_report_will_be_filed_is_due() -> None:
    text = "各街道要对辖区燃气管线开展排查，3月25日前将整改台账报区安委办。"
    got = [(n.kind, n.to_json()["start"]) for n in _all(text)]
    assert got == [("deadline", "2025-03-25")]


def test_a_promise_within_a_week_in_a_report_is_no_deadline() -> None:
    text = "3月1日，副区长来到热线中心接听市民来电。交警大队负责人表示，将在一周内拿出整改方案。"
    got = [n.kind for n in _all(text)]
    assert got == ["hotline"]


def test_work_that_will_end_by_a_month_end_does_not_end_the_results_day() -> None:
    text = "记者从区教育局获悉，今年中考成绩将于3月18日公布。录取工作将于3月底前结束。"
    got = [_row(n)[1:] for n in _all(text)]
    assert got == [("2025-03-18", None)]


def test_a_bare_day_opening_a_later_paragraph_is_in_the_papers_month() -> None:
    text = (
        "本报讯 3月1日上午，市人大常委会举行会议，决定市人大三次会议于2026年1月6日召开。\n"
        "会议还听取了有关工作报告。\n"
        "3日上午，市人大常委会党组召开会议，传达学习有关会议精神。"
    )
    got = sorted(_row(n)[1] for n in _all(text))
    assert got == ["2025-03-01", "2025-03-03", "2026-01-06"]


def test_a_bare_day_far_from_the_papers_keeps_the_month_named_before() -> None:
    text = "市图书馆“周末讲堂”将于4月12日上午举行首场讲座。\n19日上午，第二场讲座在同一地点举行。"
    got = [_row(n)[1] for n in _all(text)]
    assert got == ["2025-04-12", "2025-04-19"]


def test_the_opening_days_hour_is_on_the_opening_day_not_the_last_date() -> None:
    text = (
        "湖畔灯光节本周六开幕\n"
        "本报讯 第八届湖畔灯光节将于3月8日在滨湖公园开幕，持续至16日。\n"
        "开幕当天晚上7时，将举行亮灯仪式。文化节期间公园将延长开放时间至晚上10点。"
    )
    got = [_row(n) for n in _all(text, datetime(2025, 3, 4, 9, 0, tzinfo=SHANGHAI))]
    assert ("activity", "2025-03-08", "2025-03-16") in got
    assert all(not start.startswith("2025-03-16T") for _, start, _ in got)
    assert any(start == "2025-03-08T19:00:00+08:00" for _, start, _ in got)


def test_a_press_entry_time_is_no_deadline() -> None:
    text = "市政府新闻办定于3月6日上午10时召开新闻发布会。请各新闻单位于6日上午9:40前凭记者证入场。"
    got = [_row(n) for n in _all(text)]
    assert got == [("meeting", "2025-03-06T10:00:00+08:00", None)]


def test_working_days_counted_from_the_notices_day_are_one_due_day() -> None:
    text = "关于公开征求意见的公告\n请于本公告发布之日起5个工作日内，向区住建局提交书面意见。"
    got = [_row(n) for n in _all(text, datetime(2024, 9, 26, tzinfo=SHANGHAI))]
    assert got == [("deadline", "2024-10-09", None)]  # 9-27, 9-29 (worked Sunday), 9-30, 10-8, 10-9


def test_a_window_opened_and_closed_in_one_sentence_is_one_window() -> None:
    text = "区教育局通知，今年小学一年级新生网上报名将于3月10日开始，16日17时截止，逾期系统自动关闭。"
    got = [_row(n) for n in _all(text)]
    assert got == [("deadline", "2025-03-10T00:00:00+08:00", "2025-03-16T17:00:00+08:00")]


def test_a_weekly_closing_day_after_a_runs_end_does_not_move_its_year() -> None:
    text = "3月1日，“江南风物”民俗展在区文化馆开展。展览将持续至5月18日，周一闭馆，市民可免费参观。"
    got = [_row(n)[1:] for n in _all(text)]
    assert ("2025-03-01", "2025-05-18") in got


def test_guided_tours_on_two_listed_days_are_two_activities() -> None:
    text = "五一期间，区博物馆将于5月2日、5月4日下午各安排一场专家导览，每场限30人。"
    got = [(n.kind, n.title) for n in _all(text, datetime(2025, 4, 25, tzinfo=SHANGHAI))]
    assert got == [("activity", "专家导览"), ("activity", "专家导览")]


def test_a_measure_starting_with_the_notice_itself_is_no_dated_happening() -> None:
    text = "关于征收集体土地的预公告\n自本公告发布之日起，在拟征收范围内暂停办理户口迁入、分户，不得抢栽抢建。"
    assert _all(text) == []


def test_a_window_opened_by_the_notice_itself_still_opens() -> None:
    text = "自本公告发布之日起，可以开始报名。\n报名截止时间：2025年3月12日17:00止。\n"
    got = [_row(n) for n in _all(text)]
    assert got == [("deadline", "2025-03-02T00:00:00+08:00", "2025-03-12T17:00:00+08:00")]


def test_a_meeting_over_two_days_starts_at_its_one_stated_hour() -> None:
    text = (
        "关于召开区政协常委会会议的通知\n"
        "定于2025年3月17日至18日召开区政协常委会第九次会议。\n"
        "二、报到时间、地点\n"
        "3月17日上午8:30前到区政协四楼会议室报到，9:00开会。\n"
    )
    got = [_row(n) for n in _all(text) if n.kind == "meeting"]
    assert got == [("meeting", "2025-03-17T09:00:00+08:00", "2025-03-18T24:00:00+08:00")]


def test_a_programme_of_sessions_stays_beside_the_meeting_days() -> None:
    text = (
        "决定于2025年3月17日至19日召开区人大常委会第十次会议。\n"
        "二、会议安排\n"
        "3月17日上午9:00召开第一次全体会议。\n"
        "3月19日上午9:00召开第二次全体会议。\n"
    )
    got = sorted(_row(n) for n in _all(text) if n.kind == "meeting")
    assert ("meeting", "2025-03-17", "2025-03-19") in got and len(got) == 3


def test_a_festival_in_a_name_or_a_celebration_dates_nothing() -> None:
    text = "本报讯 4月28日上午，市庆祝“五一”国际劳动节暨劳动模范表彰大会在市文化中心举行。"
    got = [_row(n)[1] for n in _all(text, datetime(2025, 4, 29, tzinfo=SHANGHAI))]
    assert got == ["2025-04-28"]
    text = "这是滨河社区“重阳敬老月”系列活动之一，活动将持续到月底。"
    assert _all(text, datetime(2025, 10, 20, tzinfo=SHANGHAI)) == []


def test_a_season_of_the_weather_is_no_happening() -> None:
    text = "记者从市气象台了解到，今年“三伏”从7月20日开始，到8月28日结束，共40天。"
    assert _all(text, datetime(2025, 7, 18, tzinfo=SHANGHAI)) == []


def test_an_edition_of_a_local_festival_is_not_the_calendars_day() -> None:
    text = "第五届江湾农民丰收节15日开幕\n本报讯 第五届江湾农民丰收节将于9月15日在稻香村开幕，为期3天。"
    got = sorted(_row(n)[1] for n in _all(text, datetime(2025, 9, 12, tzinfo=SHANGHAI)))
    assert got and all(start.startswith("2025-09-15") for start in got)


def test_advice_tallies_and_plan_targets_are_not_dated_happenings() -> None:
    pub = datetime(2025, 7, 20, tzinfo=SHANGHAI)
    assert _all("气象专家提醒，高温天气下市民应尽量避免在11时至16时进行户外活动。", pub) == []
    assert _all("截至21日凌晨2时，各积水路段已全部恢复通行。", pub) == []
    assert _all("2025年，全区计划启动老旧小区改造80个，年底前完成投资12亿元。", pub) == []


def test_two_deadlines_moved_in_one_sentence_are_two() -> None:
    text = "经研究决定，社区工作者招聘报名截止时间由3月20日17:00延长至3月31日17:00，资格初审截止时间相应顺延至4月2日。"
    got = [_row(n)[1] for n in _all(text)]
    assert got == ["2025-03-31T17:00:00+08:00", "2025-04-02"]


def test_signing_in_at_the_hall_before_an_hour_is_nothing_due() -> None:
    text = "定于3月6日上午8:30召开全区安全生产工作会议。请参会人员于当天上午8:10前到会场签到。"
    got = [n.kind for n in _all(text)]
    assert got == ["meeting"]



def test_an_estimated_restore_hour_ends_the_outage() -> None:
    text = "恢复供气通知\n因设备检修，城区东片区已于3月1日22:00暂停供气。经抢修，预计3月2日（今天）16:00前恢复供气。"
    got = [_row(n) for n in _all(text)]
    assert got == [("outage", "2025-03-01T22:00:00+08:00", "2025-03-02T16:00:00+08:00")]


def test_a_shows_end_in_another_paragraph_does_not_end_a_closure() -> None:
    text = (
        "【周六】城市半程马拉松鸣枪开跑。受赛事影响，当天7:00—12:00，滨江大道实施交通管制。\n"
        "此外，上周开幕的馆藏书画展仍在市博物馆展出，展期至3月31日。"
    )
    got = [_row(n) for n in _all(text, datetime(2025, 3, 10, tzinfo=SHANGHAI)) if n.kind == "outage"]
    assert got == [("outage", "2025-03-15T07:00:00+08:00", "2025-03-15T12:00:00+08:00")]


def test_a_power_outage_on_named_lines_is_titled_by_the_lines_and_works() -> None:
    text = "为配合道路拓宽工程，3月11日8:00—17:00，供电公司将对10kV东风线、10kV建设线进行迁改，届时东风路沿线商户将停电。"
    (n,) = _all(text)
    assert n.title == "10kV东风线、建设线迁改停电"


def test_a_year_label_does_not_date_a_page() -> None:
    text = (
        "个税汇算专场咨询下周进社区\n"
        "本报讯 为帮助纳税人完成2024年度个人所得税汇算，3月10日至14日，市税务局将在市民中心开设专场咨询。"
    )
    with pytest.raises(PublicationUnknown):  # 2024年度 is the tax year, not the page's
        extract_document(text, source="t.txt")


def test_a_rule_taking_effect_after_the_meeting_that_passed_it_is_the_rules() -> None:
    text = "■ 3月1日，区人大常委会会议表决通过了《江湾区绿化条例》，该条例将于7月1日起施行。"
    got = [(n.kind, n.title) for n in _all(text) if n.to_json()["start"] == "2025-07-01"]
    assert got == [("other", "该条例施行")]


def test_a_listed_day_goes_on_into_its_hours() -> None:
    text = "高考期间，3月7日、8日7:30至18:30，各考点周边200米范围内实行交通管制。"
    got = [_row(n) for n in _all(text)]
    assert got == [
        ("outage", "2025-03-07T07:30:00+08:00", "2025-03-07T18:30:00+08:00"),
        ("outage", "2025-03-08T07:30:00+08:00", "2025-03-08T18:30:00+08:00"),
    ]


def test_a_happening_named_only_by_its_kind_says_whose_it_is() -> None:
    text = "第十届“江湾十大杰出青年”揭晓 颁奖典礼本周五举行\n团市委介绍，颁奖典礼将于3月7日晚7点30分在江湾大剧院举行。"
    got = {n.title for n in _all(text, datetime(2025, 3, 4, tzinfo=SHANGHAI))}
    assert got == {"“江湾十大杰出青年”颁奖典礼"}
    text = "江湾区2025年公开招聘中小学教师公告\n四、笔试\n笔试时间：2025年3月16日上午9:00—11:30，地点详见准考证。"
    titles = [n.title for n in _all(text) if n.kind == "activity"]
    assert titles == ["江湾区2025年公开招聘中小学教师笔试"]


def test_a_court_session_is_titled_by_its_case() -> None:
    text = (
        "开庭公告\n江湾区人民法院定于2025年3月16日9时00分在本院第三法庭公开开庭审理原告江湾市长兴建材有限公司"
        "诉被告王某某、江湾市恒远装饰工程有限公司买卖合同纠纷一案。"
    )
    (n,) = _all(text)
    assert (n.kind, n.title) == ("hearing", "长兴建材公司诉王某某等买卖合同纠纷案公开开庭")


def test_two_closed_days_in_a_row_are_one_closure() -> None:
    text = "区科技馆“五一”假期开放公告\n5月1日至5月5日，科技馆正常开放。5月6日（周二）、5月7日（周三）闭馆。"
    got = [_row(n) for n in _all(text, datetime(2025, 4, 25, tzinfo=SHANGHAI)) if n.kind == "outage"]
    assert got == [("outage", "2025-05-06", "2025-05-07")]


def test_classes_resume_after_the_holiday() -> None:
    text = "10月1日至10月8日文化馆培训班停课，10月9日起恢复上课。"
    got = [_row(n) for n in _all(text, datetime(2025, 9, 25, tzinfo=SHANGHAI))]
    assert got == [("outage", "2025-10-01", "2025-10-08"), ("other", "2025-10-09", None)]


def test_clinics_opening_in_a_new_building_from_a_day_is_an_entry() -> None:
    text = "自3月10日（星期一）起，内科、外科门诊搬迁至新门诊综合楼三楼正常接诊。"
    got = [_row(n) for n in _all(text)]
    assert got == [("other", "2025-03-10", None)]


def test_parts_of_a_labelled_line_share_its_label() -> None:
    text = "关于职称评审申报工作的通知\n一、申报时间：个人网上申报3月10日至3月14日；单位审核推荐3月17日至3月21日。"
    got = [_row(n) for n in _all(text)]
    assert got == [("deadline", "2025-03-10", "2025-03-14"), ("deadline", "2025-03-17", "2025-03-21")]


def test_a_citywide_campaign_from_today_is_an_activity() -> None:
    text = "即日起至5月8日，全市开展城镇燃气安全排查整治“百日行动”，重点整治餐饮场所违规使用瓶装液化气等问题。"
    got = [_row(n) for n in _all(text)]
    assert got == [("activity", "2025-03-02", "2025-05-08")]


def test_a_restore_column_ends_each_rows_outage() -> None:
    text = (
        "停水通知\n| 停水区域 | 停水时间 | 恢复时间 |\n"
        "| 滨河路沿线用户 | 3月5日8:00 | 3月5日20:00 |\n"
        "| 桂香苑小区 | 3月6日9:00 | 3月6日18:00 |\n"
    )
    got = [_row(n) for n in _all(text)]
    assert got == [
        ("outage", "2025-03-05T08:00:00+08:00", "2025-03-05T20:00:00+08:00"),
        ("outage", "2025-03-06T09:00:00+08:00", "2025-03-06T18:00:00+08:00"),
    ]


def test_a_full_stop_typed_in_ascii_ends_a_sentence() -> None:
    text = "书画展将于3月15日至3月25日在市美术馆1号展厅展出,展出作品150幅.开幕式定于3月15日上午10:00举行."
    got = sorted(_row(n) for n in _all(text))
    assert got == [("ceremony", "2025-03-15T10:00:00+08:00", None), ("exhibition", "2025-03-15", "2025-03-25")]


def test_a_hearing_put_off_to_an_hour_stays_a_hearing() -> None:
    text = "原定于3月5日召开的城市公交票价调整听证会，经研究决定推迟至3月12日上午9:00召开，地点不变。"
    got = [_row(n) for n in _all(text)]
    assert got == [("hearing", "2025-03-12T09:00:00+08:00", None)]


def test_a_residents_council_is_a_meeting() -> None:
    text = "城西区将于3月8日（星期六）上午9时在区政务服务中心举行“便民生活圈建设”居民议事会。"
    got = [(n.kind, _row(n)[1]) for n in _all(text)]
    assert got == [("meeting", "2025-03-08T09:00:00+08:00")]


def test_a_day_of_every_month_is_no_dated_session() -> None:
    text = "区民政局建立局长接待日制度。每月第二个星期三上午为局长接待日，由局领导班子成员轮流接待来访群众。"
    assert _all(text) == []


def test_what_a_plan_says_will_be_done_by_a_year_end_is_its_target() -> None:
    text = "规划明确，2025年启动东部水厂扩建工程，2026年底前基本完成西部片区管网改造。"
    assert _all(text) == []


def test_a_headline_that_sums_up_tonights_outage_is_no_second_entry() -> None:
    text = "今晚部分区域停水 明早6时恢复\n本报讯 因主管道维修，今晚22时至明日6时，凤鸣路、西苑小区等区域将停止供水。"
    got = [_row(n)[1:] for n in _all(text)]
    assert got == [("2025-03-02T22:00:00+08:00", "2025-03-03T06:00:00+08:00")]


def test_a_bare_day_due_before_the_session_it_serves_is_this_month() -> None:
    text = "市中级人民法院将于本月27日上午9时公开开庭审理此案。市民可凭身份证于25日前到法院领取旁听证。"
    got = [_row(n) for n in _all(text, datetime(2025, 3, 20, tzinfo=SHANGHAI)) if n.kind == "deadline"]
    assert got == [("deadline", "2025-03-25", None)]


def test_a_day_due_by_after_yu_is_read_and_a_count_before_a_session_is_not() -> None:
    from notices.explain import scan

    ref = datetime(2025, 3, 10, 9, 0, tzinfo=SHANGHAI)
    (m,) = scan("请于25日前报名", ref)
    assert (m.text, m.value.open_start, m.value.first_day.isoformat()) == ("25日前", True, "2025-03-25")
    assert scan("听证机关应在听证会举行10日前公告", ref) == []


def test_a_shows_end_said_before_its_opening_ends_the_run() -> None:
    text = "目前，“丝路瓷韵”外销瓷特展正在区博物馆展出，展期至3月31日。该展于2月16日开幕，展出瓷器160件。"
    got = [_row(n) for n in _all(text)]
    assert got == [("exhibition", "2025-02-16", "2025-03-31")]


def test_dated_lines_of_leaders_taking_turns_name_each_leader() -> None:
    text = (
        "江湾县2025年3月县级领导公开接访安排\n"
        "现将3月份县级领导公开接访安排公告如下：\n"
        "3月6日 县委副书记 刘成军\n"
        "3月13日 副县长 邱志远\n"
    )
    assert [n.title for n in _all(text)] == ["县委副书记刘成军公开接访", "副县长邱志远公开接访"]
