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
from notices.kinds import Hit, detect_kinds
from notices.mentions import scan_mentions
from notices.model import SHANGHAI, Article, Grain, Mention, Notice, PublishedAt, TimeValue
from notices.published import infer_published
from notices.text import NormText, cn_to_int, normalize, sentences


@dataclass(frozen=True)
class Document:
    """One input text after extraction.

    Example: Document(source="seeds/002.txt", published=PublishedAt(2023-04-26, "text-today"), …).
    """

    source: str
    published: PublishedAt
    articles: tuple[Article, ...]
    notices: tuple[Notice, ...]


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
    norm = normalize(text)
    articles = split_articles(norm.text)
    pub = infer_published(norm.text, articles, flag=published, meta=meta, filename=source, fallback=fallback)
    url = (meta or {}).get("source") or (meta or {}).get("url")
    found: dict[str, Notice] = {}
    for art in articles:
        for notice in _article_notices(norm, art, pub, source, url):
            old = found.get(notice.uid)
            if old is None or _better(notice, old):
                found[notice.uid] = notice
    ordered = sorted(found.values(), key=lambda n: (_sort_key(n.start), n.kind, n.uid))
    return Document(source, pub, articles, tuple(ordered))


def _sort_key(value: date | datetime) -> str:
    if isinstance(value, datetime):
        return value.astimezone(SHANGHAI).strftime("%Y-%m-%dT%H:%M")
    return value.isoformat() + "T00:00"


def _better(new: Notice, old: Notice) -> bool:
    return (new.end is not None, len(new.evidence)) > (old.end is not None, len(old.evidence))


_QUOTED = re.compile(r"[“\"《「]([^”\"》」]{2,30})[”\"》」]")
_LOCATION_PATTERNS = (
    re.compile(r"(?:地点|地址|接听地点|会议地点)[:：]\s*([^\n。;；]{2,40})"),
    re.compile(r"在([^，,。；;、\s]{2,30}?(?:中心|大厅|会议室|广场|公园|礼堂|演播厅|演播大厅|体育馆|展厅|宾馆|酒店|剧院|大楼|会堂|直播间|书画展厅|办公楼))"),
    re.compile(r"在([^，,。；;\s]{2,24}?)(?:举行|召开|举办|开幕|亮相)"),
)
_TITLE_TRIM = re.compile(r"^[\s,，、:：;；(（)）…]*(?:将于|定于|拟于|计划于|将在|将|于|在|从|自|的|起)*")
_TITLE_TAIL = re.compile(r"(?:正式)?(?:举行|召开|举办|开展|进行|开始|启动)?[\s,，、。:：;；]*$")


def _article_notices(norm: NormText, art: Article, pub: PublishedAt, source: str, url: str | None) -> list[Notice]:
    text = norm.text
    spans = sentences(text, art.start, art.end)
    mentions = scan_mentions(text, pub.when, art.start, art.end, spans=spans)
    if not mentions:
        return []
    headline_hits = detect_kinds(art.headline)
    headline = main_headline(art)
    by_sentence: dict[tuple[int, int], list[Mention]] = {}
    starts = [s[0] for s in spans]
    for m in mentions:
        i = bisect.bisect_right(starts, m.span[0]) - 1
        if i >= 0 and spans[i][0] <= m.span[0] < spans[i][1]:
            by_sentence.setdefault(spans[i], []).append(m)
    dateline_start = art.body_start - len(art.dateline)
    duration = _DURATION.search(text, art.start, art.end)
    out: list[Notice] = []
    for sent, group in by_sentence.items():
        sentence = text[sent[0]:sent[1]]
        hits = detect_kinds(sentence)
        group = [m for m in group if not (art.dateline and dateline_start <= m.span[0] < art.body_start)]
        group = _drop_recurring(group)
        for m in _distribute_times(group):
            if _is_stamp(m, sentence, hits, pub):
                continue
            notice = _notice_for(m, sentence, sent, hits, headline_hits, headline, art, pub, source, url, norm)
            if notice is not None:
                out.append(notice)
    if duration is not None:
        out = _apply_duration(out, cn_to_int(duration[1]), pub)
    return _dedupe(out)


_DURATION = re.compile(r"(?:会期|为期|连续|持续)\s*(\d{1,3}|[一二两三四五六七八九十]{1,3})\s*(?:天|日)")
_SECONDS_STAMP = re.compile(r"\d{1,2}:\d{2}:\d{2}")
_META_LINE = re.compile(r"发布时间|发布日期|来源[:：]|编辑[:：]|作者[:：]|浏览|字体|阅读[:：]|信息来源|日期[:：]")


