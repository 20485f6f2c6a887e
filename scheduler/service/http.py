"""The HTTP side of ``notices serve``: a small WSGI app served by waitress.

Only a fixed set of URLs exists, each matched by a strict pattern, so no
request path is ever joined to the output folder as given:

- ``/`` (also ``/index.html``) → ``<output>/index.html``, the front page
  (``scheduler.publish.frontpage``); ``/feeds/`` redirects there
- ``/feeds/<name>.ics``        → ``<output>/feeds/<name>.ics`` (text/calendar)
- ``/digests/<YYYY-MM-DD>.md`` → ``<output>/digests/…`` (text/markdown), ``.html`` likewise
- ``/healthz`` (also ``/readyz``) → readiness as JSON (503 while degraded)
- ``/livez``                   → liveness as JSON (503 only when the scheduler is dead)

Everything else is 404; there are no listings, dotfiles never match, a file
that resolves (through a symlink) outside the output folder is 404, and a
path carrying ``..``, ``%2e%2e``, NUL or a backslash is 400.  Files carry a
strong ``ETag`` (a hash of the bytes, so identical rebuilds keep it) and
``Last-Modified``; ``If-None-Match`` and ``If-Modified-Since`` get 304 (an
``If-Modified-Since`` in the future is ignored).  Ranges are not served:
files say ``Accept-Ranges: none`` and a ``Range`` header gets the whole file.

``Accept-Encoding: gzip`` gets the gzip representation (``Content-Encoding:
gzip``, its own ETag ``"<hash>.gz"``; every file answer says ``Vary:
Accept-Encoding``).  It is the precompressed ``<file>.gz`` beside the file
when that holds exactly the file's bytes, else compressed here once and kept
in memory by the file's ETag.  A gzip client never makes the plain file sit
in memory (it is hashed and compared a piece at a time), and bodies of
256 KB or more go to the server through ``wsgi.file_wrapper``, so waitress
does not copy them into every worker thread's buffer.

Health answers carry details (paths, messages) only for requests from the
machine itself (a loopback address and no ``Forwarded``/``X-Forwarded-For``
/``X-Real-IP`` header); anyone else gets ``scheduler.service.health.public_view``.
The server itself is waitress, hardened in ``scheduler.service.httpserver``.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import ipaddress
import json
import os
import re
import stat
import threading
import time
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timezone
from email.utils import format_datetime, parsedate_to_datetime
from pathlib import Path
from typing import Any

StartResponse = Callable[..., Any]
WSGIApp = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]
HealthSource = Callable[[], dict[str, Any]]
Clock = Callable[[], float]

FEED_URL = re.compile(r"/feeds/([a-z0-9][a-z0-9_-]{0,63})\.ics")
DIGEST_URL = re.compile(r"/digests/(\d{4}-\d{2}-\d{2})\.(md|html)")
CONTENT_TYPES = {
    "ics": "text/calendar; charset=utf-8",
    "md": "text/markdown; charset=utf-8",
    "html": "text/html; charset=utf-8",
}
INDEX_URLS = ("/", "/index.html")
FEEDS_FOLDER_URL = "/feeds/"
_BAD_RAW = re.compile(r"%00|%2e|%2f|%5c", re.IGNORECASE)
_READINESS_URLS = ("/healthz", "/readyz")
_LIVENESS_URL = "/livez"
_FORWARDING_HEADERS = ("HTTP_FORWARDED", "HTTP_X_FORWARDED_FOR", "HTTP_X_REAL_IP")


@dataclass(frozen=True)
class StaticFile:
    """A file ready to send: bytes and validators.

    Example: StaticFile(body=b"BEGIN:VCALENDAR…", etag='"3f2a…"', mtime=1714000000,
    content_type="text/calendar; charset=utf-8").
    """

    body: bytes
    etag: str
    mtime: int
    content_type: str
    encoding: str | None = None

    @property
    def last_modified(self) -> str:
        return format_datetime(datetime.fromtimestamp(self.mtime, timezone.utc), usegmt=True)


@dataclass(frozen=True)
class FileFacts:
    """One version of a file, known without keeping its bytes: its ETag, mtime and size.

    Example: FileFacts(etag='"3f2a…"', mtime=1714000000, size=76_400_000) for all.ics at 100,000 notices.
    """

    etag: str
    mtime: int
    size: int


FileKey = tuple[int, int, int, int]
"""(device, inode, size, mtime in ns): output files are replaced by rename, so a rewrite changes it."""

STREAM_FROM_BYTES = 256 * 1024
"""Bodies from this size on are sent through ``wsgi.file_wrapper`` (no copy per request)."""
SEND_BLOCK_BYTES = 64 * 1024

_HASH_CHUNK = 1 << 20
_INFLATE_CHUNK = 1 << 16


class FileCache:
    """Bytes and ETags of recently served files, keyed by inode, size and mtime.

    Output files are replaced by rename, so a rewrite always changes the key;
    hashing each file once keeps GET fast.  A file asked for only in gzip is
    hashed as a stream and never held whole: at 100,000 notices ``all.ics``
    is 76 MB and its ``.gz`` 3.5 MB, and only the latter stays in memory.

    Example: cache.load(fd, "text/calendar; charset=utf-8") → StaticFile for the 热线问政 feed.
    """

    def __init__(self, limit: int = 256) -> None:
        self._items: dict[FileKey, StaticFile] = {}
        self._facts: dict[FileKey, FileFacts] = {}
        self._gzipped: dict[tuple[str, FileKey | None], StaticFile] = {}
        self._limit = limit
        self._lock = threading.Lock()

    def facts(self, fd: int) -> FileFacts:
        """The ETag, mtime and size of an open file, hashed a chunk at a time (once per version).

        Example: cache.facts(fd of all.ics).etag → '"3f2a…"', the same ETag ``load`` gives.
        """
        key = _file_key(fd)
        with self._lock:
            known = self._facts.get(key)
        if known is not None:
            return known
        hasher = hashlib.sha256()
        offset = 0
        while chunk := os.pread(fd, _HASH_CHUNK, offset):
            hasher.update(chunk)
            offset += len(chunk)
        facts = FileFacts(f'"{hasher.hexdigest()[:32]}"', int(key[3] // 1_000_000_000), offset)
        self._remember(self._facts, key, facts)
        return facts

    def gzipped(self, fd: int, content_type: str, precompressed: int | None) -> StaticFile:
        """The gzip representation of the open file ``fd``: the open ``.gz`` file if it matches, else compressed here.

        Example: cache.gzipped(<fd of all.ics with 第70期“热线问政”>, "text/calendar; charset=utf-8", None) →
        StaticFile(body=b"\x1f\x8b…", etag='"3f2a….gz"', encoding="gzip").
        """
        facts = self.facts(fd)
        key = _file_key(precompressed) if precompressed is not None else None
        with self._lock:
            cached = self._gzipped.get((facts.etag, key))
        if cached is not None:
            return cached
        body = None
        if precompressed is not None:
            data = _read_all(precompressed, os.fstat(precompressed).st_size)
            body = data if _inflates_to(data, fd, facts.size) else None  # a stale or broken .gz is ignored
        if body is None:
            body = gzip.compress(_read_all(fd, facts.size), compresslevel=6, mtime=0)
        packed = StaticFile(body, facts.etag[:-1] + '.gz"', facts.mtime, content_type, "gzip")
        self._remember(self._gzipped, (facts.etag, key), packed)
        return packed

    def load(self, fd: int, content_type: str) -> StaticFile:
        """The whole file with its validators (kept for the next request of the same version).

        Example: cache.load(fd of all.ics, "text/calendar; charset=utf-8").body → b"BEGIN:VCALENDAR…".
        """
        key = _file_key(fd)
        with self._lock:
            cached = self._items.get(key)
        if cached is not None:
            return cached
        body = _read_all(fd, key[2])
        digest = hashlib.sha256(body).hexdigest()[:32]
        item = StaticFile(body, f'"{digest}"', int(key[3] // 1_000_000_000), content_type)
        self._remember(self._items, key, item)
        self._remember(self._facts, key, FileFacts(item.etag, item.mtime, len(body)))
        return item

    def _remember(self, table: dict[Any, Any], key: Any, value: Any) -> None:
        with self._lock:
            if len(table) >= self._limit:
                table.clear()
            table[key] = value


def _file_key(fd: int) -> FileKey:
    info = os.fstat(fd)
    return info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns


def _inflates_to(packed: bytes, fd: int, size: int) -> bool:
    """Does the gzip data ``packed`` hold exactly the file's bytes?  Compared a piece at a time."""
    offset = 0
    rest = packed
    try:
        while rest:  # one gzip member after another, like gzip.decompress
            inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
            for start in range(0, len(rest), _INFLATE_CHUNK):
                piece = inflater.decompress(rest[start : start + _INFLATE_CHUNK])
                if piece != os.pread(fd, len(piece), offset):
                    return False
                offset += len(piece)
                if inflater.eof:
                    break
            if not inflater.eof:
                return False  # truncated
            rest = inflater.unused_data
    except zlib.error:
        return False
    return offset == size and not os.pread(fd, 1, offset)


