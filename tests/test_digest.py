"""The daily digest: sections, deadlines with days left, 新发现, escaping, golden text."""

from __future__ import annotations

import random
import re
from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path


from notices.model import Notice
from scheduler.publish.digest import (
    EMPTY, Digest, build_digest, deadline_horizon, render_html, render_markdown, working_days_between,
)
from scheduler.store.store import DigestWindow, SourceRef, StoredNotice
from tests.feed_samples import (
    AS_OF, DEADLINE, EXHIBITION, HOTLINE, LONG_EVENT, MEETING, NOW, OLD_FORWARD, OUTAGE,
    PAST_REPORT, at, make_notice,
)
from tests.golden import GOLDEN_DIR, build_handmade_output

SECTION_TITLES = ["今日", "明日", "未来7天", "截止提醒", "新发现"]
ALL_NEW = DigestWindow(since=None, until=NOW)


def stored(notice: Notice, first_seen: datetime = NOW - timedelta(hours=1)) -> StoredNotice:
    source = SourceRef(
        source=notice.source,
        path=f"/srv/{notice.source}",
        headline=notice.headline,
        published=notice.published,
        published_basis=notice.published_basis,
        url=notice.url,
    )
    return StoredNotice(notice, first_seen, first_seen, 0, None, (source,))


SAMPLE = [stored(n) for n in (HOTLINE, DEADLINE, MEETING, OUTAGE, EXHIBITION, LONG_EVENT, PAST_REPORT, OLD_FORWARD)]


def section_uids(digest: Digest, title: str) -> list[str]:
    (section,) = [s for s in digest.sections if s.title == title]
    return [item.uid for item in section.items]


def markdown_section(text: str, title: str) -> str:
    match = re.search(rf"^## {title}.*?(?=^## |\Z)", text, flags=re.M | re.S)
    assert match, title
    return match.group(0)


def test_sections_in_order_and_items_placed() -> None:
    digest = build_digest(SAMPLE, AS_OF, ALL_NEW)
    assert [s.title for s in digest.sections] == SECTION_TITLES
    assert section_uids(digest, "今日") == [HOTLINE.uid]
    assert section_uids(digest, "明日") == [MEETING.uid]
    assert section_uids(digest, "未来7天") == [LONG_EVENT.uid, OUTAGE.uid, EXHIBITION.uid]
    assert section_uids(digest, "截止提醒") == [DEADLINE.uid]
    text = render_markdown(digest)
    assert [line[3:].split(" ")[0] for line in text.splitlines() if line.startswith("## ")] == SECTION_TITLES


def test_today_item_shows_time_title_place_kind_and_source() -> None:
    text = render_markdown(build_digest(SAMPLE, AS_OF, ALL_NEW, link_from=Path("/srv/output/digests")))
    today = markdown_section(text, "今日")
    assert "**09:00–11:00** 第70期“热线问政” · 热线问政" in today
    assert f"[《{HOTLINE.headline}》](<../../inbox/热线问政.txt>)（2023-04-26发布）" in today
    tomorrow = markdown_section(text, "明日")
    assert "**15:00** 全市防汛抗旱工作调度会 · 地点：市政府第一会议室，三楼 · 会议" in tomorrow
    week = markdown_section(text, "未来7天")
    assert "**4月29日 周六—4月30日 周日** 蒸湘区部分片区停水" in week
    assert f"(<{EXHIBITION.url}>)" in week  # a source URL wins over the file


def test_empty_sections_are_collapsed_into_one_line() -> None:
    digest = build_digest([], AS_OF, ALL_NEW)
    text = render_markdown(digest)
    assert "## " not in text
    assert text.count(EMPTY) == 1 and f"{EMPTY}：今日、明日、未来7天、截止提醒、新发现" in text
    page = render_html(digest)
    assert page.count(EMPTY) == 1 and "<section>" not in page
    quiet = render_markdown(build_digest([stored(HOTLINE)], AS_OF, DigestWindow(since=NOW - timedelta(days=1), until=NOW)))
    assert quiet.count(EMPTY) == 1 and f"{EMPTY}：明日、未来7天、截止提醒" in quiet
    assert "## 今日" in quiet and "## 新发现" in quiet


