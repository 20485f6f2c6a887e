"""Scoring predicted notices against annotated gold documents.

The gold format is JSON Lines, one document a line::

    {"id", "source", "published": "YYYY-MM-DD", "published_basis": "metadata"|"text",
     "text", "events": [{"title", "kind", "start", "end", "forward", "evidence",
                         optional "superseded", ...}]}

Gold times are naive Asia/Shanghai: ``YYYY-MM-DDTHH:MM`` when the text gives a
clock time, else ``YYYY-MM-DD``.  Scoring, per document:

* a gold event is *found at date level* by a predicted forward notice with the
  same start date; *at minute level* when, for gold with a clock time, the
  start minute also agrees; *with its end* when, for gold with an end, the end
  date also agrees (an end at exactly 00:00 counts as the previous day: 24时);
* a predicted forward notice is *false* when its start date matches the start
  date of no gold event of the document (superseded and past ones included);
* recall is over gold events with ``forward`` true and not ``superseded``;
  superseded events count neither as missed nor as false.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from notices.model import SHANGHAI, Notice


class GoldFormatError(ValueError):
    """A gold file line that does not follow the format."""


@dataclass(frozen=True)
class GoldEvent:
    """One annotated event; times are naive Asia/Shanghai.

    Example: title 第5期“民生热线”, kind hotline, start 2024-05-08T09:00,
    end 2024-05-08T11:00, forward True, evidence 5月8日上午9:00—11:00.
    """

    title: str
    kind: str
    start: date | datetime
    end: date | datetime | None
    forward: bool
    evidence: str
    superseded: bool = False
    location: str | None = None
    rule: str | None = None

    @property
    def timed(self) -> bool:
        """Whether the text gives a clock time (e.g. 上午9:00, not just 上午)."""
        return isinstance(self.start, datetime)

    @property
    def start_day(self) -> date:
        return _day_of(self.start)

    @property
    def end_day(self) -> date | None:
        return _end_day_of(self.end)


@dataclass(frozen=True)
class GoldDoc:
    """One annotated document.

    Example: id h101, published 2024-05-06 (basis metadata), text 本报讯 明天上午9时…
    """

    id: str
    source: str
    published: date
    published_basis: str
    text: str
    events: tuple[GoldEvent, ...]


@dataclass(frozen=True)
class Score:
    """Corpus-level scores and the counts behind them.

    Example: 10 forward gold events, 9 found, 1 false prediction →
    forward_recall 0.9, forward_precision 0.9, forward_f1 0.9.
    """

    forward_precision: float
    forward_recall: float
    forward_f1: float
    minute_recall: float
    span_end_recall: float
    kind_accuracy: float
    documents: int
    gold_forward: int
    found_forward: int
    predicted_forward: int
    false_forward: int
    gold_timed: int
    found_minute: int
    gold_with_end: int
    found_end: int
    kind_correct: int
    published_checked: int = 0
    published_correct: int = 0
    details: tuple[str, ...] = field(default_factory=tuple)

    @property
    def published_accuracy(self) -> float:
        """Share of inferred publication dates that are right (1.0 if none checked)."""
        return _ratio(self.published_correct, self.published_checked)

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict of every score, count and detail line."""
        return {
            "forward_precision": self.forward_precision,
            "forward_recall": self.forward_recall,
            "forward_f1": self.forward_f1,
            "minute_recall": self.minute_recall,
            "span_end_recall": self.span_end_recall,
            "kind_accuracy": self.kind_accuracy,
            "published_accuracy": self.published_accuracy,
            "documents": self.documents,
            "gold_forward": self.gold_forward,
            "found_forward": self.found_forward,
            "predicted_forward": self.predicted_forward,
            "false_forward": self.false_forward,
            "gold_timed": self.gold_timed,
            "found_minute": self.found_minute,
            "gold_with_end": self.gold_with_end,
            "found_end": self.found_end,
            "kind_correct": self.kind_correct,
            "published_checked": self.published_checked,
            "published_correct": self.published_correct,
            "details": list(self.details),
        }


