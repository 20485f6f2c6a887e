"""The frame stage on genre paragraphs written for these tests.

Each test states one phenomenon of the genre (a start and an end in two
clauses, a date in the lead and a clock in a later line, rows of a table, a
change of plan, identity across files) and the notices it must give.
"""

from __future__ import annotations

from datetime import date, datetime

from notices.extract import extract_document
from notices.model import SHANGHAI, Notice

PUB = datetime(2024, 5, 6, 10, 0, tzinfo=SHANGHAI)


def _notices(text: str, source: str = "t.txt") -> list[Notice]:
    return [n for n in extract_document(text, source=source, published=PUB).notices if n.forward]


def _at(y: int, mo: int, d: int, h: int = 0, mi: int = 0) -> datetime:
    return datetime(y, mo, d, h, mi, tzinfo=SHANGHAI)


def test_outage_start_and_restore_are_one_entry() -> None:
    text = "因管网改造，城南片区将于5月8日8时起暂停供水，预计当日18时恢复供水，请用户提前储水。"
    (n,) = _notices(text)
    assert n.kind == "outage"
    assert (n.start, n.end) == (_at(2024, 5, 8, 8), _at(2024, 5, 8, 18))


def test_lead_date_and_later_clock_line_merge() -> None:
    text = (
        "区长将于5月9日上午接听12345热线，与市民在线交流。\n"
        "时间：5月9日（星期四）上午9:00-10:30\n"
        "地点：区政务服务中心三楼热线大厅\n"
    )
    (n,) = _notices(text)
    assert n.kind == "hotline"
    assert (n.start, n.end) == (_at(2024, 5, 9, 9), _at(2024, 5, 9, 10, 30))
    assert n.location == "区政务服务中心三楼热线大厅"


def test_exhibition_end_in_a_later_clause_is_not_a_notice() -> None:
    text = "5月10日起，全市青少年书画展在市文化馆展出，展览将持续到5月20日，市民可免费参观。"
    (n,) = _notices(text)
    assert n.kind == "exhibition"
    assert (n.start, n.end) == (date(2024, 5, 10), date(2024, 5, 20))


def test_a_show_opening_with_an_end_is_its_run() -> None:
    # No rite is named (开幕式, 仪式, 出席…): the opening is the show's first day, not a ceremony.
    text = "5月10日，全市青少年书画展在市文化馆开幕，展览将持续到5月20日，市民可免费参观。"
    got = sorted((n.kind, n.to_json()["start"], n.to_json()["end"], n.title) for n in _notices(text))
    assert got == [("exhibition", "2024-05-10", "2024-05-20", "全市青少年书画展")]


def test_an_opening_rite_with_an_end_gives_the_ceremony_and_the_show() -> None:
    text = "5月10日，全市青少年书画展在市文化馆开幕，区领导出席开幕仪式，展览将持续到5月20日。"
    got = sorted((n.kind, n.to_json()["start"], n.to_json()["end"]) for n in _notices(text))
    assert got == [("ceremony", "2024-05-10", None), ("exhibition", "2024-05-10", "2024-05-20")]


def test_duration_gives_the_end() -> None:
    text = "全民健身运动会定于5月18日在市体育中心举办，为期3天。"
    (n,) = _notices(text)
    assert (n.start, n.end) == (date(2024, 5, 18), date(2024, 5, 20))


def test_an_opening_and_the_festival_it_opens_are_two_entries() -> None:
    text = "5月18日上午9时，第十届茶文化节在滨江公园开幕。本届茶文化节由区政府主办，会期10天。"
    got = sorted((n.kind, n.to_json()["start"], n.to_json()["end"]) for n in _notices(text))
    assert got == [("activity", "2024-05-18", "2024-05-27"), ("ceremony", "2024-05-18T09:00:00+08:00", None)]


def test_range_with_qi_zhi_zhi_is_one_closure() -> None:
    text = "因桥面维修，自2024年5月10日0时起至2024年5月12日24时止，解放桥实行全封闭施工，禁止车辆通行。"
    (n,) = _notices(text)
    assert n.kind == "outage"
    assert (n.start, n.end) == (_at(2024, 5, 10), _at(2024, 5, 13))
    assert n.to_json()["end"] == "2024-05-12T24:00:00+08:00"


