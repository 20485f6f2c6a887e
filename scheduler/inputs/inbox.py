"""The input layer: files, folders or stdin in; decoded text with metadata out.

Three steps, each a small pure function, plus thin I/O shells around them:

1. ``decode_bytes`` turns raw bytes into text.  It checks byte-order marks
   first, then strict UTF-8, then strict GB18030 (Chinese news is the genre),
   and only then asks ``charset-normalizer``.  Binary or undecodable input is
   an ``InputError``; we never return mojibake.  Line endings are normalized
   to ``\\n`` and nothing else is touched (full-width folding happens later,
   in ``notices/text.py``).
2. ``split_front_matter`` takes an optional ``---`` header of ``key: value``
   lines off the top.
3. ``read_source`` / ``read_stdin`` glue the two to the file system and
   return a frozen ``SourceDoc``; ``iter_input_paths`` expands folders.
"""

from __future__ import annotations

import codecs
import hashlib
import os
import re
import sys
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import BinaryIO

from charset_normalizer import from_bytes

from scheduler.inputs.confine import link_problem, special_file_kind

STDIN_PATH = "-"
"""The path argument that means "read standard input"."""

MAX_FRONT_MATTER_LINES = 50
"""How many header lines may follow the opening ``---`` before it must close."""

# A decoded text whose share of control characters (other than tab, newline,
# carriage return, vertical tab and form feed) exceeds this is binary.
_MAX_CONTROL_RATIO = 0.05
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
_CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0e-\x1f\x7f]")

# Byte-order marks, longest first: the UTF-32 LE mark starts with the UTF-16 LE one.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# Encodings we accept from the generic detector, mapped to the codec we
# decode with.  The GB family is decoded as GB18030, its superset.  Anything
# else the detector proposes (Shift_JIS, KOI8-R, Mac code pages…) is far from
# the genre and more likely a wrong guess than a real source, so it is an error.
_FALLBACK_CODECS: dict[str, str] = {
    "gb18030": "gb18030",
    "gbk": "gb18030",
    "gb2312": "gb18030",
    "big5": "big5",
    "big5hkscs": "big5hkscs",
    "cp950": "cp950",
    "cp1252": "cp1252",
    "iso8859-1": "iso8859-1",
    "iso8859-15": "iso8859-15",
}

# GB18030 text counts as plausible Chinese when at least this share of its
# multi-byte characters are GB2312 punctuation or GB2312 hanzi.
_MIN_GB2312_CORE_SHARE = 0.8
# Valid UTF-8 with only two-byte characters is suspect (it may be GBK in
# disguise) when at least this share of them are combining marks, modifier
# letters, controls or letters of scripts unlikely in this genre.
_MIN_ODD_UTF8_SHARE = 0.2


class InputError(Exception):
    """An input that cannot be read as text; ``str(exc)`` is ``"<path>: <reason>"``.

    Example: InputError("inbox/停水通知.txt", "empty file") → "inbox/停水通知.txt: empty file".
    """

    path: str
    reason: str

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason

    def __reduce__(self) -> tuple[type[InputError], tuple[str, str]]:
        # Keep the exception picklable despite the two-argument constructor.
        return (type(self), (self.path, self.reason))


@dataclass(frozen=True)
class SourceDoc:
    """One decoded input document.

    ``meta`` is a plain dict so that it serializes easily; callers must treat
    it as read-only, like the rest of the value (a dict also makes the value
    unhashable; key documents by ``path`` or ``sha256``).  ``text`` is the body after
    any front matter, with line endings normalized; ``body_offset`` is where
    that body starts in the whole decoded text (0 without front matter).

    Example: a GBK file "---\\npublished: 2023-04-26\\n---\\n市民可于4月26日上午拨打12345热线。"
    → SourceDoc(encoding="gb18030", meta={"published": "2023-04-26"},
    text="市民可于4月26日上午拨打12345热线。", body_offset=30, …).
    """

    path: str
    text: str
    encoding: str
    meta: dict[str, str]
    sha256: str
    body_offset: int
    # The article's identity in the store when it is not the file itself: the
    # URL of a fetched page or feed item, or "<file>#<item>" for a feed file's
    # item without a link.  None: the file's own resolved path.
    key: str | None = None


