"""Inverse document frequencies: how much a shared word says about two articles. Pure."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Mapping
from typing import TypeVar

# A headline word shared by two articles names the same thing unless it is in more articles than
# this (or than RARE_SHARE of them): small stores see one show in many of their few articles.
SPECIFIC_MIN_DF = 10
# Words seen in at most this share of articles (or RARE_MIN_DF) count as rare names.
RARE_SHARE = 0.05
# A story four outlets report keeps its own words rare in a small store (a new one, or the
# first cycles of a replay), where their share of its few articles is large.
RARE_MIN_DF = 4
# Headline words seen in at most this share of articles (or SPECIFIC_MIN_DF) name something
# specific: a show is rarely in more, the words of every headline ("anime", "season") are.
SPECIFIC_SHARE = 0.15

_V = TypeVar("_V")


class Idf:
    """Inverse document frequencies of words over a set of articles (the store).

    Every per-token answer (weight, squared weight, count, rare, specific) is computed once and
    then read from a dict, at C speed: the matcher asks about the same tokens millions of times
    in a large batch. ``weights`` and ``squares`` are those dicts, for ``map``.
    """

    def __init__(
        self,
        df: Mapping[str, int],
        n: int,
        load: Callable[[list[str]], Mapping[str, int]] | None = None,
        asked: Iterable[str] = (),
    ) -> None:
        """``df`` counts articles per word over ``n`` articles. With ``load``, ``know`` asks it
        for the counts of words outside ``asked`` (the words ``df`` was loaded for)."""
        self.df = dict(df)
        self.n = n
        self._load = load
        self._asked = set(asked) | set(df)
        self.weights = _Cache(self._weight)
        self.squares = _Cache(lambda token: self.weights[token] ** 2)
        self._counts = _Cache(self._count)
        self._rare = _Cache(lambda token: self._counts[token] <= max(RARE_MIN_DF, n * RARE_SHARE))
        self._specific = _Cache(
            lambda token: self._counts[token] <= max(SPECIFIC_MIN_DF, n * SPECIFIC_SHARE)
        )
        # Sums of weights per token set (or sorted tuple): a new article meets many
        # candidates, so each article's sums are computed once per grouping.
        self._totals: dict[tuple[Collection[str], int], float] = {}
        # What the matcher derives from one article and these weights, by its own keys.
        self.memo: dict[object, object] = {}

    @classmethod
    def over(cls, token_sets: Iterable[Collection[str]]) -> Idf:
        """The frequencies of the words (not the word pairs) of ``token_sets``."""
        df: Counter[str] = Counter()
        n = 0
        for tokens in token_sets:
            df.update(words_of(tokens))
            n += 1
        return cls(df, n)

    def know(self, words: Iterable[str]) -> None:
        """Load the counts of ``words`` not asked for yet (without ``load``, nothing to do).
        Call it for an article's words before weighing any of its tokens: a word weighed
        before its count was loaded would keep the weight of a word no article has."""
        if self._load is None:
            return
        new = sorted({w for w in words if w not in self._asked})
        if new:
            self._asked.update(new)
            self.df.update(self._load(new))
            for cache in (self.weights, self.squares, self._counts, self._rare, self._specific):
                for word in new:
                    cache.pop(word, None)

    def __call__(self, token: str) -> float:
        return self.weights[token]

    def _weight(self, token: str) -> float:
        if " " in token:  # a word pair is at least as rare as its rarer word
            return max(self.weights[word] for word in token.split(" "))
        return math.log((self.n + 1) / (self.df.get(token, 0) + 1)) + 1.0

    def total(self, tokens: Collection[str], power: int = 1) -> float:
        """The sum of the weights of ``tokens``, each raised to ``power`` (1 or 2)."""
        key = (tokens, power)
        value = self._totals.get(key)
        if value is None:
            cache = self.weights if power == 1 else self.squares
            value = self._totals[key] = sum(map(cache.__getitem__, tokens))
        return value

    def count(self, token: str) -> int:
        """Articles with ``token`` (a word pair: with its rarer word)."""
        return self._counts[token]

    def _count(self, token: str) -> int:
        return min(self.df.get(word, 0) for word in token.split(" "))

    def rare(self, token: str) -> bool:
        return self._rare[token]

    def specific(self, token: str) -> bool:
        """Not one of the words that turn up everywhere (an outlet's or platform's name)."""
        return self._specific[token]


class _Cache(dict[str, _V]):
    """A dict that computes a missing key's value with ``compute`` and keeps it."""

    def __init__(self, compute: Callable[[str], _V]) -> None:
        super().__init__()
        self.compute = compute

    def __missing__(self, token: str) -> _V:
        value = self[token] = self.compute(token)
        return value


def words_of(tokens: Iterable[str]) -> set[str]:
    """The single words of a token set (word pairs left out)."""
    return {t for t in tokens if " " not in t}
