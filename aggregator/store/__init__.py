"""The SQLite store (``store/aggregator.db``) and its lock. sqlite-utils migrates its schema.

``schema`` holds the migrations, ``feeds`` the feeds' fetch state and schedule, ``articles``
the articles, ``stories`` the stories, memberships and notes, ``lock`` the one-run-at-a-time
lock. ``matching`` (the matcher's index, word counts and corrections) is imported on its own,
``from aggregator.store import matching``: it loads the matcher, which a cycle that brings
nothing new and the query commands never need.
"""

from __future__ import annotations

from aggregator.store.articles import (
    has_unassigned,
    load_items,
    load_items_between,
    load_unassigned,
    save_items,
)
from aggregator.store.boilerplate import (
    clean_boilerplate,
    load_boilerplate,
    load_document,
    save_boilerplate,
    save_document,
    store_document,
)
from aggregator.store.connection import Database
from aggregator.store.feeds import (
    FeedState,
    load_feed_states,
    load_polls,
    save_fetch,
    save_next_polls,
    save_sources,
)
from aggregator.store.lock import hold_lock
from aggregator.store.schema import open_db
from aggregator.store.stories import (
    Membership,
    fuse_stories,
    load_article_ids_by_term,
    load_article_ids_by_url,
    load_entries,
    load_latest_story_ids,
    load_listing,
    load_members_near,
    load_memberships,
    load_notes,
    load_stories,
    load_story_ids_of,
    move_article_notes,
    save_stories,
    search_story_ids,
)

__all__ = [
    "Database",
    "FeedState",
    "Membership",
    "clean_boilerplate",
    "fuse_stories",
    "has_unassigned",
    "hold_lock",
    "load_article_ids_by_term",
    "load_article_ids_by_url",
    "load_boilerplate",
    "load_document",
    "load_entries",
    "load_feed_states",
    "load_items",
    "load_items_between",
    "load_latest_story_ids",
    "load_listing",
    "load_members_near",
    "load_memberships",
    "load_notes",
    "load_polls",
    "load_stories",
    "load_story_ids_of",
    "load_unassigned",
    "move_article_notes",
    "open_db",
    "save_boilerplate",
    "save_document",
    "save_fetch",
    "save_items",
    "save_next_polls",
    "save_sources",
    "save_stories",
    "search_story_ids",
    "store_document",
]