def _is_stamp(m: Mention, sentence: str, hits: list[Hit], pub: PublishedAt) -> bool:
    """A publication stamp or signature date, not an event."""
    if _SECONDS_STAMP.search(m.text) or _META_LINE.search(sentence):
        return True
    explicit_year = re.search(r"(?:19|20)\d{2}\s*[年\-./]", m.text) is not None
    if not (explicit_year and m.value.all_day and m.value.first_day == pub.day):
        return False
    # A signature line, or a date in brackets after a headline: 接听市长公开电话(2013年09月11日).
    return not hits or re.search(r"[(（]\s*" + re.escape(m.text) + r"\s*[)）]", sentence) is not None


def _drop_recurring(group: list[Mention]) -> list[Mention]:
    """星期一停驶尾号3和8,星期二停驶…: a weekly schedule names no dated instance."""
    bare = [m for m in group if m.rules_fired == ("weekday",)]
    if len(bare) >= 2:
        return [m for m in group if m not in bare]
    return group


def _apply_duration(notices: list[Notice], days: int, pub: PublishedAt) -> list[Notice]:
    """会期30天 / 连续14天: the article's first all-day event runs that long."""
    candidates = [n for n in notices if n.all_day and n.end is None and n.kind != "deadline"]
    if not candidates or days < 2:
        return notices
    first = min(candidates, key=lambda n: n.start)
    assert not isinstance(first.start, datetime)
    end = first.start + timedelta(days=days - 1)
    longer = replace(first, end=end, forward=end >= pub.day, uid=_uid(first.kind, first.start, "duration:" + first.uid))
    return notices + [longer]


def _distribute_times(group: list[Mention]) -> list[Mention]:
    """4月14日、19日两天,8时至17时 → both days get 8时至17时."""
    out: list[Mention] = []
    pending: list[Mention] = []
    for m in group:
        if m.has_date and m.value.all_day and m.value.end is None and not m.value.open_start:
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


def _time_line(sentence: str, m: Mention, sent_start: int) -> bool:
    """A sentence that is little more than the time itself (3月25日(星期六)9:30—11:30)."""
    rest = sentence[: m.span[0] - sent_start] + sentence[m.span[1] - sent_start:]
    rest = re.sub(r"[\s,，、。:：;；()（）\-—]|上午|下午|晚上|星期.|周.", "", rest)
    return len(rest) <= 4


def _notice_for(
    m: Mention,
    sentence: str,
    sent: tuple[int, int],
    hits: list[Hit],
    headline_hits: list[Hit],
    headline: str,
    art: Article,
    pub: PublishedAt,
    source: str,
    url: str | None,
    norm: NormText,
) -> Notice | None:
    value = m.value
    if value.grain in (Grain.WEEK, Grain.MONTH, Grain.YEAR):
        return None
    if not m.has_date and "from-context" not in m.flags:
        # A bare clock with nothing dated before it in the article.
        return None
    offset = m.span[0] - sent[0]
    if value.open_start and _in_quotes(sentence, offset):
        return None  # a quoted norm ("3个工作日内办结") has no anchor of its own
    if value.open_start:
        kind = "deadline"
        hit = next((h for h in hits if h.kind == "deadline"), hits[0] if hits else None)
        if hit is None and m.deadline_rule is None:
            return None
    elif hits:
        hit = hits[0]
        kind = hit.kind
    elif headline_hits and _time_line(sentence, m, sent[0]):
        hit = headline_hits[0]
        kind = hit.kind
    else:
        return None
    title = _title(sentence, m, sent[0], hit, art, headline, kind)
    location = _location(sentence) or _location(art.body)
    start, end = value.start, value.end
    all_day = value.all_day
    forward = value.last_day >= pub.day
    rule = None
    if m.deadline_rule:
        rule = f"{m.deadline_rule}，依法定节假日顺延" if "工作日" in m.deadline_rule else m.deadline_rule
    key = _uid_key(sentence, hit, title)
    uid = _uid(kind, start, key)
    return Notice(
        uid=uid,
        kind=kind,
        title=title,
        start=start,
        end=end,
        all_day=all_day,
        forward=forward,
        published=pub.when,
        published_basis=pub.basis,
        source=source,
        headline=headline,
        evidence=sentence.strip(),
        span=(norm.to_original(sent[0]), norm.to_original(sent[1])),
        location=location,
        organizer=_organizer(sentence),
        rule=rule,
        url=url,
        flags=m.flags,
    )


