"""Happenings: all the time statements about one event, merged into a frame.

A page states one happening several times (a date in the lead, a clock in a
later ``时间：`` line, an end in another clause) and several happenings in one
sentence or table.  This stage sits between time mentions and notices:

1. **statements**: each time mention with what it is *of*: its sentence, the
   kind word nearest to it, its row or section (``topic``), and its role:
   ``start``, ``end`` (``持续到28日``, ``预计18时恢复供水``, ``报名截止时间：``),
   ``change`` (``延期至``, ``推迟到``) or ``reopen`` (``1月25日起恢复开放``);
2. **frames**: statements of the same happening merge into one frame with the
   most precise time (same row, same kind or a bare time line, same day); an
   end attaches to the happening it ends and never becomes a frame of its own;
   durations (``为期3天``, ``会期30天``) give ends; cancellations mark the frame.

The cue words live in ``data/frames.toml``.

Example: "热线将于8月13日上午开通接听。\\n时间：8月13日上午9:00-10:00" → one
hotline frame 09:00–10:00 on 8-13.
"""

from __future__ import annotations

import bisect
import calendar
import re
import tomllib
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from functools import cache
from importlib import resources
from typing import Any

from notices.kinds import Hit, all_hits
from notices.lexicon import alternation
from notices.model import SHANGHAI, Article, Grain, Mention, TimeValue
from notices.text import clause_span, cn_to_int
from notices.titles import _LIST_MARK, clean_heading, place_in

ROLES = ("start", "end", "change", "reopen")


@dataclass(frozen=True)
class Cues:
    """The word lists of ``data/frames.toml``, compiled."""

    end_before: re.Pattern[str]
    end_after: re.Pattern[str]
    change_before: re.Pattern[str]
    cancel: re.Pattern[str]
    reopen_after: re.Pattern[str]
    duration: re.Pattern[str]
    deadline_label: re.Pattern[str]
    end_label: re.Pattern[str]
    stamp_label: re.Pattern[str]
    detail_heading: re.Pattern[str]
    anaphora: re.Pattern[str]


@cache
def cues() -> Cues:
    """Load and compile ``data/frames.toml`` once.

    Example: cues().end_before.search("展览将持续到") is not None.
    """
    raw: dict[str, Any] = tomllib.loads(resources.files("notices").joinpath("data", "frames.toml").read_text("utf-8"))
    gap = int(raw["end_cues"]["after_gap"])
    num = r"(\d{1,3}|[一二两三四五六七八九十半]{1,3})"
    return Cues(
        end_before=re.compile(rf"(?:{alternation(raw['end_cues']['before'])})\s*$"),
        end_after=re.compile(rf"^[^，,。；;]{{0,{gap}}}?(?:{alternation(raw['end_cues']['after'])})"),
        change_before=re.compile(rf"(?:{alternation(raw['change_cues']['before'])})\s*$"),
        cancel=re.compile(alternation(raw["cancel_cues"]["words"])),
        reopen_after=re.compile(rf"^[^，,。；;]{{0,{gap}}}?(?:{alternation(raw['reopen_cues']['after'])})"),
        duration=re.compile(
            rf"(?:{alternation(raw['durations']['prefixes'])})\s*{num}\s*(个月|个小时|小时|天|日|周|个星期|星期)"
        ),
        deadline_label=re.compile(alternation(raw["labels"]["deadline"])),
        end_label=re.compile(alternation(raw["labels"]["end"])),
        stamp_label=re.compile(alternation(raw["labels"]["stamp"])),
        detail_heading=re.compile(alternation(raw["labels"]["detail_headings"])),
        anaphora=re.compile(alternation(raw["anaphora"]["words"])),
    )


@dataclass(frozen=True)
class Statement:
    """One time mention and what it says about which happening.

    ``sentence`` is the span of its sentence in the page text; ``hit`` the
    kind word nearest to it in that sentence (offsets relative to the
    sentence); ``topic`` the row or section it sits in (0: the lead);
    ``time_line`` is true when the sentence is little more than a label and
    the time (``时间：4月3日上午9:00``).

    Example: Statement(mention=<4月3日上午9:00>, role="start", kind="hotline", topic=0, …).
    """

    mention: Mention
    sentence: tuple[int, int]
    role: str
    kind: str | None
    hit: Hit | None
    topic: int
    time_line: bool
    cancelled: bool
    label: str | None = None
    onset: bool = False  # 明天起, 5月20日开始: the start of a series or a period
    opening_of: str | None = None  # 文化节…开幕: the opening ceremony of a happening of this kind


