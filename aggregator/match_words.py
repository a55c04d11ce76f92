"""An article's text as the matcher's tokens: folded words, light-stemmed, without stopwords;
Japanese and Chinese runs as character bigrams; adjacent pairs. Pure. (``match_names`` reads
the names of works.)

Words (and pairs) are interned: the token sets of thousands of articles share one string per
word instead of holding a copy each.
"""

from __future__ import annotations

import itertools
import re
from sys import intern

from aggregator.match_figures import ROMAN_VALUES
from aggregator.match_vocab import CARDINAL, MARKERS, STOPWORDS
from aggregator.match_vocab_ja import JA_NOISE

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
# A Japanese headline names its work in 「」 or 『』; outside them, hiragana is grammar
# (particles, verb endings: "東京で上演", "担当が決定"), and no part of a name.
_JA_QUOTED = re.compile(r"([「『][^「」『』]*[」』])")
_HIRAGANA = re.compile(r"[\u3041-\u309f]+")
# "作品名:…", as some Japanese sites lead a headline with its work (folded: ":" for "：").
_JA_LEADING_NAME = re.compile(rf"^([^:「『]{{1,30}}[{_CJK}][^:「『]{{0,30}}):")


# "1.42", "2nd", "III", a decade ("80s"), an amount ("$5M": "5m")
_FIGURE = re.compile(rf"[\d.,'’\-]+|\d+(st|nd|rd|th|s|k|m|b|bn)|{'|'.join(ROMAN_VALUES)}")


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
    "Witch Hat AtelierAnime's" -> "Witch Hat Atelier Anime's", "End2nd" -> "End 2nd"; not
    the names written so ("YouTube", "PlayStation"): "You Tube" would address the reader."""
    return _GLUED.sub(" ", _CAMEL_NAMES.sub(lambda m: m.group().lower(), title))


# Names written in two capitalised parts, kept whole.
_CAMEL_NAMES = re.compile(
    r"(?<![A-Za-z])(?:YouTube|TikTok|PlayStation|MyAnimeList|DreamWorks|GameStop|BookWalker"
    r"|SoundCloud|NicoNico)"
)


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
