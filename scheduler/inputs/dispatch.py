"""Bytes → articles: pick the reader by magic bytes, name and content type.

``documents_from_bytes`` is the one switch every input goes through (inbox
files, stdin, fetched pages and feeds).  Readers for the heavy formats are
imported only when such a document turns up, so reading a plain ``.txt``
file costs no more than before.
"""

from __future__ import annotations

import logging
import os
from datetime import datetime
from pathlib import Path

from scheduler.inputs.formats import DOCX, FEED, HTML, PDF, TEXT, detect_format, media_type
from scheduler.inputs.inbox import STDIN_PATH, InputError, SourceDoc, parse_source, read_file_bytes, read_stdin_bytes

log = logging.getLogger("notices.inputs")


def documents_from_bytes(
    data: bytes,
    origin: str,
    *,
    now: datetime,
    name: str | None = None,
    content_type: str | None = None,
    url: str | None = None,
    feed_key_base: str | None = None,
) -> tuple[SourceDoc, ...]:
    """The articles in one input: one for a text file, page, Word or PDF file; one per feed item.

    ``origin`` names the input in errors and as the articles' source;
    ``name`` (file name or final URL) and ``content_type`` help choose the
    reader; ``url`` is where it was fetched from; ``feed_key_base`` prefixes
    the identity of feed items that have no link.  ``now`` bounds page dates.

    Example: documents_from_bytes(rss_bytes, "inbox/青石新闻.xml", now=now) →
    (SourceDoc(text="市自来水公司定于…", meta={"title": "城南片区5月9日停水", "published": …,
    "published_basis": "feed", "url": "https://news.qingshi.cn/a1.html"}, key="https://news.qingshi.cn/a1.html"), …).
    """
    if not data:
        raise InputError(origin, "empty file")
    kind = detect_format(data, origin, name=name, content_type=content_type)
    if kind == TEXT:
        return (parse_source(data, origin),)
    if kind == HTML:
        from scheduler.inputs.pages import html_document

        return (html_document(data, origin, now=now, url=url, charset=media_type(content_type)[1]),)
    if kind == DOCX:
        from scheduler.inputs.word import docx_document

        return (docx_document(data, origin),)
    if kind == PDF:
        from scheduler.inputs.pdf import pdf_document

        return (pdf_document(data, origin),)
    assert kind == FEED, kind
    return feed_documents(data, origin, url=url, key_base=feed_key_base or origin)


def feed_documents(data: bytes, origin: str, *, url: str | None, key_base: str) -> tuple[SourceDoc, ...]:
    """One article per item of a feed (items that cannot be read are logged and left out).

    Example: feed_documents(rss_bytes, "青石新闻.xml", url=None, key_base="/srv/inbox/青石新闻.xml")
    → one SourceDoc per <item>, each keyed by its <link>.
    """
    from scheduler.inputs.feeds import item_document, item_key, parse_feed

    parsed = parse_feed(data, origin, url=url)
    documents: list[SourceDoc] = []
    for index, item in enumerate(parsed.items):
        key = item_key(item, key_base, index)
        try:
            documents.append(item_document(item, item.link or origin, key))
        except InputError as exc:
            log.warning("%s", exc)
    return tuple(documents)


def read_documents(path: str | Path, *, now: datetime) -> tuple[SourceDoc, ...]:
    """Read one file (or ``"-"`` for stdin) into its articles; ``InputError`` naming it on failure.

    Example: read_documents("inbox/停水通知.docx", now=now) → (SourceDoc(path="inbox/停水通知.docx",
    text="关于城南片区临时停水的通知\\n…", encoding="docx"),).
    """
    shown = str(path)
    if shown == STDIN_PATH:
        data = read_stdin_bytes()
        return documents_from_bytes(data, shown, now=now, feed_key_base=f"stdin:{_digest(data)}")
    data = read_file_bytes(path)
    return documents_from_bytes(data, shown, now=now, name=shown, feed_key_base=os.path.realpath(path))


def is_web_address(value: str) -> bool:
    """Is this command-line argument a URL to fetch rather than a path?

    Example: is_web_address("https://www.qingshi.gov.cn/tzgg/1.html") is True; is_web_address("seeds/") is False.
    """
    return value.startswith(("http://", "https://"))


def _digest(data: bytes) -> str:
    import hashlib

    return hashlib.sha256(data).hexdigest()
