"""Feeds that cost nothing when nothing changed.

Three pieces, each byte for byte what rendering everything afresh gives:

1. **Events rendered once.**  ``refresh_rows`` renders (with ``icalendar``,
   through ``scheduler.publish.ics.feed_row``) only the notices whose cached row the
   store dropped — triggers drop it whenever a notice, its sources or one
   of its articles change — and keeps the bytes in the store
   (``scheduler.store.feeds``).  Many at once (the first build) are spread
   over the extraction workers; a worker reads the committed store and
   writes the rows back itself.
2. **Feeds assembled from stored blocks.**  ``default_feeds`` gives
   ``all.ics`` and the per-kind feeds as :class:`FeedFile` values whose
   bytes stream from the store: a head, the blocks in order, a footer.
3. **Nothing done when nothing changed.**  ``Fingerprint`` names everything
   an output depends on (the store's change counter, the settings, the day,
   the program's own code); ``unchanged`` is true when the output was last
   written with the same fingerprint and its files are still as written.

:class:`StoreView` is one read of every notice, shared by the feeds that
still need whole notices (the ``[[feeds]]``, the front page) and the digest.
"""

from __future__ import annotations

import hashlib
import logging
import os
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

from notices.model import SHANGHAI
from scheduler.publish.ics import CALENDAR_FOOTER, FeedOptions, calendar_head, default_feeds as feed_list, feed_row
from scheduler.publish.kindinfo import KindInfo, load_kind_table
from scheduler.store.store import Store, StoredNotice

log = logging.getLogger("notices.feeds")

PARALLEL_MIN = 2000
"""Render in the workers only when at least this many events are missing."""

RENDER_CHUNK = 500
"""Events per worker request."""

REFRESH_ATTEMPTS = 5
"""How often rows are made again when another process changed notices meanwhile."""

_VEVENT_LINE = b"BEGIN:VEVENT\r\n"


# -- 1. events rendered once ------------------------------------------------------


@dataclass(frozen=True)
class RenderRequest:
    """Render and store the feed rows of ``uids`` (in a worker), if the store is still at ``generation``.

    Example: RenderRequest("state/notices.sqlite3", ("hotline-2023-04-26-…",), FeedOptions(),
    date(2023, 3, 27), 12).
    """

    store: str
    uids: tuple[str, ...]
    options: FeedOptions
    oldest: date | None = None
    generation: int = 0


def render_rows(request: RenderRequest) -> int:
    """The worker's job: read the notices, render their rows, store them; how many (-1: store changed).

    The worker writes the rows itself (a short transaction that first checks
    the change counter), so 100,000 rendered events never travel back
    through the pipe nor sit in the parent's memory.

    Example: render_rows(RenderRequest("state/notices.sqlite3", ("<第70期“热线问政”的uid>",), FeedOptions(), None, 12)) → 1.
    """
    kinds = load_kind_table()
    with Store.open(request.store, create=False) as store:
        items = store.stored_notices(include_withdrawn=True, uids=request.uids)
        rows = [feed_row(item, request.options, kinds, request.oldest) for item in items]
        return len(rows) if store.put_feed_rows_if(rows, request.generation) else -1


def render_context(options: FeedOptions, kinds: Mapping[str, KindInfo]) -> str:
    """What every cached event depends on besides its notice: options, kinds, renderer code.

    Example: render_context(FeedOptions(), load_kind_table()) → "3f2a…"; renaming 热线问政 in kinds.toml changes it.
    """
    parts = [repr(options), repr(sorted(kinds.items())), _code_digest("render")]
    return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()


