"""More of the genre, one phenomenon a test: kinds the notices use (forums,
heating, exams, closures of a service), whose happening a short title is
about, shows named after a festival, rooms inside a building, 即日起至.

Every paragraph is written for these tests in the style of local notices.
"""

from __future__ import annotations

from datetime import date, datetime

from notices.extract import extract_document
from notices.model import SHANGHAI, Notice

PUB = datetime(2024, 9, 20, 10, 0, tzinfo=SHANGHAI)


def _notices(text: str) -> list[Notice]:
    return [n for n in extract_document(text, source="t.txt", published=PUB).notices if n.forward]


def _at(mo: int, d: int, h: int = 0, mi: int = 0) -> datetime:
    return datetime(2024, mo, d, h, mi, tzinfo=SHANGHAI)


def _row(n: Notice) -> tuple[str, str, str | None, str]:
    j = n.to_json()
    return (n.kind, j["start"], j["end"], n.title)


def test_a_forum_is_a_meeting_over_its_days() -> None:
    (n,) = _notices("第三届滨湖数字经济论坛将于10月16日至17日在滨湖国际会议中心举办，论坛期间将发布年度报告。")
    assert _row(n) == ("meeting", "2024-10-16", "2024-10-17", "第三届滨湖数字经济论坛")
    assert n.location == "滨湖国际会议中心"


def test_heating_paused_overnight_is_an_outage() -> None:
    (n,) = _notices("因换热站设备检修，9月25日20时至9月26日6时，开发区集中供热将暂停，请用户做好准备。")
    assert (n.kind, n.start, n.end) == ("outage", _at(9, 25, 20), _at(9, 26, 6))


def test_an_exam_and_its_confirmation_window() -> None:
    got = [_row(n) for n in _notices("全市事业单位公开招聘笔试定于11月2日举行，网上确认时间为10月8日至12日，考生须按时确认。")]
    assert ("deadline", "2024-10-08", "2024-10-12", "考生网上确认截止") in got
    assert any(kind == "activity" and start == "2024-11-02" for kind, start, _, _ in got)


def test_a_service_closure_and_its_reopening_name_the_service() -> None:
    got = [_row(n) for n in _notices("区不动产登记中心10月1日至7日国庆假期期间暂停办理业务，10月8日起恢复正常办公。")]
    assert got == [
        ("outage", "2024-10-01", "2024-10-07", "区不动产登记中心暂停办理业务"),
        ("other", "2024-10-08", None, "区不动产登记中心恢复正常办公"),
    ]


def test_a_page_that_says_ben_guan_is_the_body_that_signs_it() -> None:
    text = (
        "现将本馆国庆假期开放安排通知如下：\n"
        "1、10月1日至10月3日闭馆，10月4日起正常开放。\n"
        "城南区文化馆\n"
        "2024年9月20日\n"
    )
    assert [n.title for n in _notices(text)] == ["城南区文化馆闭馆", "城南区文化馆正常开放"]


def test_the_opening_ceremony_of_a_fair_and_the_fair_itself() -> None:
    got = sorted(_row(n) for n in _notices("第五届江城农产品博览会开幕式将于10月9日上午9时举行，展会持续至10月13日。"))
    assert got == [
        ("ceremony", "2024-10-09T09:00:00+08:00", None, "第五届江城农产品博览会开幕式"),
        ("exhibition", "2024-10-09", "2024-10-13", "第五届江城农产品博览会"),
    ]


def test_from_today_until_a_day_is_a_run_from_the_notice_day() -> None:
    (n,) = _notices("即日起至10月31日，区图书馆开展秋季读书打卡活动。")
    assert (n.start, n.end) == (date(2024, 9, 20), date(2024, 10, 31))


def test_from_today_alone_times_nothing() -> None:
    assert _notices("即日起，工作人员将陆续电话联系已报名参加演出的市民，办理相关手续。") == []


def test_a_show_named_after_a_festival_keeps_its_name_and_its_own_date() -> None:
    (n,) = _notices("原定于今晚在江心公园举行的中秋焰火晚会因大风取消，具体时间另行通知。")
    assert n.start == date(2024, 9, 20)
    assert n.status == "cancelled"
    assert n.title == "中秋焰火晚会"


