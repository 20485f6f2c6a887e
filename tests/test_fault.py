"""Faults: SIGKILL in the middle of feed writes, and a full or failing disk."""

from __future__ import annotations

import errno
import json
import os
import random
import signal
import subprocess
import time
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from scheduler.config import Settings
from scheduler.service.http import make_app
from scheduler.service.jobs import run_tick
from scheduler.service.serve import open_runtime
from tests.service_support import (
    cli_env,
    event_starts,
    feed_events,
    free_port,
    notices_command,
    run_cli,
    temp_files,
    wait_until,
    water_outage_notice,
)
from tests.test_http import call

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=SHANGHAI)


def all_feeds_parse(output: Path) -> list[Path]:
    feeds = sorted((output / "feeds").glob("*.ics"))
    for feed in feeds:
        feed_events(feed)  # raises on a torn or empty file
        assert feed.read_bytes().rstrip().endswith(b"END:VCALENDAR"), feed
    return feeds


# --------------------------------------------------------------------------
# kill -9 while feeds are being rewritten


def test_sigkill_during_repeated_feed_writes_leaves_whole_feeds(tmp_path: Path) -> None:
    inbox, output, store = tmp_path / "inbox", tmp_path / "output", tmp_path / "state" / "n.sqlite3"
    inbox.mkdir()
    chance = random.Random(20240508)
    article = 0
    for cycle in range(4):
        port = free_port()
        process = subprocess.Popen(
            notices_command("serve", "--inbox", str(inbox), "--output", str(output), "--store",
                            str(store), "--port", str(port), "--poll-seconds", "1"),
            env=cli_env(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
        )
        try:
            # Restart after kill -9 works: the lock died with the previous process.
            assert wait_until(lambda: (output / "feeds" / "all.ics").exists(), 60), "no start"
            # Keep new articles coming so the feeds are rewritten over and over.
            deadline = time.monotonic() + chance.uniform(1.5, 4.0)
            while time.monotonic() < deadline and process.poll() is None:
                article += 1
                day = date(2035, 1, 1) + timedelta(days=article)
                (inbox / f"停水通知_{article:03d}.txt").write_text(
                    water_outage_notice(day, ("8:30", "17:00"), date(2034, 12, 30)), encoding="utf-8")
                time.sleep(0.3)
            assert process.poll() is None, process.communicate()[1]
            process.send_signal(signal.SIGKILL)
            process.wait(timeout=30)
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()
        # Right after the kill, every feed a subscriber could fetch is whole.
        all_feeds_parse(output)

    # A kill between creating the temp file and renaming it leaves one like this:
    stray = output / "feeds" / ".all.ics.k2j4x9.tmp"
    stray.write_bytes(b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
    result = run_cli("run", "--once", "--inbox", str(inbox), "--output", str(output),
                     "--store", str(store))
    assert result.returncode == 0, result.stderr
    assert temp_files(output) == []
    feeds = all_feeds_parse(output)
    assert output / "feeds" / "all.ics" in feeds
    # Nothing was lost: once every file has settled, each article is one event
    # (needs the real extractor).
    result = run_cli("run", "--once", "--inbox", str(inbox), "--output", str(output),
                     "--store", str(store))
    assert result.returncode == 0, result.stderr
    starts = event_starts(output / "feeds" / "all.ics")
    assert {start.year for start in starts} == {2035}
    assert len(starts) == article


# --------------------------------------------------------------------------
# A disk that refuses writes: old feeds stay, /healthz degraded, recovery by itself


@pytest.fixture()
def failing_disk(monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, bool]]:
    """Make fsync of output files fail with ENOSPC while ``switch["full"]`` is True."""
    switch = {"full": False}
    real_fsync = os.fsync

    def fsync(fd: int) -> None:
        if switch["full"]:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    yield switch


def snapshot(output: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((output / "feeds").glob("*.ics"))}


def test_full_disk_keeps_old_feeds_reports_degraded_and_recovers(
    tmp_path: Path, failing_disk: dict[str, bool]
) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    settings = Settings(inbox=(inbox,), output=tmp_path / "output", store=tmp_path / "n.sqlite3")
    with open_runtime(settings) as runtime:
        app = make_app(settings.output, runtime.health)
        run_tick(runtime, at("2024-05-08T06:00"))
        before = snapshot(settings.output)
        assert before and call(app, "/healthz").status == 200

        (inbox / "停水通知.txt").write_text(
            water_outage_notice(date(2024, 5, 14), ("8:30", "17:00"), date(2024, 5, 8)), encoding="utf-8")
        run_tick(runtime, at("2024-05-08T06:01"))
        failing_disk["full"] = True
        full = run_tick(runtime, at("2024-05-08T06:02"))
        assert full.poll.ingested  # the store took the article…
        assert snapshot(settings.output) == before  # …but the old feeds are intact
        assert temp_files(settings.output) == []
        health = call(app, "/healthz")
        assert health.status == 503
        report = json.loads(health.body)
        assert report["degraded"] and "No space left" in report["problems"]["feeds"]

        # The digest slot passes while the disk is still full: not written, still due.
        run_tick(runtime, at("2024-05-08T07:00"))
        assert not (settings.output / "digests" / "2024-05-08.md").exists()
        assert "digest" in runtime.health()["problems"]

        failing_disk["full"] = False  # space is back; nobody restarts anything
        run_tick(runtime, at("2024-05-08T07:30"))
        assert call(app, "/healthz").status == 200
        assert runtime.health()["problems"] == {}
        assert (settings.output / "digests" / "2024-05-08.md").exists()
        assert snapshot(settings.output) != before  # needs the real extractor
        assert at("2024-05-14T08:30") in event_starts(settings.output / "feeds" / "all.ics")


def test_run_once_exits_1_and_status_shows_degraded_while_the_disk_is_full(
    tmp_path: Path, failing_disk: dict[str, bool], capsys: pytest.CaptureFixture[str]
) -> None:
    from scheduler import cli

    args = ["--inbox", str(tmp_path), "--output", str(tmp_path / "out"), "--store", str(tmp_path / "s" / "n.sqlite3")]
    failing_disk["full"] = True
    assert cli.main(["run", "--once", "--now", "2024-05-08T06:00", *args]) == 1
    assert not (tmp_path / "out" / "feeds" / "all.ics").exists()
    capsys.readouterr()
    assert cli.main(["status", "--json", *args]) == 0
    status = json.loads(capsys.readouterr().out)
    assert status["degraded"] is True and "feeds" in status["problems"]
    failing_disk["full"] = False
    assert cli.main(["run", "--once", "--now", "2024-05-08T06:01", *args]) == 0
    capsys.readouterr()
    cli.main(["status", "--json", *args])
    assert json.loads(capsys.readouterr().out)["degraded"] is False


@pytest.fixture()
def tiny_disk(tmp_path: Path) -> Iterator[Path]:
    """A real 512 KiB tmpfs (needs root and mount rights; skipped otherwise)."""
    mount_point = tmp_path / "tiny"
    mount_point.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=512k", "tmpfs", str(mount_point)],
                          capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs to fill up: {done.stderr.strip() or 'not permitted'}")
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", "-l", str(mount_point)], check=False)


def test_really_full_file_system_keeps_old_feeds_and_recovers(tmp_path: Path, tiny_disk: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    output = tiny_disk / "output"
    settings = Settings(inbox=(inbox,), output=output, store=tmp_path / "n.sqlite3")
    with open_runtime(settings) as runtime:
        run_tick(runtime, at("2024-05-08T06:00"))
        before = snapshot(output)
        filler = tiny_disk / "filler"
        with filler.open("wb", buffering=0) as handle:
            try:
                while True:
                    handle.write(b"\0" * 4096)
            except OSError as exc:
                assert exc.errno == errno.ENOSPC
        (inbox / "停水通知.txt").write_text(
            water_outage_notice(date(2024, 5, 14), ("8:30", "17:00"), date(2024, 5, 8)), encoding="utf-8")
        run_tick(runtime, at("2024-05-08T06:01"))
        run_tick(runtime, at("2024-05-08T06:02"))
        assert snapshot(output) == before
        assert temp_files(output) == []
        assert runtime.health()["degraded"]
        filler.unlink()
        run_tick(runtime, at("2024-05-08T06:03"))
        assert not runtime.health()["degraded"]
        assert at("2024-05-14T08:30") in event_starts(output / "feeds" / "all.ics")
