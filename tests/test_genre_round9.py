"""The genre, session nine: rules drawn from documents scored before any rule was
drawn from them (a show's run said with 展至, daily hours said later in a run's
sentence, markets and fairs).

Every paragraph is written for these tests in the style of local news and notices.
"""

from __future__ import annotations

from datetime import datetime

from notices.model import SHANGHAI

from tests.genre_support import notices_of as _all
from tests.genre_support import row_of as _row


def test_a_show_opening_then_running_to_a_day_is_one_run() -> None:
    text = "市植物园春季郁金香展将于3月8日开幕，展至4月20日，园内展出郁金香60余个品种。"
    assert [_row(n) for n in _all(text)] == [("exhibition", "2025-03-08", "2025-04-20")]


def test_a_show_played_until_a_day_ends_its_run_then() -> None:
    text = "湖滨灯光秀3月8日晚7时首演，此后每晚19:00、20:00各演一场，演出至5月31日。"
    assert [_row(n) for n in _all(text)] == [("activity", "2025-03-08T19:00:00+08:00", "2025-05-31T24:00:00+08:00")]


def test_a_music_fountain_is_a_show() -> None:
    assert [n.kind for n in _all("湖滨音乐喷泉3月8日晚7时首演。")] == ["activity"]


def test_growth_to_a_year_ends_nothing() -> None:
    text = "全县文旅产业发展至2027年将形成三大片区。3月12日上午召开文旅产业推进会。"
    assert [_row(n) for n in _all(text)] == [("meeting", "2025-03-12", None)]


def test_daily_hours_said_later_in_a_runs_sentence_run_from_its_first_opening_to_its_last_close() -> None:
    text = "“江南丝韵”织绣艺术展3月8日至5月7日在市美术馆展出，每天10:00—21:00开放，周一闭馆。"
    assert [_row(n) for n in _all(text)] == [("exhibition", "2025-03-08T10:00:00+08:00", "2025-05-07T21:00:00+08:00")]
    text = "3月15日至24日，春季花卉市集在人民广场举办，开放时间为10:00至20:00。"
    assert [_row(n) for n in _all(text)] == [("activity", "2025-03-15T10:00:00+08:00", "2025-03-24T20:00:00+08:00")]


def test_a_window_with_morning_and_afternoon_hours_keeps_its_days() -> None:
    text = "报名时间为3月10日至14日，每天上午8:30-12:00，下午14:30-17:30。"
    assert [_row(n) for n in _all(text)] == [("deadline", "2025-03-10", "2025-03-14")]


def test_hours_allowed_through_a_closure_are_not_its_hours() -> None:
    text = "3月10日至20日，滨江路全封闭施工，每日6时至8时允许行人通行。"
    assert [_row(n)[1:] for n in _all(text)] == [("2025-03-10", "2025-03-20")]


def test_dated_list_items_naming_long_places_are_rows_of_the_pages_kind() -> None:
    text = (
        "城南供电所发布下周停电计划\n\n"
        "为提高供电可靠性，城南供电所将对部分线路进行检修，停电安排如下：\n"
        "3月11日上午，和平区建设路（人民路—解放路段）沿线部分居民用户；\n"
        "3月12日全天，开发区创业大道两侧部分企业及商户；\n"
        "3月13日8:00—16:30，高新区科技园部分商户。\n"
    )
    rows = [(_row(n), n.title) for n in _all(text)]
    assert [r[0] for r in rows] == [
        ("outage", "2025-03-11", None),
        ("outage", "2025-03-12", None),
        ("outage", "2025-03-13T08:00:00+08:00", "2025-03-13T16:30:00+08:00"),
    ]
    assert rows[1][1] == "开发区创业大道两侧部分企业及商户停电"


def test_a_table_typed_with_spaces_gives_a_row_each_named_by_its_words() -> None:
    text = (
        "城东燃气管网改造停气安排\n\n"
        "为推进老旧燃气管道更新改造，燃气公司将对以下小区实施管网改造，改造期间停止供气，具体安排如下：\n\n"
        "序号 小区名称 所属街道 停气时间\n"
        "1 丰收小区 东城街道 3月10日 9:00-17:00\n"
        "2 锦绣花园 南门街道 3月11日至3月12日 每日9:00-17:00\n"
    )
    rows = [(_row(n), n.title) for n in _all(text)]
    assert rows == [
        (("outage", "2025-03-10T09:00:00+08:00", "2025-03-10T17:00:00+08:00"), "丰收小区东城街道停气"),
        (("outage", "2025-03-11T09:00:00+08:00", "2025-03-12T17:00:00+08:00"), "锦绣花园南门街道停气"),
    ]


