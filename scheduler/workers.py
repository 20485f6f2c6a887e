"""How many worker processes, and a pool of them for one command (``--jobs N``).

``extract`` and ``build`` take ``--jobs N`` (default: the number of cores
this process may use); ``--jobs 1`` runs everything in one process, as
before.  The service takes ``extract_jobs`` from its settings (0: the
number of cores).  The pool is a ``scheduler.sandbox.Sandbox`` without a
time limit, closed (its workers killed) when the command ends, however it
ends.
"""

from __future__ import annotations

import argparse
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any


def default_jobs() -> int:
    """The number of cores this process may run on (at least 1).

    Example: default_jobs() → 2 on the 2-core build machine.
    """
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def jobs_setting(value: int) -> int:
    """A jobs count from a flag or setting: 0 or less means the number of cores.

    Example: jobs_setting(0) → 2 on a 2-core machine; jobs_setting(1) → 1.
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
def worker_pool(jobs: int, timeout: float | None = None) -> Iterator[Any]:
    """A ``Sandbox`` of ``jobs`` workers for the length of a command, or None for one job.

    Example: with worker_pool(2) as pool: ingest(store, ["衡阳晚报"], now, pool=pool).
    """
    count = jobs_setting(jobs)
    if count <= 1:
        yield None
        return
    from scheduler.sandbox import Sandbox

    pool = Sandbox(timeout, threading.Event(), jobs=count, background=True)
    try:
        yield pool
    finally:
        pool.close()
