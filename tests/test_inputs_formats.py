"""The readers of ``scheduler.inputs``: format detection, pages, feeds, Word and PDF files.

Fixtures are our own writing in the genre (a fictional 青石市): a city
government notice page with navigation, sidebar and footer around it, a news
site's RSS, and Word and PDF notices generated here from our own text.
"""

from __future__ import annotations

import re
import zipfile
from datetime import datetime
from io import BytesIO

import pytest

from notices.extract import extract_document
from notices.model import SHANGHAI
from scheduler.inputs.dispatch import documents_from_bytes
from scheduler.inputs.feeds import parse_feed
from scheduler.inputs.formats import DOCX, FEED, HTML, PDF, TEXT, detect_format
from scheduler.inputs.inbox import InputError
from scheduler.inputs.markup import markup_text
from scheduler.inputs.pages import html_document
from scheduler.inputs.pdf import pdf_document
from scheduler.inputs.word import docx_document
from tests.inputs_support import docx_bytes, minimal_pdf, read_fixture

NOW = datetime(2024, 5, 7, 8, 0, tzinfo=SHANGHAI)
CANONICAL = "https://www.qingshi.gov.cn/zwgk/tzgg/202405/t20240506_1234567.html"


def notices_of(doc) -> list[tuple[str, str, str]]:  # type: ignore[no-untyped-def]
    document = extract_document(doc.text, source=doc.path, meta=doc.meta)
    return [(n.kind, n.start.isoformat(), n.title) for n in document.notices]


# --------------------------------------------------------------------------
# Which reader


@pytest.mark.parametrize(
    ("data", "name", "content_type", "expected"),
    [
        (b"%PDF-1.7\n...", "notice.html", None, PDF),  # magic bytes win over the name
        (b"PK\x03\x04....word/document.xml", "notice.bin", None, DOCX),
        (b"<!DOCTYPE html><html><body>", "page.txt", None, HTML),  # a saved page named .txt
        (b"<?xml version='1.0'?><rss version='2.0'>", "news", None, FEED),
        (b"<feed xmlns='http://www.w3.org/2005/Atom'>", "x", None, FEED),
        ("市自来水公司定于5月9日停水。".encode(), "停水.txt", None, TEXT),
        (b"<rss version='2.0'><channel>", "x", "text/html; charset=utf-8", FEED),  # servers mislabel feeds
        (b"<html><body>", "x", "text/html", HTML),
        (b"<html><body>", "x", "application/octet-stream", HTML),
        ("---\ntitle: 停水\n---\n明日停水。".encode(), "a.md", "text/plain", TEXT),
    ],
)
def test_detect_format(data: bytes, name: str, content_type: str | None, expected: str) -> None:
    assert detect_format(data, name, name=name, content_type=content_type) == expected


@pytest.mark.parametrize(
    ("data", "name", "content_type", "reason"),
    [
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100), "通知.doc", None, "legacy Word .doc files are not supported"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100), "通知.wps", None, "WPS .wps files are not supported"),
        (b"anything", "通知.doc", None, "legacy Word .doc files are not supported"),
        (b"\x89PNG\r\n", "x", "image/png", "unsupported content type image/png"),
        (b"{}", "x", "application/json", "unsupported content type application/json"),
    ],
)
def test_unsupported_formats_are_refused_by_name(data: bytes, name: str, content_type: str | None, reason: str) -> None:
    with pytest.raises(InputError) as caught:
        detect_format(data, name, name=name, content_type=content_type)
    assert caught.value.path == name
    assert caught.value.reason.startswith(reason)


# --------------------------------------------------------------------------
# Web pages


