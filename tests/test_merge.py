"""Tests for aggregator.merge: stories and notes from hand-built items and assignments."""

from __future__ import annotations

import copy
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from aggregator.merge import clean_title, merge, update_paragraphs
from aggregator.models import Item, Revision, Story, StoryNote


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=UTC)


def make_item(item_id: str, source: str, title: str, date: datetime, **kw: Any) -> Item:
    fields: dict[str, Any] = {
        "guid": f"https://{item_id}.example/",
        "url": f"https://news.example/{item_id}",
        "summary": f"<p>{title}.</p>",
        "content": "",
        "published": date,
        "updated": None,
        "fetched": date + timedelta(minutes=10),
        "content_hash": f"hash-{item_id}",
    }
    fields.update(kw)
    return Item(item_id=item_id, source=source, title=title, **fields)


CORNER = make_item(
    "corner-1",
    "Anime Corner",
    "Dandadan Season 3 Announced With First Teaser - Anime Corner",
    at(20, 9),
    content="<p>The third season of Dandadan was announced at a stage event on Thursday.</p>",
)
HERALD = make_item(
    "herald-1",
    "Anime Herald",
    "Dandadan Anime Confirms Third Season",
    at(20, 13, 30),
)
CORNER_COPY = make_item(
    "corner-2",
    "Anime Corner",
    "Dandadan Season 3 Announced With First Teaser",
    at(20, 15),
)
OTAKU_EARLY = make_item(
    "otaku-1",
    "Otaku USA Magazine",
    "Dandadan Season 3 Is Officially in Production | Otaku USA",
    at(20, 7, 45),
)


def single_story() -> dict[str, Story]:
    """The story Anime Corner's report started."""
    [story], _ = merge({}, {CORNER.item_id: CORNER}, [(CORNER.item_id, CORNER.item_id)], [])
    return {story.story_id: story}


ITEMS = {i.item_id: i for i in (CORNER, HERALD, CORNER_COPY, OTAKU_EARLY)}


@pytest.mark.parametrize(
    ("title", "source", "expected"),
    [
        (
            "Frieren Season 2 Teaser Revealed - Anime Corner",
            "Anime Corner",
            "Frieren Season 2 Teaser Revealed",
        ),
        (
            "Frieren Season 2 Teaser Revealed – AnimeCorner",
            "Anime Corner",
            "Frieren Season 2 Teaser Revealed",
        ),
        (
            "The Apothecary Diaries Film Sets December Date | Otaku USA",
            "Otaku USA Magazine",
            "The Apothecary Diaries Film Sets December Date",
        ),
        (
            "The Apothecary Diaries Film Sets December Date | Otaku USA Magazine",
            "Otaku USA Magazine",
            "The Apothecary Diaries Film Sets December Date",
        ),
        (
            "Frieren Season 2 Teaser Revealed - Anime Corner",
            "Anime Herald",
            "Frieren Season 2 Teaser Revealed - Anime Corner",
        ),
        (
            "Chainsaw Man Movie Tops Box Office | Otaku USA",
            "Anime Corner",
            "Chainsaw Man Movie Tops Box Office | Otaku USA",
        ),
        (
            "Spy x Family Code: White Streams - Anime",
            "Anime Corner",
            "Spy x Family Code: White Streams - Anime",
        ),
        (
            "Re:Zero - Starting Life in Another World Season 3 Part 2 Premieres",
            "Anime Corner",
            "Re:Zero - Starting Life in Another World Season 3 Part 2 Premieres",
        ),
    ],
)
def test_clean_title(title: str, source: str, expected: str) -> None:
    """A trailing " - Outlet" / " | Outlet" goes only when it names the item's own outlet
    (exactly or by its leading words); anything else in a headline stays."""
    assert clean_title(title, source) == expected


def test_new_story_takes_its_first_items_id_title_and_dates() -> None:
    """An item starting a story gives it its id, cleaned title and date; no note is added."""
    stories, notes = merge({}, ITEMS, [("corner-1", "corner-1")], [])
    assert stories == [
        Story(
            story_id="corner-1",
            title="Dandadan Season 3 Announced With First Teaser",
            lead_item_id="corner-1",
            item_ids=("corner-1",),
            first_seen=at(20, 9),
            updated=at(20, 9),
        )
    ]
    assert notes == []