# --------------------------------------------------------------------------
# Decoding


def decode_bytes(data: bytes, path: str) -> tuple[str, str]:
    """Decode raw bytes to ``(text, encoding)``, or raise ``InputError``.

    Order: byte-order mark (UTF-8, UTF-16, UTF-32), strict UTF-8, strict
    GB18030, then ``charset-normalizer`` limited to Chinese and Western
    encodings.  ``\\r\\n`` and ``\\r`` become ``\\n``; nothing else changes.

    Example: "市民可于4月26日上午拨打12345热线反映问题。".encode("gbk")
    → ("市民可于4月26日上午拨打12345热线反映问题。", "gb18030").
    """
    if not data:
        raise InputError(path, "empty file")
    text, encoding = _decode_with_bom(data, path) or _decode_without_bom(data, path)
    _reject_control_heavy(text, path)
    return _normalize_newlines(text), encoding


def _decode_with_bom(data: bytes, path: str) -> tuple[str, str] | None:
    """Decode by byte-order mark; None when there is no mark."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError as exc:
                raise InputError(
                    path, f"not valid {encoding} despite its byte-order mark (byte {exc.start})"
                ) from None
    return None


def _decode_without_bom(data: bytes, path: str) -> tuple[str, str]:
    """Decode bytes that carry no byte-order mark."""
    if b"\x00" in data:
        raise InputError(path, "binary data (NUL bytes; UTF-16 text needs a byte-order mark)")
    if len(_CONTROL_BYTES.findall(data)) > _MAX_CONTROL_RATIO * len(data):
        raise InputError(path, "binary data (too many control characters)")

    as_utf8 = _strict_utf8_allowing_cut_tail(data)
    if as_utf8 is not None and not _looks_like_disguised_utf8(as_utf8):
        return as_utf8, "utf-8"
    as_gb18030 = _strict_decode(data, "gb18030")
    if as_gb18030 is not None and _looks_like_gb2312_text(as_gb18030):
        # Also the answer for short GBK text that happens to be valid UTF-8
        # ("停水通知" reads as "ͣˮ֪ͨ"): the UTF-8 reading looked wrong above.
        return as_gb18030, "gb18030"
    if as_utf8 is not None:
        return as_utf8, "utf-8"
    return _decode_with_detector(data, path)


def _decode_with_detector(data: bytes, path: str) -> tuple[str, str]:
    """Ask charset-normalizer, accepting only the encodings we expect."""
    rejected: list[str] = []
    for match in from_bytes(data):
        name = _codec_name(match.encoding)
        codec = _FALLBACK_CODECS.get(name)
        if codec is None:
            rejected.append(name)
            continue
        text = _strict_decode(data, codec)
        if text is not None:
            return text, codec
    reason = "cannot decode: not UTF-8 or GB18030, and no supported encoding detected"
    if rejected:
        reason += f" (detector suggests {rejected[0]}, which is not supported)"
    raise InputError(path, reason)


def _strict_decode(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except UnicodeDecodeError:
        return None


def _strict_utf8_allowing_cut_tail(data: bytes) -> str | None:
    """Strict UTF-8, except that a character cut off at the very end becomes U+FFFD.

    Pages saved with a byte limit end mid-character; UTF-8 is self-synchronizing,
    so dropping the incomplete tail cannot shift anything before it.
    """
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        cut_at_end = exc.end == len(data) and len(data) - exc.start < 4
        if not (cut_at_end and exc.reason == "unexpected end of data"):
            return None
        cut = exc.start
    head = _strict_decode(data[:cut], "utf-8")
    return None if head is None else head + "\ufffd"


def _codec_name(name: str) -> str:
    try:
        return codecs.lookup(name).name
    except LookupError:
        return name


def _looks_like_gb2312_text(text: str) -> bool:
    """Do most multi-byte characters sit in GB2312's punctuation or hanzi rows?

    Real GBK news uses almost nothing else; Big5, Shift_JIS or Latin-1 bytes
    read as GB18030 land in kana rows, symbol rows and the GBK extension.
    """
    multibyte = [ch for ch in text if ch >= "\x80"]
    if not multibyte:
        return True
    core = sum(1 for ch in multibyte if _is_gb2312_core(ch))
    return core >= _MIN_GB2312_CORE_SHARE * len(multibyte)


@lru_cache(maxsize=8192)
def _is_gb2312_core(ch: str) -> bool:
    encoded = ch.encode("gb18030")
    if len(encoded) != 2 or encoded[1] < 0xA1:
        return False
    lead = encoded[0]
    return 0xA1 <= lead <= 0xA3 or 0xB0 <= lead <= 0xF7


def _looks_like_disguised_utf8(text: str) -> bool:
    """Is this valid UTF-8 more likely GBK bytes that happen to be valid UTF-8?

    Only texts whose non-ASCII characters are all two-byte (below U+0800) are
    suspects; real Chinese UTF-8 has three-byte characters.  A suspect is
    guilty when many of its non-ASCII characters look odd (see
    ``_odd_two_byte_chars``) or when it mixes Latin, Greek and Cyrillic letters.
    """
    if _THREE_BYTE_CHAR.search(text):  # the common case, settled without a pass in Python
        return False
    non_ascii = [ch for ch in text if ch >= "\x80" and ch != "\ufffd"]
    if not non_ascii:
        return False
    odd = _odd_two_byte_chars(text)
    scripts = {script for ch in non_ascii if (script := _two_byte_script(ch))}
    return odd >= _MIN_ODD_UTF8_SHARE * len(non_ascii) or len(scripts) > 1


# Any character of three or more UTF-8 bytes, apart from U+FFFD (which stands
# for a cut-off tail and says nothing about the encoding).
_THREE_BYTE_CHAR = re.compile("[\u0800-\ufffc\ufffe-\U0010ffff]")

# Two-byte characters that real text seldom uses: Latin Extended-B apart from
# the pinyin vowels with caron, IPA, Greek symbols and Coptic, Cyrillic
# outside Russian, Ukrainian and its neighbours, Armenian to NKo.
_ODD_TWO_BYTE_RANGES = (
    (0x0180, 0x01CD),
    (0x01DD, 0x02B0),
    (0x03D0, 0x0400),
    (0x0460, 0x0490),
    (0x0492, 0x0530),
    (0x0530, 0x0800),
)
_ODD_CATEGORIES = frozenset({"Mn", "Me", "Cc", "Cn", "Co", "Lm", "Sk"})
# Two or more accented Latin letters in a row with no ASCII letter beside them:
# accented letters live inside words ("Zürich", "à la"), mojibake does not.
_BARE_LATIN_RUN = re.compile(r"(?<![A-Za-z])[\u00c0-\u024f]{2,}(?![A-Za-z])")
# A Latin-1 sign glued to a non-ASCII letter ("ó¾", "з¶"); guillemets and the
# Spanish inverted marks are left out because they do touch letters.
_SIGN_BESIDE_LETTER = re.compile(
    r"[\u00a2-\u00aa\u00ac-\u00ba\u00bc-\u00be](?=[\u00c0-\u07ff])"
    r"|(?<=[\u00c0-\u07ff])[\u00a2-\u00aa\u00ac-\u00ba\u00bc-\u00be]"
)


def _odd_two_byte_chars(text: str) -> int:
    """Count the odd characters of a UTF-8 suspect (see ``_looks_like_disguised_utf8``)."""
    odd = sum(
        1
        for ch in text
        if "\x80" <= ch < "\u0800"
        and (
            unicodedata.category(ch) in _ODD_CATEGORIES
            or any(low <= ord(ch) < high for low, high in _ODD_TWO_BYTE_RANGES)
        )
    )
    odd += sum(len(run) for run in _BARE_LATIN_RUN.findall(text))
    return odd + len(_SIGN_BESIDE_LETTER.findall(text))


def _two_byte_script(ch: str) -> str | None:
    if not unicodedata.category(ch).startswith("L"):
        return None
    code = ord(ch)
    if 0x00C0 <= code < 0x0250:
        return "latin"
    if 0x0370 <= code < 0x0400:
        return "greek"
    if 0x0400 <= code < 0x0530:
        return "cyrillic"
    return None


def _reject_control_heavy(text: str, path: str) -> None:
    if "\x00" in text:
        raise InputError(path, "binary data (NUL characters)")
    if len(_CONTROL_CHARS.findall(text)) > _MAX_CONTROL_RATIO * len(text):
        raise InputError(path, "binary data (too many control characters)")


def _normalize_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


# --------------------------------------------------------------------------
# Front matter


def split_front_matter(text: str, path: str) -> tuple[dict[str, str], str, int]:
    """Split an optional ``---`` header off the text: ``(meta, body, body_offset)``.

    The header opens with a first line ``---``, holds ``key: value`` lines
    (keys lower-cased, values stripped; blank lines allowed) and closes with
    ``---`` within ``MAX_FRONT_MATTER_LINES`` lines.  Line numbers in errors
    count the opening ``---`` as line 1.  Without a header the result is
    ``({}, text, 0)``.

    Example: "---\\nSource: https://www.hengyang.gov.cn/\\n---\\n明日停水。"
    → ({"source": "https://www.hengyang.gov.cn/"}, "明日停水。", 45).
    """
    lines = text.split("\n")
    if lines[0].rstrip() != "---":
        return {}, text, 0
    meta: dict[str, str] = {}
    offset = len(lines[0]) + 1
    for number, line in enumerate(lines[1 : MAX_FRONT_MATTER_LINES + 1], start=2):
        offset += len(line) + 1
        if line.rstrip() == "---":
            body_offset = min(offset, len(text))
            return meta, text[body_offset:], body_offset
        if not line.strip():
            continue
        key, colon, value = line.partition(":")
        key = key.strip().lower()
        if not colon or not key:
            raise InputError(path, f"front matter line {number} is not key: value")
        if key in meta:
            raise InputError(path, f"front matter line {number} repeats key {key!r}")
        meta[key] = value.strip()
    raise InputError(
        path, f"unterminated front matter (no closing --- within {MAX_FRONT_MATTER_LINES} lines)"
    )


# --------------------------------------------------------------------------
# Documents


def parse_source(data: bytes, path: str) -> SourceDoc:
    """Turn the raw bytes of one input into a ``SourceDoc`` (pure; no I/O).

    Example: "---\\ntitle: 停水通知\\n---\\n5月8日全天停水。".encode("utf-8")
    → SourceDoc(meta={"title": "停水通知"}, text="5月8日全天停水。", encoding="utf-8", …).
    """
    text, encoding = decode_bytes(data, path)
    if not text.strip():
        raise InputError(path, "empty file (only whitespace)" if text else "empty file")
    meta, body, body_offset = split_front_matter(text, path)
    if not body.strip():
        raise InputError(path, "no text after front matter")
    return SourceDoc(
        path=path,
        text=body,
        encoding=encoding,
        meta=meta,
        sha256=hashlib.sha256(data).hexdigest(),
        body_offset=body_offset,
    )


def read_source(path: str | Path) -> SourceDoc:
    """Read and decode one file; ``"-"`` reads standard input instead.

    Raises ``InputError`` for a missing, unreadable, binary, undecodable or
    empty file.  (A file really named ``-`` can be read as ``./-``.)

    Example: read_source("inbox/衡阳晚报_热线问政.txt") → SourceDoc(path="inbox/衡阳晚报_热线问政.txt", …).
    """
    shown = str(path)
    if shown == STDIN_PATH:
        return read_stdin()
    return parse_source(read_file_bytes(path), shown)


def read_file_bytes(path: str | Path) -> bytes:
    """The raw bytes of one file, or ``InputError`` naming it and the reason.

    Example: read_file_bytes("inbox/不存在.txt") raises InputError("inbox/不存在.txt", "no such file or directory").
    """
    shown = str(path)
    try:
        return Path(path).read_bytes()
    except FileNotFoundError:
        raise InputError(shown, "no such file or directory") from None
    except IsADirectoryError:
        raise InputError(shown, "is a directory") from None
    except PermissionError:
        raise InputError(shown, "permission denied") from None
    except OSError as exc:
        raise InputError(shown, exc.strerror or str(exc)) from None


def read_stdin(stream: BinaryIO | None = None) -> SourceDoc:
    """Read one document from a binary stream (standard input by default); path is ``"-"``.

    Example: read_stdin(io.BytesIO("明天上午9时召开听证会。".encode("gb18030")))
    → SourceDoc(path="-", text="明天上午9时召开听证会。", encoding="gb18030", …).
    """
    return parse_source(read_stdin_bytes(stream), STDIN_PATH)


def read_stdin_bytes(stream: BinaryIO | None = None) -> bytes:
    """All bytes of a binary stream (standard input by default); errors name ``"-"``.

    Example: read_stdin_bytes(io.BytesIO("明天停水。".encode())) == "明天停水。".encode().
    """
    source = sys.stdin.buffer if stream is None else stream
    try:
        return source.read()
    except OSError as exc:
        raise InputError(STDIN_PATH, exc.strerror or str(exc)) from None


# --------------------------------------------------------------------------
# Paths


def is_ignored_name(name: str) -> bool:
    """Is this file or folder name skipped by a directory walk?

    Dotfiles and dot-directories, and temporary names: ``*.tmp``, ``*.part``
    (any case) and ``*~``.

    Example: is_ignored_name("热线问政.txt.part") → True; is_ignored_name("热线问政.txt") → False.
    """
    lowered = name.lower()
    return name.startswith(".") or name.endswith("~") or lowered.endswith((".tmp", ".part"))


def iter_input_paths(paths: Sequence[str | Path]) -> Iterator[Path | InputError]:
    """Expand files and folders into the files to read, in a deterministic order.

    Arguments keep their given order; a folder is walked recursively in
    sorted name order, skipping ignored names (see ``is_ignored_name``) and
    not following symlinked folders.  Names given explicitly are never
    skipped.  ``"-"`` is passed through as ``Path("-")`` for the caller (or
    ``read_source``) to read from stdin.  A file reached twice is yielded once.
    Problems (a missing path, an unreadable folder) are yielded as
    ``InputError`` values, not raised, so the caller can report and go on.

    Example: iter_input_paths(["inbox"]) with inbox/2023/热线问政.txt and
    inbox/停水.txt → Path("inbox/2023/热线问政.txt"), Path("inbox/停水.txt").
    """
    seen: set[str] = set()
    for given in paths:
        for item in _expand_one(given):
            if isinstance(item, InputError):
                yield item
                continue
            key = str(item) if str(item) == STDIN_PATH else os.path.realpath(item)
            if key not in seen:
                seen.add(key)
                yield item


def _expand_one(given: str | Path) -> Iterator[Path | InputError]:
    shown = str(given)
    if shown == STDIN_PATH:
        yield Path(STDIN_PATH)
        return
    path = Path(given)
    try:
        is_dir = path.is_dir()
        is_file = path.is_file()
        exists = is_dir or is_file or path.exists()
    except OSError as exc:
        yield InputError(shown, exc.strerror or str(exc))
        return
    if is_dir:
        yield from _walk_sorted(path, path)
    elif is_file:
        yield path
    elif exists:
        yield InputError(shown, "not a regular file or directory")
    else:
        yield InputError(shown, "no such file or directory")


def _walk_sorted(folder: Path, root: Path) -> Iterator[Path | InputError]:
    """Depth-first walk with entries in name order (so files sort by path parts).

    Confined to ``root`` (see ``scheduler.inputs.confine``): a symbolic link is
    followed only when it names a file inside ``root``; links to folders are
    never followed; a link leading out of ``root``, a broken link, a FIFO, a
    socket or a device is yielded as an ``InputError`` and never opened.
    """
    try:
        with os.scandir(folder) as scan:
            entries = sorted(scan, key=lambda entry: entry.name)
    except OSError as exc:
        yield InputError(str(folder), exc.strerror or str(exc))
        return
    for entry in entries:
        if is_ignored_name(entry.name):
            continue
        child = folder / entry.name
        try:
            if entry.is_symlink():
                problem = link_problem(child, root)
                if problem is not None:
                    yield InputError(str(child), problem)
                elif entry.is_file():
                    yield child
                continue  # a link to a folder inside the inbox: walked where it really is
            if entry.is_dir(follow_symlinks=False):
                yield from _walk_sorted(child, root)
            elif entry.is_file(follow_symlinks=False):
                yield child
            else:
                kind = special_file_kind(entry.stat(follow_symlinks=False).st_mode) or "not a regular file"
                yield InputError(str(child), f"{kind}, not a regular file; skipped")
        except OSError as exc:
            yield InputError(str(child), exc.strerror or str(exc))
