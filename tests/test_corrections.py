"""Corrections by hand through the real CLI: ``explain``, ``split`` and ``join`` on a real store
fed by loopback feeds (tests/feeds/corrections), and later runs that must not undo them."""

from __future__ import annotations

import io
import json
import re
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import feedparser
import pytest
from click.testing import CliRunner

from aggregator import pipeline
from aggregator.cli import cli
from aggregator.merge import rebuild
from aggregator.models import Item, StoryNote
from aggregator.text import stable_hash
from tests.conftest import FEEDS, FeedServer, write_config

FIXTURES = FEEDS / "corrections"
# Links as the feeds give them.
STARLIGHT_DISPATCH = (
    "https://otakudispatch.example/news/2026/03/starlight-courier-season-2-trailer/"
)
STARLIGHT_SIGNAL = "https://sakurasignal.example/2026/03/02/starlight-courier-s2-trailer-kaede"
STARLIGHT_MECHA = (
    "https://mechamonthly.example/posts/starlight-courier-season-2-trailer-kaede-himura"
)
HARBOR_DISPATCH = "https://otakudispatch.example/news/2026/03/crimson-harbor-anime-july-premiere/"
MINATO_SIGNAL = "https://sakurasignal.example/2026/03/03/akai-minato-anime-july"
MINATO_MECHA = "https://mechamonthly.example/posts/akai-minato-anime-premiere"


@pytest.fixture
def config(feed_server: FeedServer, tmp_path: Path) -> Path:
    """Three outlets on loopback (Mecha Monthly at its first version), one run done."""
    feeds = {
        "Otaku Dispatch": feed_server.add_file("/dispatch.xml", FIXTURES / "dispatch.xml"),
        "Sakura Signal": feed_server.add_file("/signal.xml", FIXTURES / "signal.xml"),
        "Mecha Monthly": feed_server.add_file("/mecha.xml", FIXTURES / "mecha-v1.xml"),
    }
    path = write_config(tmp_path, feeds)
    assert run_cli(path, "run") == (0, "", "")
    return path


def run_cli(config: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["--config", str(config), *args])
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def second_run(feed_server: FeedServer, config: Path) -> None:
    """Mecha Monthly adds a Starlight Courier and an Akai Minato report; run again."""
    feed_server.add_file("/mecha.xml", FIXTURES / "mecha-v2.xml")
    assert run_cli(config, "run") == (0, "", "")


