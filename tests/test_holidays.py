"""Working days past the years chinesecalendar knows: counted Monday to Friday and flagged, or
counted from the operator's holidays.toml; shown in feeds and digests, warned about once.

The 2027 arrangement used here is invented for the tests (元旦 1月1日至3日 off, nothing else);
it is not the State Council's notice.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import pytest
from icalendar import Event

from notices.calendar_cn import known_years
from notices.extract import extract_document
from notices.model import SHANGHAI
from scheduler import cli
from scheduler import holidays
from scheduler.cli import cmd_extract
from scheduler.config import ConfigError, Settings, load_settings
from scheduler.publish.digest import build_digest, deadline_horizon, render_markdown, working_days_between
from scheduler.publish.ics import FeedOptions, render_event
from scheduler.publish.ics_text import event_description
from scheduler.service.sandbox import ExtractRequest, Sandbox
from scheduler.store.store import DigestWindow, StoredNotice

PUBLISHED = datetime(2026, 12, 28, 9, 0, tzinfo=SHANGHAI)  # a Monday, late in the last known year
HOTLINE = (
    "市12345政务服务便民热线12月28日转办群众诉求86件，涉及供暖、物业、交通出行等方面。"
    "市政府办公室要求，承办单位须在5个工作日内办结，并将办理结果及时反馈来电群众。\n"
)
INVENTED_2027 = """\
# invented for the tests: not an official arrangement
[year.2027]
notice = "2026-11-10"
url = "https://www.gov.cn/test-only.html"
rest = ["2027-01-01..2027-01-03"]
work = []
"""


@pytest.fixture(autouse=True)
def _calendar_ends_with_2026() -> Iterator[None]:
    # These tests are about 2027 being unknown; a library that learned it needs the dates moved on.
    assert known_years().stop == 2027, "chinesecalendar now knows 2027: move these tests' dates one year on"
    holidays.install(())
    yield
    holidays.install(())


@pytest.fixture()
def holidays_file(tmp_path: Path) -> Path:
    path = tmp_path / "holidays.toml"
    path.write_text(INVENTED_2027, encoding="utf-8")
    return path


def hotline_deadline() -> tuple[date, tuple[str, ...]]:
    (notice,) = [n for n in extract_document(HOTLINE, source="热线.txt", published=PUBLISHED).notices
                 if n.kind == "deadline"]
    assert isinstance(notice.start, date)
    return notice.start, notice.flags


# --- 1. the resolver counts on, and says so


def test_a_deadline_running_into_an_unknown_year_is_counted_monday_to_friday_and_flagged() -> None:
    # 12月29日、30日、31日 (2026, official) and 1月1日 (Friday, guessed), 1月4日 (Monday): the fifth.
    assert hotline_deadline() == (date(2027, 1, 4), ("holidays-unknown-2027",))


def test_with_the_years_arrangement_the_deadline_is_counted_right_and_not_flagged(holidays_file: Path) -> None:
    holidays.load(holidays_file)
    # 1月1日至3日 off: 12月29日、30日、31日, 1月4日, 1月5日.
    assert hotline_deadline() == (date(2027, 1, 5), ())


def test_a_deadline_inside_the_known_year_carries_no_flag() -> None:
    early = extract_document(HOTLINE.replace("12月28日", "12月1日"), source="热线.txt",
                             published=datetime(2026, 12, 1, 9, tzinfo=SHANGHAI))
    (notice,) = [n for n in early.notices if n.kind == "deadline"]
    assert notice.start == date(2026, 12, 8) and notice.flags == ()


def test_working_days_after_a_day_are_flagged_too(capsys: pytest.CaptureFixture[str]) -> None:
    status = cli.main(["explain", "3个工作日后", "--published", "2026-12-30", "--format", "json"])
    (mention,) = json.loads(capsys.readouterr().out)["mentions"]
    assert status == 0 and mention["start"] == "2027-01-04" and mention["flags"] == ["holidays-unknown-2027"]


def test_the_flag_reaches_the_json_of_notices_extract(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page = tmp_path / "热线.txt"
    page.write_text(HOTLINE, encoding="utf-8")
    assert cli.main(["extract", str(page), "--published", "2026-12-28", "--format", "json"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    (deadline,) = [row for row in rows if row["kind"] == "deadline"]
    assert deadline["start"] == "2027-01-04" and deadline["flags"] == ["holidays-unknown-2027"]


# --- 2. holidays.toml


def test_extract_reads_the_file_given_with_holidays(
    tmp_path: Path, holidays_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = tmp_path / "热线.txt"
    page.write_text(HOTLINE, encoding="utf-8")
    assert cli.main(["extract", str(page), "--published", "2026-12-28", "--format", "json",
                     "--holidays", str(holidays_file)]) == 0
    out, err = capsys.readouterr()
    (deadline,) = [row for row in map(json.loads, out.splitlines()) if row["kind"] == "deadline"]
    assert deadline["start"] == "2027-01-05" and deadline["flags"] == []
    assert "holidays-unknown" not in err


def test_the_file_beside_the_config_is_found_and_read_with_the_settings(holidays_file: Path) -> None:
    config = holidays_file.parent / "notices.toml"
    config.write_text("poll_seconds = 30\n", encoding="utf-8")
    settings = load_settings(config, environ={})
    assert settings.holidays == holidays_file
    assert [y.year for y in settings.holiday_years] == [2027]
    assert load_settings(None, environ={}).holiday_years == ()


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("[year.2027]\nnotice = \"2026-11-10\"\nurl = \"https://www.gov.cn/x\"\nrest = [\"2027-02-30\"]\n",
         "[year.2027] rest: not a day or a range of days: '2027-02-30'"),
        ("[year.2027]\nnotice = \"2026-11-10\"\nrest = [\"2027-01-01\"]\n", "[year.2027] url must be"),
        ("[year.2027]\nurl = \"https://www.gov.cn/x\"\nrest = [\"2027-01-01\"]\n", "[year.2027] notice must be"),
        ("[year.2027]\nnotice = \"2026-11-10\"\nurl = \"https://www.gov.cn/x\"\n", "rest must list"),
        ("[year.2027\n", "not valid TOML"),
        ("year = 2027\n", "[year] must hold one table per year"),
    ],
)
def test_a_malformed_file_is_one_line_naming_the_file_and_the_reason(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, reason: str
) -> None:
    bad = tmp_path / "holidays.toml"
    bad.write_text(text, encoding="utf-8")
    page = tmp_path / "热线.txt"
    page.write_text(HOTLINE, encoding="utf-8")
    status = cli.main(["extract", str(page), "--published", "2026-12-28", "--holidays", str(bad)])
    err = capsys.readouterr().err
    assert status == 2 and err.count("\n") == 1
    assert err.startswith(f"notices: {bad}: ") and reason in err


def test_a_missing_file_given_with_the_flag_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="holidays file not found"):
        load_settings(None, {"holidays": tmp_path / "无此文件.toml"}, environ={})


def test_a_year_the_library_knows_is_ignored_with_a_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "holidays.toml"
    path.write_text(INVENTED_2027 + "\n[year.2026]\nnotice = \"2025-11-04\"\nurl = \"https://www.gov.cn/y\"\n"
                    "rest = [\"2026-12-29..2026-12-31\"]\n", encoding="utf-8")
    caplog.set_level(logging.WARNING, logger="notices.holidays")
    years = holidays.load(path)
    assert [y.year for y in years] == [2027]
    assert [r.getMessage() for r in caplog.records] == [
        f"{path}: [year.2026] ignored: chinesecalendar already knows 2026 and its data wins"]
    # The library's 2026 still counts: 12月29日 is a working day, not the file's day off.
    assert hotline_deadline() == (date(2027, 1, 5), ())


def test_the_example_file_is_valid_and_its_year_is_marked_as_an_example() -> None:
    example = Path(__file__).resolve().parents[1] / "deploy" / "holidays.example.toml"
    text = example.read_text(encoding="utf-8")
    (year,) = holidays.read_holidays(example)
    assert year.year == 2099 and "EXAMPLE ONLY" in text and "NOT an" in text
    assert "example-only" in year.url


# --- 2b. the workers


def test_fresh_worker_processes_count_with_the_parents_arrangement(holidays_file: Path) -> None:
    holidays.load(holidays_file)
    pool = Sandbox(None, threading.Event(), jobs=1)
    try:
        document = pool.submit(ExtractRequest(HOTLINE, "热线.txt", {}, published=PUBLISHED)).result()
    finally:
        pool.close()
    (notice,) = [n for n in document.notices if n.kind == "deadline"]
    assert (notice.start, notice.flags) == (date(2027, 1, 5), ())


def test_a_worker_without_an_arrangement_flags_the_year() -> None:
    pool = Sandbox(None, threading.Event(), jobs=1)
    try:
        document = pool.submit(ExtractRequest(HOTLINE, "热线.txt", {}, published=PUBLISHED)).result()
    finally:
        pool.close()
    (notice,) = [n for n in document.notices if n.kind == "deadline"]
    assert (notice.start, notice.flags) == (date(2027, 1, 4), ("holidays-unknown-2027",))


@pytest.mark.parametrize("with_file", [True, False])
def test_extract_with_jobs_gives_what_one_process_gives_and_warns_once(
    tmp_path: Path, holidays_file: Path, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture, with_file: bool,
) -> None:
    monkeypatch.setattr(cmd_extract, "PARALLEL_MIN_BYTES", 1)  # workers even for a few small pages
    for n in range(4):
        (tmp_path / f"热线{n}.txt").write_text(HOTLINE, encoding="utf-8")
    holidays_file.rename(tmp_path.parent / "holidays-given.toml")
    flag = ["--holidays", str(tmp_path.parent / "holidays-given.toml")] if with_file else []
    caplog.set_level(logging.WARNING, logger="notices.holidays")
    assert cli.main(["extract", str(tmp_path), "--published", "2026-12-28", "--format", "json",
                     "--jobs", "2", *flag]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    deadlines = [(row["start"], row["flags"]) for row in rows if row["kind"] == "deadline"]
    if with_file:
        assert deadlines == [("2027-01-05", [])] * 4 and caplog.records == []
    else:
        assert deadlines == [("2027-01-04", ["holidays-unknown-2027"])] * 4
        (warning,) = caplog.records
        assert warning.getMessage().startswith("4 notice(s) count working days of 2027 Monday to Friday")
        assert "holidays.toml" in warning.getMessage()


# --- 3. shown in the feed, the digest; warned about once


def flagged_notice() -> StoredNotice:
    (notice,) = [n for n in extract_document(HOTLINE, source="热线.txt", published=PUBLISHED).notices
                 if n.kind == "deadline"]
    return StoredNotice(notice=notice, first_seen=PUBLISHED, last_changed=PUBLISHED, sequence=0,
                        withdrawn_at=None, sources=())


def test_the_feed_description_says_the_working_days_were_guessed() -> None:
    stored = flagged_notice()
    lines = event_description(stored.notice, ()).splitlines()
    assert "节假日安排未知（2027年），工作日按周一至周五计算" in lines
    assert lines.index("节假日安排未知（2027年），工作日按周一至周五计算") == lines.index(
        f"规则：{stored.notice.rule}") + 1
    # Through the folded iCalendar text and back.
    event = Event.from_ical(render_event(stored, FeedOptions.from_settings(Settings())).to_ical())
    assert "节假日安排未知（2027年），工作日按周一至周五计算" in str(event["DESCRIPTION"]).splitlines()


def test_an_unflagged_deadline_has_no_such_line(holidays_file: Path) -> None:
    holidays.load(holidays_file)
    stored = flagged_notice()
    assert stored.notice.flags == ()
    assert "节假日安排未知" not in event_description(stored.notice, ())


def test_the_digest_item_says_the_working_days_were_guessed() -> None:
    stored = flagged_notice()
    digest = build_digest([stored], date(2026, 12, 30), DigestWindow(None, PUBLISHED))
    (section,) = [s for s in digest.sections if s.title == "截止提醒"]
    (item,) = section.items
    assert item.note is not None and item.note.startswith("还有5天；规则：")
    assert item.note.endswith("；节假日安排未知（2027年），工作日按周一至周五计算")
    assert "节假日安排未知（2027年），工作日按周一至周五计算" in render_markdown(digest)


def test_the_digest_counts_working_days_of_an_added_year(holidays_file: Path) -> None:
    assert working_days_between(date(2026, 12, 30), date(2027, 1, 5)) is None  # 2027 unknown: no guess shown
    assert deadline_horizon(date(2026, 12, 30)) == date(2027, 1, 6)
    holidays.load(holidays_file)
    assert working_days_between(date(2026, 12, 30), date(2027, 1, 5)) == 3  # 12月31日, 1月4日, 1月5日
    assert deadline_horizon(date(2026, 12, 30)) == date(2027, 1, 9)  # 1月1日至3日 not counted


def test_the_warning_is_given_once_per_year(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING, logger="notices.holidays")
    unknown = holidays.UnknownYears()
    unknown.see(("holidays-unknown-2027",))
    unknown.see(("from-context", "holidays-unknown-2027"))
    assert unknown.report() == [2027] and unknown.report() == []
    unknown.see(("holidays-unknown-2027",))
    assert unknown.report() == []
    assert len(caplog.records) == 1 and caplog.records[0].getMessage().startswith("2 notice(s)")


def service_settings(root: Path, **extra: object) -> Settings:
    return Settings(inbox=(root / "inbox",), output=root / "output", store=root / "state" / "s.sqlite3",
                    extract_timeout_seconds=0, **extra)  # type: ignore[arg-type]


def test_the_service_logs_the_warning_once_not_every_poll(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    from scheduler.service.jobs import run_tick
    from scheduler.service.serve import open_runtime

    settings = service_settings(tmp_path)
    settings.inbox[0].mkdir(parents=True)
    caplog.set_level(logging.WARNING, logger="notices.holidays")
    with open_runtime(settings) as runtime:
        for n in range(3):
            (settings.inbox[0] / f"热线{n}.txt").write_text(
                "---\npublished: 2026-12-28\n---\n" + HOTLINE.replace("86件", f"{86 + n}件"), encoding="utf-8")
            for minute in (0, 1, 2):  # seen, settled and ingested, then a quiet poll
                run_tick(runtime, datetime(2026, 12, 28, 10, 10 * n + minute, tzinfo=SHANGHAI))
    warnings = [r.getMessage() for r in caplog.records if r.name == "notices.holidays"]
    assert len(warnings) == 1 and warnings[0].startswith("1 notice(s) count working days of 2027")


def test_the_services_workers_count_with_its_holidays_file(tmp_path: Path, holidays_file: Path) -> None:
    from scheduler.service.jobs import run_tick
    from scheduler.service.serve import open_runtime
    from tests.service_support import event_starts

    settings = service_settings(tmp_path, holidays=holidays_file,
                                holiday_years=holidays.read_holidays(holidays_file))
    settings = Settings(**{**settings.__dict__, "extract_timeout_seconds": 60.0})
    settings.inbox[0].mkdir(parents=True)
    (settings.inbox[0] / "热线.txt").write_text("---\npublished: 2026-12-28\n---\n" + HOTLINE, encoding="utf-8")
    with open_runtime(settings) as runtime:
        assert runtime.sandbox is not None  # extraction runs in a fresh worker process
        for minute in (0, 1):
            run_tick(runtime, datetime(2026, 12, 28, 10, minute, tzinfo=SHANGHAI))
    assert date(2027, 1, 5) in event_starts(settings.output / "feeds" / "deadline.ics")


def test_build_warns_once_and_its_digest_shows_the_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for n in range(2):
        (inbox / f"热线{n}.txt").write_text(
            "---\npublished: 2026-12-28\n---\n" + HOTLINE.replace("5个工作日", f"{5 + n}个工作日"),
            encoding="utf-8")  # due 1月4日 and 1月5日
    caplog.set_level(logging.WARNING, logger="notices.holidays")
    assert cli.main(["build", str(inbox), "--as-of", "2026-12-29", "--output", str(tmp_path / "out"),
                     "--store", str(tmp_path / "state" / "s.sqlite3")]) == 0
    (warning,) = [r.getMessage() for r in caplog.records if r.name == "notices.holidays"]
    assert warning.startswith("2 notice(s) count working days of 2027 Monday to Friday")
    digest = (tmp_path / "out" / "digests" / "2026-12-29.md").read_text(encoding="utf-8")
    assert digest.count("节假日安排未知（2027年），工作日按周一至周五计算") == 2
