"""Service settings: one frozen dataclass, every key with a default.

Settings come from three layers, later ones winning: the defaults below, an
optional TOML file (``--config FILE`` or the ``NOTICES_CONFIG`` environment
variable), and command-line flags.  Every value is checked on the way in;
an unknown key or a bad value is refused with a message naming the key, so
a typo in ``notices.toml`` stops the service at start instead of being
silently ignored for months.  Every problem of a file is reported at once
(one line each), not only the first.

Relative paths in a config file are taken relative to the file's own folder
(so a unit file can point at ``/etc/notices/notices.toml`` from anywhere);
relative paths given as flags are taken relative to the working directory.
"""

from __future__ import annotations

import argparse
import os
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields, replace
from datetime import time
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from scheduler.inputs.sources import SourceSpec, parse_sources
from scheduler.publish.feedsets import FeedConfigError, FeedSpec, parse_feeds

if TYPE_CHECKING:
    from notices.calendar_cn import HolidayYear

CONFIG_ENV = "NOTICES_CONFIG"
"""Environment variable naming the config file when ``--config`` is absent."""


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
    # HTTP worker threads and the idle-connection timeout of the server.
    http_threads: int = 8
    http_idle_timeout_seconds: int = 30
    # Limits that keep hostile inputs and clients from stopping the service
    # (README, "Limits"): bytes per inbox file, seconds of extraction per
    # document (0: no worker process), hours before a removed file's notices
    # are withdrawn, the share of published events a rebuild may drop, and
    # the HTTP header deadline, connections per client address and in total.
    max_file_bytes: int = 5_000_000
    extract_timeout_seconds: float = 60.0
    # Address space of each extraction worker process, MB (0: no limit): a page that
    # would take the machine's memory fails alone with "out of memory".
    extract_memory_mb: int = 2048
    # Extraction worker processes of the service (0: one per core; scheduler.service.workers).
    extract_jobs: int = 0
    removed_grace_hours: float = 24.0
    publish_max_drop: float = 0.5
    http_header_timeout_seconds: int = 10
    http_max_connections_per_client: int = 32
    http_connection_limit: int = 1000
    # Web pages and feeds the service polls ([[sources]]), and how they are fetched.
    sources: tuple[SourceSpec, ...] = ()
    fetch_timeout_seconds: int = 20
    fetch_max_bytes: int = 10_000_000
    fetch_host_interval_seconds: int = 1
    fetch_retries: int = 2
    # Operator-defined feeds ([[feeds]]) beside all.ics and the per-kind feeds.
    feeds: tuple[FeedSpec, ...] = ()
    # A digest section lists at most this many items, then "以及另外N项" and a link to the feed.
    digest_max_items: int = 50
    # The operator's holidays.toml (scheduler.holidays): not a key of this file but found beside
    # it, or given with --holidays; its years are read and checked with the settings.
    holidays: Path | None = None
    holiday_years: tuple[HolidayYear, ...] = ()
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def zone(self) -> ZoneInfo:
        """The configured zone as a ``ZoneInfo`` (validated at load time)."""
        return ZoneInfo(self.timezone)

    @property
    def public_base_url(self) -> str:
        """Where subscribers reach the server, without a trailing slash.

        Example: host 127.0.0.1, port 8080 → ``http://127.0.0.1:8080``.
        """
        if self.base_url:
            return self.base_url.rstrip("/")
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    @property
    def named_sources(self) -> dict[str, str]:
        """``[[sources]]`` names and their URLs, for feeds that select by source name.

        Example: a source name = "市政府 通知公告" → {"市政府 通知公告": "https://www.example.gov.cn/…/rss.xml"}.
        """
        return {spec.name: spec.url for spec in self.sources if spec.name}


class ConfigError(ValueError):
    """A config file or flag value that cannot be used; each line names a key.

    ``problems`` holds every problem found (``str()`` puts one per line).

    Example: ConfigError(["notices.toml: poll_seconds: must be …", "notices.toml: port: must be …"]).
    """

    def __init__(self, problems: str | list[str] | tuple[str, ...]) -> None:
        self.problems = (problems,) if isinstance(problems, str) else tuple(problems)
        super().__init__("\n".join(self.problems))


# --- value checkers: each takes the raw value, returns the typed one or raises ValueError.


def _text(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"must be a non-empty string, got {value!r}")
    return value


def _int_between(low: int, high: int) -> Callable[[Any], int]:
    def check(value: Any) -> int:
        # bool is an int subclass in Python; `poll_seconds = true` is a mistake.
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError(f"must be an integer, got {value!r}")
        if not low <= value <= high:
            raise ValueError(f"must be between {low} and {high}, got {value}")
        return value

    return check


