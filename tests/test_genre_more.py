"""The genre again, on paragraphs written after the event stage was shaped:
what a later sentence's duration belongs to, outages side by side, label
sentences (``报名时间为…``), habits that are not dated happenings.

Every paragraph is written for these tests in the style of local news and notices.
"""

from __future__ import annotations

from datetime import datetime

from notices.model import SHANGHAI, Notice
from tests.genre_support import PUB
from tests.genre_support import notices_of as _all
from tests.genre_support import row_of as _row


def test_a_meeting_report_does_not_take_the_length_of_a_campaign_it_announced() -> None:
    text = "3月1日，全区防汛工作部署会召开。会议强调，将开展为期两个月的隐患排查。"
    (n,) = _all(text)
    assert (n.kind, n.end, n.forward) == ("meeting", None, False)


def test_a_duration_introducing_its_own_happening_is_not_the_earlier_ones() -> None:
    text = "3月1日，老旧小区改造动员会在区政府召开。各街道随后将启动为期三个月的入户摸排工作。"
    (n,) = _all(text)
    assert (n.kind, n.end, n.forward) == ("meeting", None, False)


def test_a_later_sentence_still_gives_an_exhibition_its_run() -> None:
    text = "3月8日，“江南春色”水彩画展在区文化馆开展。此次画展为期一个月，免费向市民开放。"
    got = [_row(n) for n in _all(text) if n.kind == "exhibition"]
    assert got == [("exhibition", "2025-03-08", "2025-04-07")]


def test_two_areas_cut_off_at_the_same_hours_are_two_outages() -> None:
    for joint in ("；", "。"):
        text = f"因主干管改造，3月6日9:00至17:00，河东区新华路片区将暂停供水{joint}同日9:00至17:00，河西区滨江路片区也将停水。"
        got = [(n.kind, n.to_json()["start"]) for n in _all(text)]
        assert got == [("outage", "2025-03-06T09:00:00+08:00")] * 2, joint


def test_one_area_restated_with_its_hours_stays_one_outage() -> None:
    text = "3月6日，河东区新华路片区将停水。3月6日9:00至17:00，河东区新华路片区暂停供水，请提前储水。"
    (n,) = _all(text)
    assert _row(n) == ("outage", "2025-03-06T09:00:00+08:00", "2025-03-06T17:00:00+08:00")


def test_a_weekday_that_says_how_hours_are_kept_is_no_date() -> None:
    text = "7月1日至8月31日，区文化馆开放时间调整为每天9:00至21:00，周一照常开放，周五闭馆。"
    got = [_row(n) for n in _all(text, datetime(2025, 6, 25, tzinfo=SHANGHAI))]
    assert all(start[:10] in ("2025-07-01",) for _, start, _ in got), got


def test_a_launch_ceremony_is_a_ceremony() -> None:
    (n,) = _all("3月9日上午，“全民阅读月”活动启动仪式将在市图书馆广场举行。")
    assert (n.kind, n.to_json()["start"]) == ("ceremony", "2025-03-09")


def test_a_show_that_opens_on_a_day_is_its_run_not_a_rite() -> None:
    text = "“水墨江南”版画展将于3月10日在区文化馆开幕，展期至4月10日。"
    assert [_row(n) for n in _all(text)] == [("exhibition", "2025-03-10", "2025-04-10")]


def test_an_opening_with_its_rite_is_a_ceremony_beside_the_run() -> None:
    text = "“水墨江南”版画展开幕式将于3月10日上午在区文化馆举行，市文联负责人将出席并致辞。展览展期至4月10日。"
    got = sorted(_row(n) for n in _all(text))
    assert got == [("ceremony", "2025-03-10", None), ("exhibition", "2025-03-10", "2025-04-10")]


def test_a_rain_date_is_no_change_of_plan() -> None:
    text = "3月15日，第三届樱花节将在东山公园开幕，活动持续至3月23日。如遇雨天，开幕式顺延至次日举行。"
    got = [_row(n) for n in _all(text)]
    assert ("activity", "2025-03-15", "2025-03-23") in got
    assert all(start[:10] == "2025-03-15" for _, start, _ in got), got


def test_dates_listed_before_a_date_with_its_hours_share_the_hours() -> None:
    text = "区残联将分别于3月10日、3月17日、3月24日上午9:00至11:30在区残疾人之家开展康复咨询活动。"
    got = [(n.to_json()["start"], n.to_json()["end"]) for n in _all(text)]
    assert got == [(f"2025-03-{d}T09:00:00+08:00", f"2025-03-{d}T11:30:00+08:00") for d in (10, 17, 24)]


def test_a_launch_rite_and_the_month_it_opens() -> None:
    text = "3月1日上午，2025年“全民阅读月”启动仪式在市图书馆举行。整个活动月期间，全市将举办阅读活动百余场，活动将持续至3月31日。"
    got = sorted((n.kind, n.to_json()["start"], n.to_json()["end"]) for n in _all(text))
    assert got == [("activity", "2025-03-01", "2025-03-31"), ("ceremony", "2025-03-01", None)]


