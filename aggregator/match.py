"""Decides whether two articles report the same story. Pure: features in, a verdict out.

Heuristics, in the order they are tried for a pair of articles (``compare``):

1. **Same article** under another URL or guid: equal canonical URLs (scheme, ``www.``,
   tracking parameters, AMP and trailing slashes ignored), the same article number on the same
   host (``/cms/discuss/231123`` and ``/news/…/.231123``), or one outlet repeating a headline
   letter for letter (spaces lost by a scraper included).
2. **Guards** on the headlines keep different news about one show apart: the kinds of news
   named (trailer / cast / delay / licence / box office / …), the media (anime / manga / game /
   film / …), the regions or dub languages and the season or part numbers must not be disjoint
   when both headlines name some. "Season 2" never matches "Season 3"; "opens in Malaysia"
   never matches "opens in the Philippines". Two headlines that each name a rare work the
   other article never mentions are about different works, however alike their wording.
   Two articles whose headlines share one name only (the work's, its words chained by pairs
   both headlines hold) and whose texts (``MIN_TEXT_WORDS`` each at least) share no other rare
   word are different news about that work: a cast addition and an exhibition.
3. **Similarity** of what the two articles say, weighted by rarity: every word gets an IDF
   weight over the store (a word pair weighs as its rarer word), so "anime" or "trailer" weigh
   little and "crimson lightning" or "10gauge" a lot. The headline overlap, the whole-text
   cosine, the shared word pairs and the mutual headline coverage give one score, raised when
   the headlines share a rare name and a kind of news, and by how close in time the two were
   published (``match_bonus``): raised within a day, lowered beyond a day and a half.

4. **Across languages**, a Japanese and an English report share no words below their
   headlines, and names are not compared word for word: they are one story when the English
   article names the work the Japanese headline names (a known work or ``match.aliases``, or
   a katakana name the English words sound as: ``match_sounds``), and the headlines give the
   same figures, month and kind of news (``match_across``).

How pairs become stories is ``grouping``'s business.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from rapidfuzz import fuzz

from aggregator.idf import Idf
from aggregator.match_across import across_languages, amounts_alike, coverage, sound_names
from aggregator.match_bonus import bonus, reported_apart
from aggregator.match_features import Features
from aggregator.match_guards import (
    different_works,
    headline_guard,
    japanese,
    kinds_differ,
    one_when,
    one_work_only,
    reposted,
)
from aggregator.match_similarity import cosine, overlap, shared
from aggregator.match_sounds import katakana_sounds
from aggregator.match_vocab import PLATFORMS

# Score at which two articles are one story. Set on our own fixtures and checked with
# scripts/backtest_match.py; raise it if false merges appear.
SAME_STORY = 0.35
# Articles more than ``window_hours`` (but at most LONG_WINDOW times that) apart are still one
# story when their headlines share this many rare names: a late write-up of one interview.
STRONG_NAMES = 3
LONG_WINDOW = 2.0  # times window_hours
TITLE_WEIGHT = 0.55
# Mutual headline coverage (each headline's naming words found in the other article) counts for
# this much of a score: full coverage both ways is strong evidence, but not proof, of one story.
COVER_SCALE = 0.5
# One outlet writes a story once: two of its articles are one story only when it re-posted one
# under a new URL with (nearly) the same headline.
SAME_OUTLET_FUZZ = 0.9
# Text similarity (IDF cosine) above which the texts below two headlines say the same.
SAME_TEXT = 0.5
# Identical squashed headlines shorter than this are too generic to prove anything ("Review").
MIN_SQUASHED = 16
# Index terms of the sound of a Japanese headline's katakana names (``match_sounds``).
SOUND = "sound:"
_NONE: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Comparison:
    """The verdict on one pair of articles and the signals behind it."""

    same: bool
    score: float
    reason: str
    signals: tuple[tuple[str, float], ...] = ()
    strong: bool = False  # the same story beyond doubt: holds across a longer window


def index_terms(f: Features) -> frozenset[str]:
    """What an index finds an article's candidates by: its URL keys, its squashed headline, the
    naming words of its headline, and a Japanese headline's katakana names by their sound
    (which English headlines are read for when asked: ``store.matching``). Any pair
    ``compare`` can call one story shares a term, except a pair whose headlines share no
    naming word but pass on their texts alone."""
    terms = {f"url:{f.url_key}", *(f"word:{w}" for w in f.subject)}
    if f.article_key:
        terms.add(f"key:{f.article_key}")
    if len(f.squashed_title) >= MIN_SQUASHED:
        terms.add(f"headline:{f.squashed_title}")
    if japanese(f):  # an English article meets it by how its words sound (store.matching)
        terms.update(f"{SOUND}{key}" for key in katakana_sounds(f.item.title))
    return frozenset(terms)


def compare(a: Features, b: Features, idf: Idf, *, signals: bool = True) -> Comparison:
    """Whether ``a`` and ``b`` report the same story, and why. Without ``signals``, a pair a
    guard keeps apart is not scored (its score reads 0; the cheapest guard is asked first),
    no signals are listed and two stories are not told why: grouping needs only the verdict,
    and the reason of a link."""
    same_article = _same_article(a, b, idf)
    if same_article:
        return Comparison(True, 1.0, same_article, strong=True)
    # Without signals the cheaper guard first: it keeps half of a batch's candidates apart.
    if signals:
        guard = _apart(a, b, idf) or kinds_differ(a, b)
    else:
        guard = kinds_differ(a, b) or _apart(a, b, idf)
    if guard and not signals:
        return Comparison(False, 0.0, guard)
    names = _names(a, b, idf)
    languages = japanese(a) != japanese(b)
    # Across languages, a katakana name and the English words it renders name one thing.
    sounds = sound_names(a, b, idf) if languages and not (names or a.works & b.works) else _NONE
    if (
        not guard
        and not names
        and not sounds
        and not amounts_alike(a.numbers, b.numbers)
        and not (a.works & b.works and a.events & b.events)  # one known work's one kind of news
        and ((a.subject and b.subject) or _charts(a, b))
    ):
        guard = "different subjects: the headlines share no rare name"
        if not signals:
            return Comparison(False, 0.0, guard)
    title = overlap(a.title_tokens, b.title_tokens, idf)
    shared_words, shared_pairs = shared((a.words, a.pairs), (b.words, b.pairs))
    if not guard and names and not languages and one_work_only(names, a, b, shared_words, idf):
        name = " ".join(sorted(names, key=a.item.title.casefold().find))
        guard = f"one work, different news: only {name} in common"
        if not signals:
            return Comparison(False, 0.0, guard)
    text = cosine((a.words, a.pairs), (b.words, b.pairs), idf, (shared_words, shared_pairs))
    facts = overlap(a.pairs, b.pairs, idf, shared_pairs)
    cover = min(coverage(a.subject, b.words, idf), coverage(b.subject, a.words, idf))
    score = max(TITLE_WEIGHT * title + (1 - TITLE_WEIGHT) * text, facts, cover * COVER_SCALE)
    score = _raised(score, a, b, idf, names, sounds) if languages else score
    if names:
        score += bonus(a, b)
    timing = reported_apart(a, b)
    score += timing
    measured: tuple[tuple[str, float], ...] = (
        (
            ("title", round(title, 3)),
            ("text", round(text, 3)),
            ("facts", round(facts, 3)),
            ("cover", round(cover, 3)),
            ("fuzz", round(_fuzz(a, b), 3)),
            ("timing", timing),
        )
        if signals
        else ()
    )
    if guard:
        return Comparison(False, round(score, 3), guard, measured)
    named = names or sorted(sounds, key=lambda t: (idf(t), t)) or sorted(a.works & b.works)
    return _verdict(score, named, shared_words, idf, measured)


def _verdict(
    score: float,
    names: list[str],
    shared_words: Collection[str],
    idf: Idf,
    measured: tuple[tuple[str, float], ...],
) -> Comparison:
    """The verdict on a pair no guard keeps apart, and why (not why two stories are two when
    no signals were ``measured``: grouping asks only about links)."""
    same = score >= SAME_STORY
    if not same and not measured:
        return Comparison(False, round(score, 3), "different stories")
    rare = sorted((t for t in shared_words if idf.rare(t)), key=lambda t: (idf(t), t))
    verdict = "same story" if same else "different stories"
    reason = f"{verdict}: headlines share {', '.join(reversed(names[-3:]))}"
    if rare:
        reason += f"; texts share {', '.join(reversed(rare[-5:]))}"
    return Comparison(same, round(score, 3), reason, measured, same and len(names) >= STRONG_NAMES)


def _charts(a: Features, b: Features) -> bool:
    """Both headlines are charts ("Winter 2026 Anime Rankings – Week 7"): sharing no name,
    they are two outlets' own polls, however alike the shows their texts list."""
    return "ranking" in a.events & b.events


