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
from datetime import date, datetime, timedelta

from notices.articles import split_articles
from notices.frames import Frame, apply_durations, build_frames, duration_after
from notices.subjects import leading_body, signing_body, speaks_of_itself
from notices.statements import Statement, Topic, cues, headline_cancels, statements, topic_at, topics
from notices.kinds import Hit, detect_kinds, whole_words
from notices.kinds import forget as forget_sentences
from notices.lexicon import kind_spec, kinds
from notices.mentions import scan_mentions
from notices.model import SHANGHAI, Article, Grain, Mention, Notice, PublishedAt, TimeValue
from notices.page_chars import folded_characters, in_page_characters
from notices.published import infer_published
from notices.recurring import repeating
from notices.text import NormText, clause_span, normalize, sentences
from notices.titles import VERB_TRIGGERS, clean_headline, first_named, same_phrase, deadline_title, event_title, noun_phrase, place_in, shorten


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


_QUOTED = re.compile(r"[“\"《「]([^”\"》」]{2,30})[”\"》」]")


def _article_notices(
    norm: NormText, art: Article, pub: PublishedAt, source: str, url: str | None
) -> tuple[list[Frame], list[Notice]]:
    text = norm.text
    spans = sentences(text, art.start, art.end)
    mentions = _drop_festival_names(text, scan_mentions(text, pub.when, art.start, art.end, spans=spans))
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
    context_is_stamp = False
    for sent in spans:
        group = by_sentence.get(sent, [])
        sentence = text[sent[0]:sent[1]]
        refers_back = _ANAPHORA_LEAD.match(sentence) is not None or cues().duration.search(sentence) is not None
        if not group and not (items and refers_back):
            last = []
            continue
        hits = detect_kinds(sentence)
        group = [m for m in group if not (art.dateline and dateline_start <= m.span[0] < art.body_start)]
        kept = []
        group = _drop_schedule_hours(text, sent[0], repeating(text, sent, pub.when, group))
        for m in _distribute_times(text, _drop_restatements(text, _drop_recurring(group))):
            stamp = _is_stamp(m, sentence, hits, pub)
            if m.has_date and m.value.grain in (Grain.DAY, Grain.HOUR, Grain.MINUTE):
                context_is_stamp = stamp
            elif "from-context" in m.flags and context_is_stamp:
                continue  # a bare clock whose only date is the page's stamp (来源 2018-02-24)
            if not stamp and _usable(m, sentence, sent, hits):
                kept.append(m)
        found = statements(text, sent, kept, topic_at(tops, sent[0]), cancel_all)
        if not kept and last and refers_back and hits:
            # 届时，部分区域将停止供水: the kind of the times just before
            items[-len(last):] = [replace(s, kind=hits[0].kind, hit=None) if s.kind is None else s for s in last]
        items.extend(found)
        last = found
    heading_kinds = {t.id: next((h.kind for h in detect_kinds(t.heading)), None) for t in tops if t.heading}
    records = frozenset(t.id for t in tops if t.record)
    frames = build_frames(text, items, headline_hits[0].kind if headline_hits else None, heading_kinds, records)
    frames = apply_durations(text, frames)
    frames = duration_after(text, frames, art.body_start, art.end)
    # Happenings first, deadlines after: a deadline is named after the
    # article's main happening (听证会报名截止) wherever that is stated.
    titled: dict[int, Notice] = {}
    topic_places: dict[int, str | None] = {}
    main_subject: str | None = None
    order = sorted(range(len(frames)), key=lambda i: frames[i].kind == "deadline")
    for i in order:
        notice = _frame_notice(
            frames[i], text, tops, art, headline, pub, source, url, norm, main_subject, by_sentence, topic_places
        )
        if notice is None:
            continue
        if main_subject is None and notice.kind != "deadline":
            part = _label_part(frames[i])
            main_subject = _subject(notice.title.removesuffix(part) if part else notice.title)
        titled[i] = notice
    return frames, [titled[i] for i in sorted(titled)]


_COARSE = (Grain.WEEK, Grain.MONTH, Grain.YEAR)
# A title that says what happens but not to what: 放假闭馆, 正常开放, 恢复正常办公
_NAMES_NO_ONE = re.compile(r"^(?:.{0,2}(?:闭馆|开放|休息|营业|办公|停业|休馆|闭园)|(?:恢复|正常|暂停|放假|停止|假期|期间)).{0,6}$")
_ACTION_WORDS = ("报名", "报到", "登记", "预约", "申报", "提交", "报送", "申请", "投稿", "征稿", "截止")
_NAME = re.compile(r"《([^》]{2,60})》|“([^”]{2,30})”")
_RULE_NAME = re.compile(r"(?:法|条例|办法|规定|规则|细则|通知|决定|意见|纲要|目录)$")


