"""Finds and removes boilerplate, the text a feed repeats in its items. Pure; no I/O.

Summary and content (sanitised HTML) are split into blocks: paragraphs, list items, headings,
figcaptions, leaf divs and loose text between them. A block's fingerprint hashes its text
casefolded, whitespace collapsed, the item's own title and URL and, in a sentence, digits masked,
so "The post <title> appeared first on <site>." matches across items. A block is boilerplate if the
feed is known for its fingerprint (learned before, kept in the store), if this document teaches it
(in ``MIN_ITEMS`` items and ``MIN_SHARE`` of them), or if it is one of the unmistakable
``_PATTERNS`` (for feeds of one or two items). Guards against losing text:
- a block in one or two items of a document is never learned;
- digits in a label ("Episode 12", not "Posted 3 hours ago") are not masked: they name the item;
- a repeated heading goes only with the list of links it heads ("Related articles") or when
  nothing kept follows it: "Synopsis" over kept text stays;
- an article whose text would all go keeps its original text;
- a stored article whose new copy differs only by boilerplate keeps its stored copy, so a
  fingerprint learned later never shows up as a revision.
Removal only cuts whole elements out of the HTML it is given: the result is as safe as it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence, Set
from dataclasses import dataclass, replace
from math import ceil

from aggregator.boilerplate_blocks import HEADINGS, Block, block_text, normalize, read_blocks
from aggregator.models import Item
from aggregator.text import stable_hash

# A WordPress feed shows its latest 10 posts: a writer's bio under 3 of them repeats, while two
# reports on one show may well share a sentence (tests/feeds/boilerplate/cel-shade-times.xml).
MIN_ITEMS = 3
# In a long document the count must also be a fifth of the items: 3 of 50 reports sharing a
# staff list is a busy week for one show, not a template.
MIN_SHARE = 0.2
MIN_MASKED = 8  # characters; a shorter title ("News") would be masked inside ordinary words
MAX_HEADING = 40  # characters; a repeated line this short before a list of links heads it
MAX_SAMPLE = 200  # characters of a fingerprint's text kept to show what it removes

_PATTERNS = re.compile(  # WordPress's RSS footer, an excerpt's "more" link, related-posts heads
    r"the post .+ appeared first on .+|(?:continue reading|read more)(?: {title})?[\s.…:»>→-]*"
    r"|(?:related|latest|recent|more) (?:articles|posts|stories|news):?|you may also like:?"
)


@dataclass(frozen=True, slots=True)
class SplitItem:
    """An item with its summary and content split into blocks."""

    item: Item
    summary: Block
    content: Block

    def leaves(self) -> list[Block]:
        return [*self.summary.leaves(), *self.content.leaves()]


@dataclass(frozen=True, slots=True)
class Learned:
    """A fingerprint a document teaches: in how many of its items, and the text it stands for."""

    items: int
    sample: str


def _masks(title: str, url: str) -> list[tuple[str, str]]:
    values = ((url, "{url}"), (url.split("?")[0], "{url}"), (title, "{title}"))
    folded = ((normalize(value, (), numbers=False), mark) for value, mark in values)
    return [(value, mark) for value, mark in folded if len(value) >= MIN_MASKED]


def split_item(item: Item) -> SplitItem:
    """``item`` with its summary and content split into blocks, each a root container."""
    masks = _masks(item.title, item.url)
    return SplitItem(item, *(read_blocks(f, masks) for f in (item.summary, item.content)))


def fingerprints(split: SplitItem) -> frozenset[str]:
    """The fingerprints of an item's blocks."""
    return frozenset(b.fingerprint for b in split.leaves() if b.fingerprint)


def learn(items: Sequence[SplitItem], carried: Sequence[Set[str]] = ()) -> dict[str, Learned]:
    """Fingerprints found in at least ``MIN_ITEMS`` and ``MIN_SHARE`` of ``items`` and the
    document's items not read again (``carried``: their fingerprints, as read before). Only
    those ``items`` hold are learned now: a sample of their text is kept."""
    keys = {b.fingerprint: b.key for s in items for b in s.leaves() if b.fingerprint}
    counts = Counter(fp for s in items for fp in fingerprints(s))
    counts.update(fp for found in carried for fp in found if fp in keys)
    need = max(MIN_ITEMS, ceil(MIN_SHARE * (len(items) + len(carried))))
    return {fp: Learned(n, keys[fp][:MAX_SAMPLE]) for fp, n in sorted(counts.items()) if n >= need}


@dataclass(frozen=True, slots=True)
class Cleaned:
    """One document's items without boilerplate: ``items[i]`` was ``originals[i]`` (None: it
    had none), ``prints[i]`` are its blocks' fingerprints; ``learned`` is what the document
    teaches and ``boiler`` every fingerprint it was cleaned of."""

    items: list[Item]
    originals: list[Item | None]
    prints: list[frozenset[str]]
    learned: dict[str, Learned]
    boiler: frozenset[str]


