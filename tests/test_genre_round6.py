"""The genre, session six: rules drawn from documents scored before any rule was
drawn from them (reopenings, closures and the hours a place keeps).

Every paragraph is written for these tests in the style of local news and notices.
"""

from __future__ import annotations

from datetime import datetime

import pytest

from notices.model import SHANGHAI

from tests.genre_support import notices_of as _all
from tests.genre_support import row_of as _row


def test_weekday_opening_hours_after_a_reopening_time_no_one_day() -> None:
    text = "经过三个月的提升改造，区文化馆将于3月8日（星期六）起恢复开放，开放时间为周二至周日9:00—20:30，每周一闭馆。"
    assert [_row(n) for n in _all(text)] == [("other", "2025-03-08", None)]


def test_a_reopening_with_its_own_hours_keeps_them() -> None:
    text = "城南营业厅系统升级完成，3月5日恢复正常营业，营业时间为8:30—17:30。"
    assert [_row(n) for n in _all(text)] == [("other", "2025-03-05T08:30:00+08:00", "2025-03-05T17:30:00+08:00")]


def test_weekday_office_hours_after_a_reopening_are_standing_hours() -> None:
    text = "县政务服务大厅3月10日起恢复办公，办公时间为周一至周五上午9:00—12:00、下午2:30—5:30。"
    assert [_row(n) for n in _all(text)] == [("other", "2025-03-10", None)]


def test_a_closure_told_after_its_reopening_ends_the_day_before() -> None:
    text = (
        "市少儿图书馆将于3月15日起恢复开放。\n"
        "该馆于2月10日起闭馆进行消防改造，闭馆期间借阅的图书可在恢复开放后一个月内归还。"
    )
    rows = sorted(_row(n) for n in _all(text))
    assert rows == [("other", "2025-03-15", None), ("outage", "2025-02-10", "2025-03-14")]


def test_a_closure_after_the_reopening_day_is_not_ended_by_it() -> None:
    text = "市体育馆将于3月5日恢复开放。因承办省运会，该馆将于4月1日起再次闭馆。"
    rows = sorted(_row(n) for n in _all(text))
    assert rows == [("other", "2025-03-05", None), ("outage", "2025-04-01", None)]


def test_a_table_typed_without_outer_bars_is_read_row_by_row() -> None:
    text = (
        "接供电公司通知，因线路检修，下列区域将计划停电，请相互转告。\n"
        "停电日期 | 停电时间 | 停电线路 | 停电范围\n"
        "3月11日 | 08:00-18:00 | 10kV河西线 | 河西路以北、东湖小区\n"
        "3月13日（周四） | 14:00-17:00 | 10kV新城线 | 新城大道两侧商铺\n"
        "咨询电话：95598"
    )
    rows = [_row(n) for n in _all(text)]
    assert rows == [
        ("outage", "2025-03-11T08:00:00+08:00", "2025-03-11T18:00:00+08:00"),
        ("outage", "2025-03-13T14:00:00+08:00", "2025-03-13T17:00:00+08:00"),
    ]


def test_a_row_typed_without_outer_bars_is_not_joined_to_the_next_line() -> None:
    text = (
        "社区联合物业对辖区楼栋公共区域进行集中消杀，具体安排如下：\n"
        "日期 | 时间 | 楼栋\n"
        "3月5日 | 8:30-11:00 | 1-4栋、幸福里小区全部楼道及电梯轿厢、单元门把手\n"
        "3月6日 | 8:30-11:00 | 5-8栋"
    )
    rows = [_row(n) for n in _all(text)]
    assert rows == [
        ("activity", "2025-03-05T08:30:00+08:00", "2025-03-05T11:00:00+08:00"),
        ("activity", "2025-03-06T08:30:00+08:00", "2025-03-06T11:00:00+08:00"),
    ]


def test_a_line_with_two_bars_and_an_empty_cell_is_no_row() -> None:
    from notices.text import table_cells

    assert table_cells("来源：本报 | | 2025-03-01") is None
    assert table_cells("| 明清玉器特展 |") is None
    assert table_cells("停电日期|停电时间|停电范围") == ("停电日期", "停电时间", "停电范围")


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("3月8日（星期六）上午8时30分，全街道将统一开展环境卫生大扫除。", "activity"),
        ("3月8日上午9时，“迎春”社区文艺汇演将在街道文化中心举行。", "activity"),
        ("3月8日至10日，将对新华路排水管网进行清淤，期间该路段实行半幅通行。", "outage"),
        ("3月8日起，“防灾减灾知识展”将在社区党群服务中心展出一周。", "exhibition"),
    ],
)
def test_community_happenings_have_their_kinds(sentence: str, kind: str) -> None:
    assert [n.kind for n in _all(sentence)] == [kind]