def _names(a: Features, b: Features, idf: Idf) -> list[str]:
    """The specific naming words two headlines share, commonest first; else the platform both
    name with one season of a year: a platform's lineup or dubs for that season is their
    subject ("HIDIVE Reveals Fall 2025 Dubcast Lineup")."""
    names = sorted((t for t in a.subject & b.subject if idf.specific(t)), key=lambda t: (idf(t), t))
    if names or not one_when(a, b, ("yearseason:",)):
        return names
    return sorted(a.title_tokens & b.title_tokens & PLATFORMS)


def conflict(a: Features, b: Features, idf: Idf) -> str:
    """Why ``a`` and ``b`` can never be in one story, or "": different news, medium, region,
    numbers, month or works, or two different articles of one outlet. A story never holds two
    articles in conflict, whatever links other articles make between them."""
    return "" if _same_article(a, b, idf) else _apart(a, b, idf)


def _apart(a: Features, b: Features, idf: Idf) -> str:
    """``conflict`` for two articles known not to be one article under two addresses. Names
    are not compared across languages: a Japanese report never spells the English words."""
    guard = headline_guard(a, b)
    if not guard and japanese(a) == japanese(b):
        guard = different_works(a, b, idf)
    same_outlet = a.item.source == b.item.source
    if not guard and same_outlet and (_fuzz(a, b) < SAME_OUTLET_FUZZ or not _same_text(a, b, idf)):
        guard = "different articles of one outlet"
    return guard


