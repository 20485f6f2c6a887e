"""The genre, session seven: rules drawn from documents scored before any rule was
drawn from them (programmes under day headings, rows labelled by their hours,
requests and headings that say what is due, the words of fairs and village galas).

Every paragraph is written for these tests in the style of local news and notices.
"""

from __future__ import annotations

from datetime import datetime

from notices.model import SHANGHAI

from tests.genre_support import notices_of as _all
from tests.genre_support import row_of as _row

PUB_MONDAY = datetime(2025, 3, 3, tzinfo=SHANGHAI)

_PROGRAMME = (
    "第三届滨江读书月下周开幕\n"
    "本报讯 第三届滨江读书月系列活动将于3月10日至12日在市图书馆举办。\n"
    "读书月开幕式定于10日上午9时举行。\n"
    "读书月期间，主要活动安排如下：\n"
    "3月10日\n"
    "14:30 《运河人家》新书首发式（一楼报告厅）\n"
    "16:00 亲子绘本共读（少儿馆）\n"
    "3月11日（周二）\n"
    "9:30 作家李明远签售（二楼大厅）\n"
    "15:00 青年诗人对谈：我们的运河（三楼阅览区）\n"
    "3月12日\n"
    "10:00 “书香家庭”颁奖仪式（一楼报告厅）\n"
)


def test_a_day_alone_on_its_line_over_timed_lines_only_dates_them() -> None:
    rows = [(_row(n), n.title) for n in _all(_PROGRAMME)]
    # no happening on 3月11日 or 3月12日 by the day lines alone: each day has its timed lines
    assert [r for r, _ in rows if r[1] in ("2025-03-11", "2025-03-12")] == []
    assert ("activity", "2025-03-10T16:00:00+08:00", None) in [r for r, _ in rows]
    assert ("activity", "2025-03-11T15:00:00+08:00", None) in [r for r, _ in rows]


def test_a_programme_line_may_quote_its_name_add_a_subtitle_and_a_longer_place() -> None:
    titles = {r[1]: t for r, t in ((_row(n), n.title) for n in _all(_PROGRAMME))}
    assert titles["2025-03-10T14:30:00+08:00"] == "《运河人家》新书首发式"
    assert titles["2025-03-11T09:30:00+08:00"] == "作家李明远签售"
    assert titles["2025-03-11T15:00:00+08:00"].startswith("青年诗人对谈")


def test_launches_signings_and_talks_have_their_kinds() -> None:
    kinds = {r[1]: r[0] for r in (_row(n) for n in _all(_PROGRAMME))}
    assert kinds["2025-03-10T14:30:00+08:00"] == "ceremony"  # 首发式
    assert kinds["2025-03-11T09:30:00+08:00"] == "activity"  # 签售
    assert kinds["2025-03-11T15:00:00+08:00"] == "activity"  # 对谈


def test_a_day_line_with_prose_after_it_is_no_heading() -> None:
    text = "3月10日\n全市中小学开学，14:00前学生返校报到。"
    assert _all(text)  # the day stays: the next line does not open with its clock


def test_a_programme_line_naming_no_kind_is_a_session_of_the_run_it_falls_in() -> None:
    text = (
        "第二届湖畔艺术周将于4月8日至10日在市文化馆举行。\n"
        "4月9日\n"
        "10:30 “我家的老街”征文作品朗诵（一楼多功能厅）\n"
        "15:00 非遗剪纸手作：指尖上的年味（二楼手工坊）\n"
    )
    rows = {_row(n)[1]: (_row(n)[0], n.title) for n in _all(text)}
    assert rows["2025-04-09T10:30:00+08:00"][0] == "activity"
    assert rows["2025-04-09T10:30:00+08:00"][1] == "“我家的老街”征文作品朗诵"
    assert rows["2025-04-09T15:00:00+08:00"][0] == "activity"


def test_a_day_at_the_same_hours_takes_the_hours_of_the_session_before() -> None:
    text = (
        "“政风热线”节目预告\n"
        "下周四（6日）上午9:30-11:00，市交通运输局局长将走进直播间，接听市民来电。\n"
        "3月13日（周四）同一时段，上线的是市卫生健康委员会负责人。"
    )
    rows = sorted(_row(n) for n in _all(text))
    assert rows == [
        ("hotline", "2025-03-06T09:30:00+08:00", "2025-03-06T11:00:00+08:00"),
        ("hotline", "2025-03-13T09:30:00+08:00", "2025-03-13T11:00:00+08:00"),
    ]


def test_the_same_hours_of_a_run_of_days_are_no_one_days_hours() -> None:
    text = "展览于3月6日9:00至3月9日17:00对外开放。3月20日同一时间，第二期展览开幕。"
    rows = [_row(n) for n in _all(text) if _row(n)[1].startswith("2025-03-20")]
    assert rows == [("ceremony", "2025-03-20", None)]


def test_changed_running_hours_on_a_festival_day_are_a_notice() -> None:
    text = "据市公交集团消息，清明节（4月4日）当天，城区公交运营时间调整为6:00至23:00，其他日期正常运营。"
    assert [_row(n)[:2] for n in _all(text)] == [("other", "2025-04-04")]


def test_outage_rows_labelled_by_their_time_list_places_after_a_colon() -> None:
    text = (
        "停电通知\n"
        "因线路检修需要，供电公司计划对以下区域停电，请相互转告：\n"
        "3月11日（星期二）8:00—17:30：城西区建设路两侧商户，花园小区1-8栋，市第三小学。\n"
        "12日（星期三）7:30—12:00：开发区创业路、科技路沿线企业。\n"
        "同日14:00至18:00：城北区北湖村、北湖养殖场。\n"
    )
    assert sorted(_row(n) for n in _all(text)) == [
        ("outage", "2025-03-11T08:00:00+08:00", "2025-03-11T17:30:00+08:00"),
        ("outage", "2025-03-12T07:30:00+08:00", "2025-03-12T12:00:00+08:00"),
        ("outage", "2025-03-12T14:00:00+08:00", "2025-03-12T18:00:00+08:00"),
    ]


def test_a_clock_before_a_colon_is_still_a_clock() -> None:
    text = "市民服务中心3月8日9:00—12:00:开展医保政策咨询活动。"
    assert [_row(n) for n in _all(text)] == [("activity", "2025-03-08T09:00:00+08:00", "2025-03-08T12:00:00+08:00")]


def test_a_village_gala_opens_and_its_rehearsal_is_a_notice_of_its_own() -> None:
    text = (
        "记者了解到，桃溪村第三届“村晚”定于3月8日晚7点半在村文化广场开演，共有14个节目。"
        "3月6日下午将进行带妆彩排。“今年的‘村晚’还办了年货集市，从3月7日到8日两天。”村支书说。"
    )
    rows = sorted((_row(n), n.title) for n in _all(text))
    assert [r for r, _ in rows] == [
        ("activity", "2025-03-07", "2025-03-08"),
        ("activity", "2025-03-08T19:30:00+08:00", None),
        ("other", "2025-03-06", None),
    ]
    assert not any(t.startswith(("“", "的")) for _, t in rows)


def test_how_ordinary_matters_are_always_answered_is_no_deadline() -> None:
    text = "按照《信箱办理工作规则》，群众来信由县委办每周一统一登记分办，一般事项应在10个工作日内答复，情况复杂的经批准可延长10个工作日。"
    assert _all(text) == []


def test_a_window_under_a_registration_heading_is_a_deadline_and_its_days_off_deny_nothing() -> None:
    text = (
        "城关第一幼儿园2025年春季插班生招生简章\n"
        "一、招生对象\n"
        "2021年9月1日至2022年8月31日出生的适龄幼儿。\n"
        "二、报名时间\n"
        "3月10日—14日（上午8:30-11:30，下午14:30-17:00），双休日不报名。\n"
        "三、报名地点\n"
        "本园一楼门厅。\n"
    )
    assert [_row(n) for n in _all(text)] == [("deadline", "2025-03-10", "2025-03-14")]


