"""Japanese and English reports of one work: their texts share no words, so ``match`` judges
them by their headlines (``across_languages``). Pure."""

from __future__ import annotations

import re
from collections.abc import Collection

from aggregator.idf import Idf
from aggregator.match_features import Features
from aggregator.match_figures import AMOUNT_KINDS, one_figure
from aggregator.match_guards import japanese
from aggregator.match_sounds import english_sounds, katakana_sounds
from aggregator.match_vocab import RECURRING_KINDS
from aggregator.match_words import words
from aggregator.text import fold

# A Japanese and an English report of one work share no words below their headlines: their
# score is CROSS_BASE plus CROSS_STEP for each thing their headlines give alike (a season or
# other figure, a month, a kind of news; an amount counts twice), when the English article names
# at least CROSS_COVER (by weight) of the Latin naming words of the Japanese headline.
CROSS_BASE = 0.2
CROSS_STEP = 0.1
CROSS_COVER = 0.8


def across_languages(
    a: Features, b: Features, idf: Idf, sounds: frozenset[str] = frozenset()
) -> float:
    """The score of a Japanese and an English report of one work (their texts share no words):
    what the two headlines give alike besides the work, the season, part and other figures,
    month and kind of news. 0 unless the English article names the work the Japanese headline
    names (most of the Latin naming words of each run of them the English headline shares a
    word with, by weight: the work's first name), or when either is an outlet's own piece.
    The English words ``sounds`` that a katakana name renders are given, as are the words of a
    known work both name (the English headline may use a shorter name)."""
    ja, english = (a, b) if japanese(a) else (b, a)
    given = frozenset(words(" ".join(a.works & b.works))) | sounds
    unnamed = _unnamed_latin(ja.item.title, english.subject | given)
    latin = frozenset(w for w in ja.subject if w.isascii()) - given - unnamed
    covered = coverage(latin, english.words, idf) if latin or not given else 1.0
    if covered < CROSS_COVER or (a.events | b.events) & _OWN:
        return 0.0
    # One episode is no sign of one story (a site's preview of it and another's reaction to it
    # give it alike), unless both preview it.
    previews = "preview" in a.events & b.events
    numbers = {n for n in a.numbers & b.numbers if previews or not n.startswith("episode:")}
    alike = len(numbers) + 2 * amounts_alike(a.numbers, b.numbers)  # "1.7 billion yen", "17億円"
    alike += len(a.months & b.months)
    # Award news recurs for one work, but not of one prize ("prize:globe"): then it counts.
    recurring = (
        RECURRING_KINDS - {"award"}
        if any(n.startswith("prize:") for n in numbers)
        else RECURRING_KINDS
    )
    alike += len((a.events & b.events) - recurring)
    alike += len((a.media & b.media) - _TV)  # "実写映画化" and "Gets Live-Action Film"
    return CROSS_BASE + CROSS_STEP * alike


_OWN = frozenset({"review", "interview"})
_LATIN_RUN = re.compile(r"[a-z0-9][a-z0-9'’.\- ]*")


def _unnamed_latin(title: str, named: frozenset[str]) -> frozenset[str]:
    """The words of each run of Latin words in a Japanese headline that holds no word of
    ``named``: a run the English headline names nothing of names something else (a theme
    song's title, a singer), which the English report need not mention."""
    runs = (frozenset(words(run)) for run in _LATIN_RUN.findall(fold(title)))
    return frozenset().union(*(run for run in runs if not run & named))


def sound_names(a: Features, b: Features, idf: Idf) -> frozenset[str]:
    """The naming words of the English headline of ``a`` and ``b`` that a katakana name of the
    Japanese one renders (メダリスト, "Medalist"), when one of them is specific; else none."""
    ja, english = (a, b) if japanese(a) else (b, a)
    keys = katakana_sounds(ja.item.title)
    if not keys:
        return frozenset()
    ordered = tuple(w for w in words(fold(english.item.title)) if w in english.subject)
    runs = english_sounds(ordered)
    found = frozenset(w for key in keys & runs.keys() for w in runs[key])
    return found if any(map(idf.specific, found)) else frozenset()


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
