"""Turns a fetched feed body into ``Item``s. Pure: bytes in, dataclasses out.

RSS 0.9x/1.0/2.0 and Atom go through feedparser (the only module importing it); JSON Feed
1.0/1.1 is read with the json module. feedparser always gets an ``io.BytesIO``: given a short
``bytes`` or ``str`` it may treat it as a path or URL and read it. Dates come only from the
``*_parsed`` keys that are really present, because ``FeedParserDict`` quietly answers
``updated`` with ``published``. Every HTML field is sanitised again (``sanitize``) and every
field is capped, so a hostile feed cannot put scripts or megabytes into the store.
"""

from __future__ import annotations

import calendar
import io
import json
import logging
import time
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

import feedparser
import feedparser.api

from aggregator.errors import ParseError
from aggregator.models import Item, Source
from aggregator.sanitize import clean_link, sanitize_html
from aggregator.text import collapse_space, html_to_text, stable_hash, strip_control

log = logging.getLogger(__name__)

# Use the stdlib expat parser even where the libxml2 bindings are installed: feedparser prefers
# them, and through them an external entity can read local files.
feedparser.api.PREFERRED_XML_PARSERS = []

MAX_ITEMS = 1000  # per document; real news feeds carry 10-100
MAX_TITLE = 1_000  # characters
MAX_SUMMARY = 20_000
MAX_CONTENT = 200_000
MAX_GUID = 2_000
# Dates outside [EARLIEST, fetched + FUTURE_SLACK] are typos or placeholders (year 9999, the
# Unix epoch); the article then falls back to when it was first seen.
EARLIEST = datetime(1995, 1, 1, tzinfo=UTC)
FUTURE_SLACK = timedelta(days=1)
# bozo reasons that leave a perfectly usable document behind
_HARMLESS_BOZO = ("CharacterEncodingOverride", "NonXMLContentType")


def parse_feed(
    body: bytes, *, source: Source, headers: Mapping[str, str], fetched_at: datetime, base_url: str
) -> list[Item]:
    """Items of the feed document ``body`` fetched from ``base_url``.

    Raises:
        ParseError: the body is not a feed, or is so broken that no item can be read.
    """
    if _looks_like_json(body, headers):
        entries = _json_entries(body, source, base_url)
    else:
        entries = _xml_entries(body, source, headers, base_url)
    items: dict[str, Item] = {}
    for raw in entries[:MAX_ITEMS]:
        item = _to_item(raw, source, fetched_at, base_url)
        if item is not None:
            items.setdefault(item.item_id, item)  # a repeated guid keeps its first copy
    return list(items.values())


def _looks_like_json(body: bytes, headers: Mapping[str, str]) -> bool:
    content_type = headers.get("content-type", "").lower()
    return "json" in content_type or body.lstrip()[:1] == b"{"


def _xml_entries(
    body: bytes, source: Source, headers: Mapping[str, str], base_url: str
) -> list[dict[str, Any]]:
    response_headers = dict(headers)
    response_headers.setdefault("content-location", base_url)
    try:
        # sanitize_html=False: feedparser's sanitiser drops a <script> tag but keeps its text,
        # which can itself be markup (document.write('<img src=...>')) that then turns live.
        # nh3 (``sanitize``) removes script elements with their content; see
        # tests/feeds/formats/README.md, rss20.xml.
        parsed = feedparser.parse(
            io.BytesIO(body), response_headers=response_headers, sanitize_html=False
        )
    except Exception as exc:  # feedparser raises bare ValueErrors on bad character references
        raise ParseError(
            source.name, f"unreadable document ({type(exc).__name__}: {exc})"
        ) from None
    problem = parsed.get("bozo_exception") if parsed.get("bozo") else None
    reason = f" ({type(problem).__name__}: {problem})" if problem else ""
    if not parsed.entries and not parsed.get("version"):
        content_type = headers.get("content-type", "unknown content type")
        raise ParseError(source.name, f"not an RSS, Atom or JSON feed: {content_type}{reason}")
    if problem is not None and type(problem).__name__ not in _HARMLESS_BOZO:
        if not parsed.entries:
            raise ParseError(source.name, f"malformed feed with no readable items{reason}")
        log.warning("%s: feed is malformed, read what could be read%s", source.name, reason)
    is_rss = str(parsed.get("version", "")).startswith("rss")
    return [_from_feedparser(entry, is_rss) for entry in parsed.entries]