def make_app(
    output: Path,
    health: HealthSource | None = None,
    *,
    liveness: HealthSource | None = None,
    clock: Clock = time.time,
) -> WSGIApp:
    """The WSGI application serving feeds and digests from ``output``.

    ``clock`` (wall time, seconds) is only used to ignore an ``If-Modified-Since`` in the future.

    Example: make_app(Path("output"), runtime.health) answers GET /feeds/all.ics with the
    calendar holding 第70期“热线问政”.
    """
    root = Path(os.path.realpath(output))
    cache = FileCache()

    def app(environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        method = environ.get("REQUEST_METHOD", "GET")
        path = environ.get("PATH_INFO", "") or "/"
        raw = str(environ.get("REQUEST_URI") or path).split("?", 1)[0]
        if not _path_is_clean(path, raw):
            return _plain(start_response, "400 Bad Request", "bad path\n", method)
        if method not in ("GET", "HEAD"):
            return _plain(start_response, "405 Method Not Allowed", "GET or HEAD only\n", method,
                          [("Allow", "GET, HEAD")])
        if path in _READINESS_URLS:
            return _health(start_response, health, method, local=is_local_request(environ))
        if path == _LIVENESS_URL:
            return _health(start_response, liveness or _alive, method, local=is_local_request(environ),
                           failed_when="alive")
        if path == FEEDS_FOLDER_URL:
            return _plain(start_response, "301 Moved Permanently", "see /\n", method, [("Location", "/")])
        target = _target_for(root, path)
        if target is None:
            return _plain(start_response, "404 Not Found", "not found\n", method)
        gzipped = accepts_gzip(environ.get("HTTP_ACCEPT_ENCODING", ""))
        item = _open_inside(root, target, cache, gzipped)
        if item is None:
            return _plain(start_response, "404 Not Found", "not found\n", method)
        return _send(environ, start_response, item, method, clock())

    return app


def is_local_request(environ: dict[str, Any]) -> bool:
    """Did the request come straight from this machine (loopback, not through a proxy)?

    A missing ``REMOTE_ADDR`` (an in-process call, never a real server) counts as local.

    Example: {"REMOTE_ADDR": "127.0.0.1"} → True; {"REMOTE_ADDR": "203.0.113.7"} → False;
    {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "203.0.113.7"} → False.
    """
    if any(environ.get(name) for name in _FORWARDING_HEADERS):
        return False
    address = str(environ.get("REMOTE_ADDR") or "")
    if not address:
        return True
    try:
        return ipaddress.ip_address(address.split("%", 1)[0]).is_loopback
    except ValueError:
        return address == "localhost"


def accepts_gzip(header: str) -> bool:
    """Does an ``Accept-Encoding`` header accept gzip (RFC 9110 §12.5.3, q=0 refuses)?

    Example: "gzip, deflate, br" → True; "gzip;q=0" → False; "identity" → False; "*" → True.
    """
    star = False
    for part in header.split(","):
        token, _, params = part.strip().partition(";")
        quality = 1.0
        for param in params.split(";"):
            name, _, value = param.strip().partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        token = token.strip().lower()
        if token in ("gzip", "x-gzip"):
            return quality > 0
        if token == "*":
            star = quality > 0
    return star


def _alive() -> dict[str, Any]:
    return {"alive": True}


def _path_is_clean(path: str, raw: str) -> bool:
    """Reject traversal and encoding tricks before any routing."""
    if "\x00" in path or "\\" in path or _BAD_RAW.search(raw):
        return False
    return not any(part in (".", "..") for part in path.split("/"))


def _target_for(root: Path, path: str) -> Path | None:
    if path in INDEX_URLS:
        return root / "index.html"
    feed = FEED_URL.fullmatch(path)
    if feed:
        return root / "feeds" / f"{feed.group(1)}.ics"
    digest = DIGEST_URL.fullmatch(path)
    if digest:
        return root / "digests" / f"{digest.group(1)}.{digest.group(2)}"
    return None


def _open_inside(root: Path, target: Path, cache: FileCache, gzipped: bool = False) -> StaticFile | None:
    """``target`` (its gzip form when ``gzipped``) if it is a regular file that really lies under ``root``."""
    fd = _open_regular(root, target)
    if fd is None:
        return None
    try:
        content_type = CONTENT_TYPES[target.suffix.lstrip(".")]
        if gzipped:
            return _gzipped_inside(root, target, fd, content_type, cache)
        return cache.load(fd, content_type)
    except OSError:
        return None
    finally:
        os.close(fd)


def _open_regular(root: Path, target: Path) -> int | None:
    """An open descriptor of ``target`` if it is a regular file inside ``root`` (no link out of it)."""
    real = os.path.realpath(target)
    if os.path.commonpath([real, root]) != str(root):
        return None  # a symlink pointing out of the output folder
    try:
        fd = os.open(real, os.O_RDONLY | os.O_NOFOLLOW)
    except OSError:
        return None
    try:
        if stat.S_ISREG(os.fstat(fd).st_mode):
            return fd
    except OSError:
        pass
    os.close(fd)
    return None


def _gzipped_inside(root: Path, target: Path, fd: int, content_type: str, cache: FileCache) -> StaticFile:
    """The gzip form of the open file ``fd``, from ``<target>.gz`` when that is a regular file inside ``root``."""
    packed = _open_regular(root, target.with_name(target.name + ".gz"))
    try:
        return cache.gzipped(fd, content_type, packed)
    except OSError:
        return cache.gzipped(fd, content_type, None)
    finally:
        if packed is not None:
            os.close(packed)


def _send(
    environ: dict[str, Any], start_response: StartResponse, item: StaticFile, method: str, now: float
) -> Iterable[bytes]:
    validators = [
        ("ETag", item.etag),
        ("Last-Modified", item.last_modified),
        ("Cache-Control", "no-cache"),
        ("Accept-Ranges", "none"),
        ("Vary", "Accept-Encoding"),
    ]
    if _not_modified(environ, item, now):
        start_response("304 Not Modified", validators)
        return [b""]
    headers = [
        ("Content-Type", item.content_type),
        ("Content-Length", str(len(item.body))),
        ("X-Content-Type-Options", "nosniff"),
        *validators,
    ]
    if item.encoding:
        headers.append(("Content-Encoding", item.encoding))
    start_response("200 OK", headers)
    if method == "HEAD":
        return [b""]
    wrapper = environ.get("wsgi.file_wrapper")
    if wrapper is not None and len(item.body) >= STREAM_FROM_BYTES:
        # Handed to the server a block at a time: waitress would otherwise copy a
        # 3.5 MB body into each worker thread's buffer, and glibc keeps that memory.
        return wrapper(io.BytesIO(item.body), SEND_BLOCK_BYTES)  # type: ignore[no-any-return]
    return [item.body]


def _not_modified(environ: dict[str, Any], item: StaticFile, now: float) -> bool:
    """RFC 9110 §13.2.2: If-None-Match decides when present, else If-Modified-Since.

    An If-Modified-Since later than the server's current time is invalid and
    ignored (RFC 9110 §13.1.3), so a client with a clock far ahead is not
    told "not modified" for ever.
    """
    if_none_match = environ.get("HTTP_IF_NONE_MATCH")
    if if_none_match is not None:
        tags = [tag.strip() for tag in if_none_match.split(",")]
        # Weak comparison: W/"x" matches "x".
        return "*" in tags or any(tag.removeprefix("W/") == item.etag for tag in tags)
    since = environ.get("HTTP_IF_MODIFIED_SINCE")
    if since:
        try:
            moment = parsedate_to_datetime(since)
        except (TypeError, ValueError, IndexError):
            return False
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=timezone.utc)
        if moment.timestamp() > now:
            return False
        return item.mtime <= moment.timestamp()
    return False


