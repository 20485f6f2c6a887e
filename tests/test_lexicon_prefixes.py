"""The prefixes a rule's pattern may start with, read off its parse, agree with a plain
re-reading that measures every prefix after every step (the way they were first read)."""

from __future__ import annotations

from re import _constants as c

import pytest

from notices import rules
from notices.lexicon import _class_set, _parsed, _prefixes, start_tails


def _plain(items: list[tuple[object, object]], found: set[str], need: int, cap: int) -> set[str] | None:
    """The slow way: one set of prefixes, split by length after every item."""
    done = {p for p in found if len(p) >= need}
    current: set[str] | None = found - done
    for op, av in items:
        if not current:
            break
        if op in (c.ASSERT, c.ASSERT_NOT, c.AT):
            continue
        if op is c.LITERAL or op is c.IN:
            chars = {chr(av)} if op is c.LITERAL else _class_set(av)  # type: ignore[arg-type]
            if chars is None:
                return None
            current = {p + ch for p in current for ch in chars}
        elif op is c.SUBPATTERN:
            current = _plain(av[3], current, need, cap)  # type: ignore[index]
        elif op is c.BRANCH:
            merged: set[str] = set()
            for branch in av[1]:  # type: ignore[index]
                sub = _plain(branch, current, need, cap)
                if sub is None:
                    return None
                merged |= sub
            current = merged
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
            low, high, sub_items = av  # type: ignore[misc]
            result = set(current) if low == 0 else set()
            step: set[str] | None = current
            for k in range(1, need + 1):
                step = _plain(sub_items, step, need, cap)
                if step is None:
                    return None
                if k >= low:
                    result |= step
                if k >= high:
                    break
            if low > need:
                result = {p for p in step or set() if len(p) >= need}
            current = result
        else:
            return None
        if current is None:
            return None
        finished = {p for p in current if len(p) >= need}
        done |= finished
        current -= finished
        if len(done) + len(current) > cap:
            return None
    return done | (current or set())


OWN = [
    "民国|感恩节", r"(\d)(?=点)", "早|早上", r"\s*年", r"(?:下|本|上)\s*(?:周|星期)[一二三四五六日]",
    r"[0-9]{1,2}月(?:[0-9]{1,2}[日号])?", r"(?:元旦|春节){1,3}假期?", r"第?[一二三]季度",
]


@pytest.mark.parametrize("pattern", OWN + [r.pattern for r in rules.registered_rules()])
def test_prefixes_agree_with_the_plain_reading(pattern: str) -> None:
    items = _parsed(pattern)
    for need, cap in ((1, 1_500), (2, 1_500), (3, 1_500), (2, 50_000), (3, 40)):
        assert _prefixes(items, {""}, need, cap) == _plain(items, {""}, need, cap), (pattern, need, cap)
    assert _prefixes(items, {"甲", "乙丙"}, 2, 1_500) == _plain(items, {"甲", "乙丙"}, 2, 1_500)


def test_start_tails_of_our_own_words() -> None:
    assert start_tails("民国|感恩节") == {"民": frozenset({"国"}), "感": frozenset({"恩节"})}
    assert start_tails("早|早上") == {"早": None}
    assert start_tails(r"第?[一二]季度", 2) == {"第": frozenset({"一", "二"}), "一": frozenset({"季"}), "二": frozenset({"季"})}
