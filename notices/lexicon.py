"""Loads and validates the data files once: the time lexicon and the kinds.

Example: lexicon().parts_of_day["下午"] == "afternoon".
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

_PARTS = {"early", "morning", "noon", "afternoon", "evening", "allday"}
_UNITS = {"second", "minute", "hour", "day", "week", "month", "year", "workday"}
_WINDOW_HOW = {"whole", "rolling", "instant", "tail"}


@dataclass(frozen=True)
class Lexicon:
    """The word lists of ``data/lexicon.toml``, checked."""

    weekdays: dict[str, int]
    week_prefixes: dict[str, int]
    relative_days: dict[str, tuple[int, str]]
    parts_of_day: dict[str, str]
    part_hours: dict[str, tuple[int, int, int]]
    relative_months: dict[str, int]
    relative_years: dict[str, int]
    context_years: dict[str, int]
    context_months: dict[str, int]
    range_connectors: tuple[str, ...]
    between_connectors: tuple[str, ...]
    between_after: tuple[str, ...]
    openers: tuple[str, ...]
    between_openers: tuple[str, ...]
    since_after: tuple[str, ...]
    closers: tuple[str, ...]
    approx_before: tuple[str, ...]
    approx_after: tuple[str, ...]
    now_words: tuple[str, ...]
    units: dict[str, str]
    duration_prefixes: tuple[str, ...]
    offset_after: tuple[str, ...]
    offset_before: tuple[str, ...]
    windows: dict[str, tuple[int, str]]
    deadline_prefixes: tuple[str, ...]
    deadline_suffixes: tuple[str, ...]
    deadline_suffix_blockers: frozenset[str]
    past_cues: tuple[str, ...]
    future_cues: tuple[str, ...]
    false_positive: re.Pattern[str]
    part_windows: dict[str, tuple[int, int]] = field(default_factory=dict)
    """Part-of-day word or part name → (first hour, end hour exclusive): 晚上 → (18, 24)."""
    day_runs: dict[str, int] = field(default_factory=dict)
    """今明 → 0, 明后 → 1: the first day of 今明两天, 明后两天 counted from the reference day."""
    relative_quarters: dict[str, int] = field(default_factory=dict)
    """本季度 → 0, 下个季度 → 1: quarters from the reference's own."""


@dataclass(frozen=True)
class KindSpec:
    """One event kind from ``data/kinds.toml``.

    Example: KindSpec(name="hotline", label="热线问政", triggers=("热线问政", …), …).
    """

    name: str
    label: str
    triggers: tuple[str, ...]
    cues: tuple[str, ...]
    not_triggers: tuple[str, ...]
    default_minutes: int
    reminder_minutes: int
    priority: int


def _read(name: str) -> dict[str, Any]:
    data = resources.files("notices").joinpath("data", name).read_text(encoding="utf-8")
    return tomllib.loads(data)


def alternation(words: list[str] | tuple[str, ...] | set[str]) -> str:
    """A regex alternation of literal words, longest first.

    Example: alternation(["下", "下下"]) == "下下|下".
    """
    return "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))


def word_trie(words: list[str] | tuple[str, ...] | set[str] | frozenset[str]) -> str:
    """The regex :func:`alternation` writes, as a trie: the same words tried in
    the same order (at a place, the longest that fits first), but the engine
    follows one branch per character instead of trying every word in turn.

    Only for patterns matched case-sensitively (there, the words that fit at a
    place are prefixes of one another, and a longer one is always tried first).

    Example: word_trie(["会议", "会议室", "听证会"]) == "(?:会议(?:室)?|听证会)".
    """
    root: dict[str, Any] = {}
    for word in set(words):
        node = root
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}  # a word ends here

    def branch(node: dict[str, Any]) -> str:
        ways = [re.escape(ch) + branch(node[ch]) for ch in sorted(node) if ch]
        if not ways:
            return ""
        body = ways[0] if len(ways) == 1 else "(?:" + "|".join(ways) + ")"
        return f"(?:{body})?" if "" in node else body

    top = branch(root)
    return top if top.startswith("(?:") or not top else f"(?:{top})"


_SPACES = "".join(chr(cp) for cp in range(0x3001) if chr(cp).isspace())


@cache
def _parsed(pattern: str) -> list[tuple[object, object]]:
    """The standard library parser's reading of ``pattern`` (read only; parsed once)."""
    from re import _parser

    return list(_parser.parse(pattern))


