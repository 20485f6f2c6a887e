"""Issue 11, rows 7, 8 and the HTTP part of 10: hostile clients, no server paths, honest health.

Servers listen on 127.0.0.1 only; the slow clients connect from 127.0.0.2
(also loopback on Linux) so that a per-client cap on them leaves 127.0.0.1 free.
"""

from __future__ import annotations

import http.client
import json
import socket
import threading
import time
from datetime import date, datetime, timedelta, timezone
from email.utils import format_datetime
from pathlib import Path
from typing import Any

import pytest

from scheduler.service.http import create_server, make_app
from tests.fault_support import Svc
from tests.service_support import free_port, water_outage_notice
from tests.test_http import FEED, call

SLOW_SOURCE = "127.0.0.2"


@pytest.fixture()
def output(tmp_path: Path) -> Path:
    from scheduler.publish.files import write_atomic

    root = tmp_path / "output"
    write_atomic(root / "feeds" / "all.ics", FEED)
    return root


def serve(output: Path, **limits: Any) -> tuple[Any, int, threading.Thread]:
    port = free_port()
    server = create_server(make_app(output), "127.0.0.1", port, threads=2, idle_timeout=30, **limits)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    return server, port, thread


def timed_get(port: int, path: str = "/feeds/all.ics") -> tuple[int, float]:
    started = time.monotonic()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request("GET", path)
        reply = conn.getresponse()
        reply.read()
        return reply.status, time.monotonic() - started
    finally:
        conn.close()


class SlowClients:
    """Hundreds of connections that trickle one header line every 0.3 s and never finish."""

    def __init__(self, port: int, count: int) -> None:
        self.sockets: list[socket.socket] = []
        for _ in range(count):
            sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            sock.bind((SLOW_SOURCE, 0))
            sock.settimeout(5)
            try:
                sock.connect(("127.0.0.1", port))
                sock.sendall(b"GET /feeds/all.ics HTTP/1.1\r\n")
            except OSError:
                sock.close()
                continue
            sock.setblocking(False)
            self.sockets.append(sock)
        self.closed_by_server = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._trickle, daemon=True)
        self._thread.start()

    def _trickle(self) -> None:
        line = 0
        while not self._stop.wait(0.3):
            line += 1
            for sock in list(self.sockets):
                try:
                    if sock.recv(1) == b"":
                        raise ConnectionResetError
                except BlockingIOError:
                    pass
                except OSError:
                    self.sockets.remove(sock)
                    self.closed_by_server += 1
                    sock.close()
                    continue
                try:
                    sock.send(f"X-Slow-{line}: {line}\r\n".encode())
                except BlockingIOError:
                    pass
                except OSError:
                    self.sockets.remove(sock)
                    self.closed_by_server += 1
                    sock.close()

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=10)
        for sock in self.sockets:
            sock.close()


@pytest.fixture()
def loopback_alias() -> None:
    probe = socket.socket()
    try:
        probe.bind((SLOW_SOURCE, 0))
    except OSError:
        pytest.skip(f"cannot use {SLOW_SOURCE} as a source address here")
    finally:
        probe.close()


# --------------------------------------------------------------------------
# Row 7: 300 slow clients kept every real request out for 40 s


@pytest.mark.parametrize(
    "limits",
    [
        # One greedy address: the per-client cap keeps it to 20 connections.
        {"header_timeout": 1, "per_client": 20, "connection_limit": 100},
        # Slow clients from everywhere (no cap): the headroom of the default
        # connection limit keeps slots free, the header deadline closes them.
        {"header_timeout": 1, "per_client": 0, "connection_limit": 1000},
    ],
    ids=["per-client cap", "headroom and header deadline"],
)
def test_three_hundred_slow_clients_do_not_starve_real_requests(
    output: Path, loopback_alias: None, limits: dict[str, int]
) -> None:
    server, port, thread = serve(output, **limits)
    slow = SlowClients(port, 300)
    try:
        waits = []
        deadline = time.monotonic() + 3.5
        while time.monotonic() < deadline:
            status, took = timed_get(port)
            assert status == 200
            waits.append(took)
            time.sleep(0.4)
        assert max(waits) < 3, waits  # at worst one header deadline (1 s) plus slack
        assert slow.closed_by_server >= 280  # the server hung up on the slow ones
    finally:
        slow.close()
        server.close()
        thread.join(timeout=10)


