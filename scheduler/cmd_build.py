"""``notices build [PATH...]``: ingest files into the store, then write feeds and a digest.

This is a CLI boundary: it is the one place (with ``digest``) that reads the
clock, and only when ``--as-of`` is not given.  ``--as-of D`` runs the whole
build as if it were D at the configured digest time (07:00 by default), which
makes the output reproducible for a given store.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path
from typing import TextIO

from notices.model import SHANGHAI
from scheduler.cli import CommandError
from scheduler.config import ConfigError, Settings, load_settings
from scheduler.pipeline import IngestReport, Progress, ingest, rebuild_feeds, write_digest
from scheduler.publish import PublishGuard, PublishHeld
from scheduler.store import Store, StoreError

PROGRESS_THRESHOLD = 20
"""Show a progress line on stderr when more files than this are read."""


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the ``build`` subcommand.

    Example: ``notices build seeds --as-of 2023-04-26`` → output/feeds/hotline.ics (热线问政) and
    output/digests/2023-04-26.md.
    """
    parser = subparsers.add_parser(
        "build",
        help="ingest files into the store and write the feeds and the digest",
        description="Ingest files or folders into the store, then write every feed "
        "(output/feeds/*.ics) and the digest for the as-of day "
        "(output/digests/YYYY-MM-DD.md and .html).  Exit status 1 if some input was skipped.",
    )
    parser.add_argument("paths", nargs="*", type=Path, metavar="PATH",
                        help="files or folders to ingest ('-' reads stdin); none: rebuild from the store")
    parser.add_argument("--as-of", type=parse_day, metavar="YYYY-MM-DD",
                        help="build as if it were this day (default: today in Asia/Shanghai)")
    parser.add_argument("--output", type=Path, metavar="DIR", help="output folder (default output/)")
    parser.add_argument("--store", type=Path, metavar="PATH",
                        help="SQLite store (default state/notices.sqlite3; never inside the output folder)")
    parser.add_argument("--config", type=Path, metavar="FILE", help="TOML config file")
    parser.add_argument("--force", action="store_true",
                        help="write the feeds even if they drop more than publish_max_drop of the "
                        "events published now")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Ingest, write feeds and digest, print what changed.

    Example: ``notices build seeds --as-of 2023-04-26`` prints
    "2 new, 0 updated, … notices" and the files written (all.ics, hotline.ics, 2023-04-26.md…).
    """
    settings = build_settings(args)
    check_store_outside_output(settings.store, settings.output)
    now = (
        datetime.combine(args.as_of, settings.digest_time, SHANGHAI)
        if args.as_of is not None
        else datetime.now(SHANGHAI)
    )
    day = now.astimezone(SHANGHAI).date()
    try:
        store = Store.open(settings.store)
    except (StoreError, OSError) as exc:
        raise CommandError(f"{settings.store}: cannot open the store: {exc}") from exc
    guard = PublishGuard(settings.output, settings.publish_max_drop, force=args.force)
    held: str | None = None
    with store:
        report = ingest(store, args.paths, now, progress=_progress_printer(sys.stderr))
        try:
            feeds = rebuild_feeds(store, settings.output, now, settings, guard=guard)
        except PublishHeld as exc:
            held, feeds = str(exc), []
        digests = write_digest(store, settings.output, day, now)
    print_report(report, [*feeds, *digests], settings, day, sys.stdout)
    if held is not None:
        print(f"notices: feeds not written: {held}", file=sys.stderr)
        return 1
    return 1 if report.skipped else 0


def build_settings(args: argparse.Namespace) -> Settings:
    """Settings from the optional config file plus ``--output``/``--store``.

    Example: ``--output 公开 --store state/s.sqlite3`` → Settings(output=公开, store=state/s.sqlite3, …).
    """
    overrides: dict[str, Path] = {}
    if args.output is not None:
        overrides["output"] = args.output
    if args.store is not None:
        overrides["store"] = args.store
    try:
        return load_settings(getattr(args, "config", None), overrides)
    except (ConfigError, OSError) as exc:
        raise CommandError(str(exc)) from exc


def check_store_outside_output(store: Path, output: Path) -> None:
    """Refuse a store inside the served output folder (it would be published).

    Example: --store output/notices.sqlite3 → CommandError("output/notices.sqlite3: the store must not …").
    """
    store_abs = Path(os.path.abspath(store))
    output_abs = Path(os.path.abspath(output))
    if store_abs == output_abs or output_abs in store_abs.parents:
        raise CommandError(
            f"{store}: the store must not be inside the output folder {output} (it is served)"
        )


def parse_day(text: str) -> date:
    """An argparse type for YYYY-MM-DD.

    Example: parse_day("2023-04-26") → date(2023, 4, 26) (the 热线问政 day).
    """
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def print_report(
    report: IngestReport, written: Sequence[Path], settings: Settings, day: date, out: TextIO
) -> None:
    """Print what changed, what was skipped, and which files were written.

    Example: "notices: 2 new, … skipped\\nwrote output/feeds/all.ics\\n…\\nfeeds: output/feeds/all.ics".
    """
    print(report.summary(), file=out)
    for skipped in report.skipped:
        print(f"skipped {skipped.path}: {skipped.reason}", file=out)
    for path in written:
        print(f"wrote {path}", file=out)
    if not written:
        print("no output changed", file=out)
    feeds = Path(settings.output) / "feeds"
    digest = Path(settings.output) / "digests" / f"{day.isoformat()}.md"
    print(f"feeds: {feeds}/all.ics (one per kind beside it)", file=out)
    print(f"digest: {digest}", file=out)


def _progress_printer(stream: TextIO) -> Progress:
    """A progress callback that draws a one-line bar when there are many files."""

    def show(done: int, total: int, path: str) -> None:
        if total <= PROGRESS_THRESHOLD:
            return
        width = 30
        filled = width * done // total
        bar = "#" * filled + "-" * (width - filled)
        stream.write(f"\r[{bar}] {done}/{total}")
        if done == total:
            stream.write("\n")
        stream.flush()

    return show
