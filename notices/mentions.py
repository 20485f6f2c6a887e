"""Time mentions in a stretch of text: scan, carry context, resolve.

Example: scan_mentions("4月26日上午……上午9:00—11:00举行", ref) gives the
second mention the date 4月26日 from the first.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, datetime
from functools import cache

from notices.cues import cues
from notices.lexicon import alternation, lexicon
from notices.model import SHANGHAI, Grain, Mention, TimeValue
from notices.resolve import Context, Unresolvable, resolve
from notices.rules import Expression, durations, for_events, scan_expressions
from notices.text import sentences


@cache
def _past_re() -> re.Pattern[str]:
    # 日前 reports (日前，记者获悉) unless it closes a date: 12月31日前 is a deadline
    words = alternation(lexicon().past_cues).replace("日前", "(?<![\\d〇零○一二两三四五六七八九十廿卅])日前")
    return re.compile(words)


@cache
def _future_re() -> re.Pattern[str]:
    return re.compile(alternation(lexicon().future_cues))


def tense_of(sentence: str) -> str | None:
    """'future' when the sentence announces, 'past' when it reports, else None.

    Example: tense_of("听证会将于12月19日举行") == "future".
    """
    future = _future_re().search(sentence)
    past = _past_re().search(sentence)
    if future and not past:
        return "future"
    if past and not future:
        return "past"
    if past and future:
        return "future" if future.start() < past.start() else "past"
    return None


def scan_mentions(
    text: str,
    ref: datetime,
    start: int = 0,
    end: int | None = None,
    context_day: date | None = None,
    spans: list[tuple[int, int]] | None = None,
) -> list[Mention]:
    """Every time mention in ``text[start:end]`` that can time a happening, resolved against ``ref``.

    A bare clock time or day of month takes its date from the last date named
    before it (``context_day`` to begin with).  ``spans`` are the sentence
    spans of the stretch when the caller already has them.  Recurrences give
    only their hours, and the reference instant (现在) gives nothing: see
    :func:`notices.rules.for_events`; :func:`trace_mentions` has them all.

    Example: scan_mentions("下周三上午9点", datetime(2024, 5, 6, 10, tzinfo=SHANGHAI))
    → one mention 2024-05-15T09:00 /hour.
    """
    exprs = [y for x in scan_expressions(text, start, end) if (y := for_events(x)) is not None]
    return [m for _, m in _resolved(text, ref, exprs, start, end, context_day, spans)]


def trace_mentions(text: str, ref: datetime, start: int = 0, end: int | None = None) -> list[tuple[Expression, Mention]]:
    """Every time expression of ``text[start:end]`` with its resolution, for the trace.

    Unlike :func:`scan_mentions` it keeps recurrences whole (每周三上午9点,
    resolved to their first occurrence), the reference instant (现在) and
    lengths of time (为期36小时, with no date of their own); a mention's
    ``text`` is its outer span (自…起至…止).

    Example: trace_mentions("每周三上午9点", ref)[0][0].kind == "recurrence".
    """
    exprs = scan_expressions(text, start, end)
    taken = [x.span for x in exprs]
    lengths = [d for d in durations(text, start, end) if not any(a < d.end and d.start < b for a, b in taken)]
    out = _resolved(text, ref, exprs, start, end, None, None)
    for d in lengths:
        placeholder = TimeValue(ref, None, Grain.MINUTE)
        out.append((d, Mention(text=text[d.start:d.end], span=(d.start, d.end), rule="duration",
                               value=placeholder, rules_fired=d.rules, has_date=False)))
    return sorted(out, key=lambda pair: pair[1].span)


def _resolved(
    text: str,
    ref: datetime,
    exprs: list[Expression],
    start: int,
    end: int | None,
    context_day: date | None,
    spans: list[tuple[int, int]] | None,
) -> list[tuple[Expression, Mention]]:
    """Resolve expressions in order, carrying the context day and part of day.

    Example: "4月26日上午……9:00—11:00" → the second expression takes 4月26日 and 上午.
    """
    stop = len(text) if end is None else end
    if spans is None:
        spans = sentences(text, start, stop)
    out: list[tuple[Expression, Mention]] = []
    si = 0
    context_part: str | None = None
    tenses: dict[int, str | None] = {}
    ctx: Context | None = None  # made again only when what it holds changes
    context_end = start  # where the mention that set the context day ends
    context_last: date | None = None  # the last day of the mention that set the context day
    for x in exprs:
        while si + 1 < len(spans) and spans[si][1] <= x.start:
            si += 1
        if si not in tenses:
            tenses[si] = tense_of(text[spans[si][0]:spans[si][1]] if spans else text[start:stop])
        tense = tenses[si]
        if context_day is not None and (_papers_day(text, x, context_day, context_end, ref) or _papers_week(text, x, context_day, context_end, ref)):
            context_day = None  # 21日上午，… in a report of the 21st: the paper's month, not the last date's
        if ctx is None or (ctx.context_day, ctx.tense, ctx.context_part) != (context_day, tense, context_part):
            ctx = Context(ref=ref, context_day=context_day, tense=tense, context_part=context_part)
        counted = ctx
        if (day_of := _day_of_named(text, x, out, spans)) is not None and day_of != context_day:
            # 马拉松将于9月17日…鸣枪起跑 … 参赛物品领取：9月14日至16日 … 比赛当日，…：5:00—9:30:
            # the day of the happening the words name, and the hours after it are that day's
            context_day = day_of
            ctx = counted = Context(ref=ref, context_day=context_day, tense=tense, context_part=None)
        if x.deadline is not None and x.spec is None and context_last is not None and _AFTER_ITS_END.search(text, max(start, x.start - 8), x.start):
            # 申报时间：4月23日—5月10日。…须在申报截止后5个工作日内: counted from the window's last day
            counted = replace(ctx, context_day=context_last)
        if x.deadline is not None and x.spec is None and "publicity" in x.rules:
            counted = replace(ctx, context_day=ref.astimezone(SHANGHAI).date())  # 公示期为5个工作日: from the page's day
        elif x.deadline is not None and x.spec is None and (since := _SHOWN_DAY_BEFORE.search(text, max(start, x.start - 10), x.start)):
            # 请于公示之日起5个工作日内: from the publicity the page dates, else the page's own day,
            # never the last date named (…已于9月25日召开协商会)
            shown_day = _shown_before(text, since.start(), since[1], out)
            counted = replace(ctx, context_day=shown_day or ref.astimezone(SHANGHAI).date())
        try:
            value, flags, rule_text = resolve(x, counted)
        except Unresolvable:
            continue
        shown = _day_shown(text, x, out)
        if shown is not None:
            # 结果将于8月8日…公布，…可在公布之日起2个工作日内: the day of that publication, not the page's
            value = TimeValue(shown, None, Grain.DAY)
        past = tense == "past"
        dated = x.spec is None or x.spec.has_date() or x.spec.level()[0] < 3
        if not dated:
            flags = flags + (("from-context",) if context_day is not None else ("no-date",))
        mention = Mention(
            text=text[x.start:x.end],
            span=(x.start, x.end),
            rule=x.rules[0] if x.rules else "",
            value=value,
            rules_fired=x.rules,
            past_tense=past,
            flags=flags,
            deadline_rule=rule_text,
            has_date=dated,
        )
        out.append((x, mention))
        if shown is not None:
            context_day = context_last = shown
            context_end = x.end
        elif _sets_context(x) and value.grain in (Grain.DAY, Grain.HOUR, Grain.MINUTE) and not _ends_a_run(text, start, x):
            context_day = value.first_day
            context_last = value.last_day
            context_end = x.end
            context_part = x.spec.part if x.spec is not None else None
    return out


# 公示之日 / 公布之日 without 本公告: the day of a publicity or publication the page names
_SHOWN_DAY = re.compile(r"(公示|公布)之日")
_SHOWN_DAY_BEFORE = re.compile(r"(公示|公布)之日起\s*$")
_THIS_PAPER = re.compile(r"(?:本公告|本通知|本公示|本文|通知|公告)(?:发布|印发|张贴)?\s*$")


def _day_shown(text: str, x: Expression, done: list[tuple[Expression, Mention]]) -> date | None:
    """The day the page says a publicity or publication happens, for 公示之日 / 公布之日 after it
    (…9月7日起在各村公示…，请于公示之日起5个工作日内…); None when the words name the page's own day.

    Example: "体检结果将于8月8日…公布，对结果有异议的，可在公布之日起2个工作日内" → 8月8日.
    """
    said = _SHOWN_DAY.match(text, x.start)
    if said is None or _THIS_PAPER.search(text, max(0, x.start - 8), x.start):
        return None
    return _shown_before(text, x.start, said[1], done)


def _shown_before(text: str, at: int, word: str, done: list[tuple[Expression, Mention]]) -> date | None:
    """The day of the last mention before ``at`` whose clause says ``word`` (公示, 公布) of it."""
    for _, m in reversed(done):
        if at - m.span[1] > 120:
            break
        if not m.has_date or not m.value.all_day or m.value.end is not None or m.value.open_start:
            continue
        clause_end = min([i for c in "，,。；;" if (i := text.find(c, m.span[1], at)) >= 0] or [at])
        if word in text[m.span[1]:clause_end]:
            return m.value.first_day
    return None


# 截止后 / 结束后 / 期满后 right before a count of days: counted from the end of what was dated last
_AFTER_ITS_END = re.compile(r"(?:截止|截至|结束|期满|届满|闭幕|闭会|完成)(?:后|之日起|之日后|次日起)\s*$")
# 比赛当日 / 活动当天 / 考试当天: the day of a happening the words name
_NAMED_DAY = re.compile(r"(比赛|赛事|活动|会议|考试|演出|义诊|开幕|大会|庆典|典礼|仪式)\s*$")
_THAT_DAY_TEXT = frozenset(("当日", "当天"))


def _day_of_named(
    text: str, x: Expression, done: list[tuple[Expression, Mention]], spans: list[tuple[int, int]]
) -> date | None:
    """The day of the happening that ``比赛当日`` names: the latest single day before it
    whose sentence names a happening of that kind (None: not such words, or none found).

    Example: "马拉松将于9月17日…起跑。…参赛物品领取：9月14日至16日。…比赛当日，…" → 9月17日.
    """
    if text[x.start:x.end] not in _THAT_DAY_TEXT:
        return None
    named = _NAMED_DAY.search(text, max(0, x.start - 4), x.start)
    if named is None:
        return None
    from notices.kinds import detect_kinds  # the kinds of words, read only for such rare phrases

    wanted = {h.kind for h in detect_kinds(named[1])}
    for _, m in reversed(done):
        if not m.has_date or m.value.end is not None or m.value.grain not in (Grain.DAY, Grain.HOUR, Grain.MINUTE):
            continue
        sent = next(((a, b) for a, b in spans if a <= m.span[0] < b), None)
        if sent is not None and wanted & {h.kind for h in detect_kinds(text[sent[0]:sent[1]])}:
            return m.value.first_day
    return None


# 21日上午， / 8日上午9:40前: a bare day as reports write the days around their own
_DAY_LEAD = re.compile(r"\d{1,2}\s*[日号]\s*(?:上午|下午|中午|晚上|晚间|早上|凌晨|傍晚|[，,])")
_NEWS_DAYS = 3  # how far from the paper's day such a day may lie


def _papers_day(text: str, x: Expression, context_day: date, context_end: int, ref: datetime) -> bool:
    """Whether a bare day (21日上午，…) is a day of the paper's own month rather than
    of the month last named: the last date was in another paragraph and in
    another month, and the paper's month puts the day within three days of the
    paper's (…明年1月8日召开。⏎21日上午，党组召开会议 in a paper of 11月21日)."""
    spec = x.spec
    if spec is None or spec.day is None or spec.month is not None or spec.year is not None or spec.month_rel is not None:
        return False
    if text.find("\n", context_end, x.start) < 0 or _DAY_LEAD.match(text, x.start) is None:
        return False
    paper = ref.astimezone(SHANGHAI).date()
    if (context_day.year, context_day.month) == (paper.year, paper.month):
        return False
    try:
        day = paper.replace(day=spec.day)
    except ValueError:
        return False
    return abs((day - paper).days) <= _NEWS_DAYS


