"""What every published format shares: the stories to show, their HTML body, and index.html.

Pure; touches no files. ``prepare`` cleans, orders and caps the stories once, so each renderer
in ``publish`` shows the same entries in the same order. ``render_body`` is the entry body of
all four formats and ``render_page`` the standalone index.html. Every text or attribute
inserted here goes through ``html.escape``; only the items' summary and content, which parse
already sanitised, are copied in as HTML.
"""

from __future__ import annotations

import dataclasses
import functools
import html
import re
from collections import Counter
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING, TypeVar
from urllib.parse import urlsplit

from aggregator import HOME_PAGE, __version__
from aggregator.models import Item, OutputSettings, StoryEntry

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

_Model = TypeVar("_Model", bound="DataclassInstance")

# Only these schemes become links: a feed could carry "javascript:" URLs, and a link is
# the one place where escaping alone does not make inserted text harmless.
WEB_SCHEMES = frozenset({"http", "https"})

UNTITLED = "(untitled story)"

# XML 1.0 allows only #x9, #xA, #xD, #x20-#xD7FF, #xE000-#xFFFD and #x10000-#x10FFFF
# (https://www.w3.org/TR/xml/#charsets); lxml refuses the whole document if one string has
# anything else. DEL and the C1 controls (#x7F-#x9F) go too: XML discourages them and HTML
# calls them parse errors. Written as what goes, not as what stays: the negated class of the
# ranges that stay takes 8 ms to compile, at every start of the command.
_NOT_XML_CHAR = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")

# The feed's date when it has no entries: fixed, so an empty feed is deterministic too. Not
# 1970: the W3C Feed Validation Service warns "Implausible date" for anything before 1990.
EMPTY_FEED_UPDATED = datetime(2000, 1, 1, tzinfo=UTC)

# The feeds index.html advertises for autodiscovery: (file name, media type, label).
PAGE_FEEDS = (
    ("feed.atom", "application/atom+xml", "Atom"),
    ("feed.rss", "application/rss+xml", "RSS"),
    ("feed.json", "application/feed+json", "JSON Feed"),
)

# Small and readable on phones; no web fonts, no JavaScript.
PAGE_CSS = """\
body{font:16px/1.5 system-ui,sans-serif;max-width:46rem;margin:0 auto;padding:1rem;color:#222}
header{border-bottom:1px solid #ddd;margin-bottom:1rem}
article{border-bottom:1px solid #eee;padding-bottom:1rem;margin-bottom:1rem}
h2{font-size:1.25rem;margin:.5rem 0 0}
a{color:#0645ad}
time,.meta{color:#666;font-size:.9rem}
img{max-width:100%;height:auto}
footer{color:#666;font-size:.85rem}"""


def utc(moment: datetime) -> datetime:
    """Return ``moment`` in UTC; a naive datetime is a bug, so it raises ValueError.

    Nothing is rounded, so two stories updated a fraction of a second apart never look
    simultaneous. The store keeps whole seconds, so published dates normally have no fraction.
    """
    if moment.tzinfo is None:
        raise ValueError(f"naive datetime {moment!r}: models carry aware UTC datetimes")
    return moment.astimezone(UTC)


def rfc3339(moment: datetime) -> str:
    """Format ``moment`` as RFC 3339 in UTC with a "Z" suffix, e.g. 2026-11-20T14:05:00Z.

    A fraction of a second is written only when ``moment`` has one (14:05:00.250000Z).
    """
    return utc(moment).isoformat().replace("+00:00", "Z")


def html_datetime(moment: datetime) -> str:
    """``moment`` for an HTML <time datetime>, to the second (HTML allows three fraction digits).

    Only people read these times; the feeds' machine-readable dates keep every digit.
    """
    return rfc3339(utc(moment).replace(microsecond=0))


def human_time(moment: datetime) -> str:
    """Format ``moment`` for people, e.g. "2026-11-20 14:05 UTC"."""
    return utc(moment).strftime("%Y-%m-%d %H:%M UTC")


def is_web_url(url: str) -> bool:
    """Whether ``url`` is an absolute http(s) URL, safe to link to."""
    parts = urlsplit(url.strip())
    return parts.scheme.lower() in WEB_SCHEMES and bool(parts.netloc)


def lead_url(entry: StoryEntry, output: OutputSettings) -> str:
    """The lead report's URL, or the story's anchor on our page when it has no usable one."""
    if entry.items and is_web_url(entry.items[0].url):
        return entry.items[0].url
    return f"{output.url}#story-{entry.story.story_id}"


def story_title(entry: StoryEntry) -> str:
    """The story's headline; feeds require a non-empty title."""
    return entry.story.title.strip() or UNTITLED


def lead_author(entry: StoryEntry, output: OutputSettings) -> str:
    """The lead report's author, else the feed's author."""
    if entry.items and entry.items[0].author.strip():
        return entry.items[0].author.strip()
    return output.author


