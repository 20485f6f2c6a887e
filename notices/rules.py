"""The time grammar: atomic rules (regex → partial TimeSpec) and combinators.

A rule is a unique name, a regex (which may use the lexicon's word lists) and
a small production that turns the match into a :class:`TimeSpec`.  All
atomic rules are compiled into one alternation, so a page is scanned once.
Combinators then merge adjacent fragments (date + part of day + clock),
build ranges (A至B), lists (14日、19日) and deadlines (X日前, N个工作日内).

Example: "4月26日上午9:00" → fragments [month_day, part_of_day, clock_colon]
merged into one TimeSpec(month=4, day=26, part="morning", hour=9, minute=0).
"""

from __future__ import annotations

import bisect
import re
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, fields, replace
from functools import cache, cached_property

from notices.calendar_cn import festival_names
from notices.lexicon import alternation, lexicon
from notices.text import cn_to_int

CN = "[〇零○一二两三四五六七八九十]"
D12 = rf"(?:\d{{1,2}}|{CN}{{1,3}})"


@dataclass(frozen=True)
class TimeSpec:
    """A partial time value as written, before resolution.

    Example: 下周三上午9点 → TimeSpec(week_rel=1, weekday=3, part="morning", hour=9).
    """

    year: int | None = None
    year_rel: int | None = None
    month: int | None = None
    month_rel: int | None = None
    month_end: bool = False
    year_end: bool = False
    week_rel: int | None = None
    day: int | None = None
    day_rel: int | None = None
    day_rel_context: bool = False
    festival: str | None = None
    weekday: int | None = None
    part: str | None = None
    hour: int | None = None
    minute: int | None = None

    @cached_property
    def _levels(self) -> tuple[int, int]:
        levels = [lvl for name, lvl in _LEVELS.items() if _is_set(self, name)]
        if not levels:
            return (99, -1)
        return (min(levels), max(levels))

    def level(self) -> tuple[int, int]:
        """(coarsest, finest) field level present; levels: year 0 … minute 6."""
        return self._levels

    def has_date(self) -> bool:
        return any(
            _is_set(self, n) for n in ("day", "day_rel", "festival", "weekday", "month_end", "year_end")
        )

    def merge(self, other: "TimeSpec") -> "TimeSpec | None":
        """Combine two fragments if they do not clash and ``other`` is finer."""
        mine, theirs = self.level(), other.level()
        if theirs[0] <= mine[1] and not _weekday_after_date(self, other):
            return None
        changes = {}
        for f in fields(self):
            value = getattr(other, f.name)
            if _is_set(other, f.name):
                if _is_set(self, f.name):
                    return None
                changes[f.name] = value
        return replace(self, **changes)


_LEVELS = {
    "year": 0, "year_rel": 0, "year_end": 1,
    "month": 1, "month_rel": 1, "month_end": 2,
    "week_rel": 2,
    "day": 3, "day_rel": 3, "festival": 3, "weekday": 3,
    "part": 4, "hour": 5, "minute": 6,
}


def _is_set(spec: TimeSpec, name: str) -> bool:
    value = getattr(spec, name)
    return value is not None and value is not False


def _weekday_after_date(first: TimeSpec, second: TimeSpec) -> bool:
    # 4月26日(星期三): a weekday may follow a full date as a check.
    only_weekday = second.weekday is not None and second.level() == (3, 3) and second.week_rel is None
    return only_weekday and (first.day is not None or first.day_rel is not None) and first.weekday is None


Production = Callable[[re.Match[str]], TimeSpec]


@dataclass(frozen=True)
class Rule:
    """An atomic rule: a unique name, a regex, a production."""

    name: str
    pattern: str
    production: Production
    weak: bool = False  # dropped unless merged with a neighbour


_RULES: dict[str, Rule] = {}


def rule(name: str, pattern: str | Callable[[], str], weak: bool = False) -> Callable[[Production], Production]:
    """Register an atomic rule; a duplicate name fails at import.

    Example: @rule("month_day", r"(\\d{1,2})月(\\d{1,2})日") def _(m): ...
    """

    def register(production: Production) -> Production:
        if name in _RULES:
            raise ValueError(f"duplicate rule name {name!r}")
        text = pattern() if callable(pattern) else pattern
        _RULES[name] = Rule(name, text, production, weak)
        return production

    return register


