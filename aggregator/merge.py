"""Builds stories and their update notes from match assignments and revisions. Pure.

Rules, in one place:
- A story's id is its first article's id and never changes. Its lead is its earliest report
  (by the articles' own dates, ties by id), unless an outlet of the ``priority:`` list reported
  it (then the best-ranked outlet's earliest report), and its title is the lead's headline
  without a site-name suffix (" - Anime Corner", " | Otaku USA").
- ``updated`` is the latest date at which a report or a note was added: another outlet's
  report (its own date), or a revision (the revised article's updated date, else when it was
  seen). A second copy of an article from the same outlet adds nothing and changes nothing.
- Notes: "source" when another outlet reports the story, quoting the few sentences of its
  report that say something the story does not hold yet (``facts.new_facts``), or only
  "Also reported by X." when it adds nothing; "update" for an article's own "Update:" /
  "UPDATE (date):" / "Edit:" paragraph; "revision" when an outlet changes the headline or text
  of an article already in the story, quoting what the new version adds.
- A story a reader split or joined by hand is rebuilt from its members (``rebuild``) by the
  same rules: the earliest report leads and names it, and ``updated`` is the latest of each
  outlet's first report and the story's notes.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import replace
from datetime import datetime

from aggregator.facts import new_facts
from aggregator.models import Item, Revision, Story, StoryNote
from aggregator.text import collapse_space, fold, html_to_text

_SUFFIX = re.compile(r"\s+[|\-–—:]\s+([^|\-–—:]{2,60})$")
# WordPress turns "Editor's" into "Editor’s" (wptexturize), so both apostrophes are accepted.
_UPDATE = re.compile(r"^(?:update|updated|edit|editor['’]s note)\b[^:]{0,40}:\s*(.+)$", re.I)
MAX_NOTE = 400  # characters of a note's text


def clean_title(title: str, source: str) -> str:
    """``title`` without a trailing " - <outlet name>" or " | <outlet name>"."""
    match = _SUFFIX.search(title)
    if match and _names_outlet(match.group(1), source):
        return title[: match.start()].strip()
    return title


def _names_outlet(suffix: str, source: str) -> bool:
    """Whether ``suffix`` is the outlet's name, or its first two or more words: outlets shorten
    their name in headlines ("| Otaku USA" from "Otaku USA Magazine"), but one word such as
    "- Anime" is too common to be taken for "Anime Corner"."""
    if _squash(suffix) == _squash(source):
        return True
    said, name = fold(suffix).split(), fold(source).split()
    return len(said) >= 2 and name[: len(said)] == said


def _squash(text: str) -> str:
    return "".join(ch for ch in fold(text) if ch.isalnum())


def _html(item: Item) -> str:
    """The fullest text an article carries: its content, else its summary."""
    return item.content or item.summary


def update_paragraphs(item: Item) -> list[str]:
    """The text of an article's own "Update:" paragraphs."""
    text = html_to_text(_html(item))
    found = (_UPDATE.match(line) for line in text.split("\n"))
    return [_shorten(m.group(1)) for m in found if m]


def _end(text: str) -> str:
    """``text`` ending as a sentence does: with a full stop unless it has one already."""
    ended = text.rstrip('"”’)').endswith((".", "!", "?", "。", "…"))
    return text if ended else text + "."


def _shorten(text: str) -> str:
    text = collapse_space(text)
    return text if len(text) <= MAX_NOTE else text[: MAX_NOTE - 1].rstrip() + "…"


def merge(
    stories: Mapping[str, Story],
    items: Mapping[str, Item],
    assignments: Sequence[tuple[str, str]],
    revisions: Sequence[Revision],
    priority: Sequence[str] = (),
) -> tuple[list[Story], list[StoryNote]]:
    """Apply (item_id, story_id) ``assignments`` and ``revisions`` to ``stories``.

    ``items`` holds every member of the stories concerned; ``priority`` names the outlets
    preferred as a story's lead, best first. Returns the changed or new stories and the new
    notes.
    """
    lead_key = _lead_key(priority)
    result = dict(stories)
    notes: list[StoryNote] = []
    for item_id, story_id in _by_story(assignments):
        item = items[item_id]
        story = result.get(story_id)
        if story is None:
            result[story_id] = _new_story(story_id, item)
        else:
            result[story_id] = _add(story, item, items, notes, lead_key)
        notes.extend(
            StoryNote(story_id, item.date, "update", item_id, text)
            for text in update_paragraphs(item)
        )
    story_of = {i: s.story_id for s in result.values() for i in s.item_ids}
    for revision in revisions:
        revised_story = story_of.get(revision.after.item_id)
        if revised_story is not None:
            result[revised_story] = _revise(result[revised_story], revision, notes)
    changed = [s for sid, s in result.items() if stories.get(sid) != s]
    return sorted(changed, key=lambda s: s.story_id), notes


