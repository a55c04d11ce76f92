"""Tests for aggregator.rawitems and the poll that parses only the items it has not seen byte
for byte: whatever is skipped, the items read are exactly those a whole read gives."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aggregator.errors import ParseError
from aggregator.models import Parsed, Source
from aggregator.parse import read_feed
from aggregator.rawitems import cut
from tests.test_fastfeed import BASE, FEEDS, FIXTURES, atom, atom_entry, rss, rss_item

SOURCE = Source("Wire", BASE)
FETCHED = datetime(2026, 3, 20, 9, 0, tzinfo=UTC)
HEADERS = {"content-type": "application/rss+xml; charset=utf-8"}


def read(body: bytes, known: dict[str, str] | None = None, base: str = BASE) -> Parsed:
    return read_feed(
        body, source=SOURCE, headers=HEADERS, fetched_at=FETCHED, base_url=base, known=known or {}
    )


def skipping_gives_what_a_whole_read_gives(body: bytes, skip: list[bool], base: str) -> None:
    """Read ``body`` whole, then again knowing the items ``skip`` marks: the known come back
    seen, the others exactly as the whole read made them."""
    try:
        whole = read(body, base=base)
    except ParseError:
        return
    pairs = list(zip(whole.items, whole.digests, strict=True))
    known = {digest: item.item_id for (item, digest), s in zip(pairs, skip, strict=False) if s}
    again = read(body, known, base)
    assert again.items == [item for item, digest in pairs if digest not in known]
    assert again.digests == [digest for _, digest in pairs if digest not in known]
    assert sorted(seen.item_id for seen in again.seen) == sorted(known.values())


@pytest.mark.parametrize("name", FIXTURES)
def test_every_feed_of_the_suite_reads_the_same_with_items_skipped(name: str) -> None:
    body = (FEEDS / name).read_bytes()
    base = f"https://fixture.example/{name}"
    skipping_gives_what_a_whole_read_gives(body, [True, False] * 30, base)
    skipping_gives_what_a_whole_read_gives(body, [False, True] * 30, base)


@settings(max_examples=200, deadline=None)
@given(st.lists(rss_item(), min_size=1, max_size=5), st.lists(st.booleans(), max_size=5))
def test_generated_rss_reads_the_same_with_items_skipped(
    items: list[str], skip: list[bool]
) -> None:
    skipping_gives_what_a_whole_read_gives(rss("".join(items)), skip, BASE)


@settings(max_examples=200, deadline=None)
@given(st.lists(atom_entry(), min_size=1, max_size=5), st.lists(st.booleans(), max_size=5))
def test_generated_atom_reads_the_same_with_entries_skipped(
    entries: list[str], skip: list[bool]
) -> None:
    skipping_gives_what_a_whole_read_gives(atom("".join(entries)), skip, BASE)


def story(number: int, extra: str = "") -> str:
    return (
        f"<item><title>Report {number}</title><link>https://wire.example/news/{number}</link>"
        f"<description><![CDATA[<p>Report {number} of the week.{extra}</p>]]></description>"
        "</item>"
    )


def test_a_second_poll_parses_only_the_new_and_changed_items() -> None:
    first = read(rss(story(1) + story(2) + story(3)))
    known = dict(zip(first.digests, (item.item_id for item in first.items), strict=True))
    assert all(digest.startswith("raw:") for digest in known)
    later = rss(story(4) + story(1, " Updated.") + story(2) + story(3))
    second = read(later, known)
    assert [item.title for item in second.items] == ["Report 4", "Report 1"]
    assert second.items[1].item_id == first.items[0].item_id  # a revision of the same article
    assert [seen.item_id for seen in second.seen] == [i.item_id for i in first.items[1:]]


def test_an_items_digest_follows_what_it_is_read_with() -> None:
    """The channel's text (a new build date) leaves the digests alone; a namespace, the base
    URL or the content type read the items anew."""
    items = story(1) + story(2)
    digests = read(
        rss(items, "<lastBuildDate>Fri, 20 Mar 2026 08:00:00 GMT</lastBuildDate>")
    ).digests
    dated = rss(items, "<lastBuildDate>Fri, 20 Mar 2026 08:45:00 GMT</lastBuildDate>")
    assert read(dated).digests == digests
    assert set(read(rss(items)).digests).isdisjoint(digests)  # one element fewer: read anew
    spaced = dated.replace(b"<rss ", b'<rss xmlns:x="https://x.example/ns" ')
    assert set(read(spaced).digests).isdisjoint(digests)
    assert set(read(dated, base="https://mirror.example/feed").digests).isdisjoint(digests)
    other = read_feed(
        dated,
        source=SOURCE,
        headers={"content-type": "application/rss+xml; charset=iso-8859-1"},
        fetched_at=FETCHED,
        base_url=BASE,
    )
    assert set(other.digests).isdisjoint(digests)


def test_markup_inside_cdata_comments_and_instructions_is_text() -> None:
    """An ``</item>`` in a CDATA section, a comment or a processing instruction inside an
    item does not end it."""
    for inside in ("]]><![CDATA[</item><item>", "]]><!-- </item><item> --><![CDATA["):
        found = cut(rss(story(1, inside) + story(2)))
        assert found is not None
        assert [item.count(b"<title>") for item in found.items()] == [1, 1]
        assert found.items()[0].endswith(b"</item>")
    instruction = rss(story(1).replace("<title>", "<?note </item> ?><title>") + story(2))
    found = cut(instruction)
    assert found is not None
    assert len(found.items()) == 2
    skipping_gives_what_a_whole_read_gives(instruction, [True, False], BASE)


@pytest.mark.parametrize(
    "body",
    [
        rss(story(1)).replace(b"<rss", b"<!DOCTYPE rss>\n<rss"),
        rss(story(1) + "<!-- a note --> " + story(2)),
        rss(story(1) + "<title>between</title>" + story(2)),
        rss(story(1).replace("</item>", story(2) + "</item>")),
        rss(story(1)) + atom("<entry><title>T</title></entry>"),
        rss(story(1) + "<item/>"),
        rss(story(1))[:-40],
        rss("<title>no items</title>"),
        rss(story(1)).replace(b"]]>", b""),
    ],
    ids=[
        "doctype",
        "comment between items",
        "element between items",
        "nested",
        "items and entries",
        "empty item",
        "cut off",
        "no item",
        "unclosed cdata",
    ],
)
def test_a_layout_that_is_not_plain_is_not_cut(body: bytes) -> None:
    assert cut(body) is None


def test_a_document_that_cannot_be_cut_still_skips_what_it_saw() -> None:
    body = rss(story(1) + "<!-- a note -->" + story(2))
    first = read(body)
    assert not any(digest.startswith("raw:") for digest in first.digests)
    known = dict(zip(first.digests, (item.item_id for item in first.items), strict=True))
    assert read(body, known).items == []


def test_fixtures_are_cut() -> None:
    """The outlet-style fixtures have the plain layout the cut is for."""
    plain = [name for name in FIXTURES if cut((FEEDS / name).read_bytes()) is not None]
    assert len(plain) >= len(FIXTURES) // 2
    assert Path(FEEDS / "seed" / "outlet-a.xml").relative_to(FEEDS).as_posix() in plain


@pytest.mark.parametrize(
    "broken",
    [
        "<item><title>Tom & Jerry Return</title><link>https://wire.example/news/9</link></item>",
        "<item><title>Half an item</title><link>https://wire.example/news/9</link></item>"[:-12],
        "<item><title><![CDATA[Open]]></title><description><b>bold</description></item>",
    ],
)
def test_a_broken_new_item_among_seen_ones_reads_as_the_whole_document_does(broken: str) -> None:
    """The document of the new item alone may not parse where the whole one does (or the
    other way round): then the whole is read, as before."""
    body = rss(story(1) + story(2) + broken)
    skipping_gives_what_a_whole_read_gives(body, [True, True, False], BASE)
    skipping_gives_what_a_whole_read_gives(body, [True, False, False], BASE)