def registered_rules() -> tuple[Rule, ...]:
    """Every atomic rule in scan priority order."""
    return tuple(_RULES.values())


def _n(text: str | None) -> int | None:
    return None if text is None else cn_to_int(text)


def _valid_md(month: int | None, day: int | None) -> bool:
    return (month is None or 1 <= month <= 12) and (day is None or 1 <= day <= 31)


class Reject(Exception):
    """Raised by a production when the match is not a time after all."""


# ---- atomic rules, most specific first ------------------------------------

@rule("ymd_cn", rf"(?<![\d〇零○一二三四五六七八九])(\d{{4}}|[〇零○一二三四五六七八九]{{4}})\s*年\s*({D12})\s*月\s*({D12})\s*[日号]")
def _ymd_cn(m: re.Match[str]) -> TimeSpec:
    y, mo, d = cn_to_int(m[1]), cn_to_int(m[2]), cn_to_int(m[3])
    if not _valid_md(mo, d):
        raise Reject
    return TimeSpec(year=y, month=mo, day=d)


@rule("ymd_numeric", r"(?<![\d.\-/])((?:19|20)\d{2})([-./])(\d{1,2})([-./])(\d{1,2})(?![\d%.])(?:[日号])?")
def _ymd_numeric(m: re.Match[str]) -> TimeSpec:
    y, mo, d = int(m[1]), int(m[3]), int(m[5])
    if not _valid_md(mo, d) or m[2] != m[4]:
        raise Reject
    return TimeSpec(year=y, month=mo, day=d)


@rule("ymd_compact", r"(?<![\d.\-/])((?:19|20)\d{2})(\d{2,4})[日号](?!\d)")
def _ymd_compact(m: re.Match[str]) -> TimeSpec:
    """2018426日: a date whose 年 and 月 were lost; taken only when one reading is valid."""
    y, rest = int(m[1]), m[2]
    readings = {(int(rest[:k]), int(rest[k:])) for k in range(1, len(rest)) if k <= 2 and len(rest) - k <= 2}
    valid = {r for r in readings if _valid_md(*r)}
    if len(valid) != 1:
        raise Reject
    mo, d = valid.pop()
    return TimeSpec(year=y, month=mo, day=d)


@rule("year_month", rf"(?<![\d〇零○一二三四五六七八九])(\d{{4}}|[〇零○一二三四五六七八九]{{4}})\s*年\s*({D12})\s*月(?!份?[上中下]旬)")
def _year_month(m: re.Match[str]) -> TimeSpec:
    mo = cn_to_int(m[2])
    if not _valid_md(mo, None):
        raise Reject
    return TimeSpec(year=cn_to_int(m[1]), month=mo)


@rule("year", r"(?<![\d\-—~至到])(?:19|20)\d{2}\s*年(?![度底初末中]|代|[-—~至到])")
def _year(m: re.Match[str]) -> TimeSpec:
    return TimeSpec(year=int(m[0][:4]))


@rule("month_day", rf"(?<![\d.])({D12})\s*月\s*({D12})\s*(?:日|号)")
def _month_day(m: re.Match[str]) -> TimeSpec:
    mo, d = cn_to_int(m[1]), cn_to_int(m[2])
    if not _valid_md(mo, d):
        raise Reject
    return TimeSpec(month=mo, day=d)


@rule("month_end", rf"(?:(本|这个|当)?月|({D12})\s*月)(?:底|末)")
def _month_end(m: re.Match[str]) -> TimeSpec:
    if m[2]:
        return TimeSpec(month=cn_to_int(m[2]), month_end=True)
    return TimeSpec(month_rel=0, month_end=True)


@rule("year_end", r"(?:年底|年末|今年底)")
def _year_end(m: re.Match[str]) -> TimeSpec:
    return TimeSpec(year_end=True)


@rule("rel_month_day", lambda: rf"({alternation(lexicon().relative_months)})\s*({D12})\s*[日号]")
def _rel_month_day(m: re.Match[str]) -> TimeSpec:
    d = cn_to_int(m[2])
    if not _valid_md(None, d):
        raise Reject
    return TimeSpec(month_rel=lexicon().relative_months[m[1]], day=d)


