"""Reads JSON Feed 1.0/1.1 documents (https://www.jsonfeed.org/version/1.1/). Pure.

Turns a document into the raw entries ``parse`` makes ``Item``s of: plain dicts with the
keys guid, url, title, summary, content (HTML), published, updated, author and image.
``content_text`` and ``summary`` are plain text and are escaped into HTML here.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from aggregator.errors import ParseError
from aggregator.models import Source


def looks_like_json(body: bytes, headers: Mapping[str, str]) -> bool:
    """Whether ``body`` should be read as JSON: a JSON media type or a leading "{"."""
    content_type = headers.get("content-type", "").lower()
    return "json" in content_type or body.lstrip()[:1] == b"{"


def json_entries(body: bytes, source: Source) -> list[dict[str, Any]]:
    """The items of a JSON Feed document as raw entries (the keys ``parse`` reads).

    Raises:
        ParseError: the body is not JSON, or JSON but not a JSON Feed.
    """
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
