"""The front page: every feed with title, description, count, subscribe links and QR code; digests.

Checked as a document (stdlib ``html.parser``), on the running server (every
link resolves), and — when a Chromium is installed — as a screenshot at
390 px and at desktop width.
"""

from __future__ import annotations

import http.client
import re
import shutil
import subprocess
import threading
from collections.abc import Iterator
from datetime import timedelta
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from scheduler.config import Settings
from scheduler.pipeline import rebuild_feeds, write_digest
from scheduler.publish.feedsets import Criteria, FeedSpec
from scheduler.publish.frontpage import qr_svg
from scheduler.service.http import create_server, make_app
from scheduler.store.store import Store
from tests.feed_samples import AS_OF, NOW, populate
from tests.service_support import free_port

FEEDS = (
    FeedSpec("zhengxiang", "蒸湘区停水停电", Criteria(kinds=("outage",), places=("蒸湘",))),
    FeedSpec("museum", "博物馆", Criteria(keywords=("博物馆",)), description="市博物馆的展览"),
)


class Links(HTMLParser):
    """Every href/src, the h2 titles, and whether the page pulls anything from outside."""

    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.sources: list[str] = []
        self.titles: list[str] = []
        self.svgs = 0
        self._in_h2 = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("href"):
            self.hrefs.append(str(values["href"]))
        if values.get("src") or tag in ("script", "link", "iframe", "img"):
            self.sources.append(tag)
        self.svgs += tag == "svg"
        self._in_h2 = tag == "h2"

    def handle_data(self, data: str) -> None:
        if self._in_h2:
            self.titles.append(data)
            self._in_h2 = False


@pytest.fixture()
def served(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """Sample notices built into output/ (feeds, two digests, index.html), served by waitress."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    settings = Settings(output=tmp_path / "output", base_url=base, feeds=FEEDS)
    with Store.open(tmp_path / "state" / "notices.sqlite3") as store:
        populate(store, tmp_path, NOW)
        rebuild_feeds(store, settings.output, NOW, settings)
        write_digest(store, settings.output, AS_OF, NOW, settings=settings)
        later = NOW + timedelta(days=1)
        write_digest(store, settings.output, AS_OF + timedelta(days=1), later, settings=settings)
    server = create_server(make_app(settings.output), "127.0.0.1", port, threads=2, idle_timeout=5)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    yield base, settings.output
    server.close()
    thread.join(timeout=10)


def fetch(url: str) -> tuple[int, bytes, dict[str, str]]:
    parts = urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    conn.request("GET", parts.path or "/")
    reply = conn.getresponse()
    body = reply.read()
    conn.close()
    return reply.status, body, {k.lower(): v for k, v in reply.getheaders()}


def test_every_feed_is_on_the_page_with_links_count_and_qr(served: tuple[str, Path]) -> None:
    base, output = served
    page = (output / "index.html").read_text(encoding="utf-8")
    links = Links()
    links.feed(page)
    feeds = sorted(p.name for p in (output / "feeds").glob("*.ics"))
    assert "zhengxiang.ics" in feeds and "museum.ics" in feeds
    for name in feeds:
        assert f"{base}/feeds/{name}" in links.hrefs
        assert f"webcal://{base.split('://')[1]}/feeds/{name}" in links.hrefs
        assert f"feeds/{name}" in links.hrefs
    assert links.svgs == len(feeds)
    assert links.titles[:3] == ["本地通知·全部", "蒸湘区停水停电", "博物馆"]
    assert "市博物馆的展览" in page and "地点含蒸湘" in page
    # 2023-04-26: the outage (4-29/30) and the exhibition (5-1) are still ahead.
    cards = re.findall(r"<h2>(.*?)</h2>.*?即将到来：<strong>(\d+)</strong>", page, flags=re.S)
    assert ("蒸湘区停水停电", "1") in cards and ("博物馆", "1") in cards
    assert qr_svg(f"webcal://{base.split('://')[1]}/feeds/museum.ics", "博物馆") in page
    assert links.sources == []  # self-contained: no script, stylesheet, image or frame
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in page
    assert "digests/2023-04-27.html" in links.hrefs and "digests/2023-04-26.md" in links.hrefs


def test_every_link_on_the_page_resolves_on_the_running_server(served: tuple[str, Path]) -> None:
    base, _ = served
    for start in ("/", "/feeds/"):
        status, body, headers = fetch(base + start)
        if status == 301:
            status, body, headers = fetch(urljoin(base + start, headers["location"]))
        assert status == 200 and headers["content-type"].startswith("text/html")
    links = Links()
    links.feed(body.decode("utf-8"))
    assert len(links.hrefs) > 10
    for href in links.hrefs:
        url = "http://" + href.removeprefix("webcal://") if href.startswith("webcal://") else urljoin(base + "/", href)
        status, data, headers = fetch(url)
        assert status == 200, href
        if url.endswith(".ics"):
            assert data.startswith(b"BEGIN:VCALENDAR") and b"X-WR-CALDESC" in data


def chromium() -> str | None:
    return next((found for name in ("chromium", "chromium-browser", "google-chrome", "chromium-headless-shell")
                 if (found := shutil.which(name))), None)


@pytest.mark.skipif(chromium() is None, reason="no Chromium installed (apt-get install chromium)")
@pytest.mark.parametrize("width", [390, 1280])
def test_the_page_renders_in_a_real_browser(served: tuple[str, Path], tmp_path: Path, width: int) -> None:
    base, _ = served
    shot = tmp_path / f"front-{width}.png"
    browser = chromium()
    assert browser is not None
    done = subprocess.run(
        [browser, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
         f"--window-size={width},2400", f"--screenshot={shot}", base + "/"],
        capture_output=True, timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    data = shot.read_bytes()
    assert data.startswith(b"\x89PNG")
    assert int.from_bytes(data[16:20], "big") == width  # the PNG is as wide as the window
    dom = subprocess.run(
        [browser, "--headless", "--no-sandbox", "--disable-gpu", f"--window-size={width},2400",
         "--dump-dom", base + "/"],
        capture_output=True, timeout=120, text=True,
    )
    assert "蒸湘区停水停电" in dom.stdout and dom.stdout.count("<svg") >= 3