def test_an_onset_and_its_closing_day_in_one_sentence_are_a_window() -> None:
    text = "区人社局自3月10日起受理2025年度创业补贴申请，受理截止时间为4月30日。"
    (n,) = _all(text)
    assert _row(n) == ("deadline", "2025-03-10", "2025-04-30")


def test_hours_under_a_schedule_belong_to_every_row() -> None:
    text = (
        "3月份区领导接访日安排如下：\n"
        "3月5日（星期三） 区委副书记 周平\n"
        "3月12日（星期三） 区人大常委会副主任 孙立\n"
        "接访时间：上午9:00-12:00，下午14:00-17:00\n"
    )
    got = [(n.kind, n.to_json()["start"], n.to_json()["end"]) for n in _all(text)]
    assert got == [
        ("hotline", "2025-03-05T09:00:00+08:00", "2025-03-05T17:00:00+08:00"),
        ("hotline", "2025-03-12T09:00:00+08:00", "2025-03-12T17:00:00+08:00"),
    ]


def test_a_leader_receiving_visitors_is_a_reception_session() -> None:
    text = "3月12日上午，区长将在区行政服务中心接待来访群众，请有诉求的群众于3月10日前到区信访局登记。"
    got = sorted((n.kind, n.to_json()["start"]) for n in _all(text))
    assert got == [("deadline", "2025-03-10"), ("hotline", "2025-03-12")]


def test_a_time_fronted_by_ding_yu_times_the_outage_of_the_next_clause() -> None:
    text = "因管道维修，定于3月6日上午8时起，对城西片区停止供水，预计当日下午17时恢复供水。"
    (n,) = _all(text)
    assert _row(n) == ("outage", "2025-03-06T08:00:00+08:00", "2025-03-06T17:00:00+08:00")


def test_works_lasting_about_n_days_end() -> None:
    text = "自3月10日起，北门街（东风路至南环路段）将封闭施工，工期约30天。"
    (n,) = _all(text)
    assert _row(n) == ("outage", "2025-03-10", "2025-04-08")


def test_the_day_the_reporter_learned_the_news_times_nothing() -> None:
    text = "本报讯 记者昨日从市文旅局获悉，第三届民俗文化周将于3月20日至26日在古城景区举行，期间将举办民俗展演等活动。"
    got = [_row(n) for n in _all(text)]
    assert got == [("activity", "2025-03-20", "2025-03-26")]


def test_a_column_label_above_the_first_headline_dates_nothing() -> None:
    text = (
        "今日要闻\n区委常委会召开会议\n本报讯 3月1日，区委常委会召开会议，研究部署近期工作。\n"
        "春季招聘会下周举行\n本报讯 2025年春季大型招聘会将于3月8日在区人才市场举行。\n"
    )
    got = [(n.kind, n.to_json()["start"]) for n in _all(text) if n.forward]
    assert got == [("activity", "2025-03-08")]


def test_an_opening_rite_and_the_week_the_games_last() -> None:
    text = "第五届职工运动会开幕式于3月9日上午9时在区体育馆举行，运动会为期一周。"
    got = sorted((n.kind, n.to_json()["start"], n.to_json()["end"]) for n in _all(text))
    assert got == [("activity", "2025-03-09", "2025-03-15"), ("ceremony", "2025-03-09T09:00:00+08:00", None)]


def test_a_weekly_story_hour_from_a_day_on_repeats() -> None:
    (n,) = _all("区图书馆3月6日起每周六上午10点举办亲子故事会。")
    assert (n.kind, n.to_json()["start"], n.rrule) == ("activity", "2025-03-08T10:00:00+08:00", "FREQ=WEEKLY;BYDAY=SA")


def test_a_deadline_label_ending_in_ri_qi_is_no_page_stamp() -> None:
    (n,) = _all("报名截止日期：2025年3月20日17:00前。请有意者按时报名参赛。")
    assert (n.kind, n.to_json()["start"]) == ("deadline", "2025-03-20T17:00:00+08:00")


def test_labels_inside_one_line_say_the_outage_and_its_restoring() -> None:
    (n,) = _all("停电时间：3月6日8:00，送电时间：3月6日17:30。停电范围：东关街、南门口。")
    assert _row(n) == ("outage", "2025-03-06T08:00:00+08:00", "2025-03-06T17:30:00+08:00")


def test_a_time_line_under_a_lead_that_names_the_happening() -> None:
    text = "区科协将举办科普讲座。\n时间：3月12日（周三）14:30\n地点：区科技馆二楼报告厅\n"
    (n,) = _all(text)
    assert (n.kind, n.to_json()["start"], n.location) == ("activity", "2025-03-12T14:30:00+08:00", "区科技馆二楼报告厅")