def test_second_outlet_adds_a_source_note_and_bumps_updated() -> None:
    """Another outlet's report adds "Also reported by X." at that report's date and moves
    updated to it; the lead and title stay with the earlier report."""
    stories, notes = merge(single_story(), ITEMS, [("herald-1", "corner-1")], [])
    assert stories == [
        Story(
            story_id="corner-1",
            title="Dandadan Season 3 Announced With First Teaser",
            lead_item_id="corner-1",
            item_ids=("corner-1", "herald-1"),
            first_seen=at(20, 9),
            updated=at(20, 13, 30),
        )
    ]
    assert notes == [
        StoryNote(
            "corner-1", at(20, 13, 30), "source", "herald-1", "Also reported by Anime Herald."
        )
    ]


def test_second_outlet_with_new_facts_is_quoted() -> None:
    """Another outlet's report that says something the story does not hold yet: its note
    quotes those sentences instead of only naming the outlet."""
    herald = replace(
        HERALD,
        content="<p>Dandadan is getting a third season.</p>"
        "<p>Science SARU returns to animate it, and Kensuke Ushio composes the score again.</p>",
    )
    _, notes = merge(single_story(), {**ITEMS, "herald-1": herald}, [("herald-1", "corner-1")], [])
    assert [n.text for n in notes] == [
        "Anime Herald adds: Science SARU returns to animate it, and Kensuke Ushio composes the "
        "score again."
    ]


def test_second_copy_from_the_same_outlet_adds_no_note() -> None:
    """A second article from an outlet already in the story joins it silently: no note, and
    updated does not move."""
    before = single_story()
    stories, notes = merge(before, ITEMS, [("corner-2", "corner-1")], [])
    assert notes == []
    assert stories == [replace(before["corner-1"], item_ids=("corner-1", "corner-2"))]
    assert stories[0].updated == at(20, 9)


def test_earlier_report_becomes_the_lead() -> None:
    """A report dated before the current lead becomes the lead: title and first_seen follow
    it, and updated (already later) stays."""
    stories, notes = merge(single_story(), ITEMS, [("otaku-1", "corner-1")], [])
    assert stories == [
        Story(
            story_id="corner-1",
            title="Dandadan Season 3 Is Officially in Production",
            lead_item_id="otaku-1",
            item_ids=("otaku-1", "corner-1"),
            first_seen=at(20, 7, 45),
            updated=at(20, 9),
        )
    ]
    assert notes == [
        StoryNote(
            "corner-1", at(20, 7, 45), "source", "otaku-1", "Also reported by Otaku USA Magazine."
        )
    ]


def test_priority_outlet_leads_even_when_it_reports_later() -> None:
    """With Anime Herald first in priority, its later report leads and names the story; the
    story id, first_seen and the members' order stay as they were."""
    stories, _ = merge(
        single_story(), ITEMS, [("herald-1", "corner-1")], [], priority=["Anime Herald"]
    )
    [story] = stories
    assert (story.story_id, story.lead_item_id) == ("corner-1", "herald-1")
    assert story.title == "Dandadan Anime Confirms Third Season"
    assert story.item_ids == ("corner-1", "herald-1")
    assert story.first_seen == at(20, 9)
    # An outlet not in the list never outranks one that is, nor an earlier report of its own.
    stories, _ = merge(
        single_story(), ITEMS, [("otaku-1", "corner-1")], [], priority=["Anime Corner"]
    )
    assert stories[0].lead_item_id == "corner-1"


def test_items_assigned_in_one_batch() -> None:
    """Several assignments in one call build the story step by step, one note per outlet."""
    stories, notes = merge(
        {},
        ITEMS,
        [("corner-1", "corner-1"), ("herald-1", "corner-1"), ("corner-2", "corner-1")],
        [],
    )
    assert [s.item_ids for s in stories] == [("corner-1", "herald-1", "corner-2")]
    assert [(n.kind, n.item_id) for n in notes] == [("source", "herald-1")]


