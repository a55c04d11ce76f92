"""An article's text as the matcher's tokens: folded words, light-stemmed, without stopwords;
Japanese and Chinese runs as character bigrams; adjacent pairs; names of one work (``match.
aliases`` and the known works) read as its first name, a character's name beside it. Pure.

Words (and pairs) are interned: the token sets of thousands of articles share one string per
word instead of holding a copy each.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Collection
from sys import intern

from aggregator.match_figures import ROMAN_VALUES
from aggregator.match_vocab import CARDINAL, MARKERS, STOPWORDS
from aggregator.match_vocab_ja import JA_NOISE
from aggregator.models import CHARACTER
from aggregator.text import fold, html_to_text, stable_hash

# Each Latin word as written -> its token ("" for a stopword): a batch of articles repeats
# the same few thousand words. Emptied when it grows past MAX_FORMS. A plain dict: a bounded
# lru_cache, which reorders its entries on every hit, read the words a quarter slower.
_FORMS: dict[str, str] = {}
MAX_FORMS = 100_000

# Kana and kanji; the katakana middle dot "・" separates words, as brackets and "、" do.
_CJK = "\u3040-\u30fa\u30fc-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af"
# Hyphenated names stay one word: "kaya-chan" must not match "hoppe-chan" through "chan".
WORD = re.compile(rf"[a-z0-9]+(?:[.'’\-][a-z0-9]+)*|[{_CJK}]+")
_GLUED = re.compile(r"(?<=[a-z'’\"”\d])(?=[A-Z][a-z]|TV\b)|(?<=[a-z])(?=\d)")
_ALNUM = re.compile(r"[^\W_]+")  # letters and digits of any script
# A Japanese headline names its work in 「」 or 『』; outside them, hiragana is grammar
# (particles, verb endings: "東京で上演", "担当が決定"), and no part of a name.
_JA_QUOTED = re.compile(r"([「『][^「」『』]*[」』])")
_HIRAGANA = re.compile(r"[\u3041-\u309f]+")
# "作品名:…", as some Japanese sites lead a headline with its work (folded: ":" for "：").
_JA_LEADING_NAME = re.compile(rf"^([^:「『]{{1,30}}[{_CJK}][^:「『]{{0,30}}):")


def canonical_names(
    folded: str,
    aliases: tuple[tuple[str, ...], ...],
    works: Collection[str] | None = None,
    *,
    script: bool | None = True,
) -> str:
    """``folded`` text with each name in ``aliases`` read as its work's first name (romaji or
    Japanese as the English title, when that comes first); a Japanese name stays beside it
    unless ``script`` is false (what names a headline's subject: the work, once); None blanks
    the names out. ``works``: the tokens of the works whose names are looked for (those its
    headline names, for an article's text); by default those ``named_works`` finds in it."""
    if not aliases:
        return folded
    table = _alias_table(aliases)
    found = table.named(folded) if works is None else frozenset(works)
    if not found:
        return folded
    return table.pattern(found).sub(lambda m: table.replace(m.group(), script), folded)


LEAD_CHARS = 300  # the lead: where a clickbait headline's article names its work


def lead_work(html: str, aliases: tuple[tuple[str, ...], ...]) -> frozenset[str]:
    """The work in ``aliases`` the lead of an article's ``html`` names, if it names one only."""
    found = named_works(fold(html_to_text(html[: LEAD_CHARS * 4])[:LEAD_CHARS]), aliases)
    return found if len(found) == 1 else frozenset()


def named_works(folded: str, aliases: tuple[tuple[str, ...], ...]) -> frozenset[str]:
    """The tokens of the works in ``aliases`` that ``folded`` (a headline) names."""
    return _alias_table(aliases).named(folded) if aliases else frozenset()


def first_names(works: Collection[str], aliases: tuple[tuple[str, ...], ...]) -> list[str]:
    """The first names of ``works`` (tokens ``named_works`` gave), in token order."""
    table = _alias_table(aliases)
    return [table.names_of[token][0] for token in sorted(works)]


class _Aliases:
    """Names of works, found fast among hundreds: a headline's words (and pairs of Japanese
    characters) are looked up, a Latin name by its first word or by all its words run together
    ("Umamusume" for "Uma Musume"), and only the works found there are looked for in full (with
    the word edges of ``_name_pattern``) in the headline and its article's text. Groups that
    share a name are one work (a reader's own list and the known works may both name it)."""

    def __init__(self, aliases: tuple[tuple[str, ...], ...]) -> None:
        self.token_of: dict[str, str] = {}  # squashed name -> its work's token
        self.names_of: dict[str, list[str]] = {}  # work token -> its names
        self.by_start: dict[str, list[tuple[str, str]]] = {}  # ``_start`` -> names
        self.reading: dict[str, str] = {}  # squashed name -> what stands for it
        self.starts: frozenset[str] = frozenset()
        for names in _merged([[fold(unglue(name)) for name in group] for group in aliases]):
            token = _work_token(names)
            self.names_of[token] = names
            first = _squash(names[0])
            for name in names:
                squashed = _squash(name)
                self.token_of[squashed] = token
                for start in {_start(name), squashed if name.isascii() else ""} - {""}:
                    self.by_start.setdefault(start, []).append((squashed, token))  # "Umamusume"
                if name.startswith(CHARACTER):  # the character's name, then the work's
                    self.reading[squashed] = f"{name.removeprefix(CHARACTER)} {names[0]}"
                elif name == names[0] or (first.startswith(squashed) and first != squashed):
                    self.reading[squashed] = name
                elif name.isascii():
                    self.reading[squashed] = names[0]
                else:  # its character pairs weigh as a name between Japanese sites
                    self.reading[squashed] = f"{names[0]} {name}"
        self.starts = frozenset(self.by_start)

    def replace(self, name: str, script: bool | None) -> str:
        """What stands for ``name`` in text: its work's first name (itself if it leads it), a
        character's name before it, with ``script`` a name in Japanese script after it."""
        reading = self.reading[_squash(name)] if script is not None else ""
        if not script and reading != name and reading.endswith(name):
            reading = reading.removesuffix(name)
        return f" {reading} "

    def named(self, folded: str) -> frozenset[str]:
        pieces = _ALNUM.findall(folded)
        starts = {p for p in pieces if p.isascii()}
        starts.update(p[i : i + 2] for p in pieces if not p.isascii() for i in range(len(p) - 1))
        squashed = "".join(pieces)
        maybe = {
            token
            for start in starts & self.starts
            for name, token in self.by_start[start]
            if name in squashed
        }
        if not maybe:
            return frozenset()
        found = self.pattern(frozenset(maybe)).finditer(folded)
        return frozenset(self.token_of[_squash(m.group())] for m in found)

    @functools.lru_cache(maxsize=1024)  # noqa: B019 (one table per config, kept for the run)
    def pattern(self, works: frozenset[str]) -> re.Pattern[str]:
        """One pattern for the names of ``works``, longest first so that a long name wins over
        a short one inside it."""
        names = {n for token in works for n in self.names_of[token]}
        ordered = sorted(names, key=lambda name: (-len(_squash(name)), name))
        return re.compile("|".join(map(_name_pattern, ordered)))


def _start(name: str) -> str:
    """What a headline must hold for ``name`` to be in it: its first word if Latin (a Latin
    name begins at a word's start), else its first two characters (Japanese has no spaces)."""
    first: str = _ALNUM.findall(name)[0]
    return first if first.isascii() else first[:2]


def _merged(groups: list[list[str]]) -> list[list[str]]:
    """``groups`` of names, those sharing a name (letters and digits alike) made one, each
    without repeats or empty names, in order of first appearance."""
    group_of: dict[str, int] = {}  # squashed name -> index of its group in ``merged``
    merged: list[list[str]] = []
    for names in groups:
        named = [n for n in names if _squash(n)]
        known = sorted({group_of[_squash(n)] for n in named if _squash(n) in group_of})
        if not known:
            known = [len(merged)]
            merged.append([])
        target = known[0]
        for other in known[1:]:
            merged[target] += merged[other]
            merged[other] = []
        merged[target] += named
        for name in merged[target]:
            group_of[_squash(name)] = target
    return [list(dict.fromkeys(names)) for names in merged if names]


def _alias_table(aliases: tuple[tuple[str, ...], ...]) -> _Aliases:
    """Built once per config: ``aliases`` is the same tuple for every article, so the last one
    is known by identity (hashing hundreds of names at every article cost more than finding
    them)."""
    last = _LAST_TABLE[0]
    if last is not None and last[0] is aliases:
        return last[1]
    table = _tables(aliases)
    _LAST_TABLE[0] = (aliases, table)
    return table


_LAST_TABLE: list[tuple[tuple[tuple[str, ...], ...], _Aliases] | None] = [None]


@functools.lru_cache(maxsize=8)
def _tables(aliases: tuple[tuple[str, ...], ...]) -> _Aliases:
    return _Aliases(aliases)


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
    for name in (n for n in names if not n.startswith(CHARACTER)):
        read = words(_squash(name))
        if len(read) == 1 and read[0].isascii() and is_subject(read[0]):
            return read[0]
    return "work" + stable_hash(*names, length=8)


def _squash(text: str) -> str:
    return "".join(_ALNUM.findall(text))


_FIGURE = re.compile(rf"[\d.,'’\-]+|\d+(st|nd|rd|th)|{'|'.join(ROMAN_VALUES)}")  # "III"


def is_subject(word: str) -> bool:
    return (
        word not in MARKERS
        and not _FIGURE.fullmatch(word)  # "1.42", "2nd"
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
    """The words of the works a folded headline quotes in 「」 or 『』 (None: it quotes none).
    Beside 『』, 「」 quotes speech ("『X』第3期決定! 主演「また旅ができる」"); a Japanese
    headline that quotes nothing but opens with a name and a colon ("X:第3期制作決定") names
    its work there."""
    quoted = _JA_QUOTED.findall(title)
    if any(q.startswith("『") for q in quoted):
        quoted = [q for q in quoted if q.startswith("『")]
    if not quoted:
        quoted = _JA_LEADING_NAME.findall(title)
    return frozenset(words(" ".join(quoted))) if quoted else None


def unglue(title: str) -> str:
    """Split words a scraper glued together when it dropped the spaces around markup:
    "Witch Hat AtelierAnime's" -> "Witch Hat Atelier Anime's", "End2nd" -> "End 2nd"."""
    return _GLUED.sub(" ", title)


def words(folded: str) -> list[str]:
    """Content words of folded text: stopwords dropped, plurals stemmed, CJK as bigrams;
    interned, as ``pairs`` are (see the module's docstring)."""
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


def word_form(raw: str) -> str:
    """The token of one Latin word as written, as ``words`` reads it ("" for a stopword)."""
    return _FORMS.get(raw) or _form(raw)


def _form(raw: str) -> str:
    """The token of one Latin word as written: interned, or "" for a stopword."""
    word = raw.replace("’", "'").removesuffix("'s")
    if word in STOPWORDS:
        return ""  # before the plural's "s" goes: "this" is no "thi"
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        word = word[:-1]
    word = CARDINAL.get(word, word)  # "three" as "3"
    return "" if word in STOPWORDS else intern(word)


def pairs(tokens: list[str]) -> list[str]:
    """Each adjacent pair of ``tokens`` joined by a space."""
    return [intern(f"{a} {b}") for a, b in itertools.pairwise(tokens)]
