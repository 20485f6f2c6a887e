"""When was this published? The reference time every relative date leans on.

Order of authority: the ``--published`` flag, front matter, a date in the file
name, a dateline or a publication line in the text, then inference from the
text: 今日/今天 next to a date, the latest reported past event (plus one
day: a paper reports yesterday), explicit years.

Example: an article saying 第70期“热线问政”活动今日举行 … 4月26日上午 in a page
that mentions 2023年 → 2023-04-26, basis text-today.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date, datetime, time, timedelta

from notices.model import SHANGHAI, Article, PublishedAt
from notices.rules import scan_expressions
from notices.text import cn_to_int


class PublicationUnknown(Exception):
    """Nothing in the input tells when it was published."""


def at_midnight(day: date) -> datetime:
    """The start of a day in Asia/Shanghai.

    Example: at_midnight(date(2023, 4, 26)).isoformat() == "2023-04-26T00:00:00+08:00".
    """
    return datetime.combine(day, time(0), SHANGHAI)


_ISO_LIKE = re.compile(
    r"^\s*(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T]+(\d{1,2})[:时](\d{2})(?::(\d{2}))?)?\s*(Z|[+-]\d{2}:?\d{2})?\s*$"
)


def parse_published_value(value: str) -> datetime:
    """A publication time written by a person or a feed, as an aware datetime.

    ISO-like values are read directly; anything else goes to dateparser with a
    fixed relative base, so the clock is never consulted.  Raises ValueError.

    Example: parse_published_value("2023年4月26日") == 2023-04-26T00:00+08:00.
    """
    m = _ISO_LIKE.match(value)
    if m:
        y, mo, d = int(m[1]), int(m[2]), int(m[3])
        hh, mm, ss = int(m[4] or 0), int(m[5] or 0), int(m[6] or 0)
        naive = datetime(y, mo, d, hh, mm, ss)
        if m[7]:
            return datetime.fromisoformat(naive.isoformat() + (m[7] if m[7] != "Z" else "+00:00")).astimezone(SHANGHAI)
        return naive.replace(tzinfo=SHANGHAI)
    import dateparser  # lazy: heavy import, only for unusual formats

    parsed = dateparser.parse(
        value,
        languages=["zh", "en"],
        settings={
            "TIMEZONE": "Asia/Shanghai",
            "RETURN_AS_TIMEZONE_AWARE": True,
            "REQUIRE_PARTS": ["day", "month", "year"],
            "RELATIVE_BASE": datetime(2000, 1, 1),
        },
    )
    if parsed is None:
        raise ValueError(f"not a date: {value!r}")
    return parsed.astimezone(SHANGHAI)


_FILENAME = re.compile(r"(?<!\d)((?:19|20)\d{2})[-_.]?(0[1-9]|1[0-2])[-_.]?(0[1-9]|[12]\d|3[01])(?!\d)")


def date_from_filename(name: str) -> date | None:
    """A date written in a file name: 2023-04-26-hotline.txt, 20230426_page.txt.

    Example: date_from_filename("20230426_衡阳晚报.txt") == date(2023, 4, 26).
    """
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    m = _FILENAME.search(base)
    if not m:
        return None
    try:
        return date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None


_PUB_LINE = re.compile(
    r"(?:发布时间|发布日期|日期|时间|来源[^\n]{0,40}?)[:：]?\s*"
    r"((?:19|20)\d{2}[-/.年]\d{1,2}[-/.月]\d{1,2}日?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?)"
)
_STAMP = re.compile(r"(?<![\d.])((?:19|20)\d{2})-(\d{2})-(\d{2})[ T]\d{2}:\d{2}(?::\d{2})?")
_DMY = re.compile(r"(?<![\d.])(\d{2})\.(\d{2})\.((?:19|20)\d{2})\s+\d{1,2}:\d{2}")
_DATE_ONLY_LINE = re.compile(r"^\s*((?:19|20)\d{2}|[〇零○一二三四五六七八九]{4})\s*年\s*(\S{1,3})\s*月\s*(\S{1,3})\s*日\s*$")
_FULL_DATE_PAREN = re.compile(r"[(（]((?:19|20)\d{2})年(\d{1,2})月(\d{1,2})日[)）]")


def _publication_line(text: str) -> date | None:
    """A publication stamp near the top: 发布时间:2021-04-12 21:15:44, (2017-04-14 14:56:41)."""
    head = text[:600]
    m = _PUB_LINE.search(head)
    if m:
        try:
            return parse_published_value(m[1]).date()
        except ValueError:
            pass
    m = _STAMP.search(head)
    if m:
        return _safe(int(m[1]), int(m[2]), int(m[3]))
    m = _DMY.search(head)
    if m:
        return _safe(int(m[3]), int(m[2]), int(m[1]))
    m = _FULL_DATE_PAREN.search(head[:200])
    if m:
        return _safe(int(m[1]), int(m[2]), int(m[3]))
    return None


def _signature_date(text: str) -> date | None:
    """The issuer's date line at the end of a notice: 泰州市人民政府新闻办公室\\n2020年6月7日."""
    lines = [ln for ln in text.rstrip().split("\n") if ln.strip()][-4:]
    for line in reversed(lines):
        m = _DATE_ONLY_LINE.match(line)
        if m:
            try:
                return _safe(cn_to_int(m[1]), cn_to_int(m[2]), cn_to_int(m[3]))
            except KeyError:
                return None
    return None


