"""One instance per store: flock held, refused with a clear message, freed by kill -9."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from scheduler import cli
from scheduler.service.lock import InstanceLock, LockHeld, lock_path_for
from tests.service_support import cli_env


def test_lock_file_sits_next_to_the_store(tmp_path: Path) -> None:
    store = tmp_path / "state" / "notices.sqlite3"
    assert lock_path_for(store) == tmp_path / "state" / "notices.sqlite3.lock"


def test_second_lock_on_the_same_store_is_refused_with_the_holder_pid(tmp_path: Path) -> None:
    store = tmp_path / "notices.sqlite3"
    with InstanceLock(store):
        with pytest.raises(LockHeld) as caught:
            InstanceLock(store).acquire()
    message = str(caught.value)
    assert f"process {os.getpid()}" in message
    assert "only one notices service may run per store" in message


def test_lock_can_be_taken_again_after_release(tmp_path: Path) -> None:
    store = tmp_path / "notices.sqlite3"
    first = InstanceLock(store)
    first.acquire()
    first.release()
    with InstanceLock(store) as second:
        assert second.held


def test_locks_on_different_stores_do_not_interfere(tmp_path: Path) -> None:
    with InstanceLock(tmp_path / "a.sqlite3"), InstanceLock(tmp_path / "b.sqlite3") as other:
        assert other.held


def test_lock_left_by_a_killed_process_is_not_stale(tmp_path: Path) -> None:
    store = tmp_path / "notices.sqlite3"
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys, time; from pathlib import Path; from scheduler.service.lock import InstanceLock\n"
         f"InstanceLock(Path({str(store)!r})).acquire(); print('locked', flush=True); time.sleep(120)"],
        stdout=subprocess.PIPE, text=True, env=cli_env(),
    )
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == "locked"
        with pytest.raises(LockHeld, match=f"process {holder.pid}"):
            InstanceLock(store).acquire()
        holder.send_signal(signal.SIGKILL)
        holder.wait(timeout=30)
    finally:
        if holder.poll() is None:
            holder.kill()
            holder.wait()
    assert lock_path_for(store).exists()  # the file is still there…
    with InstanceLock(store) as lock:  # …but the lock died with its process
        assert lock.held


def test_run_once_refuses_while_another_instance_holds_the_store(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = tmp_path / "state" / "notices.sqlite3"
    (tmp_path / "inbox").mkdir()
    with InstanceLock(store):
        status = cli.main(["run", "--once", "--inbox", str(tmp_path / "inbox"),
                           "--output", str(tmp_path / "out"), "--store", str(store),
                           "--now", "2024-05-08T07:00"])
    err = capsys.readouterr().err
    assert status == 2
    assert "store is in use by process" in err
    assert not (tmp_path / "out" / "feeds").exists()  # nothing was written
