"""Finds the items of an RSS or Atom document in its raw bytes, before any parsing. Pure.

A feed serves its latest items again at every poll; most are byte for byte what the last
document held. ``cut`` finds each ``<item>`` (or ``<entry>``) element in the bytes, so that
``parse.read_feed`` can recognise those it has seen (by a digest of their bytes) and parse a
document of the others alone: a poll that brings one new article among twenty runs expat over
one item, not twenty.

Only a plain layout is cut: items of one name, unprefixed, not nested, separated by nothing but
whitespace; CDATA sections, comments and processing instructions are stepped over whole (an
``</item>`` inside them is text); no DOCTYPE. Anything else gives None and is parsed whole, as
before. An item's digest covers its bytes, the URL its links resolve against, the document's
content type, and every tag before the first item (``context``: the namespaces, xml:base and
encoding the item is read with) but not their text, which changes at every post
(``lastBuildDate``).
"""

from __future__ import annotations

import hashlib
import itertools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

# What the scan stops at: the start of a CDATA section, a comment, a processing instruction or
# a declaration, and an item's start or end tag.
_MARK = re.compile(rb"<!\[CDATA\[|<!--|<\?|<!|<(/?)(item|entry)(?=[\s/>])")
_ENDS = {b"<![CDATA[": b"]]>", b"<!--": b"-->", b"<?": b"?>"}
_TEXT = re.compile(rb">[^<]+")  # the text after a tag, up to the next markup


@dataclass(frozen=True, slots=True)
class Cut:
    """A document as its part before the first item, its items, and the rest."""

    body: bytes
    spans: tuple[tuple[int, int], ...]  # each item's element, start and end offsets

    def items(self) -> list[bytes]:
        return [self.body[start:end] for start, end in self.spans]

    def keeping(self, kept: Sequence[int]) -> bytes:
        """The document with only the items at indexes ``kept`` (in order) left in it."""
        first, last = self.spans[0][0], self.spans[-1][1]
        middle = b"\n".join(self.body[start:end] for start, end in (self.spans[i] for i in kept))
        return self.body[:first] + middle + self.body[last:]

    def digests(self, base_url: str, headers: Mapping[str, str]) -> list[str]:
        """Each item's digest (``raw:`` and 32 hex digits)."""
        context = hashlib.sha256(base_url.encode("utf-8", "surrogatepass"))
        content_type = {k.lower(): v for k, v in headers.items()}.get("content-type", "")
        context.update(b"\x1f" + content_type.lower().encode("utf-8", "replace") + b"\x1f")
        context.update(_TEXT.sub(b">", self.body[: self.spans[0][0]]))
        found = []
        for item in self.items():
            digest = context.copy()
            digest.update(item)
            found.append("raw:" + digest.hexdigest()[:32])
        return found


def cut(body: bytes) -> Cut | None:
    """The items of ``body`` found in its bytes, or None when its layout is not plain (see the
    module's docstring) or it has no item."""
    spans = _item_spans(body)
    if not spans:
        return None
    if any(body[end:after].strip() for (_, end), (after, _) in itertools.pairwise(spans)):
        return None  # something other than whitespace between two items
    return Cut(body, tuple(spans))


def _item_spans(body: bytes) -> list[tuple[int, int]] | None:
    """Where each item element starts and ends, or None when the layout is not plain."""
    spans: list[tuple[int, int]] = []
    names: set[bytes] = set()
    start: int | None = None
    position = 0
    while (mark := _MARK.search(body, position)) is not None:
        found = mark.group()
        if found == b"<!":
            return None  # a DOCTYPE or other declaration: read whole, by the rules for it
        if found in _ENDS:
            end = body.find(_ENDS[found], mark.end())
            if end < 0:
                return None
            position = end + len(_ENDS[found])
            continue
        names.add(mark.group(2))
        closing = mark.group(1) == b"/"
        close = body.find(b">", mark.end())
        empty = not closing and body[close - 1 : close] == b"/"
        # Cut off, items and entries in one document, an end with no start or an item inside
        # an item, or an empty <item/>.
        if close < 0 or len(names) > 1 or (start is None) == closing or empty:
            return None
        if start is not None:
            spans.append((start, close + 1))
            start = None
        else:
            start = mark.start()
        position = close + 1
    return spans if start is None else None