@rule("month", rf"(?<![\d.第])({D12})\s*月(?!份|[上中下]旬|以来|至今|起|底|末)")
def _month(m: re.Match[str]) -> TimeSpec:
    mo = cn_to_int(m[1])
    if not _valid_md(mo, None) or m[1] in ("一", "十") and not m[0].endswith("月"):
        raise Reject
    return TimeSpec(month=mo)


@rule("rel_month", lambda: rf"(?:{alternation(lexicon().relative_months)})(?![份\d初底末中])")
def _rel_month(m: re.Match[str]) -> TimeSpec:
    return TimeSpec(month_rel=lexicon().relative_months[m[0]])


@rule("rel_year", lambda: rf"(?:{alternation(lexicon().relative_years)})(?!度)")
def _rel_year(m: re.Match[str]) -> TimeSpec:
    return TimeSpec(year_rel=lexicon().relative_years[m[0]])


@rule("festival", lambda: rf"(?:{alternation(festival_names())})(?!劳动奖|奖|路|大道|广场|街|村|小区)(?:当天|当日|期间)?")
def _festival(m: re.Match[str]) -> TimeSpec:
    name = re.sub(r"(?:当天|当日|期间)$", "", m[0])
    return TimeSpec(festival=name)


@rule("rel_weekday", lambda: rf"({alternation(lexicon().week_prefixes)})\s*(?:周|星期|礼拜)({alternation(lexicon().weekdays)})")
def _rel_weekday(m: re.Match[str]) -> TimeSpec:
    return TimeSpec(week_rel=lexicon().week_prefixes[m[1]], weekday=lexicon().weekdays[m[2]])


@rule("rel_week", lambda: rf"({alternation(lexicon().week_prefixes)})\s*(?:周|星期|礼拜)(?![一二三四五六日天末1-7])")
def _rel_week(m: re.Match[str]) -> TimeSpec:
    return TimeSpec(week_rel=lexicon().week_prefixes[m[1]])


@rule("weekday", lambda: rf"(?:周|星期|礼拜)({alternation(set(lexicon().weekdays) - {'末'})})(?![\d一二三四五六七八九十]|[到至\-—]周)")
def _weekday(m: re.Match[str]) -> TimeSpec:
    return TimeSpec(weekday=lexicon().weekdays[m[1]])


@rule("rel_day", lambda: alternation(lexicon().relative_days))
def _rel_day(m: re.Match[str]) -> TimeSpec:
    offset, part = lexicon().relative_days[m[0]]
    if part in ("context", "context0"):
        # 次日 and 当天 count from the day the article is talking about.
        return TimeSpec(day_rel=offset, day_rel_context=True)
    return TimeSpec(day_rel=offset, part=part or None)


@rule("day", rf"(?<![\d.月年第前后内])(\d{{1,2}})\s*(?:日|号(?![楼线院门库室馆台机位口令文店铺仓厅桥路街巷码会]))(?![元])")
def _day(m: re.Match[str]) -> TimeSpec:
    d = int(m[1])
    if not _valid_md(None, d):
        raise Reject
    return TimeSpec(day=d)


@rule("day_cn", rf"(?<![月年第\d])({CN}{{1,3}})\s*日(?=[上下中晚凌早夜]|\d|{CN}+[时点])", weak=True)
def _day_cn(m: re.Match[str]) -> TimeSpec:
    d = cn_to_int(m[1])
    if not _valid_md(None, d):
        raise Reject
    return TimeSpec(day=d)


@rule("clock_colon", r"(?<![\d.:])([01]?\d|2[0-4])\s*[:：]\s*([0-5]\d)(?::[0-5]\d)?(?![\d:])")
def _clock_colon(m: re.Match[str]) -> TimeSpec:
    return TimeSpec(hour=int(m[1]), minute=int(m[2]))


