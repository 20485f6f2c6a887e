"""``notices extract PATH-or-URL...``: print the notices found in files, folders, URLs or stdin.

Files of every supported kind (text, HTML pages, RSS/Atom feeds, .docx,
.pdf) are read through ``scheduler.inputs``; ``http://`` and ``https://``
arguments are fetched (politely: robots.txt, User-Agent, timeouts).  This
is a CLI boundary: the clock is read here once, only to bound the dates a
web page may claim.

Local files are read, decoded, extracted and formatted by ``--jobs``
worker processes (``scheduler.service.sandbox``), many ahead of the one being
printed, and printed in input order — the very lines one process prints.
URLs and stdin are read here and only extracted in the workers.  Small runs
(less than ``PARALLEL_MIN_BYTES`` of input) stay in one process, where
starting workers would cost more than it saves.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import deque
from collections.abc import Iterable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from notices.model import SHANGHAI, Notice
from scheduler.cli import CommandError
from scheduler.config import add_holidays_flag
from scheduler.inputs.dispatch import is_web_address, read_documents
from scheduler.inputs.inbox import STDIN_PATH, InputError, SourceDoc, iter_input_paths
from scheduler.service.workers import add_jobs_argument, jobs_setting, worker_pool

if TYPE_CHECKING:
    from notices.extract import Document
    from scheduler.inputs.fetch import Fetcher

PARALLEL_MIN_BYTES = 1_000_000
"""Below this much input in all, extraction stays in this process."""

Printed = tuple[str, "str | None", tuple[str, ...]]
"""What one article prints: its text for stdout, a line for stderr (or None), and the flags of
its notices that say their working days were guessed (``holidays-unknown-YYYY``, one per notice)."""


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the ``extract`` subcommand.

    Example: ``notices extract seeds/ --format json``.
    """
    parser = subparsers.add_parser(
        "extract",
        help="find dated notices in files, folders (recursively), URLs or - for stdin",
        description="Read each input (text in UTF-8, GB18030/GBK or UTF-16 with BOM and optional "
        "front matter; HTML pages; RSS/Atom feeds; .docx; .pdf; or an http(s) URL), infer its "
        "publication date unless --published is given, and print every notice found. "
        "Past events are listed with forward=false.",
    )
    parser.add_argument("paths", nargs="+", metavar="PATH", help="file, folder, http(s) URL or - (stdin)")
    parser.add_argument("--published", metavar="YYYY-MM-DD", help="publication date (or ISO time) of every input")
    parser.add_argument("--format", choices=("table", "json"), default="table", dest="output_format",
                        help="table for people, json for JSON Lines (one notice per line)")
    parser.add_argument("--timeout", type=float, default=20.0, metavar="SECONDS",
                        help="network timeout for URLs (default 20)")
    add_jobs_argument(parser)
    add_holidays_flag(parser)
    parser.set_defaults(func=run)


def parse_flag_time(value: str | None) -> datetime | None:
    """The --published flag as an aware datetime (CommandError when unreadable).

    Example: parse_flag_time("2023-04-26").isoformat() == "2023-04-26T00:00:00+08:00".
    """
    if value is None:
        return None
    from notices.published import parse_published_value

    try:
        return parse_published_value(value)
    except ValueError:
        raise CommandError(f"--published: not a date: {value!r}") from None


def read_inputs(paths: list[str], now: datetime, timeout: float = 20.0) -> Iterator[SourceDoc | InputError]:
    """Every article of every input (a feed gives one per item); failures as InputError.

    ``now`` bounds the dates web pages may claim.

    Example: read_inputs(["seeds", "http://127.0.0.1:8000/news/rss.xml"], now) → the two seed
    pages, then one SourceDoc per feed item.
    """
    for source in input_sources(paths, now, timeout):
        if not isinstance(source, Path):
            yield source
            continue
        try:
            yield from read_documents(source, now=now)
        except InputError as exc:
            yield exc