def _clause_around(sentence: str, pos: int) -> tuple[int, int]:
    a = max(sentence.rfind(c, 0, pos) for c in ",，;；") + 1
    ends = [i for i in (sentence.find(c, pos) for c in ",，;；。") if i >= 0]
    b = min(ends) if ends else len(sentence)
    return a, b


def main_headline(art: Article) -> str:
    """The headline line that names the event (has a trigger), else the longest.

    Example: ["劳动光荣 创造伟大", "2023衡阳市五一劳动奖发布会举行"] → the second.
    """
    lines = art.headline_lines or ((art.headline,) if art.headline else ())
    if not lines:
        return ""
    with_kind = [ln for ln in lines if detect_kinds(ln)]
    return max(with_kind or lines, key=len)


def _title(
    sentence: str, m: Mention, sent_start: int, hit: Hit | None, art: Article, headline: str, kind: str
) -> str:
    if hit is None or hit.word not in sentence:
        return _short(headline or sentence)
    pos = sentence.find(hit.word)
    a, b = _clause_around(sentence, pos)
    clause = sentence[a:b]
    if kind == "deadline":
        quoted = _QUOTED.search(sentence) or _QUOTED.search(art.headline)
        name = f"“{quoted[1]}”" if quoted else _short(headline, 16)
        return _short(f"{name}：{clause.strip()}" if name else clause.strip())
    ms, me = m.span[0] - sent_start, m.span[1] - sent_start
    if a <= ms < b:
        clause = sentence[a:ms] + sentence[me:b]
    place = _location(clause)
    if place:
        clause = clause.replace("在" + place, "").replace(place, "")
    clause = _TITLE_TRIM.sub("", clause)
    clause = _TITLE_TAIL.sub("", clause)
    if len(clause) < 4:
        return _short(headline or sentence.strip())
    return _short(clause)


def _short(text: str, limit: int = 40) -> str:
    text = text.strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _location(text: str) -> str | None:
    for pattern in _LOCATION_PATTERNS:
        m = pattern.search(text)
        if m:
            place = m[1].strip(" ,，。")
            if re.search(r"\d+月|\d+日|\d+:\d+|[上下]午", place) is None and len(place) >= 2:
                return place
    return None


_ORGANIZER = re.compile(r"由([^，,。；;]{2,40}?)(?:联合)?(?:主办|举办|承办|组织)")


def _organizer(sentence: str) -> str | None:
    m = _ORGANIZER.search(sentence)
    return m[1] if m else None


def _uid_key(sentence: str, hit: Hit | None, title: str) -> str:
    quoted = _QUOTED.search(sentence)
    if quoted:
        return re.sub(r"\s+", "", quoted[1])
    if hit is not None:
        return hit.word
    return re.sub(r"[\s\d]+", "", title)


def _uid(kind: str, start: date | datetime, key: str) -> str:
    stamp = start.astimezone(SHANGHAI).strftime("%Y%m%dT%H%M") if isinstance(start, datetime) else start.strftime("%Y%m%d")
    digest = hashlib.sha1(f"{kind}|{stamp}|{key}".encode("utf-8")).hexdigest()[:20]
    return f"{digest}@notices"


def _dedupe(notices: list[Notice]) -> list[Notice]:
    """One notice per kind and day: the most precise statement wins."""
    best: dict[tuple[str, date, bool], Notice] = {}
    extra: list[Notice] = []
    for n in notices:
        day = n.start.astimezone(SHANGHAI).date() if isinstance(n.start, datetime) else n.start
        multi_day = n.all_day and n.end is not None and n.end != n.start
        key = (n.kind, day, multi_day)
        old = best.get(key)
        if old is None:
            best[key] = n
            continue
        if isinstance(old.start, datetime) and isinstance(n.start, datetime) and old.start != n.start:
            extra.append(n)  # two sessions at different times on one day
            continue
        if _precision(n) > _precision(old):
            best[key] = n
    return list(best.values()) + extra


def _precision(n: Notice) -> tuple[int, int]:
    return (1 if isinstance(n.start, datetime) else 0, 1 if n.end is not None else 0)