@rule("clock_hm", rf"(?<![\d.])(\d{{1,2}})\s*(?:时|点)\s*(\d{{1,2}})\s*分")
def _clock_hm(m: re.Match[str]) -> TimeSpec:
    h, mi = int(m[1]), int(m[2])
    if h > 24 or mi > 59:
        raise Reject
    return TimeSpec(hour=h, minute=mi)


@rule("clock_h", r"(?<![\d.])(\d{1,2})\s*(?:时|点钟|点)(半|整|许)?(?![\d分钟多余左来])")
def _clock_h(m: re.Match[str]) -> TimeSpec:
    h = int(m[1])
    if h > 24:
        raise Reject
    return TimeSpec(hour=h, minute=30 if m[2] == "半" else None)


@rule("clock_cn_hm", rf"({CN}{{1,3}})\s*(?:时|点)\s*({CN}{{1,3}})\s*分")
def _clock_cn_hm(m: re.Match[str]) -> TimeSpec:
    h, mi = cn_to_int(m[1]), cn_to_int(m[2])
    if h > 24 or mi > 59:
        raise Reject
    return TimeSpec(hour=h, minute=mi)


@rule("clock_cn_h", rf"({CN}{{1,3}})\s*(时|点钟|点)(半|整)?(?![{CN[1:-1]}分钟多余])", weak=True)
def _clock_cn_h(m: re.Match[str]) -> TimeSpec:
    h = cn_to_int(m[1])
    if h > 24:
        raise Reject
    return TimeSpec(hour=h, minute=30 if m[3] == "半" else None)


@rule("part_of_day", lambda: alternation(lexicon().parts_of_day), weak=True)
def _part_of_day(m: re.Match[str]) -> TimeSpec:
    return TimeSpec(part=lexicon().parts_of_day[m[0]])


# ---- the scanner -----------------------------------------------------------

@dataclass(frozen=True)
class Fragment:
    """One atomic match: its span, rule and partial value."""

    start: int
    end: int
    rule: str
    spec: TimeSpec
    weak: bool


@dataclass(frozen=True)
class Deadline:
    """How a deadline is stated: before a day, within N (working) days."""

    kind: str  # "before" | "within_days" | "within_workdays"
    n: int = 0
    text: str = ""


@dataclass(frozen=True)
class Expression:
    """A whole time expression after the combinators: start, optional end, deadline.

    Example: 4月24日—25日 → start TimeSpec(4, 24), end TimeSpec(day=25).
    """

    start: int
    end: int
    spec: TimeSpec | None
    to: TimeSpec | None = None
    deadline: Deadline | None = None
    rules: tuple[str, ...] = field(default_factory=tuple)


@cache
def _first_chars() -> str:
    """Every character an atomic rule may start with, as a regex class.

    The master pattern is guarded by a lookahead on this class, so the long
    alternation is only tried where a time expression can begin (digits,
    Chinese numerals, and the first characters of the lexicon's words).
    """
    lex = lexicon()
    words = (
        set(lex.week_prefixes) | set(lex.relative_days) | set(lex.parts_of_day)
        | set(lex.relative_months) | set(lex.relative_years) | set(festival_names())
    )
    chars = {w[0] for w in words} | set("0123456789〇零○一二两三四五六七八九十周星礼年月当本这")
    return "[" + "".join(re.escape(c) for c in sorted(chars)) + "]"


@cache
def _master() -> re.Pattern[str]:
    parts = [f"(?P<r{i}>{r.pattern})" for i, r in enumerate(registered_rules())]
    return re.compile(f"(?={_first_chars()})(?:" + "|".join(parts) + ")")


@cache
def _compiled(name: str) -> re.Pattern[str]:
    return re.compile(_RULES[name].pattern)


@cache
def _group_rules() -> dict[str, Rule]:
    return {f"r{i}": r for i, r in enumerate(registered_rules())}




