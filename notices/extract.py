"""The pipeline: page → articles → sentences → mentions + kinds → notices.

Example: extract_document(seed_002_text, source="seeds/002.txt") gives the
hotline notice 2023-04-26 09:00–11:00 and the deadline 2023-05-04.
"""

from __future__ import annotations

import bisect
import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime

from notices.articles import split_articles
from notices.daily_hours import (
    at_the_same_hours,
    distribute_times,
    drop_schedule_hours,
    hours_said_next,
    over_the_named_run,
    run_with_its_hours,
)
from notices.frames import Frame, build_frames
from notices.kinds import Hit, all_hits, detect_kinds
from notices.kinds import forget as forget_sentences
from notices.lengths import apply_durations, duration_after
from notices.mention_filters import (
    SAYS_A_DAY,
    after_the_days_close,
    drop_closing_hours,
    drop_day_headings,
    drop_festival_names,
    drop_recurring,
    drop_restatements,
    drop_weekly_tables,
    is_stamp,
    midnight_as_its_day,
    said_from,
    usable,
    window_of_half_days,
)
from notices.mentions import scan_mentions
from notices.model import SHANGHAI, Article, Grain, Mention, Notice, PublishedAt
from notices.naming import ArticleText, name_frame, organizer_in, subject_name
from notices.page_chars import folded_characters, in_page_characters
from notices.programmes import session_titles
from notices.published import infer_published
from notices.recurring import repeating
from notices.statements import (
    Statement,
    Topic,
    cues,
    headline_cancels,
    statements,
    topic_at,
    topics,
)
from notices.text import NormText, normalize, sentences, table_cells
from notices.titles import place_in, without_from_particles, without_pictographs
from notices.topics import Topic, lines_above


@dataclass(frozen=True)
class Document:
    """One input text after extraction.

    Example: Document(source="seeds/002.txt", published=PublishedAt(2023-04-26, "text-today"), …).
    """

    source: str
    published: PublishedAt
    articles: tuple[Article, ...]
    notices: tuple[Notice, ...]
    frames: tuple[Frame, ...] = ()


def extract_document(
    text: str,
    *,
    source: str,
    published: datetime | None = None,
    meta: Mapping[str, str] | None = None,
    fallback: datetime | None = None,
) -> Document:
    """Find the dated notices in one page or article.

    ``published`` (the --published flag) wins over everything; ``meta`` is the
    front matter; ``fallback`` is used only when nothing in the input tells
    the publication date (the service passes the arrival time).

    Example: extract_document("听证会将于12月19日举行。", source="a.txt",
    published=datetime(2016, 12, 13, tzinfo=SHANGHAI)).notices[0].kind == "hearing".
    """
    forget_sentences()
    place_in.cache_clear()
    norm = normalize(text)
    header = meta or {}
    articles = _titled(norm.text, split_articles(norm.text), header.get("title"))
    pub = infer_published(norm.text, articles, flag=published, meta=meta, filename=source, fallback=fallback)
    if pub.basis == "front-matter" and header.get("published_basis"):
        # The input layer read the date from the page or feed item itself (html-meta, feed).
        pub = replace(pub, basis=header["published_basis"])
    url = header.get("source") or header.get("url")
    found: dict[str, Notice] = {}
    frames: list[Frame] = []
    for art in articles:
        article_frames, notices = _article_notices(norm, art, pub, source, url)
        frames.extend(article_frames)
        for notice in notices:
            old = found.get(notice.uid)
            if old is None or _better(notice, old):
                found[notice.uid] = notice
    back = folded_characters(text)  # a traditional-character page: show its own characters
    ordered = sorted((in_page_characters(n, back) for n in found.values()), key=lambda n: (_sort_key(n.start), n.kind, n.uid))
    return Document(source, pub, articles, tuple(ordered), tuple(frames))


def _sort_key(value: date | datetime) -> str:
    if isinstance(value, datetime):
        return value.astimezone(SHANGHAI).strftime("%Y-%m-%dT%H:%M")
    return value.isoformat() + "T00:00"


def _better(new: Notice, old: Notice) -> bool:
    return (new.end is not None, len(new.evidence)) > (old.end is not None, len(old.evidence))


