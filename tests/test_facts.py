"""Tests for aggregator.facts: which sentences of a report are new to a story."""

from __future__ import annotations

import pytest

from aggregator.facts import MAX_FACTS, new_facts, sentences, words

STORY = (
    "<p>Studio Kirin announced on Friday that Lantern Post Office will return for a second "
    "season in April 2027. Director Aoi Minase returns, and the cast of the first season "
    "reprises their roles.</p><p>The new season adapts the manga's Winter Harbor arc.</p>"
)


@pytest.mark.parametrize(
    ("name", "report", "new"),
    [
        (
            "a sentence the story already holds",
            "<p>Director Aoi Minase returns, and the cast of the first season reprises their "
            "roles.</p>",
            [],
        ),
        (
            "the same sentence in other words order and case",
            "<p>The cast of the first season reprise their roles, and director Aoi Minase "
            "returns.</p>",
            [],
        ),
        (
            "only words every headline uses are new",
            "<p>The anime's new season is a big update for fans of the series this year.</p>",
            [],
        ),
        (
            "a sentence with new names and numbers",
            "<p>Lantern Post Office returns in April. Singer Hana Kurose performs the new "
            "opening theme, titled Paper Moon Express.</p>",
            ["Singer Hana Kurose performs the new opening theme, titled Paper Moon Express."],
        ),
        (
            "a short line is not a fact",
            "<p>Leave a Comment!</p><p>Share this:</p>",
            [],
        ),
    ],
)
def test_new_facts(name: str, report: str, new: list[str]) -> None:
    assert new_facts(report, [STORY]) == new, name


def test_full_sentences_outrank_fragments_and_keep_the_reports_order() -> None:
    """Of several new sentences the most informative are kept, at most ``limit``, in the order
    the report gives them; a staff-list line ranks below a full sentence."""
    report = (
        "<p>Crunchyroll will stream the new season worldwide, with an English dub recorded in "
        "Los Angeles.</p>"
        "<ul><li>Koji Harada and Emi Takeshita – prop designs</li></ul>"
        "<p>A stage event at AnimeJapan 2027 on March 28 will premiere the first episode.</p>"
        "<p>Tickets go on sale next week.</p>"
    )
    found = new_facts(report, [STORY], limit=2)
    assert len(found) == 2
    assert found[0].startswith("Crunchyroll will stream")
    assert found[1].startswith("A stage event at AnimeJapan 2027")


def test_at_most_max_facts_sentences_within_the_budget() -> None:
    """A note quotes at most MAX_FACTS sentences; with a budget, a sentence that would not fit
    gives way to a shorter one."""
    report = (
        "<p>Crunchyroll will stream the new season worldwide, with an English dub recorded in "
        "Los Angeles.</p>"
        "<p>A stage event at AnimeJapan 2027 on March 28 will premiere the first episode.</p>"
        "<p>Singer Hana Kurose performs the opening theme, Paper Moon Express.</p>"
        "<p>The ending theme comes from the band Glass Heron.</p>"
    )
    assert len(new_facts(report, [STORY])) == MAX_FACTS
    fitted = new_facts(report, [STORY], budget=140)
    assert sum(map(len, fitted)) + len(fitted) - 1 <= 140
    assert "Crunchyroll will stream the new season worldwide" not in " ".join(fitted)


def test_a_headline_held_by_the_story_is_not_news() -> None:
    """A summary that only repeats a headline the story holds adds nothing."""
    headline = "Lantern Post Office Season 2 Set for April 2027 at Studio Kirin"
    assert new_facts(f"<p>{headline}.</p>", [headline]) == []


def test_japanese_sentences_are_compared_by_character_pairs() -> None:
    story = "<p>アニメ「灯台郵便局」第2期が2027年4月に放送開始。監督は水瀬葵。</p>"
    held = "<p>監督は水瀬葵。</p>"
    new = "<p>主題歌は歌手の黒瀬花が担当する。</p>"
    assert new_facts(held, [story]) == []
    assert new_facts(new, [story]) == ["主題歌は歌手の黒瀬花が担当する。"]


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        (
            "<p>UPDATE (Nov. 21): The studio confirmed it. A second trailer follows.</p>",
            ["UPDATE (Nov. 21): The studio confirmed it.", "A second trailer follows."],
        ),
        (
            "<p>Godzilla vs. Kong director J. Smith joins. “It’s huge,” he said. Next.</p>",
            ["Godzilla vs. Kong director J. Smith joins.", "“It’s huge,” he said.", "Next."],
        ),
        ("<ul><li>Director: Aoi Minase</li><li>Music: Kei Tomo</li></ul>", None),
        ("<p>放送開始。監督は水瀬葵。</p>", ["放送開始。", "監督は水瀬葵。"]),
    ],
)
def test_sentences(html: str, expected: list[str] | None) -> None:
    expected = expected or ["Director: Aoi Minase", "Music: Kei Tomo"]
    assert sentences(html) == expected


def test_words_fold_plurals_possessives_and_drop_stopwords() -> None:
    assert words("The Studio's Androids and ANDROID") == {"studio", "android"}
    assert words("the and of") == frozenset()


def test_a_sentence_on_the_storys_subject_outranks_background_prose() -> None:
    """New names and numbers weigh more than new common words, and a sentence naming the
    story's subject (a name from its headlines) more than one about something else: the
    premise of the show beats a long description of the studio behind a video."""
    story = (
        "<p>Studio Kirin posted a new music video for Lantern Post Office, produced by "
        "Hanabi Works. The series premieres in April.</p>"
    )
    report = (
        "<p>The video, which blends footage from the show with handwritten letters drifting "
        "across the screen, is produced by Hanabi Works, a team known for striking opening "
        "and ending animations in recent years.</p>"
        "<p>Lantern Post Office follows the courier Tomo as she delivers letters between "
        "seven floating islands.</p>"
    )
    titles = ["Lantern Post Office Anime Shares New Music Video"]
    assert new_facts(report, [story], limit=1, titles=titles) == [
        "Lantern Post Office follows the courier Tomo as she delivers letters between seven "
        "floating islands."
    ]


def test_words_in_parentheses_are_asides_that_neither_dilute_nor_lead() -> None:
    """A sentence whose names in parentheses the story already holds still adds its new facts,
    and a staff line whose only news is a person's earlier works in parentheses ranks last."""
    story = "<p>Aoi Minase voices Tomo, and Ren Takeshita voices the harbour master.</p>"
    report = (
        "<p>Composer: Kaede Orbit (Glass Heron Symphony, Paper Satellites Live)</p>"
        "<p>The show follows Tomo (Aoi Minase) and the harbour master (Ren Takeshita) as they "
        "chase stolen letters across Winter Harbor.</p>"
    )
    found = new_facts(report, [story], limit=1)
    assert found == [
        "The show follows Tomo (Aoi Minase) and the harbour master (Ren Takeshita) as they "
        "chase stolen letters across Winter Harbor."
    ]


def test_a_quotation_stays_inside_the_sentence_that_quotes_it() -> None:
    """Sentences inside quotation marks are not split out of the sentence quoting them."""
    html = (
        "<p>The chorus goes: “Lanterns rise. The harbour sleeps.” Fans loved it.</p>"
        '<p>The director said "We are back. See you in April." Then the trailer ran.</p>'
    )
    assert sentences(html) == [
        "The chorus goes: “Lanterns rise. The harbour sleeps.”",
        "Fans loved it.",
        'The director said "We are back. See you in April."',
        "Then the trailer ran.",
    ]


def test_lyrics_and_credit_lines_do_not_pass_for_news() -> None:
    """Capitals at the start of a long quotation are grammar, not names; a credit line
    ("© …", "Source: …") is never quoted; spelled-out numbers are facts like digits."""
    report = (
        "<p>© Studio Kirin / Lantern Post Office Committee</p>"
        "<p>The chorus runs: “Every letter finds its way home before the winter tide.”</p>"
        "<p>The courier crosses seven islands with three apprentices in tow.</p>"
    )
    assert new_facts(report, [STORY], titles=["Lantern Post Office", "Lantern Post Office"]) == [
        "The courier crosses seven islands with three apprentices in tow."
    ]