def _by_story(assignments: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
    """``assignments`` with each story's in a row, in their order: a story's texts are then
    read again while ``facts`` still holds them split and folded."""
    of_story: dict[str, list[tuple[str, str]]] = {}
    for assignment in assignments:
        of_story.setdefault(assignment[1], []).append(assignment)
    return [assignment for group in of_story.values() for assignment in group]


def _new_story(story_id: str, item: Item) -> Story:
    return Story(
        story_id=story_id,
        title=clean_title(item.title, item.source),
        lead_item_id=item.item_id,
        item_ids=(item.item_id,),
        first_seen=item.date,
        updated=item.date,
    )


def _lead_key(priority: Sequence[str]) -> Callable[[Item], tuple[int, datetime, str]]:
    """How reports rank as a story's lead: an outlet in ``priority`` (best first) before any
    other, then the earliest report, then the lowest id."""
    rank = {source: index for index, source in enumerate(priority)}
    return lambda item: (rank.get(item.source, len(rank)), item.date, item.item_id)


def _add(
    story: Story,
    item: Item,
    items: Mapping[str, Item],
    notes: list[StoryNote],
    lead_key: Callable[[Item], tuple[int, datetime, str]],
) -> Story:
    if item.item_id in story.item_ids:
        return story
    members = [items[i] for i in story.item_ids if i in items]
    member_ids = tuple(
        i.item_id for i in sorted([*members, item], key=lambda m: (m.date, m.item_id))
    )
    lead = min([*members, item], key=lead_key)
    updated = story.updated
    if item.source not in {m.source for m in members}:
        held = [
            item.title,
            *(m.title for m in members),
            *map(_html, members),
            *update_paragraphs(item),
        ]
        prefix = f"{item.source} adds: "
        titles = [item.title, *(m.title for m in members)]
        facts = new_facts(_html(item), held, titles=titles, budget=MAX_NOTE - len(prefix))
        text = prefix + " ".join(facts) if facts else ""
        text = _shorten(text) if facts else f"Also reported by {item.source}."
        notes.append(StoryNote(story.story_id, item.date, "source", item.item_id, text))
        updated = max(updated, item.date)
    return replace(
        story,
        title=clean_title(lead.title, lead.source),
        lead_item_id=lead.item_id,
        item_ids=member_ids,
        first_seen=min(story.first_seen, item.date),
        updated=updated,
    )


def _revise(story: Story, revision: Revision, notes: list[StoryNote]) -> Story:
    before, after = revision.before, revision.after
    at: datetime = after.updated if after.updated and after.updated > before.date else after.fetched
    added = [p for p in update_paragraphs(after) if p not in update_paragraphs(before)]
    new_notes = [StoryNote(story.story_id, at, "update", after.item_id, p) for p in added]
    # One revision note per revision (a story holds one note per article, kind and time).
    changes = []
    if before.title != after.title:
        changes.append(f'changed its headline to "{after.title}"')
    held = [before.title, _html(before), *update_paragraphs(after)]
    room = MAX_NOTE - len(f"{after.source} and added: ") - sum(map(len, changes))
    facts = new_facts(_html(after), held, titles=[before.title, after.title], budget=room)
    if facts:
        changes.append(f"added: {' '.join(facts)}")
    if changes or not new_notes:
        text = _shorten(_end(f"{after.source} {' and '.join(changes)}")) if changes else ""
        text = text or f"{after.source} revised its report."
        new_notes.append(StoryNote(story.story_id, at, "revision", after.item_id, text))
    notes.extend(new_notes)
    title = story.title
    if story.lead_item_id == after.item_id:
        title = clean_title(after.title, after.source)
    return replace(story, title=title, updated=max(story.updated, at))


def rebuild(
    story_id: str, members: Iterable[Item], notes: Iterable[StoryNote], priority: Sequence[str] = ()
) -> Story:
    """The story ``story_id`` made of ``members`` with ``notes``, after a split or join by hand;
    ``priority`` as for ``merge``.

    Raises:
        ValueError: ``members`` is empty; a story has at least one report.
    """
    ordered = sorted(members, key=lambda m: (m.date, m.item_id))
    if not ordered:
        raise ValueError(f"story {story_id} would have no reports")
    lead = min(ordered, key=_lead_key(priority))
    first_of_outlet: dict[str, datetime] = {}
    for member in ordered:
        first_of_outlet.setdefault(member.source, member.date)
    return Story(
        story_id=story_id,
        title=clean_title(lead.title, lead.source),
        lead_item_id=lead.item_id,
        item_ids=tuple(m.item_id for m in ordered),
        first_seen=ordered[0].date,
        updated=max([*first_of_outlet.values(), *(n.at for n in notes)]),
    )
