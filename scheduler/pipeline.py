"""The build pipeline: input files → store → feeds and digests.

Thin shells around the pure parts (``notices.extract``, ``scheduler.ics``,
``scheduler.digest``).  Nothing here reads the clock: every function takes
``now``.  Each input file is ingested in its own transaction, so a bad file
is skipped (and recorded) without touching what the store already holds.
"""

from __future__ import annotations

import logging
import os
import sqlite3
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from notices.extract import Document, extract_document
from scheduler.config import Settings
from scheduler.digest import Digest, build_digest, render_html, render_markdown
from scheduler.files import write_if_changed
from scheduler.ics import FeedOptions, render_feeds
from scheduler.inbox import STDIN_PATH, InputError, SourceDoc, iter_input_paths
from scheduler.inputs.dispatch import read_documents
from scheduler.kindinfo import load_kind_table
from scheduler.store import ArticleOutcome, ArticleRecord, Store

log = logging.getLogger(__name__)

FEEDS_FOLDER = "feeds"
DIGESTS_FOLDER = "digests"
_URL_META_KEYS = ("url", "link", "source")

Progress = Callable[[int, int, str], None]
"""Called as ``progress(done, total, path)`` after each input file."""

Extractor = Callable[[SourceDoc, "datetime | None"], Document]
"""``extract(doc, fallback)`` in place of ``extract_document``: the service's
time-limited worker (``scheduler.guards.extractor_for``); raises ``InputError``
to skip the document."""

FeedGuard = Callable[[Mapping[str, bytes]], None]
"""Shown the rendered feeds before any is written; raises to write none
(``scheduler.publish.PublishGuard``)."""


@dataclass(frozen=True)
class SkippedFile:
    """An input that was not ingested, and why.

    Example: SkippedFile("inbox/停水通知.txt", "empty file").
    """

    path: str
    reason: str


@dataclass(frozen=True)
class IngestReport:
    """What one ingest run did (uids sorted; files in input order).

    Example: IngestReport(new=("hotline-…", "deadline-…"), files_read=("seeds/002.txt",), …).
    """

    new: tuple[str, ...] = ()
    updated: tuple[str, ...] = ()
    unchanged: tuple[str, ...] = ()
    withdrawn: tuple[str, ...] = ()
    files_read: tuple[str, ...] = ()
    files_unchanged: tuple[str, ...] = ()
    skipped: tuple[SkippedFile, ...] = ()

    def summary(self) -> str:
        """One line for people.

        Example: "2 new, 0 updated, 0 unchanged, 0 withdrawn notices; 2 files read, 0 unchanged, 0 skipped".
        """
        return (
            f"{len(self.new)} new, {len(self.updated)} updated, {len(self.unchanged)} unchanged, "
            f"{len(self.withdrawn)} withdrawn notices; {len(self.files_read)} files read, "
            f"{len(self.files_unchanged)} unchanged, {len(self.skipped)} skipped"
        )


def ingest(
    store: Store,
    paths: Sequence[Path | str],
    now: datetime,
    *,
    progress: Progress | None = None,
    extract: Extractor | None = None,
) -> IngestReport:
    """Read files and folders into the store; unchanged files (same hash) are a no-op.

    Unreadable files and files whose extraction fails are logged, recorded in
    the store and skipped; nothing stored before is lost.  ``extract``
    replaces the in-process extractor (the service's worker process).  A
    store error (``sqlite3.Error``) is not the file's fault: it is raised.

    Example: ingest(store, ["seeds"], now) → IngestReport(new=(第70期“热线问政”, 5月4日办结截止), …).
    """
    inputs: list[Path] = []
    skipped: list[SkippedFile] = []
    for item in iter_input_paths(paths):
        if isinstance(item, InputError):
            skipped.append(_skip(store, item.path, item.reason, now))
        else:
            inputs.append(item)

    status: dict[str, str] = {}
    files_read: list[str] = []
    files_unchanged: list[str] = []
    for done, path in enumerate(inputs, start=1):
        shown = str(path)
        try:
            results = _ingest_one(store, path, now, extract)
        except InputError as error:
            skipped.append(_skip(store, error.path, error.reason, now))
        except sqlite3.Error:
            raise
        except Exception as error:  # one broken file must not stop the run
            log.exception("extraction failed for %s", shown)
            skipped.append(_skip(store, shown, f"extraction failed: {type(error).__name__}: {error}", now))
        else:
            if any(outcome is not None for _, outcome in results):
                files_read.append(shown)
            else:
                files_unchanged.append(shown)
            for key, outcome in results:
                if outcome is None:
                    for uid in store.article_notice_uids(key):
                        status.setdefault(uid, "unchanged")
                else:
                    _merge_status(status, outcome)
        if progress is not None:
            progress(done, len(inputs), shown)

    def having(state: str) -> tuple[str, ...]:
        return tuple(sorted(uid for uid, s in status.items() if s == state))

    return IngestReport(
        new=having("new"),
        updated=having("updated"),
        unchanged=having("unchanged"),
        withdrawn=having("withdrawn"),
        files_read=tuple(files_read),
        files_unchanged=tuple(files_unchanged),
        skipped=tuple(skipped),
    )


def rebuild_feeds(
    store: Store, output: Path, now: datetime, settings: Settings, *, guard: FeedGuard | None = None
) -> list[Path]:
    """Render every feed into ``output/feeds/``; returns only the files whose bytes changed.

    ``guard`` sees all rendered feeds first and may refuse them (then nothing is written).

    Example: rebuild_feeds(store, Path("output"), now, Settings()) →
    [output/feeds/all.ics, output/feeds/hotline.ics, …] the first time, [] when nothing changed.
    """
    kinds = load_kind_table()
    feeds = render_feeds(
        store.stored_notices(include_withdrawn=True),
        now,
        FeedOptions.from_settings(settings),
        kinds,
        extra_kinds=kinds.keys(),
    )
    if guard is not None:
        guard(feeds)
    folder = Path(output) / FEEDS_FOLDER
    written = []
    for name, data in feeds.items():
        if write_if_changed(folder / name, data):
            written.append(folder / name)
    return written


