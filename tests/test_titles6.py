"""Titles on unseen text, round six: bare kinds that point at one of a series,
whose a bare step or kind is, and titles that were sentence fragments or a
neighbouring item's name.

Every paragraph here is written for these tests in the style of local news
and government notices.
"""

from __future__ import annotations

import pytest

from notices.title_words import bare_kind_of
from tests.genre_support import notices_of


def _titles(text: str) -> list[str]:
    return [n.title for n in notices_of(text) if n.forward]


# --- a bare kind after 首场, 本次, 该 --------------------------------------------


@pytest.mark.parametrize(
    ("title", "session", "kind"),
    [
        ("首场活动", None, "活动"),  # the words 首场/本次/该 go, not their characters
        ("首期活动", None, "活动"),
        ("本次会议", None, "会议"),
        ("第二次全体会议", "第二次", "全体会议"),
        ("颁奖典礼", None, "颁奖典礼"),
    ],
)
def test_a_bare_kind_is_read_after_the_word_that_points_at_it(title: str, session: str | None, kind: str) -> None:
    m = bare_kind_of(title)
    assert m is not None and (m[1], m[2]) == (session, kind)


def test_the_first_session_of_a_quoted_programme_says_whose_it_is() -> None:
    text = (
        "关于2025年“文明实践进万家”活动安排的通知\n"
        "按照全年工作安排，区文明办将于今年上半年在各街道开展“文明实践进万家”活动。"
        "首场活动定于3月12日上午9:00在东河街道文化广场举行，区卫健局、区司法局派员现场提供咨询。\n"
    )
    assert _titles(text) == ["“文明实践进万家”首场活动"]


# --- whose a bare step or kind is (notices.whose.whose_word) ---------------------


@pytest.mark.parametrize(
    ("text", "title"),
    [
        # a step: the document its sentence quotes, not the law it cites
        (
            "南川镇总体规划修编公示\n根据《中华人民共和国城乡规划法》有关规定，"
            "现将《南川镇总体规划（草案）》予以公示，公示期为3月10日至4月8日。\n",
            "《南川镇总体规划(草案)》公示",
        ),
        # a step: the headline up to it
        (
            "2025年西岭县公开招聘社区工作者笔试公告\n经资格审查，笔试定于3月15日上午9:00在县职业中学举行。\n",
            "2025年西岭县公开招聘社区工作者笔试",
        ),
    ],
)
def test_a_bare_step_says_whose_it_is(text: str, title: str) -> None:
    assert _titles(text) == [title]


@pytest.mark.parametrize(
    ("text", "title"),
    [
        # the headline's name without its day and tense; its last word is the kind's first (开馆 + 开馆仪式)
        (
            "西川区文化馆新馆将于月底开馆\n记者从区文旅局获悉，开馆仪式定于3月28日上午9:30在新馆南广场举行。\n",
            "西川区文化馆新馆开馆仪式",
        ),
        # a two-part headline: the part that says the kind, up to it, without its day
        (
            "修缮完成 南岭植物园15日恢复开放\n本报讯 经过三个月修缮，3月15日起恢复开放，开放时间为每天8:00-17:30。\n",
            "南岭植物园恢复开放",
        ),
        # the headline's holding verb is no part of whose a session is
        (
            "关于召开县十八届人大常委会第九次会议的通知\n第一次全体会议定于3月20日上午9:00在县人大常委会会议室举行。\n",
            "县十八届人大常委会第九次会议第一次全体会议",
        ),
    ],
)
def test_a_bare_kind_takes_the_headlines_name_without_its_day_or_verb(text: str, title: str) -> None:
    assert _titles(text) == [title]


# --- rows of a schedule of turns on a quoted line -------------------------------


def test_the_rows_who_leads_what_is_done_on_the_line() -> None:
    text = (
        "松岭县2025年4月“县长热线”接听安排表\n"
        "现将4月份县领导接听“县长热线”安排公布如下：\n"
        "| 日期 | 时间 | 接听领导 | 联系部门 |\n"
        "| 4月8日 | 9:00-11:00 | 县长 韩立民 | 县政府办 |\n"
        "| 4月22日 | 9:00-11:00 | 副县长 唐秀云 | 县农业农村局 |\n"
    )
    assert _titles(text) == ["县长韩立民接听“县长热线”", "副县长唐秀云接听“县长热线”"]


def test_a_duty_on_the_line_follows_it_and_the_body_joins_its_person() -> None:
    text = (
        "河川区2025年第二季度“局长热线”值班安排\n"
        "现将二季度“局长热线”值班安排公布如下，每期值班时间为上午9:00—11:00。\n"
        "| 日期 | 单位 | 接听人 |\n"
        "| 4月16日（星期三） | 区水利局 | 局长 范志强 |\n"
        "| 5月14日（星期三） | 区民政局 | 局长 孔丽华 |\n"
    )
    assert _titles(text) == ["区水利局局长范志强“局长热线”值班", "区民政局局长孔丽华“局长热线”值班"]


def test_a_row_named_in_brackets_keeps_only_the_body() -> None:
    text = (
        "江屿市2025年4月“部门开放日”安排\n"
        "4月份“部门开放日”安排如下：\n"
        "| 日期 | 开放单位 | 负责人 |\n"
        "| 4月9日（星期三） | 市档案馆 | 馆长 吴启明 |\n"
        "开放时间均为当日上午9:00—11:00。\n"
    )
    assert _titles(text) == ["江屿市“部门开放日”(市档案馆)"]


# --- a show named by its quoted name, not by a clause about it -------------------


@pytest.mark.parametrize(
    ("text", "title"),
    [
        (
            "碑刻拓片展观众逾两万\n本报讯 “石上春秋——馆藏碑刻拓片展”在市图书馆举行。\n"
            "展览自2月8日开展以来，累计接待观众2.1万人次，展期至3月30日。\n",
            "“石上春秋——馆藏碑刻拓片展”",
        ),
        (
            "青铜器特展下周开展\n由市文物局主办的“吉金流韵——商周青铜器特展”将于3月11日至5月11日在市博物馆二楼展厅举行，"
            "展出青铜器86件（套）。\n",
            "“吉金流韵——商周青铜器特展”",
        ),
        # straight quotes, and the words after the name up to the show word
        (
            "\"翰墨丹青\"书画展即将开展\n由区文联主办的\"翰墨丹青\"迎春书画展，将于3月12日至3月26日在区文化馆展厅展出，展出作品120幅。\n",
            "“翰墨丹青”迎春书画展",
        ),
    ],
)
def test_a_show_is_named_by_its_quoted_name(text: str, title: str) -> None:
    assert [n.title for n in notices_of(text) if n.kind == "exhibition"] == [title]


# --- a deadline is not named by the channel it is done through --------------------


def test_a_deadline_is_not_named_by_the_account_it_is_done_through() -> None:
    text = (
        "第五届少儿书法大赛下月举行 即日起接受报名\n"
        "由市文联、市教育局联合主办的白沙市第五届少儿书法大赛将于2025年4月12日在市青少年宫举行。"
        "全市8至14岁少年儿童均可报名，报名时间为3月5日—3月20日，可通过“白沙文联”微信公众号在线报名。\n"
    )
    deadlines = [n.title for n in notices_of(text) if n.kind == "deadline"]
    assert deadlines and all("白沙文联" not in t for t in deadlines)
    assert "书法大赛" in deadlines[0]
