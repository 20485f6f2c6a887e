"""Feed events are happenings: identity through the whole build.

Two outages at the same hour in two places are two calendar events (in two
files and as two rows of one file); the same happening reported by two
articles is one event with both sources; a postponement keeps the event and
raises its SEQUENCE.  Runs the real extractor through `notices build`.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from icalendar import Calendar

from scheduler import cli


def _write(folder: Path, name: str, published: str, body: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(f"---\npublished: {published}\n---\n{body}\n", encoding="utf-8")


def _events(root: Path, feed: str = "all.ics") -> list:
    data = (root / "output" / "feeds" / feed).read_bytes()
    return [c for c in Calendar.from_ical(data).walk("VEVENT")]


def _build(root: Path, capsys: pytest.CaptureFixture[str], as_of: str = "2024-05-06") -> None:
    status = cli.main(["build", "inbox", "--as-of", as_of])
    capsys.readouterr()
    assert status == 0


@pytest.fixture
def root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_two_outages_at_one_hour_in_two_files_are_two_events(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _write(root / "inbox", "a.txt", "2024-05-06", "自来水公司通知：5月10日8时至18时在东湖街道停水，请居民提前储水。")
    _write(root / "inbox", "b.txt", "2024-05-06", "自来水公司通知：5月10日8时至18时在西山街道停水，请居民提前储水。")
    _build(root, capsys)
    events = _events(root, "outage.ics")
    assert len(events) == 2
    assert {str(e["LOCATION"]) for e in events} == {"东湖街道", "西山街道"}


def test_two_outage_rows_of_one_notice_are_two_events(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    body = (
        "停电通知\n"
        "因线路检修，我公司将对以下区域停电：\n"
        "1.5月11日8:00-17:00在东湖街道停电。\n"
        "2.5月11日8:00-17:00在西山街道停电。\n"
    )
    _write(root / "inbox", "rows.txt", "2024-05-06", body)
    _build(root, capsys)
    assert len(_events(root, "outage.ics")) == 2


def test_the_same_hearing_in_two_articles_is_one_event(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _write(root / "inbox", "a.txt", "2024-05-06", "本报讯 市发改委将于5月20日上午9时在市民中心召开水价调整听证会。")
    _write(root / "inbox", "b.txt", "2024-05-07", "市发改委定于5月20日上午9时在市民中心召开水价调整听证会，欢迎市民旁听。")
    _build(root, capsys)
    events = _events(root, "hearing.ics")
    assert len(events) == 1


def test_a_postponed_happening_moves_and_raises_its_sequence(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _write(root / "inbox", "a.txt", "2024-05-06", "全民健身运动会将于5月12日在体育中心举行，欢迎市民参加。")
    _build(root, capsys)
    (before,) = _events(root, "activity.ics")
    _write(root / "inbox", "b.txt", "2024-05-08", "原定于5月12日在体育中心举行的全民健身运动会延期至5月19日举行。")
    (root / "inbox" / "a.txt").unlink()
    _build(root, capsys, "2024-05-08")
    (after,) = _events(root, "activity.ics")
    assert str(after["UID"]) == str(before["UID"])
    assert after.decoded("DTSTART").isoformat() == "2024-05-19"
    assert int(after["SEQUENCE"]) > int(before["SEQUENCE"])
    assert "5月19日" in str(after["DESCRIPTION"])


def test_a_cancelled_show_stays_in_the_feed_marked_cancelled(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _write(root / "inbox", "a.txt", "2024-05-06", "受天气影响，原定5月11日晚在市民广场举办的露天音乐会取消。")
    _build(root, capsys)
    (event,) = _events(root, "activity.ics")
    assert str(event["STATUS"]) == "CANCELLED"


def test_a_repeating_session_is_one_event_with_an_rrule_that_stays_in_the_feed(
    root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _write(root / "inbox", "a.txt", "2024-05-06", "自5月13日起，区长每周四下午3:00-5:00在区便民服务中心开展接访活动。")
    _build(root, capsys, as_of="2024-09-02")  # months after the first Thursday
    (event,) = _events(root, "hotline.ics")
    assert event["RRULE"].to_ical() == b"FREQ=WEEKLY;BYDAY=TH"
    assert event.decoded("DTSTART").isoformat() == "2024-05-16T15:00:00+08:00"
    assert event.decoded("DTEND").isoformat() == "2024-05-16T17:00:00+08:00"
    assert "每周四重复" in str(event["DESCRIPTION"]).splitlines()
    digest = (root / "output" / "digests" / "2024-09-02.md").read_text(encoding="utf-8")
    line = next(ln for ln in digest.splitlines() if "接访活动" in ln)
    assert "9月5日" in line and "每周四重复" in line  # months later: its next Thursday in the week ahead


def test_the_digest_says_a_notice_repeats(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _write(root / "inbox", "a.txt", "2024-05-06", "自5月13日起，区长每周四下午3:00-5:00在区便民服务中心开展接访活动。")
    _build(root, capsys, as_of="2024-05-13")
    digest = (root / "output" / "digests" / "2024-05-13.md").read_text(encoding="utf-8")
    line = next(ln for ln in digest.splitlines() if "接访活动" in ln)
    assert "5月16日" in line and "每周四重复" in line
