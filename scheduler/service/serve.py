"""The long-running shell: lock, store check, scheduler, HTTP server and signals.

``serve`` is the only place (besides the CLI commands) that reads the clock:
each scheduled job asks for ``datetime.now(zone)`` and hands it to
``jobs.run_tick``; the monotonic clock feeds ``/healthz`` (``scheduler.service.health``).
APScheduler runs both jobs on one worker thread, with fixed ids,
``coalesce=True`` and ``max_instances=1``, so writers never overlap; its job
store is the default in-memory one — all state that must survive a restart
(digest history, file records) is in the store's database.  A run skipped
because the previous one is still going is logged once per long run, not
once per interval.

At start the store is checked (``scheduler.store.check``).  A missing or
empty store is created — unless feeds were already published, which means
it was lost: then, as for a damaged store, the service logs one line, keeps
serving the feeds already on disk, answers ``/healthz`` with 503 and the
reason, and checks the store again at every poll.

Shutdown on SIGTERM/SIGINT: the HTTP loop stops, the extraction worker is
killed at once, the poll stops between files, and the scheduler is given
``STOP_GRACE_SECONDS`` to finish the write in progress; if it has not by
then, the process exits anyway (every file write is atomic and every store
change a transaction, so nothing is left half-done).  The lock is released
and the exit status is 0.
"""

from __future__ import annotations

import logging
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from types import FrameType
from typing import Any

from scheduler.config import Settings
from scheduler.logs import CliHandler
from scheduler.service.health import Activity, readiness
from scheduler.service.jobs import Runtime, digest_grace, run_tick
from scheduler.service.lock import InstanceLock
from scheduler.service.sandbox import Sandbox
from scheduler.service.workers import jobs_setting
from scheduler.store.check import check_store, published_event_count
from scheduler.store.schema import StoreError
from scheduler.store.service_state import ServiceState
from scheduler.store.store import Store

log = logging.getLogger("notices.service")

POLL_JOB_ID = "poll"
DIGEST_JOB_ID = "digest"
LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
STOP_GRACE_SECONDS = 3.0
"""After SIGTERM, how long a running job may take to finish before the process exits anyway."""


class _StderrHandler(CliHandler):
    """The service's own stderr handler (plain LOG_FORMAT lines); a type of its own so that
    ``configure_logging`` adds it once and the CLI's logging can tell it apart."""


