"""The pipeline and the ``build`` / ``digest`` commands, end to end.

Most tests use a stand-in extractor (``tests.feed_samples.fake_extract_document``)
so they exercise ingest, store, feeds and digests on hand-made notices; the
tests named ``*seed*`` run the real extractor on ``seeds/`` and are skipped
until it is implemented.
"""

from __future__ import annotations

import contextlib
import http.server
import io
import re
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import replace
from functools import partial
from pathlib import Path

import pytest

from scheduler import cli

from scheduler import pipeline
from scheduler.cli.cmd_build import progress_reporter
from scheduler.config import Settings
from scheduler.pipeline import ingest, rebuild_feeds, write_digest
from scheduler.store.store import Store
from tests.feed_samples import (
    AS_OF, HOTLINE, MEETING, NOW, SAMPLE_NOTICES, article_text, at, fake_extract_document, write_inbox,
)
from tests.golden import GOLDEN_DIR, SEEDS_DIR, build_seed_output, extractor_ready

LATER = NOW.replace(hour=12)
ALL_UIDS = tuple(sorted(n.uid for n in SAMPLE_NOTICES))

needs_extractor = pytest.mark.skipif(not extractor_ready(), reason="the extractor (notices.extract) is not implemented yet")


@pytest.fixture
def fake_extractor(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pipeline, "extract_document", fake_extract_document)


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fake_extractor: None) -> Path:
    monkeypatch.chdir(tmp_path)
    write_inbox(tmp_path)
    return tmp_path


@pytest.fixture
def store(workdir: Path) -> Iterator[Store]:
    with Store.open(workdir / "state" / "notices.sqlite3") as opened:
        yield opened


# -- pipeline ---------------------------------------------------------------------


def test_ingest_folder_then_again_is_a_no_op(store: Store) -> None:
    first = ingest(store, ["inbox"], NOW)
    assert first.new == ALL_UIDS
    assert len(first.files_read) == 9 and not first.skipped
    snapshot = store.stored_notices(include_withdrawn=True)
    hotline = {s.notice.uid: s for s in snapshot}[HOTLINE.uid]
    assert len(hotline.sources) == 2  # found in two articles, stored once
    again = ingest(store, ["inbox"], LATER)
    assert (again.new, again.updated, again.unchanged) == ((), (), ALL_UIDS)
    assert len(again.files_unchanged) == 9 and not again.files_read
    assert store.stored_notices(include_withdrawn=True) == snapshot


def test_changed_file_is_re_extracted(store: Store, workdir: Path) -> None:
    ingest(store, ["inbox"], NOW)
    moved = replace(MEETING, start=at(27, 9))
    (workdir / "inbox" / "防汛.txt").write_text(
        article_text(MEETING.published, "dateline", MEETING.headline, [moved]), encoding="utf-8"
    )
    report = ingest(store, ["inbox"], LATER)
    assert report.updated == (MEETING.uid,)
    assert report.files_read == ("inbox/防汛.txt",)
    meeting = {s.notice.uid: s for s in store.stored_notices()}[MEETING.uid]
    assert (meeting.notice.start, meeting.sequence, meeting.last_changed) == (at(27, 9), 1, LATER)


