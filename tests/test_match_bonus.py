"""Tests for aggregator.match_bonus: what two reports add to their score beyond their words, in
particular how far apart they were published. Pairs are judged by ``compare`` against the
background of unrelated news of test_match, as a careful reader would judge them."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from aggregator.idf import Idf
from aggregator.match import SAME_STORY, Comparison, compare
from aggregator.match_bonus import LATE, TIMING, reported_apart
from aggregator.match_features import features_of
from aggregator.models import Item
from tests.test_match import ANN, BACKGROUND, OUSA, article, at

CBR = "CBR"

# A clickbait report that names its show's heroine, and the announcement it retells: one story
# when published the same morning, though their words alone fall short of it.
FILM_NEWS = (
    ANN,
    "https://animenewsnet.example/news/2026-11-20/moonlit-forge-live-action-film-2027/.240190",
    "Moonlit Forge Live-Action Film Announced for 2027",
    "The live-action film of the blacksmith fantasy manga Moonlit Forge opens in Japanese "
    "theaters in 2027, its publisher announced on Friday. Ren Akiyama stars as Kaede.",
)
FILM_CLICKBAIT = (
    CBR,
    "https://cbr.example/moonlit-forge-fans-know-who-plays-kaede/",
    "Moonlit Forge Fans Finally Know Who Plays Kaede in the Real World",
    "Moonlit Forge's live-action adaptation has found its Kaede: Ren Akiyama will lead the "
    "cast when the film opens next year.",
)


def judged(first: Item, second: Item) -> Comparison:
    items = (*BACKGROUND, first, second)
    features = [features_of(item, ()) for item in items]
    idf = Idf.over(f.tokens for f in features)
    return compare(features[-2], features[-1], idf)


def pair_apart(hours: float) -> Comparison:
    start = at(20, 6)
    later = start + timedelta(hours=hours)
    return judged(article(*FILM_NEWS, start), article(*FILM_CLICKBAIT, later))


def test_an_announcement_and_its_clickbait_the_same_morning_are_one_story() -> None:
    """Reported three hours apart, the clickbait and the news it retells are one story; their
    words alone fall short of it."""
    verdict = pair_apart(3)
    assert verdict.same, verdict
    assert dict(verdict.signals)["timing"] == TIMING[0][1]
    assert verdict.score - TIMING[0][1] < SAME_STORY


def test_the_same_words_days_apart_are_two_stories() -> None:
    """Three days apart, the same two headlines are the next news of one work (the film's
    next casting), not one report retold."""
    verdict = pair_apart(72)
    assert not verdict.same, verdict
    assert dict(verdict.signals)["timing"] == LATE


@pytest.mark.parametrize(
    ("hours", "added"),
    [(0, 0.05), (24, 0.05), (30, 0.0), (36, 0.0), (40, -0.05), (48, -0.05), (49, -0.15)],
)
def test_what_the_hours_between_two_reports_add(hours: float, added: float) -> None:
    """Within a day two reports gain, from a day and a half they lose, more past two days."""
    assert dict(pair_apart(hours).signals)["timing"] == added


def test_a_chart_and_a_milestone_the_same_day_gain_nothing_for_it() -> None:
    """A film's weekend chart and its takings' milestone are told the same day and are two
    pieces of news: one a chart and the other not, being close adds nothing (two reports of
    one chart do gain)."""
    chart = features_of(
        article(
            OUSA,
            "https://otakuusa.example/moonlit-forge-film-tops-chart-third-weekend",
            "Moonlit Forge Film Tops Japan's Box Office Ranking for 3rd Weekend",
            "The film stayed at No. 1 in its third weekend.",
            at(20, 6),
        )
    )
    milestone = features_of(
        article(
            ANN,
            "https://animenewsnet.example/news/2026-11-20/moonlit-forge-film-passes-10-billion-yen",
            "Moonlit Forge Film Earns 10 Billion Yen",
            "The film has earned 10 billion yen in 17 days.",
            at(20, 8),
        )
    )
    other_chart = features_of(
        article(
            ANN,
            "https://animenewsnet.example/news/2026-11-20/moonlit-forge-film-no-1-3rd-weekend",
            "Moonlit Forge Film Stays at #1 in Japanese Box Office Ranking",
            "The film ranked first for the third weekend in a row.",
            at(20, 9),
        )
    )
    assert "ranking" in chart.events - milestone.events
    assert reported_apart(chart, milestone) == 0.0
    assert reported_apart(chart, other_chart) == TIMING[0][1]


def test_two_japanese_sites_the_same_day_gain_nothing_for_it() -> None:
    """Two Japanese headlines of one work the same day share its name and the words of its
    news, read by character pairs, whether or not they tell one story: being close adds
    nothing to them. Being far apart still counts."""
    first = article(
        "Sakura Tsuushin",
        "https://sakura-tsuushin.example/news/20261120-kazaguruma-pv",
        "TVアニメ『風車のある町』第2弾PV公開",
        "TVアニメ『風車のある町』の第2弾PVが公開された。",
        at(20, 6),
    )
    second = article(
        "Yozora Anime News",
        "https://yozora-anime.example/articles/kazaguruma-cast",
        "『風車のある町』追加キャストに水城あかり",
        "TVアニメ『風車のある町』の追加キャストが発表された。",
        at(20, 8),
    )
    later = replace(second, published=at(23, 8))
    assert reported_apart(features_of(first), features_of(second)) == 0.0
    assert reported_apart(features_of(first), features_of(later)) == LATE