def _titled(text: str, articles: tuple[Article, ...], title: str | None) -> tuple[Article, ...]:
    """The front matter's ``title:`` (a page's or feed item's title) heads the first article.

    Only when its own headline lines do not already say it: an article
    without a dateline then gives the lines it had taken for a headline to
    its body; one that opens with its dateline (本报讯 …) and has no
    headline of its own simply takes the title.

    Example: title 关于城南片区临时停水的通知 over a body that starts "因管道改造，定于…"
    → the article's headline is 关于城南片区临时停水的通知.
    """
    name = normalize(title).text.strip() if title else ""
    if not name or not articles:
        return articles
    first = articles[0]
    if first.dateline:
        if first.headline:
            return articles
        return (replace(first, headline=name, headline_lines=(name,)), *articles[1:])
    own = [line for line in first.headline_lines if len(line) >= 4]
    if any(line == name or line in name or name in line for line in own):
        return articles
    retitled = replace(first, headline=name, headline_lines=(name,), body=text[first.start:first.end], body_start=first.start)
    return (retitled, *articles[1:])


# The quoted name in a notice's uid. Kept apart from titles.QUOTED_NAME on
# purpose: uids already in subscribers' calendars must not change.
_QUOTED = re.compile(r"[“\"《「]([^”\"》」]{2,30})[”\"》」]")


