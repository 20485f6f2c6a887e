"""Atomic file writes: a reader sees the old file or the new one, never half.

The bytes go to a temporary file in the target's own folder (same file
system, so the rename is atomic), are flushed and fsynced, renamed over the
target, and then the folder itself is fsynced so the rename survives a crash.
On any error the temporary file is removed.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_atomic(path: Path | str, data: bytes, *, mode: int = 0o644) -> Path:
    """Replace ``path`` with ``data`` atomically; returns the path written.

    Example: write_atomic(Path("output/digests/2023-04-26.md"),
    "## 今日\\n- 09:00–11:00 第70期“热线问政”\\n".encode()).
    """
    target = Path(path)
    folder = target.parent
    folder.mkdir(parents=True, exist_ok=True)
    fd, temp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp_name, mode)
        os.replace(temp_name, target)
    except BaseException:
        # Covers KeyboardInterrupt too: never leave a stray temp file behind.
        try:
            os.unlink(temp_name)
        except FileNotFoundError:
            pass
        raise
    _fsync_folder(folder)
    return target


def write_if_changed(path: Path | str, data: bytes) -> bool:
    """Write ``data`` atomically unless the file already holds exactly these bytes.

    Returns True when the file was written.  Keeping unchanged files untouched
    keeps their mtime, so HTTP caches and calendar clients see no change.

    Example: write_if_changed(Path("output/feeds/hotline.ics"), b"BEGIN:VCALENDAR...") → True,
    and the same call again → False.
    """
    target = Path(path)
    try:
        if target.read_bytes() == data:
            return False
    except FileNotFoundError:
        pass
    write_atomic(target, data)
    return True


def _fsync_folder(folder: Path) -> None:
    """Persist a rename by fsyncing its folder (not possible on every platform)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
