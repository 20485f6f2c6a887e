"""``notices extract`` on real inputs: pages, feeds, Word, PDF and URLs.

Each format must give the same notices as the article's plain text with
front matter would, with ``published`` from the page or the item; each bad
input gives one line on stderr naming it and the reason, and the good
inputs around it still print.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from scheduler.cli import main
from tests.inputs_support import FIXTURES, FixtureSite, docx_bytes, fixture_site, minimal_pdf, read_fixture

# The fields that make a notice what it is (source, basis and evidence offsets may differ).
SAME = ("uid", "kind", "title", "start", "end", "all_day", "forward", "location", "status", "published")


def extract_json(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[dict[str, object]], str]:
    code = main(["extract", *args, "--format", "json"])
    captured = capsys.readouterr()
    rows = [json.loads(line) for line in captured.out.splitlines() if line.strip()]
    return code, rows, captured.err


def essence(rows: list[dict[str, object]]) -> list[dict[str, object]]:
    return sorted(({key: row[key] for key in SAME} for row in rows), key=lambda r: (str(r["start"]), str(r["kind"])))


def plain_text(tmp_path: Path, name: str, lines: list[str], **front: str) -> Path:
    header = "".join(f"{key}: {value}\n" for key, value in front.items())
    path = tmp_path / name
    path.write_text((f"---\n{header}---\n" if header else "") + "\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def site() -> Iterator[FixtureSite]:
    with fixture_site() as running:
        yield running


def test_html_page_gives_the_notices_of_its_plain_text(capsys: pytest.CaptureFixture[str]) -> None:
    code, page, err = extract_json(capsys, str(FIXTURES / "qingshi_notice.html"))
    assert (code, err) == (0, "")
    _, text, _ = extract_json(capsys, str(FIXTURES / "qingshi_notice.txt"))
    assert essence(page) == essence(text)
    assert {row["kind"] for row in page} == {"hotline", "deadline"}
    assert {row["published_basis"] for row in page} == {"html-meta"}
    assert {row["url"] for row in page} == {"https://www.qingshi.gov.cn/zwgk/tzgg/202405/t20240506_1234567.html"}
    assert {row["headline"] for row in page} == {"关于举办第72期“热线问政”直播活动的公告"}


def test_feed_items_give_the_notices_of_their_plain_text(capsys: pytest.CaptureFixture[str]) -> None:
    code, feed, err = extract_json(capsys, str(FIXTURES / "qingshi_news.rss"))
    assert (code, err) == (0, "")
    hearing = [row for row in feed if row["url"] == "https://news.qingshi.cn/bdxw/2024/0505/a0998.html"]
    _, text, _ = extract_json(capsys, str(FIXTURES / "hearing_item.txt"))
    assert essence(hearing) == essence(text)
    assert {row["headline"] for row in hearing} == {"出租车运价调整听证会下周四举行"}  # the item's title, over 本报讯
    assert {row["published_basis"] for row in feed} == {"feed"}
    assert ("hearing", "2024-05-09T09:00:00+08:00") in {(row["kind"], row["start"]) for row in feed}
    assert all("<" not in str(row["title"]) and "CDATA" not in str(row["headline"]) for row in feed)


LETTER = ["关于开展2024年“政策进社区”系列会议的通知", "各街道办事处、各社区：", "经研究，决定召开系列会议，具体安排如下。"]
ROWS = [["日期", "时间", "地点", "会议"],
        ["5月9日", "9:00-11:00", "城南街道市民之家三楼", "社保工作推进会"],
        ["5月10日", "14:30-16:30", "城北社区会议室", "医保工作座谈会"]]
SIGNED = ["青石市民政局", "2024年5月6日"]


def test_docx_gives_the_notices_of_its_plain_text(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    word = tmp_path / "会议安排.docx"
    word.write_bytes(docx_bytes(LETTER, ROWS, SIGNED))
    code, from_word, err = extract_json(capsys, str(word))
    assert (code, err) == (0, "")
    rows = ["| " + " | ".join(row) + " |" for row in ROWS]
    _, from_text, _ = extract_json(capsys, str(plain_text(tmp_path, "会议安排.txt", [*LETTER, *rows, *SIGNED])))
    assert essence(from_word) == essence(from_text)
    assert {(row["kind"], row["start"]) for row in from_word} >= {
        ("meeting", "2024-05-09T09:00:00+08:00"), ("meeting", "2024-05-10T14:30:00+08:00")}


WATER = ["关于城南片区临时停水的通知", "因城南路供水主管道改造施工，市自来水公司定于2024年5月9日9:00至17:00对城南片区暂停供水。",
         "请沿线单位和居民提前做好储水准备。", "青石市自来水公司", "2024年5月6日"]


def test_pdf_gives_the_notices_of_its_plain_text(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pdf = tmp_path / "停水通知.pdf"
    pdf.write_bytes(minimal_pdf([WATER]))
    code, from_pdf, err = extract_json(capsys, str(pdf))
    assert (code, err) == (0, "")
    _, from_text, _ = extract_json(capsys, str(plain_text(tmp_path, "停水通知.txt", WATER)))
    assert essence(from_pdf) == essence(from_text)
    assert [(row["kind"], row["start"], row["published_basis"]) for row in from_pdf] == [
        ("outage", "2024-05-09T09:00:00+08:00", "signature")]


def test_url_gives_the_notices_of_the_pages_plain_text(site: FixtureSite, capsys: pytest.CaptureFixture[str]) -> None:
    code, fetched, err = extract_json(capsys, site.base + "/tzgg/notice.html", "--timeout", "5")
    assert (code, err) == (0, "")
    _, text, _ = extract_json(capsys, str(FIXTURES / "qingshi_notice.txt"))
    assert essence(fetched) == essence(text)
    assert site.seen("/tzgg/notice.html")[0].headers["user-agent"].startswith("notices/")


def test_feed_url_reads_teaser_items_from_their_pages(site: FixtureSite, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["extract", site.base + "/news/rss.xml"])
    out = capsys.readouterr().out
    assert code == 0
    # The teaser's page names itself by its canonical URL.
    canonical = "https://www.qingshi.gov.cn/zwgk/tzgg/202405/t20240506_1234567.html"
    assert f"{canonical}  published 2024-05-06 (feed), 2 notices" in out
    assert "2024-05-09T09:00:00+08:00 → 2024-05-09T11:00:00+08:00" in out  # the page's times, not the teaser's day


def test_front_matter_title_is_the_headline(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = plain_text(tmp_path, "a.txt", WATER[1:], title="城南片区停水通知", published="2024-05-06")
    _, rows, _ = extract_json(capsys, str(path))
    assert [row["headline"] for row in rows] == ["城南片区停水通知"]


def test_each_bad_input_is_one_line_and_the_rest_goes_on(
    tmp_path: Path, site: FixtureSite, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = {
        "截断.html": read_fixture("qingshi_notice.html")[:700],
        "坏源.xml": read_fixture("qingshi_news.rss")[:900],
        "坏文档.docx": b"PK\x03\x04" + bytes(300),
        "坏文件.pdf": minimal_pdf([WATER])[:400],
        "扫描件.pdf": minimal_pdf([[]]),
        "旧格式.doc": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500),
        "图片.html": b"\x89PNG\r\n\x1a\n" + bytes(300),
    }
    for name, data in bad.items():
        (tmp_path / name).write_bytes(data)
    good = plain_text(tmp_path, "好.txt", WATER)
    urls = [site.base + "/missing", site.base + "/image.png", site.base + "/private/notice.html"]
    args = [*(str(tmp_path / name) for name in bad), *urls, str(good)]
    code = main(["extract", *args, "--timeout", "5"])
    captured = capsys.readouterr()
    assert code == 1
    lines = captured.err.splitlines()
    assert len(lines) == len(bad) + len(urls), captured.err
    expected = {
        "截断.html": "no article text found in the page",
        "坏源.xml": "malformed feed, not read",
        "坏文档.docx": "corrupt .docx file",
        "坏文件.pdf": "corrupt PDF",
        "扫描件.pdf": "scanned PDF: no text layer on its 1 page",
        "旧格式.doc": "legacy Word .doc files are not supported",
        "图片.html": "binary data",
    }
    for line, name in zip(lines, bad):
        assert line.startswith(f"notices: {tmp_path / name}: {expected[name]}"), line
    assert lines[len(bad):] == [
        f"notices: {site.base}/missing: HTTP 404 Not Found",
        f"notices: {site.base}/image.png: unsupported content type image/png",
        f"notices: {site.base}/private/notice.html: disallowed by {site.base}/robots.txt",
    ]
    assert f"{good}  published 2024-05-06 (signature), 1 notices" in captured.out


# -- explain reads files through the same input layer ----------------------------------------


def explain_json(capsys: pytest.CaptureFixture[str], path: Path) -> dict[str, object]:
    code = main(["explain", str(path), "--published", "2024-05-06T16:28", "--format", "json"])
    captured = capsys.readouterr()
    assert (code, captured.err) == (0, "")
    return json.loads(captured.out)


def mention_texts(trace: dict[str, object]) -> list[str]:
    return [str(m["text"]) for m in trace["mentions"]]  # type: ignore[union-attr]


def test_explain_traces_a_page_s_text_not_its_markup(capsys: pytest.CaptureFixture[str]) -> None:
    page = explain_json(capsys, FIXTURES / "qingshi_notice.html")
    text = explain_json(capsys, FIXTURES / "qingshi_notice.txt")
    assert mention_texts(page) == ["2024-05-06 16:28", *mention_texts(text)]  # the page keeps its 发布时间 line
    assert not any("2024年1月1日" in m for m in mention_texts(page))  # the day in the page's <script>
    assert any("5月8日17:00前" in m for m in mention_texts(page))


def test_explain_traces_word_and_pdf_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    word = tmp_path / "会议安排.docx"
    word.write_bytes(docx_bytes(LETTER, ROWS, SIGNED))
    rows = ["| " + " | ".join(row) + " |" for row in ROWS]
    as_text = plain_text(tmp_path, "会议安排.txt", [*LETTER, *rows, *SIGNED])
    assert mention_texts(explain_json(capsys, word)) == mention_texts(explain_json(capsys, as_text))
    pdf = tmp_path / "停水通知.pdf"
    pdf.write_bytes(minimal_pdf([WATER]))
    from_pdf = mention_texts(explain_json(capsys, pdf))
    assert from_pdf == mention_texts(explain_json(capsys, plain_text(tmp_path, "停水通知.txt", WATER)))
    assert "2024年5月9日9:00至17:00" in from_pdf


# -- build takes URLs as extract does ---------------------------------------------------------


def test_build_ingests_urls_beside_files(tmp_path: Path, site: FixtureSite, capsys: pytest.CaptureFixture[str]) -> None:
    out, store = tmp_path / "out", tmp_path / "state" / "s.sqlite3"
    water = plain_text(tmp_path, "停水.txt", WATER)
    page = site.base + "/tzgg/notice.html"
    args = ["build", page, str(water), site.base + "/missing", "--as-of", "2024-05-07",
            "--output", str(out), "--store", str(store), "--timeout", "5"]
    code = main(args)
    captured = capsys.readouterr()
    assert code == 1  # the missing page is skipped, the rest is built
    assert captured.err.splitlines() == [f"notices: {site.base}/missing: HTTP 404 Not Found"]
    assert captured.out.splitlines()[0] == (
        "3 new, 0 updated, 0 unchanged, 0 withdrawn notices; 2 files read, 0 unchanged, 1 skipped")
    calendar = (out / "feeds" / "all.ics").read_text(encoding="utf-8")
    assert "DTSTART;TZID=Asia/Shanghai:20240509T090000" in calendar  # 热线问政, from the page
    assert "城南片区" in calendar  # the outage, from the file
    from scheduler.store.store import Store

    with Store.open(store) as opened:
        assert opened.article_hash(page) is not None  # the page is keyed by its URL
    assert main(args) == 1  # again: the page gives the same bytes, nothing changes
    assert capsys.readouterr().out.splitlines()[0] == (
        "0 new, 0 updated, 3 unchanged, 0 withdrawn notices; 0 files read, 2 unchanged, 1 skipped")
