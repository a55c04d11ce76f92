"""Reads what a run left behind: every stored string, every published field, every HTML value.

Touches the SQLite store (read only) and the published files. ``HtmlRules`` applies the
corpus's ``html_checks`` with ``html.parser``: forbidden elements, ``on*`` attributes, URL
schemes after WHATWG-style pre-processing, comments.
"""

from __future__ import annotations

import html
import json
import re
import sqlite3
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

PUBLISHED = ("feed.atom", "feed.rss", "feed.json", "index.html")
STORED_HTML = {("articles", "summary"), ("articles", "content")}
STORED_HTML |= {("article_versions", "summary"), ("article_versions", "content")}
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")
_C0_AND_SPACE = "".join(chr(c) for c in range(0x21))


@dataclass(frozen=True)
class Field:
    """One string the run stored or published, and where it is."""

    where: str  # "articles.title" or "feed.atom <title>"
    value: str
    is_html: bool = False


def stored_fields(db: Path) -> Iterator[Field]:
    """Every text value of every table of the store."""
    conn = sqlite3.connect(db)
    try:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        for table in tables:
            cursor = conn.execute(f'SELECT * FROM "{table}"')
            columns = [d[0] for d in cursor.description]
            for row in cursor:
                for column, value in zip(columns, row, strict=True):
                    if isinstance(value, str):
                        is_html = (table, column) in STORED_HTML
                        yield Field(f"{table}.{column}", value, is_html)
    finally:
        conn.close()


def published_fields(store: Path) -> Iterator[Field]:
    """Every text and attribute of the published feeds and of index.html's stories."""
    yield from _xml_fields(store / "feed.atom", "feed.atom")
    yield from _xml_fields(store / "feed.rss", "feed.rss")
    yield from _json_fields(json.loads((store / "feed.json").read_text(encoding="utf-8")))
    page = _PageFields()
    page.feed((store / "index.html").read_text(encoding="utf-8"))
    page.close()
    yield from page.fields
    yield Field("index.html <main>", "".join(page.main), is_html=True)


def published_problems(store: Path) -> list[str]:
    """Published files that are missing or not well-formed."""
    problems = []
    for name in PUBLISHED:
        path = store / name
        if not path.is_file():
            problems.append(f"{name} was not published")
            continue
        text = path.read_text(encoding="utf-8", errors="strict")
        try:
            if name == "feed.json":
                json.loads(text)
            elif name != "index.html":
                _parse_xml(text)
        except (ValueError, ET.ParseError) as exc:
            problems.append(f"{name} is not well-formed: {exc}")
    return problems


def published_texts(store: Path) -> Iterator[tuple[str, str]]:
    """Each published feed's whole text as a reader sees it: XML-unescaped once, JSON decoded.

    index.html is not here: its own <meta> and <style> are no feed's doing, and its stories
    (the markup inside <main>), texts and attributes are among ``published_fields``.
    """
    for name in ("feed.atom", "feed.rss"):
        yield name, html.unescape((store / name).read_text(encoding="utf-8", errors="replace"))
    document = json.loads((store / "feed.json").read_text(encoding="utf-8"))
    yield "feed.json", "\n".join(f.value for f in _json_fields(document))


def _parse_xml(text: str) -> ET.Element:
    if "<!DOCTYPE" in text[:2000].upper():
        raise ValueError("a DOCTYPE in our own output")
    return ET.fromstring(text)


def _xml_fields(path: Path, name: str) -> Iterator[Field]:
    for element in _parse_xml(path.read_text(encoding="utf-8")).iter():
        tag = element.tag.rsplit("}", 1)[-1]
        where = f"{name} <{tag}>"
        is_html = element.get("type") == "html" or tag in ("description", "encoded")
        if element.text:
            yield Field(where, element.text, is_html)
        for attribute, value in element.attrib.items():
            yield Field(f"{where} @{attribute}", value)


def _json_fields(value: Any, where: str = "feed.json") -> Iterator[Field]:
    if isinstance(value, str):
        yield Field(where, value, where.endswith(".content_html"))
    elif isinstance(value, dict):
        for key, inner in value.items():
            yield from _json_fields(inner, f"{where}.{key}")
    elif isinstance(value, list):
        for inner in value:
            yield from _json_fields(inner, where)


class _PageFields(HTMLParser):
    """index.html's texts and attributes, and the raw markup inside <main> (the stories)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.fields: list[Field] = []
        self.main: list[str] = []
        self._in_main = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self._in_main:
            self.main.append(self.get_starttag_text() or "")
        self._in_main = self._in_main or tag == "main"
        self.fields += [Field(f"index.html <{tag}> @{k}", v or "") for k, v in attrs]

    def handle_endtag(self, tag: str) -> None:
        self._in_main = self._in_main and tag != "main"
        if self._in_main:
            self.main.append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        self.fields.append(Field("index.html text", data))
        if self._in_main:
            self.main.append(html.escape(data))

    def handle_comment(self, data: str) -> None:
        if self._in_main:
            self.main.append(f"<!--{data}-->")


class HtmlRules(HTMLParser):
    """Collects violations of the corpus's ``html_checks`` in one HTML value."""

    def __init__(self, rules: dict[str, Any]) -> None:
        super().__init__(convert_charrefs=True)
        self.rules = rules
        self.violations: list[str] = []

    def check(self, value: str) -> list[str]:
        self.reset()
        self.violations = []
        self.feed(value)
        self.close()
        return self.violations

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.rules.get("forbidden_elements", ()):
            self.violations.append(f"<{tag}> element")
        for name, value in attrs:
            if name.startswith(tuple(self.rules.get("forbidden_attribute_prefixes", ()))):
                self.violations.append(f"<{tag} {name}=...> attribute")
            if name in self.rules.get("url_attributes", ()) and value is not None:
                urls = [c.split()[0] for c in value.split(",") if c.split()]
                for url in urls if name == "srcset" else [value]:
                    self._check_url(tag, name, url)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_comment(self, data: str) -> None:
        if self.rules.get("no_comments"):
            self.violations.append(f"comment <!--{data[:40]}-->")

    def _check_url(self, tag: str, name: str, url: str) -> None:
        # WHATWG URL pre-processing: trim C0 controls and spaces, drop tab/CR/LF anywhere.
        normal = re.sub("[\t\r\n]", "", url.strip(_C0_AND_SPACE))
        scheme = _SCHEME.match(normal)
        allowed = self.rules.get("allowed_url_schemes", ())
        if scheme and scheme.group(1).lower() not in allowed:
            self.violations.append(f"<{tag} {name}={url[:60]!r}> scheme {scheme.group(1)!r}")