def _first_set(items: list[tuple[object, object]]) -> tuple[set[str] | None, bool]:
    """The characters a parsed regex may start with (None: any) and whether it may match empty.

    Zero-width assertions are skipped; a class with a category other than
    \\d, a negation or a wide range gives None.  Used only to skip rules that
    cannot start at a position, so a superset is always safe.
    """
    from re import _constants as c  # the parser's own opcodes

    found: set[str] = set()
    for op, av in items:
        first: set[str] | None
        nullable = False
        if op is c.LITERAL:
            first = {chr(av)}  # type: ignore[arg-type]
        elif op is c.IN:
            first = set()
            for op2, av2 in av:  # type: ignore[union-attr]
                if op2 is c.LITERAL:
                    first.add(chr(av2))
                elif op2 is c.RANGE and av2[1] - av2[0] < 256:
                    first.update(chr(x) for x in range(av2[0], av2[1] + 1))
                elif op2 is c.CATEGORY and av2 is c.CATEGORY_DIGIT:
                    first.update("0123456789")
                elif op2 is c.CATEGORY and av2 is c.CATEGORY_SPACE:
                    first.update(_SPACES)
                else:
                    first = None
                    break
        elif op is c.SUBPATTERN:
            first, nullable = _first_set(av[3])  # type: ignore[index]
        elif op is c.BRANCH:
            first, nullable = set(), False
            for branch in av[1]:  # type: ignore[index]
                sub, sub_nullable = _first_set(branch)
                if sub is None:
                    first = None
                    break
                first |= sub
                nullable = nullable or sub_nullable
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
            first, nullable = _first_set(av[2])  # type: ignore[index]
            nullable = nullable or av[0] == 0  # type: ignore[index]
        elif op in (c.ASSERT, c.ASSERT_NOT, c.AT):
            first, nullable = set(), True
        else:
            first = None
        if first is None:
            return None, False
        found |= first
        if not nullable:
            return found, False
    return found, True


def _class_set(av: list[tuple[object, object]]) -> set[str] | None:
    """The characters of a parsed class, or None when it is too wide to list.

    Example: the class of [周星礼] → {"周", "星", "礼"}; \\w → None.
    """
    from re import _constants as c

    chars: set[str] = set()
    for op, arg in av:
        if op is c.LITERAL:
            chars.add(chr(arg))  # type: ignore[arg-type]
        elif op is c.RANGE and arg[1] - arg[0] < 256:  # type: ignore[index]
            chars.update(chr(x) for x in range(arg[0], arg[1] + 1))  # type: ignore[index]
        elif op is c.CATEGORY and arg is c.CATEGORY_DIGIT:
            chars.update("0123456789")
        elif op is c.CATEGORY and arg is c.CATEGORY_SPACE:
            chars.update(_SPACES)
        else:
            return None
    return chars


_PREFIX_CAP = 1_500


def _prefixes(items: list[tuple[object, object]], found: set[str], need: int, cap: int = _PREFIX_CAP) -> set[str] | None:
    """Every prefix (up to ``need`` characters) of a match of ``items`` after each of ``found``.

    None when some part cannot be listed (a wide class, a back reference) or
    the prefixes are too many; "?" stands for a character that cannot be told.

    Example: the prefixes of two characters of 民国|感恩节 are {"民国", "感恩"}.
    """
    done = {p for p in found if len(p) >= need}
    current: dict[int, set[str]] = {}
    for p in found:
        if len(p) < need:
            current.setdefault(len(p), set()).add(p)
    grown = _grow(items, done, current, need, cap)
    if grown is None:
        return None
    done, current = grown
    return done.union(*current.values())


