"""Extraction in worker processes that can be stopped: the per-file time limit, and all cores.

The service never runs the extractor in its own process, and ``build`` and
``extract`` spread documents over cores the same way.  A ``Sandbox`` keeps
up to ``jobs`` worker processes — fresh Python interpreters started on first
use with ``subprocess`` (so they inherit none of the service's sockets,
locks or threads, and no ``__main__`` module is re-imported as
``multiprocessing`` would do; see ``scheduler.service.sandbox_worker``).  Each
worker works on one document at a time (a small next one may wait in its
pipe).  ``submit`` hands a document over and returns a ``Ticket`` at once;
``ticket.result()`` waits for that answer while it keeps the other workers
fed, in short steps:

- an answer → the result (for the default target, the ``Document`` without
  its frames, which the store does not need);
- the time limit runs out → that worker is killed (SIGKILL) and
  ``ExtractionTimedOut`` is raised for its document; the next document
  gets a fresh worker;
- the service is stopping (``stop`` event set) → every worker is killed and
  ``ExtractionInterrupted`` is raised at once: SIGTERM never waits for a
  long extraction;
- the worker dies (out of memory, a crash) → ``ExtractionFailed``.

With ``background=True`` (``build`` and ``extract``) a thread keeps the
workers fed while this process does other work (storing, the digest);
otherwise waiting for a ticket (or ``pump``) does it.  The wait counts its
own steps instead of reading the clock, so nothing below the service
boundary asks for the time.  A step counts only when no worker
answered during it, so while other workers keep answering a slow document's
limit runs a little late, never early.  One thread uses a sandbox; any
thread may call ``kill`` or ``close``.
"""

from __future__ import annotations

import logging
import math
import pickle
import select
import signal
import subprocess
import threading
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from typing import TYPE_CHECKING, Any

from scheduler.service.sandbox_worker import READY, bootstrap_command, encode_message, read_message, write_encoded

if TYPE_CHECKING:
    from notices.extract import Document

log = logging.getLogger("notices.sandbox")

DEFAULT_TARGET = "scheduler.service.sandbox:extract_for_store"
"""The function the workers run, as ``module:name`` (tests point it elsewhere)."""

WAIT_STEP_SECONDS = 0.05
"""How often the waiting side looks at the stop event."""

STARTUP_SECONDS = 60.0
"""How long a new worker may take to import the extractor and say it is ready."""

QUEUE_BYTES = 32 * 1024
"""A second job waits in a worker's pipe only when it is this small (a pipe holds 64 KiB)."""


class ExtractionTimedOut(Exception):
    """The worker ran past the time limit and was killed.

    Example: ExtractionTimedOut(0.5) → "took longer than 0.5 s (extract_timeout_seconds)".
    """

    def __init__(self, seconds: float) -> None:
        super().__init__(f"took longer than {seconds:g} s (extract_timeout_seconds)")
        self.seconds = seconds


class ExtractionFailed(Exception):
    """The extractor raised, or the worker died; ``str(exc)`` says which.

    ``original`` is the extractor's own exception when it could be sent back
    (``build`` raises it as if the extractor had run in-process).

    Example: ExtractionFailed("ValueError: bad month 13").
    """

    def __init__(self, message: str, original: BaseException | None = None) -> None:
        super().__init__(message)
        self.original = original


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
    published: datetime | None = None


def extract_for_store(request: ExtractRequest) -> Document:
    """The worker's default job: extract, and drop the frames (the store keeps notices only).

    Example: extract_for_store(ExtractRequest("定于5月9日上午9时召开听证会。", "inbox/听证.txt", {},
    fallback=now)).notices[0].kind → "hearing".
    """
    from notices.extract import extract_document

    extra = {"published": request.published} if request.published is not None else {}
    document = extract_document(
        request.text, source=request.source, meta=dict(request.meta), fallback=request.fallback,
        **extra,
    )
    return replace(document, frames=())


class _Job:
    """One request and, once known, its answer or failure (mutable: filled in by the pool)."""

    def __init__(self, target: str, request: Any) -> None:
        self.target = target
        self.request: Any = request
        self.answer: tuple[str, Any] | None = None
        self.failure: BaseException | None = None

    @property
    def settled(self) -> bool:
        return self.answer is not None or self.failure is not None


class _Worker:
    """One worker process and the jobs sent to it, oldest (the one it works on) first.

    ``starting``: no ready message yet (its one job is sent once it comes).
    """

    def __init__(self) -> None:
        self.process: subprocess.Popen[bytes] | None = None
        self.jobs: deque[_Job] = deque()
        self.starting = False
        self.steps = 0

    @property
    def busy(self) -> bool:
        return bool(self.jobs) and self.process is not None


