"""``notices extract PATH...``: print the notices found in files, folders or stdin."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from datetime import datetime

from notices.extract import Document, extract_document
from notices.model import Notice
from notices.published import PublicationUnknown, parse_published_value
from scheduler.cli import CommandError
from scheduler.inbox import InputError, SourceDoc, iter_input_paths, read_source


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the ``extract`` subcommand.

    Example: ``notices extract seeds/ --format json``.
    """
    parser = subparsers.add_parser(
        "extract",
        help="find dated notices in text files, folders (recursively) or - for stdin",
        description="Read each input (UTF-8, UTF-8 with BOM, GB18030/GBK or UTF-16 with BOM; "
        "optional front matter), infer its publication date unless --published is given, "
        "and print every notice found. Past events are listed with forward=false.",
    )
    parser.add_argument("paths", nargs="+", metavar="PATH", help="file, folder or - (stdin)")
    parser.add_argument("--published", metavar="YYYY-MM-DD", help="publication date (or ISO time) of every input")
    parser.add_argument("--format", choices=("table", "json"), default="table", dest="output_format",
                        help="table for people, json for JSON Lines (one notice per line)")
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


def read_inputs(paths: list[str]) -> Iterator[SourceDoc | InputError]:
    """Every readable input as a SourceDoc; unreadable ones as InputError."""
    for item in iter_input_paths(paths):
        if isinstance(item, InputError):
            yield item
            continue
        try:
            yield read_source(item)
        except InputError as exc:
            yield exc


def extract_source(doc: SourceDoc, published: datetime | None) -> Document:
    """Run the extractor on one decoded input; errors name the file.

    Example: extract_source(read_source("seeds/002_40085f3b2a5d058d.txt"), None).
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
    for item in read_inputs(args.paths):
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
            out.write(f"{item.path}  published {pub.day.isoformat()} ({pub.basis}), {len(document.notices)} notices\n")
            for n in document.notices:
                out.write("  " + format_row(n) + "\n")
    return 1 if failed else 0
