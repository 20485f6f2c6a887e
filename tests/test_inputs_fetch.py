"""The fetcher against a local fixture site: manners, limits, retries, conditional requests.

Every test runs its own site on 127.0.0.1 (``tests.inputs_support``); none
reaches the internet.  Backoff and the per-host interval use a fake clock
where the test is about them, so the suite does not wait for real.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import datetime

import pytest

from notices.model import SHANGHAI
from scheduler.inputs.fetch import FetchMemory, FetchOptions, Fetcher, Validators
from scheduler.inputs.inbox import InputError
from scheduler.inputs.remote import read_url
from tests.inputs_support import FixtureSite, fixture_site

NOW = datetime(2024, 5, 7, 8, 0, tzinfo=SHANGHAI)


class FakeClock:
    """A monotonic clock that only moves when the fetcher sleeps."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def monotonic(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


def quick(**changes: object) -> FetchOptions:
    """Options for tests: no politeness wait, short backoff, small limits."""
    values: dict[str, object] = {"timeout_seconds": 5.0, "host_interval_seconds": 0.0, "retries": 1,
                                 "backoff_seconds": 0.01, "max_bytes": 50_000}
    values.update(changes)
    return FetchOptions(**values)  # type: ignore[arg-type]


@pytest.fixture
def site() -> Iterator[FixtureSite]:
    with fixture_site() as running:
        yield running


def test_user_agent_names_the_project_and_robots_txt_is_asked_once(site: FixtureSite) -> None:
    with Fetcher(quick()) as fetcher:
        fetcher.get(site.base + "/tzgg/notice.html")
        fetcher.get(site.base + "/moved")
    assert site.paths() == ["/robots.txt", "/tzgg/notice.html", "/moved", "/tzgg/notice.html"]
    agents = {seen.headers["user-agent"] for seen in site.requests}
    assert len(agents) == 1 and agents.pop().startswith("notices/")


def test_unchanged_page_costs_a_304(site: FixtureSite) -> None:
    with Fetcher(quick()) as fetcher:
        first = fetcher.get(site.base + "/tzgg/notice.html")
        assert first.status == 200 and first.validators == Validators('"notice-v1"', "Mon, 06 May 2024 08:28:00 GMT")
        second = fetcher.get(site.base + "/tzgg/notice.html", first.validators)
    assert second.not_modified and second.body == b""
    conditional = site.seen("/tzgg/notice.html")[1]
    assert conditional.headers["if-none-match"] == '"notice-v1"'
    assert conditional.headers["if-modified-since"] == "Mon, 06 May 2024 08:28:00 GMT"
    assert conditional.status == 304


def test_redirect_is_followed_and_a_loop_is_stopped(site: FixtureSite) -> None:
    with Fetcher(quick(max_redirects=3)) as fetcher:
        moved = fetcher.get(site.base + "/moved")
        assert moved.url == site.base + "/moved"
        assert moved.final_url == site.base + "/tzgg/notice.html"
        assert "热线问政".encode() in moved.body
        with pytest.raises(InputError) as caught:
            fetcher.get(site.base + "/loop")
    assert str(caught.value) == f"{site.base}/loop: too many redirects (more than 3)"
    assert len(site.seen("/loop")) == 4


def test_slow_page_times_out_after_its_retries(site: FixtureSite) -> None:
    site.slow_seconds = 2.0
    started = time.monotonic()
    with Fetcher(quick(timeout_seconds=0.3, retries=1)) as fetcher:
        with pytest.raises(InputError) as caught:
            fetcher.get(site.base + "/slow")
    assert str(caught.value) == f"{site.base}/slow: timed out after 0.3 s (2 attempts)"
    assert len(site.seen("/slow")) == 2
    assert time.monotonic() - started < 1.9  # never waited for the page itself


