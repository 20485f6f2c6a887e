"""Issue 11, row 5: a clock that goes backwards (or leaps a year) no longer rewrites history."""

from __future__ import annotations

import logging
from datetime import date, timedelta
from pathlib import Path

import pytest

from tests.fault_support import Svc, at, many_outages
from tests.service_support import event_starts, feed_events, water_outage_notice


@pytest.fixture()
def svc(tmp_path: Path) -> Svc:
    service = Svc(tmp_path)
    service.inbox.mkdir()
    return service


def digests(svc: Svc) -> list[str]:
    return sorted(p.stem for p in (svc.output / "digests").glob("*.md"))


def test_a_now_before_the_last_poll_writes_no_past_digest_and_no_second_catch_up(
    svc: Svc, capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    svc.run("2024-05-06T07:00", capsys=capsys)
    svc.run("2024-05-08T10:00", capsys=capsys)  # a catch-up digest for 5月8日
    assert digests(svc) == ["2024-05-06", "2024-05-08"]
    written = {p.name: p.stat().st_mtime_ns for p in (svc.output / "digests").iterdir()}
    caplog.set_level(logging.WARNING)
    # Back to 5月7日 07:00: that slot was never written, and it must not be now.
    result = svc.run("2024-05-07T07:00", capsys=capsys, expect=1)
    assert result["digest"] is None and "clock went back" in result["problems"]["clock"]
    assert result["poll"]["at"].startswith("2024-05-08T10:00")  # acted as of the last poll
    # And an hour "later" on the stepped-back clock: still no second catch-up of 5月8日.
    assert svc.run("2024-05-07T08:00", capsys=capsys, expect=1)["digest"] is None
    assert digests(svc) == ["2024-05-06", "2024-05-08"]
    assert {p.name: p.stat().st_mtime_ns for p in (svc.output / "digests").iterdir()} == written
    went_back = [r for r in caplog.records if "clock went back" in r.getMessage()]
    assert len(went_back) == 1  # logged once while the clock stays behind
    # Once the clock passes the last poll, the schedule resumes.
    resumed = svc.run("2024-05-09T07:00", capsys=capsys)
    assert resumed["digest"]["day"] == "2024-05-09" and resumed["problems"] == {}


def test_a_stepped_back_clock_never_moves_stored_times_back(
    svc: Svc, capsys: pytest.CaptureFixture[str]
) -> None:
    (svc.inbox / "停水通知.txt").write_text(
        water_outage_notice(date(2024, 5, 20), ("8:30", "17:00"), date(2024, 5, 8)), encoding="utf-8")
    svc.run("2024-05-08T09:00", capsys=capsys)
    svc.run("2024-05-08T09:01", capsys=capsys)
    later = svc.run("2024-05-01T09:00", capsys=capsys, expect=1)  # a week back
    assert later["poll"]["at"].startswith("2024-05-08T09:01")
    assert at("2024-05-20T08:30") in event_starts(svc.feed())


def test_a_year_ahead_is_logged_and_cannot_empty_the_feeds(
    svc: Svc, capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    many_outages(svc.inbox, 12, published=date(2035, 1, 1))
    svc.run("2035-01-01T09:00", capsys=capsys)
    svc.run("2035-01-01T09:01", capsys=capsys)
    before = svc.feed().read_bytes()
    assert len(feed_events(svc.feed())) == 12
    caplog.set_level(logging.WARNING)
    ahead = svc.run("2036-01-01T09:00", capsys=capsys, expect=1)  # past events would age out
    assert any("jumped 365 days ahead" in r.getMessage() for r in caplog.records)
    assert "publish" in ahead["problems"]
    assert svc.feed().read_bytes() == before
    # The operator undoes the mistake: back to the real time, accepted with --reset-clock.
    back = svc.run("2035-01-01T09:05", "--reset-clock", capsys=capsys)
    assert back["problems"] == {} and back["poll"]["at"].startswith("2035-01-01T09:05")
    assert svc.feed().read_bytes() == before


def test_read_clock_in_numbers() -> None:
    from scheduler.service.timeline import read_clock

    mark = at("2024-05-08T07:00")
    assert read_clock(mark + timedelta(minutes=1), mark, 60).backwards is None
    small = read_clock(mark - timedelta(seconds=1), mark, 60)
    assert small.now == mark and small.backwards is None and not small.skip_digest
    back = read_clock(mark - timedelta(days=2), mark, 60)
    assert back.now == mark and back.backwards == timedelta(days=2) and back.skip_digest
    downtime = read_clock(mark + timedelta(hours=20), mark, 60)
    assert downtime.jump is None and downtime.now == mark + timedelta(hours=20)
    leap = read_clock(mark + timedelta(days=365), mark, 60)
    assert leap.jump == timedelta(days=365) and leap.mark == leap.now