def test_page_keeps_the_article_and_drops_the_chrome() -> None:
    doc = html_document(read_fixture("qingshi_notice.html"), "qingshi_notice.html", now=NOW)
    assert doc.meta == {
        "title": "关于举办第72期“热线问政”直播活动的公告",
        "url": CANONICAL,
        "published": "2024-05-06",
        "published_basis": "html-meta",
    }
    assert "定于2024年5月9日（星期四）上午9:00—11:00举行第72期“热线问政”直播活动" in doc.text
    assert doc.text.rstrip().endswith("青石市政务服务中心\n2024年5月6日")
    for chrome in ("热点新闻", "燃气安全专项检查", "山地自行车赛", "上一篇", "下一篇", "版权所有", "ICP",
                   "政务公开", "document.write", "统计代码", "打印本页", "<", "今天是"):
        assert chrome not in doc.text, chrome
    # The page's own stamp is kept above the body, as a short line of its own.
    assert doc.text.split("\n")[0] == "发布时间：2024-05-06 16:28"


def test_page_notices_come_from_the_article_only() -> None:
    doc = html_document(read_fixture("qingshi_notice.html"), "qingshi_notice.html", now=NOW)
    document = extract_document(doc.text, source=doc.path, meta=doc.meta)
    assert document.published.basis == "html-meta"
    assert document.articles[0].headline == "关于举办第72期“热线问政”直播活动的公告"
    found = {(n.kind, n.start.isoformat()) for n in document.notices}
    assert found == {("hotline", "2024-05-09T09:00:00+08:00"), ("deadline", "2024-05-08T17:00:00+08:00")}
    assert all(n.url == CANONICAL for n in document.notices)
    assert all("<" not in n.title and "<" not in n.evidence for n in document.notices)


def test_page_without_date_markup_dates_from_its_stamp_line_not_the_sidebar() -> None:
    raw = re.sub(rb'<meta name="PubDate"[^>]*>', b"", read_fixture("qingshi_notice.html"))
    doc = html_document(raw, "page.html", now=NOW)
    assert "published" not in doc.meta
    document = extract_document(doc.text, source=doc.path, meta=doc.meta)
    # The sidebar's 2024-05-05 and the headline's event date never win.
    assert (document.published.day.isoformat(), document.published.basis) == ("2024-05-06", "pub-line")


def test_page_date_after_now_is_not_believed() -> None:
    doc = html_document(read_fixture("qingshi_notice.html"), "page.html", now=datetime(2024, 5, 1, tzinfo=SHANGHAI))
    assert "published" not in doc.meta


def test_gbk_page_declared_as_gb2312_is_decoded() -> None:
    text = read_fixture("qingshi_notice.html").decode("utf-8").replace(
        '<meta charset="utf-8">', '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">'
    )
    doc = html_document(text.encode("gbk"), "gbk.html", now=NOW)
    assert doc.meta["title"] == "关于举办第72期“热线问政”直播活动的公告"
    assert "青石市广播电视台二楼演播厅" in doc.text


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (read_fixture("qingshi_notice.html")[:700], "no article text found in the page"),  # cut inside <head>
        (b"<html><head><title>x</title></head><body><ul><li><a href='/a'>1</a></li></ul></body></html>",
         "no article text found in the page"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64), "binary data"),
        (b"", "empty file"),
    ],
)
def test_bad_pages_give_one_clear_reason(data: bytes, reason: str) -> None:
    with pytest.raises(InputError) as caught:
        html_document(data, "inbox/坏页面.html", now=NOW)
    assert str(caught.value).startswith(f"inbox/坏页面.html: {reason}")
    assert "\n" not in str(caught.value)


# --------------------------------------------------------------------------
# Feeds


def test_feed_items_keep_their_own_title_link_and_date() -> None:
    parsed = parse_feed(read_fixture("qingshi_news.rss"), "qingshi_news.rss")
    assert parsed.title == "青石新闻网 - 本地新闻"
    titles = [item.title for item in parsed.items]
    assert titles == ["城南片区5月9日临时停水", "出租车运价调整听证会下周四举行", "关于举办第72期“热线问政”直播活动的公告"]
    water, hearing, teaser = parsed.items
    assert water.published is not None and water.published.isoformat() == "2024-05-06T10:20:00+08:00"
    # A zone-less pubDate on a Chinese site is local time, not UTC.
    assert hearing.published is not None and hearing.published.isoformat() == "2024-05-05T23:30:00+08:00"
    assert water.text.startswith("记者从市自来水公司获悉") and "<" not in water.text
    assert water.full and not water.is_teaser
    assert teaser.is_teaser and teaser.link == "https://news.qingshi.cn/tzgg/notice.html"