def test_a_made_up_working_day_open_as_usual_is_no_happening() -> None:
    # 2025-04-27 is a Sunday the state's calendar makes a working day (May Day)
    text = "镇卫生院提醒：5月1日—5日预防接种门诊暂停服务，4月27日（星期日）正常开诊，请家长合理安排时间。"
    assert [_row(n) for n in _all(text)] == [("outage", "2025-05-01", "2025-05-05")]


def test_a_row_at_the_same_hours_is_a_row_named_by_its_place() -> None:
    text = (
        "流动体检车本周进村\n\n"
        "为方便老年人就近体检，镇卫生院流动体检车本周将开进村里，具体安排：\n"
        "3月4日（星期二）上午8:30—11:30，东山村村委会；\n"
        "3月5日（星期三）同一时间，西岭村村委会；\n"
        "3月6日（星期四）上午8:30—11:30，南塘村文化活动室。\n"
    )
    got = [(_row(n), n.title) for n in _all(text)]
    assert [g[0][1:] for g in got] == [
        ("2025-03-04T08:30:00+08:00", "2025-03-04T11:30:00+08:00"),
        ("2025-03-05T08:30:00+08:00", "2025-03-05T11:30:00+08:00"),
        ("2025-03-06T08:30:00+08:00", "2025-03-06T11:30:00+08:00"),
    ]
    assert "西岭村村委会" in got[1][1] and "同一" not in got[1][1]


def test_daily_hours_said_in_the_next_short_sentence_are_the_runs() -> None:
    text = "县老年大学书画作品展3月10日至16日在县文化馆展出，共展出作品160余幅。展览免费开放，每天9:00—17:00。"
    assert [_row(n) for n in _all(text)] == [("exhibition", "2025-03-10T09:00:00+08:00", "2025-03-16T17:00:00+08:00")]


def test_hours_of_another_happening_in_the_next_sentence_stay_its_own() -> None:
    text = (
        "全市中考将于3月24日至26日举行。为营造安静的考试环境，考试期间每天7:30至18:00，"
        "对各考点周边道路实施交通管制，禁止机动车鸣笛。"
    )
    rows = [_row(n) for n in _all(text)]
    assert ("activity", "2025-03-24", "2025-03-26") in rows  # the exam keeps its days
    assert [r[0] for r in rows].count("outage") == 1


def test_a_last_entry_hour_beside_the_hours_does_not_keep_the_run_from_them() -> None:
    text = "一、10月1日（星期三）至10月8日（星期三）正常开放，开放时间为9:00—17:00，16:00停止入馆。"
    assert [_row(n) for n in _all(text)] == [("other", "2025-10-01T09:00:00+08:00", "2025-10-08T17:00:00+08:00")]


def test_days_a_run_leaves_out_are_no_happening() -> None:
    text = "2025年初中体育考试将于3月14日至3月25日举行（周六、周日不安排考试），考点设在区体育场。"
    assert [_row(n) for n in _all(text)] == [("activity", "2025-03-14", "2025-03-25")]


def test_gathering_somewhere_before_an_hour_is_nothing_due() -> None:
    text = "秋季运动会开幕式于3月13日上午8:00在田径场举行，请各班于7:40前在东侧跑道集合完毕。"
    assert [n.kind for n in _all(text)] == ["ceremony"]


def test_a_bound_on_a_date_others_set_is_no_happening() -> None:
    text = (
        "市教育局关于春季学期期中工作及春假安排的通知\n\n"
        "一、春假时间。全市小学4月1日开始放春假，4月7日结束。普通高中春假由学校自行安排，"
        "但放假时间不得早于4月5日，开学时间不得早于4月20日，春假不得少于一周。"
    )
    assert [_row(n) for n in _all(text)] == [("other", "2025-04-01", "2025-04-07")]


def test_consecutive_listed_days_of_one_games_are_one_run() -> None:
    assert [_row(n) for n in _all("第十二届秋季运动会定于3月6日、7日举行。")] == [("activity", "2025-03-06", "2025-03-07")]


def test_listed_days_said_apart_or_of_two_happenings_stay_apart() -> None:
    assert len(_all("“文化进社区”演出3月6日、7日各举办一场。")) == 2
    text = "常委会组成人员将于3月5日分组审议报告，6日上午举行第二次全体会议，进行表决。"
    assert len(_all(text)) == 2


