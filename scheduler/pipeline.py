"""The build pipeline: input files → store → feeds and digests.

Thin shells around the pure parts (``notices.extract``, ``scheduler.publish.ics``,
``scheduler.publish.digest``).  Nothing here reads the clock: every function takes
``now``.  Each article is ingested in its own transaction (a savepoint of
the run's batch), so a bad file is skipped (and recorded) without touching
what the store already holds.
"""

from __future__ import annotations

import logging
import os
import sqlite3
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import chain
from typing import Any
from datetime import date, datetime
from pathlib import Path

from notices.extract import Document, extract_document
from notices.model import SHANGHAI
from notices.published import PublicationUnknown
from scheduler.config import Settings
from scheduler.inputs.dispatch import read_documents
from scheduler.inputs.inbox import STDIN_PATH, InputError, SourceDoc, iter_input_paths
from scheduler.publish import feedcache
from scheduler.publish.digest import Digest, build_digest, render_html, render_markdown
from scheduler.publish.feedcache import FeedFile, StoreView
from scheduler.publish.feedsets import render_operator_feeds
from scheduler.publish.files import GZIP_SUFFIX, write_if_changed, write_with_gzip_if_changed
from scheduler.publish.frontpage import INDEX_FILE, write_front_page
from scheduler.publish.guard import PublishGuard, retire_feeds
from scheduler.publish.ics import FeedOptions
from scheduler.publish.kindinfo import load_kind_table
from scheduler.service.ahead import AHEAD_FILES, Claim, PreparedFile, lookahead, pool_claim, text_weight
from scheduler.store.store import ArticleOutcome, ArticleRecord, Store

log = logging.getLogger(__name__)

FEEDS_FOLDER = "feeds"
DIGESTS_FOLDER = "digests"
_URL_META_KEYS = ("url", "link", "source")
PARALLEL_MIN_BYTES = 1_000_000
"""An ingest of less input than this stays in one process (worker start-up would cost more)."""
BATCH_FILES = 1000
"""An ingest commits once per this many files (one transaction per batch, not per article)."""

Progress = Callable[[int, int, str], None]
"""Called as ``progress(done, total, path)`` after each input file."""

Extractor = Callable[[SourceDoc, "datetime | None"], Document]
"""``extract(doc, fallback)`` in place of ``extract_document``: the service's
time-limited worker (``scheduler.service.guards.extractor_for``); raises ``InputError``
to skip the document."""