def test_each_item_resolves_relative_dates_against_its_own_pubdate() -> None:
    docs = documents_from_bytes(read_fixture("qingshi_news.rss"), "qingshi_news.rss", now=NOW)
    assert [doc.key for doc in docs] == [
        "https://news.qingshi.cn/bdxw/2024/0506/a1001.html",
        "https://news.qingshi.cn/bdxw/2024/0505/a0998.html",
        "https://news.qingshi.cn/tzgg/notice.html",
    ]
    hearing = docs[1]
    assert hearing.meta["published_basis"] == "feed"
    # 下周四 from Sunday 5月5日 is 5月9日; read as UTC (Monday 07:30) it would be a week later.
    assert ("hearing", "2024-05-09T09:00:00+08:00", "出租车运价调整听证会") in notices_of(hearing)
    assert notices_of(docs[0]) == [("outage", "2024-05-09T09:00:00+08:00", "城南片区暂停供水")]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Sun, 05 May 2024 23:30:00 +0800", "2024-05-05T23:30:00+08:00"),
        ("Sun, 05 May 2024 15:30:00 GMT", "2024-05-05T23:30:00+08:00"),
        ("Sun, 05 May 2024 23:30:00 CST", "2024-05-05T23:30:00+08:00"),  # China Standard Time here
        ("2024-05-05 23:30:00", "2024-05-05T23:30:00+08:00"),
        ("2024-05-05T23:30:00Z", "2024-05-06T07:30:00+08:00"),
    ],
)
def test_item_dates(raw: str, expected: str) -> None:
    rss = f"<rss version='2.0'><channel><title>t</title><item><title>停水</title><pubDate>{raw}</pubDate>" \
          "<description>定于5月9日停水。</description></item></channel></rss>"
    item = parse_feed(rss.encode("utf-8"), "x.xml").items[0]
    assert item.published is not None and item.published.isoformat() == expected


def test_atom_entries_use_updated_when_published_is_missing() -> None:
    atom = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>青石发布</title>
