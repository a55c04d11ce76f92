"""Reads sanitised HTML (as ``sanitize`` writes it) into blocks for ``boilerplate``: leaf block
elements, loose text between them and containers, by offsets, each leaf with its normalised
text and fingerprint. Pure; no I/O.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from html import unescape
from typing import NamedTuple

from aggregator.text import stable_hash

MIN_WORDS_MASKED = 3  # in fewer a number names the item: "Ch. 12", xss_content's "XSS-C20"

# The block and void elements sanitize.py lets through.
HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_BLOCK_TAGS = HEADINGS | set("p div li ul ol dl dt dd blockquote figure figcaption pre".split())
_BLOCK_TAGS |= {"table", "caption", "thead", "tbody", "tfoot", "tr", "td", "th"}
_DIGITS = re.compile(r"\d+")
_WORD = re.compile(r"\S*[^\W\d_]\S*")  # a word holds a letter: "c20" is one, "12" none
_TAG = re.compile(r'<(/?)([a-zA-Z][a-zA-Z0-9]*)(?:[^>"]++|"[^"]*+")*+>')
_BLOCK_TAG = re.compile(rf'<(/?)({"|".join(sorted(_BLOCK_TAGS))})(?=[\s/>])(?:[^>"]++|"[^"]*+")*+>')
_BREAK = re.compile(r"<br\b[^>]*>")
_LINK = re.compile(r"<a\b.*?</a>", re.S)


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


def normalize(text: str, masks: Sequence[tuple[str, str]], *, numbers: bool = True) -> str:
    """A block's text casefolded, on one line, with ``masks`` (title, URL) and digits masked."""
    # NFKC and casefold, not text.fold: an outlet repeats its boilerplate with the same accents,
    # and fold's pass over every character would double what cleaning costs.
    key = " ".join(text.split())
    # ASCII is its own NFKC form, and casefolds as it lowercases.
    key = key.lower() if key.isascii() else unicodedata.normalize("NFKC", key).casefold()
    for value, mark in masks:
        key = key.replace(value, mark)
    if numbers and _DIGITS.search(key) and _has_words(key, MIN_WORDS_MASKED):
        key = _DIGITS.sub("0", key)
    return key


def _has_words(text: str, count: int) -> bool:
    """Whether ``text`` holds at least ``count`` words, looking no further than the last."""
    end = 0
    for _ in range(count):
        word = _WORD.search(text, end)
        if word is None:
            return False
        end = word.end()
    return True


def read_blocks(html: str, masks: Sequence[tuple[str, str]]) -> Block:
    """``html`` as one container of blocks; ``masks`` (title, URL) are masked in their text."""
    return _Reader(html, masks).read()


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
        text = block_text(fragment)
        key = normalize(text, self.masks) if any(map(str.isalnum, text)) else ""
        media = "<img" in fragment
        linked = bool(key) and "<a" in fragment
        links_only = linked and not any(map(str.isalnum, block_text(_LINK.sub("", fragment))))
        # Loose content holding half of an inline element around blocks must stay whole.
        fingerprint = stable_hash(key) if key and (tag or _balanced(fragment)) else None
        return Block(start, end, tag, key, fingerprint, media, links_only)


def block_text(fragment: str) -> str:
    """The text of an HTML fragment, tags dropped and entities decoded."""
    return unescape(_TAG.sub("", _BREAK.sub(" ", fragment) if "<br" in fragment else fragment))


def _balanced(fragment: str) -> bool:
    depth = 0
    for tag in _TAG.finditer(fragment):
        depth += 0 if tag[2].lower() in ("br", "hr", "img") else -1 if tag[1] else 1
        if depth < 0:
            return False
    return depth == 0
