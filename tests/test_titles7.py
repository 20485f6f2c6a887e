"""Titles on unseen text, round seven: community posts laid out as blocks, tables
whose columns say what each row is, and deadlines named by what falls due in
their own sentence.

Every paragraph here is written for these tests in the style of street and
community WeChat posts and education, health and culture notices.
"""

from __future__ import annotations

from tests.genre_support import notices_of


def _titles(text: str) -> list[str]:
    return [n.title for n in notices_of(text) if n.forward]


# --- a block's own heading line names its item ------------------------------------


def test_a_marked_time_line_is_named_by_the_name_line_under_it() -> None:
    text = (
        "【下周活动】青松社区3月10日—3月16日活动一览\n"
        "居民朋友们，下周社区安排了以下活动：\n"
        "▶ 周二（3月11日）上午9:30\n"
        "“巧手剪纸”亲子手工课\n"
        "地点：社区三楼活动室\n"
        "▶ 周四（3月13日）下午3:00\n"
        "老年人防诈骗知识讲座\n"
        "地点：社区议事厅\n"
    )
    assert _titles(text) == ["“巧手剪纸”亲子手工课", "老年人防诈骗知识讲座"]


def test_a_time_line_under_a_marked_heading_is_named_by_the_heading() -> None:
    text = (
        "环保周末 邻里同行｜桂园社区本周有两场活动\n"
        "🌿 旧衣物回收进小区\n"
        "时间：3月8日（周六）上午9:00\n"
        "地点：小区北门广场\n"
        "🌿 废旧电池换绿植\n"
        "时间：3月9日（周日）下午2:00—4:00\n"
        "地点：居委会一楼大厅\n"
    )
    assert _titles(text) == ["旧衣物回收进小区", "废旧电池换绿植"]


def test_a_session_label_above_a_time_line_names_the_session() -> None:
    text = (
        "江滨区“春暖行动”专场招聘会\n"
        "为帮助求职者节后尽快就业，区人社局开展“春暖行动”专场招聘会。\n"
        "第一场：\n"
        "时间：3月15日上午9:00—12:00\n"
        "地点：区人力资源市场\n"
        "第二场：\n"
        "时间：3月22日上午9:00—12:00\n"
        "地点：滨河街道党群服务中心\n"
    )
    titles = _titles(text)
    assert [t.endswith("第一场") for t in titles] == [True, False]
    assert titles[1].endswith("第二场")


def test_a_listed_item_line_of_date_place_and_offers_is_named_by_its_heading() -> None:
    text = (
        "四月活动早知道｜清河街道4月份社区活动一览\n"
        "① 便民服务集市\n"
        "4月3日（周四）上午，清河社区广场，义诊、磨剪刀、修雨伞。\n"
        "② 春季趣味运动会\n"
        "4月12日（周六）上午8:30，街道文体中心。\n"
    )
    assert _titles(text) == ["便民服务集市", "春季趣味运动会"]


def test_a_digest_item_told_in_prose_keeps_its_own_sentence() -> None:
    text = (
        "本周云山要闻\n"
        "\n"
        "【表彰】全市“好邻居”名单揭晓\n"
        "3月12日下午，云山市2024年度“好邻居”颁奖典礼在市文化中心举行。\n"
    )
    assert _titles(text) == ["云山市2024年度“好邻居”颁奖典礼"]


def test_a_details_section_heading_names_nothing() -> None:
    text = (
        "关于五一假期景区周边道路实施交通管制的通告\n"
        "为保障假期景区周边道路安全畅通，决定实施以下交通管理措施：\n"
        "一、管制措施\n"
        "（一）5月1日7:00至18:00，禁止货车驶入环湖路（码头至观景台段）。\n"
    )
    assert all(t != "管制措施" for t in _titles(text))


# --- a table row is named by its own cells ----------------------------------------


def test_a_row_of_an_exam_table_is_named_by_its_subject_after_the_exam() -> None:
    text = (
        "2025年初中学业水平考试日程安排公告\n"
        "各位考生：现将考试日程公告如下。\n"
        "日期|时间|科目\n"
        "6月20日|9:00-11:00|语文\n"
        "6月20日|14:30-16:30|数学\n"
    )
    assert _titles(text) == ["初中学业水平考试语文", "初中学业水平考试数学"]


def test_a_row_of_a_programme_is_named_by_its_show() -> None:
    text = (
        "第九届临溪市戏剧节演出日程发布\n"
        "第九届临溪市戏剧节将于5月1日至5月20日举行。部分演出安排如下：\n"
        "日期|时间|剧目|地点\n"
        "5月3日|19:30|越剧《梁祝》|市大剧院\n"
        "5月6日|15:00|木偶剧《三只小猪》|市文化馆小剧场\n"
    )
    titles = _titles(text)
    assert "越剧《梁祝》" in titles and "木偶剧《三只小猪》" in titles


def test_a_row_of_a_rota_by_buildings_is_that_part_of_the_happening() -> None:
    text = (
        "【通知】翠湖苑社区楼道集中消杀安排\n"
        "为做好夏季病媒防治，社区联合物业对楼道进行集中消杀，具体安排如下：\n"
        "日期 | 时间 | 楼栋\n"
        "6月3日 | 9:00-11:00 | 1-6栋\n"
        "6月4日 | 9:00-11:00 | 7-12栋\n"
    )
    assert _titles(text) == ["1-6栋楼道集中消杀", "7-12栋楼道集中消杀"]
