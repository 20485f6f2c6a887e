"""Feeds the operator defines: ``[[feeds]]`` tables in the config, and which notices each holds.

```toml
[[feeds]]
name = "zhengxiang-outage"          # the file: feeds/zhengxiang-outage.ics
title = "蒸湘区停水停电"              # the calendar's name in the subscriber's app
kinds = ["outage"]                   # any of these kinds (empty: every kind)
places = ["蒸湘区"]                   # the place (or, without one, title and evidence) names one of these
sources = ["衡阳晚报", "https://www.hengyang.gov.cn/"]   # source names or URL prefixes
keywords = ["停水"]                   # title, place or evidence contains one of these
exclude = ["演练"]                    # … and none of these (or a table with the same four keys)
description = "…"                    # optional; by default made from the filters
```

Within one key any value may match; every key given must match.  A source
name matches a ``[[sources]]`` entry of that name (its URL is then a
prefix), or a local file by its name, its stem or one of its folders
(``inbox/衡阳晚报/x.txt`` is from 衡阳晚报).  A URL prefix is compared with
the article's URL and its feed's URL.

Pure: values and checks in, notices out; nothing reads the clock or files.
The default feeds (``all.ics`` and one per kind) are not defined here and
stay as they are (``scheduler.publish.ics.render_feeds``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from notices.model import Notice
from scheduler.store.values import SourceRef, StoredNotice

FEED_NAME = re.compile(r"[a-z0-9][a-z0-9_-]{0,63}")
"""Names the HTTP server serves as /feeds/<name>.ics (see ``scheduler.service.http.FEED_URL``)."""

RESERVED_NAMES = frozenset({"all", "index"})
_FILTER_KEYS = ("kinds", "sources", "places", "keywords")
_KEYS = frozenset({"name", "title", "description", "exclude", *_FILTER_KEYS})


class FeedConfigError(ValueError):
    """Every problem found in the ``feeds`` array, one message each.

    Example: FeedConfigError(("entry 1: name: …", "entry 2: kinds: unknown kind 'outages' …")).
    """

    def __init__(self, problems: Sequence[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = tuple(problems)


@dataclass(frozen=True)
class Criteria:
    """What a notice must (or, under ``exclude``, must not) have; empty tuples do not restrict.

    Example: Criteria(kinds=("outage",), places=("蒸湘区",)).
    """

    kinds: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()

    @property
    def empty(self) -> bool:
        """Example: Criteria().empty → True; Criteria(places=("蒸湘区",)).empty → False."""
        return not (self.kinds or self.sources or self.places or self.keywords)


@dataclass(frozen=True)
class FeedSpec:
    """One operator-defined feed.

    Example: FeedSpec(name="zhengxiang-outage", title="蒸湘区停水停电",
    include=Criteria(kinds=("outage",), places=("蒸湘区",))).
    """

    name: str
    title: str
    include: Criteria = field(default_factory=Criteria)
    exclude: Criteria = field(default_factory=Criteria)
    description: str | None = None

    @property
    def file_name(self) -> str:
        """Example: FeedSpec("zhengxiang-outage", "蒸湘区停水停电").file_name → "zhengxiang-outage.ics"."""
        return f"{self.name}.ics"


# -- parsing --------------------------------------------------------------------


def parse_feeds(value: Any, known_kinds: Iterable[str] = ()) -> tuple[FeedSpec, ...]:
    """Check the config's ``feeds`` array; ``FeedConfigError`` lists every problem at once.

    ``known_kinds`` (when given) are the only kinds allowed, and their feed
    names are taken by the default per-kind feeds.

    Example: parse_feeds([{"name": "hotline-hy", "title": "衡阳热线问政", "kinds": ["hotline"]}],
    ["hotline"]) → (FeedSpec("hotline-hy", "衡阳热线问政", Criteria(kinds=("hotline",))),).
    """
    if not isinstance(value, list):
        raise FeedConfigError(["must be an array of tables: [[feeds]] with name = … and title = …"])
    kinds = frozenset(known_kinds)
    problems: list[str] = []
    specs: list[FeedSpec] = []
    seen: set[str] = set()
    for number, entry in enumerate(value, start=1):
        where = f"entry {number}"
        if not isinstance(entry, Mapping):
            problems.append(f"{where}: must be a table with name = … and title = …")
            continue
        found = _one_feed(entry, where, kinds)
        name = entry.get("name")
        if isinstance(name, str) and name in seen:
            problems.append(f"{where}: name: {name!r} is used by an earlier entry")
        seen.add(str(name))
        if isinstance(found, FeedSpec):
            specs.append(found)
        else:
            problems.extend(found)
    if problems:
        raise FeedConfigError(problems)
    return tuple(specs)


def _one_feed(entry: Mapping[str, Any], where: str, kinds: frozenset[str]) -> FeedSpec | list[str]:
    problems = [f"{where}: unknown key {key!r} (known keys: {', '.join(sorted(_KEYS))})"
                for key in sorted(set(entry) - _KEYS)]
    name = entry.get("name")
    if not isinstance(name, str) or not FEED_NAME.fullmatch(name):
        problems.append(f"{where}: name: must be lower-case letters, digits, - or _ "
                        f"(it names the file <name>.ics), got {name!r}")
    elif name in RESERVED_NAMES or name in kinds:
        problems.append(f"{where}: name: {name!r} is taken by a default feed ({name}.ics)")
    title = entry.get("title")
    if not isinstance(title, str) or not title.strip():
        problems.append(f"{where}: title: must be a non-empty string (the calendar's name), got {title!r}")
    description = entry.get("description")
    if description is not None and (not isinstance(description, str) or not description.strip()):
        problems.append(f"{where}: description: must be a non-empty string, got {description!r}")
    include = _criteria(entry, where, kinds, problems)
    exclude = _exclude(entry.get("exclude"), f"{where}: exclude", kinds, problems)
    if problems:
        return problems
    return FeedSpec(str(name), str(title).strip(), include, exclude,
                    description.strip() if isinstance(description, str) else None)


def _criteria(table: Mapping[str, Any], where: str, kinds: frozenset[str], problems: list[str]) -> Criteria:
    values: dict[str, tuple[str, ...]] = {}
    for key in _FILTER_KEYS:
        raw = table.get(key, [])
        if isinstance(raw, str):
            raw = [raw]
        if not isinstance(raw, list) or not all(isinstance(v, str) and v.strip() for v in raw):
            problems.append(f"{where}: {key}: must be a list of non-empty strings, got {raw!r}")
            continue
        values[key] = tuple(v.strip() for v in raw)
    unknown = [k for k in values.get("kinds", ()) if kinds and k not in kinds]
    if unknown:
        problems.append(f"{where}: kinds: unknown kind {unknown[0]!r} (known kinds: {', '.join(sorted(kinds))})")
    return Criteria(**values)


def _exclude(raw: Any, where: str, kinds: frozenset[str], problems: list[str]) -> Criteria:
    """``exclude`` is a list of keywords, or a table with the same keys as a feed's filters."""
    if raw is None:
        return Criteria()
    if isinstance(raw, (list, str)):
        return _criteria({"keywords": raw}, where, kinds, problems)
    if isinstance(raw, Mapping):
        unknown = sorted(set(raw) - set(_FILTER_KEYS))
        if unknown:
            problems.append(f"{where}: unknown key {unknown[0]!r} (known keys: {', '.join(_FILTER_KEYS)})")
        return _criteria(raw, where, kinds, problems)
    problems.append(f"{where}: must be a list of keywords or a table of kinds/sources/places/keywords")
    return Criteria()


