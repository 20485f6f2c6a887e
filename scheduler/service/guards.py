"""The service's guards around each tick, kept out of ``scheduler.service.jobs`` to keep it small.

- ``open_tick_store``: before a tick touches the store, a cheap look (the file
  is there, not empty, an SQLite header); a store found broken is taken out
  of use (the state moves to memory, the feeds on disk stay as they are) and
  fully re-checked at each later tick until it is whole again.
- ``store_trouble``: a store error is logged once per distinct message, not
  once per poll, and shows in ``/healthz``.
- ``extractor_for``: the extraction hook given to ``pipeline.ingest`` — the
  worker process with its time limit (``scheduler.service.sandbox``), the arrival
  time as fallback publication time (basis ``received``).
- ``settle_clock``: monotonic service time (``scheduler.service.timeline``), logged.
- ``inbox_reporter``: rate-limited reports of inbox problems (``scheduler.service.noise``).
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from notices.extract import Document, extract_document
from scheduler.inputs.inbox import InputError, SourceDoc
from scheduler.publish.guard import missing_outputs, restore_digest, restore_front_page
from scheduler.service.ahead import AnswerClaim
from scheduler.service.noise import Reporter
from scheduler.service.sandbox import (
    ExtractionFailed,
    ExtractionInterrupted,
    ExtractionTimedOut,
    ExtractRequest,
    WorkerUnavailable,
)
from scheduler.service.timeline import ClockReading, describe, read_clock
from scheduler.store.check import check_store, quick_look
from scheduler.store.schema import StoreError
from scheduler.store.service_state import ServiceState
from scheduler.store.store import Store

if TYPE_CHECKING:
    from scheduler.service.jobs import Runtime

log = logging.getLogger("notices.jobs")

Extractor = Callable[[SourceDoc, "datetime | None"], Document]
"""``extract(doc, fallback)`` → the document's notices; raises ``InputError`` to skip it."""

CLOCK_MARK = "clock_mark"
INBOX_PROBLEMS = "inbox_problems"
CLOCK_PROBLEMS = "clock_problems"


def store_trouble(runtime: Runtime, message: str) -> None:
    """Record a store problem; log it only when it is new or its message changed.

    Example: "state/notices.sqlite3: database or disk is full" is logged at the first failing
    poll and not again until it recovers or says something else.
    """
    if runtime.problems.get("store") != message:
        log.error("%s (retrying at the next poll)", message)
    runtime.set_problem("store", message)


def open_tick_store(runtime: Runtime) -> Store | None:
    """The store for this tick, or None when it is not usable (the problem is recorded).

    Example: after ``rm state/notices.sqlite3`` under a running service → None, with
    /healthz saying "store: state/notices.sqlite3: missing …" and the feeds left untouched.
    """
    path = runtime.settings.store
    verdict = quick_look(path) if runtime.store_usable else check_store(path)
    if not verdict.ok:
        known = runtime.problems.get("store") or ""
        if runtime.store_usable or not known.startswith(verdict.message()):
            _take_out_of_use(runtime, f"{verdict.message()}; the feeds already published are left as they are")
        return None
    try:
        store = Store.open(path, create=False)
    except (StoreError, OSError, sqlite3.Error) as exc:
        _take_out_of_use(runtime, f"{exc}; the feeds already published are left as they are")
        return None
    if not runtime.store_usable:
        try:
            state = ServiceState(path)
        except (StoreError, OSError, sqlite3.Error) as exc:
            store.close()
            _take_out_of_use(runtime, str(exc))
            return None
        old, runtime.state = runtime.state, state
        old.close()
        runtime.store_usable = True
        runtime.feeds_dirty = True
        log.info("%s: the store is usable again", path)
        runtime.set_problem("store", None)
    return store


def _take_out_of_use(runtime: Runtime, message: str) -> None:
    """Stop writing to a broken store: keep the service's memory in RAM until it is whole."""
    if runtime.store_usable:
        runtime.store_usable = False
        old, runtime.state = runtime.state, ServiceState.in_memory()
        try:
            old.close()
        except sqlite3.Error:
            pass
    store_trouble(runtime, message)


def extractor_for(runtime: Runtime, now: datetime) -> Extractor:
    """The extraction hook for this tick (see the module notes).

    The hook also has ``submit(doc, fallback)``, which hands the document to
    a worker at once and returns a call that waits for the same answer, so
    ``pipeline.ingest_files`` can keep every worker busy.

    Example: extractor_for(runtime, now)(doc_of_停水通知, None) → Document(published=PublishedAt(…,
    "front-matter"), notices=(<5月14日停水>,)); an undated page gets basis "received" at ``now``.
    """
    sandbox = runtime.sandbox

    def submit(doc: SourceDoc, fallback: datetime | None) -> Callable[[], Document]:
        when = fallback or now
        if sandbox is None:
            return lambda: extract_document(doc.text, source=doc.path, meta=doc.meta, fallback=when)
        ticket = sandbox.submit(ExtractRequest(doc.text, doc.path, dict(doc.meta), when))
        return AnswerClaim(ticket, lambda done: _answer(runtime, doc, done))

    def extract(doc: SourceDoc, fallback: datetime | None) -> Document:
        return submit(doc, fallback)()

    extract.submit = submit  # type: ignore[attr-defined]
    return extract