class _DropBusySkips(logging.Filter):
    """Drops APScheduler's "maximum number of running instances reached" lines (we log once instead)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "maximum number of running instances" not in record.getMessage()


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
    busy = logging.getLogger("apscheduler.scheduler")
    if not any(isinstance(f, _DropBusySkips) for f in busy.filters):
        busy.addFilter(_DropBusySkips())


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


def open_state(settings: Settings) -> tuple[ServiceState, str | None]:
    """The service state on a checked store, or an in-memory one and the reason the store is unusable.

    Example: a store truncated to 0 bytes while output/feeds/all.ics holds 909 events →
    (in-memory state, "state/notices.sqlite3: empty (0 bytes) although 909 events are published …").
    """
    verdict = check_store(settings.store)
    restore_hint = "restore a backup with `notices restore FILE`"
    if verdict.absent:
        published = published_event_count(settings.output)
        if published:
            return ServiceState.in_memory(), (
                f"{verdict.message()} although {published} events are published in "
                f"{settings.output / 'feeds' / 'all.ics'}; they are left as they are; {restore_hint} "
                f"(or delete {settings.output / 'feeds'} to start from nothing)"
            )
    elif not verdict.ok:
        return ServiceState.in_memory(), (
            f"{verdict.message()}; the feeds already published are left as they are; {restore_hint}"
        )
    try:
        Store.open(settings.store).close()  # creates a fresh store, or migrates (after a backup)
        return ServiceState(settings.store), None
    except (StoreError, OSError) as exc:
        return ServiceState.in_memory(), f"{exc}; the feeds already published are left as they are"


@contextmanager
def open_runtime(
    settings: Settings,
    *,
    force: bool = False,
    reset_clock: bool = False,
    monotonic: Callable[[], float] | None = None,
) -> Iterator[Runtime]:
    """Lock the store, check it, open the service state and the extraction worker.

    Raises ``LockHeld`` if another instance owns the store and
    ``LockUnavailable`` if the lock file cannot be opened.  The store itself
    is opened by each tick, in the thread that runs it.

    Example: with open_runtime(Settings()) as runtime: run_tick(runtime, now) polls seeds/.
    """
    with InstanceLock(settings.store):
        state, problem = open_state(settings)
        stop = threading.Event()
        timeout = settings.extract_timeout_seconds
        sandbox = (
            Sandbox(timeout, stop, jobs=jobs_setting(settings.extract_jobs), memory_mb=settings.extract_memory_mb)
            if timeout > 0
            else None
        )
        runtime = Runtime(
            settings=settings,
            state=state,
            stop=stop,
            sandbox=sandbox,
            activity=Activity(clock=monotonic),
            force_publish=force,
            reset_clock=reset_clock,
        )
        if problem is not None:
            log.error("%s", problem)
            runtime.store_usable = False
            runtime.set_problem("store", problem)
        runtime.state.release()
        try:
            remove_stale_temp_files(settings.output)
            yield runtime
        finally:
            if sandbox is not None:
                sandbox.close()
            runtime.state.close()


class ServiceError(RuntimeError):
    """The service cannot start (e.g. the HTTP port is taken); the message says why."""


class _StopServing(SystemExit):
    """Raised in the main thread by the signal handler to leave the HTTP loop."""


def build_scheduler(runtime: Runtime, first_run: datetime) -> Any:
    """A BackgroundScheduler with the poll and digest jobs (not started).

    Example: build_scheduler(runtime, now).get_job("digest").trigger → cron[hour='7', minute='0'].
    """
    from apscheduler.events import EVENT_JOB_MAX_INSTANCES
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
    busy_noted = threading.Event()

    def tick() -> None:
        if runtime.stop.is_set():
            return
        runtime.activity.begin()
        try:
            run_tick(runtime, datetime.now(zone))
        except Exception as exc:  # keep the service alive; report through /healthz
            log.exception("scheduled run failed")
            runtime.set_problem("service", f"{type(exc).__name__}: {exc}")
        else:
            if "service" in runtime.problems:
                runtime.set_problem("service", None)
        finally:
            runtime.state.release()
            runtime.activity.end()
            if busy_noted.is_set():
                busy_noted.clear()
                log.info("the long run is over; polling every %s s again", settings.poll_seconds)

    def on_skipped(_event: Any) -> None:
        if not busy_noted.is_set():
            busy_noted.set()
            log.warning("the previous run is still going; runs are skipped until it ends "
                        "(logged once)")

    scheduler.add_listener(on_skipped, EVENT_JOB_MAX_INSTANCES)
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

    Raises ``LockHeld`` when another instance owns the store, ``LockUnavailable``
    when its lock file cannot be opened, and ``ServiceError`` when the HTTP
    port cannot be bound.  A damaged store does not stop it (see the module notes).

    Example: serve(Settings(inbox=(Path("收件箱"),))) serves http://127.0.0.1:8080/feeds/all.ics.
    """
    from scheduler.service.http import create_server, make_app

    _raise_open_file_limit(settings.http_connection_limit + 64)
    with open_runtime(settings, monotonic=time.monotonic) as runtime:
        scheduler = build_scheduler(runtime, datetime.now(settings.zone))

        def health() -> dict[str, Any]:
            return readiness(runtime.health(), runtime.activity, time.monotonic(),
                             settings.poll_seconds, settings.extract_timeout_seconds)

        def liveness() -> dict[str, Any]:
            alive = bool(scheduler.running)
            return {"alive": alive, "scheduler": "running" if alive else "stopped"}

        try:
            server = create_server(
                make_app(settings.output, health, liveness=liveness),
                settings.host,
                settings.port,
                threads=settings.http_threads,
                idle_timeout=settings.http_idle_timeout_seconds,
                header_timeout=settings.http_header_timeout_seconds,
                per_client=settings.http_max_connections_per_client,
                connection_limit=settings.http_connection_limit,
            )
        except OSError as exc:
            raise ServiceError(
                f"{settings.host}:{settings.port}: cannot listen: {exc.strerror or exc}"
            ) from None
        in_loop = threading.Event()

        def on_signal(signum: int, _frame: FrameType | None) -> None:
            log.info("received %s, stopping", signal.Signals(signum).name)
            runtime.stop.set()  # the extraction worker sees it within 50 ms and is killed
            if in_loop.is_set():
                in_loop.clear()
                raise _StopServing(signum)

        previous = {sig: signal.signal(sig, on_signal) for sig in (signal.SIGTERM, signal.SIGINT)}
        unfinished = False
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
            if runtime.sandbox is not None:
                runtime.sandbox.kill()
            unfinished = not _wind_down(scheduler, runtime.activity)
            try:
                server.close()
            except OSError:
                pass  # already closed by waitress itself
            for sig, handler in previous.items():
                signal.signal(sig, handler)
        if unfinished:
            log.warning("a job was still running %s s after the stop request; exiting without it "
                        "(its writes are atomic)", STOP_GRACE_SECONDS)
    if unfinished:
        _exit_now(0)
    log.info("stopped cleanly")
    return 0


def _wind_down(scheduler: Any, activity: Activity) -> bool:
    """Stop the scheduler without waiting; give a running job a short grace. True if it finished."""
    scheduler.shutdown(wait=False)
    deadline = time.monotonic() + STOP_GRACE_SECONDS
    while time.monotonic() < deadline:
        if activity.snapshot()[1] is None:
            return True
        time.sleep(0.05)
    return activity.snapshot()[1] is None


def _exit_now(status: int) -> None:
    """Leave at once, without waiting for the scheduler's worker thread (see the module notes)."""
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(status)


def _raise_open_file_limit(wanted: int) -> None:
    """Let the process hold ``wanted`` descriptors (one per connection) if the hard limit allows."""
    try:
        import resource

        soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        target = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
        if soft != resource.RLIM_INFINITY and soft < target:
            resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
    except (ImportError, ValueError, OSError) as exc:
        log.debug("cannot raise the open-file limit: %s", exc)


@contextmanager
def stop_on_signals(runtime: Runtime) -> Iterator[None]:
    """During ``run --once``: SIGTERM/SIGINT stop the extraction worker and finish the current write.

    Example: a timer run killed with SIGTERM while writing 停水 feeds still leaves whole files.
    """

    def on_signal(signum: int, _frame: FrameType | None) -> None:
        log.info("received %s, finishing the current write", signal.Signals(signum).name)
        runtime.stop.set()  # the extraction worker sees it within 50 ms and is killed

    previous = {sig: signal.signal(sig, on_signal) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)