def fragments(text: str, start: int = 0, end: int | None = None) -> list[Fragment]:
    """Atomic matches in ``text[start:end]``, false positives removed.

    Example: fragments("拨打12345热线") == [] (12345 is a false positive).
    """
    stop = len(text) if end is None else end
    false_positive = lexicon().false_positive
    groups = _group_rules()
    out: list[Fragment] = []
    for m in _master().finditer(text, start, stop):
        name = m.lastgroup
        assert name is not None
        r = groups[name]
        if _blocked(false_positive, text, m.start(), m.end()):
            continue
        # Re-run the rule's own pattern at the same position so the
        # production sees its own group numbers (lookbehinds keep context).
        own = _compiled(r.name).match(text, m.start())
        if own is None:
            continue
        try:
            spec = r.production(own)
        except (Reject, ValueError):  # ValueError: a malformed numeral such as 十十
            continue
        out.append(Fragment(m.start(), m.end(), r.name, spec, r.weak))
    return out


_FP_REACH = 12  # no false-positive pattern reaches further than this around a token


def _blocked(false_positive: re.Pattern[str], text: str, a: int, b: int) -> bool:
    """Whether a false-positive phrase (五一劳动奖, 12345, 十分重要…) overlaps text[a:b]."""
    for fp in false_positive.finditer(text, max(0, a - _FP_REACH), min(len(text), b + _FP_REACH)):
        if fp.start() < b and a < fp.end():
            return True
    return False


_GLUE = re.compile(r"[ \t]*(?:[(（][ \t]*|[)）][ \t]*)*(?:的)?[ \t]*$")


@cache
def _connector_re() -> re.Pattern[str]:
    lex = lexicon()
    # "(?:[(（]\s*)?" and not "(?:[(（]?\s*)?": the same strings without two
    # adjacent "\s*", which would be quadratic on a long run of spaces.
    return re.compile(rf"^\s*(?:{alternation(lex.range_connectors)})\s*(?:[(（]\s*)?$")


_LIST_SEP = re.compile(r"^\s*[、和及与]\s*$")


def _glue_ok(text: str, a: int, b: int) -> bool:
    if b - a > 6:
        return False
    return _GLUE.fullmatch(text, a, b) is not None


def combine(text: str, frags: list[Fragment], start: int = 0, end: int | None = None) -> list[Expression]:
    """Merge fragments into whole expressions (concatenation, ranges, lists, deadlines).

    The "N天内" deadlines are found once per page (:func:`page_deadlines`);
    an expression overlapping one is dropped, and those lying inside
    ``text[start:end]`` are added.

    Example: "上午9:00—11:00" → one Expression(spec=9:00 morning, to=11:00).
    """
    within = page_deadlines(text)
    exprs = [x for x in _chain(text, frags) if not within.overlaps(x.start, x.end)]
    stop = len(text) if end is None else end
    return [_deadline(text, x) for x in exprs] + within.inside(start, stop)


def _chain(text: str, frags: list[Fragment]) -> list[Expression]:
    """Concatenate adjacent fragments, then pair the chains into ranges and lists.

    Example: fragments of "4月24日—25日" → one Expression(4月24日, to=4月25日).
    """
    # 1. concatenation of adjacent compatible fragments
    chains: list[tuple[int, int, TimeSpec, list[str], bool]] = []
    for f in frags:
        if chains:
            s, e, spec, rules, weak = chains[-1]
            if _glue_ok(text, e, f.start):
                merged = spec.merge(f.spec)
                if merged is not None:
                    chains[-1] = (s, f.end, merged, rules + [f.rule], False)
                    continue
        chains.append((f.start, f.end, f.spec, [f.rule], f.weak))
    # A trailing bracketed weekday "(星期三)" is absorbed including its ")".
    fixed = []
    for s, e, spec, rules, weak in chains:
        m = re.match(r"[ \t]*[)）]", text[e:e + 3])
        if m and ("(" in text[s:e] or "（" in text[s:e]):
            e += m.end()
        fixed.append((s, e, spec, rules, weak))
    chains = _drop_second_names(text, fixed)
    # Drop weak chains that stayed alone (一点, 上午 with nothing else is kept
    # only when attached to something).
    strong = [c for c in chains if not c[4]]
    # 2. ranges and lists
    exprs: list[Expression] = []
    i = 0
    while i < len(strong):
        s, e, spec, rules, _ = strong[i]
        if i + 1 < len(strong):
            s2, e2, spec2, rules2, _ = strong[i + 1]
            gap = text[e:s2]
            if _connector_re().match(gap) and _range_ok(spec, spec2):
                exprs.append(Expression(s, e2, spec, _inherit(spec, spec2), None, tuple(rules + ["range"] + rules2)))
                i += 2
                continue
            if _LIST_SEP.match(gap) and spec.day is not None and spec2.level()[0] == 3 and spec2.day is not None:
                exprs.append(Expression(s, e, spec, None, None, tuple(rules)))
                exprs.append(Expression(s2, e2, _inherit(spec, spec2), None, None, tuple(rules2 + ["list"])))
                i += 2
                continue
        exprs.append(Expression(s, e, spec, None, None, tuple(rules)))
        i += 1
    return exprs