def test_a_window_of_days_with_morning_and_afternoon_hours_stands_whole() -> None:
    text = "现场确认时间：3月20日—21日，上午8:30-11:30，下午14:00-17:00，逾期不予办理。"
    assert [_row(n) for n in _all(text)] == [("deadline", "2025-03-20", "2025-03-21")]


def test_hours_in_brackets_after_a_window_of_days_stand_whole_too() -> None:
    text = "请入围考生于3月10日—11日（上午9:00至12:00，下午14:30至17:30）到县人社局三楼进行资格复审。"
    assert [_row(n) for n in _all(text)] == [("other", "2025-03-10", "2025-03-11")]


def test_one_part_of_the_day_after_a_window_of_days_still_times_it() -> None:
    text = "报名时间：3月20日至22日上午8:30-11:30，地点为街道便民服务中心。"
    assert [_row(n) for n in _all(text)] == [("deadline", "2025-03-20T08:30:00+08:00", "2025-03-22T11:30:00+08:00")]


def test_a_festival_in_a_heading_over_the_dated_closure_is_no_second_closure() -> None:
    text = (
        "社区长者食堂春节暂停营业公告\n"
        "社区长者食堂将于1月25日至2月3日暂停营业，2月4日起恢复正常供餐。暂停营业期间，独居老人如有用餐困难，请联系网格员。"
    )
    early = datetime(2025, 1, 6, 9, 0, tzinfo=SHANGHAI)  # 春节 2025 is 1月29日
    assert [_row(n) for n in _all(text, early)] == [("outage", "2025-01-25", "2025-02-03")]


def test_a_restore_from_the_day_after_a_stated_run_keeps_its_last_day() -> None:
    text = "因系统升级，3月10日至14日，不动产登记窗口将暂停办理各类登记业务，3月15日起恢复正常。"
    assert [_row(n) for n in _all(text)] == [("outage", "2025-03-10", "2025-03-14")]


def test_an_items_dated_line_under_its_numbered_heading_is_that_item() -> None:
    text = (
        "街道3月份社区活动一览\n"
        "① 学雷锋志愿服务集市\n"
        "3月5日（周三）上午，社区广场，义诊、法律咨询、家电维修。\n"
        "② 春季就业招聘会\n"
        "3月21日—22日，街道党群服务中心三楼大厅，每天9:00-16:00。\n"
        "以上活动报名请联系各社区。"
    )
    rows = [_row(n) for n in _all(text)]
    # (the days' hours said once run from the first opening to the last close, session 9)
    assert ("activity", "2025-03-21T09:00:00+08:00", "2025-03-22T16:00:00+08:00") in rows


def test_a_row_under_a_heading_takes_the_kind_the_heading_names() -> None:
    text = (
        "街道本周活动预告\n"
        "一、“巾帼心向党”插花沙龙\n"
        "3月8日（周六）下午2:00，街道妇女之家，限女性居民25人，请提前预约。\n"
        "二、义务植树\n"
        "3月12日（周三）8:30，滨河绿道，参加者请自备手套和水杯。"
    )
    assert [n.kind for n in _all(text)] == ["activity", "activity"]


def test_a_programme_of_sessions_under_a_run_of_days_gives_each_session_beside_the_run() -> None:
    text = (
        "本报讯 今年我市初中学业水平考试将于3月18日—20日举行，全市共设12个考点。具体安排如下：\n"
        "18日上午 8:30—11:00 语文；下午 14:30—16:30 物理、化学（合卷）\n"
        "19日上午 8:30—10:30 数学\n"
        "20日上午 8:30—10:30 道德与法治、历史（开卷）"
    )
    rows = [_row(n) for n in _all(text)]
    assert rows == [
        ("activity", "2025-03-18", "2025-03-20"),
        ("activity", "2025-03-18T08:30:00+08:00", "2025-03-18T11:00:00+08:00"),
        ("activity", "2025-03-18T14:30:00+08:00", "2025-03-18T16:30:00+08:00"),
        ("activity", "2025-03-19T08:30:00+08:00", "2025-03-19T10:30:00+08:00"),
        ("activity", "2025-03-20T08:30:00+08:00", "2025-03-20T10:30:00+08:00"),
    ]


