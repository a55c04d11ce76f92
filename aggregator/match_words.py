"""An article's text as the matcher's tokens: folded words, light-stemmed, without stopwords;
Japanese and Chinese runs as character bigrams; adjacent pairs; names of one work (``match.
aliases``) as one token. Pure.

Words (and pairs) are interned: the token sets of thousands of articles share one string per
word instead of holding a copy each.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Mapping
from sys import intern

from aggregator.match_vocab import JA_NOISE, MARKERS, STOPWORDS
from aggregator.text import fold, stable_hash

# Each Latin word as written -> its token ("" for a stopword): a batch of articles repeats
# the same few thousand words. Emptied when it grows past MAX_FORMS. A plain dict: a bounded
# lru_cache, which reorders its entries on every hit, read the words a quarter slower.
_FORMS: dict[str, str] = {}
MAX_FORMS = 100_000

# Kana and kanji; the katakana middle dot "・" separates words, as brackets and "、" do.
_CJK = "\u3040-\u30fa\u30fc-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af"
# Hyphenated names stay one word: "kaya-chan" must not match "hoppe-chan" through "chan".
WORD = re.compile(rf"[a-z0-9]+(?:[.'’\-][a-z0-9]+)*|[{_CJK}]+")
_GLUED = re.compile(r"(?<=[a-z'’\"”\d])(?=[A-Z][a-z])|(?<=[a-z])(?=\d)")
_ALNUM = re.compile(r"[^\W_]+")  # letters and digits of any script
# A Japanese headline names its work in 「」 or 『』; outside them, hiragana is grammar
# (particles, verb endings: "東京で上演", "担当が決定"), and no part of a name.
_JA_QUOTED = re.compile(r"([「『][^「」『』]*[」』])")
_HIRAGANA = re.compile(r"[\u3041-\u309f]+")


def canonical_names(folded: str, aliases: tuple[tuple[str, ...], ...]) -> str:
    """``folded`` text with each name in ``aliases`` replaced by the one token of its work."""
    if not aliases:
        return folded
    pattern, token_of = _alias_rule(aliases)
    return pattern.sub(lambda m: f" {token_of[_squash(m.group())]} ", folded)


@functools.lru_cache(maxsize=8)
def _alias_rule(
    aliases: tuple[tuple[str, ...], ...],
) -> tuple[re.Pattern[str], Mapping[str, str]]:
    """One pattern for every name in ``aliases``, longest first so that a long name wins over a
    short one inside it, and each name's work token keyed by the squashed name. Built once per
    config: ``aliases`` is the same tuple for every article."""
    token_of: dict[str, str] = {}
    squashed: dict[str, str] = {}  # folded name -> its letters and digits
    for group in aliases:
        names = [fold(unglue(name)) for name in group]
        token = _work_token(names)
        for name in names:
            if _squash(name):
                squashed[name] = _squash(name)
                token_of.setdefault(squashed[name], token)
    ordered = sorted(squashed, key=lambda name: (-len(squashed[name]), name))
    return re.compile("|".join(map(_name_pattern, ordered)) or "(?!)"), token_of


def _name_pattern(name: str) -> str:
    """A folded name, whatever spaces or punctuation separate its words; a Latin edge must be a
    word edge ("Kaya" is not in "kayak"), a Japanese one need not (no spaces in Japanese)."""
    pieces = _ALNUM.findall(name)
    head = r"(?<![a-z0-9])" if pieces[0][0].isascii() else ""
    tail = r"(?![a-z0-9])" if pieces[-1][-1].isascii() else ""
    return head + r"[\W_]*".join(map(re.escape, pieces)) + tail


def _work_token(names: list[str]) -> str:
    """One word for a work: its first name that ``words`` reads as one Latin naming word once
    squashed ("kusuriyanohitorigoto"), else a hash, since Japanese would be split into bigrams."""
    for name in names:
        read = words(_squash(name))
        if len(read) == 1 and read[0].isascii() and is_subject(read[0]):
            return read[0]
    return "work" + stable_hash(*names, length=8)


def _squash(text: str) -> str:
    return "".join(_ALNUM.findall(text))


def is_subject(word: str) -> bool:
    return (
        word not in MARKERS
        and not word.isdigit()
        and not re.fullmatch(r"\d+(st|nd|rd|th)", word)
        and not (word[0] >= "\u3040" and len(word) < 2)  # a lone kana or kanji: a particle
    )


def naming_part(title: str) -> str:
    """What of a folded headline can name things: no Japanese markers or counted numbers
    ("第2期"), and in a headline that quotes its work in brackets, no hiragana outside them."""
    title = JA_NOISE.sub(" ", title)
    if not _JA_QUOTED.search(title):
        return title
    parts = _JA_QUOTED.split(title)  # odd parts are the quoted ones
    return "".join(p if i % 2 else _HIRAGANA.sub(" ", p) for i, p in enumerate(parts))


def quoted_words(title: str) -> frozenset[str] | None:
    """The words of the works a folded headline quotes in 「」 or 『』 (None: it quotes none)."""
    quoted = _JA_QUOTED.findall(title)
    return frozenset(words(" ".join(quoted))) if quoted else None


def unglue(title: str) -> str:
    """Split words a scraper glued together when it dropped the spaces around markup:
    "Witch Hat AtelierAnime's" -> "Witch Hat Atelier Anime's", "End2nd" -> "End 2nd"."""
    return _GLUED.sub(" ", title)


def words(folded: str) -> list[str]:
    """Content words of folded text: stopwords dropped, plurals stemmed, CJK as bigrams.

    Words (and ``pairs``) are interned: the token sets of thousands of articles then share one
    string per word instead of holding a copy each."""
    out: list[str] = []
    forms = _FORMS
    if len(forms) > MAX_FORMS:
        forms.clear()
    for raw in WORD.findall(folded):
        word = forms.get(raw)
        if word is None:
            if raw[0] >= "\u3040":
                out.extend(intern(raw[i : i + 2]) for i in range(max(1, len(raw) - 1)))
                continue
            word = forms[raw] = _form(raw)
        if word:
            out.append(word)
    return out


def _form(raw: str) -> str:
    """The token of one Latin word as written: interned, or "" for a stopword."""
    word = raw.replace("’", "'").removesuffix("'s")
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        word = word[:-1]
    return "" if word in STOPWORDS else intern(word)


def with_pairs(tokens: list[str]) -> list[str]:
    """``tokens`` plus each adjacent pair joined by a space."""
    return tokens + pairs(tokens)


def pairs(tokens: list[str]) -> list[str]:
    """Each adjacent pair of ``tokens`` joined by a space."""
    return [intern(f"{a} {b}") for a, b in itertools.pairwise(tokens)]
