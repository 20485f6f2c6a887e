"""``notices digest --date YYYY-MM-DD``: write (or print) one day's digest from the store."""

from __future__ import annotations

import argparse
import sys
from datetime import datetime
from pathlib import Path

from notices.model import SHANGHAI
from scheduler.cli import CommandError
from scheduler.cmd_build import build_settings, check_store_outside_output, parse_day
from scheduler.digest import render_markdown
from scheduler.pipeline import DIGESTS_FOLDER, digest_for, write_digest
from scheduler.store import Store, StoreError

STDOUT = "-"


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the ``digest`` subcommand.

    Example: ``notices digest --date 2023-04-26 --output -`` prints the 今日/明日/截止提醒 digest.
    """
    parser = subparsers.add_parser(
        "digest",
        help="write one day's digest from the store (or print it with --output -)",
        description="Write output/digests/YYYY-MM-DD.md and .html for one day from the "
        "store; with --output - print the Markdown to stdout instead (nothing is recorded).",
    )
    parser.add_argument("--date", type=parse_day, required=True, metavar="YYYY-MM-DD", dest="day")
    parser.add_argument("--output", metavar="DIR",
                        help="output folder (default output/), or - for stdout")
    parser.add_argument("--store", type=Path, metavar="PATH",
                        help="SQLite store (default state/notices.sqlite3)")
    parser.add_argument("--config", type=Path, metavar="FILE", help="TOML config file")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Write or print the digest; returns 0.

    Example: ``notices digest --date 2023-04-26`` → "wrote output/digests/2023-04-26.md".
    """
    to_stdout = args.output == STDOUT
    args.output = None if to_stdout or args.output is None else Path(args.output)
    settings = build_settings(args)
    if not to_stdout:
        check_store_outside_output(settings.store, settings.output)
    if not Path(settings.store).exists():
        raise CommandError(f"{settings.store}: no store yet (run `notices build PATH...` first)")
    # CLI boundary: the clock is read here only to bound 新发现 for a day never written before.
    now = datetime.now(SHANGHAI)
    try:
        store = Store.open(settings.store)
    except (StoreError, OSError) as exc:
        raise CommandError(f"{settings.store}: cannot open the store: {exc}") from exc
    with store:
        if to_stdout:
            # Links are made as in the written file (relative to the configured output).
            folder = Path(settings.output) / DIGESTS_FOLDER
            sys.stdout.write(render_markdown(digest_for(store, args.day, now, link_from=folder)))
            return 0
        written = write_digest(store, settings.output, args.day, now)
    for path in written:
        print(f"wrote {path}")
    if not written:
        print(f"unchanged {Path(settings.output) / 'digests' / args.day.isoformat()}.md")
    return 0
