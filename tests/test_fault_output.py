"""Issue 11, row 10: outputs deleted by hand come back; an editor can withdraw a notice; 25:00."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from notices.extract import extract_document
from scheduler import cli
from scheduler.config import Settings
from scheduler.service.jobs import run_tick
from scheduler.service.serve import open_runtime
from scheduler.store.store import Store
from tests.fault_support import Svc, at
from tests.service_support import event_starts, feed_events, water_outage_notice


@pytest.fixture()
def svc(tmp_path: Path) -> Svc:
    service = Svc(tmp_path)
    service.inbox.mkdir()
    return service


def outage(svc: Svc, day: date = date(2035, 1, 20), name: str = "停水通知.txt", area: str = "城南片区") -> Path:
    path = svc.inbox / name
    path.write_text(water_outage_notice(day, ("8:30", "17:00"), date(2035, 1, 1), area=area), encoding="utf-8")
    return path


def test_feeds_and_the_latest_digest_deleted_by_hand_are_rewritten_at_the_next_poll(svc: Svc) -> None:
    outage(svc)
    settings = Settings(inbox=(svc.inbox,), output=svc.output, store=svc.store)
    with open_runtime(settings) as runtime:  # one long-running service, as under `serve`
        run_tick(runtime, at("2035-01-01T06:58"))
        run_tick(runtime, at("2035-01-01T06:59"))
        run_tick(runtime, at("2035-01-01T07:00"))  # the 1月1日 digest
        feeds = {p.name: p.read_bytes() for p in (svc.output / "feeds").glob("*.ics")}
        digest = svc.output / "digests" / "2035-01-01.md"
        digest_text = digest.read_bytes()
        assert feeds and digest_text
        shutil.rmtree(svc.output / "feeds")
        digest.unlink()
        result = run_tick(runtime, at("2035-01-01T07:01"))
        assert {p.name: p.read_bytes() for p in (svc.output / "feeds").glob("*.ics")} == feeds
        assert digest.read_bytes() == digest_text
        assert str(digest) in result.poll.feeds_written
        (svc.output / "feeds" / "outage.ics").unlink()  # one feed alone
        run_tick(runtime, at("2035-01-01T07:02"))
        assert (svc.output / "feeds" / "outage.ics").read_bytes() == feeds["outage.ics"]


def test_an_editor_withdraws_a_notice_and_it_stays_withdrawn(
    svc: Svc, capsys: pytest.CaptureFixture[str]
) -> None:
    page = outage(svc)
    outage(svc, date(2035, 1, 22), name="停水通知2.txt", area="城北片区")
    svc.run("2035-01-01T09:00", capsys=capsys)
    svc.run("2035-01-01T09:01", capsys=capsys)
    with Store.open(svc.store) as store:
        uid = next(s.notice.uid for s in store.stored_notices() if s.notice.start.day == 20)
    assert cli.main(["withdraw", uid, "--reason", "时间有误", *svc.args()]) == 0
    assert "withdrawn" in capsys.readouterr().out
    svc.run("2035-01-01T09:02", capsys=capsys)
    assert at("2035-01-20T08:30") not in event_starts(svc.feed())
    assert at("2035-01-22T08:30") in event_starts(svc.feed())
    # The source is saved again (changed bytes): the editor's decision holds.
    page.write_text(page.read_text(encoding="utf-8") + "\n特此通知。\n", encoding="utf-8")
    svc.run("2035-01-01T09:03", capsys=capsys)
    svc.run("2035-01-01T09:04", capsys=capsys)
    assert at("2035-01-20T08:30") not in event_starts(svc.feed())
    assert cli.main(["withdraw", uid, "--undo", *svc.args()]) == 0
    svc.run("2035-01-01T09:05", capsys=capsys)
    assert at("2035-01-20T08:30") in event_starts(svc.feed())


def test_withdraw_while_the_service_runs_is_published_at_its_next_poll(svc: Svc) -> None:
    outage(svc)
    settings = Settings(inbox=(svc.inbox,), output=svc.output, store=svc.store)
    with open_runtime(settings) as runtime:
        run_tick(runtime, at("2035-01-01T09:00"))
        run_tick(runtime, at("2035-01-01T09:01"))
        (uid,) = [e["UID"] for e in feed_events(svc.feed())]
        assert cli.main(["withdraw", str(uid), *svc.args()]) == 0  # another process, same store
        run_tick(runtime, at("2035-01-01T09:02"))
        assert feed_events(svc.feed()) == []


def test_withdraw_refuses_an_unknown_uid_and_creates_no_store(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = tmp_path / "state" / "n.sqlite3"
    assert cli.main(["withdraw", "outage-nothing", "--store", str(store)]) == 2
    assert "missing" in capsys.readouterr().err and not store.parent.exists()
    Store.open(store).close()
    assert cli.main(["withdraw", "outage-nothing", "--store", str(store)]) == 2
    assert "no notice has this UID" in capsys.readouterr().err


def test_an_impossible_clock_time_is_not_published() -> None:
    document = extract_document("市政府定于2035年1月9日25:00召开会议。", source="会议.txt",
                                meta={"published": "2035-01-01"})
    assert document.notices == ()
