"""What a polling cycle of many feeds costs, cold and warm, next to lemon24/reader. Prints figures.

Run from the repository root (``--peer reader`` needs reader installed; see bench/README.md):

    .venv/bin/python bench/poll.py                           # 200 feeds x 50 items, ~2.5 min
    .venv-bench/bin/python bench/poll.py --peer reader       # also reader, workers 1 and 16, ~4 min

``--feeds`` synthetic outlets (``feeds_synth``: four in five RSS 2.0, one in five Atom, their
latest ``--items`` full-length articles each, about 1.8 KB of text an article) are served by
``feed_server.FeedServer`` on loopback, each feed from its own address (127.0.0.1, 127.0.0.2,
…), with ``--latency`` seconds before every response, gzip, and ETag / Last-Modified
validators. The real CLI (``python -m aggregator --config X -v run``, a child process) runs a
cold cycle on a fresh store (every feed answers 200) and then a warm cycle (every feed answers
304). For each the table gives wall seconds, CPU seconds (user + system of the child's process
tree) and peak RSS, from ``os.wait4``, and the responses the server counted.

``--peer reader`` runs reader's ``update_feeds(workers=N, scheduled=False)`` in a child process
against the same server, cold (a fresh database, feeds just added) and warm, for each of
``--workers``. The parsing floor is feedparser alone on the same documents, on one core.
``--profile PATH`` adds the stage tables of a cold and a warm cycle (``profile_stages``) and a
profile of one more cold cycle (cProfile, written to PATH).
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import os
import platform
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

from feed_server import (
    Document,
    FeedServer,
    Run,
    compile_aggregator,
    render_document,
    run_child,
)
from feeds_synth import Newsroom, make_outlets, shifted, text_bytes
from profile_stages import parsing_floor, print_profile, print_stages, profile_cycle, time_stages

from aggregator.models import FetchSettings, Item, Source

ARTICLES_PER_FEED_DAY = 10  # how often an outlet posts: 50 items span about five days
MEAN_REPORTS = 3.0  # outlets reporting one story, on average, among hundreds of outlets
TARGETS = {"cold": 2.0, "warm": 0.5}  # seconds of wall time, from the issue "Fast at every size"
TARGET_RSS_MB = 150.0
REFERENCE = (
    "reader 3.26 workers=16 cold 6.2 s, warm 1.7 s; workers=1 cold 26.7 s, warm 21.2 s;"
    " feedparser about 4,200 items/s/core"
)

READER_CHILD = """
import json, sys, time
from reader import make_reader
db, urls, workers, cold = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4] == "cold"
started = time.perf_counter()
reader = make_reader(db)
if cold:
    for url in open(urls).read().split():
        reader.add_feed(url)
ready = time.perf_counter()
reader.update_feeds(workers=workers, scheduled=False)
done = time.perf_counter()
errors = sum(1 for feed in reader.get_feeds() if feed.last_exception)
counts = reader.get_entry_counts()
print(json.dumps({"update_s": done - ready, "entries": counts.total, "errors": errors}))
"""


def build_corpus(feeds: int, items: int, seed: int) -> tuple[list[Source], list[Document], int]:
    """Each outlet's latest ``items`` articles as a feed document; returns the sources (URLs
    still to be set), the documents and the total text bytes."""
    outlets = make_outlets(feeds, seed)
    room = Newsroom(seed, ARTICLES_PER_FEED_DAY * feeds, outlets, MEAN_REPORTS)
    latest: dict[str, list[Item]] = {o.name: [] for o in outlets}
    for item in room:  # until every outlet has ``items`` articles; the newest are kept
        latest[item.source].append(item)
        if all(len(kept) >= items for kept in latest.values()):
            break
    newest = max(kept[-1].date for kept in latest.values())
    end = datetime.now(UTC).replace(minute=0, second=0, microsecond=0) - timedelta(hours=1)
    shown = {name: shifted(kept[-items:][::-1], end - newest) for name, kept in latest.items()}
    documents = [render_document(o, shown[o.name]) for o in outlets]
    size = sum(text_bytes(i) for kept in shown.values() for i in kept)
    return [Source(o.name, "") for o in outlets], documents, size


def write_config(directory: Path, sources: Sequence[Source], max_connections: int | None) -> Path:
    """A feeds.yaml for ``sources`` with its store in ``directory`` (emptied first)."""
    shutil.rmtree(directory, ignore_errors=True)
    directory.mkdir(parents=True)
    feeds = "".join(f"  - name: {json.dumps(s.name)}\n    url: {s.url}\n" for s in sources)
    fetch = f"fetch:\n  max_connections: {max_connections}\n" if max_connections else ""
    text = f"store: {directory}\noutput:\n  title: bench\n  url: https://example.org/bench/\n"
    path = directory / "feeds.yaml"
    path.write_text(text + fetch + f"feeds:\n{feeds}")
    return path


def run_ours(config: Path, server: FeedServer) -> tuple[Run, str]:
    """One cycle of the real CLI; returns its measurement and the server's response counts."""
    server.counts.clear()
    run = run_child([sys.executable, "-m", "aggregator", "--config", str(config), "-v", "run"])
    if run.returncode != 0:
        sys.exit(f"aggregator run failed ({run.returncode}):\n{run.stdout[-2000:]}{run.stderr}")
    summary = run.stdout.strip().splitlines()[-1]
    return run, f"{counts(server)}; {summary}"