def test_404_is_final_and_not_retried(site: FixtureSite) -> None:
    with Fetcher(quick(retries=3)) as fetcher:
        with pytest.raises(InputError) as caught:
            fetcher.get(site.base + "/missing")
    assert str(caught.value) == f"{site.base}/missing: HTTP 404 Not Found"
    assert len(site.seen("/missing")) == 1


def test_500_then_200_succeeds_after_a_backoff(site: FixtureSite) -> None:
    clock = FakeClock()
    with Fetcher(quick(retries=2, backoff_seconds=1.5), sleep=clock.sleep, monotonic=clock.monotonic) as fetcher:
        page = fetcher.get(site.base + "/flaky")
    assert page.status == 200 and "东风路片区".encode() in page.body
    assert [seen.status for seen in site.seen("/flaky")] == [500, 200]
    assert clock.sleeps == [1.5]


def test_retries_back_off_exponentially_and_then_give_up(site: FixtureSite) -> None:
    clock = FakeClock()
    with Fetcher(quick(retries=3, backoff_seconds=1.0), sleep=clock.sleep, monotonic=clock.monotonic) as fetcher:
        with pytest.raises(InputError) as caught:
            fetcher.get(site.base + "/down")
    assert str(caught.value) == f"{site.base}/down: HTTP 503 Service Unavailable (4 attempts)"
    assert clock.sleeps == [1.0, 2.0, 4.0]
    assert len(site.seen("/down")) == 4


@pytest.mark.parametrize("path", ["/huge", "/huge-stream"])
def test_page_over_the_size_limit_is_refused(site: FixtureSite, path: str) -> None:
    with Fetcher(quick(max_bytes=20_000)) as fetcher:
        with pytest.raises(InputError) as caught:
            fetcher.get(site.base + path)
    assert str(caught.value).startswith(f"{site.base}{path}: too large: ")
    assert str(caught.value).endswith("(limit 20000)")


def test_robots_txt_disallow_is_respected_without_requesting_the_page(site: FixtureSite) -> None:
    with Fetcher(quick()) as fetcher:
        with pytest.raises(InputError) as caught:
            fetcher.get(site.base + "/private/notice.html")
    assert str(caught.value) == f"{site.base}/private/notice.html: disallowed by {site.base}/robots.txt"
    assert "/private/notice.html" not in site.paths()


def test_unreachable_robots_txt_stops_the_fetch(site: FixtureSite) -> None:
    site.robots_status = 503
    with Fetcher(quick()) as fetcher:
        with pytest.raises(InputError) as caught:
            fetcher.get(site.base + "/tzgg/notice.html")
    assert "robots.txt of" in str(caught.value) and "unreachable (HTTP 503)" in str(caught.value)
    assert "/tzgg/notice.html" not in site.paths()


def test_missing_robots_txt_allows_everything(site: FixtureSite) -> None:
    site.robots_status = 404
    with Fetcher(quick()) as fetcher:
        assert fetcher.get(site.base + "/private/notice.html").status == 200


def test_requests_to_one_host_keep_their_distance(site: FixtureSite) -> None:
    clock = FakeClock()
    memory = FetchMemory()
    with Fetcher(quick(host_interval_seconds=2.0), memory=memory, sleep=clock.sleep, monotonic=clock.monotonic) as fetcher:
        fetcher.get(site.base + "/tzgg/notice.html")  # robots.txt, then the page at once
        fetcher.get(site.base + "/moved")  # the redirect, then the page
    assert clock.sleeps == [2.0, 2.0]
    # The memory outlives one fetcher: the next poll waits too, and asks robots.txt no more.
    with Fetcher(quick(host_interval_seconds=2.0), memory=memory, sleep=clock.sleep, monotonic=clock.monotonic) as fetcher:
        fetcher.get(site.base + "/tzgg/notice.html")
    assert clock.sleeps == [2.0, 2.0, 2.0]
    assert site.paths().count("/robots.txt") == 1