def test_rows_of_a_programme_each_give_their_happening() -> None:
    text = (
        "第五届乡村文化节将于5月20日至22日在石桥镇举行。\n"
        "(一)开幕式\n"
        "1.时间:2024年5月20日上午9:30\n"
        "2.地点:石桥镇文化广场\n"
        "(二)农民篮球邀请赛\n"
        "时间:2024年5月21日——5月22日\n"
        "地点:石桥镇中学体育馆\n"
    )
    got = {(n.kind, n.to_json()["start"], n.to_json()["end"]): n for n in _notices(text)}
    assert set(got) == {
        ("activity", "2024-05-20", "2024-05-22"),
        ("ceremony", "2024-05-20T09:30:00+08:00", None),
        ("activity", "2024-05-21", "2024-05-22"),
    }
    opening = got[("ceremony", "2024-05-20T09:30:00+08:00", None)]
    assert opening.location == "石桥镇文化广场"
    assert "开幕式" in opening.title and "文化节" in opening.title
    assert got[("activity", "2024-05-21", "2024-05-22")].title == "农民篮球邀请赛"


def test_two_outages_at_the_same_time_in_one_file_stay_two() -> None:
    text = (
        "因线路检修，5月15日8:00-18:00在东湖街道停电。\n"
        "因线路检修，5月15日8:00-18:00在西山街道停电。\n"
    )
    notices = _notices(text)
    assert len(notices) == 2
    assert len({n.uid for n in notices}) == 2


def test_two_outages_at_the_same_time_in_two_files_have_two_uids() -> None:
    a = _notices("供水公司通知，5月15日8时至18时在东湖街道停水。", "a.txt")
    b = _notices("供水公司通知，5月15日8时至18时在西山街道停水。", "b.txt")
    assert len(a) == len(b) == 1
    assert a[0].uid != b[0].uid


def test_the_same_happening_in_two_articles_has_one_uid() -> None:
    a = _notices("本报讯 市人大常委会将于5月16日上午在市民中心召开立法听证会，听取市民意见。", "a.txt")
    b = _notices("市人大常委会定于5月16日上午在市民中心召开立法听证会，欢迎市民报名旁听。", "b.txt")
    assert len(a) == len(b) == 1
    assert a[0].uid == b[0].uid


def test_postponement_moves_the_happening_and_keeps_its_uid() -> None:
    before = _notices("全民健身运动会将于5月12日在体育中心举行，欢迎市民参加。", "a.txt")
    moved = _notices("原定于5月12日在体育中心举行的全民健身运动会延期至5月19日举行。", "b.txt")
    (m,) = moved
    assert m.start == date(2024, 5, 19)
    assert m.change is not None and "5月19日" in m.change
    assert before[0].uid == m.uid


def test_cancelled_happening_is_marked() -> None:
    (n,) = _notices("受天气影响，原定5月11日晚在市民广场举办的露天音乐会取消。")
    assert n.status == "cancelled"


def test_reopening_is_its_own_entry_and_ends_the_closure() -> None:
    text = "市图书馆5月7日至5月9日闭馆维修，5月10日起恢复开放。"
    got = sorted((n.kind, n.to_json()["start"], n.to_json()["end"]) for n in _notices(text))
    assert got == [("other", "2024-05-10", None), ("outage", "2024-05-07", "2024-05-09")]


def test_a_restated_time_in_another_sentence_is_not_a_second_notice() -> None:
    text = (
        "今天10时至11时30分，《问政面对面》直播第十期，本期关注老旧小区改造。\n"
        "市广播电视台新闻频道今天10时对节目进行现场直播。"
    )
    notices = _notices(text)
    assert len(notices) == 1
    assert notices[0].kind == "hotline"


def test_titles_are_the_happenings_name() -> None:
    (n,) = _notices("经研究，定于5月28日（星期二）上午召开市政协第八届委员会常务委员会第十二次会议。")
    assert n.title == "市政协第八届委员会常务委员会第十二次会议"


