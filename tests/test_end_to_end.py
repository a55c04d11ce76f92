"""The real pipeline through the real CLI: loopback feeds, a real SQLite file, real output."""

from __future__ import annotations

import importlib.metadata
import io
import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import feedparser
from click.testing import CliRunner

from aggregator.cli import cli
from tests.conftest import FEEDS, FeedServer, write_config

SEED = FEEDS / "seed"
CLIP_A = "https://animecorner.me/?p=51790"
CLIP_B = "https://www.animeherald.com/?p=284127"
TRAILER = "https://www.animeherald.com/?p=284410"


def run_cli(config: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["--config", str(config), *args])
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def seed_setup(feed_server: FeedServer, tmp_path: Path) -> Path:
    a = feed_server.add_file("/a.xml", SEED / "outlet-a.xml")
    b = feed_server.add_file("/b.xml", SEED / "outlet-b.xml")
    return write_config(tmp_path, {"Anime Corner": a, "Anime Herald": b})


def story_of(db: Path, guid: str) -> str:
    with sqlite3.connect(db) as conn:
        row = conn.execute("SELECT story_id FROM articles WHERE guid = ?", [guid]).fetchone()
    assert row is not None, guid
    return str(row[0])


def test_seed_scenario_merges_the_two_clip_reports(feed_server: FeedServer, tmp_path: Path) -> None:
    """Two outlets' Crimson Lightning reports become one story; the trailer stays apart."""
    config = seed_setup(feed_server, tmp_path)
    status, out, err = run_cli(config, "run")
    assert (status, out, err) == (0, "", "")  # silent on success, for cron
    db = tmp_path / "store" / "aggregator.db"
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == 10
        assert (
            conn.execute("SELECT COUNT(*) FROM articles WHERE story_id IS NULL").fetchone()[0] == 0
        )
    clip = story_of(db, CLIP_A)
    assert story_of(db, CLIP_B) == clip
    assert story_of(db, TRAILER) != clip
    atom = feedparser.parse(io.BytesIO((tmp_path / "store" / "feed.atom").read_bytes()))
    assert atom.bozo == 0
    merged = [e for e in atom.entries if "Metallic Rouge" in e.title and len(e.links) > 1]
    assert len(merged) == 1
    hrefs = {link.href for link in merged[0].links}
    assert any(h.startswith("https://animecorner.me/") for h in hrefs)
    assert any(h.startswith("https://www.animeherald.com/") for h in hrefs)
    body = merged[0].content[0].value
    assert "Anime Corner" in body
    assert "Anime Herald" in body
    # The second outlet's note quotes the fact the first report lacks: the premise.
    [note] = notes_of(db, clip, "source")
    assert note.startswith("Anime Herald adds: ")
    assert "nine androids" in note
    assert "Mars" in note
    assert "nine androids" in body


def notes_of(db: Path, story_id: str, kind: str) -> list[str]:
    """The text of a story's notes of one kind, newest first."""
    with sqlite3.connect(db) as conn:
        rows = conn.execute(
            "SELECT text FROM story_notes WHERE story_id = ? AND kind = ?"
            " ORDER BY at DESC, id DESC",
            [story_id, kind],
        )
        return [text for (text,) in rows]


def test_revision_adds_an_update_note(feed_server: FeedServer, tmp_path: Path) -> None:
    """An outlet's revised article keeps its row, archives the old text and adds a note."""
    config = seed_setup(feed_server, tmp_path)
    assert run_cli(config, "run")[0] == 0
    feed_server.add_file("/b.xml", SEED / "outlet-b-revised.xml")
    assert run_cli(config, "run")[0] == 0
    db = tmp_path / "store" / "aggregator.db"
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == 10
        assert conn.execute("SELECT COUNT(*) FROM article_versions").fetchone()[0] == 1
        notes = conn.execute(
            "SELECT kind, text FROM story_notes WHERE story_id = ?", [story_of(db, CLIP_B)]
        )
        texts = [text for kind, text in notes if kind == "update"]
    assert any("Fuji TV" in text for text in texts)
    status, out, _ = run_cli(config, "story", story_of(db, CLIP_A), "--json")
    assert status == 0
    story = json.loads(out)
    assert {s["outlet"] for s in story["sources"]} == {"Anime Corner", "Anime Herald"}
    assert any("Fuji TV" in n["text"] for n in story["notes"])


