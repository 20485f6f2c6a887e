"""The WSGI app: routes, content types, validators, 304s, refusals; and waitress around it."""

from __future__ import annotations

import http.client
import json
import os
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from email.utils import format_datetime
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from scheduler.publish.files import write_atomic
from scheduler.service.http import create_server, make_app
from tests.service_support import free_port

FEED = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//notices test//ZH\r\n"
    "BEGIN:VEVENT\r\nUID:outage-test-1\r\nSUMMARY:城南片区停水\r\n"
    "DTSTART;TZID=Asia/Shanghai:20240509T080000\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
).encode()


@dataclass(frozen=True)
class Reply:
    status: int
    headers: dict[str, str]
    body: bytes


def call(app: Any, path: str, method: str = "GET", raw: str | None = None, **headers: str) -> Reply:
    """Call a WSGI app the way waitress would (PATH_INFO decoded, REQUEST_URI raw)."""
    environ: dict[str, Any] = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "REQUEST_URI": raw if raw is not None else path,
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8080",
        "wsgi.url_scheme": "http",
    }
    for name, value in headers.items():
        environ["HTTP_" + name.upper()] = value
    seen: dict[str, Any] = {}

    def start_response(status: str, header_list: list[tuple[str, str]]) -> None:
        seen["status"] = int(status.split()[0])
        seen["headers"] = {k.lower(): v for k, v in header_list}

    body = b"".join(app(environ, start_response))
    return Reply(seen["status"], seen["headers"], body)


@pytest.fixture()
def output(tmp_path: Path) -> Path:
    root = tmp_path / "output"
    write_atomic(root / "feeds" / "all.ics", FEED)
    write_atomic(root / "feeds" / "outage.ics", FEED)
    write_atomic(root / "digests" / "2024-05-08.md", "# 本地通知摘要 · 2024年5月8日\n".encode())
    write_atomic(root / "digests" / "2024-05-08.html", "<h1>本地通知摘要</h1>".encode())
    return root


@pytest.fixture()
def app(output: Path) -> Any:
    return make_app(output, lambda: {"status": "ok", "degraded": False, "notices": 1})


def test_feed_is_served_with_calendar_type_and_validators(app: Any) -> None:
    reply = call(app, "/feeds/all.ics")
    assert reply.status == 200
    assert reply.body == FEED
    assert reply.headers["content-type"] == "text/calendar; charset=utf-8"
    assert reply.headers["content-length"] == str(len(FEED))
    etag = reply.headers["etag"]
    assert etag.startswith('"') and etag.endswith('"') and not etag.startswith("W/")
    assert reply.headers["last-modified"].endswith("GMT")


def test_head_has_the_headers_and_no_body(app: Any) -> None:
    get = call(app, "/feeds/outage.ics")
    head = call(app, "/feeds/outage.ics", method="HEAD")
    assert head.status == 200 and head.body == b""
    assert head.headers["content-length"] == str(len(FEED))
    assert head.headers["etag"] == get.headers["etag"]


def test_digests_are_served_as_markdown_and_html(app: Any) -> None:
    md = call(app, "/digests/2024-05-08.md")
    html = call(app, "/digests/2024-05-08.html")
    assert md.status == html.status == 200
    assert md.headers["content-type"] == "text/markdown; charset=utf-8"
    assert html.headers["content-type"] == "text/html; charset=utf-8"
    assert "本地通知摘要" in md.body.decode()


def test_if_none_match_gives_304(app: Any) -> None:
    etag = call(app, "/feeds/all.ics").headers["etag"]
    reply = call(app, "/feeds/all.ics", if_none_match=etag)
    assert reply.status == 304 and reply.body == b""
    assert reply.headers["etag"] == etag
    assert call(app, "/feeds/all.ics", if_none_match=f'"other", {etag}').status == 304
    assert call(app, "/feeds/all.ics", if_none_match=f"W/{etag}").status == 304
    assert call(app, "/feeds/all.ics", if_none_match="*").status == 304
    assert call(app, "/feeds/all.ics", if_none_match='"stale"').status == 200


def test_if_modified_since_gives_304_only_when_not_newer(app: Any, output: Path) -> None:
    mtime = datetime.fromtimestamp(int((output / "feeds" / "all.ics").stat().st_mtime), timezone.utc)
    same = format_datetime(mtime, usegmt=True)
    older = format_datetime(mtime - timedelta(hours=1), usegmt=True)
    assert call(app, "/feeds/all.ics", if_modified_since=same).status == 304
    assert call(app, "/feeds/all.ics", if_modified_since=older).status == 200
    assert call(app, "/feeds/all.ics", if_modified_since="not a date").status == 200
    # If-None-Match wins over If-Modified-Since when both are sent.
    assert call(app, "/feeds/all.ics", if_none_match='"stale"', if_modified_since=same).status == 200


def test_etag_follows_the_bytes_not_the_write(app: Any, output: Path) -> None:
    before = call(app, "/feeds/all.ics").headers["etag"]
    write_atomic(output / "feeds" / "all.ics", FEED)  # new inode, same bytes
    assert call(app, "/feeds/all.ics").headers["etag"] == before
    changed = FEED.replace("城南片区停水".encode(), "城北片区停水".encode())
    write_atomic(output / "feeds" / "all.ics", changed)
    reply = call(app, "/feeds/all.ics", if_none_match=before)
    assert reply.status == 200 and reply.body == changed
    assert reply.headers["etag"] != before