@dataclass(frozen=True)
class Frame:
    """One happening: its kind, its best time, every statement about it.

    Example: Frame(kind="outage", value=2024-08-07T23:00..08-08T05:00, statements=(…), topic=0).
    """

    kind: str
    value: TimeValue
    statements: tuple[Statement, ...]
    topic: int
    status: str = "confirmed"
    change: str | None = None
    ended_by: tuple[Statement, ...] = ()
    opening_of: str | None = None

    @property
    def anchor(self) -> Statement:
        """The statement that names the happening best (own words and a trigger)."""
        named = [s for s in self.statements if s.hit is not None and not s.time_line]
        return (named or list(self.statements))[0]

    @property
    def mention(self) -> Mention:
        """The statement whose time the frame carries (the most precise)."""
        return _best(self.statements).mention


def _best(statements: tuple[Statement, ...]) -> Statement:
    """The most precise statement; on a tie, one in a sentence of its own words."""
    return max(statements, key=lambda s: (_precision(s.mention.value), s.hit is not None and not s.time_line))


def _precision(v: TimeValue) -> tuple[int, int]:
    return (0 if v.all_day else 1, 1 if v.end is not None else 0)


@dataclass(frozen=True)
class Topic:
    """A row or section of an article: where it starts and its heading.

    Example: Topic(id=2, start=812, heading="象棋邀请赛").
    """

    id: int
    start: int
    heading: str | None
    held: str | None = None  # 举办美食特色街 under "(三)品尝美食": the name the row holds


_HELD = re.compile(r"^\s*(?:举办|举行|开展|组织|开设|推出)([^，,。；;:：]{2,20}?)(?:活动)?(?=[，,。；;]|\s*$)")
_CAPTION = re.compile(r"^\s*[▲△※]")  # a photo caption, not a row
_LABEL_LINE = re.compile(r"^\s*[^，,。:：]{1,12}[:：]")  # 时间：… 地点：… details of the row above


def topics(text: str, art: Article) -> list[Topic]:
    """Rows and sections of an article, in order (the lead is topic 0).

    A list line (``(二)象棋邀请赛``, ``3.7月28日21:00颁奖彩排``) opens a new topic;
    a list line that only introduces details (``三、会议时间、地点``) returns to
    the lead; a list line that is a label (``1.时间：…``) stays in its topic.

    Example: topics("…举行文化节。\\n(一)开幕式\\n1.时间:10月20日上午10:00", art)
    → [Topic(0, …, None), Topic(1, …, "开幕式")].
    """
    out = [Topic(0, art.body_start, None)]
    pos = art.body_start
    c = cues()
    for line in text[art.body_start:art.end].split("\n"):
        start = pos
        pos += len(line) + 1
        if not _LIST_MARK.match(line) or _CAPTION.match(line):
            if out[-1].id != 0 and line.strip() and len(line.strip()) > 30 and not _LABEL_LINE.match(line):
                out.append(Topic(0, start, None))  # prose after a list is the lead's again
            elif out[-1].id != 0 and out[-1].held is None and (held := _HELD.match(line)):
                out[-1] = replace(out[-1], held=held[1])
            continue
        content = clean_heading(line)
        label = re.match(r"^([^，,。:：]{1,12})[:：]", content)
        if label is not None and c.detail_heading.search(label[1]):
            continue  # 1.时间：… stays in its topic
        if len(content) <= 16 and c.detail_heading.search(content) and not re.search(r"\d", content):
            out.append(Topic(0, start, None))  # back to the happening of the lead
            continue
        heading = re.split(r"[，,。；;:：]", content, maxsplit=1)[0]
        # a short heading names the row (象棋邀请赛); a long one is a sentence, not a name
        out.append(Topic(max(t.id for t in out) + 1, start, heading if 2 <= len(heading) <= 20 else None))
    return out


