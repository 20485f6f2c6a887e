"""Extraction time against page size: a page of N articles, one of 10×N, one long line.

Run with ``make bench`` (all benchmarks) or ``python -m bench.bench_scaling``
(``--articles N``, ``--line-chars C``, ``--repeats R`` to change the sizes).
Target (issues 10 and 11): extraction is linear in the page size, so ten
times the text takes about ten times as long; a ratio near 100 means the
work per article grows with the page (quadratic).  Both sizes of a pair are
timed in the same run, so the ratio does not depend on this machine's speed.
"""

from __future__ import annotations

import argparse
import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from notices.extract import extract_document
from notices.model import SHANGHAI

ARTICLES = 300
LINE_CHARS = 20_000
REPEATS = 2
PUBLISHED = datetime(2023, 4, 26, tzinfo=SHANGHAI)

# Our own paragraphs in the genre; {m}/{d}/{e}/{n}/{w} vary from article to article.
_HEADLINES = [
    "城东片区{m}月{d}日停水",
    "第{n}期“热线问政”今日举行",
    "市政府新闻办将召开新闻发布会",
    "“湘江印象”书画展开展",
]
_EVENTS = [
    "市自来水公司将于{m}月{d}日上午9:00至下午17:00对城东片区停水,请居民提前储水。",
    "市政府新闻办定于{m}月{d}日(星期{w})下午3时召开新闻发布会,请于{m}月{e}日前报名。",
    "承办单位接到工单后,须在{n}个工作日内办结,逾期未办结的将予以通报。",
    "书画展将于{m}月{d}日——{m}月{e}日在市博物馆一楼展厅展出,为期{n}天。",
    "下周三上午十点,第{n}期热线问政活动举行,市民可拨打12345热线反映诉求。",
]
_FILLER = [
    "会议要求,各单位要压实工作责任,确保各项任务按时保质完成。",
    "今年一季度,全市规模以上工业增加值增长5.8%,经济运行稳中有进。",
    "据了解,该项目总投资约2000万元,建成后将惠及周边3万余名居民。",
]


def _fill(template: str, rng: random.Random) -> str:
    """One template with a random but valid date, number and weekday.

    Example: _fill("{m}月{d}日停水", rng) == "5月20日停水" for some seed.
    """
    m, d = rng.randint(1, 12), rng.randint(1, 26)
    return template.format(m=m, d=d, e=d + 2, n=rng.randint(1, 20), w="一二三四五六日"[rng.randint(0, 6)])


def _article(rng: random.Random) -> list[str]:
    """The lines of one article: headline, dateline, six body sentences.

    Example: ["第7期“热线问政”今日举行", "本报讯 (记者 李42)", "市自来水公司将于…", …].
    """
    lines = [_fill(rng.choice(_HEADLINES), rng), f"本报讯 (记者 李{rng.randint(1, 99)})"]
    for _ in range(6):
        pool = _EVENTS if rng.random() < 0.5 else _FILLER
        lines.append(_fill(rng.choice(pool), rng))
    return lines


def make_page(articles: int, seed: int = 3) -> str:
    """A newspaper page of ``articles`` articles, one line per headline and sentence.

    Example: make_page(2) starts with the page date "2023年4月26日 星期三".
    """
    rng = random.Random(seed)
    lines = ["2023年4月26日 星期三"]
    for _ in range(articles):
        lines.extend(_article(rng))
    return "\n".join(lines) + "\n"


def make_line(chars: int, seed: int = 5) -> str:
    """One line of about ``chars`` characters with no newline at all (a flattened page).

    Example: "\\n" not in make_line(5000).
    """
    rng = random.Random(seed)
    parts: list[str] = []
    size = 0
    while size < chars:
        part = "".join(_article(rng))
        parts.append(part)
        size += len(part)
    return "".join(parts)[:chars]


@dataclass(frozen=True)
class Timing:
    """The best time of a few extractions of one text.

    Example: Timing(chars=100_000, seconds=0.4, notices=800).rate == 250_000.0.
    """

    chars: int
    seconds: float
    notices: int

    @property
    def rate(self) -> float:
        """Characters per second."""
        return self.chars / self.seconds


def time_extraction(text: str, repeats: int) -> Timing:
    """Best of ``repeats`` runs of ``extract_document`` on ``text``.

    Example: time_extraction(make_page(10), 2).chars == len(make_page(10)).
    """
    best = float("inf")
    found = 0
    for _ in range(repeats):
        t0 = time.perf_counter()
        found = len(extract_document(text, source="page.txt", published=PUBLISHED).notices)
        best = min(best, time.perf_counter() - t0)
    return Timing(len(text), best, found)


def _report(label: str, make: Callable[[int], str], size: int, unit: str, repeats: int) -> None:
    """Time a text of ``size`` units and one of 10×size; print both and the ratio.

    Example: _report("page", make_page, 300, "articles", 2) prints three lines.
    """
    small, large = time_extraction(make(size), repeats), time_extraction(make(10 * size), repeats)
    for n, t in ((size, small), (10 * size, large)):
        print(
            f"  {label:<5} {n:>8,} {unit:<9} {t.chars:>10,} chars  {t.seconds:7.2f} s"
            f"  {t.rate:>10,.0f} chars/s  ({t.notices:,} notices)"
        )
    ratio = large.seconds / small.seconds
    print(f"  {label:<5} time(10×)/time(1×) = {ratio:.1f}  target ≈ 10 (linear; 100 = quadratic)")


def main(argv: Sequence[str] | None = None) -> None:
    """Print the figures."""
    parser = argparse.ArgumentParser(prog="python -m bench.bench_scaling")
    parser.add_argument("--articles", type=int, default=ARTICLES, help="articles on the small page")
    parser.add_argument("--line-chars", type=int, default=LINE_CHARS, help="characters of the short single line")
    parser.add_argument("--repeats", type=int, default=REPEATS, help="best of this many runs per text")
    args = parser.parse_args(argv)
    extract_document(make_page(1), source="warm.txt", published=PUBLISHED)  # load data files once
    print("scaling benchmark (extraction time against page size, generated text)")
    _report("page", make_page, args.articles, "articles", args.repeats)
    _report("line", make_line, args.line_chars, "chars", args.repeats)


if __name__ == "__main__":
    main()