def _article_notices(
    norm: NormText, art: Article, pub: PublishedAt, source: str, url: str | None
) -> tuple[list[Frame], list[Notice]]:
    text = norm.text
    spans = sentences(text, art.start, art.end)
    mentions = drop_festival_names(text, scan_mentions(text, pub.when, art.start, art.end, spans=spans))
    if not mentions:
        return [], []
    headline_hits = detect_kinds(art.headline)
    headline = main_headline(art)
    by_sentence: dict[tuple[int, int], list[Mention]] = {}
    starts = [s[0] for s in spans]
    for m in mentions:
        i = bisect.bisect_right(starts, m.span[0]) - 1
        if i >= 0 and spans[i][0] <= m.span[0] < spans[i][1]:
            by_sentence.setdefault(spans[i], []).append(m)
    dateline_start = art.body_start - len(art.dateline)
    tops = topics(text, art)
    cancel_all = headline_cancels(art.headline)
    items: list[Statement] = []
    last: list[Statement] = []
    earlier_hits: list[Hit] = []
    context_is_stamp = False
    dated_before = False  # an explicit date of the article read before (a working-day rule's anchor)
    last_hours: Mention | None = None  # the last hours kept, for 下周三同一时段
    runs: list[tuple[Mention, int]] = []  # runs of days read so far and where their sentences begin (灯会期间每日18时至23时)
    first_row = next((t.start for t in tops if t.record), None)
    hours_said_next(text, spans, by_sentence, first_row)  # …展出。展览免费开放，每天9:00—17:00。
    drop_weekly_tables(text, art.start, art.end, by_sentence)  # 星期一　1和6⏎星期二　2和7⏎…: a weekly table
    for sent in spans:
        group = by_sentence.get(sent, [])
        sentence = text[sent[0]:sent[1]]
        # 届时…, 为期3天: a sentence without a time of its own that speaks of the one before
        refers_back = bool(items) and (_ANAPHORA_LEAD.match(sentence) is not None or cues().duration.search(sentence) is not None)
        if not group and not refers_back:
            last = []
            continue
        hits = detect_kinds(sentence)
        group = [m for m in group if not (art.dateline and dateline_start <= m.span[0] < art.body_start)]
        if (day_line := next((m for m in group if m.has_date and m.value.grain is Grain.DAY), None)) is not None:
            # 8月31日(星期一) over clock lines, dropped below as their heading, still ends a stamp's context
            context_is_stamp = is_stamp(day_line, sentence, hits, pub)
        kept = []
        shared_hours = topic_at(tops, sent[0]).shared
        if not shared_hours:  # (每天体检时间为上午7:30至10:30 over dated rows: the rows' hours, kept below)
            group = run_with_its_hours(text, sent, group)
            group = drop_closing_hours(text, drop_schedule_hours(text, sent[0], repeating(text, sent, pub.when, group)))
        group = window_of_half_days(text, after_the_days_close(text, midnight_as_its_day(group)))
        group = drop_day_headings(text, at_the_same_hours(text, group, last_hours))
        group = over_the_named_run(text, sent, group, runs)
        runs.extend((m, sent[0]) for m in group if m.has_date and m.value.all_day and m.value.end is not None and m.value.last_day > m.value.first_day)
        for m in distribute_times(text, drop_restatements(text, drop_recurring(text, group))):
            if shared_hours and not m.has_date and not m.value.all_day:
                kept.append(m)  # 接听时间：每期上午9:00—11:00 above dated rows: every row's hours, dated by the rows
                continue
            stamp = is_stamp(m, sentence, hits, pub)
            if m.has_date and m.value.grain in (Grain.DAY, Grain.HOUR, Grain.MINUTE):
                context_is_stamp = stamp
            elif "from-context" in m.flags and context_is_stamp:
                continue  # a bare clock whose only date is the page's stamp (来源 2018-02-24)
            if m.deadline_rule is not None and not dated_before and _STANDING_RULE.search(sentence) and not _FROM_NOTICE_DAY.search(sentence):
                continue  # 制度规定…一般问题7个工作日内答复 in a page that dates nothing: a standing rule, no anchor
            if m.deadline_rule is not None and _FROM_ITS_OWN_DAY.search(sentence, max(0, m.span[0] - sent[0] - 14), m.span[0] - sent[0]):
                continue  # 自受理申请之日起5个工作日内作出答复: counted from a day each case has, never the page's
            if not stamp and usable(m, sentence, sent, hits):
                kept.append(m)
            dated_before = dated_before or (
                not stamp and m.rrule is None and m.deadline_rule is None and SAYS_A_DAY.search(m.text) is not None
            )
        last_hours = next((m for m in reversed(kept) if not m.value.all_day and m.rrule is None), last_hours)
        found = statements(text, sent, kept, topic_at(tops, sent[0]), cancel_all)
        if found and not any(s.kind for s in items) and all(s.kind is None and s.time_line and s.topic == 0 for s in found) and not headline_hits:
            # 区科协将举办科普讲座。时间：3月12日14:30: a time line under a lead that named the happening
            lead = detect_kinds(text[max(art.body_start, sent[0] - 160):sent[0]])
            if lead:
                found = [replace(s, kind=lead[0].kind) for s in found]
        stop_during = _DURING_IT.match(sentence) is not None and any(h.kind == "outage" for h in hits)
        if last and (hits and not kept and refers_back or stop_during):
            # 届时，部分区域将停止供水: the kind of the times just before; so is 升级期间，…暂停
            # after 将于…对系统进行升级 (the works named only by their verb) even with times of its own
            said = "outage" if stop_during else hits[0].kind
            items[-len(last):] = [replace(s, kind=said, hit=None) if s.kind is None else s for s in last]
        if earlier_hits and not hits and cues().anaphora.match(sentence.lstrip()):
            # 首期将于3月22日上午举行, 该活动将于…: the happening the sentence before named
            found = [replace(s, kind=earlier_hits[0].kind) if s.kind is None else s for s in found]
        items.extend(found)
        last = found
        earlier_hits = hits or earlier_hits
    heading_kinds = {t.id: next((h.kind for h in detect_kinds(t.heading)), None) for t in tops if t.heading}
    # | 管制路段 | 管制时间 |: a table whose columns name a kind has rows of that kind
    heading_kinds.update(
        (t.id, kind) for t in tops if t.record and t.columns and not t.heading
        and (kind := next((h.kind for h in detect_kinds(" ".join(t.columns))), None)) is not None
    )
    records = frozenset(t.id for t in tops if t.record)
    shared = frozenset(t.id for t in tops if t.shared)
    intro_kind = _intro_kind(text, art, tops) if records or not headline_hits else None
    page_kind = headline_hits[0].kind if headline_hits else intro_kind
    # 二、考试时间安排 over | 6月7日 | 9:00-11:30 | 语文 |: the rows' own kind (a weak other, 上线/直播, says less than the headline)
    rows_kind = intro_kind if records and intro_kind != "other" else None
    frames = build_frames(text, items, page_kind, heading_kinds, records, shared, rows_kind)
    frames = apply_durations(text, frames)
    frames = _without_headline_summaries(duration_after(text, frames, art.body_start, art.end), art.body_start)
    frames = _without_schedule_summaries(text, _without_festival_restatements(text, frames), records)
    frames = _without_rows_of_a_run(frames, tops, records)
    # Happenings first, deadlines after: a deadline is named after the
    # article's main happening (听证会报名截止) wherever that is stated.
    titled: dict[int, Notice] = {}
    subjects: dict[int, str] = {}
    page = ArticleText(text, art, tops, headline, by_sentence)
    topic_places: dict[int, str | None] = {}
    main_subject: str | None = None
    order = sorted(range(len(frames)), key=lambda i: frames[i].kind == "deadline")
    sessions = session_titles(text, frames)  # 18日上午 8:30—11:00 语文 under 中考…举行: 中考语文
    for i in order:
        notice, subjects[i] = _frame_notice(frames[i], page, pub, source, url, norm, main_subject, topic_places, sessions.get(i))
        if main_subject is None and notice.kind not in ("deadline", "outage", "other"):  # a happening named by a noun
            main_subject = subject_name(subjects[i])
        titled[i] = notice
    return frames, [titled[i] for i in sorted(titled)]