def _health(
    start_response: StartResponse,
    health: HealthSource | None,
    method: str,
    *,
    local: bool,
    failed_when: str = "degraded",
) -> Iterable[bytes]:
    from scheduler.service.health import public_view

    document = health() if health is not None else {"status": "ok", "degraded": False}
    if failed_when == "alive":
        failed = not document.get("alive", True)
    else:
        failed = bool(document.get("degraded"))
        if not local:
            document = public_view(document)
    body = json.dumps(document, ensure_ascii=False, sort_keys=True, indent=2).encode() + b"\n"
    status = "503 Service Unavailable" if failed else "200 OK"
    start_response(status, [
        ("Content-Type", "application/json; charset=utf-8"),
        ("Content-Length", str(len(body))),
        ("Cache-Control", "no-store"),
    ])
    return [b""] if method == "HEAD" else [body]


def _plain(
    start_response: StartResponse,
    status: str,
    text: str,
    method: str,
    extra: list[tuple[str, str]] | None = None,
) -> Iterable[bytes]:
    body = text.encode()
    start_response(status, [
        ("Content-Type", "text/plain; charset=utf-8"),
        ("Content-Length", str(len(body))),
        *(extra or []),
    ])
    return [b""] if method == "HEAD" else [body]


def _read_all(fd: int, size: int) -> bytes:
    chunks: list[bytes] = []
    offset = 0
    while True:
        chunk = os.pread(fd, max(size - offset, 65536), offset)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        offset += len(chunk)


def create_server(
    app: WSGIApp,
    host: str,
    port: int,
    *,
    threads: int,
    idle_timeout: int,
    header_timeout: float = 10,
    per_client: int = 32,
    connection_limit: int = 1000,
) -> Any:
    """A hardened waitress server bound to host:port (not yet running; call ``.run()``).

    See ``scheduler.service.httpserver`` for the header deadline, the per-client cap
    and the connection limit.

    Example: create_server(app, "127.0.0.1", 8080, threads=4, idle_timeout=30).run()
    serves /feeds/all.ics with 第70期“热线问政” until closed.
    """
    from scheduler.service.httpserver import create_guarded_server

    return create_guarded_server(
        app, host, port, threads=threads, idle_timeout=idle_timeout, header_timeout=header_timeout,
        per_client=per_client, connection_limit=connection_limit,
    )
