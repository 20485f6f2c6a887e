"""A web page → one article: main text, title, canonical URL, publication date.

``trafilatura`` finds the article's main text and its title and canonical
URL; navigation, sidebars, footers, "上一篇/下一篇" links and scripts never
reach the engine.  ``htmldate`` reads the publication date, but only from
what the page states about itself in markup (date ``<meta>`` tags such as
``PubDate`` or ``article:published_time``, JSON-LD) and from the URL: its
text heuristics would happily take a date from a sidebar list or the event
date in a headline, and the engine judges dates in text better.  So the
page's own stamp line (``发布时间：2024-05-06 16:28 来源：…``), which sits
between the title and the body and which trafilatura drops as chrome, is
kept above the body for the engine's ``pub-line`` rule.

Neither library reads the clock here: the latest acceptable date is the
caller's ``now``.
"""

from __future__ import annotations

import hashlib
import logging
import re
from datetime import datetime, timedelta

import htmldate
import lxml.html
import trafilatura

from scheduler.inputs.inbox import InputError, SourceDoc
from scheduler.inputs.markup import block_lines, decode_markup, parse_html

# What trafilatura and htmldate complain about ("discarding data", "empty
# HTML tree") reaches the user as our own one-line reason, not as log noise.
for _noisy in ("trafilatura", "htmldate", "courlan", "justext", "readability"):
    logging.getLogger(_noisy).setLevel(logging.CRITICAL)

PAGE_BASIS = "html-meta"
"""The ``published_basis`` of a date read from a page's markup or URL."""

_DATE_META = re.compile(r"date|time|pub|modif|creat|issued", re.IGNORECASE)
_BYLINE_MAX_LINES = 4
_BYLINE_MAX_CHARS = 160
_LINE_PROBE = 12
_MIN_BODY_CHARS = 10
_WORD_CHARS = re.compile(r"[\W_]+")
# The dated part of a byline: an optional label, then a full date and maybe a clock time.
_STAMP = re.compile(
    r"(?:(?:发布|发表|更新|成文)?(?:时间|日期)\s*[:：]\s*)?"
    r"(?:19|20)\d{2}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?"
    r"(?:\s*\d{1,2}[:：]\d{2}(?:[:：]\d{2})?)?"
)


def html_document(
    data: bytes,
    origin: str,
    *,
    now: datetime,
    url: str | None = None,
    charset: str | None = None,
) -> SourceDoc:
    """One page as a ``SourceDoc``: main text (with its stamp line), title, URL, date.

    ``origin`` names the file or URL in errors; ``url`` is where the page
    was fetched from (a ``<link rel="canonical">`` wins over it); ``charset``
    is the HTTP header's.  Raises ``InputError`` when no article text is found.

    Example: a saved 青石市人民政府 notice page → SourceDoc(text="发布时间：2024-05-06 16:28 …\\n为进一步畅通…",
    meta={"title": "关于举办第72期“热线问政”直播活动的公告", "published": "2024-05-06",
    "published_basis": "html-meta", "url": "https://www.qingshi.gov.cn/…"}).
    """
    text = decode_markup(data, origin, charset)
    tree = parse_html(text)
    if tree is None or tree.find(".//body") is None and not tree.text_content().strip():
        raise InputError(origin, "not an HTML page (no document to parse)")
    extracted = trafilatura.bare_extraction(
        lxml.html.tostring(tree, encoding="unicode"),
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        include_images=False,
        include_links=False,
        deduplicate=False,
        date_extraction_params=_date_params(now),
    )
    body = (getattr(extracted, "text", None) or "").strip() if extracted is not None else ""
    if len(_WORD_CHARS.sub("", body)) < _MIN_BODY_CHARS:
        raise InputError(origin, "no article text found in the page (truncated, or a list or index page?)")
    title = _clean(getattr(extracted, "title", None))
    page_url = _web_url(getattr(extracted, "url", None)) or _web_url(url)
    meta: dict[str, str] = {}
    if title:
        meta["title"] = title
    if page_url:
        meta["url"] = page_url
    published = markup_date(tree, page_url, now)
    if published:
        meta["published"] = published
        meta["published_basis"] = PAGE_BASIS
    stamp = byline(block_lines(tree), title, body)
    full = "\n".join([*stamp, body]) if stamp else body
    return SourceDoc(
        path=origin,
        text=full,
        encoding="html",
        meta=meta,
        sha256=hashlib.sha256(data).hexdigest(),
        body_offset=0,
    )