class Ticket:
    """A document handed to a sandbox; ``result()`` waits for its answer.

    Example: ticket = sandbox.submit(ExtractRequest(text, "inbox/停水.txt", {})); ticket.result().notices.
    """

    def __init__(self, sandbox: Sandbox, job: _Job) -> None:
        self._sandbox = sandbox
        self._job = job

    @property
    def done(self) -> bool:
        """Has the answer (or the failure) arrived?"""
        return self._job.settled

    def cancel(self) -> None:
        """Drop the request if no worker has it yet (an answer already under way is ignored).

        Example: ticket.cancel() for 停水通知.txt, read ahead when the poll stopped early.
        """
        self._sandbox._cancel(self._job)

    def result(self) -> Any:
        """The worker's answer; raises as described in the module notes.

        Example: sandbox.submit(ExtractRequest("5月9日停水。", "inbox/停水.txt", {})).result().notices
        → (<5月9日停水>,).
        """
        return self._sandbox._result(self._job)


class Sandbox:
    """Killable extraction workers, ``jobs`` of them, with a time limit per document.

    ``timeout`` None (or 0) means no limit.

    Example: Sandbox(timeout=60, stop=runtime.stop, jobs=2).run(ExtractRequest(text, "inbox/停水.txt", {}))
    → Document(notices=(<5月9日停水>,), …).
    """

    def __init__(
        self,
        timeout: float | None,
        stop: threading.Event,
        target: str | None = None,
        jobs: int = 1,
        *,
        background: bool = False,
        fork: bool = False,
        memory_mb: int = 0,
    ) -> None:
        self.timeout = timeout if timeout else math.inf
        self.memory_mb = memory_mb  # each fresh worker's address-space limit (0: none)
        self.stop = stop
        self.target = target
        self.jobs = max(1, jobs)
        self.background = background
        self.fork = fork
        self._workers = [_Worker() for _ in range(self.jobs)]
        self._pending: deque[_Job] = deque()
        self._guard = threading.RLock()
        self._changed = threading.Condition(self._guard)
        self._pumper: threading.Thread | None = None
        self._closing = False

    # -- public ----------------------------------------------------------------

    def submit(self, request: Any, target: str | None = None) -> Ticket:
        """Queue a request (sent as soon as a worker is free) and return its ticket.

        Example: [sandbox.submit(ExtractRequest(t, f"inbox/{n}.txt", {})) for n, t in enumerate(texts)].
        """
        job = _Job(target or self.target or DEFAULT_TARGET, request)
        with self._guard:
            if self.stop.is_set():
                job.failure = ExtractionInterrupted()
            else:
                self._pending.append(job)
                self._dispatch()
                self._start_pumper()
                self._changed.notify_all()
        return Ticket(self, job)

    def start(self, warm: Callable[[], object] | None = None) -> None:
        """Start every worker now, so the first documents find them ready.

        With ``fork`` (and while this process runs one thread) ``warm`` runs
        here first and the workers are forked from this warmed-up process
        (``scheduler.service.sandbox_fork``) — call it before this process opens an
        SQLite connection: SQLite's own bookkeeping of locks does not survive
        a fork, and the workers open the store themselves.  Otherwise they
        are fresh interpreters that import the extractor while this process
        does other work (and workers that die are replaced by fresh ones).

        Example: pool.start(warm_up) at the start of ``notices build 衡阳晚报/``.
        """
        from scheduler.service.sandbox_fork import can_fork, fork_worker

        with self._guard:
            forking = self.fork and can_fork()
            if forking and warm is not None:
                warm()
            for worker in self._workers:
                if worker.jobs or (worker.process is not None and worker.process.poll() is None):
                    continue
                if not forking:
                    self._start(worker)
                    continue
                worker.process = fork_worker()  # type: ignore[assignment]
                worker.starting = True
                worker.steps = 0

    def run(self, request: Any) -> Any:
        """Extract one document and wait for it; see the module notes for the outcomes.

        Example: run(ExtractRequest("5月9日停水。", "inbox/停水.txt", {})).notices → (<5月9日停水>,).
        """
        return self.submit(request).result()

    def pump(self) -> None:
        """Collect whatever answers are there and give waiting documents to free workers (no wait).

        Example: sandbox.pump() after storing 热线问政.txt hands 停水通知.txt to the free worker.
        """
        if self.background:
            return  # the pumping thread does it all the time
        self._dispatch()
        self._round(0.0)

    def kill(self) -> None:
        """Kill every worker now; documents in flight or queued fail as interrupted.

        Example: sandbox.kill() when the service stops while 50 MB of 停水通知 is being read.
        """
        with self._guard:
            pending, self._pending = list(self._pending), deque()
            for job in pending:
                job.failure = job.failure or ExtractionInterrupted()
            workers = list(self._workers)
        for worker in workers:
            self._kill_worker(worker, ExtractionInterrupted())

    def close(self) -> None:
        """Stop the workers (and the pumping thread) for good; a later ``submit`` starts new ones.

        Example: sandbox.close() when ``notices run --once`` ends.
        """
        with self._guard:
            self._closing = True
            self._changed.notify_all()
            pumper, self._pumper = self._pumper, None
        self.kill()
        if pumper is not None and pumper is not threading.current_thread():
            pumper.join(timeout=10)
        with self._guard:
            self._closing = False

    @property
    def worker_pid(self) -> int | None:
        """The first live worker's process id, or None when no worker runs."""
        pids = self.worker_pids
        return pids[0] if pids else None

    @property
    def worker_pids(self) -> tuple[int, ...]:
        """Process ids of the live workers."""
        with self._guard:
            return tuple(w.process.pid for w in self._workers if w.process is not None)

    # -- internals -------------------------------------------------------------

    def _result(self, job: _Job) -> Any:
        if self.background:
            with self._changed:
                while not job.settled and not self.stop.is_set():
                    self._changed.wait(WAIT_STEP_SECONDS)
                if not job.settled:
                    self.kill()
        while not job.settled:
            self._dispatch()
            self._round(WAIT_STEP_SECONDS)
        if job.failure is not None:
            raise job.failure
        assert job.answer is not None
        status, payload = job.answer
        if status == "ok":
            return payload
        text, original = payload if isinstance(payload, tuple) else (str(payload), None)
        raise ExtractionFailed(str(text), original)

    def _cancel(self, job: _Job) -> None:
        with self._guard:
            if job in self._pending:
                self._pending.remove(job)
                job.failure = job.failure or ExtractionInterrupted()

    def _dispatch(self) -> None:
        """Hand queued jobs to workers: one to an idle worker, a second small one behind it.

        A worker that already has a job gets the next one only when it is
        small (``QUEUE_BYTES``): it then waits in the pipe, which holds it
        whole, so the worker goes on at once after answering while this
        process is busy elsewhere — and no write here can ever block on a
        worker that is itself blocked writing its answer.
        """
        for worker in self._workers:
            while self._pending and len(worker.jobs) < 2:
                job = self._pending[0]
                if not worker.jobs:
                    self._pending.popleft()
                    worker.jobs.append(job)
                    worker.steps = 0
                    if worker.process is None or worker.process.poll() is not None:
                        self._start(worker)
                        break
                    if worker.starting:
                        break  # sent when its ready message comes
                    self._send(worker, job, encode_message((job.target, job.request)))
                    continue
                if worker.starting or worker.process is None:
                    break
                data = encode_message((job.target, job.request))
                if len(data) > QUEUE_BYTES:
                    break
                self._pending.popleft()
                worker.jobs.append(job)
                self._send(worker, job, data)
            if not self._pending:
                return

    def _start(self, worker: _Worker) -> None:
        self._kill_worker(worker, None)
        command, env = bootstrap_command(self.memory_mb)
        try:
            # Unbuffered pipes: a reader that buffered two answers would leave the
            # second where select() cannot see it.
            process = subprocess.Popen(
                command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env, close_fds=True, bufsize=0
            )
        except OSError as exc:
            self._fail_head(worker, WorkerUnavailable(f"cannot start the extraction worker: {exc}"))
            return
        with self._guard:
            worker.process = process
            worker.starting = True
            worker.steps = 0

    def _send(self, worker: _Worker, job: _Job, data: bytes) -> None:
        process = worker.process
        assert process is not None and process.stdin is not None
        try:
            write_encoded(process.stdin, data)
        except (OSError, ValueError) as exc:
            if self.stop.is_set():
                self._kill_worker(worker, ExtractionInterrupted())
            else:
                self._kill_worker(worker, ExtractionFailed(f"cannot reach the extraction worker: {exc}"))
            return

    def _start_pumper(self) -> None:
        """In background mode, start the thread that keeps the workers fed (once)."""
        if not self.background or self._closing or (self._pumper is not None and self._pumper.is_alive()):
            return
        self._pumper = threading.Thread(target=self._pump_forever, name="notices-workers", daemon=True)
        self._pumper.start()

    def _pump_forever(self) -> None:
        """The pumping thread: answers in, next documents out, until the sandbox is closed."""
        while True:
            with self._guard:
                if self._closing:
                    return
                self._dispatch()
                if not any(worker.jobs for worker in self._workers):
                    self._changed.wait(WAIT_STEP_SECONDS)
                    continue
            self._round(WAIT_STEP_SECONDS)

    def _round(self, seconds: float) -> None:
        """Wait up to ``seconds`` for answers; count a step for busy workers if none came."""
        with self._guard:
            if self.stop.is_set():
                self.kill()
                return
            for worker in self._workers:
                if worker.jobs and worker.process is None:  # killed by another thread
                    self._fail_all(worker, ExtractionFailed("the extraction worker was stopped"))
            busy = [w for w in self._workers if w.busy]
            streams = {w.process.stdout: w for w in busy if w.process is not None and w.process.stdout}
        if not streams:
            return
        try:
            ready, _, _ = select.select(list(streams), [], [], seconds)
        except (OSError, ValueError):  # closed by kill() from another thread
            ready = []
        with self._guard:
            if self.stop.is_set():
                self.kill()
                return
            for stream in ready:
                worker = streams[stream]
                if worker.process is not None and worker.process.stdout is stream:
                    self._receive(worker)
            if not ready and seconds > 0:
                for worker in busy:
                    if worker.process is not None:
                        self._count_step(worker)
            self._dispatch()
            self._changed.notify_all()

    def _count_step(self, worker: _Worker) -> None:
        worker.steps += 1
        limit = STARTUP_SECONDS if worker.starting else self.timeout
        if limit == math.inf or worker.steps < max(1, math.ceil(limit / WAIT_STEP_SECONDS)):
            return
        if worker.starting:
            self._kill_worker(worker, WorkerUnavailable("the extraction worker did not start"))
        else:
            self._kill_worker(worker, ExtractionTimedOut(self.timeout))

    def _receive(self, worker: _Worker) -> None:
        process = worker.process
        if process is None or process.stdout is None:
            return
        try:
            status, payload = read_message(process.stdout)
        except (EOFError, OSError, ValueError, pickle.UnpicklingError):
            died = _exit_description(process)
            if self.stop.is_set():
                self._kill_worker(worker, ExtractionInterrupted())
            elif worker.starting:
                self._kill_worker(worker, WorkerUnavailable(f"the extraction worker did not start: "
                                                            f"the extraction worker died ({died})"))
            else:
                self._kill_worker(worker, ExtractionFailed(f"the extraction worker died ({died})"))
            return
        if worker.starting:
            worker.starting = False
            if status != READY:
                self._kill_worker(worker, WorkerUnavailable(
                    f"the extraction worker said {status!r} instead of ready"))
                return
            job = worker.jobs[0]
            self._send(worker, job, encode_message((job.target, job.request)))
            return
        if worker.jobs:
            job = worker.jobs.popleft()
            job.answer = (str(status), payload)
            job.request = None  # answered: the text need not be kept any longer
        worker.steps = 0  # the next job (if any) starts now

    def _fail_head(self, worker: _Worker, failure: BaseException) -> None:
        """The job the worker was on fails; jobs queued behind it go back to the queue's front."""
        if worker.jobs:
            job = worker.jobs.popleft()
            if not job.settled:
                job.failure = failure
        while worker.jobs:
            self._pending.appendleft(worker.jobs.pop())

    def _fail_all(self, worker: _Worker, failure: BaseException) -> None:
        while worker.jobs:
            job = worker.jobs.popleft()
            if not job.settled:
                job.failure = failure

    def _kill_worker(self, worker: _Worker, failure: BaseException | None) -> None:
        """Kill one worker; the job it was on fails with ``failure`` (the ones behind are queued again).

        An interruption fails every job of the worker.
        """
        with self._guard:
            process, worker.process = worker.process, None
            worker.starting = False
            if isinstance(failure, ExtractionInterrupted):
                self._fail_all(worker, failure)
            elif failure is not None:
                self._fail_head(worker, failure)
        if process is None:
            return
        if process.poll() is None:
            process.kill()
        try:
            process.wait(timeout=5)
        except (subprocess.TimeoutExpired, TimeoutError):
            log.warning("extraction worker %s did not exit after SIGKILL", process.pid)
        for stream in (process.stdin, process.stdout):
            if stream is not None:
                try:
                    stream.close()
                except OSError:
                    pass


def _exit_description(process: subprocess.Popen[bytes]) -> str:
    try:
        code = process.wait(timeout=1)
    except (subprocess.TimeoutExpired, TimeoutError):
        return "no answer"
    if code < 0:
        try:
            return f"killed by {signal.Signals(-code).name}"
        except ValueError:
            return f"signal {-code}"
    return f"exit status {code}"
