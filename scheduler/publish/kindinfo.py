"""Per-kind presentation data for feeds and digests, read from ``notices/data/kinds.toml``.

Each kind there has a Chinese ``label`` (hotline → 热线问政), a
``default_minutes`` duration for timed items without an end, and optionally
``reminder_minutes`` (0 or absent: the feed's default applies).  The file
uses ``[kind.hotline]`` tables; ``[kinds.hotline]`` and top-level
``[hotline]`` are accepted too.  A kind the file does not list is shown
under its own name with a one-hour default duration.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

DEFAULT_MINUTES = 60


@dataclass(frozen=True)
class KindInfo:
    """How one kind of notice is shown.

    Example: KindInfo(name="hotline", label="热线问政", default_minutes=120, reminder_minutes=None).
    """

    name: str
    label: str
    default_minutes: int = DEFAULT_MINUTES
    reminder_minutes: int | None = None


def kind_info(kind: str, table: Mapping[str, KindInfo] | None = None) -> KindInfo:
    """The presentation data for ``kind`` (never fails).

    Example: kind_info("hotline").label → "热线问政".
    """
    known = load_kind_table() if table is None else table
    if kind in known:
        return known[kind]
    return KindInfo(name=kind, label=kind)


@lru_cache(maxsize=1)
def load_kind_table() -> Mapping[str, KindInfo]:
    """Every kind listed in the package's kinds.toml (empty if the file is absent).

    Example: load_kind_table()["deadline"].label → "截止日期" (as the data file names it).
    """
    try:
        text = resources.files("notices").joinpath("data/kinds.toml").read_text("utf-8")
    except (FileNotFoundError, OSError):
        return {}
    return parse_kind_table(tomllib.loads(text))


def parse_kind_table(data: Mapping[str, Any]) -> Mapping[str, KindInfo]:
    """Build KindInfo values from parsed TOML, ignoring tables without a label.

    Example: parse_kind_table({"kind": {"hotline": {"label": "热线问政", "default_minutes": 120}}}).
    """
    tables = data.get("kind", data.get("kinds", data))
    if not isinstance(tables, Mapping):
        return {}
    result: dict[str, KindInfo] = {}
    for name, entry in tables.items():
        if not isinstance(entry, Mapping) or not isinstance(entry.get("label"), str):
            continue
        minutes = entry.get("default_minutes", DEFAULT_MINUTES)
        reminder = entry.get("reminder_minutes")
        result[str(name)] = KindInfo(
            name=str(name),
            label=entry["label"],
            default_minutes=int(minutes) if int(minutes) > 0 else DEFAULT_MINUTES,
            reminder_minutes=int(reminder) if reminder else None,
        )
    return result
