"""The trace: which rules fired, the spans, the partial values, the resolution and the frames.

Example: explain("下周三上午9点", ref) lists fragments rel_weekday, part_of_day,
clock_h and the mention 2024-05-15T09:00 /hour.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from datetime import date, datetime, time, timedelta
from typing import Any

from notices.extract import extract_document
from notices.lexicon import lexicon
from notices.mentions import tense_of, trace_mentions
from notices.model import SHANGHAI, Mention, iso, iso_end
from notices.rules import Expression, TimeSpec, fragments, scan_expressions
from notices.text import fold, normalize


def scan(text: str, ref: datetime) -> list[Mention]:
    """Every time mention in a short text, resolved against ``ref``, as the trace shows it.

    Full-width and traditional forms are folded first (one character for
    one, so spans still index ``text``); each mention's ``text`` is the
    original characters of its outer span (自…起至…止, 下週二).  Unlike the
    event stage's view it keeps recurrences, 现在 and lengths of time.

    Example: scan("４月２６日", ref) → one mention ４月２６日 /day.
    """
    return [m for _, m in _traced(text, ref)]


def _traced(text: str, ref: datetime) -> list[tuple[Expression, Mention]]:
    """Every expression with its mention, texts and spans in the original input (下週二, not 下周二)."""
    out = []
    for x, m in trace_mentions(fold(text), ref):
        a, b = x.span
        out.append((x, replace(m, text=text[a:b], span=(a, b))))
    return out


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
    return spec.given


_UNIT_CODES = {"second": "S", "minute": "M", "hour": "H", "day": "D", "week": "W", "month": "M", "year": "Y"}


def _length(length: tuple[int, str]) -> str:
    """An ISO 8601 duration: 为期36小时 (36, "hour") → PT36H; 3个工作日 (3, "workday") → P3D."""
    n, unit = length
    if unit.startswith("half-"):
        unit = unit[5:]
        n, half = n // 2, True
    else:
        half = False
    if unit == "workday":
        unit = "day"
    count = f"{n}.5" if half else str(n)
    code = _UNIT_CODES[unit]
    return f"PT{count}{code}" if unit in ("second", "minute", "hour") else f"P{count}{code}"


def _has_seconds(x: Expression | None) -> bool:
    """Whether a value is to the second (16时40分50秒, 现在, 两秒前)."""
    spec = x.spec if x is not None else None
    if spec is None:
        return False
    units = {u for u in ((spec.offset or (0, ""))[1], (spec.window or (0, "", ""))[1])}
    return spec.second is not None or spec.now or "second" in units or (x.to is not None and x.to.second is not None)


def part_window(m: Mention, x: Expression | None) -> tuple[datetime, datetime] | None:
    """The hours a day with a part of day and no clock covers: its first and its last whole hour.

    The event stage dates such a notice by its day (the corpus convention);
    the trace shows the window a reader understands.  The longest part-of-day
    word written decides (上午 08–12, 早上 04–12, 晚上 18–24), else the part
    the word implies (今晚, 明晨).

    Example: 明天晚上 said on 2024-05-06 → (2024-05-07T18:00, 2024-05-07T23:00).
    """
    spec = x.spec if x is not None else None
    if x is None or spec is None or x.kind != "point" or x.to is not None or x.deadline is not None:
        return None
    if spec.part is None or spec.hour is not None or spec.recur is not None:
        return None
    day = m.value.start
    if isinstance(day, datetime) or m.value.end is not None or not isinstance(day, date):
        return None
    windows = lexicon().part_windows
    written = fold(m.text)
    words = [w for w in windows if w in written and w in lexicon().parts_of_day]
    hours = windows[max(words, key=len)] if words else windows.get(spec.part)
    if hours is None:
        return None
    first, end = hours
    start = datetime.combine(day, time(first), SHANGHAI)
    return start, start + timedelta(hours=end - first - 1)


def mention_json(m: Mention, x: Expression | None = None) -> dict[str, Any]:
    """One mention as JSON: text, span, kind, start, end, grain, rules, flags.

    ``kind`` is point, range, deadline, since, recurrence or duration; a
    recurrence carries its ``rrule`` (and ``start`` is its first occurrence),
    a duration its ``length`` (ISO 8601) and no start.  A day with a part of
    day and no clock (明天晚上) is a range of whole hours, its ``end`` the last
    hour, with ``notice`` giving the day a notice is dated by.

    Example: {"text": "明天", "kind": "point", "start": "2024-05-07", "grain": "day", …}.
    """
    v = m.value
    kind = x.kind if x is not None else ("deadline" if v.open_start else "range" if v.end is not None else "point")
    out: dict[str, Any] = {
        "text": m.text,
        "span": list(m.span),
        "kind": kind,
        "start": iso(v.start),
        "end": iso(v.end) if v.end is not None else None,
        "open_start": v.open_start,
        "grain": "second" if _has_seconds(x) else v.grain.value,
        "rule": m.rule,
        "rules": list(m.rules_fired),
        "past_tense": m.past_tense,
        "flags": list(m.flags),
        "deadline_rule": m.deadline_rule,
    }
    window = part_window(m, x)
    if window is not None:
        # 明天晚上: the window of hours (end = its last hour); ``notice`` is
        # the value the event stage dates a notice by (the day).
        out.update(
            kind="range",
            start=iso(window[0]),
            end=iso(window[1]),
            grain="hour",
            notice={"start": iso(v.start), "end": None, "grain": v.grain.value},
        )
    if x is not None and x.kind == "duration" and x.length is not None:
        out.update(start=None, end=None, grain=None, length=_length(x.length))
    if x is not None and x.spec is not None and x.spec.recur is not None:
        out["rrule"] = x.spec.recur
    return out


def explain(text: str, ref: datetime) -> Trace:
    """The full trace of the time grammar over ``text``.

    Example: explain("须在3个工作日内办结", ref).mentions[0]["rule"] == "within_workdays".
    """
    folded = fold(text)
    frags = tuple(
        {"rule": f.rule, "span": [f.start, f.end], "text": text[f.start:f.end], "spec": _spec_dict(f.spec), "weak": f.weak}
        for f in fragments(folded)
    )
    exprs = tuple(
        {
            "span": list(x.span),
            "text": text[x.span[0]:x.span[1]],
            "kind": x.kind,
            "rules": list(x.rules),
            "spec": _spec_dict(x.spec),
            "to": _spec_dict(x.to),
            "deadline": asdict(x.deadline) if x.deadline else None,
            "tense": tense_of(folded),
        }
        for x in scan_expressions(folded)
    )
    mentions = tuple(mention_json(m, x) for x, m in _traced(text, ref))
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
