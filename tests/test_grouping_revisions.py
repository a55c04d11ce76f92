"""A revised article meets its candidates again (``grouping.assign(revised=...)``, through
``story_batch.group_new``), and ``explain`` says truthfully why a linked pair sits in two stories.

The fixture is two outlets that carry the same three other stories. The second outlet's first
version of a song preview names only the show, so it stays a story of its own; its revision
adds an "Update:" paragraph naming the band, director and studio of the first outlet's report,
which makes the two one story. Before the fix the revision was never compared again, and
``explain`` (which reads the revised text) called the pair "linked" though they were apart.
"""

from __future__ import annotations

import html
import io
import json
import sqlite3
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

import feedparser
import pytest
from click.testing import CliRunner

from aggregator import story_batch
from aggregator.cli import cli
from aggregator.grouping import assign
from aggregator.models import Item, MatchSettings
from tests.conftest import FeedServer, write_config
from tests.test_match import article

START = datetime(2025, 5, 4, 9, 0, tzinfo=UTC)
RELAY, PILOT = "Relay Times", "Pilot Post"
SITES = {RELAY: "https://relaytimes.example", PILOT: "https://pilotpost.example"}
OTHER_NEWS = (  # both outlets report these: each becomes one story of two reports
    ("Harbor Lantern Manga Ends in June", "The seaside drama ends its six-year run in the June "
     "issue of the magazine, its publisher said."),
    ("Velvet Orbit Game Gets Western Release Date", "The space strategy game arrives on PC and "
     "consoles in the West on August 2 with Japanese voices."),
    ("Thistle Academy Stage Play Casts Its Lead", "Kaito Arima plays the headmaster in the stage "
     "adaptation, which opens in Osaka in July."),
)  # fmt: skip
CLIP = (
    "Glasswing Courier Anime Shares Special Opening Clip",
    "The television anime Glasswing Courier posted a special clip of its opening theme Paper "
    "Comet, sung by the band Lumen Tide. Sora Minase directs the series at Studio Haruka, and "
    "Rei Tokunaga designs the characters. It premieres in April on TV Tokyo.",
)
# Names no kind of news (a "song" would share one with the clip's "opening"): before its
# update the preview is too vague to be the clip's story; the update makes it so.
PREVIEW_TITLE = "“Paper Comet” From Upcoming Glasswing Courier Anime Previewed in New Video"
PREVIEW_TEXT = (
    "A new video previews the song from the upcoming series. The courier story follows a young "
    "pilot who delivers letters across floating islands, based on the novel by Mika Aosaki."
)
PREVIEW_UPDATE = (
    "Update: The opening theme is performed by Lumen Tide. Sora Minase directs the television "
    "anime at Studio Haruka, Rei Tokunaga designs the characters, and it premieres in April on "
    "TV Tokyo."
)
FOLLOW_UP = (  # the first outlet again: the preview's story, but not its own first article's
    "Lumen Tide Performs Glasswing Courier Anime's Opening Theme Paper Comet",
    "The band Lumen Tide performs Paper Comet, the opening theme of the television anime "
    "Glasswing Courier, which premieres in April on TV Tokyo. The courier story follows a "
    "young pilot who delivers letters across floating islands.",
)


def rss(outlet: str, hours: float, lead: tuple[tuple[str, str, float], ...]) -> bytes:
    """The outlet's feed: ``lead`` items (title, HTML text, hours) then the other news."""
    entries = [*lead]
    entries += [(t, f"<p>{text}</p>", hours - 24 * n) for n, (t, text) in enumerate(OTHER_NEWS, 1)]
    items = []
    for number, (title, body, at) in enumerate(entries):
        url = f"{SITES[outlet]}/?p={100 - number if number < len(lead) else 50 - number}"
        items.append(
            f"<item><title>{html.escape(title)}</title><link>{url}</link><guid>{url}</guid>"
            f"<pubDate>{format_datetime(START + timedelta(hours=at))}</pubDate>"
            f"<description>{html.escape(body)}</description></item>"
        )
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>{outlet}'
        f"</title><link>{SITES[outlet]}/</link><description>News</description>"
        + "".join(items)
        + "</channel></rss>"
    ).encode()


def serve(server: FeedServer, path: str, body: bytes) -> str:
    server.routes[path] = (200, "application/rss+xml", body)
    return server.url(path)


def cli_ok(config: Path, *args: str) -> str:
    result = CliRunner().invoke(cli, ["--config", str(config), *args])
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    assert (result.exit_code, result.stderr) == (0, "")
    return result.stdout


