"""Text and JSON renderings of run reports and stories for the command line. Pure.

``cli`` prints what these return; keeping them here keeps ``cli`` about arguments and exits.
"""

from __future__ import annotations

from typing import Any

from aggregator.models import RunReport, StoryEntry
from aggregator.text import html_to_text, iso_utc


def render_report(report: RunReport) -> str:
    """One line per feed, then a summary line (what ``run -v`` prints)."""
    lines = []
    for o in report.outcomes:
        if o.status == "ok":
            detail = f"{o.items} items, {o.new} new, {o.changed} revised"
        elif o.status == "not_modified":
            detail = "not modified"
        else:
            detail = f"FAILED: {o.error}"
        lines.append(f"{o.source}: {detail}")
    counts = {
        s: sum(1 for o in report.outcomes if o.status == s) for s in ("ok", "not_modified", "error")
    }
    lines.append(
        f"{counts['ok']} ok, {counts['not_modified']} not modified, {counts['error']} failed; "
        f"stories: {report.stories_new} new, {report.stories_updated} updated"
    )
    return "\n".join(lines)


def entry_json(entry: StoryEntry, *, full: bool) -> dict[str, Any]:
    """A story as a JSON-ready dict; ``full`` adds the lead's text and the notes."""
    story = entry.story
    data: dict[str, Any] = {
        "id": story.story_id,
        "title": story.title,
        "first_seen": iso_utc(story.first_seen),
        "updated": iso_utc(story.updated),
        "sources": [
            {"article_id": i.item_id, "outlet": i.source, "title": i.title, "url": i.url,
             "date": iso_utc(i.date)}
            for i in entry.items
        ],
    }  # fmt: skip
    if full:
        lead = entry.items[0] if entry.items else None
        data["summary"] = html_to_text(lead.content or lead.summary) if lead else ""
        data["notes"] = [
            {"at": iso_utc(n.at), "kind": n.kind, "article_id": n.item_id, "text": n.text}
            for n in entry.notes
        ]
    return data


def render_entry_line(entry: StoryEntry) -> str:
    """Two lines: id, updated, title; then how many reports from which outlets."""
    outlets = sorted({i.source for i in entry.items})
    return (
        f"{entry.story.story_id}  {iso_utc(entry.story.updated)}  {entry.story.title}\n"
        f"    {len(entry.items)} report(s) from {', '.join(outlets)}"
    )
