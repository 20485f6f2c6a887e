"""``notices status [--json]``: next runs, last results, store counts, sources, feeds and URLs.

Read-only: it never creates the store, its folder or the lock file, and opens
the store so that not even SQLite's ``-shm`` file is created
(``scheduler.store.check``).  Run as root before the service's first start,
it leaves nothing behind that the service's own user could not open.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from scheduler.cli.cmd_serve import load_or_refuse
from scheduler.config import Settings, add_service_flags


def register(subparsers: Any) -> None:
    """Add ``status`` to the CLI.

    Example: ``notices status`` → "service: running … next digest 2024-05-09T07:00+08:00 …".
    """
    parser = subparsers.add_parser(
        "status",
        help="show the service's next runs, last results, counts, feeds and their URLs",
    )
    parser.add_argument("--json", action="store_true", help="print the status as JSON")
    add_service_flags(parser)
    parser.set_defaults(func=run_status)


@dataclass(frozen=True)
class FeedLink:
    """A feed file and the URL subscribers use.

    Example: FeedLink("output/feeds/all.ics", "http://127.0.0.1:8080/feeds/all.ics").
    """

    path: str
    url: str


def collect_status(settings: Settings, now: datetime) -> dict[str, Any]:
    """Everything ``status`` shows, as a JSON-ready dict (reads the store, never writes feeds).

    Example: {"running": True, "next_digest": "2024-05-09T07:00:00+08:00", "notices": 2, …}.
    """
    from scheduler.service.jobs import next_slot
    from scheduler.service.lock import InstanceLock
    from scheduler.store.check import check_store
    from scheduler.store.schema import StoreError

    running = InstanceLock(settings.store).probe()
    verdict = check_store(settings.store)
    last_poll = last_digest = None
    problems: dict[str, str] = {}
    files: Counter[str] = Counter()
    failed: list[tuple[str, str]] = []
    digest_days: list[Any] = []
    sources: list[Any] = []
    notices = active = 0
    if verdict.ok:
        for attempt in (1, 2):  # an unlocked read may meet a write in progress: try once more
            try:
                state_values, counts = _read_store(settings)
            except (StoreError, sqlite3.Error, OSError) as exc:
                problems = {"store": f"{settings.store}: cannot read: {exc}"}
            else:
                last_poll, last_digest, problems, files, failed, digest_days, sources = state_values
                notices, active = counts
                break
    elif verdict.state == "missing" and not running:
        pass  # not created yet: the service creates it at its first start
    else:
        problems = {"store": verdict.message()}
    next_poll = None
    if running and last_poll:
        at = datetime.fromisoformat(last_poll["at"]) + timedelta(seconds=settings.poll_seconds)
        next_poll = max(at, now).isoformat()
    base = settings.public_base_url
    feeds = [
        FeedLink(str(path), f"{base}/feeds/{path.name}")
        for path in sorted((settings.output / "feeds").glob("*.ics"))
        if not path.name.startswith(".")
    ]
    return {
        "now": now.isoformat(),
        "running": running,
        "store": str(settings.store),
        "store_check": verdict.state,
        "output": str(settings.output),
        "inbox": [str(path) for path in settings.inbox],
        "next_poll": next_poll,
        "next_digest": next_slot(now, settings.digest_time, settings.zone).isoformat(),
        "last_poll": last_poll,
        "last_digest": last_digest,
        "digests_written": len(digest_days),
        "degraded": bool(problems),
        "problems": problems,
        "notices": {"active": active, "total": notices},
        "inbox_files": dict(sorted(files.items())),
        "failed_files": [{"path": p, "reason": r} for p, r in failed],
        "sources": source_lines(settings, sources),
        "front_page": f"{base}/",
        "feeds": [{"path": f.path, "url": f.url,
                   "webcal": "webcal://" + f.url.split("://", 1)[1]} for f in feeds],
    }


def source_lines(settings: Settings, records: Sequence[Any]) -> list[dict[str, Any]]:
    """One entry per ``[[sources]]`` URL: its name, kind and interval, and what its last fetch did.

    ``records`` are ``scheduler.store.service_state.SourceRecord`` values in the
    config's order (none when the store could not be read: then every
    source shows as never fetched).

    Example: [{"url": "http://127.0.0.1:8000/news/rss.xml", "name": "青石新闻网", "kind": "feed",
    "every": "30m", "last_fetch": "2024-05-07T08:01:00+08:00", "status": "unchanged", "error": None,
    "items": 3, "problem_items": 0, "last_ok": "2024-05-07T08:01:00+08:00"}].
    """
    known = {record.url: record for record in records}
    lines = []
    for spec in settings.sources:
        record = known.get(spec.url)
        lines.append({
            "url": spec.url,
            "name": spec.name,
            "kind": spec.kind,
            "every": _interval(spec.every),
            "last_fetch": record.last_attempt if record else None,
            "status": record.status if record else None,
            "error": record.error if record else None,
            "items": record.items if record else None,
            "problem_items": record.problem_items if record else None,
            "last_ok": record.last_ok if record else None,
        })
    return lines


def _interval(every: timedelta | None) -> str:
    """``30m``, ``2h``, ``1d``, ``90s``; "every poll" when the source has no interval."""
    if every is None:
        return "every poll"
    seconds = int(every.total_seconds())
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds % size == 0:
            return f"{seconds // size}{unit}"
    return f"{seconds}s"


def _source_text(item: dict[str, Any]) -> str:
    """One source as ``status`` prints it (after two spaces)."""
    label = f"{item['name']} <{item['url']}>" if item["name"] else item["url"]
    head = f"{label} ({item['kind']}, {item['every']})"
    if item["last_fetch"] is None:
        return f"{head}: never fetched"
    text = f"{head}: last fetch {item['last_fetch']} {item['status']}"
    if item["status"] == "failed":
        text += f": {item['error']}"
        text += f"; last ok {item['last_ok']}" if item["last_ok"] else "; never fetched successfully"
    if item["items"] is not None:
        failed = f", {item['problem_items']} with problems" if item["problem_items"] else ""
        text += f"; {item['items']} items in the last answer read{failed}"
    return text


def _read_store(settings: Settings) -> tuple[tuple[Any, ...], tuple[int, int]]:
    """The service state and notice counts, read without changing anything."""
    from scheduler.store.service_state import ServiceState
    from scheduler.store.store import Store

    state = ServiceState.open_readonly(settings.store)
    try:
        records = state.files()
        state_values = (
            state.get("last_poll"),
            state.get("last_digest"),
            state.get("problems") or {},
            Counter(record.status for record in records.values()),
            sorted((r.path, r.reason or "") for r in records.values() if r.status == "failed"),
            sorted(state.digest_days()),
            [state.source(spec.url) for spec in settings.sources],
        )
    finally:
        state.close()
    with Store.open_readonly(settings.store) as store:
        active, total = store.notice_counts()  # one aggregate query: nothing loaded, even at 100,000
    return state_values, (total, active)


def run_status(args: argparse.Namespace) -> int:
    """Entry point of ``notices status``."""
    settings = load_or_refuse(args)
    now = datetime.now(settings.zone)  # the command boundary reads the clock
    status = collect_status(settings, now)
    if args.json:
        json.dump(status, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 0
    store_note = {"ok": "", "missing": ", not created yet"}.get(status["store_check"], f", {status['store_check']}")
    print(f"service:      {'running' if status['running'] else 'not running'} "
          f"(store {status['store']}{store_note})")
    print(f"next poll:    {status['next_poll'] or '-'}")
    print(f"next digest:  {status['next_digest']}")
    poll = status["last_poll"]
    if poll:
        print(f"last poll:    {poll['at']}: {poll['files']} files, {len(poll['ingested'])} ingested, "
              f"{len(poll['failed'])} failed, {len(poll['feeds_written'])} feeds written")
    else:
        print("last poll:    never")
    digest = status["last_digest"]
    if digest:
        kind = " (catch-up)" if digest["catch_up"] else ""
        print(f"last digest:  {digest['day']} written {digest['at']}{kind}")
    else:
        print("last digest:  never")
    print(f"notices:      {status['notices']['active']} active, {status['notices']['total']} total")
    print("inbox files:  " + (", ".join(f"{n} {k}" for k, n in status["inbox_files"].items()) or "none"))
    for item in status["failed_files"]:
        print(f"  failed {item['path']}: {item['reason']}")
    if status["sources"]:
        print("sources:")
        for source in status["sources"]:
            print(f"  {_source_text(source)}")
    print(f"state:        {'DEGRADED' if status['degraded'] else 'ok'}")
    for area, message in sorted(status["problems"].items()):
        print(f"  {area}: {message}")
    print(f"front page:   {status['front_page']}")
    print("feeds:")
    for feed in status["feeds"] or []:
        print(f"  {feed['path']}  {feed['url']}  {feed['webcal']}")
    if not status["feeds"]:
        print("  (none yet)")
    return 0
