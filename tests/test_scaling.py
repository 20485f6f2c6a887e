"""Page-wide work is done once per page, and the lookups that replace it agree with a plain scan.

No timings here (see ``bench/bench_scaling.py``): the page-wide deadline scan
is counted in characters, so running it once per article fails the test.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from datetime import datetime

import pytest

from notices import mention_filters, rules
from notices.articles import split_articles
from notices.extract import extract_document
from notices.model import SHANGHAI
from notices.rules import PageDeadlines, scan_expressions
from notices.text import fold, normalize

PUBLISHED = datetime(2023, 4, 26, tzinfo=SHANGHAI)

# Our own sentences; every article has a deadline so every article is scanned.
_ARTICLE = (
    "第{n}期活动通知\n"
    "本报讯 (记者 李{n})\n"
    "市自来水公司将于5月{d}日上午9:00至下午17:00对城东片区停水。\n"
    "承办单位接到工单后,须在{k}个工作日内办结。\n"
)


def _page(articles: int) -> str:
    return "2023年4月26日 星期三\n" + "".join(
        _ARTICLE.format(n=i, d=1 + i % 28, k=1 + i % 9) for i in range(articles)
    )


@pytest.fixture
def scanned_chars(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The length of every text the page-wide deadline scan is run on."""
    sizes: list[int] = []
    original = rules._within_days

    def counting(text: str) -> list[rules.Expression]:
        sizes.append(len(text))
        return original(text)

    monkeypatch.setattr(rules, "_within_days", counting)
    return sizes


def test_extraction_scans_the_page_for_deadlines_once(scanned_chars: list[int]) -> None:
    page = _page(40)
    doc = extract_document(page, source="page.txt", published=PUBLISHED)
    assert len(doc.articles) >= 40
    # Once per page (or per article on its own stretch): never page × articles.
    assert sum(scanned_chars) <= 2 * len(page)


def test_scanning_every_article_scans_the_page_once(scanned_chars: list[int]) -> None:
    text = normalize(_page(40)).text
    for art in split_articles(text):
        scan_expressions(text, art.start, art.end)
    assert sum(scanned_chars) <= 2 * len(text)


def _random_text(rng: random.Random) -> str:
    bits = ["3天内", "3个\n工作日内", "十日内", "5月3日", "至", "  ", "\n", "\n\n", "。", "办结", "本报讯 ", "7", "日", "内"]
    return "".join(rng.choice(bits) for _ in range(rng.randint(1, 40)))


def test_deadline_lookups_agree_with_a_plain_scan() -> None:
    rng = random.Random(1)
    for _ in range(300):
        text = _random_text(rng)
        found = PageDeadlines.scan(text)
        for _ in range(10):
            a = rng.randint(0, len(text))
            b = rng.randint(a, len(text))
            assert found.inside(a, b) == [w for w in found.items if a <= w.start and w.end <= b]
            assert found.overlaps(a, b + 1) == any(w.start < b + 1 and a < w.end for w in found.items)


def test_results_do_not_depend_on_the_page_seen_before() -> None:
    rng = random.Random(2)
    texts = [_random_text(rng) for _ in range(50)]
    cold = [scan_expressions(t, 1, len(t) - 1) for t in texts]
    for t, expected in zip(texts, cold):
        scan_expressions(t)  # the same page, seen just before
        assert scan_expressions(t, 1, len(t) - 1) == expected
        copy = "".join(list(t))  # equal text, another object
        assert scan_expressions(copy, 1, len(copy) - 1) == expected


def test_fold_replaces_each_character_once_as_a_translation_would() -> None:
    # 薴 folds to 苧, which folds to 苎: each original character moves one step only.
    from notices.text import _FOLD

    rng = random.Random(5)
    bits = ["薴", "苧", "，", "（", "）", "　", "會議", "１２：３０", "市民", "\n3.7月28日"]
    for _ in range(300):
        raw = "".join(rng.choice(bits) for _ in range(rng.randint(1, 12)))
        assert fold(raw) == fold_by_translation(raw, _FOLD)
    assert fold("薴苧，（會議）") == "苧苎,(会议)"


def fold_by_translation(raw: str, table: dict[int, int]) -> str:
    """What fold gives, the slow way: translate every character, then the list dot."""
    import re

    return re.sub(r"(?m)^([ \t]*\d{1,2})\.(?=[ \t]*\d{1,2}[ \t]*月[ \t]*\d{1,2}[ \t]*[日号])", "\\1、", raw.translate(table))


def test_to_original_maps_every_character_back() -> None:
    rng = random.Random(3)
    long_line = "会议强调要深入学习贯彻有关精神坚持稳中求进推动高质量发展各级各部门要压实工作责任"
    bits = [long_line, "高度统一思想。", "\n", "\n\n", "\n \n", "４月２６日", "本报讯 ", "一、要求"]
    for _ in range(200):
        raw = "".join(rng.choice(bits) for _ in range(rng.randint(1, 30)))
        norm = normalize(raw)
        folded = fold(raw)
        assert all(folded[norm.to_original(i)] == ch for i, ch in enumerate(norm.text))


class _CountingPattern:
    """A compiled pattern that records how many characters each ``finditer`` reads."""

    def __init__(self, pattern: re.Pattern[str], sizes: list[int]) -> None:
        self.pattern, self.sizes = pattern, sizes

    def finditer(self, text: str, start: int = 0, end: int | None = None) -> Iterator[re.Match[str]]:
        stop = len(text) if end is None else end
        self.sizes.append(stop - start)
        return self.pattern.finditer(text, start, stop)


def test_the_weekly_table_check_reads_each_article_once(monkeypatch: pytest.MonkeyPatch) -> None:
    # every article has times, so each runs the check; it must read its own stretch, not the page
    sizes: list[int] = []
    monkeypatch.setattr(mention_filters, "_WEEKDAY_LINE", _CountingPattern(mention_filters._WEEKDAY_LINE, sizes))
    page = _page(40)
    doc = extract_document(page, source="page.txt", published=PUBLISHED)
    assert len(doc.articles) >= 40 and len(sizes) >= 40
    assert sum(sizes) <= 2 * len(page)
