"""Service settings: one frozen dataclass, every key with a default.

(Skeleton: TOML loading, flag overrides and validation by key name belong
here too; see issue 4.)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import time
from pathlib import Path


@dataclass(frozen=True)
class Settings:
    """Everything the service and ``notices build`` need to know.

    Example: Settings(inbox=(Path("seeds"),), output=Path("output")).
    """

    inbox: tuple[Path, ...] = (Path("seeds"),)
    output: Path = Path("output")
    store: Path = Path("state/notices.sqlite3")
    timezone: str = "Asia/Shanghai"
    digest_time: time = time(7, 0)
    poll_seconds: int = 60
    feed_past_days: int = 30
    # Reminder leads in minutes before the event: all-day items and timed ones.
    reminder_all_day_minutes: int = 24 * 60
    reminder_timed_minutes: int = 60
    host: str = "127.0.0.1"
    port: int = 8080
    base_url: str | None = None
    extra: dict[str, str] = field(default_factory=dict)