def test_a_room_inside_the_building_belongs_to_the_place() -> None:
    (n,) = _notices("听证会将于10月15日上午9:30在市民服务中心五楼会议室召开。")
    assert n.location == "市民服务中心五楼会议室"
    assert n.title == "听证会"


def test_a_trigger_inside_the_place_name_does_not_name_the_happening() -> None:
    (n,) = _notices("下周一（9月23日）上午9:00—10:00，副县长王强将到县12345热线中心接听群众来电。")
    assert n.location == "县12345热线中心"
    assert n.title == "副县长王强接听群众来电"


def test_the_actor_may_be_named_in_the_clause_before_the_verb() -> None:
    (n,) = _notices("9月23日上午，副市长刘敏来到市民热线受理中心，现场接听群众来电。")
    assert n.title == "副市长刘敏接听群众来电"


def test_suspending_business_is_a_closure_not_a_cancellation() -> None:
    (n,) = _notices("区政务服务大厅9月28日暂停办理业务，请办事群众合理安排时间。")
    assert n.status == "confirmed"
    assert n.kind == "outage"


def test_rows_of_a_contest_notice_are_its_rounds() -> None:
    text = (
        "关于举办全市职工技能大赛的通知\n"
        "一、报名时间：即日起至2024年9月30日17:00\n"
        "二、初赛时间：2024年10月12日（星期六）\n"
        "三、决赛时间：2024年10月26日（星期六）下午2:30\n"
    )
    titles = sorted(n.title for n in _notices(text))
    assert titles == ["全市职工技能大赛决赛", "全市职工技能大赛初赛", "全市职工技能大赛报名截止"]


def test_a_guest_of_a_quoted_programme_is_who_the_title_names() -> None:
    text = "本周三（9月25日），市税务局局长陈立将做客“政风热线”节目，解答纳税人关心的问题。\n节目时间：9月25日10:00—11:00"
    (n,) = _notices(text)
    assert (n.start, n.end) == (_at(9, 25, 10), _at(9, 25, 11))
    assert n.title == "市税务局局长陈立做客“政风热线”节目"


def test_a_festival_named_by_its_own_word_opens_and_runs() -> None:
    got = sorted(_row(n) for n in _notices("第八届江城啤酒节将于10月1日开幕，为期7天，期间将举办音乐会等活动。"))
    assert got == [
        ("activity", "2024-10-01", "2024-10-07", "第八届江城啤酒节"),
        ("ceremony", "2024-10-01", None, "第八届江城啤酒节开幕式"),
    ]


def test_a_boat_race_on_a_festival_day() -> None:
    (n,) = _notices("农历八月十五（9月17日）上午8时，龙舟赛将在青江河段鸣锣开赛，市民可沿岸观赛。".replace("9月17日", "10月17日"))
    assert (n.kind, n.start, n.title) == ("activity", _at(10, 17, 8), "龙舟赛")
    assert n.location == "青江河段"


def test_a_court_session_names_the_court_and_the_case() -> None:
    (n,) = _notices("明天上午9点，县人民法院将公开开庭审理一起非法吸收公众存款案。")
    assert (n.kind, n.start) == ("hearing", _at(9, 21, 9))  # a court hearing is a hearing
    assert n.title.startswith("县人民法院") and "开庭" in n.title


def test_a_one_way_traffic_arrangement_is_an_outage() -> None:
    (n,) = _notices("10月1日至10月5日，每天8时至20时，古城景区周边道路实行单向通行。")
    # daily hours right after the days: from the first day's start to the last day's end
    assert (n.kind, n.to_json()["start"], n.to_json()["end"]) == ("outage", "2024-10-01T08:00:00+08:00", "2024-10-05T20:00:00+08:00")


def test_a_source_tag_in_brackets_is_not_part_of_a_title() -> None:
    (n,) = _notices("【本报讯】市政府新闻办定于9月24日下午3时召开新闻发布会，介绍全市秋粮收购情况。")
    assert not n.title.startswith("【")


