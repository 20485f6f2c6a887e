"""Atomic file writes: a reader sees the old file or the new one, never half.

The bytes go to a temporary file in the target's own folder (same file
system, so the rename is atomic), are flushed and fsynced, renamed over the
target, and then the folder itself is fsynced so the rename survives a crash.
On any error the temporary file is removed.  Feeds are written with a
precompressed ``.gz`` beside them (``write_with_gzip_if_changed``).
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import zlib
from collections.abc import Iterable
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


GZIP_SUFFIX = ".gz"
"""``<feed>.ics.gz`` beside ``<feed>.ics``: the same bytes, gzip-compressed, for HTTP clients."""

GZIP_LEVEL = 6
_CHUNK = 1 << 20


def write_with_gzip_if_changed(path: Path | str, chunks: Iterable[bytes]) -> bool:
    """Write ``path`` and its precompressed ``path.gz`` unless ``path`` already holds these bytes.

    The bytes are streamed (a feed of 100,000 events is never whole in
    memory) into two temporary files at once; the ``.gz`` is given the very
    mtime of the new file and renamed into place first, then the file
    itself.  So ``<name>.gz`` belongs to ``<name>`` exactly when their
    ``st_mtime_ns`` are equal — a reader that sees them differ (in the
    instant between the two renames, or after someone edited the file by
    hand) serves the uncompressed file.  The gzip header carries no name and
    no time, so equal files compress to equal bytes.  When ``path`` is
    unchanged it keeps its mtime, and only a missing or stale ``.gz`` is
    rewritten.  Returns True when ``path`` was written.

    Example: write_with_gzip_if_changed(Path("output/feeds/hotline.ics"), [b"BEGIN:VCALENDAR…"])
    → True, with output/feeds/hotline.ics.gz beside it; the same call again → False.
    """
    target = Path(path)
    folder = target.parent
    folder.mkdir(parents=True, exist_ok=True)
    packed_target = target.with_name(target.name + GZIP_SUFFIX)
    temps: list[str] = []
    try:
        plain_name, packed_name, digest = _write_pair(folder, target.name, chunks, temps)
        existing = _stat(target)
        if existing is not None and existing.st_size == os.stat(plain_name).st_size and _sha256_of(target) == digest:
            os.unlink(plain_name)
            temps.remove(plain_name)
            packed = _stat(packed_target)
            if packed is not None and packed.st_mtime_ns == existing.st_mtime_ns:
                os.unlink(packed_name)
                temps.clear()
                return False
            _publish(packed_name, packed_target, existing.st_mtime_ns)
            temps.clear()
            _fsync_folder(folder)
            return False
        os.chmod(plain_name, 0o644)
        _publish(packed_name, packed_target, os.stat(plain_name).st_mtime_ns)
        temps.remove(packed_name)
        os.replace(plain_name, target)
        temps.clear()
    except BaseException:
        for name in temps:
            try:
                os.unlink(name)
            except FileNotFoundError:
                pass
        raise
    _fsync_folder(folder)
    return True


def gzip_is_current(path: Path | str) -> bool:
    """Does ``path.gz`` belong to ``path`` (both exist, equal mtimes)?

    Example: gzip_is_current("output/feeds/hotline.ics") → True right after a build (热线问政).
    """
    target = Path(path)
    plain, packed = _stat(target), _stat(target.with_name(target.name + GZIP_SUFFIX))
    return plain is not None and packed is not None and plain.st_mtime_ns == packed.st_mtime_ns


def _write_pair(folder: Path, name: str, chunks: Iterable[bytes], temps: list[str]) -> tuple[str, str, str]:
    """Stream ``chunks`` into a plain and a gzip temporary file; returns both names and the sha256."""
    fd_plain, plain_name = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=folder)
    temps.append(plain_name)
    fd_packed, packed_name = tempfile.mkstemp(prefix=f".{name}{GZIP_SUFFIX}.", suffix=".tmp", dir=folder)
    temps.append(packed_name)
    hasher = hashlib.sha256()
    # wbits 31: a gzip stream; zlib writes no file name and a zero time into its header.
    packer = zlib.compressobj(GZIP_LEVEL, zlib.DEFLATED, 31)
    with os.fdopen(fd_plain, "wb", buffering=_CHUNK) as plain, os.fdopen(fd_packed, "wb") as packed:
        for chunk in chunks:
            plain.write(chunk)
            hasher.update(chunk)
            packed.write(packer.compress(chunk))
        packed.write(packer.flush())
        for handle in (plain, packed):
            handle.flush()
            os.fsync(handle.fileno())
    return plain_name, packed_name, hasher.hexdigest()


def _publish(packed_name: str, packed_target: Path, mtime_ns: int) -> None:
    """Give the gzip temp file the plain file's mtime and rename it into place."""
    os.chmod(packed_name, 0o644)
    os.utime(packed_name, ns=(mtime_ns, mtime_ns))
    os.replace(packed_name, packed_target)


def _sha256_of(path: Path) -> str:
    hasher = hashlib.sha256()
    with open(path, "rb") as handle:
        while block := handle.read(_CHUNK):
            hasher.update(block)
    return hasher.hexdigest()


def _stat(path: Path) -> os.stat_result | None:
    try:
        return os.stat(path)
    except FileNotFoundError:
        return None