def test_a_live_online_interview_is_a_hotline_session() -> None:
    (n,) = _all("明日（3月4日）上午9时，市长信箱网上直播访谈将准时开始，欢迎网友参与。")
    assert (n.kind, n.to_json()["start"]) == ("hotline", "2025-03-04T09:00:00+08:00")


def test_a_public_comment_period_is_a_deadline_window() -> None:
    text = "现将《某市户外广告设置管理办法（草案）》全文公布，公开征求社会各界意见。征求意见时间为2025年3月5日至4月4日。"
    (n,) = _all(text)
    assert _row(n) == ("deadline", "2025-03-05", "2025-04-04")


def test_a_window_to_print_admission_tickets_is_a_deadline_the_exam_a_happening() -> None:
    text = "笔试定于3月22日（星期六）举行。考生须于3月18日至21日登录报名网站打印准考证。"
    got = sorted(_row(n) for n in _all(text))
    assert got == [("activity", "2025-03-22", None), ("deadline", "2025-03-18", "2025-03-21")]


def test_longer_opening_hours_are_no_closure_and_their_closing_hour_no_start() -> None:
    (n,) = _all("从3月8日起，市美术馆每周六延时至晚8点闭馆。")
    assert (n.kind, n.to_json()["start"]) == ("other", "2025-03-08")


def test_an_evening_opening_until_a_late_hour_keeps_its_day() -> None:
    text = "3月8日当天，市科技馆将举办“科学之夜”活动，开放时间延长至21时。"
    (n,) = _all(text)
    assert (n.kind, n.to_json()["start"]) == ("activity", "2025-03-08")


def test_a_service_centre_open_on_a_saturday_is_an_entry() -> None:
    (n,) = _all("为方便群众办事，区政务服务中心3月8日（周六）上午9:00-12:00正常办公。")
    assert _row(n) == ("other", "2025-03-08T09:00:00+08:00", "2025-03-08T12:00:00+08:00")


def test_moved_with_gai_zai_or_ti_qian_zhi_is_one_notice_with_its_change() -> None:
    for text, start in (
        ("原定于3月8日举行的春季招聘会改在3月15日举行，地点不变。", "2025-03-15"),
        ("原定3月9日的少儿绘画比赛提前至3月8日上午9时举行。", "2025-03-08T09:00:00+08:00"),
    ):
        (n,) = _all(text)
        assert (n.to_json()["start"], n.change is not None) == (start, True), text


def test_put_off_by_a_week_moves_by_a_week_keeping_its_uid() -> None:
    before = _all("3月5日晚，社区将在文化广场放映露天电影。")
    (n,) = _all("受降雨影响，3月5日晚的露天电影放映暂停，顺延一周。")
    assert (n.to_json()["start"], n.change) == ("2025-03-12", "顺延一周")
    assert _all("如遇雨天，3月5日晚的露天电影放映顺延一周。")[0].to_json()["start"] == "2025-03-05"
    assert before[0].kind == n.kind


def test_a_happening_named_by_its_ending_when_no_kind_word_knows_it() -> None:
    (n,) = _all("第三届杨梅采摘开园节将于3月18日在东岭果园举行。")
    assert (n.kind, n.to_json()["start"], n.location) == ("activity", "2025-03-18", "东岭果园")


def test_a_festival_day_or_a_week_word_is_no_happening_name() -> None:
    assert [n for n in _all("春节将于1月29日到来，请市民注意出行安全。", datetime(2025, 1, 10, tzinfo=SHANGHAI)) if n.forward] == []
    assert _all("本周将于3月6日迎来降温，请注意保暖。") == []


def test_dated_rows_right_under_the_title_are_rows_not_headline_lines() -> None:
    text = "3月份“领导接听日”安排\n3月6日 区委书记 刘建\n3月20日 区长 马林\n接听时间：当天上午8:30—11:30\n"
    got = [(n.kind, n.to_json()["start"]) for n in _all(text)]
    assert got == [("hotline", "2025-03-06T08:30:00+08:00"), ("hotline", "2025-03-20T08:30:00+08:00")]


def test_the_last_row_of_a_table_is_not_joined_to_the_line_after_it() -> None:
    text = (
        "| 停电日期 | 停电时间 | 停电范围 |\n"
        "| 2025年3月9日 | 07:30-15:30 | 城关镇东街、粮站家属院、育才小学、城关镇西街 |\n"
        "| 2025年3月10日 | 08:00-12:00 | 马庄村、前屯村、后屯村、马庄小学、马庄卫生院 |\n"
        "如遇雷雨天气，检修工作顺延，恕不另行通知。\n"
    )
    got = [(n.kind, n.to_json()["start"]) for n in _all(text)]
    assert got == [("outage", "2025-03-09T07:30:00+08:00"), ("outage", "2025-03-10T08:00:00+08:00")]