@pytest.mark.parametrize(
    "path",
    ["/", "/feeds", "/digests/", "/feeds/missing.ics", "/feeds/.hidden.ics",
     "/feeds/ALL.ics", "/feeds/all.ics/", "/feeds/all.txt", "/output/feeds/all.ics",
     "/digests/2024-5-8.md", "/digests/2024-05-08.pdf", "/feeds/sub/all.ics"],
)
def test_unknown_paths_listings_and_dotfiles_are_404(app: Any, output: Path, path: str) -> None:
    (output / "feeds" / ".hidden.ics").write_bytes(FEED)
    (output / "feeds" / "sub").mkdir()
    (output / "feeds" / "sub" / "all.ics").write_bytes(FEED)
    reply = call(app, path)
    assert reply.status == 404
    assert b"BEGIN:VCALENDAR" not in reply.body


@pytest.mark.parametrize(
    ("path", "raw"),
    [
        ("/feeds/../../etc/passwd", "/feeds/../../etc/passwd"),
        ("/feeds/../digests/2024-05-08.md", "/feeds/%2e%2e/digests/2024-05-08.md"),
        ("/feeds/all.ics\x00.md", "/feeds/all.ics%00.md"),
        ("/feeds/..\\all.ics", "/feeds/..%5call.ics"),
        ("/feeds/all.ics", "/feeds%2fall.ics"),
        ("/feeds/./all.ics", "/feeds/./all.ics"),
    ],
)
def test_traversal_and_encoding_tricks_are_400(app: Any, path: str, raw: str) -> None:
    assert call(app, path, raw=raw).status == 400


def test_symlink_escaping_the_output_is_refused(app: Any, output: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.ics"
    secret.write_bytes(b"BEGIN:VCALENDAR\r\nX-SECRET:1\r\nEND:VCALENDAR\r\n")
    (output / "feeds" / "leak.ics").symlink_to(secret)
    (output / "feeds" / "alias.ics").symlink_to(output / "feeds" / "all.ics")
    assert call(app, "/feeds/leak.ics").status == 404
    assert call(app, "/feeds/alias.ics").status == 200  # inside the output folder: fine


def test_directory_with_a_feed_name_is_not_listed(app: Any, output: Path) -> None:
    (output / "feeds" / "folder.ics").mkdir()
    assert call(app, "/feeds/folder.ics").status == 404


def test_other_methods_are_405(app: Any) -> None:
    reply = call(app, "/feeds/all.ics", method="POST")
    assert reply.status == 405
    assert reply.headers["allow"] == "GET, HEAD"


def test_healthz_reports_json_and_503_when_degraded(output: Path) -> None:
    state = {"status": "ok", "degraded": False}
    app = make_app(output, lambda: dict(state))
    reply = call(app, "/healthz")
    assert reply.status == 200
    assert reply.headers["content-type"].startswith("application/json")
    assert json.loads(reply.body)["status"] == "ok"
    state.update(status="degraded", degraded=True)
    assert call(app, "/healthz").status == 503


# --- the same app behind waitress, over real sockets


@pytest.fixture()
def server(output: Path) -> Iterator[tuple[str, int]]:
    port = free_port()
    app = make_app(output, lambda: {"status": "ok", "degraded": False})
    running = create_server(app, "127.0.0.1", port, threads=2, idle_timeout=1)
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    yield "127.0.0.1", port
    running.close()
    thread.join(timeout=10)


def raw_request(address: tuple[str, int], request: bytes) -> bytes:
    with socket.create_connection(address, timeout=10) as conn:
        conn.sendall(request)
        chunks = []
        while chunk := conn.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


def test_waitress_serves_the_feed_and_answers_304(server: tuple[str, int]) -> None:
    conn = http.client.HTTPConnection(*server, timeout=10)
    conn.request("GET", "/feeds/all.ics")
    first = conn.getresponse()
    assert first.status == 200 and first.read() == FEED
    etag = first.getheader("ETag")
    conn.request("GET", "/feeds/all.ics", headers={"If-None-Match": etag})
    second = conn.getresponse()
    assert second.status == 304 and second.read() == b""
    conn.close()


@pytest.mark.parametrize(
    ("target", "expected"),
    [(b"/feeds/%2e%2e/%2e%2e/etc/passwd", b" 400 "), (b"/feeds/all.ics%00", b" 400 "),
     (b"/feeds/../feeds/all.ics", b" 400 "), (b"/feeds/", b" 301 ")],
)
def test_waitress_refuses_traversal_on_the_wire(server: tuple[str, int], target: bytes, expected: bytes) -> None:
    reply = raw_request(server, b"GET " + target + b" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    assert expected in reply.split(b"\r\n", 1)[0]
    assert b"BEGIN:VCALENDAR" not in reply and b"root:" not in reply


def test_idle_connections_are_closed_by_the_server(server: tuple[str, int]) -> None:
    with socket.create_connection(server, timeout=30) as conn:
        # Send nothing: the server must hang up on its own (idle timeout 1 s).
        assert conn.recv(1) == b""


def test_directory_listing_is_never_produced_even_for_the_root(server: tuple[str, int], output: Path) -> None:
    reply = raw_request(server, b"GET /feeds/ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    assert b"all.ics" not in reply
    assert os.listdir(output / "feeds")  # there was something to list
