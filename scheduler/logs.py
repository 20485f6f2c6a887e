"""Logging for every ``notices`` command: stderr, levels from ``-v``/``-q``/``--log-level``.

Lines read ``2024-05-08T07:00:01.204+08:00 INFO notices.jobs: wrote …``:
the timestamp carries the configured zone's offset, like every other time
the project prints.  Chatty libraries are quieted unless the level is
DEBUG: APScheduler shows warnings, the input libraries (httpx, trafilatura…)
only errors, since every input problem is reported by us as one line.  Configuring again replaces
the handler instead of adding a second one (the service's own setup
included), so in-process callers and tests never see a line twice.
"""

from __future__ import annotations

import logging
import sys
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
LEVELS = ("debug", "info", "warning", "error")
DEFAULT_LEVEL = logging.INFO
CHATTY = {"apscheduler": logging.WARNING, **{name: logging.ERROR for name in (
    "httpx", "httpcore", "trafilatura", "htmldate", "charset_normalizer", "jieba", "urllib3", "courlan",
    "pdfminer", "feedparser", "docx")}}
_current = {"level": DEFAULT_LEVEL, "zone": ZoneInfo("Asia/Shanghai")}


class ZonedFormatter(logging.Formatter):
    """ISO 8601 timestamps with the zone's offset, to the millisecond.

    Example: ZonedFormatter(ZoneInfo("Asia/Shanghai")) → "2024-05-08T07:00:01.204+08:00 INFO …".
    """

    def __init__(self, zone: ZoneInfo) -> None:
        super().__init__(LOG_FORMAT)
        self.zone = zone

    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:  # noqa: N802
        return datetime.fromtimestamp(record.created, self.zone).isoformat(timespec="milliseconds")


class CliHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes to whatever ``sys.stderr`` is at the time of each record (tests swap it)."""

    @property  # type: ignore[override]
    def stream(self) -> Any:
        return sys.stderr

    @stream.setter
    def stream(self, _value: Any) -> None:
        pass


def level_from(verbose: int = 0, quiet: int = 0, name: str | None = None) -> int:
    """The level the flags ask for: ``--log-level`` wins, else INFO moved by ``-v``/``-q``.

    Example: level_from(verbose=1) → DEBUG; level_from(quiet=1) → WARNING; level_from(name="error") → ERROR.
    """
    if name:
        return int(getattr(logging, name.upper()))
    steps = [logging.DEBUG, logging.INFO, logging.WARNING, logging.ERROR]
    index = min(max(steps.index(DEFAULT_LEVEL) - verbose + quiet, 0), len(steps) - 1)
    return steps[index]


def configure(level: int | None = None, zone: ZoneInfo | None = None) -> None:
    """Set up (or re-apply) stderr logging; None keeps the level or zone chosen before.

    Call it again after other code installed its own stderr handler (the
    service does): that handler is replaced by this one.

    Example: configure(logging.INFO, ZoneInfo("Asia/Shanghai")); logging.getLogger("notices.jobs").info("wrote …").
    """
    if level is not None:
        _current["level"] = level
    if zone is not None:
        _current["zone"] = zone
    chosen = int(_current["level"])  # type: ignore[call-overload]
    root = logging.getLogger()
    for handler in list(root.handlers):
        if type(handler).__name__ == "_StderrHandler" or (
            isinstance(handler, CliHandler) and handler is not _handler()
        ):
            root.removeHandler(handler)
    handler = _handler()
    handler.setFormatter(ZonedFormatter(_current["zone"]))  # type: ignore[arg-type]
    if handler not in root.handlers:
        root.addHandler(handler)
    root.setLevel(chosen)
    for name, quiet in CHATTY.items():
        logging.getLogger(name).setLevel(logging.DEBUG if chosen <= logging.DEBUG else quiet)


_HANDLER: list[CliHandler] = []


def _handler() -> CliHandler:
    if not _HANDLER:
        _HANDLER.append(CliHandler())
    return _HANDLER[0]
