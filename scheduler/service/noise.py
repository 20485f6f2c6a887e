"""Signal, not noise: each standing problem is logged once, repeats are rate-limited.

A poll finds the same symlink loop, unreadable folder or FIFO every minute.
``due_reports`` decides which of the current problems deserve a log line
now: a problem seen for the first time, a problem whose message changed, and
a problem still standing ``REPEAT_AFTER`` after its last line.  Problems that
went away are forgotten (and logged again if they come back).  The memory is
kept in the service state (``service_kv``), so ``notices run --once`` every
minute under a timer is as quiet as a long-running ``serve``.

Pure apart from ``Reporter``, which loads and saves that memory; the caller
passes ``now``.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

REPEAT_AFTER = timedelta(hours=24)
"""A standing problem is logged again at most this often."""


@dataclass(frozen=True)
class Remembered:
    """A problem already logged: its message and when it was last logged.

    Example: Remembered("symbolic link leads outside the inbox; not followed", "2024-05-08T07:00:00+08:00").
    """

    message: str
    logged_at: str


def due_reports(
    memory: Mapping[str, Remembered],
    current: Mapping[str, str],
    now: datetime,
    repeat_after: timedelta = REPEAT_AFTER,
) -> tuple[dict[str, str], dict[str, Remembered]]:
    """Which problems to log now, and the memory to keep: ``(to_log, new_memory)``.

    Example: memory {} and current {"inbox/环": "Too many levels of symbolic links"} → both
    name it; the same call a minute later with the new memory → ({}, memory unchanged).
    """
    to_log: dict[str, str] = {}
    kept: dict[str, Remembered] = {}
    for key, message in sorted(current.items()):
        known = memory.get(key)
        stale = known is not None and now - datetime.fromisoformat(known.logged_at) >= repeat_after
        if known is None or known.message != message or stale:
            to_log[key] = message
            kept[key] = Remembered(message, now.isoformat())
        else:
            kept[key] = known
    return to_log, kept


class Reporter:
    """Logs a family of standing problems through ``due_reports``, remembering in the state.

    Example: Reporter(runtime.state_get, runtime.state_put, "inbox_problems", log)
    .report({"inbox/管道": "a named pipe (FIFO), not a regular file; skipped"}, now) logs one line.
    """

    def __init__(
        self,
        load: Any,
        save: Any,
        key: str,
        logger: logging.Logger,
        level: int = logging.WARNING,
        prefix: str = "",
    ) -> None:
        self._load = load
        self._save = save
        self._key = key
        self._log = logger
        self._level = level
        self._prefix = prefix

    def report(self, current: Mapping[str, str], now: datetime) -> dict[str, str]:
        """Log what is due, remember, and return what was logged.

        Example: report({"inbox/坏链接.txt": "broken symbolic link …"}, now) → that one entry, once.
        """
        raw = self._load(self._key) or {}
        memory = {
            key: Remembered(str(item[0]), str(item[1]))
            for key, item in raw.items()
            if isinstance(item, list) and len(item) == 2
        }
        to_log, kept = due_reports(memory, current, now)
        for key, message in to_log.items():
            again = " (still)" if key in memory and memory[key].message == message else ""
            self._log.log(self._level, "%s%s: %s%s", self._prefix, key, message, again)
        if kept != memory:
            self._save(self._key, {key: [r.message, r.logged_at] for key, r in kept.items()})
        return to_log