def test_a_happening_the_page_says_will_not_happen_in_a_period_is_still_none() -> None:
    text = "国庆期间原则上不安排计划停电，如遇故障抢修将及时通知。"
    assert _all(text) == []


def test_a_request_goes_on_past_a_comma_to_its_date() -> None:
    text = "请各社区做好宣传发动，逐户摸清情况，并于本周五前将参加人员花名册送街道社会事务办。"
    assert [_row(n) for n in _all(text, PUB_MONDAY)] == [("deadline", "2025-03-07", None)]


def test_an_on_site_check_of_papers_is_a_notice() -> None:
    text = "按照工作安排，现场审核时间为6月23日—25日，地点为各学校招生办公室。"
    assert [_row(n) for n in _all(text)] == [("other", "2025-06-23", "2025-06-25")]


def test_a_by_hour_on_a_windows_last_day_is_its_closing_hour() -> None:
    text = "志愿填报时间为7月1日至5日。考生须在7月5日17:00前完成网上填报并确认，逾期不再补报。"
    notices = _all(text)
    assert [_row(n) for n in notices] == [("deadline", "2025-07-01T00:00:00+08:00", "2025-07-05T17:00:00+08:00")]
    assert notices[0].title == "志愿填报截止"


def test_a_by_hour_on_another_day_stays_a_deadline_of_its_own() -> None:
    text = "志愿填报时间为7月1日至5日。考生须在7月8日17:00前完成志愿确认。"
    assert len(_all(text)) == 2


def test_a_bare_weekday_in_a_later_item_is_of_the_papers_week_not_after_a_far_date() -> None:
    text = (
        "这个周末，城里的文化场馆格外热闹。\n"
        "1. 美术馆：水彩作品展\n"
        "展览3月7日开幕，将持续至4月30日，免费参观。\n"
        "2. 图书馆：周末读书会\n"
        "周六下午三点，市图书馆二楼阅读空间举办本月读书会，欢迎书友参加。\n"
    )
    rows = [_row(n) for n in _all(text, PUB_MONDAY)]
    assert ("activity", "2025-03-08T15:00:00+08:00", None) in rows


def test_a_weekday_in_the_paragraph_of_its_date_keeps_that_week() -> None:
    text = "第二期培训定于4月14日（周一）开班，周三下午三点举行结业典礼。"
    assert ("ceremony", "2025-04-16T15:00:00+08:00", None) in [_row(n) for n in _all(text, PUB_MONDAY)]


def test_an_art_grading_exam_and_a_clinic_back_to_normal_are_notices() -> None:
    text = "市少儿艺术考级将于4月12日（星期六）至13日（星期日）举行。因系统升级，口腔科3月5日至9日停诊，3月10日（星期一）起恢复正常门诊。"
    assert sorted(_row(n) for n in _all(text)) == [
        ("activity", "2025-04-12", "2025-04-13"),
        ("other", "2025-03-10", None),
        ("outage", "2025-03-05", "2025-03-09"),
    ]


_WEB_PAGE = (
    "滨江新闻网 > 本地 > 正文\n"
    "\n"
    "2025滨江国际茶博会3月20日开幕\n"
    "\n"
    "2025-03-04 09:12  来源：滨江日报  作者：记者 王 晴\n"
    "【字号：大 中 小】 分享到\n"
    "\n"
    "记者从3日召开的新闻发布会上获悉，2025滨江国际茶博会将于3月20日至23日在 滨江国际会展中心举办。\n"
    "开幕式定于20日上午9时30分在会展中心南广场举行。\n"
)


def test_page_furniture_is_no_headline_and_names_nothing() -> None:
    titles = [n.title for n in _all(_WEB_PAGE)]
    assert titles and not any("2025-03-04" in t or "来源" in t or ">" in t for t in titles)


def test_where_the_paper_learned_it_does_not_name_what_follows() -> None:
    rows = sorted(_row(n) for n in _all(_WEB_PAGE))
    assert ("exhibition", "2025-03-20", "2025-03-23") in rows
    assert ("ceremony", "2025-03-20T09:30:00+08:00", None) in rows