def test_a_condition_in_days_is_not_a_deadline() -> None:
    text = "5月20日上午，社区将举办义诊活动。参加者须14天内无发热症状。"
    assert [n.kind for n in _notices(text)] == ["activity"]


def test_numbered_schedule_rows_keep_their_dates() -> None:
    text = (
        "四、日程安排\n"
        "1.5月20日14:00前报到,14:30-15:10参观展厅。\n"
        "2.5月21日9:00-9:30合影留念。\n"
    )
    got = sorted((n.kind, n.to_json()["start"], n.to_json()["end"]) for n in _notices(text))
    assert got == [
        ("deadline", "2024-05-20T14:00:00+08:00", None),
        ("other", "2024-05-20T14:30:00+08:00", "2024-05-20T15:10:00+08:00"),
        ("other", "2024-05-21T09:00:00+08:00", "2024-05-21T09:30:00+08:00"),
    ]


def test_opening_hours_after_a_deadline_are_no_happenings() -> None:
    text = "有意参加者请于5月20日之前(工作日8:30-12:00,14:30-17:30)到镇政府办公室报名。"
    got = [(n.kind, n.to_json()["start"]) for n in _notices(text)]
    assert got == [("deadline", "2024-05-20")]


def test_traditional_characters_are_read() -> None:
    (n,) = _notices("聽證會將於5月28日上午9時在縣政府會議室舉行。")
    assert n.kind == "hearing"
    assert n.start == _at(2024, 5, 28, 9)


def test_registration_window_from_a_label_line() -> None:
    text = "区图书馆将举办暑期阅读营。\n报名时间：5月10日至5月15日\n活动时间：5月20日9:00至11:30\n"
    got = sorted((n.kind, n.to_json()["start"], n.to_json()["end"]) for n in _notices(text))
    assert got == [
        ("activity", "2024-05-20T09:00:00+08:00", "2024-05-20T11:30:00+08:00"),
        ("deadline", "2024-05-10", "2024-05-15"),
    ]


def test_window_opened_by_the_notice_and_closed_by_a_deadline_label() -> None:
    text = "自本公告发布之日起，可以开始报名。\n报名截止时间：2024年5月20日17:00止。\n"
    (n,) = _notices(text)
    assert n.kind == "deadline"
    # open from the notice's day until the closing hour (the hour is kept, not only its day)
    assert (n.start, n.end) == (_at(2024, 5, 6, 0), _at(2024, 5, 20, 17))


def test_hours_of_a_duration_end_a_timed_outage() -> None:
    (n,) = _notices("因管道维修，城西片区将于5月12日20时起停水，为期36小时。")
    assert (n.start, n.end) == (_at(2024, 5, 12, 20), _at(2024, 5, 14, 8))


def test_several_shows_extended_in_one_sentence_are_several_entries() -> None:
    text = "“江南水乡摄影展”延期至5月26日，“古代钱币特展”延期至6月2日。"
    got = sorted((n.kind, n.to_json()["start"]) for n in _notices(text))
    assert got == [("exhibition", "2024-05-26"), ("exhibition", "2024-06-02")]


def test_records_of_a_table_are_one_entry_each_even_at_one_hour() -> None:
    text = (
        "计划停电公告\n"
        "供电公司将对以下线路进行检修，届时将停电。\n"
        "停电时间：2024年5月9日 08:00-17:00 停电线路：10kV河西线 停电范围：河西村、柳林村\n"
        "停电时间：2024年5月10日 07:30-16:00 停电线路：10kV东港线 停电范围：东港码头一带\n"
        "停电时间：2024年5月10日 07:30-16:00 停电线路：10kV南岭线 停电范围：南岭镇政府周边\n"
    )
    got = [(n.to_json()["start"], n.to_json()["end"], n.location) for n in _notices(text)]
    assert got == [
        ("2024-05-09T08:00:00+08:00", "2024-05-09T17:00:00+08:00", "河西村、柳林村"),
        ("2024-05-10T07:30:00+08:00", "2024-05-10T16:00:00+08:00", "东港码头一带"),
        ("2024-05-10T07:30:00+08:00", "2024-05-10T16:00:00+08:00", "南岭镇政府周边"),
    ]
    # each record is titled by its own line (a named kV line names a power outage)
    assert [n.title for n in _notices(text)] == ["10kV河西线停电", "10kV东港线停电", "10kV南岭线停电"]
    assert len({n.uid for n in _notices(text)}) == 3


