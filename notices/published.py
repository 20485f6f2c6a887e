"""When was this published? The reference time every relative date leans on.

Order of authority, each with the ``basis`` it reports:

1. ``flag``: the ``--published`` option;
2. ``front-matter``: a ``published:`` header;
3. ``filename``: a date in the file name (``2023-04-26-….txt``);
4. ``pub-line``: the page's own stamp near the top, ``发布时间:2021-04-12``,
   ``日期:12-25``, a line holding only ``2019-07-10`` or ``2020年01月26日10:17
   来源:…``, a date in brackets closing the headline;
5. ``signature``: the issuer's date at the end of a notice, an issuer's line
   then ``2024年1月30日`` (or ``二〇一八年五月十一日``), optionally followed
   by attachments or a ``(此件公开发布)`` remark;
6. ``dateline``: ``红网长沙12月13日讯``, ``新华社北京5月1日电``;
7. ``text-today`` / ``text-yesterday`` / ``text-tomorrow``: a relative word
   beside an explicit date, ``昨日(4月25日)`` → 4月26日, ``明天(3日)`` → the
   2nd; or a headline saying 今日 over a body whose lead gives the date;
8. ``text-latest``: under a news dateline (…报讯), the latest event an
   article's lead reports (not announces), plus one day.

Nothing more is guessed: the day before the first announced date, or a
notice's own dates, were wrong on every page of three annotated sets where
nothing above applied, so such a page is refused.

A date that misses its year (a dateline, ``01-19 21:07``, 今天(6月8日)) takes
the year that makes the article's explicit dates consistent: close to the
full dates it states, announced ones after it, reported ones before it, and
the bare years it mentions (``2023年一季度``).  A date in a sentence that
announces something (将于/定于/举行 …) is never taken as the publication date.

Example: 红网长沙12月13日讯 … 将于2024年1月5日举行 → 2023-12-13, basis dateline.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import cache, cached_property
from importlib import resources

from notices.model import SHANGHAI, Article, PublishedAt


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


# ---------------------------------------------------------------- word lists


@dataclass(frozen=True)
class _Words:
    """The word lists of ``data/published.toml``."""

    pub_labels: tuple[str, ...]
    generic_labels: frozenset[str]
    meta_words: tuple[str, ...]
    head_chars: int
    head_lines: int
    closing_prefixes: tuple[str, ...]
    attachment_prefixes: tuple[str, ...]
    date_suffixes: tuple[str, ...]
    tail_lines: int
    issuer_max_chars: int
    relative: dict[str, int]
    headline_today: tuple[str, ...]
    headline_not_before: tuple[str, ...]
    future: tuple[str, ...]
    future_after: tuple[str, ...]
    past: tuple[str, ...]


@cache
def _words() -> _Words:
    raw = tomllib.loads(resources.files("notices").joinpath("data", "published.toml").read_text(encoding="utf-8"))
    pub, sig, rel, cues = raw["pub_line"], raw["signature"], dict(raw["relative"]), raw["cues"]
    headline_today = tuple(rel.pop("headline_today"))
    headline_not_before = tuple(rel.pop("headline_not_before"))
    return _Words(
        pub_labels=tuple(pub["labels"]),
        generic_labels=frozenset(pub["generic_labels"]),
        meta_words=tuple(pub["meta_words"]),
        head_chars=int(pub["head_chars"]),
        head_lines=int(pub["head_lines"]),
        closing_prefixes=tuple(sig["closing_prefixes"]),
        attachment_prefixes=tuple(sig["attachment_prefixes"]),
        date_suffixes=tuple(sig["date_suffixes"]),
        tail_lines=int(sig["tail_lines"]),
        issuer_max_chars=int(sig["issuer_max_chars"]),
        relative={str(k): int(v) for k, v in rel.items()},
        headline_today=headline_today,
        headline_not_before=headline_not_before,
        future=tuple(cues["future"]),
        future_after=tuple(cues["future_after"]),
        past=tuple(cues["past"]),
    )


def _alternation(words: Sequence[str]) -> str:
    """A regex alternation of literal words, longest first."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))


# ---------------------------------------------------------------- dates in text