def topic_at(tops: list[Topic], offset: int) -> Topic:
    """The topic an offset falls in.

    Example: topic_at([Topic(0, 0, None), Topic(1, 50, "开幕式")], 60).heading == "开幕式".
    """
    starts = [t.start for t in tops]
    return tops[max(0, bisect.bisect_right(starts, offset) - 1)]


def _label_of(sentence: str) -> str | None:
    m = re.match(r"^\s*(?:[(（]?[一二三四五六七八九十\d]{1,3}[)）、．.]\s*)?([^，,。:：\d]{1,12})[:：]", sentence)
    return m[1].strip() if m else None


def _role(text: str, m: Mention, sent: tuple[int, int], label: str | None) -> str:
    c = cues()
    before = text[max(sent[0], m.span[0] - 8):m.span[0]]
    after = text[m.span[1]:min(sent[1], m.span[1] + 12)]
    if c.change_before.search(before):
        return "change"
    if c.reopen_after.match(after):
        return "reopen"
    ends_after = c.end_after.match(after)
    if ends_after is not None and _EVENT_NOUN.match(after, ends_after.end()):
        ends_after = None  # 8:30召开的闭幕大会 names a happening, not an end
    if m.value.end is not None or (label is not None and c.deadline_label.search(label)):
        ends_after = None  # X起至Y止: a range states both; 报名截止时间：X止 is a deadline
    if c.end_before.search(before) or ends_after is not None:
        return "end"
    if label is not None and c.end_label.search(label) and not c.deadline_label.search(label):
        return "end"
    if ends_after is None and _CLOSING.match(after) and sent[0] < m.span[0] and _starts_before(text, sent, m):
        return "end"  # 将于2月16日开幕，26日举行闭幕式: the closing day ends it
    return "start"


_CLOSING = re.compile(r"^[^，,。；;]{0,4}?(?:举行)?闭幕(?:式|会|大会)?")


def _starts_before(text: str, sent: tuple[int, int], m: Mention) -> bool:
    """Whether the sentence names an opening before this time (开幕, 举行, 开始)."""
    return re.search(r"开幕|举行|举办|开始|召开|开展", text[sent[0]:m.span[0]]) is not None


_GENERIC = ("other", "activity")


_EVENT_NOUN = re.compile(r"大会|会议|式|会|典礼|仪式")
# A clause that is only a time and its onset word (从下周一开始，…) modifies the next clause.
_ONSET_WORDS = frozenset(("开始", "启动", "起"))
_FRONTED_REST = re.compile(
    r"[\d\s年月日号时分点:：()（）\-—~至到]|从|自|于|在|起|开始|以来|当天|当日|上午|下午|晚上|凌晨|今天|明天|今日|明日|星期.|周.|[一二三四五六七八九十两]"
)


def nearest_hit(hits: list[Hit], sentence: str, pos: int, *, own_only: bool = False) -> Hit | None:
    """The trigger in the mention's own clause, else the sentence's strongest.

    A generic kind (``other``: 播出, 启动; ``activity``: 活动) in the clause
    gives way to a specific kind elsewhere in the sentence.  With ``own_only``
    (several times in one sentence) only the clause's own trigger counts.

    Example: in "8时至17时停水，18时恢复供电" the first time's hit is 停水.
    """
    if not hits:
        return None
    lo, hi = clause_span(sentence, pos, ",，;；:：")
    own = [h for h in hits if lo <= h.start < hi]
    fronted = not _FRONTED_REST.sub("", sentence[lo:hi]).strip() or bool(own) and all(h.word in _ONSET_WORDS for h in own)
    if fronted and hi < len(sentence):
        # a fronted time (11月11日，…将举办…活动): the next clause is its own
        _, nxt = clause_span(sentence, hi + 1)
        own = [h for h in hits if hi < h.start < nxt] or own
    if own_only:
        return own[0] if own else None
    specific = [h for h in hits if h.kind not in _GENERIC and h.strength == "trigger"]
    if own and (own[0].kind not in _GENERIC or not specific or own[0] is hits[0]):
        return own[0]
    return specific[0] if specific else hits[0]


_EVENT_VERB = re.compile(r"举办|举行|召开|开展|组织|启动")


