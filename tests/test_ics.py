"""iCalendar feeds: content, RFC details, selection, determinism, golden bytes."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import icalendar
import pytest

from notices.model import SHANGHAI, Notice
from scheduler.config import Settings
from scheduler.publish.ics import (
    FeedOptions, event_timing, file_name, render_calendar, render_feeds, select_for_feed, source_label,
)
from scheduler.publish.kindinfo import kind_info, load_kind_table
from scheduler.store.store import ArticleRecord, SourceRef, Store, StoredNotice
from tests.feed_samples import (
    DEADLINE, EXHIBITION, HOTLINE, LONG_EVENT, MEETING, NOW, OLD_FORWARD, OUTAGE, PAST_REPORT,
    RECENT_PAST, at, make_notice, populate,
)
from tests.golden import GOLDEN_DIR, build_handmade_output

OPTIONS = FeedOptions()
CHANGED_AT = datetime(2023, 4, 25, 20, 15, 5, tzinfo=SHANGHAI)


def stored(notice: Notice, *, sequence: int = 0, last_changed: datetime = CHANGED_AT, withdrawn: bool = False) -> StoredNotice:
    return StoredNotice(
        notice=notice,
        first_seen=CHANGED_AT - timedelta(days=1),
        last_changed=last_changed,
        sequence=sequence,
        withdrawn_at=last_changed if withdrawn else None,
        sources=(),
    )


def events(data: bytes) -> dict[str, icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(data)
    return {str(e["UID"]): e for e in calendar.walk("VEVENT")}


@pytest.fixture(scope="module")
def sample_feeds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    root = tmp_path_factory.mktemp("feeds")
    with Store.open(root / "state" / "notices.sqlite3") as store:
        populate(store, root)
        return render_feeds(store.stored_notices(include_withdrawn=True), NOW, OPTIONS, extra_kinds=load_kind_table())


def test_every_feed_parses_back_with_required_properties(sample_feeds: dict[str, bytes]) -> None:
    assert "all.ics" in sample_feeds
    assert {f"{kind}.ics" for kind in load_kind_table()} <= set(sample_feeds)
    for name, data in sample_feeds.items():
        calendar = icalendar.Calendar.from_ical(data)
        assert str(calendar["VERSION"]) == "2.0", name
        assert str(calendar["CALSCALE"]) == "GREGORIAN"
        assert str(calendar["METHOD"]) == "PUBLISH"
        assert str(calendar["X-WR-TIMEZONE"]) == "Asia/Shanghai"
        assert str(calendar["NAME"]) == str(calendar["X-WR-CALNAME"])
        assert b"REFRESH-INTERVAL;VALUE=DURATION:PT1H\r\n" in data
        assert b"X-PUBLISHED-TTL:PT1H\r\n" in data
        assert calendar["PRODID"]
        for event in calendar.walk("VEVENT"):
            for prop in ("UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY", "SEQUENCE", "LAST-MODIFIED"):
                assert prop in event, (name, prop)


def test_feed_names_are_chinese_per_kind(sample_feeds: dict[str, bytes]) -> None:
    hotline = icalendar.Calendar.from_ical(sample_feeds["hotline.ics"])
    assert kind_info("hotline").label in str(hotline["X-WR-CALNAME"])
    assert "全部" in str(icalendar.Calendar.from_ical(sample_feeds["all.ics"])["X-WR-CALNAME"])
    hotline_events = events(sample_feeds["hotline.ics"])
    assert set(hotline_events) == {HOTLINE.uid}


def test_timed_event_uses_shanghai_zone_with_vtimezone(sample_feeds: dict[str, bytes]) -> None:
    data = sample_feeds["hotline.ics"]
    assert b"DTSTART;TZID=Asia/Shanghai:20230426T090000\r\n" in data
    assert b"DTEND;TZID=Asia/Shanghai:20230426T110000\r\n" in data
    calendar = icalendar.Calendar.from_ical(data)
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Asia/Shanghai"]
    event = events(data)[HOTLINE.uid]
    assert event.decoded("DTSTART") == at(26, 9)
    assert event.decoded("DTSTART").utcoffset() == timedelta(hours=8)


def test_all_day_event_has_exclusive_end(sample_feeds: dict[str, bytes]) -> None:
    data = sample_feeds["outage.ics"]
    assert b"DTSTART;VALUE=DATE:20230429\r\n" in data
    assert b"DTEND;VALUE=DATE:20230501\r\n" in data


def test_timed_event_without_end_gets_kind_default_duration() -> None:
    data = render_calendar([stored(MEETING)], "测试", OPTIONS)
    event = events(data)[MEETING.uid]
    minutes = kind_info("meeting").default_minutes
    assert event.decoded("DTEND") - event.decoded("DTSTART") == timedelta(minutes=minutes)
    unknown = make_notice(uid="x-1", kind="lecture", start=at(27, 19), end=None)
    event = events(render_calendar([stored(unknown)], "测试", OPTIONS))["x-1"]
    assert event.decoded("DTEND") - event.decoded("DTSTART") == timedelta(hours=1)


def test_deadline_is_all_day_on_due_day_with_rule() -> None:
    event = events(render_calendar([stored(DEADLINE)], "测试", OPTIONS))[DEADLINE.uid]
    assert event.decoded("DTSTART") == date(2023, 5, 4)
    assert event.decoded("DTEND") == date(2023, 5, 5)
    assert str(event["SUMMARY"]) == "截止：承办单位办结“热线问政”工单"
    assert "3个工作日内办结，依法定节假日顺延" in str(event["DESCRIPTION"])


def test_deadline_with_window_falls_due_on_last_day() -> None:
    window = replace(DEADLINE, uid="deadline-baoming", title="截止报名", start=date(2023, 5, 6), end=date(2023, 5, 12))
    timing = event_timing(window)
    assert (timing.start, timing.end, timing.all_day) == (date(2023, 5, 12), date(2023, 5, 13), True)
    event = events(render_calendar([stored(window)], "测试", OPTIONS))["deadline-baoming"]
    assert str(event["SUMMARY"]) == "截止报名"  # already reads as a deadline


def test_description_location_categories_and_url(sample_feeds: dict[str, bytes]) -> None:
    exhibition = events(sample_feeds["all.ics"])[EXHIBITION.uid]
    description = str(exhibition["DESCRIPTION"])
    assert EXHIBITION.evidence in description
    assert f"《{EXHIBITION.headline}》" in description
    assert f"（{EXHIBITION.url}，2023-04-24发布）" in description  # the article URL, not the file
    assert "inbox/" not in description
    assert str(exhibition["LOCATION"]) == "市博物馆二楼临展厅"
    assert exhibition["CATEGORIES"].cats == [kind_info("exhibition").label]
    assert str(exhibition["URL"]) == EXHIBITION.url
    hotline = events(sample_feeds["all.ics"])[HOTLINE.uid]
    assert "URL" not in hotline
    assert str(hotline["DESCRIPTION"]).count("来源：") == 2  # both articles
    assert "（热线问政.txt，2023-04-26发布）" in str(hotline["DESCRIPTION"])  # file name only


def test_stamps_come_from_the_store_not_the_clock() -> None:
    item = stored(HOTLINE, sequence=3)
    first = render_calendar([item], "测试", OPTIONS)
    event = events(first)[HOTLINE.uid]
    assert event.decoded("DTSTAMP") == CHANGED_AT.astimezone(timezone.utc)
    assert event.decoded("LAST-MODIFIED") == CHANGED_AT.astimezone(timezone.utc)
    assert event.decoded("SEQUENCE") == 3
    # a later build of the same store (another `now`) gives the very same bytes
    other_day = render_feeds([item], NOW + timedelta(days=3), OPTIONS)
    assert render_feeds([item], NOW, OPTIONS) == other_day


def test_feed_selection_forward_and_recent_past() -> None:
    items = [stored(n) for n in (HOTLINE, PAST_REPORT, OLD_FORWARD, RECENT_PAST, MEETING)]
    items.append(stored(replace(OUTAGE, uid="gone"), withdrawn=True))
    chosen = [s.notice.uid for s in select_for_feed(items, NOW, past_days=30)]
    assert chosen == [RECENT_PAST.uid, HOTLINE.uid, MEETING.uid]
    assert [s.notice.uid for s in select_for_feed(items, NOW, past_days=7)] == [HOTLINE.uid, MEETING.uid]
    # 4月10日 stays exactly 30 days (through 5月10日), then leaves
    assert RECENT_PAST.uid in [s.notice.uid for s in select_for_feed(items, at(10, 23, month=5), 30)]
    assert RECENT_PAST.uid not in [s.notice.uid for s in select_for_feed(items, at(11, 0, month=5), 30)]


def test_feed_past_days_comes_from_settings() -> None:
    options = FeedOptions.from_settings(Settings(feed_past_days=3, reminder_timed_minutes=15))
    assert (options.past_days, options.reminder_timed_minutes) == (3, 15)


def test_alarms_default_and_configurable() -> None:
    lecture = make_notice(uid="lecture-1", kind="lecture", start=at(27, 19), end=at(27, 21))
    fair = make_notice(uid="fair-1", kind="fair", start=date(2023, 4, 30), end=None, all_day=True)
    for options, timed, all_day in (
        (FeedOptions(), "-PT1H", "-P1D"),
        (FeedOptions(reminder_timed_minutes=30, reminder_all_day_minutes=2 * 24 * 60), "-PT30M", "-P2D"),
    ):
        data = render_calendar([stored(lecture), stored(fair)], "测试", options)
        found = events(data)
        for uid, trigger in (("lecture-1", timed), ("fair-1", all_day)):
            (alarm,) = found[uid].walk("VALARM")
            assert str(alarm["ACTION"]) == "DISPLAY"
            assert alarm["TRIGGER"].to_ical().decode() == trigger
    quiet = render_calendar([stored(lecture)], "测试", FeedOptions(reminder_timed_minutes=0))
    assert b"BEGIN:VALARM" not in quiet


def test_long_chinese_lines_fold_without_splitting_characters() -> None:
    data = render_calendar([stored(LONG_EVENT)], "测试", OPTIONS)
    lines = data.split(b"\r\n")
    assert any(line.startswith(b" ") for line in lines), "expected folded lines"
    for line in lines:
        assert len(line) <= 75
        line.decode("utf-8")  # a split character would not decode
    event = events(data)[LONG_EVENT.uid]
    assert str(event["SUMMARY"]) == LONG_EVENT.title
    assert str(event["LOCATION"]) == LONG_EVENT.location


def test_commas_and_semicolons_are_escaped() -> None:
    data = render_calendar([stored(OUTAGE), stored(MEETING)], "测试", OPTIONS)
    unfolded = data.replace(b"\r\n ", b"").decode("utf-8")
    assert "LOCATION:蒸湘路、船山大道沿线\\；华新开发区" not in unfolded  # full-width ； is left alone
    assert "LOCATION:市政府第一会议室，三楼" in unfolded
    tricky = make_notice(uid="t-1", title="座谈会;议题,预算", location="A座,3楼;东侧")
    raw = render_calendar([stored(tricky)], "测试", OPTIONS).replace(b"\r\n ", b"").decode()
    assert "SUMMARY:座谈会\\;议题\\,预算" in raw
    assert "LOCATION:A座\\,3楼\\;东侧" in raw
    assert str(events(raw.encode())["t-1"]["LOCATION"]) == "A座,3楼;东侧"


def test_output_is_sorted_and_deterministic() -> None:
    items = [stored(n) for n in (HOTLINE, DEADLINE, MEETING, OUTAGE, EXHIBITION, LONG_EVENT)]
    shuffled = items[:]
    random.Random(7).shuffle(shuffled)
    assert render_feeds(items, NOW, OPTIONS) == render_feeds(shuffled, NOW, OPTIONS)
    uids = list(events(render_feeds(items, NOW, OPTIONS)["all.ics"]))
    assert uids == [HOTLINE.uid, MEETING.uid, LONG_EVENT.uid, OUTAGE.uid, EXHIBITION.uid, DEADLINE.uid]


def test_golden_feeds_byte_for_byte(tmp_path: Path) -> None:
    produced = build_handmade_output(tmp_path)
    feeds = {name: data for name, data in produced.items() if name.startswith("feeds/")}
    assert feeds, "nothing produced"
    for name, data in feeds.items():
        golden = GOLDEN_DIR / "handmade" / name
        assert golden.exists(), f"{golden} missing: run python -m tests.golden --update"
        assert data == golden.read_bytes(), f"{name} differs from its golden file"


# -- changes of plan, empty feeds, no server paths ------------------------------

CANCELLED_WALK = make_notice(
    uid="activity-2023-04-29-jianbuzou",
    kind="activity",
    title="“全民健身”环东洲岛健步走活动",
    start=at(29, 8),
    end=at(29, 11),
    location="东洲岛公园南门",
    headline="环东洲岛健步走活动因天气原因停办",
    evidence="原定4月29日上午8时举行的“全民健身”环东洲岛健步走活动，因天气原因停办。",
    source="/srv/inbox/体育局/2023/健步走.txt",
    status="cancelled",
)
POSTPONED_FORUM = make_notice(
    uid="meeting-2023-04-28-zhaoshang",
    kind="meeting",
    title="2023年招商引资项目推介会",
    start=at(5, 14, 30, month=5),
    end=None,
    location="市会展中心一号厅",
    headline="招商引资项目推介会延期举行",
    evidence="原定4月28日举行的2023年招商引资项目推介会，现推迟至5月5日下午2时30分举行，地点不变。",
    source="/srv/inbox/商务局/推介会.txt",
    change="原定4月28日举行，现推迟至5月5日",
)


def test_cancelled_event_stays_marked_without_alarm() -> None:
    data = render_calendar([stored(CANCELLED_WALK), stored(HOTLINE)], "测试", OPTIONS)
    found = events(data)
    cancelled, confirmed = found[CANCELLED_WALK.uid], found[HOTLINE.uid]
    assert str(cancelled["STATUS"]) == "CANCELLED"
    assert str(cancelled["SUMMARY"]) == "【已取消】“全民健身”环东洲岛健步走活动"
    assert cancelled.walk("VALARM") == []
    assert str(cancelled["TRANSP"]) == "TRANSPARENT"  # a called-off event blocks no time
    assert "状态：已取消" in str(cancelled["DESCRIPTION"])
    assert str(confirmed["STATUS"]) == "CONFIRMED"
    assert str(confirmed["SUMMARY"]) == HOTLINE.title
    assert len(confirmed.walk("VALARM")) == 1
    assert b"STATUS:CANCELLED\r\n" in data and b"STATUS:CONFIRMED\r\n" in data


def test_cancelled_event_is_kept_by_feed_selection() -> None:
    feeds = render_feeds([stored(CANCELLED_WALK)], NOW, OPTIONS)
    assert set(events(feeds["all.ics"])) == {CANCELLED_WALK.uid}
    assert set(events(feeds["activity.ics"])) == {CANCELLED_WALK.uid}


def test_moved_event_carries_the_change_note_first() -> None:
    event = events(render_calendar([stored(POSTPONED_FORUM)], "测试", OPTIONS))[POSTPONED_FORUM.uid]
    description = str(event["DESCRIPTION"]).split("\n")
    assert description[0] == "变更：原定4月28日举行，现推迟至5月5日"
    assert description[1] == POSTPONED_FORUM.evidence
    assert event.decoded("DTSTART") == at(5, 14, 30, month=5)
    assert str(event["STATUS"]) == "CONFIRMED" and len(event.walk("VALARM")) == 1
    plain = events(render_calendar([stored(HOTLINE)], "测试", OPTIONS))[HOTLINE.uid]
    assert "变更：" not in str(plain["DESCRIPTION"])


def test_store_changes_of_plan_reach_the_feed_with_rising_sequence(tmp_path: Path) -> None:
    record = ArticleRecord(
        path="/srv/inbox/商务局/推介会.txt", source="/srv/inbox/商务局/推介会.txt", sha256="v1",
        published=at(20, 9), published_basis="dateline", headlines=(POSTPONED_FORUM.headline,),
    )
    planned = replace(POSTPONED_FORUM, start=at(28, 14, 30), change=None)
    with Store.open(tmp_path / "notices.sqlite3") as store:
        store.ingest_article(record, [planned], NOW)
        first = events(render_feeds(store.stored_notices(), NOW, OPTIONS)["all.ics"])[planned.uid]
        store.ingest_article(replace(record, sha256="v2"), [POSTPONED_FORUM], NOW + timedelta(hours=1))
        moved = events(render_feeds(store.stored_notices(), NOW, OPTIONS)["all.ics"])[planned.uid]
        called_off = replace(POSTPONED_FORUM, status="cancelled")
        store.ingest_article(replace(record, sha256="v3"), [called_off], NOW + timedelta(hours=2))
        cancelled = events(render_feeds(store.stored_notices(), NOW, OPTIONS)["all.ics"])[planned.uid]
    assert [e.decoded("SEQUENCE") for e in (first, moved, cancelled)] == [0, 1, 2]
    assert first.decoded("DTSTART") == at(28, 14, 30) and moved.decoded("DTSTART") == at(5, 14, 30, month=5)
    assert str(moved["DESCRIPTION"]).startswith("变更：原定4月28日举行")
    assert str(cancelled["STATUS"]) == "CANCELLED" and cancelled.walk("VALARM") == []


def test_empty_feed_is_valid_with_the_shanghai_vtimezone() -> None:
    data = render_calendar([], "本地通知·其他", OPTIONS)
    calendar = icalendar.Calendar.from_ical(data)
    assert calendar.walk("VEVENT") == []
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Asia/Shanghai"]
    assert len(calendar.subcomponents) >= 1  # RFC 5545: at least one component
    (zone,) = calendar.walk("VTIMEZONE")
    standard = [c for c in zone.subcomponents if c.name == "STANDARD"]
    assert standard and all(c.decoded("TZOFFSETTO") == timedelta(hours=8) for c in standard)


def test_empty_kind_feeds_in_a_build_carry_the_vtimezone() -> None:
    feeds = render_feeds([stored(OUTAGE)], NOW, OPTIONS, extra_kinds=["hearing"])
    hearing = icalendar.Calendar.from_ical(feeds["hearing.ics"])
    assert hearing.walk("VEVENT") == [] and len(hearing.walk("VTIMEZONE")) == 1
    outage = icalendar.Calendar.from_ical(feeds["outage.ics"])  # all-day only: no zone needed
    assert len(outage.walk("VEVENT")) == 1 and outage.walk("VTIMEZONE") == []


def test_description_never_shows_server_directories() -> None:
    source = SourceRef(
        source="/srv/inbox/a/b.txt", path="/srv/inbox/a/b.txt", headline="城区部分路段临时交通管制的通告",
        published=at(25, 10), published_basis="dateline",
    )
    closure = make_notice(uid="outage-2023-04-30-guanzhi", kind="outage", title="城区部分路段临时交通管制",
                          source="/srv/inbox/a/b.txt", url=None)
    with_ref = replace(stored(closure), sources=(source,))
    without_ref = stored(closure)  # falls back to the notice's own source
    for item in (with_ref, without_ref):
        event = events(render_calendar([item], "测试", OPTIONS))[closure.uid]
        description = str(event["DESCRIPTION"])
        assert "（b.txt，" in description
        assert "/" not in description and "srv" not in description
        assert "URL" not in event


def test_sources_are_named_by_url_or_bare_file_name() -> None:
    ref = SourceRef(source="/srv/inbox/a/b.txt", path="/srv/inbox/a/b.txt", headline="", published=NOW,
                    published_basis="dateline", url="https://www.example.gov.cn/tzgg/1.html")
    assert source_label(ref) == "https://www.example.gov.cn/tzgg/1.html"
    assert source_label(replace(ref, url=None)) == "b.txt"
    assert source_label(replace(ref, url="file:///srv/inbox/a/b.txt")) == "b.txt"
    assert file_name("C:\\收件箱\\停水通知.txt") == "停水通知.txt"
    assert file_name("seeds/002.txt") == "002.txt" and file_name("-") == "-"


def test_only_web_addresses_become_the_url_property() -> None:
    odd = make_notice(uid="odd-url", url="javascript:alert(1)")
    assert "URL" not in events(render_calendar([stored(odd)], "测试", OPTIONS))["odd-url"]
