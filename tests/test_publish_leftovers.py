"""Issue 12 leftovers: a feed taken out of the config is unpublished; a deleted front page comes back
at the next poll; a restored digest keeps the configured item limit."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from scheduler.config import Settings
from scheduler.pipeline import rebuild_feeds
from scheduler.publish.feedcache import StoreView
from scheduler.publish.feedsets import Criteria, FeedSpec
from scheduler.service.jobs import run_tick
from scheduler.service.serve import open_runtime
from scheduler.store.store import Store
from tests.fault_support import Svc, at
from tests.feed_samples import NOW, populate
from tests.service_support import water_outage_notice

ZHENGXIANG = FeedSpec("zhengxiang", "蒸湘区停水停电", Criteria(kinds=("outage",), places=("蒸湘",)))
MUSEUM = FeedSpec("museum", "博物馆展览", Criteria(keywords=("博物馆",)))


@pytest.fixture()
def svc(tmp_path: Path) -> Svc:
    service = Svc(tmp_path)
    service.inbox.mkdir()
    return service


def outage(svc: Svc, day: date, name: str, area: str) -> None:
    text = water_outage_notice(day, ("8:30", "17:00"), date(2035, 1, 1), area=area)
    (svc.inbox / name).write_text(text, encoding="utf-8")


def test_a_feed_taken_out_of_the_config_is_deleted_with_its_gz_and_leaves_the_front_page(tmp_path: Path) -> None:
    output = tmp_path / "output"
    feeds = output / "feeds"
    with Store.open(tmp_path / "state" / "notices.sqlite3") as store:
        populate(store, tmp_path)
        both = Settings(output=output, feeds=(ZHENGXIANG, MUSEUM))
        rebuild_feeds(store, output, NOW, both, view=StoreView(store))
        assert (feeds / "zhengxiang.ics").exists() and (feeds / "zhengxiang.ics.gz").exists()
        assert "蒸湘区停水停电" in (output / "index.html").read_text(encoding="utf-8")
        # A calendar someone else put beside ours, and one of ours a later config will not name.
        (feeds / "handmade.ics").write_bytes(b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")
        museum = (feeds / "museum.ics").read_bytes()

        rebuild_feeds(store, output, NOW, Settings(output=output, feeds=(MUSEUM,)), view=StoreView(store))
        assert not (feeds / "zhengxiang.ics").exists() and not (feeds / "zhengxiang.ics.gz").exists()
        assert (feeds / "museum.ics").read_bytes() == museum
        assert (feeds / "handmade.ics").exists()  # not written by this tool: left alone
        assert (feeds / "all.ics").exists() and (feeds / "outage.ics").exists()
        page = (output / "index.html").read_text(encoding="utf-8")
        assert "蒸湘区停水停电" not in page and "zhengxiang.ics" not in page and "博物馆展览" in page

        rebuild_feeds(store, output, NOW, Settings(output=output), view=StoreView(store))
        assert not (feeds / "museum.ics").exists() and not (feeds / "museum.ics.gz").exists()
        assert (feeds / "handmade.ics").exists()


def test_a_front_page_deleted_by_hand_is_back_at_the_next_poll_though_nothing_changed(svc: Svc) -> None:
    outage(svc, date(2035, 1, 20), "停水通知.txt", "城南片区")
    settings = Settings(inbox=(svc.inbox,), output=svc.output, store=svc.store)
    page = svc.output / "index.html"
    with open_runtime(settings) as runtime:
        run_tick(runtime, at("2035-01-01T06:50"))
        run_tick(runtime, at("2035-01-01T06:51"))  # the file is stable: ingested, feeds and page written
        before = page.read_bytes()
        assert "即将到来：<strong>1</strong> 项" in before.decode("utf-8")
        page.unlink()
        result = run_tick(runtime, at("2035-01-01T06:52"))
        assert page.read_bytes() == before
        assert result.poll.feeds_written == (str(page),)
        assert run_tick(runtime, at("2035-01-01T06:53")).poll.feeds_written == ()


def test_a_restored_digest_is_bounded_by_the_configured_item_limit(svc: Svc) -> None:
    outage(svc, date(2035, 1, 20), "停水通知.txt", "城南片区")
    settings = Settings(inbox=(svc.inbox,), output=svc.output, store=svc.store, digest_max_items=1)
    digest = svc.output / "digests" / "2035-01-02.md"
    with open_runtime(settings) as runtime:
        run_tick(runtime, at("2035-01-01T06:58"))
        run_tick(runtime, at("2035-01-01T06:59"))
        run_tick(runtime, at("2035-01-01T07:00"))  # the first digest lists nothing one by one
        outage(svc, date(2035, 1, 22), "停水通知2.txt", "城北片区")
        outage(svc, date(2035, 1, 24), "停水通知3.txt", "华新开发区")
        outage(svc, date(2035, 1, 26), "停水通知4.txt", "雁峰区")
        run_tick(runtime, at("2035-01-01T12:00"))
        run_tick(runtime, at("2035-01-01T12:01"))
        run_tick(runtime, at("2035-01-02T07:00"))  # 新发现: three, one listed
        written = digest.read_text(encoding="utf-8")
        assert "以及另外2项" in written
        digest.unlink()
        run_tick(runtime, at("2035-01-02T07:01"))
        assert digest.read_text(encoding="utf-8") == written


def test_a_feed_recorded_in_another_output_folder_is_not_deleted_here(tmp_path: Path) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    with Store.open(tmp_path / "state" / "notices.sqlite3") as store:
        populate(store, tmp_path)
        rebuild_feeds(store, first, NOW, Settings(output=first, feeds=(ZHENGXIANG,)), view=StoreView(store))
        # The operator moves the output and drops the feed; a file of that name already sits in the new folder.
        (second / "feeds").mkdir(parents=True)
        (second / "feeds" / "zhengxiang.ics").write_bytes(b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")
        rebuild_feeds(store, second, NOW, Settings(output=second), view=StoreView(store))
        assert (second / "feeds" / "zhengxiang.ics").exists()  # not written there by this tool
        assert (second / "feeds" / "all.ics").exists()
