"""How a name sounds, so that a Japanese headline's katakana meets the English words it
renders: キングダム and "Kingdom", メダリスト and "Medalist", ルックバック and "Look Back". Pure.

Both spellings become a **sound key**: the classes of their consonants in order (K, S, T, N, H,
B, M, R, W), vowels and glides dropped, a repeated class written once. Japanese writes English
l and r alike (R), f and h alike (H), b, p and v alike (B), th as s (S), and drops an r that
follows a vowel (アワード, "award"); the key folds the English spelling the same way. A key of
fewer than ``MIN_SOUNDS`` classes says too little to name anything (キャッツ, "cats").
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from aggregator.match_words import words
from aggregator.text import fold

# A sound key of fewer classes than this names nothing: too many words share it.
MIN_SOUNDS = 4
# The English words one katakana run may render: "Steel Ball Run" (スティール・ボール・ラン).
MAX_RUN = 3

_KANA_CLASSES = {
    "K": "カキクケコガギグゲゴヵヶ",
    "S": "サシスセソザジズゼゾチヂ",
    "T": "タテトダデドツヅ",
    "N": "ナニヌネノン",
    "H": "ハヒフヘホ",
    "B": "バビブベボパピプペポヴ",
    "M": "マミムメモ",
    "R": "ラリルレロ",
    "W": "ワヰヱヲヮ",
}
_KANA = {kana: sound for sound, row in _KANA_CLASSES.items() for kana in row}
_KATAKANA_RUN = re.compile("[\u30a1-\u30fa\u30fc\u30fb]{3,}")
_SMALL_VOWELS = frozenset("ィェォ")  # ウィ, ウェ, ウォ: wi, we, wo

# English spellings, longest first, and the classes they sound as ("" is silent).
_SPELLINGS = (
    ("tion", "SN"),
    ("tch", "S"),
    ("ph", "H"),
    ("sh", "S"),
    ("ch", "S"),
    ("th", "S"),
    ("ck", "K"),
    ("gh", ""),
    ("ts", "T"),
    ("qu", "K"),
    ("wh", "W"),
    ("x", "KS"),
)
_LETTERS = {
    **dict.fromkeys("bpv", "B"),
    **dict.fromkeys("dt", "T"),
    **dict.fromkeys("kq", "K"),
    **dict.fromkeys("szj", "S"),
    **dict.fromkeys("lr", "R"),
    "f": "H",
    "h": "H",
    "m": "M",
    "n": "N",
    "w": "W",
}
_VOWELS = frozenset("aeiouy")
_SOFTENING = frozenset("eiy")  # c and g before these: "dance", "stage"
_LATIN_WORD = re.compile("[a-z]+")
_JAPANESE = re.compile("[\u3040-\u30ff\u4e00-\u9fff]")


@lru_cache(maxsize=4096)
def katakana_sounds(title: str) -> frozenset[str]:
    """The sound keys of the katakana runs of a headline as written (not folded: folding
    drops the marks that make ハ a バ), each run read whole."""
    runs = _KATAKANA_RUN.findall(unicodedata.normalize("NFKC", title))
    keys = (_collapse(_kana_classes(run)) for run in runs)
    return frozenset(key for key in keys if len(key) >= MIN_SOUNDS)


def headline_sounds(title: str) -> frozenset[str]:
    """The sound keys of the runs of words of an English headline (none for a Japanese one:
    its katakana names are read by ``katakana_sounds``)."""
    if _JAPANESE.search(title):
        return frozenset()
    return frozenset(english_sounds(tuple(words(fold(title)))))


def english_sounds(words: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    """The sound key of each run of up to ``MAX_RUN`` consecutive ``words`` (of at least
    ``MIN_SOUNDS`` classes), and the words of that run."""
    spoken = [_word_classes(w) for w in words]
    runs: dict[str, tuple[str, ...]] = {}
    for start in range(len(words)):
        for end in range(start + 1, min(start + MAX_RUN, len(words)) + 1):
            key = _collapse("".join(spoken[start:end]))
            if len(key) >= MIN_SOUNDS:
                runs.setdefault(key, tuple(words[start:end]))
    return runs


def _kana_classes(run: str) -> str:
    """The consonant class of each kana of a katakana run ("" for a vowel, ー or ッ)."""
    classes = []
    for i, kana in enumerate(run):
        if kana == "ウ" and run[i + 1 : i + 2] in _SMALL_VOWELS:
            classes.append("W")
        else:
            classes.append(_KANA.get(kana, ""))
    return "".join(classes)


@lru_cache(maxsize=8192)
def _word_classes(word: str) -> str:
    """The consonant classes of one English word, as a Japanese rendering would sound it."""
    out = []
    letters = "".join(_LATIN_WORD.findall(word))
    i = 0
    while i < len(letters):
        for spelling, sound in _SPELLINGS:
            if letters.startswith(spelling, i):
                out.append(sound)
                i += len(spelling)
                break
        else:
            out.append(_letter(letters, i))
            i += 1
    return "".join(out)


def _letter(letters: str, i: int) -> str:
    """The class of the letter at ``i``: c and g soften before e, i, y; an r, w or h after a
    vowel and before none is silent ("award", "saw", "oh"), as is an r before a final e
    ("figure") and an initial k before n ("knight")."""
    letter, before = letters[i], letters[i - 1] if i else ""
    after = letters[i + 1] if i + 1 < len(letters) else ""
    if letter in _VOWELS:
        return ""
    if letter == "c":
        return "S" if after in _SOFTENING else "K"
    if letter == "g":
        return "S" if i and after in _SOFTENING else "K"
    if letter == "r" and before in _VOWELS and letters[i + 1 :] == "e":
        return ""  # "figure", "core": フィギュア, コア
    if letter in "rwh" and (not after or after not in _VOWELS) and (letter != "h" or before):
        return "" if letter != "r" or before in _VOWELS else "R"
    if letter == "k" and not i and after == "n":
        return ""
    return _LETTERS.get(letter, "")


def _collapse(classes: str) -> str:
    """``classes`` with each repeated class once, and an n before b as m (ンプ, "mp")."""
    out: list[str] = []
    for sound in classes:
        if out and out[-1] == sound:
            continue
        if sound == "B" and out and out[-1] == "N":
            out[-1] = "M"
        out.append(sound)
    return "".join(out)
