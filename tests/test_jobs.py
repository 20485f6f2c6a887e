"""The jobs: pure scheduling decisions, and a simulated week driven by ``run --once --now``."""

from __future__ import annotations

import json
import logging
import os
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from freezegun import freeze_time

from scheduler import cli
from scheduler.config import Settings
from scheduler.service.jobs import (
    FileSnapshot,
    digest_grace,
    due_digest,
    latest_slot,
    next_slot,
    plan_poll,
    scan_inbox,
)
from scheduler.store.service_state import FileRecord, ServiceState
from tests.service_support import ServiceDirs, event_starts, water_outage_notice

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=SHANGHAI)


# --------------------------------------------------------------------------
# Pure decisions


def test_plan_poll_waits_one_poll_for_new_and_changed_files() -> None:
    new = FileSnapshot("inbox/停水.txt", 100, 1)
    settled = FileSnapshot("inbox/停电.txt", 200, 2)
    done = FileSnapshot("inbox/热线.txt", 300, 3)
    grown = FileSnapshot("inbox/听证.txt", 450, 5)
    broken = FileSnapshot("inbox/坏.bin", 10, 4)
    records = {
        settled.path: FileRecord(settled.path, 200, 2, "seen"),
        done.path: FileRecord(done.path, 300, 3, "ingested"),
        grown.path: FileRecord(grown.path, 400, 4, "ingested"),
        broken.path: FileRecord(broken.path, 10, 4, "failed", "binary data"),
        "inbox/已删除.txt": FileRecord("inbox/已删除.txt", 1, 1, "ingested"),
    }
    plan = plan_poll([new, settled, done, grown, broken], records)
    assert plan.ready == (settled,)
    assert plan.waiting == (new, grown)
    assert plan.unchanged == (done.path,)
    assert plan.still_failed == (broken.path,)
    assert plan.gone == ("inbox/已删除.txt",)


def test_failed_file_is_retried_once_it_changes() -> None:
    records = {"inbox/坏.bin": FileRecord("inbox/坏.bin", 10, 4, "failed", "binary data")}
    plan = plan_poll([FileSnapshot("inbox/坏.bin", 12, 9)], records)
    assert [s.path for s in plan.waiting] == ["inbox/坏.bin"]
    assert plan.still_failed == ()


def test_slots_around_the_digest_time() -> None:
    seven = time(7, 0)
    assert latest_slot(at("2024-05-08T06:59:59"), seven, SHANGHAI) == at("2024-05-07T07:00")
    assert latest_slot(at("2024-05-08T07:00"), seven, SHANGHAI) == at("2024-05-08T07:00")
    assert next_slot(at("2024-05-08T07:00"), seven, SHANGHAI) == at("2024-05-09T07:00")
    assert next_slot(at("2024-05-08T06:00"), seven, SHANGHAI) == at("2024-05-08T07:00")
    # A UTC "now" is read in the configured zone: 23:30Z is 07:30 the next day in Shanghai.
    utc_now = datetime(2024, 5, 7, 23, 30, tzinfo=ZoneInfo("UTC"))
    assert latest_slot(utc_now, seven, SHANGHAI) == at("2024-05-08T07:00")


def test_slots_follow_daylight_saving_in_other_zones() -> None:
    berlin = ZoneInfo("Europe/Berlin")
    # The night of 2024-03-31 loses an hour; the 07:00 slot stays 07:00 local.
    slot = next_slot(datetime(2024, 3, 30, 8, 0, tzinfo=berlin), time(7, 0), berlin)
    assert slot.hour == 7 and slot.utcoffset() == timedelta(hours=2)


def test_due_digest_on_time_late_and_already_written() -> None:
    settings = Settings()
    grace = digest_grace(settings)
    assert grace == timedelta(minutes=5)
    # No history: on time only.
    assert due_digest(at("2024-05-08T07:00"), settings, []) == (date(2024, 5, 8), at("2024-05-08T07:00"), False)
    assert due_digest(at("2024-05-08T07:04"), settings, []) is not None
    assert due_digest(at("2024-05-08T07:06"), settings, []) is None
    assert due_digest(at("2024-05-08T06:59"), settings, []) is None  # yesterday's slot, long past
    # With history, a missed latest slot is caught up once; earlier missed days never.
    history = [date(2024, 5, 4)]
    assert due_digest(at("2024-05-08T10:00"), settings, history) == (
        date(2024, 5, 8), at("2024-05-08T07:00"), True)
    assert due_digest(at("2024-05-08T06:00"), settings, history) == (
        date(2024, 5, 7), at("2024-05-07T07:00"), True)
    assert due_digest(at("2024-05-08T10:00"), settings, [date(2024, 5, 8)]) is None


def test_grace_grows_with_long_poll_intervals() -> None:
    assert digest_grace(Settings(poll_seconds=600)) == timedelta(minutes=20)