def test_bare_days_after_a_runs_end_are_of_the_pages_month() -> None:
    text = (
        "苏州周末\n\n本周末（3月8日—9日），多个文化场馆推出活动。\n"
        "市博物馆：3月1日开幕的“吴门书画”特展持续展出至4月10日；8日18:00—21:00推出“博物馆之夜”夜场。\n"
        "市文化艺术中心：9日晚7:30，市交响乐团“春之声”音乐会。\n"
    )
    days = sorted(_row(n)[1][:10] for n in _all(text))
    assert "2025-03-08" in days and "2025-03-09" in days
    assert not any(d.startswith("2025-04-0") for d in days)


def test_a_weekly_closing_day_sets_no_week_for_the_days_after_it() -> None:
    text = (
        "周末去哪儿\n\n1. 美术馆：展览3月7日开幕，将持续至4月30日，免费参观，周一闭馆。\n"
        "2. 图书馆：周日下午两点半，市图书馆举办本月读书会。\n"
    )
    pub = datetime(2025, 3, 6, 9, 0, tzinfo=SHANGHAI)
    rows = [_row(n) for n in _all(text, pub)]
    assert ("activity", "2025-03-09T14:30:00+08:00", None) in rows


def test_a_trade_fair_is_a_show() -> None:
    text = "3月24日至26日，第二十届海峡两岸机械电子商品交易会在厦门国际会展中心举办，参展企业600余家。"
    assert [_row(n) for n in _all(text)] == [("exhibition", "2025-03-24", "2025-03-26")]


def test_an_opening_named_by_a_headline_that_says_it_opens_says_so_once() -> None:
    text = (
        "第二十届机电商品交易会今日开幕\n\n"
        "3月24日至26日，第二十届机电商品交易会在会展中心举办。今天上午10:00，开幕式在会展中心A1馆举行。\n"
    )
    pub = datetime(2025, 3, 24, 8, 0, tzinfo=SHANGHAI)
    titles = [n.title for n in _all(text, pub) if n.kind == "ceremony"]
    assert len(titles) == 1 and titles[0].endswith("开幕式") and "开幕开幕式" not in titles[0]


def test_the_time_a_right_covers_is_no_happening() -> None:
    text = "在集中缴费期内缴费的，待遇享受期为2026年1月1日至12月31日；集中缴费期为2025年9月1日至12月31日。"
    rows = [_row(n) for n in _all(text, datetime(2025, 9, 1, 9, 0, tzinfo=SHANGHAI))]
    assert not any(r[1].startswith("2026-01-01") for r in rows)
    assert ("deadline", "2025-09-01", "2025-12-31") in rows


def test_times_listed_after_a_leads_colon_are_of_the_leads_happening() -> None:
    text = (
        "记者从市中心血站获悉，本周血站将连续组织团体献血：3月4日9:00-16:00献血车停靠市政府大院，"
        "3月5日（星期三）9:00-16:00停靠市职业技术学院，3月7日（星期五）全天在市第一中学采血。"
    )
    rows = [_row(n) for n in _all(text)]
    assert [r[:2] for r in rows] == [
        ("activity", "2025-03-04T09:00:00+08:00"),
        ("activity", "2025-03-05T09:00:00+08:00"),
        ("activity", "2025-03-07"),
    ]


def test_a_temporary_closure_is_named_by_what_closes_not_its_cause() -> None:
    text = "此外，受站内扶梯更换施工影响，5号线动物园站C出口将于3月26日至5月31日临时关闭，其间乘客可经B、D出口进出站。"
    assert [(n.kind, n.title) for n in _all(text)] == [("outage", "5号线动物园站C出口临时关闭")]


def test_a_holiday_timetable_is_a_change_of_service() -> None:
    text = "1月29日（正月初一）至2月4日（正月初七），各线路按节假日运行图组织运营；2月5日起恢复工作日运行图。"
    rows = [_row(n) for n in _all(text, datetime(2025, 1, 24, 9, 0, tzinfo=SHANGHAI))]
    assert ("other", "2025-01-29", "2025-02-04") in rows


