"""Seconds per MB of extraction for multi-article pages of 10 KB, 0.25, 0.5, 1 and 4 MB.

Run with ``make bench`` (all benchmarks) or ``python -m bench.bench_pages``
(``--sizes 0.01,0.25,0.5,1,4``, ``--repeats N``; pages under 0.1 MB are timed
ten times as often).  Targets (issues 10 and 11): extraction time is linear
in the page size — the seconds per MB of the slowest size are within 1.5×
of the fastest, and a 1 MB page within 1.5× of 10 KB pages.  A quadratic extractor shows up as seconds per MB
that grow with the page (the issue measured 26 s, 85 s and 277 s for 0.25, 0.5
and 1 MB before the fix).  Each page is a newspaper page of many short
articles of our own, each with its headline and dateline, so the page is cut
into many articles exactly as the service cuts a real one.
"""

from __future__ import annotations

import argparse
import random
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from notices.extract import extract_document
from notices.model import SHANGHAI

SIZES_MB = (0.01, 0.25, 0.5, 1.0, 4.0)
REPEATS = 2
TARGET_RATIO = 1.5
PUBLISHED = datetime(2024, 5, 6, 8, 0, tzinfo=SHANGHAI)
MB = 1_000_000

# Our own sentences in the genre; {m} {d} {e} {n} {w} {a} vary per article.
_HEADLINES = [
    "{a}{m}月{d}日临时停水",
    "第{n}期“热线问政”本周举行",
    "{a}将召开防汛工作会议",
    "“{a}印象”摄影展开展",
    "关于{a}道路施工交通管制的通告",
]
_DATELINES = ["本报讯（记者 王{n}）", "衡阳晚报讯（全媒体记者 陈{n}）", "新华社长沙{m}月{d}日电"]
_EVENTS = [
    "因管网改造，市自来水公司定于{m}月{d}日8:00至17:30对{a}暂停供水，请居民提前储水。",
    "第{n}期“热线问政”将于{m}月{d}日（星期{w}）上午9时举行，市民可拨打12345反映诉求。",
    "{a}防汛工作会议定于{m}月{d}日下午3时在区政府三楼会议室召开。",
    "摄影展将于{m}月{d}日至{m}月{e}日在市博物馆一楼展厅展出，为期{n}天。",
    "施工期间，{m}月{d}日起{a}实行交通管制，报名截止到{m}月{e}日。",
    "承办单位接到工单后，须在{n}个工作日内办结。",
]
_FILLER = [
    "会议要求，各单位要压实工作责任，确保各项任务按时保质完成。",
    "今年一季度，全市规模以上工业增加值增长5.8%，经济运行稳中有进。",
    "据了解，该项目总投资约2000万元，建成后将惠及周边3万余名居民。",
    "有关部门提醒广大市民合理安排出行，注意安全。",
]
_AREAS = ["城南片区", "城北片区", "华新开发区", "雁峰区", "石鼓区", "蒸湘区", "珠晖区", "南岳区"]


@dataclass(frozen=True)
class PageTiming:
    """One page size and how fast it was extracted.

    Example: PageTiming(megabytes=1.0, articles=3900, seconds=0.95, notices=3200).
    """

    megabytes: float
    articles: int
    seconds: float
    notices: int

    @property
    def seconds_per_mb(self) -> float:
        return self.seconds / self.megabytes


def _article(rng: random.Random, number: int) -> str:
    """One article: headline, dateline line, two event sentences and some filler."""
    m, d = rng.randint(5, 12), rng.randint(1, 25)
    values = {"m": m, "d": d, "e": d + 3, "n": number % 90 + 1, "w": "一二三四五六日"[rng.randint(0, 6)],
              "a": _AREAS[number % len(_AREAS)]}
    body = [rng.choice(_EVENTS).format(**values), rng.choice(_EVENTS).format(**values),
            *rng.sample(_FILLER, 2)]
    return (f"{rng.choice(_HEADLINES).format(**values)}\n"
            f"{rng.choice(_DATELINES).format(**values)} {''.join(body)}\n\n")


def make_page(megabytes: float, seed: int = 11) -> tuple[str, int]:
    """A page of about ``megabytes`` MB of UTF-8 text, and how many articles it holds.

    Example: make_page(0.25) → ("城南片区5月9日临时停水\\n本报讯（记者 王1）…", 760).
    """
    rng = random.Random(seed)
    target = int(megabytes * MB)
    parts: list[str] = []
    size = 0
    while size < target:
        article = _article(rng, len(parts))
        parts.append(article)
        size += len(article.encode("utf-8"))
    return "".join(parts), len(parts)


def time_page(megabytes: float, repeats: int) -> PageTiming:
    """Best of ``repeats`` extraction times for a page of ``megabytes`` MB.

    Example: time_page(0.25, 2) → PageTiming(0.25, 760, 0.24, 640).
    """
    text, articles = make_page(megabytes)
    best = float("inf")
    notices = 0
    for _ in range(repeats):
        started = time.perf_counter()
        document = extract_document(text, source="整版.txt", published=PUBLISHED)
        best = min(best, time.perf_counter() - started)
        notices = len(document.notices)
    return PageTiming(megabytes, articles, best, notices)


def report(timings: Sequence[PageTiming]) -> str:
    """The table printed by ``main``, with the linearity verdict.

    Example: "  1.00 MB   3900 articles   0.95 s   0.95 s/MB …\\nslowest/fastest s/MB: 1.12 (target ≤ 1.5): ok".
    """
    lines = [f"{'page':>8} {'articles':>9} {'notices':>8} {'seconds':>8} {'s/MB':>7}"]
    for t in timings:
        lines.append(f"{t.megabytes:>5.2f} MB {t.articles:>9} {t.notices:>8} {t.seconds:>8.2f} "
                     f"{t.seconds_per_mb:>7.2f}")
    rates = [t.seconds_per_mb for t in timings]
    ratio = max(rates) / min(rates)
    verdict = "ok" if ratio <= TARGET_RATIO else "NOT LINEAR"
    lines.append(f"slowest/fastest s/MB: {ratio:.2f} (target <= {TARGET_RATIO}): {verdict}")
    by_size = {t.megabytes: t.seconds_per_mb for t in timings}
    if 0.01 in by_size and 1.0 in by_size:
        ratio = by_size[1.0] / by_size[0.01]
        verdict = "ok" if ratio <= TARGET_RATIO else "NOT LINEAR"
        lines.append(f"1 MB page vs 10 KB pages, s/MB: {ratio:.2f} (target <= {TARGET_RATIO}): {verdict}")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> None:
    """Time each page size and print seconds per MB."""
    parser = argparse.ArgumentParser(prog="python -m bench.bench_pages", description=__doc__)
    parser.add_argument("--sizes", default=",".join(f"{s:g}" for s in SIZES_MB),
                        help="page sizes in MB, comma-separated (default 0.01,0.25,0.5,1,4)")
    parser.add_argument("--repeats", type=int, default=REPEATS, help="timings per size (best counts)")
    args = parser.parse_args(argv)
    sizes = [float(s) for s in args.sizes.split(",") if s.strip()]
    # One small page first: dictionaries and caches load once, not inside the first timing.
    extract_document(make_page(0.02)[0], source="预热.txt", published=PUBLISHED)
    timings = []
    for size in sizes:
        timing = time_page(size, args.repeats * (10 if size < 0.1 else 1))
        print(f"{size:g} MB: {timing.seconds:.2f} s, {timing.seconds_per_mb:.2f} s/MB", flush=True)
        timings.append(timing)
    print(report(timings))


if __name__ == "__main__":
    main()
