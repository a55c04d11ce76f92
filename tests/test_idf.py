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


THEMES = (
    (
        ANN,
        "Gearbound Knights Season 2 Reveals Opening and Ending Theme Songs",
        "The official website announced on Friday that Kiyora performs Iron Bloom to open the "
        "second season, and Tsukimaru sings Quiet Lantern over its credits. Both tracks will be "
        "released digitally the week the broadcast starts, with music videos shot in Osaka.",
    ),
    (
        CORNER,
        "Gearbound Knights Season 2 Unveils Its Theme Song Artists",
        "Singer Kiyora returns with Iron Bloom as the new opening, while rising vocalist "
        "Tsukimaru closes each episode with Quiet Lantern, according to the production team. "
        "Kiyora previously recorded the first season's insert song, and Tsukimaru makes a "
        "television debut after topping independent charts last year.",
    ),
    (
        OUSA,
        "Gearbound Knights Season 2 Theme Songs Revealed",
        "Fans of the mecha series will hear Kiyora's Iron Bloom before every installment and "
        "Tsukimaru's Quiet Lantern after it when the sequel arrives this spring. A short clip "
        "pairing the songs with new footage of the rebuilt mechs went live on the "
        "franchise's channel.",
    ),
    (
        HERALD,
        "Gearbound Knights Season 2 Announces Opening and Ending Themes",
        "Kiyora (Iron Bloom) and Tsukimaru (Quiet Lantern) will provide the two songs of the "
        "upcoming second season, the anime's staff confirmed in a press release. The "
        "returning director also teased a larger cast, with more additions promised at a "
        "festival stage event next month.",
    ),
)
OTHER_NEWS = (
    ("Paper Crane Academy Manga Ends in December", "Koharu Minase ends her manga series."),
    ("Velvet Comet Film Tops Box Office Again", "The film earned 300 million yen this weekend."),
    ("Harbor Lights Anime Casts Aoi Tanabe as Mina", "Tanabe joins the cast as the lead heroine."),
    ("Moonlit Forge Game Delayed to Spring", "The publisher pushed the game back by one quarter."),
    ("Ember Road Anime Gets Key Visual", "The key visual shows the three travellers at dawn."),
    (
        "Silver Tide Novel Gets Anime Adaptation",
        "A television anime of the novel is in production.",
    ),
    ("Starfall Choir Stage Play Opens in Tokyo", "The musical runs at a Shibuya theatre in June."),
    ("Crimson Atlas Manga Goes on Hiatus", "The author takes a break for health reasons."),
    ("Lantern Con Announces Guests", "The convention revealed its first guests for July."),
    ("Quiet Orchard Anime Streams Trailer", "The trailer previews the farm comedy's opening arc."),
)


def test_a_story_four_outlets_report_keeps_its_words_rare_in_a_small_store() -> None:
    """In a store of fourteen articles, the singers four reports of one theme-song announcement
    name are rare words they share, not common ones: the four are one story, whose headlines
    share only the show's name."""
    reports = [
        article(outlet, f"https://{n}.example/gearbound-themes", title, text, at(20, 9 + n))
        for n, (outlet, title, text) in enumerate(THEMES)
    ]
    others = [
        article(ANN, f"https://ann.example/other-{n}", title, text, at(20, 8))
        for n, (title, text) in enumerate(OTHER_NEWS)
    ]
    assert Idf({"kiyora": 4}, 14).rare("kiyora")
    assert not Idf({"kiyora": 5}, 14).rare("kiyora")
    grouping = assign([*reports, *others], [], MatchSettings())
    story = {a.item_id: a.story_id for a in grouping.assignments}
    assert len({story[r.item_id] for r in reports}) == 1
    assert len({story[o.item_id] for o in others}) == len(others)