@pytest.mark.parametrize(
    ("paragraph", "text"),
    [
        (
            "Update: The studio has since confirmed a July 2027 premiere.",
            "The studio has since confirmed a July 2027 premiere.",
        ),
        (
            "UPDATE (Nov. 21): Crunchyroll will stream the series worldwide except Asia.",
            "Crunchyroll will stream the series worldwide except Asia.",
        ),
        (
            "Edit: An earlier version of this article misnamed the director.",
            "An earlier version of this article misnamed the director.",
        ),
        (
            "Updated November 21, 2026: The second trailer is now embedded above.",
            "The second trailer is now embedded above.",
        ),
        (
            "Editor\u2019s note: This article was updated with the Japanese cast list.",
            "This article was updated with the Japanese cast list.",
        ),
    ],
)
def test_update_paragraphs_are_found(paragraph: str, text: str) -> None:
    """An article's own "Update:" / "UPDATE (date):" / "Edit:" paragraph is found, label cut."""
    item = make_item(
        "herald-9",
        "Anime Herald",
        "Kaiju No. 8 Season 2 Sets Streaming Plans",
        at(21, 2),
        content=f"<p>Kaiju No. 8 returns in January.</p><p>{paragraph}</p>",
    )
    assert update_paragraphs(item) == [text]


@pytest.mark.parametrize(
    "paragraph",
    [
        "The update to the mobile game adds three new characters.",
        "Updates on the manga's hiatus are expected next week.",
        "Editing was handled by Kiyoshi Hirose.",
    ],
)
def test_ordinary_paragraphs_are_not_updates(paragraph: str) -> None:
    """Paragraphs that merely mention updating are not update notes."""
    item = make_item(
        "herald-9",
        "Anime Herald",
        "Kaiju No. 8 Game Update",
        at(21, 2),
        content=f"<p>{paragraph}</p>",
    )
    assert update_paragraphs(item) == []


def test_article_with_update_paragraph_yields_an_update_note() -> None:
    """A report joining a story with an Update paragraph adds an "update" note at its date,
    besides the "source" note."""
    herald = replace(
        HERALD,
        content="<p>Dandadan will return for a third season.</p>"
        "<p>UPDATE (Nov. 21): Science SARU confirmed it is animating again.</p>",
    )
    items = {**ITEMS, herald.item_id: herald}
    _, notes = merge(single_story(), items, [("herald-1", "corner-1")], [])
    assert notes == [
        StoryNote(
            "corner-1", at(20, 13, 30), "source", "herald-1", "Also reported by Anime Herald."
        ),
        StoryNote(
            "corner-1",
            at(20, 13, 30),
            "update",
            "herald-1",
            "Science SARU confirmed it is animating again.",
        ),
    ]


def two_outlet_story() -> dict[str, Story]:
    stories, _ = merge(single_story(), ITEMS, [("herald-1", "corner-1")], [])
    return {s.story_id: s for s in stories}


def test_revision_adding_an_update_paragraph_yields_an_update_note() -> None:
    """A revised article that gained an Update paragraph adds an "update" note with that text,
    at the article's new updated date, and bumps the story's updated."""
    after = replace(
        HERALD,
        content="<p>Dandadan will return for a third season.</p>"
        "<p>Update: The first teaser now has English subtitles.</p>",
        updated=at(21, 6),
        fetched=at(21, 6, 20),
        content_hash="hash-herald-1-v2",
    )
    stories, notes = merge(
        two_outlet_story(), {**ITEMS, "herald-1": after}, [], [Revision(HERALD, after)]
    )
    assert notes == [
        StoryNote(
            "corner-1",
            at(21, 6),
            "update",
            "herald-1",
            "The first teaser now has English subtitles.",
        )
    ]
    assert [s.updated for s in stories] == [at(21, 6)]


def test_revision_without_updated_date_uses_fetch_time() -> None:
    """A revision whose feed gives no updated date is dated when it was seen."""
    after = replace(
        HERALD,
        content="<p>Edit: Corrected the name of the studio.</p>",
        fetched=at(22, 1),
        content_hash="hash-herald-1-v2",
    )
    _, notes = merge(
        two_outlet_story(), {**ITEMS, "herald-1": after}, [], [Revision(HERALD, after)]
    )
    assert [(n.at, n.kind, n.text) for n in notes] == [
        (at(22, 1), "update", "Corrected the name of the studio.")
    ]