def test_village_gatherings_are_activities() -> None:
    for text in (
        "3月8日上午9时，县社会福利院将为院内5位百岁老人集中祝寿。",
        "3月8日（周六）上午，镇敬老院将为本季度过生日的老人举办“迎春”集体生日会。",
        "该中心将于3月12日在镇农机合作社育秧基地开展插秧机现场操作演示。",
        "李庄镇农民夜校春季班3月16日开课。",
    ):
        assert [n.kind for n in _all(text)] == ["activity"], text


def test_hours_under_a_time_heading_after_the_rows_are_every_rows() -> None:
    text = (
        "关于公布3月份县级领导干部公开接访安排的通知\n\n"
        "一、接访安排\n"
        "3月11日（星期二） 县委书记 王建国\n"
        "3月18日（星期二） 县委副书记、县长 陈立新\n\n"
        "二、接访时间和地点\n"
        "接访时间为当日上午8:30—12:00，地点设在县人民来访接待中心一楼接待大厅。\n"
    )
    assert [_row(n)[1:] for n in _all(text)] == [
        ("2025-03-11T08:30:00+08:00", "2025-03-11T12:00:00+08:00"),
        ("2025-03-18T08:30:00+08:00", "2025-03-18T12:00:00+08:00"),
    ]


def test_a_count_from_the_publicity_counts_from_the_page_not_the_last_date_named() -> None:
    # 2024: National Day off 10-01..10-07, 9-29 (Sunday) a working day; 9-27 + 5 working days = 10-10
    text = (
        "关于加装电梯项目的公示\n\n碧桂苑小区6栋2单元已于9月25日召开单元业主协商会，11户签字同意。"
        "如有异议，请于公示之日起5个工作日内以书面形式实名向社区居委会反映。\n"
    )
    rows = [_row(n) for n in _all(text, datetime(2024, 9, 27, 9, 0, tzinfo=SHANGHAI))]
    assert ("deadline", "2024-10-10", None) in rows


def test_a_pictograph_time_line_under_a_lead_is_the_leads_happening() -> None:
    text = (
        "🎋浓情端午 粽香邻里🎋\n\n"
        "端午将至，兰亭社区邀您一起包粽子啦！\n"
        "⏰3月29日（周六）下午3:00\n"
        "📍兰亭社区党群服务中心二楼活动室\n"
    )
    assert [_row(n) for n in _all(text)] == [("activity", "2025-03-29T15:00:00+08:00", None)]


def test_a_title_keeps_no_brackets_its_dates_left_empty() -> None:
    text = "✨另外提醒：清明假期（4月4日—4月6日）社区党群服务中心闭馆，急事请拨打值班电话。"
    assert [n.title for n in _all(text)] == ["清明假期社区党群服务中心闭馆"]


def test_a_weekly_table_of_plate_numbers_dates_nothing() -> None:
    text = (
        "关于实施新一轮机动车尾号限行措施的通告\n\n"
        "一、限行时间：自2025年4月1日至2025年9月30日，每周一至周五7时至20时。\n"
        "二、限行尾号：\n星期一　1和6\n星期二　2和7\n星期三　3和8\n星期四　4和9\n星期五　5和0\n"
    )
    rows = [_row(n) for n in _all(text)]
    assert len(rows) == 1 and rows[0][1].startswith("2025-04-01")


def test_a_two_column_table_of_roads_and_hours_gives_a_closure_a_row() -> None:
    text = (
        "关于城市马拉松赛期间对部分道路实行交通管制的通告\n\n"
        "3月16日比赛当天，下列路段分时段实行交通管制：\n\n"
        "管制路段 | 管制时间\n"
        "滨江大道（南门桥至北门桥） | 6:30—10:30\n"
        "人民路（中山路至解放路） | 7:00—12:30\n"
    )
    got = [(_row(n), n.title) for n in _all(text)]
    assert [g for g in got if g[0][1].endswith("+08:00")] == [
        (("outage", "2025-03-16T06:30:00+08:00", "2025-03-16T10:30:00+08:00"), "滨江大道(南门桥至北门桥)交通管制"),
        (("outage", "2025-03-16T07:00:00+08:00", "2025-03-16T12:30:00+08:00"), "人民路(中山路至解放路)交通管制"),
    ]


def test_no_horns_and_no_parking_around_exam_sites_are_closures() -> None:
    text = "考试期间，3月7日、8日每天7:30至18:30，各考点周边200米范围内禁止机动车鸣喇叭，考点正门两侧禁止停放车辆。"
    assert {n.kind for n in _all(text)} == {"outage"}
    text = "一、3月15日（星期六）20时至3月16日（星期日）14时，起点区域禁止一切车辆停放，逾期未驶离的将依法拖移。"
    assert [_row(n) for n in _all(text)] == [("outage", "2025-03-15T20:00:00+08:00", "2025-03-16T14:00:00+08:00")]