def refresh_rows(
    store: Store,
    options: FeedOptions,
    kinds: Mapping[str, KindInfo],
    oldest: date,
    *,
    view: StoreView | None = None,
    pool: Any = None,
) -> int:
    """Make the rows of notices that have none, rendering the events feeds from ``oldest`` on list.

    ``pool`` (a ``scheduler.service.sandbox.Sandbox``) renders large numbers in its
    workers, which read the committed store; rows are kept only if no
    notice changed meanwhile (the change counter is the same), so a
    concurrent ``notices withdraw`` can never leave a stale event behind.
    Returns how many rows were made.

    Example: refresh_rows(store, FeedOptions(), kinds, date(2023, 3, 27)) → 2 after the 热线问政 page
    was ingested, then 0.
    """
    made = 0
    workers = pool is not None and _shareable(store)
    for _ in range(REFRESH_ATTEMPTS):
        missing = store.feed_rows_missing(render_context(options, kinds), oldest.isoformat())
        if not missing:
            return made
        if workers and len(missing) >= PARALLEL_MIN:
            tickets = _submit_rendering(store, missing, options, oldest, pool)
            stored, complete = _store_rendered(tickets)
            made += stored
            workers = complete  # after a worker failed, the rest is rendered here
            continue
        generation = store.generation()
        wanted = set(missing)
        if view is not None and (view.loaded or len(missing) * 4 >= store.notice_count()):
            items = [item for item in view.stored if item.notice.uid in wanted]
        else:
            items = store.stored_notices(include_withdrawn=True, uids=missing)
        for first in range(0, len(items), RENDER_CHUNK):  # stored a chunk at a time: bounded memory
            rows = [feed_row(item, options, kinds, oldest) for item in items[first : first + RENDER_CHUNK]]
            if not store.put_feed_rows_if(rows, generation):
                log.info("notices changed while their events were rendered; rendering them again")
                break
            made += len(rows)
    raise sqlite3.OperationalError(
        f"notices kept changing while their events were rendered ({REFRESH_ATTEMPTS} attempts)"
    )


def window_start(now: datetime, options: FeedOptions) -> date:
    """The first day a feed still shows: ``past_days`` before ``now``'s day (Asia/Shanghai).

    Example: window_start(2023-04-26T07:00+08:00, FeedOptions(past_days=30)) → 2023-03-27 (a 3月27日 meeting still shows).
    """
    return now.astimezone(SHANGHAI).date() - timedelta(days=options.past_days)


def _shareable(store: Store) -> bool:
    """Can workers read what this connection sees (a file, everything committed)?"""
    return str(store.path) != ":memory:" and not store.in_transaction


def start_rendering(
    store: Store, options: FeedOptions, kinds: Mapping[str, KindInfo], oldest: date, pool: Any
) -> Callable[[], int]:
    """Hand the events a rebuild will need to ``pool``'s workers now; the call returned stores them.

    Lets ``build`` write the digest while the workers render; the rebuild
    that follows finds the rows made.  Returns how many rows were stored
    (0 when there was too little to render, or a worker failed: the rebuild
    then renders them itself).

    Example: finish = start_rendering(store, FeedOptions(), kinds, date(2024, 4, 6), pool);
    write_digest(…); finish() → 10000.
    """
    if pool is None or not _shareable(store):
        return lambda: 0
    missing = store.feed_rows_missing(render_context(options, kinds), oldest.isoformat())
    if len(missing) < PARALLEL_MIN:
        return lambda: 0
    tickets = _submit_rendering(store, missing, options, oldest, pool)

    def finish() -> int:
        return _store_rendered(tickets)[0]

    return finish


def _submit_rendering(store: Store, uids: Sequence[str], options: FeedOptions, oldest: date, pool: Any) -> list[Any]:
    target = f"{__name__}:render_rows"
    path = os.path.abspath(store.path)
    generation = store.generation()
    return [
        pool.submit(RenderRequest(path, tuple(uids[i : i + RENDER_CHUNK]), options, oldest, generation),
                    target=target)
        for i in range(0, len(uids), RENDER_CHUNK)
    ]