def counts(server: FeedServer) -> str:
    return ", ".join(f"{n} x {status}" for status, n in sorted(server.counts.items()))


def run_reader(
    python: str, urls: Path, db: Path, workers: int, server: FeedServer
) -> dict[str, tuple[Run, str]]:
    """reader cold then warm with ``workers`` threads: each run with its note."""
    db.unlink(missing_ok=True)
    runs = {}
    for mode in ("cold", "warm"):
        server.counts.clear()
        run = run_child([python, "-c", READER_CHILD, str(db), str(urls), str(workers), mode])
        if run.returncode != 0:
            hint = "\nInstall bench/requirements.txt (see bench/README.md) or pass --peer-python."
            missing = "No module named 'reader'" in run.stderr
            sys.exit(f"reader failed ({run.returncode}):\n{run.stderr[-3000:]}{hint * missing}")
        result = json.loads(run.stdout)
        note = f"{counts(server)}; update_feeds {result['update_s']:.2f} s"
        note += f", {result['entries']} entries, {result['errors']} feed errors"
        runs[mode] = (run, note)
    return runs


def row(who: str, mode: str, run: Run, note: str) -> str:
    figures = f"{run.wall:>7.2f} {run.cpu:>7.2f} {run.rss_mb:>7.0f} {run.tree_mb:>7.0f}"
    return f"{who:<18} {mode:<5} {figures}  {note}"


def python_startup() -> float:
    """Best wall seconds of ``python -m aggregator --version`` (imports the CLI and the store)."""
    argv = [sys.executable, "-m", "aggregator", "--version"]
    return min(run_child(argv).wall for _ in range(5))


def verdict(measured: float, target: float, unit: str) -> str:
    if measured <= target:
        return f"met ({measured:.2f} {unit} <= {target:g} {unit})"
    return (
        f"MISSED by {measured - target:.2f} {unit} ({measured / target:.1f}x the {target:g} {unit})"
    )


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--feeds", type=int, default=200, help="synthetic feeds, one host each")
    parser.add_argument("--items", type=int, default=50, help="items per feed")
    parser.add_argument("--latency", type=float, default=0.1, help="seconds before each response")
    parser.add_argument("--repeat", type=int, default=1, help="cold + warm pairs of our CLI")
    parser.add_argument("--seed", type=int, default=1, help="seed of the synthetic outlets")
    parser.add_argument(
        "--max-connections",
        default="",
        help="also run with these fetch.max_connections, comma-separated (what-if rows)",
    )
    parser.add_argument("--peer", choices=["reader"], help="also run lemon24/reader")
    parser.add_argument("--peer-python", default=sys.executable, help="interpreter with reader")
    parser.add_argument(
        "--workers", default="1,16", help="reader's worker threads, comma-separated"
    )
    parser.add_argument("--profile", type=Path, metavar="PATH", help="profile a cold cycle to PATH")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> None:
    args = parse_args(argv)
    started = time.perf_counter()
    compiled = compile_aggregator()
    sources, documents, size = build_corpus(args.feeds, args.items, args.seed)
    with FeedServer(args.feeds, args.latency) as server, tempfile.TemporaryDirectory() as tmp:
        sources = [Source(s.name, server.url(i, f"/{i}.xml")) for i, s in enumerate(sources)]
        server.documents = {f"/{i}.xml": d for i, d in enumerate(documents)}
        print_setup(args, server, sources, documents, size, compiled)
        print(f"\n{'':<24} {'wall':>7} {'CPU':>7} {'largest':>7} {'all':>7}")
        print(f"{'who':<18} {'cycle':<5} {'s':>7} {'s':>7} {'RSS MB':>7} {'RSS MB':>7}  responses")
        print("-" * 110)
        ours: dict[str, list[Run]] = {"cold": [], "warm": []}
        settings = [None, *(int(n) for n in args.max_connections.split(",") if n)]
        for limit, _ in itertools.product(settings, range(args.repeat)):
            config = write_config(Path(tmp) / "ours", sources, limit)
            for mode in ("cold", "warm"):
                run, note = run_ours(config, server)
                print(row("aggregator" + (f" mc={limit}" if limit else ""), mode, run, note))
                if limit is None:
                    ours[mode].append(run)
        theirs: dict[int, dict[str, tuple[Run, str]]] = {}
        if args.peer == "reader":
            urls = Path(tmp) / "urls.txt"
            urls.write_text("\n".join(s.url for s in sources))
            for workers in (int(w) for w in args.workers.split(",")):
                runs = run_reader(args.peer_python, urls, Path(tmp) / "reader.db", workers, server)
                for mode, (run, note) in runs.items():
                    print(row(f"reader w={workers}", mode, run, note))
                theirs[workers] = runs
        print_ratios(ours, theirs)
        print_targets(ours)
        if args.profile:
            profile_cold(Path(tmp), sources, server, args.profile)
    print(f"\ntotal {time.perf_counter() - started:.0f} s")