def test_a_client_that_connects_and_sends_nothing_is_closed_after_the_header_deadline(output: Path) -> None:
    server, port, thread = serve(output, header_timeout=1, per_client=0)
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=10) as conn:
            started = time.monotonic()
            assert conn.recv(1) == b""
            assert time.monotonic() - started < 5
    finally:
        server.close()
        thread.join(timeout=10)


def test_keep_alive_between_requests_is_not_cut_by_the_header_deadline(output: Path) -> None:
    server, port, thread = serve(output, header_timeout=1, per_client=4)
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        for _ in range(2):
            conn.request("GET", "/feeds/all.ics")
            assert conn.getresponse().read() == FEED
            time.sleep(1.5)  # idle longer than the header deadline, shorter than the idle timeout
        conn.request("GET", "/feeds/all.ics")
        assert conn.getresponse().read() == FEED
        conn.close()
    finally:
        server.close()
        thread.join(timeout=10)


# --------------------------------------------------------------------------
# Row 8: server paths in /healthz, feeds and digests


def health_with_paths(tmp_path: Path) -> dict[str, Any]:
    inbox = str(tmp_path / "srv" / "inbox")
    return {
        "status": "degraded", "degraded": True,
        "problems": {"feeds": f"cannot write feeds to {tmp_path}/output: [Errno 28] No space left"},
        "last_poll": {"at": "2035-01-01T09:00:00+08:00", "ingested": [f"{inbox}/停水.txt"],
                      "failed": [[f"{inbox}/坏.txt", "binary data"]], "feeds_written": []},
        "last_digest": {"day": "2035-01-01", "paths": [f"{tmp_path}/output/digests/2035-01-01.md"]},
        "notices": 7,
    }


@pytest.mark.parametrize(
    ("environ", "local"),
    [
        ({"REMOTE_ADDR": "203.0.113.5"}, False),
        ({"REMOTE_ADDR": "2001:db8::5"}, False),
        ({"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "203.0.113.5"}, False),
        ({"REMOTE_ADDR": "127.0.0.1", "HTTP_FORWARDED": "for=203.0.113.5"}, False),
        ({"REMOTE_ADDR": "127.0.0.1"}, True),
        ({"REMOTE_ADDR": "::1"}, True),
    ],
)
def test_healthz_shows_paths_only_to_this_machine(
    tmp_path: Path, output: Path, environ: dict[str, str], local: bool
) -> None:
    app = make_app(output, lambda: health_with_paths(tmp_path))
    headers = {k[5:].lower(): v for k, v in environ.items() if k.startswith("HTTP_")}
    reply = call_from(app, "/healthz", environ.get("REMOTE_ADDR", ""), **headers)
    assert reply.status == 503
    body = reply.body.decode("utf-8")
    document = json.loads(body)
    if local:
        assert str(tmp_path) in body
    else:
        assert str(tmp_path) not in body and "/" not in body.replace("2035-01-01T", "")
        assert document == {"status": "degraded", "degraded": True, "problems": ["feeds"],
                            "last_poll": "2035-01-01T09:00:00+08:00", "last_digest": "2035-01-01",
                            "notices": 7}


def call_from(app: Any, path: str, remote: str, **headers: str) -> Any:
    """``call`` with a REMOTE_ADDR, as waitress sets it."""

    def wrapped(environ: dict[str, Any], start_response: Any) -> Any:
        environ["REMOTE_ADDR"] = remote
        return app(environ, start_response)

    return call(wrapped, path, **headers)


def test_feeds_digests_and_the_front_page_carry_no_server_path(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    svc = Svc(tmp_path)
    svc.inbox.mkdir()
    (svc.inbox / "2035").mkdir()
    (svc.inbox / "2035" / "停水通知.txt").write_text(
        water_outage_notice(date(2035, 1, 2), ("8:30", "17:00"), date(2035, 1, 1)), encoding="utf-8")
    svc.run("2035-01-01T06:00", capsys=capsys)
    svc.run("2035-01-01T06:01", capsys=capsys)
    svc.run("2035-01-01T07:00", capsys=capsys)
    svc.run("2035-01-02T07:00", capsys=capsys)  # the 1月2日 digest lists the outage
    public = [*sorted((svc.output / "feeds").glob("*.ics")), *sorted((svc.output / "digests").iterdir())]
    assert any(p.suffix == ".md" for p in public)
    for path in public:
        text = path.read_text(encoding="utf-8")
        assert str(tmp_path) not in text and "inbox/" not in text, path
    assert "城南片区暂停供水" in (svc.output / "digests" / "2035-01-02.md").read_text(encoding="utf-8")
    app = make_app(svc.output)
    front = call_from(app, "/", "203.0.113.5")  # the front page (issue 12)
    assert front.status == 200 and str(tmp_path).encode() not in front.body and b"inbox/" not in front.body


# --------------------------------------------------------------------------
# Row 10 (HTTP): If-Modified-Since in the future; Range


def test_if_modified_since_in_the_future_is_ignored(output: Path) -> None:
    now = datetime(2035, 1, 1, 9, 0, tzinfo=timezone.utc)
    app = make_app(output, clock=lambda: now.timestamp())
    future = format_datetime(now + timedelta(days=365), usegmt=True)
    reply = call(app, "/feeds/all.ics", if_modified_since=future)
    assert reply.status == 200 and reply.body == FEED
    mtime = (output / "feeds" / "all.ics").stat().st_mtime
    # A date between the file's time and now still gives 304.
    recent = format_datetime(datetime.fromtimestamp(mtime + 1, timezone.utc), usegmt=True)
    app_now = make_app(output, clock=lambda: mtime + 60)
    assert call(app_now, "/feeds/all.ics", if_modified_since=recent).status == 304


def test_range_requests_get_the_whole_file_and_accept_ranges_none(output: Path) -> None:
    app = make_app(output)
    reply = call(app, "/feeds/all.ics", range="bytes=0-9")
    assert reply.status == 200 and reply.body == FEED
    assert reply.headers["accept-ranges"] == "none"
    assert call(app, "/feeds/all.ics", method="HEAD").headers["accept-ranges"] == "none"


# --------------------------------------------------------------------------
# Health that tells the truth (issue 11, "What to build" 2)


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture()
def clock() -> FakeClock:
    return FakeClock()


def test_health_is_degraded_when_no_poll_finished_for_three_intervals(clock: FakeClock) -> None:
    from scheduler.service.health import Activity, public_view, readiness

    activity = Activity(clock=clock)
    base = {"status": "ok", "degraded": False, "problems": {}}
    activity.begin()
    clock.now += 2
    activity.end()
    assert readiness(base, activity, clock.now + 170, 60, 60)["status"] == "ok"
    stale = readiness(base, activity, clock.now + 181, 60, 60)
    assert stale["degraded"] and stale["problems"]["poll"].startswith("no poll has finished for 181 s")
    assert public_view(stale)["problems"] == ["poll"]


def test_health_is_degraded_while_a_job_makes_no_progress(clock: FakeClock) -> None:
    from scheduler.service.health import Activity, readiness

    activity = Activity(clock=clock)
    base = {"status": "ok", "degraded": False, "problems": {}}
    activity.begin()
    clock.now += 100
    activity.beat()  # a file done: progress
    clock.now += 200
    assert "job" not in readiness(base, activity, clock.now, 60, 60)["problems"]
    clock.now += 50  # 250 s without progress > 60 + 3 × 60
    stuck = readiness(base, activity, clock.now, 60, 60)
    assert stuck["degraded"] and "no progress for 250 s" in stuck["problems"]["job"]


def test_liveness_is_separate_from_readiness(output: Path) -> None:
    state = {"alive": True}
    app = make_app(output, lambda: {"status": "degraded", "degraded": True, "problems": {"store": "x"}},
                   liveness=lambda: dict(state))
    assert call(app, "/healthz").status == 503
    assert call(app, "/readyz").status == 503
    assert call(app, "/livez").status == 200
    state["alive"] = False
    assert call(app, "/livez").status == 503

