"""The operator's ``holidays.toml``: official holiday arrangements of years the library does not know yet.

``chinese_calendar`` transcribes the State Council's yearly notice
(国务院办公厅关于××年部分节假日安排的通知) and so knows only the years
published before its release.  For a later year an operator copies the
notice into ``holidays.toml`` the day it is published:

* where: ``holidays.toml`` in the config folder (beside the file given with
  ``--config`` or ``$NOTICES_CONFIG``), or any file given with
  ``--holidays FILE`` (``extract``, ``build``, ``explain``, ``serve``,
  ``run``); the flag wins;
* a malformed file stops the command with one line naming the file and the
  reason (a ``ConfigError``, like a bad ``notices.toml``);
* a year the library already knows is not taken from the file: the
  library's transcription wins and one warning line says the year was
  ignored, so a library upgrade that adds the year never stops the service;
* the years are made known to ``notices.calendar_cn`` in this process
  (``install``), and passed on to every extraction worker: forked workers
  inherit them, fresh ones read them from ``WORKER_ENV`` at start.

Without an arrangement a year's working days are counted Monday to Friday
and the notice is flagged ``holidays-unknown-YYYY``; ``UnknownYears``
collects those flags and logs one warning per year and run.
"""

from __future__ import annotations

import json
import logging
import os
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from notices.calendar_cn import (
    HolidayYear,
    add_holiday_years,
    forget_holiday_years,
    known_years,
    parse_holidays_document,
    unknown_years_of,
)

log = logging.getLogger("notices.holidays")

HOLIDAYS_FILE = "holidays.toml"
"""The file's name in the config folder."""

WORKER_ENV = "NOTICES_WORKER_HOLIDAYS"
"""Environment variable carrying the installed years to a fresh worker process (JSON)."""

_installed: list[HolidayYear] = []


def holidays_path(flag: Path | None, config: Path | None, environ: Mapping[str, str] | None = None) -> Path | None:
    """The holidays file a command uses: ``--holidays``, else ``holidays.toml`` beside the config file if it exists.

    ``config`` is the ``--config`` file; without it ``$NOTICES_CONFIG`` names the config.

    Example: holidays_path(None, Path("/etc/notices/notices.toml")) → /etc/notices/holidays.toml
    (when the operator put 2027年节假日安排 there), else None.
    """
    if flag is not None:
        return flag
    env = os.environ if environ is None else environ
    if config is None and env.get("NOTICES_CONFIG"):
        config = Path(env["NOTICES_CONFIG"])
    if config is None:
        return None
    beside = config.parent / HOLIDAYS_FILE
    return beside if beside.is_file() else None


def read_holidays(path: Path) -> tuple[HolidayYear, ...]:
    """The years of a holidays file the library does not know; a ConfigError of one line if it is malformed.

    Years the library knows are left out with a warning (its data wins).

    Example: a file with ``[year.2027]`` (rest = ["2027-02-06..2027-02-12"], …) →
    (HolidayYear(2027, …),) while chinesecalendar ends with 2026.
    """
    from scheduler.config import ConfigError

    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"{path}: holidays file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read holidays file: {exc}") from None
    try:
        years = parse_holidays_document(tomllib.loads(text))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None
    except ValueError as exc:
        raise ConfigError(f"{path}: {exc}") from None
    known = known_years()
    for item in years:
        if item.year in known:
            log.warning("%s: [year.%d] ignored: chinesecalendar already knows %d and its data wins",
                        path, item.year, item.year)
    return tuple(item for item in years if item.year not in known)


def install(years: Iterable[HolidayYear]) -> None:
    """Make exactly these years known to the calendar of this process (replacing earlier ones).

    Example: install(read_holidays(Path("/etc/notices/holidays.toml"))) → 2026年12月28日起5个工作日内
    counts 2027's 元旦 as a rest day.
    """
    chosen = list(years)
    forget_holiday_years()
    add_holiday_years(chosen)
    _installed[:] = chosen


def load(path: Path | None) -> tuple[HolidayYear, ...]:
    """Read ``path`` (None: no file) and install its years; returns them.

    Example: load(Path("holidays.toml")) at the start of ``notices build`` → (HolidayYear(2027, …),).
    """
    years = read_holidays(path) if path is not None else ()
    install(years)
    if years:
        log.debug("holiday arrangements from %s: %s", path, ", ".join(str(y.year) for y in years))
    return years


def installed() -> tuple[HolidayYear, ...]:
    """The years installed in this process (what a new worker must be given).

    Example: after load(Path("holidays.toml")) → (HolidayYear(2027, …),).
    """
    return tuple(_installed)