def _object_hit(sentence: str, hits: list[Hit]) -> list[Hit]:
    """Kinds ordered so that what 举办/召开 governs comes first.

    In the object, the last conjunct of ``X暨Y`` counts; within it a specific
    kind word beats the generic head (第70期“热线问政”活动 is a hotline).

    Example: "热线将举办历程展暨公众开放日活动" → 开放日 (activity) before 热线 (hotline).
    """
    verb = _EVENT_VERB.search(sentence)
    if verb is None:
        return hits
    stop = re.compile(r"[，,。；;]").search(sentence, verb.end())
    hi = stop.start() if stop else len(sentence)
    joint = sentence.rfind("暨", verb.end(), hi)
    lo = joint + 1 if joint >= 0 else verb.end()
    after = [h for h in hits if lo <= h.start < hi and h.strength == "trigger"]
    if not after:
        return hits
    specific = [h for h in after if h.kind not in _GENERIC]
    head = (specific or after)[-1] if specific else max(after, key=lambda h: h.start + len(h.word))
    return [head] + [h for h in hits if h is not head]


def statements(
    text: str,
    sent: tuple[int, int],
    group: list[Mention],
    topic: Topic,
    headline_cancel: bool,
) -> list[Statement]:
    """The statements of one sentence.

    Example: statements(text, span_of("4月14日8时至17时停水"), [m], Topic(0, 0, None), False)
    → [Statement(role="start", kind="outage", …)].
    """
    sentence = text[sent[0]:sent[1]]
    hits = _object_hit(sentence, list(all_hits(sentence)))
    label = _label_of(sentence)
    c = cues()
    out = []
    cancelled = headline_cancel or c.cancel.search(sentence) is not None
    for m in group:
        rel = m.span[0] - sent[0]
        hit = nearest_hit(hits, sentence, rel, own_only=len(group) > 1 and _spread(group, sentence, sent[0]))
        role = _role(text, m, sent, label)
        kind = hit.kind if hit is not None else None
        if label is not None and c.deadline_label.search(label) and role == "start":
            kind = "deadline"
        if m.value.open_start:
            kind = "deadline"
        opening_of = None
        if role == "start" and kind in (None, "activity", "exhibition") and _opens(sentence, rel):
            opening_of, kind = kind or "exhibition", "ceremony"
        out.append(
            Statement(
                mention=m,
                sentence=sent,
                role=role,
                kind=kind,
                hit=hit,
                topic=topic.id,
                time_line=_is_time_line(sentence, group) or label is not None and _rest_len(sentence, group, label) <= 4,
                cancelled=cancelled,
                label=label,
                onset=_ONSET.match(text, m.span[1]) is not None and m.value.end is None,
                opening_of=opening_of,
            )
        )
    return out


_ONSET = re.compile(r"\s*[)）]?\s*(?:起|开始|以来)")
_OPENING = re.compile(r"开幕(?!式)|拉开帷幕|揭幕|开展(?=\s*[。，,；;]|\s*$)")


def _opens(sentence: str, pos: int) -> bool:
    """Whether the sentence, from a time on, says a festival or show opens (…在江滨公园开幕)."""
    ends = [i for i in (sentence.find(ch, pos) for ch in "；;。") if i >= 0]
    hi = min(ends) if ends else len(sentence)
    return _OPENING.search(sentence[pos:hi] + "。") is not None


def _spread(group: list[Mention], sentence: str, base: int) -> bool:
    """Whether the times of a sentence sit in different clauses (each its own happening)."""
    clauses = {len(re.findall(r"[,，;；]", sentence[: m.span[0] - base])) for m in group}
    return len(clauses) > 1


def _rest_len(sentence: str, group: list[Mention], label: str | None) -> int:
    rest = sentence
    for m in group:
        rest = rest.replace(m.text, "")
    if label:
        rest = rest.replace(label, "", 1)
    rest = re.sub(r"[\s,，、。:：;；()（）\-—~至到止起]|上午|下午|晚上|星期.|周.|[一二三四五六七八九十\d]{1,3}[、.．]", "", rest)
    return len(rest)


def _is_time_line(sentence: str, group: list[Mention]) -> bool:
    return _rest_len(sentence, group, None) <= 2


def _same_day(a: TimeValue, b: TimeValue) -> bool:
    return a.first_day == b.first_day