def _earlier_name(text: str, art: Article, upto: int) -> str | None:
    """The first quoted name in the article before ``upto`` that is not a law or rule it cites."""
    for m in _NAME.finditer(text, art.body_start, upto):
        inner = m[1] or m[2]
        if not _RULE_NAME.search(inner):
            return shorten(m[0], 24)
    return None


_ALL_TRIGGERS = frozenset(w for spec in kinds() for w in spec.triggers)
_OPENABLE = frozenset(w for spec in kinds() if spec.name in ("activity", "exhibition") for w in spec.triggers)


_BROADCAST = frozenset(("播出", "重播", "直播", "首播", "转播"))


def _clean_channel(title: str, verb: str) -> str:
    """Who broadcasts, from a title such as 鸡西电视台、鸡西新闻网播出."""
    return re.sub(rf"(?:进行|对节目进行|将)?(?:现场)?{verb}.*$", "", title) or title


def _opened_name(sentence: str, times: list[tuple[int, int]]) -> str | None:
    """The name of what opens in ``…文化节在江滨公园开幕``: the noun phrase of its trigger."""
    for word, pos in whole_words(sentence):
        if word in _OPENABLE:
            return noun_phrase(sentence, pos, word, times)
    return None


def _label_part(f: Frame) -> str:
    """The part of the happening a time line's label names: 初赛 of 初赛时间：9月10日 (or "")."""
    anchor = f.anchor
    part = re.sub(r"(?:的)?(?:时间|日期)$", "", anchor.label or "") if anchor.time_line else ""
    return part if 2 <= len(part) <= 6 and detect_kinds(part) else ""


def _subject(title: str) -> str | None:
    """A title cut down to the name of the happening (no verbs, at most 20 characters)."""
    name = re.sub(r"^(?:召开|举行|举办|开展|启动)", "", title).rstrip("…")
    return name if 2 <= len(name) <= 30 else None


_CAUSE = re.compile(r"(?:由于|因为|因|为了|为配合|为确保|为)")


def _in_cause(sentence: str, pos: int) -> bool:
    """Whether ``pos`` lies in a clause that gives a cause (由于电线停电改造，…)."""
    lo, _ = clause_span(sentence, pos, ",，;；:：")
    return _CAUSE.match(sentence, lo) is not None


def _title_word(sentence: str, kind: str, at: int, place: str | None = None) -> tuple[str, int] | None:
    """The trigger of ``kind`` that names the happening: in the clause of the
    time at ``at``, a noun before a verb (会议 over 召开), the longest, the nearest;
    never one inside the place's name (热线 of 到区12345热线中心接听)."""
    triggers = set(kind_spec(kind).triggers)
    words = [(w, pos) for w, pos in whole_words(sentence) if w in triggers]
    if place and (p0 := sentence.find(place)) >= 0:
        words = [wp for wp in words if not p0 <= wp[1] < p0 + len(place)] or words
    if not words:
        return None
    lo, hi = clause_span(sentence, at)
    words = [wp for wp in words if not _in_cause(sentence, wp[1])] or words
    own = [wp for wp in words if lo <= wp[1] < hi] or words
    best = max(own, key=lambda wp: (wp[0] not in VERB_TRIGGERS, len(wp[0]), -abs(wp[1] - at)))
    opening = sentence.rfind("“", 0, best[1])
    if opening >= 0 and "”" not in sentence[opening:best[1]]:
        # 做客“民生热线”节目: the quoted name is the object; the verb before it tells who does what
        verb = next((wp for wp in own if wp[0] in VERB_TRIGGERS and 0 <= opening - (wp[1] + len(wp[0])) <= 1), None)
        if verb is not None:
            return verb
    # 常委会第二十四次会议: a later noun trigger in the same phrase is its head
    for word, pos in sorted(own, key=lambda wp: wp[1]):
        end = best[1] + len(best[0])
        if word not in VERB_TRIGGERS and best[0] not in VERB_TRIGGERS and end <= pos <= end + 12 and same_phrase(sentence, end, pos):
            best = (word, pos)
    return best