def test_headline_change_yields_a_revision_note() -> None:
    """An outlet changing its headline adds a "revision" note quoting the new headline; the
    story title follows only when that article is the lead."""
    after = replace(
        HERALD,
        title="Dandadan Season 3 Confirmed for 2027",
        updated=at(21, 4),
        fetched=at(21, 4, 5),
        content_hash="hash-herald-1-v2",
    )
    stories, notes = merge(
        two_outlet_story(), {**ITEMS, "herald-1": after}, [], [Revision(HERALD, after)]
    )
    assert notes == [
        StoryNote(
            "corner-1",
            at(21, 4),
            "revision",
            "herald-1",
            'Anime Herald changed its headline to "Dandadan Season 3 Confirmed for 2027".',
        )
    ]
    assert stories[0].title == "Dandadan Season 3 Announced With First Teaser"

    lead_after = replace(
        CORNER,
        title="Dandadan Season 3 Announced for 2027 - Anime Corner",
        fetched=at(21, 5),
        content_hash="hash-corner-1-v2",
    )
    stories, _ = merge(
        two_outlet_story(), {**ITEMS, "corner-1": lead_after}, [], [Revision(CORNER, lead_after)]
    )
    assert stories[0].title == "Dandadan Season 3 Announced for 2027"


def test_revision_that_adds_text_quotes_what_it_added() -> None:
    """A revision that adds a sentence (no "Update:" paragraph): one "revision" note quoting
    it, together with a changed headline when there is one."""
    after = replace(
        HERALD,
        title="Dandadan Season 3 Confirmed for 2027",
        summary="<p>Dandadan Anime Confirms Third Season.</p>"
        "<p>The studio also shared a teaser visual of Okarun and Momo at the Kitakami ruins.</p>",
        updated=at(21, 4),
        content_hash="hash-herald-1-v3",
    )
    _, notes = merge(
        two_outlet_story(), {**ITEMS, "herald-1": after}, [], [Revision(HERALD, after)]
    )
    assert [n.text for n in notes] == [
        'Anime Herald changed its headline to "Dandadan Season 3 Confirmed for 2027" and added: '
        "The studio also shared a teaser visual of Okarun and Momo at the Kitakami ruins."
    ]


def test_revision_of_an_item_in_no_story_is_ignored() -> None:
    """A revised article that is not in any story given changes nothing and adds no note."""
    after = replace(HERALD, title="Dandadan Season 3 Confirmed", content_hash="v2")
    assert merge(single_story(), ITEMS, [], [Revision(HERALD, after)]) == ([], [])


def test_merge_never_changes_a_story_id() -> None:
    """Whatever joins, leads or is revised, every existing story keeps its id and new stories
    take the id they were assigned."""
    existing = two_outlet_story()
    after = replace(HERALD, title="Dandadan Season 3 Confirmed", content_hash="v2")
    stories, notes = merge(
        existing,
        {**ITEMS, "herald-1": after},
        [("otaku-1", "corner-1"), ("corner-2", "corner-2")],
        [Revision(HERALD, after)],
    )
    assert [s.story_id for s in stories] == ["corner-1", "corner-2"]
    assert stories[0].lead_item_id == "otaku-1"
    assert {n.story_id for n in notes} == {"corner-1"}


def test_merge_is_pure() -> None:
    """merge leaves its arguments exactly as they were."""
    stories = two_outlet_story()
    after = replace(HERALD, title="Dandadan Season 3 Confirmed", content_hash="v2")
    items = {**ITEMS, "herald-1": after}
    assignments = [("otaku-1", "corner-1"), ("corner-2", "corner-1")]
    revisions = [Revision(HERALD, after)]
    snapshot = copy.deepcopy((stories, items, assignments, revisions))
    first = merge(stories, items, assignments, revisions)
    assert (stories, items, assignments, revisions) == snapshot
    assert merge(stories, items, assignments, revisions) == first
