"""The frame stage's cue words, from ``data/frames.toml``: what a time is of
(an end, a change of plan, a cancellation, a reopening), lengths, labels,
conditions and names known by their ending.

Example: cues().end_before.search("展览将持续到")[1] == "持续到".
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from notices.lexicon import alternation


@dataclass(frozen=True)
class Cues:
    """The word lists of ``data/frames.toml``, compiled."""

    end_before: re.Pattern[str]
    end_after: re.Pattern[str]
    change_before: re.Pattern[str]
    cancel: re.Pattern[str]
    reopen_after: re.Pattern[str]
    reopen_word: re.Pattern[str]
    duration: re.Pattern[str]
    deadline_label: re.Pattern[str]
    end_label: re.Pattern[str]
    stamp_label: re.Pattern[str]
    detail_heading: re.Pattern[str]
    anaphora: re.Pattern[str]
    condition: re.Pattern[str]
    named_by_suffix: re.Pattern[str]
    suffix_kinds: dict[str, str]


@cache
def cues() -> Cues:
    """Load and compile ``data/frames.toml`` once.

    Example: cues().end_before.search("展览将持续到")[1] == "持续到".
    """
    raw: dict[str, Any] = tomllib.loads(resources.files("notices").joinpath("data", "frames.toml").read_text("utf-8"))
    gap = int(raw["end_cues"]["after_gap"])
    num = r"(\d{1,3}|[一二两三四五六七八九十半]{1,3})"
    return Cues(
        # a longer word that ends in a cue (发展至) is matched first and ends nothing: group 1 is the cue
        end_before=re.compile(
            rf"(?:(?:{alternation(raw['end_cues']['not_before'])})|({alternation(raw['end_cues']['before'])}))\s*$"
        ),
        # (回复来电人: the caller, not power coming back)
        end_after=re.compile(rf"^[^，,。；;]{{0,{gap}}}?(?:{alternation(raw['end_cues']['after'])})(?!人|者|群众|市民)"),
        change_before=re.compile(rf"(?:{alternation(raw['change_cues']['before'])})\s*$"),
        # a longer word that holds a cancel word first (暂停办理 holds 停办): matched first, then skipped
        cancel=re.compile(f"(?:{alternation(raw['cancel_cues']['not_words'])})|({alternation(raw['cancel_cues']['words'])})"),
        reopen_after=re.compile(rf"^[^，,。；;]{{0,{gap}}}?(?:{alternation(raw['reopen_cues']['after'])})"),
        reopen_word=re.compile(alternation(raw["reopen_cues"]["after"])),
        duration=re.compile(
            rf"(?:{alternation(raw['durations']['prefixes'])})\s*{num}\s*(个月|个小时|小时|天|日|周|个星期|星期)"
        ),
        deadline_label=re.compile(alternation(raw["labels"]["deadline"])),
        end_label=re.compile(alternation(raw["labels"]["end"])),
        stamp_label=re.compile(alternation(raw["labels"]["stamp"])),
        detail_heading=re.compile(alternation(raw["labels"]["detail_headings"])),
        anaphora=re.compile(alternation(raw["anaphora"]["words"])),
        condition=re.compile(alternation(raw["condition_cues"]["words"])),
        named_by_suffix=re.compile(
            r"(?:^|[，,。；;\s])(?:[^，,。；;\s]{0,12}?)([\u4e00-\u9fff“”《》·]{1,14}?"
            rf"({alternation(raw['named_by_suffix']['suffixes'])}))\s*(?:将|定|拟|计划)?\s*(?:于|在)"
        ),
        suffix_kinds=dict(raw["named_by_suffix"]["suffixes"]),
    )


__all__ = ["Cues", "cues"]
