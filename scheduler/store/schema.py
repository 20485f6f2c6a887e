"""The store's schema: every table, the version it belongs to, and the migrations.

Version 1 holds the notice tables (``articles``, ``notices``,
``notice_sources``, ``skipped_inputs``, ``digests``).  Version 2 brings the
service's own tables under the same version number (``service_kv``,
``service_files`` with ``gone_since``, ``service_digests``) and adds
``editor_withdrawals`` (``notices withdraw UID``).  Version 3 adds what
makes a rebuild cheap (``scheduler.store.feeds``): ``feed_events``, each
notice's rendered VEVENT and the facts feeds are selected and sorted by;
``store_changes``, a counter every change to a notice, its sources or an
article moves; and ``output_marks``, the fingerprint and file stamps of the
feeds and digests last written.  Triggers keep the first two honest whoever
writes: a change to a notice, its sources or one of its articles drops the
notice's cached row and moves the counter.  ``TABLES`` lists, per version,
every table and its columns, so a check can tell a whole store from one
that lost a table.

Before a migration changes an existing store, the store is copied with
SQLite's online backup API to ``<store>.v<old>.bak`` (``.v1.1.bak`` … if that
name is taken), so a failed or regretted upgrade can be undone with
``notices restore``.
"""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path

log = logging.getLogger("notices.store")

SCHEMA_VERSION = 3

_SCHEMA_V1 = """
CREATE TABLE articles (
    path            TEXT PRIMARY KEY,
    source          TEXT NOT NULL,
    sha256          TEXT NOT NULL,
    published       TEXT NOT NULL,
    published_basis TEXT NOT NULL,
    headlines       TEXT NOT NULL,
    url             TEXT,
    ingested_at     TEXT NOT NULL
);
CREATE TABLE notices (
    uid          TEXT PRIMARY KEY,
    kind         TEXT NOT NULL,
    data         TEXT NOT NULL,
    first_seen   TEXT NOT NULL,
    last_changed TEXT NOT NULL,
    sequence     INTEGER NOT NULL DEFAULT 0,
    withdrawn_at TEXT
);
CREATE TABLE notice_sources (
    uid          TEXT NOT NULL REFERENCES notices(uid),
    article_path TEXT NOT NULL REFERENCES articles(path),
    data         TEXT NOT NULL,
    PRIMARY KEY (uid, article_path)
);
CREATE INDEX notice_sources_by_article ON notice_sources(article_path);
CREATE TABLE skipped_inputs (
    path    TEXT PRIMARY KEY,
    reason  TEXT NOT NULL,
    seen_at TEXT NOT NULL
);
CREATE TABLE digests (
    day    TEXT PRIMARY KEY,
    cutoff TEXT NOT NULL
);
"""

# The service tables may already exist in a version-1 store (the service
# created them itself then), hence IF NOT EXISTS.
_SCHEMA_V2 = """
CREATE TABLE IF NOT EXISTS service_kv (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS service_files (
    path     TEXT PRIMARY KEY,
    size     INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    status   TEXT NOT NULL CHECK (status IN ('seen', 'ingested', 'failed')),
    reason   TEXT
);
ALTER TABLE service_files ADD COLUMN gone_since TEXT;
CREATE TABLE IF NOT EXISTS service_digests (
    day        TEXT PRIMARY KEY,
    slot       TEXT NOT NULL,
    written_at TEXT NOT NULL,
    catch_up   INTEGER NOT NULL
);
CREATE TABLE editor_withdrawals (
    uid    TEXT PRIMARY KEY,
    reason TEXT NOT NULL,
    at     TEXT NOT NULL
);
"""

