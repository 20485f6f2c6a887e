"""gzip for large feeds: the plain file is hashed as a stream and never held whole for a gzip client.

At 100,000 notices ``all.ics`` is about 76 MB and its ``.gz`` 3.5 MB; a
server that kept both in memory for every version stayed at 170 MB.
"""

from __future__ import annotations

import gzip
from pathlib import Path
from typing import Any

import pytest

from scheduler.publish.files import write_atomic
from scheduler.service import http
from scheduler.service.http import make_app
from tests.test_http import FEED, call

# A feed large enough that reading it whole would show (about 1 MB, many events).
BIG_FEED = FEED.replace(b"END:VCALENDAR", b"X-FILLER:" + "城南片区停水，请提前储水。".encode() * 60_000 + b"\r\nEND:VCALENDAR")


def serving(tmp_path: Path, feed: bytes, packed: bytes | None) -> tuple[Any, Path]:
    root = tmp_path / "output"
    write_atomic(root / "feeds" / "all.ics", feed)
    if packed is not None:
        write_atomic(root / "feeds" / "all.ics.gz", packed)
    return make_app(root), root


@pytest.fixture
def whole_reads(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The sizes of every file read whole by the server."""
    sizes: list[int] = []
    real = http._read_all

    def recording(fd: int, size: int) -> bytes:
        sizes.append(size)
        return real(fd, size)

    monkeypatch.setattr(http, "_read_all", recording)
    return sizes


def test_a_gzip_client_gets_the_precompressed_file_without_the_plain_one_being_read_whole(
    tmp_path: Path, whole_reads: list[int]
) -> None:
    packed = gzip.compress(BIG_FEED, compresslevel=9, mtime=1)
    app, _ = serving(tmp_path, BIG_FEED, packed)
    first = call(app, "/feeds/all.ics", accept_encoding="gzip")
    again = call(app, "/feeds/all.ics", accept_encoding="gzip")
    assert first.body == again.body == packed
    assert whole_reads == [len(packed)]  # the .gz once; the 1 MB feed only hashed and compared in pieces
    plain = call(app, "/feeds/all.ics")
    assert plain.body == BIG_FEED and whole_reads == [len(packed), len(BIG_FEED)]
    # The gzip tag is the plain tag with ".gz", whichever representation was asked for first.
    assert first.headers["etag"] == plain.headers["etag"][:-1] + '.gz"'


@pytest.mark.parametrize("name, packed", [
    ("truncated", gzip.compress(BIG_FEED, mtime=0)[:-200]),
    ("the feed and more", gzip.compress(BIG_FEED + b"X-MORE:1\r\n", mtime=0)),
    ("less than the feed", gzip.compress(BIG_FEED[:-20], mtime=0)),
    ("not gzip at all", b"BEGIN:VCALENDAR\r\n" * 10),
    ("one byte changed", gzip.compress(BIG_FEED.replace("城南".encode(), "城北".encode(), 1), mtime=0)),
])
def test_a_precompressed_file_that_does_not_hold_exactly_the_feed_is_ignored(
    tmp_path: Path, name: str, packed: bytes
) -> None:
    app, _ = serving(tmp_path, BIG_FEED, packed)
    reply = call(app, "/feeds/all.ics", accept_encoding="gzip")
    assert reply.status == 200 and reply.body != packed, name
    assert gzip.decompress(reply.body) == BIG_FEED


def test_a_precompressed_file_of_two_gzip_members_is_served_like_gzip_reads_it(tmp_path: Path) -> None:
    half = len(BIG_FEED) // 2
    packed = gzip.compress(BIG_FEED[:half], mtime=0) + gzip.compress(BIG_FEED[half:], mtime=0)
    app, _ = serving(tmp_path, BIG_FEED, packed)
    assert call(app, "/feeds/all.ics", accept_encoding="gzip").body == packed


def test_a_gzip_etag_follows_the_feed_when_it_is_rewritten(tmp_path: Path) -> None:
    app, root = serving(tmp_path, BIG_FEED, gzip.compress(BIG_FEED, mtime=0))
    before = call(app, "/feeds/all.ics", accept_encoding="gzip").headers["etag"]
    changed = BIG_FEED.replace("城南".encode(), "城北".encode(), 1)
    write_atomic(root / "feeds" / "all.ics", changed)
    write_atomic(root / "feeds" / "all.ics.gz", gzip.compress(changed, mtime=0))
    reply = call(app, "/feeds/all.ics", accept_encoding="gzip", if_none_match=before)
    assert reply.status == 200 and reply.headers["etag"] != before
    assert gzip.decompress(reply.body) == changed


def test_a_large_body_is_handed_to_the_server_a_block_at_a_time(tmp_path: Path) -> None:
    app, _ = serving(tmp_path, BIG_FEED, gzip.compress(BIG_FEED, mtime=0))
    handed: list[tuple[Any, int]] = []

    def file_wrapper(stream: Any, block: int) -> list[bytes]:
        handed.append((stream, block))
        return list(iter(lambda: stream.read(block), b""))

    for encoding in ("identity", "gzip"):
        environ = {"REQUEST_METHOD": "GET", "PATH_INFO": "/feeds/all.ics", "HTTP_ACCEPT_ENCODING": encoding,
                   "wsgi.file_wrapper": file_wrapper}
        blocks = list(app(environ, lambda status, headers: None))
        body = b"".join(blocks)
        assert (gzip.decompress(body) if encoding == "gzip" else body) == BIG_FEED
        streamed = len(body) >= http.STREAM_FROM_BYTES  # the 1 MB feed is; its few-KB .gz is not
        assert len(blocks) == (-(-len(body) // http.SEND_BLOCK_BYTES) if streamed else 1)
    assert len(handed) == 1 and handed[0][1] == http.SEND_BLOCK_BYTES
    small = {"REQUEST_METHOD": "GET", "PATH_INFO": "/feeds/all.ics", "HTTP_ACCEPT_ENCODING": "identity",
             "wsgi.file_wrapper": file_wrapper}
    write_atomic(tmp_path / "output" / "feeds" / "all.ics", FEED)
    assert b"".join(app(small, lambda status, headers: None)) == FEED and len(handed) == 1  # small: as it is


def test_waitress_sends_a_large_feed_whole_in_both_representations(tmp_path: Path) -> None:
    import http.client
    import threading

    from scheduler.service.http import create_server
    from tests.service_support import free_port

    _, root = serving(tmp_path, BIG_FEED, gzip.compress(BIG_FEED, mtime=0))
    port = free_port()
    server = create_server(make_app(root), "127.0.0.1", port, threads=2, idle_timeout=5)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        for encoding in ("identity", "gzip", "gzip"):
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            connection.request("GET", "/feeds/all.ics", headers={"Accept-Encoding": encoding})
            reply = connection.getresponse()
            body = reply.read()
            connection.close()
            assert reply.status == 200 and int(reply.getheader("Content-Length")) == len(body)
            assert (gzip.decompress(body) if encoding == "gzip" else body) == BIG_FEED
    finally:
        server.close()
