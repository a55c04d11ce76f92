"""Render merged stories into the published feeds and write them to the store directory.

``render_atom``, ``render_rss``, ``render_json`` and ``render_html`` are pure: they turn
``StoryEntry`` values into bytes in memory, newest story first, and the same entries always give
byte-identical output because no date comes from the clock. Dates are never rounded (RSS's
RFC 822 dates alone cannot carry fractions of a second). ``write_feed`` and ``write_all``
touch files, replacing each one atomically and leaving unchanged files alone. This is the only
module that imports feedgen.
"""

from __future__ import annotations

import json
import os
import tempfile
import uuid
from collections.abc import Sequence
from contextlib import suppress
from pathlib import Path
from typing import Any, Literal

from aggregator import HOME_PAGE, __version__, publish_stamp
from aggregator.errors import PublishError
from aggregator.models import OutputSettings, StoryEntry
from aggregator.publish_html import (
    feed_updated,
    is_web_url,
    lead_author,
    lead_url,
    prepare,
    render_body,
    render_page,
    rfc3339,
    story_title,
    utc,
)

# Story ids are hashed into a UUID so entry ids are valid URNs; the prefix must never change,
# or every subscriber sees every story again (https://www.rfc-editor.org/rfc/rfc4287#section-4.2.6).
ENTRY_ID_PREFIX = "aggregator:story:"

JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"
GENERATOR = "aggregator"

FEED_FILES = ("feed.atom", "feed.rss", "feed.json", "index.html")

# The mode of a newly created feed file: tempfile creates 0600 files, which a web server
# running as another user could not read.
NEW_FILE_MODE = 0o644

_Format = Literal["atom", "rss"]


def render_atom(entries: Sequence[StoryEntry], output: OutputSettings) -> bytes:
    """Render ``entries`` as an Atom 1.0 feed (RFC 4287)."""
    return _render_xml(*prepare(entries, output), "atom")


def render_rss(entries: Sequence[StoryEntry], output: OutputSettings) -> bytes:
    """Render ``entries`` as an RSS 2.0 feed."""
    return _render_xml(*prepare(entries, output), "rss")


def render_json(entries: Sequence[StoryEntry], output: OutputSettings) -> bytes:
    """Render ``entries`` as a JSON Feed 1.1 document (https://jsonfeed.org/version/1.1)."""
    return _render_json(*prepare(entries, output))


def render_html(entries: Sequence[StoryEntry], output: OutputSettings) -> bytes:
    """Render ``entries`` as a standalone HTML5 page (index.html) linking to the three feeds."""
    return _render_html(*prepare(entries, output))


# The renderers of ``prepare``d entries: ``write_all`` prepares them once for the four.


