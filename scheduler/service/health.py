"""Health that tells the truth: readiness with reasons, liveness apart, no paths for strangers.

``/healthz`` (and ``/readyz``) is *readiness*: 503 with ``"degraded": true``
when any of these holds —

- a recorded problem (feeds or digest not writable, the store missing,
  damaged or failing, a rebuild held back by the publish guard…);
- ``poll``: no poll has finished for ``STALE_POLLS`` poll intervals;
- ``job``: the running poll has shown no progress for
  ``extract_timeout_seconds`` + ``STALE_POLLS`` poll intervals (stuck).

``/livez`` is *liveness*: 200 while the process serves HTTP and its
scheduler runs; only a dead scheduler makes it 503.  A stuck job or a
damaged store is a reason not to be ready, not a reason to be restarted.

Requests that do not come from the machine itself get ``public_view``: the
verdict, the names of the problem areas, the time of the last poll and the
notice count — no file names, no paths, no messages.

``Activity`` is fed by the service boundary, which owns the clock: it is
given a monotonic clock function, and the poll only calls ``beat()``.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

STALE_POLLS = 3
"""A poll that finished longer ago than this many intervals makes the service not ready."""


@dataclass
class Activity:
    """When the current tick started, last made progress, and when the last one ended.

    Mutable by design (the worker thread writes, HTTP threads read, under a lock).

    Example: Activity(clock=time.monotonic); activity.begin(); activity.beat() after each 停水通知; activity.end().
    """

    clock: Callable[[], float] | None = None
    born: float | None = None
    started: float | None = None
    progress: float | None = None
    finished: float | None = None
    _guard: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self) -> None:
        if self.clock is not None and self.born is None:
            self.born = self.clock()

    def _now(self) -> float | None:
        return None if self.clock is None else self.clock()

    def begin(self) -> None:
        """A tick starts."""
        now = self._now()
        with self._guard:
            self.started = self.progress = now

    def beat(self) -> None:
        """The tick made progress (one file done)."""
        now = self._now()
        with self._guard:
            self.progress = now

    def end(self) -> None:
        """The tick is over."""
        now = self._now()
        with self._guard:
            self.started = self.progress = None
            self.finished = now

    def snapshot(self) -> tuple[float | None, float | None, float | None, float | None]:
        """(born, started, progress, finished), consistently."""
        with self._guard:
            return self.born, self.started, self.progress, self.finished


def readiness(
    base: dict[str, Any],
    activity: Activity,
    now: float,
    poll_seconds: int,
    extract_timeout: float,
) -> dict[str, Any]:
    """The full /healthz document: ``base`` (``Runtime.health()``) plus staleness and stuck jobs.

    ``now`` is the monotonic time of the request, from the same clock as ``activity``.

    Example: no poll finished for 200 s with poll_seconds 60 → {"status": "degraded",
    "problems": {"poll": "no poll has finished for 200 s (poll every 60 s)"}, …}.
    """
    document = dict(base)
    problems = dict(base.get("problems") or {})
    born, started, progress, finished = activity.snapshot()
    reference = finished if finished is not None else born
    if reference is not None and now - reference > STALE_POLLS * poll_seconds:
        problems["poll"] = (
            f"no poll has finished for {now - reference:.0f} s (poll every {poll_seconds} s)"
        )
    stuck_after = extract_timeout + STALE_POLLS * poll_seconds
    last_sign = progress if progress is not None else started
    if started is not None and last_sign is not None and now - last_sign > stuck_after:
        problems["job"] = (
            f"the running poll has made no progress for {now - last_sign:.0f} s "
            f"(limit {stuck_after:.0f} s)"
        )
    document["problems"] = problems
    document["degraded"] = bool(problems)
    document["status"] = "degraded" if problems else "ok"
    document["running_since_seconds"] = None if started is None else round(now - started, 1)
    return document


def public_view(document: dict[str, Any]) -> dict[str, Any]:
    """What a client that is not on this machine may see of a health document.

    Example: public_view({"status": "degraded", "problems": {"feeds": "cannot write feeds to /var/…"}, …})
    → {"status": "degraded", "degraded": True, "problems": ["feeds"], "last_poll": "2024-05-08T07:00:00+08:00", …}.
    """
    last_poll = document.get("last_poll") or {}
    last_digest = document.get("last_digest") or {}
    return {
        "status": document.get("status", "ok"),
        "degraded": bool(document.get("degraded")),
        "problems": sorted(document.get("problems") or {}),
        "last_poll": last_poll.get("at") if isinstance(last_poll, dict) else None,
        "last_digest": last_digest.get("day") if isinstance(last_digest, dict) else None,
        "notices": document.get("notices"),
    }