def test_the_following_areas_are_named_by_the_list_under_the_range_label() -> None:
    text = (
        "因供水管道迁改，定于2024年5月11日9:00至21:00对下列区域暂停供水，请提前储水。\n"
        "停水范围：\n"
        "1．新城区：学府路两侧商铺；\n"
        "2．老城区：文庙街、鼓楼巷。\n"
    )
    (n,) = _notices(text)
    assert (n.start, n.end) == (_at(2024, 5, 11, 9), _at(2024, 5, 11, 21))
    assert n.location == "新城区、老城区"
    assert n.title == "新城区、老城区暂停供水"


def test_opening_hours_after_a_schedule_word_time_nothing() -> None:
    text = (
        "三、报名：5月13日至5月17日，每天上午9:00-11:30，下午15:00-17:00，在区文化馆一楼报名。\n"
        "展览期间，展馆每周一闭馆，其余时间9:00-17:00开放。"
    )
    got = [(n.kind, n.to_json()["start"], n.to_json()["end"]) for n in _notices(text)]
    assert got == [("deadline", "2024-05-13", "2024-05-17")]


def test_a_recurrence_with_a_stated_beginning_is_one_repeating_entry() -> None:
    text = "自5月13日起，街道党工委书记每周四下午3:00-5:00在街道便民服务中心开展接访活动。"
    (n,) = _notices(text)
    # 2024-05-13 is a Monday: the first Thursday on or after it
    assert (n.start, n.end) == (_at(2024, 5, 16, 15), _at(2024, 5, 16, 17))
    assert n.rrule == "FREQ=WEEKLY;BYDAY=TH"
    assert n.to_json()["rrule"] == "FREQ=WEEKLY;BYDAY=TH"


def test_a_recurrence_without_a_beginning_stays_out() -> None:
    assert _notices("街道党工委书记每周四下午3:00-5:00在街道便民服务中心开展接访活动。") == []


def test_a_generic_happening_says_whose_it_is() -> None:
    text = "5月14日上午9:00-11:00，区长在区政务服务中心开展接访活动，现场听取群众诉求。"
    (n,) = _notices(text)
    assert n.title == "区长接访活动"


def test_a_traditional_page_gets_titles_and_places_in_its_own_characters() -> None:
    text = "關於召開自來水價格調整聽證會的公告\n聽證會定於5月20日上午9時在縣政府三樓會議室舉行。"
    (n,) = _notices(text)
    assert n.start == _at(2024, 5, 20, 9)
    assert "聽證會" in n.title and "听证会" not in n.title
    assert n.location == "縣政府三樓會議室"


def test_a_simplified_page_quoting_one_traditional_name_stays_simplified() -> None:
    text = "“鎮江之夜”音乐会将于5月20日晚7时30分在市文化中心举行，市民可凭票入场，音乐会门票已开售。"
    (n,) = _notices(text)
    assert "音乐会" in n.title  # not 音樂會: the page writes its own words in simplified characters


def test_the_deadline_of_an_undated_hearing_is_named_after_the_hearing() -> None:
    text = (
        "县发展和改革局拟于近期召开城区管道燃气价格听证会，现公开征集听证会参加人。"
        "有意报名者请于5月15日前到县发展和改革局价格股报名。"
    )
    (n,) = _notices(text)
    assert n.kind == "deadline" and n.start == date(2024, 5, 15)
    assert n.title.endswith("报名截止")
    assert "听证会" in n.title


def test_a_repeating_notice_is_seen_on_its_next_occurrence() -> None:
    from notices.recurring import occurrence_from

    (n,) = _notices("自5月13日起，街道党工委书记每周四下午3:00-5:00在街道便民服务中心开展接访活动。")
    later = occurrence_from(n, date(2024, 9, 2))  # a Monday
    assert (later.start, later.end) == (_at(2024, 9, 5, 15), _at(2024, 9, 5, 17))
    assert occurrence_from(n, date(2024, 5, 6)) == n  # before it begins: itself
