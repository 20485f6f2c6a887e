"""Issue 11, rows 1, 2, 4 and part of 10: hostile inbox files cannot stop, fool or leak through the service.

Each test drives the service the way a timer does (``notices run --once --now``)
or runs ``notices serve`` as a subprocess on 127.0.0.1; limits are set small
by the test so that nothing takes long.
"""

from __future__ import annotations

import http.client
import json
import logging
import os
import signal
import subprocess
import time
from datetime import date
from pathlib import Path

import pytest

from scheduler.store.store import Store
from tests.fault_support import (
    CRASH_TARGET,
    HANG_TARGET,
    Svc,
    at,
    entry_with_target,
    outage_page,
)
from tests.service_support import (
    cli_env,
    event_starts,
    free_port,
    run_cli,
    wait_until,
    water_outage_notice,
)


@pytest.fixture()
def svc(tmp_path: Path) -> Svc:
    service = Svc(tmp_path)
    service.inbox.mkdir()
    return service


def failed_of(result: dict) -> dict[str, str]:
    return {path: reason for path, reason in result["poll"]["failed"]}


# --------------------------------------------------------------------------
# Row 1: one large file used to stop the service for good


def test_a_file_over_the_size_limit_gets_one_clear_line_and_is_not_read(
    svc: Svc, capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    svc.configure(max_file_bytes=100_000)
    page = svc.inbox / "大文件.txt"
    page.write_text(outage_page(1150), encoding="utf-8")  # about 200 KB
    assert page.stat().st_size > 150_000
    caplog.set_level(logging.INFO)
    svc.run("2035-01-01T09:00", capsys=capsys)
    second = svc.run("2035-01-01T09:01", capsys=capsys)
    reason = failed_of(second)[str(page)]
    assert reason.startswith("too large: ") and "limit 100.0 KB, max_file_bytes" in reason
    third = svc.run("2035-01-01T09:02", capsys=capsys)
    assert third["poll"]["failed"] == [] and third["poll"]["ingested"] == []
    lines = [r for r in caplog.records if str(page) in r.getMessage()]
    assert len(lines) == 1 and "too large" in lines[0].getMessage()


def test_extraction_past_the_time_limit_is_killed_and_quarantined_until_the_file_changes(
    svc: Svc, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("scheduler.service.sandbox.DEFAULT_TARGET", HANG_TARGET)  # an extractor that never returns
    svc.configure(extract_timeout_seconds=0.5)
    page = svc.inbox / "慢文件.txt"
    page.write_text(outage_page(1150), encoding="utf-8")  # about 200 KB
    svc.run("2035-01-01T09:00", capsys=capsys)
    started = time.monotonic()
    second = svc.run("2035-01-01T09:01", capsys=capsys)
    assert time.monotonic() - started < 15  # killed after 0.5 s, not waited for
    reason = failed_of(second)[str(page)]
    assert "took longer than 0.5 s (extract_timeout_seconds)" in reason and "quarantined" in reason
    # Quarantined: later polls (and restarts: every run --once is one) do not touch it.
    started = time.monotonic()
    for minute in (2, 3, 4):
        later = svc.run(f"2035-01-01T09:0{minute}", capsys=capsys)
        assert later["poll"]["failed"] == [] and later["poll"]["ingested"] == []
    assert time.monotonic() - started < 15
    # A changed file is tried again.
    page.write_text(outage_page(1151), encoding="utf-8")
    assert svc.run("2035-01-01T09:05", capsys=capsys)["poll"]["waiting"] == [str(page)]


def test_the_real_extractor_on_a_large_page_is_stopped_by_a_tight_limit(
    svc: Svc, capsys: pytest.CaptureFixture[str]
) -> None:
    svc.configure(extract_timeout_seconds=0.05, max_file_bytes=20_000_000)
    page = svc.inbox / "整版.txt"
    page.write_text(outage_page(6000), encoding="utf-8")  # about 1 MB
    svc.run("2035-01-01T09:00", capsys=capsys)
    second = svc.run("2035-01-01T09:01", capsys=capsys)
    assert "took longer than 0.05 s" in failed_of(second)[str(page)]
    # A small file right after it gets a fresh worker and goes through.
    (svc.inbox / "停水通知.txt").write_text(
        water_outage_notice(date(2035, 1, 9), ("8:30", "17:00"), date(2035, 1, 1)), encoding="utf-8")
    svc.configure(extract_timeout_seconds=30, max_file_bytes=20_000_000)
    svc.run("2035-01-01T09:02", capsys=capsys)
    svc.run("2035-01-01T09:03", capsys=capsys)
    assert at("2035-01-09T08:30") in event_starts(svc.feed())


def test_a_worker_that_dies_marks_the_file_failed_and_the_service_goes_on(
    svc: Svc, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("scheduler.service.sandbox.DEFAULT_TARGET", CRASH_TARGET)
    page = svc.inbox / "崩溃.txt"
    page.write_text(outage_page(3), encoding="utf-8")
    svc.run("2035-01-01T09:00", capsys=capsys)
    second = svc.run("2035-01-01T09:01", capsys=capsys)
    assert "the extraction worker died (killed by SIGKILL)" in failed_of(second)[str(page)]


def test_sigterm_stops_serve_within_seconds_while_a_file_is_being_extracted(tmp_path: Path) -> None:
    inbox, output, store = tmp_path / "inbox", tmp_path / "output", tmp_path / "state" / "n.sqlite3"
    inbox.mkdir()
    (tmp_path / "notices.toml").write_text("extract_timeout_seconds = 600\n", encoding="utf-8")
    port = free_port()
    args = ["serve", "--config", str(tmp_path / "notices.toml"), "--inbox", str(inbox), "--output",
            str(output), "--store", str(store), "--port", str(port), "--poll-seconds", "1"]
    process = subprocess.Popen(entry_with_target(HANG_TARGET, *args), env=cli_env(),
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)

    def health() -> dict:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        try:
            conn.request("GET", "/healthz")
            return dict(json.loads(conn.getresponse().read()))
        except OSError:
            return {}
        finally:
            conn.close()

    try:
        assert wait_until(lambda: health().get("last_poll") is not None, 60), "no start"
        (inbox / "整版.txt").write_text(outage_page(300), encoding="utf-8")
        # The poll is now inside the extraction, which would take 600 s.
        assert wait_until(lambda: (health().get("running_since_seconds") or 0) > 1.5, 30)
        started = time.monotonic()
        process.send_signal(signal.SIGTERM)
        _, err = process.communicate(timeout=30)
        assert time.monotonic() - started < 6, err
        assert process.returncode == 0, err
        assert "Traceback" not in err
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


# --------------------------------------------------------------------------
# Row 2: a symlink in the inbox leaked a file from outside into all.ics


SECRET = "绝密：定于2035年2月3日9:00召开内部预算会议，地点为市政府三楼会议室。"


def test_links_leading_out_of_the_inbox_are_never_followed(
    svc: Svc, tmp_path: Path, capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    secrets = tmp_path / "elsewhere"
    secrets.mkdir()
    (secrets / "预算.txt").write_text(f"---\npublished: 2035-01-01\n---\n{SECRET}\n", encoding="utf-8")
    (svc.inbox / "链接.txt").symlink_to(secrets / "预算.txt")
    (svc.inbox / "目录链接").symlink_to(secrets, target_is_directory=True)
    (svc.inbox / "停水通知.txt").write_text(
        water_outage_notice(date(2035, 1, 9), ("8:30", "17:00"), date(2035, 1, 1)), encoding="utf-8")
    (svc.inbox / "内部链接.txt").symlink_to(svc.inbox / "停水通知.txt")  # inside: harmless
    caplog.set_level(logging.WARNING)
    for minute in range(4):
        svc.run(f"2035-01-01T09:0{minute}", capsys=capsys)
    feed = svc.feed().read_bytes().decode("utf-8")
    assert "预算" not in feed and "会议" not in feed
    assert at("2035-02-03T09:00") not in event_starts(svc.feed())
    assert at("2035-01-09T08:30") in event_starts(svc.feed())
    outward = [r.getMessage() for r in caplog.records if "leads outside the inbox" in r.getMessage()]
    assert len(outward) == 2  # the file link and the folder link, once each over four polls


def test_a_file_swapped_for_an_outward_link_after_the_scan_is_refused(tmp_path: Path) -> None:
    from scheduler.inputs.confine import admission_problem

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (tmp_path / "secret.txt").write_text(SECRET, encoding="utf-8")
    (inbox / "a.txt").symlink_to(tmp_path / "secret.txt")
    assert admission_problem(inbox / "a.txt", [inbox], 5_000_000) == \
        "leads outside the inbox (symbolic link); not read"
    os.mkfifo(inbox / "管道")
    assert "named pipe" in str(admission_problem(inbox / "管道", [inbox], 5_000_000))


# --------------------------------------------------------------------------
# Row 4: an undated article was rejected with a traceback


def test_an_undated_article_falls_back_to_its_arrival_time(
    svc: Svc, capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    (svc.inbox / "无日期.txt").write_text(
        "关于召开防汛工作会议的通知\n\n各有关单位：市防汛指挥部定于下周三上午9点在市政府三楼会议室召开防汛工作会议，"
        "请各单位主要负责人准时参加。\n", encoding="utf-8")
    caplog.set_level(logging.INFO)
    svc.run("2035-01-01T09:00", capsys=capsys)  # 2035-01-01 is a Monday
    second = svc.run("2035-01-01T09:01", capsys=capsys)
    assert second["poll"]["failed"] == []
    assert second["poll"]["ingested"] == [str(svc.inbox / "无日期.txt")]
    assert not [r for r in caplog.records if r.exc_info]  # no traceback
    with Store.open(svc.store) as store:
        (notice,) = store.stored_notices()
        (source,) = notice.sources
    assert source.published_basis == "received"
    assert source.published == at("2035-01-01T09:01")
    assert at("2035-01-10T09:00") in event_starts(svc.feed())


# --------------------------------------------------------------------------
# Row 10: FIFOs were skipped without a word; removed files stayed published for ever


def test_a_fifo_in_the_inbox_is_reported_once_and_never_opened(
    svc: Svc, capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    os.mkfifo(svc.inbox / "管道.txt")
    caplog.set_level(logging.WARNING)
    for minute in range(4):
        result = svc.run(f"2035-01-01T09:0{minute}", capsys=capsys)
        assert result["poll"]["files"] == 0
    lines = [r.getMessage() for r in caplog.records if "管道.txt" in r.getMessage()]
    assert len(lines) == 1 and "named pipe (FIFO)" in lines[0]


def test_a_removed_file_withdraws_its_notices_after_the_grace_period(
    svc: Svc, capsys: pytest.CaptureFixture[str]
) -> None:
    notice = svc.inbox / "停水通知.txt"
    notice.write_text(water_outage_notice(date(2035, 1, 20), ("8:30", "17:00"), date(2035, 1, 1)),
                      encoding="utf-8")
    svc.run("2035-01-01T09:00", capsys=capsys)
    svc.run("2035-01-01T09:01", capsys=capsys)
    assert at("2035-01-20T08:30") in event_starts(svc.feed())
    notice.unlink()
    svc.run("2035-01-01T10:00", capsys=capsys)
    svc.run("2035-01-02T08:59", capsys=capsys)  # 23 h later: still within the grace period
    assert at("2035-01-20T08:30") in event_starts(svc.feed())
    svc.run("2035-01-02T10:01", capsys=capsys)  # past one day
    assert at("2035-01-20T08:30") not in event_starts(svc.feed())
    with Store.open(svc.store) as store:
        assert store.stored_notices() == []


def test_a_file_back_within_the_grace_period_keeps_its_notices(
    svc: Svc, capsys: pytest.CaptureFixture[str]
) -> None:
    notice = svc.inbox / "停水通知.txt"
    text = water_outage_notice(date(2035, 1, 20), ("8:30", "17:00"), date(2035, 1, 1))
    notice.write_text(text, encoding="utf-8")
    svc.run("2035-01-01T09:00", capsys=capsys)
    svc.run("2035-01-01T09:01", capsys=capsys)
    moved = svc.root / "暂存.txt"
    notice.rename(moved)
    svc.run("2035-01-01T12:00", capsys=capsys)
    moved.rename(notice)
    for day in ("2035-01-02T13:00", "2035-01-03T13:00", "2035-01-04T13:00"):
        svc.run(day, capsys=capsys)
    assert at("2035-01-20T08:30") in event_starts(svc.feed())


def test_an_unreadable_inbox_withdraws_nothing(svc: Svc, capsys: pytest.CaptureFixture[str]) -> None:
    (svc.inbox / "停水通知.txt").write_text(
        water_outage_notice(date(2035, 1, 20), ("8:30", "17:00"), date(2035, 1, 1)), encoding="utf-8")
    svc.run("2035-01-01T09:00", capsys=capsys)
    svc.run("2035-01-01T09:01", capsys=capsys)
    svc.inbox.rename(svc.root / "unmounted")  # the share went away
    svc.run("2035-01-02T09:00", capsys=capsys)
    svc.run("2035-01-05T09:00", capsys=capsys)
    assert at("2035-01-20T08:30") in event_starts(svc.feed())


def test_status_lists_the_quarantined_file(svc: Svc, capsys: pytest.CaptureFixture[str]) -> None:
    svc.configure(max_file_bytes=1000)
    (svc.inbox / "大文件.txt").write_text(outage_page(20), encoding="utf-8")
    svc.run("2035-01-01T09:00", capsys=capsys)
    svc.run("2035-01-01T09:01", capsys=capsys)
    done = run_cli("status", "--json", *svc.args())
    assert done.returncode == 0, done.stderr
    status = json.loads(done.stdout)
    assert [item["path"] for item in status["failed_files"]] == [str(svc.inbox / "大文件.txt")]
    assert status["failed_files"][0]["reason"].startswith("too large")