def _usable(m: Mention, sentence: str, sent: tuple[int, int], hits: list[Hit]) -> bool:
    """Whether a mention can time a happening at all."""
    value = m.value
    if value.grain in (Grain.WEEK, Grain.MONTH, Grain.YEAR):
        return False
    if not m.has_date and "from-context" not in m.flags:
        return False  # a bare clock with nothing dated before it in the article
    if value.open_start:
        if _in_quotes(sentence, m.span[0] - sent[0]):
            return False  # a quoted norm ("3个工作日内办结") has no anchor of its own
        if not hits and m.deadline_rule is None and not _LABELLED.match(sentence):
            return False
        if m.deadline_rule is not None and not any(h.kind == "deadline" for h in hits):
            return False  # "N天内…" with nothing to be done by then is a condition, not a deadline
    elif "month_end" in m.rules_fired:
        return False  # 11月底 alone is vague; only 月底前 is a date
    if m.text.startswith("即日") and value.end is None:
        return False  # 即日起…: an arrangement from now on; only 即日起至8月31日 bounds a happening
    if m.rules_fired == ("festival",) and (m.text.endswith("期间") or _PERIOD_AFTER.match(sentence, m.span[1] - sent[0])):
        return False  # 国庆假期, 春节期间: a period around a festival, not a day
    if m.has_date and value.all_day and _REFUSED_CLOCK.match(sentence, m.span[1] - sent[0]):
        return False  # 1月9日25:00: a clock the grammar refused makes the whole time untrustworthy
    return True


_REFUSED_CLOCK = re.compile(r"[ \t(（)）]*\d{1,2}\s*[:：]\s*\d{2}")


_PERIOD_AFTER = re.compile(r"\s*(?:假期|期间|长假|小长假|黄金周|前后|前夕|假日)")
_ANAPHORA_LEAD = re.compile(r"^\s*(?:届时|当天|当日|期间|其间|此间)")
_LABELLED = re.compile(r"^\s*(?:\d{1,2}[.、．])?[^，,。:：]{1,12}[:：]")


_EVENT_LABEL = re.compile(r"^\s*(?:\d{1,2}[.、．]\s*)?[^，,。:：]{0,6}时间[:：]")
_STAMP_LINE = re.compile(r"^\s*(?:19|20)\d{2}[-./]\d{1,2}[-./]\d{1,2}\s+\d{1,2}:\d{2}\s*$")
_SECONDS_STAMP = re.compile(r"\d{1,2}:\d{2}:\d{2}")
_META_LINE = re.compile(r"发布时间|发布日期|来源[:：]|编辑[:：]|作者[:：]|浏览|字体|阅读[:：]|信息来源|日期[:：]")


def _is_stamp(m: Mention, sentence: str, hits: list[Hit], pub: PublishedAt) -> bool:
    """A publication stamp or signature date, not an event."""
    if _SECONDS_STAMP.search(m.text) or _META_LINE.search(sentence) or _STAMP_LINE.match(sentence):
        return True
    explicit_year = re.search(r"(?:(?:19|20)\d{2}|[〇零○OＯ一二][〇零○OＯ一二三四五六七八九]{3})\s*[年\-./]", m.text) is not None
    if explicit_year and m.value.all_day and m.value.end is None and sentence.strip() == m.text.strip():
        return True  # a full date alone on its line: a signature or a stamp, never a happening
    if not (explicit_year and m.value.all_day and m.value.first_day == pub.day) or m.value.end is not None:
        return False  # a range is never a stamp
    if _EVENT_LABEL.match(sentence):
        return False  # 时间：2024年5月6日 under a happening is its time
    # A signature line, a date closing its sentence (…规划局 2024年1月30日), or a
    # date in brackets after a headline: 接听市长公开电话(2013年09月11日).
    if not hits or sentence.rstrip().endswith(m.text):
        return True
    return re.search(r"[(（]\s*" + re.escape(m.text) + r"\s*[)）]", sentence) is not None


