"""Japanese and English reports of one work: their texts share no words, so ``match`` judges
them by their headlines (``across_languages``). Pure."""

from __future__ import annotations

from collections.abc import Collection

from aggregator.idf import Idf
from aggregator.match_features import Features
from aggregator.match_figures import AMOUNT_KINDS, one_figure
from aggregator.match_guards import japanese
from aggregator.match_vocab import RECURRING_KINDS
from aggregator.match_words import words

# A Japanese and an English report of one work share no words below their headlines: their
# score is CROSS_BASE plus CROSS_STEP for each thing their headlines give alike (a season or
# other figure, a month, a kind of news; an amount counts twice), when the English article names
# at least CROSS_COVER (by weight) of the Latin naming words of the Japanese headline.
CROSS_BASE = 0.2
CROSS_STEP = 0.1
CROSS_COVER = 0.8


def across_languages(a: Features, b: Features, idf: Idf) -> float:
    """The score of a Japanese and an English report of one work (their texts share no words):
    what the two headlines give alike besides the work, the season, part and other figures,
    month and kind of news. 0 unless the English article names the work the Japanese headline
    names (most of its Latin naming words, by weight: the work's first name), or when either
    is an outlet's own piece."""
    ja, english = (a, b) if japanese(a) else (b, a)
    # The words of a known work both name are given: the English one may use a shorter name.
    given = frozenset(words(" ".join(a.works & b.works)))
    latin = frozenset(w for w in ja.subject if w.isascii()) - given
    covered = coverage(latin, english.words, idf) if latin or not given else 1.0
    if covered < CROSS_COVER or (a.events | b.events) & _OWN:
        return 0.0
    # One episode is no sign of one story (a site's preview of it and another's reaction to it
    # give it alike), unless both preview it.
    previews = "preview" in a.events & b.events
    numbers = {n for n in a.numbers & b.numbers if previews or not n.startswith("episode:")}
    alike = len(numbers) + 2 * amounts_alike(a.numbers, b.numbers)  # "1.7 billion yen", "17億円"
    alike += len(a.months & b.months)
    alike += len((a.events & b.events) - RECURRING_KINDS)
    alike += len((a.media & b.media) - _TV)  # "実写映画化" and "Gets Live-Action Film"
    return CROSS_BASE + CROSS_STEP * alike


_OWN = frozenset({"review", "interview"})
# Media that say little of a work on TV: most reports in both languages are of its anime.
_TV = frozenset({"anime", "broadcast"})


def amounts_alike(left: frozenset[str], right: frozenset[str]) -> bool:
    """Whether two headlines give one amount (of yen, copies, …), however each rounds it."""
    return any(
        one_figure(frozenset({x}), frozenset({y}))
        for x in left
        for y in right
        if x.split(":")[0] == y.split(":")[0] in AMOUNT_KINDS
    )


def coverage(subject: frozenset[str], tokens: Collection[str], idf: Idf) -> float:
    """Weighted share of one headline's naming words that the other article mentions."""
    total = idf.total(subject)
    found = subject.intersection(tokens)
    return sum(map(idf.weights.__getitem__, found)) / total if total else 0.0