def test_the_days_in_brackets_after_a_festival_period_are_its_days() -> None:
    text = "“五一”劳动节期间（4月29日至5月1日），普通门诊停诊，急诊24小时正常接诊。"
    assert [_row(n) for n in _all(text)] == [("outage", "2025-04-29", "2025-05-01")]


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("儿科门诊将于3月18日（星期二）起搬迁至门诊楼二楼西区。", "other"),
        ("准考证于3月14日至16日由各初中学校统一发放。", "other"),
        ("3月9日（周日）15:00-15:30将进行赛道试骑。", "activity"),
        ("3月27日至4月2日，考生可登录省招生考试院网站填报本科批次志愿。", "deadline"),
    ],
)
def test_more_happenings_of_schools_and_hospitals_have_their_kinds(sentence: str, kind: str) -> None:
    assert [n.kind for n in _all(sentence)] == [kind]


def test_a_time_column_names_no_happening_in_a_rows_title() -> None:
    text = (
        "关于马拉松比赛期间实施交通管制的通告\n"
        "| 管制路段 | 管制时间 |\n"
        "| 滨江大道（奥体中心至观澜桥） | 3月23日5:30至13:30 |\n"
        "| 人民北路全线 | 3月23日6:00至12:00 |"
    )
    titles = [n.title for n in _all(text)]
    assert titles and not any(t.endswith("时间") for t in titles)


def test_a_holiday_opening_with_its_hours_and_a_day_said_with_其中_is_one_opening() -> None:
    text = (
        "清明假期期间（4月4日至6日），本馆照常开放，开放时间9:00—17:00（16:30停止入馆），其中4月5日（星期六）照常开放。\n"
        "4月7日（星期一）闭馆一天，4月8日起恢复正常开放。\n"
        "假期期间，“丝路遗珍——馆藏唐代文物特展”继续展出，展期至4月30日。"
    )
    rows = [_row(n) for n in _all(text)]
    assert ("other", "2025-04-04", "2025-04-06") in rows
    assert ("other", "2025-04-08", None) in rows  # the show's end is not the reopening's
    assert not any(r[1].startswith("2025-04-04T") or r[1] == "2025-04-05" for r in rows)


def test_daily_hours_a_place_keeps_during_a_show_time_nothing() -> None:
    text = "“翰墨传承”书法作品展将于3月18日在市文化馆开幕，展期至4月2日。展览期间每天9:00-17:00免费开放。"
    rows = [_row(n) for n in _all(text)]
    assert not any("T09:00" in r[1] for r in rows)


def test_minutes_counted_from_an_exam_time_nothing() -> None:
    text = "考生须在考试开始前30分钟进入考场，开考15分钟后不得进场。"
    assert _all(text) == []


def test_rows_of_a_table_take_the_kind_of_the_line_introducing_them() -> None:
    text = (
        "2025年全市初中学业水平考试准考证打印及考试安排公告\n"
        "一、准考证打印\n"
        "考生可于3月10日9:00至3月14日17:00登录市教育考试院网站下载打印准考证。\n"
        "二、考试时间安排\n"
        "日期|时间|科目\n"
        "3月15日|9:00-11:30|语文\n"
        "3月15日|15:00-17:00|数学"
    )
    kinds = [(n.kind, _row(n)[1]) for n in _all(text)]
    assert ("activity", "2025-03-15T09:00:00+08:00") in kinds
    assert ("activity", "2025-03-15T15:00:00+08:00") in kinds


def test_the_happening_that_names_a_period_is_the_context_of_the_next() -> None:
    text = "3月7日至8日高考期间，各考点周边200米范围内实行交通管制，禁止机动车鸣笛。"
    assert [n.kind for n in _all(text)] == ["outage"]


def test_an_exams_results_are_no_exam() -> None:
    text = "据市招生考试院介绍，今年高考成绩将于3月25日公布，考生可通过短信、网站等方式查询。"
    assert [_row(n) for n in _all(text)] == [("other", "2025-03-25", None)]


def test_a_weekly_closing_day_after_a_dated_start_is_no_repeating_happening() -> None:
    text = "3月25日（星期二）起恢复正常开放时间，每周一闭馆。"
    assert [_row(n) for n in _all(text)] == [("other", "2025-03-25", None)]


