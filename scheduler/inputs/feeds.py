"""RSS and Atom feeds → one article per item, with ``feedparser``.

Each item keeps its own title, link, date and text: ``published`` (else
``updated``) becomes the article's publication time with basis ``feed``, so
``下周四`` in an item resolves against that item's day, not the feed's.  The
item's HTML (``content:encoded``, else the summary) is stripped to lines by
``markup_text``; CDATA and entities never reach a title.

Dates without a zone (``2024-05-06 10:00:00``, common on Chinese sites) are
local Asia/Shanghai time; feedparser would take them as UTC and shift a late
evening item into the next day.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
from calendar import timegm
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any
from urllib.parse import urldefrag, urljoin

import feedparser

from notices.model import SHANGHAI
from notices.published import parse_published_value
from scheduler.inputs.inbox import InputError, SourceDoc
from scheduler.inputs.markup import markup_text

FEED_BASIS = "feed"
"""The ``published_basis`` of an item's own ``pubDate``/``published``/``updated``."""

SHORT_ITEM_CHARS = 200
"""An item whose text is shorter than this is a teaser: its page holds the article."""

_HAS_ZONE = re.compile(r"(?:Z|[+-]\d{2}:?\d{2}|\b(?:GMT|UTC|UT|[ECMP][SD]T))\s*$", re.IGNORECASE)
# "CST" on a Chinese site is China Standard Time, not US Central as feedparser reads it.
_CHINA_TIME = re.compile(r"\s*\bCST\s*$")
# feedparser's complaints that do not make a feed unreadable.
_HARMLESS = (feedparser.CharacterEncodingOverride, feedparser.NonXMLContentType)
# A bare "&" (in a link's query string, say) is the commonest flaw of real feeds.
_BARE_AMPERSAND = re.compile(rb"&(?!(?:[A-Za-z][A-Za-z0-9]{0,31}|#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6});)")


@dataclass(frozen=True)
class FeedItem:
    """One item of a feed, its HTML already turned into text.

    Example: FeedItem(title="城南片区5月9日停水", link="https://news.qingshi.cn/2024/0506/a1.html",
    guid="a1", published=2024-05-06T10:00+08:00, text="市自来水公司定于…", full=True).
    """

    title: str
    link: str | None
    guid: str | None
    published: datetime | None
    text: str
    full: bool

    @property
    def is_teaser(self) -> bool:
        """A short summary whose linked page should be read instead.

        Example: an item with only "市自来水公司发布停水通知，详见正文。" and a link → True.
        """
        return self.link is not None and not self.full and len(self.text) < SHORT_ITEM_CHARS


@dataclass(frozen=True)
class ParsedFeed:
    """The title and items of a feed.

    Example: ParsedFeed(title="青石新闻网", items=(FeedItem(...), …)).
    """

    title: str
    items: tuple[FeedItem, ...]


def parse_feed(data: bytes, origin: str, *, url: str | None = None) -> ParsedFeed:
    """Read an RSS or Atom document; ``InputError`` naming ``origin`` when it is not one.

    The XML must be well-formed: items that feedparser's lenient parser
    salvages from a truncated or broken document may be cut mid-sentence,
    so such a feed is refused whole (and read again when it is fixed).  The
    one flaw repaired first is a bare ``&``, common in real feeds' links.

    Example: parse_feed(rss_bytes, "news.xml").items[0].title == "城南片区5月9日停水".
    """
    result, problem = _parse(data, url)
    if problem is not None:
        repaired = _BARE_AMPERSAND.sub(b"&amp;", data)
        if repaired != data:
            second, second_problem = _parse(repaired, url)
            if second_problem is None:
                result, problem = second, None
    entries = result.get("entries") or []
    if not result.get("version") and not entries:
        reason = f" ({_describe(problem)})" if problem is not None else ""
        raise InputError(origin, f"not an RSS or Atom feed{reason}")
    if problem is not None:
        raise InputError(origin, f"malformed feed, not read ({_describe(problem)})")
    items = tuple(item for entry in entries if (item := _item(entry, url)) is not None)
    feed_title = markup_text(str(result.get("feed", {}).get("title", "")))
    return ParsedFeed(feed_title, items)