def test_hours_under_a_table_belong_to_every_row_and_rows_take_the_pages_kind() -> None:
    text = (
        "区“民生热线”3月份上线单位安排\n"
        "| 上线日期 | 上线单位 |\n| 3月10日 | 区人社局 |\n| 3月17日 | 区住建局 |\n"
        "节目时间：上线当天上午9:00—10:00，区广播电台直播。\n"
    )
    got = [(n.kind, n.to_json()["start"], n.to_json()["end"]) for n in _all(text)]
    assert got == [
        ("hotline", "2025-03-10T09:00:00+08:00", "2025-03-10T10:00:00+08:00"),
        ("hotline", "2025-03-17T09:00:00+08:00", "2025-03-17T10:00:00+08:00"),
    ]


def test_table_rows_with_only_hours_are_on_the_leads_day() -> None:
    text = (
        "区迷你马拉松将于3月16日（星期日）7:30开跑，届时将对沿线道路实施交通管制：\n"
        "| 管制路段 | 管制时间 |\n| 东湖大道 | 6:00-10:30 |\n| 湖滨路全线 | 6:30-11:00 |\n"
    )
    got = sorted(_row(n) for n in _all(text) if n.kind == "outage")
    assert got == [
        ("outage", "2025-03-16T06:00:00+08:00", "2025-03-16T10:30:00+08:00"),
        ("outage", "2025-03-16T06:30:00+08:00", "2025-03-16T11:00:00+08:00"),
    ]


def test_a_programme_aired_on_the_day_the_page_gives_is_the_session_its_rerun_other() -> None:
    text = "《问政江城》第八期本周四晚播出\n本期节目将于本周四（3月6日）晚8点在市电视台综合频道播出，3月7日中午12:30重播。"
    got = sorted((n.kind, n.to_json()["start"]) for n in _all(text, datetime(2025, 3, 3, 9, 0, tzinfo=SHANGHAI)))
    assert got == [("hotline", "2025-03-06T20:00:00+08:00"), ("other", "2025-03-07T12:30:00+08:00")]


def test_a_weekly_closing_day_in_brackets_is_no_closure() -> None:
    text = "“江南春色”水彩画展即将开展\n时间：2025年3月18日—5月20日（周一闭馆）\n地点：市美术馆二楼展厅\n"
    (n,) = _all(text)
    assert _row(n) == ("exhibition", "2025-03-18", "2025-05-20")


def test_the_next_session_of_a_hotline_series_is_a_hotline_session() -> None:
    text = "“民生热线”第46期聚焦公交\n昨日上午，“民生热线”第46期活动举行。据了解，第47期活动将于3月11日上午9时举行。"
    got = [(n.kind, n.to_json()["start"]) for n in _all(text) if n.forward]
    assert got == [("hotline", "2025-03-11T09:00:00+08:00")]


def test_a_places_opening_hours_after_its_reopening_day_do_not_repeat() -> None:
    text = "区动物园将于3月8日起恢复对外开放，开放时间为每日8:30—17:30。"
    (n,) = _all(text)
    assert (n.kind, n.to_json()["start"], n.rrule) == ("other", "2025-03-08", None)


def test_ji_ri_qi_and_a_due_day_later_in_the_sentence_are_one_window() -> None:
    (n,) = _all("2025年度耕地地力保护补贴申请即日起开始受理，申请截止时间为2025年4月30日。")
    assert _row(n) == ("deadline", "2025-03-02", "2025-04-30")


def test_stopping_a_service_from_a_day_is_a_closure_not_an_end() -> None:
    (n,) = _all("为做好搬迁工作，区图书馆老馆将于3月20日起停止对外借阅服务。")
    assert _row(n) == ("outage", "2025-03-20", None)


def test_an_auction_and_a_folk_song_gathering_are_activities() -> None:
    got = [(n.kind, n.to_json()["start"]) for n in _all("3月18日下午2时30分，主办方将在展厅举行现场拍卖会。“春江歌会”定于3月28日晚7时在滨江广场举行。")]
    assert got == [("activity", "2025-03-18T14:30:00+08:00"), ("activity", "2025-03-28T19:00:00+08:00")]


def test_an_opening_day_with_the_run_stated_apart_is_no_rite() -> None:
    text = "“古韵流芳”瓷器珍品展将于3月20日开幕，展期：2025年3月20日至2025年6月1日，展出瓷器珍品80件。"
    assert [_row(n) for n in _all(text)] == [("exhibition", "2025-03-20", "2025-06-01")]


def test_a_list_of_festivals_before_qi_jian_is_a_period_not_a_day() -> None:
    text = "3月1日，全市安全生产工作会议召开，会议对元旦、春节期间的安全生产工作作了安排。"
    assert [n for n in _all(text, datetime(2025, 3, 2, tzinfo=SHANGHAI)) if n.forward] == []


