"""The ``notices`` command.

Each subcommand lives in its own module ``scheduler/cli/cmd_<name>.py``
that exposes ``register(subparsers)``; this file discovers them, so adding a
command never means editing a hand-kept list here.  Command modules import
only ``argparse`` and the like at the top and their real work inside the
command, so ``notices extract`` never loads the feed, digest or service code.

Conventions, as in other command-line tools:

- ``notices --version``; ``python -m notices`` works as well as ``notices``.
- ``-v`` (debug), ``-q`` (warnings only; ``-qq`` errors only) or
  ``--log-level LEVEL``, before or after the command name.  Logs go to
  stderr with timestamps carrying the configured zone's offset.
- Errors reach the user as one line on stderr (``notices: <file>: <reason>``)
  and a non-zero exit status: bad arguments and bad configs (every problem
  of a config, one line each) exit 2, an unexpected failure 70 with one line
  (the traceback only with ``-v``).  Never a Python traceback for a user error.
- ``--published yesterday`` (``昨天``, ``today``, ``今天``, ``tomorrow``,
  ``明天``) is resolved here, against today in the configured zone: the one
  place the clock is read for it.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import pkgutil
import sys
from collections.abc import Sequence
from datetime import datetime
from typing import Any, NoReturn

from scheduler import logs

log = logging.getLogger("notices.cli")

EXIT_USAGE = 2
EXIT_INTERNAL = 70  # EX_SOFTWARE


class CommandError(Exception):
    """A failure worth one line on stderr and exit status 2."""


class OneLineParser(argparse.ArgumentParser):
    """An argument parser whose usage errors are one line naming the command and ``--help``.

    Example: ``notices build --as-of 明年`` → "notices build: argument --as-of: not a date … (see notices build --help)".
    """

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, f"{self.prog}: {message} (see {self.prog} --help)\n")


def version() -> str:
    """The installed version of the project.

    Example: version() → "0.1.0" (printed as "notices 0.1.0" by ``notices --version``).
    """
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as installed

    try:
        return installed("notices")
    except PackageNotFoundError:
        return "unknown"


class _VersionAction(argparse.Action):
    """``--version``: the installed version, looked up only when asked for
    (``importlib.metadata`` is slow to import for every command)."""

    def __init__(self, option_strings: Sequence[str], dest: str = argparse.SUPPRESS,
                 default: Any = argparse.SUPPRESS, help: str | None = "show program's version number and exit") -> None:
        super().__init__(option_strings, dest, nargs=0, default=default, help=help)

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace,
                 values: Any, option_string: str | None = None) -> None:
        sys.stdout.write(f"notices {version()}\n")
        parser.exit()


def _named_command(argv: Sequence[str], names: Sequence[str]) -> str | None:
    """The command ``argv`` names, if it names one and asks for no help or
    version before it; then only that command's module need be imported.

    Example: _named_command(["-v", "extract", "seeds"], names) → "extract";
    _named_command(["--help"], names) → None.
    """
    skip = False
    for token in argv:
        if skip:
            skip = False
        elif token == "--log-level":
            skip = True
        elif token in ("-h", "--help", "--version") or token == "--":
            return None
        elif not token.startswith("-"):
            return token if token in names else None
    return None


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The argument parser with the discovered ``cmd_*`` modules registered:
    all of them, or only the one ``argv`` names (a command then imports no
    other command's code; the parse is the same).

    Example: ``notices explain '下周三上午9点' --published 2024-05-06T10:00``.
    """
    parser = OneLineParser(
        prog="notices",
        description="Find forward-looking notices (热线问政, meetings, deadlines, outages…) "
        "in Chinese news pages and publish them as calendars and digests.",
    )
    parser.add_argument("--version", action=_VersionAction)
    _add_log_flags(parser, argparse.SUPPRESS)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=OneLineParser)
    sub.required = True
    names = sorted(
        m.name for m in pkgutil.iter_modules(__path__) if m.name.startswith("cmd_")
    )
    named = _named_command(argv, [n[len("cmd_"):] for n in names]) if argv is not None else None
    if named is not None:
        names = [f"cmd_{named}"]
    for name in names:
        module = importlib.import_module(f"scheduler.cli.{name}")
        module.register(sub)
    for command in sub.choices.values():
        # The same flags after the command name (`notices build -v`); given there, they win.
        _add_log_flags(command, argparse.SUPPRESS)
    return parser


def _add_log_flags(parser: argparse.ArgumentParser, default: Any) -> None:
    group = parser.add_argument_group("logging")
    group.add_argument("-v", "--verbose", action="count", default=default,
                       help="more log lines (debug); tracebacks of unexpected errors")
    group.add_argument("-q", "--quiet", action="count", default=default,
                       help="fewer log lines: -q warnings and errors, -qq errors only")
    group.add_argument("--log-level", choices=logs.LEVELS, default=default, type=str.lower,
                       help="log level (overrides -v/-q)")


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script; returns the exit status.

    Example: main(["digest", "--output", "-"]) prints today's digest (今日, 明日, 截止提醒 …).
    """
    parser = build_parser(sys.argv[1:] if argv is None else argv)
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, --version, or a usage error already printed
        return exc.code if isinstance(exc.code, int) else EXIT_USAGE
    level = logs.level_from(getattr(args, "verbose", 0) or 0, getattr(args, "quiet", 0) or 0,
                            getattr(args, "log_level", None))
    logs.configure(level)
    try:
        _resolve_relative_published(args)
        status = args.func(args)
    except CommandError as exc:
        return _fail(str(exc))
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # noqa: BLE001 - the last line of defence against tracebacks
        from scheduler.config import ConfigError

        if isinstance(exc, ConfigError):
            return _fail(str(exc))
        if isinstance(exc, OSError) and exc.strerror:
            where = f"{exc.filename}: " if exc.filename else ""
            return _fail(f"{where}{exc.strerror}")
        log.debug("unexpected error", exc_info=True)
        hint = "" if level <= logging.DEBUG else " (run with -v for the details)"
        _fail(f"unexpected error: {type(exc).__name__}: {exc}{hint}")
        return EXIT_INTERNAL
    return int(status or 0)


def _fail(message: str) -> int:
    """Print each line of ``message`` as ``notices: …`` on stderr; the usage exit status."""
    for line in message.splitlines() or [""]:
        print(f"notices: {line}", file=sys.stderr)
    return EXIT_USAGE


def _resolve_relative_published(args: argparse.Namespace) -> None:
    """Turn ``--published yesterday``/``昨天`` into that day's date, today taken in the configured zone."""
    from scheduler.cli.relday import OFFSETS, relative_day

    given = getattr(args, "published", None)
    if not isinstance(given, str) or given.strip().lower() not in OFFSETS:
        return
    zone = configured_zone(args)
    today = datetime.now(zone).date()  # the CLI boundary reads the clock
    named = relative_day(given, today)
    assert named is not None
    args.published = named.isoformat()


def configured_zone(args: argparse.Namespace) -> Any:
    """The zone of the config the command would use (``--config``, ``$NOTICES_CONFIG``), else Shanghai.

    Example: a config with timezone = "Asia/Urumqi" → ZoneInfo("Asia/Urumqi").
    """
    from scheduler.config import ConfigError, load_settings

    try:
        return load_settings(getattr(args, "config", None)).zone
    except (ConfigError, OSError):
        return load_settings(None, environ={}).zone