def test_a_holiday_schedule_keeps_its_closed_days_and_its_open_days_apart() -> None:
    text = (
        "一、开放安排\n"
        "3月16日（周日）、3月17日（周一）闭馆；\n"
        "3月18日至3月23日正常开放，开放时间9:00至16:30；\n"
        "3月24日起恢复正常开放时间，每周一闭馆。"
    )
    rows = [_row(n) for n in _all(text)]
    assert ("outage", "2025-03-16", "2025-03-17") in rows
    assert ("other", "2025-03-18T09:00:00+08:00", "2025-03-23T16:30:00+08:00") in rows  # (its hours: session 9)
    assert ("other", "2025-03-24", None) in rows
    assert len(rows) == 3


def test_the_time_said_after_a_happening_in_its_sentence_times_it() -> None:
    text = "4月23日是世界读书日，街道将在新时代文明实践站开展“图书漂流”活动，时间为当天上午9:00—12:00。"
    early = datetime(2025, 4, 1, 9, 0, tzinfo=SHANGHAI)
    assert [_row(n) for n in _all(text, early)] == [("activity", "2025-04-23T09:00:00+08:00", "2025-04-23T12:00:00+08:00")]


def test_a_quoted_day_name_after_the_sentences_own_date_dates_nothing() -> None:
    text = "3月3日，街道联合派出所在购物中心广场开展“3·15”国际消费者权益日宣传活动，发放宣传册1000余份。"
    early = datetime(2025, 3, 4, 9, 0, tzinfo=SHANGHAI)
    assert [(n.forward, _row(n)[1]) for n in _all(text, early)] == [(False, "2025-03-03")]


def test_a_count_after_a_window_closes_starts_at_its_last_day() -> None:
    text = (
        "二、申报时间：2025年3月10日—3月21日。\n"
        "四、工作要求：各村（社区）须在申报截止后5个工作日内将汇总表报送镇农业服务中心。"
    )
    rows = [_row(n) for n in _all(text)]
    assert ("deadline", "2025-03-28", None) in rows  # 3月21日 (Fri) + 5 working days


def test_a_length_before_a_closing_day_does_not_run_past_it() -> None:
    text = "为期5天的第二十一届国际蔬菜科技博览会于3月1日闭幕。本届菜博会自2月25日开幕以来，累计接待观众32万人次。"
    assert [n for n in _all(text) if n.forward] == []


def test_the_daily_hours_of_an_exception_to_a_closure_time_nothing() -> None:
    text = "3月5日到4月20日对该路段实行全封闭施工。施工期间，每日6时至8时、17时至19时允许摩托车和行人通行。"
    assert [_row(n) for n in _all(text)] == [("outage", "2025-03-05", "2025-04-20")]


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("自3月21日首班车起，12路上行线路调整，改经剑南路、长虹大道。", "other"),
        ("35路“市中医院”站自3月26日起迁移至中医院南门。", "other"),
        ("3月15日，海口至西宁航线将正式首航。", "other"),
        ("3月16日至22日，大峡谷景区门票半价。", "other"),
        ("受台风影响，3月9日12时起，普陀山、朱家尖等景区停止接待游客。", "outage"),
        ("3月20日至28日，省道S225线平远仁居段双向封闭。", "outage"),
    ],
)
def test_transport_and_tourism_changes_have_their_kinds(sentence: str, kind: str) -> None:
    assert [n.kind for n in _all(sentence)] == [kind]


def test_a_works_by_a_vague_time_is_no_deadline() -> None:
    assert _all("市交通运输局将在新城区增开3条公交线路，年内投入运营。") == []


def test_a_lines_running_hours_time_no_opening() -> None:
    text = "3号线一期将于3月26日上午10时开通试运营。试运营初期，运营时间为6:00至22:30，行车间隔8分钟。"
    assert [_row(n) for n in _all(text)] == [("other", "2025-03-26T10:00:00+08:00", None)]


def test_a_later_last_train_runs_the_night_until_that_hour() -> None:
    text = "为服务市民跨年出行，3月31日（星期一）晚，地铁1号线、2号线延长运营，各线末班车发车时间延后至次日凌晨1:00。"
    assert [_row(n) for n in _all(text)] == [("other", "2025-03-31T00:00:00+08:00", "2025-04-01T01:00:00+08:00")]


def test_a_last_train_put_later_on_a_festive_night_is_that_nights_run() -> None:
    text = "记者同时获悉，3月31日（星期一）跨年夜，地铁1号线、2号线末班车延时至次日凌晨1:30，部分出入口将视情况临时关闭。"
    assert ("other", "2025-03-31T00:00:00+08:00", "2025-04-01T01:30:00+08:00") in [_row(n) for n in _all(text)]