def _compatible(frame: Frame, s: Statement) -> bool:
    """Whether a start statement can be the same happening as a frame."""
    a, b = frame.value, s.mention.value
    if not _same_day(a, b) or a.open_start != b.open_start:
        return False
    series = a.all_day and (a.end is not None and a.end != a.start or frame.statements[0].onset)
    if series and not b.all_day and not s.time_line:
        return False  # a series (明天起…, 5月14日至27日) and one session on its first day
    if a.all_day or b.all_day:
        # a date and a clock on that date; or two statements of one date range
        if a.all_day and b.all_day:
            return (a.end or a.start) == (b.end or b.start) or a.end is None or b.end is None
        return True
    return a.start == b.start


def build_frames(
    text: str, items: list[Statement], headline_kind: str | None, heading_kinds: dict[int, str | None]
) -> list[Frame]:
    """Merge the statements of one article into frames, in reading order.

    ``heading_kinds`` maps each row or section with a heading to the kind
    its heading names (``(一)开幕式`` → ceremony), or None; a bare time line
    takes its row's kind, else the kind of the happening before it in its
    row, else (under a heading) the lead happening's kind, else the headline's.

    Example: [lead 8月13日上午 hotline, 时间：8月13日9:00-10:00] → one frame 09:00–10:00.
    """
    frames: list[Frame] = []
    by_day: dict[date, list[int]] = {}  # frames by first day: a restatement is on the same day
    topic_kind: dict[int, str] = {t: k for t, k in heading_kinds.items() if k}
    for s in items:
        if s.role == "start":
            kind = s.kind
            if kind is None and s.time_line:
                kind = (
                    topic_kind.get(s.topic)
                    or _last_kind(frames, s.topic)
                    or (frames[0].kind if frames and s.topic in heading_kinds else None)
                    or headline_kind
                )
            if kind is None and s.topic in heading_kinds and not s.time_line:
                kind = "other"  # a row of a schedule is a happening of its own (合影留念)
            if kind is None:
                continue
            if kind == "other" and s.hit is not None and s.hit.word in _LIVE and frames and frames[0].kind in _LIVE_KINDS:
                kind = frames[0].kind  # the live broadcast of a hotline session is that session
            s = replace(s, kind=kind)
            window = _open_window(frames, s)
            if window is not None:
                frames[window] = _with_end(frames[window], s)
                continue
            target = _merge_target(text, frames, s, by_day.get(s.mention.value.first_day, []))
            if target is None:
                frames.append(Frame(kind, s.mention.value, (s,), s.topic, _status(s), opening_of=s.opening_of))
                by_day.setdefault(s.mention.value.first_day, []).append(len(frames) - 1)
                topic_kind.setdefault(s.topic, kind)
            else:
                i, f = target
                frames[i] = _merged(f, s)
        elif s.role == "end":
            i = _end_target(frames, s)
            if i is not None and frames[i].opening_of is not None:
                frames.append(_run_after_opening(frames[i], s.mention.value, s.kind or frames[i].opening_of, s))
            elif i is not None:
                frames[i] = _with_end(frames[i], s)
        elif s.role == "change":
            frames = _changed(frames, s)
            _index_all(frames, by_day)
        elif s.role == "reopen":
            frames = _reopened(frames, s)
            _index_all(frames, by_day)
    return frames


_LIVE = frozenset(("直播", "现场直播"))
_LIVE_KINDS = frozenset(("hotline", "meeting", "ceremony", "activity"))


def _open_window(frames: list[Frame], s: Statement) -> int | None:
    """报名截止时间：X after 自发布之日起…报名: X closes the window opened before."""
    if s.kind != "deadline" or not s.label or "截止" not in s.label or s.mention.value.open_start:
        return None
    for i in range(len(frames) - 1, -1, -1):
        f = frames[i]
        v = f.value
        if f.kind == "deadline" and v.end is None and not v.open_start and v.first_day < s.mention.value.first_day:
            return i
    return None


def _status(s: Statement) -> str:
    return "cancelled" if s.cancelled else "confirmed"


def _last_kind(frames: list[Frame], topic: int) -> str | None:
    for f in reversed(frames):
        if f.topic == topic:
            return f.kind
    return frames[0].kind if frames and topic == 0 else None


