"""Feeds from stored events: byte for byte what a fresh render gives, rendered once, skipped when unchanged."""

from __future__ import annotations

import gzip
import os
import random
import sqlite3
import threading
from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from scheduler.publish import feedcache

from scheduler.config import Settings
from scheduler.pipeline import rebuild_feeds, write_digest
from scheduler.publish import ics
from scheduler.publish.feedcache import StoreView, default_feeds, refresh_rows, window_start
from scheduler.publish.files import gzip_is_current
from scheduler.publish.ics import FeedOptions, render_feeds
from scheduler.publish.kindinfo import load_kind_table
from scheduler.store.store import ArticleRecord, Store
from tests.feed_samples import (
    DEADLINE, EXHIBITION, HOTLINE, LONG_EVENT, MEETING, NOW, OLD_FORWARD, OUTAGE, PAST_REPORT, RECENT_PAST, at,
    populate,
)

KINDS = load_kind_table()
OPTIONS = FeedOptions()


def article(name: str, published: datetime = at(25, 18), sha: str = "v1") -> ArticleRecord:
    return ArticleRecord(path=f"/srv/inbox/{name}", source=f"inbox/{name}", sha256=sha, published=published,
                         published_basis="dateline", headlines=(f"{name}的标题",))


@pytest.fixture
def store(tmp_path: Path) -> Store:
    opened = Store.open(tmp_path / "state" / "notices.sqlite3")
    yield opened
    opened.close()


def streamed(store: Store, now: datetime = NOW, options: FeedOptions = OPTIONS) -> dict[str, bytes]:
    refresh_rows(store, options, KINDS, window_start(now, options))
    feeds = default_feeds(store, now, options, KINDS, extra_kinds=KINDS.keys())
    return {name: feed.data() for name, feed in feeds.items()}


def fresh(store: Store, now: datetime = NOW, options: FeedOptions = OPTIONS) -> dict[str, bytes]:
    return render_feeds(store.stored_notices(include_withdrawn=True), now, options, KINDS, extra_kinds=KINDS.keys())


def test_streamed_feeds_equal_a_fresh_render_of_the_sample_store(store: Store, tmp_path: Path) -> None:
    populate(store, tmp_path)
    assert streamed(store) == fresh(store)
    # And again a month later, when most of them are past: the window moves, nothing is stale.
    later = NOW + timedelta(days=35)
    assert streamed(store, later) == fresh(store, later)
    earlier = NOW - timedelta(days=60)  # an --as-of in the past: events not rendered yet are rendered now
    assert streamed(store, earlier) == fresh(store, earlier)


def test_streamed_feeds_equal_a_fresh_render_of_random_stores(store: Store) -> None:
    rng = random.Random(5)
    pool = [HOTLINE, DEADLINE, MEETING, OUTAGE, EXHIBITION, LONG_EVENT, PAST_REPORT, OLD_FORWARD, RECENT_PAST]
    for round_ in range(4):
        for number in range(12):
            base = rng.choice(pool)
            notice = replace(base, uid=f"{base.uid}-{number}", status=rng.choice(["confirmed", "cancelled"]),
                             title=f"{base.title}（第{round_}轮）" if rng.random() < 0.3 else base.title)
            name = f"{number % 5}.txt"
            store.ingest_article(article(name, at(20 + number % 5, 8), f"{round_}-{number}"), [notice],
                                 NOW + timedelta(hours=round_))
        if round_ == 2:
            store.withdraw_notice(f"{MEETING.uid}-3", "写错了", NOW) or store.withdraw_notice(f"{HOTLINE.uid}-1", "x", NOW)
        assert streamed(store) == fresh(store), f"round {round_}"


