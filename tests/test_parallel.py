"""All cores: the worker pool, and extract/build with --jobs giving exactly what one process gives."""

from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path
from typing import Any

import pytest

from scheduler import cli

from scheduler.cli import cmd_extract

from scheduler import pipeline
from scheduler.pipeline import ingest
from scheduler.service.ahead import TicketClaim, lookahead
from scheduler.service.sandbox import ExtractionInterrupted, ExtractionTimedOut, Sandbox
from scheduler.service.workers import worker_pool
from scheduler.store.store import Store
from tests.feed_samples import NOW

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
HANG = "tests.fault_support:hang"


def pid_of(request: Any) -> tuple[Any, int]:
    """A worker job: the request back, with the worker's process id."""
    return request, os.getpid()


def refuse(request: Any) -> None:
    """A worker job that fails the way an extractor bug does."""
    raise ValueError(f"bad month 13 in {request}")


def genre_inbox(root: Path) -> Path:
    """The seeds, a few generated genre files, an undecodable file and an undated one."""
    from bench.genre import make_folder

    inbox = root / "inbox"
    shutil.copytree(SEEDS, inbox / "seeds")
    make_folder(inbox / "genre", files=40, seed=3)
    (inbox / "坏文件.txt").write_bytes(b"\x00\x01\x02binary")
    (inbox / "无日期.txt").write_text("市自来水公司定于5月9日停水。\n", encoding="utf-8")
    return inbox


def test_the_pool_answers_in_order_from_several_workers() -> None:
    pool = Sandbox(None, threading.Event(), jobs=2)
    try:
        tickets = [pool.submit(n, target=f"{__name__}:pid_of") for n in range(20)]
        answers = [ticket.result() for ticket in tickets]
    finally:
        pool.close()
    assert [request for request, _ in answers] == list(range(20))
    assert len({pid for _, pid in answers}) == 2
    assert pool.worker_pids == ()


def test_a_slow_document_times_out_alone_while_the_others_go_through() -> None:
    pool = Sandbox(3.0, threading.Event(), jobs=2)  # generous: a busy machine starts workers slowly
    try:
        stuck = pool.submit("慢文件", target=HANG)
        quick = [pool.submit(n, target=f"{__name__}:pid_of") for n in range(5)]
        assert [ticket.result()[0] for ticket in quick] == list(range(5))
        with pytest.raises(ExtractionTimedOut):
            stuck.result()
        assert pool.submit("again", target=f"{__name__}:pid_of").result()[0] == "again"
    finally:
        pool.close()


def test_stopping_interrupts_every_waiting_document() -> None:
    stop = threading.Event()
    pool = Sandbox(60, stop, jobs=2)
    try:
        tickets = [pool.submit("慢", target=HANG) for _ in range(3)]
        stop.set()
        for ticket in tickets:
            with pytest.raises(ExtractionInterrupted):
                ticket.result()
        assert pool.worker_pids == ()
    finally:
        pool.close()


def test_an_extractor_error_comes_back_as_itself_and_queued_work_can_be_cancelled() -> None:
    pool = Sandbox(None, threading.Event(), jobs=1)
    try:
        failing = TicketClaim(pool.submit("x", target=f"{__name__}:refuse"))
        queued = pool.submit("y", target=f"{__name__}:pid_of")
        queued.cancel()
        with pytest.raises(ValueError, match="bad month 13 in x"):
            failing()
        with pytest.raises(ExtractionInterrupted):
            queued.result()
    finally:
        pool.close()


def test_lookahead_prepares_ahead_in_order_and_stops_at_its_budget() -> None:
    prepared: list[int] = []

    def prepare(n: int) -> int:
        prepared.append(n)
        return n

    walk = lookahead(range(10), prepare, 3)
    assert next(walk) == (0, 0) and prepared == [0, 1, 2, 3]
    assert [item for item, _ in walk] == list(range(1, 10))
    heavy = lookahead(range(10), prepare, 8, weight=lambda n: 100, budget=250)
    prepared.clear()
    assert next(heavy) == (0, 0) and prepared == [0, 1, 2]


