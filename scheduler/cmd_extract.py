"""``notices extract PATH-or-URL...``: print the notices found in files, folders, URLs or stdin.

Files of every supported kind (text, HTML pages, RSS/Atom feeds, .docx,
.pdf) are read through ``scheduler.inputs``; ``http://`` and ``https://``
arguments are fetched (politely: robots.txt, User-Agent, timeouts).  This
is a CLI boundary: the clock is read here once, only to bound the dates a
web page may claim.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from contextlib import ExitStack
from datetime import datetime

from notices.extract import Document, extract_document
from notices.model import SHANGHAI, Notice
from notices.published import PublicationUnknown, parse_published_value
from scheduler.cli import CommandError
from scheduler.inbox import InputError, SourceDoc, iter_input_paths
from scheduler.inputs.dispatch import is_web_address, read_documents


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
    parser.set_defaults(func=run)


def parse_flag_time(value: str | None) -> datetime | None:
    """The --published flag as an aware datetime (CommandError when unreadable).

    Example: parse_flag_time("2023-04-26").isoformat() == "2023-04-26T00:00:00+08:00".
    """
    if value is None:
        return None
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
    from scheduler.inputs.fetch import FetchOptions, Fetcher
    from scheduler.inputs.remote import read_url

    with ExitStack() as stack:
        fetcher: Fetcher | None = None
        for given in paths:
            if is_web_address(given):
                if fetcher is None:
                    fetcher = stack.enter_context(Fetcher(FetchOptions(timeout_seconds=timeout)))
                try:
                    yield from read_url(given, fetcher, now=now).documents
                except InputError as exc:
                    yield exc
                continue
            for item in iter_input_paths([given]):
                if isinstance(item, InputError):
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
    return f"{mark} {n.kind:<10} {when:<52} {n.title}{place}"


def run(args: argparse.Namespace) -> int:
    """Extract and print; exit 1 if any input failed (the others still print)."""
    published = parse_flag_time(args.published)
    failed = 0
    out = sys.stdout
    now = datetime.now(SHANGHAI)  # the command boundary: only bounds dates web pages claim
    for item in read_inputs(args.paths, now, args.timeout):
        if isinstance(item, InputError):
            print(f"notices: {item}", file=sys.stderr)
            failed += 1
            continue
        try:
            document = extract_source(item, published)
        except InputError as exc:
            print(f"notices: {exc}", file=sys.stderr)
            failed += 1
            continue
        if args.output_format == "json":
            for n in document.notices:
                out.write(json.dumps(n.to_json(), ensure_ascii=False, sort_keys=True) + "\n")
        else:
            pub = document.published
            out.write(f"{_label(item)}  published {pub.day.isoformat()} ({pub.basis}), {len(document.notices)} notices\n")
            for n in document.notices:
                out.write("  " + format_row(n) + "\n")
    return 1 if failed else 0


def _label(doc: SourceDoc) -> str:
    """How the table names an article: a feed item or fetched page by its URL, a file by its path."""
    if doc.key is None:
        return doc.path
    return doc.meta.get("url") or doc.key
