"""How a run's heavy pure steps use the machine: both cores (``halves``), no cyclic collector
(``collector_paused``), freed memory handed back (``trim_heap``). Touches child processes.

A first run groups thousands of articles, and the comparisons and update notes are pure
functions of what the run holds already. ``halves`` forks a child that computes the second half
of such a batch from the parent's memory as it stands (nothing is copied in) while the parent
computes the first; the child sends its result back pickled through a pipe and leaves at once
(``os._exit``: it never runs the parent's clean-up or touches its open store connection). A
child that cannot start, fails or dies costs only time: the parent then computes that half
itself, so the result is always ``compute(batch)``'s.
"""

from __future__ import annotations

import gc
import logging
import os
import pickle
import signal
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from typing import TypeVar

log = logging.getLogger(__name__)

_T = TypeVar("_T")
_R = TypeVar("_R")


def can_fork() -> bool:
    """Whether ``halves`` would fork now: more than one CPU, and no other thread (a fork copies
    only the calling thread, and a lock another one held would stay locked in the child)."""
    return (
        hasattr(os, "fork") and len(os.sched_getaffinity(0)) > 1 and threading.active_count() == 1
    )


def halves(compute: Callable[[Sequence[_T]], list[_R]], batch: Sequence[_T]) -> list[_R]:
    """``compute(batch)``, with ``compute`` of its second half done in a forked child when it
    can be. ``compute`` must be pure and its result picklable; each half's results keep their
    order, the first half's before the second's."""
    middle = len(batch) // 2
    if len(batch) < 2 or not can_fork():
        return compute(batch)
    first, second = batch[:middle], batch[middle:]
    reading, writing = os.pipe()
    gc.freeze()  # the child's collector then never walks our objects (copying their pages)
    try:
        child = os.fork()
    except OSError as exc:
        gc.unfreeze()
        os.close(reading)
        os.close(writing)
        log.debug("cannot fork a helper: %s", exc)
        return compute(batch)
    if child == 0:  # pragma: no cover (the child; its result is what the tests compare)
        os.close(reading)
        _serve(compute, second, writing)
    gc.unfreeze()
    os.close(writing)
    pipe = open(reading, "rb")  # noqa: SIM115 (closed below, whatever happens)
    try:
        mine = compute(first)
        reply = pipe.read()
    except BaseException:
        with suppress(ProcessLookupError):
            os.kill(child, signal.SIGKILL)
        raise
    finally:
        pipe.close()
        code = os.waitstatus_to_exitcode(os.waitpid(child, 0)[1])
    if code == 0 and reply:
        theirs: list[_R] = pickle.loads(reply)
    else:
        log.warning("a helper process failed (exit status %s); computing its half here", code)
        theirs = compute(second)
    return [*mine, *theirs]


def whole(compute: Callable[[Sequence[_T]], list[_R]], batch: Sequence[_T]) -> list[_R]:
    """``compute(batch)`` here: ``halves``'s signature, for a caller choosing between them."""
    return compute(batch)


def calls(batch: Sequence[Callable[[], _R]]) -> list[_R]:
    """Call each of ``batch`` in turn (for ``halves``: a batch of prepared calls)."""
    return [call() for call in batch]


def _serve(compute: Callable[[Sequence[_T]], list[_R]], part: Sequence[_T], writing: int) -> None:
    """The child: write ``compute(part)`` pickled, and exit (1 if anything failed)."""
    code = 1
    try:
        reply = pickle.dumps(compute(part), protocol=pickle.HIGHEST_PROTOCOL)
        with open(writing, "wb") as pipe:
            pipe.write(reply)
        code = 0
    finally:
        os._exit(code)


def trim_heap() -> bool:
    """Hand the C heap's free pages back to the operating system (glibc's ``malloc_trim``), so
    that what the process allocates next does not stack on memory it no longer uses: after a
    first run's grouping, publishing's peak dropped by 5 MB. Whether anything was trimmed;
    elsewhere than Linux with glibc it does nothing."""
    if not sys.platform.startswith("linux"):
        return False
    import ctypes  # 4 ms, only for a run that grouped a large batch

    try:
        trim = ctypes.CDLL(None).malloc_trim  # this process's own symbols (libc's)
    except (OSError, AttributeError):  # musl has no malloc_trim
        return False
    return bool(trim(0))


@contextmanager
def collector_paused() -> Iterator[None]:
    """Grouping makes and drops millions of small objects, without cycles: the cyclic garbage
    collector's passes over them took 7% of a first run's grouping."""
    paused = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if paused:
            gc.enable()
