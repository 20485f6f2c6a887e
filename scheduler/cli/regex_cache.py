"""Compiled regular expressions (and the rules' analyses) kept between runs of ``notices``,
as Python keeps bytecode.

Every start of ``notices`` compiles the same few hundred patterns (the time
grammar's alternations, the word lists' patterns, the naming rules): about
0.2 s of CPU, a tenth of ``notices extract`` over a megabyte of text and a
third of a cold start.  What CPython's regex compiler makes of a pattern (its
opcode list and group tables) depends only on the pattern, its flags and the
interpreter, so it is kept in a file named after the interpreter and the
regex engine's version and handed straight to the engine next time.  A
pattern not in the file is compiled as always and added to it when the
command ends; the matches are the very ones a fresh compile gives.

The same file keeps what ``notices.lexicon`` reads off the time rules'
patterns to build the scan's guard (another 0.08 s at each start), under the
digest of the code that made it (:func:`notices.lexicon.analysis_fingerprint`).

The file lives in ``$XDG_CACHE_HOME/notices`` (``~/.cache/notices``);
``NOTICES_REGEX_CACHE`` names another file, or ``off`` turns the cache off.
A file that cannot be read or written is ignored: the cache only ever saves time.
"""

from __future__ import annotations

import marshal
import os
from array import array
import re
import sys
import threading
from collections.abc import Mapping
from pathlib import Path
from typing import Any

try:  # CPython's regex engine; other interpreters simply compile
    import _sre
    from re import _compiler, _parser
except ImportError:  # pragma: no cover - not CPython
    _sre = None

ENV = "NOTICES_REGEX_CACHE"
MAX_ENTRIES = 4000
"""A file never grows past this many patterns (patterns made from input text would)."""

# The interpreters whose re._compiler.compile this module repeats step for step.
_KNOWN_VERSIONS = ((3, 11), (3, 12), (3, 13))
# The array type code of the engine's opcode words (four bytes: _sre.CODESIZE).
_WORD = "I"

Entry = tuple[int, bytes, int, dict[str, int], tuple[str | None, ...]]
"""What the engine needs besides the pattern: its final flags, the opcodes (as
machine words, four bytes each: a tenth of the memory of a list of ints), the
number of groups less one, the group names to numbers and numbers to names."""


class _State:
    """The table in use, where it came from, and what this run added."""

    def __init__(self) -> None:
        self.path: Path | None = None
        self.table: dict[tuple[str, int], Entry] = {}
        self.added = 0
        self.analyses_recalled = 0
        self.original: Any = None
        self.lock = threading.Lock()


_state = _State()


def cache_path(environ: Mapping[str, str] = os.environ) -> Path | None:
    """The cache file for this interpreter, or None when turned off.

    Example: cache_path({"HOME": "/home/ann"}) →
    Path("/home/ann/.cache/notices/re-cpython-311-30b07f0-20220615.marshal"), where the
    next run finds the compiled rule for 5月9日上午9时 ready.
    """
    chosen = environ.get(ENV)
    if chosen is not None:
        return None if chosen.strip().lower() in ("", "off", "0", "no") else Path(chosen)
    if _sre is None or sys.implementation.cache_tag is None:
        return None
    base = Path(environ.get("XDG_CACHE_HOME") or Path(environ.get("HOME") or os.path.expanduser("~")) / ".cache")
    if not base.is_absolute():
        return None  # no home to speak of: no cache, rather than one in the working folder
    return base / "notices" / f"re-{sys.implementation.cache_tag}-{sys.hexversion:x}-{_sre.MAGIC}.marshal"


