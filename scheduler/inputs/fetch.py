"""Polite HTTP fetching with ``httpx``: one GET, done carefully.

- a ``User-Agent`` naming the project, and ``robots.txt`` respected
  (``urllib.robotparser``; rules kept for a day; a robots.txt that answers
  4xx allows everything, one that cannot be reached stops the fetch, as
  RFC 9309 asks);
- at most one request per ``host_interval_seconds`` to the same host;
- conditional requests: ``If-None-Match``/``If-Modified-Since`` from the
  validators of the last answer, so an unchanged page costs a 304;
- redirects followed by hand (at most ``max_redirects``), each hop checked
  against its own host's robots.txt;
- a timeout per network step and one for the whole body, and a size limit
  checked against ``Content-Length`` and again while the body streams;
- retries with exponential backoff on 5xx, 429, timeouts and broken
  connections; 4xx answers are final.

Every failure is an ``InputError`` whose text is ``"<url>: <reason>"``.
Timing (the per-host interval, the body deadline, backoff) uses a
monotonic clock and a sleep function given to the ``Fetcher``, never the
wall clock, so tests can drive it.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from importlib import metadata
from typing import Any
from urllib.parse import urldefrag, urljoin, urlsplit
from urllib.robotparser import RobotFileParser

import httpx

from scheduler.inputs.inbox import InputError

AGENT_TOKEN = "notices"
"""The product token robots.txt rules are matched against."""

ROBOTS_TTL_SECONDS = 24 * 3600.0

# httpx logs every request at INFO; the service logs what matters about a
# source itself (one line per failure), so keep the journal readable.
logging.getLogger("httpx").setLevel(logging.WARNING)
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_RETRY_STATUS = frozenset({429, 500, 502, 503, 504})
_ACCEPT = (
    "text/html, application/xhtml+xml, application/rss+xml, application/atom+xml, "
    "application/xml;q=0.9, application/pdf;q=0.8, */*;q=0.5"
)


def default_user_agent(contact: str | None = None) -> str:
    """The ``User-Agent`` header: project, version and where to learn more.

    Example: default_user_agent("https://notices.example.org") == "notices/0.1.0 (+https://notices.example.org)".
    """
    try:
        version = metadata.version("notices")
    except metadata.PackageNotFoundError:
        version = "0"
    about = f"+{contact}" if contact else "local-notices calendar feeds; respects robots.txt"
    return f"{AGENT_TOKEN}/{version} ({about})"


@dataclass(frozen=True)
class FetchOptions:
    """Limits and manners of the fetcher.

    Example: FetchOptions(timeout_seconds=5, max_bytes=2_000_000, host_interval_seconds=1, retries=2).
    """

    timeout_seconds: float = 20.0
    max_bytes: int = 10_000_000
    host_interval_seconds: float = 1.0
    retries: int = 2
    backoff_seconds: float = 1.0
    max_redirects: int = 5
    user_agent: str = field(default_factory=default_user_agent)
    respect_robots: bool = True


@dataclass(frozen=True)
class Validators:
    """What a server said about a version of a resource: its ``ETag`` and ``Last-Modified``.

    Example: Validators(etag='"6638a1f2-1b3"', last_modified="Mon, 06 May 2024 08:28:00 GMT").
    """

    etag: str | None = None
    last_modified: str | None = None

    def request_headers(self) -> dict[str, str]:
        """The conditional request headers these validators allow.

        Example: Validators(etag='"v1"').request_headers() == {"If-None-Match": '"v1"'}.
        """
        headers: dict[str, str] = {}
        if self.etag:
            headers["If-None-Match"] = self.etag
        if self.last_modified:
            headers["If-Modified-Since"] = self.last_modified
        return headers

    def to_json(self) -> dict[str, str]:
        """A JSON-able form (keys only for the values present).

        Example: Validators(etag='"v1"').to_json() == {"etag": '"v1"'}.
        """
        return {k: v for k, v in (("etag", self.etag), ("last_modified", self.last_modified)) if v}

    @classmethod
    def from_json(cls, value: Any) -> Validators | None:
        """Back from ``to_json``; None for anything else (or nothing useful).

        Example: Validators.from_json({"etag": '"v1"'}) == Validators(etag='"v1"').
        """
        if not isinstance(value, Mapping):
            return None
        found = cls(_text_or_none(value.get("etag")), _text_or_none(value.get("last_modified")))
        return found if found.etag or found.last_modified else None


@dataclass(frozen=True)
class Fetched:
    """One successful answer: 2xx with its body, or 304 (not modified, no body).

    Example: Fetched(url="http://127.0.0.1:8000/tzgg/1.html", final_url=…, status=200,
    body=b"<html>…", content_type="text/html; charset=utf-8", validators=Validators(etag='"v1"')).
    """

    url: str
    final_url: str
    status: int
    body: bytes
    content_type: str | None
    validators: Validators

    @property
    def not_modified(self) -> bool:
        """True for a 304 answer to a conditional request.

        Example: a second GET of an unchanged 通知公告 feed with its ETag → not_modified is True.
        """
        return self.status == 304


class FetchMemory:
    """What a fetcher remembers between polls: last request per host, robots rules per site.

    Mutable on purpose and owned by one service (one thread at a time).

    Example: memory = FetchMemory(); Fetcher(options, memory=memory) in each poll keeps the
    per-host interval and robots.txt of www.qingshi.gov.cn across polls.
    """

    def __init__(self) -> None:
        self.last_request: dict[str, float] = {}
        self.robots: dict[str, tuple[float, RobotFileParser | None]] = {}


@dataclass(frozen=True)
class _Answer:
    status: int
    reason: str
    headers: httpx.Headers
    body: bytes


class _SlowBody(Exception):
    """The body did not arrive within the overall timeout."""


class Fetcher:
    """Fetches URLs politely (see the module docstring); use as a context manager.

    Example: with Fetcher(FetchOptions(timeout_seconds=5)) as fetcher:
    fetcher.get("https://www.qingshi.gov.cn/tzgg/rss.xml", Validators(etag='"v1"')).not_modified.
    """

    def __init__(
        self,
        options: FetchOptions | None = None,
        *,
        memory: FetchMemory | None = None,
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] = time.sleep,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.options = options or FetchOptions()
        self.memory = memory or FetchMemory()
        self._sleep = sleep
        self._monotonic = monotonic
        self._client = httpx.Client(
            timeout=httpx.Timeout(self.options.timeout_seconds),
            follow_redirects=False,
            headers={"User-Agent": self.options.user_agent, "Accept": _ACCEPT, "Accept-Language": "zh-CN,zh;q=0.9,en;q=0.5"},
            transport=transport,
        )

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the connection pool.

        Example: fetcher.close() after reading 青石市政府's feed and pages.
        """
        self._client.close()

    def get(self, url: str, validators: Validators | None = None) -> Fetched:
        """GET ``url`` (conditionally, given validators); ``InputError`` on any failure.

        Example: fetcher.get("http://127.0.0.1:8000/news/rss.xml", Validators(etag='"v1"')) →
        Fetched(status=304, …) while the feed is unchanged.
        """
        requested = urldefrag(url.strip()).url
        if urlsplit(requested).scheme not in ("http", "https") or not urlsplit(requested).netloc:
            raise InputError(url, "only http:// and https:// addresses can be fetched")
        conditional = validators.request_headers() if validators else {}
        current = requested
        for _hop in range(self.options.max_redirects + 1):
            self._check_robots(current, requested)
            answer = self._with_retries(current, requested, conditional)
            if answer.status in _REDIRECTS:
                current = self._redirect_target(answer, current, requested)
                continue
            where = "" if current == requested else f" (at {current})"
            if answer.status == 304:
                if not conditional:
                    raise InputError(requested, f"HTTP 304 to a request that was not conditional{where}")
                return Fetched(requested, current, 304, b"", None, validators or Validators())
            if answer.status >= 400:
                raise InputError(requested, f"HTTP {answer.status} {answer.reason}{where}".rstrip())
            if not 200 <= answer.status < 300:
                raise InputError(requested, f"unexpected HTTP status {answer.status}{where}")
            return Fetched(
                requested,
                current,
                answer.status,
                answer.body,
                answer.headers.get("content-type"),
                Validators(answer.headers.get("etag"), answer.headers.get("last-modified")),
            )
        raise InputError(requested, f"too many redirects (more than {self.options.max_redirects})")

    # -- one request -------------------------------------------------------------

    def _with_retries(self, url: str, requested: str, headers: dict[str, str]) -> _Answer:
        """One request, retried with backoff on 5xx/429, timeouts and broken connections."""
        attempts = self.options.retries + 1
        problem = ""
        for attempt in range(attempts):
            try:
                answer = self._attempt(url, requested, headers)
            except (httpx.TimeoutException, _SlowBody):
                problem = f"timed out after {self.options.timeout_seconds:g} s"
            except httpx.TransportError as exc:
                problem = _connection_problem(exc)
            except httpx.HTTPError as exc:  # invalid URL, undecodable body…: retrying will not help
                raise InputError(requested, f"{type(exc).__name__}: {exc}") from None
            else:
                if answer.status not in _RETRY_STATUS:
                    return answer
                problem = f"HTTP {answer.status} {answer.reason}".rstrip()
            if attempt + 1 < attempts:
                self._sleep(self.options.backoff_seconds * 2**attempt)
        tries = "1 attempt" if attempts == 1 else f"{attempts} attempts"
        raise InputError(requested, f"{problem} ({tries})")

    def _attempt(self, url: str, requested: str, headers: dict[str, str], *, counts: bool = True) -> _Answer:
        """One GET after waiting for the host's turn; the body only for 2xx answers.

        ``counts=False`` (robots.txt) does not start a new interval: a
        crawler asks for robots.txt and then for the page, back to back.
        """
        self._wait_for_host(url, counts)
        started = self._monotonic()
        with self._client.stream("GET", url, headers=headers) as response:
            status = response.status_code
            if not 200 <= status < 300:
                return _Answer(status, response.reason_phrase, response.headers, b"")
            declared = response.headers.get("content-length", "")
            limit = self.options.max_bytes
            if declared.isdigit() and int(declared) > limit:
                raise InputError(requested, f"too large: {int(declared)} bytes (limit {limit})")
            body = bytearray()
            for chunk in response.iter_bytes():
                body += chunk
                if len(body) > limit:
                    raise InputError(requested, f"too large: more than {limit} bytes (limit {limit})")
                if self._monotonic() - started > self.options.timeout_seconds:
                    raise _SlowBody()
            return _Answer(status, response.reason_phrase, response.headers, bytes(body))

    def _wait_for_host(self, url: str, counts: bool = True) -> None:
        """Sleep until ``host_interval_seconds`` have passed since the last request to this host."""
        host = urlsplit(url).netloc.lower()
        last = self.memory.last_request.get(host)
        if last is not None:
            wait = self.options.host_interval_seconds - (self._monotonic() - last)
            if wait > 0:
                self._sleep(wait)
        if counts:
            self.memory.last_request[host] = self._monotonic()

    def _redirect_target(self, answer: _Answer, current: str, requested: str) -> str:
        location = answer.headers.get("location")
        if not location:
            raise InputError(requested, f"HTTP {answer.status} redirect without a Location header")
        target = urldefrag(urljoin(current, location.strip())).url
        if urlsplit(target).scheme not in ("http", "https"):
            raise InputError(requested, f"redirect to a non-web address {target}")
        return target

    # -- robots.txt --------------------------------------------------------------

    def _check_robots(self, url: str, requested: str) -> None:
        if not self.options.respect_robots:
            return
        parts = urlsplit(url)
        site = f"{parts.scheme}://{parts.netloc}"
        rules = self._robots_rules(site, requested)
        if rules is not None and not rules.can_fetch(AGENT_TOKEN, url):
            raise InputError(requested, f"disallowed by {site}/robots.txt")

    def _robots_rules(self, site: str, requested: str) -> RobotFileParser | None:
        """The site's rules (None: everything allowed), fetched at most once a day."""
        cached = self.memory.robots.get(site)
        if cached is not None and self._monotonic() - cached[0] < ROBOTS_TTL_SECONDS:
            return cached[1]
        address = f"{site}/robots.txt"
        try:
            answer = self._attempt(address, requested, {}, counts=False)
            hops = 0
            while answer.status in _REDIRECTS and hops < self.options.max_redirects:
                address = self._redirect_target(answer, address, requested)
                answer = self._attempt(address, requested, {}, counts=False)
                hops += 1
        except (httpx.TimeoutException, _SlowBody):
            raise InputError(requested, f"timed out after {self.options.timeout_seconds:g} s (asking for robots.txt)") from None
        except httpx.TransportError as exc:
            raise InputError(requested, _connection_problem(exc)) from None
        except httpx.HTTPError as exc:
            raise InputError(requested, f"robots.txt of {site} unreadable ({type(exc).__name__}); not fetching") from None
        if 200 <= answer.status < 300:
            rules: RobotFileParser | None = RobotFileParser(address)
            assert rules is not None
            rules.parse(answer.body.decode("utf-8", "replace").splitlines())
        elif 400 <= answer.status < 500:
            rules = None
        else:
            raise InputError(requested, f"robots.txt of {site} unreachable (HTTP {answer.status}); not fetching")
        self.memory.robots[site] = (self._monotonic(), rules)
        return rules


def _connection_problem(exc: httpx.TransportError) -> str:
    detail = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
    return f"connection failed ({detail})"


def _text_or_none(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None
