"""What the matcher keeps in the store: the candidate index, word counts, and the pairs of
articles a reader split apart. Touches SQLite.

- ``match_terms(term, date, article_id)``: each article under its index terms (``match.
  index_terms``: URL keys, squashed headline, headline naming words). A new article's
  candidates are the articles sharing a term within the window, found by range scans on the
  primary key (one per term for a whole batch of new articles), so the cost per article
  depends on how many articles share its names, never on the size of the store.
- ``word_counts(word, articles)``: in how many articles each word occurs, for IDF weights. The
  row with the empty word counts the articles. A revised article's terms and counts move to its
  new version (``reindex_articles``).
- ``kept_apart(a, b)``: article pairs (``a < b``) that no story may hold together, written by
  ``aggregator split``; ``corrections`` logs every split and join.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Collection, Iterable, Iterator, Sequence
from datetime import datetime, timedelta
from operator import itemgetter
from sys import intern

from aggregator.idf import Idf, words_of
from aggregator.match import LONG_WINDOW, SOUND, index_terms
from aggregator.match_features import Features, features_of
from aggregator.match_sounds import headline_sounds, katakana_sounds
from aggregator.models import Revision
from aggregator.store.articles import load_items, select_in
from aggregator.store.connection import Database
from aggregator.text import iso_utc

# A term with more postings than this in the window names nothing specific (a platform, a
# word every headline uses): it finds no candidates.
MAX_POSTINGS = 200
# New articles are compared with at most this many candidates, those sharing most terms.
MAX_CANDIDATES = 40
# A batch reads each term's postings over all the dates it reaches at once, up to this many.
MAX_SPAN_POSTINGS = 20_000
# Articles whose candidates are looked up together: a first run's 10,000 articles at once held
# 25 MB of postings.
LOOKUP_BATCH = 1_000
_TOTAL = ""  # the word_counts row that counts articles


def index_articles(db: Database, features: Iterable[Features]) -> None:
    """Add articles to the candidate index and the word counts (each article once): the
    articles indexed already are looked up together, and the new terms go in one statement."""
    batch: dict[str, Features] = {}
    for feature in features:
        batch.setdefault(feature.item.item_id, feature)
    sql = "SELECT DISTINCT article_id FROM match_terms WHERE article_id IN ({marks})"
    indexed = {article_id for (article_id,) in select_in(db, sql, list(batch))}
    counts: Counter[str] = Counter()

    def rows() -> Iterator[tuple[str, str, str]]:  # made as SQLite takes them
        for item_id, feature in batch.items():
            if item_id not in indexed:
                date = iso_utc(feature.item.date)
                yield from ((term, date, item_id) for term in sorted(index_terms(feature)))
                counts.update(feature.words)
                counts[_TOTAL] += 1

    db.conn.executemany(
        "INSERT OR IGNORE INTO match_terms (term, date, article_id) VALUES (?, ?, ?)", rows()
    )
    db.conn.executemany(
        "INSERT INTO word_counts (word, articles) VALUES (?, ?)"
        " ON CONFLICT(word) DO UPDATE SET articles = articles + excluded.articles",
        sorted(counts.items()),
    )


def reindex_articles(
    db: Database, revisions: Sequence[Revision], aliases: tuple[tuple[str, ...], ...]
) -> list[Features]:
    """Move revised articles' index terms and word counts from the version indexed to the one
    stored now, so a revised headline finds its candidates and ``explain`` weighs words as a
    run does; return the stored articles' features. An article never indexed is indexed now."""
    indexed = {r.after.item_id: r.before for r in reversed(revisions)}  # the first revision's
    stored = load_items(db, sorted(indexed))
    revised = [features_of(stored[i], aliases) for i in sorted(stored)]
    counts: Counter[str] = Counter()
    for after in revised:
        item = after.item
        if db.execute("SELECT 1 FROM match_terms WHERE article_id = ?", [item.item_id]).fetchone():
            db.execute("DELETE FROM match_terms WHERE article_id = ?", [item.item_id])
            counts.subtract(features_of(indexed[item.item_id], aliases).words)
        else:
            counts[_TOTAL] += 1
        date = iso_utc(item.date)
        db.conn.executemany(
            "INSERT OR IGNORE INTO match_terms (term, date, article_id) VALUES (?, ?, ?)",
            [(term, date, item.item_id) for term in sorted(index_terms(after))],
        )
        counts.update(after.words)
    db.conn.executemany(
        "INSERT INTO word_counts (word, articles) VALUES (?, MAX(?, 0))"
        " ON CONFLICT(word) DO UPDATE SET articles = MAX(articles + ?, 0)",
        [(word, n, n) for word, n in sorted(counts.items()) if n],
    )
    return revised


