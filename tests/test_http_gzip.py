"""gzip on the wire: negotiation, one ETag per representation, 304 for both, precompressed files."""

from __future__ import annotations

import gzip
import os
from pathlib import Path
from typing import Any

from scheduler.publish.files import write_atomic
from scheduler.service.http import accepts_gzip, make_app
from tests.test_http import FEED, call

PAGE = "<!DOCTYPE html><title>本地通知日历</title>".encode()


def app_for(tmp_path: Path) -> tuple[Any, Path]:
    root = tmp_path / "output"
    write_atomic(root / "feeds" / "all.ics", FEED)
    write_atomic(root / "index.html", PAGE)
    return make_app(root), root


def test_accept_encoding_is_read_with_qualities() -> None:
    assert accepts_gzip("gzip, deflate, br") and accepts_gzip("br;q=1.0, gzip;q=0.5") and accepts_gzip("*")
    assert not accepts_gzip("") and not accepts_gzip("identity") and not accepts_gzip("gzip;q=0")
    assert not accepts_gzip("*;q=0") and not accepts_gzip("br")


def test_gzip_body_with_vary_and_its_own_etag(tmp_path: Path) -> None:
    app, _ = app_for(tmp_path)
    plain = call(app, "/feeds/all.ics")
    packed = call(app, "/feeds/all.ics", accept_encoding="gzip, br")
    assert plain.body == FEED and "content-encoding" not in plain.headers
    assert packed.headers["content-encoding"] == "gzip" and gzip.decompress(packed.body) == FEED
    assert plain.headers["vary"] == packed.headers["vary"] == "Accept-Encoding"
    assert packed.headers["etag"] != plain.headers["etag"]
    assert packed.headers["content-length"] == str(len(packed.body))
    assert packed.headers["content-type"] == plain.headers["content-type"]
    # Each representation revalidates with its own tag; the other tag is a different representation.
    assert call(app, "/feeds/all.ics", if_none_match=plain.headers["etag"]).status == 304
    again = call(app, "/feeds/all.ics", accept_encoding="gzip", if_none_match=packed.headers["etag"])
    assert again.status == 304 and again.body == b"" and again.headers["vary"] == "Accept-Encoding"
    assert call(app, "/feeds/all.ics", accept_encoding="gzip", if_none_match=plain.headers["etag"]).status == 200
    head = call(app, "/feeds/all.ics", method="HEAD", accept_encoding="gzip")
    assert head.body == b"" and head.headers["etag"] == packed.headers["etag"]


def test_on_the_fly_compression_is_done_once_per_file_version(tmp_path: Path, monkeypatch: Any) -> None:
    app, _ = app_for(tmp_path)
    calls: list[int] = []
    real = gzip.compress

    def counting(data: bytes, *args: Any, **kwargs: Any) -> bytes:
        calls.append(len(data))
        return real(data, *args, **kwargs)

    monkeypatch.setattr(gzip, "compress", counting)
    for _ in range(3):
        call(app, "/feeds/all.ics", accept_encoding="gzip")
    assert calls == [len(FEED)]


def test_precompressed_file_is_used_only_when_it_matches(tmp_path: Path) -> None:
    app, root = app_for(tmp_path)
    made = gzip.compress(FEED, compresslevel=9, mtime=1)  # differs from what the server would make
    write_atomic(root / "feeds" / "all.ics.gz", made)
    assert call(app, "/feeds/all.ics", accept_encoding="gzip").body == made
    # A stale .gz (the feed changed since) is ignored: the body always matches the file.
    changed = FEED.replace("城南片区停水".encode(), "城北片区停水".encode())
    write_atomic(root / "feeds" / "all.ics", changed)
    reply = call(app, "/feeds/all.ics", accept_encoding="gzip")
    assert gzip.decompress(reply.body) == changed and reply.body != made
    # The .gz itself is no URL of its own.
    assert call(app, "/feeds/all.ics.gz").status == 404


def test_precompressed_link_out_of_the_output_is_ignored(tmp_path: Path) -> None:
    app, root = app_for(tmp_path)
    outside = tmp_path / "elsewhere.gz"
    outside.write_bytes(gzip.compress(FEED))
    os.symlink(outside, root / "feeds" / "all.ics.gz")
    reply = call(app, "/feeds/all.ics", accept_encoding="gzip")
    assert gzip.decompress(reply.body) == FEED and reply.body != outside.read_bytes()


def test_front_page_at_the_root_and_feeds_folder_redirects(tmp_path: Path) -> None:
    app, _ = app_for(tmp_path)
    for path in ("/", "/index.html"):
        reply = call(app, path)
        assert reply.status == 200 and reply.body == PAGE
        assert reply.headers["content-type"] == "text/html; charset=utf-8"
    moved = call(app, "/feeds/")
    assert moved.status == 301 and moved.headers["location"] == "/"
    assert gzip.decompress(call(app, "/", accept_encoding="gzip").body) == PAGE