def query(config: Path, sql: str, *params: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(config.parent / "store" / "aggregator.db") as conn:
        return conn.execute(sql, params).fetchall()


def explain(config: Path, first: str, second: str) -> dict[str, object]:
    found: dict[str, object] = json.loads(cli_ok(config, "explain", first, second, "--json"))
    return found


CLIP_URL, FOLLOW_UP_URL = f"{SITES[RELAY]}/?p=100", f"{SITES[RELAY]}/?p=99"
PREVIEW_URL = f"{SITES[PILOT]}/?p=100"


def first_cycle(server: FeedServer, tmp_path: Path) -> Path:
    """Both outlets with the other news; the preview at its first version; one run."""
    clip = ((CLIP[0], f"<p>{CLIP[1]}</p>", 0.0),)
    preview = ((PREVIEW_TITLE, f"<p>{PREVIEW_TEXT}</p>", 30.0),)
    feeds = {
        RELAY: serve(server, "/relay.xml", rss(RELAY, 0, clip)),
        PILOT: serve(server, "/pilot.xml", rss(PILOT, 5, preview)),
    }
    config = write_config(tmp_path, feeds)
    cli_ok(config, "run")
    return config


def revise_preview(server: FeedServer, config: Path) -> None:
    """The second outlet adds its "Update:" paragraph to the preview; one run."""
    body = f"<p>{PREVIEW_TEXT}</p><p>{PREVIEW_UPDATE}</p>"
    serve(server, "/pilot.xml", rss(PILOT, 5, ((PREVIEW_TITLE, body, 30.0),)))
    cli_ok(config, "run")


def story_of(config: Path, url: str) -> str:
    return str(query(config, "SELECT story_id FROM articles WHERE url = ?", url)[0][0])


def test_a_revision_that_makes_two_reports_one_story_joins_them(
    feed_server: FeedServer, tmp_path: Path
) -> None:
    """A stored report whose revision makes it the same story as another outlet's is linked to
    it by the run that sees the revision: its story is fused into the earlier report's, which
    keeps its id, title and lead; the revised report gets the reason and a source note, its
    update is noted once, the index and word counts follow the new text, and ``explain`` agrees
    with the grouping before and after."""
    config = first_cycle(feed_server, tmp_path)
    clip, preview = story_of(config, CLIP_URL), story_of(config, PREVIEW_URL)
    assert clip != preview
    assert query(config, "SELECT COUNT(DISTINCT story_id) FROM articles") == [(5,)]
    before = explain(config, CLIP_URL, PREVIEW_URL)
    assert (before["same"], before["linked"], before["same_story_now"]) == (False, False, False)
    assert query(config, "SELECT articles FROM word_counts WHERE word = 'tokunaga'") == [(1,)]

    revise_preview(feed_server, config)
    assert story_of(config, PREVIEW_URL) == story_of(config, CLIP_URL) == clip
    assert query(config, "SELECT title, lead_article_id FROM stories WHERE id = ?", clip) == [
        (CLIP[0], clip)
    ]
    assert query(config, "SELECT id FROM stories WHERE id = ?", preview) == []
    assert query(config, "SELECT COUNT(*) FROM stories") == [(4,)]
    ((score, reason),) = query(
        config, "SELECT match_score, match_reason FROM articles WHERE id = ?", preview
    )
    assert float(str(score)) >= 0.35  # match.SAME_STORY
    assert str(reason).startswith("same story: headlines share ")
    assert str(reason).endswith(f"(with {RELAY}: {CLIP[0]})")
    notes = query(
        config, "SELECT kind, text FROM story_notes WHERE story_id = ? ORDER BY kind", clip
    )
    assert [kind for kind, _ in notes] == ["source", "update"]
    assert str(notes[0][1]).startswith(f"{PILOT} adds: ")
    assert notes[1][1] == PREVIEW_UPDATE.removeprefix("Update: ")
    assert query(config, "SELECT articles FROM word_counts WHERE word = 'tokunaga'") == [(2,)]
    assert query(config, "SELECT articles FROM word_counts WHERE word = ''") == [(8,)]

    after = explain(config, CLIP_URL, PREVIEW_URL)
    assert (after["same"], after["linked"], after["same_story_now"]) == (True, True, True)
    assert after["decision"] == "linked: the matcher puts them in one story"
    parsed = feedparser.parse(io.BytesIO((config.parent / "store" / "feed.atom").read_bytes()))
    links = {e.title: {link.href for link in e.links} for e in parsed.entries}
    assert links[CLIP[0]] == {CLIP_URL, PREVIEW_URL}
    assert len(links) == 4


def test_explain_names_the_member_that_keeps_a_linked_pair_apart(
    feed_server: FeedServer, tmp_path: Path
) -> None:
    """A pair whose own verdict is a link but that the grouping keeps in two stories, because
    a member of one story conflicts with the other article, is "linked, but in two stories",
    naming the conflicting pair and the guard, never "the matcher puts them in one story"."""
    config = first_cycle(feed_server, tmp_path)
    revise_preview(feed_server, config)
    clip = (CLIP[0], f"<p>{CLIP[1]}</p>", 0.0)
    follow_up = (FOLLOW_UP[0], f"<p>{FOLLOW_UP[1]}</p>", 30.0)
    serve(feed_server, "/relay.xml", rss(RELAY, 0, (clip, follow_up)))
    cli_ok(config, "run")
    assert story_of(config, FOLLOW_UP_URL) != story_of(config, PREVIEW_URL)
    found = explain(config, PREVIEW_URL, FOLLOW_UP_URL)
    assert (found["same"], found["conflict"], found["kept_apart"]) == (True, None, False)
    assert (found["linked"], found["same_story_now"]) == (True, False)
    assert found["decision"] == (
        f'linked, but in two stories: {RELAY}: "{CLIP[0]}" and {RELAY}: "{FOLLOW_UP[0]}"'
        " cannot share a story (different articles of one outlet)"
    )
    out = cli_ok(config, "explain", PREVIEW_URL, FOLLOW_UP_URL)
    assert out.splitlines()[-1] == f"decision: {found['decision']}"


def item(source: str, title: str, text: str, hours: float) -> Item:
    """An article of ``source``; its URL comes from its title, the same in every process."""
    slug = "-".join(title.lower().split())[:60]
    return article(source, f"{SITES[source]}/{slug}", title, text, START + timedelta(hours=hours))


def test_assign_compares_a_revised_pool_article_again() -> None:
    """``assign`` links a stored article named in ``revised`` to its candidates: its story is
    fused into the earlier one and it is assigned there with the link's reason. Unnamed, the
    same stored articles stay as they are."""
    clip = item(RELAY, *CLIP, 0)
    preview = item(PILOT, PREVIEW_TITLE, f"{PREVIEW_TEXT} {PREVIEW_UPDATE}", 6)
    others = [item(o, t, x, 5 - 24 * n) for o in SITES for n, (t, x) in enumerate(OTHER_NEWS, 1)]
    pool = [(clip, "clip"), (preview, "preview"), *((o, o.item_id) for o in others)]
    settings = MatchSettings()
    assert assign([], pool, settings) == assign([], pool, settings, revised=[])
    assert assign([], pool, settings).fused == {}
    grouping = assign([], pool, settings, revised=[preview.item_id])
    assert grouping.fused == {"preview": "clip"}
    (moved,) = grouping.assignments
    assert (moved.item_id, moved.story_id) == (preview.item_id, "clip")
    assert moved.reason.endswith(f"(with {RELAY}: {CLIP[0]})")


def test_merging_a_part_of_the_stories_at_a_time_changes_nothing(
    feed_server: FeedServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Runs merge and save ``story_batch.MERGE_PART`` stories at a time; one story per part gives
    the same stories, memberships and notes as one part for all, through a first run of five
    stories and a revision that fuses two of them."""
    dumps = []
    for part in (story_batch.MERGE_PART, 1):
        monkeypatch.setattr(story_batch, "MERGE_PART", part)
        directory = tmp_path / f"part-{part}"
        directory.mkdir()
        config = first_cycle(feed_server, directory)
        revise_preview(feed_server, config)
        dumps.append(
            [
                query(config, "SELECT * FROM stories ORDER BY id"),
                query(
                    config, "SELECT story_id, match_score, match_reason FROM articles ORDER BY id"
                ),
                query(
                    config,
                    "SELECT story_id, at, kind, article_id, text FROM story_notes"
                    " ORDER BY story_id, at, kind, article_id",
                ),
            ]
        )
    assert dumps[0] == dumps[1]
    assert len(dumps[0][0]) == 4  # the preview's story fused into the clip's
    assert [kind for _, _, kind, _, _ in dumps[0][2]].count("update") == 1
