"""Taking notices down: a file that left the inbox, and an editor's ``notices withdraw``.

A mixin of :class:`scheduler.store.store.Store`, kept apart so each module stays
small; it uses the store's connection, transaction and settling logic.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager
from datetime import datetime
from typing import TYPE_CHECKING

from scheduler.store.values import ArticleOutcome
from scheduler.store.values import stamp as _stamp


class EditorWithdrawals:
    """Withdrawal operations of the store (see the module notes).

    Example: store.withdraw_notice("meeting-2024-05-09-…", "25:00 is not a time", now).
    """

    _db: sqlite3.Connection

    if TYPE_CHECKING:  # provided by Store

        def transaction(self) -> AbstractContextManager[None]: ...

        def _source_sets_for_article(self, path: str) -> dict[str, set[str]]: ...

        def _effective_data(self, uid: str) -> str | None: ...

        def _settle(
            self,
            uids: Sequence[str],
            sources_before: dict[str, set[str]],
            stamp: str,
            fresh: set[str],
        ) -> ArticleOutcome: ...


    def article_keys_for_source(self, source: str) -> tuple[str, ...]:
        """Store keys of the articles ingested from the path ``source`` (as given), sorted.

        Example: article_keys_for_source("/srv/inbox/停水通知.txt") → ("/srv/inbox/停水通知.txt",).
        """
        rows = self._db.execute(
            "SELECT path FROM articles WHERE source = ? OR path = ? ORDER BY path", (source, source)
        )
        return tuple(str(r["path"]) for r in rows)

    def remove_article(self, path: str, now: datetime) -> ArticleOutcome:
        """Forget an article (its file left the inbox): notices it alone provided are withdrawn.

        Example: remove_article("/srv/inbox/停水通知.txt", now) → ArticleOutcome(withdrawn=("outage-…",)).
        """
        stamp = _stamp(now)
        with self.transaction():
            before = self._source_sets_for_article(path)
            self._db.execute("DELETE FROM notice_sources WHERE article_path = ?", (path,))
            self._db.execute("DELETE FROM articles WHERE path = ?", (path,))
            self._db.execute("DELETE FROM skipped_inputs WHERE path = ?", (path,))
            return self._settle(sorted(before), before, stamp, fresh=set())

    def withdraw_notice(self, uid: str, reason: str, now: datetime) -> bool:
        """An editor takes a notice down; it stays down even if a source states it again.

        Returns False when no notice has this uid.

        Example: withdraw_notice("meeting-2024-05-09-…", "25:00 is not a time", now) → True.
        """
        stamp = _stamp(now)
        with self.transaction():
            if self._db.execute("SELECT 1 FROM notices WHERE uid = ?", (uid,)).fetchone() is None:
                return False
            self._db.execute(
                "INSERT OR REPLACE INTO editor_withdrawals (uid, reason, at) VALUES (?, ?, ?)",
                (uid, reason, stamp),
            )
            self._db.execute(
                "UPDATE notices SET withdrawn_at = ?, last_changed = ? "
                "WHERE uid = ? AND withdrawn_at IS NULL",
                (stamp, stamp, uid),
            )
        return True

    def undo_withdrawal(self, uid: str, now: datetime) -> bool:
        """Reverse ``withdraw_notice``: the notice comes back if a source still states it.

        Returns False when the editor had not withdrawn this uid.

        Example: undo_withdrawal("meeting-2024-05-09-…", now) → True.
        """
        stamp = _stamp(now)
        with self.transaction():
            gone = self._db.execute("DELETE FROM editor_withdrawals WHERE uid = ?", (uid,))
            if gone.rowcount == 0:
                return False
            if self._effective_data(uid) is not None:
                self._db.execute(
                    "UPDATE notices SET withdrawn_at = NULL, last_changed = ?, sequence = sequence + 1 "
                    "WHERE uid = ?",
                    (stamp, uid),
                )
        return True

    def editor_withdrawn(self, uid: str) -> bool:
        """Has an editor withdrawn this notice?

        Example: editor_withdrawn("meeting-2024-05-09-…") → True after ``notices withdraw``.
        """
        row = self._db.execute("SELECT 1 FROM editor_withdrawals WHERE uid = ?", (uid,)).fetchone()
        return row is not None

    def change_mark(self) -> str:
        """A short text that changes whenever any notice changes, whoever changed it.

        The service compares it between polls, so a ``notices withdraw`` run
        from another process is published at the next poll.

        Example: change_mark() → "2|1|2024-05-08T01:00:00+00:00".
        """
        row = self._db.execute(
            "SELECT COUNT(*), COUNT(withdrawn_at), MAX(last_changed) FROM notices"
        ).fetchone()
        return f"{row[0]}|{row[1]}|{row[2]}"

    def editor_withdrawals(self) -> Iterator[tuple[str, str, str]]:
        """(uid, reason, when) of every notice an editor withdrew, by uid.

        Example: [("meeting-2024-05-09-…", "25:00 is not a time", "2024-05-08T01:00:00+00:00")].
        """
        rows = self._db.execute("SELECT uid, reason, at FROM editor_withdrawals ORDER BY uid")
        for row in rows.fetchall():
            yield str(row[0]), str(row[1]), str(row[2])
