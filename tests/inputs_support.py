"""Fixtures for the input tests: a local web site, a hand-written PDF, a generated .docx.

The site (``FixtureSite``) runs on 127.0.0.1 in a thread and serves the
fixture pages of ``tests/fixtures_inputs/`` with every behaviour the fetcher
must survive: ETags and 304, a redirect and a redirect loop, a slow page, a
404, a 500 that recovers, pages over the size limit (declared and streamed),
a robots.txt that disallows ``/private/``, an image where a page should be
and a broken feed.  It records every request with its headers.  Nothing in
the tests reaches the internet.
"""

from __future__ import annotations

import http.server
import io
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures_inputs"
FEED_HOST = "https://news.qingshi.cn"
"""The fictional news site the fixture feed links to; the local site stands in for it."""

NEW_ITEM = """<item>
<title>城北社区5月11日举办免费义诊活动</title>
<link>https://news.qingshi.cn/bdxw/2024/0507/a1010.html</link>
<guid isPermaLink="false">qsnews-a1010</guid>
<pubDate>Tue, 07 May 2024 09:00:00 +0800</pubDate>
<content:encoded><![CDATA[<p>为方便辖区居民就近看病，城北社区卫生服务中心定于5月11日（星期六）上午8:30至11:30在城北社区广场举办免费义诊活动，内科、眼科、口腔科医生现场坐诊。</p><p>请参加义诊的居民携带身份证和医保卡。</p>]]></content:encoded>
</item>
"""

FLAKY_PAGE = """<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">
<title>关于东风路片区计划停电的公告_青石供电</title>
<meta name="PubDate" content="2024-05-06 09:00"></head><body>
<div class="nav"><a href="/">首页</a> <a href="/gg">公告</a></div>
<div class="article"><h1>关于东风路片区计划停电的公告</h1>
<div class="content">
<p>为配合10千伏东风线检修，供电公司定于2024年5月10日9:00至16:00对东风路片区计划停电，届时东风路沿线商户及居民用电将受影响，请提前做好安排。</p>
<p>停电范围：东风路（人民路口至建设路口）两侧商户及东风小区、阳光花园。</p>
<p>青石供电公司</p><p>2024年5月6日</p>
</div></div><div class="footer">版权所有：青石供电公司</div></body></html>"""


def read_fixture(name: str) -> bytes:
    """The bytes of one file in ``tests/fixtures_inputs``."""
    return (FIXTURES / name).read_bytes()


# --------------------------------------------------------------------------
# A PDF with a real text layer, written by hand


def _to_unicode_cmap() -> bytes:
    """A ToUnicode CMap mapping every two-byte code to the same Unicode code point."""
    rows = [f"<{high:02X}00> <{high:02X}FF> <{high:02X}00>" for high in range(256) if not 0xD8 <= high <= 0xDF]
    lines = [
        "/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap",
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
        "/CMapName /Identity-UCS def", "/CMapType 2 def",
        "1 begincodespacerange", "<0000> <FFFF>", "endcodespacerange",
    ]
    for start in range(0, len(rows), 100):
        chunk = rows[start : start + 100]
        lines += [f"{len(chunk)} beginbfrange", *chunk, "endbfrange"]
    lines += ["endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"]
    return "\n".join(lines).encode("ascii")


def minimal_pdf(pages: list[list[str]]) -> bytes:
    """A small PDF whose pages show the given lines, with a text layer pdfminer can read.

    The font is a CID font with Identity-H encoding (two bytes per character,
    the code being the Unicode code point) and a ToUnicode map, as office
    software writes Chinese text; the glyphs themselves are not embedded.
    A page with no lines has no text at all, like a scanned page.
    """
    objects: list[bytes] = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    catalog = add(b"")
    pages_id = add(b"")
    cmap = _to_unicode_cmap()
    cmap_id = add(b"<< /Length %d >>\nstream\n" % len(cmap) + cmap + b"\nendstream")
    descendant = add(
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /SimSun "
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> "
        b"/FontDescriptor << /Type /FontDescriptor /FontName /SimSun /Flags 4 /FontBBox [0 -200 1000 900] "
        b"/ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 700 /StemV 80 >> /DW 1000 >>"
    )
    font = add(
        b"<< /Type /Font /Subtype /Type0 /BaseFont /SimSun /Encoding /Identity-H "
        b"/DescendantFonts [%d 0 R] /ToUnicode %d 0 R >>" % (descendant, cmap_id)
    )
    kids: list[int] = []
    for lines in pages:
        ops = ["BT", "/F1 12 Tf", "16 TL", "56 780 Td"]
        ops += ["<" + "".join(f"{ord(ch):04X}" for ch in line) + "> Tj T*" for line in lines]
        ops.append("ET")
        content = "\n".join(ops).encode("ascii")
        content_id = add(b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
        kids.append(add(
            b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] "
            b"/Resources << /Font << /F1 %d 0 R >> >> /Contents %d 0 R >>" % (pages_id, font, content_id)
        ))
    objects[catalog - 1] = b"<< /Type /Catalog /Pages %d 0 R >>" % pages_id
    kid_refs = " ".join(f"{kid} 0 R" for kid in kids).encode("ascii")
    objects[pages_id - 1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kid_refs, len(kids))
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, catalog, xref)
    return bytes(out)


