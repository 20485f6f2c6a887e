"""End-to-end behaviour of the extractor on the seeds and on small articles of our own."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from notices.extract import extract_document
from notices.model import SHANGHAI, Notice
from notices.published import PublicationUnknown, date_from_filename

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def at(y: int, m: int, d: int, hh: int = 0, mm: int = 0) -> datetime:
    return datetime(y, m, d, hh, mm, tzinfo=SHANGHAI)


def seed(name: str) -> str:
    return (SEEDS / name).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def seed_002() -> tuple[Notice, ...]:
    doc = extract_document(seed("002_40085f3b2a5d058d.txt"), source="seeds/002_40085f3b2a5d058d.txt")
    assert doc.published.day == date(2023, 4, 26)
    assert doc.published.basis == "text-today"
    return doc.notices


def test_seed_002_hotline_session_is_one_timed_forward_event(seed_002: tuple[Notice, ...]) -> None:
    hotlines = [n for n in seed_002 if n.kind == "hotline"]
    assert len(hotlines) == 1
    h = hotlines[0]
    assert h.start == at(2023, 4, 26, 9) and h.end == at(2023, 4, 26, 11)
    assert h.to_json()["start"] == "2023-04-26T09:00:00+08:00"
    assert h.forward and not h.all_day
    assert "热线问政" in h.title
    assert "9:00—11:00" in h.evidence


def test_seed_002_deadline_counts_official_working_days(seed_002: tuple[Notice, ...]) -> None:
    deadlines = [n for n in seed_002 if n.kind == "deadline"]
    assert [d.start for d in deadlines] == [date(2023, 5, 4)]
    assert deadlines[0].forward and deadlines[0].all_day
    assert deadlines[0].rule is not None and "3个工作日内" in deadlines[0].rule


def test_seed_002_past_reports_are_not_forward(seed_002: tuple[Notice, ...]) -> None:
    past = [n for n in seed_002 if not n.forward]
    kinds = {n.kind for n in past}
    assert {"meeting", "ceremony"} <= kinds
    meeting = next(n for n in past if n.start == date(2023, 4, 24))
    assert meeting.end == date(2023, 4, 25)
    assert all(n.start < date(2023, 4, 26) for n in past if not isinstance(n.start, datetime))


def test_seed_002_labour_award_name_is_no_may_day(seed_002: tuple[Notice, ...]) -> None:
    for n in seed_002:
        day = n.start.date() if isinstance(n.start, datetime) else n.start
        assert (day.month, day.day) != (5, 1)


def test_seed_000_publication_inferred_from_the_latest_report() -> None:
    doc = extract_document(seed("000_9162d9dbe36b24a1.txt"), source="seeds/000_9162d9dbe36b24a1.txt")
    assert doc.published.day.year == 2023 and doc.published.day >= date(2023, 12, 13)
    assert doc.published.day.month == 12
    assert {n.kind for n in doc.notices} == {"meeting"}
    assert not any(n.forward for n in doc.notices)
    assert len(doc.articles) == 4


def test_seed_rejoins_lines_broken_mid_sentence() -> None:
    doc = extract_document(seed("000_9162d9dbe36b24a1.txt"), source="x")
    bodies = "".join(a.body for a in doc.articles)
    assert "在加快项目建设中高度统一思想" in bodies


def test_evidence_span_points_into_the_original_text() -> None:
    text = seed("002_40085f3b2a5d058d.txt")
    doc = extract_document(text, source="x")
    for n in doc.notices:
        a, b = n.span
        original = text[a:b]
        # the evidence is the sentence with layout line breaks removed
        assert original.replace("\n", "").strip() == n.evidence


def test_context_carries_the_date_to_a_bare_clock_range() -> None:
    text = (
        "区政务服务中心“局长接听日”明日举行\n\n"
        "本报讯 (记者 林芳) 5月9日上午,区政务服务中心举办第12期“局长接听日”活动。\n"
        "上午9:30—11:30,区住建局局长接听市民来电,现场答复群众关切。"
    )
    doc = extract_document(text, source="a.txt", published=at(2024, 5, 8, 17))
    hot = [n for n in doc.notices if n.kind == "hotline"]
    assert len(hot) == 1
    assert (hot[0].start, hot[0].end) == (at(2024, 5, 9, 9, 30), at(2024, 5, 9, 11, 30))


def test_bare_day_takes_its_month_from_the_article() -> None:
    text = "本报讯 7月9日,市防汛指挥部召开会商会议。会议决定,11日16时30分召开全市防汛调度会。"
    doc = extract_document(text, source="a.txt", published=at(2024, 7, 10))
    starts = sorted(n.start for n in doc.notices if isinstance(n.start, datetime))
    assert starts == [at(2024, 7, 11, 16, 30)]


def test_year_boundary_goes_to_next_year() -> None:
    text = "市人大常委会定于1月5日上午召开第十九次会议,审议有关议案。"
    doc = extract_document(text, source="a.txt", published=at(2024, 12, 28))
    assert [n.start for n in doc.notices] == [date(2025, 1, 5)]
    assert doc.notices[0].forward


def test_past_report_is_not_pushed_into_next_year() -> None:
    text = "本报讯 12月20日,市政协召开主席会议,研究部署明年工作。"
    doc = extract_document(text, source="a.txt", published=at(2025, 1, 3))
    assert [n.start for n in doc.notices] == [date(2024, 12, 20)]
    assert not doc.notices[0].forward


def test_outage_list_of_days_shares_the_hours() -> None:
    text = "因线路检修,城东水厂将于6月3日、6日两天8时至17时暂停供水,请用户提前储水。"
    doc = extract_document(text, source="a.txt", published=at(2024, 6, 1))
    spans = sorted((n.start, n.end) for n in doc.notices)
    assert spans == [(at(2024, 6, 3, 8), at(2024, 6, 3, 17)), (at(2024, 6, 6, 8), at(2024, 6, 6, 17))]
    assert all(n.kind == "outage" for n in doc.notices)


def test_midnight_24_ends_the_day() -> None:
    text = "市政务热线启动“护苗行动”,时间为6月1日0时至6月30日24时,市民可拨打热线反映问题。"
    doc = extract_document(text, source="a.txt", published=at(2025, 5, 30))
    n = doc.notices[0]
    assert n.start == at(2025, 6, 1, 0) and n.end == at(2025, 7, 1, 0)
    assert n.kind == "hotline" and n.forward


def test_recurring_schedule_and_statistics_yield_nothing() -> None:
    text = (
        "图书馆每周三下午闭馆整理。一季度经济运行平稳,全市生产总值增长5.2%。"
        "第70期节目请拨打12345热线,4×4接力赛十分精彩。"
    )
    doc = extract_document(text, source="a.txt", published=at(2024, 4, 2))
    assert doc.notices == ()


def test_uid_is_stable_and_shared_by_two_articles_about_one_event() -> None:
    a = "本报讯 “民生热线”节目定于3月12日上午9时举行,市教育局局长接听市民来电。"
    b = "新闻速递:3月12日上午9时,市教育局局长将做客“民生热线”,接听市民来电。"
    first = extract_document(a, source="a.txt", published=at(2024, 3, 10)).notices
    second = extract_document(b, source="b.txt", published=at(2024, 3, 11)).notices
    assert len(first) == 1 and len(second) == 1
    assert first[0].uid == second[0].uid
    again = extract_document(a, source="renamed.txt", published=at(2024, 3, 10)).notices
    assert again[0].uid == first[0].uid


def test_publication_basis_order() -> None:
    text = "本报讯 今日上午,市长热线开通。\n2023年5月4日\n"
    flag = extract_document(text, source="2022-01-02-x.txt", published=at(2021, 3, 3), meta={"published": "2020-02-02"})
    assert (flag.published.day, flag.published.basis) == (date(2021, 3, 3), "flag")
    front = extract_document(text, source="2022-01-02-x.txt", meta={"published": "2020-02-02"})
    assert (front.published.day, front.published.basis) == (date(2020, 2, 2), "front-matter")
    name = extract_document(text, source="inbox/20220102_page.txt")
    assert (name.published.day, name.published.basis) == (date(2022, 1, 2), "filename")
    signed = extract_document(text, source="page.txt")
    assert (signed.published.day, signed.published.basis) == (date(2023, 5, 4), "signature")


def test_dateline_with_day_gives_publication() -> None:
    text = "东北网5月13日电 市城管局定于5月20日举行户外广告设置听证会。2019年以来,全市……"
    doc = extract_document(text, source="x.txt")
    assert doc.published.day == date(2019, 5, 13)
    assert [(n.kind, n.start) for n in doc.notices] == [("hearing", date(2019, 5, 20))]


def test_no_date_anywhere_is_a_clear_error() -> None:
    with pytest.raises(PublicationUnknown):
        extract_document("市民可拨打热线反映问题。", source="x.txt")


def test_unknown_holiday_year_is_counted_monday_to_friday_and_flagged() -> None:
    # 2090 has no official arrangement: Thursday 3月2日, Friday 3日, Monday 6日 are the three working days.
    text = "承办单位接到工单后,须在3个工作日内办结。"
    doc = extract_document(text, source="x.txt", published=at(2090, 3, 1))
    (notice,) = doc.notices
    assert notice.kind == "deadline" and notice.start == date(2090, 3, 6)
    assert notice.flags == ("holidays-unknown-2090",)
    assert notice.to_json()["flags"] == ["holidays-unknown-2090"]


@pytest.mark.parametrize(
    ("name", "expected"),
    [("2023-04-26-hotline.txt", date(2023, 4, 26)), ("20230426_page.txt", date(2023, 4, 26)),
     ("page_2023.04.26.txt", date(2023, 4, 26)), ("002_40085f3b2a5d058d.txt", None), ("12345.txt", None)],
)
def test_date_from_filename(name: str, expected: date | None) -> None:
    assert date_from_filename(name) == expected
