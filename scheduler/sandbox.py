"""Extraction in a worker process that can be stopped: the per-file time limit.

The service never runs the extractor in its own process.  A ``Sandbox`` keeps
one worker process — a fresh Python interpreter started on first use with
``subprocess`` (so it inherits none of the service's sockets, locks or
threads, and no ``__main__`` module is re-imported as ``multiprocessing``
would do) — sends it one document at a time over a pipe (length-prefixed
pickles) and waits for the answer in short steps:

- an answer → the ``Document`` (without its frames, which the store does not need);
- the time limit runs out → the worker is killed (SIGKILL) and
  ``ExtractionTimedOut`` is raised; the next document gets a fresh worker;
- the service is stopping (``stop`` event set) → the worker is killed and
  ``ExtractionInterrupted`` is raised at once: SIGTERM never waits for a
  long extraction;
- the worker dies (out of memory, a crash) → ``ExtractionFailed``.

The wait counts its own steps instead of reading the clock, so nothing below
the service boundary asks for the time.  The worker ignores SIGINT and
SIGTERM (the service decides when it ends) and dies with its parent.  It
gets the parent's ``sys.path``, so it runs the very same code.
"""

from __future__ import annotations

import importlib
import json
import logging
import math
import os
import pickle
import select
import signal
import struct
import subprocess
import sys
import threading
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from typing import IO, Any

from notices.extract import Document, extract_document

log = logging.getLogger("notices.sandbox")

DEFAULT_TARGET = "scheduler.sandbox:extract_for_store"
"""The function the worker runs, as ``module:name`` (tests point it elsewhere)."""

WAIT_STEP_SECONDS = 0.05
"""How often the waiting side looks at the stop event."""

STARTUP_SECONDS = 60.0
"""How long a new worker may take to import the extractor and say it is ready."""

_SYS_PATH_ENV = "NOTICES_WORKER_SYS_PATH"
_BOOTSTRAP = (
    "import json, os, sys; sys.path[:0] = json.loads(os.environ.pop(%r)); "
    "from scheduler.sandbox import worker_main; worker_main()" % _SYS_PATH_ENV
)
_READY = "ready"
_LENGTH = struct.Struct(">Q")


class ExtractionTimedOut(Exception):
    """The worker ran past the time limit and was killed.

    Example: ExtractionTimedOut(0.5) → "took longer than 0.5 s (extract_timeout_seconds)".
    """

    def __init__(self, seconds: float) -> None:
        super().__init__(f"took longer than {seconds:g} s (extract_timeout_seconds)")
        self.seconds = seconds


class ExtractionFailed(Exception):
    """The extractor raised, or the worker died; ``str(exc)`` says which.

    Example: ExtractionFailed("ValueError: bad month 13").
    """


class WorkerUnavailable(ExtractionFailed):
    """The worker could not be started: a problem of the service, not of the file.

    Example: WorkerUnavailable("cannot start the extraction worker: [Errno 24] Too many open files").
    """


class ExtractionInterrupted(BaseException):
    """The service is stopping; the file was not judged and will be tried again.

    A ``BaseException`` (like ``KeyboardInterrupt``) so that no
    ``except Exception`` on the way up records the file as bad.
    """


@dataclass(frozen=True)
class ExtractRequest:
    """One document for the worker.

    Example: ExtractRequest(text="市自来水公司定于5月9日停水。", source="inbox/停水.txt", meta={},
    fallback=2024-05-08T07:00+08:00).
    """

    text: str
    source: str
    meta: Mapping[str, str]
    fallback: datetime | None = None


def extract_for_store(request: ExtractRequest) -> Document:
    """The worker's default job: extract, and drop the frames (the store keeps notices only).

    Example: extract_for_store(ExtractRequest("定于5月9日上午9时召开听证会。", "inbox/听证.txt", {},
    fallback=now)).notices[0].kind → "hearing".
    """
    document = extract_document(
        request.text, source=request.source, meta=dict(request.meta), fallback=request.fallback
    )
    return replace(document, frames=())


