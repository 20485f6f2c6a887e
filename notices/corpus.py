"""The time-expression corpus: a duckling-style list of phrasings and answers.

Format (``tests/corpus/time.corpus``)::

    # comment (anything after ``#`` is ignored)
    @ref 2024-05-06T10:00                # reference time, Asia/Shanghai
    明天 | 明日                          => 2024-05-07 /day
    上午9:00—11:00                       => 2024-05-06T09:00..2024-05-06T11:00 /minute
    本月底前                             => ..2024-05-31 /day

Each ``|``-separated phrasing is one case.  The answer is ``START`` (a point
or a single day), ``START..END`` (a range, END inclusive for days) or
``..DUE`` (an open-start deadline), then ``/grain``.  Times are naive local
Asia/Shanghai wall-clock values.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from notices.model import SHANGHAI, Grain, TimeValue


class CorpusError(ValueError):
    """A malformed corpus line; the message starts with the line number."""


@dataclass(frozen=True)
class ExpectedValue:
    """The answer written on a corpus line, in naive local time.

    Example: ``5月20日至24日 => 2024-05-20..2024-05-24 /day`` →
    ExpectedValue(date(2024, 5, 20), date(2024, 5, 24), Grain.DAY, False).
    """

    start: date | datetime
    end: date | datetime | None
    grain: Grain
    open_start: bool = False


@dataclass(frozen=True)
class CorpusCase:
    """One phrasing with its reference time and expected resolution.

    Example: line 12, phrase 下周三上午9点, ref 2024-05-06T10:00+08:00,
    expected 2024-05-15T09:00 /hour.
    """

    line: int
    phrase: str
    ref: datetime
    expected: ExpectedValue

    @property
    def case_id(self) -> str:
        """A readable pytest id, e.g. ``L12-下周三上午9点``."""
        return f"L{self.line}-{self.phrase}"


def parse_corpus(text: str) -> list[CorpusCase]:
    """Every case of a corpus text, in file order.

    Example: ``"@ref 2024-05-06T10:00\\n明天 | 明日 => 2024-05-07 /day"`` → two cases.
    """
    cases: list[CorpusCase] = []
    ref: datetime | None = None
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        if line.startswith("@ref"):
            ref = _parse_ref(line[len("@ref") :].strip(), number)
            continue
        if "=>" not in line:
            raise CorpusError(f"line {number}: expected 'phrasings => answer'")
        if ref is None:
            raise CorpusError(f"line {number}: case before the first @ref")
        left, right = line.split("=>", 1)
        try:
            expected = parse_expected(right)
        except ValueError as exc:
            raise CorpusError(f"line {number}: {exc}") from exc
        phrases = [p.strip() for p in left.split("|")]
        if any(not p for p in phrases):
            raise CorpusError(f"line {number}: empty phrasing")
        cases.extend(CorpusCase(number, p, ref, expected) for p in phrases)
    return cases


def read_corpus(path: Path) -> list[CorpusCase]:
    """Parse a corpus file (UTF-8).

    Example: read_corpus(Path("tests/corpus/time.corpus"))[0].phrase → 今天.
    """
    return parse_corpus(path.read_text(encoding="utf-8"))


def parse_expected(text: str) -> ExpectedValue:
    """Parse the right-hand side of a corpus line.

    Example: ``"..2024-05-31 /day"`` → ExpectedValue(date(2024, 5, 31), None, DAY, True).
    """
    body, slash, grain_name = text.strip().rpartition("/")
    if not slash:
        raise ValueError(f"missing /grain in {text.strip()!r}")
    try:
        grain = Grain(grain_name.strip())
    except ValueError:
        raise ValueError(f"unknown grain {grain_name.strip()!r}") from None
    body = body.strip()
    if body.startswith(".."):
        return ExpectedValue(_parse_local(body[2:]), None, grain, open_start=True)
    if ".." in body:
        first, last = body.split("..", 1)
        start, end = _parse_local(first), _parse_local(last)
        if type(start) is not type(end):
            raise ValueError(f"range mixes a date and a time: {body!r}")
        if end < start:  # type: ignore[operator]
            raise ValueError(f"range ends before it starts: {body!r}")
        return ExpectedValue(start, end, grain)
    return ExpectedValue(_parse_local(body), None, grain)


def local_naive(value: date | datetime | None) -> date | datetime | None:
    """A value as naive Asia/Shanghai wall-clock time (dates unchanged).

    Example: 2024-05-15T01:00Z → 2024-05-15T09:00 (naive), i.e. 上午9点.
    """
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.astimezone(SHANGHAI).replace(tzinfo=None)
    return value


def same_moment(left: date | datetime | None, right: date | datetime | None) -> bool:
    """Equal values of the same kind (a date never equals a datetime).

    Example: same_moment(date(2024, 5, 7), datetime(2024, 5, 7)) → False (明天 vs 明天0点).
    """
    left, right = local_naive(left), local_naive(right)
    if isinstance(left, datetime) != isinstance(right, datetime):
        return False
    return left == right


def value_matches(expected: ExpectedValue, value: TimeValue) -> bool:
    """Whether a resolved value equals the corpus answer.

    Example: 明天 resolved to 2024-05-07 /day matches ``2024-05-07 /day``.
    """
    return (
        same_moment(expected.start, value.start)
        and same_moment(expected.end, value.end)
        and expected.grain == value.grain
        and expected.open_start == value.open_start
    )


def format_value(start: date | datetime, end: date | datetime | None, grain: Grain,
                 open_start: bool = False) -> str:
    """The corpus notation of a value (for failure messages).

    Example: format_value(date(2024, 5, 31), None, Grain.DAY, True) → ``..2024-05-31 /day``.
    """
    text = _format_local(start)
    if open_start:
        text = ".." + text
    if end is not None:
        text += ".." + _format_local(end)
    return f"{text} /{grain.value}"


def phrase_core(phrase: str) -> tuple[int, int]:
    """Offsets of the phrase without leading/trailing spaces and punctuation.

    Example: ``" 5月15日，"`` → (1, 6): the space and the trailing ``，`` are dropped.
    """
    start, end = 0, len(phrase)
    while start < end and _is_filler(phrase[start]):
        start += 1
    while end > start and _is_filler(phrase[end - 1]):
        end -= 1
    return start, end


def _is_filler(char: str) -> bool:
    category = unicodedata.category(char)
    return category[0] in "PZ" or char.isspace()


def _parse_ref(text: str, number: int) -> datetime:
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        raise CorpusError(f"line {number}: bad @ref {text!r}") from None
    if value.tzinfo is not None:
        raise CorpusError(f"line {number}: @ref must be naive local time")
    return value.replace(tzinfo=SHANGHAI)


def _parse_local(text: str) -> date | datetime:
    text = text.strip()
    if "T" in text:
        value = datetime.fromisoformat(text)
        if value.tzinfo is not None:
            raise ValueError(f"times are naive local, got {text!r}")
        return value
    return date.fromisoformat(text)


def _format_local(value: date | datetime) -> str:
    local = local_naive(value)
    if isinstance(local, datetime):
        return local.strftime("%Y-%m-%dT%H:%M")
    assert local is not None
    return local.isoformat()