def worker_environment() -> dict[str, str]:
    """The environment entries that give a fresh worker this process's years (empty: none).

    Example: with 2027 installed → {"NOTICES_WORKER_HOLIDAYS": '[{"year": 2027, "rest": ["2027-01-01", …], …}]'}.
    """
    if not _installed:
        return {}
    data = [
        {"year": y.year, "rest": sorted(d.isoformat() for d in y.rest_days),
         "work": sorted(d.isoformat() for d in y.work_days), "notice": y.notice, "url": y.url}
        for y in _installed
    ]
    return {WORKER_ENV: json.dumps(data, ensure_ascii=False)}


def install_from_environment(environ: Mapping[str, str] | None = None) -> None:
    """In a fresh worker: install the years its parent passed in ``WORKER_ENV`` (nothing if absent).

    Example: a service worker started with 2027 in its environment counts 2027年春节 as rest days.
    """
    env = os.environ if environ is None else environ
    text = env.get(WORKER_ENV)
    if not text:
        return
    install(
        HolidayYear(
            int(item["year"]),
            frozenset(date.fromisoformat(d) for d in item["rest"]),
            frozenset(date.fromisoformat(d) for d in item["work"]),
            str(item["notice"]),
            str(item["url"]),
        )
        for item in json.loads(text)
    )


UNKNOWN_YEARS_WARNING = (
    "%d notice(s) count working days of %d Monday to Friday: no official holiday arrangement "
    "for %d is known (chinesecalendar covers %d-%d); they are flagged holidays-unknown-%d. "
    "Add the State Council's notice for %d to holidays.toml (see deploy/holidays.example.toml)"
)


@dataclass
class UnknownYears:
    """Counts notices flagged ``holidays-unknown-YYYY`` and warns once per year (mutable: one per run or service).

    Example: seen 3 notices of 2027 → report() logs "3 notice(s) count working days of 2027 Monday
    to Friday …" once; a later report() for the same year says nothing.
    """

    counts: dict[int, int] = field(default_factory=dict)
    warned: set[int] = field(default_factory=set)

    def see(self, flags: Iterable[str]) -> None:
        """Note one notice's flags.

        Example: see(("holidays-unknown-2027",)) → counts {2027: 1}.
        """
        for year in unknown_years_of(flags):
            self.counts[year] = self.counts.get(year, 0) + 1

    def report(self) -> list[int]:
        """Log one warning for each year seen and not warned about yet; returns those years.

        Example: after see(("holidays-unknown-2027",)) → [2027], then [] until a new year shows up.
        """
        known = known_years()
        fresh = sorted(year for year in self.counts if year not in self.warned)
        for year in fresh:
            log.warning(UNKNOWN_YEARS_WARNING, self.counts[year], year, year, known.start, known.stop - 1,
                        year, year)
            self.warned.add(year)
        return fresh


def unknown_years_note(flags: Iterable[str]) -> str | None:
    """The line feeds and digests show for a notice whose working days were guessed, or None.

    Example: ("holidays-unknown-2027",) → "节假日安排未知（2027年），工作日按周一至周五计算".
    """
    years = unknown_years_of(flags)
    if not years:
        return None
    return f"节假日安排未知（{'、'.join(f'{y}年' for y in years)}），工作日按周一至周五计算"


def watch_extractor(extract: Any, unknown: UnknownYears) -> Any:
    """An extraction hook (``scheduler.service.guards.extractor_for``) that notes the guessed-holiday flags of each answer.

    Keeps the hook's ``submit`` (work handed to a worker early) and its claims' ``cancel``.

    Example: watch_extractor(extractor_for(runtime, now), runtime.unknown_years)(doc_of_办结通知, None)
    → the same Document; unknown.counts becomes {2027: 1}.
    """

    def submit(doc: Any, fallback: Any) -> _WatchedClaim:
        return _WatchedClaim(extract.submit(doc, fallback), unknown)

    def run(doc: Any, fallback: Any) -> Any:
        return submit(doc, fallback)()

    run.submit = submit  # type: ignore[attr-defined]
    return run


class _WatchedClaim:
    """A claim on an extraction answer that notes the answer's flags when it is taken."""

    def __init__(self, claim: Any, unknown: UnknownYears) -> None:
        self._claim = claim
        self._unknown = unknown

    def __call__(self) -> Any:
        document = self._claim()
        for notice in document.notices:
            if notice.flags:
                self._unknown.see(notice.flags)
        return document

    def cancel(self) -> None:
        drop = getattr(self._claim, "cancel", None)
        if drop is not None:
            drop()