def markup_date(tree: lxml.html.HtmlElement, url: str | None, now: datetime) -> str | None:
    """The publication day a page states in its markup or URL (``YYYY-MM-DD``), if any.

    Only date-bearing ``<meta>`` tags and JSON-LD are shown to htmldate,
    never the body, so a sidebar's or a headline's date cannot win.

    Example: a page with <meta name="PubDate" content="2024-05-06 16:28"> → "2024-05-06".
    """
    parts: list[str] = []
    for element in tree.iter("meta"):
        label = " ".join(element.get(a, "") for a in ("name", "property", "itemprop", "http-equiv"))
        if _DATE_META.search(label) and element.get("content"):
            parts.append(lxml.html.tostring(element, encoding="unicode", with_tail=False))
    for script in tree.xpath('//script[@type="application/ld+json"]'):
        parts.append(lxml.html.tostring(script, encoding="unicode", with_tail=False))
    if not parts and not url:
        return None
    reduced = "<html><head>" + "".join(parts) + "</head><body><p></p></body></html>"
    found = htmldate.find_date(reduced, url=url, **_date_params(now))
    # htmldate bends a date past its max_date into an earlier one, so the bound is ours.
    if not found or str(found) > now.date().isoformat():
        return None
    return str(found)


def byline(lines: list[str], title: str | None, body: str) -> list[str]:
    """The page's own stamp: the dated part of a line between its title and its main text.

    Only the label and the date are kept (a whole byline with 来源, 浏览次数 and
    字体 would read as a broken body line and be joined to the first sentence).

    Example: ["首页", "关于…的公告", "发布时间：2024-05-06 16:28 来源：青石市政务服务中心 浏览次数：328", "为进一步…"]
    with title "关于…的公告" and body "为进一步…" → ["发布时间：2024-05-06 16:28"].
    """
    if not title:
        return []
    first_body = next((ln.strip() for ln in body.split("\n") if ln.strip()), "")
    probe = first_body.lstrip("-| ")[:_LINE_PROBE]
    if not probe:
        return []
    starts = [i for i, line in enumerate(lines) if line == title or (len(title) >= 4 and title in line)]
    for start in starts:
        end = next((j for j in range(start + 1, len(lines)) if lines[j].startswith(probe)), None)
        if end is None:
            continue
        if end - start - 1 > _BYLINE_MAX_LINES:
            return []  # too far apart: that title was a sidebar link, not the article's heading
        for line in lines[start + 1 : end]:
            stamp = _STAMP.search(line) if len(line) <= _BYLINE_MAX_CHARS else None
            if stamp:
                return [stamp.group(0).strip()]
        return []
    return []


def _date_params(now: datetime) -> dict[str, object]:
    """htmldate settings: markup only (no text search), the original date.

    The latest date allowed is a year after ``now`` (htmldate would otherwise
    read the clock); dates after ``now`` itself are refused by ``markup_date``.
    """
    return {
        "extensive_search": False,
        "original_date": True,
        "max_date": (now + timedelta(days=366)).date().isoformat(),
        "outputformat": "%Y-%m-%d",
    }


def _clean(value: str | None) -> str | None:
    text = re.sub(r"\s+", " ", value or "").strip()
    return text or None


def _web_url(value: str | None) -> str | None:
    return value if value and value.startswith(("http://", "https://")) else None
