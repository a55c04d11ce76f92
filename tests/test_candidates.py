"""Tests for store.find_candidates on a batch: each article gets exactly the candidates it
would get alone, however many articles share the batch's range scans."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from aggregator.match_features import features_of
from aggregator.models import Item, Source
from aggregator.store import matching, open_db, save_items, save_sources
from aggregator.store.matching import find_candidates, index_articles
from tests.test_match import ANN, CORNER, HERALD, OUSA, article, at

SHOWS = ["Gearbound Knights", "Lantern Post Office", "Paper Crane Academy", "Tidal Symphony"]
NEWS = ["Reveals Trailer", "Casts Its Lead", "Sets April Premiere", "Gets Stage Play"]
OUTLETS = [ANN, CORNER, HERALD, OUSA]


def _articles() -> list[Item]:
    """Forty reports over twenty days: four shows, each headline also naming "Kirameki", the
    platform every report mentions (a term too common to find anything)."""
    found = []
    for n in range(40):
        show, news, outlet = SHOWS[n % 4], NEWS[(n // 4) % 4], OUTLETS[(n // 2) % 4]
        title = f"{show} Anime {news} on Kirameki"
        text = f"The {show} anime {news.lower()}, streaming on Kirameki (report {n})."
        when = at(1, 9) + timedelta(hours=12 * n)
        found.append(article(outlet, f"https://news{n % 4}.example/{n}", title, text, when))
    return found


@pytest.mark.parametrize("span_postings", [20_000, 6], ids=["one scan per term", "too many"])
def test_a_batch_finds_what_each_article_finds_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, span_postings: int
) -> None:
    """The batch's answer for every article equals the article's own query, with terms past
    MAX_POSTINGS in an article's window left out, and terms with more than MAX_SPAN_POSTINGS
    in the batch's span asked article by article."""
    monkeypatch.setattr(matching, "MAX_POSTINGS", 5)
    monkeypatch.setattr(matching, "MAX_SPAN_POSTINGS", span_postings)
    items = _articles()
    db = open_db(tmp_path / "aggregator.db")
    save_sources(db, [Source(name, f"https://{n}.example/feed") for n, name in enumerate(OUTLETS)])
    save_items(db, items)
    features = [features_of(item) for item in items]
    index_articles(db, features)
    reach = timedelta(days=3)

    batch = find_candidates(db, features, reach)
    alone = {f.item.item_id: find_candidates(db, [f], reach)[f.item.item_id] for f in features}
    db.conn.close()

    assert set(batch) == {item.item_id for item in items}
    assert batch == alone
    assert any(batch.values())
    first = features[0]
    for candidate in batch[first.item.item_id]:
        other = next(f for f in features if f.item.item_id == candidate)
        assert abs(other.item.date - first.item.date) <= reach
        assert other.subject & first.subject - {"kirameki"}


def test_a_katakana_name_finds_the_english_report_in_either_order(tmp_path: Path) -> None:
    """A Japanese and an English report share no index term but the sound of a name
    (ランタンランナー, "Lantern Runner"): each finds the other, whichever is stored first and
    when both come in one batch, within the window only."""
    natalie = "コミックナタリー"
    japanese = article(
        natalie,
        "https://natalie.example/news/1",
        "「ランタンランナー」第2シリーズは10月放送開始",
        "TVアニメ「ランタンランナー」第2シリーズが10月より放送される。",
        at(20, 9),
    )
    english = article(
        ANN,
        "https://ann.example/news/1",
        "Lantern Runner Anime's 2nd Season Premieres in October",
        "The Lantern Runner anime's second season premieres in October.",
        at(20, 14),
    )
    late = article(
        CORNER,
        "https://corner.example/1",
        "Lantern Runner Season 2 Gets Key Visual",
        "A key visual for Lantern Runner season 2.",
        at(20, 14) + timedelta(days=9),
    )
    window = timedelta(days=3)

    def candidates(path: Path, *batches: list[Item]) -> dict[str, list[str]]:
        """Each batch indexed then looked up, as a run does; the last batch's candidates."""
        db = open_db(path)
        save_sources(
            db,
            [Source(n, f"https://{i}.example/feed") for i, n in enumerate([natalie, ANN, CORNER])],
        )
        found: dict[str, list[str]] = {}
        for batch in batches:
            save_items(db, batch)
            features = [features_of(item) for item in batch]
            index_articles(db, features)
            found = find_candidates(db, features, window)
        db.conn.close()
        return found

    english_later = candidates(tmp_path / "a.db", [japanese], [english, late])
    japanese_later = candidates(tmp_path / "b.db", [english, late], [japanese])
    together = candidates(tmp_path / "c.db", [japanese, english, late])

    assert english_later[english.item_id] == [japanese.item_id]
    assert japanese.item_id not in english_later.get(late.item_id, [])
    assert japanese_later[japanese.item_id] == [english.item_id]
    assert together[japanese.item_id] == [english.item_id]
    assert japanese.item_id in together[english.item_id]
