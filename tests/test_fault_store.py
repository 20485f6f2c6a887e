"""Issue 11, rows 3 and 6: a lost or damaged store never empties the feeds; read-only commands create nothing.

Also ``notices backup``/``notices restore`` (SQLite's online backup API), the
backup taken before a migration, WAL mode and the publish guard.
"""

from __future__ import annotations

import errno
import http.client
import json
import os
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from scheduler import cli

from scheduler.config import Settings
from scheduler.service import lock
from scheduler.service.http import make_app
from scheduler.service.jobs import run_tick
from scheduler.service.serve import open_runtime
from scheduler.store.store import SCHEMA_VERSION, Store
from tests.fault_support import Svc, at, many_outages
from tests.service_support import (
    cli_env,
    feed_events,
    free_port,
    notices_command,
    run_cli,
    wait_until,
)
from tests.test_http import call


@pytest.fixture()
def svc(tmp_path: Path) -> Svc:
    service = Svc(tmp_path)
    service.inbox.mkdir()
    return service


def published(svc: Svc, capsys: pytest.CaptureFixture[str], count: int = 12) -> bytes:
    """Ingest ``count`` 停水 notices and return the bytes of the published all.ics."""
    many_outages(svc.inbox, count)
    svc.run("2035-01-01T09:00", capsys=capsys)
    svc.run("2035-01-01T09:01", capsys=capsys)
    feed = svc.feed().read_bytes()
    assert len(feed_events(svc.feed())) == count
    return feed