def count_renders(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    seen: list[str] = []
    real = ics.render_event

    def counting(item, options, kinds=None):  # type: ignore[no-untyped-def]
        seen.append(item.notice.uid)
        return real(item, options, kinds)

    monkeypatch.setattr(ics, "render_event", counting)
    return seen


def test_each_event_is_rendered_once_and_again_only_when_it_changes(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.ingest_article(article("热线.txt"), [HOTLINE, DEADLINE], NOW)
    store.ingest_article(article("会议.txt"), [MEETING], NOW)
    seen = count_renders(monkeypatch)
    streamed(store)
    assert sorted(seen) == sorted([HOTLINE.uid, DEADLINE.uid, MEETING.uid])
    seen.clear()
    streamed(store)
    assert seen == []
    store.ingest_article(article("会议.txt", sha="v2"), [replace(MEETING, location="市政府第一会议室")], NOW)
    streamed(store)
    assert seen == [MEETING.uid]
    seen.clear()
    # An article whose date changes changes the 来源 line of every notice it gave.
    store.ingest_article(article("热线.txt", at(25, 20), "v3"), [HOTLINE, DEADLINE], NOW)
    streamed(store)
    assert sorted(seen) == sorted([HOTLINE.uid, DEADLINE.uid])
    assert streamed(store) == fresh(store)


def test_other_feed_settings_render_everything_again(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    store.ingest_article(article("热线.txt"), [HOTLINE, DEADLINE], NOW)
    streamed(store)
    quiet = FeedOptions(reminder_timed_minutes=0)
    expected = fresh(store, options=quiet)
    seen = count_renders(monkeypatch)
    assert streamed(store, options=quiet) == expected
    assert sorted(seen) == sorted([HOTLINE.uid, DEADLINE.uid])


def test_rows_made_while_another_process_changed_a_notice_are_not_kept(store: Store) -> None:
    store.ingest_article(article("热线.txt"), [HOTLINE], NOW)
    stale = store.generation()
    store.withdraw_notice(HOTLINE.uid, "不是真的", NOW)
    row = ics.feed_row(store.stored_notices(include_withdrawn=True)[0], OPTIONS, KINDS)
    assert not store.put_feed_rows_if([replace(row, listed=True)], stale)
    assert store.put_feed_rows_if([row], store.generation())


def test_a_rebuild_with_nothing_changed_reads_and_writes_nothing(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    populate(store, tmp_path)
    output = tmp_path / "output"
    assert rebuild_feeds(store, output, NOW, Settings())
    stamps = {p: p.stat().st_mtime_ns for p in (output / "feeds").iterdir()}

    def no_reading(*args: object, **kwargs: object) -> None:
        raise AssertionError("the store was read")

    monkeypatch.setattr(Store, "stored_notices", no_reading)
    monkeypatch.setattr(feedcache, "refresh_rows", no_reading)
    assert rebuild_feeds(store, output, NOW, Settings()) == []
    assert {p: p.stat().st_mtime_ns for p in (output / "feeds").iterdir()} == stamps


def test_what_a_rebuild_depends_on_makes_it_run_again(store: Store, tmp_path: Path) -> None:
    populate(store, tmp_path)
    output = tmp_path / "output"
    rebuild_feeds(store, output, NOW, Settings())
    (output / "feeds" / "hotline.ics.gz").unlink()  # a file deleted by hand
    assert rebuild_feeds(store, output, NOW, Settings()) == []  # same bytes: the .ics is not rewritten…
    assert gzip_is_current(output / "feeds" / "hotline.ics")  # …but its .gz is back
    before = (output / "feeds" / "all.ics").read_bytes()
    store.withdraw_notice(HOTLINE.uid, "重复", NOW)  # the notices changed
    assert output / "feeds" / "all.ics" in rebuild_feeds(store, output, NOW, Settings())
    assert (output / "feeds" / "all.ics").read_bytes() != before
    assert rebuild_feeds(store, output, NOW + timedelta(days=40), Settings())  # the window moved
    assert rebuild_feeds(store, output, NOW + timedelta(days=40), Settings(feed_past_days=7))  # settings


def test_every_feed_has_its_gzip_copy_with_the_same_mtime(store: Store, tmp_path: Path) -> None:
    populate(store, tmp_path)
    output = tmp_path / "output"
    rebuild_feeds(store, output, NOW, Settings())
    feeds = sorted((output / "feeds").glob("*.ics"))
    assert feeds
    for feed in feeds:
        packed = feed.with_name(feed.name + ".gz")
        assert gzip.decompress(packed.read_bytes()) == feed.read_bytes()
        assert packed.stat().st_mtime_ns == feed.stat().st_mtime_ns
    assert not [p for p in (output / "feeds").iterdir() if p.name.endswith(".tmp")]


def test_a_digest_written_again_unchanged_is_skipped(store: Store, tmp_path: Path) -> None:
    populate(store, tmp_path)
    output = tmp_path / "output"
    assert write_digest(store, output, NOW.date(), NOW, settings=Settings())
    assert write_digest(store, output, NOW.date(), NOW, settings=Settings()) == []
    (output / "digests" / f"{NOW.date()}.md").unlink()
    assert write_digest(store, output, NOW.date(), NOW, settings=Settings()) == [
        output / "digests" / f"{NOW.date()}.md"]


def test_one_read_of_the_store_serves_feeds_and_digest(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    populate(store, tmp_path)
    reads: list[object] = []
    real = Store.stored_notices

    def counted(self: Store, **kwargs: object) -> object:
        reads.append(kwargs)
        return real(self, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Store, "stored_notices", counted)
    view = StoreView(store)
    output = tmp_path / "output"
    rebuild_feeds(store, output, NOW, Settings(), view=view)
    write_digest(store, output, NOW.date(), NOW, settings=Settings(), view=view)
    assert reads == [{"include_withdrawn": True}]


def test_many_events_are_rendered_by_the_workers_to_the_same_bytes(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from scheduler.service.sandbox import Sandbox

    for number in range(30):
        notice = replace(MEETING, uid=f"meeting-{number:02d}", start=at(27 + number % 3, 9 + number % 8))
        store.ingest_article(article(f"{number}.txt", sha=str(number)), [notice], NOW)
    expected = fresh(store)
    monkeypatch.setattr(feedcache, "PARALLEL_MIN", 1)
    monkeypatch.setattr(feedcache, "RENDER_CHUNK", 7)
    pool = Sandbox(None, threading.Event(), jobs=2)
    try:
        assert refresh_rows(store, OPTIONS, KINDS, window_start(NOW, OPTIONS), pool=pool) == 30
    finally:
        pool.close()
    feeds = default_feeds(store, NOW, OPTIONS, KINDS, extra_kinds=KINDS.keys())
    assert {name: feed.data() for name, feed in feeds.items()} == expected


def test_a_version_2_store_gets_the_cache_tables_and_a_backup(tmp_path: Path) -> None:
    from scheduler.store.schema import MIGRATIONS, split_statements

    path = tmp_path / "notices.sqlite3"
    raw = sqlite3.connect(path)
    raw.execute("CREATE TABLE schema_version (version INTEGER NOT NULL)")
    raw.execute("INSERT INTO schema_version VALUES (2)")
    for version in (1, 2):
        for statement in split_statements(MIGRATIONS[version]):
            raw.execute(statement)
    raw.commit()
    raw.close()
    with Store.open(path) as opened:
        opened.ingest_article(article("热线.txt"), [HOTLINE], NOW)
        assert opened.generation() > 0
        assert streamed(opened) == fresh(opened)
    assert (tmp_path / "notices.sqlite3.v2.bak").exists()
    assert os.path.getsize(tmp_path / "notices.sqlite3.v2.bak") > 0


def test_batch_keeps_finished_articles_when_one_fails_or_the_run_is_interrupted(store: Store) -> None:
    with pytest.raises(KeyboardInterrupt):
        with store.batch():
            store.ingest_article(article("热线.txt"), [HOTLINE], NOW)
            with pytest.raises(ValueError):
                with store.transaction():
                    store.ingest_article(article("会议.txt"), [MEETING], NOW)
                    raise ValueError("half-written article")
            store.ingest_article(article("停水.txt"), [OUTAGE], NOW)
            raise KeyboardInterrupt
    assert [s.notice.uid for s in store.stored_notices()] == sorted([HOTLINE.uid, OUTAGE.uid])
    assert store.article_hash("/srv/inbox/会议.txt") is None
    assert not store.in_transaction


def test_notice_counts_without_loading_notices(store: Store) -> None:
    store.ingest_article(article("热线.txt"), [HOTLINE, DEADLINE], NOW)
    store.withdraw_notice(DEADLINE.uid, "重复", NOW)
    assert store.notice_counts() == (1, 2)


def test_window_start_is_past_days_before_the_local_day() -> None:
    assert window_start(NOW, FeedOptions(past_days=30)) == date(2023, 3, 27)


def test_a_long_batch_commits_as_it_goes_but_never_a_callers_transaction(store: Store) -> None:
    with store.batch():
        store.ingest_article(article("热线.txt"), [HOTLINE], NOW)
        store.commit_batch()
        assert store.in_transaction  # a new transaction goes on
    with store.transaction():
        store.ingest_article(article("会议.txt"), [MEETING], NOW)
        store.commit_batch()  # not a batch: nothing is committed early
        assert store.in_transaction
    assert not store.in_transaction