def _store_rendered(tickets: Sequence[Any]) -> tuple[int, bool]:
    """Wait for the workers to store their chunks: (rows stored, whether no worker failed).

    A chunk is stored only while no notice changed since it was handed out
    (rows stored before a change are dropped by the triggers if it made
    them stale).  After a failure or a change the chunks not yet started
    are dropped; what is missing is rendered again by the caller.
    """
    from scheduler.service.sandbox import ExtractionFailed, ExtractionTimedOut

    stored = 0
    for index, ticket in enumerate(tickets):
        try:
            count = int(ticket.result())
        except (ExtractionFailed, ExtractionTimedOut) as exc:
            log.warning("rendering events in the workers failed (%s); rendering the rest here", exc)
            _drop(tickets[index + 1 :])
            return stored, False
        if count < 0:
            log.info("notices changed while their events were rendered; rendering them again")
            _drop(tickets[index + 1 :])
            return stored, True
        stored += count
    return stored, True


def _drop(tickets: Sequence[Any]) -> None:
    for ticket in tickets:
        ticket.cancel()


# -- 2. feeds assembled from stored blocks --------------------------------------------


@dataclass(frozen=True)
class FeedFile:
    """A feed ready to write: how many events it holds, and its bytes as a stream.

    Example: FeedFile("hotline.ics", 1, …) streams the 第70期“热线问政” feed: head, one VEVENT, footer.
    """

    name: str
    events: int
    stream: Callable[[], Iterable[bytes]]

    def chunks(self) -> Iterator[bytes]:
        """The feed's bytes, a piece at a time (may be called again)."""
        yield from self.stream()

    def data(self) -> bytes:
        """The whole feed at once (small feeds, tests)."""
        return b"".join(self.chunks())

    @classmethod
    def of_bytes(cls, name: str, data: bytes) -> FeedFile:
        """A feed already rendered whole (the ``[[feeds]]``).

        Example: FeedFile.of_bytes("zx.ics", <蒸湘区停水停电, 3 events>).events → 3.
        """
        return cls(name, data.count(_VEVENT_LINE), lambda: (data,))


def default_feeds(
    store: Store,
    now: datetime,
    options: FeedOptions,
    kinds: Mapping[str, KindInfo],
    extra_kinds: Iterable[str] = (),
) -> dict[str, FeedFile]:
    """``all.ics`` and one feed per kind, streamed from the stored rows (call ``refresh_rows`` first).

    The same files as ``scheduler.publish.ics.render_feeds`` over every stored notice.

    Example: default_feeds(store, now, FeedOptions(), kinds, kinds.keys())["hotline.ics"].events → 1 (第70期“热线问政”).
    """
    oldest = window_start(now, options).isoformat()
    feeds: dict[str, FeedFile] = {}
    for feed in feed_list(store.feed_kinds() | set(extra_kinds), options, kinds):
        events, timed = store.feed_summary(oldest, feed.kind)
        head = calendar_head(feed.title, options, events == 0 or timed, description=feed.description)
        feeds[feed.file_name] = FeedFile(feed.file_name, events, _streamer(store, head, oldest, feed.kind))
    return dict(sorted(feeds.items()))


def _streamer(store: Store, head: bytes, oldest: str, kind: str | None) -> Callable[[], Iterator[bytes]]:
    def stream() -> Iterator[bytes]:
        yield head
        pending: list[bytes] = []
        size = 0
        for block in store.feed_blocks(oldest, kind):
            pending.append(block)
            size += len(block)
            if size >= 1 << 20:
                yield b"".join(pending)
                pending, size = [], 0
        yield b"".join(pending) + CALENDAR_FOOTER

    return stream


# -- 3. nothing done when nothing changed --------------------------------------------


@dataclass(frozen=True)
class Fingerprint:
    """Everything one output depends on, hashed.

    Example: Fingerprint("digest:2023-04-26", "5be0…") for the 4月26日 digest.
    """

    name: str
    value: str


def fingerprint(name: str, store: Store, parts: Sequence[object]) -> Fingerprint:
    """A fingerprint of ``parts`` plus the store's change counter and the program's code.

    Example: fingerprint("feeds", store, [settings, date(2023, 4, 26), "/srv/output"]) changes once 热线问政 is withdrawn.
    """
    text = "\n".join([name, str(store.generation()), _code_digest("all"), *map(repr, parts)])
    return Fingerprint(name, hashlib.sha256(text.encode("utf-8")).hexdigest())