# -- selection ------------------------------------------------------------------


def select(
    spec: FeedSpec, items: Iterable[StoredNotice], named_sources: Mapping[str, str] | None = None
) -> list[StoredNotice]:
    """The items (in their order) that ``spec`` holds.

    ``named_sources`` maps a ``[[sources]]`` name to its URL.

    Example: select(FeedSpec("zx", "蒸湘区停水", Criteria(kinds=("outage",), places=("蒸湘区",))),
    [蒸湘区停水, 雁峰区停水, 热线问政]) → [蒸湘区停水].
    """
    names = named_sources or {}
    return [
        item for item in items
        if matches(spec.include, item, names)
        and (spec.exclude.empty or not matches_any(spec.exclude, item, names))
    ]


def matches(criteria: Criteria, item: StoredNotice, named_sources: Mapping[str, str]) -> bool:
    """Does ``item`` meet every criterion that is given?

    Example: matches(Criteria(places=("蒸湘区",)), <停水 @ 蒸湘区华新街道>, {}) → True.
    """
    notice = item.notice
    return (
        (not criteria.kinds or notice.kind in criteria.kinds)
        and (not criteria.places or _place_matches(criteria.places, notice))
        and (not criteria.keywords or _text_matches(criteria.keywords, notice))
        and (not criteria.sources or _source_matches(criteria.sources, item, named_sources))
    )


def matches_any(criteria: Criteria, item: StoredNotice, named_sources: Mapping[str, str]) -> bool:
    """Does ``item`` meet at least one of the given criteria (for ``exclude``)?

    Example: matches_any(Criteria(keywords=("演练",)), <消防演练>, {}) → True.
    """
    notice = item.notice
    return bool(
        (criteria.kinds and notice.kind in criteria.kinds)
        or (criteria.places and _place_matches(criteria.places, notice))
        or (criteria.keywords and _text_matches(criteria.keywords, notice))
        or (criteria.sources and _source_matches(criteria.sources, item, named_sources))
    )


