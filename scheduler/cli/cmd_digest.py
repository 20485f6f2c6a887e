"""``notices digest [--date DAY]``: write (or print) one day's digest from the store.

The day defaults to today in the configured zone (``--date yesterday`` and
``昨天`` work too).  Writing takes the store's lock, like ``build`` and
``serve``; printing (``--output -``) only reads and needs no lock.
"""

from __future__ import annotations

import argparse
import sys
from datetime import datetime
from pathlib import Path

from scheduler.cli import CommandError
from scheduler.cli.cmd_build import build_settings, check_store_outside_output, day_flag, locked_store

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
    parser.add_argument("--date", metavar="DAY", dest="day",
                        help="YYYY-MM-DD, today/今天, yesterday/昨天 (default: today in the configured zone)")
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
    from scheduler.pipeline import DIGESTS_FOLDER, digest_for, write_digest
    from scheduler.publish.digest import render_markdown
    from scheduler.store.store import Store, StoreError

    to_stdout = args.output == STDOUT
    args.output = None if to_stdout or args.output is None else Path(args.output)
    settings = build_settings(args)
    if not to_stdout:
        check_store_outside_output(settings.store, settings.output)
    if not Path(settings.store).exists():
        raise CommandError(f"{settings.store}: no store yet (run `notices build PATH...` first)")
    # CLI boundary: the clock gives the default day and bounds 新发现 for a day never written before.
    now = datetime.now(settings.zone)
    day = day_flag(args.day, now.date(), "--date")
    if to_stdout:
        try:
            store = Store.open_readonly(settings.store)
        except (StoreError, OSError) as exc:
            raise CommandError(f"{settings.store}: cannot open the store: {exc}") from None
        with store:
            # Links are made as in the written file (relative to the configured output).
            folder = Path(settings.output) / DIGESTS_FOLDER
            digest = digest_for(store, day, now, link_from=folder, max_items=settings.digest_max_items)
        sys.stdout.write(render_markdown(digest))
        return 0
    with locked_store(settings) as store:
        written = write_digest(store, settings.output, day, now, settings=settings)
    for path in written:
        print(f"wrote {path}")
    if not written:
        print(f"unchanged {Path(settings.output) / 'digests' / day.isoformat()}.md")
    return 0