def _render_json(output: OutputSettings, shown: Sequence[StoryEntry]) -> bytes:
    feed = {
        "version": JSON_FEED_VERSION,
        "title": output.title,
        "home_page_url": output.url,
        "feed_url": output.url + "feed.json",
        "description": output.description,
        "authors": [{"name": output.author}],
        "items": [_json_item(entry, output) for entry in shown],
    }
    return (json.dumps(feed, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _render_html(output: OutputSettings, shown: Sequence[StoryEntry]) -> bytes:
    return render_page(shown, output, feed_updated(shown)).encode("utf-8")


def write_feed(path: Path, data: bytes) -> bool:
    """Atomically replace ``path`` with ``data``, creating its directory if needed.

    Returns:
        False, leaving the file and its mtime alone, when it already holds exactly ``data``;
        True when the file was written.

    Raises:
        PublishError: the directory or the file cannot be written.
    """
    if _holds(path, data):
        return False
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        _replace(path, data)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise PublishError(
            path, f"cannot write ({reason}); make sure {path.parent} is a writable directory"
        ) from exc
    return True


def _holds(path: Path, data: bytes) -> bool:
    """Whether ``path`` already holds exactly ``data``; False when it cannot be read."""
    try:
        return path.stat().st_size == len(data) and path.read_bytes() == data
    except OSError:
        return False


def _replace(path: Path, data: bytes) -> None:
    """Write ``data`` to a temp file beside ``path``, then rename it over ``path``."""
    mode = path.stat().st_mode & 0o777 if path.exists() else NEW_FILE_MODE
    temp_name: str | None = None
    try:
        with tempfile.NamedTemporaryFile(
            dir=path.parent, prefix=f".{path.name}.", suffix=".tmp", delete=False
        ) as temp:
            temp_name = temp.name
            temp.write(data)
            temp.flush()
            os.fchmod(temp.fileno(), mode)
            os.fsync(temp.fileno())
        # Atomic on POSIX: readers see the old file or the new one, never half of one.
        os.replace(temp_name, path)
        temp_name = None
    finally:
        if temp_name is not None:
            with suppress(OSError):
                os.unlink(temp_name)


def write_all(
    store_dir: Path, entries: Sequence[StoryEntry], output: OutputSettings
) -> tuple[Path, ...]:
    """Write feed.atom, feed.rss, feed.json and index.html into ``store_dir``.

    Everything is rendered before the first file is written, so a rendering bug never leaves
    a mix of old and new files. Nothing is rendered when the files already hold these entries
    (``publish_stamp``). Returns the four paths, written or already up to date.
    """
    paths = tuple(store_dir / name for name in FEED_FILES)
    for path in (*paths, store_dir / publish_stamp.STAMP):
        _sweep(path)
    digest = publish_stamp.digest(entries, output, __file__)
    if publish_stamp.up_to_date(store_dir, paths, digest):
        return paths
    output, shown = prepare(entries, output)
    rendered = (
        _render_xml(output, shown, "atom"),
        _render_xml(output, shown, "rss"),
        _render_json(output, shown),
        _render_html(output, shown),
    )
    render_body.cache_clear()  # the bodies the four shared; they hold the entries' texts
    for path, data in zip(paths, rendered, strict=True):
        write_feed(path, data)
    stamp = publish_stamp.record(paths, digest)
    if stamp is not None:
        write_feed(store_dir / publish_stamp.STAMP, stamp.encode("utf-8"))
    return paths


def _sweep(path: Path) -> None:
    """Remove temp files a killed run left beside ``path``; callers hold the store's lock."""
    with suppress(OSError):
        for stale in path.parent.glob(f".{path.name}.*.tmp"):
            with suppress(OSError):
                stale.unlink()


def _entry_id(story_id: str) -> str:
    """The permanent Atom id / RSS guid / JSON Feed id of a story."""
    return "urn:uuid:" + str(uuid.uuid5(uuid.NAMESPACE_URL, ENTRY_ID_PREFIX + story_id))


def _render_xml(output: OutputSettings, shown: Sequence[StoryEntry], fmt: _Format) -> bytes:
    feed = _feed_generator(output, fmt)
    feed.updated(feed_updated(shown))
    for entry in shown:
        # feedgen prepends by default; our entries are already newest first.
        _add_entry(feed.add_entry(order="append"), entry, output, fmt)
    data: bytes = feed.atom_str(pretty=True) if fmt == "atom" else feed.rss_str(pretty=True)
    return data


def _feed_generator(output: OutputSettings, fmt: _Format) -> Any:
    from feedgen.feed import FeedGenerator  # 8 ms a cycle that renders nothing does without

    feed = FeedGenerator()
    feed.id(output.url)
    feed.title(output.title)
    # RSS requires a channel description; Atom's subtitle is optional.
    feed.description(output.description or output.title)
    feed.author(name=output.author)
    if fmt == "atom":
        feed.link(href=output.url + "feed.atom", rel="self", type="application/atom+xml")
        feed.generator(GENERATOR, version=__version__, uri=HOME_PAGE)
        feed.register_extension(_AtomLinks.NAME, _AtomLinks, _AtomLinks, atom=True, rss=False)
    else:
        feed.link(href=output.url + "feed.rss", rel="self", type="application/rss+xml")
        # RSS has no version or uri attributes, so they go in the text.
        feed.generator(f"{GENERATOR} {__version__} ({HOME_PAGE})")
        # RSS <managingEditor> and <author> must be email addresses; dc:creator carries a
        # plain name, for the channel here and for each item in _add_entry.
        feed.load_extension("dc", atom=False, rss=True)
        feed.dc.dc_creator(output.author)
    # feedgen uses the last link as the RSS channel <link>, so the page goes last.
    feed.link(href=output.url, rel="alternate", type="text/html")
    return feed


def _add_entry(item: Any, entry: StoryEntry, output: OutputSettings, fmt: _Format) -> None:
    story = entry.story
    alternate = lead_url(entry, output)
    item.id(_entry_id(story.story_id))
    item.title(story_title(entry))
    item.updated(utc(story.updated))
    item.content(render_body(entry), type="html")
    if fmt == "atom":
        item.published(utc(story.first_seen))
        item.author(name=lead_author(entry, output))
        related = [("related", url) for url in _related_urls(entry, alternate)]
        getattr(item, _AtomLinks.NAME).links = [("alternate", alternate), *related]
    else:
        item.link(href=alternate, rel="alternate")
        # feedgen writes an entry's "published" as the RSS pubDate; RSS has no "updated",
        # and readers use pubDate to notice that a story changed.
        item.pubDate(utc(story.updated))
        item.dc.dc_creator(lead_author(entry, output))


class _AtomLinks:
    """A feedgen extension that writes an Atom entry's links with their rel and type.

    feedgen 1.0 drops every attribute of an entry link but href, which would turn each
    related link into one more alternate (https://github.com/lkiesow/python-feedgen/issues/135).
    """

    NAME = "aggregator_links"

    def __init__(self) -> None:
        self.links: list[tuple[str, str]] = []  # (rel, href), in document order

    def extend_ns(self) -> dict[str, str]:
        return {}

    def extend_atom(self, element: Any) -> Any:
        for rel, href in self.links:
            attributes = {"href": href, "rel": rel, "type": "text/html"}
            element.append(element.makeelement("link", attributes))
        return element


def _related_urls(entry: StoryEntry, alternate: str) -> list[str]:
    """The other reports' URLs, each once, without the alternate link."""
    seen = {alternate}
    related = []
    for report in entry.items[1:]:
        if report.url not in seen and is_web_url(report.url):
            seen.add(report.url)
            related.append(report.url)
    return related


def _json_item(entry: StoryEntry, output: OutputSettings) -> dict[str, object]:
    story = entry.story
    return {
        "id": _entry_id(story.story_id),
        "url": lead_url(entry, output),
        "title": story_title(entry),
        "content_html": render_body(entry),
        "date_published": rfc3339(story.first_seen),
        "date_modified": rfc3339(story.updated),
        "authors": [{"name": lead_author(entry, output)}],
        # https://www.jsonfeed.org/version/1.1/#extensions-a-name-extensions-a
        "_aggregator": {
            "story_id": story.story_id,
            "sources": [
                {"name": item.source, "url": item.url, "published": rfc3339(item.date)}
                for item in entry.items
            ],
        },
    }