def test_deadline_days_left_and_holiday_extended_window() -> None:
    assert deadline_horizon(date(2023, 4, 26)) == date(2023, 5, 8)  # 劳动节 4月29日—5月3日 not counted
    assert deadline_horizon(date(2023, 6, 5)) == date(2023, 6, 12)  # an ordinary week
    assert working_days_between(date(2023, 4, 26), date(2023, 5, 4)) == 3
    text = markdown_section(render_markdown(build_digest(SAMPLE, AS_OF, ALL_NEW)), "截止提醒")
    assert "**5月4日 周四** 截止：承办单位办结“热线问政”工单" in text
    assert "还有8天（3个工作日）；规则：3个工作日内办结，依法定节假日顺延" in text
    due_today = build_digest(SAMPLE, date(2023, 5, 4), ALL_NEW)
    (item,) = [s for s in due_today.sections if s.title == "截止提醒"][0].items
    assert item.note is not None and item.note.startswith("今天截止")


def test_deadlines_beyond_the_window_or_past_are_left_out() -> None:
    late = replace(DEADLINE, uid="deadline-late", start=date(2023, 5, 9))
    past = replace(DEADLINE, uid="deadline-past", start=date(2023, 4, 25))
    digest = build_digest([stored(late), stored(past), stored(DEADLINE)], AS_OF, ALL_NEW)
    assert section_uids(digest, "截止提醒") == [DEADLINE.uid]


def test_multi_day_item_listed_once_where_it_first_overlaps() -> None:
    fair = make_notice(uid="fair", kind="activity", title="春季人才招聘会", start=date(2023, 4, 25), end=date(2023, 4, 28), all_day=True)
    digest = build_digest([stored(fair)], AS_OF, ALL_NEW)
    assert [section_uids(digest, t) for t in SECTION_TITLES[:3]] == [["fair"], [], []]


def test_new_section_uses_the_window() -> None:
    old = stored(MEETING, first_seen=NOW - timedelta(days=2))
    fresh = stored(OUTAGE, first_seen=NOW - timedelta(hours=2))
    too_late = stored(EXHIBITION, first_seen=NOW + timedelta(hours=1))
    window = DigestWindow(since=NOW - timedelta(days=1), until=NOW)
    digest = build_digest([old, fresh, too_late], AS_OF, window)
    assert section_uids(digest, "新发现") == [OUTAGE.uid]
    text = render_markdown(digest)
    assert "2023-04-25 07:00上一期摘要以来" in markdown_section(text, "新发现")


def test_non_forward_and_withdrawn_notices_are_left_out() -> None:
    report_today = replace(PAST_REPORT, uid="report", start=at(26, 8))
    withdrawn = replace(stored(replace(HOTLINE, uid="gone")), withdrawn_at=NOW)
    digest = build_digest([stored(report_today), withdrawn], AS_OF, ALL_NEW)
    assert all(not s.items for s in digest.sections)


def test_html_is_self_contained_and_escaped() -> None:
    nasty = make_notice(
        uid="nasty",
        title='<script>alert("热线")</script> & 座谈会',
        location="<b>礼堂</b>",
        headline="标题里有<尖括号>",
        url="javascript:alert(1)",
    )
    page = render_html(build_digest([stored(nasty), *SAMPLE], AS_OF, ALL_NEW, link_from=Path("/srv/output/digests")))
    assert "<script" not in page and "<b>" not in page
    assert "&lt;script&gt;alert(&quot;热线&quot;)&lt;/script&gt; &amp; 座谈会" in page
    assert "javascript:" not in page
    assert not re.search(r"<(link|img|script|iframe)\b|src=|@import", page)
    assert page.startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in page
    assert page.count("<section>") == 5 and "（无）" not in page.split("<h2>今日")[1].split("</section>")[0]
    markdown = render_markdown(build_digest([stored(nasty)], AS_OF, ALL_NEW))
    assert "\\<script\\>" in markdown


