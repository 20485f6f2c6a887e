"""Never publish a collapse, and put back what was deleted by hand.

``PublishGuard`` is handed to ``pipeline.rebuild_feeds``, which shows it the
freshly rendered feeds before writing anything.  If the new ``all.ics``
would hold fewer events than the one on disk by more than
``publish_max_drop`` of them (default half), nothing is written and
``PublishHeld`` is raised: a store that was emptied, replaced or confused by
a far-future clock never wipes the published calendars.  Feeds with fewer
than ``MIN_GUARDED_EVENTS`` events are not guarded (a small feed may
legitimately lose its only events).  ``force`` (``--force``) lets one
rebuild through.

The guard also records which feed files the rebuild renders, so that
``missing_outputs`` can notice at the next poll that one was deleted by hand
and have the feeds rewritten; ``restore_digest`` rewrites the latest digest
the same way, from the recorded window, without moving its cut-off, and
``restore_front_page`` the front page.  ``retire_feeds`` deletes the feed
files a rebuild no longer writes (a ``[[feeds]]`` entry taken out of the
config), and only those this tool recorded as its own.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scheduler.config import Settings
from scheduler.publish.digest import render_html, render_markdown
from scheduler.publish.files import GZIP_SUFFIX, write_if_changed
from scheduler.store.check import published_event_count

if TYPE_CHECKING:
    from scheduler.store.store import Store

log = logging.getLogger("notices.publish")

FRONT_PAGE_MARK = "front-page"
"""The output mark ``pipeline.write_front_page_if_changed`` records when it writes ``index.html``."""

MIN_GUARDED_EVENTS = 10
"""Feeds with fewer events than this on disk are not guarded."""

ALL_FEED = "all.ics"
_VEVENT = re.compile(rb"^BEGIN:VEVENT\r?$", re.MULTILINE)


class PublishHeld(Exception):
    """A rebuild was held back by the guard; ``str(exc)`` is the one-line reason.

    Example: PublishHeld("the new feeds would drop 909 of 909 published events (100% > 50%) …").
    """


class PublishGuard:
    """Checks rendered feeds against the published ones (see the module notes).

    Example: rebuild_feeds(store, output, now, settings, guard=PublishGuard(output, 0.5))
    raises PublishHeld instead of replacing 909 events by 0.
    """

    def __init__(self, output: Path, max_drop: float, *, force: bool = False) -> None:
        self.output = Path(output)
        self.max_drop = max_drop
        self.force = force
        self.rendered: tuple[str, ...] = ()

    def __call__(self, feeds: Mapping[str, Any]) -> None:
        """Check the new feeds (bytes, or ``scheduler.publish.feedcache.FeedFile`` that know their count).

        Example: guard({"all.ics": FeedFile("all.ics", 0, …)}) raises PublishHeld when 909 are published.
        """
        self.rendered = tuple(sorted(feeds))
        new = feeds.get(ALL_FEED, b"")
        after = new.events if hasattr(new, "events") else count_events(new)
        problem = collapse_problem(published_event_count(self.output), after, self.max_drop)
        if problem is not None and not self.force:
            raise PublishHeld(problem)


def count_events(feed: bytes) -> int:
    """How many VEVENTs an iCalendar file holds.

    Example: count_events(b"BEGIN:VCALENDAR\\r\\nBEGIN:VEVENT\\r\\n…END:VEVENT\\r\\nEND:VCALENDAR\\r\\n") → 1.
    """
    return len(_VEVENT.findall(feed))


def collapse_problem(before: int, after: int, max_drop: float) -> str | None:
    """The reason to hold a rebuild that goes from ``before`` to ``after`` events, or None.

    Example: collapse_problem(909, 0, 0.5) → "the new feeds would drop 909 of 909 published
    events (100% > publish_max_drop 50%); …"; collapse_problem(909, 880, 0.5) → None.
    """
    if before < MIN_GUARDED_EVENTS or max_drop >= 1 or after >= before:
        return None
    dropped = before - after
    share = dropped / before
    if share <= max_drop:
        return None
    return (
        f"the new feeds would drop {dropped} of {before} published events "
        f"({share:.0%} > publish_max_drop {max_drop:.0%}); the published feeds are left as they "
        "are — check the store and the inbox, or publish anyway with `notices run --once --force`"
    )


def missing_outputs(output: Path, feed_names: Sequence[str]) -> list[str]:
    """Feed files of the last rebuild that are no longer on disk (deleted by hand).

    Example: after ``rm -rf output/feeds`` → ["all.ics", "hotline.ics", …].
    """
    folder = Path(output) / "feeds"
    names = feed_names or (ALL_FEED,)
    return [name for name in names if not (folder / name).exists()]


def restore_digest(
    store: object, output: Path, day: date, now: datetime, *, settings: Settings | None = None
) -> list[Path]:
    """Rewrite the digest of ``day`` if its .md or .html was deleted; returns what was written.

    The digest is rendered from the window recorded when it was first
    written, so its 新发现 section is the same as before, and with the
    configured ``digest_max_items`` (``settings``), as it was written.

    Example: restore_digest(store, Path("output"), date(2024, 5, 8), now, settings=settings) after
    ``rm output/digests/2024-05-08.md`` → [output/digests/2024-05-08.md].
    """
    from scheduler.pipeline import DIGESTS_FOLDER, digest_for

    folder = Path(output) / DIGESTS_FOLDER
    targets = {suffix: folder / f"{day.isoformat()}{suffix}" for suffix in (".md", ".html")}
    if all(path.exists() for path in targets.values()):
        return []
    limit = (settings or Settings()).digest_max_items  # what write_digest used
    digest = digest_for(store, day, now, link_from=folder, max_items=limit)  # type: ignore[arg-type]
    texts = {".md": render_markdown(digest), ".html": render_html(digest)}
    written = []
    for suffix, target in targets.items():
        if not target.exists() and write_if_changed(target, texts[suffix].encode("utf-8")):
            written.append(target)
    return written


def restore_front_page(store: Store, output: Path, now: datetime, settings: Settings) -> list[Path]:
    """Rewrite ``output/index.html`` if it was written before and has been deleted; returns it when written.

    Called at every poll, like ``restore_digest``, so a page deleted by hand
    comes back without waiting for the feeds to change.

    Example: restore_front_page(store, Path("output"), now, settings) after ``rm output/index.html`` →
    [output/index.html] (本地通知·全部, 热线问政 … with their QR codes).
    """
    from scheduler.pipeline import write_front_page_if_changed
    from scheduler.publish.frontpage import INDEX_FILE

    if (Path(output) / INDEX_FILE).exists() or store.output_mark(FRONT_PAGE_MARK) is None:
        return []
    return write_front_page_if_changed(store, output, now, settings)


def retire_feeds(folder: Path, before: Iterable[Path], now_written: Iterable[str]) -> list[Path]:
    """Delete the feed files a rebuild wrote before but no longer writes (a ``[[feeds]]`` entry removed).

    Only files this tool recorded as written are touched (``before``: the
    feed files of the last rebuild's mark, ``scheduler.publish.feedcache.feed_files``),
    and only those in ``folder``, each with its ``.gz``; a file someone else
    put in the folder stays.  Returns the files deleted.

    Example: retire_feeds(Path("output/feeds"), [output/feeds/all.ics, output/feeds/zhengxiang.ics], ["all.ics"]) →
    [output/feeds/zhengxiang.ics, output/feeds/zhengxiang.ics.gz] once 蒸湘区停水停电 left the config.
    """
    keep = set(now_written)
    here = os.path.abspath(folder)
    removed = []
    for old in sorted(set(before)):
        if old.name in keep or not old.name.endswith(".ics") or os.path.dirname(os.path.abspath(old)) != here:
            continue  # still written, or not a feed file of this folder
        for path in (Path(folder) / old.name, Path(folder) / f"{old.name}{GZIP_SUFFIX}"):
            try:
                path.unlink()
            except FileNotFoundError:
                continue
            removed.append(path)
            log.info("removed %s (the config no longer names this feed)", path)
    return removed
