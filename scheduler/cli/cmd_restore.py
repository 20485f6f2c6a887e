"""``notices restore PATH``: put a backup back in place of the store.

The backup is checked first (``PRAGMA quick_check``, schema version, every
table).  The service must be stopped: the command takes the store's instance
lock and refuses while a service holds it.  The store it replaces is kept as
``<store>.before-restore``.  At its next start the service rebuilds the feeds
from the restored store (held back, as always, if that would drop more than
``publish_max_drop`` of the published events; ``notices run --once --force``
publishes anyway).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from scheduler.cli import CommandError
from scheduler.cli.cmd_serve import load_or_refuse
from scheduler.config import add_service_flags
from scheduler.service.lock import InstanceLock, LockHeld, LockUnavailable
from scheduler.store.backup import restore_store
from scheduler.store.schema import StoreError


def register(subparsers: Any) -> None:
    """Add ``restore`` to the CLI.

    Example: ``notices restore /backup/notices-20240508-070000.sqlite3`` → "restored 909 notices …".
    """
    parser = subparsers.add_parser(
        "restore",
        help="replace the store with a backup (stop the service first)",
        description="Check a backup and copy it into place of the store; the old store is kept "
        "as <store>.before-restore.",
    )
    parser.add_argument("path", type=Path, metavar="PATH", help="a file written by `notices backup`")
    add_service_flags(parser)
    parser.set_defaults(func=run_restore)


def run_restore(args: argparse.Namespace) -> int:
    """Entry point of ``notices restore``."""
    settings = load_or_refuse(args)
    try:
        with InstanceLock(settings.store):
            result = restore_store(args.path, settings.store)
    except LockHeld as exc:
        raise CommandError(f"{exc}; stop the service before restoring") from None
    except (LockUnavailable, StoreError, OSError) as exc:
        raise CommandError(str(exc)) from None
    kept = f"; the previous store is kept as {result.previous}" if result.previous else ""
    print(f"restored {result.notices} notices (schema {result.version}) from {args.path} "
          f"into {result.path}{kept}")
    return 0