def test_a_schedule_of_dated_lines_is_one_session_a_line_named_by_its_guest() -> None:
    text = (
        "“政风行风”热线10月上线单位安排\n"
        "10月9日（周三）9:00-10:00 市自然资源和规划局\n"
        "10月16日（周三）9:00-10:00 市生态环境局\n"
        "10月23日（周三）9:00-10:00 市教育局\n"
        "欢迎广大市民届时拨打热线参与。"
    )
    got = [(n.kind, n.start, n.title) for n in _notices(text)]
    assert got == [
        ("hotline", _at(10, 9, 9), "市自然资源和规划局上线“政风行风”热线"),
        ("hotline", _at(10, 16, 9), "市生态环境局上线“政风行风”热线"),
        ("hotline", _at(10, 23, 9), "市教育局上线“政风行风”热线"),
    ]


def test_items_filed_under_bracket_tags_are_titled_by_their_own_words() -> None:
    text = (
        "便民信息\n"
        "【停水】9月24日9时至17时，因管道维修，城北区和平小区、幸福里小区停水。\n"
        "【停电】9月25日8时至18时，因线路检修，开发区工业大道沿线停电。"
    )
    assert [n.title for n in _notices(text)] == ["城北区和平小区、幸福里小区停水", "开发区工业大道沿线停电"]


def test_a_session_named_by_an_ordinal_says_whose_it_is_and_a_kind_of_meeting_stands_alone() -> None:
    text = "市人大常委会将于10月24日召开第二十一次会议。会前，10月22日下午将召开主任会议，研究有关事项。"
    assert sorted(n.title for n in _notices(text)) == ["主任会议", "市人大常委会第二十一次会议"]


def test_a_named_happening_on_one_day_of_a_run_is_its_own_entry() -> None:
    text = "10月1日至10月7日，全市A级景区将推出系列优惠活动，其中10月3日当天，市科技馆将举办“科普奇妙夜”活动。"
    got = sorted((n.to_json()["start"], n.to_json()["end"]) for n in _notices(text))
    assert got == [("2024-10-01", "2024-10-07"), ("2024-10-03", None)]


def test_a_work_target_is_not_a_deadline_for_the_public() -> None:
    text = (
        "9月19日上午，市政府召开全市营商环境推进会。会议要求，确保12月底前全面完成年度改革任务，"
        "力争年底前实现企业开办一日办结，各地要在11月底前完成隐患排查。"
    )
    assert [n for n in _notices(text) if n.kind == "deadline"] == []


def test_a_deadline_for_the_public_stays() -> None:
    (n,) = _notices("各参赛单位须于10月15日前将报名表报送至市体育局。")
    assert (n.kind, n.start) == ("deadline", date(2024, 10, 15))


def test_the_day_a_festival_closed_is_its_end_not_its_start() -> None:
    text = "9月18日，第六届江城灯光节在滨江公园落下帷幕。本届灯光节为期5天，共吸引游客20万人次。"
    assert _notices(text) == []


def test_a_postponed_fair_on_a_traditional_page_keeps_its_name() -> None:
    (n,) = _notices("原定於9月28日舉行的秋季遊園會，因天氣原因改期至10月5日舉行，地點不變。")
    assert (n.kind, n.start, n.title) == ("activity", date(2024, 10, 5), "秋季遊園會")
    assert n.change is not None


def test_a_notice_title_inline_does_not_name_the_outage() -> None:
    (n,) = _notices("关于暂停供水的通知：因管网维修，9月25日上午8时至下午6时，南区部分路段停水。")
    assert n.title == "南区部分路段停水"


def test_a_holiday_schedule_of_a_library() -> None:
    text = (
        "区图书馆国庆开放安排：10月1日至10月3日闭馆；10月4日至10月6日，每天9:00-17:00开放；"
        "10月7日起恢复正常开放时间。"
    )
    got = [_row(n) for n in _notices(text)]
    assert got == [
        ("outage", "2024-10-01", "2024-10-03", "区图书馆闭馆"),
        # the days' hours, said once, run from the first opening to the last close (session 9)
        ("other", "2024-10-04T09:00:00+08:00", "2024-10-06T17:00:00+08:00", "区图书馆开放"),
        ("other", "2024-10-07", None, "区图书馆恢复正常开放"),
    ]


