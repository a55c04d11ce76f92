"""A first run that brings many articles groups them in chunks, as one batch would."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from aggregator import pipeline
from tests.conftest import FEEDS, FeedServer, write_config
from tests.test_end_to_end import run_cli

SEED = FEEDS / "seed"
READER = FEEDS / "reader"


def grouping(store: Path) -> tuple[list[tuple[str, str]], list[tuple[str, str, str]]]:
    """Each article (by guid) with the guid of its story's first article; the notes."""
    with sqlite3.connect(store / "aggregator.db") as conn:
        members = conn.execute(
            "SELECT a.guid, s.guid FROM articles a JOIN articles s ON s.id = a.story_id"
        ).fetchall()
        notes = conn.execute(
            "SELECT s.guid, n.kind, n.text FROM story_notes n JOIN articles s ON s.id = n.story_id"
        ).fetchall()
    return sorted(members), sorted(notes)


def test_chunks_group_as_one_batch(
    feed_server: FeedServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The seed and reader fixture outlets (20 articles) grouped 3 articles at a time end in
    the same stories, with the same notes, as grouped all at once."""
    urls = {
        "Anime Corner": feed_server.add_file("/a.xml", SEED / "outlet-a.xml"),
        "Anime Herald": feed_server.add_file("/b.xml", SEED / "outlet-b.xml"),
        "Lantern Post": feed_server.add_file("/l.xml", READER / "lantern-post.xml"),
        "Crystal Signal": feed_server.add_file("/c.atom", READER / "crystal-signal.atom"),
    }
    results = []
    for chunk in (pipeline.CHUNK, 3):
        monkeypatch.setattr(pipeline, "CHUNK", chunk)
        directory = tmp_path / f"chunk-{chunk}"
        directory.mkdir()
        status, _, err = run_cli(write_config(directory, urls), "run")
        assert status == 0, err
        results.append(grouping(directory / "store"))

    whole, chunked = results
    assert len(whole[0]) > 3 * 3  # more articles than a few chunks
    assert len({story for _, story in whole[0]}) < len(whole[0])  # some stories merge reports
    assert chunked == whole