def test_a_case_named_before_its_session_titles_the_session() -> None:
    text = (
        "滨江区人民法院开庭公告\n"
        "（2025）X0102民初518号 原告王某某诉被告某物业服务有限公司物业服务合同纠纷一案，定于2025年3月12日9:30在本院第二审判庭开庭审理。\n"
        "（2025）X0102刑初66号 被告人赵某某诈骗一案，定于2025年3月13日14:30在本院第一审判庭开庭审理。\n"
    )
    titles = sorted(n.title for n in _all(text))
    assert titles == ["王某某诉某物业服务公司物业服务合同纠纷案开庭", "被告人赵某某诈骗案开庭"]


def test_rows_whose_columns_spaces_set_apart_stay_rows_and_name_their_line() -> None:
    text = (
        "城南供电所3月计划停电公告\n"
        "因线路检修，以下线路将停止供电，请用户做好准备。\n"
        "停电时间                 线路名称      停电范围\n"
        "3月11日 08:00-12:00       10kV南湖线    南湖小区、南湖村1-3组\n"
        "3月12日 22:00-次日04:00   10kV河西线    河西工业园\n"
    )
    assert sorted((_row(n), n.title) for n in _all(text)) == [
        (("outage", "2025-03-11T08:00:00+08:00", "2025-03-11T12:00:00+08:00"), "10kV南湖线停电(南湖小区等)"),
        (("outage", "2025-03-12T22:00:00+08:00", "2025-03-13T04:00:00+08:00"), "10kV河西线停电(河西工业园)"),
    ]


def test_a_count_from_the_notice_asked_of_the_reader_is_due_whatever_the_verb() -> None:
    text = "请上述商户自本公告发布之日起5个工作日内到市市场监督管理局一楼窗口领取《整改通知书》。"
    rows = [(_row(n), n.rule) for n in _all(text, PUB_MONDAY)]
    assert rows == [(("deadline", "2025-03-10", None), "5个工作日内，依法定节假日顺延")]


def test_a_count_from_another_day_or_for_officials_stays_a_condition() -> None:
    text = "对群众反映的问题，承办单位须在3个工作日内研究提出处置意见；参保人员应在出院之日起30日内申请报销。"
    assert _all(text) == []


def test_a_rule_of_every_month_names_no_day_of_the_page() -> None:
    text = "按月申报的，应于次月1日起15日内申报纳税；按季申报的，应于季度终了之日起15日内申报纳税。"
    assert _all(text) == []


def test_numbered_lifts_are_no_days_and_a_day_restated_in_brackets_takes_its_hours() -> None:
    text = "另：住院部3号电梯明天（3月4日）8:00-17:00进行年度检测，暂停使用，请改乘1号、2号电梯。"
    assert [_row(n) for n in _all(text, PUB_MONDAY)] == [
        ("outage", "2025-03-04T08:00:00+08:00", "2025-03-04T17:00:00+08:00")
    ]


def test_free_health_checks_and_art_assessments_are_activities() -> None:
    text = (
        "3月20日上午，中心将在小区南门广场为老人免费测量血压、血糖。"
        "全区中小学生艺术素质测评将于4月12日（星期六）至13日（星期日）在区青少年活动中心举行。"
    )
    assert sorted(_row(n) for n in _all(text)) == [("activity", "2025-03-20", None), ("activity", "2025-04-12", "2025-04-13")]


def test_other_articles_listed_after_the_page_are_not_its_text() -> None:
    text = (
        "市体育中心3月8日起闭馆维修\n"
        "本报讯 市体育中心将于3月8日起闭馆维修，预计5月恢复开放。\n"
        "上一篇：我市“五一”文旅活动清单发布\n"
        "下一篇：5月1日起，城区部分公交线路调整\n"
        "相关新闻\n"
        "4月20日至22日，市花卉博览会将在会展中心举办\n"
    )
    assert [_row(n)[:2] for n in _all(text)] == [("outage", "2025-03-08")]