def test_a_clause_subject_named_by_its_ending_beats_a_kind_word_of_a_later_clause() -> None:
    text = "本届科技活动周于3月18日至24日举行，将开展科普讲座、青少年科技创新作品展等活动80余项。"
    assert [_row(n) for n in _all(text)] == [("activity", "2025-03-18", "2025-03-24")]


def test_objections_within_working_days_of_a_public_notice_are_a_deadline() -> None:
    text = "现将拟推荐人选予以公示。对公示内容有异议的，请于公示之日起5个工作日内以书面形式向区人社局反映。"
    (n,) = _all(text, datetime(2025, 1, 24, 9, 0, tzinfo=SHANGHAI))
    assert (n.kind, n.to_json()["start"]) == ("deadline", "2025-02-07")  # across the 2025 Spring Festival


def test_the_day_of_the_happening_is_not_the_last_date_read() -> None:
    text = (
        "第9期“民生热线”接听活动定于2025年3月13日上午9:00—11:30举行。"
        "市民也可于3月10日至11日通过微信公众号提前留言，留言将在活动当天统一交办。"
    )
    got = sorted(_row(n) for n in _all(text))
    assert got == [
        ("deadline", "2025-03-10", "2025-03-11"),
        ("hotline", "2025-03-13T09:00:00+08:00", "2025-03-13T11:30:00+08:00"),
    ]


def test_a_closure_over_the_national_day_holiday_takes_its_official_days() -> None:
    got = [_row(n) for n in _all("国庆期间，区文化馆暂停开放，10月8日起恢复开放。", datetime(2024, 9, 20, tzinfo=SHANGHAI))]
    assert got == [("outage", "2024-10-01", "2024-10-07"), ("other", "2024-10-08", None)]
    assert _all("会议对国庆期间的安全生产工作作了安排。", datetime(2024, 9, 20, tzinfo=SHANGHAI)) == []


def test_a_clock_right_after_a_label_colon_is_read_whole() -> None:
    from notices.explain import explain

    (m,) = explain("开放时间:9:00—17:00", PUB).mentions
    assert (m["text"], m["start"], m["end"]) == ("9:00—17:00", "2025-03-02T09:00:00+08:00", "2025-03-02T17:00:00+08:00")
    (s,) = explain("12:30:45", PUB).mentions
    assert s["start"] == "2025-03-02T12:30:45+08:00"


def test_a_places_opening_hours_are_no_happening() -> None:
    text = "“年味”民间艺术精品展即日起至3月20日在区文化馆展出。开放时间为每天9:00—16:30，周一闭馆。"
    assert [_row(n) for n in _all(text)] == [("exhibition", "2025-03-02", "2025-03-20")]


def test_a_count_of_days_is_no_day_of_the_month() -> None:
    text = "现将规划草案予以公示，公示期为2025年3月3日至4月1日，共30日。公示地点：区规划馆（开放时间：9:00—17:00）。"
    got = [_row(n) for n in _all(text)]
    assert all(start[:10] != "2025-03-30" for _, start, _ in got) and len(got) == 1, got


def test_hours_in_the_line_above_a_table_are_every_rows() -> None:
    text = (
        "3月份“局长接听日”安排如下，接听时间均为当日上午9:00—11:00，地点为市12345热线话务大厅。\n"
        "| 日期 | 接听单位 |\n| 3月5日（星期三） | 市住建局 |\n| 3月12日（星期三） | 市交通运输局 |\n"
    )
    got = [(n.kind, n.to_json()["start"], n.to_json()["end"]) for n in _all(text)]
    assert got == [
        ("hotline", "2025-03-05T09:00:00+08:00", "2025-03-05T11:00:00+08:00"),
        ("hotline", "2025-03-12T09:00:00+08:00", "2025-03-12T11:00:00+08:00"),
    ]


def test_a_due_day_after_please_or_must_is_a_deadline_named_by_its_action() -> None:
    got = [(n.kind, n.to_json()["start"], n.title) for n in _all("家长须在3月10日前签署知情同意书并交至班主任。持票观众可于3月31日前到原购票点办理退票。")]
    assert got == [("deadline", "2025-03-10", "签署知情同意书截止"), ("deadline", "2025-03-31", "办理退票截止")]
    assert _all("各地要确保6月30日前完成改造。") == []


def test_a_happening_the_page_says_will_not_be_is_none() -> None:
    assert _all("3月10日至16日，全区原则上不安排计划停电。") == []


def test_a_drill_is_an_activity() -> None:
    (n,) = _all("3月8日上午，区应急管理局将在万达广场开展消防演练。")
    assert (n.kind, n.to_json()["start"]) == ("activity", "2025-03-08")


def test_a_window_opened_and_closed_at_24_in_one_sentence() -> None:
    (n,) = _all("报名系统已于3月1日启动，将于3月15日24时关闭。")
    assert _row(n) == ("deadline", "2025-03-01", "2025-03-15")