def _from_feedparser(entry: Any, is_rss: bool) -> dict[str, Any]:
    """The fields we use, from one feedparser entry, as plain values."""
    contents = entry.get("content") or []
    html_contents = [c for c in contents if "html" in c.get("type", "")] or contents
    content = max((c.get("value", "") for c in html_contents), key=len, default="")
    title_detail = entry.get("title_detail") or {}
    title = entry.get("title", "")
    if "html" in title_detail.get("type", ""):
        title = html_to_text(title)
    published = _struct_time(dict.get(entry, "published_parsed"))
    updated = _struct_time(dict.get(entry, "updated_parsed"))
    if is_rss and published is None:
        # feedparser reports RSS 1.0's dc:date as "updated"; in RSS it is the only date an item
        # has, so it is when the item was published (tests/feeds/formats/README.md, rss10.rdf).
        published, updated = updated, None
    # "author" reads "Name (email)" when the feed gives an email; republish only the name.
    author_detail = entry.get("author_detail") or {}
    return {
        "guid": entry.get("id") or "",
        "url": entry.get("link") or "",
        "title": title,
        "summary": entry.get("summary", "") or "",
        "content": content if content != entry.get("summary") else "",
        "published": published,
        "updated": updated,
        "author": author_detail.get("name") or entry.get("author", "") or "",
        "image": _image(entry),
    }


def _struct_time(value: time.struct_time | None) -> datetime | None:
    if value is None:
        return None
    try:
        return datetime.fromtimestamp(calendar.timegm(value), tz=UTC)
    except (OverflowError, ValueError, OSError):
        return None


def _image(entry: Any) -> str | None:
    for key in ("media_thumbnail", "media_content"):
        for media in entry.get(key) or []:
            if media.get("url") and media.get("medium", "image") == "image":
                return str(media["url"])
    for link in entry.get("links") or []:
        if link.get("rel") == "enclosure" and str(link.get("type", "")).startswith("image/"):
            return str(link.get("href"))
    return None


def _json_entries(body: bytes, source: Source, base_url: str) -> list[dict[str, Any]]:
    try:
        document = json.loads(body)
    except (ValueError, RecursionError) as exc:
        raise ParseError(source.name, f"not valid JSON: {exc}") from None
    if not isinstance(document, dict) or not str(document.get("version", "")).startswith(
        "https://jsonfeed.org/version/"
    ):
        raise ParseError(
            source.name,
            'JSON but not a JSON Feed (no "version": "https://jsonfeed.org/version/1.1")',
        )
    items = document.get("items")
    if not isinstance(items, list):
        raise ParseError(source.name, 'JSON Feed without an "items" list')
    return [_from_json_item(raw) for raw in items if isinstance(raw, dict)]


def _from_json_item(raw: dict[str, Any]) -> dict[str, Any]:
    authors = raw.get("authors") or ([raw["author"]] if isinstance(raw.get("author"), dict) else [])
    names = [str(a.get("name", "")) for a in authors if isinstance(a, dict) and a.get("name")]
    content = _string(raw.get("content_html")) or _escape_text(_string(raw.get("content_text")))
    return {
        "guid": _string(raw.get("id")),
        "url": _string(raw.get("url")) or _string(raw.get("external_url")),
        "title": _string(raw.get("title")),
        "summary": _escape_text(_string(raw.get("summary"))),
        "content": content,
        "published": _iso_date(raw.get("date_published")),
        "updated": _iso_date(raw.get("date_modified")),
        "author": ", ".join(names),
        "image": _string(raw.get("image")) or _string(raw.get("banner_image")) or None,
    }


def _string(value: object) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)  # JSON Feed ids are strings, but numbers are common in the wild
    return ""


def _escape_text(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _iso_date(value: object) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed.astimezone(UTC) if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _plausible(value: datetime | None, fetched_at: datetime) -> datetime | None:
    if value is None or value < EARLIEST or value > fetched_at + FUTURE_SLACK:
        return None
    return value


def _to_item(
    raw: dict[str, Any], source: Source, fetched_at: datetime, base_url: str
) -> Item | None:
    url = strip_control(raw["url"]).strip()[:MAX_GUID]
    link = clean_link(url, base_url) if url else None
    title = collapse_space(raw["title"])[:MAX_TITLE]
    summary = sanitize_html(raw["summary"][:MAX_SUMMARY], link or base_url)
    content = sanitize_html(raw["content"][:MAX_CONTENT], link or base_url)
    guid = collapse_space(raw["guid"])[:MAX_GUID] or url
    if not guid:
        if not title:
            return None  # nothing to identify or show
        guid = "title:" + stable_hash(title, html_to_text(summary)[:500])
    return Item(
        item_id=stable_hash(source.name, guid),
        source=source.name,
        guid=guid,
        url=url if link else "",
        title=title or collapse_space(html_to_text(summary))[:120],
        summary=summary,
        content=content,
        published=_plausible(raw["published"], fetched_at),
        updated=_plausible(raw["updated"], fetched_at),
        fetched=fetched_at,
        author=collapse_space(raw["author"])[:200],
        image_url=clean_link(raw["image"], link or base_url) if raw["image"] else None,
        content_hash=stable_hash(title, summary, content),
    )