def test_consecutive_days_counted_then_daily_hours_are_one_run() -> None:
    text = "第二剂次集中接种安排在3月12日、13日两天，每天8:30-16:30，地点：街道社区卫生服务中心三楼。"
    assert [_row(n) for n in _all(text)] == [("activity", "2025-03-12T08:30:00+08:00", "2025-03-13T16:30:00+08:00")]
    # days apart keep their own hours each
    assert len(_all("义诊安排在3月12日、14日，每天8:30-11:30。")) == 2


def test_a_day_heading_after_a_pages_stamp_dates_the_clock_lines_under_it() -> None:
    text = (
        "区政府首页 > 政务公开 > 政务活动预告\n"
        "本周区政府主要政务活动安排\n"
        "发布时间：2025-03-03 08:30　来源：区政府办公室\n\n"
        "3月3日（星期一）\n上午9:00　区政府第四十次常务会议（区行政中心301会议室）\n\n"
        "3月5日（星期三）\n上午9:30　全区重点项目集中开工仪式（高新区主会场）\n"
    )
    rows = [_row(n)[:2] for n in _all(text, datetime(2025, 3, 3, 8, 30, tzinfo=SHANGHAI))]
    assert ("meeting", "2025-03-03T09:00:00+08:00") in rows
    assert ("ceremony", "2025-03-05T09:30:00+08:00") in rows


def test_the_pages_own_rules_taking_effect_are_no_happening() -> None:
    text = "关于调整城区货车通行管理措施的通告\n\n一、…\n二、本通告自2025年3月10日起施行，有效期至2025年12月31日。\n"
    assert _all(text) == []
    # new rules named as news stay a change
    assert [n.kind for n in _all("新规自3月10日起施行。")] == ["other"]


def test_a_session_said_to_run_until_a_day_ends_then() -> None:
    text = "政协第十六届委员会第五次会议今天下午3时在市会议中心开幕，会期至3月6日上午。"
    rows = [(_row(n), n.title) for n in _all(text, datetime(2025, 3, 3, 8, 0, tzinfo=SHANGHAI))]
    assert rows == [(("meeting", "2025-03-03T15:00:00+08:00", "2025-03-06T24:00:00+08:00"), "政协第十六届委员会第五次会议")]


def test_new_years_eve_fireworks_and_the_bridge_closed_for_them() -> None:
    text = (
        "记者从橘子洲景区获悉，12月31日23时50分，橘子洲将燃放跨年焰火，时长约15分钟。"
        "为保障安全，12月31日21时至2026年1月1日1时，橘子洲大桥禁止机动车及行人通行。"
    )
    rows = sorted(_row(n) for n in _all(text, datetime(2025, 12, 29, 9, 0, tzinfo=SHANGHAI)))
    assert rows == [
        ("activity", "2025-12-31T23:50:00+08:00", None),
        ("outage", "2025-12-31T21:00:00+08:00", "2026-01-01T01:00:00+08:00"),
    ]


def test_a_publicity_of_working_days_on_its_own_page_is_due_at_its_last_day() -> None:
    # 2023: 9-29..10-06 off, 10-07 and 10-08 working days; 9-25 + 5 working days = 10-08
    text = (
        "关于2023年度优秀科普作品评选结果的公示\n\n经专家评审，共评出优秀科普作品30件，现予以公示。\n"
        "公示期为5个工作日，自本公示发布之日起计算。如有异议，可书面向市科协反映。\n"
    )
    rows = [_row(n) for n in _all(text, datetime(2023, 9, 25, 9, 0, tzinfo=SHANGHAI))]
    assert rows == [("deadline", "2023-10-08", None)]


def test_a_publicity_of_a_later_step_dates_nothing() -> None:
    text = "三、拟聘用人员名单在市人社局网站公示，公示期为7个工作日。"
    assert _all(text) == []


def test_a_listing_line_of_days_name_and_hours_is_one_run() -> None:
    text = "●华侨城创意园 3月15日—3月16日 “设计周末”创意市集 12:00—20:00"
    assert [(_row(n), n.title) for n in _all(text)] == [
        (("activity", "2025-03-15T12:00:00+08:00", "2025-03-16T20:00:00+08:00"), "“设计周末”创意市集")
    ]
