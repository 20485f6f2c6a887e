"""``notices backup PATH``: a consistent copy of the store, taken while the service runs.

Uses SQLite's online backup API (``scheduler.store.backup``).  PATH may be a file
or an existing folder (the copy is then named ``notices-YYYYMMDD-HHMMSS.sqlite3``
in it, the one place this command reads the clock).  The store is only read:
if it does not exist, nothing is created.
"""

from __future__ import annotations

import argparse
from datetime import datetime
from pathlib import Path
from typing import Any

from scheduler.cli import CommandError
from scheduler.cli.cmd_serve import load_or_refuse
from scheduler.config import add_service_flags
from scheduler.store.backup import backup_store
from scheduler.store.schema import StoreError


def register(subparsers: Any) -> None:
    """Add ``backup`` to the CLI.

    Example: ``notices backup /backup/`` → "backed up 909 notices (schema 2) to
    /backup/notices-20240508-070000.sqlite3".
    """
    parser = subparsers.add_parser(
        "backup",
        help="copy the store to a file (safe while the service runs)",
        description="Copy the store with SQLite's online backup API; the copy is checked "
        "(PRAGMA quick_check) before it is put in place.",
    )
    parser.add_argument("path", type=Path, metavar="PATH", help="target file, or an existing folder")
    add_service_flags(parser)
    parser.set_defaults(func=run_backup)


def run_backup(args: argparse.Namespace) -> int:
    """Entry point of ``notices backup``."""
    settings = load_or_refuse(args)
    target: Path = args.path
    if target.is_dir():
        stamp = datetime.now(settings.zone).strftime("%Y%m%d-%H%M%S")  # the command boundary
        target = target / f"notices-{stamp}.sqlite3"
    try:
        result = backup_store(settings.store, target)
    except (StoreError, OSError) as exc:
        raise CommandError(str(exc)) from None
    print(f"backed up {result.notices} notices (schema {result.version}) to {result.path}")
    return 0
