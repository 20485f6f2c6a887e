"""The ``[[sources]]`` the service polls: web pages and feeds, each with its own interval.

```toml
[[sources]]
url = "https://www.qingshi.gov.cn/zwgk/tzgg/rss.xml"
kind = "feed"          # or "page"
every = "30m"          # optional: 90s, 30m, 2h, 1d; default: every poll
name = "青石市政府 通知公告"   # optional, for logs
```

Pure values and checks only (imported by ``scheduler.config``); the
fetching lives in ``remote.py`` and the polling in ``poller.py``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

SOURCE_KINDS = ("feed", "page")
_KEYS = frozenset({"url", "kind", "every", "name"})
_DURATION = re.compile(r"^\s*(\d+)\s*(s|m|h|d)\s*$", re.IGNORECASE)
_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
MIN_EVERY = timedelta(seconds=10)
MAX_EVERY = timedelta(days=7)


@dataclass(frozen=True)
class SourceSpec:
    """One configured source.

    ``every`` None means "at every poll".

    Example: SourceSpec(url="https://www.qingshi.gov.cn/zwgk/tzgg/rss.xml", kind="feed",
    every=timedelta(minutes=30), name="青石市政府 通知公告").
    """

    url: str
    kind: str
    every: timedelta | None = None
    name: str | None = None

    @property
    def label(self) -> str:
        """How logs name the source: its name and URL, or the URL.

        Example: "青石市政府 通知公告 <https://www.qingshi.gov.cn/zwgk/tzgg/rss.xml>".
        """
        return f"{self.name} <{self.url}>" if self.name else self.url


def parse_duration(value: Any) -> timedelta:
    """``"90s"``, ``"30m"``, ``"2h"``, ``"1d"`` (or a number of seconds) as a timedelta.

    Example: parse_duration("30m") == timedelta(minutes=30).
    """
    if isinstance(value, bool):
        raise ValueError(f"must be a duration like 30m, got {value!r}")
    if isinstance(value, int):
        seconds = value
    elif isinstance(value, str) and (m := _DURATION.match(value)):
        seconds = int(m[1]) * _UNIT_SECONDS[m[2].lower()]
    else:
        raise ValueError(f"must be a duration like 90s, 30m, 2h or 1d, got {value!r}")
    every = timedelta(seconds=seconds)
    if not MIN_EVERY <= every <= MAX_EVERY:
        raise ValueError(f"must be between 10s and 7d, got {value!r}")
    return every


def parse_sources(value: Any) -> tuple[SourceSpec, ...]:
    """Check the config's ``sources`` array of tables; ValueError names the entry and key.

    Example: parse_sources([{"url": "https://www.qingshi.gov.cn/rss.xml", "kind": "feed", "every": "30m"}])
    == (SourceSpec("https://www.qingshi.gov.cn/rss.xml", "feed", timedelta(minutes=30)),).
    """
    if not isinstance(value, list):
        raise ValueError("must be an array of tables: [[sources]] with url = … and kind = …")
    specs: list[SourceSpec] = []
    seen: set[str] = set()
    for number, entry in enumerate(value, start=1):
        where = f"entry {number}"
        if not isinstance(entry, Mapping):
            raise ValueError(f"{where}: must be a table with url = … and kind = …")
        unknown = sorted(set(entry) - _KEYS)
        if unknown:
            raise ValueError(f"{where}: unknown key {unknown[0]!r} (known keys: every, kind, name, url)")
        spec = _one_source(entry, where)
        if spec.url in seen:
            raise ValueError(f"{where}: url {spec.url!r} is listed twice")
        seen.add(spec.url)
        specs.append(spec)
    return tuple(specs)


def is_due(spec: SourceSpec, last_attempt: datetime | None, now: datetime) -> bool:
    """Should this poll fetch the source?  Always without ``every``; else once per interval.

    Example: every 30m, last fetched 10:00 → not due at 10:20, due at 10:30.
    """
    if spec.every is None or last_attempt is None:
        return True
    return now - last_attempt >= spec.every or now < last_attempt


def _one_source(entry: Mapping[str, Any], where: str) -> SourceSpec:
    url = entry.get("url")
    if not isinstance(url, str) or not url.strip():
        raise ValueError(f"{where}: url: must be a non-empty string")
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"{where}: url: must start with http:// or https://, got {url!r}")
    kind = entry.get("kind")
    if kind not in SOURCE_KINDS:
        raise ValueError(f"{where}: kind: must be \"feed\" or \"page\", got {kind!r}")
    every = None
    if "every" in entry:
        try:
            every = parse_duration(entry["every"])
        except ValueError as exc:
            raise ValueError(f"{where}: every: {exc}") from None
    name = entry.get("name")
    if name is not None and (not isinstance(name, str) or not name.strip()):
        raise ValueError(f"{where}: name: must be a non-empty string, got {name!r}")
    return SourceSpec(url.strip(), kind, every, name.strip() if name else None)
