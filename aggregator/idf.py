"""Inverse document frequencies: how much a shared word says about two articles. Pure."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping

# A headline word shared by two articles names the same thing unless it is in more articles than
# this (or than RARE_SHARE of them): small stores see one show in many of their few articles.
SPECIFIC_MIN_DF = 10
# Words seen in at most this share of articles count as rare names.
RARE_SHARE = 0.05
# Headline words seen in at most this share of articles (or SPECIFIC_MIN_DF) name something
# specific: a show is rarely in more, the words of every headline ("anime", "season") are.
SPECIFIC_SHARE = 0.15


class Idf:
    """Inverse document frequencies of words over a set of articles (the store)."""

    def __init__(self, df: Mapping[str, int], n: int) -> None:
        self.df = df
        self.n = n
        self._cache: dict[str, float] = {}
        # Sums of weights per token set: a new article meets many candidates, and frozensets
        # keep their hash, so each article's sums are computed once per grouping.
        self._totals: dict[tuple[frozenset[str], int], float] = {}
        self._pairs: dict[frozenset[str], frozenset[str]] = {}

    @classmethod
    def over(cls, token_sets: Iterable[frozenset[str]]) -> Idf:
        """The frequencies of the words (not the word pairs) of ``token_sets``."""
        df: Counter[str] = Counter()
        n = 0
        for tokens in token_sets:
            df.update(words_of(tokens))
            n += 1
        return cls(df, n)

    def __call__(self, token: str) -> float:
        weight = self._cache.get(token)
        if weight is None:
            if " " in token:  # a word pair is at least as rare as its rarer word
                weight = max(self(word) for word in token.split(" "))
            else:
                weight = math.log((self.n + 1) / (self.df.get(token, 0) + 1)) + 1.0
            self._cache[token] = weight
        return weight

    def total(self, tokens: frozenset[str], power: int = 1) -> float:
        """The sum of the weights of ``tokens``, each raised to ``power``."""
        key = (tokens, power)
        value = self._totals.get(key)
        if value is None:
            weights = map(self, tokens)
            value = sum(weights) if power == 1 else sum(w**power for w in weights)
            self._totals[key] = value
        return value

    def pairs(self, tokens: frozenset[str]) -> frozenset[str]:
        """The word pairs of a token set (kept as long as this Idf, like the sums)."""
        found = self._pairs.get(tokens)
        if found is None:
            found = self._pairs[tokens] = frozenset(t for t in tokens if " " in t)
        return found

    def count(self, token: str) -> int:
        """Articles with ``token`` (a word pair: with its rarer word)."""
        return min(self.df.get(word, 0) for word in token.split(" "))

    def rare(self, token: str) -> bool:
        return self.count(token) <= max(2, self.n * RARE_SHARE)

    def specific(self, token: str) -> bool:
        """Not one of the words that turn up everywhere (an outlet's or platform's name)."""
        return self.count(token) <= max(SPECIFIC_MIN_DF, self.n * SPECIFIC_SHARE)


def words_of(tokens: Iterable[str]) -> set[str]:
    """The single words of a token set (word pairs left out)."""
    return {t for t in tokens if " " not in t}