def _grow(
    items: list[tuple[object, object]], done: set[str], current: dict[int, set[str]], need: int, cap: int
) -> tuple[set[str], dict[int, set[str]]] | None:
    """:func:`_prefixes` on prefixes kept apart: ``done`` already ``need`` long
    (they pass every later item unchanged), ``current`` shorter ones by length,
    so that no prefix is measured again.  ``done`` is the caller's to keep.
    """
    from re import _constants as c

    done = set(done)
    for op, av in items:
        if not current:
            break
        if op in (c.ASSERT, c.ASSERT_NOT, c.AT):
            continue
        if op is c.LITERAL or op is c.IN:
            chars = {chr(av)} if op is c.LITERAL else _class_set(av)  # type: ignore[arg-type]
            if chars is None:
                return None
            longer: dict[int, set[str]] = {}
            for n, prefixes in current.items():
                grown = {p + ch for p in prefixes for ch in chars}
                if n + 1 >= need:
                    done |= grown
                elif grown:
                    longer[n + 1] = grown
            current = longer
        elif op is c.SUBPATTERN:
            sub = _grow(av[3], set(), current, need, cap)  # type: ignore[index]
            if sub is None:
                return None
            done |= sub[0]
            current = sub[1]
        elif op is c.BRANCH:
            merged: dict[int, set[str]] = {}
            for branch in av[1]:  # type: ignore[index]
                sub = _grow(branch, set(), current, need, cap)
                if sub is None:
                    return None
                done |= sub[0]
                _merge(merged, sub[1])
            current = merged
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
            low, high, sub_items = av  # type: ignore[misc]
            result_done: set[str] = set()
            result: dict[int, set[str]] = {n: set(ps) for n, ps in current.items()} if low == 0 else {}
            step: tuple[set[str], dict[int, set[str]]] = (set(), current)
            for k in range(1, need + 1):
                sub = _grow(sub_items, step[0], step[1], need, cap)
                if sub is None:
                    return None
                step = sub
                if k >= low:
                    result_done |= step[0]
                    _merge(result, step[1])
                if k >= high:
                    break
            if low > need:
                result_done, result = set(step[0]), {}
            done |= result_done
            current = result
        else:
            return None
        if len(done) + sum(len(ps) for ps in current.values()) > cap:
            return None
    return done, current


def _merge(into: dict[int, set[str]], more: dict[int, set[str]]) -> None:
    for n, prefixes in more.items():
        if prefixes:
            into.setdefault(n, set()).update(prefixes)


def start_tails(pattern: str, length: int = 3, limit: int = 48) -> dict[str, frozenset[str] | None] | None:
    """For each character ``pattern`` may start with, the strings that may follow
    it, up to ``length`` characters in all (None: anything may); None when
    the pattern's starts cannot be listed.

    Lets a scanner skip a frequent first character (民 of 民国, 感 of 感恩节)
    unless what follows fits too.

    Example: start_tails("民国|感恩节") == {"民": {"国"}, "感": {"恩节"}}.
    """
    found = _prefixes(_parsed(pattern), {""}, length)
    if found is None or "" in found:
        return None
    tails: dict[str, set[str] | None] = {}
    for prefix in found:
        head, tail = prefix[0], prefix[1:]
        if "?" in tail:
            tail = tail[: tail.index("?")]
        if not tail:
            tails[head] = None  # the match may end after its first character
        elif tails.get(head, set()) is not None:
            tails.setdefault(head, set()).add(tail)  # type: ignore[union-attr]
    out: dict[str, frozenset[str] | None] = {}
    for head, rest in tails.items():
        if rest is not None and len(rest) > limit:
            rest = {t[:1] for t in rest}  # too many ways on: the next character alone
        out[head] = None if rest is None or len(rest) > limit else frozenset(rest)
    return out


def second_chars(pattern: str) -> dict[str, frozenset[str] | None] | None:
    """For each character ``pattern`` may start with, every character that may
    come second (None: the match may end after the first, or it cannot be
    told); None when the pattern's starts cannot be listed.

    A lookahead closing the pattern counts: what follows the match must fit
    it.  A superset is always safe: it only lets a scanner skip positions.

    Example: second_chars("(\\d)(?=点)") == {"0": {"点"}, …, "9": {"点"}}.
    """
    from re import _constants as c

    items = _parsed(pattern)
    ahead = None
    if items and items[-1][0] is c.ASSERT and items[-1][1][0] == 1:  # type: ignore[index]
        ahead = list(items[-1][1][1])  # type: ignore[index]
        items = items[:-1]
    found = _prefixes(items, {""}, 2, cap=50_000)
    if found is not None and ahead is not None:
        short = {p for p in found if len(p) < 2}
        more = _prefixes(ahead, short, 2, cap=50_000) if short else set()
        found = None if more is None else (found - short) | more
    if found is None or "" in found:
        return None
    out: dict[str, set[str] | None] = {}
    for prefix in found:
        head, tail = prefix[0], prefix[1:]
        if not tail or tail == "?":
            out[head] = None
        elif out.get(head, set()) is not None:
            out.setdefault(head, set()).add(tail)  # type: ignore[union-attr]
    return {head: None if rest is None else frozenset(rest) for head, rest in out.items()}


