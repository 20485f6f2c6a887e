"""``notices explain TEXT-or-FILE --published …``: the trace of the time grammar."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime
from pathlib import Path

from notices.explain import Trace, explain
from notices.model import SHANGHAI
from scheduler.cli import CommandError
from scheduler.cli.cmd_extract import parse_flag_time
from scheduler.cli.textwidth import pad
from scheduler.config import add_holidays_flag
from scheduler.inputs.dispatch import read_documents
from scheduler.inputs.inbox import InputError


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the ``explain`` subcommand.

    Example: ``notices explain '下周三上午9点' --published 2024-05-06T10:00 --format json``.
    """
    parser = subparsers.add_parser(
        "explain",
        help="show which rules fired, the spans, partial values and resolution",
        description="Trace the time grammar over a text (or a file's text, read as extract reads it: "
        "HTML pages, feeds, .docx, .pdf, front matter): atomic rule fragments, combined expressions "
        "and every resolved mention.",
    )
    parser.add_argument("text", nargs="+", help="the text itself, or a path to a file (several: one trace each)")
    parser.add_argument("--published", required=True, metavar="ISO", help="reference time, e.g. 2024-05-06T10:00")
    parser.add_argument("--format", choices=("table", "json"), default="table", dest="output_format")
    add_holidays_flag(parser)
    parser.set_defaults(func=run)


def _read(given: str, now: datetime) -> list[tuple[str, str]]:
    """What to trace for one argument, as (label, text) pairs: the text itself (下周三上午9点),
    or the text of each article in the file it names, read as ``extract`` reads it (an
    HTML page's text without its markup, Word, PDF, front matter; a feed's items).

    Example: _read("通知.html", now) → [("通知.html", "定于2024年5月9日上午9:00举行…")].
    """
    if _names_a_file(given):
        try:
            docs = read_documents(given, now=now)
        except InputError as exc:
            raise CommandError(str(exc)) from None
        if len(docs) == 1:
            return [(given, docs[0].text)]
        return [(doc.path, doc.text) for doc in docs]
    return [(given, given)]


def _names_a_file(given: str) -> bool:
    """Whether an argument is a path to a file, not a text (a long sentence is no file name)."""
    try:
        return len(given) < 4096 and Path(given).is_file()
    except OSError:  # ENAMETOOLONG for a sentence longer than a file name may be
        return False


def run(args: argparse.Namespace) -> int:
    """Print the trace (JSON: one object; with several texts a list of them, each naming its ``input``).

    Example: ``notices explain 明天 下週二 --published 2024-05-06T10:00 --format json`` → a list of two.
    """
    from scheduler import holidays

    holidays.load(holidays.holidays_path(args.holidays, None))
    ref = parse_flag_time(args.published)
    assert ref is not None
    now = datetime.now(SHANGHAI)  # the command boundary: only bounds dates web pages claim
    texts = [pair for given in args.text for pair in _read(given, now)]
    if args.output_format == "json":
        docs = []
        for label, text in texts:
            trace = explain(text, ref)
            docs.append(
                {"input": label, "published": ref.isoformat(), "fragments": trace.fragments,
                 "expressions": trace.expressions, "mentions": trace.mentions, "frames": trace.frames}
            )
        json.dump(docs[0] if len(docs) == 1 else docs, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        return 0
    for number, (_, text) in enumerate(texts):
        if number:
            print()
        _table(explain(text, ref), ref)
    return 0


def _table(trace: Trace, ref: datetime) -> None:
    """The trace as a table for a person: 下周三上午9点 => point 2024-05-15T09:00:00+08:00 /hour."""
    print(f"reference {ref.isoformat()}")
    print("fragments (atomic rules):")
    for f in trace.fragments:
        print(f"  {f['span'][0]:>5}-{f['span'][1]:<5} {f['rule']:<14} {pad(f['text'], 16)} {f['spec']}{'  (weak)' if f['weak'] else ''}")
    print("expressions (after combinators):")
    for x in trace.expressions:
        extra = f" to={x['to']}" if x["to"] else ""
        extra += f" deadline={x['deadline']}" if x["deadline"] else ""
        print(f"  {x['span'][0]:>5}-{x['span'][1]:<5} {'+'.join(x['rules']):<40} {x['text']}{extra}")
    print("mentions (resolved):")
    for m in trace.mentions:
        end = f" .. {m['end']}" if m["end"] else ""
        lead = ".." if m["open_start"] else ""
        flags = f"  flags={m['flags']}" if m["flags"] else ""
        extra = f"  rrule={m['rrule']}" if m.get("rrule") else ""
        if m.get("notice"):
            extra += f"  notice={m['notice']['start']}"  # 明天晚上: a window of hours, a notice dated by its day
        if m.get("length"):
            print(f"  {pad(m['text'], 24)} => {m['kind']} {m['length']}")
            continue
        print(f"  {pad(m['text'], 24)} => {m['kind']:<10} {lead}{m['start']}{end} /{m['grain']}{flags}{extra}")
    print("frames (happenings):")
    for f in trace.frames:
        end = f" .. {f['end']}" if f["end"] else ""
        note = f"  [{f['status']}]" if f["status"] != "confirmed" else ""
        note += f"  change={f['change']}" if f["change"] else ""
        print(f"  {f['kind']:<10} {f['start']}{end}  row {f['topic']}{note}")
        for st in f["statements"]:
            line = " (time line)" if st["time_line"] else ""
            print(f"      {st['role']:<6} {st['time']}  trigger={st['trigger']}{line}  « {st['sentence'][:40]} »")

