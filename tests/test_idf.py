"""Tests for aggregator.idf, and for the grouping's use of it: word weights, and word counts
loaded on demand for the stored articles a new article actually meets."""

from __future__ import annotations

import math
from collections.abc import Mapping

from aggregator.grouping import assign
from aggregator.idf import Idf
from aggregator.match_features import features_of
from aggregator.models import MatchSettings
from tests.test_match import ANN, CORNER, HERALD, OUSA, article, at

COUNTS = {"anime": 40, "trailer": 12, "gearbound": 2, "knights": 3}


def test_weights_follow_rarity_and_a_pair_weighs_as_its_rarer_word() -> None:
    idf = Idf(COUNTS, 50)
    assert idf("gearbound") > idf("knights") > idf("trailer") > idf("anime")
    assert idf("gearbound knights") == idf("gearbound")
    assert idf("unseen") == math.log(51) + 1.0
    assert idf.total(("anime", "trailer"), 2) == idf("anime") ** 2 + idf("trailer") ** 2


def test_know_loads_each_word_once_and_weighs_as_if_loaded_at_first() -> None:
    asked: list[list[str]] = []

    def load(words: list[str]) -> Mapping[str, int]:
        asked.append(words)
        return {w: COUNTS[w] for w in words if w in COUNTS}

    idf = Idf({"anime": 40}, 50, load=load, asked=["anime", "lantern"])
    idf.know(["anime", "lantern", "gearbound", "knights", "nowhere"])
    idf.know(["gearbound", "nowhere"])
    assert asked == [["gearbound", "knights", "nowhere"]]
    full = Idf(COUNTS, 50)
    for word in ("anime", "lantern", "gearbound", "knights", "nowhere", "gearbound knights"):
        assert idf(word) == full(word)
        assert idf.specific(word) == full.specific(word)


def test_without_a_loader_know_changes_nothing() -> None:
    idf = Idf({"anime": 40}, 50)
    idf.know(["gearbound"])
    assert idf.count("gearbound") == 0


TRAILER = "Gearbound Knights Season 2 Reveals Trailer, April Premiere"
TEXT = (
    "The official website for the Gearbound Knights anime began streaming a trailer for the "
    "second season, which premieres in April on Tokyo MX with Studio Lanternfish animating."
)
OTHER = "Paper Crane Academy Manga Ends in December"
OTHER_TEXT = (
    "The final chapter of Koharu Minase's Paper Crane Academy manga will appear in the magazine's "
    "December issue, ending the series after seven years and fourteen compiled volumes."
)


def test_stored_articles_no_candidate_needs_are_never_read() -> None:
    """With an index's candidates, a stored member of an unrelated story costs nothing: its
    features are not computed and its words' counts are never loaded. The grouping is the one
    that every stored article's features and counts give."""
    first = article(ANN, "https://ann.example/gearbound-trailer", TRAILER, TEXT, at(20, 9))
    manga = article(OUSA, "https://ousa.example/paper-crane-ends", OTHER, OTHER_TEXT, at(20, 8))
    manga_2 = article(HERALD, "https://herald.example/paper-crane", OTHER, OTHER_TEXT, at(20, 10))
    new = article(CORNER, "https://corner.example/gearbound-s2", TRAILER, TEXT, at(20, 12))
    pool = [(first, first.item_id), (manga, manga.item_id), (manga_2, manga.item_id)]
    everything = [first, manga, manga_2, new]
    counts: dict[str, int] = {}
    for item in everything:
        for word in features_of(item).words:
            counts[word] = counts.get(word, 0) + 1
    asked: list[str] = []

    def load(words: list[str]) -> Mapping[str, int]:
        asked.extend(words)
        return {w: counts[w] for w in words if w in counts}

    new_words = features_of(new).words
    lazy = Idf({w: counts[w] for w in new_words}, len(everything), load=load, asked=new_words)
    candidates = {new.item_id: [first.item_id]}
    found = assign([new], pool, MatchSettings(), idf=lazy, candidates=candidates)
    eager = assign([new], pool, MatchSettings(), idf=Idf(counts, len(everything)))
    assert found == eager
    assert [(a.item_id, a.story_id) for a in found.assignments] == [(new.item_id, first.item_id)]
    assert not {"paper", "crane", "minase"} & set(asked)