<entry><title type="html">&lt;b&gt;东风路片区计划停电&lt;/b&gt;</title>
<link href="https://fb.qingshi.cn/2024/0506/1.html"/><id>tag:fb.qingshi.cn,2024:1</id>
<updated>2024-05-06T09:00:00+08:00</updated>
<content type="html">&lt;p&gt;供电公司定于5月10日9:00至16:00对东风路片区计划停电。&lt;/p&gt;</content></entry></feed>"""
    item = parse_feed(atom.encode("utf-8"), "fb.atom").items[0]
    assert item.title == "东风路片区计划停电"
    assert item.published is not None and item.published.isoformat() == "2024-05-06T09:00:00+08:00"
    assert item.text == "供电公司定于5月10日9:00至16:00对东风路片区计划停电。"


def test_bare_ampersands_in_links_are_forgiven() -> None:
    rss = ("<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel><title>t</title><item>"
           "<title>停水</title><link>https://news.qingshi.cn/a?id=1&page=2</link>"
           "<description>定于5月9日停水。</description></item></channel></rss>")
    assert parse_feed(rss.encode("utf-8"), "x.xml").items[0].link == "https://news.qingshi.cn/a?id=1&page=2"


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (read_fixture("qingshi_news.rss")[:900], "malformed feed, not read"),  # truncated mid-item
        (b"this is <not> xml & not a feed", "not an RSS or Atom feed"),
        (b"<?xml version='1.0'?><urlset><url><loc>https://a</loc></url></urlset>", "not an RSS or Atom feed"),
    ],
)
def test_bad_feeds_give_one_clear_reason(data: bytes, reason: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_feed(data, "inbox/青石新闻.xml")
    assert str(caught.value).startswith(f"inbox/青石新闻.xml: {reason}")
    assert "\n" not in str(caught.value)


def test_markup_text_turns_blocks_into_lines() -> None:
    fragment = "<p>定于5月9日<b>9:00至17:00</b>停水。</p><ul><li>范围：城南片区</li></ul>" \
               "<table><tr><td>5月9日</td><td>城南</td></tr></table><script>x()</script>敬请谅解&amp;配合"
    assert markup_text(fragment) == "定于5月9日9:00至17:00停水。\n范围：城南片区\n| 5月9日 | 城南 |\n敬请谅解&配合"


# --------------------------------------------------------------------------
# Word and PDF


LEAD = ["关于开展2024年“政策进社区”系列会议的通知", "各街道办事处、各社区：", "经研究，决定召开系列会议，具体安排如下。"]
ROWS = [["日期", "时间", "地点", "会议"],
        ["5月9日", "9:00-11:00", "城南街道市民之家三楼", "社保工作推进会"],
        ["5月10日", "14:30-16:30", "城北社区会议室", "医保工作座谈会"]]
SIGNATURE = ["青石市民政局", "2024年5月6日"]


def test_docx_keeps_paragraphs_and_table_rows_as_lines() -> None:
    doc = docx_document(docx_bytes(LEAD, ROWS, SIGNATURE, merge_first_row=True), "inbox/会议安排.docx")
    assert doc.text.split("\n") == [
        *LEAD,
        "| “政策进社区”宣讲安排表 |",  # a merged cell is read once
        "| 日期 | 时间 | 地点 | 会议 |",
        "| 5月9日 | 9:00-11:00 | 城南街道市民之家三楼 | 社保工作推进会 |",
        "| 5月10日 | 14:30-16:30 | 城北社区会议室 | 医保工作座谈会 |",
        *SIGNATURE,
    ]
    found = notices_of(doc)
    assert ("meeting", "2024-05-09T09:00:00+08:00", "社保工作推进会") in found
    assert ("meeting", "2024-05-10T14:30:00+08:00", "医保工作座谈会") in found


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (bytes(range(256)) * 4, "not a .docx file (not a ZIP package"),
        (_zip({"hello.txt": b"hi"}), "corrupt .docx file"),
        (docx_bytes(LEAD, ROWS, SIGNATURE)[:2000], "corrupt .docx file"),
        (docx_bytes([], [[""]], []), "no text in the Word document"),
    ],
)
def test_bad_docx_gives_one_clear_reason(data: bytes, reason: str) -> None:
    with pytest.raises(InputError) as caught:
        docx_document(data, "inbox/会议安排.docx")
    assert str(caught.value).startswith(f"inbox/会议安排.docx: {reason}")
    assert "\n" not in str(caught.value)


WATER = ["关于城南片区临时停水的通知", "因城南路供水主管道改造施工，市自来水公司定于2024年5月9日9:00至17:00对城南片区暂停供水。",
         "请沿线单位和居民提前做好储水准备。", "青石市自来水公司", "2024年5月6日"]


def test_pdf_text_layer_is_read() -> None:
    doc = pdf_document(minimal_pdf([WATER[:3], WATER[3:]]), "inbox/停水通知.pdf")
    assert doc.text.split("\n") == [*WATER[:3], "", *WATER[3:]]  # a page break is a blank line
    assert notices_of(doc) == [("outage", "2024-05-09T09:00:00+08:00", "城南片区暂停供水")]


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (minimal_pdf([[], []]), "scanned PDF: no text layer on its 2 pages"),
        (minimal_pdf([WATER])[:400], "corrupt PDF"),
        (b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF", "corrupt PDF"),
        (b"<html><body>not a pdf</body></html>", "not a PDF file"),
    ],
)
def test_bad_pdf_gives_one_clear_reason(data: bytes, reason: str) -> None:
    with pytest.raises(InputError) as caught:
        pdf_document(data, "inbox/停水通知.pdf")
    assert str(caught.value).startswith(f"inbox/停水通知.pdf: {reason}")
    assert "\n" not in str(caught.value)
