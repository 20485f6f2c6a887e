"""Issue 11, row 9: signal instead of noise — one line per problem, repeats rate-limited."""

from __future__ import annotations

import logging
import os
import sqlite3
import time
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from scheduler.config import Settings
from scheduler.service import serve as service
from scheduler.service.jobs import run_tick
from scheduler.service.serve import build_scheduler, configure_logging, open_runtime
from scheduler.store.service_state import ServiceState
from tests.fault_support import SHANGHAI, Svc, at
from tests.service_support import wait_until


@pytest.fixture()
def svc(tmp_path: Path) -> Svc:
    service_dirs = Svc(tmp_path)
    service_dirs.inbox.mkdir()
    return service_dirs


def mentioning(caplog: pytest.LogCaptureFixture, text: str) -> list[logging.LogRecord]:
    return [r for r in caplog.records if text in r.getMessage()]


def test_a_bad_file_is_logged_once_not_twice(
    svc: Svc, capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    bad = svc.inbox / "扫描件.txt"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    caplog.set_level(logging.DEBUG, logger="notices")
    caplog.set_level(logging.INFO)
    for minute in range(4):
        svc.run(f"2035-01-01T09:0{minute}", capsys=capsys)
    lines = [r for r in mentioning(caplog, str(bad)) if r.levelno >= logging.INFO]
    assert len(lines) == 1 and "binary" in lines[0].getMessage()


def test_a_symlink_loop_is_logged_once_over_many_polls(
    svc: Svc, capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    (svc.inbox / "环").symlink_to(svc.inbox / "环")
    caplog.set_level(logging.INFO)
    for minute in range(6):
        svc.run(f"2035-01-01T09:0{minute}", capsys=capsys)
    lines = mentioning(caplog, "环")
    assert len(lines) == 1, [r.getMessage() for r in lines]


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads folders whatever their mode")
def test_an_unreadable_folder_is_logged_once(
    svc: Svc, capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    closed = svc.inbox / "封存"
    closed.mkdir()
    closed.chmod(0)
    try:
        caplog.set_level(logging.INFO)
        for minute in range(4):
            svc.run(f"2035-01-01T09:0{minute}", capsys=capsys)
        assert len(mentioning(caplog, "封存")) == 1
    finally:
        closed.chmod(0o755)


def test_a_full_store_disk_is_one_line_not_a_traceback_per_poll(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    settings = Settings(inbox=(inbox,), output=tmp_path / "output", store=tmp_path / "n.sqlite3")
    with open_runtime(settings) as runtime:
        run_tick(runtime, at("2035-01-01T09:00"))

        def full(self: ServiceState, record: object) -> None:
            raise sqlite3.OperationalError("database or disk is full")

        monkeypatch.setattr(ServiceState, "put_file", full)
        caplog.set_level(logging.INFO)
        for minute in range(1, 6):
            (inbox / f"停水{minute}.txt").write_text("市自来水公司定于2035年1月9日停水。", encoding="utf-8")
            result = run_tick(runtime, at(f"2035-01-01T09:0{minute}"))  # raises nothing
            assert result.poll.error and "disk is full" in result.poll.error
        assert "disk is full" in runtime.health()["problems"]["store"]
        lines = mentioning(caplog, "disk is full")
        assert len(lines) == 1 and lines[0].levelno == logging.ERROR
        assert not [r for r in caplog.records if r.exc_info]
        monkeypatch.undo()
        run_tick(runtime, at("2035-01-01T09:10"))
        assert "store" not in runtime.health()["problems"]


def test_a_long_run_is_noted_once_instead_of_a_skip_warning_per_interval(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    configure_logging()
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    settings = Settings(inbox=(inbox,), output=tmp_path / "output", store=tmp_path / "n.sqlite3",
                        poll_seconds=1)
    calls: list[datetime] = []

    def slow_tick(runtime: object, now: datetime) -> None:
        calls.append(now)
        if len(calls) == 1:
            time.sleep(3.2)  # three intervals

    monkeypatch.setattr(service, "run_tick", slow_tick)
    caplog.set_level(logging.INFO)
    with open_runtime(settings, monotonic=time.monotonic) as runtime:
        scheduler = build_scheduler(runtime, datetime.now(SHANGHAI))
        scheduler.start()
        try:
            assert wait_until(lambda: len(calls) >= 2, 30)
        finally:
            scheduler.shutdown(wait=True)
    assert not mentioning(caplog, "maximum number of running instances")
    assert len(mentioning(caplog, "the previous run is still going")) == 1
    assert len(mentioning(caplog, "the long run is over")) == 1


def test_due_reports_repeat_a_standing_problem_once_a_day() -> None:
    from scheduler.service.noise import REPEAT_AFTER, Remembered, due_reports

    now = datetime(2035, 1, 1, 9, 0, tzinfo=SHANGHAI)
    current = {"inbox/环": "Too many levels of symbolic links"}
    logged, memory = due_reports({}, current, now)
    assert logged == current
    again, memory2 = due_reports(memory, current, now + timedelta(hours=23))
    assert again == {} and memory2 == memory
    later, _ = due_reports(memory, current, now + REPEAT_AFTER)
    assert later == current
    changed, _ = due_reports(memory, {"inbox/环": "Permission denied"}, now + timedelta(minutes=1))
    assert changed == {"inbox/环": "Permission denied"}
    gone, forgotten = due_reports(memory, {}, now + timedelta(minutes=1))
    assert gone == {} and forgotten == {}
    assert isinstance(memory["inbox/环"], Remembered)
