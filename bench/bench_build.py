"""Build time and peak memory for 10,000 generated notices, and the size of all.ics.

Run with ``python -m bench`` (all benchmarks) or ``python -m bench.bench_build``.
The notices are generated directly (no extraction) and stored article by
article, then every feed and one digest are written; a second build with
nothing changed must write nothing.
"""

from __future__ import annotations

import random
import resource
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

from notices.model import SHANGHAI, Notice
from scheduler.config import Settings
from scheduler.pipeline import rebuild_feeds, write_digest
from scheduler.store import ArticleRecord, Store

NOTICES = 10_000
PER_ARTICLE = 10
AS_OF = date(2024, 5, 6)
NOW = datetime(2024, 5, 6, 7, 0, tzinfo=SHANGHAI)

# (kind, title pattern, place) — our own phrasing in the genre.
_TEMPLATES = [
    ("hotline", "第{n}期“热线问政”", "12345政务服务便民热线"),
    ("meeting", "全市第{n}次安全生产工作调度会", "市政府第{n}会议室"),
    ("hearing", "第{n}号居民用水价格调整听证会", "市发展改革委听证室"),
    ("outage", "城西片区第{n}段管网改造停水", "船山大道、解放路沿线"),
    ("exhibition", "第{n}届“湘江印象”书画展", "市美术馆一楼展厅"),
    ("activity", "第{n}场“健康进社区”义诊", "蒸湘区社区卫生服务中心"),
    ("deadline", "第{n}批民生实事项目意见征集截止", None),
]


def make_notices(count: int, seed: int = 11) -> list[Notice]:
    """``count`` forward notices spread over the 60 days around ``AS_OF``."""
    rng = random.Random(seed)
    notices = []
    for n in range(count):
        kind, title, place = rng.choice(_TEMPLATES)
        day = AS_OF + timedelta(days=rng.randint(-20, 40))
        published = datetime.combine(day - timedelta(days=rng.randint(1, 10)), datetime.min.time(), SHANGHAI)
        if kind in ("deadline", "exhibition", "outage") and rng.random() < 0.7:
            start: date | datetime = day
            end: date | datetime | None = day + timedelta(days=rng.randint(0, 3)) if kind != "deadline" else None
            all_day = True
        else:
            start = datetime(day.year, day.month, day.day, rng.choice((9, 10, 14, 15)), rng.choice((0, 30)), tzinfo=SHANGHAI)
            end = start + timedelta(hours=2) if rng.random() < 0.5 else None
            all_day = False
        notices.append(
            Notice(
                uid=f"{kind}-{n:05d}",
                kind=kind,
                title=title.format(n=n + 1),
                start=start,
                end=end,
                all_day=all_day,
                forward=True,
                published=published,
                published_basis="dateline",
                source=f"inbox/{n // PER_ARTICLE:04d}.txt",
                headline=f"{title.format(n=n + 1)}相关安排公布",
                evidence=f"{title.format(n=n + 1)}定于{day.month}月{day.day}日举行，请相关单位和市民群众提前做好安排，具体事宜可拨打12345咨询。",
                span=(0, 40),
                location=(place or "").format(n=n % 9 + 1) or None,
                rule="5个工作日内，依法定节假日顺延" if kind == "deadline" else None,
            )
        )
    return notices


def main() -> None:
    """Print the figures."""
    notices = make_notices(NOTICES)
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        output = root / "output"
        settings = Settings(output=output, store=root / "state" / "notices.sqlite3")
        with Store.open(settings.store) as store:
            t0 = time.perf_counter()
            for start in range(0, len(notices), PER_ARTICLE):
                batch = notices[start : start + PER_ARTICLE]
                record = ArticleRecord(
                    path=str(root / "inbox" / f"{start // PER_ARTICLE:04d}.txt"),
                    source=batch[0].source,
                    sha256=f"{start:08d}",
                    published=batch[0].published,
                    published_basis="dateline",
                    headlines=(batch[0].headline,),
                )
                store.ingest_article(record, batch, NOW)
            t1 = time.perf_counter()
            feeds = rebuild_feeds(store, output, NOW, settings)
            t2 = time.perf_counter()
            digests = write_digest(store, output, AS_OF, NOW)
            t3 = time.perf_counter()
            again = rebuild_feeds(store, output, NOW, settings) + write_digest(store, output, AS_OF, NOW)
            t4 = time.perf_counter()
        all_ics = (output / "feeds" / "all.ics").stat().st_size
        events = (output / "feeds" / "all.ics").read_bytes().count(b"BEGIN:VEVENT")
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print("build benchmark")
        print(f"  notices             {len(notices):,} in {len(notices) // PER_ARTICLE:,} articles (generated)")
        print(f"  ingest into store   {t1 - t0:.2f} s")
        print(f"  write feeds         {t2 - t1:.2f} s ({len(feeds)} files)")
        print(f"  write digest        {t3 - t2:.2f} s ({len(digests)} files)")
        print(f"  rebuild, no change  {t4 - t3:.2f} s ({len(again)} files rewritten, expected 0)")
        print(f"  total build         {t3 - t0:.2f} s")
        print(f"  all.ics             {all_ics / 1024 / 1024:.1f} MB, {events:,} events (30 past days + future)")
        print(f"  peak memory (RSS)   {peak_mb:.0f} MB")


if __name__ == "__main__":
    main()