def test_bad_files_are_skipped_and_nothing_is_lost(store: Store, workdir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ingest(store, ["inbox"], NOW)
    before = store.stored_notices(include_withdrawn=True)
    (workdir / "inbox" / "空白.txt").write_bytes(b"")
    (workdir / "inbox" / "防汛.txt").write_text("{ not json", encoding="utf-8")  # a later, malformed version
    report = ingest(store, ["inbox", "missing-folder"], LATER)
    reasons = {Path(s.path).name: s.reason for s in report.skipped}
    assert set(reasons) == {"空白.txt", "防汛.txt", "missing-folder"}
    assert "empty" in reasons["空白.txt"]
    assert reasons["防汛.txt"].startswith("extraction failed: JSONDecodeError")
    assert store.stored_notices(include_withdrawn=True) == before
    assert {Path(p).name for p, _ in store.skipped_inputs()} == set(reasons)


def test_feeds_rewritten_only_when_bytes_change(store: Store, workdir: Path) -> None:
    ingest(store, ["inbox"], NOW)
    output = workdir / "output"
    written = rebuild_feeds(store, output, NOW, Settings())
    assert {p.name for p in written} >= {"all.ics", "hotline.ics", "meeting.ics", "deadline.ics"}
    snapshot = {p.name: p.read_bytes() for p in (output / "feeds").iterdir()}
    assert rebuild_feeds(store, output, NOW, Settings()) == []
    assert {p.name: p.read_bytes() for p in (output / "feeds").iterdir()} == snapshot
    (workdir / "inbox" / "防汛.txt").write_text(
        article_text(MEETING.published, "dateline", MEETING.headline, [replace(MEETING, title="全市防汛工作调度会")]),
        encoding="utf-8",
    )
    ingest(store, ["inbox"], LATER)
    assert sorted(p.name for p in rebuild_feeds(store, output, LATER, Settings())) == ["all.ics", "meeting.ics"]
    assert not [p for p in (output / "feeds").iterdir() if p.name.startswith(".")]


def test_write_digest_writes_markdown_and_html(store: Store, workdir: Path) -> None:
    ingest(store, ["inbox"], NOW)
    written = write_digest(store, workdir / "output", AS_OF, NOW)
    assert [p.name for p in written] == ["2023-04-26.md", "2023-04-26.html"]
    assert "第70期“热线问政”" in written[0].read_text(encoding="utf-8")
    assert write_digest(store, workdir / "output", AS_OF, LATER) == []  # same store, same day


# -- commands -----------------------------------------------------------------------


def run_cli(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    status = cli.main(args)
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_build_command_reports_and_writes(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run_cli(["build", "inbox", "--as-of", "2023-04-26"], capsys)
    assert status == 0
    assert out.splitlines()[0].startswith("9 new, 0 updated, 0 unchanged, 0 withdrawn notices; 9 files read")
    assert "wrote output/feeds/all.ics" in out and "wrote output/digests/2023-04-26.md" in out
    assert (workdir / "state" / "notices.sqlite3").exists()
    digest = (workdir / "output" / "digests" / "2023-04-26.md").read_text(encoding="utf-8")
    assert "**09:00–11:00** 第70期“热线问政”" in digest.split("## 明日")[0]
    status, out, _ = run_cli(["build", "inbox", "--as-of", "2023-04-26"], capsys)
    assert status == 0
    assert out.splitlines()[0].startswith("0 new, 0 updated, 9 unchanged")
    assert "no output changed" in out


def test_build_refuses_store_inside_output(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run_cli(["build", "inbox", "--output", "public", "--store", "public/db/notices.sqlite3"], capsys)
    assert status == 2
    assert "public/db/notices.sqlite3: the store must not be inside the output folder" in err
    assert not (workdir / "public").exists()


def test_build_exit_status_when_something_was_skipped(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (workdir / "inbox" / "空白.txt").write_bytes(b"")
    status, out, err = run_cli(["build", "inbox", "--as-of", "2023-04-26"], capsys)
    assert status == 1
    assert err == "notices: inbox/空白.txt: empty file\n" and "0 unchanged, 1 skipped" in out


def test_build_shows_progress_for_many_files(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    many = workdir / "many"
    many.mkdir()
    for n in range(25):
        notice = replace(HOTLINE, uid=f"hotline-{n:02d}", title=f"第{n + 1}期“热线问政”")
        (many / f"{n:02d}.txt").write_text(article_text(NOW, "dateline", "热线问政", [notice]), encoding="utf-8")
    status, _, err = run_cli(["build", "many", "--as-of", "2023-04-26"], capsys)
    assert status == 0
    # stderr is not a terminal here: log lines (a timestamp with +08:00), never a redrawn bar.
    assert "\r" not in err and err.count("\n") == 1
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+08:00 INFO notices.build: read 25 of 25 inputs\n", err)
    status, _, err = run_cli(["build", "inbox", "--as-of", "2023-04-26"], capsys)
    assert err == ""  # few files: quiet


def test_progress_bar_only_on_a_terminal() -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    screen = Terminal()
    show = progress_reporter(screen)
    for done in range(1, 26):
        show(done, 25, f"{done}.txt")
    assert "\r[" in screen.getvalue() and screen.getvalue().endswith("25/25\n")
    plain = io.StringIO()
    show = progress_reporter(plain)
    for done in range(1, 251):
        show(done, 250, f"{done}.txt")
    assert plain.getvalue() == ""  # a log, not the stream: see the test above


def test_digest_command_prints_and_writes(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run_cli(["digest", "--date", "2023-04-26"], capsys)
    assert status == 2 and "no store yet" in err
    run_cli(["build", "inbox", "--as-of", "2023-04-26"], capsys)
    written = (workdir / "output" / "digests" / "2023-04-26.md").read_text(encoding="utf-8")
    status, out, _ = run_cli(["digest", "--date", "2023-04-26", "--output", "-"], capsys)
    assert status == 0 and out == written
    status, out, _ = run_cli(["digest", "--date", "2023-04-27", "--output", "elsewhere"], capsys)
    assert status == 0 and "wrote elsewhere/digests/2023-04-27.md" in out
    tomorrow = (workdir / "elsewhere" / "digests" / "2023-04-27.md").read_text(encoding="utf-8")
    assert "15:00** 全市防汛抗旱工作调度会" in tomorrow.split("## 明日")[0]


# -- the seeds, through the real extractor ------------------------------------------------


@needs_extractor
def test_seed_build_lists_hotline_today_and_deadline(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copytree(SEEDS_DIR, tmp_path / "seeds")
    monkeypatch.chdir(tmp_path)
    status, out, _ = run_cli(["build", "seeds", "--as-of", "2023-04-26"], capsys)
    assert status == 0, out
    digest = (tmp_path / "output" / "digests" / "2023-04-26.md").read_text(encoding="utf-8")
    today = digest.split("## 明日")[0]
    assert "**09:00–11:00** 第70期“热线问政”" in today
    deadlines = digest.split("## 截止提醒")[1].split("## 新发现")[0]
    assert "5月4日 周四" in deadlines


@needs_extractor
def test_seed_output_matches_golden(tmp_path: Path) -> None:
    produced = build_seed_output(tmp_path)
    golden_root = GOLDEN_DIR / "seeds"
    assert golden_root.exists(), "no seed goldens yet: run python -m tests.golden --update"
    expected = {p.relative_to(golden_root).as_posix(): p.read_bytes() for p in golden_root.rglob("*") if p.is_file()}
    assert sorted(produced) == sorted(expected)
    for name, data in produced.items():
        assert data == expected[name], f"{name} differs (extractor changed? review, then python -m tests.golden --update)"


# -- a real subscriber: vdirsyncer (http storage) + khal ---------------------------------


def tool(name: str) -> str | None:
    beside_python = Path(sys.executable).parent / name
    return str(beside_python) if beside_python.exists() else shutil.which(name)


@contextlib.contextmanager
def serve(folder: Path) -> Iterator[str]:
    """Serve ``folder`` on 127.0.0.1 (a free port) in a background thread."""

    class QuietHandler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), partial(QuietHandler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def sync_and_list(feed_url: str, scratch: Path, start: str, end: str) -> str:
    """Subscribe to ``feed_url`` with vdirsyncer, then list the events with khal."""
    vdirsyncer, khal = tool("vdirsyncer"), tool("khal")
    if vdirsyncer is None or khal is None:
        pytest.skip("vdirsyncer/khal are not installed (pip install -e '.[test]')")
    local = scratch / "calendar"
    local.mkdir(parents=True)
    (scratch / "vdirsyncer.conf").write_text(
        f"""[general]
status_path = "{scratch / 'status'}/"

[pair notices]
a = "notices_feed"
b = "notices_local"
collections = null
conflict_resolution = "a wins"

[storage notices_feed]
type = "http"
url = "{feed_url}"

[storage notices_local]
type = "filesystem"
path = "{local}/"
fileext = ".ics"
""",
        encoding="utf-8",
    )
    (scratch / "khal.conf").write_text(
        f"""[calendars]
[[notices]]
path = {local}/
type = calendar

[locale]
timeformat = %H:%M
dateformat = %Y-%m-%d
longdateformat = %Y-%m-%d
datetimeformat = %Y-%m-%d %H:%M
longdatetimeformat = %Y-%m-%d %H:%M
local_timezone = Asia/Shanghai
default_timezone = Asia/Shanghai

[sqlite]
path = {scratch / 'khal.db'}
""",
        encoding="utf-8",
    )
    env = {
        **os.environ,
        "HOME": str(scratch),
        "XDG_CONFIG_HOME": str(scratch / "xdg-config"),
        "XDG_DATA_HOME": str(scratch / "xdg-data"),
        "VDIRSYNCER_CONFIG": str(scratch / "vdirsyncer.conf"),
        "LC_ALL": "C.UTF-8",
        "TZ": "UTC",  # khal must convert using the feed's zone, not the machine's
    }
    for step in (["discover"], ["sync"]):
        done = subprocess.run([vdirsyncer, *step], env=env, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
    assert list(local.glob("*.ics")), "vdirsyncer stored nothing"
    listed = subprocess.run(
        [khal, "-c", str(scratch / "khal.conf"), "list", "--format", "{start}|{end}|{title}", start, end],
        env=env, capture_output=True, text=True, timeout=120,
    )
    assert listed.returncode == 0, listed.stderr
    return listed.stdout


def test_subscriber_sees_hotline_session(store: Store, workdir: Path) -> None:
    ingest(store, ["inbox"], NOW)
    rebuild_feeds(store, workdir / "output", NOW, Settings())
    with serve(workdir / "output" / "feeds") as base:
        listing = sync_and_list(f"{base}/all.ics", workdir / "subscriber", "2023-04-26", "2023-05-06")
    assert "2023-04-26 09:00|2023-04-26 11:00|第70期“热线问政”" in listing.splitlines()
    assert "2023-04-27 15:00|2023-04-27 17:00|全市防汛抗旱工作调度会" in listing.splitlines()
    assert "2023-05-04|2023-05-04|截止：承办单位办结“热线问政”工单" in listing.splitlines()


@needs_extractor
def test_seed_feed_syncs_to_khal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copytree(SEEDS_DIR, tmp_path / "seeds")
    monkeypatch.chdir(tmp_path)
    assert cli.main(["build", "seeds", "--as-of", "2023-04-26"]) == 0
    capsys.readouterr()
    with serve(tmp_path / "output" / "feeds") as base:
        listing = sync_and_list(f"{base}/hotline.ics", tmp_path / "subscriber", "2023-04-26", "2023-04-27")
    hits = [line for line in listing.splitlines() if "第70期“热线问政”" in line]
    assert hits and all(line.startswith("2023-04-26 09:00|2023-04-26 11:00|") for line in hits)