def _drop_restatements(text: str, group: list[Mention]) -> list[Mention]:
    """1月24日(大年三十), 明天(3日)下午3点: a bracketed second name of the same
    day is not a second time; of the two, the more precise one stays.  Times in
    brackets after a deadline are its opening hours."""
    out: list[Mention] = []
    aside_until = -1
    for m in group:
        prev = out[-1] if out else None
        if m.span[0] < aside_until:
            continue  # 1月7日之前(工作日8:00-12:00): opening hours of a deadline, no happening
        if m.value.open_start:
            opened = re.match(r"\s*[(（]", text[m.span[1]:m.span[1] + 3])
            close = text.find(")", m.span[1], m.span[1] + 60) if opened else -1
            close2 = text.find("）", m.span[1], m.span[1] + 60) if opened else -1
            aside_until = max(close, close2)
        if prev is not None and m.value.end is None and re.fullmatch(r"\s*[(（]\s*", text[prev.span[1]:m.span[0]]):
            if m.value.all_day and prev.value.all_day and "月" in m.text and m.value.first_day != prev.value.first_day:
                out[-1] = m  # 本周三(9月25日) where they disagree: the written date wins over the reckoned one
                continue
            if m.value.all_day or not prev.value.all_day:
                continue
            out[-1] = m
            continue
        out.append(m)
    return out


def _drop_recurring(group: list[Mention]) -> list[Mention]:
    """星期一停驶尾号3和8,星期二停驶…: a weekly schedule names no dated instance."""
    bare = [m for m in group if m.rules_fired == ("weekday",)]
    if len(bare) >= 2:
        return [m for m in group if m not in bare]
    return group


# A festival naming a show (元宵焰火晚会, 春节联欢晚会, 中秋游园活动): part of a name, not its date.
_FESTIVAL_NAMED = re.compile(r"[\u4e00-\u9fff]{0,4}?(?:晚会|联欢|灯会|庙会|焰火|烟花|游园|演出|汇演|音乐会|文艺|晚宴|茶话会|团拜会|特别节目)")


def _drop_festival_names(text: str, group: list[Mention]) -> list[Mention]:
    """A festival word directly before a show's noun names the show: 元宵焰火晚会 is not dated 元宵.

    Example: "原定于今晚举行的元宵焰火晚会取消" keeps 今晚 only.
    """
    return [m for m in group if not (m.rules_fired == ("festival",) and _FESTIVAL_NAMED.match(text, m.span[1]))]


# Words that open a standing schedule: the hours after them recur (每天上午8:30-12:00,
# 每周一闭馆，其余时间9:00-17:00开放) and time no happening of their own.
_SCHEDULE = re.compile(r"每天|每日|每晚|每周|每星期|每逢|工作日|节假日|双休日|其余时间|其他时间|平时|平日")
_DAILY = frozenset(("每天", "每日", "每晚"))


def _drop_schedule_hours(text: str, sentence_start: int, group: list[Mention]) -> list[Mention]:
    """Bare hours that follow a schedule word in their sentence are opening hours, not a happening.

    Example: "报名：9月3日至13日，每天上午8:30-12:00，下午14:30-17:30" keeps only 9月3日至13日.
    """
    out: list[Mention] = []
    since = sentence_start  # where the text after the last dated mention begins
    for m in group:
        word = None if m.has_date else _SCHEDULE.search(text, since, m.span[0])
        if word is not None and (since > sentence_start or word[0] not in _DAILY):
            # after a dated range the hours are its opening hours; 每天上午9点 alone
            # may still time the first of a series of sessions
            continue
        if m.has_date:
            since = m.span[1]
        out.append(m)
    return out


