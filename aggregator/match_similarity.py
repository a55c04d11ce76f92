"""Weighted overlaps and cosines of token sets, the matcher's measures of how much two
headlines or two texts say alike (weights from ``Idf``). Pure."""

from __future__ import annotations

import math
from collections.abc import Collection

from aggregator.idf import Idf

Tokens = tuple[Collection[str], Collection[str]]  # an article's (or its text's) words and pairs


def shared(a: Tokens, b: Tokens) -> tuple[frozenset[str], frozenset[str]]:
    """The words and the word pairs two articles (or two texts) share."""
    return frozenset(a[0]).intersection(b[0]), frozenset(a[1]).intersection(b[1])


def overlap(
    a: Collection[str], b: Collection[str], idf: Idf, shared: frozenset[str] | None = None
) -> float:
    """Weighted share of the shorter token set found in the other (``shared``: their
    intersection, when the caller has it)."""
    if not a or not b:
        return 0.0
    if shared is None:
        shared = frozenset(a).intersection(b)
    return sum(map(idf.weights.__getitem__, shared)) / min(idf.total(a), idf.total(b))


def cosine(
    a: Tokens,
    b: Tokens,
    idf: Idf,
    shared: tuple[frozenset[str], frozenset[str]],
    *,
    keep: bool = True,
) -> float:
    """IDF cosine of two articles' words and pairs, given what they share. With ``keep``, the
    norms are kept in ``idf`` (for an article's own tokens; not for sets made for one
    comparison)."""
    norm_a, norm_b = _norm(a, idf, keep), _norm(b, idf, keep)
    if not norm_a or not norm_b:
        return 0.0
    square = idf.squares.__getitem__
    return (sum(map(square, shared[0])) + sum(map(square, shared[1]))) / math.sqrt(norm_a * norm_b)


def _norm(tokens: Tokens, idf: Idf, keep: bool) -> float:
    if keep:
        return idf.total(tokens[0], 2) + idf.total(tokens[1], 2)
    return sum(map(idf.squares.__getitem__, tokens[0])) + sum(
        map(idf.squares.__getitem__, tokens[1])
    )