def write_digest(store: Store, output: Path, day: date, now: datetime) -> list[Path]:
    """Write ``output/digests/YYYY-MM-DD.md`` and ``.html`` and record the digest in the store.

    Returns the files whose bytes changed.

    Example: write_digest(store, Path("output"), date(2023, 4, 26), now) →
    [output/digests/2023-04-26.md, output/digests/2023-04-26.html].
    """
    folder = Path(output) / DIGESTS_FOLDER
    store.record_digest(day, now)
    digest = digest_for(store, day, now, link_from=folder)
    written = []
    for suffix, text in ((".md", render_markdown(digest)), (".html", render_html(digest))):
        target = folder / f"{day.isoformat()}{suffix}"
        if write_if_changed(target, text.encode("utf-8")):
            written.append(target)
    return written


def digest_for(store: Store, day: date, now: datetime, *, link_from: Path | None = None) -> Digest:
    """The digest for ``day`` from the store, without recording it (for printing).

    Example: render_markdown(digest_for(store, date(2023, 4, 26), now)) → "# 本地通知摘要 · 2023年4月26日…".
    """
    window = store.digest_window(day, now)
    return build_digest(
        store.stored_notices(), day, window, link_from=link_from, kinds=load_kind_table()
    )


# -- internals -------------------------------------------------------------------


def _ingest_one(
    store: Store, path: Path, now: datetime, extract: Extractor | None = None
) -> list[tuple[str, ArticleOutcome | None]]:
    """Ingest one file's articles (one; one per item for a feed): each one's store key and outcome.

    A feed item that fails is logged and recorded under its own key while the
    other items go on; the file fails only when every item failed.
    """
    docs = read_documents(path, now=now)
    if len(docs) == 1:
        doc = docs[0]
        key = doc.key or _article_key(path, doc.sha256)
        return [(key, ingest_document(store, doc, key, now, extract=extract))]
    results: list[tuple[str, ArticleOutcome | None]] = []
    first_error: Exception | None = None
    for doc in docs:
        key = doc.key or _article_key(path, doc.sha256)
        try:
            results.append((key, ingest_document(store, doc, key, now, extract=extract)))
        except InputError as error:
            first_error = first_error or error
            _skip_article(store, key, f"{error.path}: {error.reason}", now)
        except Exception as error:  # one bad item must not stop the others
            first_error = first_error or error
            _skip_article(store, key, f"extraction failed: {type(error).__name__}: {error}", now)
    if first_error is not None and not results:
        raise first_error
    return results


def ingest_document(
    store: Store,
    doc: SourceDoc,
    key: str,
    now: datetime,
    *,
    fallback: datetime | None = None,
    extract: Extractor | None = None,
) -> ArticleOutcome | None:
    """Ingest one article under ``key``; None when the store already holds these exact bytes.

    ``fallback`` is the publication time to use when nothing tells it (the
    service passes the fetch time for web articles, basis ``received``).

    Example: ingest_document(store, doc, "https://www.qingshi.gov.cn/tzgg/1.html", now) →
    ArticleOutcome(new=("…@notices",), …) the first time, None when fetched again unchanged.
    """
    if store.article_hash(key) == doc.sha256:
        return None
    # Only a fetched article has an arrival time to fall back on; files keep the strict rule.
    extra = {"fallback": fallback} if fallback is not None else {}
    if extract is not None:
        document = extract(doc, fallback)
    else:
        document = extract_document(doc.text, source=doc.path, meta=doc.meta, **extra)
    record = ArticleRecord(
        path=key,
        source=doc.path,
        sha256=doc.sha256,
        published=document.published.when,
        published_basis=document.published.basis,
        headlines=tuple(article.headline for article in document.articles),
        url=_url_from_meta(doc.meta),
    )
    outcome = store.ingest_article(record, document.notices, now)
    store.clear_skip(key)
    return outcome


def _article_key(path: Path, sha256: str) -> str:
    """The store key of a file: its resolved path (stdin: its content hash)."""
    if str(path) == STDIN_PATH:
        return f"stdin:{sha256}"
    return os.path.realpath(path)


def _url_from_meta(meta: dict[str, str]) -> str | None:
    for key in _URL_META_KEYS:
        value = meta.get(key, "")
        if value.startswith(("http://", "https://")):
            return value
    return None


def _skip_article(store: Store, key: str, reason: str, now: datetime) -> None:
    """Log and record one article of a multi-article input (a feed item) that failed."""
    log.warning("skipped %s: %s", key, reason)
    store.record_skip(key, reason, now)


def _skip(store: Store, path: str, reason: str, now: datetime) -> SkippedFile:
    # Debug only: callers report skipped files themselves (build prints them,
    # the service logs one line), so a bad file is not logged twice.
    log.debug("skipped %s: %s", path, reason)
    store.record_skip(path if path == STDIN_PATH else os.path.realpath(path), reason, now)
    return SkippedFile(path, reason)


def _merge_status(status: dict[str, str], outcome: ArticleOutcome) -> None:
    """Fold one article's outcome into the run's per-uid status (new beats updated)."""
    for uid in outcome.new:
        status[uid] = "new"
    for uid in outcome.updated:
        status[uid] = "new" if status.get(uid) == "new" else "updated"
    for uid in outcome.unchanged:
        status.setdefault(uid, "unchanged")
    for uid in outcome.withdrawn:
        status[uid] = "withdrawn"