def remove_store(store: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{store}{suffix}").unlink(missing_ok=True)


# --------------------------------------------------------------------------
# Row 3: a truncated or deleted store emptied every feed within 2 s


@pytest.mark.parametrize("damage", ["truncate", "delete"])
def test_a_store_truncated_or_deleted_under_the_running_service_leaves_the_feeds_alone(
    tmp_path: Path, damage: str
) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    many_outages(inbox, 12)
    settings = Settings(inbox=(inbox,), output=tmp_path / "output", store=tmp_path / "state" / "n.sqlite3")
    with open_runtime(settings) as runtime:
        app = make_app(settings.output, runtime.health)
        run_tick(runtime, at("2035-01-01T09:00"))
        run_tick(runtime, at("2035-01-01T09:01"))
        feed = settings.output / "feeds" / "all.ics"
        before = feed.read_bytes()
        assert len(feed_events(feed)) == 12 and call(app, "/healthz").status == 200
        if damage == "truncate":
            with settings.store.open("r+b") as handle:
                handle.truncate(0)
        else:
            remove_store(settings.store)
        for minute in range(2, 6):
            result = run_tick(runtime, at(f"2035-01-01T09:0{minute}"))
            assert result.poll.error and "store" in runtime.problems
        assert feed.read_bytes() == before
        health = call(app, "/healthz")
        assert health.status == 503
        problem = json.loads(health.body)["problems"]["store"]
        assert ("empty" if damage == "truncate" else "missing") in problem


def test_a_deleted_store_is_a_one_line_error_for_run_once_and_restore_brings_it_back(
    svc: Svc, capsys: pytest.CaptureFixture[str]
) -> None:
    before = published(svc, capsys)
    backup = svc.root / "backup.sqlite3"
    assert cli.main(["backup", str(backup), *svc.args()]) == 0
    remove_store(svc.store)
    result = svc.run("2035-01-01T09:02", capsys=capsys, expect=1)
    assert "missing" in result["problems"]["store"] and "12 events are published" in result["problems"]["store"]
    assert svc.feed().read_bytes() == before
    assert not svc.store.exists()  # not silently replaced by an empty store
    assert cli.main(["restore", str(backup), *svc.args()]) == 0
    again = svc.run("2035-01-01T09:03", capsys=capsys)
    assert again["problems"] == {} and again["poll"]["notice_count"] == 12
    assert svc.feed().read_bytes() == before


@pytest.mark.parametrize("damage", ["garbage header", "half truncated"])
def test_serve_starts_on_a_damaged_store_and_keeps_serving_the_feeds_on_disk(
    svc: Svc, capsys: pytest.CaptureFixture[str], damage: str
) -> None:
    before = published(svc, capsys, count=40)
    size = svc.store.stat().st_size
    with svc.store.open("r+b") as handle:
        if damage == "garbage header":
            handle.write(b"this is not a database" * 5)
        else:
            handle.truncate(size // 2)
    port = free_port()
    process = subprocess.Popen(
        notices_command("serve", *svc.args(), "--port", str(port), "--poll-seconds", "1"),
        env=cli_env(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )

    def get(path: str) -> tuple[int, bytes]:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        try:
            conn.request("GET", path)
            reply = conn.getresponse()
            return reply.status, reply.read()
        except OSError:
            return 0, b""
        finally:
            conn.close()

    try:
        assert wait_until(lambda: get("/feeds/all.ics")[0] == 200, 60), "serve did not come up"
        assert get("/feeds/all.ics") == (200, before)
        status, body = get("/healthz")
        assert status == 503 and "store" in json.loads(body)["problems"]
        assert get("/livez")[0] == 200  # alive, just not ready
        process.send_signal(signal.SIGTERM)
        _, err = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == 0, err
    assert "Traceback" not in err
    assert svc.feed().read_bytes() == before
    assert sum("damaged" in line or "malformed" in line for line in err.splitlines()) >= 1


def test_a_rebuild_that_would_drop_most_events_is_held_back_unless_forced(
    svc: Svc, capsys: pytest.CaptureFixture[str]
) -> None:
    svc.configure(removed_grace_hours=0)
    before = published(svc, capsys)
    for path in svc.inbox.iterdir():
        path.unlink()
    svc.run("2035-01-01T10:00", capsys=capsys, expect=None)
    held = svc.run("2035-01-01T10:01", capsys=capsys, expect=1)
    assert "would drop 12 of 12 published events" in held["problems"]["publish"]
    assert svc.feed().read_bytes() == before
    forced = svc.run("2035-01-01T10:02", "--force", capsys=capsys)
    assert forced["problems"] == {}
    assert feed_events(svc.feed()) == []


def test_build_into_published_feeds_with_an_empty_store_is_held_back(
    svc: Svc, capsys: pytest.CaptureFixture[str]
) -> None:
    before = published(svc, capsys)
    other = svc.root / "other.sqlite3"
    args = ["build", "--as-of", "2035-01-01", "--output", str(svc.output), "--store", str(other)]
    assert cli.main(args) == 1
    assert "feeds not written" in capsys.readouterr().err
    assert svc.feed().read_bytes() == before
    assert cli.main([*args, "--force"]) == 0
    assert feed_events(svc.feed()) == []


# --------------------------------------------------------------------------
# Store integrity: quick_check, schema version, tables, WAL; backups


def test_the_store_is_in_wal_mode_and_passes_its_check(svc: Svc, capsys: pytest.CaptureFixture[str]) -> None:
    from scheduler.store.check import check_store

    published(svc, capsys, count=2)
    verdict = check_store(svc.store)
    assert verdict.ok and verdict.version == SCHEMA_VERSION and verdict.journal_mode == "wal"


def test_check_store_names_what_is_wrong(tmp_path: Path) -> None:
    from scheduler.store.check import check_store

    path = tmp_path / "n.sqlite3"
    assert check_store(path).state == "missing"
    path.write_bytes(b"")
    assert check_store(path).state == "empty"
    path.write_bytes(b"\0" * 4096)
    assert check_store(path).state == "damaged" and "header" in check_store(path).detail
    path.unlink()
    Store.open(path).close()
    with sqlite3.connect(path) as raw:
        raw.execute("DROP TABLE notice_sources")
    assert check_store(path).detail == "table notice_sources is missing"
    path.unlink()
    Store.open(path).close()
    with sqlite3.connect(path) as raw:
        raw.execute("UPDATE schema_version SET version = 99")
    assert check_store(path).state == "newer"


def test_a_corrupted_page_fails_quick_check(svc: Svc, capsys: pytest.CaptureFixture[str]) -> None:
    from scheduler.store.check import check_store

    published(svc, capsys, count=40)
    with sqlite3.connect(svc.store) as raw:
        raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        page_size = raw.execute("PRAGMA page_size").fetchone()[0]
        pages = raw.execute("PRAGMA page_count").fetchone()[0]
    assert pages > 4
    with svc.store.open("r+b") as handle:
        for page in range(2, pages):
            handle.seek(page * page_size - 200)  # the end of each page: cell content
            handle.write(b"\xff" * 200)
    verdict = check_store(svc.store)
    assert verdict.state == "damaged"


def test_a_version_1_store_is_backed_up_before_it_is_migrated(tmp_path: Path) -> None:
    from scheduler.store.check import check_store
    from scheduler.store.schema import MIGRATIONS

    path = tmp_path / "notices.sqlite3"
    with sqlite3.connect(path) as raw:
        raw.execute("CREATE TABLE schema_version (version INTEGER NOT NULL)")
        raw.execute("INSERT INTO schema_version VALUES (1)")
        raw.executescript(MIGRATIONS[1])
        raw.execute("INSERT INTO digests VALUES ('2024-05-08', '2024-05-07T23:00:00+00:00')")
    raw.close()
    with Store.open(path) as store:
        assert store.schema_version == SCHEMA_VERSION
    saved = tmp_path / "notices.sqlite3.v1.bak"
    verdict = check_store(saved)
    assert verdict.ok and verdict.version == 1
    with sqlite3.connect(saved) as raw:
        assert raw.execute("SELECT day FROM digests").fetchall() == [("2024-05-08",)]
    raw.close()
    assert check_store(path).ok and check_store(path).journal_mode == "wal"


def test_backup_is_consistent_while_another_connection_writes(
    svc: Svc, capsys: pytest.CaptureFixture[str]
) -> None:
    published(svc, capsys, count=3)
    writer = sqlite3.connect(svc.store, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("INSERT INTO service_kv VALUES ('uncommitted', '1')")
    try:
        target = svc.root / "b.sqlite3"
        assert cli.main(["backup", str(target), *svc.args()]) == 0
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    assert "backed up 3 notices" in capsys.readouterr().out
    with Store.open_readonly(target) as copy:
        assert copy.notice_count() == 3
    with sqlite3.connect(target) as raw:
        assert raw.execute("SELECT COUNT(*) FROM service_kv WHERE key = 'uncommitted'").fetchone() == (0,)
    raw.close()


def test_restore_is_refused_while_the_service_holds_the_store(
    svc: Svc, capsys: pytest.CaptureFixture[str]
) -> None:
    published(svc, capsys, count=2)
    backup = svc.root / "b.sqlite3"
    assert cli.main(["backup", str(backup), *svc.args()]) == 0
    with lock.InstanceLock(svc.store):
        assert cli.main(["restore", str(backup), *svc.args()]) == 2
    assert "stop the service before restoring" in capsys.readouterr().err
    assert cli.main(["restore", str(svc.root / "nonexistent"), *svc.args()]) == 2
    assert "missing" in capsys.readouterr().err


def test_backup_never_creates_a_store(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store = tmp_path / "state" / "n.sqlite3"
    assert cli.main(["backup", str(tmp_path / "b.sqlite3"), "--store", str(store)]) == 2
    assert "missing" in capsys.readouterr().err
    assert not (tmp_path / "state").exists()


# --------------------------------------------------------------------------
# Row 6: `notices status` as root created the store and the lock as root


def test_read_only_commands_create_neither_store_nor_lock(tmp_path: Path) -> None:
    state = tmp_path / "state"
    store = state / "notices.sqlite3"
    page = tmp_path / "停水.txt"
    page.write_text("---\npublished: 2035-01-01\n---\n定于2035年1月9日8:30至17:00停水。\n", encoding="utf-8")
    for args in (
        ("status", "--store", str(store), "--output", str(tmp_path / "out")),
        ("status", "--json", "--store", str(store)),
        ("extract", str(page)),
        ("explain", "下周三上午9点", "--published", "2035-01-01T10:00"),
    ):
        done = run_cli(*args, cwd=tmp_path)
        assert done.returncode == 0, done.stderr
    assert not state.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["停水.txt"]


def test_status_on_an_existing_store_leaves_no_new_file(svc: Svc, capsys: pytest.CaptureFixture[str]) -> None:
    published(svc, capsys, count=2)
    before = sorted(p.name for p in svc.store.parent.iterdir())
    done = run_cli("status", "--json", *svc.args())
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["notices"]["total"] == 2
    assert sorted(p.name for p in svc.store.parent.iterdir()) == before


def test_a_lock_file_the_service_cannot_open_is_one_clear_line(
    svc: Svc, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    real_open = os.open

    def refuse_lock(path: object, flags: int, *args: object) -> int:
        if str(path).endswith(".lock"):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_open(path, flags, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(lock.os, "open", refuse_lock)
    for command in (["run", "--once", "--now", "2035-01-01T09:00"], ["serve", "--port", str(free_port())]):
        capsys.readouterr()
        assert cli.main([*command, *svc.args()]) == 2
        err = capsys.readouterr().err.strip().splitlines()
        assert len(err) == 1, err
        assert "cannot open the lock file: Permission denied" in err[0]


@pytest.fixture()
def unprivileged() -> Iterator[int]:
    """The uid of the ``nobody`` user, when this test runs as root and can switch to it."""
    if os.geteuid() != 0:
        pytest.skip("needs root to create root-owned files and switch users")
    import pwd

    try:
        uid = pwd.getpwnam("nobody").pw_uid
    except KeyError:
        pytest.skip("no nobody user")
    try:
        subprocess.run([sys.executable, "-c", "import scheduler"], user=uid, env=cli_env(),
                       check=True, capture_output=True, timeout=60, cwd="/")
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("the nobody user cannot run this Python")
    yield uid


def test_status_as_root_then_serve_as_the_service_user(tmp_path: Path, unprivileged: int) -> None:
    state = tmp_path / "state"
    state.mkdir()
    os.chown(state, unprivileged, -1)
    os.chmod(tmp_path, 0o755)
    store = state / "notices.sqlite3"
    done = run_cli("status", "--store", str(store), "--output", str(tmp_path / "out"))  # as root
    assert done.returncode == 0, done.stderr
    assert list(state.iterdir()) == []
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    out = tmp_path / "out"
    out.mkdir()
    os.chown(out, unprivileged, -1)
    as_service = subprocess.run(
        notices_command("run", "--once", "--now", "2035-01-01T09:00", "--inbox", str(inbox),
                        "--output", str(out), "--store", str(store)),
        env=cli_env(), capture_output=True, text=True, timeout=120,
        user=unprivileged, cwd=tmp_path,
    )
    assert as_service.returncode == 0, as_service.stderr
    assert store.exists() and store.stat().st_uid == unprivileged


def test_a_counted_feed_keeps_its_events(svc: Svc, capsys: pytest.CaptureFixture[str]) -> None:
    """Regression guard for the guard itself: ordinary growth and small changes publish."""
    published(svc, capsys, count=12)
    many_outages(svc.inbox, 14)
    svc.run("2035-01-01T11:00", capsys=capsys)
    svc.run("2035-01-01T11:01", capsys=capsys)
    assert len(feed_events(svc.feed())) == 14
    assert date(2035, 2, 14) in {e.decoded("DTSTART").date() for e in feed_events(svc.feed())}  # type: ignore[attr-defined]
