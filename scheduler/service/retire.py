"""Files that left the inbox: their notices are withdrawn after a grace period.

A file missing from a poll is first only noted (``gone_since``).  If it is
back before ``removed_grace_hours`` (default 24) have passed — a file being
replaced, an editor moving it between folders — nothing happens.  After the
grace period, each article read from it is removed from the store, notices
that no other article states are withdrawn, and the feeds are rebuilt.

A file is never counted as gone while the folder that held it could not be
read (an unmounted share, a permission change): then its absence says
nothing.  Files the service never ingested (still settling, or failed) are
simply forgotten.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from scheduler.store.service_state import FileRecord, ServiceState

log = logging.getLogger("notices.jobs")

INGESTED = "ingested"


@dataclass(frozen=True)
class Retired:
    """What this poll did about missing files.

    Example: Retired(withdrawn=("outage-2024-05-14-…",), removed=("inbox/停水通知.txt",), waiting=()).
    """

    withdrawn: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    waiting: tuple[str, ...] = ()


def unreadable_folders(problems: Iterable[tuple[str, str]], roots: Sequence[Path]) -> tuple[str, ...]:
    """The folders a scan could not list: inbox roots with a problem, and folders that failed.

    Example: unreadable_folders([("inbox/2024", "Permission denied")], [Path("inbox")]) → ("inbox/2024",).
    """
    roots_shown = {str(root) for root in roots}
    found = []
    for path, reason in problems:
        if path in roots_shown or Path(path).is_dir() or "no such file or directory" in reason.lower():
            found.append(path)
    return tuple(found)


def is_blocked(path: str, folders: Sequence[str]) -> bool:
    """Does ``path`` lie under one of ``folders`` (whose listing failed)?

    Example: is_blocked("inbox/2024/停水.txt", ["inbox/2024"]) → True.
    """
    return any(path == folder or path.startswith(folder.rstrip("/") + "/") for folder in folders)


def retire_gone(
    state: ServiceState,
    store: object,
    records: Mapping[str, FileRecord],
    gone: Sequence[str],
    blocked: Sequence[str],
    now: datetime,
    grace: timedelta,
) -> Retired:
    """Note, wait for, or withdraw the files missing from this poll (see the module notes).

    Example: 停水通知.txt deleted at 5月8日 09:00, grace 1 day → at 09:01 it is noted; at
    5月9日 09:01 its notices are withdrawn: Retired(withdrawn=("outage-…",), removed=("inbox/停水通知.txt",)).
    """
    withdrawn: set[str] = set()
    removed: list[str] = []
    waiting: list[str] = []
    newly_gone: list[str] = []
    forget: list[str] = []
    for path in gone:
        if is_blocked(path, blocked):
            continue
        record = records.get(path)
        if record is None or record.status != INGESTED:
            forget.append(path)
            continue
        if record.gone_since is None:
            newly_gone.append(path)
            waiting.append(path)
            continue
        if now - datetime.fromisoformat(record.gone_since) < grace:
            waiting.append(path)
            continue
        for key in store.article_keys_for_source(path):  # type: ignore[attr-defined]
            outcome = store.remove_article(key, now)  # type: ignore[attr-defined]
            withdrawn.update(outcome.withdrawn)
        removed.append(path)
        forget.append(path)
    if newly_gone:
        state.mark_gone(newly_gone, now)
        for path in newly_gone:
            log.info("%s: gone from the inbox; its notices are withdrawn after %s unless it returns",
                     path, _hours(grace))
    for path in removed:
        log.info("%s: gone for %s; its notices are withdrawn", path, _hours(grace))
    if forget:
        state.forget_files(forget)
    return Retired(tuple(sorted(withdrawn)), tuple(removed), tuple(waiting))


def _hours(span: timedelta) -> str:
    hours = span.total_seconds() / 3600
    return f"{hours:g} hours" if hours != 24 else "1 day"
