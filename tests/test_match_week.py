"""The named pairs of ``test_match`` judged against a store-like background as well: a
generated week of ordinary English anime news about fictional works, so that a studio, a month
or "premieres" weigh as they would among thousands of stored articles. Against the handful of
articles ``test_match`` weighs words by, a word two unrelated reports share may look common
(and a rule pass for the wrong reason); each case must hold either way."""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence

import pytest

from aggregator.idf import Idf
from aggregator.match import compare
from aggregator.match_features import features_of
from aggregator.models import Item
from tests.test_match import BACKGROUND, CASES, KNOWN_WRONG, article, at

_OUTLETS = ("Anime News Network", "Crunchyroll News", "MyAnimeList News", "Anime Corner",
            "Otaku USA Magazine", "Anime Herald", "Anime Trending", "Anime UK News")  # fmt: skip
_FIRST = (
    "Amber Crystal Falling Hidden Iron Jade Lunar Mirror Neon Paper Quiet Scarlet Silent Tidal "
    "Winter"
).split()
_SECOND = (
    "Archive Blade Circus Diary Engine Garden Harbor Kingdom Lantern Meadow Orbit Parade Signal "
    "Tower Voyage"
).split()
_FAMILY = (
    "Aoki Fujita Hayashi Ishida Kaneko Kondo Maeda Matsuda Nishimura Ogawa Sakai Takeda Ueda "
    "Yamaguchi"
).split()
_GIVEN = "Aya Daichi Emi Haruto Kaito Mei Nanami Riku Sakura Shun Sora Yui Yuto".split()
_STUDIOS = (
    "Studio Kumo, Lapis Works, Silver Fern, Studio Orca, Tsubame Animation, Kite Pictures".split(
        ", "
    )
)
_HEADLINES = (
    "{w} Anime Reveals Main Trailer, {m} Premiere", "{w} Anime Casts {p} as Lead",
    "{p} Joins {w} Anime as {r}", "{w} Manga Gets TV Anime Adaptation",
    "{w} Anime's 2nd Season Announced", "{w} Anime Delayed to {m}",
    "{w} Manga Ends in {m}", "Crunchyroll to Stream {w} Anime",
    "{w} Film Tops Japanese Box Office", "{w} Exhibition Opens in Tokyo in {m}",
    "{w} Anime Unveils Key Visual", "{p} Performs {w} Anime's Opening Theme",
    "{w} Anime Gets English Dub", "{w} Anime Reveals More Cast, Staff",
)  # fmt: skip
_TEXTS = (
    "The official website for the television anime of {a}'s {w} manga announced on {d} that "
    "the series will premiere in {m}. {s} is animating the series.",
    "{p} will voice {r}. The anime premieres in {m} on Tokyo MX and BS11, with {s} producing.",
    "The trailer previews the opening theme song. {a}'s manga has more than 2 million copies "
    "in circulation.",
    "Crunchyroll will stream the anime as it airs in Japan. The staff includes director {a}.",
)
_MONTHS = "January February March April May June July August September October".split()
_DAYS = "Monday Tuesday Wednesday Thursday Friday Saturday".split()


def generated_week(
    rng: random.Random,
    count: int,
    sites: Sequence[str],
    headlines: Sequence[str],
    texts: Sequence[str],
    fill: Callable[[random.Random], dict[str, object]],
    host: str,
) -> tuple[Item, ...]:
    """``count`` reports over six days from ``sites``: each a headline and two sentences of
    ``texts`` with the blanks ``fill`` draws (a work, a person, a month...)."""
    reports = []
    for i in range(count):
        values = fill(rng)
        headline = rng.choice(headlines).format(**values)
        text = " ".join(rng.choice(texts).format(**values) for _ in range(2))
        url = f"https://{host}/{i}"
        reports.append(article(rng.choice(sites), url, headline, text, at(14 + i % 6, i % 24)))
    return tuple(reports)


def news_week(count: int = 400, seed: int = 11) -> tuple[Item, ...]:
    """``count`` reports of a week about fictional works, from eight outlets."""

    def fill(rng: random.Random) -> dict[str, object]:
        return {
            "w": f"{rng.choice(_FIRST)} {rng.choice(_SECOND)}",
            "p": f"{rng.choice(_GIVEN)} {rng.choice(_FAMILY)}",
            "a": f"{rng.choice(_GIVEN)} {rng.choice(_FAMILY)}",
            "r": rng.choice(_GIVEN),
            "m": rng.choice(_MONTHS),
            "d": rng.choice(_DAYS),
            "s": rng.choice(_STUDIOS),
        }

    rng = random.Random(seed)
    return generated_week(rng, count, _OUTLETS, _HEADLINES, _TEXTS, fill, "news.example.com")


WEEK = news_week()


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [case for name, case in CASES.items() if name not in KNOWN_WRONG],
    ids=[name for name in CASES if name not in KNOWN_WRONG],
)
def test_case_against_a_week_of_news(first: Item, second: Item, expected: bool) -> None:
    """Each named pair of ``test_match`` is judged the same with words weighed over a week."""
    features = [features_of(item) for item in (*BACKGROUND, *WEEK, first, second)]
    idf = Idf.over(f.tokens for f in features)
    verdict = compare(features[-2], features[-1], idf)
    assert verdict.same is expected, verdict
