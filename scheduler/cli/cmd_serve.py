"""``notices serve``: the scheduler and the HTTP server in one foreground process."""

from __future__ import annotations

import argparse
from typing import Any

from scheduler.cli import CommandError
from scheduler.config import ConfigError, Settings, add_service_flags, settings_from_args
from scheduler.service.lock import LockHeld, LockUnavailable


def register(subparsers: Any) -> None:
    """Add ``serve`` to the CLI.

    Example: ``notices serve --config /etc/notices/notices.toml`` serves 第70期“热线问政” in all.ics.
    """
    parser = subparsers.add_parser(
        "serve",
        help="run the service: poll the inbox, write feeds and digests, serve them over HTTP",
        description="Run in the foreground until SIGTERM/SIGINT: poll the inbox every "
        "poll_seconds, rebuild feeds when notices change, write the daily digest at "
        "digest_time (with one catch-up after downtime), and serve output/ over HTTP.",
    )
    add_service_flags(parser)
    parser.set_defaults(func=run_serve)


def load_or_refuse(args: argparse.Namespace) -> Settings:
    """Settings from file and flags, or a one-line ``CommandError`` naming the bad key.

    Example: ``poll_seconds = 0`` in notices.toml → "notices.toml: poll_seconds: must be between 1 and 86400, got 0".
    """
    try:
        return settings_from_args(args)
    except ConfigError as exc:
        raise CommandError(str(exc)) from None


def run_serve(args: argparse.Namespace) -> int:
    """Entry point of ``notices serve``; exit status 0 after a clean stop."""
    from scheduler import logs
    from scheduler.service.serve import ServiceError, configure_logging, serve

    settings = load_or_refuse(args)
    configure_logging()  # the service's APScheduler filters; then our handler, level and zone
    logs.configure(zone=settings.zone)
    try:
        return serve(settings)
    except (LockHeld, LockUnavailable, ServiceError) as exc:
        raise CommandError(str(exc)) from None
