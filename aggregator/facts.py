"""What a report says that a story does not hold yet: the sentences behind update notes. Pure.

A story holds the text of its members and of its notes. A sentence of a new report (or of a
revised one) adds a fact when most of what it says is new: at least ``MIN_NEW`` of its content
words, and ``MIN_SHARE`` of them (or of those outside parentheses), are in no text of the
story, and no sentence of the story is a near copy of it (rapidfuzz ``token_set_ratio`` below
``SAME_SENTENCE``). Words are compared folded, with a plural "s" and a possessive "'s"
dropped; Japanese and Chinese text is compared by character pairs, since it has no spaces
between words.

The most informative new sentences are kept, in the order the report gives them. A new name
or number weighs ``NAME`` and a new common word ``WORD``; words in parentheses are asides (a
person's earlier works, a studio's credits) and weigh ``ASIDE`` times as much; a sentence that
names the story's subject (a name from its headlines) weighs ``ON_SUBJECT`` times as much, and a
fragment such as a staff-list line half as much.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from aggregator.match_vocab import GENERIC, STOPWORDS
from aggregator.text import collapse_space, fold, html_to_text

MIN_NEW = 2  # new content words a sentence needs to count as a new fact
MIN_SHARE = 0.3  # and the share of its content words they make up
SAME_SENTENCE = 85  # token_set_ratio at which two sentences say the same
MAX_FACTS = 3  # new sentences quoted in one note
MIN_WORDS = 5  # shorter lines ("Also on the staff:", "Leave a Comment!") are not facts
MAX_SENTENCE = 300  # characters: a longer "sentence" is a run-on list, cut at this length
NAME = 2.0  # weight of a new name (capitalised inside the sentence) or number
WORD = 0.5  # weight of a new common word
ASIDE = 0.5  # factor for words only inside parentheses
ON_SUBJECT = 2.0  # factor for a sentence naming a name of the story's headlines
FRAGMENT = 0.5  # factor for a line that does not end as a sentence does

# A sentence ends at . ! ? or 。 followed by a space (or, for 。！？, anything) and not after a
# single capital ("J. Smith") or a common abbreviation.
_ABBREVIATIONS = (
    "vs", "Mr", "Ms", "Dr", "St", "No", "Vol", "Ep", "Jr", "Inc",
    "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec",
)  # fmt: skip
_SENTENCE_END = re.compile(
    r"(?<![A-Z])" + "".join(rf"(?<!\b{a})" for a in _ABBREVIATIONS) + r"[.!?][\"”’)]*\s+|[。！？]"
)
_LATIN_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]+")
_TERMINAL = (".", "!", "?", "。", "！", "？", '"', "”", "’", ")")
_PARENTHESES = re.compile(r"\([^()]*\)")


@dataclass(frozen=True, slots=True)
class Fact:
    """A sentence of a report that the story does not hold yet."""

    text: str
    new_words: frozenset[str]
    weight: float


def sentences(html: str) -> list[str]:
    """The sentences of an article's HTML, in order; list lines and headings count as one."""
    found: list[str] = []
    for line in html_to_text(html).split("\n"):
        start = 0
        for end in _SENTENCE_END.finditer(line):
            found.append(line[start : end.end()].strip())
            start = end.end()
        found.append(line[start:].strip())
    return [_cut(s) for s in found if s]


def words(text: str) -> frozenset[str]:
    """The content words of ``text``: folded, no stopwords or words of every headline ("anime",
    "season"), plurals and possessives dropped;
    runs of Japanese or Chinese characters as character pairs."""
    folded = fold(text)
    found: set[str] = set()
    for run in _CJK.findall(folded):
        found.update(run[i : i + 2] for i in range(max(1, len(run) - 1)))
    for word in _LATIN_WORD.findall(_CJK.sub(" ", folded)):
        word = word.replace("’", "'").removesuffix("'s")
        if word in STOPWORDS or word in GENERIC or len(word) < 2:
            continue
        if len(word) > 4 and word.endswith("s") and not word.endswith("ss"):
            word = word[:-1]
        found.add(word)
    return frozenset(found)


def new_facts(
    report: str,
    story: Iterable[str],
    limit: int = MAX_FACTS,
    titles: Iterable[str] = (),
    budget: int | None = None,
) -> list[str]:
    """The few most informative sentences of ``report`` (HTML) that say something no text of
    ``story`` (HTML or plain text) holds, in the report's order. ``titles`` are the story's
    headlines: a sentence naming one of their names is on the story's subject. With
    ``budget``, a sentence that would take the quoted sentences past that many characters
    (joined by spaces) is passed over for a shorter, less informative one."""
    held = [s for text in story for s in sentences(text)]
    vocabulary = frozenset().union(*(words(s) for s in held)) if held else frozenset()
    subject = frozenset().union(*map(words, titles))
    facts: list[tuple[int, Fact]] = []
    for position, sentence in enumerate(sentences(report)):
        fact = _fact(sentence, vocabulary, held, subject)
        if fact is not None:
            facts.append((position, fact))
    chosen: list[tuple[int, Fact]] = []
    length = -1
    for position, fact in sorted(facts, key=lambda pf: (-pf[1].weight, pf[0])):
        if len(chosen) == limit:
            break
        if budget is None or length + 1 + len(fact.text) <= budget:
            chosen.append((position, fact))
            length += 1 + len(fact.text)
    return [fact.text for _, fact in sorted(chosen, key=lambda pf: pf[0])]


def _fact(
    sentence: str, vocabulary: frozenset[str], held: Sequence[str], subject: frozenset[str]
) -> Fact | None:
    content = words(sentence)
    if len(sentence.split()) < MIN_WORDS and not _CJK.search(sentence):
        return None
    new = content - vocabulary
    outside = words(_PARENTHESES.sub(" ", sentence))  # asides do not dilute the share
    share = max(len(new) / len(content or "."), len(new & outside) / len(outside or "."))
    if len(new) < MIN_NEW or share < MIN_SHARE:
        return None
    folded = fold(sentence)
    if any(fuzz.token_set_ratio(folded, fold(h)) >= SAME_SENTENCE for h in held):
        return None
    weight = sum(
        (NAME if w.isdigit() or _is_name(w, sentence) else WORD) * (1.0 if w in outside else ASIDE)
        for w in new
    )
    if any(_is_name(w, sentence) for w in subject & content):
        weight *= ON_SUBJECT
    if not _is_sentence(sentence):
        weight *= FRAGMENT
    return Fact(sentence, frozenset(new), weight)


def _is_sentence(line: str) -> bool:
    """Whether ``line`` ends as a sentence does; "Composer: X (earlier works)" does not."""
    core = _PARENTHESES.sub("", line).rstrip()
    return (core or line).endswith(_TERMINAL)


def _is_name(word: str, sentence: str) -> bool:
    """Whether ``word`` is written with a capital inside ``sentence`` (not only at its start)."""
    pattern = re.compile(rf"(?<=[\s(“\"‘'])({re.escape(word)})", re.I)
    return any(m.group(1)[:1].isupper() for m in pattern.finditer(sentence))


def _cut(sentence: str) -> str:
    sentence = collapse_space(sentence)
    if len(sentence) <= MAX_SENTENCE:
        return sentence
    return sentence[: MAX_SENTENCE - 1].rsplit(" ", 1)[0] + "…"