def clean_document(
    items: Sequence[Item], known: Set[str], carried: Sequence[Set[str]] = ()
) -> Cleaned:
    """One document's ``items`` without boilerplate: ``known`` are the feed's fingerprints
    learned before, ``carried`` the fingerprints of its items not read again. Needs nothing
    stored but these, so a parse worker cleans what it parses (``keep_stored`` then settles
    the items stored before)."""
    splits = [split_item(item) for item in items]
    learned = learn(splits, carried)
    boiler = frozenset(known).union(learned)
    cleaned = [strip_item(s, boiler) for s in splits]
    originals = [None if c is s.item else s.item for c, s in zip(cleaned, splits, strict=True)]
    return Cleaned(cleaned, originals, [fingerprints(s) for s in splits], learned, boiler)


def keep_stored(item: Item, original: Item | None, old: Item | None, boiler: Set[str]) -> Item:
    """``item`` as cleaned (from ``original``, None if cleaning left it as it was), or its
    stored copy ``old`` when the two differ only by boilerplate learned since ``old`` was
    stored: a fingerprint learned later never shows up as a revision."""
    if old is None or old.content_hash == item.content_hash or old.title != item.title:
        return item
    if _strip_fields(split_item(old), boiler) != _strip_fields(
        split_item(original or item), boiler
    ):
        return item  # a revision
    return replace(item, summary=old.summary, content=old.content, content_hash=old.content_hash)


def clean_items(
    items: Sequence[Item],
    known: Set[str],
    stored: Mapping[str, Item],
    carried: Sequence[Set[str]] = (),
) -> tuple[list[Item], dict[str, Learned], list[frozenset[str]]]:
    """``clean_document`` and ``keep_stored`` in one: ``stored`` are the stored copies of
    ``items`` by id. Returns the items, what the document teaches and each one's fingerprints."""
    done = clean_document(items, known, carried)
    pairs = zip(done.items, done.originals, strict=True)
    kept = [keep_stored(i, o, stored.get(i.item_id), done.boiler) for i, o in pairs]
    return kept, done.learned, done.prints


def strip_item(split: SplitItem, boiler: Set[str]) -> Item:
    """The item without its boilerplate blocks; unchanged if that would leave no text."""
    item = split.item
    summary, content = _strip_fields(split, boiler)
    unchanged = (summary, content) == (item.summary, item.content)
    if unchanged or not any(map(str.isalnum, block_text(summary + content))):
        return item
    content_hash = stable_hash(item.title, summary, content)  # the fields parse.py hashes
    return replace(item, summary=summary, content=content, content_hash=content_hash)


def _strip_fields(split: SplitItem, boiler: Set[str]) -> tuple[str, str]:
    summary = _strip_html(split.item.summary, split.summary, boiler)
    return summary, _strip_html(split.item.content, split.content, boiler)


def _strip_html(html: str, root: Block, boiler: Set[str]) -> str:
    spans, all_gone = _cuts(root, boiler)
    if all_gone or not spans:
        return "" if all_gone else html
    out: list[str] = []
    cursor = 0
    for start, end in sorted(spans):
        out.append(html[cursor:start])
        cursor = len(html) - len(html[end:].lstrip())  # with the line break after the block
    out.append(html[cursor:])
    return "".join(out).strip()


def _cuts(container: Block, boiler: Set[str]) -> tuple[list[tuple[int, int]], bool]:
    """Spans to cut inside ``container``, and whether all of its content goes."""
    parts = container.children
    gone = [False] * len(parts)
    inner: list[list[tuple[int, int]]] = [[] for _ in parts]
    for i, part in enumerate(parts):
        if part.children:
            inner[i], gone[i] = _cuts(part, boiler)
        else:
            gone[i] = part.tag not in HEADINGS and _is_boiler(part, boiler)
    _settle_headings(parts, gone, boiler)
    spans = [s for i, p in enumerate(parts) for s in ([(p.start, p.end)] if gone[i] else inner[i])]
    all_gone = any(gone) and all(g or not p.full for g, p in zip(gone, parts, strict=True))
    return spans, all_gone


def _settle_headings(parts: Sequence[Block], gone: list[bool], boiler: Set[str]) -> None:
    """A repeated heading goes with the list of links it heads, or when nothing kept follows."""
    for i in reversed(range(len(parts))):
        part = parts[i]
        if part.children or not _is_boiler(part, boiler):
            continue
        after = next((j for j in range(i + 1, len(parts)) if parts[j].full), None)
        short = part.tag in HEADINGS or len(part.key) <= MAX_HEADING
        if after is not None and short and _is_link_list(parts[after]):
            gone[i] = gone[after] = True
        elif part.tag in HEADINGS and (after is None or gone[after]):
            gone[i] = True


def _is_boiler(block: Block, boiler: Set[str]) -> bool:
    fp = block.fingerprint
    return fp is not None and (fp in boiler or bool(_PATTERNS.fullmatch(block.key)))


def _is_link_list(block: Block) -> bool:
    entries = [c for c in block.children if c.full]
    return block.tag in ("ul", "ol") and all(c.tag == "li" and c.links_only for c in entries)
