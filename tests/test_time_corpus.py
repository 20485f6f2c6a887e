"""The time corpus: every phrasing resolves to exactly one mention with the written answer.

Also checks the corpus parser and the corpus's own facts (weekdays in
brackets, working-day deadlines) so that a typo in the data cannot pass.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import chinese_calendar
import pytest

from notices.corpus import (
    CorpusCase,
    CorpusError,
    ExpectedValue,
    format_value,
    parse_corpus,
    parse_expected,
    phrase_core,
    read_corpus,
    value_matches,
)
from notices.model import SHANGHAI, Grain, Mention, TimeValue

CORPUS_PATH = Path(__file__).parent / "corpus" / "time.corpus"
CASES = read_corpus(CORPUS_PATH)
WEEKDAYS = "一二三四五六日"

Scan = Callable[[str, datetime], Sequence[Mention]]


@pytest.fixture(scope="module")
def scan() -> Scan:
    from notices.explain import scan as engine_scan

    return engine_scan


def _describe(mentions: Sequence[Mention]) -> str:
    if not mentions:
        return "  (no mention)"
    rows = []
    for m in mentions:
        v = m.value
        rows.append(
            f"  {m.text!r} span={m.span} rule={m.rule} → "
            f"{format_value(v.start, v.end, v.grain, v.open_start)}"
        )
    return "\n".join(rows)


@pytest.mark.parametrize("case", CASES, ids=[c.case_id for c in CASES])
def test_phrasing_resolves(case: CorpusCase, scan: Scan) -> None:
    mentions = list(scan(case.phrase, case.ref))
    e = case.expected
    want = format_value(e.start, e.end, e.grain, e.open_start)
    context = (
        f"line {case.line}: {case.phrase!r} @ref {case.ref:%Y-%m-%dT%H:%M}\n"
        f"  expected {want}\n  scan returned:\n{_describe(mentions)}"
    )
    assert len(mentions) == 1, context
    (mention,) = mentions
    lo, hi = phrase_core(case.phrase)
    assert mention.span[0] <= lo and mention.span[1] >= hi, "span too short\n" + context
    assert value_matches(e, mention.value), context


def test_corpus_size() -> None:
    assert len(CASES) >= 220
    assert len({c.line for c in CASES}) >= 150


def test_corpus_covers_many_years() -> None:
    years = {c.ref.year for c in CASES}
    assert min(years) <= 2006 and max(years) >= 2026
    assert len(years) >= 10


def test_no_duplicate_phrasing_under_one_ref() -> None:
    seen: set[tuple[str, datetime]] = set()
    for case in CASES:
        key = (case.phrase, case.ref)
        assert key not in seen, f"line {case.line}: {case.phrase} repeated under the same @ref"
        seen.add(key)


def test_bracketed_weekdays_agree_with_dates() -> None:
    checked = 0
    for case in CASES:
        found = re.search(r"[（(](?:星期|周)([一二三四五六日天])[)）]", case.phrase)
        if not found:
            continue
        day = case.expected.start
        day = day.date() if isinstance(day, datetime) else day
        want = WEEKDAYS.index(found.group(1).replace("天", "日"))
        assert day.weekday() == want, f"line {case.line}: {case.phrase} is not on a 周{found.group(1)}"
        checked += 1
    assert checked >= 10


def test_working_day_deadlines_follow_official_calendar() -> None:
    checked = 0
    for case in CASES:
        found = re.fullmatch(r"(\d+)个工作日内", case.phrase)
        if not found:
            continue
        day, left = case.ref.date(), int(found.group(1))
        while left:
            day += timedelta(days=1)
            if chinese_calendar.is_workday(day):
                left -= 1
        assert case.expected == ExpectedValue(day, None, Grain.DAY, True), f"line {case.line}"
        checked += 1
    assert checked >= 8


# --- the parser itself

SAMPLE = """\
# sample
@ref 2024-05-06T10:00   # a Monday
明天 | 明日            => 2024-05-07 /day
上午9:00—11:00         => 2024-05-06T09:00..2024-05-06T11:00 /minute

@ref 2024-12-28T08:00
本月底前               => ..2024-12-31 /day
"""


def test_parse_corpus_expands_phrasings_and_refs() -> None:
    cases = parse_corpus(SAMPLE)
    assert [(c.line, c.phrase) for c in cases] == [
        (3, "明天"), (3, "明日"), (4, "上午9:00—11:00"), (7, "本月底前")
    ]
    assert cases[0].ref == datetime(2024, 5, 6, 10, 0, tzinfo=SHANGHAI)
    assert cases[3].ref == datetime(2024, 12, 28, 8, 0, tzinfo=SHANGHAI)
    assert cases[0].expected == ExpectedValue(date(2024, 5, 7), None, Grain.DAY)
    assert cases[2].expected == ExpectedValue(
        datetime(2024, 5, 6, 9), datetime(2024, 5, 6, 11), Grain.MINUTE
    )
    assert cases[3].expected == ExpectedValue(date(2024, 12, 31), None, Grain.DAY, True)
    assert cases[2].case_id == "L4-上午9:00—11:00"


@pytest.mark.parametrize(
    "text",
    [
        "明天 => 2024-05-07 /day",  # before any @ref
        "@ref 2024-05-06T10:00\n明天 2024-05-07 /day",  # no =>
        "@ref 2024-05-06T10:00\n明天 => 2024-05-07",  # no grain
        "@ref 2024-05-06T10:00\n明天 => 2024-05-07 /fortnight",
        "@ref 2024-05-06T10:00\n明天 | => 2024-05-07 /day",  # empty phrasing
        "@ref 2024-05-06T10:00\n5月 => 2024-05-31..2024-05-01 /day",  # reversed range
        "@ref 2024-05-06T10:00\n5月 => 2024-05-01..2024-05-31T00:00 /day",  # mixed kinds
        "@ref 2024-05-06\n明天 => 2024-05-07T25:00 /hour",
        "@ref yesterday\n明天 => 2024-05-07 /day",
    ],
)
def test_parse_corpus_rejects_malformed_lines(text: str) -> None:
    with pytest.raises(CorpusError, match=r"line \d+"):
        parse_corpus(text)


def test_value_matches_compares_kind_zone_grain_and_openness() -> None:
    expected = parse_expected("2024-05-15T09:00 /hour")
    nine = datetime(2024, 5, 15, 9, tzinfo=SHANGHAI)
    assert value_matches(expected, TimeValue(nine, None, Grain.HOUR))
    # The same instant written in UTC still matches local 09:00.
    assert value_matches(expected, TimeValue(nine.astimezone(timezone.utc), None, Grain.HOUR))
    assert not value_matches(expected, TimeValue(nine, None, Grain.MINUTE))
    assert not value_matches(expected, TimeValue(nine + timedelta(hours=1), None, Grain.HOUR))
    assert not value_matches(expected, TimeValue(date(2024, 5, 15), None, Grain.HOUR))
    deadline = parse_expected("..2024-05-31 /day")
    assert value_matches(deadline, TimeValue(date(2024, 5, 31), None, Grain.DAY, True))
    assert not value_matches(deadline, TimeValue(date(2024, 5, 31), None, Grain.DAY, False))


def test_phrase_core_ignores_outer_space_and_punctuation() -> None:
    assert phrase_core(" 5月15日，") == (1, 6)
    assert phrase_core("（5月15日）") == (1, 6)
    # Only the closing bracket is outer punctuation; 星期三 stays in the core.
    assert phrase_core("5月15日(星期三)") == (0, 9)


def test_format_value_round_trips_notation() -> None:
    for text in ["2024-05-07 /day", "..2024-05-31 /day", "2024-05-06T09:00..2024-05-06T11:00 /minute"]:
        e = parse_expected(text)
        assert format_value(e.start, e.end, e.grain, e.open_start) == text