FeedGuard = Callable[[Mapping[str, bytes]], None]
"""Shown the rendered feeds before any is written; raises to write none
(``scheduler.publish.guard.PublishGuard``)."""


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
    published: datetime | None = None,
    pool: Any = None,
    fetched: Sequence[SourceDoc | InputError] = (),
) -> IngestReport:
    """Read files and folders into the store; unchanged files (same hash) are a no-op.

    Unreadable files and files whose extraction fails are logged, recorded in
    the store and skipped; nothing stored before is lost.  ``extract``
    replaces the in-process extractor (the service's worker process);
    ``published`` is every input's publication time (``build --published``).
    An undated input is skipped with one line, never a traceback.  A
    store error (``sqlite3.Error``) is not the file's fault: it is raised.
    ``pool`` (a ``scheduler.service.sandbox.Sandbox``) extracts the next files in
    its workers while one is stored; the store gets the same writes in the
    same order either way, one transaction per ``BATCH_FILES`` files
    (``Store.batch``; each article still all-or-nothing).  ``fetched`` are
    articles read from URLs (``build URL``), or why one could not be read;
    they are stored after the files, each under its URL.

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
    if pool is not None and _input_bytes(inputs) < PARALLEL_MIN_BYTES:
        pool = None  # starting the workers would cost more than they save
    depth = AHEAD_FILES * pool.jobs if pool is not None else 0
    total = len(inputs) + len(fetched)
    with store.batch():
        from_files = ingest_files(store, inputs, now, extract=extract, published=published, pool=pool, depth=depth)
        from_urls = (_ingest_fetched(store, item, now, extract, published) for item in fetched)
        for done, result in enumerate(chain(from_files, from_urls), start=1):
            if result.skipped is not None:
                skipped.append(result.skipped)
            elif any(outcome is not None for _, outcome in result.articles):
                files_read.append(result.path)
            else:
                files_unchanged.append(result.path)
            for key, outcome in result.articles:
                if outcome is None:
                    for uid in store.article_notice_uids(key):
                        status.setdefault(uid, "unchanged")
                else:
                    _merge_status(status, outcome)
            if progress is not None:
                progress(done, total, result.path)
            if done % BATCH_FILES == 0:
                store.commit_batch()

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


@dataclass(frozen=True)
class FileResult:
    """What ingesting one input file did: each article's store key and outcome, or why it was skipped.

    An outcome of None means the store already held that article's exact bytes.

    Example: FileResult("inbox/停水通知.txt", (("/srv/inbox/停水通知.txt", ArticleOutcome(new=("outage-…",))),)).
    """

    path: str
    articles: tuple[tuple[str, ArticleOutcome | None], ...] = ()
    skipped: SkippedFile | None = None


def ingest_files(
    store: Store,
    files: Sequence[Path],
    now: datetime,
    *,
    extract: Extractor | None = None,
    published: datetime | None = None,
    pool: Any = None,
    depth: int = 0,
) -> Iterator[FileResult]:
    """Ingest files one after another in order, yielding each one's result as it is stored.

    Up to ``depth`` files are read and handed to the extractor (``extract``
    when it can take work early, else ``pool``'s workers) before their turn
    (``scheduler.service.ahead``).  Each article is its own transaction unless the
    caller holds a ``Store.batch``.  Store errors and interruptions are raised;
    any other failure skips (and records) just that file.

    Example: [r.path for r in ingest_files(store, [Path("inbox/停水通知.txt")], now)] → ["inbox/停水通知.txt"].
    """

    def prepare(path: Path) -> PreparedFile:
        return _prepare(store, path, now, extract, published, pool)

    for path, ready in lookahead(files, prepare, depth, text_weight):
        shown = str(path)
        try:
            articles = _ingest_one(store, path, now, extract, published, ready)
        except InputError as error:
            yield FileResult(shown, skipped=_skip(store, error.path, error.reason, now))
        except PublicationUnknown as error:
            yield FileResult(shown, skipped=_skip(store, shown, str(error), now))
        except sqlite3.Error:
            raise
        except Exception as error:  # one broken file must not stop the run
            log.exception("extraction failed for %s", shown)
            reason = f"extraction failed: {type(error).__name__}: {error}"
            yield FileResult(shown, skipped=_skip(store, shown, reason, now))
        else:
            yield FileResult(shown, tuple(articles))
        if pool is not None:
            pool.pump()


def rebuild_feeds(
    store: Store,
    output: Path,
    now: datetime,
    settings: Settings,
    *,
    guard: FeedGuard | None = None,
    view: StoreView | None = None,
    pool: Any = None,
    front_page: bool = True,
) -> list[Path]:
    """Render every feed into ``output/feeds/`` and the front page; returns only the files whose bytes changed.

    The feeds are ``all.ics``, one per kind and the config's ``[[feeds]]``
    (``scheduler.publish.feedsets``); ``output/index.html`` lists them.
    ``guard`` sees all rendered feeds first and may refuse them (then nothing is written).
    Each feed gets a precompressed ``<feed>.ics.gz`` beside it.  Nothing is
    read or written when neither the notices, the settings, the day nor the
    files changed since the last rebuild (``scheduler.publish.feedcache``); events
    are rendered only when they change, in ``pool``'s workers when there
    are many.  ``view`` shares one read of the store with the digest.  The
    front page is left alone when ``front_page`` is False (``build`` writes
    it with the digest, just after).

    Example: rebuild_feeds(store, Path("output"), now, Settings()) →
    [output/feeds/all.ics, output/feeds/hotline.ics, …] the first time, [] when nothing changed.
    """
    kinds = load_kind_table()
    options = FeedOptions.from_settings(settings)
    folder = Path(output) / FEEDS_FOLDER
    view = view if view is not None else StoreView(store)
    print_ = feedcache.fingerprint("feeds", store, _output_parts(output, now, settings, kinds))
    if feedcache.unchanged(store, print_):
        if isinstance(guard, PublishGuard):
            guard.rendered = feedcache.feed_names(store, print_)
        return write_front_page_if_changed(store, output, now, settings, view) if front_page else []
    feedcache.refresh_rows(store, options, kinds, feedcache.window_start(now, options), view=view, pool=pool)
    feeds = feedcache.default_feeds(store, now, options, kinds, extra_kinds=kinds.keys())
    if settings.feeds:
        # The operator's [[feeds]] (scheduler.publish.feedsets), each its own static file.
        # Only the notices a feed may show are read (every row was just made), unless the view has them all.
        shown = view.stored if view.loaded else store.stored_notices(
            uids=store.listed_uids(feedcache.window_start(now, options).isoformat()))
        rendered = render_operator_feeds(settings.feeds, shown, now, options, kinds, settings.named_sources)
        feeds.update({name: FeedFile.of_bytes(name, data) for name, data in rendered.items()})
    if guard is not None:
        guard(feeds)
    written = []
    before = feedcache.feed_files(store, print_)  # what the last rebuild wrote (its mark)
    for name, feed in feeds.items():
        if write_with_gzip_if_changed(folder / name, feed.chunks()):
            written.append(folder / name)
    feedcache.remember(store, print_, [path for name in feeds
                                       for path in (folder / name, folder / f"{name}{GZIP_SUFFIX}")])
    retire_feeds(folder, before, feeds)  # a [[feeds]] entry taken out of the config
    if front_page:
        written += write_front_page_if_changed(store, output, now, settings, view)
    return written


def prepare_feeds(store: Store, now: datetime, settings: Settings, pool: Any) -> Callable[[], int]:
    """Start rendering, in ``pool``'s workers, the events the next ``rebuild_feeds`` will need.

    Call the returned function before ``rebuild_feeds``; in between this
    process is free for other work (``build`` writes the digest).

    Example: finish = prepare_feeds(store, now, settings, pool); write_digest(…); finish();
    rebuild_feeds(store, output, now, settings, pool=pool).
    """
    options = FeedOptions.from_settings(settings)
    return feedcache.start_rendering(store, options, load_kind_table(), feedcache.window_start(now, options), pool)


def write_front_page_if_changed(
    store: Store, output: Path, now: datetime, settings: Settings, view: StoreView | None = None
) -> list[Path]:
    """Write ``output/index.html`` unless nothing it shows changed since it was written.

    Example: write_front_page_if_changed(store, Path("output"), now, Settings()) →
    [output/index.html] after a new digest, [] when called again.
    """
    kinds = load_kind_table()
    try:
        listed = sorted(entry.name for entry in (Path(output) / DIGESTS_FOLDER).iterdir())
    except OSError:
        listed = []
    print_ = feedcache.fingerprint("front-page", store, [*_output_parts(output, now, settings, kinds), listed])
    if feedcache.unchanged(store, print_):
        return []
    written = write_front_page(Path(output), store, now, settings, kinds, view=view)
    feedcache.remember(store, print_, [Path(output) / INDEX_FILE])
    return written


def write_digest(
    store: Store,
    output: Path,
    day: date,
    now: datetime,
    *,
    settings: Settings | None = None,
    view: StoreView | None = None,
) -> list[Path]:
    """Write ``output/digests/YYYY-MM-DD.md`` and ``.html`` and record the digest in the store.

    Returns the files whose bytes changed.  With ``settings`` the sections
    are bounded by ``digest_max_items`` and the front page (``index.html``,
    which lists the digests) is refreshed too.  Skipped when nothing it
    depends on changed since it was written; ``view`` shares one read of
    the store with the feeds.

    Example: write_digest(store, Path("output"), date(2023, 4, 26), now) →
    [output/digests/2023-04-26.md, output/digests/2023-04-26.html].
    """
    folder = Path(output) / DIGESTS_FOLDER
    store.record_digest(day, now)
    window = store.digest_window(day, now)
    view = view if view is not None else StoreView(store)
    parts = [*_output_parts(output, now, settings, load_kind_table()), day, window, str(folder)]
    print_ = feedcache.fingerprint(f"digest:{day.isoformat()}", store, parts)
    if feedcache.unchanged(store, print_):
        return write_front_page_if_changed(store, output, now, settings, view) if settings else []
    limit = (settings or Settings()).digest_max_items
    digest = digest_for(store, day, now, link_from=folder, max_items=limit, view=view)
    written = []
    targets = []
    for suffix, text in ((".md", render_markdown(digest)), (".html", render_html(digest))):
        target = folder / f"{day.isoformat()}{suffix}"
        targets.append(target)
        if write_if_changed(target, text.encode("utf-8")):
            written.append(target)
    feedcache.remember(store, print_, targets)
    if settings is not None:
        written += write_front_page_if_changed(store, output, now, settings, view)
    return written


def _output_parts(output: Path, now: datetime, settings: Settings | None, kinds: Mapping[str, Any]) -> list[object]:
    """What feeds, front page and digests depend on besides the notices (see ``feedcache.fingerprint``)."""
    zone = (settings or Settings()).zone
    return [settings, sorted(kinds.items()), now.astimezone(SHANGHAI).date(), now.astimezone(zone).date(),
            os.path.abspath(output)]


def digest_for(
    store: Store,
    day: date,
    now: datetime,
    *,
    link_from: Path | None = None,
    max_items: int | None = None,
    view: StoreView | None = None,
) -> Digest:
    """The digest for ``day`` from the store, without recording it (for printing).

    Example: render_markdown(digest_for(store, date(2023, 4, 26), now)) → "# 本地通知摘要 · 2023年4月26日…".
    """
    window = store.digest_window(day, now)
    live = view.live if view is not None else store.stored_notices()
    return build_digest(
        live, day, window, link_from=link_from, kinds=load_kind_table(),
        max_items=max_items,
    )


# -- internals -------------------------------------------------------------------


def _prepare(
    store: Store, path: Path, now: datetime, extract: Extractor | None, published: datetime | None, pool: Any
) -> PreparedFile:
    """Read one file ahead and hand its new articles to the extractor (see ``scheduler.service.ahead``)."""
    try:
        docs = read_documents(path, now=now)
    except Exception as error:  # raised again when the file's turn comes
        return PreparedFile(error=error)
    keys = tuple(doc.key or _article_key(path, doc.sha256) for doc in docs)
    claims: list[Claim | None] = []
    for doc, key in zip(docs, keys):
        if store.article_hash(key) == doc.sha256:
            claims.append(None)
        elif extract is not None and hasattr(extract, "submit"):
            claims.append(extract.submit(doc, None))
        elif extract is None and pool is not None:
            claims.append(pool_claim(pool, doc, published))
        else:
            claims.append(None)  # extracted in-process at its turn
    return PreparedFile(docs, keys, tuple(claims))


def _ingest_one(
    store: Store, path: Path, now: datetime, extract: Extractor | None = None,
    published: datetime | None = None, ready: PreparedFile | None = None,
) -> list[tuple[str, ArticleOutcome | None]]:
    """Ingest one file's articles (one; one per item for a feed): each one's store key and outcome.

    A feed item that fails is logged and recorded under its own key while the
    other items go on; the file fails only when every item failed.  ``ready``
    is the file as read (and maybe extracted) ahead.
    """
    if ready is None:
        ready = _prepare(store, path, now, None, published, None)
    if ready.error is not None:
        raise ready.error
    docs = ready.docs
    if len(docs) == 1:
        doc, key = docs[0], ready.keys[0]
        return [(key, ingest_document(store, doc, key, now, extract=extract, published=published,
                                      claim=ready.claim(0)))]
    results: list[tuple[str, ArticleOutcome | None]] = []
    first_error: Exception | None = None
    for index, (doc, key) in enumerate(zip(docs, ready.keys)):
        try:
            results.append((key, ingest_document(store, doc, key, now, extract=extract, published=published,
                                                 claim=ready.claim(index))))
        except InputError as error:
            first_error = first_error or error
            _skip_article(store, key, f"{error.path}: {error.reason}", now)
        except Exception as error:  # one bad item must not stop the others
            first_error = first_error or error
            _skip_article(store, key, f"extraction failed: {type(error).__name__}: {error}", now)
    if first_error is not None and not results:
        raise first_error
    return results


def _ingest_fetched(
    store: Store, item: SourceDoc | InputError, now: datetime, extract: Extractor | None,
    published: datetime | None,
) -> FileResult:
    """Ingest one article read from a URL under its key (the item's link, else the URL);
    a failure skips it (recorded under that key), as a file's would be."""
    if isinstance(item, InputError):
        return FileResult(item.path, skipped=_skip_fetched(store, item.path, item.reason, now))
    key = item.key or item.path
    try:
        outcome = ingest_document(store, item, key, now, extract=extract, published=published)
    except InputError as error:
        return FileResult(key, skipped=_skip_fetched(store, key, error.reason, now))
    except PublicationUnknown as error:
        return FileResult(key, skipped=_skip_fetched(store, key, str(error), now))
    except sqlite3.Error:
        raise
    except Exception as error:  # one broken article must not stop the run
        log.exception("extraction failed for %s", key)
        reason = f"extraction failed: {type(error).__name__}: {error}"
        return FileResult(key, skipped=_skip_fetched(store, key, reason, now))
    return FileResult(key, ((key, outcome),))


def ingest_document(
    store: Store,
    doc: SourceDoc,
    key: str,
    now: datetime,
    *,
    fallback: datetime | None = None,
    extract: Extractor | None = None,
    published: datetime | None = None,
    claim: Claim | None = None,
) -> ArticleOutcome | None:
    """Ingest one article under ``key``; None when the store already holds these exact bytes.

    ``fallback`` is the publication time to use when nothing tells it (the
    service passes the fetch time for web articles, basis ``received``).
    ``claim`` returns the article already handed to an extractor ahead of time.

    Example: ingest_document(store, doc, "https://www.qingshi.gov.cn/tzgg/1.html", now) →
    ArticleOutcome(new=("…@notices",), …) the first time, None when fetched again unchanged.
    """
    if store.article_hash(key) == doc.sha256:
        return None
    # Only a fetched article has an arrival time to fall back on; files keep the strict rule.
    extra: dict[str, datetime] = {"fallback": fallback} if fallback is not None else {}
    if published is not None:
        extra["published"] = published
    if claim is not None:
        document = claim()
    elif extract is not None:
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


def _input_bytes(paths: Sequence[Path]) -> int:
    """The total size of the input files (stdin and unreadable files count nothing)."""
    total = 0
    for path in paths:
        try:
            total += os.stat(path).st_size if str(path) != STDIN_PATH else 0
        except OSError:
            pass
    return total


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


def _skip_fetched(store: Store, key: str, reason: str, now: datetime) -> SkippedFile:
    # A URL is its own key (no realpath); reported by the caller like a skipped file.
    log.debug("skipped %s: %s", key, reason)
    store.record_skip(key, reason, now)
    return SkippedFile(key, reason)


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
