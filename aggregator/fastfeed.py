"""Reads common, well-formed RSS 2.0 and Atom 1.0 documents with expat, as feedparser would. Pure.

feedparser reads every format and every broken document but spends most of its time on the
bookkeeping around each element. This module reads the common case five times faster into
the entries feedparser makes (the keys ``xmlfeed.from_feedparser`` reads, with the same
values), keeping feedparser's rules where they change a value: a permalink guid (or Atom id)
stands in for a missing link, resolved like links; content fills an empty summary; "&amp;" in
a link's text becomes "&"; UTF-8 read as Latin-1 is repaired, C1 controls read as
Windows-1252; dates go through feedparser's own date parser. It declines (None) whatever
goes beyond that, and ``xmlfeed`` hands it to feedparser: a malformed document, a DOCTYPE,
another root, an item out of place or with attributes, xml:base below the root, a namespaced
attribute, an element or type (xhtml, base64) not read here, a field twice, an author's
e-mail address. tests/test_fastfeed.py holds it to feedparser's reading of every feed of the
test suite, the hostile corpus and generated documents.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from xml.parsers import expat

from aggregator.text import repair_mojibake

ATOM = "http://www.w3.org/2005/Atom"
_XML_BASE = "http://www.w3.org/XML/1998/namespace base"
_XML_LANG = "http://www.w3.org/XML/1998/namespace lang"
# Namespace URI (lowercased, as feedparser matches them) -> the prefix feedparser names its
# elements with; RSS and Atom elements have none.
_PREFIXES = {
    "": "", ATOM.lower(): "", "http://purl.org/rss/1.0/modules/content/": "content:",
    "http://purl.org/dc/elements/1.1/": "dc:", "http://search.yahoo.com/mrss/": "media:",
    "http://search.yahoo.com/mrss": "media:", "http://purl.org/rss/1.0/modules/slash/": "slash:",
    "http://wellformedweb.org/commentapi/": "wfw:",
}  # fmt: skip
# Item elements holding a field: name -> (field, default content type). A field may appear once.
_FIELDS = {
    "title": ("title", "text/plain"), "description": ("summary", "text/html"),
    "summary": ("summary", "text/plain"), "content:encoded": ("content", "text/html"),
    "content": ("content", "text/plain"), "guid": ("guid", ""), "id": ("guid", ""),
    "pubdate": ("published", ""), "published": ("published", ""), "updated": ("updated", ""),
    "dc:date": ("updated", ""), "author": ("author", ""), "dc:creator": ("author", ""),
}  # fmt: skip
# Item elements none of the fields come from (leaves; their text is not read).
_IGNORED = frozenset(
    {"category", "comments", "source", "slash:comments", "wfw:commentrss", "wfw:comment"}
)
_MEDIA = frozenset({"media:group", "media:content", "media:thumbnail"})
_HTML_TYPES = ("text/html", "application/xhtml+xml")
_TYPE_NAMES = {
    "text": "text/plain", "plain": "text/plain", "html": "text/html", "xhtml": _HTML_TYPES[1]
}  # fmt: skip
_LINK_REFERENCE = re.compile("&([A-Za-z0-9_]+);")


@dataclass(frozen=True, slots=True)
class Rules:
    """feedparser's own functions for what must come out exactly as feedparser has it (given
    by ``xmlfeed``, the one module importing feedparser)."""

    parse_date: Callable[[str], Any]  # a date as feedparser reads it (a struct_time or None)
    join: Callable[[str, str], str]  # a link resolved against the base URL
    safe_base: Callable[[str, str], str]  # a base URL joined to another, "" if unsafe


class Declined(Exception):
    """The document goes beyond what this module reads the way feedparser does."""


def read_entries(
    document: bytes, base: str, rules: Rules
) -> tuple[list[dict[str, Any]], bool] | None:
    """The entries of the UTF-8 ``document`` fetched from ``base`` (its Content-Location),
    and whether it is RSS; None where feedparser must read it."""
    reader = _Reader(base, rules)
    parser = expat.ParserCreate("utf-8", " ")
    parser.buffer_text = True
    parser.StartElementHandler = reader.start
    parser.EndElementHandler = reader.end
    parser.CharacterDataHandler = reader.text
    parser.StartDoctypeDeclHandler = parser.SkippedEntityHandler = _decline
    try:
        parser.Parse(document, True)
    except (expat.ExpatError, Declined):
        return None
    return reader.entries, bool(reader.is_rss)


def _decline(*_: object) -> None:
    raise Declined


class _Reader:
    """expat's handlers: the path of open elements, the entry being read and its text."""

    def __init__(self, base: str, rules: Rules) -> None:
        self.base, self.rules = base, rules
        self.path: list[str] = []  # feedparser's names of the open elements
        self.is_rss: bool | None = None  # known from the root on
        self.entries: list[dict[str, Any]] = []
        self.entry: dict[str, Any] | None = None
        self.seen: set[str] = set()
        self.field: tuple[str, str, dict[str, str]] | None = None  # name, field, attributes
        self.pieces: list[str] = []
        self.author: str | None = None  # an Atom author's name
        self.author_part: str | None = None  # the author's child being read
        self.permalink = False  # whether the guid being read is the item's link

    def start(self, tag: str, attributes: dict[str, str]) -> None:
        name, depth = _name(tag, self.entry is not None), len(self.path)
        attrs = _attributes(self._root(tag, attributes) if depth == 0 else attributes)
        self.path.append(name)
        if depth > 0 and name in ("item", "entry"):
            parent = ["rss", "channel"] if self.is_rss else ["feed"]
            if self.entry is not None or self.path[:-1] != parent or attrs:
                raise Declined
            self.entry, self.seen = {}, set()
        elif self.entry is not None:
            self._entry_element(name, attrs)

    def _root(self, tag: str, attributes: dict[str, str]) -> dict[str, str]:
        """Reads the root: the format, and the base URL its xml:base sets for the document
        (feedparser joins the base to itself at every element; it must settle here).
        Returns the other attributes."""
        if tag not in ("rss", f"{ATOM} feed"):
            raise Declined
        self.is_rss = tag == "rss"
        others = {k: v for k, v in attributes.items() if k not in (_XML_BASE, "base")}
        given = attributes.get(_XML_BASE, attributes.get("base")) or self.base
        base = self.rules.safe_base(self.base, given) or self.base if self.base else given
        self.base = self.rules.safe_base(base, base) or base
        if (self.rules.safe_base(self.base, self.base) or self.base) != self.base:
            raise Declined  # it would change again below
        return others

    def _entry_element(self, name: str, attrs: dict[str, str]) -> None:
        if self.author_part is not None or (self.field and self.field[1] != "author"):
            raise Declined  # markup inside a field
        parent = self.path[-2]
        if self.field is not None:  # inside an author: Atom's name, email and uri
            if name not in ("name", "email", "uri") or "".join(self.pieces).strip():
                raise Declined
            self.author_part, self.author, self.pieces = name, self.author or "", []
        elif parent not in ("item", "entry") and not (name in _MEDIA and parent in _MEDIA):
            raise Declined  # nested deeper than the elements read here
        elif name in _FIELDS:
            self._open(name, _FIELDS[name][0], attrs)
        elif name == "link":
            self._link(attrs)
        elif not (self._attachment(name, attrs) or name in _IGNORED):
            raise Declined  # an element not read here

    def _open(self, name: str, field: str, attrs: dict[str, str]) -> None:
        if field in self.seen or "src" in attrs:
            raise Declined  # a field twice, or Atom content elsewhere
        self.seen.add(field)
        self.field, self.pieces = (name, field, attrs), []
        if field == "guid":
            self.permalink = attrs.get("ispermalink", "true") == "true"

    def _attachment(self, name: str, attrs: dict[str, str]) -> bool:
        """Reads an enclosure or a Media RSS element; False if ``name`` is neither."""
        assert self.entry is not None
        if name == "enclosure":
            self.entry.setdefault("links", []).append({**_href(attrs), "rel": "enclosure"})
        elif name in ("media:content", "media:thumbnail"):
            self.entry.setdefault(name.replace(":", "_"), []).append(attrs)
        return name == "enclosure" or name in _MEDIA

    def _link(self, attrs: dict[str, str]) -> None:
        assert self.entry is not None
        attrs.setdefault("rel", "alternate")
        attrs.setdefault("type", "application/atom+xml" if attrs["rel"] == "self" else "text/html")
        attrs = _href(attrs)
        self.entry.setdefault("links", []).append(attrs)
        if "href" not in attrs:  # the link is the element's text
            self._open("link", "link", attrs)
        else:
            attrs["href"] = self.rules.join(self.base, attrs["href"])
            if attrs["rel"] == "alternate" and _content_type(attrs["type"]) in _HTML_TYPES:
                self.entry["link"] = attrs["href"]

    def text(self, data: str) -> None:
        if self.field is not None:
            self.pieces.append(data)
        elif self.path and self.path[-1] == "media:thumbnail" and data.strip():
            raise Declined  # feedparser would read its URL from the text

    def end(self, tag: str) -> None:
        name = self.path.pop()
        if self.entry is None:
            return
        if name in ("item", "entry") and len(self.path) == (2 if self.is_rss else 1):
            self.entries.append(self.entry)
            self.entry = None
        elif self.author_part is not None:
            if self.author_part == "name":
                self.author = "".join(self.pieces).strip()
            self.author_part, self.pieces = None, []
        elif self.field is not None and name == self.field[0]:
            self._end_field(self.entry, *self.field)
            self.field = None

    def _end_field(
        self, entry: dict[str, Any], name: str, field: str, attrs: dict[str, str]
    ) -> None:
        raw = "".join(self.pieces).strip()
        if field == "author":
            self._end_author(entry, raw)
        elif field == "link":
            value = repair_mojibake(self.rules.join(self.base, raw) if raw else raw)
            value = _LINK_REFERENCE.sub(r"&\g<1>", value.replace("&amp;", "&"))
            entry["link"] = value
            if value:
                attrs["href"] = value
        elif field == "guid":
            value = repair_mojibake(
                self.rules.join(self.base, raw) if raw and self.permalink else raw
            )
            entry["id"] = value
            if self.permalink:
                entry.setdefault("link", value)
        elif field in ("published", "updated"):
            value = repair_mojibake(raw)
            entry[field] = value
            entry[f"{field}_parsed"] = self.rules.parse_date(value)
        else:
            self._end_text(entry, name, field, attrs, repair_mojibake(raw))

    def _end_text(
        self, entry: dict[str, Any], name: str, field: str, attrs: dict[str, str], value: str
    ) -> None:
        kind = _content_type(attrs.get("type", _FIELDS[name][1]))
        if kind not in ("text/plain", "text/html") or "mode" in attrs:
            raise Declined  # xhtml is markup; other types are base64 to feedparser
        if field == "title":
            entry["title"] = value
        elif field == "summary":
            entry["summary"] = value
            entry["summary_detail"] = {"type": kind, "base": self.base, "value": value}
        else:
            detail = {"type": kind, "base": self.base, "value": value}
            entry.setdefault("content", []).append(detail)
            entry.setdefault("summary", value)  # feedparser's copy into an empty summary

    def _end_author(self, entry: dict[str, Any], raw: str) -> None:
        name, self.author = self.author, None
        if name is None:  # RSS: the element's text
            name = repair_mojibake(raw)
            if "@" in name:
                raise Declined  # feedparser would take an e-mail address out of it
        elif not name or raw:  # Atom: <author><name>...</name></author>
            raise Declined
        entry["author"] = name
        if name:
            entry["author_detail"] = {"name": name}