def _without_headline_summaries(frames: list[Frame], body_start: int) -> list[Frame]:
    """A headline that only sums up what the body tells precisely is no happening
    of its own: its period over dated rows of its kind (关于国庆节期间部分线路停电检修
    的通告 over 9月26日, 27日, 28日), or its day over the body's timed opening of it
    (灯会今晚亮灯 over 今晚6时30分…亮灯开幕)."""
    body = [f for f in frames if any(s.sentence[1] > body_start for s in f.statements + f.ended_by)]
    body_kinds = {f.kind for f in body}

    def summed_up(f: Frame) -> bool:
        if not f.value.all_day or any(s.sentence[1] > body_start for s in f.statements + f.ended_by):
            return False  # (a run whose end the body states is the body's: 开幕，持续至25日)
        if f.value.end is not None:
            # (首届“冰雪嘉年华”本周末开幕 over 将于12月24日至25日举行: the run it opens, told precisely)
            return f.kind in body_kinds or any(
                g.kind == f.opening_of and (g.value.first_day, g.value.last_day) == (f.value.first_day, f.value.last_day) for g in body
            )
        # 灯会今晚亮灯 over 今晚6时30分…灯会将在公园亮灯开幕: the body's opening of it, told precisely;
        # …中秋国庆假期开放安排 over 9月29日至10月6日正常开放: a day inside the body's run of its kind
        return any(
            f.kind in (g.kind, g.opening_of)
            and (g.value.first_day == f.value.first_day and not g.value.all_day
                 or g.kind == f.kind and g.value.end is not None and g.value.first_day <= f.value.first_day <= g.value.last_day)
            for g in body
        )

    return [f for f in frames if not summed_up(f)]


def _without_festival_restatements(text: str, frames: list[Frame]) -> list[Frame]:
    """A festival named as a happening's day in a headline or heading (春节暂停营业)
    that falls inside the dated run of the same kind the text gives (2月14日至
    2月23日暂停营业) only says when that run is: no happening of its own."""
    runs = [f for f in frames if f.value.all_day and f.value.end is not None]

    def restated(f: Frame) -> bool:
        if not f.value.all_day or f.value.end is not None or "festival" not in f.mention.rules_fired:
            return False
        if any(_CLAUSE_MARK.search(text, s.sentence[0], s.sentence[1]) for s in f.statements):
            return False  # told in a sentence of the body (正月十五当晚…燃放焰火): a happening of that day
        day = f.value.first_day
        return any(g.kind == f.kind and g.value.first_day <= day <= g.value.last_day for g in runs)

    return [f for f in frames if not restated(f)]


_CLAUSE_MARK = re.compile(r"[，,。；;！!]")
_SESSION_KINDS = frozenset(("hotline", "outage"))


