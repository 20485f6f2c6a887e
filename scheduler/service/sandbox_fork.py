"""Workers forked from a warmed-up process: ``build`` and ``extract`` start them in no time.

A fresh interpreter (``scheduler.service.sandbox_worker``) imports the extractor and
loads its word lists before the first answer, each worker again; a forked
worker inherits them from a parent that did it once.  Forking is only done
while the parent runs a single thread (before the sandbox's pumping thread
starts), and never by the service, whose workers stay fresh interpreters
that inherit nothing.  ``ForkedProcess`` offers what the sandbox uses of
``subprocess.Popen``: ``pid``, ``stdin``, ``stdout``, ``poll``, ``wait``,
``kill``.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from typing import IO

from scheduler.service.sandbox_worker import detach_from_parent, serve

_WAIT_STEP_SECONDS = 0.01


class ForkedProcess:
    """A worker made by ``fork_worker``, seen from the parent.

    Example: process = fork_worker() for 衡阳晚报/'s 1,700 pages; process.kill(); process.wait(5) → -9.
    """

    def __init__(self, pid: int, stdin: IO[bytes], stdout: IO[bytes]) -> None:
        self.pid = pid
        self.stdin = stdin
        self.stdout = stdout
        self.returncode: int | None = None

    def poll(self) -> int | None:
        """The exit status if the worker ended (negative: the signal), else None."""
        if self.returncode is None:
            try:
                pid, status = os.waitpid(self.pid, os.WNOHANG)
            except ChildProcessError:
                self.returncode = -signal.SIGKILL
                return self.returncode
            if pid:
                self.returncode = os.waitstatus_to_exitcode(status)
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        """Wait for the worker to end, in counted steps; ``TimeoutError`` past ``timeout``."""
        steps = None if timeout is None else max(1, int(timeout / _WAIT_STEP_SECONDS))
        while self.poll() is None:
            if steps is not None:
                steps -= 1
                if steps < 0:
                    raise TimeoutError(f"worker {self.pid} still running")
            time.sleep(_WAIT_STEP_SECONDS)
        assert self.returncode is not None
        return self.returncode

    def kill(self) -> None:
        """SIGKILL the worker (nothing if it has ended)."""
        if self.poll() is None:
            try:
                os.kill(self.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass


def can_fork() -> bool:
    """Is forking safe here: POSIX, and this process runs one thread only?

    Example: can_fork() → True at the start of ``notices build 衡阳晚报/``; False once a pool's thread runs.
    """
    return hasattr(os, "fork") and threading.active_count() == 1


def fork_worker() -> ForkedProcess:
    """Fork a worker that serves requests over two pipes; the child never returns from here.

    Example: fork_worker() → a worker that answers ExtractRequest("5月9日停水。", …) at once, word lists loaded.
    """
    child_in, parent_out = os.pipe()
    parent_in, child_out = os.pipe()
    pid = os.fork()
    if pid == 0:  # the worker
        code = 0
        try:
            os.close(parent_out)
            os.close(parent_in)
            if detach_from_parent():
                serve(os.fdopen(child_in, "rb"), os.fdopen(child_out, "wb"))
        except BaseException:
            code = 1
        finally:
            os._exit(code)  # no cleanup of what the parent owns (its store connection, its buffers)
    os.close(child_in)
    os.close(child_out)
    return ForkedProcess(pid, os.fdopen(parent_out, "wb", buffering=0), os.fdopen(parent_in, "rb", buffering=0))
