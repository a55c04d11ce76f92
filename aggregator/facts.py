"""What a report says that a story does not hold yet: the sentences behind update notes. Pure.

A story holds the text of its members and of its notes. A sentence of a new report (or of a
revised one) adds a fact when most of what it says is new: at least ``MIN_NEW`` of its content
words, and ``MIN_SHARE`` of them (or of those outside parentheses), are in no text of the
story, and no sentence of the story is a near copy of it (rapidfuzz ``token_set_ratio`` below
``SAME_SENTENCE``). Words are compared folded, with a plural "s" and a possessive "'s"
dropped; Japanese and Chinese text is compared by character pairs, since it has no spaces
between words.

The most informative new sentences are kept, in the order the report gives them. A new name
or number (digits or spelled out) weighs ``NAME``, a new common word ``WORD``, and all common
words together ``MAX_COMMON`` at most. Words in parentheses are asides (a person's earlier
works, a studio's credits) and weigh ``ASIDE`` times as much. A sentence that names the
story's subject (a name its headlines share) weighs ``ON_SUBJECT`` times as much, a fragment
such as a staff-list line ``FRAGMENT`` times; credit lines are never quoted, nor a sentence
weighing less than ``MIN_RELATIVE`` of the best.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz, process

from aggregator.match_vocab import GENERIC, STOPWORDS
from aggregator.text import fold, html_to_text

MIN_NEW = 2  # new content words a sentence needs to count as a new fact
MIN_SHARE = 0.3  # and the share of its content words they make up
SAME_SENTENCE = 85  # token_set_ratio at which two sentences say the same
MAX_FACTS = 3  # new sentences quoted in one note
MIN_WORDS = 5  # shorter lines ("Also on the staff:", "Leave a Comment!") are not facts
MAX_SENTENCE = 300  # characters: a longer "sentence" is a run-on list, cut at this length
NAME = 2.0  # weight of a new name (capitalised inside the sentence) or number
WORD = 0.5  # weight of a new common word
MAX_COMMON = 2.0  # common words show that something is said, names and numbers what
MIN_RELATIVE = 0.5  # a sentence weighing less than this share of the best one is not quoted
ASIDE = 0.5  # factor for words only inside parentheses
ON_SUBJECT = 2.0  # factor for a sentence naming a name of the story's headlines
FRAGMENT = 0.5  # factor for a line that does not end as a sentence does

# A sentence ends at . ! ? or 。 followed by a space (or, for 。！？, anything) and not after a
# single capital ("J. Smith") or a common abbreviation.
_ABBREVIATIONS = (
    "vs", "Mr", "Ms", "Dr", "St", "No", "Vol", "Ep", "Jr", "Inc",
    "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec",
)  # fmt: skip
_SENTENCE_END = re.compile(  # the lookahead first: lookbehinds only where a sentence may end
    r"(?=[.!?])(?<![A-Z])"
    + "".join(rf"(?<!\b{a})" for a in _ABBREVIATIONS)
    + r"[.!?][\"”’)]*\s+|[。！？]"
)
_LATIN_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]+")
_TERMINAL = (".", "!", "?", "。", "！", "？", '"', "”", "’", ")")
_PARENTHESES = re.compile(r"\([^()]*\)")
_STARTS = re.compile(r"(?:^|[.!?]\s+)[“\"‘'(\s]*$")  # text before a sentence's first word
# Credit lines say where a picture or the report came from, not what happened.
_NOTICE = re.compile(r"\s*(?:©|\(c\)|copyright\b|image credit|source:)", re.I)
MAX_TITLE_WORDS = 6  # a longer quotation is speech or lyrics, not the title of a work
_NUMBERS = frozenset(
    "two three four five six seven eight nine ten eleven twelve twenty thirty hundred "
    "thousand million first second third fourth fifth".split()
)  # spelled out, numbers are facts as much as digits ("one" is too often a pronoun)


@dataclass(frozen=True, slots=True)
class Fact:
    """A sentence of a report that the story does not hold yet."""

    text: str
    new_words: frozenset[str]
    weight: float


def sentences(html: str) -> list[str]:
    """The sentences of an article's HTML, in order; list lines and headings count as one. A
    quotation is never split: its sentences stay inside the sentence that quotes them."""
    return list(_sentences(html))


# A story's texts are split and read again for every report it gains; merge reads a story's
# reports in a row, so a few stories' worth of entries is enough (more only holds memory).
@lru_cache(maxsize=512)
def _sentences(html: str) -> tuple[str, ...]:
    found: list[str] = []
    for line in html_to_text(html).split("\n"):
        start = 0
        for end in _SENTENCE_END.finditer(line):
            if _inside_quotation(line[start : end.end()]):
                continue
            found.append(line[start : end.end()].strip())
            start = end.end()
        found.append(line[start:].strip())
    return tuple(_cut(s) for s in found if s)


@lru_cache(maxsize=1 << 12)
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
    held = [s for text in story for s in _sentences(text)]
    vocabulary = frozenset().union(*(words(s) for s in held)) if held else frozenset()
    subject = _subject([words(title) for title in titles])
    folded_held = [_fold(h) for h in held]
    facts: list[tuple[int, Fact]] = []
    for position, sentence in enumerate(_sentences(report)):
        fact = _fact(sentence, vocabulary, folded_held, subject)
        if fact is not None:
            facts.append((position, fact))
    chosen: list[tuple[int, Fact]] = []
    length = -1
    ranked = sorted(facts, key=lambda pf: (-pf[1].weight, pf[0]))
    for position, fact in ranked:
        if len(chosen) == limit or fact.weight < MIN_RELATIVE * ranked[0][1].weight:
            break
        if budget is None or length + 1 + len(fact.text) <= budget:
            chosen.append((position, fact))
            length += 1 + len(fact.text)
    return [fact.text for _, fact in sorted(chosen, key=lambda pf: pf[0])]


_fold = lru_cache(maxsize=1 << 12)(fold)


def _subject(titles: Sequence[frozenset[str]]) -> frozenset[str]:
    """What a story is about: the words at least two of its headlines share (headlines are
    title-cased, so their other capitals say nothing), else the words of its one headline."""
    if len(titles) < 2:
        return frozenset().union(*titles)
    return frozenset(w for w in frozenset().union(*titles) if sum(w in t for t in titles) >= 2)


def _fact(
    sentence: str, vocabulary: frozenset[str], held: Sequence[str], subject: frozenset[str]
) -> Fact | None:
    content = words(sentence)
    new = content - vocabulary
    if len(new) < MIN_NEW:  # the cheapest test first: most sentences of a report are known
        return None
    if len(sentence.split()) < MIN_WORDS and not _CJK.search(sentence):
        return None
    if _NOTICE.match(sentence):
        return None
    outside = words(_PARENTHESES.sub(" ", sentence))  # asides do not dilute the share
    share = max(len(new) / len(content or "."), len(new & outside) / len(outside or "."))
    if share < MIN_SHARE:
        return None
    near = process.extractOne(
        _fold(sentence), held, scorer=fuzz.token_set_ratio, score_cutoff=SAME_SENTENCE
    )
    if near is not None:
        return None
    names = [w for w in new if w.isdigit() or w in _NUMBERS or _is_name(w, sentence)]
    common = [w for w in new if w not in names]
    weight = sum(NAME * (1.0 if w in outside else ASIDE) for w in names)
    weight += min(MAX_COMMON, sum(WORD * (1.0 if w in outside else ASIDE) for w in common))
    if any(_is_name(w, sentence) for w in subject & content):
        weight *= ON_SUBJECT
    if not _is_sentence(sentence):
        weight *= FRAGMENT
    return Fact(sentence, frozenset(new), weight)


def _is_sentence(line: str) -> bool:
    """Whether ``line`` ends as a sentence does; "Composer: X (earlier works)" does not."""
    core = _PARENTHESES.sub("", line).rstrip()
    return (core or line).endswith(_TERMINAL)


def _inside_quotation(text: str) -> bool:
    """Whether ``text`` ends inside a quotation: an opening curly quote not yet closed, or an
    odd number of straight double quotes."""
    return text.count("“") > text.count("”") or text.count('"') % 2 == 1


def _is_name(word: str, sentence: str) -> bool:
    """Whether ``word`` is written with a capital inside ``sentence`` where a capital is not
    owed to grammar: not where the sentence or a sentence within it starts, and not as the
    first word of a quotation longer than a title ("The moment has arrived…")."""
    for found in re.finditer(rf"(?<![\w'’-])({re.escape(word)})", sentence, re.I):
        before = sentence[: found.start()]
        if not found.group(1)[:1].isupper() or _STARTS.search(before):
            continue
        if before.endswith(("“", '"')):
            quoted = re.split(r'[”"]', sentence[found.start() :], maxsplit=1)[0]
            if len(quoted.split()) > MAX_TITLE_WORDS:
                continue
        return True
    return False


def _cut(sentence: str) -> str:
    # html_to_text leaves one space between words and no control characters.
    if len(sentence) <= MAX_SENTENCE:
        return sentence
    return sentence[: MAX_SENTENCE - 1].rsplit(" ", 1)[0] + "…"