# Digits of dates written in Chinese; unlike text.cn_to_int this accepts a
# year mixing figures and characters (二0一八) and returns None on anything else.
_CN_DIGIT = {
    "〇": 0, "零": 0, "○": 0, "O": 0, "o": 0, "Ｏ": 0, "一": 1, "二": 2, "两": 2, "三": 3,
    "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
}
_NUM = r"[0-9〇零○OoＯ一二两三四五六七八九十]"
# A full date with its year, in Arabic or Chinese numerals: 2024年1月30日, 二〇一八年五月十一日.
_FULL_CN = re.compile(
    rf"(?<![0-9])(?P<y>(?:19|20)[0-9]{{2}}|[〇零○OoＯ一二][〇零○OoＯ0-9一二三四五六七八九]{{3}})\s*年\s*"
    rf"(?P<m>{_NUM}{{1,3}})\s*月\s*(?P<d>{_NUM}{{1,3}})\s*[日号]"
)
# The same in figures: 2019-07-10, 2019/7/10, 2019.07.10.
_FULL_ISO = re.compile(r"(?<![0-9.\-/])(?P<y>(?:19|20)\d{2})(?P<sep>[-/.])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})(?![0-9])")
_CLOCK = re.compile(r"\s*(?:上午|下午|中午|晚上|早上|凌晨)?\s*\d{1,2}(?:[:：]\d{2}(?:[:：]\d{2})?|时|点)(?:\d{1,2}分)?")
_MONTH_DAY = re.compile(r"(?<![0-9.\-/年])(\d{1,2})月(\d{1,2})[日号]")
_BARE_YEAR = re.compile(r"(?<![0-9\-~—–至到])((?:19|20)\d{2})\s*年(?!\s*[0-9〇一二三四五六七八九十]{1,3}\s*月|度)")
_SENTENCE_END = "。！？!?；;\n"


def _number(token: str) -> int | None:
    """Arabic or Chinese numerals up to 99, or digit by digit (二〇一八)."""
    token = token.strip()
    if token.isdigit():
        return int(token)
    if "十" in token:
        tens, _, ones = token.partition("十")
        t = _CN_DIGIT.get(tens, -1) if tens else 1
        o = _CN_DIGIT.get(ones, -1) if ones else 0
        return None if t < 0 or o < 0 or len(ones) > 1 else t * 10 + o
    value = 0
    for ch in token:
        digit = int(ch) if ch.isdigit() else _CN_DIGIT.get(ch)
        if digit is None:
            return None
        value = value * 10 + digit
    return value


def _safe(y: int | None, m: int | None, d: int | None) -> date | None:
    if y is None or m is None or d is None or not 1900 <= y <= 2099:
        return None
    try:
        return date(y, m, d)
    except ValueError:
        return None


@dataclass(frozen=True)
class _Found:
    """A full date found in the text, with its span."""

    day: date
    start: int
    end: int