def test_scan_inbox_skips_temp_names_and_dotfiles(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    (inbox / "2024").mkdir(parents=True)
    for name in ("停水.txt", "2024/停电.txt", ".停水.txt.swp", "下载中.txt.part", "草稿.tmp", "备份.txt~"):
        (inbox / name).write_text("市自来水公司定于5月9日停水。", encoding="utf-8")
    (inbox / ".git").mkdir()
    (inbox / ".git" / "config.txt").write_text("x")
    snapshots, problems = scan_inbox([inbox, tmp_path / "missing"])
    assert sorted(Path(s.path).relative_to(inbox).as_posix() for s in snapshots) == ["2024/停电.txt", "停水.txt"]
    assert [Path(p).name for p, _ in problems] == ["missing"]


# --------------------------------------------------------------------------
# A simulated service, driven through the command line with --now


class Service(ServiceDirs):
    """A service folder driven through ``notices run --once``."""

    def run(self, now: str, capsys: pytest.CaptureFixture[str] | None = None) -> dict:
        """``notices run --once --now NOW --json``; returns the printed result."""
        if capsys is not None:
            capsys.readouterr()
        status = cli.main(["run", "--once", "--json", "--now", now, "--inbox", str(self.inbox),
                           "--output", str(self.output), "--store", str(self.store)])
        assert status == 0
        if capsys is None:
            return {}
        return json.loads(capsys.readouterr().out)

    def digest_days(self) -> list[str]:
        return sorted(p.stem for p in (self.output / "digests").glob("*.md"))

    def state(self) -> ServiceState:
        return ServiceState(self.store)


@pytest.fixture()
def service(tmp_path: Path) -> Service:
    svc = Service(tmp_path)
    svc.inbox.mkdir()
    return svc


def week(start: date = date(2024, 5, 6), days: int = 7) -> list[date]:
    return [start + timedelta(days=n) for n in range(days)]


def test_digests_appear_once_per_day_at_the_digest_time(service: Service) -> None:
    for day in week():
        service.run(f"{day}T06:59")
        assert day.isoformat() not in service.digest_days()
        service.run(f"{day}T07:00")
        digest = service.output / "digests" / f"{day}.md"
        assert digest.exists() and (service.output / "digests" / f"{day}.html").exists()
        written = digest.stat().st_mtime_ns
        service.run(f"{day}T13:00")
        service.run(f"{day}T23:30")
        assert digest.stat().st_mtime_ns == written  # not rewritten later that day
    assert service.digest_days() == [d.isoformat() for d in week()]
    state = service.state()
    assert state.digest_days() == set(week())
    assert state.last_digest() is not None and not state.last_digest().catch_up
    state.close()


def test_three_day_outage_gives_exactly_one_catch_up_digest(service: Service) -> None:
    service.run("2024-05-06T07:00")
    service.run("2024-05-07T07:00")
    # Down from the evening of 5月7日 until 5月10日 10:00: slots of 8, 9 and 10 May missed.
    service.run("2024-05-10T10:00")
    service.run("2024-05-10T10:01")
    service.run("2024-05-10T18:00")
    assert service.digest_days() == ["2024-05-06", "2024-05-07", "2024-05-10"]
    state = service.state()
    last = state.last_digest()
    assert last is not None and last.catch_up and last.day == date(2024, 5, 10)
    state.close()
    service.run("2024-05-11T07:00")
    assert service.digest_days()[-1] == "2024-05-11"
    assert len(service.digest_days()) == 4


def test_outage_across_the_slot_catches_up_the_previous_day(service: Service) -> None:
    service.run("2024-05-06T07:00")
    service.run("2024-05-09T05:00")  # before today's slot: the latest slot is 5月8日
    assert service.digest_days() == ["2024-05-06", "2024-05-08"]


def test_no_digest_history_means_nothing_retroactive(service: Service) -> None:
    service.run("2024-05-08T10:00")
    service.run("2024-05-08T22:00")
    assert service.digest_days() == []
    service.run("2024-05-09T07:00")
    assert service.digest_days() == ["2024-05-09"]


def test_existing_digest_is_never_written_twice(service: Service, capsys: pytest.CaptureFixture[str]) -> None:
    first = service.run("2024-05-08T07:00", capsys)
    assert first["digest"]["day"] == "2024-05-08"
    again = service.run("2024-05-08T07:01", capsys)
    assert again["digest"] is None


def test_changing_file_is_attempted_only_once_it_has_settled(
    service: Service, capsys: pytest.CaptureFixture[str]
) -> None:
    text = water_outage_notice(date(2024, 5, 14), ("8:30", "17:00"), date(2024, 5, 8))
    cut = len(text) // 2
    target = service.inbox / "停水通知.txt"
    target.write_text(text[:cut], encoding="utf-8")
    first = service.run("2024-05-08T09:00", capsys)
    with target.open("a", encoding="utf-8") as handle:
        handle.write(text[cut:])
    os.utime(target, ns=(target.stat().st_atime_ns, target.stat().st_mtime_ns + 1_000_000))
    second = service.run("2024-05-08T09:01", capsys)
    third = service.run("2024-05-08T09:02", capsys)
    key = str(target)
    for early in (first, second):
        assert early["poll"]["waiting"] == [key]
        assert key not in early["poll"]["ingested"]
        assert key not in [path for path, _ in early["poll"]["failed"]]
    attempted = third["poll"]["ingested"] + [path for path, _ in third["poll"]["failed"]]
    assert attempted == [key]
    fourth = service.run("2024-05-08T09:03", capsys)
    assert fourth["poll"]["ingested"] == [] and fourth["poll"]["waiting"] == []


def test_temp_names_are_never_ingested(service: Service, capsys: pytest.CaptureFixture[str]) -> None:
    text = water_outage_notice(date(2024, 5, 14), ("8:30", "17:00"), date(2024, 5, 8))
    partial = service.inbox / "停水通知.txt.part"
    partial.write_text(text, encoding="utf-8")
    (service.inbox / ".停水通知.txt.swp").write_text(text, encoding="utf-8")
    for minute in range(3):
        result = service.run(f"2024-05-08T09:0{minute}", capsys)
        assert result["poll"]["files"] == 0
    partial.rename(service.inbox / "停水通知.txt")
    assert service.run("2024-05-08T09:05", capsys)["poll"]["waiting"] == [str(service.inbox / "停水通知.txt")]


def test_bad_file_is_logged_once_and_skipped_until_it_changes(
    service: Service, capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    bad = service.inbox / "扫描件.txt"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    caplog.set_level(logging.WARNING, logger="notices.jobs")
    results = [service.run(f"2024-05-08T09:0{n}", capsys) for n in range(5)]
    failures = [r["poll"]["failed"] for r in results]
    assert failures[0] == [] and len(failures[1]) == 1 and failures[2:] == [[], [], []]
    assert "binary" in failures[1][0][1]
    logged = [r for r in caplog.records if r.name == "notices.jobs" and str(bad) in r.getMessage()]
    assert len(logged) == 1
    # The service kept running: a later good file is still picked up.
    bad.write_text(water_outage_notice(date(2024, 5, 14), ("8:30", "17:00"), date(2024, 5, 8)), encoding="utf-8")
    assert service.run("2024-05-08T09:10", capsys)["poll"]["waiting"] == [str(bad)]


def test_feeds_are_written_on_the_first_poll_and_left_alone_after(
    service: Service, capsys: pytest.CaptureFixture[str]
) -> None:
    first = service.run("2024-05-08T09:00", capsys)
    assert str(service.output / "feeds" / "all.ics") in first["poll"]["feeds_written"]
    second = service.run("2024-05-08T09:01", capsys)
    assert second["poll"]["feeds_written"] == []


def test_run_once_takes_now_from_the_clock_at_the_boundary(service: Service) -> None:
    with freeze_time("2024-05-07T23:00:30+00:00"):  # 07:00:30 in Shanghai
        status = cli.main(["run", "--once", "--inbox", str(service.inbox), "--output",
                           str(service.output), "--store", str(service.store)])
    assert status == 0
    assert service.digest_days() == ["2024-05-08"]


# --------------------------------------------------------------------------
# Needs the real extractor (notices.extract.extract_document)


def test_file_dropped_in_the_inbox_appears_in_all_ics_after_it_settles(service: Service) -> None:
    feed = service.output / "feeds" / "all.ics"
    service.run("2024-05-08T09:00")
    assert event_starts(feed) == set()
    (service.inbox / "停水通知.txt").write_text(
        water_outage_notice(date(2024, 5, 14), ("8:30", "17:00"), date(2024, 5, 8)), encoding="utf-8")
    service.run("2024-05-08T09:01")  # first sight: waits for the file to settle
    assert event_starts(feed) == set()
    service.run("2024-05-08T09:02")
    assert at("2024-05-14T08:30") in event_starts(feed)


def test_half_written_file_is_not_ingested_half(service: Service) -> None:
    feed = service.output / "feeds" / "all.ics"
    text = water_outage_notice(date(2024, 5, 14), ("8:30", "17:00"), date(2024, 5, 8))
    # Cut right after the date, before the hours: ingested half, it would be an all-day item.
    cut = text.index("日", text.index("5月14")) + 1
    target = service.inbox / "停水通知.txt"
    target.write_text(text[:cut], encoding="utf-8")
    service.run("2024-05-08T09:00")
    with target.open("a", encoding="utf-8") as handle:
        handle.write(text[cut:])
    os.utime(target, ns=(target.stat().st_atime_ns, target.stat().st_mtime_ns + 1_000_000))
    service.run("2024-05-08T09:01")
    assert event_starts(feed) == set()
    service.run("2024-05-08T09:02")
    starts = event_starts(feed)
    assert at("2024-05-14T08:30") in starts
    assert date(2024, 5, 14) not in starts
