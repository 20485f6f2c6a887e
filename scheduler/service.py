"""The long-running shell: lock, store, scheduler, HTTP server and signals.

``serve`` is the only place (besides the CLI commands) that reads the clock:
each scheduled job asks for ``datetime.now(zone)`` and hands it to
``jobs.run_tick``.  APScheduler runs both jobs on one worker thread, with
fixed ids, ``coalesce=True`` and ``max_instances=1``, so writers never
overlap; its job store is the default in-memory one — all state that must
survive a restart (digest history, file records) is in the store's database.

Shutdown on SIGTERM/SIGINT: the HTTP loop stops, the scheduler is shut down
with ``wait=True`` so a write in progress finishes (the poll stops between
files), the lock is released and the process exits 0.
"""

from __future__ import annotations

import logging
import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from types import FrameType
from typing import Any

from scheduler.config import Settings
from scheduler.jobs import Runtime, digest_grace, run_tick
from scheduler.lock import InstanceLock
from scheduler.service_state import ServiceState

log = logging.getLogger("notices.service")

POLL_JOB_ID = "poll"
DIGEST_JOB_ID = "digest"
LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class _StderrHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes to whatever ``sys.stderr`` is at the time of each record."""

    @property  # type: ignore[override]
    def stream(self) -> Any:
        return sys.stderr

    @stream.setter
    def stream(self, _value: Any) -> None:
        pass


def configure_logging(level: int = logging.INFO) -> None:
    """Log to stderr with timestamps and levels (APScheduler's per-run chatter muted).

    Example: 2024-05-08 07:00:01,204 INFO notices.jobs: wrote output/digests/2024-05-08.md
    """
    root = logging.getLogger()
    if not any(isinstance(h, _StderrHandler) for h in root.handlers):
        handler = _StderrHandler()
        handler.setFormatter(logging.Formatter(LOG_FORMAT))
        root.addHandler(handler)
    root.setLevel(level)
    logging.getLogger("apscheduler").setLevel(logging.WARNING)


def remove_stale_temp_files(output: Path) -> list[Path]:
    """Delete temp files left by a writer that was killed mid-write (``.<name>.*.tmp``).

    Only called while holding the instance lock, so no writer of ours is active.

    Example: output/feeds/.all.ics.k2j4x.tmp left by ``kill -9`` → removed at the next start.
    """
    removed: list[Path] = []
    for folder in (output, output / "feeds", output / "digests"):
        try:
            entries = list(folder.iterdir())
        except OSError:
            continue
        for entry in entries:
            if entry.name.startswith(".") and entry.name.endswith(".tmp") and entry.is_file():
                try:
                    entry.unlink()
                except OSError as exc:
                    log.warning("cannot remove stale temp file %s: %s", entry, exc)
                else:
                    removed.append(entry)
                    log.info("removed stale temp file %s", entry)
    return removed


@contextmanager
def open_runtime(settings: Settings) -> Iterator[Runtime]:
    """Lock the store, open the service state, clean stale temp files.

    Raises ``LockHeld`` if another instance owns the store.  The store itself
    is opened by each tick, in the thread that runs it.

    Example: with open_runtime(Settings()) as runtime: run_tick(runtime, now) polls seeds/.
    """
    with InstanceLock(settings.store):
        state = ServiceState(settings.store)
        try:
            remove_stale_temp_files(settings.output)
            yield Runtime(settings=settings, state=state)
        finally:
            state.close()


class ServiceError(RuntimeError):
    """The service cannot start (e.g. the HTTP port is taken); the message says why."""


class _StopServing(SystemExit):
    """Raised in the main thread by the signal handler to leave the HTTP loop."""


def build_scheduler(runtime: Runtime, first_run: datetime) -> Any:
    """A BackgroundScheduler with the poll and digest jobs (not started).

    Example: build_scheduler(runtime, now).get_job("digest").trigger → cron[hour='7', minute='0'].
    """
    from apscheduler.executors.pool import ThreadPoolExecutor
    from apscheduler.schedulers.background import BackgroundScheduler
    from apscheduler.triggers.cron import CronTrigger
    from apscheduler.triggers.interval import IntervalTrigger

    settings = runtime.settings
    zone = settings.zone
    scheduler = BackgroundScheduler(
        timezone=zone,
        executors={"default": ThreadPoolExecutor(max_workers=1)},
        job_defaults={
            "coalesce": True,
            "max_instances": 1,
            "misfire_grace_time": int(digest_grace(settings).total_seconds()),
        },
    )

    def tick() -> None:
        if runtime.stop.is_set():
            return
        try:
            run_tick(runtime, datetime.now(zone))
        except Exception as exc:  # keep the service alive; report through /healthz
            log.exception("scheduled run failed")
            runtime.set_problem("service", f"{type(exc).__name__}: {exc}")
        else:
            if "service" in runtime.problems:
                runtime.set_problem("service", None)

    scheduler.add_job(
        tick,
        IntervalTrigger(seconds=settings.poll_seconds, timezone=zone),
        id=POLL_JOB_ID,
        name="poll inbox, rebuild feeds, digest if due",
        next_run_time=first_run,
        replace_existing=True,
    )
    at = settings.digest_time
    scheduler.add_job(
        tick,
        CronTrigger(hour=at.hour, minute=at.minute, second=at.second, timezone=zone),
        id=DIGEST_JOB_ID,
        name="daily digest",
        replace_existing=True,
    )
    return scheduler


def serve(settings: Settings) -> int:
    """Run the service in the foreground until SIGTERM/SIGINT; returns the exit status.

    Raises ``LockHeld`` when another instance owns the store and
    ``ServiceError`` when the HTTP port cannot be bound.

    Example: serve(Settings(inbox=(Path("收件箱"),))) serves http://127.0.0.1:8080/feeds/all.ics.
    """
    from scheduler.http import create_server, make_app

    with open_runtime(settings) as runtime:
        try:
            server = create_server(
                make_app(settings.output, runtime.health),
                settings.host,
                settings.port,
                threads=settings.http_threads,
                idle_timeout=settings.http_idle_timeout_seconds,
            )
        except OSError as exc:
            raise ServiceError(
                f"{settings.host}:{settings.port}: cannot listen: {exc.strerror or exc}"
            ) from None
        scheduler = build_scheduler(runtime, datetime.now(settings.zone))
        in_loop = threading.Event()

        def on_signal(signum: int, _frame: FrameType | None) -> None:
            log.info("received %s, stopping", signal.Signals(signum).name)
            runtime.stop.set()
            if in_loop.is_set():
                in_loop.clear()
                raise _StopServing(signum)

        previous = {sig: signal.signal(sig, on_signal) for sig in (signal.SIGTERM, signal.SIGINT)}
        try:
            scheduler.start()
            log.info(
                "serving %s on %s/feeds/all.ics (inbox %s, poll every %ss, digest at %s %s)",
                settings.output, settings.public_base_url,
                ", ".join(str(p) for p in settings.inbox), settings.poll_seconds,
                settings.digest_time.strftime("%H:%M"), settings.timezone,
            )
            if not runtime.stop.is_set():
                in_loop.set()
                server.run()  # returns when the signal handler raises _StopServing
        finally:
            in_loop.clear()
            runtime.stop.set()
            log.info("waiting for the job in progress to finish")
            scheduler.shutdown(wait=True)
            try:
                server.close()
            except OSError:
                pass  # already closed by waitress itself
            for sig, handler in previous.items():
                signal.signal(sig, handler)
        log.info("stopped cleanly")
    return 0


@contextmanager
def stop_on_signals(runtime: Runtime) -> Iterator[None]:
    """During ``run --once``: SIGTERM/SIGINT finish the current write, then stop.

    Example: a timer run killed with SIGTERM while writing 停水 feeds still leaves whole files.
    """

    def on_signal(signum: int, _frame: FrameType | None) -> None:
        log.info("received %s, finishing the current write", signal.Signals(signum).name)
        runtime.stop.set()

    previous = {sig: signal.signal(sig, on_signal) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
