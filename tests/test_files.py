"""Atomic writes: whole files or nothing, and no temp files left behind."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from scheduler.publish import files
from scheduler.publish.files import write_atomic, write_if_changed

DIGEST_TEXT = "## 今日\n- 09:00–11:00 第70期“热线问政” · 热线问政\n".encode("utf-8")


def test_write_atomic_creates_folders_and_writes_bytes(tmp_path: Path) -> None:
    target = tmp_path / "output" / "digests" / "2023-04-26.md"
    write_atomic(target, DIGEST_TEXT)
    assert target.read_bytes() == DIGEST_TEXT
    assert sorted(p.name for p in target.parent.iterdir()) == ["2023-04-26.md"]


def test_write_atomic_replaces_existing_file(tmp_path: Path) -> None:
    target = tmp_path / "all.ics"
    target.write_bytes(b"old calendar")
    write_atomic(target, b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")
    assert target.read_bytes() == b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"
    assert [p.name for p in tmp_path.iterdir()] == ["all.ics"]


def test_failed_rename_keeps_old_file_and_removes_temp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "hotline.ics"
    target.write_bytes(b"old")

    def broken_replace(src: str, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(files.os, "replace", broken_replace)
    with pytest.raises(OSError):
        write_atomic(target, b"new")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["hotline.ics"]


def test_interrupted_write_leaves_no_temp_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "all.ics"

    def interrupted_fsync(fd: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(files.os, "fsync", interrupted_fsync)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(target, b"half")
    assert list(tmp_path.iterdir()) == []


def test_written_data_is_fsynced_before_rename(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    events: list[str] = []
    real_fsync, real_replace = os.fsync, os.replace
    monkeypatch.setattr(files.os, "fsync", lambda fd: (events.append("fsync"), real_fsync(fd))[1])
    monkeypatch.setattr(files.os, "replace", lambda a, b: (events.append("replace"), real_replace(a, b))[1])
    write_atomic(tmp_path / "a.md", DIGEST_TEXT)
    # file data first, then the rename, then the folder
    assert events == ["fsync", "replace", "fsync"]


def test_write_if_changed_skips_identical_bytes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "deadline.ics"
    assert write_if_changed(target, DIGEST_TEXT) is True
    calls: list[object] = []
    monkeypatch.setattr(files, "write_atomic", lambda *a, **k: calls.append(a))
    assert write_if_changed(target, DIGEST_TEXT) is False
    assert calls == []
    assert write_if_changed(target, DIGEST_TEXT + b"x") is True
    assert len(calls) == 1
