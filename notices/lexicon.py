"""Loads and validates the data files once: the time lexicon and the kinds.

Example: lexicon().parts_of_day["下午"] == "afternoon".
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

_PARTS = {"early", "morning", "noon", "afternoon", "evening", "allday"}


@dataclass(frozen=True)
class Lexicon:
    """The word lists of ``data/lexicon.toml``, checked."""

    weekdays: dict[str, int]
    week_prefixes: dict[str, int]
    relative_days: dict[str, tuple[int, str]]
    parts_of_day: dict[str, str]
    part_hours: dict[str, tuple[int, int]]
    relative_months: dict[str, int]
    relative_years: dict[str, int]
    range_connectors: tuple[str, ...]
    deadline_prefixes: tuple[str, ...]
    deadline_suffixes: tuple[str, ...]
    deadline_suffix_blockers: frozenset[str]
    past_cues: tuple[str, ...]
    future_cues: tuple[str, ...]
    false_positive: re.Pattern[str]


@dataclass(frozen=True)
class KindSpec:
    """One event kind from ``data/kinds.toml``.

    Example: KindSpec(name="hotline", label="热线问政", triggers=("热线问政", …), …).
    """

    name: str
    label: str
    triggers: tuple[str, ...]
    cues: tuple[str, ...]
    not_triggers: tuple[str, ...]
    default_minutes: int
    reminder_minutes: int
    priority: int


def _read(name: str) -> dict[str, Any]:
    data = resources.files("notices").joinpath("data", name).read_text(encoding="utf-8")
    return tomllib.loads(data)


def alternation(words: list[str] | tuple[str, ...] | set[str]) -> str:
    """A regex alternation of literal words, longest first.

    Example: alternation(["下", "下下"]) == "下下|下".
    """
    return "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))


@cache
def lexicon() -> Lexicon:
    """The time lexicon (loaded once, validated)."""
    raw = _read("lexicon.toml")
    rel_days: dict[str, tuple[int, str]] = {}
    for word, value in raw["relative_days"].items():
        offset, part = value
        if part not in _PARTS | {"", "context", "context0"}:
            raise ValueError(f"lexicon.toml: relative_days.{word}: unknown part {part!r}")
        rel_days[word] = (int(offset), str(part))
    parts = dict(raw["parts_of_day"])
    for word, part in parts.items():
        if part not in _PARTS:
            raise ValueError(f"lexicon.toml: parts_of_day.{word}: unknown part {part!r}")
    hours = {k: (int(v[0]), int(v[1])) for k, v in raw["part_hours"].items()}
    missing = _PARTS - set(hours)
    if missing:
        raise ValueError(f"lexicon.toml: part_hours lacks {sorted(missing)}")
    deadline = raw["deadline"]
    return Lexicon(
        weekdays={k: int(v) for k, v in raw["weekdays"].items()},
        week_prefixes={k: int(v) for k, v in raw["week_prefixes"].items()},
        relative_days=rel_days,
        parts_of_day=parts,
        part_hours=hours,
        relative_months={k: int(v) for k, v in raw["relative_months"].items()},
        relative_years={k: int(v) for k, v in raw["relative_years"].items()},
        range_connectors=tuple(raw["range_connectors"]["words"]),
        deadline_prefixes=tuple(deadline["prefixes"]),
        deadline_suffixes=tuple(deadline["suffixes"]),
        deadline_suffix_blockers=frozenset(deadline["suffix_blockers"]),
        past_cues=tuple(raw["past_cues"]["words"]),
        future_cues=tuple(raw["future_cues"]["words"]),
        false_positive=re.compile("|".join(f"(?:{p})" for p in raw["false_positives"]["patterns"])),
    )


@cache
def kinds() -> tuple[KindSpec, ...]:
    """All event kinds, highest priority first."""
    raw = _read("kinds.toml")["kind"]
    allowed = {"label", "triggers", "cues", "default_minutes", "reminder_minutes", "priority", "not_triggers"}
    specs = []
    for name, table in raw.items():
        unknown = set(table) - allowed
        if unknown:
            raise ValueError(f"kinds.toml: kind.{name}: unknown keys {sorted(unknown)}")
        specs.append(
            KindSpec(
                name=name,
                label=table["label"],
                triggers=tuple(table["triggers"]),
                cues=tuple(table.get("cues", ())),
                not_triggers=tuple(table.get("not_triggers", ())),
                default_minutes=int(table["default_minutes"]),
                reminder_minutes=int(table["reminder_minutes"]),
                priority=int(table["priority"]),
            )
        )
    return tuple(sorted(specs, key=lambda s: -s.priority))


def kind_spec(name: str) -> KindSpec:
    """The spec of one kind by name (KeyError if unknown)."""
    for spec in kinds():
        if spec.name == name:
            return spec
    raise KeyError(name)
