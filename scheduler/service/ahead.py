"""Reading and extracting a few files ahead of the one being stored: all cores for an ingest.

The store is written by one process, one file after another, in input
order — so the store ends exactly as a one-process run leaves it.  What may
run early is everything before the store write: reading and decoding the
next files (here) and extracting their articles (in the worker processes
of a ``scheduler.service.sandbox.Sandbox``).  ``lookahead`` walks the files and
keeps ``depth`` of them prepared ahead of the consumer; a prepared file
holds its articles and, for each article the store does not hold yet, a
*claim*: a call that returns the extracted ``Document`` (waiting for a
worker if need be).  Without workers a claim extracts in-process when it is
called, so nothing changes but the order of reading.

Errors stay with their file: a read error is raised again when the file's
turn comes, an extraction error when its claim is called.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, TypeVar

from scheduler.inputs.inbox import SourceDoc

if TYPE_CHECKING:
    from notices.extract import Document

Claim = Callable[[], "Document"]
"""Returns the extracted document of one article (raising what the extraction raised)."""

AHEAD_FILES = 16
"""Files read ahead per worker."""

AHEAD_CHARS = 8_000_000
"""At most this much text read ahead and not yet stored (bounds memory with huge files)."""

Item = TypeVar("Item")
Prepared = TypeVar("Prepared")


@dataclass(frozen=True)
class PreparedFile:
    """One input file read ahead: its articles, their store keys and claims, or the read error.

    ``claims[i]`` is None when the store already holds article ``i`` with these bytes.

    Example: PreparedFile(docs=(SourceDoc("inbox/停水.txt", …),), keys=("/srv/inbox/停水.txt",),
    claims=(<claim>,)).
    """

    docs: tuple[SourceDoc, ...] = ()
    keys: tuple[str, ...] = ()
    claims: tuple[Claim | None, ...] = ()
    error: BaseException | None = None

    def claim(self, index: int) -> Claim | None:
        """The claim of article ``index`` (None: unchanged in the store)."""
        return self.claims[index] if index < len(self.claims) else None


def lookahead(
    items: Iterable[Item],
    prepare: Callable[[Item], Prepared],
    depth: int,
    weight: Callable[[Prepared], int] | None = None,
    budget: int = AHEAD_CHARS,
) -> Iterator[tuple[Item, Prepared]]:
    """``(item, prepare(item))`` in order, with up to ``depth`` items prepared before they are needed.

    With ``weight`` (e.g. characters of text), reading ahead also stops once
    the items waiting weigh more than ``budget``.  ``prepare`` must not raise
    (put the error in its result).  Closing the iterator early cancels the
    claims of the items prepared but not yet handed out (see :func:`cancel`).

    Example: for path, ready in lookahead(paths, read_and_submit, 32, chars): store(ready) — while
    path 1 is stored, the next ones are being extracted.
    """
    window: deque[tuple[Item, Prepared, int]] = deque()
    waiting = 0
    try:
        for item in items:
            prepared = prepare(item)
            size = weight(prepared) if weight is not None else 0
            window.append((item, prepared, size))
            waiting += size
            while len(window) > depth or (len(window) > 1 and waiting > budget):
                done, ready, size = window.popleft()
                waiting -= size
                yield done, ready
        while window:
            done, ready, _ = window.popleft()
            yield done, ready
    finally:
        for _, prepared, _ in window:
            cancel(prepared)


def text_weight(prepared: PreparedFile) -> int:
    """How many characters of a prepared file are waiting (its articles' text).

    Example: text_weight(PreparedFile(docs=(SourceDoc(text="5月9日停水。", …),))) → 7.
    """
    return sum(len(doc.text) for doc in prepared.docs)


def cancel(prepared: Any) -> None:
    """Tell the workers that a prepared file will not be claimed (queued work is dropped)."""
    for claim in getattr(prepared, "claims", ()) or ():
        drop = getattr(claim, "cancel", None)
        if drop is not None:
            drop()


class TicketClaim:
    """A claim backed by a worker's ticket (``scheduler.service.sandbox.Ticket``).

    An extractor error that came back whole is raised as itself, so a file
    fails with the same reason as in a one-process run.

    Example: TicketClaim(sandbox.submit(ExtractRequest(text, "inbox/停水.txt", {})))() → Document(…).
    """

    def __init__(self, ticket: Any) -> None:
        self._ticket = ticket

    def __call__(self) -> Document:
        from scheduler.service.sandbox import ExtractionFailed

        try:
            return self._ticket.result()  # type: ignore[no-any-return]
        except ExtractionFailed as exc:
            if exc.original is not None:
                raise exc.original from None
            raise

    def cancel(self) -> None:
        """Drop the request if no worker has started on it."""
        self._ticket.cancel()


class AnswerClaim:
    """A claim whose ticket's answer goes through ``answer`` (the service turns failures into skips).

    Example: AnswerClaim(sandbox.submit(ExtractRequest("5月9日停水。", …)), lambda t: t.result())() → Document(…).
    """

    def __init__(self, ticket: Any, answer: Callable[[Any], Document]) -> None:
        self._ticket = ticket
        self._answer = answer

    def __call__(self) -> Document:
        return self._answer(self._ticket)

    def cancel(self) -> None:
        """Drop the request if no worker has started on it."""
        self._ticket.cancel()


def pool_claim(pool: Any, doc: SourceDoc, published: datetime | None) -> TicketClaim:
    """Submit one article to the pool's workers; its claim waits for the answer.

    Example: pool_claim(sandbox, doc_of_停水通知, None)() → Document(notices=(<5月9日停水>,), …).
    """
    from scheduler.service.sandbox import ExtractRequest

    return TicketClaim(pool.submit(ExtractRequest(doc.text, doc.path, dict(doc.meta), None, published)))