def _parse(data: bytes, url: str | None) -> tuple[Any, BaseException | None]:
    """feedparser's result and its real complaint, if any (encoding notes are not complaints)."""
    headers = {"content-location": url} if url else None
    result = feedparser.parse(io.BytesIO(data), response_headers=headers, sanitize_html=True)
    problem = result.get("bozo_exception") if result.get("bozo") else None
    if problem is not None and isinstance(problem, _HARMLESS):
        problem = None
    return result, problem


def item_key(item: FeedItem, base: str, index: int) -> str:
    """The store identity of an item: its link, else ``<feed>#<guid>`` (else its position).

    Example: item_key(FeedItem(link="https://news.qingshi.cn/a1.html#top", …), "news.xml", 0)
    == "https://news.qingshi.cn/a1.html".
    """
    if item.link:
        return urldefrag(item.link).url
    if item.guid:
        tag = item.guid
    elif item.title:
        tag = hashlib.sha1(item.title.encode("utf-8")).hexdigest()[:12]
    else:
        tag = str(index)
    return f"{base}#{tag}"


def item_document(item: FeedItem, origin: str, key: str) -> SourceDoc:
    """One item as a ``SourceDoc``: its text, with title, link and date as metadata.

    Example: item_document(FeedItem(title="城南片区5月9日停水", published=2024-05-06T10:00+08:00, …),
    "news.xml", "https://news.qingshi.cn/a1.html").meta == {"title": "城南片区5月9日停水",
    "url": "https://news.qingshi.cn/a1.html", "published": "2024-05-06T10:00:00+08:00", "published_basis": "feed"}.
    """
    meta = item_meta(item)
    text = item.text or item.title
    if not text.strip():
        raise InputError(origin, f"feed item {key} has neither text nor title")
    fingerprint = json.dumps({"text": text, "meta": meta}, ensure_ascii=False, sort_keys=True)
    return SourceDoc(
        path=origin,
        text=text,
        encoding="feed",
        meta=meta,
        sha256=hashlib.sha256(fingerprint.encode("utf-8")).hexdigest(),
        body_offset=0,
        key=key,
    )


def item_meta(item: FeedItem) -> dict[str, str]:
    """The front-matter equivalent of an item: title, url, published and its basis.

    Example: item_meta(FeedItem(title="停水通知", link=None, published=None, …)) == {"title": "停水通知"}.
    """
    meta: dict[str, str] = {}
    if item.title:
        meta["title"] = item.title
    if item.link:
        meta["url"] = item.link
    if item.published is not None:
        meta["published"] = item.published.isoformat()
        meta["published_basis"] = FEED_BASIS
    return meta


# -- internals -------------------------------------------------------------------


def _item(entry: Any, base_url: str | None) -> FeedItem | None:
    title = markup_text(str(entry.get("title", ""))).replace("\n", " ")
    link = _link(entry, base_url)
    contents = entry.get("content") or []
    full_html = "\n".join(str(c.get("value", "")) for c in contents if c.get("value"))
    summary_html = str(entry.get("summary", "") or "")
    text = markup_text(full_html or summary_html)
    if not title and not text:
        return None
    guid = str(entry.get("id") or "") or None
    return FeedItem(title, link, guid, _date(entry), text, bool(full_html))


def _link(entry: Any, base_url: str | None) -> str | None:
    link = str(entry.get("link") or "").strip()
    if not link:
        return None
    absolute = urljoin(base_url, link) if base_url else link
    return absolute if absolute.startswith(("http://", "https://")) else None


def _date(entry: Any) -> datetime | None:
    """The item's publication time: ``published``, else ``updated``; zone-less values are local."""
    for name in ("published", "updated"):
        raw = str(entry.get(name) or "").strip()
        parsed = entry.get(f"{name}_parsed")
        local = _CHINA_TIME.sub("", raw)
        if raw and (local != raw or not _HAS_ZONE.search(raw)):
            try:
                return parse_published_value(local)
            except ValueError:
                pass
        if parsed:
            return datetime.fromtimestamp(timegm(parsed), timezone.utc).astimezone(SHANGHAI)
    return None


def _describe(problem: BaseException | None) -> str:
    if problem is None:
        return "unknown problem"
    message = getattr(problem, "getMessage", None)
    text = message() if callable(message) else str(problem)
    line = getattr(problem, "getLineNumber", None)
    where = f" at line {line()}" if callable(line) else ""
    return f"{text.strip()}{where}"
