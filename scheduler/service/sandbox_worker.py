"""The worker side of ``scheduler.service.sandbox``, and the pipe protocol both sides speak.

A worker is a fresh Python interpreter started with ``bootstrap_command``.
It says ``("ready", None)``, then answers every ``(target, request)`` it
reads with ``("ok", result)`` or ``("error", (text, exception))`` — the
exception itself when it can be pickled, else None.  Messages are
length-prefixed pickles.  The worker ignores SIGINT and SIGTERM (its parent
decides when it ends) and dies with its parent.
"""

from __future__ import annotations

import importlib
import json
import os
import pickle
import signal
import struct
import sys
from typing import IO, Any

READY = "ready"
SYS_PATH_ENV = "NOTICES_WORKER_SYS_PATH"
MEMORY_ENV = "NOTICES_WORKER_MEMORY_MB"  # the worker's address-space limit (extract_memory_mb)
_BOOTSTRAP = (
    "import json, os, sys; sys.path[:0] = json.loads(os.environ.pop(%r)); "
    "from scheduler.service.sandbox_worker import worker_main; worker_main()" % SYS_PATH_ENV
)
_LENGTH = struct.Struct(">Q")


def bootstrap_command(memory_mb: int = 0) -> tuple[list[str], dict[str, str]]:
    """The command line and environment that start a worker running this very code.

    The worker gets the parent's ``sys.path``, so it imports the same modules,
    and the holiday arrangements installed here (``scheduler.holidays``), so
    it counts working days as this process does.

    Example: bootstrap_command() → (["/srv/notices/.venv/bin/python", "-c", "import json, os, sys; …"],
    {…, "NOTICES_WORKER_SYS_PATH": '["/srv/notices", …]'}).
    """
    env = dict(os.environ)
    env[SYS_PATH_ENV] = json.dumps([entry for entry in sys.path if entry])
    from scheduler.holidays import WORKER_ENV, worker_environment

    env.pop(WORKER_ENV, None)  # only what this process installed, never an inherited leftover
    env.update(worker_environment())
    env.pop(MEMORY_ENV, None)
    if memory_mb > 0:
        env[MEMORY_ENV] = str(memory_mb)
    return [sys.executable, "-c", _BOOTSTRAP], env


def write_message(stream: IO[bytes], message: Any) -> None:
    """Send one message (a length-prefixed pickle) and flush.

    Example: write_message(worker.stdin, ("scheduler.service.sandbox:extract_for_store", ExtractRequest(…停水…))).
    """
    write_encoded(stream, encode_message(message))


def encode_message(message: Any) -> bytes:
    """One message as the bytes sent: its length, then its pickle.

    Example: encode_message(("ok", Document(<5月9日停水>))) → 8 bytes of length, then the pickle.
    """
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    return _LENGTH.pack(len(data)) + data


def write_encoded(stream: IO[bytes], data: bytes) -> None:
    """Send bytes made by ``encode_message`` whole (an unbuffered pipe may take them in parts)."""
    view = memoryview(data)
    while view:
        written = stream.write(view)
        view = view[written or 0 :] if written is not None else view[len(view) :]
    stream.flush()


def read_message(stream: IO[bytes]) -> Any:
    """Receive one message; EOFError when the pipe closed before a whole message came.

    Example: read_message(worker.stdout) → ("ok", Document(notices=(<5月9日停水>,), …)).
    """
    header = _read_exactly(stream, _LENGTH.size)
    (size,) = _LENGTH.unpack(header)
    return pickle.loads(_read_exactly(stream, size))


def _read_exactly(stream: IO[bytes], size: int) -> bytes:
    chunks: list[bytes] = []
    remaining = size
    while remaining:
        chunk = stream.read(remaining)
        if not chunk:
            raise EOFError("the pipe closed")
        chunks.append(chunk)
        remaining -= len(chunk)
    return b"".join(chunks)


def worker_main() -> None:
    """The worker's loop: (target, request) in, ("ok", result) or ("error", (text, exc)) out.

    Talks over stdin and stdout, so stdout is set aside first and nothing
    else can write to it.

    Example: the service sends ("scheduler.service.sandbox:extract_for_store", ExtractRequest(停水通知…))
    and reads back ("ok", Document(…)).
    """
    if not detach_from_parent():
        return
    limit_memory(int(os.environ.get(MEMORY_ENV, "0") or 0))
    from scheduler.holidays import install_from_environment

    install_from_environment()
    inbound = sys.stdin.buffer
    outbound = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())  # stray prints go to stderr
    serve(inbound, outbound)


def detach_from_parent() -> bool:
    """Ignore SIGINT/SIGTERM and die with the parent; False when the parent is already gone.

    Example: detach_from_parent() → True in a worker started for 停水通知.txt.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    parent = os.getppid()
    _die_with_parent()
    return os.getppid() == parent  # else the parent went before the request above took effect


def serve(inbound: IO[bytes], outbound: IO[bytes]) -> None:
    """Say ready, then answer requests until the inbound pipe closes.

    Example: serve(sys.stdin.buffer, pipe) answers ("scheduler.service.sandbox:extract_for_store", …) with ("ok", …).
    """
    write_message(outbound, (READY, None))
    while True:
        try:
            target, request = read_message(inbound)
        except (EOFError, OSError):
            return
        try:
            answer: tuple[str, Any] = ("ok", resolve(target)(request))
        except MemoryError:
            answer = ("error", ("out of memory", None))
        except Exception as exc:  # the extractor's bug is reported, not fatal
            answer = ("error", (f"{type(exc).__name__}: {exc}", _picklable(exc)))
        try:
            write_message(outbound, answer)
        except (BrokenPipeError, OSError):
            return
        except Exception as exc:  # an answer that cannot be pickled
            text = f"result not transferable: {type(exc).__name__}: {exc}"
            write_message(outbound, ("error", (text, None)))


def limit_memory(megabytes: int) -> None:
    """Cap this process's address space, so one page cannot take the machine's memory.

    Past it, an allocation raises MemoryError: the document fails with "out of
    memory" and the worker lives on for the next one.

    Example: limit_memory(2048) in a worker; limit_memory(0) does nothing.
    """
    if megabytes <= 0:
        return
    try:
        import resource

        cap = megabytes * 1024 * 1024
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard != resource.RLIM_INFINITY:
            cap = min(cap, hard)
        resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
    except (ImportError, ValueError, OSError):
        pass  # not on this platform: the time limit still holds


def resolve(target: str) -> Any:
    """The function named ``module:name``.

    Example: resolve("scheduler.service.sandbox:extract_for_store") → the function that reads 停水通知.
    """
    module, _, name = target.partition(":")
    return getattr(importlib.import_module(module), name)


def _picklable(exc: BaseException) -> BaseException | None:
    """The exception if it survives a pickle round trip (then the parent can raise it as is)."""
    try:
        pickle.loads(pickle.dumps(exc, protocol=pickle.HIGHEST_PROTOCOL))
    except Exception:
        return None
    return exc.with_traceback(None)


def _die_with_parent() -> None:
    """Ask Linux to SIGKILL this worker when its parent goes (best effort elsewhere)."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        pr_set_pdeathsig = 1
        libc.prctl(pr_set_pdeathsig, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        pass

