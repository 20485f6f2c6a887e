"""Shared by the genre paragraph tests: extract a paragraph on a fixed day, and
the kind, start and end of a notice as ``notices extract --format json`` writes them.

Example: [row_of(n) for n in notices_of("3月6日9:00至17:00，河东区停水。")]
→ [("outage", "2025-03-06T09:00:00+08:00", "2025-03-06T17:00:00+08:00")].
"""

from __future__ import annotations

from datetime import datetime

from notices.extract import extract_document
from notices.model import SHANGHAI, Notice

PUB = datetime(2025, 3, 2, 9, 0, tzinfo=SHANGHAI)


def notices_of(text: str, pub: datetime = PUB) -> list[Notice]:
    """The notices of one paragraph published at ``pub``."""
    return list(extract_document(text, source="t.txt", published=pub).notices)


def row_of(n: Notice) -> tuple[str, str, str | None]:
    """A notice's kind, start and end as its JSON gives them."""
    j = n.to_json()
    return (n.kind, j["start"], j["end"])
