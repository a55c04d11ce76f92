"""Tests for how aggregator.boilerplate reads numbers: in a sentence a number is a counter, masked
so that a templated line ("Posted 3 hours ago") matches across items; in a label of one or two
words it names the item ("Vol. 9, Ch. 112"), so the label is compared as it is and stays.

Named cases on hand-built items, and tests/feeds/boilerplate/inkwell-shelf.xml through the real
parser (tests/test_boilerplate.py holds the rest of the boilerplate tests; it is at its size limit).
"""

from __future__ import annotations

from aggregator.boilerplate import clean_items, learn, split_item
from aggregator.models import Item
from aggregator.text import html_to_text, stable_hash
from tests.test_boilerplate import NOW, SHOWS, cleaned, raw_items, report


def test_chapter_labels_stay_and_templated_counters_go() -> None:
    """Inkwell Shelf opens each of its 10 items with its own "Vol. 9, Ch. 112" label, which stays;
    "Posted 2 hours ago", "There are 14 comments on this chapter. Join the discussion!" and the
    copyright line close every item with other numbers, and go."""
    items = list(raw_items("inkwell-shelf.xml", feed="ink").values())
    assert len(items) == 10
    for before, after in zip(items, clean_items(items, set(), {})[0], strict=True):
        lines = html_to_text(before.content).splitlines()
        assert lines[0].startswith("Vol. ")
        assert lines[3].startswith("Posted ")
        assert html_to_text(after.content).splitlines() == lines[:3]
        assert "appeared first on" not in after.summary


def episode(n: int, body: str) -> Item:
    """Item ``n`` of a watch-along feed whose content is ``body`` alone."""
    title, url = f"Watch-along: {SHOWS[n]}", f"https://club.example/watch/{n}/"
    return Item(
        item_id=f"ep-{n}", source="Club", guid=url, url=url, title=title, summary="",
        content=body, published=None, updated=None, fetched=NOW,
        content_hash=stable_hash(title, "", body),
    )  # fmt: skip


def test_label_stays_in_the_one_item_with_more_text() -> None:
    """Nine items hold nothing but "Episode <n>" and the tenth adds notes: ten labels that differ
    are no template, so the tenth keeps its label (the shape of hostile case xss_content)."""
    items = [episode(n, f"<p>Episode {n + 1}</p>") for n in range(9)]
    items.append(episode(9, "<p>Episode 10</p>\n<p>Bring snacks: this one runs long.</p>"))
    assert cleaned(items)[9] == "<p>Episode 10</p>\n<p>Bring snacks: this one runs long.</p>"


def test_numbered_label_under_every_item_is_kept() -> None:
    """Labels "Ch. 40" … "Ch. 49" under ten reports share no fingerprint, so none is learned."""
    items = [split_item(report(n, f"<p>Ch. {40 + n}</p>")) for n in range(10)]
    assert learn(items) == {}


def test_short_line_repeated_verbatim_is_still_learned() -> None:
    """A short line is compared as it is: "Weekly Digest #48" under this week's 10 items is
    boilerplate like any other repeated block."""
    bodies = cleaned([report(n, "<p>Weekly Digest #48</p>") for n in range(10)])
    assert all("Digest" not in body and f"The {SHOWS[n]} anime" in body
               for n, body in enumerate(bodies))  # fmt: skip


def test_counter_in_a_sentence_is_masked() -> None:
    """A sentence with a different count under each of 5 items ("There are <n> comments") is one
    template."""
    items = [report(n, f"<p>There are {3 * n + 2} comments. Join in!</p>") for n in range(5)]
    assert all("comments" not in body for body in cleaned(items))
