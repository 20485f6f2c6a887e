"""The service's poll of its ``[[sources]]``: fetch what is due, ingest what changed.

Called by ``scheduler.service.jobs.poll`` with the tick's ``now``.  Per source the
service state keeps (key ``source:<url>``) the validators of the last good
answer, when it was last tried, how that went (fetched, unchanged or failed,
with the error) and how many items the last answer held, which ``notices
status`` shows; teaser pages of feed items keep their own validators
(``page:<url>``).  So:

- an unchanged feed or page costs one conditional request (304) and nothing else;
- a source with ``every = "30m"`` is fetched at the first poll 30 minutes after the last try;
- a failure (timeout, 404, 5xx after retries, robots.txt, too large, not a
  feed…) is logged as one line naming the URL and the reason, recorded in
  the store's skipped inputs, and tried again when next due; the other
  sources go on and nothing stored is touched;
- a store error stops the poll of sources (the tick reports it) without
  remembering the answer, so the next poll fetches again.
"""

from __future__ import annotations

import logging
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from scheduler.inputs.fetch import FetchMemory, FetchOptions, Fetcher, Validators, default_user_agent
from scheduler.inputs.inbox import InputError
from scheduler.inputs.remote import RemoteRead, read_url
from scheduler.inputs.sources import SourceSpec, is_due
from scheduler.store.service_state import SOURCE_STATE_PREFIX

log = logging.getLogger("notices.sources")

PAGE_STATE_PREFIX = "page:"


@dataclass(frozen=True)
class SourcesPoll:
    """What one poll of the sources did.

    Example: SourcesPoll(fetched=("http://127.0.0.1:8000/news/rss.xml",), changed=True) after a new item;
    SourcesPoll(unchanged=("http://127.0.0.1:8000/news/rss.xml",)) when the feed answered 304.
    """

    fetched: tuple[str, ...] = ()
    unchanged: tuple[str, ...] = ()
    failed: tuple[tuple[str, str], ...] = ()
    changed: bool = False
    store_error: str | None = None
    interrupted: bool = False


def fetch_options(settings: Any) -> FetchOptions:
    """The fetcher's limits from the service settings.

    Example: fetch_options(Settings(fetch_timeout_seconds=5)).timeout_seconds == 5.
    """
    return FetchOptions(
        timeout_seconds=float(settings.fetch_timeout_seconds),
        max_bytes=int(settings.fetch_max_bytes),
        host_interval_seconds=float(settings.fetch_host_interval_seconds),
        retries=int(settings.fetch_retries),
        user_agent=default_user_agent(settings.base_url),
    )


def _interrupted() -> type[BaseException]:
    from scheduler.service.sandbox import ExtractionInterrupted  # the service's own workers

    return ExtractionInterrupted


_INTERRUPTED = _interrupted()


def poll_sources(
    runtime: Any, now: datetime, *, options: FetchOptions | None = None, extract: Any = None
) -> SourcesPoll:
    """Fetch every due source and ingest its articles into ``runtime.store``.

    ``runtime`` is the service's ``scheduler.service.jobs.Runtime`` (settings, state,
    open store, stop flag); ``options`` overrides the fetcher's settings (tests);
    ``extract`` is the service's extraction hook (its workers, with their time and
    memory limits), else articles are extracted in this process.

    Example: with [[sources]] url = "http://127.0.0.1:8000/news/rss.xml", kind = "feed":
    poll_sources(runtime, 2024-05-06T10:00+08:00) → SourcesPoll(fetched=(…rss.xml,), changed=True).
    """
    specs: tuple[SourceSpec, ...] = runtime.settings.sources
    if not specs:
        return SourcesPoll()
    memory = getattr(runtime, "fetch_memory", None)
    if memory is None:
        memory = FetchMemory()
        runtime.fetch_memory = memory
    fetched: list[str] = []
    unchanged: list[str] = []
    failed: list[tuple[str, str]] = []
    changed = False
    with Fetcher(options or fetch_options(runtime.settings), memory=memory) as fetcher:
        for spec in specs:
            if runtime.stop.is_set():
                return SourcesPoll(tuple(fetched), tuple(unchanged), tuple(failed), changed, None, True)
            record = _record(runtime.state, spec.url)
            if not is_due(spec, _moment(record.get("last_attempt")), now):
                continue
            try:
                read = _fetch(runtime, fetcher, spec, record, now)
            except InputError as exc:
                log.warning("source %s: %s", spec.url, exc.reason)
                failed.append((spec.url, exc.reason))
                _remember(runtime, spec.url, record, now, error=exc.reason, status="failed")
                _record_skip(runtime, spec.url, exc.reason, now)
                continue
            if read.not_modified:
                unchanged.append(spec.url)
                _remember(runtime, spec.url, record, now, validators=read.validators, status="unchanged")
                continue
            try:
                source_changed, problems = _ingest(runtime, spec, read, now, extract)
            except sqlite3.Error as exc:
                message = f"store {runtime.settings.store}: {exc}"
                log.error("%s (retrying at the next poll)", message)
                runtime.set_problem("store", message)
                return SourcesPoll(tuple(fetched), tuple(unchanged), tuple(failed), changed, message)
            except _INTERRUPTED:  # the service is stopping: the workers were told to give up
                return SourcesPoll(tuple(fetched), tuple(unchanged), tuple(failed), changed, None, True)
            log.info("source %s: %d articles read%s", spec.url, len(read.documents),
                     ", notices changed" if source_changed else "")
            fetched.append(spec.url)
            failed.extend(problems)
            changed = changed or source_changed
            # Teaser pages that failed are retried next time: do not let a 304 hide them.
            keep = None if read.problems else read.validators
            _remember(runtime, spec.url, record, now, validators=keep, ok=True, status="fetched",
                      items=(len(read.documents) + len(read.unchanged), len(problems)))
            _clear_skip(runtime, spec.url)
    return SourcesPoll(tuple(fetched), tuple(unchanged), tuple(failed), changed)