def test_sessions_said_in_one_sentence_of_an_exams_days_are_each_a_session() -> None:
    text = (
        "本报讯 2025年全市初中毕业与高中阶段招生考试将于3月16日至18日举行。\n"
        "根据考试日程，16日上午8:30—11:00考语文，下午3:00—5:00考物理、化学；17日上午8:30—10:30考数学。"
    )
    got = [(n.title, _row(n)[1]) for n in _all(text)]
    assert ("考试语文", "2025-03-16T08:30:00+08:00") in got
    assert ("考试物理、化学", "2025-03-16T15:00:00+08:00") in got
    assert ("考试数学", "2025-03-17T08:30:00+08:00") in got


def test_a_title_keeps_words_that_begin_like_a_time_particle() -> None:
    text = "三、起点区域（南湖大道会展中心段）管制时间为3月26日22:00至27日9:00。"
    assert [n.title for n in _all(text)] == ["起点区域(南湖大道会展中心段)管制"]


def test_a_restore_from_the_day_after_nightly_closures_keeps_the_last_nights_end() -> None:
    text = "我中心将于3月28日、29日每晚23:00至次日5:00对石黄隧道双向实施全封闭。3月30日起恢复正常通行。"
    rows = [_row(n) for n in _all(text)]
    assert ("outage", "2025-03-29T23:00:00+08:00", "2025-03-30T05:00:00+08:00") in rows


@pytest.mark.parametrize(
    "sentence",
    [
        "清明节假期，全省收费公路对小型客车免收通行费，免费时段为4月4日0:00至4月6日24:00。",
        "3月8日（星期六），全市20家A级景区对女性游客免收门票。",
    ],
)
def test_free_passage_and_free_entry_days_are_happenings(sentence: str) -> None:
    assert [n.kind for n in _all(sentence)] == ["other"]


def test_a_happening_that_cannot_or_may_not_be_is_no_happening() -> None:
    text = (
        "受大风影响，自3月30日14时起，烟台至大连客滚航线全部停航，预计3月31日全天无法复航。"
        "气象部门预计，4月1日白天风力逐渐减弱，届时将视海况安排复航。"
    )
    assert [n.kind for n in _all(text)] == ["outage"]


def test_who_cannot_attend_is_a_condition_of_a_deadline() -> None:
    text = "因特殊情况不能出席的，请于3月24日前向市政协办公室请假。"
    assert [_row(n) for n in _all(text)] == [("deadline", "2025-03-24", None)]


def test_numbered_measures_from_one_hour_are_each_their_own_closure() -> None:
    text = (
        "受台风影响，市三防指挥部发布通知：\n"
        "1. 全市中小学、幼儿园3月21日（星期五）停课一天。\n"
        "2. 梧桐山、莲花山公园等市属公园自3月20日18时起关闭，预计3月22日（星期六）恢复开放。\n"
        "3. 深圳湾公园滨海栈道3月20日18时起至3月22日12时禁止游人进入。"
    )
    notices = _all(text)
    starts = sorted(_row(n)[1] for n in notices if n.kind == "outage")
    assert starts == ["2025-03-20T18:00:00+08:00", "2025-03-20T18:00:00+08:00", "2025-03-21"]
    assert any(n.title.endswith("市属公园关闭") for n in notices)


def test_an_opening_whose_rite_is_held_then_is_that_rite() -> None:
    text = "黄龙至三岔旅游公路将于3月18日正式通车，届时上午10时在三岔镇梨园村举行通车仪式。"
    assert [(n.kind, _row(n)[1]) for n in _all(text)] == [("ceremony", "2025-03-18T10:00:00+08:00")]


def test_a_publicity_period_is_a_window_of_objections() -> None:
    text = "现将《滨江新城B-07地块控制性详细规划修改方案》予以批前公示，公示时间为3月27日至4月15日。"
    assert [_row(n) for n in _all(text)] == [("deadline", "2025-03-27", "2025-04-15")]


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("企业退休人员养老金领取资格认证时间为3月1日至4月30日，逾期将暂停发放。", "deadline"),
        ("第三代社保卡集中换发工作于3月3日至3月31日在各社区服务站进行。", "deadline"),
        ("张立华专家门诊将于3月24日起恢复出诊。", "other"),
        ("国家医保信息平台将于3月28日8时正式上线运行。", "other"),
        ("3月5日上午9:00，社区健康大讲堂将在卫生服务中心二楼开讲。", "activity"),
    ],
)
def test_health_and_social_security_windows_and_changes_have_their_kinds(sentence: str, kind: str) -> None:
    assert [n.kind for n in _all(sentence)] == [kind]


