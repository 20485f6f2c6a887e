"""Feed events folded by ``scheduler.publish.ics_fold`` are byte for byte what icalendar writes."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

import icalendar
import pytest

from notices.model import SHANGHAI
from scheduler.publish.ics import FeedOptions, render_event
from scheduler.publish.ics_fold import FOLD_LIMIT, component_bytes, fold_line
from scheduler.store.store import StoredNotice
from tests.feed_samples import make_notice

# Characters of one, two, three and four UTF-8 octets, and the escapes a fold never splits.
_ALPHABET = "aZ09 ,;:\\^\"é×停电热线问政“”（）—🚧"


def _random_text(rng: random.Random, longest: int) -> str:
    return "".join(rng.choice(_ALPHABET) for _ in range(rng.randint(1, longest)))


@pytest.mark.parametrize("seed", range(40))
def test_a_rendered_event_has_the_bytes_icalendar_writes(seed: int) -> None:
    rng = random.Random(seed)
    notice = make_notice(
        uid=f"t-{seed}",
        title=_random_text(rng, 60),
        location=_random_text(rng, 90),
    )
    moment = datetime(2023, 4, 25, 20, 15, tzinfo=SHANGHAI) + timedelta(minutes=seed)
    item = StoredNotice(notice=notice, first_seen=moment, last_changed=moment, sequence=seed % 3,
                        withdrawn_at=None, sources=())
    event = render_event(item, FeedOptions())
    assert component_bytes(event) == event.to_ical()


def test_lines_around_the_limit_fold_where_icalendar_folds() -> None:
    event = icalendar.Event()
    for width in range(60, 90):
        for tail in ("a", "\\", "^", "电", "🚧"):
            event.add("x-probe", "p" * (width - len("X-PROBE:") - 1) + tail)
    event.add("x-cjk", "热线问政" * 40)
    event.add("x-escapes", "\\," * 80)
    assert component_bytes(event) == event.to_ical()


def test_a_line_of_74_octets_stays_whole_and_one_of_75_folds() -> None:
    assert fold_line("x" * (FOLD_LIMIT - 1)) == "x" * (FOLD_LIMIT - 1)
    assert fold_line("x" * FOLD_LIMIT) == "x" * (FOLD_LIMIT - 1) + "\r\n x"
    # 热 is three octets: 24 of them are 72, the 25th would reach 75
    assert fold_line("热" * 25) == "热" * 24 + "\r\n 热"


def test_a_shared_moment_writes_what_icalendar_writes_for_that_value() -> None:
    from datetime import date, timezone

    from scheduler.publish.ics import _moment

    for value in (datetime(2023, 4, 26, 1, 0, tzinfo=timezone.utc), datetime(2023, 4, 26, 9, 0, tzinfo=SHANGHAI),
                  date(2023, 4, 26), timedelta(minutes=-30), timedelta(days=-1)):
        plain = icalendar.vDDDTypes(value)
        shared = _moment(value)
        assert (shared.to_ical(), dict(shared.params)) == (plain.to_ical(), dict(plain.params))
    # 09:00 in Shanghai and 01:00 UTC are one instant but two different lines
    utc = _moment(datetime(2023, 4, 26, 1, 0, tzinfo=timezone.utc))
    local = _moment(datetime(2023, 4, 26, 9, 0, tzinfo=SHANGHAI))
    assert (utc.to_ical(), local.to_ical()) == (b"20230426T010000Z", b"20230426T090000")
    assert dict(local.params) == {"TZID": "Asia/Shanghai"}