def read_gold(path: Path) -> list[GoldDoc]:
    """Read a gold JSON Lines file (blank lines skipped).

    Example: a line {"id": "h101", "published": "2024-05-06", …, "events": [{"start": "2024-05-07T09:00", …}]}
    → GoldDoc(id="h101", …, events=(GoldEvent(start=datetime(2024, 5, 7, 9, 0), …),)).
    """
    return parse_gold(path.read_text(encoding="utf-8").splitlines())


def parse_gold(lines: Iterable[str]) -> list[GoldDoc]:
    """Parse gold lines; raises GoldFormatError naming the line.

    Example: ['{"id": "x", "source": "", "published": "2024-05-06", "published_basis": "text",
    "text": "明天开会", "events": []}'] → one GoldDoc without events.
    """
    docs: list[GoldDoc] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            docs.append(gold_doc_from_json(json.loads(line)))
        except (ValueError, KeyError, TypeError) as exc:
            raise GoldFormatError(f"line {number}: {exc}") from exc
    return docs


def gold_doc_from_json(data: Mapping[str, Any]) -> GoldDoc:
    """One gold document from its decoded JSON object.

    Example: {"id": "h1", "published": "2023-04-26", "published_basis": "text", "text": "…",
    "source": "", "events": []} → GoldDoc("h1", "", date(2023, 4, 26), "text", "…", ()).
    """
    events = tuple(_gold_event_from_json(item) for item in data.get("events", ()))
    return GoldDoc(
        id=str(data["id"]),
        source=str(data.get("source", "")),
        published=date.fromisoformat(data["published"]),
        published_basis=str(data.get("published_basis", "metadata")),
        text=str(data["text"]),
        events=events,
    )


def score(
    docs: Sequence[GoldDoc],
    predictions: Mapping[str, Sequence[Notice]],
    *,
    published: Mapping[str, date] | None = None,
) -> Score:
    """Score predicted notices (keyed by document id) against the gold documents.

    ``published`` optionally maps document ids whose publication date the
    extractor had to infer (basis ``text``) to the date it inferred.

    Example: gold 第5期“民生热线” 2024-05-08T09:00 and a prediction at
    2024-05-08T09:00 of kind hotline → recall 1.0, minute recall 1.0, kind accuracy 1.0.
    """
    tally = _Tally()
    for doc in docs:
        _score_doc(doc, predictions.get(doc.id, ()), tally)
    if published:
        for doc in docs:
            if doc.id not in published:
                continue
            tally.published_checked += 1
            if published[doc.id] == doc.published:
                tally.published_correct += 1
            else:
                tally.details.append(
                    f"{doc.id}: published inferred {published[doc.id].isoformat()}, "
                    f"gold {doc.published.isoformat()}"
                )
    precision = _ratio(tally.predicted_forward - tally.false_forward, tally.predicted_forward)
    recall = _ratio(tally.found_forward, tally.gold_forward)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Score(
        forward_precision=precision,
        forward_recall=recall,
        forward_f1=f1,
        minute_recall=_ratio(tally.found_minute, tally.gold_timed),
        span_end_recall=_ratio(tally.found_end, tally.gold_with_end),
        kind_accuracy=_ratio(tally.kind_correct, tally.found_forward),
        documents=len(docs),
        gold_forward=tally.gold_forward,
        found_forward=tally.found_forward,
        predicted_forward=tally.predicted_forward,
        false_forward=tally.false_forward,
        gold_timed=tally.gold_timed,
        found_minute=tally.found_minute,
        gold_with_end=tally.gold_with_end,
        found_end=tally.found_end,
        kind_correct=tally.kind_correct,
        published_checked=tally.published_checked,
        published_correct=tally.published_correct,
        details=tuple(tally.details),
    )


@dataclass
class _Tally:
    # Mutable accumulator private to score(); the result is the frozen Score.
    gold_forward: int = 0
    found_forward: int = 0
    predicted_forward: int = 0
    false_forward: int = 0
    gold_timed: int = 0
    found_minute: int = 0
    gold_with_end: int = 0
    found_end: int = 0
    kind_correct: int = 0
    published_checked: int = 0
    published_correct: int = 0
    details: list[str] = field(default_factory=list)


def _score_doc(doc: GoldDoc, notices: Sequence[Notice], tally: _Tally) -> None:
    forward = [n for n in notices if n.forward]
    gold_days = {event.start_day for event in doc.events}
    tally.predicted_forward += len(forward)
    for notice in forward:
        if _day_of(notice.start) not in gold_days:
            tally.false_forward += 1
            tally.details.append(f"{doc.id}: false {_describe_notice(notice)}")
    for event in doc.events:
        if not event.forward or event.superseded:
            continue
        _score_event(doc.id, event, forward, tally)


