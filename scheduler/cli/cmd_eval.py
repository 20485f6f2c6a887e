"""``notices eval GOLD.jsonl``: run the extractor over annotated documents and score it.

The figures are those of the reference scorer ``../shared/tools/score_events.py``
(see ``notices/evaluate.py`` for the definitions), and so is the report: the
same lines, the same last line ``STRICT_F1=… EXACT_R=… TITLE=…``.

The reference writes each document to ``<id>.txt`` as a ``published:``
front-matter header (left out with ``--no-published``), the text and a
newline, and runs ``notices extract`` over the folder.  Here the extractor
runs in-process on the very same bytes, read by the same input layer, so it
sees the same text; the gold publication day is handed over as the
publication time unless ``--no-published``, when the extractor infers it.  A
document the extractor cannot read or date gets no notices, as in the folder
run, and the others are still scored.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from notices.evaluate import GoldDoc, GoldFormatError, Score, read_gold, score
from notices.extract import extract_document
from notices.model import Notice
from notices.published import PublicationUnknown, at_midnight
from scheduler.cli import CommandError
from scheduler.inputs.inbox import InputError, is_ignored_name, parse_source


@dataclass(frozen=True)
class Extraction:
    """What the extractor found for a gold corpus.

    ``notices`` maps document ids to their notices in extractor order;
    ``failures`` holds one ``<id>.txt: reason`` line per document that got
    none because it could not be read or dated; ``seconds`` is the wall time.

    Example: a corpus of 本报讯 明天上午9时召开听证会。 (published 2024-05-06)
    → notices {"h1": (hearing 2024-05-07T09:00,)}, failures ().
    """

    notices: dict[str, tuple[Notice, ...]]
    failures: tuple[str, ...]
    seconds: float


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the ``eval`` subcommand.

    Example: ``notices eval gold.jsonl --details`` prints ``MISS  h4 2024-08-20..None hearing
    水价听证会`` and the other detail lines, then the figures.
    """
    parser = subparsers.add_parser(
        "eval",
        help="score the extractor against an annotated JSONL corpus",
        description="Run the extractor on every annotated document and print strict "
        "forward precision/recall/F1 (one-to-one matching per document), exact, minute, "
        "end-day and end-minute recall, kind accuracy and title similarity, as "
        "../shared/tools/score_events.py does.",
    )
    parser.add_argument("gold", type=Path, help="annotated corpus (JSON Lines)")
    parser.add_argument("--details", action="store_true",
                        help="list every miss, false notice, inexact match and poor title")
    parser.add_argument("--no-published", action="store_true",
                        help="do not give the extractor the publication date: it must infer it "
                        "(adds the share of publication days inferred right)")
    parser.add_argument("--min-f1", type=float, default=0.0, metavar="F",
                        help="exit with status 1 when the strict F1 is below F")
    parser.add_argument("--format", choices=("table", "json"), default="table", dest="output_format")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Extract, score and print; exit status 1 when F1 is below ``--min-f1``, else 0.

    Example: ``notices eval gold.jsonl`` on a corpus whose only event, 第8期“民生热线”
    5月8日9:00, is found to the minute with its title → ``STRICT_F1=1.000 EXACT_R=1.000 TITLE=1.000``.
    """
    docs = _load(args.gold)
    extraction = extract_corpus(docs, with_published=not args.no_published)
    for failure in extraction.failures:
        print(f"notices: {failure}", file=sys.stderr)
    result = score(docs, extraction.notices)
    if args.output_format == "json":
        payload = result.to_json()
        payload["seconds"] = extraction.seconds
        if not args.details:
            payload.pop("details")
        print(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        lines = format_report(result, seconds=extraction.seconds,
                              with_published=not args.no_published, details=args.details)
        print("\n".join(lines))
    return 0 if result.f1 >= args.min_f1 else 1


def extract_corpus(docs: Sequence[GoldDoc], *, with_published: bool) -> Extraction:
    """Run the extractor once per document id (a repeated id: its last text, as on disk).

    Example: a corpus holding 本报讯 明天上午9时召开听证会。 (id x, no year anywhere), with
    with_published=False → Extraction(notices={"x": ()},
    failures=("x.txt: no publication date in the text; pass --published",), …).
    """
    latest = {doc.id: doc for doc in docs}
    found: dict[str, tuple[Notice, ...]] = {}
    failures: list[str] = []
    started = time.perf_counter()
    for doc_id, doc in latest.items():
        try:
            found[doc_id] = extract_gold_document(doc, with_published=with_published)
        except InputError as exc:
            found[doc_id] = ()
            failures.append(str(exc))
        except Exception as exc:  # a bug in the extractor is reported, not scored as a miss
            raise CommandError(
                f"{source_name(doc)}: extractor failed: {type(exc).__name__}: {exc}"
            ) from exc
    return Extraction(found, tuple(failures), time.perf_counter() - started)


def extract_gold_document(doc: GoldDoc, *, with_published: bool) -> tuple[Notice, ...]:
    """The notices ``notices extract`` prints for the file the reference writes for ``doc``.

    Raises InputError (``<id>.txt: reason``) when that run would print none
    for it: unreadable, undatable, or a name a folder walk skips.

    Example: doc h1 "本报讯 明天上午9时召开听证会。" published 2024-05-06
    → (Notice(kind="hearing", start=2024-05-07T09:00+08:00, …),).
    """
    name = source_name(doc)
    if is_ignored_name(name) or "#" in name:
        # `notices extract FOLDER` skips dot-files, and the reference reads the
        # file name back from `source` up to a '#': such documents get nothing.
        raise InputError(name, "not scored: a folder run of `notices extract` loses this name")
    try:
        data = document_bytes(doc, with_published=with_published)
    except UnicodeEncodeError as exc:
        raise InputError(name, f"text cannot be written as UTF-8: {exc.reason}") from None
    source = parse_source(data, name)
    published = at_midnight(doc.published) if with_published else None
    try:
        document = extract_document(source.text, source=name, published=published, meta=source.meta)
    except PublicationUnknown as exc:
        raise InputError(name, str(exc)) from None
    except ValueError as exc:
        # What `notices extract` reports for an unreadable front-matter value.
        raise InputError(name, f"bad front matter value: {exc}") from None
    return tuple(document.notices)


def source_name(doc: GoldDoc) -> str:
    """The file name the reference scorer gives a document (also the notices' source).

    Example: the document 衡阳晚报 第70期“热线问政” with id "seed-002" → "seed-002.txt".
    """
    return f"{doc.id}.txt"


def document_bytes(doc: GoldDoc, *, with_published: bool) -> bytes:
    """The file the reference scorer writes for a document: header, text, newline.

    Example: id h1, published 2024-05-06, text 明天停水。
    → "---\\npublished: 2024-05-06\\n---\\n明天停水。\\n" in UTF-8.
    """
    header = f"---\npublished: {doc.published.isoformat()}\n---\n" if with_published else ""
    return (header + doc.text + "\n").encode("utf-8")


def format_report(result: Score, *, seconds: float, with_published: bool, details: bool) -> list[str]:
    """The report, line for line as the reference scorer prints it.

    With ``details`` the detail lines (or one empty line) come first; the
    publication-day line appears only when the extractor had to infer it.

    Example: gold 第8期“民生热线” 5月8日9:00 with a notice at 9:00 and a duplicate
    for the whole day → … ``strict forward P/R/F1   0.500 / 1.000 / 0.667   (tp 1, fp 1, fn 0)`` …
    """
    r = result
    lines = ["\n".join(f"  {line}" for line in r.details)] if details else []
    lines += [
        f"docs={r.documents} chars={r.characters} wall={seconds:.2f}s gold_forward={r.gold_forward}",
        f"strict forward P/R/F1   {r.precision:.3f} / {r.recall:.3f} / {r.f1:.3f}   "
        f"(tp {r.true_positives}, fp {r.false_positives}, fn {r.false_negatives})",
        f"exact recall (fwd)      {r.exact}/{r.gold_forward} = {r.exact_recall:.3f}",
        f"minute recall           {r.minute_hits}/{r.gold_timed} = {r.minute_recall:.3f}",
        f"end-day recall          {r.end_day_hits}/{r.gold_ends} = {r.end_day_recall:.3f}",
        f"end-minute recall       {r.end_minute_hits}/{r.gold_timed_ends} = {r.end_minute_recall:.3f}",
        f"kind accuracy           {r.kind_hits}/{r.kind_checked} = {r.kind_accuracy:.3f}",
        f"title similarity        {r.title_similarity:.3f} over {len(r.title_scores)} matched",
    ]
    if not with_published:
        lines.append(f"publication day right   {r.published_hits}/{r.published_checked}")
    lines.append(f"STRICT_F1={r.f1:.3f} EXACT_R={r.exact_recall:.3f} TITLE={r.title_similarity:.3f}")
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