def test_two_revisions_each_add_a_note_saying_what_changed(
    feed_server: FeedServer, tmp_path: Path
) -> None:
    """First the outlet adds an "Update:" paragraph (an update note quoting it), then it retitles
    the article and adds a paragraph (a revision note with the new headline and the new
    fact). Each step bumps the story's updated; nothing else is noted twice."""
    config = seed_setup(feed_server, tmp_path)
    db = tmp_path / "store" / "aggregator.db"
    assert run_cli(config, "run")[0] == 0
    clip = story_of(db, CLIP_B)
    feed_server.add_file("/b.xml", SEED / "outlet-b-revised.xml")
    assert run_cli(config, "run")[0] == 0
    [update] = notes_of(db, clip, "update")
    assert "Fuji TV" in update
    assert "region-locked" in update
    assert notes_of(db, clip, "revision") == []
    feed_server.add_file("/b.xml", SEED / "outlet-b-revised-2.xml")
    assert run_cli(config, "run")[0] == 0
    assert notes_of(db, clip, "update") == [update]
    [revision] = notes_of(db, clip, "revision")
    assert revision.startswith("Anime Herald changed its headline to")
    assert '(Updated)" and added: Crunchyroll also confirmed that an English dub' in revision
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT COUNT(*) FROM article_versions").fetchone()[0] == 2
    atom = feedparser.parse(io.BytesIO((tmp_path / "store" / "feed.atom").read_bytes()))
    [entry] = [e for e in atom.entries if "Anime Herald adds" in e.content[0].value]
    assert "English dub" in entry.content[0].value
    assert "region-locked" in entry.content[0].value


def test_second_run_is_all_304_and_byte_identical(feed_server: FeedServer, tmp_path: Path) -> None:
    """A cycle with nothing new sends conditional GETs and leaves every published file alone."""
    config = seed_setup(feed_server, tmp_path)
    assert run_cli(config, "run")[0] == 0
    names = ("feed.atom", "feed.rss", "feed.json", "index.html")
    before = {n: (tmp_path / "store" / n).read_bytes() for n in names}
    feed_server.requests.clear()
    status, out, _ = run_cli(config, "run", "-v")
    assert status == 0
    assert sorted(s for _, s in feed_server.requests) == [304, 304]
    assert "0 ok, 2 not modified, 0 failed" in out
    assert {n: (tmp_path / "store" / n).read_bytes() for n in names} == before


def test_a_failing_feed_never_stops_the_others(feed_server: FeedServer, tmp_path: Path) -> None:
    """A 404 and a non-feed body are reported by name on stderr, exit 3; the good feed is stored."""
    good = feed_server.add_file("/a.xml", SEED / "outlet-a.xml")
    feed_server.routes["/junk"] = (200, "text/html", b"<html><body>Not a feed</body></html>")
    config = write_config(
        tmp_path,
        {"Good": good, "Gone": feed_server.url("/missing.xml"), "Junk": feed_server.url("/junk")},
    )
    status, _, err = run_cli(config, "run")
    assert status == 3
    assert "Gone: HTTP 404" in err
    assert "Junk:" in err
    status, out, _ = run_cli(config, "feeds", "--json")
    feeds = {f["name"]: f for f in json.loads(out)}
    assert feeds["Good"]["articles"] == 5
    assert feeds["Good"]["last_error"] is None
    assert feeds["Gone"]["last_status"] == "error"
    assert feeds["Gone"]["http_status"] == 404


def test_query_commands_print_json(feed_server: FeedServer, tmp_path: Path) -> None:
    """stories, story, search and feeds each print one JSON document."""
    config = seed_setup(feed_server, tmp_path)
    assert run_cli(config, "run")[0] == 0
    status, out, _ = run_cli(config, "stories", "--limit", "3", "--json")
    listed = json.loads(out)
    assert status == 0
    assert len(listed) == 3
    assert listed == sorted(listed, key=lambda s: s["updated"], reverse=True)
    status, out, _ = run_cli(config, "search", "Crimson Lightning", "--json")
    found = json.loads(out)
    assert status == 0
    assert found
    assert "Metallic Rouge" in found[0]["title"]
    assert len(found[0]["sources"]) == 2
    status, out, _ = run_cli(config, "story", "no-such-story")
    assert status == 2


def test_config_error_exits_2_and_writes_nothing(tmp_path: Path) -> None:
    """A wrong feeds.yaml names the file and the key, exits 2 and creates no store."""
    config = tmp_path / "feeds.yaml"
    config.write_text(
        "output:\n  title: x\n  url: https://e.org/\nfeeds:\n  - name: A\n    url: ftp://x\n"
    )
    status, _, err = run_cli(config, "run")
    assert status == 2
    assert "feeds.yaml" in err
    assert "feeds[0].url" in err
    assert not (tmp_path / "store").exists()