def test_connection_refused_is_one_line(site: FixtureSite) -> None:
    with Fetcher(quick(retries=0)) as fetcher:
        with pytest.raises(InputError) as caught:
            fetcher.get("http://127.0.0.1:9/notice.html")
    assert str(caught.value).startswith("http://127.0.0.1:9/notice.html: connection failed (ConnectError")
    assert "\n" not in str(caught.value)


def test_only_web_addresses_are_fetched() -> None:
    with Fetcher(quick()) as fetcher:
        with pytest.raises(InputError) as caught:
            fetcher.get("file:///etc/passwd")
    assert str(caught.value) == "file:///etc/passwd: only http:// and https:// addresses can be fetched"


# --------------------------------------------------------------------------
# read_url: the reader behind the fetch


def test_wrong_content_type_is_refused(site: FixtureSite) -> None:
    with Fetcher(quick()) as fetcher:
        with pytest.raises(InputError) as caught:
            read_url(site.base + "/image.png", fetcher, now=NOW)
    assert str(caught.value) == f"{site.base}/image.png: unsupported content type image/png"


def test_a_page_where_a_feed_was_expected_is_refused(site: FixtureSite) -> None:
    with Fetcher(quick()) as fetcher:
        with pytest.raises(InputError) as caught:
            read_url(site.base + "/tzgg/notice.html", fetcher, now=NOW, kind="feed")
    assert str(caught.value) == f"{site.base}/tzgg/notice.html: expected an RSS or Atom feed, got text/html"


def test_fetched_page_is_keyed_by_its_address(site: FixtureSite) -> None:
    with Fetcher(quick()) as fetcher:
        read = read_url(site.base + "/moved", fetcher, now=NOW)
    (doc,) = read.documents
    assert doc.key == site.base + "/moved"
    assert doc.meta["url"] == "https://www.qingshi.gov.cn/zwgk/tzgg/202405/t20240506_1234567.html"  # canonical
    assert doc.meta["published_basis"] == "html-meta"


def test_gbk_page_over_http_is_decoded(site: FixtureSite) -> None:
    with Fetcher(quick()) as fetcher:
        (doc,) = read_url(site.base + "/tzgg/notice-gbk.html", fetcher, now=NOW).documents
    assert doc.meta["title"] == "关于举办第72期“热线问政”直播活动的公告"


def test_feed_teaser_is_read_from_its_page_with_the_items_own_date(site: FixtureSite) -> None:
    with Fetcher(quick()) as fetcher:
        read = read_url(site.base + "/news/rss.xml", fetcher, now=NOW, kind="feed")
    assert read.validators == Validators('"feed-v0"', "Mon, 06 May 2024 08:28:00 GMT")
    by_key = {doc.key: doc for doc in read.documents}
    teaser = by_key[site.base + "/tzgg/notice.html"]
    assert "青石市广播电视台二楼演播厅" in teaser.text  # the page's full text, not the summary
    assert teaser.meta["published"] == "2024-05-06T16:30:00+08:00"
    assert teaser.meta["published_basis"] == "feed"
    assert [key for key, _ in read.pages] == [site.base + "/tzgg/notice.html"]


def test_teaser_page_that_fails_falls_back_to_the_summary(site: FixtureSite) -> None:
    feed = site.feed_bytes().replace(f"{site.base}/tzgg/notice.html".encode(), f"{site.base}/missing".encode())
    site.feed_bytes = lambda: feed  # type: ignore[method-assign]  # the teaser now links to a 404
    with Fetcher(quick()) as fetcher:
        read = read_url(site.base + "/news/rss.xml", fetcher, now=NOW, kind="feed")
    assert [str(p) for p in read.problems] == [f"{site.base}/missing: HTTP 404 Not Found"]
    teaser = next(doc for doc in read.documents if doc.key == site.base + "/missing")
    assert teaser.text == "青石市政务服务中心定于5月9日举行第72期“热线问政”直播活动，详见正文。"