def test_digest_is_deterministic() -> None:
    shuffled = SAMPLE[:]
    random.Random(3).shuffle(shuffled)
    first = build_digest(SAMPLE, AS_OF, ALL_NEW)
    assert build_digest(shuffled, AS_OF, ALL_NEW) == first
    assert render_markdown(first) == render_markdown(build_digest(shuffled, AS_OF, ALL_NEW))


def test_golden_digests_byte_for_byte(tmp_path: Path) -> None:
    produced = build_handmade_output(tmp_path)
    digests = {name: data for name, data in produced.items() if name.startswith("digests/")}
    assert sorted(digests) == [
        "digests/2023-04-26.html", "digests/2023-04-26.md", "digests/2023-04-27.html", "digests/2023-04-27.md",
    ]
    for name, data in digests.items():
        golden = GOLDEN_DIR / "handmade" / name
        assert golden.exists(), f"{golden} missing: run python -m tests.golden --update"
        assert data == golden.read_bytes(), f"{name} differs from its golden file"


# -- changes of plan and source names ---------------------------------------------

CALLED_OFF = make_notice(
    uid="activity-2023-04-27-yishou",
    kind="activity",
    title="“书香衡阳”图书义卖活动",
    start=at(27, 9),
    end=at(27, 17),
    location="市图书馆广场",
    headline="“书香衡阳”图书义卖活动取消",
    evidence="原定4月27日在市图书馆广场举行的“书香衡阳”图书义卖活动取消，已报名的志愿者无须到场。",
    source="inbox/义卖.txt",
    status="cancelled",
)
MOVED = replace(
    MEETING,
    start=at(2, 15, month=5),
    change="原定4月27日召开，现推迟至5月2日",
)


def test_cancelled_item_is_struck_through_and_marked() -> None:
    digest = build_digest([stored(CALLED_OFF), stored(MEETING)], AS_OF, ALL_NEW)
    assert section_uids(digest, "明日") == [CALLED_OFF.uid, MEETING.uid]  # still listed
    tomorrow = markdown_section(render_markdown(digest), "明日")
    assert "- **09:00–17:00** ~~“书香衡阳”图书义卖活动~~（已取消） · 地点：市图书馆广场 · 活动" in tomorrow
    assert "~~全市防汛抗旱工作调度会~~" not in tomorrow and "全市防汛抗旱工作调度会 ·" in tomorrow
    assert tomorrow.count("（已取消）") == 1
    page = render_html(digest)
    assert '<del><strong class="title">“书香衡阳”图书义卖活动</strong></del><span class="cancelled">（已取消）</span>' in page
    assert page.count("<del>") == 1  # 明日 (a first digest counts 新发现 instead of listing it)
    assert '<del><strong class="title">全市防汛' not in page


def test_moved_item_shows_its_change_note() -> None:
    digest = build_digest([stored(MOVED)], AS_OF, ALL_NEW)
    assert section_uids(digest, "未来7天") == [MEETING.uid]
    week = markdown_section(render_markdown(digest), "未来7天")
    assert "**5月2日 周二 15:00** 全市防汛抗旱工作调度会 · 地点：市政府第一会议室，三楼 · 会议 · 变更：原定4月27日召开，现推迟至5月2日" in week
    assert '<span class="change">变更：原定4月27日召开，现推迟至5月2日</span>' in render_html(digest)
    assert "变更：" not in render_markdown(build_digest([stored(MEETING)], AS_OF, ALL_NEW))


def test_cancelled_deadline_keeps_its_days_left() -> None:
    dropped = replace(DEADLINE, status="cancelled")
    text = markdown_section(render_markdown(build_digest([stored(dropped)], AS_OF, ALL_NEW)), "截止提醒")
    assert "~~截止：承办单位办结“热线问政”工单~~（已取消）" in text and "还有8天" in text


