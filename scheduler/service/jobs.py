"""The service's two jobs — poll the inbox, write the day's digest — as plain functions.

Every job takes ``now`` from its caller (the scheduler's thin wrapper, or
``notices run --once --now …``) and never reads the clock, so a simulated
week is a loop over ``run_tick(runtime, now)``.

Poll: walk the inbox folders (dotfiles and temp names such as ``*.tmp``,
``*.part`` are skipped; links out of the inbox, FIFOs and devices are
reported once and skipped), ingest only files whose size and mtime were the
same at the previous poll (so a file still being written is never ingested
half), each within the size limit and in the time-limited worker
(``scheduler.service.guards``), remember failed files with their size and mtime
(logged once, skipped until they change), withdraw the notices of files gone
longer than the grace period (``scheduler.service.retire``), and rebuild the feeds
when notices changed (here or through ``notices withdraw``), when the local
date moved on (the feeds' past-days window slides), after a start, after a
failed rebuild, or when a feed file was deleted — never publishing a
collapse (``scheduler.publish.guard``).

Digest: the latest slot (today's or yesterday's ``digest_time``) is written
once.  On time means within ``digest_grace(settings)`` after the slot.  Later
than that it is a catch-up, written only if the service already has digest
history — systemd ``Persistent=true`` semantics: one digest for the latest
missed slot, never one per missed day, never a second copy.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from scheduler import pipeline
from scheduler.config import Settings
from scheduler.inputs.confine import admission_problem
from scheduler.service.ahead import AHEAD_FILES
from scheduler.service.guards import (
    extractor_for,
    inbox_reporter,
    open_tick_store,
    outputs_stale,
    repair_latest_digest,
    settle_clock,
    store_trouble,
)
from scheduler.holidays import UnknownYears, install, watch_extractor
from scheduler.inputs.inbox import InputError, is_ignored_name, iter_input_paths
from scheduler.publish.guard import PublishGuard, PublishHeld
from scheduler.service.health import Activity
from scheduler.service.retire import retire_gone, unreadable_folders
from scheduler.service.sandbox import ExtractionInterrupted
from scheduler.store.service_state import DigestSlot, FileRecord, ServiceState

log = logging.getLogger("notices.jobs")

SEEN, INGESTED, FAILED = "seen", "ingested", "failed"


# --------------------------------------------------------------------------
# Values


@dataclass(frozen=True)
class FileSnapshot:
    """One inbox file as the poll found it.

    Example: FileSnapshot("inbox/停水通知.txt", 812, 1714000000000000000).
    """

    path: str
    size: int
    mtime_ns: int


@dataclass(frozen=True)
class PollPlan:
    """What one poll will do with each file (pure decision, see ``plan_poll``).

    Example: a new 停水通知.txt is in ``waiting``; at the next poll, unchanged, it is in ``ready``.
    """

    ready: tuple[FileSnapshot, ...]
    waiting: tuple[FileSnapshot, ...]
    unchanged: tuple[str, ...]
    still_failed: tuple[str, ...]
    gone: tuple[str, ...]


@dataclass(frozen=True)
class PollResult:
    """What a poll did.

    Example: PollResult(at=2024-05-08T07:00+08:00, ingested=("inbox/停水通知.txt",), …).
    """

    at: datetime
    files: int
    ingested: tuple[str, ...] = ()
    waiting: tuple[str, ...] = ()
    failed: tuple[tuple[str, str], ...] = ()
    notices_changed: bool = False
    feeds_written: tuple[str, ...] = ()
    notice_count: int | None = None
    error: str | None = None
    interrupted: bool = False

    def to_json(self) -> dict[str, Any]:
        return {
            "at": self.at.isoformat(),
            "files": self.files,
            "ingested": list(self.ingested),
            "waiting": list(self.waiting),
            "failed": [list(item) for item in self.failed],
            "notices_changed": self.notices_changed,
            "feeds_written": list(self.feeds_written),
            "notice_count": self.notice_count,
            "error": self.error,
            "interrupted": self.interrupted,
        }


@dataclass(frozen=True)
class DigestResult:
    """One digest written by the service.

    Example: DigestResult(day=2024-05-08, slot=2024-05-08T07:00+08:00, catch_up=False, paths=(….md, ….html)).
    """

    day: date
    slot: datetime
    at: datetime
    catch_up: bool
    paths: tuple[str, ...] = ()
    error: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "day": self.day.isoformat(),
            "slot": self.slot.isoformat(),
            "at": self.at.isoformat(),
            "catch_up": self.catch_up,
            "paths": list(self.paths),
            "error": self.error,
        }


@dataclass(frozen=True)
class TickResult:
    """A poll and, when a slot was due, a digest.

    Example: TickResult(poll=PollResult(...), digest=DigestResult(day=2024-05-08, ...)).
    """

    poll: PollResult
    digest: DigestResult | None


@dataclass
class Runtime:
    """The open store and state a job works on, plus in-memory service status.

    Mutable on purpose: the scheduler's single worker thread updates it and
    the HTTP threads read ``health()``; a lock guards the shared parts.

    ``store`` is open only during a tick (see ``run_tick``): SQLite
    connections belong to the thread that opened them, and the scheduler's
    worker thread is not the one that started the service.

    Example: Runtime(settings, ServiceState(settings.store)).
    """

    settings: Settings
    state: ServiceState
    store: Any = None
    stop: threading.Event = field(default_factory=threading.Event)
    feeds_dirty: bool = True
    feeds_day: date | None = None
    # The time-limited extraction worker (scheduler.service.sandbox.Sandbox); None: in-process.
    sandbox: Any = None
    # Tick timing for /healthz, fed by the service boundary's clock.
    activity: Activity = field(default_factory=Activity)
    # `run --once --force`: publish even a rebuild the publish guard would hold back.
    force_publish: bool = False
    # `run --once --reset-clock`: accept this tick's now as the new clock mark.
    reset_clock: bool = False
    # False while the store fails its checks (the state is then kept in memory).
    store_usable: bool = True
    # Feed files the last rebuild rendered, and the store's change mark it saw.
    feed_names: tuple[str, ...] = ()
    feeds_mark: str | None = None
    problems: dict[str, str] = field(default_factory=dict)
    last_poll: dict[str, Any] | None = None
    last_digest: dict[str, Any] | None = None
    # Per-host request times and robots.txt rules of the [[sources]] (scheduler.inputs.fetch.FetchMemory).
    fetch_memory: Any = None
    # Notices whose working days were counted Monday to Friday (holidays-unknown-YYYY), warned once a year.
    unknown_years: UnknownYears = field(default_factory=UnknownYears)
    _guard: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self) -> None:
        # The holidays.toml years, in this process and so in every worker started from now on.
        install(self.settings.holiday_years)
        # Problems persist across restarts (and across `run --once` runs) until
        # the area in question succeeds again.
        self.problems = dict(self.state.get("problems") or {})
        self.last_poll = self.state.get("last_poll")
        self.last_digest = self.state.get("last_digest")

    def set_problem(self, area: str, message: str | None) -> None:
        """Record (or clear, with None) what is degraded in ``area`` ("feeds", "digest", "store")."""
        with self._guard:
            if message is None:
                if self.problems.pop(area, None) is not None:
                    log.info("%s recovered", area)
            else:
                self.problems[area] = message
            snapshot = dict(self.problems)
        self.state_put("problems", snapshot)

    def state_put(self, key: str, value: Any) -> None:
        """Persist status for ``notices status``; a full disk must not kill the job (logged once)."""
        try:
            self.state.put(key, value)
        except sqlite3.Error as exc:
            if self.problems.get("state") != str(exc):
                log.warning("cannot save %s to the store: %s", key, exc)
                with self._guard:
                    self.problems["state"] = str(exc)
        else:
            if key != "problems" and "state" in self.problems:
                with self._guard:
                    self.problems.pop("state", None)

    def health(self) -> dict[str, Any]:
        """The /healthz document (thread-safe, no database access).

        Example: {"status": "ok", "last_poll": {...}, "last_digest": {...}, "notices": 2, "problems": {}}.
        """
        with self._guard:
            problems = dict(self.problems)
            poll = self.last_poll
            digest = self.last_digest
        return {
            "status": "degraded" if problems else "ok",
            "degraded": bool(problems),
            "problems": problems,
            "last_poll": poll,
            "last_digest": digest,
            "notices": (poll or {}).get("notice_count"),
            "inbox_files": (poll or {}).get("files"),
        }


# --------------------------------------------------------------------------
# Pure decisions


def plan_poll(snapshots: Sequence[FileSnapshot], records: Mapping[str, FileRecord]) -> PollPlan:
    """Decide per file: ingest now, wait one more poll, leave alone.

    A file is ready when the previous poll saw it with the same size and mtime
    and it has not been ingested (or failed) in that state.

    Example: 停水通知.txt first seen → waiting; same size/mtime next poll → ready;
    after ingest → unchanged; appended to → waiting again.
    """
    ready: list[FileSnapshot] = []
    waiting: list[FileSnapshot] = []
    unchanged: list[str] = []
    still_failed: list[str] = []
    for snap in snapshots:
        record = records.get(snap.path)
        same = record is not None and (record.size, record.mtime_ns) == (snap.size, snap.mtime_ns)
        if not same or record is None:
            waiting.append(snap)
        elif record.status == SEEN:
            ready.append(snap)
        elif record.status == INGESTED:
            unchanged.append(snap.path)
        else:
            still_failed.append(snap.path)
    present = {snap.path for snap in snapshots}
    gone = tuple(sorted(path for path in records if path not in present))
    return PollPlan(tuple(ready), tuple(waiting), tuple(unchanged), tuple(still_failed), gone)


def digest_grace(settings: Settings) -> timedelta:
    """How long after its slot a digest still counts as on time.

    Two poll intervals, at least five minutes: a timer running ``run --once``
    every poll interval always lands one run inside it.

    Example: poll_seconds 60 → 5 minutes; poll_seconds 600 → 20 minutes.
    """
    return max(timedelta(minutes=5), timedelta(seconds=2 * settings.poll_seconds))


def latest_slot(now: datetime, at: time, zone: ZoneInfo) -> datetime:
    """The most recent digest slot at or before ``now``, in ``zone``.

    Example: now 2024-05-08T06:30+08:00, at 07:00 → 2024-05-07T07:00+08:00.
    """
    local = now.astimezone(zone)
    today = datetime.combine(local.date(), at, tzinfo=zone)
    return today if today <= local else datetime.combine(local.date() - timedelta(days=1), at, tzinfo=zone)


def next_slot(now: datetime, at: time, zone: ZoneInfo) -> datetime:
    """The first digest slot strictly after ``now``.

    Example: now 2024-05-08T07:00+08:00, at 07:00 → 2024-05-09T07:00+08:00.
    """
    local = now.astimezone(zone)
    today = datetime.combine(local.date(), at, tzinfo=zone)
    return today if today > local else datetime.combine(local.date() + timedelta(days=1), at, tzinfo=zone)


def due_digest(
    now: datetime, settings: Settings, written: Iterable[date], failed: date | None = None
) -> tuple[date, datetime, bool] | None:
    """The digest to write at ``now``: (day, slot, catch_up), or None.

    ``failed`` is a slot day whose write failed (e.g. disk full): it stays due
    until written, even without history and past the grace period.

    Example: history {5月4日}, service down until 5月8日 10:00 → (2024-05-08, 07:00, True):
    one catch-up digest, none for 5月5日–7日.
    """
    written_days = set(written)
    slot = latest_slot(now, settings.digest_time, settings.zone)
    day = slot.date()
    if day in written_days:
        return None
    late = now - slot > digest_grace(settings)
    if late and not written_days and failed != day:
        return None  # no history yet: nothing retroactive
    return day, slot, late


# --------------------------------------------------------------------------
# I/O: scanning the inbox


def scan_inbox(folders: Sequence[Path]) -> tuple[list[FileSnapshot], list[tuple[str, str]]]:
    """Stat every candidate file under the inbox folders (temp names and dotfiles skipped).

    Returns the snapshots and (path, reason) for folders or files that could not be read.

    Example: scan_inbox([Path("inbox")]) with 停水通知.txt and .停水通知.txt.part →
    ([FileSnapshot("inbox/停水通知.txt", …)], []).
    """
    snapshots: list[FileSnapshot] = []
    problems: list[tuple[str, str]] = []
    for item in iter_input_paths([str(folder) for folder in folders]):
        if isinstance(item, InputError):
            problems.append((item.path, item.reason))
            continue
        if is_ignored_name(item.name):
            continue
        try:
            stat = item.stat()
        except OSError as exc:  # vanished between listing and stat
            problems.append((str(item), exc.strerror or str(exc)))
            continue
        snapshots.append(FileSnapshot(str(item), stat.st_size, stat.st_mtime_ns))
    return snapshots, problems


# --------------------------------------------------------------------------
# Jobs


def poll(runtime: Runtime, now: datetime) -> PollResult:
    """One poll of the inbox at ``now``: ingest settled files, rebuild feeds if needed.

    Example: poll(runtime, 2024-05-08T07:00+08:00) after 停水通知.txt sat unchanged for one
    poll → PollResult(ingested=("inbox/停水通知.txt",), notices_changed=True, feeds_written=(all.ics, …)).
    """
    settings = runtime.settings
    snapshots, scan_problems = scan_inbox(settings.inbox)
    inbox_reporter(runtime).report(dict(scan_problems), now)
    records = runtime.state.files()
    plan = plan_poll(snapshots, records)
    runtime.state.mark_present(s.path for s in snapshots if (r := records.get(s.path)) and r.gone_since)
    retired = retire_gone(runtime.state, runtime.store, records, plan.gone,
                          unreadable_folders(scan_problems, settings.inbox), now,
                          timedelta(hours=settings.removed_grace_hours))
    for snap in plan.waiting:
        log.debug("%s: new or changed, waiting one poll for it to settle", snap.path)
        runtime.state.put_file(FileRecord(snap.path, snap.size, snap.mtime_ns, SEEN))

    ingested: list[str] = []
    failed: list[tuple[str, str]] = []
    changed = False
    interrupted = False
    store_error: str | None = None
    for snap, outcome in _ingest_ready(runtime, plan.ready, now):
        if isinstance(outcome, _StoreFailure):
            store_error = outcome.message
            break
        if isinstance(outcome, _Interrupted):
            interrupted = True
            break
        if outcome.reason is not None:
            failed.append((snap.path, outcome.reason))
            log.warning("%s: skipped: %s (not retried until the file changes)", snap.path, outcome.reason)
            runtime.state.put_file(FileRecord(snap.path, snap.size, snap.mtime_ns, FAILED, outcome.reason))
        else:
            ingested.append(snap.path)
            changed = changed or outcome.changed
            runtime.state.put_file(FileRecord(snap.path, snap.size, snap.mtime_ns, INGESTED))
    runtime.unknown_years.report()  # once per year the service runs, not every poll
    if store_error is None and not interrupted and settings.sources:
        from scheduler.inputs.poller import poll_sources  # only services with [[sources]] need httpx

        hook = watch_extractor(extractor_for(runtime, now), runtime.unknown_years)
        polled = poll_sources(runtime, now, extract=hook)  # in the workers, with their time and memory limits
        failed.extend(polled.failed)
        changed = changed or polled.changed
        interrupted = polled.interrupted
        store_error = polled.store_error
    if store_error is None and "store" in runtime.problems:
        runtime.set_problem("store", None)

    local_day = now.astimezone(settings.zone).date()
    if changed or retired.withdrawn or runtime.feeds_day != local_day or outputs_stale(runtime):
        runtime.feeds_dirty = True
    written: list[str] = []
    if runtime.feeds_dirty and not interrupted and store_error is None:
        guard = PublishGuard(settings.output, settings.publish_max_drop, force=runtime.force_publish)
        try:
            paths = pipeline.rebuild_feeds(runtime.store, settings.output, now, settings, guard=guard,
                                           pool=runtime.sandbox)
        except PublishHeld as exc:
            if runtime.problems.get("publish") != str(exc):
                log.error("rebuild held back: %s", exc)
            runtime.set_problem("publish", str(exc))
            # Not again until something changes (notices, the day, a deleted feed).
            runtime.feeds_dirty = False
            runtime.feeds_day = local_day
            runtime.feeds_mark = runtime.store.change_mark()
        except (OSError, sqlite3.Error) as exc:
            message = f"cannot write feeds to {settings.output}: {exc}"
            if runtime.problems.get("feeds") != message:
                log.error("%s (old feeds left in place; retrying at the next poll)", message)
            runtime.set_problem("feeds", message)
        else:
            written = [str(path) for path in paths]
            runtime.feeds_dirty = False
            runtime.feeds_day = local_day
            runtime.feed_names = guard.rendered
            runtime.feeds_mark = runtime.store.change_mark()
            for area in ("feeds", "publish"):
                if area in runtime.problems:
                    runtime.set_problem(area, None)
            for path in written:
                log.info("wrote %s", path)
    if not interrupted and store_error is None:
        written += repair_latest_digest(runtime, now)

    result = PollResult(
        at=now,
        files=len(snapshots),
        ingested=tuple(ingested),
        waiting=tuple(s.path for s in plan.waiting),
        failed=tuple(failed),
        notices_changed=changed,
        feeds_written=tuple(written),
        notice_count=_notice_count(runtime.store),
        error=store_error or runtime.problems.get("feeds") or runtime.problems.get("publish"),
        interrupted=interrupted,
    )
    _remember(runtime, "last_poll", result.to_json())
    return result


def digest_if_due(runtime: Runtime, now: datetime) -> DigestResult | None:
    """Write the latest slot's digest if it is due and not yet written (see ``due_digest``).

    Example: at 2024-05-08T07:00+08:00 with digest_time 07:00 → writes
    output/digests/2024-05-08.md and .html, listing 5月8日的停水通知 under 今日.
    """
    failed = runtime.state.get("digest_failed")
    failed_day = date.fromisoformat(failed) if failed else None
    due = due_digest(now, runtime.settings, runtime.state.digest_days(), failed_day)
    if due is None:
        return None
    day, slot, catch_up = due
    if catch_up:
        log.info("catch-up: the %s digest slot was missed while the service was down", day)
    try:
        paths = pipeline.write_digest(runtime.store, runtime.settings.output, day, now,
                                      settings=runtime.settings)
    except (OSError, sqlite3.Error) as exc:
        message = f"cannot write the {day} digest: {exc}"
        if runtime.problems.get("digest") != message:
            log.error("%s (retrying at the next poll)", message)
        runtime.set_problem("digest", message)
        runtime.state_put("digest_failed", day.isoformat())
        return DigestResult(day, slot, now, catch_up, (), message)
    try:
        runtime.state.record_digest(DigestSlot(day, slot, now, catch_up))
    except sqlite3.Error as exc:
        # The files exist; without the record the slot is rewritten later (same content).
        log.error("digest %s written but not recorded: %s", day, exc)
    if "digest" in runtime.problems:
        runtime.set_problem("digest", None)
    result = DigestResult(day, slot, now, catch_up, tuple(str(p) for p in paths))
    for path in result.paths:
        log.info("wrote %s", path)
    _remember(runtime, "last_digest", result.to_json())
    return result


def run_tick(runtime: Runtime, now: datetime) -> TickResult:
    """What the schedule does at ``now``: poll, then the digest if its slot is due.

    Both scheduled jobs and ``notices run --once`` call exactly this.  The
    store is opened for the tick in the calling thread and closed after it.

    Example: run_tick(runtime, 2024-05-08T07:00+08:00) → poll the inbox, then write the 5月8日 digest.
    """
    if runtime.store is not None:
        reading = settle_clock(runtime, now)
        try:
            polled = poll(runtime, reading.now)
            skip = runtime.stop.is_set() or reading.skip_digest
            digest = None if skip else digest_if_due(runtime, reading.now)
        except sqlite3.Error as exc:  # e.g. the store's disk is full: one line, not a traceback
            message = f"store {runtime.settings.store}: {exc}"
            store_trouble(runtime, message)
            return TickResult(PollResult(at=reading.now, files=0, error=message), None)
        return TickResult(polled, digest)
    store = open_tick_store(runtime)
    if store is None:  # missing, emptied or damaged: the published feeds stay as they are
        message = runtime.problems.get("store") or f"store {runtime.settings.store} is not usable"
        return TickResult(PollResult(at=now, files=0, error=message), None)
    runtime.store = store
    try:
        return run_tick(runtime, now)
    finally:
        runtime.store = None
        store.close()
        runtime.state.release()  # hold no connection between ticks (see ServiceState)


# --------------------------------------------------------------------------
# Helpers


@dataclass(frozen=True)
class _Ingested:
    changed: bool
    reason: str | None = None


@dataclass(frozen=True)
class _StoreFailure:
    message: str


@dataclass(frozen=True)
class _Interrupted:
    """The service is stopping: the file was not judged (it is tried again at the next start)."""


def _ingest_ready(
    runtime: Runtime, ready: Sequence[FileSnapshot], now: datetime
) -> Iterator[tuple[FileSnapshot, _Ingested | _StoreFailure | _Interrupted]]:
    """Ingest the settled files in order, each outcome classified (changed, skipped, store broken).

    The store takes one file at a time, in order, while the next files are
    already being extracted by the other workers (``pipeline.ingest_files``).
    """
    settings = runtime.settings
    refused = {snap.path: problem for snap in ready
               if (problem := admission_problem(Path(snap.path), settings.inbox, settings.max_file_bytes))}
    admitted = [snap for snap in ready if snap.path not in refused]
    sandbox = runtime.sandbox
    depth = AHEAD_FILES * sandbox.jobs if sandbox is not None and sandbox.jobs > 1 else 0

    def files_from(index: int) -> Iterator[pipeline.FileResult]:
        paths = [Path(snap.path) for snap in admitted[index:]]
        extract = watch_extractor(extractor_for(runtime, now), runtime.unknown_years)
        return pipeline.ingest_files(runtime.store, paths, now, extract=extract, depth=depth)

    done = 0
    results = files_from(0)
    try:
        for snap in ready:
            if runtime.stop.is_set():
                yield snap, _Interrupted()
                return
            runtime.activity.beat()
            if snap.path in refused:
                yield snap, _Ingested(False, refused[snap.path])
                continue
            done += 1
            try:
                result = next(results)
            except ExtractionInterrupted:
                yield snap, _Interrupted()
                return
            except sqlite3.Error as exc:
                message = f"store {settings.store}: {exc}"
                store_trouble(runtime, message)
                yield snap, _StoreFailure(message)
                return
            except Exception as exc:  # an extractor bug must not stop the service
                log.exception("%s: ingest failed", snap.path)
                results = files_from(done)
                yield snap, _Ingested(False, f"{type(exc).__name__}: {exc}")
                continue
            if result.skipped is not None:
                yield snap, _Ingested(False, result.skipped.reason)
            else:
                yield snap, _Ingested(_file_changed(result))
    finally:
        results.close()


def _file_changed(result: pipeline.FileResult) -> bool:
    """Did ingesting the file add, change or withdraw any notice?"""
    return any(
        outcome is not None and bool(outcome.new or outcome.updated or outcome.withdrawn)
        for _, outcome in result.articles
    )


def _notice_count(store: Any) -> int | None:
    try:
        return int(store.notice_count())
    except (AttributeError, sqlite3.Error):
        return None


def _remember(runtime: Runtime, key: str, value: dict[str, Any]) -> None:
    with runtime._guard:
        setattr(runtime, key, value)
    runtime.state_put(key, value)