def test_one_time_for_every_row_said_under_a_table_times_each_row() -> None:
    text = (
        "2025年“春风行动”系列招聘活动安排\n"
        "| 场次 | 日期 | 地点 | 主题 |\n"
        "| 第一场 | 3月24日（星期一） | 市人力资源市场 | 节后返岗综合招聘 |\n"
        "| 第二场 | 3月29日（星期六） | 高新区人才服务中心 | 制造业专场 |\n"
        "各场次均为上午9:00—12:00，求职者免费入场。"
    )
    rows = [(n.title, _row(n)[1], _row(n)[2]) for n in _all(text)]
    assert rows == [
        ("节后返岗综合招聘", "2025-03-24T09:00:00+08:00", "2025-03-24T12:00:00+08:00"),
        ("制造业专场", "2025-03-29T09:00:00+08:00", "2025-03-29T12:00:00+08:00"),
    ]


def test_hours_under_a_table_before_a_deadline_time_the_rows_and_keep_the_deadline() -> None:
    text = (
        "各学校接种安排如下：\n"
        "| 学校 | 接种日期 | 接种地点 |\n"
        "| 区实验中学 | 3月24日（星期一） | 校医务室 |\n"
        "| 第二中学 | 3月25日（星期二） | 校体育馆 |\n"
        "接种时间均为当天8:30—16:30。请家长于3月20日前在《知情同意书》上签字并交班主任。"
    )
    rows = sorted(_row(n) for n in _all(text))
    assert rows == [
        ("activity", "2025-03-24T08:30:00+08:00", "2025-03-24T16:30:00+08:00"),
        ("activity", "2025-03-25T08:30:00+08:00", "2025-03-25T16:30:00+08:00"),
        ("deadline", "2025-03-20", None),
    ]


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("公租房配租摇号时间：3月24日（星期一）上午9:00。", "activity"),
        ("报名人数超过名额的，以抽签方式确定，抽签定于3月11日下午3时在县征收中心举行。", "activity"),
        ("金地小区物业服务企业招标开标会定于3月20日上午9时召开。", "meeting"),
    ],
)
def test_lotteries_and_tender_openings_have_their_kinds(sentence: str, kind: str) -> None:
    assert [n.kind for n in _all(sentence)] == [kind]


def test_daily_hours_said_last_above_a_table_time_each_row_and_the_start_is_no_happening() -> None:
    text = (
        "石门镇卫生院将于3月12日起分村开展65岁及以上老年人免费健康体检。体检当天需空腹，每天体检时间为上午7:30至10:30。\n"
        "| 村（社区） | 体检日期 | 体检地点 |\n"
        "| 石门社区 | 3月12日（周三） | 镇卫生院 |\n"
        "| 柳林村 | 3月13日（周四） | 柳林村卫生室 |"
    )
    assert [_row(n) for n in _all(text)] == [
        ("activity", "2025-03-12T07:30:00+08:00", "2025-03-12T10:30:00+08:00"),
        ("activity", "2025-03-13T07:30:00+08:00", "2025-03-13T10:30:00+08:00"),
    ]


def test_schedule_lines_by_bare_day_and_weekday_take_the_programmes_hours() -> None:
    text = (
        "“书记市长热线”本周上线单位\n"
        "下周起，“书记市长热线”节目继续在市人民广播电台直播，每天节目时间为上午9:00—10:00，热线电话2345678。本周（3月17日至21日）上线单位安排如下：\n"
        "17日（周一）  市教育局\n"
        "18日（周二）  市卫生局\n"
        "19日（周三）  市环保局\n"
        "欢迎广大听众踊跃参与。"
    )
    rows = [_row(n) for n in _all(text)]
    assert rows == [
        ("hotline", f"2025-03-{d}T09:00:00+08:00", f"2025-03-{d}T10:00:00+08:00") for d in ("17", "18", "19")
    ]


def test_back_on_a_day_closes_the_day_before() -> None:
    text = "大赛车博物馆今日起暂停开放，3月20日恢复。"
    assert [_row(n) for n in _all(text)] == [("outage", "2025-03-02", "2025-03-19")]