def query(config: Path, sql: str, *params: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(config.parent / "store" / "aggregator.db") as conn:
        return conn.execute(sql, params).fetchall()


def article_id(config: Path, url: str) -> str:
    return str(query(config, "SELECT id FROM articles WHERE url = ?", url)[0][0])


def story_of(config: Path, url: str) -> str:
    return str(query(config, "SELECT story_id FROM articles WHERE url = ?", url)[0][0])


def atom_links(config: Path) -> dict[str, set[str]]:
    """Each published Atom entry's title with the links of its reports."""
    data = (config.parent / "store" / "feed.atom").read_bytes()
    parsed = feedparser.parse(io.BytesIO(data))
    assert not parsed.bozo
    return {e.title: {link.href for link in e.links} for e in parsed.entries}


def by_hand(action: str, story_id: str) -> re.Pattern[str]:
    """The reason a correction writes, dated today (the CLI takes ``now`` from the clock)."""
    return re.compile(rf"{action} story {story_id} by hand on \d{{4}}-\d{{2}}-\d{{2}}$")


def today_or_yesterday() -> set[str]:
    """The dates a correction just made may carry (it may have run just before midnight)."""
    now = datetime.now(UTC)
    return {f"{day:%Y-%m-%d}" for day in (now, now - timedelta(days=1))}


def test_explain_a_pair_in_one_story_by_id(config: Path) -> None:
    """explain prints both articles, the hours against the window, every signal, the verdict and
    the decision for two reports the matcher put in one story; --json says the same."""
    a, b = article_id(config, STARLIGHT_DISPATCH), article_id(config, STARLIGHT_SIGNAL)
    story = story_of(config, STARLIGHT_DISPATCH)
    assert story_of(config, STARLIGHT_SIGNAL) == story
    status, out, err = run_cli(config, "explain", a, b)
    assert (status, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == f"A  Otaku Dispatch  2026-03-02T10:00:00Z  story {story}"
    assert lines[1] == "   Starlight Courier Season 2 Trailer Introduces Rival Pilot Kaede Himura"
    assert lines[2] == f"   {STARLIGHT_DISPATCH}  (article {a})"
    assert lines[3] == f"B  Sakura Signal  2026-03-02T13:00:00Z  story {story}"
    assert "hours apart: 3.0 (window 96 h; strong pairs up to 192 h)" in lines
    assert re.search(
        r"^signals: title [\d.]+, text [\d.]+, facts [\d.]+, cover [\d.]+, fuzz", out, re.M
    )
    assert re.search(
        r"^verdict: same story \(score 0\.\d+, (not )?strong\): same story: ", out, re.M
    )
    assert "conflict: none" in lines
    assert "kept apart by a reader: no" in lines
    assert "in one story now: yes" in lines
    assert lines[-1] == "decision: linked: the matcher puts them in one story"

    status, out, _ = run_cli(config, "explain", a, b, "--json")
    found = json.loads(out)
    assert status == 0
    assert [(x["article_id"], x["outlet"], x["story_id"]) for x in found["articles"]] == [
        (a, "Otaku Dispatch", story),
        (b, "Sakura Signal", story),
    ]
    assert (found["hours_apart"], found["window_hours"], found["long_window_hours"]) == (3, 96, 192)
    assert set(found["signals"]) == {"title", "text", "facts", "cover", "fuzz", "timing"}
    assert found["same"] is True
    assert found["score"] >= 0.35  # match.SAME_STORY
    assert found["reason"].startswith("same story: headlines share ")
    assert (found["conflict"], found["kept_apart"]) == (None, False)
    assert (found["same_story_now"], found["linked"]) == (True, True)


def test_explain_a_pair_in_two_stories_by_url(config: Path) -> None:
    """Articles can be named by their stored link or any variant of it (scheme, www., tracking
    parameters, trailing slash); two titles of one show are different stories to the matcher."""
    a, b = article_id(config, HARBOR_DISPATCH), article_id(config, MINATO_SIGNAL)
    variant = "http://www.sakurasignal.example/2026/03/03/akai-minato-anime-july/?utm_source=rss"
    status, out, _ = run_cli(config, "explain", HARBOR_DISPATCH, variant, "--json")
    found = json.loads(out)
    assert status == 0
    assert [x["article_id"] for x in found["articles"]] == [a, b]
    assert [x["story_id"] for x in found["articles"]] == [a, b]  # each its own story's first
    assert found["hours_apart"] == 2
    assert (found["same"], found["linked"], found["same_story_now"]) == (False, False, False)
    assert found["decision"] == f"not linked: {found['reason']}"

    status, out, _ = run_cli(config, "explain", variant, a)
    assert status == 0
    assert out.splitlines()[0] == f"A  Sakura Signal  2026-03-03T11:00:00Z  story {b}"
    assert f"   {MINATO_SIGNAL}  (article {b})" in out.splitlines()
    verdict = re.search(
        r"^verdict: different stories \(score [\d.]+, not strong\): (.+)$", out, re.M
    )
    assert verdict is not None
    assert "in one story now: no" in out.splitlines()
    assert out.splitlines()[-1] == f"decision: not linked: {verdict.group(1)}"


def test_explain_an_unknown_article_is_a_usage_error(config: Path) -> None:
    """An id or link the store does not hold is named in the error; exit status 2."""
    a = article_id(config, HARBOR_DISPATCH)
    status, out, err = run_cli(config, "explain", a, "https://nowhere.example/news/1")
    assert (status, out) == (2, "")
    assert "article https://nowhere.example/news/1: no article has this id or link" in err


def test_split_makes_a_story_of_its_own(config: Path) -> None:
    """split moves the article into a story with its own id, keeps it apart from every other
    member, rebuilds both stories, moves its notes, logs itself and republishes at once."""
    story, moved = story_of(config, STARLIGHT_DISPATCH), article_id(config, STARLIGHT_SIGNAL)
    assert story == article_id(config, STARLIGHT_DISPATCH)
    notes = "SELECT story_id, kind, text FROM story_notes WHERE article_id = ?"
    assert query(config, notes, moved) == [(story, "source", "Also reported by Sakura Signal.")]
    status, out, err = run_cli(config, "split", story, STARLIGHT_SIGNAL)  # by link
    assert (status, err) == (0, "")
    assert [line.split()[0] for line in out.splitlines()[::2]] == [story, moved]
    assert story_of(config, STARLIGHT_SIGNAL) == moved
    assert story_of(config, STARLIGHT_DISPATCH) == story
    assert query(config, "SELECT a, b FROM kept_apart") == [tuple(sorted([story, moved]))]
    assert query(config, "SELECT kind, story_id, other, note FROM corrections") == [
        ("split", story, moved, f"moved to story {moved}")
    ]
    score, reason = query(
        config, "SELECT match_score, match_reason FROM articles WHERE id = ?", moved
    )[0]
    assert score == 0
    assert by_hand("split out of", story).match(str(reason))
    assert str(reason)[-10:] in today_or_yesterday()
    stories = query(config, "SELECT id, title, lead_article_id, first_seen, updated FROM stories"
                    " WHERE id IN (?, ?) ORDER BY first_seen", story, moved)  # fmt: skip
    assert stories == [
        (story, "Starlight Courier Season 2 Trailer Introduces Rival Pilot Kaede Himura", story,
         "2026-03-02T10:00:00Z", "2026-03-02T10:00:00Z"),
        (moved, "Starlight Courier Season 2 Trailer Shows Kaede Himura in Action", moved,
         "2026-03-02T13:00:00Z", "2026-03-02T13:00:00Z"),
    ]  # fmt: skip
    # "Also reported by Sakura Signal." belonged to the old story; it is gone, not moved.
    assert query(config, notes, moved) == []
    published = atom_links(config)
    assert published["Starlight Courier Season 2 Trailer Introduces Rival Pilot Kaede Himura"] == {
        STARLIGHT_DISPATCH
    }
    assert published["Starlight Courier Season 2 Trailer Shows Kaede Himura in Action"] == {
        STARLIGHT_SIGNAL
    }
    status, out, _ = run_cli(config, "story", moved)
    assert status == 0
    why = [line.strip() for line in out.splitlines() if line.strip().startswith("why:")]
    assert why == [f"why: {reason} (score 0.00)"]


def test_a_later_run_keeps_a_split_article_apart(feed_server: FeedServer, config: Path) -> None:
    """A third report that matches both halves of a split joins one of them; the halves stay
    two stories, and the published feeds show two entries."""
    story, moved = story_of(config, STARLIGHT_DISPATCH), article_id(config, STARLIGHT_SIGNAL)
    assert run_cli(config, "split", story, moved)[0] == 0
    second_run(feed_server, config)
    third = article_id(config, STARLIGHT_MECHA)
    for half in (story, moved):  # the new report is the same story as either half
        found = json.loads(run_cli(config, "explain", third, half, "--json")[1])
        assert (found["same"], found["kept_apart"]) == (True, False)
    assert story_of(config, STARLIGHT_DISPATCH) == story
    assert story_of(config, STARLIGHT_SIGNAL) == moved
    assert story_of(config, STARLIGHT_MECHA) in {story, moved}
    found = json.loads(run_cli(config, "explain", story, moved, "--json")[1])
    assert (found["kept_apart"], found["linked"], found["same_story_now"]) == (True, False, False)
    assert found["decision"] == "not linked: a reader split them apart"
    starlight = {t: links for t, links in atom_links(config).items() if "Starlight" in t}
    assert len(starlight) == 2
    assert sorted(len(links) for links in starlight.values()) == [1, 2]
    assert not any({STARLIGHT_DISPATCH, STARLIGHT_SIGNAL} <= links for links in starlight.values())
    feed = json.loads((config.parent / "store" / "feed.json").read_bytes())
    assert sum("Starlight" in item["title"] for item in feed["items"]) == 2


def test_splitting_the_lead_gives_the_new_story_a_hashed_id(config: Path) -> None:
    """The story's id is its first article's id, so that article split out gets a stable hash
    of ("split", story, article); the story keeps its id and takes its next report as lead."""
    story = story_of(config, STARLIGHT_DISPATCH)
    lead, rest = article_id(config, STARLIGHT_DISPATCH), article_id(config, STARLIGHT_SIGNAL)
    assert story == lead
    status, out, _ = run_cli(config, "split", story, lead, "--json")
    assert status == 0
    new_id = stable_hash("split", story, lead)
    listed = json.loads(out)
    assert [(s["id"], [x["article_id"] for x in s["sources"]]) for s in listed] == [
        (story, [rest]),
        (new_id, [lead]),
    ]
    assert listed[0]["title"] == "Starlight Courier Season 2 Trailer Shows Kaede Himura in Action"
    assert listed[0]["first_seen"] == "2026-03-02T13:00:00Z"
    assert query(config, "SELECT lead_article_id FROM stories WHERE id = ?", story) == [(rest,)]
    assert story_of(config, STARLIGHT_DISPATCH) == new_id


def test_join_fuses_two_stories_and_a_later_run_keeps_them(
    feed_server: FeedServer, config: Path
) -> None:
    """join moves the other story's reports and notes in (the story keeps its id), lifts kept-apart
    pairs, logs and republishes; a later report of either title lands in the joined story."""
    story, other = story_of(config, HARBOR_DISPATCH), story_of(config, MINATO_SIGNAL)
    assert story != other
    status, out, err = run_cli(config, "join", story, other)
    assert (status, err) == (0, "")
    assert out == (
        f"{story}  2026-03-03T11:00:00Z  Crimson Harbor Anime Sets July 2026 Premiere\n"
        "    2 report(s) from Otaku Dispatch, Sakura Signal\n"
    )
    assert query(config, "SELECT COUNT(*) FROM stories WHERE id = ?", other) == [(0,)]
    assert query(config, "SELECT kind, story_id, other FROM corrections") == [
        ("join", story, other)
    ]
    status, out, _ = run_cli(config, "story", story)
    assert status == 0
    why = [line.strip() for line in out.splitlines() if line.strip().startswith("why:")]
    assert why[0] == "why: first report (score 0.00)"
    assert by_hand("joined to", story).match(
        why[1].removeprefix("why: ").removesuffix(" (score 0.00)")
    )
    assert len(why) == 2

    second_run(feed_server, config)
    assert {story_of(config, url) for url in (HARBOR_DISPATCH, MINATO_SIGNAL, MINATO_MECHA)} == {
        story
    }
    published = atom_links(config)
    assert published["Crimson Harbor Anime Sets July 2026 Premiere"] == {
        HARBOR_DISPATCH, MINATO_SIGNAL, MINATO_MECHA
    }  # fmt: skip
    assert not any("Akai Minato" in title for title in published)


def test_join_undoes_a_split(feed_server: FeedServer, config: Path) -> None:
    """Joining the split-off story back lifts the kept-apart pair; a later report matching both
    then lands in the one story."""
    story, moved = story_of(config, STARLIGHT_DISPATCH), article_id(config, STARLIGHT_SIGNAL)
    assert run_cli(config, "split", story, moved)[0] == 0
    assert query(config, "SELECT COUNT(*) FROM kept_apart") == [(1,)]
    status, out, _ = run_cli(config, "join", story, moved, "--json")
    assert status == 0
    assert [(s["id"], len(s["sources"])) for s in json.loads(out)] == [(story, 2)]
    assert query(config, "SELECT COUNT(*) FROM kept_apart") == [(0,)]
    assert query(config, "SELECT kind, other FROM corrections ORDER BY id") == [
        ("split", moved),
        ("join", moved),
    ]
    second_run(feed_server, config)
    urls = (STARLIGHT_DISPATCH, STARLIGHT_SIGNAL, STARLIGHT_MECHA)
    assert {story_of(config, url) for url in urls} == {story}
    starlight = [links for title, links in atom_links(config).items() if "Starlight" in title]
    assert starlight == [set(urls)]


def test_without_a_join_the_two_titles_stay_two_stories(
    feed_server: FeedServer, config: Path
) -> None:
    """The control for the join test: left alone, the matcher keeps the two titles apart and the
    later Akai Minato report joins only the Akai Minato story."""
    second_run(feed_server, config)
    harbor, minato = story_of(config, HARBOR_DISPATCH), story_of(config, MINATO_SIGNAL)
    assert harbor != minato
    assert story_of(config, MINATO_MECHA) == minato
    assert atom_links(config)["Crimson Harbor Anime Sets July 2026 Premiere"] == {HARBOR_DISPATCH}


def test_split_and_join_refuse_what_cannot_be_done(config: Path) -> None:
    """Unknown stories, an article not in the story, a story's only report and a self-join are
    usage errors (exit 2) that name the problem and change nothing, published files included."""
    starlight, harbor = story_of(config, STARLIGHT_DISPATCH), story_of(config, HARBOR_DISPATCH)
    minato = article_id(config, MINATO_SIGNAL)
    atom = (config.parent / "store" / "feed.atom").read_bytes()
    cases = [
        (("split", "no-such-story", minato), "story no-such-story: no such story"),
        (("split", starlight, "no-such-article"), "article no-such-article: no article has"),
        (("split", starlight, minato), f"article {minato} is not in it; it is in story {minato}"),
        (("split", harbor, HARBOR_DISPATCH), "is its only report; there is nothing to split"),
        (("join", harbor, harbor), f"story {harbor}: cannot join a story to itself"),
        (("join", harbor, "no-such-story"), "story no-such-story: no such story"),
        (("join", "no-such-story", harbor), "story no-such-story: no such story"),
    ]
    for args, message in cases:
        status, out, err = run_cli(config, *args)
        assert (status, out) == (2, ""), args
        assert message in err, args
    assert query(config, "SELECT COUNT(*) FROM corrections") == [(0,)]
    assert query(config, "SELECT COUNT(*) FROM kept_apart") == [(0,)]
    assert query(config, "SELECT COUNT(*) FROM stories") == [(7,)]
    assert (config.parent / "store" / "feed.atom").read_bytes() == atom


def test_corrections_need_a_store(tmp_path: Path) -> None:
    """Before the first run, explain, split and join ask for one (exit 2) and create nothing."""
    config = write_config(tmp_path, {"Otaku Dispatch": "https://otakudispatch.example/feed"})
    for args in (("explain", "a", "b"), ("split", "s", "a"), ("join", "s", "t")):
        status, _, err = run_cli(config, *args)
        assert status == 2, args
        assert "run `aggregator run` first" in err, args
    assert not (tmp_path / "store").exists()


def test_a_correction_waits_for_a_run_then_exits_75(
    config: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """While a run holds the store's lock, split and join wait, then exit 75 and change nothing."""
    story, article = story_of(config, STARLIGHT_DISPATCH), article_id(config, STARLIGHT_SIGNAL)
    holder = subprocess.Popen(
        [sys.executable, "-c", "import fcntl,sys,time; f=open(sys.argv[1],'w'); "
         "fcntl.flock(f, fcntl.LOCK_EX); print('locked', flush=True); time.sleep(30)",
         str(config.parent / "store" / ".aggregator.lock")],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline() == "locked\n"
        monkeypatch.setattr(pipeline, "LOCK_WAIT", 0.2)
        for args in (("split", story, article), ("join", story, story_of(config, MINATO_SIGNAL))):
            status, _, err = run_cli(config, *args)
            assert status == 75, args
            assert "another aggregator run holds the lock" in err
    finally:
        holder.kill()
        holder.wait()
        if holder.stdout is not None:
            holder.stdout.close()
    assert story_of(config, STARLIGHT_SIGNAL) == story
    assert query(config, "SELECT COUNT(*) FROM corrections") == [(0,)]


def test_rebuild_leads_with_the_earliest_report() -> None:
    """merge.rebuild: lead and title from the earliest member (outlet suffix dropped), members in
    date order, updated = the latest of each outlet's first report and the notes."""

    def item(item_id: str, source: str, title: str, hour: int) -> Item:
        at = datetime(2026, 3, 2, hour, tzinfo=UTC)
        return Item(item_id, source, item_id, f"https://e.example/{item_id}", title, "", "",
                    at, None, at)  # fmt: skip

    members = [
        item("b", "Sakura Signal", "Kaede Himura Returns", 13),
        item("a", "Otaku Dispatch", "Kaede Himura Returns | Otaku Dispatch", 10),
        item("c", "Otaku Dispatch", "Kaede Himura Returns, Again", 20),  # outlet's second copy
    ]
    story = rebuild("s1", members, [])
    assert (story.story_id, story.lead_item_id, story.item_ids) == ("s1", "a", ("a", "b", "c"))
    assert story.title == "Kaede Himura Returns"
    assert story.first_seen == datetime(2026, 3, 2, 10, tzinfo=UTC)
    assert story.updated == datetime(2026, 3, 2, 13, tzinfo=UTC)
    note = StoryNote("s1", datetime(2026, 3, 3, 9, tzinfo=UTC), "revision", "b", "revised")
    assert rebuild("s1", members, [note]).updated == note.at
    with pytest.raises(ValueError, match="no reports"):
        rebuild("s1", [], [])
