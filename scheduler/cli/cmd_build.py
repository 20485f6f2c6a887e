"""``notices build [PATH-or-URL...]``: ingest files and URLs into the store, then write feeds, front page and digest.

This is a CLI boundary: it reads the clock, and only when ``--as-of`` is
not given (or is a relative word such as ``yesterday``).  ``--as-of D``
runs the whole build as if it were D at the configured digest time (07:00
by default), which makes the output reproducible for a given store.
``--published`` dates every input, and an http(s) URL is fetched and read
with the same rules, as for ``notices extract``; its articles are stored
after the files, each under its URL (a feed's items under their links).  The build
takes the store's lock, like ``serve`` and ``digest``, so it never writes
beside a running service.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from scheduler.cli import CommandError
from scheduler.config import add_holidays_flag
from scheduler.service.workers import add_jobs_argument

if TYPE_CHECKING:
    from scheduler.config import Settings
    from scheduler.pipeline import IngestReport, Progress

log = logging.getLogger("notices.build")

PROGRESS_THRESHOLD = 20
"""Show progress when more files than this are read."""
PROGRESS_EVERY = 100
"""Without a terminal, one log line (INFO) every this many files."""


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the ``build`` subcommand.

    Example: ``notices build seeds --as-of 2023-04-26`` → output/feeds/hotline.ics (热线问政) and
    output/digests/2023-04-26.md.
    """
    parser = subparsers.add_parser(
        "build",
        help="ingest files into the store and write the feeds, the front page and the digest",
        description="Ingest files, folders or http(s) URLs into the store, then write every feed "
        "(output/feeds/*.ics), the front page (output/index.html) and the digest for the as-of "
        "day (output/digests/YYYY-MM-DD.md and .html).  Exit status 1 if some input was skipped.",
    )
    parser.add_argument("paths", nargs="*", metavar="PATH",
                        help="files, folders or http(s) URLs to ingest ('-' reads stdin); none: rebuild "
                        "from the store")
    parser.add_argument("--as-of", metavar="DAY",
                        help="build as if it were this day: YYYY-MM-DD, today/今天, yesterday/昨天 "
                        "(default: now in the configured zone)")
    parser.add_argument("--published", metavar="DAY",
                        help="publication date (or ISO time) of every input, also yesterday/昨天; "
                        "default: inferred from each input")
    parser.add_argument("--output", type=Path, metavar="DIR", help="output folder (default output/)")
    parser.add_argument("--store", type=Path, metavar="PATH",
                        help="SQLite store (default state/notices.sqlite3; never inside the output folder)")
    parser.add_argument("--config", type=Path, metavar="FILE", help="TOML config file")
    parser.add_argument("--force", action="store_true",
                        help="write the feeds even if they drop more than publish_max_drop of the "
                        "events published now")
    parser.add_argument("--timeout", type=float, default=20.0, metavar="SECONDS",
                        help="network timeout for URLs (default 20)")
    add_jobs_argument(parser)
    add_holidays_flag(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Ingest, write feeds and digest, print what changed.

    Example: ``notices build seeds --as-of 2023-04-26`` prints
    "2 new, 0 updated, … notices" and the files written (all.ics, hotline.ics, 2023-04-26.md…).
    """
    from scheduler.pipeline import ingest, prepare_feeds, rebuild_feeds, write_digest
    from scheduler.publish.feedcache import StoreView
    from scheduler.publish.guard import PublishGuard, PublishHeld
    from scheduler.service.workers import worker_pool

    settings = build_settings(args)
    check_store_outside_output(settings.store, settings.output)
    published = published_flag(args.published)
    wall = datetime.now(settings.zone)  # the command boundary reads the clock
    now = wall
    if args.as_of is not None:
        day = day_flag(args.as_of, wall.date(), "--as-of")
        now = datetime.combine(day, settings.digest_time, settings.zone)
    day = now.astimezone(settings.zone).date()
    files, fetched = read_addresses(args.paths, now, args.timeout)
    guard = PublishGuard(settings.output, settings.publish_max_drop, force=args.force)
    held: str | None = None
    # Workers are forked before the store is opened (they open it themselves);
    # without files to read they are started only if events must be rendered.
    pool_of = worker_pool(args.jobs, preload=["scheduler.publish.feedcache"], fork=bool(files))
    with pool_of as pool, locked_store(settings) as store:
        view = StoreView(store)  # one read of the notices for feeds, front page and digest
        report = ingest(store, files, now, progress=progress_reporter(sys.stderr),
                        published=published, pool=pool, fetched=fetched)
        rendered = prepare_feeds(store, now, settings, pool)  # the workers render events meanwhile
        digests = write_digest(store, settings.output, day, now, settings=settings, view=view)
        warn_unknown_years(view)  # while the digest's read of the store is current
        rendered()
        try:
            feeds = rebuild_feeds(store, settings.output, now, settings, guard=guard, view=view, pool=pool,
                                  front_page=False)  # written with the digest, just above
        except PublishHeld as exc:
            held, feeds = str(exc), []
    print_report(report, [*feeds, *digests], settings, day, sys.stdout)
    if held is not None:
        print(f"notices: feeds not written: {held}", file=sys.stderr)
        return 1
    return 1 if report.skipped else 0


def read_addresses(paths: Sequence[str], now: datetime, timeout: float) -> tuple[list[str], list[Any]]:
    """The local inputs as given, and the articles of every URL fetched as ``extract`` fetches
    them (robots.txt, size and time limits), or an ``InputError`` for one that failed.

    ``now`` (the build's moment) bounds the dates pages may claim.

    Example: read_addresses(["inbox", "https://www.qingshi.gov.cn/tzgg/1.html"], now, 20.0) →
    (["inbox"], [SourceDoc(path="https://www.qingshi.gov.cn/tzgg/1.html", text="定于5月9日…")]).
    """
    from scheduler.inputs.dispatch import is_web_address

    urls = [given for given in paths if is_web_address(given)]
    files = [given for given in paths if not is_web_address(given)]
    if not urls:
        return files, []
    from scheduler.cli.cmd_extract import input_sources  # the HTTP client only when a URL is given

    return files, list(input_sources(urls, now, timeout))


class locked_store:  # noqa: N801 - used like a function: `with locked_store(settings) as store`
    """The store opened under its instance lock (the lock ``serve`` holds); one-line errors.

    Example: ``with locked_store(settings) as store:`` → CommandError("state/notices.sqlite3.lock: store
    is in use by process 4242; …") while ``notices serve`` runs on the same store.
    """

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._lock: Any = None
        self._store: Any = None

    def __enter__(self) -> Any:
        from scheduler.service.lock import InstanceLock, LockHeld, LockUnavailable
        from scheduler.store.store import Store, StoreError

        lock = InstanceLock(self.settings.store)
        try:
            lock.acquire()
        except LockHeld as exc:
            raise CommandError(f"{exc} (stop `notices serve` first, or use `notices run --once`)") from None
        except LockUnavailable as exc:
            raise CommandError(str(exc)) from None
        try:
            self._store = Store.open(self.settings.store)
        except (StoreError, OSError) as exc:
            lock.release()
            raise CommandError(f"{self.settings.store}: cannot open the store: {exc}") from None
        self._lock = lock
        return self._store

    def __exit__(self, *exc: object) -> None:
        try:
            self._store.close()
        finally:
            self._lock.release()


def build_settings(args: argparse.Namespace) -> Settings:
    """Settings from the optional config file plus ``--output``/``--store``/``--holidays``.

    The holidays file's years are made known to the calendar of this process
    (and so of the workers it starts), for ``build`` and ``digest`` alike.

    Example: ``--output 公开 --store state/s.sqlite3`` → Settings(output=公开, store=state/s.sqlite3, …).
    """
    from scheduler.config import ConfigError, load_settings

    overrides: dict[str, Path] = {}
    if getattr(args, "output", None) is not None:
        overrides["output"] = args.output
    if getattr(args, "store", None) is not None:
        overrides["store"] = args.store
    if getattr(args, "holidays", None) is not None:
        overrides["holidays"] = args.holidays
    try:
        settings = load_settings(getattr(args, "config", None), overrides)
    except ConfigError as exc:
        raise CommandError(str(exc)) from None
    from scheduler import holidays

    holidays.install(settings.holiday_years)
    return settings


def warn_unknown_years(view: Any) -> None:
    """Warn once per year about the live forward notices whose working days were counted Monday to Friday.

    Only a view the build has read already is looked at (no extra read of the store).

    Example: a store holding 2026年12月28日的“5个工作日内办结” → one warning naming 2027 and holidays.toml.
    """
    from scheduler.holidays import UnknownYears

    if not view.loaded:
        return
    unknown = UnknownYears()
    for item in view.stored:
        if item.notice.flags and item.notice.forward and not item.withdrawn:
            unknown.see(item.notice.flags)
    unknown.report()


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


def day_flag(text: str | None, today: date, flag: str) -> date:
    """A day flag (YYYY-MM-DD or a relative word; None: today) or a one-line CommandError.

    Example: day_flag("昨天", date(2024, 5, 8), "--as-of") → date(2024, 5, 7).
    """
    from scheduler.cli.relday import day_argument

    try:
        return day_argument(text, today, flag)
    except ValueError as exc:
        raise CommandError(str(exc)) from None


def published_flag(text: str | None) -> datetime | None:
    """``--published`` as an aware datetime (relative words were resolved by the CLI already).

    Example: published_flag("2023-04-26") → 2023-04-26T00:00+08:00; published_flag("明年") → CommandError.
    """
    if text is None:
        return None
    from notices.published import parse_published_value

    try:
        return parse_published_value(text)
    except ValueError:
        raise CommandError(f"--published: not a date: {text!r} (YYYY-MM-DD, yesterday/昨天, today/今天)") from None


def print_report(
    report: IngestReport, written: Sequence[Path], settings: Settings, day: date, out: TextIO
) -> None:
    """Print what changed, what was skipped, and which files were written.

    Example: "notices: 2 new, … skipped\\nwrote output/feeds/all.ics\\n…\\nfeeds: output/feeds/all.ics".
    """
    print(report.summary(), file=out)
    for skipped in report.skipped:
        # One line per problem on stderr, as every command reports an input it could not use.
        print(f"notices: {skipped.path}: {skipped.reason}", file=sys.stderr)
    for path in dict.fromkeys(written):  # index.html may be rewritten twice (feeds, digest)
        print(f"wrote {path}", file=out)
    if not written:
        print("no output changed", file=out)
    feeds = Path(settings.output) / "feeds"
    digest = Path(settings.output) / "digests" / f"{day.isoformat()}.md"
    print(f"feeds: {feeds}/all.ics (one per kind beside it, and the [[feeds]] of the config)", file=out)
    print(f"front page: {Path(settings.output) / 'index.html'}", file=out)
    print(f"digest: {digest}", file=out)


def progress_reporter(stream: TextIO) -> Progress:
    """Progress for many files: a bar redrawn in place on a terminal, else a log line every 100 files.

    Example: 250 files into a log file → "read 100 of 250 inputs", "read 200 of 250 inputs",
    "read 250 of 250 inputs" at INFO; nothing for 20 files or fewer.
    """
    on_terminal = _is_terminal(stream)

    def show(done: int, total: int, path: str) -> None:
        if total <= PROGRESS_THRESHOLD:
            return
        if not on_terminal:
            if done % PROGRESS_EVERY == 0 or done == total:
                log.info("read %d of %d inputs", done, total)
            return
        width = 30
        filled = width * done // total
        bar = "#" * filled + "-" * (width - filled)
        stream.write(f"\r[{bar}] {done}/{total}")
        if done == total:
            stream.write("\n")
        stream.flush()

    return show


def _is_terminal(stream: TextIO) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False