def _safe(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*年")
_TODAY = re.compile(r"今日|今天|今晨|今晚|今早|当天")
_MONTH_DAY = re.compile(r"(?<![\d.])(\d{1,2})月(\d{1,2})[日号]")


def _years(text: str) -> list[int]:
    return [int(y) for y in _YEAR.findall(text)]


def infer_published(
    text: str,
    articles: Sequence[Article],
    *,
    flag: datetime | None = None,
    meta: Mapping[str, str] | None = None,
    filename: str | None = None,
    fallback: datetime | None = None,
) -> PublishedAt:
    """Decide the reference time of a page and say on what basis.

    Example: a page whose hotline article says 今日举行 and 4月26日上午 and
    mentions 2023年 → PublishedAt(2023-04-26T00:00+08:00, "text-today").
    Raises PublicationUnknown when nothing tells and no fallback is given.
    """
    if flag is not None:
        return PublishedAt(flag.astimezone(SHANGHAI), "flag")
    if meta and meta.get("published"):
        return PublishedAt(parse_published_value(meta["published"]), "front-matter")
    if filename:
        day = date_from_filename(filename)
        if day:
            return PublishedAt(at_midnight(day), "filename")
    stamp = _publication_line(text)
    if stamp:
        return PublishedAt(at_midnight(stamp), "dateline")
    sig = _signature_date(text)
    if sig:
        return PublishedAt(at_midnight(sig), "dateline")
    years = _years(text)
    year = max(set(years), key=lambda y: (years.count(y), y)) if years else None
    # A dateline carrying the day: 红网长沙12月13日讯, 新华社北京5月1日电.
    for art in articles:
        m = _MONTH_DAY.search(art.dateline)
        if m and year:
            day = _safe(year, int(m[1]), int(m[2]))
            if day:
                return PublishedAt(at_midnight(day), "dateline")
    if year is None:
        if fallback is not None:
            return PublishedAt(fallback.astimezone(SHANGHAI), "received")
        raise PublicationUnknown("no publication date in the text; pass --published")
    # 今日 next to a date inside one article: that date is today.
    for art in articles:
        whole = art.headline + "\n" + art.body
        if _TODAY.search(whole):
            m = _MONTH_DAY.search(art.body)
            if m:
                day = _safe(year, int(m[1]), int(m[2]))
                if day:
                    return PublishedAt(at_midnight(day), "text-today")
    # The latest reported event (an article's lead date), plus one day.
    leads: list[date] = []
    for art in articles:
        head = art.body[:80]
        m = _MONTH_DAY.search(head)
        if m:
            day = _safe(year, int(m[1]), int(m[2]))
            if day:
                leads.append(day)
    if leads:
        return PublishedAt(at_midnight(max(leads) + timedelta(days=1)), "text-latest")
    full = _explicit_dates(text)
    if full:
        return PublishedAt(at_midnight(min(full)), "text-year")
    return PublishedAt(at_midnight(date(year, 1, 1)), "text-year")


def _explicit_dates(text: str) -> list[date]:
    out = []
    for x in scan_expressions(text):
        spec = x.spec
        if spec is not None and spec.year and spec.month and spec.day:
            d = _safe(spec.year, spec.month, spec.day)
            if d:
                out.append(d)
    return out


__all__ = [
    "PublicationUnknown",
    "at_midnight",
    "date_from_filename",
    "infer_published",
    "parse_published_value",
]