def print_setup(
    args: argparse.Namespace,
    server: FeedServer,
    sources: Sequence[Source],
    documents: Sequence[Document],
    size: int,
    compiled: str,
) -> None:
    items = args.feeds * args.items
    xml, gzipped = sum(len(d.body) for d in documents), sum(len(d.gzipped) for d in documents)
    atom = sum(1 for d in documents if "atom" in d.content_type)
    print(
        f"Corpus: {args.feeds} feeds ({args.feeds - atom} RSS 2.0, {atom} Atom) x {args.items} "
        f"items = {items:,} items, {size / items:,.0f} bytes of text per item (headline, "
        f"summary, content), {xml / 1e6:.1f} MB of XML ({gzipped / 1e6:.1f} MB gzipped)"
    )
    print(
        f"Served on {server.hosts[0]}..{server.hosts[-1]} port {server.port}: each feed on its "
        f"own loopback address, so fetch.per_host (2) limits each feed as it would a real "
        f"outlet; {args.latency * 1000:.0f} ms before every response; gzip; ETag and/or "
        f"Last-Modified -> 304"
    )
    print(
        f"Machine: {os.cpu_count()} CPUs, {platform.machine()}, Python "
        f"{platform.python_version()}, load average {os.getloadavg()[0]:.1f} at start; "
        f"{compiled}"
    )
    print("\nParsing floor (the same documents, in this process, one core):")
    for line in parsing_floor(sources, documents):
        print("  " + line)
    connections = FetchSettings(user_agent="").max_connections
    floor = math.ceil(args.feeds / connections) * args.latency
    print(
        f"Python start-up: `python -m aggregator --version` takes {python_startup():.2f} s wall"
        f" (best of 5); fetch floor at fetch.max_connections={connections} (the default): "
        f"ceil({args.feeds}/{connections}) x latency = {floor:.2f} s"
    )


def print_targets(ours: dict[str, list[Run]]) -> None:
    median = {mode: statistics.median(r.wall for r in runs) for mode, runs in ours.items()}
    print("\nTargets (median of our runs):")
    for mode, target in TARGETS.items():
        print(f"  {mode} <= {target:g} s: {verdict(median[mode], target, 's')}")
    rss = max(r.rss_mb for runs in ours.values() for r in runs)
    tree = max(r.tree_mb for runs in ours.values() for r in runs)
    print(
        f"  peak RSS <= {TARGET_RSS_MB:g} MB: {verdict(rss, TARGET_RSS_MB, 'MB')}, the largest"
        f" process; all processes together peaked at {tree:.0f} MB"
    )
    print(f"  reference (from the issue): {REFERENCE}")


def profile_cold(tmp: Path, sources: Sequence[Source], server: FeedServer, out: Path) -> None:
    """Stage tables of a cold and a warm cycle, then a cold cycle under cProfile (to ``out``)."""
    config = write_config(tmp / "stages", sources, None)
    for mode in ("cold", "warm"):
        server.counts.clear()
        run, spent = time_stages(sys.executable, config)
        print(f"\nStages of a {mode} cycle (a timer around each stage function; {counts(server)}):")
        print_stages(run, spent)
    server.counts.clear()
    config = write_config(tmp / "profile", sources, None)
    run = profile_cycle(config, out)
    print(f"\nA cold cycle under cProfile ({run.wall:.2f} s wall; {counts(server)}), in {out}:")
    print_profile(out)


def print_ratios(ours: dict[str, list[Run]], theirs: dict[int, dict[str, tuple[Run, str]]]) -> None:
    """ours / theirs for wall, CPU and memory (median wall and CPU; peak RSS of all processes)."""
    if theirs:
        print("\nRatios ours / reader (below 1: we are faster or smaller):")
    for workers, runs in theirs.items():
        for mode, (run, _) in runs.items():
            mine = ours[mode]
            wall = statistics.median(r.wall for r in mine) / run.wall
            cpu = statistics.median(r.cpu for r in mine) / run.cpu
            rss = max(r.tree_mb for r in mine) / run.tree_mb
            print(
                f"  vs reader w={workers:<3} {mode}: wall {wall:.2f}, CPU {cpu:.2f}, RSS {rss:.2f}"
            )


if __name__ == "__main__":
    main()