def test_a_lone_point_at_24_oclock_is_its_own_day() -> None:
    assert [_row(n) for n in _all("因气温偏低，城区供暖期延长至3月22日24时。")] == [("other", "2025-03-22", None)]
    # a due hour at 24时 keeps its hour, written as the end of its day
    assert [_row(n) for n in _all("报名截止时间为3月22日24时。")] == [("deadline", "2025-03-22T24:00:00+08:00", None)]


def test_bus_lines_changed_for_a_while_or_newly_opened_are_notices() -> None:
    text = "自3月18日首班车起，1路、12路公交线路临时调整。市公交集团将于3月25日起新开通K28路公交线路。"
    assert sorted(_row(n) for n in _all(text)) == [("other", "2025-03-18", None), ("other", "2025-03-25", None)]


def test_a_count_from_a_publication_the_page_dates_starts_that_day() -> None:
    text = "体检结果将于3月14日在县人武部公示栏公布，对结果有异议的，可在公布之日起2个工作日内书面申请复查。"
    assert ("deadline", "2025-03-18", None) in [_row(n) for n in _all(text)]


def test_a_count_from_the_page_s_own_publicity_starts_on_the_page_s_day() -> None:
    text = "现将拟表彰名单予以公示，请于公示之日起5个工作日内以书面形式反映。"
    assert [_row(n) for n in _all(text, PUB_MONDAY)] == [("deadline", "2025-03-10", None)]


def test_keycap_numbers_mark_the_items_of_a_post() -> None:
    text = (
        "🌾 本周农事安排\n"
        "\n"
        "1️⃣ 春耕备耕动员会\n"
        "3月5日（周三）上午八点半，镇政府三楼会议室，各村主任参加。\n"
        "\n"
        "2️⃣ 水稻育秧技术培训\n"
        "3月7日（周五）下午2:00—4:30\n"
        "地点：河口村党群服务中心\n"
    )
    assert sorted((_row(n), n.title) for n in _all(text)) == [
        (("activity", "2025-03-07T14:00:00+08:00", "2025-03-07T16:30:00+08:00"), "水稻育秧技术培训"),
        (("meeting", "2025-03-05T08:30:00+08:00", None), "春耕备耕动员会"),
    ]


def test_rows_that_only_name_places_taking_turns_are_parts_of_the_run() -> None:
    text = (
        "我县春季征兵体检定于3月10日至12日在县人民医院体检中心进行。具体安排如下：\n"
        "▶ 3月10日（周一）：城关镇、河口镇\n"
        "▶ 3月11日（周二）：白马乡、柳林镇\n"
        "▶ 3月12日（周三）：其余乡镇\n"
    )
    assert [_row(n) for n in _all(text)] == [("activity", "2025-03-10", "2025-03-12")]


def test_bulleted_rows_of_a_film_tour_are_each_a_screening() -> None:
    text = (
        "农村公益电影放映3月安排如下，每场晚上7点开始，欢迎村民带上小板凳观看：\n"
        "■ 3月10日（周一）🎞《长津湖》 📍东坪村村部广场\n"
        "■ 3月12日（周三）🎞《我和我的家乡》 📍南岭村篮球场\n"
    )
    notices = _all(text)
    assert sorted(_row(n)[:2] for n in notices) == [("activity", "2025-03-10T19:00:00+08:00"), ("activity", "2025-03-12T19:00:00+08:00")]
    assert not any(mark in n.title for n in notices for mark in "🎞📍■")


def test_a_festival_drawing_near_is_the_reason_not_a_happening() -> None:
    text = "端午、中秋“双节”将至，现将市博物馆开放安排公告如下：\n一、5月31日至6月2日正常开放。"
    assert [_row(n) for n in _all(text, datetime(2025, 5, 20, tzinfo=SHANGHAI))] == [("other", "2025-05-31", "2025-06-02")]


