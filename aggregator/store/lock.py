"""One run at a time per store: an advisory lock file next to the database. Touches files.

cron may start a run while the previous one is still going; the second waits briefly for the
lock, then gives up with ``LockedError`` (exit status 75). The kernel releases the lock when the
process dies, however it dies, so a killed run never leaves a stale lock behind.
"""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from aggregator.errors import LockedError, StoreError

LOCK_NAME = ".aggregator.lock"
POLL_SECONDS = 0.1


@contextmanager
def hold_lock(store_dir: Path, wait: float) -> Iterator[None]:
    """Hold the store's lock for the duration of the block, waiting up to ``wait`` seconds."""
    path = store_dir / LOCK_NAME
    try:
        store_dir.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise StoreError(path, f"cannot create the lock file: {exc}") from None
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise LockedError(path, wait) from None
                time.sleep(POLL_SECONDS)
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock
