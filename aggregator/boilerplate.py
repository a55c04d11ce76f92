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
import unicodedata
from collections import Counter
from collections.abc import Mapping, Sequence, Set
from dataclasses import dataclass, replace
from html import unescape
from math import ceil
from typing import NamedTuple

from aggregator.models import Item
from aggregator.text import stable_hash

# A WordPress feed shows its latest 10 posts: a writer's bio under 3 of them repeats, while two
# reports on one show may well share a sentence (tests/feeds/boilerplate/cel-shade-times.xml).
MIN_ITEMS = 3
# In a long document the count must also be a fifth of the items: 3 of 50 reports sharing a
# staff list is a busy week for one show, not a template.
MIN_SHARE = 0.2
MIN_MASKED = 8  # characters; a shorter title ("News") would be masked inside ordinary words
MIN_WORDS_MASKED = 3  # in fewer a number names the item: "Ch. 12", xss_content's "XSS-C20"
MAX_HEADING = 40  # characters; a repeated line this short before a list of links heads it
MAX_SAMPLE = 200  # characters of a fingerprint's text kept to show what it removes

# The block and void elements sanitize.py lets through.
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_BLOCK_TAGS = _HEADINGS | set("p div li ul ol dl dt dd blockquote figure figcaption pre".split())
_BLOCK_TAGS |= {"table", "caption", "thead", "tbody", "tfoot", "tr", "td", "th"}
_DIGITS = re.compile(r"\d+")
_WORD = re.compile(r"\S*[^\W\d_]\S*")  # a word holds a letter: "c20" is one, "12" none
_TAG = re.compile(r'<(/?)([a-zA-Z][a-zA-Z0-9]*)(?:[^>"]++|"[^"]*+")*+>')
_BLOCK_TAG = re.compile(rf'<(/?)({"|".join(sorted(_BLOCK_TAGS))})(?=[\s/>])(?:[^>"]++|"[^"]*+")*+>')
_BREAK = re.compile(r"<br\b[^>]*>")
_LINK = re.compile(r"<a\b.*?</a>", re.S)
_PATTERNS = re.compile(  # WordPress's RSS footer, an excerpt's "more" link, related-posts heads
    r"the post .+ appeared first on .+|(?:continue reading|read more)(?: {title})?[\s.…:»>→-]*"
    r"|(?:related|latest|recent|more) (?:articles|posts|stories|news):?|you may also like:?"
)


class Block(NamedTuple):  # not a dataclass: a feed makes thousands, and tuples build faster
    """A leaf block element, loose text between blocks, or a container of blocks, by offsets."""

    start: int
    end: int
    tag: str  # "" for loose content between blocks
    key: str  # normalised text; "" for containers and for blocks without letters or digits
    fingerprint: str | None
    media: bool  # holds an image
    links_only: bool  # has text, all of it inside links
    children: tuple[Block, ...] = ()

    @property
    def full(self) -> bool:
        """Holds text or an image."""
        return bool(self.key) or self.media or any(child.full for child in self.children)

    def leaves(self) -> list[Block]:
        """The leaf blocks in and under this one, in order."""
        return [leaf for c in self.children for leaf in c.leaves()] if self.children else [self]


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


def _normalize(text: str, masks: Sequence[tuple[str, str]], *, numbers: bool = True) -> str:
    """A block's text casefolded, on one line, with ``masks`` (title, URL) and digits masked."""
    # NFKC and casefold, not text.fold: an outlet repeats its boilerplate with the same accents,
    # and fold's pass over every character would double what cleaning costs.
    key = unicodedata.normalize("NFKC", " ".join(text.split())).casefold()
    for value, mark in masks:
        key = key.replace(value, mark)
    if numbers and _DIGITS.search(key) and len(_WORD.findall(key)) >= MIN_WORDS_MASKED:
        key = _DIGITS.sub("0", key)
    return key


def _masks(title: str, url: str) -> list[tuple[str, str]]:
    values = ((url, "{url}"), (url.split("?")[0], "{url}"), (title, "{title}"))
    folded = ((_normalize(value, (), numbers=False), mark) for value, mark in values)
    return [(value, mark) for value, mark in folded if len(value) >= MIN_MASKED]


def split_item(item: Item) -> SplitItem:
    """``item`` with its summary and content split into blocks, each a root container."""
    masks = _masks(item.title, item.url)
    return SplitItem(item, *(_Reader(f, masks).read() for f in (item.summary, item.content)))


def learn(items: Sequence[SplitItem]) -> dict[str, Learned]:
    """Fingerprints found in at least ``MIN_ITEMS`` and ``MIN_SHARE`` of ``items``."""
    keys = {b.fingerprint: b.key for s in items for b in s.leaves() if b.fingerprint}
    counts = Counter(fp for s in items for fp in {b.fingerprint for b in s.leaves()} if fp)
    need = max(MIN_ITEMS, ceil(MIN_SHARE * len(items)))
    return {fp: Learned(n, keys[fp][:MAX_SAMPLE]) for fp, n in sorted(counts.items()) if n >= need}


