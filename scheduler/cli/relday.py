"""Relative day words on the command line: ``yesterday``/``昨天``, ``today``/``今天``, ``tomorrow``/``明天``.

The words are resolved against a ``today`` the caller passes: the CLI reads
the clock (today in the configured zone) and hands the day down, so nothing
below it depends on when it runs.
"""

from __future__ import annotations

from datetime import date, timedelta

OFFSETS: dict[str, int] = {
    "前天": -2,
    "yesterday": -1, "昨天": -1, "昨日": -1,
    "today": 0, "今天": 0, "今日": 0,
    "tomorrow": 1, "明天": 1, "明日": 1,
}


def relative_day(text: str, today: date) -> date | None:
    """The day a relative word names, or None when ``text`` is not one.

    Example: relative_day("昨天", date(2024, 5, 8)) → date(2024, 5, 7); relative_day("2024-05-07", …) → None.
    """
    offset = OFFSETS.get(text.strip().lower())
    return None if offset is None else today + timedelta(days=offset)


def day_argument(text: str | None, today: date, flag: str) -> date:
    """A day given on the command line: a relative word, ``YYYY-MM-DD``, or (None) today.

    Raises ``ValueError`` with a one-line message naming ``flag``.

    Example: day_argument("yesterday", date(2024, 5, 8), "--date") → date(2024, 5, 7);
    day_argument(None, date(2024, 5, 8), "--date") → date(2024, 5, 8).
    """
    if text is None:
        return today
    named = relative_day(text, today)
    if named is not None:
        return named
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(
            f"{flag}: not a date: {text!r} (YYYY-MM-DD, today/今天, yesterday/昨天, tomorrow/明天)"
        ) from None