def test_a_second_run_waits_then_exits_75(feed_server: FeedServer, tmp_path: Path) -> None:
    """While another process holds the store's lock, run exits 75 and touches nothing."""
    config = seed_setup(feed_server, tmp_path)
    store_dir = tmp_path / "store"
    store_dir.mkdir()
    holder = subprocess.Popen(
        [sys.executable, "-c", "import fcntl,sys,time; f=open(sys.argv[1],'w'); "
         "fcntl.flock(f, fcntl.LOCK_EX); print('locked', flush=True); time.sleep(30)",
         str(store_dir / ".aggregator.lock")],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline() == "locked\n"
        from aggregator import pipeline

        original, pipeline.LOCK_WAIT = pipeline.LOCK_WAIT, 0.2
        try:
            status, _, err = run_cli(config, "run")
        finally:
            pipeline.LOCK_WAIT = original
    finally:
        holder.kill()
        holder.wait()
        if holder.stdout is not None:
            holder.stdout.close()
    assert status == 75
    assert "locked" in err
    assert not (store_dir / "aggregator.db").exists()


def test_demo_runs_offline(tmp_path: Path) -> None:
    """`aggregator demo` serves the bundled samples on loopback and merges their shared stories."""
    result = CliRunner().invoke(cli, ["demo", "--store", str(tmp_path / "demo")])
    assert result.exit_code == 0, result.output
    assert "Starlight Courier" in result.stdout
    assert "report(s) from Anime Ledger, Otaku Dispatch, Sakura Signal" in result.stdout
    assert (tmp_path / "demo" / "feed.atom").exists()


def test_python_dash_m_runs_the_cli() -> None:
    """`python -m aggregator --version` works: the entry point replay.py and cron may use."""
    done = subprocess.run(
        [sys.executable, "-m", "aggregator", "--version"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0
    assert done.stdout.strip() == f"aggregator, version {importlib.metadata.version('aggregator')}"


def test_the_console_command_keeps_its_status_and_output(
    feed_server: FeedServer, tmp_path: Path
) -> None:
    """The entry point leaves without the interpreter's clean-up: what a command printed is
    still all there (flushed into a pipe), and its exit status is the command's."""
    config = seed_setup(feed_server, tmp_path)
    command = [sys.executable, "-m", "aggregator", "--config", str(config)]
    ran = subprocess.run([*command, "run"], capture_output=True, text=True, check=False)
    assert ran.returncode == 0, ran.stderr
    listed = subprocess.run([*command, "stories", "--json"], capture_output=True, check=False)
    assert listed.returncode == 0
    status, printed, _ = run_cli(config, "stories", "--json")
    assert status == 0
    assert listed.stdout.decode() == printed
    assert story_of(tmp_path / "store" / "aggregator.db", CLIP_A) in printed
    assert (tmp_path / "store" / "feed.atom").exists()
    broken = subprocess.run(
        [*command, "story", "no-such-story"], capture_output=True, text=True, check=False
    )
    assert broken.returncode == 2
    assert "no-such-story" in broken.stderr
    (tmp_path / "feeds.yaml").write_text("feeds: [\n")
    wrong = subprocess.run([*command, "run"], capture_output=True, text=True, check=False)
    assert wrong.returncode == 2
    assert "feeds.yaml" in wrong.stderr


LOADED = """
import sys
from aggregator.cli import cli
try:
    cli(sys.argv[1:])
except SystemExit as done:
    assert done.code == 0, done.code
print(" ".join(sorted(sys.modules)))
"""
# What a command that finds nothing new to group, parse or migrate never needs to load.
NEVER_IDLE = {
    "aggregator.boilerplate",
    "aggregator.corrections",
    "aggregator.grouping",
    "aggregator.match",
    "aggregator.merge",
    "aggregator.parse",
    "aggregator.story_batch",
    "feedgen",
    "feedparser",
    "nh3",
    "rapidfuzz",
    "sqlite_utils",
}


def _modules_loaded(config: Path, *args: str) -> set[str]:
    command = [sys.executable, "-c", LOADED, "--config", str(config), *args]
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    return set(done.stdout.split())


def test_a_cycle_with_nothing_new_and_a_listing_load_only_what_they_use(
    feed_server: FeedServer, tmp_path: Path
) -> None:
    """Start-up is most of a cycle where every feed answers 304, and of a query: neither loads
    the parser, the matcher, the feed writer or sqlite-utils; the first cycle loads them."""
    config = seed_setup(feed_server, tmp_path)
    first = _modules_loaded(config, "run")
    assert NEVER_IDLE - {"aggregator.corrections"} <= first
    again = _modules_loaded(config, "run")
    assert again & NEVER_IDLE == set()
    assert "httpx" in again
    assert [status for _, status in feed_server.requests[-2:]] == [304, 304]
    listing = _modules_loaded(config, "stories")
    assert listing & (NEVER_IDLE | {"httpx", "aggregator.pipeline"}) == set()
