"""Runs ``python -m aggregator --config CONFIG run`` as a child process under resource limits.

Touches files (the config, the child's output) and starts processes. The child gets an
address-space limit (RLIMIT_AS) as a guard against runaway parsers and a wall-clock limit
after which its whole process group is killed; ``os.wait4`` gives that one child's peak RSS
and CPU time, which ``resource.getrusage(RUSAGE_CHILDREN)`` cannot when runs overlap.
"""

from __future__ import annotations

import contextlib
import os
import resource
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ADDRESS_SPACE_LIMIT = 4 << 30  # a guard, far above any budget: a blowup fails, not the machine
KILL_AFTER = 120.0  # seconds; every budget is far shorter


@dataclass(frozen=True)
class Measured:
    """What one ``aggregator run`` did and cost."""

    exit_code: int  # negative: killed by that signal
    wall: float  # seconds
    cpu: float  # user + system seconds
    peak_rss_mb: float
    stderr: str
    killed: bool = False

    def summary(self) -> str:
        return (
            f"exit {self.exit_code}, {self.wall:.1f} s wall, {self.cpu:.1f} s CPU, "
            f"{self.peak_rss_mb:.0f} MiB peak RSS"
        )


def write_config(
    path: Path, feeds: Mapping[str, str], *, deadline: float, timeout: float = 5.0
) -> Path:
    """A feeds.yaml for ``feeds`` (name -> URL) with its store beside it."""
    lines = [
        "store: store",
        "output:",
        "  title: Hostile corpus",
        "  url: https://example.org/anime/",
        "fetch:",
        f"  timeout: {timeout:g}",
        f"  deadline: {deadline:g}",
        "feeds:",
    ]
    for name, url in feeds.items():
        lines += [f'  - name: "{name}"', f'    url: "{url}"']
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _limit_child() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE_LIMIT, ADDRESS_SPACE_LIMIT))


def child_env() -> dict[str, str]:
    """The environment for the child: this checkout importable, no proxy for loopback."""
    env = {k: v for k, v in os.environ.items() if not k.lower().endswith("_proxy")}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    env["NO_PROXY"] = env["no_proxy"] = "127.0.0.1,localhost"
    return env


class Running:
    """One started ``aggregator run``; ``wait`` reaps it and measures it."""

    def __init__(self, config: Path, log: Path, kill_after: float = KILL_AFTER) -> None:
        self._log = log
        self._started = time.monotonic()
        with log.open("wb") as err:
            self._proc = subprocess.Popen(
                [sys.executable, "-m", "aggregator", "--config", str(config), "run"],
                stdin=subprocess.DEVNULL,
                stdout=err,
                stderr=err,
                cwd=config.parent,
                env=child_env(),
                preexec_fn=_limit_child,
                start_new_session=True,
            )
        self._killed = threading.Event()
        self._timer = threading.Timer(kill_after, self._kill)
        self._timer.daemon = True
        self._timer.start()

    def _kill(self) -> None:
        self._killed.set()
        with contextlib.suppress(ProcessLookupError):  # it ended on its own meanwhile
            os.killpg(self._proc.pid, signal.SIGKILL)

    def wait(self) -> Measured:
        _, status, usage = os.wait4(self._proc.pid, 0)
        wall = time.monotonic() - self._started
        self._timer.cancel()
        self._proc.returncode = os.waitstatus_to_exitcode(status)
        return Measured(
            exit_code=self._proc.returncode,
            wall=wall,
            cpu=usage.ru_utime + usage.ru_stime,
            peak_rss_mb=usage.ru_maxrss / 1024,  # KiB on Linux
            stderr=self._log.read_text(encoding="utf-8", errors="replace"),
            killed=self._killed.is_set(),
        )


def run_aggregator(config: Path, log: Path) -> Measured:
    """Run one cycle to the end (or the kill) and measure it."""
    return Running(config, log).wait()