def _without_schedule_summaries(text: str, frames: list[Frame], records: frozenset[int]) -> list[Frame]:
    """A run of days in the prose that only spans the dated rows of a schedule of its
    kind is no happening of its own (下周一至周五，“政风行风热线”将迎来新一轮上线 over
    3月4日…3月8日 rows). Only for kinds whose rows are sessions apart (hotlines,
    outages); an exam or campaign over its daily parts stays whole."""
    rows = [f for f in frames if f.topic in records]

    def summed_up(f: Frame) -> bool:
        if f.topic in records or not f.value.all_day:
            return False
        if f.value.end is None and f.kind in _SESSION_KINDS and sum(
            1 for g in rows if g.kind == f.kind and not g.value.all_day and g.value.first_day == f.value.first_day
        ) >= 2:
            return True  # 定于6月15日对以下线路停电 over | 10kV丹霞线 | 07:30-12:30 | rows of that day: the day of the rows
        if f.value.end is None:
            # 将于4月12日起分村开展体检 over rows from 4月12日 on: where the schedule starts, no happening of its own
            later = [g for g in rows if g.kind == f.kind and g.value.first_day >= f.value.first_day]
            return said_from(text, f.mention) and len(later) >= 2 and min(g.value.first_day for g in later) == f.value.first_day
        if f.kind not in _SESSION_KINDS:
            return False
        inside = [g for g in rows if g.kind == f.kind and f.value.first_day <= g.value.first_day <= f.value.last_day]
        return len(inside) >= 2

    return [f for f in frames if not summed_up(f)]


# 城关镇、河口镇、西江镇 / 其余乡镇: a row that only says which places take their turn
_PLACES_ONLY = re.compile(r"(?:[\u4e00-\u9fff]{1,8}?(?:镇|乡|街道|村|社区|片区|县|区|乡镇)[、，,和及]?\s*)+")


def _without_rows_of_a_run(frames: list[Frame], tops: list[Topic], records: frozenset[int]) -> list[Frame]:
    """体检定于8月4日至6日进行 over ▶ 8月4日：城关镇、河口镇 rows: rows that only say which
    places take their turn on each day of a stated run are the run's parts, not happenings
    of their own (a session of an outage or hotline schedule, or a row naming its own
    happening, stays)."""
    headings = {t.id: t.heading for t in tops if t.record}
    runs = [f for f in frames if f.topic not in records and f.value.all_day and f.value.end is not None and f.value.last_day > f.value.first_day]

    def part_of_a_run(f: Frame) -> bool:
        heading = headings.get(f.topic) or ""
        if f.topic not in records or f.kind in _SESSION_KINDS or f.anchor.hit is not None or not _PLACES_ONLY.fullmatch(heading.strip()):
            return False
        return any(g.kind == f.kind and g.value.first_day <= f.value.first_day <= g.value.last_day for g in runs)

    return [f for f in frames if not part_of_a_run(f)]


# 每场晚上7点开始 / 均于9:00开始: when each row starts
_STARTS_AT = re.compile(r"[^，,。；;：:]{0,8}?(?:\d{1,2}\s*(?:[点时](?:半|\d{1,2}分)?|[:：]\d{2})|[一二三四五六七八九十]{1,3}[点时]半?)\s*(?:开始|开演|开映|开场)")


def _intro_kind(text: str, art: Article, tops: list[Topic]) -> str | None:
    """The kind the line introducing a table or schedule names (…接访日安排如下：), for rows that name none."""
    first_row = min((t.start for t in tops if t.record), default=None)
    if first_row is None or first_row <= art.body_start:
        return None
    line = ""
    for start, end in lines_above(text, art.body_start, first_row):
        line = text[start:end]
        if table_cells(line) is None:
            break  # past the header of a | table |: the line above it introduces it
    hits = all_hits(_STARTS_AT.sub("", line))  # (每场晚上7点开始 says when each row starts, not what it is)
    # the clause nearest the table says what its rows are (…马拉松…，届时将实施交通管制：)
    return max(hits, key=lambda h: (h.strength == "trigger", h.start)).kind if hits else None


