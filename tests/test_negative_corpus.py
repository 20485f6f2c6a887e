"""Strings that look numeric or calendar-like but hold no time the event stage could use.

The event stage's view (``notices.mentions.scan_mentions`` over the folded
text) must find nothing.  Recurrences (每周三下午) are read by the grammar and
shown by ``notices explain``, but give no dated time, so they belong here too;
``test_recurrences_are_traced_not_dated`` checks the other side.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path

import pytest

from notices.corpus import format_value
from notices.model import SHANGHAI, Mention

NEGATIVE_PATH = Path(__file__).parent / "corpus" / "negative.txt"
REF = datetime(2024, 5, 6, 10, 0, tzinfo=SHANGHAI)

Scan = Callable[[str, datetime], Sequence[Mention]]


def _read_negatives(path: Path) -> list[tuple[int, str]]:
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        text = line.strip()
        if text and not text.startswith("#"):
            rows.append((number, text))
    return rows


NEGATIVES = _read_negatives(NEGATIVE_PATH)


@pytest.fixture(scope="module")
def scan() -> Scan:
    from notices.mentions import scan_mentions
    from notices.text import fold

    def event_view(text: str, ref: datetime) -> Sequence[Mention]:
        return scan_mentions(fold(text), ref)

    return event_view


@pytest.mark.parametrize("number,text", NEGATIVES, ids=[f"L{n}-{t}" for n, t in NEGATIVES])
def test_no_time_mention(number: int, text: str, scan: Scan) -> None:
    mentions = list(scan(text, REF))
    found = "\n".join(
        f"  {m.text!r} span={m.span} rule={m.rule} → "
        f"{format_value(m.value.start, m.value.end, m.value.grain, m.value.open_start)}"
        for m in mentions
    )
    assert not mentions, f"line {number}: {text!r} should hold no time, scan returned:\n{found}"


def test_negative_list_is_large_and_unique() -> None:
    texts = [text for _, text in NEGATIVES]
    assert len(texts) >= 60
    assert len(set(texts)) == len(texts)


RECURRENCES = ["每周三下午开放", "每月15日为局长接待日", "每周一至周五"]


@pytest.mark.parametrize("text", RECURRENCES)
def test_recurrences_are_traced_not_dated(text: str) -> None:
    from notices.explain import explain

    assert text in {t for _, t in NEGATIVES}
    kinds = [m["kind"] for m in explain(text, REF).mentions]
    assert kinds == ["recurrence"], kinds
