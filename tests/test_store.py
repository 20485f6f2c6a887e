"""The SQLite store: no-op re-ingest, updates, merged sources, withdrawal, transactions."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from notices.model import SHANGHAI
from scheduler.store.store import SCHEMA_VERSION, ArticleRecord, Store, StoredNotice, StoreError
from tests.feed_samples import DEADLINE, HOTLINE, MEETING, NOW, at

LATER = NOW + timedelta(hours=3)
LATEST = NOW + timedelta(days=1)


def record(name: str, published: datetime = at(26, 0), sha: str = "v1") -> ArticleRecord:
    return ArticleRecord(
        path=f"/srv/inbox/{name}",
        source=f"inbox/{name}",
        sha256=sha,
        published=published,
        published_basis="dateline",
        headlines=("第70期“热线问政”今日开通",),
    )


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = Store.open(tmp_path / "state" / "deep" / "notices.sqlite3")
    yield opened
    opened.close()


def only(store: Store) -> list[StoredNotice]:
    return store.stored_notices(include_withdrawn=True)


def test_open_creates_parents_and_schema(tmp_path: Path) -> None:
    path = tmp_path / "state" / "notices.sqlite3"
    with Store.open(path) as opened:
        assert opened.schema_version == SCHEMA_VERSION
    assert path.exists()
    with Store.open(path) as again:  # reopening does not migrate twice
        assert again.schema_version == SCHEMA_VERSION


def test_refuses_store_from_newer_version(tmp_path: Path) -> None:
    path = tmp_path / "notices.sqlite3"
    Store.open(path).close()
    with sqlite3.connect(path) as raw:
        raw.execute("UPDATE schema_version SET version = ?", (SCHEMA_VERSION + 1,))
    with pytest.raises(StoreError, match="newer"):
        Store.open(path)


def test_new_notice_is_stored_with_history(store: Store) -> None:
    outcome = store.ingest_article(record("热线问政.txt"), [HOTLINE, DEADLINE], NOW)
    assert outcome.new == tuple(sorted([HOTLINE.uid, DEADLINE.uid]))
    stored = {s.notice.uid: s for s in only(store)}
    assert stored[HOTLINE.uid].notice == HOTLINE
    assert stored[HOTLINE.uid].first_seen == NOW
    assert stored[HOTLINE.uid].last_changed == NOW
    assert stored[HOTLINE.uid].sequence == 0
    assert [s.source for s in stored[HOTLINE.uid].sources] == ["inbox/热线问政.txt"]
    assert store.article_hash("/srv/inbox/热线问政.txt") == "v1"


def test_same_content_again_changes_nothing(store: Store) -> None:
    store.ingest_article(record("热线问政.txt"), [HOTLINE], NOW)
    before = only(store)
    outcome = store.ingest_article(record("热线问政.txt"), [HOTLINE], LATER)
    assert outcome.unchanged == (HOTLINE.uid,) and not outcome.updated and not outcome.new
    assert only(store) == before


def test_changed_time_bumps_sequence_and_last_changed(store: Store) -> None:
    store.ingest_article(record("热线问政.txt"), [HOTLINE], NOW)
    moved = replace(HOTLINE, start=at(26, 14, 30), end=at(26, 16, 30))
    outcome = store.ingest_article(record("热线问政.txt", sha="v2"), [moved], LATER)
    assert outcome.updated == (HOTLINE.uid,)
    (stored,) = only(store)
    assert stored.notice.start == moved.start
    assert (stored.sequence, stored.first_seen, stored.last_changed) == (1, NOW, LATER)


@pytest.mark.parametrize("field,value", [("title", "第71期“热线问政”"), ("location", "市民之家三楼演播厅")])
def test_title_or_place_change_bumps_sequence(store: Store, field: str, value: str) -> None:
    store.ingest_article(record("热线问政.txt"), [HOTLINE], NOW)
    store.ingest_article(record("热线问政.txt", sha="v2"), [replace(HOTLINE, **{field: value})], LATER)
    (stored,) = only(store)
    assert stored.sequence == 1


def test_wording_change_updates_without_new_sequence(store: Store) -> None:
    store.ingest_article(record("热线问政.txt"), [HOTLINE], NOW)
    reworded = replace(HOTLINE, evidence="4月26日上午，市场监管局负责人将在12345热线接听来电。")
    outcome = store.ingest_article(record("热线问政.txt", sha="v2"), [reworded], LATER)
    assert outcome.updated == (HOTLINE.uid,)
    (stored,) = only(store)
    assert (stored.sequence, stored.last_changed) == (0, LATER)
    assert stored.notice.evidence == reworded.evidence


def test_same_event_in_two_articles_is_one_notice_with_both_sources(store: Store) -> None:
    store.ingest_article(record("热线问政.txt"), [HOTLINE], NOW)
    follow_up = replace(HOTLINE, source="inbox/续报.txt", evidence="今天上午9时，热线问政准时开通。")
    outcome = store.ingest_article(record("续报.txt", published=at(26, 12)), [follow_up], LATER)
    assert outcome.updated == (HOTLINE.uid,)
    (stored,) = only(store)
    assert [s.source for s in stored.sources] == ["inbox/热线问政.txt", "inbox/续报.txt"]
    assert stored.notice.evidence == follow_up.evidence  # latest published wins
    assert stored.sequence == 0 and stored.last_changed == LATER


def test_effective_notice_does_not_depend_on_ingest_order(tmp_path: Path) -> None:
    early = (record("a.txt", published=at(25, 9)), [replace(HOTLINE, evidence="早报：明天上午热线问政。")])
    late = (record("b.txt", published=at(26, 8)), [replace(HOTLINE, evidence="今日：热线问政上午开通。")])
    results = []
    for order in ((early, late), (late, early)):
        with Store.open(tmp_path / f"{len(results)}.sqlite3") as opened:
            for rec, notices in order:
                opened.ingest_article(rec, notices, NOW)
            (stored,) = opened.stored_notices()
            results.append((stored.notice, [s.path for s in stored.sources]))
    assert results[0] == results[1]
    assert results[0][0].evidence == "今日：热线问政上午开通。"


def test_notice_dropped_by_one_source_keeps_the_other(store: Store) -> None:
    store.ingest_article(record("a.txt"), [HOTLINE, MEETING], NOW)
    store.ingest_article(record("b.txt"), [HOTLINE], NOW)
    outcome = store.ingest_article(record("a.txt", sha="v2"), [MEETING], LATER)
    assert outcome.updated == (HOTLINE.uid,)
    stored = {s.notice.uid: s for s in only(store)}
    assert [s.source for s in stored[HOTLINE.uid].sources] == ["inbox/b.txt"]
    assert not stored[HOTLINE.uid].withdrawn


def test_notice_without_sources_is_withdrawn_not_deleted(store: Store) -> None:
    store.ingest_article(record("热线问政.txt"), [HOTLINE, DEADLINE], NOW)
    outcome = store.ingest_article(record("热线问政.txt", sha="v2"), [DEADLINE], LATER)
    assert outcome.withdrawn == (HOTLINE.uid,)
    assert [s.notice.uid for s in store.stored_notices()] == [DEADLINE.uid]
    withdrawn = {s.notice.uid: s for s in only(store)}[HOTLINE.uid]
    assert withdrawn.withdrawn_at == LATER and withdrawn.notice == HOTLINE
    # the event comes back in a corrected article: revived with a new sequence
    outcome = store.ingest_article(record("热线问政.txt", sha="v3"), [HOTLINE, DEADLINE], LATEST)
    assert outcome.updated == (HOTLINE.uid,)
    revived = {s.notice.uid: s for s in only(store)}[HOTLINE.uid]
    assert (revived.withdrawn_at, revived.sequence, revived.last_changed) == (None, 1, LATEST)


def test_failed_ingest_leaves_store_untouched(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    store.ingest_article(record("热线问政.txt"), [HOTLINE], NOW)
    before = only(store)

    def explode(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk trouble halfway")

    monkeypatch.setattr(Store, "_settle", explode)
    moved = replace(HOTLINE, start=at(27, 9), end=at(27, 11))
    with pytest.raises(RuntimeError):
        store.ingest_article(record("热线问政.txt", sha="v2"), [moved, MEETING], LATER)
    assert only(store) == before
    assert store.article_hash("/srv/inbox/热线问政.txt") == "v1"


def test_skips_are_recorded_and_cleared(store: Store) -> None:
    store.record_skip("/srv/inbox/乱码.txt", "cannot decode", NOW)
    store.record_skip("/srv/inbox/乱码.txt", "empty file", LATER)
    assert store.skipped_inputs() == (("/srv/inbox/乱码.txt", "empty file"),)
    store.clear_skip("/srv/inbox/乱码.txt")
    assert store.skipped_inputs() == ()


def test_digest_window_follows_history(store: Store) -> None:
    first = store.digest_window(date(2023, 4, 26), NOW)
    assert (first.since, first.until) == (None, NOW)
    store.record_digest(date(2023, 4, 25), NOW - timedelta(days=1))
    store.record_digest(date(2023, 4, 26), NOW)
    store.record_digest(date(2023, 4, 26), NOW - timedelta(hours=5))  # cut-off never moves back
    window = store.digest_window(date(2023, 4, 26), LATEST)
    assert (window.since, window.until) == (NOW - timedelta(days=1), NOW)
    assert window.contains(NOW) and not window.contains(NOW - timedelta(days=1))
    assert not window.contains(LATER)


def test_naive_times_are_refused(store: Store) -> None:
    with pytest.raises(ValueError):
        store.ingest_article(record("热线问政.txt"), [HOTLINE], datetime(2023, 4, 26, 7))


def test_times_round_trip_in_shanghai_terms(store: Store) -> None:
    store.ingest_article(record("热线问政.txt"), [HOTLINE], NOW)
    (stored,) = only(store)
    assert stored.first_seen.astimezone(SHANGHAI).hour == 7
    assert stored.sources[0].published == at(26, 0)


# -- changes of plan -----------------------------------------------------------


def test_cancellation_is_stored_and_bumps_sequence(store: Store) -> None:
    store.ingest_article(record("热线问政.txt"), [HOTLINE], NOW)
    called_off = replace(HOTLINE, status="cancelled", evidence="原定今日上午举行的第70期“热线问政”取消。")
    outcome = store.ingest_article(record("热线问政.txt", sha="v2"), [called_off], LATER)
    assert outcome.updated == (HOTLINE.uid,)
    (stored,) = only(store)
    assert stored.notice.status == "cancelled" and stored.notice == called_off
    assert (stored.sequence, stored.last_changed, stored.withdrawn) == (1, LATER, False)


def test_postponement_keeps_uid_and_bumps_sequence_once(store: Store) -> None:
    store.ingest_article(record("防汛.txt"), [MEETING], NOW)
    postponed = replace(MEETING, start=at(4, 15, month=5), change="原定4月27日召开，现推迟至5月4日")
    outcome = store.ingest_article(record("防汛.txt", sha="v2"), [postponed], LATER)
    assert outcome.updated == (MEETING.uid,)
    (stored,) = only(store)
    assert (stored.notice.start, stored.notice.change) == (at(4, 15, month=5), "原定4月27日召开，现推迟至5月4日")
    assert stored.sequence == 1  # one change of plan, one new sequence


def test_change_note_alone_is_significant(store: Store) -> None:
    store.ingest_article(record("防汛.txt"), [MEETING], NOW)
    noted = replace(MEETING, change="会议地点不变，时间另行通知")
    store.ingest_article(record("防汛.txt", sha="v2"), [noted], LATER)
    (stored,) = only(store)
    assert (stored.notice.change, stored.sequence) == ("会议地点不变，时间另行通知", 1)


def test_rows_written_before_status_and_change_still_load(tmp_path: Path) -> None:
    path = tmp_path / "notices.sqlite3"
    with Store.open(path) as opened:
        opened.ingest_article(record("热线问政.txt"), [HOTLINE], NOW)
    with sqlite3.connect(path) as raw:  # strip the new keys, as an older version wrote them
        for table in ("notices", "notice_sources"):
            for rowid, data in raw.execute(f"SELECT rowid, data FROM {table}").fetchall():
                old = {k: v for k, v in json.loads(data).items() if k not in ("status", "change")}
                raw.execute(f"UPDATE {table} SET data = ? WHERE rowid = ?", (json.dumps(old, ensure_ascii=False), rowid))
        (data,) = raw.execute("SELECT data FROM notices").fetchone()
        assert "status" not in json.loads(data)
    with Store.open(path) as opened:
        (stored,) = opened.stored_notices()
        assert (stored.notice.status, stored.notice.change) == ("confirmed", None)
        assert stored.notice == HOTLINE
        # the same notice from a re-saved file is not a change just because the row is older
        outcome = opened.ingest_article(record("热线问政.txt", sha="v2"), [HOTLINE], LATER)
        assert outcome.unchanged == (HOTLINE.uid,) and not outcome.updated
        (again,) = opened.stored_notices()
        assert (again.sequence, again.last_changed) == (0, NOW)
        # while a real cancellation still counts
        opened.ingest_article(record("热线问政.txt", sha="v3"), [replace(HOTLINE, status="cancelled")], LATEST)
        (cancelled,) = opened.stored_notices()
        assert (cancelled.notice.status, cancelled.sequence, cancelled.last_changed) == ("cancelled", 1, LATEST)
