"""``notices run --once [--now ISO]``: exactly what the schedule would do at that moment.

Poll the inbox (ingest settled files, rebuild feeds if needed), then write
the digest if its slot is due and not yet written, catch-up included.  This
is what a systemd timer calls instead of a long-running ``serve``, and what
tests use to walk through a simulated week without faking the clock.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime
from typing import Any

from typing import TYPE_CHECKING

from scheduler.cli import CommandError
from scheduler.cli.cmd_serve import load_or_refuse
from scheduler.config import add_service_flags

if TYPE_CHECKING:
    from scheduler.service.jobs import TickResult


def register(subparsers: Any) -> None:
    """Add ``run`` to the CLI.

    Example: ``notices run --once --now 2024-05-08T07:00`` writes the 5月8日 digest listing 停水.
    """
    parser = subparsers.add_parser(
        "run",
        help="run the scheduled work once (poll, then the digest if due) and exit",
        description="Do what `notices serve` would do at one moment: poll the inbox, rebuild "
        "feeds if notices changed, then write the digest if its slot is due.",
    )
    parser.add_argument("--once", action="store_true", required=True,
                        help="run one tick and exit (required)")
    parser.add_argument("--now", metavar="ISO",
                        help="the moment to act as (e.g. 2024-05-08T07:00; naive = configured zone)")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    parser.add_argument("--force", action="store_true",
                        help="publish the rebuilt feeds even if they drop more than publish_max_drop "
                        "of the published events")
    parser.add_argument("--reset-clock", action="store_true",
                        help="accept --now (or the clock) even if it is before the last poll, e.g. "
                        "after a mistaken far-future --now")
    add_service_flags(parser)
    parser.set_defaults(func=run_once)


def parse_now(text: str, zone: Any) -> datetime:
    """``--now`` text to an aware datetime; a naive value is read in ``zone``.

    Example: parse_now("2024-05-08T07:00", ZoneInfo("Asia/Shanghai")) → 2024-05-08T07:00+08:00.
    """
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        raise CommandError(f"--now: not an ISO date-time: {text!r}") from None
    return value.replace(tzinfo=zone) if value.tzinfo is None else value


def run_once(args: argparse.Namespace) -> int:
    """Entry point of ``notices run --once``; 0 when all went well, 1 when degraded."""
    from scheduler import logs
    from scheduler.service.jobs import run_tick
    from scheduler.service.lock import LockHeld, LockUnavailable
    from scheduler.service.serve import configure_logging, open_runtime, stop_on_signals

    settings = load_or_refuse(args)
    zone = settings.zone
    # The clock is read here, at the command boundary, and nowhere below.
    now = parse_now(args.now, zone) if args.now else datetime.now(zone)
    configure_logging()  # the service's APScheduler filters; then our handler, level and zone
    logs.configure(zone=zone)
    try:
        with open_runtime(settings, force=args.force, reset_clock=args.reset_clock) as runtime, \
                stop_on_signals(runtime):
            result = run_tick(runtime, now)
            problems = dict(runtime.problems)
    except (LockHeld, LockUnavailable) as exc:
        raise CommandError(str(exc)) from None
    _print(result, problems, as_json=args.json)
    return 1 if problems else 0


def _print(result: TickResult, problems: dict[str, str], *, as_json: bool) -> None:
    if as_json:
        document = {
            "poll": result.poll.to_json(),
            "digest": result.digest.to_json() if result.digest else None,
            "problems": problems,
        }
        json.dump(document, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return
    poll = result.poll
    print(f"poll at {poll.at.isoformat()}: {poll.files} inbox files, "
          f"{len(poll.ingested)} ingested, {len(poll.waiting)} waiting to settle, "
          f"{len(poll.failed)} failed")
    for path, reason in poll.failed:
        print(f"  skipped {path}: {reason}")
    for path in poll.feeds_written:
        print(f"  wrote {path}")
    if result.digest is None:
        print("digest: nothing due")
    elif result.digest.error:
        print(f"digest: {result.digest.error}")
    else:
        kind = "catch-up digest" if result.digest.catch_up else "digest"
        print(f"{kind} for {result.digest.day}: " + ", ".join(result.digest.paths))
    for area, message in sorted(problems.items()):
        print(f"degraded ({area}): {message}")