def _name(tag: str, in_entry: bool) -> str:
    """feedparser's name for the element ``tag`` (expat's "uri local" or "local"); an element
    of another namespace is only named (as "?") outside entries, where it changes nothing."""
    uri, _, local = tag.rpartition(" ")
    prefix = _PREFIXES.get(uri.lower())
    if prefix is None:
        if in_entry or local.lower() in ("item", "entry"):
            raise Declined  # feedparser may read it as a field, or as an entry
        return "?"
    return prefix + local.lower()


def _attributes(attributes: dict[str, str]) -> dict[str, str]:
    """Attributes as feedparser keeps them: names lowercased, and the values of rel and type."""
    attrs = {}
    for key, value in attributes.items():
        if key == _XML_LANG:
            continue
        key = key.lower()
        if " " in key or key == "base":  # (xml:)base moves the base URL; namespaced: not read
            raise Declined
        attrs[key] = value.lower() if key in ("rel", "type") else value
    return attrs


def _href(attrs: dict[str, str]) -> dict[str, str]:
    """``attrs`` with a url or uri attribute named href, as feedparser names links."""
    href = attrs.get("url", attrs.get("uri", attrs.get("href")))
    if href:
        attrs = {k: v for k, v in attrs.items() if k not in ("url", "uri")}
        attrs["href"] = href
    return attrs


def _content_type(kind: str) -> str:
    return _TYPE_NAMES.get(kind.lower(), kind.lower())