def test_absolute_inbox_paths_never_show() -> None:
    served = make_notice(uid="outage-2023-04-28-tingdian", kind="outage", title="华新开发区计划停电",
                         start=date(2023, 4, 28), end=None, all_day=True, headline="", source="/srv/inbox/a/b.txt")
    ref = SourceRef(source="/srv/inbox/a/b.txt", path="/srv/inbox/a/b.txt", headline="",
                    published=served.published, published_basis="dateline")
    items = [replace(stored(served), sources=(ref,)), replace(stored(served), sources=())]
    for item in items:
        digest = build_digest([item], AS_OF, ALL_NEW, link_from=Path("/srv/output/digests"))
        for text in (render_markdown(digest), render_html(digest)):
            assert "《b.txt》（2023-04-26发布）" in text
            assert "/srv" not in text and "inbox/" not in text
            assert "../" not in text.replace("../feeds/all.ics", "")  # only the link to the feed


def test_relative_sources_keep_their_local_link() -> None:
    text = render_markdown(build_digest([stored(HOTLINE)], AS_OF, ALL_NEW, link_from=Path("/srv/output/digests")))
    assert "(<../../inbox/热线问政.txt>)" in text


# -- issue 12: CommonMark, bounds, the first digest, fonts -------------------------------------


def test_markdown_renders_each_source_as_its_own_item_in_commonmark() -> None:
    from markdown_it import MarkdownIt

    text = render_markdown(build_digest(SAMPLE, AS_OF, DigestWindow(since=NOW - timedelta(days=1), until=NOW),
                                        link_from=Path("/srv/output/digests")))
    tokens = MarkdownIt("commonmark").parse(text)
    inline = [t for t in tokens if t.type == "inline"]
    sources = [t for t in inline if t.content.startswith("来源：")]
    assert sources and len(sources) == text.count("来源：")
    for index, token in enumerate(tokens):
        if token in sources:
            # paragraph_open → inline, inside a list item of its own (nested under the event's item)
            assert tokens[index - 1].type == "paragraph_open" and tokens[index - 2].type == "list_item_open"
    items = [t for t in inline if t.content.startswith("**")]
    assert items and not any("来源" in t.content for t in items)  # never runs into its item line
    html = MarkdownIt("commonmark").render(text)
    assert html.count("<li>") == text.count("\n- ") + text.count("\n  - ")


def test_sections_are_bounded_with_a_link_to_the_feed() -> None:
    many = [stored(make_notice(uid=f"hotline-{n:02d}", title=f"第{n}期“热线问政”", start=at(26, 9, n)))
            for n in range(7)]
    deadlines = [stored(replace(DEADLINE, uid=f"deadline-{n}", title=f"办结{n}")) for n in range(4)]
    window = DigestWindow(since=NOW - timedelta(days=1), until=NOW)
    digest = build_digest([*many, *deadlines], AS_OF, window, max_items=3)
    (today,) = [s for s in digest.sections if s.title == "今日"]
    assert len(today.items) == 3 and today.more == 4 and today.more_href == "../feeds/all.ics"
    text = render_markdown(digest)
    assert "以及另外4项：[全部订阅](../feeds/all.ics)" in markdown_section(text, "今日")
    assert "以及另外1项：[全部订阅](../feeds/deadline.ics)" in markdown_section(text, "截止提醒")
    assert '以及另外4项：<a href="../feeds/all.ics">全部订阅</a>' in render_html(digest)
    assert len(build_digest([*many], AS_OF, window).sections[0].items) == 7  # no bound given


def test_the_first_digest_of_a_new_store_counts_instead_of_listing() -> None:
    digest = build_digest(SAMPLE, AS_OF, ALL_NEW)
    (found,) = [s for s in digest.sections if s.title == "新发现"]
    assert found.items == () and found.more > 0
    section = markdown_section(render_markdown(digest), "新发现")
    assert f"共{found.more}项：[全部订阅](../feeds/all.ics)" in section and "- **" not in section


def test_html_font_stack_starts_with_the_cjk_fonts_linux_has() -> None:
    page = render_html(build_digest(SAMPLE, AS_OF, ALL_NEW))
    stack = re.search(r"font-family:([^;]+);", page)
    assert stack is not None
    fonts = [f.strip().strip('"') for f in stack.group(1).split(",")]
    assert fonts[:2] == ["Noto Sans CJK SC", "Source Han Sans SC"]
    assert {"PingFang SC", "Microsoft YaHei"} <= set(fonts) and fonts[-1] == "sans-serif"
