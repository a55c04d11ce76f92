"""Runs the hostile-feed corpus against the real CLI, in parallel, and tabulates the verdicts.

Shared by tests/test_hostile.py and scripts/hostile_report.py; touches files, the loopback
network and child processes. ``hostile_cases`` plays one case, ``hostile_checks`` judges it.
Cases run in worker threads, each driving its own ``aggregator run`` child processes, so the
corpus costs about its slowest cases rather than the sum of all of them.
"""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from tests.hostile_cases import CANARY_PORT, XFAIL, Setting, measure_baseline, run_case
from tests.hostile_checks import Case, judge
from tests.hostile_run import Measured
from tests.hostile_server import start_canary


@dataclass(frozen=True)
class Verdict:
    """A case and every way it failed (none: it passed)."""

    case: Case
    failures: tuple[str, ...]
    runs: tuple[Measured, ...]

    @property
    def passed(self) -> bool:
        return not self.failures


class Harness:
    """Plays cases of ``corpus`` in ``jobs`` threads, each in its own ``work`` subdirectory."""

    def __init__(self, corpus: Path, cases: dict[str, Case], work: Path, jobs: int = 0) -> None:
        self.corpus, self.cases, self.work = corpus, cases, work
        cpus = os.cpu_count() or 1
        self.jobs = jobs or max(2, min(8, 2 * cpus))
        self._slack = max(1.0, self.jobs / cpus)  # runs share the CPUs: wall time stretches
        self._pool = ThreadPoolExecutor(self.jobs)
        self._futures: dict[str, Future[Verdict]] = {}
        self.canary = start_canary(CANARY_PORT)
        self.setting: Setting | None = None

    def start(self, case_ids: Iterable[str]) -> None:
        """Measure a run of the healthy feeds alone, then start every case."""
        baseline = measure_baseline(self.work / "_baseline")
        self.setting = Setting(self.corpus, self.cases, baseline, self._slack, self.canary)
        for case_id in case_ids:
            self._futures[case_id] = self._pool.submit(self._play, self.cases[case_id])

    def verdict(self, case_id: str) -> Verdict:
        """The verdict of a started case, waiting for it if needed."""
        return self._futures[case_id].result()

    def close(self) -> None:
        self._pool.shutdown(cancel_futures=True)
        if self.canary is not None:
            self.canary.close()

    def _play(self, case: Case) -> Verdict:
        assert self.setting is not None
        workdir = self.work / case.id
        workdir.mkdir(parents=True)
        try:
            evidence = run_case(case, self.setting, workdir)
        except Exception as exc:  # a harness bug fails this case, not the whole corpus
            return Verdict(case, (f"harness error: {type(exc).__name__}: {exc}",), ())
        return Verdict(case, tuple(judge(case, evidence)), tuple(evidence.runs))


def describe(verdict: Verdict) -> str:
    """The failures of one verdict, one per line, with the cost of its runs."""
    state = "passed" if verdict.passed else "FAILED"
    lines = [f"{verdict.case.id} ({verdict.case.expected}): {state}"]
    lines += [f"  - {failure}" for failure in verdict.failures]
    for n, run in enumerate(verdict.runs, 1):
        lines.append(f"  run {n}: {run.summary()}")
        said = [line for line in run.stderr.splitlines() if line.strip()][:2]
        lines += [f"    stderr: {line[:200]}" for line in said]
    if verdict.case.id in XFAIL:
        lines.append(f"  (expected to fail: {XFAIL[verdict.case.id]})")
    return "\n".join(lines)


def render_table(verdicts: Iterable[Verdict], *, every_case: bool = False) -> str:
    """Per category: cases passed / total; then each failure (or each case)."""
    by_category: dict[str, list[Verdict]] = defaultdict(list)
    for verdict in verdicts:
        by_category[verdict.case.category].append(verdict)
    rows = [f"{'category':<14} {'passed':>6} / total"]
    failed: list[Verdict] = []
    for category, group in sorted(by_category.items()):
        passed = sum(v.passed for v in group)
        rows.append(f"{category:<14} {passed:>6} / {len(group)}")
        failed += [v for v in group if every_case or not v.passed]
    everything = [v for group in by_category.values() for v in group]
    rows.append(f"{'all':<14} {sum(v.passed for v in everything):>6} / {len(everything)}")
    if failed:
        rows += ["", "Cases:" if every_case else "Failures:", *(describe(v) for v in failed)]
    return "\n".join(rows)
