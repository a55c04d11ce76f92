"""Tests for aggregator.store.words: the words the matcher read, kept for later runs. A real
SQLite file each; the articles are dated around now, as the table keeps the last few days."""

from __future__ import annotations

import ast
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import aggregator
from aggregator import __version__, store, story_batch
from aggregator.config import parse_config
from aggregator.match_features import (
    _READERS,
    Features,
    _source,
    features_of,
    kept_features,
    reading_key,
)
from aggregator.models import Config, Item
from aggregator.store import Database
from aggregator.store.words import load_words, prune_words, save_words
from aggregator.text import stable_hash
from tests.test_compute import HEADLINES, OUTLETS, SHOWS, saved_grouping
from tests.test_match import article

NOW = datetime.now(UTC).replace(minute=0, second=0, microsecond=0)


def reports(outlet: int) -> list[Item]:
    """One outlet's cast news of each show, under its own headline, in the last day."""
    items = []
    for number, (show, lead, studio) in enumerate(SHOWS[:3]):
        text = (
            f"The television anime of {show} stars {lead} in the lead role. {studio} animates "
            f"the series, which premieres in July on a late-night slot."
        )
        title = HEADLINES[outlet].format(show=show, lead=lead)
        url = f"https://{OUTLETS[outlet].split()[0].lower()}.example/news/{number}"
        date = NOW - timedelta(hours=20 - number * 5 - outlet)
        item = article(OUTLETS[outlet], url, title, text, date)
        items.append(replace(item, content_hash=stable_hash(title, item.summary)))
    return items


def make_config(directory: Path, aliases: str = "") -> Config:
    directory.mkdir(exist_ok=True)
    feeds = "".join(
        f"  - name: {o}\n    url: https://{o[:4].lower()}.example/feed\n" for o in OUTLETS
    )
    text = f"store: {directory}\noutput:\n  title: t\n  url: https://example.org/\n{aliases}"
    return parse_config(f"{text}feeds:\n{feeds}", directory / "feeds.yaml")


def read(items: list[Item]) -> list[Features]:
    features = [features_of(item) for item in items]
    for feature in features:
        feature.text.read()
    return features


def open_store(config: Config) -> Database:
    db = store.open_db(config.db_path)
    with db.atomic():
        store.save_sources(db, config.feeds)
    return db


def deliver(db: Database, config: Config, items: list[Item]) -> tuple[int, int]:
    with db.atomic():
        store.save_items(db, items)
    return story_batch.group_new(db, config)


def test_kept_words_are_what_reading_the_article_gives(tmp_path: Path) -> None:
    """Each article grouped keeps its headline's features and its words and pairs exactly as
    ``features_of`` finds them, aliases applied; Japanese bigrams and names of one work
    included."""
    aliases = 'match:\n  aliases:\n    - ["Moonlit Teahouse", "Tsukiyo no Chaya"]\n'
    config = make_config(tmp_path, aliases)
    japanese = article(
        OUTLETS[1],
        "https://sakura.example/news/ja",
        "「月夜の茶屋」TVアニメ化決定、7月放送開始",
        "Tsukiyo no Chaya: the anime of the Moonlit Teahouse novels premieres in July.",
        NOW - timedelta(hours=3),
    )
    items = [*reports(0), japanese]
    db = open_store(config)
    deliver(db, config, items)
    key = reading_key(config.match.aliases)
    kept = load_words(db, {item.item_id: item.content_hash for item in items}, key)
    for item in items:
        read = features_of(item, config.match.aliases)
        assert kept[item.item_id] == (read.headline(), read.text.read())
        again = kept_features(item, *kept[item.item_id])
        assert again == read  # every field but the text
        assert (again.words, again.pairs) == (read.words, read.pairs)
        assert again.text.words_below_headline() == read.text.words_below_headline()
    assert any(" " in pair for pair in kept[japanese.item_id][1][1])
    db.close()