def test_dates_then_their_weekday_with_a_clock_share_the_clock() -> None:
    text = "3月8日、15日两个周六下午2时，区文化馆将邀请非遗传承人现场演示剪纸技艺。"
    got = [n.to_json()["start"] for n in _all(text)]
    assert got == ["2025-03-08T14:00:00+08:00", "2025-03-15T14:00:00+08:00"]


def test_a_working_day_rule_in_a_page_that_dates_nothing_is_no_deadline() -> None:
    text = "区住建局出台《局长接待日制度》。制度规定，对群众反映的问题实行登记、交办、督办，一般问题7个工作日内答复。"
    assert _all(text) == []


def test_a_named_exam_in_its_own_clause_beats_registration_elsewhere() -> None:
    text = "全市初中学业水平考试将于6月20日至22日举行，全市共有3.6万名考生报名。考生须于当天早上7:30前到达考点。"
    assert [_row(n) for n in _all(text)] == [("activity", "2025-06-20", "2025-06-22")]


def test_a_short_label_names_the_kind_of_its_line() -> None:
    text = "三、准考证打印：3月20日至23日，考生登录市人事考试网自行打印。"
    assert [_row(n) for n in _all(text)] == [("deadline", "2025-03-20", "2025-03-23")]


def test_the_close_of_a_whole_event_after_a_days_finals_is_its_own_entry() -> None:
    text = "男子篮球决赛将于3月5日晚7时30分在市体育馆进行，三四名决赛则安排在当天下午3时。本届市运会将于3月9日闭幕。"
    got = sorted((n.kind, n.to_json()["start"], n.to_json()["end"]) for n in _all(text))
    assert got == [
        ("activity", "2025-03-05T15:00:00+08:00", None),
        ("activity", "2025-03-05T19:30:00+08:00", None),
        ("ceremony", "2025-03-09", None),
    ]


def test_weak_words_name_a_happening_only_when_nothing_else_does() -> None:
    got = [(n.kind, n.to_json()["start"]) for n in _all("3月8日17:00至22:30，南门大街（人民路至鼓楼段）禁止机动车通行。3月15日还将举办高校毕业生专场。")]
    assert got == [("outage", "2025-03-08T17:00:00+08:00"), ("activity", "2025-03-15")]
    (n,) = _all("3月8日，南湖大桥实行全封闭施工，禁止车辆通行。")
    assert "封闭施工" in n.title


def test_a_headlines_holiday_period_over_dated_rows_is_no_happening() -> None:
    text = (
        "关于国庆节期间部分线路停电检修的通告\n"
        "为确保国庆节期间电网安全可靠供电，我公司将于节前对部分线路进行停电检修：\n"
        "一、9月26日（星期四）7:00—19:00\n停电线路：10kV北环线\n"
        "二、9月27日（星期五）8:30—14:30\n停电线路：10kV望江线\n"
    )
    got = [(n.kind, n.to_json()["start"]) for n in _all(text, datetime(2024, 9, 20, tzinfo=SHANGHAI))]
    assert got == [("outage", "2024-09-26T07:00:00+08:00"), ("outage", "2024-09-27T08:30:00+08:00")]


def test_a_bulleted_news_item_keeps_its_prose() -> None:
    text = (
        "今日要闻\n■区人大一次会议今日闭幕\n"
        "区第十届人民代表大会第一次会议今日上午将在区会议中心举行第三次全体会议后闭幕，大会将选举产生区长、副区长。\n"
        "■本周六起 区公交开通旅游专线\n"
        "记者从区公交公司获悉，本周六起，区内将开通两条旅游专线，每日首班7:00，末班19:00。\n"
    )
    got = sorted((n.kind, n.to_json()["start"]) for n in _all(text, datetime(2025, 3, 3, 8, 0, tzinfo=SHANGHAI)))
    assert got == [("meeting", "2025-03-03"), ("other", "2025-03-08")]


def test_hours_in_a_section_above_the_table_are_every_rows() -> None:
    text = (
        "关于公布3月份区领导接待日安排的通知\n一、接待时间\n接待日原则上安排在每周四，接待时间为当日上午8:30—11:30。\n"
        "二、接待地点\n区人民来访接待中心一楼。\n三、具体安排\n"
        "| 日期 | 接待领导 |\n| 3月6日 | 区长 韩立 |\n| 3月13日 | 副区长 钱嘉 |\n"
    )
    got = [(n.to_json()["start"], n.to_json()["end"]) for n in _all(text)]
    assert got == [
        ("2025-03-06T08:30:00+08:00", "2025-03-06T11:30:00+08:00"),
        ("2025-03-13T08:30:00+08:00", "2025-03-13T11:30:00+08:00"),
    ]


def test_a_rule_taking_effect_on_a_day_is_an_entry() -> None:
    (n,) = _all("《区公共停车场管理办法》自2025年4月1日起施行。")
    assert (n.kind, n.to_json()["start"]) == ("other", "2025-04-01")


