"""How many worker processes, and a pool of them for one command (``--jobs N``).

``extract`` and ``build`` take ``--jobs N`` (default: the number of cores
this process may use); ``--jobs 1`` runs everything in one process, as
before.  The service takes ``extract_jobs`` from its settings (0: the
number of cores).  The pool is a ``scheduler.service.sandbox.Sandbox`` without a
time limit, closed (its workers killed) when the command ends, however it
ends.
"""

from __future__ import annotations

import argparse
import importlib
import os
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone
from typing import Any

_WARM_TEXT = "市自来水公司定于5月9日上午9时至下午5时对城南片区暂停供水。"
_WARM_DAY = datetime(2024, 5, 6, tzinfo=timezone(timedelta(hours=8)))


def default_jobs() -> int:
    """The number of cores this process may run on (at least 1).

    Example: default_jobs() → 2, so ``notices extract 衡阳晚报/`` reads two pages at a time.
    """
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def jobs_setting(value: int) -> int:
    """A jobs count from a flag or setting: 0 or less means the number of cores.

    Example: jobs_setting(0) → 2 on a 2-core machine (两个工作进程); jobs_setting(1) → 1.
    """
    return value if value > 0 else default_jobs()


def add_jobs_argument(parser: argparse.ArgumentParser) -> None:
    """Add ``--jobs N`` to a command.

    Example: ``notices extract 衡阳晚报/ --jobs 2``.
    """
    parser.add_argument(
        "--jobs", type=int, default=0, metavar="N",
        help="worker processes for extraction (default: one per core; 1: all in this process; "
        "the output is the same either way)",
    )


@contextmanager
def worker_pool(
    jobs: int, timeout: float | None = None, preload: Sequence[str] = (), *, fork: bool = False
) -> Iterator[Any]:
    """A ``Sandbox`` of ``jobs`` workers for the length of a command, or None for one job.

    With ``fork`` the workers are forked at once from this process, after
    it imported ``preload`` and warmed the extractor up (``warm_up``), so
    they start without importing anything themselves — only before this
    process opens the store (see ``Sandbox.start``).  Without it they are
    fresh interpreters started when the first document is handed over; a
    command that needs no worker starts none.

    Example: with worker_pool(2, preload=["scheduler.cli.cmd_extract"], fork=True) as pool:
    print the notices of 衡阳晚报/ two files at a time.
    """
    count = jobs_setting(jobs)
    if count <= 1:
        yield None
        return
    from scheduler.service.sandbox import Sandbox

    pool = Sandbox(timeout, threading.Event(), jobs=count, background=True, fork=fork)
    try:
        if fork:
            pool.start(lambda: warm_up(preload))
        yield pool
    finally:
        pool.close()


def warm_up(modules: Sequence[str] = ()) -> None:
    """Import ``modules`` and run the extractor once on a short sentence (word lists, tokenizer).

    Example: warm_up(["scheduler.cli.cmd_extract"]) reads “市自来水公司定于5月9日…停水” once before forking.
    """
    for name in ("scheduler.service.sandbox", *modules):
        importlib.import_module(name)
    from notices.extract import extract_document

    extract_document(_WARM_TEXT, source="warm-up", published=_WARM_DAY)