def test_a_festival_in_the_headline_inside_the_body_s_run_is_no_second_happening() -> None:
    text = "市轨道交通1号线元旦延长运营\n为方便市民出行，12月31日晚，1号线末班车延长至次日凌晨1:00，其他线路运营时间不变。"
    rows = [_row(n) for n in _all(text, datetime(2025, 12, 20, tzinfo=SHANGHAI))]
    assert rows == [("other", "2025-12-31T00:00:00+08:00", "2026-01-01T01:00:00+08:00")]


def test_a_weekday_labelled_as_closed_is_a_weekly_rule() -> None:
    text = "市文化馆开放时间\n一、开放时间\n周二至周日：9:00-21:00\n周一：闭馆（法定节假日除外）\n"
    assert _all(text) == []


def test_daily_hours_in_the_period_of_a_happening_named_before_span_its_days() -> None:
    text = (
        "第五届古镇灯会将于3月10日至16日在老街举行。3月12日晚还将举办猜灯谜活动。\n"
        "灯会期间，老街周边道路每日18时至23时实行交通管制。"
    )
    rows = [_row(n) for n in _all(text) if n.kind == "outage"]
    assert rows == [("outage", "2025-03-10T18:00:00+08:00", "2025-03-16T23:00:00+08:00")]


def test_a_later_last_train_said_with_延至_ends_the_night_s_run() -> None:
    text = "为保障市民跨年出行，地铁将在12月31日22:00至次日2:00对1号线延长运营，末班车延至次日2:00。"
    rows = [_row(n) for n in _all(text, datetime(2025, 12, 20, tzinfo=SHANGHAI))]
    assert rows == [("other", "2025-12-31T22:00:00+08:00", "2026-01-01T02:00:00+08:00")]


def test_a_system_upgrade_stops_a_service() -> None:
    text = "市社保中心定于3月8日（星期六）20:00至3月9日（星期日）8:00进行系统升级，届时网上服务大厅无法登录。"
    assert [_row(n) for n in _all(text)] == [("outage", "2025-03-08T20:00:00+08:00", "2025-03-09T08:00:00+08:00")]


def test_a_deadline_is_not_named_by_the_app_or_site_it_is_done_through() -> None:
    text = (
        "关于做好2025年度城乡居民医保集中缴费的通知\n"
        "参保居民可登录“滨江医保”小程序或“滨江政务服务网”办理。\n"
        "请于3月31日前完成缴费，逾期不再补办。"
    )
    titles = [n.title for n in _all(text) if n.kind == "deadline"]
    assert titles and not any("滨江医保" in t or "政务服务网" in t for t in titles)


def test_a_tagged_item_after_a_pictograph_is_named_from_its_own_words() -> None:
    text = (
        "一周提醒\n\n"
        "💧【停水】后天（3月4日）9:00至17:00，因管网维修，城西片区（杨柳村、梅溪村）停水，请提前储水。\n\n"
        "📚【讲座】本周五下午3点，镇派出所在镇中心学校报告厅举办防溺水安全讲座。\n"
    )
    titles = sorted(n.title for n in _all(text))
    assert titles == ["城西片区(杨柳村、梅溪村)停水", "防溺水安全讲座"]


def test_a_run_said_before_is_extended_by_延长至() -> None:
    text = "因设备检修，城南营业厅3月3日至3月10日暂停营业。因工期调整，暂停时间延长至3月15日（周六）。"
    assert [_row(n) for n in _all(text)] == [("outage", "2025-03-03", "2025-03-15")]


def test_a_move_said_with_延期至_still_moves_the_happening() -> None:
    text = "原定3月8日举行的春季招聘会延期至3月22日举行。"
    assert [_row(n)[:2] for n in _all(text) if n.status == "confirmed"] == [("activity", "2025-03-22")]


def test_a_show_s_extension_does_not_extend_another_run() -> None:
    text = (
        "一、市博物馆3月1日至3月9日正常开放，开放时间9:00—17:00。\n"
        "二、原定展至3月15日的“江南春色”画展，应观众要求，展期延长至4月30日。\n"
    )
    rows = [_row(n) for n in _all(text)]
    assert ("other", "2025-03-01T09:00:00+08:00", "2025-03-09T17:00:00+08:00") in rows  # the museum's days keep their end