def _score_event(doc_id: str, event: GoldEvent, forward: Sequence[Notice], tally: _Tally) -> None:
    tally.gold_forward += 1
    if event.timed:
        tally.gold_timed += 1
    if event.end is not None:
        tally.gold_with_end += 1
    same_day = [n for n in forward if _day_of(n.start) == event.start_day]
    if not same_day:
        tally.details.append(f"{doc_id}: missed {_describe_gold(event)}")
        return
    tally.found_forward += 1
    best = max(same_day, key=lambda n: _match_quality(event, n))
    minute_ok, end_ok, kind_ok = _match_quality(event, best)
    if event.timed:
        if minute_ok:
            tally.found_minute += 1
        else:
            tally.details.append(
                f"{doc_id}: minute {_describe_gold(event)} — predicted {_describe_notice(best)}"
            )
    if event.end is not None:
        if end_ok:
            tally.found_end += 1
        else:
            tally.details.append(
                f"{doc_id}: end {_describe_gold(event)} — predicted {_describe_notice(best)}"
            )
    if kind_ok:
        tally.kind_correct += 1
    else:
        tally.details.append(
            f"{doc_id}: kind {event.kind} ≠ {best.kind}: {_describe_gold(event)}"
        )


def _match_quality(event: GoldEvent, notice: Notice) -> tuple[bool, bool, bool]:
    # (minute agrees, end agrees, kind agrees) for a same-start-day notice;
    # the best match maximises this tuple lexicographically.
    minute_ok = not event.timed or _minute_of(notice.start) == event.start
    end_ok = event.end is None or _end_day_of(notice.end) == event.end_day
    return minute_ok, end_ok, notice.kind == event.kind


def _gold_event_from_json(data: Mapping[str, Any]) -> GoldEvent:
    end_text = data.get("end")
    return GoldEvent(
        title=str(data.get("title", "")),
        kind=str(data.get("kind", "other")),
        start=_parse_gold_time(data["start"]),
        end=_parse_gold_time(end_text) if end_text else None,
        forward=bool(data["forward"]),
        evidence=str(data.get("evidence", "")),
        superseded=bool(data.get("superseded", False)),
        location=data.get("location"),
        rule=data.get("rule"),
    )


def _parse_gold_time(text: str) -> date | datetime:
    if "T" in text:
        value = datetime.fromisoformat(text)
        if value.tzinfo is not None:
            value = value.astimezone(SHANGHAI).replace(tzinfo=None)
        return value
    return date.fromisoformat(text)


def _local(value: date | datetime) -> date | datetime:
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.astimezone(SHANGHAI).replace(tzinfo=None)
    return value


def _day_of(value: date | datetime) -> date:
    local = _local(value)
    return local.date() if isinstance(local, datetime) else local


def _end_day_of(value: date | datetime | None) -> date | None:
    # An end at exactly midnight is 24时 of the previous day.
    if value is None:
        return None
    local = _local(value)
    if isinstance(local, datetime):
        if (local.hour, local.minute, local.second) == (0, 0, 0):
            return (local - timedelta(days=1)).date()
        return local.date()
    return local


def _minute_of(value: date | datetime) -> datetime | None:
    local = _local(value)
    if isinstance(local, datetime):
        return local.replace(second=0, microsecond=0)
    return None


def _ratio(part: int, whole: int) -> float:
    return part / whole if whole else 1.0


def _format(value: date | datetime | None) -> str:
    if value is None:
        return ""
    local = _local(value)
    if isinstance(local, datetime):
        return local.strftime("%Y-%m-%dT%H:%M")
    return local.isoformat()


def _describe_gold(event: GoldEvent) -> str:
    when = _format(event.start) + (".." + _format(event.end) if event.end is not None else "")
    return f"gold [{event.kind}] {event.title} {when}"


def _describe_notice(notice: Notice) -> str:
    when = _format(notice.start) + (".." + _format(notice.end) if notice.end is not None else "")
    return f"pred [{notice.kind}] {notice.title} {when}"