def _number_between(low: float, high: float) -> Callable[[Any], float]:
    def check(value: Any) -> float:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ValueError(f"must be a number, got {value!r}")
        if not low <= value <= high:
            raise ValueError(f"must be between {low:g} and {high:g}, got {value:g}")
        return float(value)

    return check


def _clock_time(value: Any) -> time:
    if isinstance(value, time):
        if value.tzinfo is not None:
            raise ValueError("must be a local time without offset, e.g. 07:00")
        return value
    if isinstance(value, str):
        try:
            parsed = time.fromisoformat(value.strip())
        except ValueError:
            raise ValueError(f"must be a time of day like 07:00, got {value!r}") from None
        if parsed.tzinfo is None:
            return parsed
    raise ValueError(f"must be a time of day like 07:00, got {value!r}")


def _zone_name(value: Any) -> str:
    name = _text(value)
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"unknown time zone {name!r} (try Asia/Shanghai)") from None
    return name


def _base_url(value: Any) -> str | None:
    if value is None or value == "":
        return None
    url = _text(value)
    if not url.startswith(("http://", "https://")):
        raise ValueError(f"must start with http:// or https://, got {url!r}")
    return url


CHECKERS: dict[str, Callable[[Any], Any]] = {
    "timezone": _zone_name,
    "digest_time": _clock_time,
    "poll_seconds": _int_between(1, 24 * 3600),
    "feed_past_days": _int_between(0, 3650),
    "reminder_all_day_minutes": _int_between(0, 30 * 24 * 60),
    "reminder_timed_minutes": _int_between(0, 30 * 24 * 60),
    "host": _text,
    "port": _int_between(1, 65535),
    "base_url": _base_url,
    "http_threads": _int_between(1, 64),
    "http_idle_timeout_seconds": _int_between(1, 3600),
    "max_file_bytes": _int_between(1, 1_000_000_000),
    "extract_timeout_seconds": _number_between(0, 3600),
    "extract_memory_mb": _int_between(0, 1_000_000),
    "extract_jobs": _int_between(0, 256),
    "removed_grace_hours": _number_between(0, 24 * 365),
    "publish_max_drop": _number_between(0, 1),
    "http_header_timeout_seconds": _int_between(1, 3600),
    "http_max_connections_per_client": _int_between(0, 100_000),
    "http_connection_limit": _int_between(16, 100_000),
    "sources": parse_sources,
    "fetch_timeout_seconds": _int_between(1, 600),
    "fetch_max_bytes": _int_between(1024, 1_000_000_000),
    "fetch_host_interval_seconds": _int_between(0, 3600),
    "fetch_retries": _int_between(0, 10),
    "feeds": lambda value: parse_feeds(value, _known_kinds()),
    "digest_max_items": _int_between(1, 10_000),
}
PATH_KEYS = ("output", "store")
KNOWN_KEYS = frozenset(CHECKERS) | frozenset(PATH_KEYS) | {"inbox"}


def _known_kinds() -> list[str]:
    from scheduler.publish.kindinfo import load_kind_table

    return list(load_kind_table())


def _paths(value: Any, base: Path) -> tuple[Path, ...]:
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not items:
        raise ValueError(f"must be a folder or a list of folders, got {value!r}")
    return tuple(_path(item, base) for item in items)


def _path(value: Any, base: Path) -> Path:
    path = Path(os.path.expanduser(_text(value)))
    return path if path.is_absolute() else base / path


def check_values(raw: Mapping[str, Any], *, source: str, base: Path) -> dict[str, Any]:
    """Validate raw settings (TOML table or flags) into typed ``Settings`` fields.

    ``source`` prefixes error messages; relative paths are joined to ``base``.

    Example: check_values({"digest_time": "07:30", "inbox": ["收件箱"]}, source="notices.toml",
    base=Path("/etc/notices")) → {"digest_time": time(7, 30), "inbox": (Path("/etc/notices/收件箱"),)}.
    """
    typed: dict[str, Any] = {}
    problems: list[str] = []
    for key, value in raw.items():
        if key not in KNOWN_KEYS:
            known = ", ".join(sorted(KNOWN_KEYS))
            problems.append(f"{source}: unknown key {key!r} (known keys: {known})")
            continue
        try:
            if key == "inbox":
                typed[key] = _paths(value, base)
            elif key in PATH_KEYS:
                typed[key] = _path(value, base)
            else:
                typed[key] = CHECKERS[key](value)
        except FeedConfigError as exc:
            problems.extend(f"{source}: {key}: {problem}" for problem in exc.problems)
        except ValueError as exc:
            problems.append(f"{source}: {key}: {exc}")
    if problems:
        raise ConfigError(problems)
    return typed


