"""The scan passes over numbers no rule goes on from (12345热线, 2000万元), and over no
number a rule starts at: wherever a rule matches at a number's first digit, the
guard stops there."""

from __future__ import annotations

import random
import re

from notices import rules
from notices.lexicon import digit_run_followers

_BITS = [
    "2024", "12345", "2000", "9", "05", "20", "1", "30", " ", "年", "月", "日", "号", ":", "：", ".", "-", "/",
    "—", "~", "至", "到", "从", "自", "点", "时", "半", "分", "个", "工作日", "天", "小时", "后", "前", "万元",
    "热线", "政", "届", "楼", "底", "旬", "世纪", "年代", "季度", "pm", "第", "上午", "。", "，",
]


def _rule_starts(text: str, at: int) -> list[str]:
    return [r.name for r in rules.registered_rules() if (m := re.compile(r.pattern).match(text, at)) and m.end() > at]


def test_the_guard_stops_at_every_number_a_rule_starts_at() -> None:
    guard, _ = rules._dispatch()
    rng = random.Random(13)
    checked = 0
    for _ in range(8_000):
        text = "".join(rng.choice(_BITS) for _ in range(rng.randint(1, 8)))
        for at, ch in enumerate(text):
            if "0" <= ch <= "9" and not (at and "0" <= text[at - 1] <= "9"):
                starts = _rule_starts(text, at)
                if starts:
                    checked += 1
                    assert guard.match(text, at) is not None, (text, at, starts)
    assert checked > 300


def test_numbers_no_rule_goes_on_from_are_passed_over() -> None:
    guard, _ = rules._dispatch()
    for text in ("拨打12345热线反映", "投入资金2000万元", "第3届", "共120人参加"):
        assert all(guard.match(text, at) is None for at, ch in enumerate(text) if ch.isdigit()), text
    for text, at in (("5月8日", 0), ("2024年", 0), ("9:30", 0), ("3个工作日内", 0), ("至2025", 1)):
        assert guard.match(text, at) is not None, text


def test_digit_run_followers() -> None:
    assert digit_run_followers(r"(\d{1,2})\s*(?:时|点)") == frozenset(" \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000时点")
    assert digit_run_followers(r"(\d{4})(?=\s*年)") is not None and "年" in digit_run_followers(r"(\d{4})(?=\s*年)")  # type: ignore[operator]
    assert digit_run_followers(r"((?:19|20)\d{2})(?!年)") is None  # may end on its digits
    assert digit_run_followers(r"\d+[^年]") is None  # what follows cannot be listed


def test_within_deadlines_found_from_their_ends_are_the_plain_scan() -> None:
    bits = ["3", "12", "1234", ".", "三", "十", "二十", "个", " ", "\t", "　", "工作日", "自然日", "日", "天", "内",
            "以内", "之内", "日内瓦", "当天", "办结", "，", "。", "天天", "号", "内容", "\n"]
    rng = random.Random(3)
    for _ in range(20_000):
        text = "".join(rng.choice(bits) for _ in range(rng.randint(0, 12)))
        assert [m.span() for m in rules._within_matches(text)] == [m.span() for m in rules._WITHIN.finditer(text)], text
    page = "请于3日内答复。逾期未答复的，视为同意；承办单位须在十 个 工作日以内办结，当天内容不变。"
    assert [m[0] for m in rules._within_matches(page)] == ["3日内", "十 个 工作日以内"]


def test_the_guard_in_groups_stops_where_all_its_branches_in_one_would() -> None:
    branches = rules._guard_branches()
    assert branches is not None
    heads = frozenset().union(*(h for h, _ in branches))
    flat = re.compile(f"(?={rules._char_class(set(heads))})(?:" + "|".join(b for _, b in branches) + ")")
    guard, _ = rules._dispatch()
    assert guard.pattern != flat.pattern
    rng = random.Random(17)
    chars = sorted(heads) + ["市", "步", "国", "恩", "节", "周", "月", "日", "号", " ", "。"]
    for _ in range(2_000):
        text = "".join(rng.choice(chars + _BITS) for _ in range(rng.randint(1, 20)))
        assert [m.start() for m in guard.finditer(text)] == [m.start() for m in flat.finditer(text)], text


def test_the_two_character_table_misses_no_rule_at_any_end_of_a_stretch() -> None:
    """A stretch may end one character after a place (a one-character key):
    the table then tries only rules that may end there, and must find what
    every rule together finds within the same bounds."""
    from pathlib import Path

    from notices.corpus import read_corpus
    from notices.text import fold

    master = re.compile("|".join(f"(?P<r{i}>{r.pattern})" for i, r in enumerate(rules.registered_rules())))
    phrases = [c.phrase for c in read_corpus(Path(__file__).parent / "corpus" / "time.corpus")]
    phrases += ["下一步将于下周三举行", "增长5.8%,5.8举行", "二九号报告厅", "年底前", "明年", "下午", "19日"]
    false_positive = rules.lexicon().false_positive
    checked = 0
    for phrase in phrases:
        folded = fold(phrase)
        for stop in range(1, len(folded) + 1):
            want = {(m.start(), m.end(), rules.registered_rules()[int(m.lastgroup[1:])].name)  # type: ignore[index]
                    for m in master.finditer(folded, 0, stop) if m.end() > m.start()}
            got = {(f.start, f.end, f.rule) for f in rules.fragments(folded, 0, stop)}
            assert got <= want, (folded, stop)
            for a, b, name in want - got:
                rule = next(r for r in rules.registered_rules() if r.name == name)
                refused = False
                try:
                    rule.production(re.compile(rule.pattern).match(folded, a, stop))  # type: ignore[arg-type]
                except (rules.Reject, ValueError):
                    refused = True
                assert refused or rules._blocked(false_positive, folded, a, b), (folded, stop, name)
            checked += len(got)
    assert checked > 4_000
