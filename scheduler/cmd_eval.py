"""``notices eval GOLD.jsonl``: run the extractor over annotated documents and score it.

The publication date is handed to the extractor only when the gold says it
came from page metadata (``published_basis == "metadata"``), as a real page
would carry it; for ``text`` documents the extractor has to infer it, and the
report says how often it got that right.
"""

from __future__ import annotations

import argparse
import json
from datetime import date, datetime
from pathlib import Path

from notices.evaluate import GoldDoc, GoldFormatError, Score, read_gold, score
from notices.extract import extract_document
from notices.model import SHANGHAI, Notice
from scheduler.cli import CommandError


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the ``eval`` subcommand.

    Example: ``notices eval gold.jsonl --details`` prints scores and every miss.
    """
    parser = subparsers.add_parser(
        "eval",
        help="score the extractor against an annotated JSONL corpus",
        description="Run the extractor on every annotated document and print "
        "forward precision/recall/F1, minute and span-end recall, kind accuracy "
        "and publication-date accuracy.",
    )
    parser.add_argument("gold", type=Path, help="annotated corpus (JSON Lines)")
    parser.add_argument("--details", action="store_true", help="list every miss and false hit")
    parser.add_argument("--format", choices=("table", "json"), default="table", dest="output_format")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Evaluate and print; returns 0.

    Example: ``notices eval gold.jsonl`` → ``forward precision 0.93  recall 0.91  F1 0.92`` …
    """
    docs = _load(args.gold)
    predictions: dict[str, tuple[Notice, ...]] = {}
    inferred: dict[str, date] = {}
    for doc in docs:
        given = metadata_published(doc)
        try:
            document = extract_document(doc.text, source=doc.id, published=given, meta=None)
        except Exception as exc:  # the extractor's failure is reported, not hidden
            raise CommandError(
                f"{args.gold}: {doc.id}: extractor failed: {type(exc).__name__}: {exc}"
            ) from exc
        predictions[doc.id] = tuple(document.notices)
        if given is None:
            inferred[doc.id] = document.published.day
    result = score(docs, predictions, published=inferred)
    if args.output_format == "json":
        payload = result.to_json()
        if not args.details:
            payload.pop("details")
        print(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        print("\n".join(format_table(result, details=args.details)))
    return 0


def metadata_published(doc: GoldDoc) -> datetime | None:
    """The publication time to hand the extractor: midnight local for metadata dates.

    Example: published 2024-05-06, basis metadata → 2024-05-06T00:00+08:00; basis text → None.
    """
    if doc.published_basis != "metadata":
        return None
    day = doc.published
    return datetime(day.year, day.month, day.day, tzinfo=SHANGHAI)


def format_table(result: Score, *, details: bool = False) -> list[str]:
    """The human-readable report, one line per figure.

    Example: ``forward precision 0.93  recall 0.91  F1 0.92  (gold 40, predicted 38, false 3)``.
    """
    lines = [
        f"documents {result.documents}",
        f"forward precision {result.forward_precision:.2f}  recall {result.forward_recall:.2f}  "
        f"F1 {result.forward_f1:.2f}  (gold {result.gold_forward}, found {result.found_forward}, "
        f"predicted {result.predicted_forward}, false {result.false_forward})",
        f"minute recall {result.minute_recall:.2f}  ({result.found_minute}/{result.gold_timed})",
        f"span-end recall {result.span_end_recall:.2f}  ({result.found_end}/{result.gold_with_end})",
        f"kind accuracy {result.kind_accuracy:.2f}  ({result.kind_correct}/{result.found_forward})",
        f"published-date accuracy {result.published_accuracy:.2f}  "
        f"({result.published_correct}/{result.published_checked} inferred)",
    ]
    if details and result.details:
        lines.append("")
        lines.extend(result.details)
    return lines


def _load(path: Path) -> list[GoldDoc]:
    try:
        return read_gold(path)
    except FileNotFoundError:
        raise CommandError(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise CommandError(f"{path}: cannot read: {exc}") from None
    except GoldFormatError as exc:
        raise CommandError(f"{path}: {exc}") from None