def digit_run_followers(pattern: str) -> frozenset[str] | None:
    """The characters that may come right after the opening run of digits of
    a match (the first character of the match that is no digit); None when a
    match may end inside that run or what follows it cannot be told.

    A lookahead closing the pattern counts, as what follows the match.  A
    superset is always safe: it lets a scanner pass over a number (12345,
    2000万) that no rule goes on from.

    Example: digit_run_followers("(?<!\\d)\\d{1,2}\\s*月") == frozenset(_SPACES + "月").
    """
    from re import _constants as c

    items = _parsed(pattern)
    if items and items[-1][0] is c.ASSERT and items[-1][1][0] == 1:  # type: ignore[index]
        items = items[:-1] + list(items[-1][1][1])  # type: ignore[index]
    follow, all_digits = _after_digits(items)
    return None if follow is None or all_digits else frozenset(follow)


def _after_digits(items: list[tuple[object, object]]) -> tuple[set[str] | None, bool]:
    """For a parsed sequence: the first characters other than digits it may
    match (None: any), and whether it may match digits alone (or nothing)."""
    from re import _constants as c

    found: set[str] = set()
    for op, av in items:
        follow: set[str] | None
        if op is c.LITERAL:
            ch = chr(av)  # type: ignore[arg-type]
            follow, digits = (set(), True) if ch.isdecimal() else ({ch}, False)
        elif op is c.IN:
            chars = _class_set(av)  # type: ignore[arg-type]
            if chars is None:
                return None, False
            follow = {ch for ch in chars if not ch.isdecimal()}
            digits = len(follow) < len(chars)
        elif op is c.SUBPATTERN:
            follow, digits = _after_digits(av[3])  # type: ignore[index]
        elif op is c.BRANCH:
            follow, digits = set(), False
            for branch in av[1]:  # type: ignore[index]
                sub, sub_digits = _after_digits(branch)
                if sub is None:
                    return None, False
                follow |= sub
                digits = digits or sub_digits
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
            low, high, sub_items = av  # type: ignore[misc]
            follow, digits = _after_digits(sub_items)
            digits = digits or low == 0
            if high == 0:
                follow = set()
        elif op in (c.ASSERT, c.ASSERT_NOT, c.AT):
            follow, digits = set(), True  # zero width
        else:
            return None, False
        if follow is None:
            return None, False
        found |= follow
        if not digits:
            return found, False
    return found, True


def first_chars(pattern: str) -> str | None:
    """A regex class of the characters ``pattern`` may start with, or None when it may start with anything.

    Lets a scanner skip positions where a pattern cannot begin.

    Example: first_chars("(?<!每)周[一二]") == "[周]".
    """
    first, nullable = _first_set(_parsed(pattern))
    if first is None or nullable:
        return None
    return "[" + "".join(re.escape(ch) for ch in sorted(first)) + "]"


def _guarded(pattern: str) -> re.Pattern[str]:
    """``pattern`` compiled behind a lookahead on its first characters (same matches, fewer tries).

    Example: the false positives (12345, 五一劳动奖…) are tried only where one can start.
    """
    first = first_chars(pattern)
    return re.compile(pattern if first is None else f"(?={first})(?:{pattern})")


