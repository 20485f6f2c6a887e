"""Titles and places in the page's own characters.

The extractor reads a traditional-character page through simplified forms
(聽證會 is read as 听证会).  What it shows a reader (title, place, evidence)
is then turned back into the characters the page itself uses, so that a
page written 聽證會 gets a calendar entry titled 聽證會.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

from notices.model import Notice
from notices.text import folded_ideographs


def folded_characters(raw: str) -> dict[str, str]:
    """For each character the reading folded, the page's own character (the most frequent).

    Only ideographs count: full-width digits and punctuation stay folded; a
    character the page writes more often in its simplified form stays simplified.
    Cheap for the usual page: one C-level pass finds that nothing was folded.

    Example: folded_characters("柞市鎮聽證會") == {"镇": "鎮", "听": "聽", "证": "證", "会": "會"}.
    """
    pairs = folded_ideographs(raw)
    if not pairs:
        return {}
    counts: Counter[tuple[str, str]] = Counter({(f, o): raw.count(o) for o, f in pairs.items()})
    back: dict[str, str] = {}
    for (simplified, original), n in counts.most_common():
        # a simplified page quoting one traditional name keeps its simplified 会
        if simplified not in back and n > raw.count(simplified):
            back[simplified] = original
    return back


def in_page_characters(notice: Notice, back: dict[str, str]) -> Notice:
    """The notice with its title, place and evidence written as the page writes them.

    Example: a notice titled 听证会报名截止 from a page writing 聽證會 → 聽證會報名截止
    (報 and 名 only if the page folded them).
    """
    if not back:
        return notice
    table = str.maketrans(back)
    return replace(
        notice,
        title=notice.title.translate(table),
        location=notice.location.translate(table) if notice.location else None,
        evidence=notice.evidence.translate(table),
        organizer=notice.organizer.translate(table) if notice.organizer else None,
    )
