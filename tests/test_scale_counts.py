"""Counts at scale: ``status`` and the front page count with aggregate queries, never by loading every notice.

At 100,000 notices loading them all costs seconds and hundreds of MB, so
these tests make a full load fail and check the counts still come out as
whole notices would give them.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from scheduler.config import Settings
from scheduler.pipeline import rebuild_feeds
from scheduler.publish import feedcache
from scheduler.publish.feedcache import StoreView
from scheduler.publish.feedsets import Criteria, FeedSpec
from scheduler.publish.frontpage import count_upcoming, upcoming_in_store
from scheduler.publish.ics import FeedOptions
from scheduler.publish.kindinfo import load_kind_table
from scheduler.store.reading import NoticeReading
from scheduler.store.store import ArticleRecord, Store
from tests.feed_samples import NOW, make_notice, populate

FEEDS = (
    FeedSpec("zhengxiang", "蒸湘区停水停电", Criteria(kinds=("outage",), places=("蒸湘",))),
    FeedSpec("museum", "博物馆展览", Criteria(keywords=("博物馆",))),
    FeedSpec("hotline-only", "热线问政", Criteria(kinds=("hotline",))),
)


@pytest.fixture
def store(tmp_path: Path) -> Store:
    opened = Store.open(tmp_path / "state" / "notices.sqlite3")
    populate(opened, tmp_path)
    yield opened
    opened.close()


def no_full_load_in(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Make ``stored_notices()`` without ``uids`` fail; record the uids asked for otherwise."""
    asked: list[Any] = []
    original = NoticeReading.stored_notices

    def guarded(self: Any, *, include_withdrawn: bool = False, uids: Any = None) -> Any:
        if uids is None:
            raise AssertionError("every notice was loaded")
        asked.append(list(uids))
        return original(self, include_withdrawn=include_withdrawn, uids=uids)

    monkeypatch.setattr(NoticeReading, "stored_notices", guarded)
    return asked