@cache
def lexicon() -> Lexicon:
    """The time lexicon (loaded once, validated)."""
    raw = _read("lexicon.toml")
    rel_days: dict[str, tuple[int, str]] = {}
    for word, value in raw["relative_days"].items():
        offset, part = value
        if part not in _PARTS | {"", "context", "context0"}:
            raise ValueError(f"lexicon.toml: relative_days.{word}: unknown part {part!r}")
        rel_days[word] = (int(offset), str(part))
    parts = dict(raw["parts_of_day"])
    for word, part in parts.items():
        if part not in _PARTS:
            raise ValueError(f"lexicon.toml: parts_of_day.{word}: unknown part {part!r}")
    hours = {k: (int(v[0]), int(v[1]), int(v[2])) for k, v in raw["part_hours"].items()}
    missing = _PARTS - set(hours)
    if missing:
        raise ValueError(f"lexicon.toml: part_hours lacks {sorted(missing)}")
    deadline = raw["deadline"]
    units = dict(raw["durations"]["units"])
    for word, unit in units.items():
        if unit not in _UNITS:
            raise ValueError(f"lexicon.toml: durations.units.{word}: unknown unit {unit!r}")
    windows: dict[str, tuple[int, str]] = {}
    for word, (direction, how) in raw["windows"].items():
        if how not in _WINDOW_HOW or direction not in (-1, 1):
            raise ValueError(f"lexicon.toml: windows.{word}: bad value {[direction, how]!r}")
        windows[word] = (int(direction), str(how))
    connectors = raw["range_connectors"]
    return Lexicon(
        weekdays={k: int(v) for k, v in raw["weekdays"].items()},
        week_prefixes={k: int(v) for k, v in raw["week_prefixes"].items()},
        relative_days=rel_days,
        parts_of_day=parts,
        part_hours=hours,
        relative_months={k: int(v) for k, v in raw["relative_months"].items()},
        relative_years={k: int(v) for k, v in raw["relative_years"].items()},
        context_years={k: int(v) for k, v in raw["context_years"].items()},
        context_months={k: int(v) for k, v in raw["context_months"].items()},
        range_connectors=tuple(connectors["words"]),
        between_connectors=tuple(connectors["between"]),
        between_after=tuple(connectors["between_after"]),
        openers=tuple(connectors["openers"]),
        between_openers=tuple(connectors["between_openers"]),
        since_after=tuple(connectors["since_after"]),
        closers=tuple(connectors["closers"]),
        approx_before=tuple(raw["approximate"]["before"]),
        approx_after=tuple(raw["approximate"]["after"]),
        now_words=tuple(raw["now"]["words"]),
        units=units,
        duration_prefixes=tuple(raw["durations"]["prefixes"]),
        offset_after=tuple(raw["offsets"]["after"]),
        offset_before=tuple(raw["offsets"]["before"]),
        windows=windows,
        deadline_prefixes=tuple(deadline["prefixes"]),
        deadline_suffixes=tuple(deadline["suffixes"]),
        deadline_suffix_blockers=frozenset(deadline["suffix_blockers"]),
        past_cues=tuple(raw["past_cues"]["words"]),
        future_cues=tuple(raw["future_cues"]["words"]),
        false_positive=_guarded("|".join(f"(?:{p})" for p in raw["false_positives"]["patterns"])),
        part_windows=_part_windows(raw["part_windows"], parts),
        day_runs={str(k): int(v) for k, v in raw["day_runs"].items()},
        relative_quarters={str(k): int(v) for k, v in raw["relative_quarters"].items()},
    )


def _part_windows(raw: dict[str, dict[str, list[int]]], parts: dict[str, str]) -> dict[str, tuple[int, int]]:
    """The ``[part_windows]`` table, checked: words of ``parts_of_day`` or part names, hours in order.

    Example: {"晚上": (18, 24), "evening": (18, 24), …}.
    """
    out: dict[str, tuple[int, int]] = {}
    for key, (first, end) in {**raw["words"], **raw["parts"]}.items():
        if key not in parts and key not in _PARTS:
            raise ValueError(f"lexicon.toml: part_windows.{key}: not a part of day")
        if not 0 <= first < end <= 24:
            raise ValueError(f"lexicon.toml: part_windows.{key}: bad hours {[first, end]!r}")
        out[key] = (int(first), int(end))
    return out


@cache
def kinds() -> tuple[KindSpec, ...]:
    """All event kinds, highest priority first."""
    raw = _read("kinds.toml")["kind"]
    allowed = {"label", "triggers", "cues", "default_minutes", "reminder_minutes", "priority", "not_triggers"}
    specs = []
    for name, table in raw.items():
        unknown = set(table) - allowed
        if unknown:
            raise ValueError(f"kinds.toml: kind.{name}: unknown keys {sorted(unknown)}")
        specs.append(
            KindSpec(
                name=name,
                label=table["label"],
                triggers=tuple(table["triggers"]),
                cues=tuple(table.get("cues", ())),
                not_triggers=tuple(table.get("not_triggers", ())),
                default_minutes=int(table["default_minutes"]),
                reminder_minutes=int(table["reminder_minutes"]),
                priority=int(table["priority"]),
            )
        )
    return tuple(sorted(specs, key=lambda s: -s.priority))


def kind_spec(name: str) -> KindSpec:
    """The spec of one kind by name (KeyError if unknown)."""
    for spec in kinds():
        if spec.name == name:
            return spec
    raise KeyError(name)