def install(path: Path | None) -> bool:
    """Read the cache at ``path`` and compile regexes through it from now on.

    Installing again with the same file (``main`` called again in one
    process) reads nothing; another file is read into the same table.
    Returns whether the cache is in use (False on another interpreter or
    when turned off).

    Example: install(cache_path()) → True; re.compile("[0-9]+日") is then read from the file.
    """
    if path is None or _sre is None or sys.version_info[:2] not in _KNOWN_VERSIONS:
        return False
    if array(_WORD).itemsize != _sre.CODESIZE:  # pragma: no cover - an unusual build
        return False
    if _state.original is not None and _state.path == path:
        return True
    kept = _read(path)
    with _state.lock:
        _state.path = path
        _state.table.update(kept.get("re", {}))
        if _state.original is None:
            _state.original = _compiler.compile
            _compiler.compile = _compile
    from notices import lexicon  # after the patch: its own patterns are read from the file too

    fingerprint, analyses = kept.get("analyses", ("", {}))
    if fingerprint and fingerprint == lexicon.analysis_fingerprint() and isinstance(analyses, dict):
        lexicon.recall_pattern_analyses(analyses)
        _state.analyses_recalled = len(lexicon.pattern_analyses())
    return True


def save() -> None:
    """Write the table back if this run compiled patterns it lacked (atomically; errors ignored).

    Example: after ``notices extract seeds`` met the rules starting with 下 (下周三, 下午) for the
    first time, the file holds their alternation too.
    """
    if _state.path is None:
        return
    from notices import lexicon

    analyses = lexicon.pattern_analyses()
    with _state.lock:
        path, added = _state.path, _state.added
        if path is None or (not added and len(analyses) <= _state.analyses_recalled):
            return
        if len(_state.table) > MAX_ENTRIES:
            return
        kept = _read(path)  # another run may have added its own meanwhile
        table = {**kept.get("re", {}), **_state.table}
        _state.added, _state.analyses_recalled = 0, len(analyses)
    fingerprint = lexicon.analysis_fingerprint()
    content = {"re": table, "analyses": (fingerprint, analyses if fingerprint else {})}
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")  # not tempfile: its import costs 5 ms a start
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            with os.fdopen(fd, "wb") as out:
                marshal.dump(content, out)
            os.replace(temp, path)
        except BaseException:
            os.unlink(temp)
            raise
    except (OSError, ValueError):
        pass  # a cache that cannot be written costs time, nothing else


def _read(path: Path) -> dict[str, Any]:
    """What ``path`` holds: "re" the compiled patterns, "analyses" (fingerprint,
    table); empty when missing, unreadable or not of this shape."""
    try:
        content = marshal.loads(path.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        return {}
    if not isinstance(content, dict) or not isinstance(content.get("re", {}), dict):
        return {}
    analyses = content.get("analyses")
    if not (isinstance(analyses, tuple) and len(analyses) == 2):
        content.pop("analyses", None)
    return content


def _compile(p: Any, flags: int = 0) -> re.Pattern[Any]:
    """re._compiler.compile, read from the table when the pattern is there.

    Example: _compile("(?P<day>[0-9]+)日") → the same Pattern a fresh compile gives.
    """
    if not isinstance(p, str) or flags & re.DEBUG:
        return _state.original(p, flags)
    key = (p, int(flags))
    entry = _state.table.get(key)
    if entry is None:
        entry = _entry(p, int(flags))
        with _state.lock:
            _state.table[key] = entry
            _state.added += 1
    final, code, groups, groupindex, indexgroup = entry
    return _sre.compile(p, final, array(_WORD, code).tolist(), groups, groupindex, indexgroup)


def _entry(pattern: str, flags: int) -> Entry:
    """What re._compiler.compile hands the engine for ``pattern`` (the same steps)."""
    parsed = _parser.parse(pattern, flags)
    code = _compiler._code(parsed, flags)
    groupindex = dict(parsed.state.groupdict)
    indexgroup: list[str | None] = [None] * parsed.state.groups
    for name, i in groupindex.items():
        indexgroup[i] = name
    return int(flags | parsed.state.flags), array(_WORD, code).tobytes(), parsed.state.groups - 1, groupindex, tuple(indexgroup)