def input_sources(paths: list[str], now: datetime, timeout: float = 20.0) -> Iterator[Path | SourceDoc | InputError]:
    """The inputs in order: local files as paths (read where they are extracted), fetched
    articles and stdin as documents, failures as InputError.

    Example: input_sources(["seeds", "http://127.0.0.1:8000/news/rss.xml"], now) → the two seed
    files' paths, then one SourceDoc per feed item.
    """
    with ExitStack() as stack:
        fetcher: Fetcher | None = None
        for given in paths:
            if is_web_address(given):
                # The HTTP client is imported only when an address is given.
                from scheduler.inputs.fetch import FetchOptions, Fetcher
                from scheduler.inputs.remote import read_url

                if fetcher is None:
                    fetcher = stack.enter_context(Fetcher(FetchOptions(timeout_seconds=timeout)))
                try:
                    yield from read_url(given, fetcher, now=now).documents
                except InputError as exc:
                    yield exc
                continue
            for item in iter_input_paths([given]):
                if isinstance(item, InputError) or str(item) != STDIN_PATH:
                    yield item
                    continue
                try:
                    yield from read_documents(item, now=now)
                except InputError as exc:
                    yield exc


def extract_source(doc: SourceDoc, published: datetime | None) -> Document:
    """Run the extractor on one decoded input; errors name the file.

    Example: extract_source(read_documents("seeds/002_40085f3b2a5d058d.txt", now=now)[0], None).
    """
    from notices.extract import extract_document
    from notices.published import PublicationUnknown

    try:
        return extract_document(doc.text, source=doc.path, published=published, meta=doc.meta)
    except PublicationUnknown as exc:
        raise InputError(doc.path, str(exc)) from None
    except ValueError as exc:
        raise InputError(doc.path, f"bad front matter value: {exc}") from None


def format_row(n: Notice) -> str:
    """One notice as a table row."""
    j = n.to_json()
    when = j["start"] if not j["end"] else f"{j['start']} → {j['end']}"
    mark = "→" if n.forward else "·"
    place = f"  @{n.location}" if n.location else ""
    from scheduler.holidays import unknown_years_note

    note = unknown_years_note(n.flags)
    return f"{mark} {n.kind:<10} {when:<52} {n.title}{place}" + (f"  [{note}]" if note else "")


def run(args: argparse.Namespace) -> int:
    """Extract and print; exit 1 if any input failed (the others still print).

    Guessed working days (no holiday arrangement for the year) are warned
    about once, after everything is printed.
    """
    from scheduler import holidays

    holidays.load(holidays.holidays_path(args.holidays, None))  # before any worker starts
    published = parse_flag_time(args.published)
    failed = 0
    out = sys.stdout
    unknown = holidays.UnknownYears()
    now = datetime.now(SHANGHAI)  # the command boundary: only bounds dates web pages claim
    sources = input_sources(args.paths, now, args.timeout)
    for text, problem, guessed in printed(sources, now, published, args.output_format, jobs_setting(args.jobs)):
        if problem is not None:
            print(problem, file=sys.stderr)
            failed += 1
        if text:
            out.write(text)
        for flag in guessed:
            unknown.see((flag,))
    unknown.report()
    return 1 if failed else 0


@dataclass(frozen=True)
class PrintJob:
    """One input for a worker: read it (a local file) if need be, extract, format what it prints.

    Example: PrintJob(Path("seeds/002.txt"), now, None, "json").
    """

    source: Path | SourceDoc
    now: datetime
    published: datetime | None
    output_format: str


def print_job(job: PrintJob) -> tuple[Printed, ...]:
    """What one input prints, article by article (in a worker, or here).

    Example: print_job(PrintJob(Path("seeds/002.txt"), now, None, "table")) → (("seeds/002.txt
    published 2023-04-26 (text-today), 2 notices\n  → hotline …\n", None, ()),).
    """
    if isinstance(job.source, SourceDoc):
        docs: tuple[SourceDoc, ...] = (job.source,)
    else:
        try:
            docs = read_documents(job.source, now=job.now)
        except InputError as exc:
            return (("", f"notices: {exc}", ()),)
    return tuple(_print_document(doc, job.published, job.output_format) for doc in docs)