def _distribute_times(text: str, group: list[Mention]) -> list[Mention]:
    """4月14日、19日两天,8时至17时 → both days get 8时至17时.

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
        if not m.has_date and pending and not m.value.all_day:
            for d in pending:
                out.append(_on_day(m, d.value.first_day, d))
            pending = []
            continue
        out.extend(pending)
        pending = []
        out.append(m)
    out.extend(pending)
    return out


_LIST_GAP = re.compile(r"\s*[、和及与]\s*")


def _on_day(timed: Mention, day: date, dated: Mention) -> Mention:
    start = timed.value.start
    assert isinstance(start, datetime)
    shift = timedelta(days=(day - start.astimezone(SHANGHAI).date()).days)
    end = timed.value.end + shift if isinstance(timed.value.end, datetime) else timed.value.end
    value = TimeValue(start + shift, end, timed.value.grain)
    lo, hi = min(dated.span[0], timed.span[0]), max(dated.span[1], timed.span[1])
    return replace(timed, value=value, span=(lo, hi), has_date=True, rules_fired=dated.rules_fired + timed.rules_fired)


def _in_quotes(sentence: str, offset: int) -> bool:
    before = sentence[:offset]
    return before.count("“") > before.count("”")


def main_headline(art: Article) -> str:
    """The headline line that names the event (has a trigger), else the longest.

    Example: ["劳动光荣 创造伟大", "2023衡阳市五一劳动奖发布会举行"] → the second.
    """
    lines = art.headline_lines or ((art.headline,) if art.headline else ())
    if not lines:
        return ""
    with_kind = [ln for ln in lines if detect_kinds(ln)]
    return max(with_kind or lines, key=len)


_ORGANIZER = re.compile(r"由([^，,。；;]{2,40}?)(?:联合)?(?:主办|举办|承办|组织)")


def _organizer(sentence: str) -> str | None:
    m = _ORGANIZER.search(sentence)
    return m[1] if m else None


def _frame_notice(
    f: Frame,
    text: str,
    tops: list[Topic],
    art: Article,
    headline: str,
    pub: PublishedAt,
    source: str,
    url: str | None,
    norm: NormText,
    main_subject: str | None,
    sentence_times: dict[tuple[int, int], list[Mention]],
    topic_places: dict[int, str | None],
) -> Notice | None:
    """One notice for one frame: its best time, a title from its own words, its own place.

    ``main_subject`` is the name of the article's first happening (or its
    headline): what a deadline or a bare ``开幕式`` belongs to.
    """
    best = f.mention
    anchor = f.anchor
    value = f.value
    a0, a1 = anchor.sentence
    a0 = max(a0, art.body_start) if a0 < art.body_start < a1 else a0
    sentence = text[a0:a1]
    topic = next((t for t in tops if t.id == f.topic), None)
    heading = (topic.held or topic.heading) if topic is not None else None
    if f.topic not in topic_places:
        topic_places[f.topic] = _topic_place(text, tops, f.topic, art)
    place = place_in(sentence) or topic_places[f.topic]
    times = [
        (m.span[0] - a0, m.span[1] - a0)
        for m in sentence_times.get(anchor.sentence, ())
        if a0 <= m.span[0] < a1 and m.value.grain not in _COARSE  # 2023年 inside a name stays
    ]
    at = max(anchor.mention.span[0] - a0, 0)  # where the frame's own time stands
    hit = None
    if anchor.hit is not None and not anchor.time_line:
        own_word = (anchor.hit.word, anchor.hit.start - (a0 - anchor.sentence[0]))
        hit = _title_word(sentence, f.kind, at, place) or (own_word if own_word[1] >= 0 else None)
    if heading and heading in sentence:
        heading = None  # the row's own line: its clause says more than its first words
    if f.kind == "deadline":
        short_head = clean_headline(headline) if len(clean_headline(headline)) <= 30 else None
        title = deadline_title(sentence, main_subject, anchor.label, _earlier_name(text, art, a0) or short_head)
        if title.startswith(tuple(_ACTION_WORDS)) and (named := first_named(text[art.body_start:a0])):
            title = shorten(named + title)  # 报名截止 of an undated 听证会: whose 报名
    else:
        title = event_title(
            sentence,
            hit_start=hit[1] if hit else None,
            hit_word=hit[0] if hit else None,
            kind=f.kind,
            times=times,
            place=place,
            heading=heading,
            headline=headline,
            main_subject=main_subject,
            at=at,
        )
        head = clean_headline(headline)
        if title.endswith("…") and 4 <= len(head) <= 30 and any(h.kind == f.kind for h in detect_kinds(head)):
            title = head  # a long clause: the headline names this happening shorter
        if main_subject and title in _ALL_TRIGGERS and title not in main_subject:
            title = shorten(main_subject + title)  # 开幕式 → 万溪旅游文化节开幕式
        if hit is not None and hit[0] in _BROADCAST:
            in_sentence = _NAME.search(sentence)
            named = shorten(in_sentence[0], 24) if in_sentence else _earlier_name(text, art, a0)
            if named and named not in title:
                title = shorten(f"{named}{hit[0]}({_clean_channel(title, hit[0])})" if title != hit[0] else named + hit[0])
        if f.kind == "outage" and place and (deictic := _DEICTIC.search(title)):
            title = shorten(title.replace(deictic[0], re.sub(r"[(（][^)）]*[)）]?", "", place)[:16]))  # 下列区域停水 → 城东区停水
        elif f.kind == "outage" and place and place not in title and len(title) <= 10:
            title = shorten(re.sub(r"[(（][^)）]*[)）]?", "", place)[:16] + title)  # where it happens: 南环路丁字路口全封闭施工
        part = _label_part(f)
        if part and part not in title and len(title) <= 22:
            title = shorten(title + part)  # 初赛时间：9月10日 under a 大赛 notice → …大赛初赛
        first = f.statements[0]
        if first.role == "reopen" and (said := cues().reopen_after.match(text[first.mention.span[1]:first.mention.span[1] + 24])):
            title = cues().reopen_word.findall(said[0])[-1]  # 10月4日起正常开放: the reopening itself
        if f.kind in ("outage", "other") and _NAMES_NO_ONE.match(title):
            # 放假闭馆 / 恢复正常办公: whose? the body the sentence begins with, or the page's own (本馆)
            who = leading_body(sentence) or (signing_body(text, art) if speaks_of_itself(text[art.body_start:art.end]) else None)
            if who and who not in title:
                title = shorten(who + title)
        opened = _opened_name(sentence, times) if f.statements[0].opening_of and f.kind == "ceremony" else None
        if opened:
            title = shorten(opened + "开幕式")
    rule = None
    if best.deadline_rule:
        rule = f"{best.deadline_rule}，依法定节假日顺延" if "工作日" in best.deadline_rule else best.deadline_rule
    original = f.statements[0].mention.value.start if f.change else value.start
    quoted = _QUOTED.search(sentence)
    key = re.sub(r"\s+", "", quoted[1]) if quoted else (place or re.sub(r"[\s\d]+", "", title))
    b0, b1 = best_sentence = next(s.sentence for s in f.statements if s.mention is best)
    rrule = next((s.mention.rrule for s in f.statements if s.mention.rrule), None)
    return Notice(
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
        headline=headline,
        evidence=text[b0:b1].strip(),
        span=(norm.to_original(best_sentence[0]), norm.to_original(best_sentence[1])),
        location=place,
        organizer=_organizer(sentence),
        rule=rule,
        url=url,
        flags=best.flags,
        status=f.status,
        change=f.change,
        rrule=rrule,
    )


# "the following areas": the places are listed elsewhere (停水范围：…)
_DEICTIC = re.compile(r"(?:对)?(?:下列|以下|如下|下述|上述)(?:区域|地区|范围|路段|线路|小区|用户|地段)")
_PLACE_LINE = re.compile(
    r"(?:^|\n)\s*(?:\d{1,2}[.、．]\s*)?(?:(?:活动|会议|听证|举办|展览|报到|接听)?地[点址]|(?:停电|停水|停气|停暖|影响|施工|管制)(?:范围|区域|路段))[:：][ \t]*([^\n。;；]{0,40})"
)
# An item of the list under an empty "停水范围：" line: 1．城东区：建设路…
_LIST_ITEM = re.compile(r"\s*(?:\d{1,2}[.、．]|[(（]?[一二三四五六七八九十]{1,3}[)）、]|[①-⑳])\s*([^\n：:，,。；;]{2,16})")


def _topic_place(text: str, tops: list[Topic], topic: int, art: Article) -> str | None:
    """The ``地点：`` line of the happening's own row or section."""
    if topic == 0:
        # the lead's happening: its details may come under later headings
        lo, hi = tops[0].start, art.end
    else:
        k = next(i for i, t in enumerate(tops) if t.id == topic)
        lo, hi = tops[k].start, (tops[k + 1].start if k + 1 < len(tops) else art.end)
    m = _PLACE_LINE.search(text, lo, hi)
    if m is None:
        return None
    place = m[1].strip(" ,，。")
    if len(place) >= 2:
        return place
    # the places are the items listed under the label: their heads, 城东区、城西区
    heads: list[str] = []
    for line in text[m.end():hi].split("\n")[1:]:
        item = _LIST_ITEM.match(line)
        if item is None:
            if line.strip():
                break
            continue
        heads.append(item[1])
    return "、".join(heads[:3]) + ("等" if len(heads) > 3 else "") if heads else None


def _uid(kind: str, start: date | datetime, key: str) -> str:
    stamp = start.astimezone(SHANGHAI).strftime("%Y%m%dT%H%M") if isinstance(start, datetime) else start.strftime("%Y%m%d")
    digest = hashlib.sha1(f"{kind}|{stamp}|{key}".encode("utf-8")).hexdigest()[:20]
    return f"{digest}@notices"
