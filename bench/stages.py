"""Where extraction spends its CPU, stage by stage, without a profiler's overhead.

``python -m bench.stages [--chars N]`` generates a genre folder
(``bench.genre``), reads its inputs as ``notices extract`` does, and times
the pipeline's coarse stages with a CPU clock around each call (the second
of two passes; the first compiles the rules' regexes).  cProfile charges
every Python call a fixed cost and so overstates functions called often;
these timers sit only around stages called at most a few times per sentence.

Times are inclusive and nest (``fragments`` is inside ``scan_mentions``,
``name_frame`` inside ``_frame_notice``), so the column does not add up.
Not part of ``python -m bench`` (no ``bench_`` prefix): a tool for speed work.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from types import ModuleType
from typing import Any

from bench.genre import make_folder

# (module, function) pairs, each timed where ``notices.extract`` or its
# callers look the name up; a name no longer there is skipped.
STAGES = (
    ("notices.extract", "normalize"),
    ("notices.extract", "split_articles"),
    ("notices.extract", "infer_published"),
    ("notices.extract", "sentences"),
    ("notices.extract", "scan_mentions"),
    ("notices.mentions", "scan_expressions"),
    ("notices.rules", "fragments"),
    ("notices.rules", "combine"),
    ("notices.mentions", "_resolved"),
    ("notices.mentions", "resolve"),
    ("notices.extract", "detect_kinds"),
    ("notices.extract", "topics"),
    ("notices.extract", "statements"),
    ("notices.extract", "is_stamp"),
    ("notices.extract", "usable"),
    ("notices.extract", "build_frames"),
    ("notices.extract", "apply_durations"),
    ("notices.extract", "duration_after"),
    ("notices.extract", "_frame_notice"),
    ("notices.extract", "name_frame"),
    ("notices.extract", "main_headline"),
)


def timed(spent: Counter[str], label: str, func: Callable[..., Any]) -> Callable[..., Any]:
    """``func`` adding its CPU seconds to ``spent[label]`` at each call.

    Example: timed(spent, "normalize", normalize)("今天９：００") adds a few µs to spent["normalize"].
    """
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        started = time.process_time()
        try:
            return func(*args, **kwargs)
        finally:
            spent[label] += time.process_time() - started

    return wrapper


def install(spent: Counter[str]) -> list[str]:
    """Put the timers in place; the stages found, in the order of :data:`STAGES`.

    Example: install(spent) → ["normalize", "split_articles", …].
    """
    import importlib

    found = []
    for module_name, name in STAGES:
        module: ModuleType = importlib.import_module(module_name)
        func = getattr(module, name, None)
        if callable(func):
            setattr(module, name, timed(spent, name, func))
            found.append(name)
    return found


def main(argv: Sequence[str] | None = None) -> None:
    """Generate the folder, extract it twice, print CPU seconds per stage."""
    parser = argparse.ArgumentParser(prog="python -m bench.stages", description=__doc__)
    parser.add_argument("--chars", type=int, default=1_000_000, help="characters of generated text (default 1,000,000)")
    args = parser.parse_args(argv)
    from notices.extract import extract_document
    from notices.model import SHANGHAI
    from scheduler.inputs.dispatch import read_documents

    with tempfile.TemporaryDirectory(prefix="notices-stages-") as scratch:
        folder = Path(scratch) / "genre"
        made = make_folder(folder, args.chars)
        now = datetime(2024, 5, 6, tzinfo=SHANGHAI)
        docs = [doc for path in sorted(folder.rglob("*.txt")) for doc in read_documents(path, now=now)]
    spent: Counter[str] = Counter()
    names = install(spent)
    for _ in range(2):
        spent.clear()
        started = time.process_time()
        for doc in docs:
            extract_document(doc.text, source=doc.path, meta=doc.meta)
        total = time.process_time() - started
    per_million = 1e6 / made.chars
    print(f"extraction stages: {made.chars:,} chars in {made.files:,} files, {total:.2f} s CPU "
          f"({total * per_million:.3f} s per million chars); inclusive, nested")
    for name in names:
        print(f"  {name:<18} {spent[name] * per_million:6.3f} s/M chars  {spent[name] / total:6.1%}")


if __name__ == "__main__":
    main()