def clean_items(
    items: Sequence[Item], known: Set[str], stored: Mapping[str, Item]
) -> tuple[list[Item], dict[str, Learned]]:
    """One document's ``items`` without boilerplate, and what it teaches: ``known`` are the
    feed's fingerprints learned before, ``stored`` the stored copies of ``items`` by id."""
    splits = [split_item(item) for item in items]
    learned = learn(splits)
    boiler = set(known) | learned.keys()
    return [_clean(s, boiler, stored.get(s.item.item_id)) for s in splits], learned


def _clean(split: SplitItem, boiler: Set[str], old: Item | None) -> Item:
    item = strip_item(split, boiler)
    if old is None or old.content_hash == item.content_hash or old.title != item.title:
        return item
    if _strip_fields(split_item(old), boiler) != _strip_fields(split, boiler):
        return item  # a revision
    # Only boilerplate learned since differs: the stored copy and its hash stay, no revision.
    return replace(item, summary=old.summary, content=old.content, content_hash=old.content_hash)


def strip_item(split: SplitItem, boiler: Set[str]) -> Item:
    """The item without its boilerplate blocks; unchanged if that would leave no text."""
    item = split.item
    summary, content = _strip_fields(split, boiler)
    unchanged = (summary, content) == (item.summary, item.content)
    if unchanged or not any(map(str.isalnum, _text(summary + content))):
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
            gone[i] = part.tag not in _HEADINGS and _is_boiler(part, boiler)
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
        short = part.tag in _HEADINGS or len(part.key) <= MAX_HEADING
        if after is not None and short and _is_link_list(parts[after]):
            gone[i] = gone[after] = True
        elif part.tag in _HEADINGS and (after is None or gone[after]):
            gone[i] = True


def _is_boiler(block: Block, boiler: Set[str]) -> bool:
    fp = block.fingerprint
    return fp is not None and (fp in boiler or bool(_PATTERNS.fullmatch(block.key)))


def _is_link_list(block: Block) -> bool:
    entries = [c for c in block.children if c.full]
    return block.tag in ("ul", "ol") and all(c.tag == "li" and c.links_only for c in entries)


class _Open(NamedTuple):
    """An element being read: where it and its inside start, and the blocks read inside it."""

    tag: str
    start: int
    inner_start: int
    blocks: list[Block]


class _Reader:
    """Reads HTML as sanitize.py writes it into ``Block``s bottom-up, with their offsets.

    That HTML is html5ever's serialisation of a tree: elements nest, "<" in text is escaped and
    every attribute value is double-quoted, so regular expressions find its tags. Only block
    tags are followed: html.parser, following every tag, made cleaning cost several times more.
    """

    def __init__(self, html: str, masks: Sequence[tuple[str, str]]) -> None:
        self.html, self.masks = html, masks

    def read(self) -> Block:
        """The whole HTML as one container."""
        stack = [_Open("", 0, 0, [])]
        for tag in _BLOCK_TAG.finditer(self.html):
            if not tag[1]:
                stack.append(_Open(tag[2], tag.start(), tag.end(), []))
            elif stack[-1].tag == tag[2] or tag[2] in {node.tag for node in stack}:
                while (node := stack.pop()).tag != tag[2]:  # closed by an outer end tag
                    stack[-1].blocks.append(self._block(node, tag.start(), tag.start()))
                stack[-1].blocks.append(self._block(node, tag.start(), tag.end()))
        end = len(self.html)
        while len(stack) > 1:  # elements left open
            node = stack.pop()
            stack[-1].blocks.append(self._block(node, end, end))
        return self._container(stack[0], end, end)

    def _block(self, node: _Open, inner_end: int, end: int) -> Block:
        if node.blocks:
            return self._container(node, inner_end, end)
        return self._leaf(node.tag, node.start, end)

    def _container(self, node: _Open, inner_end: int, end: int) -> Block:
        parts: list[Block] = []
        cursor = node.inner_start
        for child in [*node.blocks, None]:
            gap = self.html[cursor : child.start if child else inner_end]
            loose = self._leaf("", cursor, cursor + len(gap)) if gap and not gap.isspace() else None
            parts += [loose] if loose and (loose.key or loose.media) else []
            parts += [child] if child else []
            cursor = child.end if child else cursor
        return Block(node.start, end, node.tag, "", None, False, False, tuple(parts))

    def _leaf(self, tag: str, start: int, end: int) -> Block:
        fragment = self.html[start:end]
        text = _text(fragment)
        key = _normalize(text, self.masks) if any(map(str.isalnum, text)) else ""
        media = "<img" in fragment
        linked = bool(key) and "<a" in fragment
        links_only = linked and not any(map(str.isalnum, _text(_LINK.sub("", fragment))))
        # Loose content holding half of an inline element around blocks must stay whole.
        fingerprint = stable_hash(key) if key and (tag or _balanced(fragment)) else None
        return Block(start, end, tag, key, fingerprint, media, links_only)


def _text(fragment: str) -> str:
    return unescape(_TAG.sub("", _BREAK.sub(" ", fragment) if "<br" in fragment else fragment))


def _balanced(fragment: str) -> bool:
    depth = 0
    for tag in _TAG.finditer(fragment):
        depth += 0 if tag[2].lower() in ("br", "hr", "img") else -1 if tag[1] else 1
        if depth < 0:
            return False
    return depth == 0