def test_whoever_is_asked_between_please_and_the_day_the_deadline_stands() -> None:
    got = [(n.kind, n.to_json()["start"]) for n in _all("请各单位于3月7日下午5时前将参会人员名单报区应急局。责任单位承诺于3月30日前全部整改销号。")]
    assert got == [("deadline", "2025-03-07T17:00:00+08:00"), ("deadline", "2025-03-30")]


def test_filling_in_school_choices_is_a_deadline_window() -> None:
    (n,) = _all("今年中考志愿填报时间为6月26日至28日，考生在网上填报。")
    assert _row(n) == ("deadline", "2025-06-26", "2025-06-28")


def test_a_new_road_opening_is_no_end_of_anything() -> None:
    text = "城南快速路将于3月28日上午10时在南互通举行通车仪式，当天12时起正式通车运营。"
    got = sorted((n.kind, n.to_json()["start"]) for n in _all(text))
    assert got == [("ceremony", "2025-03-28T10:00:00+08:00"), ("other", "2025-03-28T12:00:00+08:00")]


def test_a_job_fair_for_graduates_and_a_car_show_are_happenings() -> None:
    got = [(n.kind, n.to_json()["start"]) for n in _all("3月15日，区人社局将在区体育馆举办高校毕业生双选会。3月22日至24日，2025春季车展将在会展中心举行。")]
    assert got == [("activity", "2025-03-15"), ("exhibition", "2025-03-22")]


def test_a_time_closing_its_clause_times_the_next_clauses_happening() -> None:
    text = "市政府新闻办定于明天（3月3日）下午3时，在市行政中心新闻发布厅举行新闻发布会，介绍春节前农民工工资支付专项检查有关情况。"
    got = [(n.kind, n.to_json()["start"]) for n in _all(text)]
    assert got == [("meeting", "2025-03-03T15:00:00+08:00")]


def test_a_festival_deadline_needs_something_due() -> None:
    got = [(n.kind, n.to_json()["start"]) for n in _all("请各单位于清明节前完成隐患整改。", datetime(2025, 3, 20, tzinfo=SHANGHAI))]
    assert got == [("deadline", "2025-04-04")]


def test_a_cause_clause_after_a_fronted_time_is_not_the_happening() -> None:
    (n,) = _all("【交通】3月8日7时至9时，因举办长跑比赛，滨河路实行临时交通管制。")
    assert _row(n) == ("outage", "2025-03-08T07:00:00+08:00", "2025-03-08T09:00:00+08:00")


def test_a_deadline_at_24_is_written_on_its_own_day() -> None:
    (n,) = _all("作品征集截止时间为3月31日24时。")
    assert (n.kind, n.to_json()["start"]) == ("deadline", "2025-03-31T24:00:00+08:00")
    assert Notice.from_json(n.to_json()) == n


def test_a_deadline_at_24_falls_due_on_its_day_in_feeds_and_digest() -> None:
    from scheduler.publish.ics import due_day

    (n,) = _all("作品征集截止时间为3月31日24时。")
    assert due_day(n).isoformat() == "2025-03-31"


def test_a_days_own_hours_after_its_label_are_the_listed_days_hours() -> None:
    text = "供电部门将于3月10日、3月12日对10千伏城北线进行停电检修，停电时间均为每日8:00—18:00。"
    got = [_row(n) for n in _all(text)]
    assert got == [
        ("outage", "2025-03-10T08:00:00+08:00", "2025-03-10T18:00:00+08:00"),
        ("outage", "2025-03-12T08:00:00+08:00", "2025-03-12T18:00:00+08:00"),
    ]


def test_a_count_from_each_items_own_day_is_a_standing_rule() -> None:
    text = "区信访局印发接访工作办法。对接访中交办的事项，责任单位应当自交办之日起15个工作日内办结并反馈。"
    assert _all(text) == []


def test_the_last_entry_of_a_places_day_times_nothing() -> None:
    text = "国庆假期（10月1日至7日）期间，区美术馆开放时间延长至晚上8时（7时30分停止入场）。"
    got = [(n.kind, n.to_json()["start"]) for n in _all(text, datetime(2025, 9, 20, tzinfo=SHANGHAI))]
    assert all(not start.endswith("07:30:00+08:00") for _, start in got), got


def test_a_reopening_told_in_the_headline_and_the_body_is_one() -> None:
    text = "闭馆改造一年半 区博物馆3月18日重新开放\n经过一年半的闭馆改造，区博物馆将于3月18日重新对外开放。"
    assert [_row(n) for n in _all(text)] == [("other", "2025-03-18", None)]


def test_a_line_led_by_its_time_is_the_pages_happening() -> None:
    text = "关于召开全区安全生产工作会议的通知\n一、会议时间\n2025年3月11日（星期二）下午3:00，会期约1.5小时。\n二、会议地点\n区政府第一会议室。\n"
    (n,) = _all(text)
    assert (n.kind, n.to_json()["start"]) == ("meeting", "2025-03-11T15:00:00+08:00")