def _answer(runtime: Runtime, doc: SourceDoc, ticket: Any) -> Document:
    """A worker's answer for ``doc``, its failures turned into what the poll understands."""
    try:
        document = ticket.result()
    except ExtractionTimedOut as exc:
        raise InputError(doc.path, f"{exc}; quarantined") from None
    except WorkerUnavailable as exc:  # not the file's fault: stop this poll, try again later
        if runtime.problems.get("extract") != str(exc):
            log.error("%s (retrying at the next poll)", exc)
        runtime.set_problem("extract", str(exc))
        raise ExtractionInterrupted() from None
    except ExtractionFailed as exc:
        if runtime.stop.is_set():
            raise ExtractionInterrupted() from None
        raise InputError(doc.path, f"extraction failed: {exc}") from None
    if "extract" in runtime.problems:
        runtime.set_problem("extract", None)
    return document  # type: ignore[no-any-return]


def settle_clock(runtime: Runtime, now: datetime) -> ClockReading:
    """Judge ``now`` against the service's clock mark, log what is odd, keep the new mark.

    Example: a run with --now two days before the last poll logs "clock went back 2 days …"
    and returns a reading whose ``now`` is the last poll's time and which skips the digest.
    """
    stored = runtime.state.get(CLOCK_MARK)
    mark = None if runtime.reset_clock or not stored else datetime.fromisoformat(stored)
    if runtime.reset_clock and stored:
        log.warning("clock mark %s reset to %s (--reset-clock)", stored, now.isoformat())
    reading = read_clock(now, mark, runtime.settings.poll_seconds)
    problems: dict[str, str] = {}
    if reading.backwards is not None:
        # Stable wording while the mark stands, so a clock that stays behind is reported once.
        problems["clock"] = (
            f"the clock went back: now is before the last poll at {reading.mark.isoformat()}; "
            "acting as of that poll, no digest or catch-up until the clock passes it"
        )
    if reading.jump is not None:
        problems["clock"] = (
            f"the clock jumped {describe(reading.jump)} ahead of the last poll ({now.isoformat()}); "
            "acting on it"
        )
    Reporter(runtime.state.get, runtime.state_put, CLOCK_PROBLEMS, log).report(problems, reading.now)
    behind = problems.get("clock") if reading.backwards is not None else None
    if behind is not None or "clock" in runtime.problems:
        runtime.set_problem("clock", behind)  # /healthz says so while the clock is behind
    if reading.mark.isoformat() != stored:
        runtime.state_put(CLOCK_MARK, reading.mark.isoformat())
    return reading


def outputs_stale(runtime: Runtime) -> bool:
    """Must the feeds be rebuilt although this poll changed nothing?

    Yes when a feed file of the last rebuild was deleted by hand, or when
    notices changed behind the service's back (``notices withdraw``).

    Example: after ``rm -rf output/feeds`` → True, and the next rebuild writes them all again.
    """
    missing = missing_outputs(runtime.settings.output, runtime.feed_names)
    if missing:
        log.info("feed files missing from %s/feeds (%s); rewriting them",
                 runtime.settings.output, ", ".join(missing[:3]) + (" …" if len(missing) > 3 else ""))
        return True
    return runtime.store is not None and runtime.store.change_mark() != runtime.feeds_mark


def repair_latest_digest(runtime: Runtime, now: datetime) -> list[str]:
    """Rewrite the front page and the latest digest if their files were deleted; returns the paths written.

    Example: ``rm output/digests/2024-05-08.md`` → ["output/digests/2024-05-08.md"] at the next poll.
    """
    settings = runtime.settings
    if runtime.store is None:
        return []
    try:
        written = restore_front_page(runtime.store, settings.output, now, settings)
        last = runtime.state.last_digest()
        if last is not None:
            written += restore_digest(runtime.store, settings.output, last.day, now, settings=settings)
    except (OSError, sqlite3.Error) as exc:
        log.debug("cannot restore the latest digest: %s", exc)
        return []
    for path in written:
        log.info("rewrote %s (it had been deleted)", path)
    return [str(path) for path in written]


def inbox_reporter(runtime: Runtime) -> Reporter:
    """Rate-limited log lines for inbox problems (links out, loops, FIFOs, unreadable folders).

    Example: inbox_reporter(runtime).report({"inbox/管道": "a named pipe (FIFO), …"}, now).
    """
    return Reporter(runtime.state.get, runtime.state_put, INBOX_PROBLEMS, log, prefix="inbox: ")
