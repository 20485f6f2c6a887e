"""Daily hours: which hours said once time the days said with them, and how.

A day or run of days and the hours said for it combine by the conventions the
annotated sets share: hours right after listed days time each day
(5月6日、8日每天8:00—17:00); hours over a run of days, said right after it, later
in its sentence or alone in the next one, run from the first day's opening to
the last day's close (8月14日至18日每晚22:00至次日5:00); hours after a schedule
word are a place's standing hours and time nothing (营业时间：每天9:00-17:00);
a day at the same hours takes the hours told before (下周三同一时段).

Example: distribute_times(text, mentions of "4月14日、19日两天,8时至17时") gives
both days 8时至17时.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, datetime, timedelta

from notices.mention_filters import LAST_ENTRY, WEEKDAYS_ONLY
from notices.model import SHANGHAI, Grain, Mention, TimeValue, local_day

# Words that open a standing schedule: the hours after them recur (每天上午8:30-12:00,
# 每周一闭馆，其余时间9:00-17:00开放) and time no happening of their own;
# 周二至周日 (开放时间为周二至周日9:00—20:30) is a week's schedule too.
_SCHEDULE = re.compile(
    r"每天|每日|每晚|每周|每星期|每逢|工作日|节假日|双休日|其余时间|其他时间|平时|平日"
    r"|(?:周|星期)[一二三四五六日天]\s*(?:至|到|—|-|~|～)\s*(?:周|星期)?[一二三四五六日天]"
)


_DAILY = frozenset(("每天", "每日", "每晚"))
_DAILY_WORD = "|".join(sorted(_DAILY))  # the same words, for patterns
# 9月3日、9月5日…停电检修，停电时间均为每日8:00—18:00: the listed days' own hours
_HOURS_LABEL = re.compile(r"(?:停电|停水|停气|施工|管制|接听|接访|接待|活动|比赛|考试)时间\s*(?:均为|均是|为|是|[:：])\s*$")


def drop_schedule_hours(text: str, sentence_start: int, group: list[Mention]) -> list[Mention]:
    """Bare hours that follow a schedule word in their sentence are opening hours, not a happening.

    Example: "报名：9月3日至13日，每天上午8:30-12:00，下午14:30-17:30" keeps only 9月3日至13日.
    """
    out: list[Mention] = []
    since = sentence_start  # where the text after the last dated mention begins
    first_after_days = False  # whether m is the first mention after a dated one
    for i, m in enumerate(group):
        first, first_after_days = first_after_days, m.has_date
        if WEEKDAYS_ONLY.match(m.text) and _SCHEDULE.search(text, sentence_start, m.span[0]):
            continue  # 营业时间：周一至周五9:00-17:00，周六、周日9:00-16:00: the rest of the week's schedule
        word = None if m.has_date else _SCHEDULE.search(text, since, m.span[0])
        own_hours = word is not None and word[0] in _DAILY and (
            _HOURS_LABEL.search(text, max(since, word.start() - 8), word.start())
            or first and _daily_hours_of_days(text, since, word, group[i + 1:])
        )
        if word is not None and not own_hours and (
            since > sentence_start or word[0] not in _DAILY or _PLACE_OPEN_AFTER.match(text, _clock_end(text, word.end()))
            or _LET_THROUGH.match(text, m.span[1])
        ):
            # after a dated range the hours are its opening hours; 每天上午9点 alone
            # may still time the first of a series of sessions, but not when a place
            # keeps them (展览期间每天9:00-17:00免费开放)
            continue
        if m.has_date:
            since = m.span[1]
        out.append(m)
    return out


# 5月6日、8日、10日每天8:00—17:00 / 8月14日至18日，每晚22:00至次日5:00: the days' own hours
# …7日沥青摊铺期间，每日…: the days named as the period of some works
_WORKS_PERIOD = r"(?:[\u4e00-\u9fff]{1,8}期间)?"
_DAYS_THEN_DAILY = re.compile(rf"\s*{_WORKS_PERIOD}\s*(?:(?:共|这)?\s*(?:两|二|三|四|五|[2-9])\s*天)?\s*[，,（(]?\s*$")  # (…23日两天，每天)


# 开放 / 营业 / 办公 right after daily hours: the hours a place keeps
_PLACE_OPEN_AFTER = re.compile(r"\s*[^，,。；;\d]{0,6}?(?:开放|营业|办公|开馆|服务)")


# 施工期间，每日6时至8时、17时至19时允许摩托车和行人通行: the daily hours of an exception
_LET_THROUGH = re.compile(r"[^，,。；;]{0,12}?(?:允许|准许|放行|可以?通行)")


def _clock_end(text: str, pos: int) -> int:
    """Where the clock that starts at ``pos`` ends (9:00-17:00, 上午8时至12时)."""
    m = _CLOCK_RUN.match(text, pos)
    return m.end() if m else pos


_CLOCK_RUN = re.compile(r"[\s上下午早晚间夜凌晨中]*[\d:：点时分半至到—–~\-\s上下午早晚间夜凌晨中次日]*")


def _daily_hours_of_days(text: str, since: int, word: re.Match[str], rest: list[Mention]) -> bool:
    """Whether a daily clock right after dated days is those days' own hours: the
    daily word follows the days at once, and no second clock of the day follows
    (每天上午8:30-12:00，下午14:30-17:30 is a place's hours over a window)."""
    if not _DAYS_THEN_DAILY.match(text[since:word.start()]):
        return False
    if _PLACE_OPEN_AFTER.match(text, _clock_end(text, word.end())):
        return False  # 10月4日至6日，每天9:00-17:00开放: a place's hours on those days, not a happening's
    return not (rest and not rest[0].has_date and not rest[0].value.all_day)


def distribute_times(text: str, group: list[Mention]) -> list[Mention]:
    """4月14日、19日两天,8时至17时 → both days get 8时至17时; so do the
    dates listed before a date with its clock (3月5日、12日上午9时).

    Only the dates of one list (joined by 、和及与) share a later clock; a date
    after any other gap starts a new list.
    """
    out: list[Mention] = []
    pending: list[Mention] = []
    for m in group:
        if m.has_date and m.value.all_day and m.value.end is None and not m.value.open_start:
            if pending and not _LIST_GAP.fullmatch(text[pending[-1].span[1]:m.span[0]]):
                out.extend(pending)
                pending = []
            pending.append(m)
            continue
        if not m.has_date and not m.value.all_day and m.value.end is not None and not pending and out and _is_day_range(out[-1]) and _DAILY_AFTER_RANGE.fullmatch(
            text[out[-1].span[1]:m.span[0]]
        ):
            out[-1] = _over_days(m, out[-1])  # 8月14日至18日每晚22:00至次日5:00: from the first night to the last morning
            continue
        if not m.has_date and pending and not m.value.all_day:
            if len(pending) > 1 and _consecutive(pending) and _COUNTED_DAILY.fullmatch(text, pending[-1].span[1], m.span[0]):
                # 4月22日、23日两天，每天8:30-16:30: the days counted as one run, from the first opening to the last close
                run = replace(pending[0], value=TimeValue(pending[0].value.first_day, pending[-1].value.first_day, Grain.DAY))
                out.append(_over_days(m, replace(run, span=(pending[0].span[0], pending[-1].span[1]))))
                pending = []
                continue
            for d in pending:
                out.append(_on_day(m, d.value.first_day, d))
            pending = []
            continue
        if m.has_date and not m.value.all_day and pending and _WEEKDAY_GAP.fullmatch(text[pending[-1].span[1]:m.span[0]]) and (
            m.rules_fired[:1] == ("weekday",) and all(_same_weekday(d, m) for d in pending)
        ):
            # 3月2日、9日两个周六下午2时: the dates again by their weekday, with the clock of all
            out.extend(_on_day(m, d.value.first_day, d) for d in pending)
            pending = []
            continue
        if m.has_date and not m.value.all_day and pending and _LIST_GAP.fullmatch(text[pending[-1].span[1]:m.span[0]]):
            # 分别于3月5日、12日、19日上午8:30至11:30: the last date's clock is every date's
            out.extend(_on_day(m, d.value.first_day, d) for d in pending)
            pending = []
            out.append(m)
            continue
        out.extend(pending)
        pending = []
        out.append(m)
    out.extend(pending)
    return out


_LIST_GAP = re.compile(r"\s*[、和及与]\s*")
# 两天，每天 / 共3天，每日 between listed days and their hours: the days counted, then each day's hours
_COUNTED_DAILY = re.compile(rf"\s*(?:共|这)?\s*(?:两|二|三|四|五|[2-9])\s*天\s*[，,]?\s*(?:{_DAILY_WORD})\s*")


def _consecutive(days: list[Mention]) -> bool:
    return all((b.value.first_day - a.value.first_day).days == 1 for a, b in zip(days, days[1:]))
# 3月2日、9日两个周六下午2时 / 7月5日、12日（均为周五）19:30: the dates' weekday said once
_WEEKDAY_GAP = re.compile(r"\s*(?:这|的)?\s*(?:[两二三四]\s*个|两|三|四)?\s*|\s*[(（]\s*(?:均为|均是|都是|均|皆为)\s*")


_DAILY_AFTER_RANGE = re.compile(rf"\s*{_WORKS_PERIOD}\s*[，,（(]?\s*(?:{_DAILY_WORD})\s*")


def _is_day_range(m: Mention) -> bool:
    return m.has_date and m.value.all_day and m.value.end is not None and not m.value.open_start and m.deadline_rule is None


def _over_days(timed: Mention, days: Mention) -> Mention:
    """A daily clock over a range of days: from the first day's start to the last day's end."""
    start, end = timed.value.start, timed.value.end
    assert isinstance(start, datetime)
    first, last = days.value.first_day, days.value.last_day
    base = start.astimezone(SHANGHAI).date()
    start = start + timedelta(days=(first - base).days)
    end = end + timedelta(days=(last - base).days) if isinstance(end, datetime) else None
    value = TimeValue(start, end, timed.value.grain)
    span = (days.span[0], timed.span[1])
    return replace(timed, value=value, span=span, has_date=True, rules_fired=days.rules_fired + timed.rules_fired)


def _same_weekday(dated: Mention, weekday: Mention) -> bool:
    start = weekday.value.start
    return local_day(start).weekday() == dated.value.first_day.weekday()


def _on_day(timed: Mention, day: date, dated: Mention) -> Mention:
    start = timed.value.start
    assert isinstance(start, datetime)
    shift = timedelta(days=(day - start.astimezone(SHANGHAI).date()).days)
    end = timed.value.end + shift if isinstance(timed.value.end, datetime) else timed.value.end
    value = TimeValue(start + shift, end, timed.value.grain)
    lo, hi = min(dated.span[0], timed.span[0]), max(dated.span[1], timed.span[1])
    return replace(timed, value=value, span=(lo, hi), has_date=True, rules_fired=dated.rules_fired + timed.rules_fired)


# 下周三（21日）同一时段 / 次日同一时间: the hours of the happening told before
_SAME_HOURS = re.compile(r"\s*(?:[(（][^()（）]{1,8}[)）])?\s*(?:的)?(?:同一|相同|同样的?)(?:时段|时间段?)")


def at_the_same_hours(text: str, group: list[Mention], before: Mention | None) -> list[Mention]:
    """A day said to be at the same hours as the happening before takes that happening's hours.

    Example: at_the_same_hours(text, [<下周三(21日)>], <本周五(16日)上午10:00-11:00>) →
    [21日 10:00—11:00] for "下周三（21日）同一时段，做客节目的是…".
    """
    if before is None or before.value.all_day or not isinstance(before.value.start, datetime):
        return group
    if before.value.end is not None and local_day(before.value.end) != local_day(before.value.start):
        return group  # hours over several days are no one day's hours
    return [
        _on_day(replace(before, span=(m.span[1], m.span[1])), m.value.first_day, m)
        if m.has_date and m.value.all_day and m.value.end is None and _SAME_HOURS.match(text, m.span[1])
        else m
        for m in group
    ]


# 灯会期间 / 展会期间 / 比赛期间: the run of the happening the word names
_NAMED_PERIOD = re.compile(r"([\u4e00-\u9fff]{2,4}?)(?:举办|举行|开展)?期间")
_EACH_DAY_BEFORE = re.compile(rf"(?:{_DAILY_WORD})\s*$")


def over_the_named_run(
    text: str, sent: tuple[int, int], group: list[Mention], runs: list[tuple[Mention, int]]
) -> list[Mention]:
    """Daily hours said for the period of a happening named before (灯会期间…每日18时至23时实行交通管制)
    run from the first day's start to the last day's end of that happening's days.

    ``runs`` are the earlier mentions of whole days over several days with where their
    sentences begin, in reading order.

    Example: over_the_named_run(text, sent, [<每日18时至23时>], [<2月9日…展期至2月25日 of 灯会>]) →
    [2月9日18:00 .. 2月25日23:00].
    """
    out = []
    for m in group:
        period = None if m.has_date or m.value.all_day else _NAMED_PERIOD.search(text, sent[0], m.span[0])
        if period is not None and _EACH_DAY_BEFORE.search(text, max(sent[0], m.span[0] - 4), m.span[0]):
            word = period[1][-2:]  # the head of the name: 灯会 of 新春灯会
            run = next((r for r, said_from in reversed(runs) if word in text[said_from:r.span[0]]), None)
            if run is not None:
                m = _over_days(m, run)
        out.append(m)
    return out


# 每天 / 每日 / 开放时间为 / 营业时间： right before a clock said later in a run's sentence
_HOURS_OF_THE_RUN = re.compile(
    rf"(?:(?:开放|营业|开馆|参观|入园|演出|活动)时间\s*(?:调整为|均为|为|是|[:：])?\s*(?:{_DAILY_WORD})?|{_DAILY_WORD})\s*$"
)


def _plain_hours(text: str, clock: Mention) -> bool:
    """A clock range that is no exception, last entry or recurrence."""
    return clock.value.end is not None and clock.rrule is None and not LAST_ENTRY.match(text, clock.span[1]) and not _LET_THROUGH.match(text, clock.span[1])


def _daily_hours_said(text: str, clock: Mention, since: int) -> bool:
    """Whether a bare clock range is said as daily or opening hours (每天10:00—21:00,
    开放时间为9:00至17:00) after ``since``, not as an exception or a last entry."""
    return _plain_hours(text, clock) and _HOURS_OF_THE_RUN.search(text, max(since, clock.span[0] - 12), clock.span[0]) is not None


# only a name between a run's days and its hours (a listing's line: days, name, hours)
_NAME_BETWEEN = re.compile(r"[ \t]*[^，,。；;！!？?\n\d:：]{2,24}?[ \t]+")


def _runs_of_days(group: list[Mention]) -> list[Mention]:
    """The mentions of a group that are runs of whole days over more than one day."""
    return [m for m in group if _is_day_range(m) and m.value.last_day > m.value.first_day]


def run_with_its_hours(text: str, sent: tuple[int, int], group: list[Mention]) -> list[Mention]:
    """A run of days whose daily hours come later in its sentence, once and alone, runs
    from the first day's opening to the last day's close.

    Example: "“海派百年”藏品展3月8日至5月7日在美术馆展出，每天10:00—21:00开放" →
    [3月8日10:00 .. 5月7日21:00].
    """
    runs = _runs_of_days(group)
    last_entry = [m for m in group if not m.has_date and LAST_ENTRY.match(text, m.span[1])]  # (16:00停止入馆)
    clocks = [m for m in group if not m.has_date and not m.value.all_day and m not in last_entry]
    others = [m for m in group if m is not runs[0] and m is not clocks[0] and m not in last_entry] if runs and clocks else group
    if len(runs) != 1 or len(clocks) != 1 or any(not WEEKDAYS_ONLY.match(m.text) for m in others):
        return group  # (…，周一闭馆: a weekly closing day besides the hours is no other time)
    run, clock = runs[0], clocks[0]
    if clock.span[0] < run.span[1]:
        return group
    named_between = _NAME_BETWEEN.fullmatch(text, run.span[1], clock.span[0]) is not None  # 11/25—11/26 “设计周末”创意市集 12:00—20:00
    if not (_daily_hours_said(text, clock, run.span[1]) or named_between and _plain_hours(text, clock)):
        return group
    whole = replace(_over_days(clock, run), text=text[run.span[0]:clock.span[1]])  # (its words: the days, then the hours)
    return [whole if m is run else m for m in group if m is not clock]


def hours_said_next(
    text: str, spans: list[tuple[int, int]], by_sentence: dict[tuple[int, int], list[Mention]], rows_from: int | None
) -> None:
    """Daily hours said alone in a short sentence right after a run's, in its paragraph,
    are the run's: the run goes from its first opening to its last close, and the hours
    time nothing of their own (``by_sentence`` is changed in place). Not above the rows
    of a schedule (``rows_from``: where its first row begins), whose hours they are.

    Example: "…书画展10月20日至26日在县文化馆展出。展览免费开放，每天9:00—17:00。" →
    one run, 10月20日9:00 .. 10月26日17:00.
    """
    for here, after in zip(spans, spans[1:]):
        group, next_group = by_sentence.get(here, []), by_sentence.get(after, [])
        if len(next_group) != 1 or "\n" in text[here[0]:after[0]].rstrip() or rows_from is not None and rows_from > after[0]:
            continue
        runs = _runs_of_days(group)
        clock = next_group[0]
        if len(runs) != 1 or any(not m.value.all_day for m in group) or clock.has_date or clock.value.all_day:
            continue
        if not _daily_hours_said(text, clock, after[0]):
            continue
        if clock.span[0] - after[0] > 12 or after[1] - clock.span[1] > 8:
            continue  # 考试期间每天7:30至18:00，对考点周边道路实施交通管制: the hours of another happening
        run = runs[0]
        whole = _over_days(clock, run)
        by_sentence[here] = [replace(run, value=whole.value) if m is run else m for m in group]
        by_sentence[after] = []