def _place_matches(places: Sequence[str], notice: Notice) -> bool:
    """The place names one of ``places``; a notice without a place is judged by title and evidence."""
    haystack = notice.location or f"{notice.title}\n{notice.evidence}"
    return any(place in haystack for place in places)


def _text_matches(words: Sequence[str], notice: Notice) -> bool:
    haystack = "\n".join(part for part in (notice.title, notice.location, notice.evidence) if part)
    return any(word in haystack for word in words)


def _source_matches(wanted: Sequence[str], item: StoredNotice, named_sources: Mapping[str, str]) -> bool:
    refs = item.sources or (SourceRef(item.notice.source, item.notice.source, item.notice.headline,
                                      item.notice.published, item.notice.published_basis, item.notice.url),)
    for ref in refs:
        addresses = [a for a in (ref.url, ref.source, item.notice.url) if a and _is_web(a)]
        parts = [] if _is_web(ref.source) else _path_parts(ref.source)
        for want in wanted:
            prefix = want if _is_web(want) else named_sources.get(want)
            if prefix and any(address.startswith(prefix) for address in addresses):
                return True
            if not _is_web(want) and want in parts:
                return True
    return False


def _path_parts(source: str) -> list[str]:
    """A file's name, its stem and its folders: ``inbox/衡阳晚报/x.txt`` → [x.txt, x, inbox, 衡阳晚报]."""
    pieces = [p for p in source.replace("\\", "/").split("/") if p]
    if not pieces:
        return []
    name = pieces[-1]
    return [name, name.rsplit(".", 1)[0], *pieces[:-1]]


def _is_web(value: str | None) -> bool:
    return bool(value) and str(value).startswith(("http://", "https://"))


# -- descriptions and counts ------------------------------------------------------


def describe(spec: FeedSpec, labels: Mapping[str, str] | None = None) -> str:
    """What the feed holds, in one Chinese sentence (its ``description`` when one is set).

    ``labels`` maps kinds to their Chinese names.

    Example: describe(FeedSpec("zx", "蒸湘区停水停电", Criteria(kinds=("outage",), places=("蒸湘区",))),
    {"outage": "停水停电"}) → "本地通知中的预告事项：类别为停水停电；地点含蒸湘区。".
    """
    if spec.description:
        return spec.description
    names = labels or {}
    parts = _criteria_text(spec.include, names, "为", "含", "来自", "提到")
    if not spec.exclude.empty:
        parts.append("不含" + "、".join(_criteria_text(spec.exclude, names, "", "", "来自", "")))
    return "本地通知中的预告事项" + ("：" + "；".join(parts) if parts else "") + "。"


def _criteria_text(c: Criteria, labels: Mapping[str, str], is_: str, has: str, from_: str, says: str) -> list[str]:
    parts = []
    if c.kinds:
        parts.append(f"类别{is_}" + "、".join(labels.get(k, k) for k in c.kinds))
    if c.places:
        parts.append(f"地点{has}" + "、".join(c.places))
    if c.sources:
        parts.append(from_ + "、".join(c.sources))
    if c.keywords:
        parts.append(says + "、".join(f"“{w}”" for w in c.keywords))
    return parts


def last_day(notice: Notice) -> date:
    """The last day a notice is current: a deadline's due day, else its last calendar day.

    Example: 5月20日至24日 展览 → 2024-05-24; “3个工作日内办结” from 4月26日 → 2023-05-04.
    """
    from scheduler.publish.ics import DEADLINE_KIND, due_day, notice_days

    return due_day(notice) if notice.kind == DEADLINE_KIND else notice_days(notice)[1]


def render_operator_feeds(
    specs: Sequence[FeedSpec],
    stored: Iterable[StoredNotice],
    now: datetime,
    options: Any,
    kinds: Mapping[str, Any],
    named_sources: Mapping[str, str] | None = None,
) -> dict[str, bytes]:
    """Every ``[[feeds]]`` feed as ``{file name: bytes}``, from the same selection as ``all.ics``.

    ``options`` is a ``scheduler.publish.ics.FeedOptions``.

    Example: render_operator_feeds([FeedSpec("zx", "蒸湘区停水停电", …)], store.stored_notices(), now,
    FeedOptions(), kinds) → {"zx.ics": b"BEGIN:VCALENDAR…X-WR-CALNAME:蒸湘区停水停电…"}.
    """
    from scheduler.publish.ics import render_calendar, select_for_feed

    if not specs:
        return {}
    current = select_for_feed(stored, now, options.past_days)
    labels = {name: info.label for name, info in kinds.items()}
    cache: dict[str, bytes] = {}
    return {
        spec.file_name: render_calendar(
            select(spec, current, named_sources), spec.title, options, kinds, cache,
            description=describe(spec, labels),
        )
        for spec in specs
    }