def test_a_later_batch_groups_the_same_with_kept_words_or_without(tmp_path: Path) -> None:
    """Stored articles whose words were kept are not read again, and the stories, memberships,
    scores and notes are the same as when every text is read anew."""
    results = []
    for name, forget in (("kept", False), ("read", True)):
        config = make_config(tmp_path / name)
        db = open_store(config)
        assert deliver(db, config, [*reports(0), *reports(1)]) == (3, 0)
        rows = db.execute("SELECT count(*) FROM match_words").fetchone()
        assert rows == (6,)
        if forget:
            db.execute("DELETE FROM match_words")
        assert deliver(db, config, reports(2)) == (0, 3)
        db.close()
        results.append(saved_grouping(config.db_path))
    assert results[0] == results[1]


def test_a_revision_or_new_aliases_read_the_article_again(tmp_path: Path) -> None:
    """Kept words serve only the text and the reading they came from."""
    config = make_config(tmp_path)
    db = open_store(config)
    items = reports(0)
    key = reading_key(())
    with db.atomic():
        store.save_items(db, items)
    hashes = {item.item_id: item.content_hash for item in items}
    save_words(db, [features_of(item) for item in items], key, NOW - timedelta(days=8))
    assert load_words(db, hashes, key) == {}  # nothing read, nothing kept
    save_words(db, read(items), key, NOW - timedelta(days=8))
    assert set(load_words(db, hashes, key)) == set(hashes)
    revised = {**hashes, items[0].item_id: "another text"}
    assert set(load_words(db, revised, key)) == set(hashes) - {items[0].item_id}
    other = reading_key((("Moonlit Teahouse", "Tsukiyo no Chaya"),))
    assert other != key
    assert load_words(db, hashes, other) == {}
    db.close()


def test_only_recent_articles_are_kept_and_older_ones_pruned(tmp_path: Path) -> None:
    config = make_config(tmp_path)
    db = open_store(config)
    items = reports(0)  # 20, 15 and 10 hours old
    with db.atomic():
        store.save_items(db, items)
    key = reading_key(())
    save_words(db, read(items), key, NOW - timedelta(hours=18))
    hashes = {item.item_id: item.content_hash for item in items}
    assert set(load_words(db, hashes, key)) == {i.item_id for i in items[1:]}
    prune_words(db, NOW - timedelta(hours=12))
    assert set(load_words(db, hashes, key)) == {items[2].item_id}
    db.close()


def test_a_headline_holding_the_separator_is_not_kept(tmp_path: Path) -> None:
    """An article whose features would not read back (a guid key with a control character in
    the feed's name) is left to be read again, never rebuilt wrongly."""
    config = make_config(tmp_path)
    db = open_store(config)
    plain = reports(0)[0]
    odd = replace(plain, item_id="odd", source="Lantern\x1eWire", url="", guid="tag:odd")
    with db.atomic():
        store.save_items(db, [plain])
    features = read([plain, odd])
    assert features[1].headline() == ""
    save_words(db, features, reading_key(()), NOW - timedelta(days=8))
    rows = db.execute("SELECT article_id FROM match_words").fetchall()
    assert rows == [(plain.item_id,)]
    db.close()


def test_the_reading_key_follows_the_reading_code(tmp_path: Path) -> None:
    """The key hashes the reading modules' source; a build without it on disk (frozen) falls
    back on the version, so it still keys by release."""
    module = tmp_path / "reader.py"
    module.write_text("WORD = 'a'\n", encoding="utf-8")
    before = _source(str(module))
    module.write_text("WORD = 'b'\n", encoding="utf-8")
    assert _source(str(module)) != before
    assert _source(None) == _source(str(tmp_path / "gone.py")) == __version__
    assert reading_key(()) == reading_key(())


def test_the_reading_key_covers_every_module_the_reading_imports() -> None:
    """A module that decides what a headline or an article reads as (``match_phrases``, which
    ``match_english`` imports) is hashed into the key: otherwise a new version of it would
    leave the words kept in the store read by the old one."""
    package = Path(aggregator.__file__).parent
    seen: set[str] = set()
    todo = ["match_features"]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        tree = ast.parse((package / f"{name}.py").read_text(encoding="utf-8"))
        todo.extend(
            node.module.removeprefix("aggregator.")
            for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("aggregator.")
        )
    assert "match_phrases" in seen
    assert seen - {"models"} <= set(_READERS)
