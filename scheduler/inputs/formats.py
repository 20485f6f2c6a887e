"""Which reader a document needs: by magic bytes, by name, by HTTP content type.

Pure functions over bytes and names; nothing here opens files.  Magic bytes
win (a PDF saved as ``.html`` is still a PDF), then the file name's suffix,
then the declared content type, then a look at the first bytes of text.
Formats we recognise but cannot read (legacy Word and WPS files, images,
spreadsheets) are refused by name with an ``InputError``.
"""

from __future__ import annotations

import codecs
import re
from pathlib import PurePosixPath
from urllib.parse import urlsplit

from scheduler.inputs.inbox import InputError

TEXT, HTML, FEED, DOCX, PDF = "text", "html", "feed", "docx", "pdf"
"""The formats the input layer reads."""

_PDF_MAGIC = b"%PDF-"
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy Office (.doc, .wps, .xls)

_BY_SUFFIX: dict[str, str] = {
    ".html": HTML,
    ".htm": HTML,
    ".shtml": HTML,
    ".xhtml": HTML,
    ".xml": FEED,
    ".rss": FEED,
    ".atom": FEED,
    ".docx": DOCX,
    ".pdf": PDF,
}

_REFUSED_SUFFIX: dict[str, str] = {
    ".doc": "legacy Word .doc files are not supported; save it as .docx or PDF",
    ".wps": "WPS .wps files are not supported; save it as .docx or PDF",
    ".rtf": "RTF files are not supported; save it as .docx or PDF",
    ".xls": "spreadsheets are not supported",
    ".xlsx": "spreadsheets are not supported",
    ".ppt": "presentations are not supported",
    ".pptx": "presentations are not supported",
    ".zip": "archives are not supported; unpack it into the inbox",
}

_BY_CONTENT_TYPE: dict[str, str] = {
    "text/html": HTML,
    "application/xhtml+xml": HTML,
    "application/rss+xml": FEED,
    "application/atom+xml": FEED,
    "application/rdf+xml": FEED,
    "application/pdf": PDF,
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": DOCX,
    "text/plain": TEXT,
}
# Types that say nothing about the content: sniff the bytes and the URL instead.
_VAGUE_CONTENT_TYPES = frozenset({"application/xml", "text/xml", "application/octet-stream", "binary/octet-stream"})

_MARKUP_HEAD = 2048
_FEED_ROOT = re.compile(rb"<(?:rss|feed|rdf:rdf)[\s>]", re.IGNORECASE)
_HTML_START = re.compile(rb"^(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|meta|body)[\s>]", re.IGNORECASE | re.DOTALL)


def suffix_of(name: str) -> str:
    """The lower-cased suffix of a file name or of a URL's path.

    Example: suffix_of("https://www.qingshi.gov.cn/tzgg/停水通知.PDF?id=3") == ".pdf".
    """
    path = urlsplit(name).path if "://" in name else name
    return PurePosixPath(path.replace("\\", "/")).suffix.lower()


def media_type(content_type: str | None) -> tuple[str | None, str | None]:
    """``(media type, charset)`` of a Content-Type header, both lower-cased.

    Example: media_type("text/html; charset=GB2312") == ("text/html", "gb2312").
    """
    if not content_type:
        return None, None
    kind, _, params = content_type.partition(";")
    charset = None
    for param in params.split(";"):
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            charset = value.strip().strip("\"'").lower()
    return kind.strip().lower() or None, charset


def detect_format(data: bytes, origin: str, *, name: str | None = None, content_type: str | None = None) -> str:
    """The reader for these bytes: ``text``, ``html``, ``feed``, ``docx`` or ``pdf``.

    ``name`` is the file name or URL (for its suffix), ``content_type`` the
    HTTP header if the bytes were fetched.  Raises ``InputError`` naming
    ``origin`` for a format that is recognised but not supported.

    Example: detect_format(b"%PDF-1.7 …", "inbox/停水通知.pdf", name="停水通知.pdf") == "pdf";
    detect_format(b"\\xd0\\xcf\\x11\\xe0…", "inbox/通知.doc", name="通知.doc") raises
    InputError("inbox/通知.doc", "legacy Word .doc files are not supported; …").
    """
    suffix = suffix_of(name or origin)
    magic = _by_magic(data, suffix, origin)
    if magic is not None:
        return magic
    if suffix in _REFUSED_SUFFIX:
        raise InputError(origin, _REFUSED_SUFFIX[suffix])
    kind, _ = media_type(content_type)
    if kind is not None and kind not in _VAGUE_CONTENT_TYPES:
        if kind in _BY_CONTENT_TYPE:
            declared = _BY_CONTENT_TYPE[kind]
            # Servers often send feeds as text/html or text/plain: trust the bytes.
            return FEED if declared in (HTML, TEXT) and _looks_like_feed(data) else declared
        if not kind.startswith("text/"):
            raise InputError(origin, f"unsupported content type {kind}")
    if suffix in _BY_SUFFIX:
        return _BY_SUFFIX[suffix]
    return _by_markup(data)


def _by_magic(data: bytes, suffix: str, origin: str) -> str | None:
    if data[:1024].lstrip().startswith(_PDF_MAGIC):
        return PDF
    if data.startswith(_ZIP_MAGIC):
        if suffix == ".docx" or b"word/" in data[:4096]:
            return DOCX
        return None
    if data.startswith(_OLE_MAGIC):
        reason = _REFUSED_SUFFIX.get(suffix) or "legacy Office file (.doc/.wps) is not supported; save it as .docx or PDF"
        raise InputError(origin, reason)
    return None


def _markup_head(data: bytes) -> bytes:
    for bom, codec in ((codecs.BOM_UTF8, None), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            body = data[len(bom):]
            return body[: _MARKUP_HEAD * 2].decode(codec, "ignore").encode("utf-8") if codec else body
    return data[:_MARKUP_HEAD]


def _looks_like_feed(data: bytes) -> bool:
    head = _markup_head(data).lstrip()
    return head.startswith(b"<") and _FEED_ROOT.search(head[:_MARKUP_HEAD]) is not None


def _by_markup(data: bytes) -> str:
    head = _markup_head(data).lstrip()
    if not head.startswith(b"<"):
        return TEXT
    if _HTML_START.match(head):
        return HTML
    if _FEED_ROOT.search(head[:_MARKUP_HEAD]):
        return FEED
    if head[:5].lower() == b"<?xml" and b"<html" in head.lower():
        return HTML
    return TEXT
