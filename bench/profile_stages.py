"""Where an ``aggregator run`` spends its time, by pipeline stage, and the parsing floor.

Starts processes and reads profiles. For the benchmarks. Two views of one kind of cycle:

- ``time_stages`` runs the real CLI in a child process with a timer around each stage function
  that ``pipeline`` calls (looked up by name on the module, so nothing in aggregator changes):
  wall and CPU seconds per stage, exactly, and no profiler overhead.
- ``print_profile`` reads a cProfile file of the CLI's ``run`` (``cProfile.run('cli()', PATH)``):
  cumulative time of the inner functions, and the top functions by own time. cProfile's clock
  is wall time and it slows pure-Python code down about twofold. It also loses the outer
  frames of this run (``pipeline.run``, ``asyncio.run``: a generator closed by the garbage
  collector unbalances its stack), which is why the stage table comes from ``time_stages``.

Run alone on a profile: ``.venv/bin/python bench/profile_stages.py cold.prof``. The parsing
floor (``parsing_floor``) is feedparser alone on a set of documents, on one core.
"""

from __future__ import annotations

import io
import json
import pstats
import sys
import tempfile
import time
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

import feedparser
from feed_server import Document, Run, run_child

from aggregator.models import Source
from aggregator.parse import parse_feed

# (label, where in the child, attribute): timed while the CLI runs; indented labels are parts
# of the stage above them. A row whose attribute is not there (renamed) is left out.
TIMED = [
    ("pipeline.run", "aggregator.pipeline", "run"),
    ("  open_db (migrations check)", "aggregator.store", "open_db"),
    ("  fetch (fetch.fetch_cycle)", "aggregator.fetch", "fetch_cycle"),
    ("  _ingest: parse (workers), store", "aggregator.pipeline", "_ingest"),
    ("    parse_feed (in this process)", "aggregator.pipeline", "parse_feed"),
    ("    ParsePool.parse (worker processes)", "aggregator.isolate:ParsePool", "parse"),
    ("    keep_stored_copies", "aggregator.store.boilerplate", "keep_stored_copies"),
    ("    save_items", "aggregator.store.boilerplate", "save_items"),
    ("  group_new: grouping / matching", "aggregator.story_batch", "group_new"),
    ("    features_of", "aggregator.story_batch", "features_of"),
    ("    index_articles", "aggregator.store.matching", "index_articles"),
    ("    find_candidates", "aggregator.store.matching", "find_candidates"),
    ("    load_members_near", "aggregator.store", "load_members_near"),
    ("    load_items", "aggregator.store", "load_items"),
    ("    load_idf", "aggregator.store.matching", "load_idf"),
    ("    assign (compare, guards)", "aggregator.story_batch", "assign"),
    ("    merge (notes)", "aggregator.story_batch", "merge"),
    ("    save_stories", "aggregator.store", "save_stories"),
    ("  publish", "aggregator.pipeline", "publish"),
    ("    write_all (render, write)", "aggregator.pipeline", "write_all"),
]
STAGE_CHILD = """
import importlib, json, sys, time
def peak_mb():  # VmHWM: ru_maxrss would include the parent's peak, carried over exec
    with open("/proc/self/status") as status:
        return next(int(l.split()[1]) for l in status if l.startswith("VmHWM")) / 1024
started_wall, started_cpu = time.perf_counter(), time.process_time()
from aggregator.cli import cli
spent = {"imports": [time.perf_counter() - started_wall, time.process_time() - started_cpu,
                     peak_mb()]}
def find(where):
    module, _, cls = where.partition(":")
    owner = importlib.import_module(module)
    return getattr(owner, cls) if cls else owner
def timed(owner, name, key):
    original = getattr(owner, name)
    spent[key] = [0.0, 0.0, 0.0]
    def wrapper(*args, **kwargs):
        wall, cpu = time.perf_counter(), time.process_time()
        try:
            return original(*args, **kwargs)
        finally:
            spent[key][0] += time.perf_counter() - wall
            spent[key][1] += time.process_time() - cpu
            spent[key][2] = peak_mb()
    setattr(owner, name, wrapper)
for where, name in json.loads(sys.argv[3]):
    owner = find(where)
    if hasattr(owner, name):
        timed(owner, name, where + "." + name)
try:
    cli(["--config", sys.argv[1], "run"])
except SystemExit as exit:
    spent["exit"] = [exit.code or 0, 0, 0]
spent["own"] = [time.perf_counter() - started_wall, time.process_time(), 0]
with open(sys.argv[2], "w") as out:
    json.dump(spent, out)
"""
INNER = [  # cProfile: cumulative time of functions that are recorded reliably
    ("feedparser.parse", "feedparser/api.py", "parse"),
    ("sanitize_html (nh3)", "aggregator/sanitize.py", "sanitize_html"),
    ("boilerplate.keep_stored", "aggregator/boilerplate.py", "keep_stored"),
    ("match_features.features_of", "aggregator/match_features.py", "features_of"),
    ("store.find_candidates", "aggregator/store/matching.py", "find_candidates"),
    ("grouping.assign", "aggregator/grouping.py", "assign"),
    ("match.compare", "aggregator/match.py", "compare"),
    ("merge.merge", "aggregator/merge.py", "merge"),
    ("facts.new_facts", "aggregator/facts.py", "new_facts"),
    ("publish.write_all", "aggregator/publish.py", "write_all"),
]
TOP = 20
ROOT = str(Path(__file__).resolve().parent.parent) + "/"


