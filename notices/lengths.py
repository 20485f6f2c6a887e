"""How long a happening lasts when a sentence gives a length: 为期3天,
会期30天, 为期36小时, 工期约40天, in the happening's own sentence or a later one.

An opening rite's length is the run it opens (开幕式…运动会为期一周); a
length that introduces a happening of its own (为期三个月的专项检查) or is
said in a report of a meeting (会议强调…) belongs to no earlier frame.
"""

from __future__ import annotations

import bisect
import calendar
import heapq
import re
from dataclasses import replace
from datetime import date, datetime, timedelta

from notices.frame_passes import rite_unsaid
from notices.frames import Frame, run_after_opening
from notices.kinds import all_hits
from notices.model import SHANGHAI, TimeValue, local_day
from notices.statements import cues
from notices.text import clause_span, cn_to_int


def apply_durations(text: str, frames: list[Frame]) -> list[Frame]:
    """为期3天 / 会期30天 / 为期36小时 / 为期两个月: the frame in that sentence
    (or the nearest before it) gets its end.

    Example: a frame starting 12-31 with "特展为期两个月" ends 2-28.
    """
    c = cues()
    out = list(frames)
    for i, f in enumerate(out):
        if f.value.end is not None or f.kind == "deadline":
            continue
        if all(s.role == "end" for s in f.statements):
            continue  # 为期5天的菜博会于10月24日闭幕: the length ends on that day, it does not start there
        sent = f.anchor.sentence
        m = c.duration.search(text, sent[0], sent[1])
        if m is None:
            continue
        _lengthen(text, out, i, m)
    return out


def _lengthen(text: str, frames: list[Frame], i: int, length: re.Match[str]) -> None:
    """Give ``frames[i]`` the end a duration states; for an opening ceremony,
    add the happening it opens instead."""
    f = frames[i]
    end = _add(f.value, _count(length[1]), length[2])
    if end is None:
        return
    if f.opening_of is not None or f.kind == "ceremony":
        # 开幕式于3月9日举行，运动会为期一周: the rite is one day; what it opens lasts
        run = _lasting(text, f, end, length.start())
        if rite_unsaid(text, f, run):
            frames[i] = run
        else:
            frames.append(run)
            frames[i] = replace(f, opening_of=None)  # one run per opening
    else:
        frames[i] = replace(f, value=TimeValue(f.value.start, end, f.value.grain))


def _lasting(text: str, f: Frame, end: date | datetime, at: int) -> Frame:
    """The happening an opening ceremony opens, named by the duration's sentence."""
    own = [h.kind for h in all_hits(_sentence_at(text, at)) if h.kind not in ("ceremony", "deadline")]
    return run_after_opening(f, TimeValue(end, None, f.value.grain), own[0] if own else f.opening_of or "activity", None)


def _sentence_span(text: str, pos: int) -> tuple[int, int]:
    return clause_span(text, pos, "。\n；;!！?？", "。\n；;!！?？")


def _sentence_at(text: str, pos: int) -> str:
    lo, hi = _sentence_span(text, pos)
    return text[lo:hi]


def duration_after(text: str, frames: list[Frame], lo: int, hi: int) -> list[Frame]:
    """A duration stated in a later sentence of the article applies to the
    nearest earlier frame without an end (``…开展。特展为期两个月``).

    Example: "12月31日，特展在市博物馆开展。特展为期两个月" → ends 2月28日.
    """
    c = cues()
    out = list(frames)
    # The last frame (in order) whose anchor sentence ends before the duration and that
    # still has no end: frames enter a heap as the durations pass their anchors, and
    # leave it once they have an end (they never lose it), so a page of many is linear.
    ends = [f.anchor.sentence[1] for f in out]
    by_end = sorted(range(len(out)), key=ends.__getitem__)
    # the sentences that time a run of days (9月10日—24日，为期15天 restates its own run)
    said_in = sorted(f.anchor.sentence for f in out if f.value.end is not None and f.value.last_day > f.value.first_day)
    said_starts = [a for a, _ in said_in]
    passed: list[int] = []  # -index of the frames whose anchors the scan has passed
    k = 0
    for m in c.duration.finditer(text, lo, hi):
        while k < len(by_end) and ends[by_end[k]] <= m.start():
            heapq.heappush(passed, -by_end[k])
            k += 1
        while passed and (out[-passed[0]].value.end is not None or out[-passed[0]].kind == "deadline"):
            heapq.heappop(passed)
        if not passed:
            continue
        j = bisect.bisect_right(said_starts, m.start()) - 1
        if j >= 0 and m.start() < said_in[j][1]:
            continue  # 9月10日—24日，为期15天: the length of the run its own sentence states
        i = -passed[0]
        f = out[i]
        if f.anchor.sentence[0] <= m.start() < f.anchor.sentence[1]:
            continue
        lo, hi = _sentence_span(text, m.start())
        if _speaks_of_another(text[lo:hi], (f.kind, f.opening_of), m.start() - lo):
            continue
        _lengthen(text, out, i, m)
    return out


# 会议强调/要求/提出…: a report of what a meeting said; its durations are plans, not the meeting's length
_SAID = re.compile(r"^\s*(?:会议|会上|会议上|大会|他|她|[\u4e00-\u9fff]{1,8}(?:书记|市长|县长|区长|局长|主任))[^，,。]{0,6}?(?:强调|要求|指出|提出|明确|表示|部署|决定)")


def _speaks_of_another(sentence: str, kinds: tuple[str | None, ...], at: int) -> bool:
    """Whether a later sentence's duration belongs elsewhere: the sentence reports
    what was said (会议强调，将开展为期三个月的专项检查), or the duration
    introduces a happening of its own (为期三个月的专项检查 is not the meeting
    before it, unless it names the same kind)."""
    if _SAID.match(sentence):
        return True
    follows = _OWN_HAPPENING.match(sentence, at)
    if follows is None:
        return False
    named = [h for h in all_hits(sentence[follows.end():follows.end() + 12])]
    return not any(h.kind in kinds for h in named)


# 为期三个月的专项检查: the duration of the noun phrase that follows
_OWN_HAPPENING = re.compile(r"(?:为期|历时|会期|持续)?[^，,。；;]{1,8}?的(?=[\u4e00-\u9fff“\"《])")


def _count(numeral: str) -> int:
    """为期N天's N; 0 (no end) for 半 or a malformed numeral."""
    try:
        return cn_to_int(numeral)
    except ValueError:
        return 0


def _add(v: TimeValue, n: int, unit: str) -> date | datetime | None:
    if n <= 0:
        return None
    start = v.start
    if unit in ("小时", "个小时"):
        if not isinstance(start, datetime):
            return None
        return start + timedelta(hours=n)
    day = local_day(start)
    if unit in ("天", "日"):
        if n < 2:
            return None
        end_day = day + timedelta(days=n - 1)
    elif unit in ("周", "个星期", "星期"):
        end_day = day + timedelta(days=7 * n - 1)
    else:  # months
        month0 = day.month - 1 + n
        year, month = day.year + month0 // 12, month0 % 12 + 1
        last = calendar.monthrange(year, month)[1]
        end_day = date(year, month, min(day.day, last))
        if day.day <= last:
            end_day -= timedelta(days=1)
    if isinstance(start, datetime):
        return datetime(end_day.year, end_day.month, end_day.day, tzinfo=SHANGHAI) + timedelta(days=1)
    return end_day


__all__ = ["apply_durations", "duration_after"]
