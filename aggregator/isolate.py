"""Parses feeds in child processes, so one hostile feed cannot take the run's memory or time;
each worker also cleans the items it parsed of boilerplate (``boilerplate.clean_document``).

Touches child processes. ``ParsePool`` starts its workers on the first feed it is given (a
cycle where every feed answers 304 starts none). Each worker caps its own address space at
what it had when it started plus ``memory`` bytes, and parses one feed at a time, sent over a
pipe. A feed whose parse runs past ``timeout`` seconds, or whose worker dies (out of memory, a
crash in C code), fails alone with a message saying so; its worker is replaced and the other
feeds go on. Feeds are parsed on every CPU at once, up to ``workers``.

Workers are forked from the running process when it has a single thread (cheap: they share its
imported modules), else from a fork server, since forking a process with threads can copy a
lock another thread holds. The parser's and the cleaner's modules (feedparser among them) are
imported when the first worker starts, just before the fork: a cycle where every feed answers 304
never loads them.
"""

from __future__ import annotations

import gc
import importlib
import logging
import multiprocessing
import os
import resource
import threading
import time
import traceback
from collections import deque
from collections.abc import Iterator, Mapping, Sequence
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import datetime
from multiprocessing.connection import Connection, wait
from multiprocessing.context import BaseContext
from multiprocessing.process import BaseProcess
from types import TracebackType
from typing import TYPE_CHECKING, cast

from aggregator.errors import ParseError
from aggregator.models import PARSE_MEMORY, PARSE_TIMEOUT, Parsed, Source
from aggregator.text import format_size

if TYPE_CHECKING:
    from aggregator.boilerplate import Cleaned

# What the workers run, imported by their parent just before they start.
PARSER, CLEANER = "aggregator.parse", "aggregator.boilerplate"

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class ParseJob:
    """What ``read_feed`` needs for one fetched feed body."""

    body: bytes
    source: Source
    headers: dict[str, str]
    fetched_at: datetime
    base_url: str
    # The feed's last document: digest -> (article id, fingerprints), as ``load_document`` gives.
    last: Mapping[str, tuple[str, frozenset[str]]] = field(default_factory=dict)
    boilerplate: frozenset[str] = frozenset()  # the feed's fingerprints learned before


@dataclass(frozen=True, slots=True)
class Document:
    """A parsed feed document and its items cleaned of boilerplate (``parsed.items`` as read)."""

    parsed: Parsed
    cleaned: Cleaned


# A job's outcome: its document, or why the feed could not be parsed.
Outcome = Document | ParseError


@dataclass
class _Worker:
    process: BaseProcess
    conn: Connection
    job: int | None = None  # index of the job it is parsing
    started: float = 0.0