def test_rows_with_columns_set_by_spaces_are_rows_and_the_hours_above_time_them() -> None:
    text = (
        "关于公布第二季度县级领导干部公开接访安排的通知\n"
        "接访时间均为当日上午8:30—12:00。\n"
        "接访日期        接访领导        接访地点\n"
        "3月12日（星期三）  县委书记  周建平  县信访局接待大厅\n"
        "3月26日（星期三）  县长  吴立群  县信访局接待大厅\n"
    )
    rows = [(n.kind, _row(n)[1], _row(n)[2], n.title.startswith(("县委书记周建平", "县长吴立群"))) for n in _all(text)]
    assert rows == [
        ("hotline", "2025-03-12T08:30:00+08:00", "2025-03-12T12:00:00+08:00", True),
        ("hotline", "2025-03-26T08:30:00+08:00", "2025-03-26T12:00:00+08:00", True),
    ]


def test_weekly_programme_hours_said_above_dated_lines_time_each_line() -> None:
    text = (
        "3月份“政风行风热线”上线单位排定\n"
        "记者从市纠风办获悉，3月份“政风行风热线”节目上线单位已经排定。节目每周二上午10:00—11:00在市人民广播电台直播。具体安排如下：\n"
        "3月4日（星期二）：市物价局\n"
        "3月11日（星期二）：市水务局\n"
    )
    assert [_row(n)[1:] for n in _all(text)] == [
        ("2025-03-04T10:00:00+08:00", "2025-03-04T11:00:00+08:00"),
        ("2025-03-11T10:00:00+08:00", "2025-03-11T11:00:00+08:00"),
    ]


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("3月30日至4月5日，2025年年宵市场将在人民公园举办。", "activity"),
        ("王城公园第二十七届牡丹花会将于4月5日至5月5日举行。", "exhibition"),
        ("3月20日上午9:30，市民广场将举行“春之约”集体婚礼。", "ceremony"),
        ("3月12日起，清江大桥附近水域禁航。", "outage"),
    ],
)
def test_fairs_weddings_and_waterway_closures_have_their_kinds(sentence: str, kind: str) -> None:
    assert [n.kind for n in _all(sentence)][:1] == [kind]


@pytest.mark.parametrize(
    "sentence",
    [
        "全市2025年事业单位公开招聘笔试成绩将于3月20日在市人社局网站公布。",
        "报考人员可于3月9日登录重庆人事考试网查询本人笔试成绩。",
    ],
)
def test_results_of_an_exam_are_a_publication_not_an_exam(sentence: str) -> None:
    assert [n.kind for n in _all(sentence)] == ["other"]


def test_a_clock_after_dates_whose_weekday_is_said_once_times_each_date() -> None:
    text = "草坪音乐会将于3月7日、14日、21日（均为周五）19:30在中山公园大草坪举行。"
    assert [_row(n)[1] for n in _all(text)] == [f"2025-03-{d}T19:30:00+08:00" for d in ("07", "14", "21")]


def test_every_shows_start_under_rows_of_days_times_each_row() -> None:
    text = (
        "县豫剧团将在三个乡镇巡回演出，具体安排为：\n"
        "3月3日—5日 城关镇文化广场\n"
        "3月8日 王集乡政府院内\n"
        "3月12日 李寨镇中心小学操场\n"
        "每场演出均于晚上7时30分开演。"
    )
    assert [_row(n)[1:] for n in _all(text)] == [
        ("2025-03-03T19:30:00+08:00", "2025-03-05T24:00:00+08:00"),
        ("2025-03-08T19:30:00+08:00", None),
        ("2025-03-12T19:30:00+08:00", None),
    ]


def test_the_day_of_the_race_dates_the_hours_after_it() -> None:
    text = (
        "2025城市马拉松将于3月23日（星期日）7:30在市体育中心鸣枪起跑。现将有关事项公告如下：\n"
        "一、参赛物品领取\n"
        "时间：3月20日至22日，每天10:00—20:00\n"
        "二、交通管制\n"
        "比赛当日，对赛道沿线道路分段实施交通管制：\n"
        "1.长虹路（体育中心至人民广场段）：5:00—9:30；\n"
        "2.滨江大道（人民广场至卧龙大桥段）：6:30—11:00。"
    )
    closures = sorted(_row(n)[1:] for n in _all(text) if n.kind != "activity" and _row(n)[2] is not None and "T09:30" in _row(n)[2] or "T11:00" in (_row(n)[2] or ""))
    assert closures == [
        ("2025-03-23T05:00:00+08:00", "2025-03-23T09:30:00+08:00"),
        ("2025-03-23T06:30:00+08:00", "2025-03-23T11:00:00+08:00"),
    ]


def test_lectures_named_as_a_forum_or_class_are_activities() -> None:
    text = (
        "本报讯 本周六下午2点半，省图书馆“湘图讲坛”将邀请师范大学教授主讲《湖湘家训与家风》；"
        "本周日上午9点半，“少儿阅读课堂”将在少儿借阅区开讲。"
    )
    tuesday = datetime(2025, 3, 4, 9, 0, tzinfo=SHANGHAI)  # 本周六, 本周日: the 8th and the 9th
    assert [(n.kind, _row(n)[1]) for n in _all(text, tuesday)] == [
        ("activity", "2025-03-08T14:30:00+08:00"),
        ("activity", "2025-03-09T09:30:00+08:00"),
    ]


def test_fireworks_back_after_a_pause_are_a_happening() -> None:
    text = "暂停半年多的橘子洲周末焰火将于今晚8:30恢复燃放，时长约15分钟。"
    assert [_row(n)[1] for n in _all(text)] == ["2025-03-02T20:30:00+08:00"]


def test_schedule_lines_with_a_comma_after_the_time_are_rows() -> None:
    text = (
        "3月县领导接听12345热线安排\n"
        "县领导每月定期到县12345政务服务便民热线中心接听群众来电。3月份安排如下：\n"
        "3月18日（周二）9:00—11:00，县长张卫东；\n"
        "3月25日（周二）9:00—11:00，副县长刘春燕。\n"
    )
    assert [_row(n) for n in _all(text)] == [
        ("hotline", "2025-03-18T09:00:00+08:00", "2025-03-18T11:00:00+08:00"),
        ("hotline", "2025-03-25T09:00:00+08:00", "2025-03-25T11:00:00+08:00"),
    ]


def test_a_meetings_days_under_its_time_heading_may_follow_its_length() -> None:
    text = (
        "关于召开全县农村工作会议的通知\n"
        "经县委、县政府研究，决定召开全县农村工作会议。现将有关事项通知如下：\n"
        "一、会议时间\n"
        "会期两天，3月25日至26日。3月24日（星期一）下午2:00—6:00报到。\n"
    )
    assert ("meeting", "2025-03-25", "2025-03-26") in [_row(n) for n in _all(text)]


def test_a_headline_opening_over_the_bodys_run_is_no_second_happening() -> None:
    text = (
        "社区动态丨首届“冰雪嘉年华”本周末开幕\n"
        "由社区主办的首届“冰雪嘉年华”将于3月8日至9日在社区文化广场举行，活动设冰滑梯、雪地拔河等项目。"
    )
    tuesday = datetime(2025, 3, 4, 9, 0, tzinfo=SHANGHAI)
    assert [_row(n) for n in _all(text, tuesday)] == [("activity", "2025-03-08", "2025-03-09")]


def test_the_day_said_over_timed_rows_of_outages_is_the_rows_day() -> None:
    text = (
        "市区计划停电公告（3月15日）\n"
        "因电力设施检修需要，供电公司定于2025年3月15日（星期六）对以下线路停电。\n"
        "| 停电线路 | 停电时间 | 停电范围 |\n"
        "| 10kV丹霞线 | 07:30-12:30 | 丹霞路部分用户 |\n"
        "| 10kV北斗线 | 08:00-17:00 | 北斗工业园区 |"
    )
    assert sorted(_row(n)[1] for n in _all(text)) == ["2025-03-15T07:30:00+08:00", "2025-03-15T08:00:00+08:00"]


def test_what_stays_unchanged_is_no_happening() -> None:
    text = (
        "地铁跨年夜延长运营\n"
        "3月31日（星期一）晚，地铁1号线、2号线延长运营，末班车发车时间延后至次日凌晨1:00。\n"
        "4月1日当天各线路首班车时间不变。"
    )
    assert [_row(n)[1] for n in _all(text)] == ["2025-03-31T00:00:00+08:00"]


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("2025年万江龙舟竞渡将于3月18日上午9时在江心河段举行。", "activity"),
        ("3月22日，电商人才供需对接会将在县电商产业园举行。", "meeting"),
        ("城东农贸市场临时过渡市场将于3月19日开始营业。", "other"),
    ],
)
def test_boat_races_matchmaking_meetings_and_new_markets_have_their_kinds(sentence: str, kind: str) -> None:
    assert [n.kind for n in _all(sentence)] == [kind]
