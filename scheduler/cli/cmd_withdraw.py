"""``notices withdraw UID [--reason TEXT] [--undo]``: an editor takes a notice down.

The notice leaves every feed and digest and stays withdrawn even if its
source is ingested again; ``--undo`` brings it back (if a source still states
it).  Safe while the service runs: the service notices the change at its
next poll and republishes the feeds.  The store must exist; nothing is
created.
"""

from __future__ import annotations

import argparse
from datetime import datetime
from typing import Any

from scheduler.cli import CommandError
from scheduler.cli.cmd_serve import load_or_refuse
from scheduler.config import add_service_flags
from scheduler.store.schema import StoreError
from scheduler.store.store import Store


def register(subparsers: Any) -> None:
    """Add ``withdraw`` to the CLI.

    Example: ``notices withdraw meeting-2024-05-09-… --reason "25:00 不是有效时间"``.
    """
    parser = subparsers.add_parser(
        "withdraw",
        help="take a notice out of the feeds and digests (an editor's decision)",
        description="Withdraw the notice with this UID (as in the feeds' UID: lines); it stays "
        "withdrawn until --undo, whatever its sources say.",
    )
    parser.add_argument("uid", metavar="UID", help="the notice's UID")
    parser.add_argument("--reason", default="withdrawn by an editor", help="why (kept in the store)")
    parser.add_argument("--undo", action="store_true", help="reverse an earlier withdrawal")
    add_service_flags(parser)
    parser.set_defaults(func=run_withdraw)


def run_withdraw(args: argparse.Namespace) -> int:
    """Entry point of ``notices withdraw``."""
    settings = load_or_refuse(args)
    now = datetime.now(settings.zone)  # the command boundary reads the clock
    uid = args.uid.strip()  # as in the feeds' UID: lines
    try:
        with Store.open(settings.store, create=False) as store:
            done = store.undo_withdrawal(uid, now) if args.undo else store.withdraw_notice(uid, args.reason, now)
    except (StoreError, OSError) as exc:
        raise CommandError(str(exc)) from None
    if not done:
        what = "was not withdrawn by an editor" if args.undo else "no notice has this UID"
        raise CommandError(f"{args.uid}: {what}")
    verb = "restored" if args.undo else "withdrawn"
    print(f"{args.uid}: {verb}; the service republishes the feeds at its next poll "
          "(without a running service: `notices run --once`)")
    return 0

