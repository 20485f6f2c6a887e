"""The trace: which rules fired, the spans, the partial values, the resolution and the frames.

Example: explain("下周三上午9点", ref) lists fragments rel_weekday, part_of_day,
clock_h and the mention 2024-05-15T09:00 /hour.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

from notices.mentions import scan_mentions, tense_of
from notices.extract import extract_document
from notices.model import Mention, iso, iso_end
from notices.rules import TimeSpec, fragments, scan_expressions
from notices.text import fold, normalize


def scan(text: str, ref: datetime) -> list[Mention]:
    """Every time mention in a short text, resolved against ``ref``.

    Full-width forms are folded first (one character for one, so spans
    still index ``text``).

    Example: scan("４月２６日", ref) → one mention 4月26日 /day.
    """
    return scan_mentions(fold(text), ref)


@dataclass(frozen=True)
class Trace:
    """Everything ``notices explain`` shows for one text."""

    fragments: tuple[dict[str, Any], ...]
    expressions: tuple[dict[str, Any], ...]
    mentions: tuple[dict[str, Any], ...]
    frames: tuple[dict[str, Any], ...] = ()


def _spec_dict(spec: TimeSpec | None) -> dict[str, Any] | None:
    if spec is None:
        return None
    return {k: v for k, v in asdict(spec).items() if v is not None and v is not False}


def mention_json(m: Mention) -> dict[str, Any]:
    """One mention as JSON: text, span, start, end, grain, rules, flags.

    Example: {"text": "明天", "start": "2024-05-07", "grain": "day", …}.
    """
    v = m.value
    return {
        "text": m.text,
        "span": list(m.span),
        "start": iso(v.start),
        "end": iso(v.end) if v.end is not None else None,
        "open_start": v.open_start,
        "grain": v.grain.value,
        "rule": m.rule,
        "rules": list(m.rules_fired),
        "past_tense": m.past_tense,
        "flags": list(m.flags),
        "deadline_rule": m.deadline_rule,
    }


def explain(text: str, ref: datetime) -> Trace:
    """The full trace of the time grammar over ``text``.

    Example: explain("须在3个工作日内办结", ref).mentions[0]["rule"] == "within_workdays".
    """
    folded = fold(text)
    frags = tuple(
        {"rule": f.rule, "span": [f.start, f.end], "text": folded[f.start:f.end], "spec": _spec_dict(f.spec), "weak": f.weak}
        for f in fragments(folded)
    )
    exprs = tuple(
        {
            "span": [x.start, x.end],
            "text": folded[x.start:x.end],
            "rules": list(x.rules),
            "spec": _spec_dict(x.spec),
            "to": _spec_dict(x.to),
            "deadline": asdict(x.deadline) if x.deadline else None,
            "tense": tense_of(folded),
        }
        for x in scan_expressions(folded)
    )
    mentions = tuple(mention_json(m) for m in scan_mentions(folded, ref))
    return Trace(frags, exprs, mentions, frames_of(text, ref))


def frames_of(text: str, ref: datetime) -> tuple[dict[str, Any], ...]:
    """The happenings the frame stage builds from ``text``, as JSON.

    Example: frames_of("城南片区5月8日8时起停水，预计18时恢复供水。", ref)[0]["statements"]
    lists a ``start`` and an ``end`` statement.
    """
    doc = extract_document(text, source="explain", published=ref)
    folded = normalize(text).text
    return tuple(
        {
            "kind": f.kind,
            "start": iso(f.value.start),
            "end": iso_end(f.value.end) if f.value.end is not None else None,
            "topic": f.topic,
            "status": f.status,
            "change": f.change,
            "statements": [
                {
                    "role": s.role,
                    "kind": s.kind,
                    "time": s.mention.text,
                    "trigger": s.hit.word if s.hit else None,
                    "time_line": s.time_line,
                    "sentence": folded[s.sentence[0]:s.sentence[1]].strip(),
                }
                for s in f.statements + f.ended_by
            ],
        }
        for f in doc.frames
    )