def _print_document(doc: SourceDoc, published: datetime | None, output_format: str) -> Printed:
    from notices.calendar_cn import UNKNOWN_YEAR_FLAG_PREFIX

    try:
        document = extract_source(doc, published)
    except InputError as exc:
        return "", f"notices: {exc}", ()
    guessed = tuple(flag for n in document.notices for flag in n.flags
                    if flag.startswith(UNKNOWN_YEAR_FLAG_PREFIX))
    return format_document(doc, document, output_format), None, guessed


def format_document(doc: SourceDoc, document: Document, output_format: str) -> str:
    """What ``notices extract`` prints for one article: JSON Lines, or a heading and table rows.

    Example: format_document(doc, document, "json") → '{"all_day": false, "kind": "hotline", …}\n…'.
    """
    if output_format == "json":
        return "".join(
            json.dumps(n.to_json(), ensure_ascii=False, sort_keys=True) + "\n" for n in document.notices
        )
    pub = document.published
    lines = [f"{_label(doc)}  published {pub.day.isoformat()} ({pub.basis}), {len(document.notices)} notices\n"]
    lines += ["  " + format_row(n) + "\n" for n in document.notices]
    return "".join(lines)


def printed(
    sources: Iterable[Path | SourceDoc | InputError],
    now: datetime,
    published: datetime | None,
    output_format: str,
    jobs: int,
) -> Iterator[Printed]:
    """What each input prints, in input order; with ``jobs`` > 1 read and extracted by worker processes.

    Example: list(printed(input_sources(["seeds"], now), now, None, "json", 2)) → one
    ("{…}\n…", None, ()) per seed page, as one process would print them.
    """
    stream = iter(sources)
    head: list[Path | SourceDoc | InputError] = []
    size = 0
    if jobs > 1:
        for source in stream:
            head.append(source)
            size += _size(source)
            if size >= PARALLEL_MIN_BYTES:
                break
    if jobs <= 1 or size < PARALLEL_MIN_BYTES:
        for source in [*head, *stream]:
            if isinstance(source, InputError):
                yield "", f"notices: {source}", ()
            else:
                yield from print_job(PrintJob(source, now, published, output_format))
        return
    with worker_pool(jobs, preload=[__name__], fork=True) as pool:  # no store open here
        yield from _in_workers(pool, [*head, *stream], now, published, output_format)


def _size(source: Path | SourceDoc | InputError) -> int:
    """Bytes of an input (UTF-8 of a fetched article's text), to judge whether workers pay off."""
    if isinstance(source, SourceDoc):
        return len(source.text.encode("utf-8"))
    if isinstance(source, Path):
        try:
            return source.stat().st_size
        except OSError:
            return 0
    return 0


def _in_workers(
    pool: Any,
    sources: Iterable[Path | SourceDoc | InputError],
    now: datetime,
    published: datetime | None,
    output_format: str,
) -> Iterator[Printed]:
    """Keep the workers busy some inputs ahead; print in order."""
    from scheduler.service.ahead import AHEAD_CHARS, AHEAD_FILES, TicketClaim

    target = f"{__name__}:print_job"
    window: deque[tuple[Any, int]] = deque()
    waiting = 0
    for source in sources:
        if isinstance(source, InputError):
            window.append(((("", f"notices: {source}", ()),), 0))
        else:
            job = PrintJob(source, now, published, output_format)
            window.append((TicketClaim(pool.submit(job, target=target)), _size(source)))
            waiting += window[-1][1]
        while len(window) > AHEAD_FILES * pool.jobs or (len(window) > 1 and waiting > AHEAD_CHARS):
            entry, size = window.popleft()
            waiting -= size
            yield from _settle(entry)
    while window:
        yield from _settle(window.popleft()[0])


def _settle(entry: Any) -> tuple[Printed, ...]:
    return entry if isinstance(entry, tuple) else entry()  # type: ignore[no-any-return]


def _label(doc: SourceDoc) -> str:
    """How the table names an article: a feed item or fetched page by its URL, a file by its path."""
    if doc.key is None:
        return doc.path
    return doc.meta.get("url") or doc.key