def docx_bytes(paragraphs: list[str], table: list[list[str]], after: list[str], *, merge_first_row: bool = False) -> bytes:
    """A .docx with paragraphs, one table (optionally a merged title row), then more paragraphs."""
    import docx

    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    columns = max(len(row) for row in table)
    grid = document.add_table(rows=0, cols=columns)
    if merge_first_row:
        cells = grid.add_row().cells
        merged = cells[0].merge(cells[-1])
        merged.text = "“政策进社区”宣讲安排表"
    for row in table:
        cells = grid.add_row().cells
        for cell, text in zip(cells, row):
            cell.text = text
    for text in after:
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# --------------------------------------------------------------------------
# The local web site


@dataclass
class Seen:
    """One request the site received."""

    path: str
    headers: dict[str, str]
    status: int = 0


@dataclass
class FixtureSite:
    """State of the local site; the handler reads and updates it."""

    base: str = ""
    feed_items: list[str] = field(default_factory=list)
    feed_broken: bool = False
    slow_seconds: float = 3.0
    robots_status: int = 200
    page_version: int = 1
    page_override: bytes | None = None
    requests: list[Seen] = field(default_factory=list)
    counters: dict[str, int] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def paths(self) -> list[str]:
        """Every requested path, in order."""
        with self.lock:
            return [seen.path for seen in self.requests]

    def seen(self, path: str) -> list[Seen]:
        """The requests for one path."""
        with self.lock:
            return [seen for seen in self.requests if seen.path == path]

    def add_feed_item(self, item: str) -> None:
        """Publish a new item at the top of the feed (its ETag changes)."""
        with self.lock:
            self.feed_items.insert(0, item)

    def feed_version(self) -> int:
        with self.lock:
            return len(self.feed_items)

    def feed_bytes(self) -> bytes:
        text = read_fixture("qingshi_news.rss").decode("utf-8")
        head, sep, rest = text.partition("<item>")
        with self.lock:
            extra = "".join(self.feed_items)
        text = head + extra + sep + rest
        return text.replace(FEED_HOST, self.base).encode("utf-8")

    def page_bytes(self) -> bytes:
        with self.lock:
            return self.page_override if self.page_override is not None else read_fixture("qingshi_notice.html")

    def change_page(self, old: str, new: str) -> None:
        """Edit the notice page (its ETag changes with it)."""
        changed = self.page_bytes().decode("utf-8").replace(old, new).encode("utf-8")
        with self.lock:
            self.page_override = changed
            self.page_version += 1


