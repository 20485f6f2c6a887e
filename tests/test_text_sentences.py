"""Sentence spans from one regex agree with a plain walk over the marks that end sentences."""

from __future__ import annotations

import random
import re

from notices.text import sentences

_ENDS = re.compile(r"[。！？!?；;\n]+")


def _walked(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """The plain way: cut after each run of ending marks (before it, when it opens
    with a line break), and drop what is blank space alone."""
    stop = len(text) if end is None else end
    spans: list[tuple[int, int]] = []
    pos = start
    for m in _ENDS.finditer(text, start, stop):
        at = m.start()
        if at > pos:
            until = m.end() if text[at] != "\n" else at
            if not text[pos:until].isspace():
                spans.append((pos, until))
        pos = m.end()
    if pos < stop and not text[pos:stop].isspace():
        spans.append((pos, stop))
    return spans


def test_sentences_agree_with_a_plain_walk() -> None:
    rng = random.Random(7)
    bits = ["停水", "通知", "。", "！", "？", "!", "?", "；", ";", "\n", " ", "\t", "　", "9", "\r",
            "\n\n", "。\n", " 。", "\n。", "\x0b", "\x1c", "\u2028", "\x85"]
    for _ in range(20_000):
        text = "".join(rng.choice(bits) for _ in range(rng.randint(0, 14)))
        a = rng.randint(0, len(text))
        b = rng.choice([None, rng.randint(a, len(text))])
        assert sentences(text, a, b) == _walked(text, a, b), (text, a, b)


def test_sentence_spans_of_a_notice() -> None:
    text = "停水通知\n  \n因管道改造，定于5月8日停水。请做好储水准备！ 。\n谢谢"
    assert [text[a:b] for a, b in sentences(text)] == ["停水通知", "因管道改造，定于5月8日停水。", "请做好储水准备！", " 。\n", "谢谢"]
    assert sentences(text, 7, 12) == [(8, 12)]  # the line break at 7 ends nothing: the stretch opens after it
