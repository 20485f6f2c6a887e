"""The ``notices`` command.

Each subcommand lives in its own module ``scheduler/cmd_<name>.py`` that
exposes ``register(subparsers)``; this file discovers them, so adding a
command never means editing a hand-kept list here.

Errors reach the user as one line on stderr (``notices: <file>: <reason>``)
and a non-zero exit status.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
from collections.abc import Sequence

import scheduler


class CommandError(Exception):
    """A failure worth one line on stderr and exit status 2."""


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every discovered ``cmd_*`` module registered.

    Example: ``notices explain '下周三上午9点' --published 2024-05-06T10:00``.
    """
    parser = argparse.ArgumentParser(
        prog="notices",
        description="Find forward-looking notices (热线问政, meetings, deadlines, outages…) "
        "in Chinese news pages and publish them as calendars and digests.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    names = sorted(
        m.name for m in pkgutil.iter_modules(scheduler.__path__) if m.name.startswith("cmd_")
    )
    for name in names:
        module = importlib.import_module(f"scheduler.{name}")
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script; returns the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        status = args.func(args)
    except CommandError as exc:
        print(f"notices: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    return int(status or 0)


if __name__ == "__main__":  # pragma: no cover
    # Run through the canonical module so CommandError is the class the
    # cmd_* modules raise (python -m would otherwise load this file twice).
    from scheduler.cli import main as _canonical_main

    sys.exit(_canonical_main())
