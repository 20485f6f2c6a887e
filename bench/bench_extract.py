"""Extraction throughput, peak memory and cold start.

Run with ``make bench`` (all benchmarks) or ``python -m bench.bench_extract``.
Targets (issue 2): >= 1,000,000 chars/s on one core, peak memory <= 200 MB,
cold start of ``notices extract`` on one sample <= 1 s.
"""

from __future__ import annotations

import random
import resource
import statistics
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Our own sentences in the genre; the generator mixes them with filler prose.
_EVENTS = [
    "{m}月{d}日上午9:00—11:00,第{n}期“热线问政”活动举行,市交通运输局负责人接听热线电话。",
    "市政府新闻办定于{m}月{d}日(星期{w})下午3时召开新闻发布会。",
    "因管网改造,{m}月{d}日8时至18时城西片区暂停供水,请居民提前储水。",
    "承办单位接到工单后,须在3个工作日内办结。",
    "听证会将于{m}月{d}日举行,报名截止到{m}月{e}日。",
    "{m}月{d}日,全市安全生产工作会议召开,会议强调要压实责任。",
    "2023衡阳市五一劳动奖发布会举行,表彰一批先进集体和个人。",
    "书画展将于{m}月{d}日——{m}月{e}日在市博物馆展出。",
]
_FILLER = [
    "会议强调,要深入学习贯彻有关精神,坚持稳中求进工作总基调,推动高质量发展。",
    "各级各部门要切实提高政治站位,压实工作责任,确保各项任务落地见效。",
    "今年一季度,全市经济运行稳中有进,规模以上工业增加值增长5.8%。",
    "要加快推进重点项目建设,持续优化营商环境,不断增强群众获得感、幸福感、安全感。",
    "市民可拨打12345热线反映诉求,相关部门将及时受理、限时办结。",
    "据了解,该项目总投资约2000万元,建成后将惠及周边3万余名居民。",
]


def make_corpus(target_chars: int, seed: int = 7) -> list[str]:
    """Articles of about 3,000 characters each until ``target_chars`` is reached."""
    rng = random.Random(seed)
    articles: list[str] = []
    total = 0
    while total < target_chars:
        lines = [f"本报讯 (记者 王{rng.randint(1, 99)})"]
        size = 0
        while size < 3000:
            if rng.random() < 0.15:
                m, d = rng.randint(1, 12), rng.randint(1, 26)
                s = rng.choice(_EVENTS).format(m=m, d=d, e=d + 2, n=rng.randint(1, 99), w="一二三四五六日"[rng.randint(0, 6)])
            else:
                s = rng.choice(_FILLER)
            lines.append(s)
            size += len(s)
        text = "\n".join(lines) + "\n"
        articles.append(text)
        total += len(text)
    return articles


def throughput(articles: list[str], repeats: int = 5) -> tuple[float, int, float, float]:
    """Best and median chars/s over ``repeats`` passes (this VM's speed varies run to run)."""
    from notices.extract import extract_document
    from notices.model import SHANGHAI

    ref = datetime(2024, 5, 6, tzinfo=SHANGHAI)
    extract_document(articles[0], source="warm", published=ref)  # load data files once
    chars = sum(len(a) for a in articles)
    runs = []
    found = 0
    for _ in range(repeats):
        t0 = time.perf_counter()
        found = 0
        for i, text in enumerate(articles):
            found += len(extract_document(text, source=f"a{i}.txt", published=ref).notices)
        runs.append(time.perf_counter() - t0)
    best = min(runs)
    return chars / best, found, best, chars / statistics.median(runs)


def cold_start(runs: int = 5) -> float:
    exe = ROOT / ".venv" / "bin" / "notices"
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "scheduler.cli"]
    sample = ROOT / "seeds" / "002_40085f3b2a5d058d.txt"
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run(cmd + ["extract", str(sample)], check=True, capture_output=True)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main() -> None:
    """Print the figures."""
    articles = make_corpus(4_000_000)
    chars = sum(len(a) for a in articles)
    rate, found, seconds, median_rate = throughput(articles)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print("extraction benchmark")
    print(f"  corpus              {chars:,} chars in {len(articles):,} articles (generated)")
    print(f"  throughput          {rate:,.0f} chars/s on one core, best of 5 ({seconds:.2f} s, {found:,} notices)  target >= 1,000,000")
    print(f"  throughput median   {median_rate:,.0f} chars/s")
    print(f"  peak memory (RSS)   {peak_mb:.0f} MB (includes the generated corpus)  target <= 200 MB")
    print(f"  cold start          {cold_start():.2f} s median of 5 (`notices extract` on one seed)  target <= 1 s")


if __name__ == "__main__":
    main()
