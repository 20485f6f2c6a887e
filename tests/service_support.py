"""Helpers shared by the service tests: CLI runners, sample notices, feed parsing."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from icalendar import Calendar

REPO = Path(__file__).resolve().parents[1]


def cli_env(**extra: str) -> dict[str, str]:
    """Environment for a ``notices`` subprocess that imports this checkout."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(REPO), env.get("PYTHONPATH", "")) if p)
    env.pop("NOTICES_CONFIG", None)
    env.update(extra)
    return env


def notices_command(*args: str) -> list[str]:
    """The ``notices`` console script, spelled so it works without an installed package.

    (The same ``scheduler.cli.main`` the console script calls, imported once.)
    """
    entry = "import sys; from scheduler.cli import main; sys.exit(main(sys.argv[1:]))"
    return [sys.executable, "-c", entry, *args]


def run_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``notices ARGS`` in a subprocess and capture its output."""
    return subprocess.run(
        notices_command(*args), cwd=cwd, env=cli_env(), capture_output=True, text=True, timeout=120
    )


def water_outage_notice(day: date, hours: tuple[str, str], published: date, area: str = "城南片区") -> str:
    """A short 停水 notice of our own, in the style of a city water company's announcement."""
    start, end = hours
    return (
        f"---\npublished: {published.isoformat()}\n---\n"
        f"关于{area}临时停水的通知\n\n"
        f"因城南路供水主管道改造施工，市自来水公司定于{day.year}年{day.month}月{day.day}日"
        f"{start}至{end}对{area}暂停供水，停水范围包括解放路以南、蒸湘路以东的居民小区。"
        "请沿线单位和居民提前做好储水准备，由此带来的不便，敬请谅解。\n\n"
        "市自来水有限公司\n"
        f"{published.year}年{published.month}月{published.day}日\n"
    )


def power_outage_notice(day: date, published: date) -> str:
    """A 停电 notice of our own, for a second, different article."""
    return (
        f"---\npublished: {published.isoformat()}\n---\n"
        "东风路片区计划停电公告\n\n"
        f"为配合线路检修，供电公司定于{day.year}年{day.month}月{day.day}日9:00至16:00"
        "对东风路片区计划停电，届时东风路沿线商户及居民用电将受影响，请提前做好安排。\n"
    )


def feed_events(path: Path) -> list[object]:
    """Every VEVENT of a feed file (raises if the file does not parse)."""
    calendar = Calendar.from_ical(path.read_bytes())
    return [c for c in calendar.walk("VEVENT")]


def event_starts(path: Path) -> set[datetime | date]:
    return {event.decoded("DTSTART") for event in feed_events(path)}  # type: ignore[attr-defined]


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_until(condition: Callable[[], bool], timeout: float, step: float = 0.1) -> bool:
    """Poll ``condition`` until it holds or ``timeout`` seconds pass (a bound, not a speed test)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(step)
    return condition()


def temp_files(output: Path) -> list[Path]:
    """Leftover atomic-write temp files anywhere under ``output``."""
    return [p for p in output.rglob(".*") if p.is_file() and p.name.endswith(".tmp")]


@dataclass
class ServiceDirs:
    """The folder layout a test service runs in: inbox/, output/, state/notices.sqlite3."""

    root: Path

    @property
    def inbox(self) -> Path:
        return self.root / "inbox"

    @property
    def output(self) -> Path:
        return self.root / "output"

    @property
    def store(self) -> Path:
        return self.root / "state" / "notices.sqlite3"