def unchanged(store: Store, print_: Fingerprint) -> bool:
    """Was this output last written with this very fingerprint, and are its files still as written?

    Example: unchanged(store, fingerprint("feeds", store, …)) → True when no 停水通知 came in since.
    """
    mark = store.output_mark(print_.name)
    if mark is None or mark.fingerprint != print_.value or not mark.files:
        return False
    return all(_stamp(Path(path)) == stamp for path, stamp in mark.files.items())


def remember(store: Store, print_: Fingerprint, files: Sequence[Path]) -> None:
    """Record the fingerprint and the files as they are now (just written).

    A file that is missing (not written) leaves no mark, so the next run does the work again.

    Example: remember(store, fingerprint("feeds", store, …), [output/feeds/all.ics, …]) after writing 本地通知·全部.
    """
    stamps = {str(path): stamp for path in files if (stamp := _stamp(path)) is not None}
    if len(stamps) == len(files):
        store.put_output_mark(print_.name, print_.value, stamps)
    else:
        store.forget_output_mark(print_.name)


def feed_names(store: Store, print_: Fingerprint) -> tuple[str, ...]:
    """The feed files (``*.ics``) an output's mark lists, sorted.

    Example: feed_names(store, fingerprint("feeds", …)) → ("activity.ics", "all.ics", …, "hotline.ics" 热线问政).
    """
    mark = store.output_mark(print_.name)
    files = mark.files if mark is not None else {}
    return tuple(sorted(Path(path).name for path in files if path.endswith(".ics")))


def feed_files(store: Store, print_: Fingerprint) -> tuple[Path, ...]:
    """The feed files (``*.ics``, full paths) an output's mark lists, sorted: what the last write wrote.

    Example: feed_files(store, fingerprint("feeds", …)) → (output/feeds/activity.ics, …, output/feeds/hotline.ics).
    """
    mark = store.output_mark(print_.name)
    files = mark.files if mark is not None else {}
    return tuple(sorted(Path(path) for path in files if path.endswith(".ics")))


def _stamp(path: Path) -> tuple[int, int] | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_size, info.st_mtime_ns


@lru_cache(maxsize=None)
def _code_digest(scope: str) -> str:
    """A hash of the program's own source (so an upgrade never reuses what an older one wrote).

    ``render``: the modules a VEVENT depends on; ``all``: every module of
    ``scheduler`` and the notice model.
    """
    import icalendar

    import notices.model
    import scheduler

    here = Path(scheduler.__file__).resolve().parent
    if scope == "render":
        render = ("publish/ics.py", "publish/ics_text.py", "publish/kindinfo.py", "store/reading.py", "store/values.py")
        names = [here / n for n in render]
    else:
        names = sorted(here.rglob("*.py"))
    names.append(Path(notices.model.__file__).resolve())
    hasher = hashlib.sha256(str(getattr(icalendar, "__version__", "")).encode())
    for path in names:
        hasher.update(path.name.encode() + b"\0" + path.read_bytes())
    return hasher.hexdigest()


# -- one read shared by feeds and digest ----------------------------------------------


class StoreView:
    """Every stored notice, read once and shared (read again only if the store changed).

    Example: view = StoreView(store); rebuild_feeds(…, view=view); write_digest(…, view=view)
    reads the 100,000 notices once, not three times.
    """

    def __init__(self, store: Store) -> None:
        self._store = store
        self._items: list[StoredNotice] | None = None
        self._generation = -1

    @property
    def loaded(self) -> bool:
        """Has the view read the store (and is that read still current)?"""
        return self._items is not None and self._generation == self._current()

    @property
    def stored(self) -> list[StoredNotice]:
        """Every notice, withdrawn ones included, sorted by uid."""
        if not self.loaded:
            self._generation = self._current()
            self._items = self._store.stored_notices(include_withdrawn=True)
        assert self._items is not None
        return self._items

    @property
    def live(self) -> list[StoredNotice]:
        """The notices not withdrawn (what ``store.stored_notices()`` returns)."""
        return [item for item in self.stored if not item.withdrawn]

    def _current(self) -> int:
        try:
            return self._store.generation()
        except sqlite3.Error:
            return -2