def _fetch(runtime: Any, fetcher: Fetcher, spec: SourceSpec, record: dict[str, Any], now: datetime) -> RemoteRead:
    state = runtime.state

    def page_validators(key: str) -> Validators | None:
        return Validators.from_json(state.get(PAGE_STATE_PREFIX + key))

    try:
        return read_url(
            spec.url,
            fetcher,
            now=now,
            kind=spec.kind,
            validators=Validators.from_json(record.get("validators")),
            page_validators=page_validators,
        )
    except InputError:
        raise
    except Exception as exc:  # a library bug on odd input must not stop the service
        log.debug("source %s failed", spec.url, exc_info=True)
        raise InputError(spec.url, f"cannot read: {type(exc).__name__}: {exc}") from None


def _ingest(
    runtime: Any, spec: SourceSpec, read: RemoteRead, now: datetime, extract: Any = None
) -> tuple[bool, list[tuple[str, str]]]:
    """Ingest every article of one answer; sqlite errors propagate, others are per article."""
    from scheduler.pipeline import ingest_document  # the pipeline imports the inputs package

    changed = False
    problems = [(exc.path, exc.reason) for exc in read.problems]
    done = {key for key, _ in read.pages}
    for doc in read.documents:
        key = doc.key or spec.url
        try:
            outcome = ingest_document(runtime.store, doc, key, now, fallback=now, extract=extract)
        except sqlite3.Error:
            raise
        except InputError as exc:
            reason = exc.reason
        except Exception as exc:  # an extractor bug on one article must not stop the others
            reason = f"extraction failed: {type(exc).__name__}: {exc}"
        else:
            changed = changed or bool(outcome and (outcome.new or outcome.updated or outcome.withdrawn))
            continue
        log.warning("source %s: %s: %s", spec.url, key, reason)
        problems.append((key, reason))
        runtime.store.record_skip(key, reason, now)
        done.discard(key)
    for key, validators in read.pages:
        if key in done:
            runtime.state_put(PAGE_STATE_PREFIX + key, validators.to_json())
    return changed, problems


def _record(state: Any, url: str) -> dict[str, Any]:
    value = state.get(SOURCE_STATE_PREFIX + url)
    return dict(value) if isinstance(value, dict) else {}


def _remember(
    runtime: Any,
    url: str,
    record: dict[str, Any],
    now: datetime,
    *,
    validators: Validators | None = None,
    error: str | None = None,
    ok: bool = False,
    status: str = "fetched",
    items: tuple[int, int] | None = None,
) -> None:
    """Save what the service knows about a source (validators kept across failures).

    ``status`` and ``items`` (items in the answer, those with a problem) are
    what ``notices status`` shows (``scheduler.store.service_state.SourceRecord``);
    a 304 or a failure keeps the item counts of the last answer read.
    """
    updated = dict(record)
    updated["last_attempt"] = now.isoformat()
    updated["error"] = error
    updated["status"] = status
    if items is not None:
        updated["items"], updated["problem_items"] = items
    if ok or validators is not None:
        updated["last_ok"] = now.isoformat()
    if error is None:
        updated["validators"] = validators.to_json() if validators is not None else None
    runtime.state_put(SOURCE_STATE_PREFIX + url, updated)


def _record_skip(runtime: Any, url: str, reason: str, now: datetime) -> None:
    try:
        runtime.store.record_skip(url, reason, now)
    except sqlite3.Error as exc:
        log.warning("cannot record the failure of %s in the store: %s", url, exc)


def _clear_skip(runtime: Any, url: str) -> None:
    try:
        runtime.store.clear_skip(url)
    except sqlite3.Error as exc:
        log.warning("cannot clear the failure of %s in the store: %s", url, exc)


def _moment(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None
