"""Monotonic service time: a clock that goes backwards is not believed.

The service remembers the latest moment it acted on (the *mark*, kept in
the state).  ``read_clock`` compares a tick's ``now`` with it:

- ``now`` earlier than the mark (by more than ``BACKWARDS_TOLERANCE``): the
  clock went back (``run --once --now`` in the past, an NTP step).  The tick
  still polls the inbox, but acts as of the mark — stored times, feeds and
  the past-days window never move back — and the digest and catch-up logic
  are skipped, so no digest is written for a past day and no catch-up is
  repeated.
- ``now`` later than the next expected poll by more than ``JUMP_LIMIT``: a
  jump forward (or a long downtime).  It is logged; the tick runs as usual
  (the publish guard in ``scheduler.publish.guard`` keeps a far-future ``now``
  from emptying the feeds).

``notices run --once --reset-clock`` sets the mark to the given ``now``,
for undoing a mistaken far-future run.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

BACKWARDS_TOLERANCE = timedelta(seconds=2)
"""Smaller steps back (clock slewing) are absorbed silently."""

JUMP_LIMIT = timedelta(days=1)
"""A ``now`` this far beyond the next expected poll is logged as a jump."""


@dataclass(frozen=True)
class ClockReading:
    """What a tick makes of its ``now``.

    ``now`` is the moment the tick acts on (never before the old mark),
    ``mark`` the mark to keep afterwards, ``backwards`` how far the given
    time lay behind the mark (None when it did not), ``jump`` how far it
    leapt past the previous mark (None when within the schedule).

    Example: mark 2024-05-08T07:00, given 2024-05-06T07:00 → ClockReading(now=2024-05-08T07:00,
    mark=2024-05-08T07:00, backwards=2 days, jump=None).
    """

    now: datetime
    given: datetime
    mark: datetime
    backwards: timedelta | None = None
    jump: timedelta | None = None

    @property
    def skip_digest(self) -> bool:
        """Digests (and catch-up) are not judged on a clock that went back."""
        return self.backwards is not None


def read_clock(given: datetime, mark: datetime | None, poll_seconds: int) -> ClockReading:
    """Judge ``given`` against the previous ``mark`` (see the module notes).

    Example: read_clock(2025-05-08T07:00+08:00, mark=2024-05-08T07:00+08:00, poll_seconds=60)
    → ClockReading(now=2025-05-08T07:00, jump=365 days, …): logged, acted on.
    """
    if mark is None:
        return ClockReading(given, given, given)
    if given < mark:
        behind = mark - given
        backwards = behind if behind > BACKWARDS_TOLERANCE else None
        return ClockReading(mark, given, mark, backwards=backwards)
    expected = mark + timedelta(seconds=poll_seconds)
    jump = given - mark if given - expected > JUMP_LIMIT else None
    return ClockReading(given, given, given, jump=jump)


def describe(span: timedelta) -> str:
    """A span for people: days, hours, minutes or seconds.

    Example: describe(timedelta(days=365)) → "365 days"; describe(timedelta(minutes=90)) → "1.5 hours".
    """
    seconds = span.total_seconds()
    if seconds >= 2 * 86400:
        return f"{seconds / 86400:.0f} days"
    if seconds >= 3600:
        return f"{seconds / 3600:.1f} hours"
    if seconds >= 60:
        return f"{seconds / 60:.0f} minutes"
    return f"{seconds:.0f} seconds"
