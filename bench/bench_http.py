"""Requests/s and p99 latency of ``GET /feeds/all.ics`` on loopback, 32 connections.

Run with ``python -m bench`` (all benchmarks) or ``python -m bench.bench_http``.
The feed is built by the real pipeline from generated 停水/停电 notices, then
served by the same WSGI app and waitress settings as ``notices serve``, in
its own process.  The load generator is ``wrk`` (installed from Debian's
packages with apt-get when missing); if it cannot be installed, a small
Python generator runs instead and its figures are labelled as such.
Target on the 2-core machine: ≥ 1,000 requests/s and p99 ≤ 50 ms.
"""

from __future__ import annotations

import http.client
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from notices.model import SHANGHAI
from scheduler.config import Settings
from scheduler.pipeline import ingest, rebuild_feeds
from scheduler.store.store import Store

CONNECTIONS = 32
DURATION_SECONDS = 10
ARTICLES = 120
TARGET_RPS = 1000.0
TARGET_P99_MS = 50.0
REPO = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class LoadResult:
    """One load run: who generated it, throughput and tail latency.

    Example: LoadResult("wrk", "GET /feeds/all.ics", 4210.5, 12.3, 42105).
    """

    generator: str
    label: str
    requests_per_second: float
    p99_ms: float
    requests: int


def build_feed(root: Path) -> Path:
    """Ingest generated notices with the real pipeline and write the feeds."""
    inbox = root / "inbox"
    inbox.mkdir()
    areas = ["城南片区", "城北片区", "华新开发区", "雁峰区先锋路", "石鼓区中山北路", "蒸湘区解放大道"]
    first = date(2024, 5, 10)
    for n in range(ARTICLES):
        day = first + timedelta(days=n % 40)
        area = areas[n % len(areas)]
        (inbox / f"notice_{n:03d}.txt").write_text(
            f"---\npublished: {(day - timedelta(days=3)).isoformat()}\n---\n"
            f"关于{area}第{n + 1}次临时停水的通知\n\n"
            f"因供水管网维修，定于{day.year}年{day.month}月{day.day}日{8 + n % 3}:00至{15 + n % 4}:30"
            f"对{area}暂停供水，请用户提前储水，敬请谅解。\n",
            encoding="utf-8",
        )
    now = datetime(2024, 5, 8, 7, 0, tzinfo=SHANGHAI)
    settings = Settings(inbox=(inbox,), output=root / "output", store=root / "n.sqlite3")
    with Store.open(settings.store) as store:
        report = ingest(store, [inbox], now)
        rebuild_feeds(store, settings.output, now, settings)
    feed = settings.output / "feeds" / "all.ics"
    print(f"feed: {feed.stat().st_size} bytes, {len(report.new)} notices from {ARTICLES} articles")
    return settings.output


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_server(output: Path, port: int) -> subprocess.Popen[bytes]:
    """Serve ``output`` the way ``notices serve`` does, in a separate process."""
    settings = Settings()
    code = (
        "from pathlib import Path; from scheduler.service.http import create_server, make_app; "
        f"create_server(make_app(Path({str(output)!r})), '127.0.0.1', {port}, "
        f"threads={settings.http_threads}, idle_timeout={settings.http_idle_timeout_seconds}).run()"
    )
    env = dict(os.environ, PYTHONPATH=str(REPO))
    process = subprocess.Popen([sys.executable, "-c", code], env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            fetch_etag(port)
            return process
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError("the HTTP server did not start")


def fetch_etag(port: int) -> str:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        conn.request("GET", "/feeds/all.ics")
        reply = conn.getresponse()
        reply.read()
        return str(reply.getheader("ETag"))
    finally:
        conn.close()


def ensure_wrk() -> str | None:
    """The path of ``wrk``, installing Debian's package if needed; None if impossible."""
    found = shutil.which("wrk")
    if found:
        return found
    apt = shutil.which("apt-get")
    if apt is None:
        return None
    print("installing wrk with apt-get …", flush=True)
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    for command in ([apt, "install", "-y", "-q", "wrk"], [apt, "update", "-q"], [apt, "install", "-y", "-q", "wrk"]):
        done = subprocess.run(command, env=env, capture_output=True, text=True)
        if command[-1] == "wrk" and done.returncode == 0:
            break
    return shutil.which("wrk")


_UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def run_wrk(wrk: str, port: int, label: str, headers: list[str]) -> LoadResult:
    command = [wrk, "-t2", f"-c{CONNECTIONS}", f"-d{DURATION_SECONDS}s", "--latency"]
    for header in headers:
        command += ["-H", header]
    command.append(f"http://127.0.0.1:{port}/feeds/all.ics")
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    value, unit = re.search(r"\s99%\s+([\d.]+)(us|ms|s|m)\b", out).groups()  # type: ignore[union-attr]
    total = int(re.search(r"(\d+) requests in", out).group(1))  # type: ignore[union-attr]
    return LoadResult("wrk", label, rps, float(value) * _UNITS_MS[unit], total)


def run_python_load(port: int, label: str, headers: dict[str, str]) -> LoadResult:
    """Fallback: 32 keep-alive connections from threads of this process (slower than wrk)."""
    latencies: list[float] = []
    lock = threading.Lock()
    stop_at = time.monotonic() + DURATION_SECONDS

    def worker() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        mine: list[float] = []
        while time.monotonic() < stop_at:
            began = time.perf_counter()
            conn.request("GET", "/feeds/all.ics", headers=headers)
            conn.getresponse().read()
            mine.append(time.perf_counter() - began)
        conn.close()
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=worker) for _ in range(CONNECTIONS)]
    began = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - began
    latencies.sort()
    p99 = latencies[int(0.99 * (len(latencies) - 1))] * 1000 if latencies else float("nan")
    return LoadResult("python threads (wrk unavailable)", label, len(latencies) / elapsed, p99, len(latencies))


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="bench-http-") as folder:
        output = build_feed(Path(folder))
        port = free_port()
        server = start_server(output, port)
        try:
            etag = fetch_etag(port)
            wrk = ensure_wrk()
            results = []
            for label, header in (("GET /feeds/all.ics (200, full body)", None),
                                  ("GET /feeds/all.ics with If-None-Match (304)", etag)):
                if wrk:
                    results.append(run_wrk(wrk, port, label, [f"If-None-Match: {header}"] if header else []))
                else:
                    results.append(run_python_load(port, label, {"If-None-Match": header} if header else {}))
        finally:
            server.terminate()
            server.wait(timeout=30)
    print(f"{CONNECTIONS} connections, {DURATION_SECONDS} s each, loopback, {os.cpu_count()} CPUs")
    for result in results:
        verdict = "meets" if (result.requests_per_second >= TARGET_RPS and result.p99_ms <= TARGET_P99_MS) else "MISSES"
        print(f"  {result.label}: {result.requests_per_second:,.0f} requests/s, p99 {result.p99_ms:.1f} ms "
              f"({result.requests} requests; {result.generator}) — {verdict} target "
              f"≥{TARGET_RPS:,.0f}/s, p99 ≤{TARGET_P99_MS:.0f} ms")


if __name__ == "__main__":
    main()