def test_games_and_their_opening_ceremony() -> None:
    text = "第十五届全运会将于11月9日至21日在广州举行。其中，开幕式定于11月9日晚8时在广州天河体育中心体育场举行。"
    got = sorted(_row(n) for n in _notices(text))
    assert got == [
        ("activity", "2024-11-09", "2024-11-21", "第十五届全运会"),
        ("ceremony", "2024-11-09T20:00:00+08:00", None, "第十五届全运会开幕式"),
    ]


def test_put_off_without_a_new_date_is_called_off_for_now_with_a_note() -> None:
    (n,) = _notices("受台风影响，原定于10月10日至12日举办的第三届海洋文化节延期举办，具体时间另行通知。")
    assert (n.status, n.change) == ("cancelled", "延期举办，时间另行通知")
    assert (n.start, n.end) == (date(2024, 10, 10), date(2024, 10, 12))


def test_called_off_has_no_postponement_note() -> None:
    (n,) = _notices("因故，原定10月20日举行的城市健康跑活动取消，报名费全额退还。")
    assert (n.status, n.change) == ("cancelled", None)


def test_the_official_who_takes_the_calls_names_the_session() -> None:
    (n,) = _notices("9月20日，记者从市政府获悉，副市长李军将于9月26日上午9时至10时在市政务服务中心接听12345热线。")
    assert n.title == "副市长李军接听12345热线"
    assert n.location == "市政务服务中心"


def test_a_series_named_once_and_held_again_on_later_days() -> None:
    text = "9月21日晚7点半，“纳凉晚会”将在人民公园广场上演，后续还将于9月28日、10月5日各举办一场。"
    got = [(n.kind, n.to_json()["start"]) for n in _notices(text)]
    assert got == [("activity", "2024-09-21T19:30:00+08:00"), ("activity", "2024-09-28"), ("activity", "2024-10-05")]


def test_a_page_of_fields_only_is_titled_by_its_time_label() -> None:
    text = "会议时间：2024年9月25日（星期三）下午3:00\n会议地点：区行政中心五楼会议室\n参会人员：各街道分管负责同志"
    (n,) = _notices(text)
    assert (n.kind, n.title, n.location) == ("meeting", "会议", "区行政中心五楼会议室")


def test_an_open_air_film_show() -> None:
    (n,) = _notices("本周五（9月20日）晚8点，“夏夜星空”露天电影将在滨江公园放映。")
    assert (n.kind, n.start) == ("activity", _at(9, 20, 20))


def test_what_would_have_happened_but_will_not_is_no_notice() -> None:
    text = "按照规定，明天应该启动新一轮尾号限行，但由于明后两天是周末，所以无需限行，新一轮限行从下周一开始。"
    got = [(n.kind, n.start) for n in _notices(text)]
    assert (("outage", date(2024, 9, 21))) not in got


def test_opening_and_closing_sessions_at_their_hours_are_two_entries() -> None:
    text = "请各位代表列席10月8日上午8:30召开的开幕大会，以及10月10日上午9:00召开的闭幕大会。"
    got = [(n.kind, n.start, n.end) for n in _notices(text)]
    assert got == [("meeting", _at(10, 8, 8, 30), None), ("meeting", _at(10, 10, 9), None)]


def test_a_closing_day_without_a_clock_still_ends_the_run() -> None:
    got = sorted(_row(n) for n in _notices("第三届江城读书节将于10月8日开幕，12日举行闭幕式。"))
    assert got == [
        ("activity", "2024-10-08", "2024-10-12", "第三届江城读书节"),
        ("ceremony", "2024-10-08", None, "第三届江城读书节开幕式"),
    ]