def _papers_week(text: str, x: Expression, context_day: date, context_end: int, ref: datetime) -> bool:
    """Whether a bare weekday in a later paragraph (周日下午两点半，…读书会) is of the paper's
    week rather than the week after the date last named, when that date lies weeks
    away (…将持续至6月30日。⏎3. …周日下午两点半 in a weekend guide of 5月16日)."""
    spec = x.spec
    if spec is None or spec.weekday is None or spec.week_rel is not None or spec.day is not None or spec.month is not None:
        return False
    if text.find("\n", context_end, x.start) < 0:
        return False
    return abs((context_day - ref.astimezone(SHANGHAI).date()).days) > 7


def _ends_a_run(text: str, start: int, x: Expression) -> bool:
    """A day said as the end of a run (…特展持续展出至7月10日；18日…) or a place's weekly
    closing day: the days said after it are not of its month or week."""
    said = cues().end_before.search(text, max(start, x.start - 8), x.start)
    if said is not None and said[1] is not None:
        return True
    # 周一闭馆 after a show's days: the weekly closing day of a place, not a day of the page
    return x.rules == ("weekday",) and _WEEKLY_CLOSED.match(text, x.end) is not None


_WEEKLY_CLOSED = re.compile(r"\s*(?:[(（][^)）]{0,8}[)）])?\s*(?:闭馆|休馆|闭园|闭展|休息|不开放|例行休馆|全天闭馆)")


def _sets_context(x: Expression) -> bool:
    """A date, or a deadline that names its day (7月28日16:00前报到，16:30就餐); not the
    end of a period (年内投入运营: no day a later count starts from)."""
    return (
        x.spec is not None
        and x.spec.has_date()
        and (x.deadline is None or x.deadline.kind == "before" and not (x.spec.day is None and (x.spec.year_end or x.spec.month_end)))
        and x.spec.recur is None
        and not x.spec.now
        and x.spec.window is None
    )