class _Handler(http.server.BaseHTTPRequestHandler):
    site: FixtureSite

    def log_message(self, format: str, *args: object) -> None:  # keep test output clean
        pass

    def do_GET(self) -> None:  # noqa: N802 (the http.server naming)
        site = self.site
        seen = Seen(self.path, {k.lower(): v for k, v in self.headers.items()})
        with site.lock:
            site.requests.append(seen)
            site.counters[self.path] = site.counters.get(self.path, 0) + 1
            count = site.counters[self.path]
        route = getattr(self, "_route_" + self.path.strip("/").replace("/", "_").replace(".", "_").replace("-", "_"), None)
        if route is None:
            seen.status = 404
            self._send(404, b"<html><body><h1>404 Not Found</h1></body></html>", "text/html; charset=utf-8")
            return
        route(seen, count)

    # -- helpers

    def _send(self, status: int, body: bytes, content_type: str, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(body)

    def _conditional(self, seen: Seen, etag: str, body: bytes, content_type: str) -> None:
        if seen.headers.get("if-none-match") == etag:
            seen.status = 304
            self.send_response(304)
            self.send_header("ETag", etag)
            self.end_headers()
            return
        seen.status = 200
        self._send(200, body, content_type, {"ETag": etag, "Last-Modified": "Mon, 06 May 2024 08:28:00 GMT"})

    # -- routes

    def _route_robots_txt(self, seen: Seen, count: int) -> None:
        seen.status = self.site.robots_status
        if self.site.robots_status == 200:
            self._send(200, b"User-agent: *\nDisallow: /private/\n", "text/plain")
        else:
            self._send(self.site.robots_status, b"robots unavailable", "text/plain")

    def _route_tzgg_notice_html(self, seen: Seen, count: int) -> None:
        self._conditional(seen, f'"notice-v{self.site.page_version}"', self.site.page_bytes(), "text/html; charset=utf-8")

    def _route_tzgg_notice_gbk_html(self, seen: Seen, count: int) -> None:
        text = self.site.page_bytes().decode("utf-8").replace('<meta charset="utf-8">', '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">')
        seen.status = 200
        self._send(200, text.encode("gbk"), "text/html")

    def _route_news_rss_xml(self, seen: Seen, count: int) -> None:
        if self.site.feed_broken:
            seen.status = 200
            body = self.site.feed_bytes()
            self._send(200, body[: len(body) // 2], "application/rss+xml; charset=utf-8")
            return
        etag = f'"feed-v{self.site.feed_version()}"'
        self._conditional(seen, etag, self.site.feed_bytes(), "application/rss+xml; charset=utf-8")

    def _route_moved(self, seen: Seen, count: int) -> None:
        seen.status = 301
        self._send(301, b"", "text/html", {"Location": "/tzgg/notice.html"})

    def _route_loop(self, seen: Seen, count: int) -> None:
        seen.status = 302
        self._send(302, b"", "text/html", {"Location": "/loop"})

    def _route_slow(self, seen: Seen, count: int) -> None:
        time.sleep(self.site.slow_seconds)
        seen.status = 200
        try:
            self._send(200, self.site.page_bytes(), "text/html; charset=utf-8")
        except OSError:
            pass  # the client gave up, as it should

    def _route_missing(self, seen: Seen, count: int) -> None:
        seen.status = 404
        self._send(404, b"<html><body>404</body></html>", "text/html; charset=utf-8")

    def _route_flaky(self, seen: Seen, count: int) -> None:
        if count == 1:
            seen.status = 500
            self._send(500, b"<html><body>500 Internal Server Error</body></html>", "text/html; charset=utf-8")
            return
        seen.status = 200
        self._send(200, FLAKY_PAGE.encode("utf-8"), "text/html; charset=utf-8")

    def _route_down(self, seen: Seen, count: int) -> None:
        seen.status = 503
        self._send(503, b"<html><body>503 Service Unavailable</body></html>", "text/html; charset=utf-8")

    def _route_huge(self, seen: Seen, count: int) -> None:
        seen.status = 200
        self._send(200, b"<html><body>" + "公告".encode() * 40_000 + b"</body></html>", "text/html; charset=utf-8")

    def _route_huge_stream(self, seen: Seen, count: int) -> None:
        # No Content-Length: the body simply runs on until the connection closes.
        seen.status = 200
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.end_headers()
        try:
            for _ in range(40):
                self.wfile.write("公告".encode() * 2_000)
        except OSError:
            pass

    def _route_private_notice_html(self, seen: Seen, count: int) -> None:
        seen.status = 200
        self._send(200, self.site.page_bytes(), "text/html; charset=utf-8")

    def _route_image_png(self, seen: Seen, count: int) -> None:
        seen.status = 200
        self._send(200, b"\x89PNG\r\n\x1a\n" + bytes(200), "image/png")

    def _route_broken_xml(self, seen: Seen, count: int) -> None:
        seen.status = 200
        body = self.site.feed_bytes()
        self._send(200, body[: len(body) // 3], "application/rss+xml; charset=utf-8")

    def _route_notice_pdf(self, seen: Seen, count: int) -> None:
        seen.status = 200
        body = minimal_pdf([["关于城南片区临时停水的通知", "因管道改造，定于2024年5月9日9:00至17:00对城南片区停水。",
                             "青石市自来水公司", "2024年5月6日"]])
        self._send(200, body, "application/pdf")


@contextmanager
def fixture_site(**settings: object) -> Iterator[FixtureSite]:
    """Run the fixture site on a free port of 127.0.0.1 for the duration of a test."""
    site = FixtureSite(**settings)  # type: ignore[arg-type]
    handler = type("Handler", (_Handler,), {"site": site})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    site.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, name="fixture-site", daemon=True)
    thread.start()
    try:
        yield site
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