@pytest.fixture
def no_full_load(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    return no_full_load_in(monkeypatch)


def make_rows(store: Store) -> None:
    options = FeedOptions()
    feedcache.refresh_rows(store, options, load_kind_table(), feedcache.window_start(NOW, options))


@pytest.mark.parametrize("days_later", [0, 1, 4, 40])
def test_front_page_counts_from_the_rows_equal_counts_from_whole_notices(store: Store, days_later: int) -> None:
    settings = Settings(feeds=FEEDS)
    now = NOW + timedelta(days=days_later)
    store.withdraw_notice("meeting-2023-04-27-fangxun", "调度会改期，另行通知", NOW)
    expected = count_upcoming(store.stored_notices(include_withdrawn=True), now, settings)
    make_rows(store)
    assert upcoming_in_store(store, now, settings) == expected


def test_front_page_counts_on_the_first_day(store: Store) -> None:
    make_rows(store)
    counts = upcoming_in_store(store, NOW + timedelta(days=1), Settings(feeds=FEEDS))
    # 4月27日: the 热线问政 of the 26th is over; 调度会 (27th), 义诊 (28th), 停水 (29th–30th),
    # 老照片展 (5月1日) and the 5月4日 deadline are still ahead.
    assert counts.by_kind == {"meeting": 1, "activity": 1, "outage": 1, "exhibition": 1, "deadline": 1}
    assert counts.everything == 5
    assert counts.by_feed == {"zhengxiang.ics": 1, "museum.ics": 1, "hotline-only.ics": 0}
    assert {"hotline", "ceremony", "hearing"} <= counts.kinds  # past kinds keep their card


def test_front_page_counts_never_load_every_notice(store: Store, no_full_load: list[Any]) -> None:
    make_rows(store)
    no_full_load.clear()  # making the rows reads the notices that have none, by uid
    counts = upcoming_in_store(store, NOW + timedelta(days=1), Settings(feeds=FEEDS))
    assert counts.everything == 5
    # Only the notices still ahead are read, for the [[feeds]].
    assert len(no_full_load) == 1 and len(no_full_load[0]) == 5
    assert upcoming_in_store(store, NOW + timedelta(days=1), Settings()).everything == 5
    assert len(no_full_load) == 1  # without [[feeds]] no notice is read at all


def test_a_rebuild_after_a_new_article_writes_the_front_page_without_loading_every_notice(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = Settings(output=tmp_path / "output")
    rebuild_feeds(store, settings.output, NOW, settings, view=StoreView(store))
    before = (settings.output / "index.html").read_text(encoding="utf-8")
    assert "即将到来：<strong>6</strong> 项" in before
    notice = make_notice(uid="outage-2023-05-06-tingdian", kind="outage", title="雁峰区部分线路停电检修",
                         start=date(2023, 5, 6), end=None, all_day=True, location="雁峰区先锋路沿线",
                         source="inbox/停电.txt", headline="5月6日雁峰区部分线路停电检修",
                         evidence="因线路检修，5月6日雁峰区先锋路沿线将停电，请用户提前做好准备。")
    record = ArticleRecord(path=str(tmp_path / "inbox" / "停电.txt"), source="inbox/停电.txt", sha256="sha-停电",
                           published=NOW, published_basis="dateline", headlines=(notice.headline,))
    store.ingest_article(record, [notice], NOW)
    loaded = no_full_load_in(monkeypatch)
    written = rebuild_feeds(store, settings.output, NOW, settings, view=StoreView(store))
    assert settings.output / "index.html" in written
    after = (settings.output / "index.html").read_text(encoding="utf-8")
    assert "即将到来：<strong>7</strong> 项" in after
    assert loaded == [["outage-2023-05-06-tingdian"]]  # only the new notice, to render its event


def test_status_counts_active_and_total_without_loading_notices(
    store: Store, tmp_path: Path, no_full_load: list[Any]
) -> None:
    from scheduler.cli.cmd_status import collect_status

    store.withdraw_notice("meeting-2023-04-27-fangxun", "调度会改期，另行通知", NOW)
    total = store.notice_count()
    store.close()
    settings = Settings(store=tmp_path / "state" / "notices.sqlite3", output=tmp_path / "output")
    status = collect_status(settings, NOW)
    assert status["notices"] == {"active": total - 1, "total": total}
    assert no_full_load == []


def test_operator_feeds_read_only_the_notices_a_feed_may_show(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from scheduler.publish.feedsets import render_operator_feeds

    settings = Settings(output=tmp_path / "output", feeds=FEEDS)
    rebuild_feeds(store, settings.output, NOW, settings, view=StoreView(store))
    notice = make_notice(uid="outage-2023-05-06-zhengxiang", kind="outage", title="蒸湘区华新街道停电检修",
                         start=date(2023, 5, 6), end=None, all_day=True, location="蒸湘区华新街道",
                         source="inbox/蒸湘停电.txt", headline="5月6日蒸湘区华新街道停电检修",
                         evidence="因线路检修，5月6日蒸湘区华新街道将停电，请用户提前做好准备。")
    record = ArticleRecord(path=str(tmp_path / "inbox" / "蒸湘停电.txt"), source="inbox/蒸湘停电.txt",
                           sha256="sha-蒸湘停电", published=NOW, published_basis="dateline",
                           headlines=(notice.headline,))
    store.ingest_article(record, [notice], NOW)
    loaded = no_full_load_in(monkeypatch)
    rebuild_feeds(store, settings.output, NOW, settings, view=StoreView(store))
    read = {uid for uids in loaded for uid in uids}
    assert "outage-2023-05-06-zhengxiang" in read
    assert "hearing-2023-03-01-shuijia" not in read  # over before the feeds' 30-day window
    assert "meeting-2023-04-20-changwu" not in read  # a report of the past, never listed
    monkeypatch.undo()
    expected = render_operator_feeds(FEEDS, store.stored_notices(include_withdrawn=True), NOW,
                                     FeedOptions.from_settings(settings), load_kind_table(), {})
    for name, data in expected.items():
        assert (settings.output / "feeds" / name).read_bytes() == data
    assert "华新街道".encode() in expected["zhengxiang.ics"]