def _raised(
    score: float, a: Features, b: Features, idf: Idf, names: list[str], sounds: frozenset[str]
) -> float:
    """``score``, or the score of a Japanese and an English report of one work when higher: a
    rare name both headlines give, a known work both name (however common its name), or a
    katakana name the English headline spells (``sounds``)."""
    if names or a.works & b.works or sounds:
        return max(score, across_languages(a, b, idf, sounds))
    return score


def _fuzz(a: Features, b: Features) -> float:
    return fuzz.token_set_ratio(a.item.title.casefold(), b.item.title.casefold()) / 100


def _same_article(a: Features, b: Features, idf: Idf) -> str:
    if a.url_key == b.url_key:
        return "same article: same URL"
    if a.article_key and a.article_key == b.article_key:
        return "same article: same article number"
    if (
        len(a.squashed_title) >= MIN_SQUASHED
        and a.squashed_title == b.squashed_title
        and (_same_text(a, b, idf) or reposted(a, b))
    ):
        return "same headline"
    return ""


def _same_text(a: Features, b: Features, idf: Idf) -> bool:
    """Whether the texts below two headlines say the same (or one has none): a re-post does, a
    column that keeps its headline every week does not."""
    text_a = _text_tokens(a)
    text_b = _text_tokens(b)
    if not any(text_a) or not any(text_b):
        return True
    return cosine(text_a, text_b, idf, shared(text_a, text_b), keep=False) >= SAME_TEXT


def _text_tokens(f: Features) -> tuple[frozenset[str], frozenset[str]]:
    """The words and pairs of an article that its headline does not hold."""
    return frozenset(f.words) - f.title_tokens, frozenset(f.pairs) - f.title_tokens