# Version 3: the feed cache.  Every trigger both drops the cached rows of
# the notices a write touches and moves the change counter.
_SCHEMA_V3 = """
CREATE TABLE feed_events (
    uid      TEXT PRIMARY KEY,
    kind     TEXT NOT NULL,
    listed   INTEGER NOT NULL,
    last_day TEXT NOT NULL,
    sort_at  INTEGER NOT NULL,
    all_day  INTEGER NOT NULL,
    block    BLOB
);
CREATE INDEX feed_events_by_time ON feed_events(sort_at, uid);
CREATE TABLE store_changes (generation INTEGER NOT NULL);
INSERT INTO store_changes VALUES (0);
CREATE TABLE output_marks (
    name        TEXT PRIMARY KEY,
    fingerprint TEXT NOT NULL,
    files       TEXT NOT NULL
);
CREATE TRIGGER notices_inserted AFTER INSERT ON notices BEGIN
    DELETE FROM feed_events WHERE uid = NEW.uid;
    UPDATE store_changes SET generation = generation + 1;
END;
CREATE TRIGGER notices_updated AFTER UPDATE ON notices BEGIN
    DELETE FROM feed_events WHERE uid IN (OLD.uid, NEW.uid);
    UPDATE store_changes SET generation = generation + 1;
END;
CREATE TRIGGER notices_deleted AFTER DELETE ON notices BEGIN
    DELETE FROM feed_events WHERE uid = OLD.uid;
    UPDATE store_changes SET generation = generation + 1;
END;
CREATE TRIGGER sources_inserted AFTER INSERT ON notice_sources BEGIN
    DELETE FROM feed_events WHERE uid = NEW.uid;
    UPDATE store_changes SET generation = generation + 1;
END;
CREATE TRIGGER sources_updated AFTER UPDATE ON notice_sources BEGIN
    DELETE FROM feed_events WHERE uid IN (OLD.uid, NEW.uid);
    UPDATE store_changes SET generation = generation + 1;
END;
CREATE TRIGGER sources_deleted AFTER DELETE ON notice_sources BEGIN
    DELETE FROM feed_events WHERE uid = OLD.uid;
    UPDATE store_changes SET generation = generation + 1;
END;
CREATE TRIGGER articles_updated AFTER UPDATE ON articles BEGIN
    DELETE FROM feed_events WHERE uid IN
        (SELECT uid FROM notice_sources WHERE article_path IN (OLD.path, NEW.path));
    UPDATE store_changes SET generation = generation + 1;
END;
CREATE TRIGGER articles_deleted AFTER DELETE ON articles BEGIN
    DELETE FROM feed_events WHERE uid IN
        (SELECT uid FROM notice_sources WHERE article_path = OLD.path);
    UPDATE store_changes SET generation = generation + 1;
END;
"""

# version → script that brings the schema from version-1 to version.
MIGRATIONS: dict[int, str] = {1: _SCHEMA_V1, 2: _SCHEMA_V2, 3: _SCHEMA_V3}

_V1_TABLES: dict[str, tuple[str, ...]] = {
    "schema_version": ("version",),
    "articles": ("path", "source", "sha256", "published", "published_basis", "headlines", "url",
                 "ingested_at"),
    "notices": ("uid", "kind", "data", "first_seen", "last_changed", "sequence", "withdrawn_at"),
    "notice_sources": ("uid", "article_path", "data"),
    "skipped_inputs": ("path", "reason", "seen_at"),
    "digests": ("day", "cutoff"),
}
TABLES: dict[int, dict[str, tuple[str, ...]]] = {
    1: _V1_TABLES,
    2: {
        **_V1_TABLES,
        "service_kv": ("key", "value"),
        "service_files": ("path", "size", "mtime_ns", "status", "reason", "gone_since"),
        "service_digests": ("day", "slot", "written_at", "catch_up"),
        "editor_withdrawals": ("uid", "reason", "at"),
    },
}
TABLES[3] = {
    **TABLES[2],
    "feed_events": ("uid", "kind", "listed", "last_day", "sort_at", "all_day", "block"),
    "store_changes": ("generation",),
    "output_marks": ("name", "fingerprint", "files"),
}
"""Per schema version: every table it must hold and the columns each must have."""


class StoreError(Exception):
    """The store file cannot be used (missing, damaged, written by a newer version…).

    Example: StoreError("state/notices.sqlite3: schema version 3 is newer than this program understands (2)").
    """


def current_version(db: sqlite3.Connection) -> int:
    """The schema version recorded in the store; 0 for a store without any table yet.

    Example: current_version(sqlite3.connect("state/notices.sqlite3")) → 2.
    """
    exists = db.execute(
        "SELECT 1 FROM sqlite_master WHERE type='table' AND name='schema_version'"
    ).fetchone()
    if not exists:
        return 0
    row = db.execute("SELECT version FROM schema_version").fetchone()
    if row is None:
        raise StoreError("schema_version table is empty")
    return int(row[0])