def test_vague_year_end_and_lists_of_festival_periods_time_nothing() -> None:
    assert _all("新区管委会表示，预计2027年底主体完工。") == []
    text = "3月1日，全市安全生产电视电话会议召开，部署春节、全国“两会”期间安全防范工作。"
    assert [n for n in _all(text) if n.forward] == []


def test_a_headline_day_over_the_bodys_timed_opening_is_that_opening() -> None:
    text = (
        "第十届新春灯会今晚亮灯\n本报讯 今晚6时30分，第十届新春灯会将在滨江公园亮灯开幕。"
        "本届灯会共设置大型灯组46组，展出时间即日起至3月12日。\n"
    )
    got = sorted(_row(n) for n in _all(text))
    assert got == [("ceremony", "2025-03-02T18:30:00+08:00", None), ("exhibition", "2025-03-02", "2025-03-12")]


def test_an_opening_rite_after_a_quoted_show_name_is_a_ceremony() -> None:
    text = "「山水清音」书画作品展开幕式定于3月8日上午10时在区文化馆举行。展览展期为3月8日至3月30日。"
    got = sorted(_row(n) for n in _all(text))
    assert got == [("ceremony", "2025-03-08T10:00:00+08:00", None), ("exhibition", "2025-03-08", "2025-03-30")]


def test_a_column_name_led_by_today_is_no_day() -> None:
    text = "今日提醒：明天 城西部分区域停水\n因主管抢修需要，城西水厂将于2025年3月3日9:00—16:00暂停供水。"
    assert [_row(n) for n in _all(text)] == [("outage", "2025-03-03T09:00:00+08:00", "2025-03-03T16:00:00+08:00")]


def test_a_headlines_weekend_and_the_bodys_hours_are_one_outage() -> None:
    text = "热力公司：下周末部分小区停热检修\n因换热站循环泵故障需更换，定于3月8日（星期六）8时至3月9日（星期日）18时对锦绣苑、丰华里三个小区暂停供热。"
    assert [_row(n) for n in _all(text)] == [("outage", "2025-03-08T08:00:00+08:00", "2025-03-09T18:00:00+08:00")]


def test_the_day_of_the_exam_is_the_exams_day() -> None:
    text = "遴选笔试将于3月16日上午9:00—11:30举行。考生可于3月10日至15日下载打印准考证。考试当天须携带准考证参加考试。"
    got = sorted(_row(n) for n in _all(text))
    assert got == [("activity", "2025-03-16T09:00:00+08:00", "2025-03-16T11:30:00+08:00"), ("deadline", "2025-03-10", "2025-03-15")]


def test_a_headline_onset_and_the_bodys_two_day_run_are_one_outage() -> None:
    text = "【供热】3月8日起城东片区供热管网检修停热\n因换热站设备更换，3月8日8时至3月9日20时，城东片区集中供热将暂停。"
    assert [_row(n) for n in _all(text)] == [("outage", "2025-03-08T08:00:00+08:00", "2025-03-09T20:00:00+08:00")]


def test_a_list_sent_to_an_office_names_what_is_due() -> None:
    (n,) = _all("请各单位于3月7日下午5时前将参会人员名单报区应急局办公室。")
    assert (n.kind, n.title) == ("deadline", "参会人员名单报送截止")


def test_a_deadline_does_not_take_its_sections_meeting_place() -> None:
    text = (
        "关于召开全区防汛工作会议的通知\n一、会议时间：2025年3月28日下午2:30\n二、会议地点：区行政中心二楼会议室\n"
        "三、有关要求：请各单位于3月26日下午5点前将参会人员名单报区政府办公室。\n"
    )
    got = {n.kind: n.location for n in _all(text)}
    assert got == {"meeting": "区行政中心二楼会议室", "deadline": None}


def test_a_registration_deadline_is_where_registration_happens() -> None:
    text = "听证会公告\n听证会时间：2025年3月20日上午9时\n听证会地点：区发改局三楼会议室\n报名时间：即日起至3月10日\n报名地点：区发改局价格股\n"
    got = {n.kind: n.location for n in _all(text)}
    assert got == {"hearing": "区发改局三楼会议室", "deadline": "区发改局价格股"}


def test_a_time_under_its_heading_is_named_by_the_pages_headline() -> None:
    text = "关于召开全区安全生产工作会议的通知\n一、会议时间\n2025年3月11日（星期二）下午3:00，会期约1.5小时。\n"
    (n,) = _all(text)
    assert n.title == "全区安全生产工作会议"


def test_a_bare_step_takes_the_document_its_sentence_names() -> None:
    for text in ("《区公共停车场管理办法》自2025年4月1日起施行。", "经区政府同意，《区公共停车场管理办法》将于2025年4月1日起正式施行。"):
        (n,) = _all(text)
        assert n.title == "《区公共停车场管理办法》施行", text