class ParsePool:
    """Up to ``workers`` child processes parsing feeds; a context manager."""

    def __init__(
        self,
        workers: int | None = None,
        memory: int = PARSE_MEMORY,
        timeout: float = PARSE_TIMEOUT,
    ) -> None:
        self.size = max(1, workers or len(os.sched_getaffinity(0)))
        self.memory = memory
        self.timeout = timeout
        self._workers: list[_Worker] = []
        self._context: BaseContext | None = None

    def __enter__(self) -> ParsePool:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    def parse(self, jobs: Sequence[ParseJob]) -> Iterator[Outcome]:
        """The outcome of each job, in order, each as soon as it and those before it are done;
        the jobs run in parallel on the workers, which go on while the caller handles one."""
        outcomes: dict[int, Outcome] = {}
        waiting = deque(range(len(jobs)))
        for index in range(len(jobs)):
            while index not in outcomes:
                self._dispatch(jobs, waiting, outcomes)
                self._collect(jobs, outcomes)
            self._dispatch(jobs, waiting, outcomes)  # a freed worker takes its next job first
            yield outcomes.pop(index)

    def _collect(self, jobs: Sequence[ParseJob], outcomes: dict[int, Outcome]) -> None:
        """Wait for a worker to finish a job (or run out of time), and note the outcomes."""
        busy = {w.conn: w for w in self._workers if w.job is not None}
        if not busy:
            return  # every job sent so far killed its worker on arrival
        due = min(w.started for w in busy.values()) + self.timeout
        for conn in wait(list(busy), timeout=max(0.0, due - time.monotonic())):
            worker = busy[cast(Connection, conn)]
            index, worker.job = worker.job, None
            if index is not None:
                outcomes[index] = self._receive(worker, jobs[index])
        now = time.monotonic()
        for worker in busy.values():
            if worker.job is not None and now - worker.started > self.timeout:
                message = f"parsing took longer than {self.timeout:g} s; gave up on it"
                outcomes[worker.job] = ParseError(jobs[worker.job].source.name, message)
                self._replace(worker)

    def close(self) -> None:
        """Stop every worker."""
        for worker in self._workers:
            with suppress(OSError):
                worker.conn.send(None)  # a forked worker also holds the others' pipes: no EOF
            worker.conn.close()
        for worker in self._workers:
            worker.process.join(timeout=1.0)
            if worker.process.is_alive():
                worker.process.kill()
                worker.process.join()
        self._workers.clear()

    def _dispatch(
        self, jobs: Sequence[ParseJob], waiting: deque[int], outcomes: dict[int, Outcome]
    ) -> None:
        while waiting and len(self._workers) < min(self.size, len(jobs)):
            self._workers.append(self._start())
        for worker in list(self._workers):
            if waiting and worker.job is None:
                index = waiting.popleft()
                worker.started = time.monotonic()
                try:
                    worker.conn.send(jobs[index])
                    worker.job = index
                except OSError:  # it died taking the job in: the job is what killed it
                    outcomes[index] = self._died(worker, jobs[index])

    def _receive(self, worker: _Worker, job: ParseJob) -> Outcome:
        try:
            kind, value = worker.conn.recv()
        except (EOFError, OSError):
            return self._died(worker, job)
        if kind == "bug":
            raise RuntimeError(f"parsing {job.source.name} failed:\n{value}")
        return cast(Document, value) if kind == "items" else ParseError(job.source.name, str(value))

    def _died(self, worker: _Worker, job: ParseJob) -> ParseError:
        """The error of a job whose worker died; the worker is replaced."""
        worker.process.join(timeout=5.0)
        code = worker.process.exitcode
        self._replace(worker)
        how = f"was killed by signal {-code}" if code and code < 0 else f"exited ({code})"
        message = (
            f"the parser process {how}; the feed may need more than the "
            f"{format_size(self.memory)} of memory a parse may take"
        )
        return ParseError(job.source.name, message)

    def _replace(self, worker: _Worker) -> None:
        worker.process.kill()
        worker.process.join()
        worker.conn.close()
        self._workers[self._workers.index(worker)] = self._start()

    def _start(self) -> _Worker:
        if self._context is None:
            importlib.import_module(PARSER)
            importlib.import_module(CLEANER)
            single = threading.active_count() == 1
            self._context = multiprocessing.get_context("fork" if single else "forkserver")
            if not single:
                self._context.set_forkserver_preload(["aggregator.isolate", PARSER, CLEANER])
        mine, theirs = self._context.Pipe()
        process = self._context.Process(  # type: ignore[attr-defined]
            target=_serve, args=(theirs, mine, self.memory), name="aggregator-parse", daemon=True
        )
        gc.freeze()  # a forked worker's collector then never walks (and copies) our objects
        try:
            process.start()
        finally:
            gc.unfreeze()
        theirs.close()
        return _Worker(process, mine)


def _serve(conn: Connection, parent_end: Connection, memory: int) -> None:
    """A worker: parse each job received until told to stop or the pipe closes."""
    parent_end.close()
    read_feed = importlib.import_module(PARSER).read_feed  # imported already, before the fork
    clean_document = importlib.import_module(CLEANER).clean_document
    _limit_memory(memory)
    while True:
        try:
            job: ParseJob | None = conn.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        try:
            parsed = read_feed(
                job.body,
                source=job.source,
                headers=job.headers,
                fetched_at=job.fetched_at,
                base_url=job.base_url,
                known={digest: article for digest, (article, _) in job.last.items()},
            )
            carried = [job.last[seen.digest][1] for seen in parsed.seen]
            cleaned = clean_document(parsed.items, job.boilerplate, carried)
            reply: tuple[str, object] = ("items", Document(parsed, cleaned))
        except ParseError as exc:
            reply = ("error", exc.message)
        except MemoryError:
            reply = ("error", f"parsing needs more than {format_size(memory)} of memory")
        except RecursionError:
            reply = ("error", "the document is nested too deeply to parse")
        except Exception:  # a bug: the parent raises it with this traceback
            reply = ("bug", traceback.format_exc())
        conn.send(reply)


def _limit_memory(memory: int) -> None:
    """Cap this process's address space at its current size plus ``memory`` bytes."""
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            pages = int(statm.read().split()[0])
        current = pages * os.sysconf("SC_PAGE_SIZE")
        resource.setrlimit(resource.RLIMIT_AS, (current + memory, current + memory))
    except (OSError, ValueError) as exc:  # not Linux, or a hard limit already lower
        log.debug("cannot limit the parser's memory: %s", exc)
