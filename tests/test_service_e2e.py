"""End to end: ``notices serve`` as a subprocess on a free loopback port."""

from __future__ import annotations

import http.client
import json
import signal
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from tests.service_support import (
    ServiceDirs,
    cli_env,
    feed_events,
    free_port,
    notices_command,
    run_cli,
    temp_files,
    wait_until,
    water_outage_notice,
)

START_TIMEOUT = 60.0
CHANGE_TIMEOUT = 60.0


@dataclass
class Served(ServiceDirs):
    port: int
    process: subprocess.Popen[str]

    def get(self, path: str, **headers: str) -> tuple[int, dict[str, str], bytes]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            conn.request("GET", path, headers=headers)
            reply = conn.getresponse()
            return reply.status, {k.lower(): v for k, v in reply.getheaders()}, reply.read()
        finally:
            conn.close()

    def healthy(self) -> bool:
        try:
            status, _, body = self.get("/healthz")
        except OSError:
            return False
        return status == 200 and json.loads(body).get("last_poll") is not None

    def etag(self) -> str | None:
        try:
            status, headers, _ = self.get("/feeds/all.ics")
        except OSError:
            return None
        return headers.get("etag") if status == 200 else None


def service_args(root: Path, port: int) -> list[str]:
    return ["--inbox", str(root / "inbox"), "--output", str(root / "output"),
            "--store", str(root / "state" / "notices.sqlite3"),
            "--host", "127.0.0.1", "--port", str(port), "--poll-seconds", "1"]


@pytest.fixture()
def served(tmp_path: Path) -> Iterator[Served]:
    (tmp_path / "inbox").mkdir()
    port = free_port()
    process = subprocess.Popen(
        notices_command("serve", *service_args(tmp_path, port)),
        env=cli_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    svc = Served(tmp_path, port, process)
    try:
        if not wait_until(svc.healthy, START_TIMEOUT):
            process.kill()
            raise AssertionError("service did not come up:\n" + process.communicate()[1])
        yield svc
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def stop(svc: Served) -> tuple[int, str]:
    svc.process.send_signal(signal.SIGTERM)
    _, err = svc.process.communicate(timeout=60)
    return svc.process.returncode, err


def test_serve_picks_up_a_new_article_answers_304_and_stops_cleanly(served: Served) -> None:
    before = served.etag()
    assert before is not None
    (served.inbox / "停水通知.txt").write_text(
        water_outage_notice(date(2035, 6, 14), ("8:30", "17:00"), date(2035, 6, 10)), encoding="utf-8")
    assert wait_until(lambda: served.etag() not in (None, before), CHANGE_TIMEOUT), "feed never changed"

    status, headers, body = served.get("/feeds/all.ics")
    assert status == 200
    assert headers["content-type"] == "text/calendar; charset=utf-8"
    assert "BEGIN:VEVENT" in body.decode()
    status, _, body = served.get("/feeds/all.ics", **{"If-None-Match": headers["etag"]})
    assert status == 304 and body == b""
    status, _, _ = served.get("/feeds/all.ics", **{"If-Modified-Since": headers["last-modified"]})
    assert status == 304

    code, err = stop(served)
    assert code == 0, err
    assert "stopped cleanly" in err
    assert any(e.decoded("DTSTART").year == 2035 for e in feed_events(served.output / "feeds" / "all.ics"))
    assert temp_files(served.output) == []


def test_serve_logs_with_levels_and_timestamps_and_stops_on_sigint(served: Served) -> None:
    served.process.send_signal(signal.SIGINT)
    _, err = served.process.communicate(timeout=60)
    assert served.process.returncode == 0
    first = err.splitlines()[0]
    # e.g. "2024-05-08 09:00:01,204 INFO notices.service: serving …"
    assert first[:4].isdigit() and first[4] == "-" and " INFO " in first


def test_second_serve_on_the_same_store_is_refused(served: Served) -> None:
    second = run_cli("serve", *service_args(served.root, free_port()))
    assert second.returncode == 2
    assert "store is in use by process" in second.stderr
    assert str(served.process.pid) in second.stderr
    assert served.healthy()  # the first one is unaffected


def test_restart_after_sigterm_keeps_serving_the_same_feed(served: Served) -> None:
    before = served.etag()
    code, _ = stop(served)
    assert code == 0
    port = free_port()
    again = subprocess.Popen(notices_command("serve", *service_args(served.root, port)),
                             env=cli_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        restarted = Served(served.root, port, again)
        assert wait_until(restarted.healthy, START_TIMEOUT)
        assert restarted.etag() == before  # byte-identical rebuild, same strong ETag
        code, _ = stop(restarted)
        assert code == 0
    finally:
        if again.poll() is None:
            again.kill()
            again.wait()


def test_status_shows_the_running_service_and_feed_urls(served: Served) -> None:
    result = run_cli("status", "--json", *service_args(served.root, served.port))
    assert result.returncode == 0, result.stderr
    status = json.loads(result.stdout)
    assert status["running"] is True
    assert status["next_poll"] is not None and status["next_digest"].endswith("+08:00")
    urls = {feed["url"] for feed in status["feeds"]}
    assert f"http://127.0.0.1:{served.port}/feeds/all.ics" in urls
    assert any(feed["webcal"].startswith("webcal://127.0.0.1") for feed in status["feeds"])
    assert status["last_poll"]["files"] == 0
    assert status["degraded"] is False