def _drop_second_names(
    text: str, chains: list[tuple[int, int, TimeSpec, list[str], bool]]
) -> list[tuple[int, int, TimeSpec, list[str], bool]]:
    """1月24日(大年三十)——1月26日(正月初二): a festival in brackets right after a
    date names that day again; it joins the date (with its ")") so ranges see
    through it.

    Example: "1月24日(除夕)至1月26日" → one range 1月24日..1月26日.
    """
    out: list[tuple[int, int, TimeSpec, list[str], bool]] = []
    for chain in chains:
        s, e, spec, rules, weak = chain
        if out and spec.festival is not None and spec.hour is None:
            ps, pe, pspec, prules, pweak = out[-1]
            if pspec.has_date() and pspec.festival is None and re.fullmatch(r"[ \t]*[(（][ \t]*", text[pe:s]):
                close = re.match(r"[ \t]*[)）]", text[e:e + 3])
                out[-1] = (ps, e + close.end() if close else e, pspec, prules, pweak)
                continue
        out.append(chain)
    return out


def _range_ok(a: TimeSpec, b: TimeSpec) -> bool:
    """Whether B can be the end of a range starting at A."""
    if a.hour is not None and b.hour is None and b.level()[0] >= 3 and not b.has_date():
        return False
    # The end must not be coarser than needed: 9:00至11:00, 24日—25日, 5月30日—6月8日.
    return b.level()[1] >= 3 or (a.level()[1] == b.level()[1])


def _inherit(a: TimeSpec, b: TimeSpec) -> TimeSpec:
    """Fill the end's missing coarse fields from the start (25日 after 4月24日)."""
    coarse_b = b.level()[0]
    changes = {}
    for name, lvl in _LEVELS.items():
        if lvl < coarse_b and not _is_set(b, name) and _is_set(a, name):
            if name == "weekday" or name == "part" and b.hour is None:
                continue
            changes[name] = getattr(a, name)
    # 上午9:00—11:00 keeps the part for the end; 下午2时至5时 likewise.
    if b.part is None and b.hour is not None and a.part is not None and "part" not in changes:
        changes["part"] = a.part
    if b.weekday is not None and b.day is None and a.day is not None:
        changes.pop("day", None)
    return replace(b, **changes)


@cache
def _deadline_prefix() -> re.Pattern[str]:
    return re.compile(rf"(?:{alternation(lexicon().deadline_prefixes)})\s*$")


@cache
def _deadline_suffix() -> re.Pattern[str]:
    return re.compile(rf"\s*(?:{alternation(lexicon().deadline_suffixes)})")


def _deadline(text: str, x: Expression) -> Expression:
    if x.spec is None or not (x.spec.has_date() or x.spec.month_end or x.spec.year_end):
        return x
    lex = lexicon()
    pre = _deadline_prefix().search(text, max(0, x.start - 4), x.start)
    if pre is not None and pre.end() == x.start:
        return replace(x, start=pre.start(), deadline=Deadline("before", text=pre[0]), rules=x.rules + ("deadline_prefix",))
    suf = _deadline_suffix().match(text, x.end)
    if suf is not None and x.to is None:
        after = text[suf.end():suf.end() + 1]
        if after not in lex.deadline_suffix_blockers:
            return replace(x, end=suf.end(), deadline=Deadline("before", text=suf[0]), rules=x.rules + ("deadline_suffix",))
    return x