def test_a_deadline_is_named_after_the_hearing_whose_time_line_names_it() -> None:
    text = (
        "关于召开城市燃气价格调整听证会的公告\n"
        "一、听证会时间：2024年10月28日（星期一）下午2:30\n"
        "二、听证参加人报名：10月8日至10月15日，可通过电话或现场报名。\n"
    )
    titles = sorted(n.title for n in _notices(text))
    assert titles == ["城市燃气价格调整听证会", "城市燃气价格调整听证会参加人报名截止"]


def test_a_notice_label_before_the_body_does_not_title_it() -> None:
    (n,) = _notices("停气通知：因燃气管网改造，9月26日9:00-17:00，和平路沿线居民暂停供气，请关闭燃气阀门。")
    assert n.title == "和平路沿线居民暂停供气"


def test_who_holds_a_kind_of_meeting() -> None:
    (n,) = _notices("市妇联将于10月7日下午在市文化中心举办庆祝大会，表彰一批先进集体。")
    assert n.title == "市妇联庆祝大会"


def test_the_first_session_of_an_announced_series_refers_back_to_it() -> None:
    text = "今年的“局长接听日”活动自10月起每月举办一期，每期由一名局长到12345热线受理中心接听群众来电。首期将于10月11日上午举行。"
    (n,) = _notices(text)
    assert (n.kind, n.start) == ("hotline", date(2024, 10, 11))
    assert n.title == "“局长接听日”活动(首期)"


def test_a_headline_title_drops_its_relative_day() -> None:
    text = "第86期“热线问政”明日开播\n本报讯 9月21日（星期六）上午9:00—11:00，第86期“热线问政”将在市广播电视台演播大厅举行。"
    (n,) = _notices(text)
    assert "明日" not in n.title and "热线问政" in n.title


def test_numbered_records_of_an_outage_notice_keep_their_own_places() -> None:
    text = (
        "计划停电通知\n"
        "一、停电时间：2024年9月25日7:00—19:00\n"
        "停电范围：龙华镇新村、老街\n"
        "二、停电时间：2024年9月26日8:00—17:30\n"
        "停电范围：白石乡全乡\n"
    )
    assert [(n.start, n.location) for n in _notices(text)] == [
        (_at(9, 25, 7), "龙华镇新村、老街"),
        (_at(9, 26, 8), "白石乡全乡"),
    ]


def test_the_same_day_word_at_both_ends_of_a_range_is_that_day() -> None:
    (n,) = _notices("供电公司定于9月28日（周六）对城区东风线进行检修，停电时间为当日7:30至18:30，影响东风路、胜利街部分用户。")
    assert (n.start, n.end) == (_at(9, 28, 7, 30), _at(9, 28, 18, 30))
    assert (n.title, n.location) == ("东风路、胜利街部分用户停电", "东风路、胜利街部分用户")


def test_rows_of_a_table_under_their_header_are_one_outage_each() -> None:
    text = (
        "计划停电公告\n"
        "| 停电日期 | 停电时间 | 停电线路 | 停电范围 |\n"
        "| 9月25日 | 8:00-17:00 | 10kV城关线 | 城关镇北街 |\n"
        "| 9月26日 | 8:00-17:00 | 10kV城关线 | 城关镇南街 |\n"
        "| 9月26日 | 8:00-17:00 | 10kV桥头线 | 桥头村一组至五组 |\n"
    )
    got = sorted((n.start, n.location, n.title) for n in _notices(text))
    assert got == [
        (_at(9, 25, 8), "城关镇北街", "城关镇北街停电"),
        (_at(9, 26, 8), "城关镇南街", "城关镇南街停电"),
        (_at(9, 26, 8), "桥头村一组至五组", "桥头村一组至五组停电"),
    ]


def test_a_word_table_of_outages_through_the_input_layer() -> None:
    from scheduler.inputs.word import docx_document
    from tests.inputs_support import docx_bytes

    rows = [["停电日期", "停电时间", "停电范围"], ["9月25日", "8:00-17:00", "城关镇北街"], ["9月26日", "8:00-17:00", "城关镇南街"]]
    doc = docx_document(docx_bytes(["计划停电公告"], rows, ["县供电公司"]), "inbox/停电.docx")
    got = [(n.start, n.location) for n in extract_document(doc.text, source="停电.docx", published=PUB).notices]
    assert got == [(_at(9, 25, 8), "城关镇北街"), (_at(9, 26, 8), "城关镇南街")]


