"""Keeping inbox work inside the inbox and within its limits.

Three small checks, used by the folder walk (``scheduler.inputs.inbox``) and by the
service just before it reads a file (``scheduler.service.jobs``):

- ``is_inside``: does a path, with every link resolved, lie under a root?
  A symbolic link that leads out of the inbox is never followed, whether it
  names a file or a folder, so a link to ``/etc/passwd`` dropped in the inbox
  cannot put that file's text into a public feed.
- ``special_file_kind``: FIFOs, sockets and devices are not documents.  A walk
  that opened a FIFO would block forever; they are reported and skipped.
- ``admission_problem``: the file the service is about to read is still a
  regular file inside an inbox folder and not larger than ``max_file_bytes``.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Sequence
from pathlib import Path

_SPECIAL_KINDS: tuple[tuple[object, str], ...] = (
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
)


def is_inside(path: Path | str, root: Path | str) -> bool:
    """Does ``path``, with every symbolic link resolved, lie inside ``root`` (or equal it)?

    Example: is_inside("inbox/停水通知.txt", "inbox") → True; a link
    inbox/密码.txt → /etc/passwd gives False.
    """
    real = os.path.realpath(path)
    base = os.path.realpath(root)
    try:
        return os.path.commonpath([real, base]) == base
    except ValueError:  # different drives (not on POSIX) or mixed absolute/relative
        return False


def special_file_kind(mode: int) -> str | None:
    """What a non-regular, non-directory file is, in words; None for regular files and folders.

    Example: special_file_kind(os.stat("inbox/管道").st_mode) → "a named pipe (FIFO)".
    """
    for test, words in _SPECIAL_KINDS:
        if test(mode):  # type: ignore[operator]
            return words
    return None


def link_problem(link: Path, root: Path) -> str | None:
    """Why the symbolic link ``link`` found under ``root`` must not be followed, or None.

    Broken links, links that loop, and links leading outside ``root`` are
    problems; a link to a file elsewhere inside ``root`` is fine.

    Example: link_problem(Path("inbox/外部.txt"), Path("inbox")) with 外部.txt → /srv/secret.txt
    → "symbolic link leads outside the inbox; not followed".
    """
    try:
        os.stat(link)
    except OSError as exc:
        return f"broken symbolic link ({exc.strerror or exc}); not followed"
    if not is_inside(link, root):
        return "symbolic link leads outside the inbox; not followed"
    return None


def admission_problem(path: Path, roots: Sequence[Path], max_bytes: int) -> str | None:
    """Why the service must not read ``path`` now, or None when it may.

    Checked just before reading, after the poll's scan: the file may have been
    replaced by a link or grown since.  The reason is one line for the log
    and the store's list of skipped files.

    Example: a 52 MB 停水通知.txt with max_bytes 5_000_000 →
    "too large: 52.0 MB (limit 5.0 MB, max_file_bytes)".
    """
    if roots and not any(is_inside(path, root) for root in roots):
        return "leads outside the inbox (symbolic link); not read"
    try:
        info = os.stat(path)
    except OSError as exc:
        return exc.strerror or str(exc)
    kind = special_file_kind(info.st_mode)
    if kind is not None:
        return f"{kind}, not a regular file; skipped"
    if max_bytes and info.st_size > max_bytes:
        return (
            f"too large: {megabytes(info.st_size)} (limit {megabytes(max_bytes)}, max_file_bytes)"
        )
    return None


def megabytes(size: int) -> str:
    """A byte count for people, in MB (10^6 bytes) with one decimal, or KB when small.

    Example: megabytes(52_428_800) → "52.4 MB"; megabytes(204_800) → "204.8 KB".
    """
    if size >= 1_000_000:
        return f"{size / 1_000_000:.1f} MB"
    return f"{size / 1000:.1f} KB"