def _elsewhere(text: str, f: Frame, s: Statement) -> bool:
    """Whether a statement names a place other than the frame's own."""
    if s.time_line:
        return False
    here = place_in(text[s.sentence[0]:s.sentence[1]])
    there = place_in(text[f.anchor.sentence[0]:f.anchor.sentence[1]])
    return here is not None and there is not None and here != there


def _index_all(frames: list[Frame], by_day: dict[date, list[int]]) -> None:
    """Rebuild the by-day index after a change of plan moved or added frames."""
    by_day.clear()
    for i, f in enumerate(frames):
        by_day.setdefault(f.value.first_day, []).append(i)


def _merge_target(text: str, frames: list[Frame], s: Statement, same_day: list[int]) -> tuple[int, Frame] | None:
    """The frame a start statement restates, if any.

    In its own row: the same kind (or a bare time line) on a compatible time,
    or anything at the very same minute.  Across rows: only the very same
    minute, when the kinds agree or one side is a bare time line.
    """
    for i in reversed(same_day):
        f = frames[i]
        restated = not f.value.all_day and f.value.start == s.mention.value.start and f.value.open_start == s.mention.value.open_start
        if f.topic != s.topic:
            lines_only = all(x.time_line for x in f.statements) or s.time_line
            if restated and (f.kind == s.kind or lines_only) and not _elsewhere(text, f, s):
                return i, f
            continue
        if s.time_line and f.kind != s.kind:
            continue  # looked at below
        if (f.kind == s.kind or restated) and _compatible(f, s) and not _elsewhere(text, f, s):
            return i, f  # (the same time in another place is a parallel happening)
    if s.time_line:
        for i in same_day:
            f = frames[i]
            if f.topic == s.topic and _compatible(f, s):
                return i, f
    return None


def _merged(f: Frame, s: Statement) -> Frame:
    statements = f.statements + (s,)
    if all(x.time_line for x in f.statements) and not s.time_line and s.kind is not None:
        f = replace(f, kind=s.kind)  # the happening is named after its bare time line
    best = _best(statements).mention.value
    value = best
    # A date range from one statement and a clock from another: keep both.
    if best.end is None and f.value.end is not None and f.value.all_day and best.all_day:
        value = f.value
    status = "cancelled" if f.status == "cancelled" or s.cancelled else "confirmed"
    return replace(f, value=value, statements=statements, status=status)


def _end_target(frames: list[Frame], s: Statement) -> int | None:
    end = s.mention.value
    for i in range(len(frames) - 1, -1, -1):
        f = frames[i]
        if f.kind == "deadline":
            continue
        if f.topic != s.topic and s.topic != 0:
            continue
        if _day(end.start) >= f.value.first_day:
            return i
    return None


def _day(value: date | datetime) -> date:
    return value.astimezone(SHANGHAI).date() if isinstance(value, datetime) else value


def _with_end(f: Frame, s: Statement) -> Frame:
    """The frame runs until the end statement's time (its end if it is a range)."""
    v, e = f.value, s.mention.value
    stop = e.end if e.end is not None else e.start
    if v.all_day and isinstance(stop, datetime):
        stop = _day(stop)
    if not v.all_day and not isinstance(stop, datetime):
        # a timed start and a day end: end of that day
        stop = datetime(stop.year, stop.month, stop.day, tzinfo=SHANGHAI) + timedelta(days=1)
    if _day(stop) < v.first_day or (isinstance(stop, datetime) and isinstance(v.start, datetime) and stop <= v.start):
        return f
    if v.end is not None and f.ended_by == () and _day(v.end) != v.first_day and _day(stop) <= _day(v.end):
        return f  # a range already stated wins over a restatement inside it
    return replace(f, value=TimeValue(v.start, stop, v.grain), ended_by=f.ended_by + (s,))


def _run_after_opening(opening: Frame, end: TimeValue, kind: str, by: Statement | None) -> Frame:
    """The festival or show an opening ceremony opens, running until ``end``.

    Example: 9月27日文化节开幕 … 会期30天 → activity 9-27..10-26 beside the ceremony.
    """
    stop = end.end if end.end is not None else end.start
    last = _day(stop)
    if isinstance(stop, datetime) and (stop.hour, stop.minute) == (0, 0) and last > opening.value.first_day:
        last -= timedelta(days=1)  # an end at midnight closes the day before
    kind = kind if kind != "ceremony" else opening.opening_of or "activity"
    value = TimeValue(opening.value.first_day, last, opening.value.grain if opening.value.all_day else Grain.DAY)
    return Frame(kind, value, opening.statements[:1], opening.topic, ended_by=(by,) if by else ())


