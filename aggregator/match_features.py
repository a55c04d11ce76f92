"""What the matcher knows about one article: keys, tokens and news-type markers. Pure.

Built once per article from its title and text. Tokens are folded words (case, width and
accents ignored), light-stemmed, without stopwords, plus adjacent-word pairs so that names such
as "crimson lightning" weigh as a unit; Japanese and Chinese runs become character bigrams,
because they have no spaces. Markers come from the headline: the kind of news (trailer, cast,
delay, …), the medium (anime, manga, game, film, …), the regions or dub languages named, and the
season/part numbers; Japanese markers are found as substrings, for want of spaces. The guards
in ``match`` compare them. Names of one work listed in ``match.aliases`` or the known works
(in any language) read as the work's first name before anything else is read
(``match_names.canonical_names``). A headline that names no such work ("Anime's Most Beloved
Elf Returns") takes the one its lead names among its naming words, as a reader would.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from sys import intern
from typing import Any

from aggregator import __version__ as _VERSION
from aggregator.match_kinds import headline_kinds
from aggregator.match_names import canonical_names, first_names, headline_works
from aggregator.match_vocab import (
    COMPANIES,
    JA_MONTH,
    KIND_NAMES,
    MEDIUM_NAMES,
    MONTH_NAMES,
    MONTHS,
    SPINOFF,
    regions_of,
)
from aggregator.match_words import (
    is_subject,
    naming_part,
    pairs,
    unglue,
    words,
)
from aggregator.models import Item
from aggregator.text import article_key, canonical_url, fold, html_to_text, stable_hash

TEXT_CHARS = 4_000  # the lead of an article carries its facts; the rest is mostly boilerplate
# A volume ("37巻発売", "最新刊が発売"), its only medium when the headline names none: a manga.
_VOLUME = re.compile(r"\d巻|最新刊|新刊")
_NOT_ALNUM = re.compile(r"[\W_]+")  # what str.isalnum rejects: \w is isalnum and "_"


class Text:
    """An article's title and text words and their adjacent pairs ("crimson lightning"), as
    sorted tuples (a quarter of a set's memory: a batch holds thousands of articles), read
    from its text on first use. ``learn`` is told the words read, before anything weighs them.
    A stored article that only the guards meet (they read headlines) never has its text read.
    """

    __slots__ = ("_below", "_pairs", "_source", "_words")

    def __init__(
        self,
        item: Item,
        aliases: tuple[tuple[tuple[str, ...], ...], frozenset[str]],
        title_words: list[str],
        learn: Callable[[Iterable[str]], None] | None,
    ) -> None:
        self._source: tuple[Any, ...] | None = (item, aliases, title_words, learn)
        self._words: tuple[str, ...] = ()
        self._pairs: tuple[str, ...] = ()
        self._below = 0  # distinct words of the text that the headline does not hold

    def read(self) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """(words, pairs)."""
        if self._source is not None:
            item, aliases, title_words, learn = self._source
            html = item.content or item.summary
            text = fold(html_to_text(html)[:TEXT_CHARS])
            text_words = words(canonical_names(text, *aliases))  # the headline's works' names
            found = (
                tuple(sorted({*title_words, *text_words})),
                tuple(sorted({*pairs(title_words), *pairs(text_words)})),
            )
            self._hold(found, title_words, learn)
        return self._words, self._pairs

    @classmethod
    def kept(
        cls,
        read: tuple[tuple[str, ...], tuple[str, ...]],
        title_words: list[str],
        learn: Callable[[Iterable[str]], None] | None,
    ) -> Text:
        """The text of a stored article as read in an earlier run (``store.words``)."""
        text = cls.__new__(cls)
        text._source = (None, (), title_words, learn)
        text.take(read)
        return text

    def take(self, read: tuple[tuple[str, ...], tuple[str, ...]]) -> None:
        """Hold ``read`` (what ``read`` returned in another process) as if read here, unless
        read already; its strings are interned again, as this process's words are."""
        if self._source is not None:
            _, _, title_words, learn = self._source
            found = (tuple(map(intern, read[0])), tuple(map(intern, read[1])))
            self._hold(found, title_words, learn)

    def _hold(
        self,
        found: tuple[tuple[str, ...], tuple[str, ...]],
        title_words: list[str],
        learn: Callable[[Iterable[str]], None] | None,
    ) -> None:
        self._words, self._pairs = found
        self._below = len(self._words) - len(set(title_words))
        self._source = None
        if learn is not None:
            learn(self._words)

    def is_read(self) -> bool:
        """Whether the words are here (read, or taken from another process or the store)."""
        return self._source is None

    def words_below_headline(self) -> int:
        """How many distinct words the text holds that the headline does not."""
        self.read()
        return self._below


@dataclass(frozen=True, slots=True)
class Features:
    """Everything ``match`` compares about one article."""

    item: Item
    url_key: str
    article_key: str | None  # host + trailing article number, when the URL has one
    squashed_title: str  # letters and digits only: survives lost spaces and punctuation
    title_tokens: frozenset[str]  # the headline's words and adjacent pairs
    events: frozenset[str]
    media: frozenset[str]
    regions: frozenset[str]
    numbers: frozenset[str]  # "season:2", "part:1", "film:3" named in the headline
    months: frozenset[str]  # months named in the headline
    subject: frozenset[str]  # headline words that name things: no news kinds, media or numbers
    works: frozenset[str]  # the first names of the known works (or aliases) the headline names
    text: Text = field(compare=False, repr=False)

    def headline(self) -> str:
        """Everything here but the item and the text, as one string (``kept_features``); ""
        when a field holds the separators (a feed's name or guid with control characters)."""
        sets = (self.title_tokens, self.events, self.media, self.regions, self.numbers)
        fields = [self.url_key, self.article_key or "", self.squashed_title]
        fields += ["\n".join(sorted(f)) for f in (*sets, self.months, self.subject, self.works)]
        joined = _FIELD.join(fields)
        return joined if joined.count(_FIELD) == len(fields) - 1 else ""

    @property
    def words(self) -> tuple[str, ...]:
        """Title and text words, sorted."""
        return self.text.read()[0]

    @property
    def pairs(self) -> tuple[str, ...]:
        """Adjacent pairs of title words and of text words, sorted."""
        return self.text.read()[1]

    @property
    def tokens(self) -> frozenset[str]:
        """Words and pairs together (built on each call: the matcher reads the two apart)."""
        return frozenset(self.words).union(self.pairs)


def features_of(
    item: Item,
    aliases: tuple[tuple[str, ...], ...] = (),
    learn: Callable[[Iterable[str]], None] | None = None,
) -> Features:
    """The matching features of ``item``; each name in ``aliases`` (``match.aliases``: groups of
    names of one work) reads as the work's first name. ``learn`` (``Idf.know``) is told the
    headline's words now and the text's when they are first read."""
    folded_title = fold(unglue(item.title))
    works, lead, credited = headline_works(folded_title, item.content or item.summary, aliases)
    title = canonical_names(folded_title, aliases, works)
    named = canonical_names(folded_title, aliases, works, script=False) if works else title
    if credited:
        named = canonical_names(named, aliases, credited, script=None)
    named = " ".join([named, *first_names(lead, aliases)])
    title_words = words(title)
    if learn is not None:
        learn(title_words)
    unnamed = canonical_names(folded_title, aliases, works, script=None) if works else None
    marks, kinds, media, ja_marks, numbers = headline_kinds(title, unnamed)
    deal = not {"business", "licence"}.isdisjoint([*kinds, *ja_marks])
    companies = COMPANIES if deal else _EMPTY  # a deal's or a licence's subject: its parties
    return Features(
        item=item,
        url_key=canonical_url(item.url) if item.url else f"guid:{item.source}:{item.guid}",
        article_key=article_key(item.url),
        # Letter for letter as written: two spellings of a title are not one headline.
        squashed_title=_NOT_ALNUM.sub("", folded_title),
        title_tokens=frozenset([*title_words, *pairs(title_words)]),
        events=_set([*kinds, *(ja_marks & KIND_NAMES)]),
        media=_set([*media, *(ja_marks & MEDIUM_NAMES)] or ["manga"] * bool(_VOLUME.search(title))),
        regions=_set(regions_of(marks)),
        numbers=_set(numbers),
        months=_set(
            [
                *(w for w in marks if w in MONTHS),
                *(MONTH_NAMES[int(m.group(1)) - 1] for m in JA_MONTH.finditer(title)),
            ]
        ),
        subject=_set(w for w in words(naming_part(named)) if is_subject(w) or w in companies),
        works=_EMPTY if SPINOFF.search(folded_title) else _set(first_names(works, aliases)),
        text=Text(item, (aliases, works or lead), title_words, learn),
    )


# The modules whose code decides what ``Text.read`` finds in an article, and the headline's
# features kept beside it (``Features.headline``): every module this one imports, but
# ``models`` (a test holds the list to the imports).
_READERS = (
    "match_features",
    "match_words",
    "match_names",
    "match_vocab",
    "match_vocab_ja",
    "match_english",
    "match_phrases",
    "match_pieces",
    "match_kinds",
    "match_figures",
    "text",
)


@cache
def reading_key(aliases: tuple[tuple[str, ...], ...]) -> str:
    """What ``Text.read`` depends on besides the article: the source of the code that reads and
    ``aliases``. Words kept in the store are reused only under the same key, so a new version
    of the tokenizer or a new alias reads every article anew. Without the source (a frozen
    build), the version stands in for it."""
    sources = [_source(sys.modules[f"aggregator.{name}"].__file__) for name in _READERS]
    return stable_hash(*sources, repr(aliases))


def _source(path: str | None) -> str:
    """A module's source, or the version when it has none on disk."""
    if not path:
        return _VERSION
    try:
        return Path(path).read_bytes().decode("utf-8", "replace")
    except OSError:
        return _VERSION


def kept_features(
    item: Item,
    headline: str,
    read: tuple[tuple[str, ...], tuple[str, ...]],
    learn: Callable[[Iterable[str]], None] | None = None,
) -> Features:
    """The features of ``item`` from what an earlier run kept of them (``Features.headline``
    and ``Text.read``, under the same ``reading_key``): ``features_of`` without reading."""
    url_key, article, squashed, *sets = headline.split(_FIELD)
    tokens, events, media, regions, numbers, months, subject, works = (
        _set(intern(t) for t in found.split("\n") if t) for found in sets
    )
    title_words = [t for t in tokens if " " not in t]
    if learn is not None:
        learn(title_words)
    return Features(
        item=item,
        url_key=url_key,
        article_key=article or None,
        squashed_title=squashed,
        title_tokens=tokens,
        events=events,
        media=media,
        regions=regions,
        numbers=numbers,
        months=months,
        subject=subject,
        works=works,
        text=Text.kept(read, title_words, learn),
    )


_FIELD = "\x1e"  # between the fields of ``Features.headline``
_EMPTY: frozenset[str] = frozenset()


def _set(found: Iterable[str]) -> frozenset[str]:
    """``found`` as a frozenset; an empty one is the one shared empty set (most headlines name
    no region, month or number: 10,000 articles held 11 MB of distinct empty sets)."""
    return frozenset(found) or _EMPTY