def test_a_hearing_named_only_by_its_kind_takes_its_subject_line() -> None:
    text = (
        "听证会公告\n"
        "听证会时间：2024年10月21日（星期一）上午9时\n"
        "听证会地点：县发改局三楼会议室\n"
        "听证事项：县城区管道天然气价格调整方案\n"
    )
    (n,) = _notices(text)
    assert (n.title, n.location) == ("县城区管道天然气价格调整方案听证会", "县发改局三楼会议室")


def test_shows_of_a_programme_are_named_by_their_works() -> None:
    text = "“周末剧场”10月安排：10月5日 19:30 话剧《雷雨》；10月12日 19:30 儿童剧《小红帽》；10月19日 14:30 戏曲专场。"
    # a show named only by its kind says whose programme it is
    assert [n.title for n in _notices(text)] == ["话剧《雷雨》", "儿童剧《小红帽》", "“周末剧场”戏曲专场"]


def test_a_closed_archive_names_itself_and_will_stops_nothing() -> None:
    got = [n.title for n in _notices("市档案馆因设施改造，自9月23日起暂停对外开放，恢复开放时间另行通知。")]
    assert got == ["市档案馆暂停对外开放"]
    (n,) = _notices("因主管网抢修，9月25日凌晨1时至上午10时，城南片区将停止供水。")
    assert n.title == "城南片区停止供水"


def test_a_fair_and_the_closure_it_brings_are_two_entries_at_one_time() -> None:
    text = "市民朋友们请注意：9月28日晚7点至10点，市中心广场将举办灯光秀，届时周边道路将实行交通管制，请提前规划出行路线。"
    got = sorted((n.kind, n.start, n.end) for n in _notices(text))
    assert got == [
        ("activity", _at(9, 28, 19), _at(9, 28, 22)),
        ("outage", _at(9, 28, 19), _at(9, 28, 22)),
    ]


def test_a_fronted_day_with_a_session_named_by_its_ordinal() -> None:
    (n,) = _notices("9月27日（本周五）上午，市人大常委会将召开第二十三次会议，听取和审议有关报告。")
    assert n.title == "市人大常委会第二十三次会议"


def test_a_meeting_speaking_in_a_report_times_nothing_of_its_own() -> None:
    text = "9月18日，区政府召开常务会议。会议决定，自2025年1月1日起，在全区范围内实施新的城市道路停车收费标准。"
    assert _notices(text) == []


def test_a_legislative_hearing_is_named_by_the_draft_it_hears() -> None:
    text = "市人大常委会法制工作委员会将于10月18日下午2时30分在市人大常委会会议室举行立法听证会，就《江城市养犬管理条例（草案）》中的有关问题听取意见。"
    (n,) = _notices(text)
    assert n.title == "《江城市养犬管理条例(草案)》立法听证会"  # brackets read as ASCII, as everywhere
    assert n.location == "市人大常委会会议室"


def test_a_page_of_several_items_each_under_its_own_dateline() -> None:
    text = (
        "城事速递\n"
        "我市将举办首届桂花文化节\n"
        "本报讯（记者 李明）10月18日至20日，首届桂花文化节将在城东公园举办。\n"
        "南湖大桥夜间封闭施工\n"
        "本报讯（记者 王芳）因桥面维修，10月16日至10月20日每晚22时至次日5时，南湖大桥实行全封闭施工，禁止车辆通行。\n"
        "全市秋季运动会圆满落幕\n"
        "本报讯（记者 赵强）9月19日，全市第十二届秋季运动会在市体育中心圆满落幕。\n"
    )
    got = [(n.kind, n.to_json()["start"], n.to_json()["end"], n.title) for n in _notices(text)]
    assert got == [
        ("outage", "2024-10-16T22:00:00+08:00", "2024-10-21T05:00:00+08:00", "南湖大桥全封闭施工"),
        ("activity", "2024-10-18", "2024-10-20", "首届桂花文化节"),
    ]
