"""How queries, publishing and a small cycle cost on a store of 100k articles. Prints figures.

Run from the repository root:

    .venv/bin/python bench/store_scale.py --workdir /tmp/store-scale  # ~10 min once, then ~45 s

The store (100k articles in 30k stories by default) is built once per ``--articles``,
``--stories`` and ``--seed`` by ``store_build.py``, from generated feeds through aggregator's
own functions (its docstring says how), and kept in ``--workdir``. On a copy of it this times:

- the query commands ``stories``, ``story ID`` and ``search QUERY``: the functions ``cli.py``
  calls for them, in this process with the store open (median of ``--repeat``), and the real
  CLI in a child process (best of twice ``--repeat``: wall time, next to Python's start-up);
- publishing: ``pipeline.publish`` (100 stories, four files), in this process;
- a real ``aggregator -v run`` (child process; CPU and wall time, peak RSS) on a fresh copy
  of the store, with the outlets' feeds (their latest 20 articles each) served on loopback as
  ``poll.py`` serves them: 50 articles in them are new, and feeds without one answer 304. The
  copy holds what the last poll at these URLs would have left (validators, and the items of
  each feed's last document, which a poll does not read again).
  ``--profile`` adds the stage table of one more such cycle.

It also prints the size of the store per article, and by table when SQLite has ``dbstat``.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import pickle
import shutil
import sqlite3
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path

from feed_server import FeedServer, compile_aggregator, run_child
from poll import counts, write_config
from profile_stages import print_profile, print_stages, profile_cycle, time_stages
from store_build import IN_FEED, NEW, Built, build, refresh_words

from aggregator import pipeline, publish_stamp, store
from aggregator.boilerplate import fingerprints, split_item
from aggregator.cli_render import render_entries, render_story
from aggregator.config import load_config
from aggregator.models import Source
from aggregator.parse import read_feed

TARGET_QUERY_MS, TARGET_PUBLISH_S, TARGET_CYCLE_CPU_S = 50.0, 1.0, 1.0


def timed_ms(call: Callable[[], object], repeat: int) -> float:
    """Median milliseconds of ``call`` over ``repeat`` calls, after one warm-up call."""
    call()
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        runs.append(1000 * (time.perf_counter() - started))
    return statistics.median(runs)


def cli_ms(argv: Sequence[str], repeat: int) -> float:
    """Best wall milliseconds of a child process over ``2 * repeat`` runs (other processes only
    ever add to it)."""
    return 1000 * min(run_child(argv).wall for _ in range(2 * repeat))


def verdict(measured: float, target: float) -> str:
    return "met" if measured <= target else f"MISSED ({measured / target:.1f}x)"


def print_size(path: Path) -> None:
    with sqlite3.connect(path) as conn:
        articles, stories, notes = (
            conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
            for table in ("articles", "stories", "story_notes")
        )
        text = conn.execute(
            "SELECT SUM(LENGTH(CAST(title || summary || content AS BLOB))) FROM articles"
        ).fetchone()[0]
        try:
            tables = conn.execute(
                "SELECT name, SUM(pgsize) FROM dbstat GROUP BY name ORDER BY 2 DESC LIMIT 8"
            ).fetchall()
        except sqlite3.OperationalError:  # SQLite built without the dbstat table
            tables = []
    size = path.stat().st_size
    print(
        f"Store: {articles:,} articles, {stories:,} stories, {notes:,} notes; {size / 1e6:,.0f} MB"
    )
    print(f"  {size / articles:,.0f} bytes per stored article, of which {text / articles:,.0f} are")
    print("  its headline, summary and content (HTML) as stored")
    for name, pages in tables:
        print(f"    {name:<32} {pages / 1e6:6.1f} MB  {pages / articles:6,.0f} bytes per article")


def query_table(db: store.Database, config: Path, built: Built, repeat: int) -> None:
    """In-process and CLI times of the query commands."""
    biggest, size = db.execute(
        "SELECT story_id, COUNT(*) FROM articles GROUP BY story_id ORDER BY 2 DESC LIMIT 1"
    ).fetchone()
    typical = db.execute("SELECT id FROM stories ORDER BY id LIMIT 1 OFFSET 1000").fetchone()[0]

    def story(story_id: str) -> str:
        entry = store.load_entries(db, [story_id])[0]
        return render_story(entry, store.load_memberships(db, story_id), False)

    def search(query: str) -> str:
        return render_entries(store.load_listing(db, store.search_story_ids(db, query, 20)), False)

    def stories() -> str:
        return render_entries(store.load_listing(db, store.load_latest_story_ids(db, 20)), False)

    cases: list[tuple[str, Callable[[], object], list[str]]] = [
        ("stories (the 20 latest)", stories, ["stories"]),
        (f"story ID (the largest: {size} reports)", lambda: story(biggest), ["story", biggest]),
        ("story ID (a typical one)", lambda: story(typical), ["story", typical]),
    ]
    sql = "SELECT COUNT(*) FROM articles_fts WHERE articles_fts MATCH ?"
    for query in [built.shows[0], built.person, "trailer"]:
        hits = db.execute(sql, [f'"{query}"']).fetchone()[0]
        searching = functools.partial(search, query)
        cases.append((f'search "{query}" ({hits:,} hits)', searching, ["search", query]))
    python = [sys.executable, "-m", "aggregator", "--config", str(config)]
    bare, startup = (
        cli_ms([sys.executable, "-c", "pass"], repeat),
        cli_ms([*python, "--version"], repeat),
    )
    print(
        f"\nQueries (target {TARGET_QUERY_MS:g} ms). Python start-up alone: `python -c pass` "
        f"{bare:.0f} ms, `python -m aggregator --version` {startup:.0f} ms"
    )
    print(f"  {'command':<58} {'function':>8} {'CLI':>6} {'CLI minus':>9}  target")
    print(f"  {'':<58} {'ms':>8} {'ms':>6} {'start-up':>9}  (function)")
    opened = timed_ms(lambda: store.open_db(config.parent / "aggregator.db").close(), repeat)
    print(f"  {'open_db alone':<58} {opened:>8.1f}")
    for label, call, args in cases:
        function, cli = timed_ms(call, repeat), cli_ms([*python, *args], repeat)
        print(
            f"  {label:<58} {function:>8.1f} {cli:>6.0f} {cli - startup:>9.0f}  "
            f"{verdict(function, TARGET_QUERY_MS)}"
        )


def publish_table(db: store.Database, config_path: Path, repeat: int) -> None:
    config = load_config(config_path)
    stamp = config.store_dir / publish_stamp.STAMP

    def render() -> None:  # as after a cycle with news: the stamp no longer matches
        stamp.unlink(missing_ok=True)
        pipeline.publish(db, config)

    median = timed_ms(render, repeat) / 1000
    unchanged = timed_ms(lambda: pipeline.publish(db, config), repeat) / 1000
    entries = timed_ms(lambda: store.load_entries(db, store.load_latest_story_ids(db, 100)), repeat)
    print(
        f"\nPublishing: pipeline.publish (100 stories, 4 files), median of {repeat}: "
        f"{median:.2f} s, of which load_entries {entries / 1000:.2f} s; target "
        f"{TARGET_PUBLISH_S:g} s: {verdict(median, TARGET_PUBLISH_S)}; "
        f"with nothing new (no rendering) {unchanged:.2f} s"
    )


def cycle_table(db_path: Path, work: Path, built: Built, args: argparse.Namespace) -> None:
    """Real runs that find ``NEW`` new articles, each on a fresh copy of the store."""
    print(
        f"\nA cycle with {NEW} new articles ({len(built.outlets)} feeds of their latest "
        f"{IN_FEED} articles on loopback, {args.latency * 1000:.0f} ms per response; a fresh "
        f"copy of the store each run; target {TARGET_CYCLE_CPU_S:g} s CPU):"
    )
    print(f"  {'run':<4} {'wall s':>7} {'CPU s':>7} {'RSS MB':>7} {'all MB':>7}  responses; report")
    with FeedServer(len(built.outlets), args.latency) as server:
        sources = [Source(o.name, server.url(i, f"/{i}.xml")) for i, o in enumerate(built.outlets)]
        server.documents = {f"/{i}.xml": d for i, d in enumerate(built.after)}

        def fresh() -> Path:
            config = write_config(work, sources, None)
            shutil.copyfile(db_path, work / "aggregator.db")
            # As if the outlets had always been served here: a feed whose configured URL
            # changes loses its validators, and every feed would answer 200.
            with contextlib.closing(sqlite3.connect(work / "aggregator.db")) as conn, conn:
                conn.executemany(
                    "UPDATE feeds SET url = ? WHERE name = ?", [(s.url, s.name) for s in sources]
                )
            remember_documents(work / "aggregator.db", sources, built)
            server.counts.clear()
            return config

        cpus = []
        for rep in range(min(args.repeat, 3)):
            run = run_child(
                [sys.executable, "-m", "aggregator", "--config", str(fresh()), "-v", "run"]
            )
            report = (run.stdout.strip().splitlines() or [run.stderr[-300:]])[-1]
            figures = f"{run.wall:>7.2f} {run.cpu:>7.2f} {run.rss_mb:>7.0f} {run.tree_mb:>7.0f}"
            print(f"  {rep + 1:<4} {figures}  {counts(server)}; {report}")
            cpus.append(run.cpu)
        median = statistics.median(cpus)
        print(
            f"  median CPU {median:.2f} s, Python start-up included: "
            f"{verdict(median, TARGET_CYCLE_CPU_S)}"
        )
        if args.profile:
            run, spent = time_stages(sys.executable, fresh())
            print(f"\nStages of that cycle (a timer around each stage function; {counts(server)}):")
            print_stages(run, spent)
        if args.cprofile:
            run = profile_cycle(fresh(), args.cprofile)
            print(f"\nThat cycle under cProfile ({run.wall:.2f} s wall), in {args.cprofile}:")
            print_profile(args.cprofile)


def remember_documents(path: Path, sources: Sequence[Source], built: Built) -> None:
    """What a poll at these URLs would have kept of each feed's last document (``feed_items``):
    the items of its current document that the store holds already, each under the digest of
    its bytes and with its blocks' fingerprints, as ``pipeline`` records them. (The
    articles that left the window since matter to no poll.)"""
    db = store.open_db(path)
    now = datetime.now(UTC)
    with db.atomic():
        for source, document in zip(sources, built.after, strict=True):
            headers = {"content-type": document.content_type}
            parsed = read_feed(
                document.body, source=source, headers=headers, fetched_at=now, base_url=source.url
            )
            held = store.load_items(db, [item.item_id for item in parsed.items], texts=False)
            rows = [
                (digest, item.item_id, fingerprints(split_item(item)))
                for digest, item in zip(parsed.digests, parsed.items, strict=True)
                if item.item_id in held
            ]
            store.save_document(db, source.name, rows)
    db.close()


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=100_000, help="articles in the store")
    parser.add_argument("--stories", type=int, default=30_000, help="stories they make")
    parser.add_argument(
        "--workdir",
        type=Path,
        default=Path("/tmp/aggregator-store-scale"),
        help="where the built store is kept between runs",
    )
    parser.add_argument("--seed", type=int, default=1, help="seed of the synthetic stream")
    parser.add_argument("--repeat", type=int, default=5, help="timed runs of each measurement")
    parser.add_argument("--latency", type=float, default=0.1, help="seconds before each response")
    parser.add_argument("--rebuild", action="store_true", help="build the store even if kept")
    parser.add_argument("--profile", action="store_true", help="time the stages of a cycle")
    parser.add_argument("--cprofile", type=Path, help="profile one more cycle to this path")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> None:
    args = parse_args(argv)
    started = time.perf_counter()
    print(compile_aggregator())
    name = f"store-{args.articles}-{args.stories}-{args.seed}"
    db_path, kept = args.workdir / f"{name}.db", args.workdir / f"{name}.pickle"
    args.workdir.mkdir(parents=True, exist_ok=True)
    if args.rebuild or not kept.exists():
        print(f"Building {db_path} (kept for later runs)...", file=sys.stderr)
        kept.write_bytes(pickle.dumps(build(db_path, args.articles, args.stories, args.seed)))
    built: Built = pickle.loads(kept.read_bytes())
    if refreshed := refresh_words(db_path):
        print(f"The matcher reads differently since the build: {refreshed:,} kept words read again")
    print(
        f"Store {db_path}, built in {built.build_s:.0f} s by store_build.py: generated feeds "
        f"stored through aggregator's own functions, stories as generated"
    )
    print_size(db_path)
    config = write_config(args.workdir / "query", built.sources(), None)
    shutil.copyfile(db_path, config.parent / "aggregator.db")
    db = store.open_db(config.parent / "aggregator.db")
    query_table(db, config, built, args.repeat)
    publish_table(db, config, args.repeat)
    db.close()
    cycle_table(db_path, args.workdir / "cycle", built, args)
    print(f"\ntotal {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
