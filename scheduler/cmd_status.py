"""``notices status [--json]``: next runs, last results, store counts, feeds and URLs."""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from scheduler.cmd_serve import load_or_refuse
from scheduler.config import Settings, add_service_flags
from scheduler.jobs import next_slot
from scheduler.lock import InstanceLock, LockHeld


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
    from scheduler.service_state import ServiceState
    from scheduler.store import Store

    running = _service_running(settings)
    state = ServiceState(settings.store)
    try:
        last_poll = state.get("last_poll")
        last_digest = state.get("last_digest")
        problems = state.get("problems") or {}
        files = Counter(record.status for record in state.files().values())
        failed = sorted((r.path, r.reason or "") for r in state.files().values() if r.status == "failed")
        digest_days = sorted(state.digest_days())
    finally:
        state.close()
    with Store.open(settings.store) as store:
        notices = store.notice_count()
        active = len(store.stored_notices())
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
        "feeds": [{"path": f.path, "url": f.url,
                   "webcal": "webcal://" + f.url.split("://", 1)[1]} for f in feeds],
    }


def _service_running(settings: Settings) -> bool:
    """Is a service holding the store's lock right now?"""
    lock = InstanceLock(settings.store)
    try:
        lock.acquire()
    except LockHeld:
        return True
    lock.release()
    return False


def run_status(args: argparse.Namespace) -> int:
    """Entry point of ``notices status``."""
    settings = load_or_refuse(args)
    now = datetime.now(settings.zone)  # the command boundary reads the clock
    status = collect_status(settings, now)
    if args.json:
        json.dump(status, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 0
    print(f"service:      {'running' if status['running'] else 'not running'} (store {status['store']})")
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
    print(f"state:        {'DEGRADED' if status['degraded'] else 'ok'}")
    for area, message in sorted(status["problems"].items()):
        print(f"  {area}: {message}")
    print("feeds:")
    for feed in status["feeds"] or []:
        print(f"  {feed['path']}  {feed['url']}  {feed['webcal']}")
    if not status["feeds"]:
        print("  (none yet)")
    return 0