def table_problems(db: sqlite3.Connection, version: int) -> list[str]:
    """What is missing from a store of ``version``: whole tables or columns, one phrase each.

    Example: a store whose ``notices`` table was dropped → ["table notices is missing"].
    """
    problems: list[str] = []
    for table, columns in TABLES.get(version, {}).items():
        found = {str(row[1]) for row in db.execute(f"PRAGMA table_info({table})")}
        if not found:
            problems.append(f"table {table} is missing")
            continue
        lacking = [column for column in columns if column not in found]
        if lacking:
            problems.append(f"table {table} lacks column(s) {', '.join(lacking)}")
    return problems


def migrate(db: sqlite3.Connection, path: Path) -> int:
    """Bring the store to ``SCHEMA_VERSION``; returns the version it had before.

    An existing store (version ≥ 1) is backed up first (see the module notes).
    The connection must not be inside a transaction; the migration runs in one.

    Example: migrate(connection, Path("state/notices.sqlite3")) on a version-1 store → 1,
    with state/notices.sqlite3.v1.bak written first.
    """
    before = current_version(db)
    if before > SCHEMA_VERSION:
        raise StoreError(
            f"{path}: schema version {before} is newer than this program understands "
            f"({SCHEMA_VERSION})"
        )
    if before == SCHEMA_VERSION:
        return before
    if before >= 1 and str(path) != ":memory:":
        saved = backup_before_migration(db, path, before)
        log.info("%s: backed up to %s before migrating from schema %s to %s",
                 path, saved, before, SCHEMA_VERSION)
    db.execute("BEGIN IMMEDIATE")
    try:
        # Read again under the write lock: another process may have migrated meanwhile.
        if before == 0 and current_version(db) == 0:
            db.execute("CREATE TABLE schema_version (version INTEGER NOT NULL)")
            db.execute("INSERT INTO schema_version VALUES (0)")
        start = current_version(db)
        for version in range(start + 1, SCHEMA_VERSION + 1):
            for statement in split_statements(MIGRATIONS[version]):
                _execute_migration_statement(db, statement)
            db.execute("UPDATE schema_version SET version = ?", (version,))
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")
    return before


def split_statements(script: str) -> list[str]:
    """The complete SQL statements of a script (a trigger body's ``;`` does not end one).

    Example: split_statements("CREATE TABLE t (x);\nCREATE TRIGGER g AFTER INSERT ON t BEGIN
    DELETE FROM t; END;") → two statements.
    """
    statements: list[str] = []
    pending = ""
    for piece in script.split(";"):
        pending += piece + ";"
        if sqlite3.complete_statement(pending):
            if pending.strip(" \n;"):
                statements.append(pending.strip())
            pending = ""
    if pending.strip(" \n;"):
        statements.append(pending.strip())
    return statements


def _execute_migration_statement(db: sqlite3.Connection, statement: str) -> None:
    """Run one statement; an ADD COLUMN for a column that exists already is skipped."""
    words = statement.split()
    if words[:2] == ["ALTER", "TABLE"] and words[3:5] == ["ADD", "COLUMN"]:
        table, column = words[2], words[5]
        existing = {str(row[1]) for row in db.execute(f"PRAGMA table_info({table})")}
        if column in existing:
            return
    db.execute(statement)


def backup_before_migration(db: sqlite3.Connection, path: Path, version: int) -> Path:
    """Copy the store beside itself as ``<name>.v<version>.bak`` (a free name); returns it.

    Example: backup_before_migration(connection, Path("state/notices.sqlite3"), 1)
    → state/notices.sqlite3.v1.bak.
    """
    target = path.with_name(f"{path.name}.v{version}.bak")
    number = 0
    while target.exists():
        number += 1
        target = path.with_name(f"{path.name}.v{version}.{number}.bak")
    copy = sqlite3.connect(str(target))
    try:
        db.backup(copy)
    finally:
        copy.close()
    return target