def find_candidates(
    db: Database, features: Sequence[Features], reach: timedelta
) -> dict[str, list[str]]:
    """For each article of ``features``, the ids of the articles within ``reach`` of its date
    that share most index terms with it (rarer terms count more), best first.

    The articles are taken ``LOOKUP_BATCH`` at a time in date order (each answer depends on
    the article alone, so the parts change nothing but the memory the postings take): one range
    scan per distinct term of a part, over the dates the part reaches; a term with more than
    ``MAX_SPAN_POSTINGS`` postings there is asked article by article."""
    unique = sorted({f.item.item_id: f for f in features}.values(), key=lambda f: f.item.date)
    found: dict[str, list[str]] = {}
    for start in range(0, len(unique), LOOKUP_BATCH):
        found.update(_find_part(db, unique[start : start + LOOKUP_BATCH], reach))
    for item_id, heard in _heard(db, unique, reach / LONG_WINDOW).items():
        found[item_id] = [
            *found.get(item_id, ()),
            *(i for i in heard if i not in found.get(item_id, ())),
        ]
    return found


def _heard(db: Database, unique: Sequence[Features], window: timedelta) -> dict[str, list[str]]:
    """Candidates across languages, within ``window``: the English and Japanese articles whose
    headlines' names sound alike (``match_sounds``: メダリスト, "Medalist"). Japanese articles
    are indexed under the sounds of their katakana names (``match.index_terms``); English
    headlines are read anew, and only when a new Japanese article has such a name, so a store
    of English feeds does no more work than one lookup."""
    if not unique:
        return {}
    span = (iso_utc(unique[0].item.date - window), iso_utc(unique[-1].item.date + window))
    heard: dict[str, list[tuple[str, str]]] = {}
    japanese = {f.item.item_id: katakana_sounds(f.item.title) for f in unique}
    found: dict[str, set[str]] = {}
    if any(japanese.values()):
        sql = "SELECT date, id, title FROM articles WHERE date BETWEEN ? AND ? ORDER BY date, id"
        for date, article_id, title in db.execute(sql, span):
            for key in headline_sounds(title):
                heard.setdefault(key, []).append((date, article_id))
        for f in unique:
            found[f.item.item_id] = _near(heard, japanese[f.item.item_id], f.item.date, window)
    heard = {}
    sql = (
        "SELECT term, date, article_id FROM match_terms WHERE term >= ? AND term < ?"
        " AND date BETWEEN ? AND ? ORDER BY term, date, article_id"
    )
    for term, date, article_id in db.execute(sql, [SOUND, SOUND[:-1] + ";", *span]):
        heard.setdefault(term.removeprefix(SOUND), []).append((date, article_id))
    if heard:
        for f in unique:
            if not japanese[f.item.item_id]:
                found[f.item.item_id] = _near(
                    heard, headline_sounds(f.item.title), f.item.date, window
                )
    return {item_id: sorted(ids - {item_id}) for item_id, ids in found.items() if ids - {item_id}}


def _near(
    heard: dict[str, list[tuple[str, str]]],
    keys: Collection[str],
    date: datetime,
    window: timedelta,
) -> set[str]:
    lo, hi = _bounds(date, window)
    return {
        article_id for key in keys for when, article_id in heard.get(key, ()) if lo <= when <= hi
    }


