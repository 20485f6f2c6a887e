"""Strict, one-to-one scoring of predicted notices against annotated gold documents.

The gold format is JSON Lines, one document a line (``../shared/corpus/README.md``)::

    {"id", "source", "published": "YYYY-MM-DD", "published_basis": "metadata"|"text",
     "text", "events": [{"title", "kind", "start", "end", "forward", "evidence",
                         optional "superseded", ...}]}

Gold times are naive Asia/Shanghai: ``YYYY-MM-DDTHH:MM`` when the text gives a
clock time, else ``YYYY-MM-DD``.  A notice is judged by what its JSON line
(``notices extract --format json``) says: its day is the first ten characters
of ``start``/``end``, its minute the first sixteen (an end at midnight reads
``T24:00`` of the day it closes).  The definitions are those of the project's
reference scorer (``../shared/tools/score_events.py``), so that ``notices eval``
and that script print the same figures for the same extractor:

* **Matching is one to one per document.**  A gold event and a notice can
  pair only when their start days agree.  Every such pair gets an affinity:
  8 when the gold has a clock time and the notice starts on that minute, plus
  4 when the gold has an end and the notice ends on that day, plus 2 when the
  kinds agree, plus the title similarity (0..1).  Pairs are taken greedily,
  highest affinity first (ties: later gold event first, then later notice),
  each gold event and each notice at most once.  A second notice for the same
  happening (a fragment, a duplicate, an end split off) is therefore false.
* **Strict forward P/R/F1 (date level).**  A notice counts when it is forward
  or when its gold partner is.  Paired with a forward gold event: a true
  positive; with a superseded one: neither true nor false; with a past one,
  or with nothing: a false positive.  Every forward gold event left unpaired
  is a false negative.  Superseded gold events are never missed.
* **Exact recall.**  Forward gold events paired with the right start minute
  (when timed), the right end day (and end minute when the gold end is timed)
  and the right kind, over all forward gold events.
* **Minute, end-day and end-minute recall, kind accuracy, title similarity**
  are over every paired gold event that is not superseded, forward or past.
* **Title similarity** is the F1 of the longest common character subsequence
  between the two titles after NFKC folding, with whitespace and the usual
  Chinese and ASCII punctuation dropped.
* **Publication day.**  Among documents with at least one notice, the share
  whose first notice carries the gold publication day (meaningful only when
  the extractor had to infer it).
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, fields
from datetime import date, datetime
from pathlib import Path
from typing import Any

from notices.model import Notice

# Affinity weights of a candidate pair: a right minute outweighs a right end
# day, which outweighs a right kind, which outweighs any title similarity (≤ 1).
MINUTE_WEIGHT = 8
END_WEIGHT = 4
KIND_WEIGHT = 2

POOR_TITLE = 0.5
"""Title similarity below which ``--details`` lists the pair as a poor title."""

# Characters dropped from titles before they are compared (after NFKC, which
# already folds full-width ，：；！？（） and the ideographic space to ASCII);
# whitespace of any kind is dropped as well.
_TITLE_NOISE = frozenset(
    "“”‘’\"'"  # quotation marks
    "《》「」『』【】()[]（）"  # book-title marks and brackets
    "，,。.、：:；;！!？?"  # stops and separators
    "…—-·•\u3000"  # ellipsis, dashes, middle dots, ideographic space
)


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
        """The start's calendar day (e.g. 5月8日上午9:00 → 2024-05-08)."""
        return _day(self.start)

    @property
    def end_day(self) -> date | None:
        """The end's calendar day, None without an end (e.g. 至24日 → 2024-05-24)."""
        return None if self.end is None else _day(self.end)


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
    """Counts behind every figure, for one document or summed over a corpus.

    Scores add up (``a + b``); the figures are properties.  ``title_scores``
    keeps one similarity per paired gold event, in corpus order, and
    ``details`` one line per miss, false notice, inexact pair and poor title.

    Example: gold 第8期“民生热线” 5月8日9:00 and two notices for it, one at 9:00
    and a duplicate for the whole day → true_positives 1, false_positives 1,
    precision 0.5, recall 1.0.
    """

    documents: int = 0
    characters: int = 0
    gold_forward: int = 0
    true_positives: int = 0
    false_positives: int = 0
    false_negatives: int = 0
    exact: int = 0
    gold_timed: int = 0
    minute_hits: int = 0
    gold_ends: int = 0
    end_day_hits: int = 0
    gold_timed_ends: int = 0
    end_minute_hits: int = 0
    kind_checked: int = 0
    kind_hits: int = 0
    title_scores: tuple[float, ...] = ()
    published_checked: int = 0
    published_hits: int = 0
    details: tuple[str, ...] = ()

    def __add__(self, other: Score) -> Score:
        """The sum of two scores (counts added, tuples concatenated in order)."""
        merged = {f.name: getattr(self, f.name) + getattr(other, f.name) for f in fields(self)}
        return Score(**merged)

    @property
    def precision(self) -> float:
        """Strict forward precision: true positives over all counted notices."""
        return _ratio(self.true_positives, self.true_positives + self.false_positives)

    @property
    def recall(self) -> float:
        """Strict forward recall: true positives over true positives and misses."""
        return _ratio(self.true_positives, self.true_positives + self.false_negatives)

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall (0.0 when both are 0)."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def exact_recall(self) -> float:
        """Forward gold events matched with right minute, end and kind."""
        return _ratio(self.exact, self.gold_forward)

    @property
    def minute_recall(self) -> float:
        """Paired timed gold starts matched to the minute."""
        return _ratio(self.minute_hits, self.gold_timed)

    @property
    def end_day_recall(self) -> float:
        """Paired gold events with an end whose end day is right."""
        return _ratio(self.end_day_hits, self.gold_ends)

    @property
    def end_minute_recall(self) -> float:
        """Paired gold events with a timed end whose end minute is right."""
        return _ratio(self.end_minute_hits, self.gold_timed_ends)

    @property
    def kind_accuracy(self) -> float:
        """Paired gold events whose kind is right."""
        return _ratio(self.kind_hits, self.kind_checked)

    @property
    def title_similarity(self) -> float:
        """Mean title similarity over the paired gold events (0.0 without pairs)."""
        total = 0.0
        # A plain running sum, in corpus order: builtin sum() of floats is
        # compensated from Python 3.12 on and could differ in the last bit.
        for value in self.title_scores:
            total += value
        return total / len(self.title_scores) if self.title_scores else 0.0

    @property
    def published_rate(self) -> float:
        """Documents whose notices carry the gold publication day."""
        return _ratio(self.published_hits, self.published_checked)

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict of every figure, count and detail line."""
        return {
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
            "exact_recall": self.exact_recall,
            "minute_recall": self.minute_recall,
            "end_day_recall": self.end_day_recall,
            "end_minute_recall": self.end_minute_recall,
            "kind_accuracy": self.kind_accuracy,
            "title_similarity": self.title_similarity,
            "published_rate": self.published_rate,
            **{f.name: getattr(self, f.name) for f in fields(self) if f.name != "title_scores"},
            "title_pairs": len(self.title_scores),
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

    Example: {"id": "h1", "published": "2023-04-26", "published_basis": "text",
    "text": "今日上午举行热线问政", "source": "", "events": []}
    → GoldDoc("h1", "", date(2023, 4, 26), "text", "今日上午举行热线问政", ()).
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


def title_similarity(predicted: str, gold: str) -> float:
    """Character-LCS F1 of two titles, punctuation and whitespace dropped.

    Example: title_similarity("停水通知", "城东片区停水") == 0.4
    (common 停水: precision 2/4, recall 2/6).
    """
    a, b = _title_chars(predicted), _title_chars(gold)
    common = _lcs_length(a, b)
    if not common:
        return 0.0
    precision, recall = common / len(a), common / len(b)
    return 2 * precision * recall / (precision + recall)


def match_events(gold: Sequence[GoldEvent], notices: Sequence[Notice]) -> dict[int, int]:
    """Pair gold events with notices one to one; returns {gold index: notice index}.

    Example: gold 第8期“民生热线” 2024-05-08T09:00 and notices [09:00 热线, 全天 热线直播]
    → {0: 0}; the all-day notice stays unpaired (a duplicate, hence false).
    """
    return _pair([_GoldView.of(event) for event in gold], [_NoticeView.of(n) for n in notices])


def score_document(doc: GoldDoc, notices: Sequence[Notice]) -> Score:
    """Score one document's notices (in extractor order) against its gold events.

    Example: gold 听证会 2024-08-20 (forward) and no notice → false_negatives 1,
    details ("MISS  d4 2024-08-20..None hearing 听证会",).
    """
    golds = [_GoldView.of(event) for event in doc.events]
    views = [_NoticeView.of(notice) for notice in notices]
    pairs = _pair(golds, views)
    partner = {ni: gi for gi, ni in pairs.items()}
    total = Score(documents=1, characters=len(doc.text))
    if views:
        hit = views[0].published_day == doc.published.isoformat()
        total += Score(published_checked=1, published_hits=int(hit))
    for gi, gold in enumerate(golds):
        if not gold.event.superseded:
            total += _score_gold(doc.id, gold, views[pairs[gi]] if gi in pairs else None)
    for ni, view in enumerate(views):
        gi = partner.get(ni)
        total += _score_notice(doc.id, view, None if gi is None else golds[gi].event)
    return total


def score(docs: Sequence[GoldDoc], predictions: Mapping[str, Sequence[Notice]]) -> Score:
    """Score predicted notices (keyed by document id) against the gold documents.

    Example: gold 第5期“民生热线” 2024-05-08T09:00 and one hotline notice at
    2024-05-08T09:00 → precision, recall, minute recall and kind accuracy 1.0.
    """
    total = Score()
    for doc in docs:
        total += score_document(doc, predictions.get(doc.id, ()))
    return total


def format_gold_time(value: date | datetime | None) -> str:
    """A gold time as the corpus writes it (``None`` for a missing end).

    Example: 5月8日上午9:00 is datetime(2024, 5, 8, 9, 0) → "2024-05-08T09:00";
    5月20日 is date(2024, 5, 20) → "2024-05-20".
    """
    if value is None:
        return "None"
    if isinstance(value, datetime):
        if value.second or value.microsecond:
            return value.isoformat()
        return value.strftime("%Y-%m-%dT%H:%M")
    return value.isoformat()


# --------------------------------------------------------------------------
# What is compared.  A notice is judged as `notices extract --format json`
# states it (its JSON line), not as the Python value behind it: an end at
# midnight, for one, is written 24:00 of the day before, and that is the day
# a reader of the feed sees.  Gold times are compared as the corpus writes them.


@dataclass(frozen=True)
class _Stamp:
    # A written time: its day (YYYY-MM-DD) and, for a clock time, its minute
    # (YYYY-MM-DDTHH:MM); `text` is the whole, as shown in detail lines.
    text: str
    day: str
    minute: str | None

    @classmethod
    def of(cls, text: str) -> _Stamp:
        folded = text.replace(" ", "T")
        return cls(text, folded[:10], folded[:16] if len(folded) >= 16 else None)


@dataclass(frozen=True)
class _GoldView:
    event: GoldEvent
    start: _Stamp
    end: _Stamp | None

    @classmethod
    def of(cls, event: GoldEvent) -> _GoldView:
        end = None if event.end is None else _Stamp.of(format_gold_time(event.end))
        return cls(event, _Stamp.of(format_gold_time(event.start)), end)


@dataclass(frozen=True)
class _NoticeView:
    start: _Stamp
    end: _Stamp | None
    kind: str
    title: str
    forward: bool
    published_day: str

    @classmethod
    def of(cls, notice: Notice) -> _NoticeView:
        line = notice.to_json()
        return cls(
            start=_Stamp.of(str(line["start"])),
            end=_Stamp.of(str(line["end"])) if line.get("end") else None,
            kind=str(line["kind"]),
            title=str(line.get("title") or ""),
            forward=bool(line["forward"]),
            published_day=str(line["published"])[:10],
        )


def _shown(stamp: _Stamp | None) -> str:
    return "None" if stamp is None else stamp.text


def _pair(golds: Sequence[_GoldView], views: Sequence[_NoticeView]) -> dict[int, int]:
    candidates: list[tuple[float, int, int]] = []
    for gi, gold in enumerate(golds):
        for ni, view in enumerate(views):
            if view.start.day == gold.start.day:
                candidates.append((_affinity(gold, view), gi, ni))
    # Highest affinity first; equal affinities go to the later gold event and
    # then the later notice, the order the reference scorer uses.
    candidates.sort(reverse=True)
    pairs: dict[int, int] = {}
    taken: set[int] = set()
    for _, gi, ni in candidates:
        if gi in pairs or ni in taken:
            continue
        pairs[gi] = ni
        taken.add(ni)
    return pairs


def _affinity(gold: _GoldView, view: _NoticeView) -> float:
    # Integer part first, then the title: the same float the reference gets.
    points = 0
    if gold.start.minute is not None and view.start.minute == gold.start.minute:
        points += MINUTE_WEIGHT
    if gold.end is not None and view.end is not None and view.end.day == gold.end.day:
        points += END_WEIGHT
    if view.kind == gold.event.kind:
        points += KIND_WEIGHT
    return points + title_similarity(view.title, gold.event.title)


# --------------------------------------------------------------------------
# Per-event and per-notice scoring


def _score_gold(doc_id: str, gold: _GoldView, view: _NoticeView | None) -> Score:
    # One non-superseded gold event and its partner, if any.
    event = gold.event
    if view is None:
        if not event.forward:
            return Score()
        line = f"MISS  {doc_id} {gold.start.text}..{_shown(gold.end)} {event.kind} {event.title[:30]}"
        return Score(gold_forward=1, false_negatives=1, details=(line,))
    similarity = title_similarity(view.title, event.title)
    timed = gold.start.minute is not None
    minute_ok = not timed or view.start.minute == gold.start.minute
    end_ok = True
    end_day_hit = end_minute_hit = gold_timed_end = 0
    if gold.end is not None:
        end_ok = view.end is not None and view.end.day == gold.end.day
        end_day_hit = int(end_ok)
        if gold.end.minute is not None:
            gold_timed_end = 1
            end_minute_hit = int(view.end is not None and view.end.minute == gold.end.minute)
            end_ok = end_ok and bool(end_minute_hit)
    kind_ok = view.kind == event.kind
    exact = minute_ok and end_ok and kind_ok
    details: list[str] = []
    if not exact:
        details.append(
            f"INEXACT {doc_id} gold {gold.start.text}..{_shown(gold.end)} {event.kind} "
            f"| got {view.start.text}..{_shown(view.end)} {view.kind}"
        )
    if similarity < POOR_TITLE:
        details.append(f"TITLE {doc_id} gold「{event.title}」 got「{view.title}」")
    return Score(
        gold_forward=int(event.forward),
        exact=int(exact and event.forward),
        gold_timed=int(timed),
        minute_hits=int(timed and minute_ok),
        gold_ends=int(gold.end is not None),
        end_day_hits=end_day_hit,
        gold_timed_ends=gold_timed_end,
        end_minute_hits=end_minute_hit,
        kind_checked=1,
        kind_hits=int(kind_ok),
        title_scores=(similarity,),
        details=tuple(details),
    )


def _score_notice(doc_id: str, view: _NoticeView, event: GoldEvent | None) -> Score:
    # One notice and its gold partner, if any: precision's side of the count.
    if not (view.forward or (event is not None and event.forward)):
        return Score()
    if event is None:
        line = f"FALSE {doc_id} {view.start.text}..{_shown(view.end)} {view.kind} {view.title[:30]}"
        return Score(false_positives=1, details=(line,))
    if event.superseded:
        return Score()
    if event.forward:
        return Score(true_positives=1)
    # A past gold event announced as forward.
    line = f"WRONGFWD {doc_id} {view.start.text} {view.kind}"
    return Score(false_positives=1, details=(line,))


# --------------------------------------------------------------------------
# Titles


def _title_chars(title: str) -> str:
    folded = unicodedata.normalize("NFKC", title or "")
    return "".join(ch for ch in folded if not ch.isspace() and ch not in _TITLE_NOISE)


def _lcs_length(a: str, b: str) -> int:
    # Classic dynamic programme over prefixes of a, one row per character.
    if not a or not b:
        return 0
    row = [0] * (len(b) + 1)
    for ch in a:
        diagonal = 0  # row[j] of the previous prefix of a, before it is overwritten
        for j, other in enumerate(b, start=1):
            above = row[j]
            row[j] = diagonal + 1 if ch == other else max(above, row[j - 1])
            diagonal = above
    return row[-1]


# --------------------------------------------------------------------------
# Gold parsing


def _gold_event_from_json(data: Mapping[str, Any]) -> GoldEvent:
    end_text = data.get("end")
    return GoldEvent(
        title=str(data.get("title") or ""),
        kind=str(data.get("kind") or ""),
        start=_parse_gold_time(data["start"]),
        end=_parse_gold_time(end_text) if end_text else None,
        forward=bool(data["forward"]),
        evidence=str(data.get("evidence") or ""),
        superseded=bool(data.get("superseded", False)),
        location=data.get("location"),
        rule=data.get("rule"),
    )


def _parse_gold_time(text: str) -> date | datetime:
    # YYYY-MM-DD, or a clock time to at least the minute (YYYY-MM-DDTHH:MM…).
    # Gold times are wall-clock values as written: an offset, if any, is
    # ignored rather than converted, exactly as the reference scorer reads them.
    if len(text) == 10:
        return date.fromisoformat(text)
    if len(text) >= 16:
        return datetime.fromisoformat(text).replace(tzinfo=None)
    raise ValueError(f"not YYYY-MM-DD or YYYY-MM-DDTHH:MM: {text!r}")


def _day(value: date | datetime) -> date:
    return value.date() if isinstance(value, datetime) else value


def _ratio(part: int, whole: int) -> float:
    return part / whole if whole else 0.0
