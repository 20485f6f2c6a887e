"""Event-kind detection from ``data/kinds.toml``.

A cheap regex scan finds candidate trigger words; only a sentence that has
one is segmented, with a jieba tokenizer that knows nothing but the domain's
words (triggers, cues and their look-alikes such as 会议室), so a trigger
counts only when it stands as a whole word.

Example: detect_kind("上午9:00—11:00,第70期“热线问政”活动举行") → Hit("hotline", "热线问政", …).
"""

from __future__ import annotations

import io
import logging
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

from notices.lexicon import KindSpec, kinds, word_trie


_WINDOW = 6  # characters of context either side of a candidate word


@dataclass(frozen=True)
class Hit:
    """A kind found in a sentence: which kind, which word, where."""

    kind: str
    word: str
    start: int
    strength: str  # "trigger" | "cue"


@cache
def _words() -> dict[str, list[tuple[KindSpec, str]]]:
    table: dict[str, list[tuple[KindSpec, str]]] = {}
    for spec in kinds():
        for w in spec.triggers:
            table.setdefault(w, []).append((spec, "trigger"))
        for w in spec.cues:
            table.setdefault(w, []).append((spec, "cue"))
    return table


@cache
def _candidate_re() -> re.Pattern[str]:
    # The lookahead on first characters lets the engine skip most positions
    # without trying the long alternation; written as a trie (the same words in
    # the same order, longest first), it follows one branch per character.
    first = "".join(sorted({re.escape(w[0]) for w in _words()}))
    return re.compile(f"(?=[{first}])(?:{word_trie(_words())})")


@cache
def _dictionary() -> frozenset[str]:
    """Every word the tokenizer knows: triggers, cues and their look-alikes."""
    words: set[str] = set(_words())
    for spec in kinds():
        words.update(spec.not_triggers)
    return frozenset(words)


@cache
def _every_match_re() -> re.Pattern[str]:
    # A lookahead finds the longest dictionary word at every position, so
    # overlapping words (听证会 and 会议 in 听证会议) are all seen; the one
    # before it, on first characters, passes over the other positions fast.
    first = "".join(sorted({re.escape(w[0]) for w in _dictionary()}))
    return re.compile(f"(?=[{first}])(?=({word_trie(_dictionary())}))")


def _import_jieba() -> Any:
    """jieba, imported without ``pkg_resources`` (a fifth of a cold start).

    jieba reads its own model files through ``pkg_resources`` when that
    imports, else straight from its folder: the same files either way.
    """
    import sys

    if "jieba" in sys.modules or "pkg_resources" in sys.modules:
        import jieba

        return jieba
    sys.modules["pkg_resources"] = None  # type: ignore[assignment]  # makes its import fail
    try:
        import jieba
    finally:
        del sys.modules["pkg_resources"]
    return jieba


@cache
def _tokenizer() -> Any:
    """A jieba tokenizer whose dictionary is only the domain's words."""
    jieba = _import_jieba()
    jieba.setLogLevel(logging.WARNING)
    words = _dictionary()
    lines = []
    for w in sorted(words):
        # Longer words weigh more, so 会议室 beats 会议 + 室.
        lines.append(f"{w} {10 ** min(len(w), 6)}\n")
    tk = jieba.Tokenizer()
    tk.FREQ, tk.total = tk.gen_pfdict(io.BytesIO("".join(lines).encode("utf-8")))
    tk.initialized = True
    return tk


@lru_cache(maxsize=2048)
def whole_words(sentence: str) -> tuple[tuple[str, int], ...]:
    """Domain words standing whole in the sentence, with their offsets.

    Cached: the frame stage asks about the same sentence several times.

    Example: whole_words("在会议室召开会议") == (("会议室", 1), ("召开", 4), ("会议", 6)).
    """
    known = _words()
    # Segment only small windows around the candidates (merged when they
    # touch): whether a word stands whole depends on its neighbours, not on
    # the whole sentence.
    windows: list[list[int]] = []
    for cand in _candidate_re().finditer(sentence):
        lo = max(0, cand.start() - _WINDOW)
        hi = min(len(sentence), cand.end() + _WINDOW)
        if windows and lo <= windows[-1][1]:
            windows[-1][1] = max(windows[-1][1], hi)
        else:
            windows.append([lo, hi])
    out: list[tuple[str, int]] = []
    for lo, hi in windows:
        found = _unambiguous(sentence, lo, hi)
        if found is None:
            found = _segmented(sentence, lo, hi)
        out.extend((w, p) for w, p in found if w in known)
    return tuple(out)


def _unambiguous(sentence: str, lo: int, hi: int) -> list[tuple[str, int]] | None:
    """The dictionary words of a window when none overlaps another, else None.

    Then segmentation could only confirm them: a dictionary word outweighs
    the single characters it covers.  Most windows are settled here, without
    jieba.
    """
    words = [(m[1], m.start()) for m in _every_match_re().finditer(sentence, lo, hi) if m.start() + len(m[1]) <= hi]
    for (first, a), (_, b) in zip(words, words[1:]):
        if b < a + len(first):
            return None
    return words


def _segmented(sentence: str, lo: int, hi: int) -> list[tuple[str, int]]:
    out: list[tuple[str, int]] = []
    pos = lo
    for token in _cut(sentence[lo:hi]):
        out.append((token, pos))
        pos += len(token)
    return out


@lru_cache(maxsize=4096)
def _cut(window: str) -> tuple[str, ...]:
    """The tokens of a window (the tokenizer is fixed, so a window seen before
    is not segmented again: 召开会议 recurs from page to page).

    Example: _cut("在会议室召开会议") == ("在", "会议室", "召开", "会议").
    """
    return tuple(_tokenizer().cut(window, HMM=False))


@lru_cache(maxsize=2048)
def all_hits(sentence: str) -> tuple[Hit, ...]:
    """Every kind word standing whole in the sentence, strongest first.

    Unlike :func:`detect_kinds`, a kind may appear more than once (热线 in
    the subject and 热线问政 in the object).

    Cached like :func:`whole_words`.

    Example: [h.word for h in all_hits("12345热线举办第70期“热线问政”活动")] == ["热线", "热线问政", "活动"].
    """
    hits: list[tuple[int, int, Hit]] = []
    for word, pos in whole_words(sentence):
        for spec, strength in _words()[word]:
            rank = 0 if strength == "trigger" else 1
            hits.append((rank, -spec.priority, Hit(spec.name, word, pos, strength)))
    hits.sort(key=lambda h: (h[0], h[1], h[2].start))
    return tuple(h for _, _, h in hits)


def forget() -> None:
    """Drop the per-sentence caches (called once per document: they serve
    one document's repeated questions, no more)."""
    whole_words.cache_clear()
    all_hits.cache_clear()


def detect_kinds(sentence: str) -> list[Hit]:
    """Every kind triggered in a sentence, strongest first.

    Triggers beat cues; among triggers the kind's priority decides.

    Example: detect_kinds("听证会将于12月19日举行")[0].kind == "hearing".
    """
    seen: set[str] = set()
    out = []
    for hit in all_hits(sentence):
        if hit.kind not in seen:
            seen.add(hit.kind)
            out.append(hit)
    return out