def _changed(frames: list[Frame], s: Statement) -> list[Frame]:
    """延期至/推迟到 X: the happening named in the sentence moves (or, a show, closes) at X.

    Only a happening whose original time the sentence states earlier moves;
    otherwise (展览A延期至X，展览B延期至Y) each change is a happening of its own.
    """
    new = s.mention.value
    for i in range(len(frames) - 1, -1, -1):
        f = frames[i]
        first = f.statements[0]
        if (
            f.topic == s.topic
            and first.sentence == s.sentence
            and first.role == "start"
            and first.mention.span[0] < s.mention.span[0]
            and (s.kind is None or f.kind == s.kind)
        ):
            note = f"{_change_word(s)}{s.mention.text}"
            frames[i] = replace(f, value=new, statements=f.statements + (s,), change=note, status="confirmed")
            return frames
    kind = s.kind or "other"
    s = replace(s, kind=kind)
    frames.append(Frame(kind, new, (s,), s.topic, "confirmed", f"{_change_word(s)}{s.mention.text}"))
    return frames


def _change_word(s: Statement) -> str:
    return "改期至" if s.kind not in ("exhibition",) else "延期至"


def _reopened(frames: list[Frame], s: Statement) -> list[Frame]:
    """…起恢复开放: a reopening of its own; it also ends a closure without an end."""
    day = s.mention.value.first_day
    for i in range(len(frames) - 1, -1, -1):
        f = frames[i]
        if f.kind == "outage" and f.value.end is None and f.value.first_day < day:
            frames[i] = replace(f, value=TimeValue(f.value.start, day - timedelta(days=1), f.value.grain), ended_by=(s,))
            break
    frames.append(Frame("other", s.mention.value, (replace(s, kind="other"),), s.topic))
    return frames


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
    if f.opening_of is not None:
        frames.append(_lasting(text, f, end, length.start()))
        frames[i] = replace(f, opening_of=None)  # one run per opening
    else:
        frames[i] = replace(f, value=TimeValue(f.value.start, end, f.value.grain))


def _lasting(text: str, f: Frame, end: date | datetime, at: int) -> Frame:
    """The happening an opening ceremony opens, named by the duration's sentence."""
    own = [h.kind for h in all_hits(_sentence_at(text, at)) if h.kind not in ("ceremony", "deadline")]
    return _run_after_opening(f, TimeValue(end, None, f.value.grain), own[0] if own else f.opening_of, None)


def _sentence_at(text: str, pos: int) -> str:
    lo, hi = clause_span(text, pos, "。\n；;!！?？", "。\n；;!！?？")
    return text[lo:hi]


def duration_after(text: str, frames: list[Frame], lo: int, hi: int) -> list[Frame]:
    """A duration stated in a later sentence of the article applies to the
    nearest earlier frame without an end (``…开展。特展为期两个月``).

    Example: "12月31日，特展在市博物馆开展。特展为期两个月" → ends 2月28日.
    """
    c = cues()
    out = list(frames)
    for m in c.duration.finditer(text, lo, hi):
        before = [i for i, f in enumerate(out) if f.anchor.sentence[1] <= m.start() and f.value.end is None and f.kind != "deadline"]
        if not before:
            continue
        i = before[-1]
        f = out[i]
        if f.anchor.sentence[0] <= m.start() < f.anchor.sentence[1]:
            continue
        _lengthen(text, out, i, m)
    return out


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
    day = _day(start)
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


def headline_cancels(headline: str) -> bool:
    """A headline that announces cancellations (…演出取消公告).

    Example: headline_cancels("大剧院春节期间演出取消公告") is True.
    """
    return cues().cancel.search(headline) is not None


__all__ = [
    "Frame",
    "Statement",
    "Topic",
    "apply_durations",
    "build_frames",
    "cues",
    "duration_after",
    "headline_cancels",
    "nearest_hit",
    "statements",
    "topic_at",
    "topics",
]