# "\s*(?:个\s*)?" rather than "\s*(个)?\s*": the same strings, but two
# adjacent "\s*" would try every split of a long whitespace run (quadratic).
_WITHIN = re.compile(rf"(?=[\d〇零○一二两三四五六七八九十])(?<![\d.])(\d{{1,3}}|{CN}{{1,3}})\s*(?:(个)\s*)?(工作日|自然日|日|天)\s*(?:内|以内|之内)")


def _within_days(text: str) -> list[Expression]:
    """Every "N天内" / "N个工作日内" deadline of the whole text, in order.

    Example: _within_days("须在3个工作日内办结")[0].deadline == Deadline("within_workdays", 3, "3个工作日内").
    """
    out = []
    blocked = lexicon().false_positive
    for m in _WITHIN.finditer(text):
        if blocked.search(text, max(0, m.start() - 4), m.end()) and "工作日" not in m[0]:
            continue
        try:
            n = cn_to_int(m[1])
        except ValueError:
            continue  # 十十日内 is no number of days
        kind = "within_workdays" if m[3] == "工作日" else "within_days"
        out.append(Expression(m.start(), m.end(), None, None, Deadline(kind, n, m[0]), ("within_" + ("workdays" if kind == "within_workdays" else "days"),)))
    return out


@dataclass(frozen=True)
class PageDeadlines:
    """A page's "N天内" deadlines with position lookups in O(log n).

    The scan finds non-overlapping matches left to right, so both the starts
    and the ends are increasing and can be bisected.

    Example: for "3天内办结，5日内答复" inside(0, 5) holds 3天内 only.
    """

    items: tuple[Expression, ...]
    starts: tuple[int, ...]
    ends: tuple[int, ...]

    @classmethod
    def scan(cls, text: str) -> "PageDeadlines":
        """Scan ``text`` once.

        Example: PageDeadlines.scan("须在3个工作日内办结").starts == (2,).
        """
        items = tuple(_within_days(text))
        return cls(items, tuple(x.start for x in items), tuple(x.end for x in items))

    def overlaps(self, start: int, end: int) -> bool:
        """Whether a deadline overlaps ``[start, end)``.

        Example: in "须在3个工作日内办结" overlaps(2, 4) is True (the 3个).
        """
        # The first deadline ending after ``start`` is the only candidate.
        i = bisect.bisect_right(self.ends, start)
        return i < len(self.items) and self.starts[i] < end

    def inside(self, start: int, end: int) -> list[Expression]:
        """The deadlines lying wholly inside ``[start, end)``.

        Example: in "须在3个工作日内办结" inside(0, 9) holds 3个工作日内, inside(3, 9) nothing.
        """
        first = bisect.bisect_left(self.starts, start)
        stop = bisect.bisect_right(self.ends, end)
        return list(self.items[first:stop])


_LAST_PAGE = threading.local()


def page_deadlines(text: str) -> PageDeadlines:
    """The deadlines of ``text``, scanned once per page and thread.

    An article is scanned as a stretch of its page, so the page is the same
    object for every article: the last page seen by each thread is kept and
    recognised by identity (an O(1) test, exact since strings are immutable).

    Example: page_deadlines(page) is page_deadlines(page) → True.
    """
    last = getattr(_LAST_PAGE, "entry", None)
    if last is not None and last[0] is text:
        return last[1]
    found = PageDeadlines.scan(text)
    _LAST_PAGE.entry = (text, found)
    return found


def scan_expressions(text: str, start: int = 0, end: int | None = None) -> list[Expression]:
    """All time expressions in ``text[start:end]``, sorted by position.

    Work on the whole page (the deadline scan) is done once per page, so
    scanning every article of a page stays linear in the page size.

    Example: scan_expressions("须在3个工作日内办结") → [Expression(deadline=within_workdays 3)].
    """
    exprs = combine(text, fragments(text, start, end), start, end)
    if end is not None or start:
        exprs = [x for x in exprs if start <= x.start and x.end <= (end if end is not None else len(text))]
    return sorted(exprs, key=lambda x: (x.start, -x.end))


def iter_rule_names() -> Iterator[str]:
    """Names of every atomic rule and combinator (for the coverage meta test)."""
    yield from _RULES
    yield from ("range", "list", "deadline_prefix", "deadline_suffix", "within_days", "within_workdays")