def _find_part(db: Database, unique: Sequence[Features], reach: timedelta) -> dict[str, list[str]]:
    """``find_candidates`` for a part of a batch (articles of distinct ids)."""
    terms = {f.item.item_id: sorted(index_terms(f)) for f in unique}
    window = {f.item.item_id: _bounds(f.item.date, reach) for f in unique}
    span = (min(lo for lo, _ in window.values()), max(hi for _, hi in window.values()))
    postings: dict[str, tuple[list[str], list[str]]] = {}
    for term in sorted({t for found in terms.values() for t in found}):
        dates, ids = _postings(db, term, span, MAX_SPAN_POSTINGS + 1)
        if len(ids) <= MAX_SPAN_POSTINGS:
            postings[term] = (dates, ids)
    found: dict[str, list[str]] = {}
    for item_id, own_terms in terms.items():
        lo, hi = window[item_id]
        shared: dict[str, float] = {}
        for term in own_terms:  # sums add up term by term, in the same order for every batch
            if term in postings:
                dates, ids = postings[term]
                near = ids[bisect_left(dates, lo) : bisect_right(dates, hi)]
            else:
                near = _postings(db, term, (lo, hi), MAX_POSTINGS + 1)[1]
            if len(near) > MAX_POSTINGS:
                continue
            weight = 1.0 / len(near)
            for article_id in near:
                shared[article_id] = shared.get(article_id, 0.0) + weight
        shared.pop(item_id, None)
        ranked = _best(shared)
        # Interned: a batch keeps thousands of these lists, naming the same articles many times.
        found[item_id] = [intern(article_id) for article_id, _ in ranked]
    return found


def _best(shared: dict[str, float]) -> list[tuple[str, float]]:
    """The ``MAX_CANDIDATES`` most shared, ties by id. Only those scoring at least the
    ``MAX_CANDIDATES``-th best score are sorted by (score, id): a first run's articles each
    share a term with hundreds of others, and sorting the scores alone is cheaper."""
    if len(shared) > MAX_CANDIDATES:
        floor = sorted(shared.values(), reverse=True)[MAX_CANDIDATES - 1]
        shared = {key: score for key, score in shared.items() if score >= floor}
    # Two sorts in C: by id, then by score (a stable sort keeps the id order of equal scores).
    return sorted(sorted(shared.items()), key=itemgetter(1), reverse=True)[:MAX_CANDIDATES]


def _bounds(date: datetime, reach: timedelta) -> tuple[str, str]:
    return iso_utc(date - reach), iso_utc(date + reach)


def _postings(
    db: Database, term: str, span: tuple[str, str], limit: int
) -> tuple[list[str], list[str]]:
    """The dates and the ids of the articles under ``term`` dated within ``span``, by date;
    interned, as a batch reads one article under many terms."""
    rows = db.execute(
        "SELECT date, article_id FROM match_terms WHERE term = ? AND date BETWEEN ? AND ?"
        " ORDER BY date, article_id LIMIT ?",
        [term, *span, limit],
    ).fetchall()
    return [intern(date) for date, _ in rows], [intern(article_id) for _, article_id in rows]


def load_idf(db: Database, token_sets: Iterable[Collection[str]]) -> Idf:
    """Word counts over the whole store for the words of ``token_sets``; ``Idf.know`` loads
    those of other words later."""
    wanted = sorted({w for tokens in token_sets for w in words_of(tokens)} | {_TOTAL})
    sql = "SELECT word, articles FROM word_counts WHERE word IN ({marks})"
    df = dict(select_in(db, sql, wanted))
    total = df.pop(_TOTAL, 0)
    return Idf(df, total, load=lambda words: dict(select_in(db, sql, words)), asked=wanted)


def load_kept_apart(db: Database, item_ids: Sequence[str]) -> set[tuple[str, str]]:
    """The kept-apart pairs that involve any of ``item_ids``."""
    pairs: set[tuple[str, str]] = set()
    for column in ("a", "b"):
        sql = f"SELECT a, b FROM kept_apart WHERE {column} IN ({{marks}})"
        pairs.update((a, b) for a, b in select_in(db, sql, item_ids))
    return pairs


def keep_apart(db: Database, pairs: Iterable[tuple[str, str]]) -> None:
    """Never again put these article pairs in one story."""
    db.conn.executemany(
        "INSERT OR IGNORE INTO kept_apart (a, b) VALUES (?, ?)",
        sorted((min(a, b), max(a, b)) for a, b in pairs if a != b),
    )


def allow_together(db: Database, first: Sequence[str], second: Sequence[str]) -> None:
    """Lift the kept-apart pairs between two groups of articles (a reader joined them)."""
    for a in first:
        for b in second:
            db.execute("DELETE FROM kept_apart WHERE a = ? AND b = ?", [min(a, b), max(a, b)])


def log_correction(
    db: Database, at: datetime, kind: str, story_id: str, other: str, note: str
) -> None:
    """Record a split (``other`` = the article) or a join (``other`` = the absorbed story)."""
    db.execute(
        "INSERT INTO corrections (at, kind, story_id, other, note) VALUES (?, ?, ?, ?, ?)",
        [iso_utc(at), kind, story_id, other, note],
    )
