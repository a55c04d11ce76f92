"""Text and JSON renderings of stories and explanations for the command line (``feeds_view``
renders run reports and feeds). Pure.

``cli`` prints what these return; keeping them here keeps ``cli`` about arguments and exits.
Each ``render_*`` taking ``as_json`` returns one JSON document (``--json``) or plain text.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from aggregator.models import Item, StoryEntry
from aggregator.text import html_to_text, iso_utc

if TYPE_CHECKING:  # annotations only: rendering needs no store or corrections at run time
    from aggregator.corrections import Explanation
    from aggregator.store import Membership


def render_json(document: Any) -> str:
    """One indented JSON document, non-ASCII kept as is."""
    return json.dumps(document, indent=2, ensure_ascii=False)


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


def render_entries(entries: Sequence[StoryEntry], as_json: bool) -> str:
    """Stories in two lines each (``render_entry_line``), or a JSON list (``stories``)."""
    if as_json:
        return render_json([entry_json(e, full=False) for e in entries])
    return "\n".join(render_entry_line(e) for e in entries)


def render_entry_line(entry: StoryEntry) -> str:
    """Two lines: id, updated, title; then how many reports from which outlets."""
    outlets = sorted({i.source for i in entry.items})
    return (
        f"{entry.story.story_id}  {iso_utc(entry.story.updated)}  {entry.story.title}\n"
        f"    {len(entry.items)} report(s) from {', '.join(outlets)}"
    )


def story_json(entry: StoryEntry, why: Mapping[str, Membership]) -> dict[str, Any]:
    """``entry_json(full=True)`` with each source's score and reason (``story --json``)."""
    data = entry_json(entry, full=True)
    for source in data["sources"]:
        member = why.get(source["article_id"])
        source["score"], source["reason"] = (
            (member.score, member.reason) if member else (None, None)
        )
    return data


def render_story(entry: StoryEntry, why: Mapping[str, Membership], as_json: bool) -> str:
    """A story, each report with why it is there, then the notes (what ``story`` prints)."""
    if as_json:
        return render_json(story_json(entry, why))
    story = entry.story
    lines = [
        story.title,
        f"  id {story.story_id}, first seen {iso_utc(story.first_seen)},"
        f" updated {iso_utc(story.updated)}",
    ]
    for item in entry.items:
        lines += [
            "",
            f"  {item.source}  {iso_utc(item.date)}",
            f"    {item.title}",
            f"    {item.url}",
        ]
        member = why.get(item.item_id)
        if member:
            lines.append(f"    why: {member.reason} (score {member.score:.2f})")
    lines += [f"\n  note {iso_utc(n.at)} [{n.kind}] {n.text}" for n in entry.notes]
    return "\n".join(lines)


def explanation_json(found: Explanation) -> dict[str, Any]:
    """``explain --json``: the two articles, the signals, the verdict and the decision."""
    comparison = found.comparison
    return {
        "articles": [
            _article_json(found.a, found.story_a),
            _article_json(found.b, found.story_b),
        ],
        "hours_apart": round(found.hours, 2),
        "window_hours": found.window_hours,
        "long_window_hours": found.long_window_hours,
        "signals": dict(comparison.signals),
        "same": comparison.same,
        "strong": comparison.strong,
        "score": comparison.score,
        "reason": comparison.reason,
        "conflict": found.conflict or None,
        "kept_apart": found.kept_apart,
        "same_story_now": found.same_story_now,
        "linked": found.linked,
        "decision": found.decision,
    }


def _article_json(item: Item, story_id: str | None) -> dict[str, Any]:
    return {"article_id": item.item_id, "outlet": item.source, "date": iso_utc(item.date),
            "title": item.title, "url": item.url, "story_id": story_id}  # fmt: skip


def render_explanation(found: Explanation, as_json: bool) -> str:
    """Both articles, their distance in time, each signal, the verdict and the decision."""
    if as_json:
        return render_json(explanation_json(found))
    comparison = found.comparison
    lines = []
    for label, item, story_id in (("A", found.a, found.story_a), ("B", found.b, found.story_b)):
        lines += [
            f"{label}  {item.source}  {iso_utc(item.date)}  story {story_id or '-'}",
            f"   {item.title}",
            f"   {item.url}  (article {item.item_id})",
        ]
    strength = "strong" if comparison.strong else "not strong"
    lines += [
        f"hours apart: {found.hours:.1f} (window {found.window_hours:g} h;"
        f" strong pairs up to {found.long_window_hours:g} h)",
        "signals: " + (", ".join(f"{n} {v:g}" for n, v in comparison.signals) or "none"),
        f"verdict: {'same story' if comparison.same else 'different stories'}"
        f" (score {comparison.score:g}, {strength}): {comparison.reason}",
        f"conflict: {found.conflict or 'none'}",
        f"kept apart by a reader: {'yes' if found.kept_apart else 'no'}",
        f"in one story now: {'yes' if found.same_story_now else 'no'}",
        f"decision: {found.decision}",
    ]
    return "\n".join(lines)
