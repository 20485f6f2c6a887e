"""HTML bytes → text: charset decoding and a plain block-aware tag stripper.

Used for whole pages (decoding only; the main text comes from trafilatura in
``html.py``) and for the HTML inside feed items, which is already the
article and only needs its tags taken off: block elements and ``<br>``
become line breaks, scripts and styles disappear, entities are decoded.
"""

from __future__ import annotations

import codecs
import html
import re

import lxml.html
from lxml import etree

from scheduler.inputs.inbox import InputError, decode_bytes

_DECLARED_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_:.-]{2,40})""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]{0,100}?encoding\s*=\s*["']([A-Za-z0-9_.-]{2,40})""", re.IGNORECASE)
_SNIFF_BYTES = 4096

# Declared charsets read with a wider codec that agrees on every byte the
# narrow one defines (pages labelled gb2312 routinely use GBK characters).
_WIDER_CODEC = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "gb_2312-80": "gb18030",
                "big5": "big5hkscs", "iso-8859-1": "cp1252", "latin1": "cp1252", "us-ascii": "utf-8"}

BLOCK_TAGS = frozenset(
    "address article aside blockquote body caption dd div dl dt fieldset figcaption figure footer form "
    "h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section table tbody tfoot thead tr ul".split()
)
_CELL_TAGS = frozenset({"td", "th"})
_CELL_MARK = "\x01"  # stands for a cell boundary until lines are tidied
_DROPPED_TAGS = ("script", "style", "noscript", "template", "iframe", "object")
_SPACES = re.compile(r"[ \t\u00a0\u3000]+")


def declared_charset(data: bytes, header_charset: str | None = None) -> str | None:
    """The charset a page declares: HTTP header first, then ``<meta charset>``, then ``<?xml encoding>``.

    Example: declared_charset(b'<meta http-equiv="Content-Type" content="text/html; charset=gb2312">') == "gb2312".
    """
    if header_charset:
        return header_charset.lower()
    head = data[:_SNIFF_BYTES]
    found = _DECLARED_CHARSET.search(head) or _XML_ENCODING.search(head)
    return found.group(1).decode("ascii").lower() if found else None


def decode_markup(data: bytes, origin: str, header_charset: str | None = None) -> str:
    """Decode an HTML or XML document: byte-order mark, declared charset, else detection.

    A declared charset that does not decode the bytes is ignored (servers
    lie), and the project's usual detection (UTF-8, GB18030, then
    charset-normalizer) decides; binary data is an ``InputError``.

    Example: decode_markup('<meta charset="gbk"><p>明日停水</p>'.encode("gbk"), "停水.html")
    == '<meta charset="gbk"><p>明日停水</p>'.
    """
    if not data.strip():
        raise InputError(origin, "empty file")
    if data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return decode_bytes(data, origin)[0]
    charset = declared_charset(data, header_charset)
    if charset:
        codec = _WIDER_CODEC.get(charset, charset)
        try:
            text = data.decode(codec)
        except (LookupError, UnicodeDecodeError):
            pass
        else:
            if "\x00" not in text:
                return text.replace("\r\n", "\n").replace("\r", "\n")
    return decode_bytes(data, origin)[0]


def parse_html(text: str) -> lxml.html.HtmlElement | None:
    """Parse a whole HTML document leniently; None when there is nothing to parse.

    Example: parse_html("<html><body><p>明日停水</p></body></html>").findtext(".//p") == "明日停水".
    """
    cleaned = _strip_xml_declaration(text)
    if not cleaned.strip():
        return None
    try:
        return lxml.html.document_fromstring(cleaned)
    except (etree.ParserError, ValueError):
        return None


def markup_text(fragment: str) -> str:
    """The text of an HTML fragment, one line per block element or ``<br>``.

    Example: markup_text("<p>市自来水公司定于5月9日<b>9:00至17:00</b>停水。</p><p>请提前储水。</p>")
    == "市自来水公司定于5月9日9:00至17:00停水。\\n请提前储水。".
    """
    if "<" not in fragment:
        return _tidy_lines(html.unescape(fragment))
    try:
        root = lxml.html.fragment_fromstring(_strip_xml_declaration(fragment), create_parent="div")
    except (etree.ParserError, ValueError):
        return _tidy_lines(html.unescape(re.sub(r"<[^>]*>", " ", fragment)))
    return _tidy_lines("".join(_element_text(root)))


def block_lines(root: lxml.html.HtmlElement) -> list[str]:
    """The visible text of a page as lines: one per innermost block element.

    Example: for "<div><h1>停水通知</h1><div>发布时间：2024-05-06</div></div>" →
    ["停水通知", "发布时间：2024-05-06"].
    """
    lines: list[str] = []
    for element in root.iter():
        if not isinstance(element.tag, str) or element.tag not in BLOCK_TAGS:
            continue
        if any(isinstance(d.tag, str) and d.tag in BLOCK_TAGS for d in element.iterdescendants()):
            continue
        if any(isinstance(a.tag, str) and a.tag in _DROPPED_TAGS for a in element.iterancestors()):
            continue
        line = _tidy_lines("".join(_element_text(element))).replace("\n", " ")
        if line:
            lines.append(line)
    return lines


def _element_text(element: lxml.html.HtmlElement) -> list[str]:
    """Text of an element and its children, with newlines at block edges (tails kept)."""
    parts: list[str] = []
    tag = element.tag if isinstance(element.tag, str) else ""
    if tag in _DROPPED_TAGS:
        return parts
    if tag == "br" or tag in BLOCK_TAGS:
        parts.append("\n")
    elif tag in _CELL_TAGS:
        parts.append(_CELL_MARK)
    if element.text and isinstance(element.tag, str):
        parts.append(element.text)
    for child in element:
        parts.extend(_element_text(child))
        if child.tail:
            parts.append(child.tail)
    if tag in BLOCK_TAGS:
        parts.append("\n")
    return parts


def _tidy_lines(text: str) -> str:
    """Collapse spaces, drop empty lines, and write a table row as ``| a | b | c |`` (as trafilatura does)."""
    out: list[str] = []
    for line in text.replace("\r", "\n").split("\n"):
        pieces = line.split(_CELL_MARK)
        cells = [_SPACES.sub(" ", cell).strip() for cell in pieces]
        tidy = " | ".join(cell for cell in cells if cell)
        if tidy and len(pieces) > 1:
            tidy = f"| {tidy} |"
        if tidy:
            out.append(tidy)
    return "\n".join(out)


def _strip_xml_declaration(text: str) -> str:
    # lxml refuses str input that still carries an encoding declaration.
    return re.sub(r"^\s*<\?xml[^>]*\?>", "", text, count=1)