@cache
def _scan(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """``pattern`` behind a lookahead on the characters it may start with, so
    a scan skips every other position at once (the same matches).

    Example: _scan(_FULL_ISO) finds 2019-07-10 as _FULL_ISO does, trying only at 1 and 2.
    """
    from notices.lexicon import first_chars

    first = first_chars(pattern.pattern)
    return pattern if first is None else re.compile(f"(?={first})(?:{pattern.pattern})", pattern.flags)


def _full_dates(text: str, start: int = 0, end: int | None = None) -> list[_Found]:
    """Every date with its year in ``text[start:end]``, in text order.

    Example: _full_dates("定于2008年1月14日举行")[0].day == date(2008, 1, 14).
    """
    stop = len(text) if end is None else end
    out: list[_Found] = []
    for pattern in (_scan(_FULL_CN), _scan(_FULL_ISO)):
        for m in pattern.finditer(text, start, stop):
            day = _safe(_number(m["y"]), _number(m["m"]), _number(m["d"]))
            if day:
                out.append(_Found(day, m.start(), m.end()))
    return sorted(out, key=lambda f: f.start)


def _compact_date(token: str) -> date | None:
    """A date whose 年月日 were lost in copying, when only one reading is valid: 2018326."""
    if not re.fullmatch(r"(?:19|20)\d{5,6}", token):
        return None
    y, rest = int(token[:4]), token[4:]
    readings = {_safe(y, int(rest[:k]), int(rest[k:])) for k in (1, 2) if 0 < len(rest) - k <= 2}
    readings.discard(None)
    return readings.pop() if len(readings) == 1 else None


# ---------------------------------------------------------------- direction of a date


def _sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    a = max(text.rfind(ch, 0, start) for ch in _SENTENCE_END) + 1
    ends = [i for i in (text.find(ch, end) for ch in _SENTENCE_END) if i >= 0]
    return a, min(ends) if ends else len(text)


_EVENT_FIELD = re.compile(r"([\u4e00-\u9fff]{1,8})(?:时间|日期)\s*[:：为是]?\s*$")


def _direction(text: str, start: int, end: int) -> str:
    """``future`` when the date is announced (将于…, …前, 报名时间:), ``past`` when reported, else ``neutral``.

    Example: _direction("会议将于2024年5月6日召开", 4, 14) == "future".
    """
    words = _words()
    a, b = _sentence_bounds(text, start, end)
    before = text[max(a, start - 12) : start]
    field = _EVENT_FIELD.search(before)
    if field and field[0].rstrip(":：为是 ") not in words.pub_labels:
        return "future"
    if re.search(r"(?:时间|日期)\s*[:：]\s*$", before) and _is_schedule(text, end):
        return "future"
    clock = _CLOCK.match(text, end)
    after = text[clock.end() if clock else end : b]
    past = any(cue in text[a:b] for cue in words.past)
    if any(cue in before for cue in words.future) or after.startswith(words.future_after):
        return "future"
    if any(cue in _next_clause(after) for cue in words.future) and not past:
        return "future"
    if before.endswith("于") and _ANNOUNCING.search(after) and not past:
        return "future"
    return "past" if past else "neutral"


# Verbs of a scheduled happening: "于5月6日在市民中心举行" without a past cue is an announcement.
_ANNOUNCING = re.compile(r"举行|召开|举办|开展|开幕|播出|直播")


def _next_clause(after: str) -> str:
    """The clause a leading date belongs to: "11月11日,南宁市热线将举办…" → "南宁市热线将举办…"."""
    parts = re.split(r"[,，]", after, maxsplit=2)
    head = parts[0]
    if len(head.strip()) <= 6 and len(parts) > 1:
        return head + parts[1]
    return head


# ---------------------------------------------------------------- year evidence


@dataclass(frozen=True)
class _Dated:
    """A full date of the text and whether it is announced, reported or neither."""

    day: date
    direction: str


@dataclass(frozen=True)
class _Evidence:
    """Year clues: dated items (full dates, announced or reported year-months) and bare years (2023年一季度).

    Read from the text when first asked (:func:`_evidence`): a page whose
    publication line says its full date never needs them.
    """

    text: str

    @cached_property
    def _clues(self) -> tuple[tuple[_Dated, ...], tuple[int, ...]]:
        return _year_clues(self.text)

    @property
    def dated(self) -> tuple[_Dated, ...]:
        return self._clues[0]

    @property
    def years(self) -> tuple[int, ...]:
        return self._clues[1]

    def candidate_years(self) -> list[int]:
        seen = [d.day.year for d in self.dated] + list(self.years)
        return sorted({y + k for y in seen for k in (-1, 0, 1)})

    def mentions(self, year: int) -> int:
        return sum(d.day.year == year for d in self.dated) + self.years.count(year)


_YEAR_MONTH = re.compile(r"(?<![0-9])((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月(?!\s*\d{1,2}\s*[日号])")


def _evidence(text: str) -> _Evidence:
    """The full dates of a text with their direction, and its bare years
    (read from the text when first asked).

    Example: _evidence("定于2024年1月5日举行。2023年以来……").years == (2023,).
    """
    return _Evidence(text)


def _year_clues(text: str) -> tuple[tuple[_Dated, ...], tuple[int, ...]]:
    """The full dates of a text with their direction, and its bare years.

    A year and month announced or reported (2024年1月起实施) counts as the
    middle of that month; a neutral one (2023年1月至11月 as a statistics
    period) only as a bare year.

    Example: _year_clues("定于2024年1月5日举行。2023年以来……")[1] == (2023,).
    """
    dated = [_Dated(f.day, _direction(text, f.start, f.end)) for f in _full_dates(text)]
    years = [int(m[1]) for m in _scan(_BARE_YEAR).finditer(text)]
    for m in _scan(_YEAR_MONTH).finditer(text):
        direction = _direction(text, m.start(), m.end())
        middle = _safe(int(m[1]), int(m[2]), 15)
        if middle and direction != "neutral":
            dated.append(_Dated(middle, direction))
        elif middle:
            years.append(middle.year)
    return tuple(dated), tuple(years)


# Weights of the year choice: one month of distance to a stated full date
# costs 1; an announced date before (or a reported one after) the
# publication costs a further 6; a bare year that is not the publication's
# own costs 1.5 (0.5 for last year in January-February or next year in
# November-December, when reviews and plans are the norm); bare years count
# together as one clue.
_WRONG_SIDE = 6.0
_OTHER_YEAR = 1.5
_NEAR_YEAR = 0.5
_BARE_WEIGHT = 3.0


def _year_cost(day: date, ev: _Evidence) -> float:
    cost = 0.0
    for d in ev.dated:
        gap = (d.day - day).days
        cost += min(abs(gap), 400) / 30
        if (d.direction == "future" and gap < 0) or (d.direction == "past" and gap > 0):
            cost += _WRONG_SIDE
    if ev.years:
        bare = 0.0
        for y in ev.years:
            near = (day.month <= 2 and day.year == y + 1) or (day.month >= 11 and day.year == y - 1)
            bare += 0.0 if y == day.year else _NEAR_YEAR if near else _OTHER_YEAR * abs(day.year - y)
        cost += bare / len(ev.years) * _BARE_WEIGHT
    return cost


def _with_year(month: int, day: int, ev: _Evidence) -> date | None:
    """The year that makes a month and day fit what the text states, or None without any year.

    Example: 12月13日 in a text announcing 2024年1月5日 → date(2023, 12, 13).
    """
    options = [d for y in ev.candidate_years() if (d := _safe(y, month, day))]
    if not options:
        return None
    return min(options, key=lambda d: (_year_cost(d, ev), -ev.mentions(d.year), -d.year))


# ---------------------------------------------------------------- lines


def _lines(text: str) -> list[tuple[int, str]]:
    """Non-empty lines with their offsets, stripped."""
    out: list[tuple[int, str]] = []
    pos = 0
    for line in text.split("\n"):
        s = line.strip()
        if s:
            out.append((pos + line.index(s[0]), s))
        pos += len(line) + 1
    return out


# ---------------------------------------------------------------- rule: pub-line

_YEARLESS = re.compile(r"(\d{1,2})[-/月](\d{1,2})日?(?![0-9\-/:])")
_YEARLESS_STAMP = re.compile(r"(?<![0-9\-/.:])(\d{1,2})-(\d{1,2})\s+\d{1,2}:\d{2}(?![0-9\-])")
_ISO_CLOCK = re.compile(r"(?<![0-9.\-/])((?:19|20)\d{2})-(\d{1,2})-(\d{1,2})[ T]+\d{1,2}:\d{2}(?::\d{2})?")
_DMY = re.compile(r"(?<![\d.])(\d{2})\.(\d{2})\.((?:19|20)\d{2})\s+\d{1,2}:\d{2}")
_SENTENCE_PUNCT = re.compile(r"[，。,；;！？!?、]")
_URL = re.compile(r"https?://\S+|www\.\S+")
_CJK = re.compile(r"[\u4e00-\u9fff]")


@cache
def _pub_label() -> re.Pattern[str]:
    return re.compile(rf"(?<![\u4e00-\u9fff])({_alternation(_words().pub_labels)})\s*[:：]?\s*")


@cache
def _meta_word() -> re.Pattern[str]:
    return re.compile(rf"(?:^|(?<=[\s|｜(（\[【/]))(?:{_alternation(_words().meta_words)})(?:\s*[:：]|\s)")


def _top_lines(text: str) -> list[tuple[int, str]]:
    """The lines above the body: up to head_lines lines, through the first paragraph of prose."""
    words = _words()
    top: list[tuple[int, str]] = []
    for pos, line in _lines(text[: words.head_chars])[: words.head_lines]:
        top.append((pos, line))
        if re.search(r"[。！？!?]", line) or (len(line) > 30 and _SENTENCE_PUNCT.search(line)):
            break
    return top


def _publication_line(text: str, ev: _Evidence) -> date | None:
    """The page's stamp near the top: 发布时间:2021-04-12 21:15:44, a line 2019-07-10, 日期:12-25.

    Example: "标题\\n2020年01月26日10:17 来源:某某网\\n正文" → date(2020, 1, 26).
    """
    top = _top_lines(text)
    return (
        _labelled_stamp(text, top, ev)
        or _stamp_line(top)
        or _headline_bracket(top[:3])
        or _yearless_stamp(top, ev)
    )


def _labelled_stamp(text: str, top: list[tuple[int, str]], ev: _Evidence) -> date | None:
    """发布时间:2021-04-12 near the top, or 时间:/日期: opening a line above the body (not an event's schedule)."""
    words = _words()
    head = text[: words.head_chars]
    top_end = top[-1][0] + len(top[-1][1]) if top else 0
    for m in _pub_label().finditer(head):
        generic = m[1] in words.generic_labels
        if generic and (m.start() > top_end or not re.search(r"(?:^|[\s|｜【\[])$", head[: m.start()])):
            continue
        day, stop = _date_at(head, m.end(), ev)
        if day is None or (generic and (_is_schedule(head, stop) or _announced(day, ev))):
            continue
        return day
    return None


def _date_at(text: str, pos: int, ev: _Evidence) -> tuple[date | None, int]:
    """The date starting at ``pos`` (a yearless one takes the text's year) and where it ends."""
    full = _full_dates(text, pos, min(len(text), pos + 16))
    if full and full[0].start == pos:
        return full[0].day, full[0].end
    part = _YEARLESS.match(text, pos)
    if part:
        return _with_year(int(part[1]), int(part[2]), ev), part.end()
    return None, pos


def _announced(day: date, ev: _Evidence) -> bool:
    """The text announces something on that day elsewhere (请于…前报名): the field is a schedule."""
    return any(d.day == day and d.direction == "future" for d in ev.dated)


def _is_schedule(text: str, stop: int) -> bool:
    """时间:5月6日上午9时-11时 or a 地点: line next: an event's time field, not a stamp."""
    clock = _CLOCK.match(text, stop)
    rest = text[clock.end() if clock else stop :]
    _, _, next_lines = rest.partition("\n")
    if re.match(r"\s*[(（]\s*(?:星期|周)", rest):
        return True
    if re.match(r"\s*(?:(?:星期|周)[一二三四五六日天])?\s*(?:上午|下午|晚上|中午|至|到|~|—|-|－)", rest):
        return True
    return bool(re.match(r"\s*(?:地点|地址)", next_lines))


def _stamp_line(top: list[tuple[int, str]]) -> date | None:
    """A line above the body opening on a date with only a clock or source after it: 2018-02-24 来源:…"""
    for _, line in top:
        for found in _full_dates(line):
            if _is_stamp(line, found):
                return found.day
        m = _ISO_CLOCK.search(line)
        if m and not _EVENT_FIELD.search(line[: m.start()]):
            if day := _safe(int(m[1]), int(m[2]), int(m[3])):
                return day
        m = _DMY.search(line)
        if m and (day := _safe(int(m[3]), int(m[2]), int(m[1]))):
            return day
    return None


def _is_stamp(line: str, found: _Found) -> bool:
    """Nothing but furniture around the date: a URL or 来源:某某 before, a clock or 来源:/作者: after."""
    prefix = _URL.sub("", line[: found.start])
    clock = _CLOCK.match(line, found.end)
    suffix = line[clock.end() if clock else found.end :]
    if _SENTENCE_PUNCT.search(prefix) or _EVENT_FIELD.search(prefix):
        return False
    if _CJK.search(prefix) and not _meta_word().search(prefix):
        return False
    rest = suffix.lstrip(" \t)）]】|｜")
    return not rest or bool(_meta_word().match(rest)) or bool(_meta_word().search(prefix) and not _CJK.match(rest))


_BRACKET_END = re.compile(r"[(（](?P<date>[^()（）]{6,16})[)）]\s*$")


def _headline_bracket(top: list[tuple[int, str]]) -> date | None:
    """A headline closing on its date in brackets: 市领导接听市长公开电话(2013年09月11日)."""
    for _, line in top:
        m = _BRACKET_END.search(line)
        if m:
            found = _full_dates(m["date"])
            if found and found[0].start == 0 and found[0].end == len(m["date"]):
                return found[0].day
    return None


def _yearless_stamp(top: list[tuple[int, str]], ev: _Evidence) -> date | None:
    """An app's stamp without year, 01-19 21:07, dated by the text's years."""
    for _, line in top:
        m = _YEARLESS_STAMP.search(line)
        if m and not _SENTENCE_PUNCT.search(line[: m.start()]) and not _EVENT_FIELD.search(line[: m.start()]):
            return _with_year(int(m[1]), int(m[2]), ev)
    return None


# ---------------------------------------------------------------- rule: signature


@cache
def _signature_line() -> re.Pattern[str]:
    words = _words()
    return re.compile(
        rf"^(?:(?P<issuer>[^\s，。,:：；;、]{{2,{words.issuer_max_chars}}})\s+)?(?P<date>.+?)"
        rf"\s*(?:{_alternation(words.date_suffixes)})?$"
    )


def _date_line(line: str) -> date | None:
    """A line that is a date, optionally after its issuer: 某某县人民政府 2024年1月30日, 二〇一八年五月十一日."""
    m = _signature_line().match(line)
    if not m:
        return None
    issuer = m["issuer"] or ""
    if re.search(r"(?:时间|日期|截止|期限|至|到|\d)$", issuer):
        return None
    token = m["date"].replace(" ", "")
    found = _full_dates(token)
    if found and found[0].start == 0 and found[0].end == len(token):
        return found[0].day
    return _compact_date(token)


def _trailing_signature(line: str) -> date | None:
    """The issuer and date run on to the last line (the layout lost its line break): ….doc某某局 2024年1月30日."""
    found = _full_dates(line)
    if not found or found[-1].end != len(line) or found[-1].start == 0 or not line[found[-1].start - 1].isspace():
        return None
    issuer = line[: found[-1].start].rstrip()
    # The issuer is the whole run of Chinese characters before the date.
    run = re.search(r"(?<![\u4e00-\u9fff])[\u4e00-\u9fff]{2,%d}$" % _words().issuer_max_chars, issuer)
    if run and not re.search(r"(?:时间|日期|截止|期限|至|到)$", run[0]):
        return found[-1].day
    return None


def _is_closing(line: str) -> bool:
    """Page furniture after a signature: 附件…, 抄送…, (此件公开发布)."""
    return line.startswith(_words().closing_prefixes) or bool(re.fullmatch(r"[(（\[【].*[)）\]】]", line))


def _signature_date(text: str) -> date | None:
    """The issuer's date line at the end of a notice: 泰州市人民政府新闻办公室\\n2020年6月7日.

    Example: "……特此公告。\\n某某乡人民政府\\n2024年8月14日\\n(此件公开发布)" → date(2024, 8, 14).
    """
    words = _words()
    lines = [line for _, line in _lines(text)]
    examined = 0
    for line in reversed(lines):
        if _is_closing(line):
            continue
        day = _date_line(line) or (_trailing_signature(line) if examined == 0 else None)
        if day:
            return day
        examined += 1
        if examined >= words.tail_lines:
            break
    # A date line with an attachment right after it: the annex follows the signature.
    for line, after in zip(reversed(lines[:-1]), reversed(lines[1:])):
        if after.startswith(words.attachment_prefixes):
            day = _date_line(line)
            if day:
                return day
    return None


# ---------------------------------------------------------------- rule: dateline


def _dateline_date(articles: Sequence[Article], ev: _Evidence) -> date | None:
    """The latest dateline carrying a day: 红网长沙12月13日讯, 新华社北京5月1日电.

    Example: "半岛网1月8日消息 … 2024年1月10日将…" → date(2024, 1, 8).
    """
    days = []
    for art in articles:
        m = _MONTH_DAY.search(art.dateline)
        if m and (day := _with_year(int(m[1]), int(m[2]), ev)):
            days.append(day)
    return max(days) if days else None


# ---------------------------------------------------------------- rule: relative words


@cache
def _beside() -> tuple[re.Pattern[str], ...]:
    rel = _alternation(list(_words().relative))
    week = r"(?:\s*[(（]?\s*(?:星期|周|礼拜)[一二三四五六日天][)）]?)?"
    day = rf"(?:(?P<y>(?:19|20)\d{{2}})年)?(?:(?P<m>\d{{1,2}})月)?(?P<d>\d{{1,2}})[日号]{week}"
    return (
        re.compile(rf"(?P<rel>{rel})\s*[(（]\s*{day}\s*[)）]"),
        re.compile(rf"(?P<rel>{rel})(?:是|为)\s*{day}"),
        re.compile(rf"{day}\s*[(（]\s*(?P<rel>{rel})\s*[)）]"),
        re.compile(rf"{day}\s*[,，]?\s*(?:即|也就是|也即)(?P<rel>{rel})"),
    )


def _relative_pin(text: str, articles: Sequence[Article], ev: _Evidence) -> tuple[date, str] | None:
    """A relative word beside an explicit date: 昨日(4月25日) → 4月26日, basis text-yesterday.

    Example: "记者昨日(4月25日)从市供水公司获悉" in a 2023 page → (date(2023, 4, 26), "text-yesterday").
    """
    hits = sorted((m for p in _beside() for m in p.finditer(text)), key=lambda m: m.start())
    for m in hits:
        offset = _words().relative[m["rel"]]
        month = int(m["m"]) if m["m"] else _month_before(text, m.start())
        if month is None:
            continue
        event = _safe(int(m["y"]), month, int(m["d"])) if m["y"] else _with_year(month, int(m["d"]), ev)
        if event:
            basis = "text-today" if offset == 0 else "text-yesterday" if offset < 0 else "text-tomorrow"
            return event - timedelta(days=offset), basis
    return _headline_today(text, articles, ev)


def _month_before(text: str, pos: int) -> int | None:
    """The month of the nearest preceding M月D日 (for 明天(3日))."""
    last = None
    for m in _MONTH_DAY.finditer(text, max(0, pos - 300), pos):
        last = int(m[1])
    return last


def _headline_today(text: str, articles: Sequence[Article], ev: _Evidence) -> tuple[date, str] | None:
    """A headline saying 今日 over a body whose lead names the day: …活动今日举行 / 4月26日上午, … → 4月26日."""
    for art in articles:
        if not _headline_today_word().search(art.headline):
            continue
        lead = _lead(art)
        m = _MONTH_DAY.search(text, art.body_start, art.body_start + len(lead))
        if m and (day := _with_year(int(m[1]), int(m[2]), ev)):
            return day, "text-today"
    return None


@cache
def _headline_today_word() -> re.Pattern[str]:
    words = _words()
    return re.compile(rf"(?:{_alternation(words.headline_today)})(?!{_alternation(words.headline_not_before)})")


def _lead(art: Article) -> str:
    """The first two sentences of an article's body."""
    parts = re.split(r"(?<=[。！？!?])", art.body, maxsplit=2)
    return "".join(parts[:2])[:150]


# ---------------------------------------------------------------- rules: latest reported event, years


def _latest_reported(text: str, articles: Sequence[Article], ev: _Evidence) -> date | None:
    """The latest date a news article's lead reports (not announces), plus one
    day: a paper reports yesterday. Only under a news dateline (…报讯, …电): a
    notice's own dates say nothing of when it was posted.

    Example: "衡阳晚报讯 12月13日下午,市委书记……听取汇报" in a 2023 page → date(2023, 12, 14).
    """
    days: list[date] = []
    for art in articles:
        if not art.dateline:
            continue
        stop = art.body_start + min(80, len(art.body))
        full = _full_dates(text, art.body_start, stop)
        m = _MONTH_DAY.search(text, art.body_start, stop)
        if full and (not m or full[0].start <= m.start()):
            if _direction(text, full[0].start, full[0].end) != "future":
                days.append(full[0].day)
        elif m and _direction(text, m.start(), m.end()) != "future":
            if day := _with_year(int(m[1]), int(m[2]), ev):
                days.append(day)
    return max(days) + timedelta(days=1) if days else None


# ---------------------------------------------------------------- the decision


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
    for day, basis in _from_text(text, articles):
        return PublishedAt(at_midnight(day), basis)
    if fallback is not None:
        return PublishedAt(fallback.astimezone(SHANGHAI), "received")
    raise PublicationUnknown("no publication date in the text; pass --published")


def _from_text(text: str, articles: Sequence[Article]) -> Iterator[tuple[date, str]]:
    """The text's own answers, most authoritative first (lazily: the first one wins)."""
    ev = _evidence(text)
    if day := _publication_line(text, ev):
        yield day, "pub-line"
    if day := _signature_date(text):
        yield day, "signature"
    if day := _dateline_date(articles, ev):
        yield day, "dateline"
    if pinned := _relative_pin(text, articles, ev):
        yield pinned
    if day := _latest_reported(text, articles, ev):
        yield day, "text-latest"


__all__ = [
    "PublicationUnknown",
    "at_midnight",
    "date_from_filename",
    "infer_published",
    "parse_published_value",
]