# a mention that names a day itself (3月5日, 明天), not a weekday rule or a clock alone
# 自受理申请之日起, 自收到材料之日起: a count from a day of each case
_CASE_STEPS = "交办|受理|收到|接到|登记|立案"  # the steps of a case a count may start from
_FROM_ITS_OWN_DAY = re.compile(rf"(?:{_CASE_STEPS}|申请)[^，,。；;]{{0,6}}之日起\s*$")
# 制度规定, 一般问题…, 原则上: a sentence stating how things are always done
_STANDING_RULE = re.compile(rf"制度|规定|办法|条例|细则|机制|(?:一般|复杂|重大|紧急)(?:问题|事项|诉求|案件)|原则上|均应|一律|(?:{_CASE_STEPS})之日起")
# 自公示之日起, 自本公告发布之日起: a working-day count from the page's own day
_FROM_NOTICE_DAY = re.compile(r"(?:公示|发布|公告|通知|印发|公布|张贴|刊登|送达)之日(?:起|后)")
_ANAPHORA_LEAD = re.compile(r"^\s*(?:届时|当天|当日|期间|其间|此间)")
# 升级期间， / 施工期间， / 维修期间，: during the works the sentence before announced
_DURING_IT = re.compile(r"^\s*[\u4e00-\u9fff]{2,4}期间[，,]")


def main_headline(art: Article) -> str:
    """The headline line that names the event (has a trigger), else the longest.

    Example: ["劳动光荣 创造伟大", "2023衡阳市五一劳动奖发布会举行"] → the second.
    """
    lines = art.headline_lines or ((art.headline,) if art.headline else ())
    if not lines:
        return ""
    with_kind = [ln for ln in lines if detect_kinds(ln)]
    return max(with_kind or lines, key=len)


def _frame_notice(
    f: Frame,
    page: ArticleText,
    pub: PublishedAt,
    source: str,
    url: str | None,
    norm: NormText,
    main_subject: str | None,
    topic_places: dict[int, str | None],
    session: str | None = None,
) -> tuple[Notice, str]:
    """One notice for one frame: its best time, its name (see ``notices.naming``), its identity;
    and the name of the happening itself (what a later deadline or ``开幕式`` belongs to).
    ``session`` is the title of a programme's session (中考语文), when the frame is one.

    ``main_subject`` is the name of the article's first happening (or its
    headline): what a deadline or a bare ``开幕式`` belongs to.
    """
    best = f.mention
    value = f.value
    named = name_frame(f, page, main_subject, topic_places)
    title, place, sentence = session or without_pictographs(without_from_particles(named.title)), named.place, named.sentence
    text = page.text
    rule = None
    if best.deadline_rule:
        rule = f"{best.deadline_rule}，依法定节假日顺延" if "工作日" in best.deadline_rule else best.deadline_rule
    original = f.statements[0].mention.value.start if f.change else value.start
    quoted = _QUOTED.search(sentence)
    key = re.sub(r"\s+", "", quoted[1]) if quoted else (place or re.sub(r"[\s\d]+", "", title))
    b0, b1 = best_sentence = next(s.sentence for s in f.statements if s.mention is best)
    rrule = next((s.mention.rrule for s in f.statements if s.mention.rrule), None)
    notice = Notice(
        uid=_uid(f.kind, original, key),
        kind=f.kind,
        title=title,
        start=value.start,
        end=value.end,
        all_day=value.all_day,
        forward=value.last_day >= pub.day or rrule is not None,
        published=pub.when,
        published_basis=pub.basis,
        source=source,
        headline=page.headline,
        evidence=text[b0:b1].strip(),
        span=(norm.to_original(best_sentence[0]), norm.to_original(best_sentence[1])),
        location=place,
        organizer=organizer_in(sentence),
        rule=rule,
        url=url,
        flags=best.flags,
        status=f.status,
        change=f.change,
        rrule=rrule,
    )
    return notice, named.subject or title


def _uid(kind: str, start: date | datetime, key: str) -> str:
    stamp = start.astimezone(SHANGHAI).strftime("%Y%m%dT%H%M") if isinstance(start, datetime) else start.strftime("%Y%m%d")
    digest = hashlib.sha1(f"{kind}|{stamp}|{key}".encode()).hexdigest()[:20]
    return f"{digest}@notices"
