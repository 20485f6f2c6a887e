"""A URL → its articles: fetch, pick the reader, and follow feed teasers to their pages.

Fetched articles are keyed by URL: a page by the address it was asked for,
a feed item by its link.  So the same item fetched twice, or met both in a
feed and as a page, is one article in the store, and a changed page
re-extracts it.  A feed item whose text is only a short teaser is read from
its linked page (conditionally too); the item's own title and date win over
the page's.  If that page cannot be fetched, the teaser is used and the
failure reported, so nothing the feed offered is lost.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from urllib.parse import urldefrag

from scheduler.inputs.dispatch import documents_from_bytes, log
from scheduler.inputs.feeds import FeedItem, item_document, item_key, item_meta, parse_feed
from scheduler.inputs.fetch import Fetched, Fetcher, Validators
from scheduler.inputs.formats import FEED, detect_format, media_type
from scheduler.inputs.inbox import InputError, SourceDoc

FEED_KIND, PAGE_KIND = "feed", "page"
"""What a configured source is expected to be."""

ValidatorLookup = Callable[[str], "Validators | None"]
"""Validators remembered for a URL (for conditional requests), or None."""


@dataclass(frozen=True)
class RemoteRead:
    """What reading one URL gave.

    ``validators`` are the answer's, to send next time; ``pages`` are the
    validators of teaser pages fetched for feed items; ``unchanged`` lists
    the articles whose pages answered 304; ``problems`` are items that
    could not be read in full (their teaser was used instead).

    Example: RemoteRead(url="http://127.0.0.1:8000/news/rss.xml", documents=(…3 items…),
    validators=Validators(etag='"feed-v2"'), not_modified=False).
    """

    url: str
    documents: tuple[SourceDoc, ...] = ()
    validators: Validators | None = None
    not_modified: bool = False
    pages: tuple[tuple[str, Validators], ...] = ()
    unchanged: tuple[str, ...] = ()
    problems: tuple[InputError, ...] = ()


def read_url(
    url: str,
    fetcher: Fetcher,
    *,
    now: datetime,
    kind: str | None = None,
    validators: Validators | None = None,
    page_validators: ValidatorLookup | None = None,
) -> RemoteRead:
    """Fetch ``url`` and read its articles; ``InputError`` naming it when that fails.

    ``kind`` ("feed" or "page") is what a configured source expects; None
    takes whatever comes.  ``validators`` make the request conditional: a 304
    gives ``not_modified=True`` and no documents.

    Example: read_url("http://127.0.0.1:8000/news/rss.xml", fetcher, now=now, kind="feed") →
    RemoteRead(documents=(SourceDoc(key="http://127.0.0.1:8000/news/2024/0506/a1.html", …), …)).
    """
    fetched = fetcher.get(url, validators)
    if fetched.not_modified:
        return RemoteRead(fetched.url, validators=fetched.validators, not_modified=True)
    found = detect_format(fetched.body, fetched.url, name=fetched.final_url, content_type=fetched.content_type)
    if kind == FEED_KIND and found != FEED:
        declared = media_type(fetched.content_type)[0] or found
        raise InputError(fetched.url, f"expected an RSS or Atom feed, got {declared}")
    if kind == PAGE_KIND and found == FEED:
        raise InputError(fetched.url, 'expected a page, got an RSS or Atom feed (set kind = "feed")')
    if found == FEED:
        return _read_feed(fetched, fetcher, now, page_validators)
    docs = documents_from_bytes(
        fetched.body, fetched.url, now=now, name=fetched.final_url,
        content_type=fetched.content_type, url=fetched.final_url,
    )
    return RemoteRead(fetched.url, tuple(_as_page(doc, fetched) for doc in docs), fetched.validators)


def _read_feed(fetched: Fetched, fetcher: Fetcher, now: datetime, page_validators: ValidatorLookup | None) -> RemoteRead:
    parsed = parse_feed(fetched.body, fetched.url, url=fetched.final_url)
    documents: list[SourceDoc] = []
    pages: list[tuple[str, Validators]] = []
    unchanged: list[str] = []
    problems: list[InputError] = []
    for index, item in enumerate(parsed.items):
        key = item_key(item, fetched.url, index)
        if item.is_teaser:
            try:
                page = _teaser_page(item, key, fetcher, now, page_validators)
            except InputError as exc:
                problems.append(exc)
                log.warning("%s (using the feed's summary instead)", exc)
            else:
                if page is None:
                    unchanged.append(key)
                else:
                    documents.append(page[0])
                    pages.append((key, page[1]))
                continue
        try:
            documents.append(item_document(item, item.link or fetched.url, key))
        except InputError as exc:
            problems.append(exc)
            log.warning("%s", exc)
    return RemoteRead(
        fetched.url, tuple(documents), fetched.validators,
        pages=tuple(pages), unchanged=tuple(unchanged), problems=tuple(problems),
    )


def _teaser_page(
    item: FeedItem, key: str, fetcher: Fetcher, now: datetime, page_validators: ValidatorLookup | None
) -> tuple[SourceDoc, Validators] | None:
    """The linked page of a teaser item as the item's article; None when it answered 304."""
    assert item.link is not None
    remembered = page_validators(key) if page_validators is not None else None
    fetched = fetcher.get(item.link, remembered)
    if fetched.not_modified:
        return None
    docs = documents_from_bytes(
        fetched.body, item.link, now=now, name=fetched.final_url,
        content_type=fetched.content_type, url=fetched.final_url,
    )
    if len(docs) != 1:
        raise InputError(item.link, "the item's link is not a single article")
    page = _as_page(docs[0], fetched)
    meta = {**page.meta, **item_meta(item)}
    if page.meta.get("url"):
        meta["url"] = page.meta["url"]
    return replace(page, meta=meta, key=key), fetched.validators


def _as_page(doc: SourceDoc, fetched: Fetched) -> SourceDoc:
    """A fetched single document: keyed by the address asked for, its URL in the metadata."""
    meta = dict(doc.meta)
    meta.setdefault("url", fetched.final_url)
    return replace(doc, meta=meta, key=doc.key or urldefrag(fetched.url).url)
