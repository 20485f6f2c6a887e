"""The service's ``[[sources]]``: polled with conditional requests, new items within one poll,
every failure one log line, nothing stored lost.

Ticks run in-process with an explicit ``now`` (``run_tick``), and once through
``notices run --once --now`` with a config file; the web is a fixture site
on 127.0.0.1.
"""

from __future__ import annotations

import logging
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from icalendar import Calendar

from notices.model import SHANGHAI
from scheduler.config import ConfigError, Settings, read_config_file
from scheduler.inputs.sources import SourceSpec, is_due, parse_duration
from scheduler.service.jobs import run_tick
from scheduler.service.serve import open_runtime
from scheduler.store.store import Store
from tests.inputs_support import NEW_ITEM, FixtureSite, fixture_site
from tests.service_support import cli_env, notices_command

T0 = datetime(2024, 5, 7, 8, 0, tzinfo=SHANGHAI)


def events(output: Path) -> set[tuple[str, str]]:
    """(summary, start) of every event in all.ics."""
    calendar = Calendar.from_ical((output / "feeds" / "all.ics").read_bytes())
    return {(str(e.get("summary")), e.decoded("dtstart").isoformat()) for e in calendar.walk("VEVENT")}


def starts(output: Path) -> set[str]:
    return {start for _, start in events(output)}


def settings_for(tmp_path: Path, *sources: SourceSpec, **changes: object) -> Settings:
    (tmp_path / "inbox").mkdir(exist_ok=True)
    base = Settings(
        inbox=(tmp_path / "inbox",),
        output=tmp_path / "output",
        store=tmp_path / "state" / "notices.sqlite3",
        sources=sources,
        fetch_timeout_seconds=1,
        fetch_host_interval_seconds=0,
        fetch_retries=1,
        fetch_max_bytes=20_000,
    )
    return replace(base, **changes)  # type: ignore[arg-type]


@pytest.fixture
def site() -> Iterator[FixtureSite]:
    with fixture_site(slow_seconds=2.5) as running:
        yield running


# --------------------------------------------------------------------------
# Configuration