def test_extract_with_two_jobs_prints_exactly_what_one_process_prints(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    inbox = genre_inbox(tmp_path)
    monkeypatch.setattr(cmd_extract, "PARALLEL_MIN_BYTES", 1)
    printed = {}
    for jobs in ("1", "2"):
        for form in ("json", "table"):
            status = cli.main(["extract", str(inbox), "--format", form, "--jobs", jobs])
            captured = capsys.readouterr()
            printed[jobs, form] = (status, captured.out, captured.err)
    assert printed["1", "json"] == printed["2", "json"]
    assert printed["1", "table"] == printed["2", "table"]
    status, out, err = printed["2", "table"]
    assert status == 1 and "坏文件.txt" in err and "无日期.txt" in err and out.count("published") > 40


def test_build_ingest_with_workers_leaves_the_store_as_one_process_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    inbox = genre_inbox(tmp_path)
    monkeypatch.setattr(pipeline, "PARALLEL_MIN_BYTES", 0)
    results = []
    for jobs in (1, 2):
        with Store.open(tmp_path / f"store{jobs}.sqlite3") as store, worker_pool(jobs) as pool:
            report = ingest(store, [inbox], NOW, pool=pool)
            assert (pool is None) == (jobs == 1)
            results.append((report, store.stored_notices(include_withdrawn=True), store.skipped_inputs()))
    one, two = results
    assert one == two
    assert len(one[1]) > 100 and len(one[0].skipped) == 2


def slow_on_purpose(request: Any) -> Any:
    """A worker job that extracts normally, except that a file named 慢… never finishes."""
    from scheduler.service.sandbox import extract_for_store
    from tests.fault_support import hang

    if "慢" in request.source:
        return hang(request)
    return extract_for_store(request)


def test_the_service_extracts_side_by_side_and_quarantines_only_the_slow_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from datetime import date

    from tests.fault_support import Svc
    from tests.service_support import water_outage_notice

    monkeypatch.setattr("scheduler.service.sandbox.DEFAULT_TARGET", f"{__name__}:slow_on_purpose")
    svc = Svc(tmp_path)
    svc.inbox.mkdir()
    svc.configure(extract_timeout_seconds=4, extract_jobs=2)
    areas = ["城南片区", "城北片区", "华新开发区", "雁峰区", "石鼓区", "蒸湘区"]
    for number, area in enumerate(areas):
        day = date(2035, 1, 10 + number)
        (svc.inbox / f"停水{number}.txt").write_text(
            water_outage_notice(day, ("8:30", "17:00"), date(2035, 1, 1), area), encoding="utf-8")
    (svc.inbox / "慢文件.txt").write_text(
        water_outage_notice(date(2035, 1, 20), ("8:30", "17:00"), date(2035, 1, 1)), encoding="utf-8")
    svc.run("2035-01-01T09:00", capsys=capsys)
    second = svc.run("2035-01-01T09:01", capsys=capsys)
    assert len(second["poll"]["ingested"]) == 6
    failed = {path: reason for path, reason in second["poll"]["failed"]}
    assert "quarantined" in failed[str(svc.inbox / "慢文件.txt")]
    assert svc.feed().read_bytes().count(b"BEGIN:VEVENT") == 6


def test_workers_started_ahead_take_their_first_job_once() -> None:
    pool = Sandbox(None, threading.Event(), jobs=2, background=True)
    try:
        pool.start()
        assert len(pool.worker_pids) == 2
        answers = [pool.submit(n, target=f"{__name__}:pid_of") for n in range(6)]
        assert [ticket.result()[0] for ticket in answers] == list(range(6))
    finally:
        pool.close()


def test_forked_workers_answer_like_fresh_ones_and_are_gone_after_close() -> None:
    pool = Sandbox(None, threading.Event(), jobs=2, background=True, fork=True)
    try:
        pool.start()
        pids = pool.worker_pids
        assert len(pids) == 2 and os.getpid() not in pids
        answers = [pool.submit(n, target=f"{__name__}:pid_of").result() for n in range(6)]
        assert [n for n, _ in answers] == list(range(6)) and {pid for _, pid in answers} <= set(pids)
        with pytest.raises(ValueError, match="bad month 13"):
            TicketClaim(pool.submit("z", target=f"{__name__}:refuse"))()
    finally:
        pool.close()
    for pid in pids:
        with pytest.raises(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)


def swallow(request: Any) -> int:
    """A worker job that wants far more memory than a worker may have."""
    hog = bytearray(int(request) * 1024 * 1024)
    return len(hog)


def test_a_document_that_wants_too_much_memory_fails_alone_and_the_worker_goes_on() -> None:
    from scheduler.service.sandbox import ExtractionFailed

    pool = Sandbox(30, threading.Event(), jobs=1, memory_mb=400)
    try:
        with pytest.raises(ExtractionFailed, match="out of memory"):
            pool.submit(2048, target=f"{__name__}:swallow").result()
        assert pool.submit(16, target=f"{__name__}:swallow").result() == 16 * 1024 * 1024
        assert pool.submit("next", target=f"{__name__}:pid_of").result()[0] == "next"
    finally:
        pool.close()


def test_without_a_memory_limit_the_same_request_is_served() -> None:
    pool = Sandbox(30, threading.Event(), jobs=1)
    try:
        assert pool.submit(600, target=f"{__name__}:swallow").result() == 600 * 1024 * 1024
    finally:
        pool.close()
