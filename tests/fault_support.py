"""Helpers for the fault tests of issue 11: a service folder driven by ``run --once``, pages, stand-ins."""

from __future__ import annotations

import json
import sys
import time
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from notices.extract import Document
from scheduler import cli
from tests.service_support import ServiceDirs, water_outage_notice

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=SHANGHAI)


def hang(request: Any) -> Document:
    """A stand-in extractor that never finishes (the worker must be killed)."""
    while True:
        time.sleep(3600)


def crash(request: Any) -> Document:
    """A stand-in extractor whose process dies hard (as under the OOM killer)."""
    import os
    import signal

    os.kill(os.getpid(), signal.SIGKILL)
    raise AssertionError("unreachable")


HANG_TARGET = "tests.fault_support:hang"
CRASH_TARGET = "tests.fault_support:crash"


def entry_with_target(target: str, *args: str) -> list[str]:
    """``notices ARGS`` in a subprocess whose extraction worker runs ``target`` (fault injection)."""
    code = (
        "import sys, scheduler.service.sandbox as s; s.DEFAULT_TARGET = %r; "
        "from scheduler.cli import main; sys.exit(main(sys.argv[1:]))" % target
    )
    return [sys.executable, "-c", code, *args]


def outage_page(articles: int, first: date = date(2035, 3, 1)) -> str:
    """A long page of many dated 停水 articles (each its own dateline), about 175 bytes each."""
    parts = []
    for n in range(articles):
        day = first + timedelta(days=n % 300)
        parts.append(
            f"城区第{n + 1}片临时停水公告\n"
            f"本报讯 因供水管网改造，市自来水公司定于{day.year}年{day.month}月{day.day}日"
            f"{8 + n % 4}:00至{15 + n % 3}:30对第{n + 1}片区暂停供水，请居民提前储水。\n\n"
        )
    return f"---\npublished: {first - timedelta(days=3)}\n---\n" + "".join(parts)


def many_outages(inbox: Path, count: int, published: date = date(2035, 1, 1)) -> list[Path]:
    """``count`` separate 停水 notices in ``inbox`` (each one forward event in 2035)."""
    paths = []
    for n in range(count):
        day = date(2035, 2, 1) + timedelta(days=n)
        path = inbox / f"停水通知_{n:03d}.txt"
        path.write_text(
            water_outage_notice(day, ("8:30", "17:00"), published, area=f"第{n + 1}片区"), encoding="utf-8")
        paths.append(path)
    return paths


@dataclass
class Svc(ServiceDirs):
    """A service folder driven through ``notices run --once --json``, with an optional config file."""

    config: Path | None = None

    def configure(self, **keys: Any) -> None:
        """Write a notices.toml with these keys (numbers and strings only)."""
        lines = []
        for key, value in keys.items():
            lines.append(f"{key} = {json.dumps(value)}")
        self.config = self.root / "notices.toml"
        self.config.write_text("\n".join(lines) + "\n", encoding="utf-8")

    def args(self) -> list[str]:
        extra = ["--config", str(self.config)] if self.config else []
        return [*extra, "--inbox", str(self.inbox), "--output", str(self.output), "--store", str(self.store)]

    def run(self, now: str, *flags: str, capsys: Any, expect: int | None = 0) -> dict[str, Any]:
        """``notices run --once --json --now NOW``; returns the printed document."""
        capsys.readouterr()
        status = cli.main(["run", "--once", "--json", "--now", now, *flags, *self.args()])
        out = capsys.readouterr().out
        if expect is not None:
            assert status == expect, out
        return dict(json.loads(out)) if out.strip() else {}

    def feed(self) -> Path:
        return self.output / "feeds" / "all.ics"