def read_config_file(path: Path) -> dict[str, Any]:
    """Read and validate one TOML config file into typed fields.

    Example: a file holding ``digest_time = "07:30"`` → {"digest_time": time(7, 30)}.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"{path}: config file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read config file: {exc}") from None
    try:
        table = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None
    sections = [key for key, value in table.items() if isinstance(value, dict)]
    problems = [f"{path}: {key}: sections are not used; write keys at top level" for key in sections]
    try:
        typed = check_values({k: v for k, v in table.items() if k not in sections},
                             source=str(path), base=path.parent)
    except ConfigError as exc:
        problems.extend(exc.problems)
    if problems:
        raise ConfigError(problems)
    return typed


def load_settings(
    config_path: Path | None = None,
    overrides: Mapping[str, Any] | None = None,
    environ: Mapping[str, str] | None = None,
) -> Settings:
    """Defaults, then the config file, then ``overrides`` (already-typed flag values).

    The file is ``config_path`` or else ``$NOTICES_CONFIG``; with neither,
    only defaults and overrides apply.  The holidays file (``holidays`` in
    ``overrides``, else ``holidays.toml`` beside the config file) is read and
    checked here too; it is made known to the calendar by the command
    (``scheduler.holidays.install``).

    Example: load_settings(None, {"poll_seconds": 5}) → Settings(poll_seconds=5, …) reading
    the inbox 收件箱 default ``seeds/``.
    """
    env = os.environ if environ is None else environ
    if config_path is None and env.get(CONFIG_ENV):
        config_path = Path(env[CONFIG_ENV])
    values: dict[str, Any] = {}
    if config_path is not None:
        values.update(read_config_file(config_path))
    values.update(overrides or {})
    from scheduler.holidays import holidays_path, read_holidays

    values["holidays"] = holidays_path(values.get("holidays"), config_path, environ={})
    if values["holidays"] is not None:
        values["holiday_years"] = read_holidays(values["holidays"])
    names = {f.name for f in fields(Settings)}
    return replace(Settings(), **{k: v for k, v in values.items() if k in names})


def add_service_flags(parser: argparse.ArgumentParser) -> None:
    """Register the flags shared by ``serve``, ``run --once`` and ``status``.

    Example: ``notices serve --inbox 收件箱 --inbox seeds --port 8088``.
    """
    group = parser.add_argument_group("service settings (override the config file)")
    group.add_argument("--config", type=Path, metavar="FILE",
                       help=f"TOML config file (default: ${CONFIG_ENV}, else built-in defaults)")
    group.add_argument("--inbox", type=Path, action="append", metavar="DIR",
                       help="inbox folder to watch (repeatable; replaces the configured list)")
    group.add_argument("--output", type=Path, metavar="DIR", help="output folder (feeds/, digests/)")
    group.add_argument("--store", type=Path, metavar="PATH", help="SQLite store file")
    group.add_argument("--host", metavar="ADDR", help="HTTP listen address (default 127.0.0.1)")
    group.add_argument("--port", type=int, metavar="N", help="HTTP port (default 8080)")
    group.add_argument("--poll-seconds", type=int, metavar="N", help="inbox poll interval")
    add_holidays_flag(group)


def add_holidays_flag(parser: argparse.ArgumentParser | argparse._ArgumentGroup) -> None:
    """Register ``--holidays FILE`` (the operator's holidays.toml; scheduler.holidays).

    Example: ``notices build seeds --holidays /etc/notices/holidays.toml`` (2027年节假日安排).
    """
    parser.add_argument("--holidays", type=Path, metavar="FILE",
                        help="holiday arrangements of years chinesecalendar does not know "
                        "(default: holidays.toml beside the config file, if there is one)")


def settings_from_args(args: argparse.Namespace, environ: Mapping[str, str] | None = None) -> Settings:
    """Settings for a command: config file plus the shared flags that were given.

    Raises ``ConfigError`` naming the file or flag and the key at fault.

    Example: ``notices run --once --inbox 收件箱 --poll-seconds 10`` → Settings(inbox=(收件箱,), poll_seconds=10).
    """
    flag_values: dict[str, Any] = {}
    for key in ("inbox", "output", "store", "host", "port", "poll_seconds"):
        value = getattr(args, key, None)
        if value is None:
            continue
        if key == "inbox":
            value = [str(item) for item in value]
        elif key in PATH_KEYS:
            value = str(value)
        flag = "--" + key.replace("_", "-")
        flag_values.update(check_values({key: value}, source=flag, base=Path()))
    if getattr(args, "holidays", None) is not None:
        flag_values["holidays"] = args.holidays
    return load_settings(getattr(args, "config", None), flag_values, environ)
