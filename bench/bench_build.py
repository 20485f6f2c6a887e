"""Build, rebuild, ``status``, ``serve`` and gzip GETs at 10,000 and 100,000 notices.

Run with ``make bench`` (all benchmarks) or ``python -m bench.bench_build``
(``--quick``: 10,000 notices only).  Per size, one run measures:

* the build in this process: generated notices stored article by article
  (10 per article, one transaction for the batch), every feed rendered
  (events in the worker processes, forked before the store is opened, as
  ``notices build DIR`` does it) and written with its ``.gz``, the
  front page and the day's digest from one shared read of the store;
* the same build again with nothing changed (target: nothing read, nothing
  written);
* whole processes on that store: ``notices build --as-of`` with nothing
  new, ``notices status``, and ``notices serve`` (resident memory once its
  first poll is done);
* ``GET /feeds/all.ics`` with ``Accept-Encoding: gzip`` from that server, and
  its memory after those requests;
* ``notices build DIR --jobs N`` over 1,000 generated genre files, and over
  10,000 that hold about 100,000 notices (the issue's case; minutes).

Targets (issue 10, 2-core machine): 10,000 notices build <= 3 s, rebuild
with nothing changed <= 0.3 s; 100,000 notices from 10,000 files: build
<= 90 s with --jobs 2, peak <= 300 MB, status <= 1 s, serve <= 150 MB,
GET /feeds/all.ics with gzip <= 50 ms.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import resource
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from scheduler.service.workers import default_jobs

ROOT = Path(__file__).resolve().parent.parent
PER_ARTICLE = 10
AS_OF = date(2024, 5, 6)
SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = datetime(2024, 5, 6, 7, 0, tzinfo=SHANGHAI)
LARGE_FILES = 10_000
LARGE_EVENTS_PER_FILE = 11

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


def make_notices(count: int, seed: int = 11) -> list[Any]:
    """``count`` forward notices spread over the 60 days around ``AS_OF``."""
    from notices.model import Notice

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
                uid=f"{kind}-{n:06d}",
                kind=kind,
                title=title.format(n=n + 1),
                start=start,
                end=end,
                all_day=all_day,
                forward=True,
                published=published,
                published_basis="dateline",
                source=f"inbox/{n // PER_ARTICLE:05d}.txt",
                headline=f"{title.format(n=n + 1)}相关安排公布",
                evidence=f"{title.format(n=n + 1)}定于{day.month}月{day.day}日举行，请相关单位和市民群众提前做好安排，具体事宜可拨打12345咨询。",
                span=(0, 40),
                location=(place or "").format(n=n % 9 + 1) or None,
                rule="5个工作日内，依法定节假日顺延" if kind == "deadline" else None,
            )
        )
    return notices


def build_in_process(root: Path, count: int) -> dict[str, float]:
    """Store, feeds, digest, then the same again with nothing changed; the seconds of each.

    Runs in its own interpreter (``--step``), so that the memory it takes is
    not counted again in the processes started later.
    """
    from scheduler.config import Settings
    from scheduler.pipeline import prepare_feeds, rebuild_feeds, write_digest
    from scheduler.publish.feedcache import StoreView
    from scheduler.service.workers import worker_pool
    from scheduler.store.store import ArticleRecord, Store

    notices = make_notices(count)
    settings = Settings(output=root / "output", store=root / "state" / "notices.sqlite3")
    figures: dict[str, float] = {}
    # As `notices build DIR` does it: workers forked before the store is opened.
    with worker_pool(0, preload=["scheduler.publish.feedcache"], fork=True) as pool, Store.open(settings.store) as store:
        started = time.perf_counter()
        with store.batch():
            for first in range(0, len(notices), PER_ARTICLE):
                batch = notices[first : first + PER_ARTICLE]
                record = ArticleRecord(path=str(root / "inbox" / f"{first // PER_ARTICLE:05d}.txt"),
                                       source=batch[0].source, sha256=f"{first:08d}",
                                       published=batch[0].published, published_basis="dateline",
                                       headlines=(batch[0].headline,))
                store.ingest_article(record, batch, NOW)
        stored = time.perf_counter()
        view = StoreView(store)  # as `notices build` does it: the workers render while the digest is written
        rendered = prepare_feeds(store, NOW, settings, pool)
        digests = write_digest(store, settings.output, AS_OF, NOW, settings=settings, view=view)
        digested = time.perf_counter()
        rendered()
        feeds = rebuild_feeds(store, settings.output, NOW, settings, view=view, pool=pool, front_page=False)
        done = time.perf_counter()
        view = StoreView(store)
        again = rebuild_feeds(store, settings.output, NOW, settings, view=view, pool=pool, front_page=False)
        again += write_digest(store, settings.output, AS_OF, NOW, settings=settings, view=view)
        figures.update(store=stored - started, digest=digested - stored, feeds=done - digested, total=done - started,
                       again=time.perf_counter() - done, again_files=len(again), written=len(feeds) + len(digests))
    figures["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return figures


def notices_command() -> list[str]:
    exe = ROOT / ".venv" / "bin" / "notices"
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "scheduler.cli"]


def timed(args: Sequence[str]) -> tuple[float, float, str]:
    """Wall seconds, peak RSS (MB, the largest of the process and its workers) and stdout of ``notices ARGS``."""
    with tempfile.TemporaryFile() as out:
        started = time.perf_counter()
        process = subprocess.Popen([*notices_command(), *args], stdout=out, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
        seconds = time.perf_counter() - started
        out.seek(0)
        text = out.read().decode("utf-8", "replace")
    return seconds, usage.ru_maxrss / 1024, text


GZIP_GETS = 30
"""Timed ``GET /feeds/all.ics`` with ``Accept-Encoding: gzip`` after the first (which loads the file)."""


def _get_all_ics(port: int) -> tuple[float, int]:
    """One ``GET /feeds/all.ics`` asking for gzip on a new connection: (milliseconds to the last byte, body bytes)."""
    started = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request("GET", "/feeds/all.ics", headers={"Accept-Encoding": "gzip"})
        reply = connection.getresponse()
        body = reply.read()
        if reply.status != 200 or reply.getheader("Content-Encoding") != "gzip":
            raise RuntimeError(f"GET /feeds/all.ics: {reply.status}, encoding {reply.getheader('Content-Encoding')}")
    finally:
        connection.close()
    return (time.perf_counter() - started) * 1000, len(body)


def _memory(pid: int) -> tuple[float, float]:
    """(resident MB, peak resident MB) of a process."""
    status = Path(f"/proc/{pid}/status").read_text()
    fields = {line.split(":")[0]: line.split()[1] for line in status.splitlines() if line.startswith("Vm")}
    return int(fields["VmRSS"]) / 1024, int(fields["VmHWM"]) / 1024


def serve_figures(root: Path) -> dict[str, float]:
    """``notices serve`` on the store (an empty inbox): memory after its first poll, then ``all.ics`` gzipped.

    Returns resident MB after the first poll, the first gzip GET (it reads
    the feed), the median and slowest of ``GZIP_GETS`` more, the gzip body's
    size, and resident and peak MB after them.
    """
    inbox = root / "empty-inbox"
    inbox.mkdir(exist_ok=True)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    args = ["serve", "--inbox", str(inbox), "--output", str(root / "output"), "--store",
            str(root / "state" / "notices.sqlite3"), "--port", str(port), "--poll-seconds", "3600", "-qq"]
    process = subprocess.Popen([*notices_command(), *args], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(1200):  # up to 10 minutes for the first poll at 100,000 notices
            time.sleep(0.5)
            try:
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                connection.request("GET", "/healthz")
                health = json.loads(connection.getresponse().read() or b"{}")
                connection.close()
            except (OSError, ValueError):
                continue
            if health.get("last_poll"):
                break
        resident, _ = _memory(process.pid)
        first, size = _get_all_ics(port)
        times = sorted(_get_all_ics(port)[0] for _ in range(GZIP_GETS))
        after, peak = _memory(process.pid)
        return {"serve": resident, "gzip_first_ms": first, "gzip_median_ms": times[len(times) // 2],
                "gzip_max_ms": times[-1], "gzip_mb": size / 1e6, "serve_after_gets": after, "serve_peak": peak}
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=60)


def whole_processes(root: Path) -> dict[str, float]:
    """``build`` with nothing new, ``status`` and ``serve`` on the store built in this process."""
    common = ["--output", str(root / "output"), "--store", str(root / "state" / "notices.sqlite3")]
    rebuild, rebuild_peak, out = timed(["build", "--as-of", AS_OF.isoformat(), *common])
    status, status_peak, _ = timed(["status", *common])
    return {"rebuild": rebuild, "rebuild_peak": rebuild_peak, "rebuild_quiet": float("no output changed" in out),
            "status": status, "status_peak": status_peak, **serve_figures(root)}


def files_build(root: Path, jobs: int, files: int) -> dict[str, float]:
    """``notices build DIR --jobs J`` over ``files`` generated files of about 10 notices each."""
    from bench.genre import make_folder

    made = make_folder(root / "inbox", files=files, dense=LARGE_EVENTS_PER_FILE, seed=17)
    common = ["--output", str(root / "output"), "--store", str(root / "state" / "notices.sqlite3")]
    seconds, peak, out = timed(["build", str(root / "inbox"), "--as-of", "2024-05-06", "--jobs", str(jobs), *common])
    import sqlite3

    with sqlite3.connect(root / "state" / "notices.sqlite3") as raw:
        total = int(raw.execute("SELECT COUNT(*) FROM notices").fetchone()[0])
    return {"seconds": seconds, "peak_mb": peak, "files": made.files, "chars": made.chars, "notices": total,
            "summary": out.splitlines()[0] if out else ""}  # type: ignore[dict-item]


def feed_sizes(root: Path) -> tuple[float, float, int]:
    feed = root / "output" / "feeds" / "all.ics"
    data = feed.read_bytes()
    return len(data) / 1e6, feed.with_name("all.ics.gz").stat().st_size / 1e6, data.count(b"BEGIN:VEVENT")


def report_size(count: int, cores: int) -> None:
    """Build a store of ``count`` notices in a scratch folder and print every figure."""
    with tempfile.TemporaryDirectory(prefix="notices-build-") as scratch:
        root = Path(scratch)
        step = subprocess.run([sys.executable, "-m", "bench.bench_build", "--step", str(root), "--count", str(count)],
                              cwd=ROOT, check=True, capture_output=True, text=True)
        inside = json.loads(step.stdout)
        ics, packed, events = feed_sizes(root)
        outside = whole_processes(root)
    print(f"build benchmark: {count:,} notices in {count // PER_ARTICLE:,} articles (generated), {cores} cores")
    print(f"  store (one batch)   {inside['store']:6.2f} s")
    print(f"  digest, front page  {inside['digest']:6.2f} s (one shared read; {cores} workers render events meanwhile)")
    print(f"  feeds               {inside['feeds']:6.2f} s (the rest of the rendering; each feed with its .gz)")
    target = "  target <= 3 s" if count == 10_000 else ""
    print(f"  build in all        {inside['total']:6.2f} s, {inside['written']:.0f} files{target}")
    target = "  target <= 0.3 s" if count == 10_000 else ""
    print(f"  rebuild, no change  {inside['again']:6.3f} s, {inside['again_files']:.0f} files written{target}")
    print(f"  peak memory (RSS)   {inside['peak_mb']:6.0f} MB (this process, notices generated in it)")
    print(f"  all.ics             {ics:6.1f} MB, {events:,} events; all.ics.gz {packed:.1f} MB")
    quiet = "no output changed" if outside["rebuild_quiet"] else "OUTPUT CHANGED"
    print(f"  `notices build`     {outside['rebuild']:6.2f} s whole process, nothing new ({quiet}), "
          f"peak {outside['rebuild_peak']:.0f} MB")
    target = "  target <= 1 s" if count >= 100_000 else ""
    print(f"  `notices status`    {outside['status']:6.2f} s, peak {outside['status_peak']:.0f} MB{target}")
    target = "  target <= 150 MB" if count >= 100_000 else ""
    print(f"  `notices serve`     {outside['serve']:6.0f} MB resident after its first poll{target}")
    target = "  target <= 50 ms" if count >= 100_000 else ""
    print(f"  GET all.ics, gzip   {outside['gzip_median_ms']:6.1f} ms median of {GZIP_GETS} "
          f"(slowest {outside['gzip_max_ms']:.1f} ms; first, reading the file, {outside['gzip_first_ms']:.0f} ms; "
          f"{outside['gzip_mb']:.1f} MB on the wire){target}")
    print(f"  `notices serve`     {outside['serve_after_gets']:6.0f} MB resident after those GETs "
          f"(peak {outside['serve_peak']:.0f} MB)")


def report_files(files: int, cores: int) -> None:
    """Print the whole-process ``notices build DIR --jobs N`` over ``files`` generated files."""
    with tempfile.TemporaryDirectory(prefix="notices-files-") as scratch:
        made = files_build(Path(scratch), cores, files)
    target = "  target <= 90 s, <= 300 MB" if files >= LARGE_FILES else ""
    print(f"`notices build DIR --jobs {cores}` over {made['files']:,} generated files ({made['chars']:,} chars): "
          f"{made['seconds']:.1f} s, {made['notices']:,} notices, peak {made['peak_mb']:.0f} MB{target}")
    print(f"  {made['summary']}")


def main(argv: Sequence[str] | None = None) -> None:
    """Print the figures at 10,000 notices and at 100,000 (``--quick``: 10,000 only)."""
    parser = argparse.ArgumentParser(prog="python -m bench.bench_build", description=__doc__)
    parser.add_argument("--quick", action="store_true",
                        help="skip 100,000 notices (the store-level build and `notices build` of 10,000 files)")
    parser.add_argument("--large", action="store_true", help=argparse.SUPPRESS)  # the default now; kept for scripts
    parser.add_argument("--step", type=Path, help=argparse.SUPPRESS)  # the in-process build, as JSON
    parser.add_argument("--count", type=int, default=10_000, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.step is not None:
        print(json.dumps(build_in_process(args.step, args.count)))
        return
    cores = default_jobs()
    report_size(10_000, cores)
    report_files(LARGE_FILES // 10, cores)
    if args.quick:
        print("(100,000 notices skipped: --quick)")
        return
    report_size(100_000, cores)
    report_files(LARGE_FILES, cores)


if __name__ == "__main__":
    main()