def test_sources_are_read_from_the_config_file(tmp_path: Path) -> None:
    config = tmp_path / "notices.toml"
    config.write_text(
        'poll_seconds = 60\n\n[[sources]]\nurl = "https://www.qingshi.gov.cn/zwgk/tzgg/rss.xml"\nkind = "feed"\n'
        'every = "30m"\nname = "青石市政府 通知公告"\n\n[[sources]]\nurl = "https://news.qingshi.cn/tzgg/notice.html"\n'
        'kind = "page"\n',
        encoding="utf-8",
    )
    values = read_config_file(config)
    assert values["sources"] == (
        SourceSpec("https://www.qingshi.gov.cn/zwgk/tzgg/rss.xml", "feed", timedelta(minutes=30), "青石市政府 通知公告"),
        SourceSpec("https://news.qingshi.cn/tzgg/notice.html", "page"),
    )


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ('url = "ftp://a.cn/x"\nkind = "feed"', "sources: entry 1: url: must start with http:// or https://"),
        ('url = "https://a.cn/x"\nkind = "rss"', "sources: entry 1: kind: must be \"feed\" or \"page\", got 'rss'"),
        ('url = "https://a.cn/x"\nkind = "feed"\nevery = "soon"', "sources: entry 1: every: must be a duration like 90s"),
        ('url = "https://a.cn/x"\nkind = "feed"\nevery = "1s"', "sources: entry 1: every: must be between 10s and 7d"),
        ('url = "https://a.cn/x"\nkind = "feed"\ninterval = "30m"', "sources: entry 1: unknown key 'interval'"),
        ('kind = "feed"', "sources: entry 1: url: must be a non-empty string"),
    ],
)
def test_bad_source_entries_are_refused_by_name(tmp_path: Path, entry: str, message: str) -> None:
    config = tmp_path / "notices.toml"
    config.write_text(f"[[sources]]\n{entry}\n", encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        read_config_file(config)
    assert str(caught.value).startswith(f"{config}: {message}")


def test_every_decides_when_a_source_is_due() -> None:
    spec = SourceSpec("https://a.cn/rss.xml", "feed", parse_duration("30m"))
    assert is_due(spec, None, T0)
    assert not is_due(spec, T0, T0 + timedelta(minutes=29))
    assert is_due(spec, T0, T0 + timedelta(minutes=30))
    assert is_due(SourceSpec("https://a.cn/rss.xml", "feed"), T0, T0 + timedelta(seconds=1))


# --------------------------------------------------------------------------
# Polling


def test_new_feed_item_is_picked_up_within_one_poll_with_conditional_requests(tmp_path: Path, site: FixtureSite) -> None:
    feed = site.base + "/news/rss.xml"
    settings = settings_for(tmp_path, SourceSpec(feed, "feed"))
    with open_runtime(settings) as runtime:
        first = run_tick(runtime, T0)
        assert first.poll.notices_changed and first.poll.failed == ()
        found = starts(settings.output)
        assert "2024-05-09T09:00:00+08:00" in found  # the hotline session of the teaser's page
        assert "2024-05-08" in found  # the deadlines (all-day in feeds)
        assert "2024-05-11T08:30:00+08:00" not in found

        site.add_feed_item(NEW_ITEM)
        second = run_tick(runtime, T0 + timedelta(minutes=1))
        assert second.poll.notices_changed
        assert "2024-05-11T08:30:00+08:00" in starts(settings.output)  # 城北社区义诊, in the very next poll

        third = run_tick(runtime, T0 + timedelta(minutes=2))
        assert not third.poll.notices_changed

    feed_requests = site.seen("/news/rss.xml")
    assert [r.headers.get("if-none-match") for r in feed_requests] == [None, '"feed-v0"', '"feed-v1"']
    assert [r.status for r in feed_requests] == [200, 200, 304]
    # The teaser's page was asked conditionally the second time, and not at all when the feed was 304.
    assert [(r.headers.get("if-none-match"), r.status) for r in site.seen("/tzgg/notice.html")] == [
        (None, 200), ('"notice-v1"', 304)]
    assert site.paths().count("/robots.txt") == 1  # remembered across polls


def test_the_same_item_in_a_feed_and_as_a_page_is_one_article(tmp_path: Path, site: FixtureSite) -> None:
    page = site.base + "/tzgg/notice.html"
    settings = settings_for(tmp_path, SourceSpec(site.base + "/news/rss.xml", "feed"), SourceSpec(page, "page"))
    with open_runtime(settings) as runtime:
        run_tick(runtime, T0)
    with Store.open(settings.store) as store:
        hotline = [s for s in store.stored_notices() if s.notice.kind == "hotline"]
    assert len(hotline) == 1
    assert [ref.path for ref in hotline[0].sources] == [page]


def test_a_changed_page_is_extracted_again(tmp_path: Path, site: FixtureSite) -> None:
    page = site.base + "/tzgg/notice.html"
    settings = settings_for(tmp_path, SourceSpec(page, "page"))
    with open_runtime(settings) as runtime:
        run_tick(runtime, T0)
        assert "2024-05-09T09:00:00+08:00" in starts(settings.output)
        # 改期: the session moves to the afternoon.
        site.change_page("上午9:00—11:00", "下午14:30—16:30")
        changed = run_tick(runtime, T0 + timedelta(minutes=1))
        assert changed.poll.notices_changed
        found = starts(settings.output)
        assert "2024-05-09T14:30:00+08:00" in found and "2024-05-09T09:00:00+08:00" not in found
    assert [r.headers.get("if-none-match") for r in site.seen("/tzgg/notice.html")] == [None, '"notice-v1"']
    with Store.open(settings.store) as store:
        hotline = [s for s in store.stored_notices() if s.notice.kind == "hotline"]
    assert [(s.notice.start.isoformat(), [ref.path for ref in s.sources]) for s in hotline] == [
        ("2024-05-09T14:30:00+08:00", [page])]


def test_every_spaces_out_the_requests(tmp_path: Path, site: FixtureSite) -> None:
    settings = settings_for(tmp_path, SourceSpec(site.base + "/news/rss.xml", "feed", timedelta(minutes=30)))
    with open_runtime(settings) as runtime:
        for minutes in (0, 10, 29, 30, 45, 60):
            run_tick(runtime, T0 + timedelta(minutes=minutes))
    assert len(site.seen("/news/rss.xml")) == 3  # at 0, 30 and 60 minutes


def test_failures_are_one_line_each_and_the_rest_goes_on(
    tmp_path: Path, site: FixtureSite, caplog: pytest.LogCaptureFixture
) -> None:
    b = site.base
    failing = {
        b + "/missing": "HTTP 404 Not Found",
        b + "/slow": "timed out after 1 s (2 attempts)",
        b + "/huge": "too large: ",
        b + "/private/notice.html": f"disallowed by {b}/robots.txt",
        b + "/image.png": "unsupported content type image/png",
        b + "/broken.xml": "malformed feed, not read",
        b + "/tzgg/notice-gbk.html": "expected an RSS or Atom feed, got text/html",
    }
    feeds = (b + "/broken.xml", b + "/tzgg/notice-gbk.html")
    specs = [SourceSpec(url, "feed" if url in feeds else "page") for url in failing]
    specs += [SourceSpec(b + "/flaky", "page"), SourceSpec(b + "/news/rss.xml", "feed")]
    settings = settings_for(tmp_path, *specs)
    caplog.set_level(logging.INFO)
    with open_runtime(settings) as runtime:
        result = run_tick(runtime, T0)
    assert dict(result.poll.failed).keys() == failing.keys()
    for url, reason in result.poll.failed:
        assert reason.startswith(failing[url]), (url, reason)
    warnings = [r.getMessage() for r in caplog.records if r.name == "notices.sources" and r.levelno >= logging.WARNING]
    assert len(warnings) == len(failing)
    for url in failing:
        assert sum(message.startswith(f"source {url}: ") for message in warnings) == 1
    assert all("\n" not in message for message in warnings)
    # The 500 that recovered and the good feed still made it.
    assert "2024-05-10T09:00:00+08:00" in starts(settings.output)  # 东风路片区计划停电 (/flaky)
    assert "2024-05-09T09:00:00+08:00" in starts(settings.output)
    with Store.open(settings.store) as store:
        skipped = dict(store.skipped_inputs())
    assert skipped.keys() == failing.keys()


def test_a_broken_source_loses_nothing_already_stored(tmp_path: Path, site: FixtureSite) -> None:
    settings = settings_for(tmp_path, SourceSpec(site.base + "/news/rss.xml", "feed"))
    with open_runtime(settings) as runtime:
        run_tick(runtime, T0)
        before = events(settings.output)
        site.feed_broken = True  # the feed now comes back cut in half
        broken = run_tick(runtime, T0 + timedelta(minutes=1))
        assert [url for url, _ in broken.poll.failed] == [site.base + "/news/rss.xml"]
        assert events(settings.output) == before
        site.feed_broken = False
        run_tick(runtime, T0 + timedelta(minutes=2))
    assert events(settings.output) == before
    # After the failure the service still asked conditionally for the version it had read.
    assert site.seen("/news/rss.xml")[-1].headers.get("if-none-match") == '"feed-v0"'


def test_run_once_with_a_config_polls_the_sources(tmp_path: Path, site: FixtureSite) -> None:
    config = tmp_path / "notices.toml"
    config.write_text(
        f'inbox = ["inbox"]\noutput = "output"\nstore = "state/notices.sqlite3"\n'
        f"fetch_host_interval_seconds = 0\nfetch_timeout_seconds = 2\n\n"
        f'[[sources]]\nurl = "{site.base}/news/rss.xml"\nkind = "feed"\nname = "青石新闻网"\n\n'
        f'[[sources]]\nurl = "{site.base}/missing"\nkind = "page"\n',
        encoding="utf-8",
    )
    (tmp_path / "inbox").mkdir()

    def run_once(now: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            notices_command("run", "--once", "--now", now, "--config", str(config)),
            cwd=tmp_path, env=cli_env(), capture_output=True, text=True, timeout=120,
        )

    first = run_once("2024-05-07T08:00")
    assert first.returncode == 0, first.stderr
    assert f"skipped {site.base}/missing: HTTP 404 Not Found" in first.stdout
    assert [line for line in first.stderr.splitlines() if "/missing" in line] == [
        line for line in first.stderr.splitlines() if line.endswith(f"source {site.base}/missing: HTTP 404 Not Found")]
    assert len([line for line in first.stderr.splitlines() if "/missing" in line]) == 1

    site.add_feed_item(NEW_ITEM)
    second = run_once("2024-05-07T08:01")
    assert second.returncode == 0, second.stderr
    assert "2024-05-11T08:30:00+08:00" in starts(tmp_path / "output")
    assert site.seen("/news/rss.xml")[-1].headers.get("if-none-match") == '"feed-v0"'
    assert sys.executable  # the subprocess used this interpreter


def test_a_web_article_whose_extraction_hangs_is_stopped_by_the_time_limit(
    tmp_path: Path, site: FixtureSite, monkeypatch: pytest.MonkeyPatch
) -> None:
    import time

    monkeypatch.setattr("scheduler.service.sandbox.DEFAULT_TARGET", "tests.fault_support:hang")
    settings = settings_for(tmp_path, SourceSpec(site.base + "/news/rss.xml", "feed"), extract_timeout_seconds=1.0)
    with open_runtime(settings) as runtime:
        started = time.monotonic()
        result = run_tick(runtime, T0)
        assert time.monotonic() - started < 60  # each article killed after 1 s, not waited for
    reasons = [reason for _, reason in result.poll.failed]
    assert reasons and all("took longer than 1 s (extract_timeout_seconds)" in r for r in reasons)