def prepare(
    entries: Sequence[StoryEntry], output: OutputSettings
) -> tuple[OutputSettings, list[StoryEntry]]:
    """Clean ``output`` and ``entries``; sort newest first (updated, first_seen, story_id); cap.

    Raises:
        ValueError: two entries have one story id; each story is one entry with one id.
    """
    ordered = sorted(entries, key=lambda entry: entry.story.story_id)
    counts = Counter(entry.story.story_id for entry in ordered)
    if repeated := sorted(story_id for story_id, count in counts.items() if count > 1):
        raise ValueError(f"story ids given twice: {repeated}; each story is one entry")
    # A stable sort keeps story_id order among stories with equal dates.
    ordered.sort(key=lambda entry: (entry.story.updated, entry.story.first_seen), reverse=True)
    shown = [_clean_entry(entry) for entry in ordered[: max(output.max_entries, 0)]]
    return _clean(output), shown


def feed_updated(shown: Sequence[StoryEntry]) -> datetime:
    """The feed's own date: its newest story's, never the clock."""
    return max((utc(entry.story.updated) for entry in shown), default=EMPTY_FEED_UPDATED)


def _clean_entry(entry: StoryEntry) -> StoryEntry:
    cleaned = StoryEntry(
        story=_clean(entry.story),
        items=tuple(_clean(item) for item in entry.items),
        notes=tuple(_clean(note) for note in entry.notes),
    )
    return entry if cleaned == entry else cleaned


def _clean(model: _Model) -> _Model:
    """A copy of ``model`` with characters XML cannot carry removed from its str fields."""
    changes = {
        field.name: _NOT_XML_CHAR.sub("", value)
        for field in dataclasses.fields(model)
        if isinstance(value := getattr(model, field.name), str) and _NOT_XML_CHAR.search(value)
    }
    # A clean one is returned as it is (a renderer called alone cleans what it is given).
    return dataclasses.replace(model, **changes) if changes else model


# The four renderers each render every entry's body: the same entries, so kept for a run.
@functools.lru_cache(maxsize=512)
def render_body(entry: StoryEntry) -> str:
    """The HTML body of one story: lead text, the outlets that reported it, then updates."""
    parts = []
    if entry.items:
        lead = entry.items[0]
        parts.append(lead.content or lead.summary)
        parts.append(_sources_html(entry.items))
    if entry.notes:
        parts.append(_notes_html(entry))
    return "\n".join(part for part in parts if part)


def render_page(entries: Sequence[StoryEntry], output: OutputSettings, updated: datetime) -> str:
    """The complete index.html for ``entries``, already sorted and capped."""
    title = _esc(output.title)
    alternates = "\n".join(
        f'<link rel="alternate" type="{kind}" title="{title} ({label})"'
        f' href="{_esc(output.url + name)}">'
        for name, kind, label in PAGE_FEEDS
    )
    articles = "\n".join(_article_html(entry, output) for entry in entries)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
{alternates}
<style>
{PAGE_CSS}
</style>
</head>
<body>
<header>
<h1>{title}</h1>
<p>{_esc(output.description)}</p>
<p class="meta">Updated {_time_html(updated)}</p>
</header>
<main>
{articles or "<p>No stories yet.</p>"}
</main>
<footer>
<p>Generated by <a href="{_esc(HOME_PAGE)}">aggregator</a> {_esc(__version__)}.</p>
</footer>
</body>
</html>
"""


def _article_html(entry: StoryEntry, output: OutputSettings) -> str:
    story = entry.story
    headline = _link(lead_url(entry, output), story_title(entry))
    return (
        f'<article id="story-{_esc(story.story_id)}">\n'
        f"<h2>{headline}</h2>\n"
        f'<p class="meta">{_time_html(story.updated)}</p>\n'
        f"{render_body(entry)}\n"
        "</article>"
    )


def _sources_html(items: Sequence[Item]) -> str:
    outlets = len({item.source for item in items})
    rows = "".join(
        f"<li>{_link(item.url, item.source)}, {_time_html(item.date)}: {_esc(item.title)}</li>\n"
        for item in items
    )
    noun = "outlet" if outlets == 1 else "outlets"
    return f"<p><strong>Reported by {outlets} {noun}</strong></p>\n<ul>\n{rows}</ul>"


def _notes_html(entry: StoryEntry) -> str:
    by_id = {item.item_id: item for item in entry.items}
    rows = []
    for note in sorted(entry.notes, key=lambda note: note.at, reverse=True):
        item = by_id.get(note.item_id)
        outlet = f" {_link(item.url, item.source)}:" if item else ""
        rows.append(f"<li>{_time_html(note.at)}{outlet} {_esc(note.text)}</li>\n")
    return f"<p><strong>Updates</strong></p>\n<ul>\n{''.join(rows)}</ul>"


def _link(url: str, text: str) -> str:
    if not is_web_url(url):
        return _esc(text)
    return f'<a href="{_esc(url)}">{_esc(text)}</a>'


def _time_html(moment: datetime) -> str:
    return f'<time datetime="{html_datetime(moment)}">{human_time(moment)}</time>'


def _esc(text: str) -> str:
    return html.escape(text, quote=True)