def time_stages(python: str, config: Path) -> tuple[Run, dict[str, list[float]]]:
    """One CLI run with every stage of ``TIMED`` timed: [wall, CPU] seconds per attribute."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "stages.json"
        wanted = json.dumps([[where, name] for _, where, name in TIMED])
        run = run_child([python, "-c", STAGE_CHILD, str(config), str(out), wanted])
        if not out.exists():
            sys.exit(f"the timed run failed:\n{run.stderr[-3000:]}")
        return run, json.loads(out.read_text())


def print_stages(run: Run, spent: dict[str, list[float]]) -> None:
    """The stage table of ``time_stages``: wall and CPU seconds, share of the process's wall,
    and the main process's peak RSS when the stage last ended (where memory grows).

    CPU is the main process's own (``time.process_time``); what its child processes (the parse
    workers) used is the whole tree's CPU, from ``os.wait4``, less the main process's.
    """
    print(f"  {'stage':<40} {'wall s':>7} {'CPU s':>7} {'share':>6} {'RSS MB':>7}")
    in_run = spent.get("aggregator.pipeline.run", [0.0, 0.0, 0.0])
    own_cpu, nan = spent["own"][1], float("nan")
    rows: list[tuple[str, list[float]]] = [("whole process tree", [run.wall, run.cpu, nan])]
    rows.append(("  of which CPU in child processes", [nan, run.cpu - own_cpu, nan]))
    startup = [run.wall - in_run[0], own_cpu - in_run[1], nan]
    rows.append(("outside pipeline.run: start-up, exit", startup))
    rows.append(("  of which importing aggregator.cli", spent["imports"]))
    rows += [(label, spent[f"{w}.{n}"]) for label, w, n in TIMED if f"{w}.{n}" in spent]
    for label, (wall, cpu, rss) in rows:
        cells = [
            "" if wall != wall else f"{wall:.2f}",  # NaN: nothing to show
            f"{cpu:.2f}",
            "" if wall != wall else f"{wall / run.wall:.0%}",
            "" if rss != rss or not rss else f"{rss:.0f}",
        ]
        print(f"  {label:<40} {cells[0]:>7} {cells[1]:>7} {cells[2]:>6} {cells[3]:>7}")


def profile_cycle(config: Path, out: Path) -> Run:
    """One ``aggregator run`` with ``config`` in a child under cProfile, written to ``out``.
    Through ``cli``: the console entry point leaves with os._exit, before cProfile could
    write."""
    script = (
        "import cProfile, sys; from aggregator.cli import cli; "
        f"sys.argv = ['aggregator', '--config', {str(config)!r}, 'run']; "
        f"cProfile.run('cli()', {str(out)!r})"
    )
    return run_child([sys.executable, "-c", script])


def print_profile(path: Path) -> None:
    stats = pstats.Stats(str(path))
    entries = stats.stats.items()  # type: ignore[attr-defined]
    print(f"  {'function (cumulative, cProfile)':<40} {'cum s':>7} {'calls':>9}")
    for label, where, name in INNER:
        found = [
            (ct, nc)
            for (file, _, func), (_, nc, _, ct, _) in entries
            if func == name and file.endswith(where)
        ]
        seconds, calls = max(found, default=(0.0, 0))
        print(f"  {label:<40} {seconds:>7.2f} {calls:>9,}")
    total = stats.total_tt  # type: ignore[attr-defined]
    print(f"  {'total (profiled wall time)':<40} {total:>7.2f}")
    print(f"\n  Top {TOP} functions by own time (cProfile):")
    print(f"  {'own s':>7} {'cum s':>7} {'calls':>10}  function")
    for (file, line, func), (_, nc, tt, ct, _) in sorted(entries, key=lambda kv: -kv[1][2])[:TOP]:
        print(f"  {tt:>7.2f} {ct:>7.2f} {nc:>10,}  {_short(file)}:{line}({func})")


def parsing_floor(sources: Sequence[Source], documents: Sequence[Document]) -> list[str]:
    """feedparser alone, and aggregator's parse_feed, over every document on one core."""
    lines = []
    for label, parse in (("feedparser.parse", _feedparser), ("aggregator parse_feed", _ours)):
        started = time.process_time()
        items = sum(parse(s, d) for s, d in zip(sources, documents, strict=True))
        cpu = time.process_time() - started
        rate = items / cpu
        lines.append(
            f"{label:<22} {items:,} items in {cpu:.2f} s CPU: {rate:,.0f} items/s on one core;"
            f" the corpus takes {cpu:.2f} s on 1 core, {cpu / 2:.2f} s on 2"
        )
    return lines


def _feedparser(source: Source, document: Document) -> int:
    headers = {"content-type": document.content_type, "content-location": source.url}
    return len(feedparser.parse(io.BytesIO(document.body), response_headers=headers).entries)


def _ours(source: Source, document: Document) -> int:
    headers = {"content-type": document.content_type}
    now = datetime.now(UTC)
    return len(
        parse_feed(
            document.body, source=source, headers=headers, fetched_at=now, base_url=source.url
        )
    )


def _short(path: str) -> str:
    """A path from the package down: aggregator/match.py, feedparser/api.py, re/_parser.py."""
    if "/aggregator/" in path:
        return "aggregator/" + path.rsplit("/aggregator/", 1)[1]
    if "site-packages/" in path:
        return path.split("site-packages/", 1)[1]
    if "/lib/python3." in path:
        return path.split("/lib/python3.", 1)[1].split("/", 1)[-1]
    return path


if __name__ == "__main__":
    print_profile(Path(sys.argv[1]))