class Sandbox:
    """A killable extraction worker with a time limit per document.

    One thread calls ``run``; any thread may call ``kill`` or ``close``.

    Example: Sandbox(timeout=60, stop=runtime.stop).run(ExtractRequest(text, "inbox/停水.txt", {}))
    → Document(notices=(<5月9日停水>,), …).
    """

    def __init__(self, timeout: float, stop: threading.Event, target: str | None = None) -> None:
        self.timeout = timeout
        self.stop = stop
        self.target = target or DEFAULT_TARGET
        self._process: subprocess.Popen[bytes] | None = None
        self._guard = threading.RLock()

    def run(self, request: ExtractRequest) -> Document:
        """Extract one document in the worker; see the module notes for the outcomes.

        Example: run(ExtractRequest("5月9日停水。", "inbox/停水.txt", {})).notices → (<5月9日停水>,).
        """
        process = self._ensure_worker()
        try:
            _send(process, (self.target, request))
        except (OSError, ValueError) as exc:
            self.kill()
            if self.stop.is_set():
                raise ExtractionInterrupted() from None
            raise ExtractionFailed(f"cannot reach the extraction worker: {exc}") from None
        status, payload = self._wait_for(process, self.timeout, ExtractionTimedOut(self.timeout))
        if status == "ok":
            return payload  # type: ignore[no-any-return]
        raise ExtractionFailed(str(payload))

    def kill(self) -> None:
        """Kill the worker now (if any); the next ``run`` starts a new one.

        Example: sandbox.kill() when the service stops while 50 MB of 停水通知 is being read.
        """
        with self._guard:
            process, self._process = self._process, None
        if process is None:
            return
        if process.poll() is None:
            process.kill()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            log.warning("extraction worker %s did not exit after SIGKILL", process.pid)
        for stream in (process.stdin, process.stdout):
            if stream is not None:
                try:
                    stream.close()
                except OSError:
                    pass

    def close(self) -> None:
        """Stop the worker for good (the same as ``kill``; a later ``run`` would start one again).

        Example: sandbox.close() when ``notices run --once`` ends.
        """
        self.kill()

    @property
    def worker_pid(self) -> int | None:
        """The worker's process id, or None when no worker runs."""
        process = self._process
        return None if process is None else process.pid

    # -- internals -----------------------------------------------------------

    def _ensure_worker(self) -> subprocess.Popen[bytes]:
        if self.stop.is_set():
            raise ExtractionInterrupted()
        with self._guard:
            process = self._process
        if process is not None and process.poll() is None:
            return process
        self.kill()
        env = dict(os.environ)
        env[_SYS_PATH_ENV] = json.dumps([entry for entry in sys.path if entry])
        try:
            process = subprocess.Popen(
                [sys.executable, "-c", _BOOTSTRAP], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                env=env, close_fds=True,
            )
        except OSError as exc:
            raise WorkerUnavailable(f"cannot start the extraction worker: {exc}") from None
        with self._guard:
            self._process = process
        try:
            status, _ = self._wait_for(
                process, STARTUP_SECONDS, WorkerUnavailable("the extraction worker did not start")
            )
        except WorkerUnavailable:
            raise
        except ExtractionFailed as exc:
            raise WorkerUnavailable(f"the extraction worker did not start: {exc}") from None
        if status != _READY:
            self.kill()
            raise WorkerUnavailable(f"the extraction worker said {status!r} instead of ready")
        return process

    def _wait_for(
        self, process: subprocess.Popen[bytes], seconds: float, on_timeout: Exception
    ) -> tuple[str, Any]:
        """The worker's next message, waiting in counted steps; kills it on timeout or stop."""
        assert process.stdout is not None
        for _ in range(max(1, math.ceil(seconds / WAIT_STEP_SECONDS))):
            if self.stop.is_set():
                self.kill()
                raise ExtractionInterrupted()
            try:
                ready, _, _ = select.select([process.stdout], [], [], WAIT_STEP_SECONDS)
            except (OSError, ValueError):  # closed by kill() from another thread
                ready = []
                if self.stop.is_set() or self._process is not process:
                    raise ExtractionInterrupted() from None
            if ready:
                return self._receive(process)
        self.kill()
        raise on_timeout

    def _receive(self, process: subprocess.Popen[bytes]) -> tuple[str, Any]:
        try:
            message = _read_message(process.stdout)  # type: ignore[arg-type]
        except (EOFError, OSError, ValueError, pickle.UnpicklingError):
            died = _exit_description(process)
            self.kill()
            if self.stop.is_set():
                raise ExtractionInterrupted() from None
            raise ExtractionFailed(f"the extraction worker died ({died})") from None
        status, payload = message
        return str(status), payload


def _exit_description(process: subprocess.Popen[bytes]) -> str:
    try:
        code = process.wait(timeout=1)
    except subprocess.TimeoutExpired:
        return "no answer"
    if code < 0:
        try:
            return f"killed by {signal.Signals(-code).name}"
        except ValueError:
            return f"signal {-code}"
    return f"exit status {code}"


def _send(process: subprocess.Popen[bytes], message: Any) -> None:
    assert process.stdin is not None
    _write_message(process.stdin, message)


def _write_message(stream: IO[bytes], message: Any) -> None:
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(_LENGTH.pack(len(data)) + data)
    stream.flush()


def _read_message(stream: IO[bytes]) -> Any:
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
    """The worker's loop: (target, request) in, ("ok", result) or ("error", text) out.

    Runs in the worker interpreter (see ``_BOOTSTRAP``); talks over stdin and
    stdout, so stdout is set aside first and nothing else can write to it.

    Example: the service sends ("scheduler.sandbox:extract_for_store", ExtractRequest(停水通知…))
    and reads back ("ok", Document(…)).
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    parent = os.getppid()
    _die_with_parent()
    if os.getppid() != parent:  # the parent went before the request above took effect
        return
    inbound = sys.stdin.buffer
    outbound = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())  # stray prints go to stderr
    _write_message(outbound, (_READY, None))
    while True:
        try:
            target, request = _read_message(inbound)
        except (EOFError, OSError):
            return
        try:
            answer: tuple[str, Any] = ("ok", _resolve(target)(request))
        except MemoryError:
            answer = ("error", "out of memory")
        except Exception as exc:  # the extractor's bug is reported, not fatal
            answer = ("error", f"{type(exc).__name__}: {exc}")
        try:
            _write_message(outbound, answer)
        except (BrokenPipeError, OSError):
            return
        except Exception as exc:  # an answer that cannot be pickled
            _write_message(outbound, ("error", f"result not transferable: {type(exc).__name__}: {exc}"))


def _resolve(target: str) -> Any:
    module, _, name = target.partition(":")
    return getattr(importlib.import_module(module), name)


def _die_with_parent() -> None:
    """Ask Linux to SIGKILL this worker when its parent goes (best effort elsewhere)."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        pr_set_pdeathsig = 1
        libc.prctl(pr_set_pdeathsig, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        pass
