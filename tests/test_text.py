"""Tests for aggregator.text: the URL key that makes one article's URL variants equal, and the
folded form in which the matcher compares words."""

from __future__ import annotations

import html
import re
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aggregator.text import canonical_url, fold, html_to_text, repair_mojibake

BASE = "https://www.otakuusamagazine.com/lantern-post-office-anime-cast/"


@pytest.mark.parametrize(
    "variant",
    [
        pytest.param(BASE, id="as published"),
        pytest.param(
            "http://otakuusamagazine.com/lantern-post-office-anime-cast", id="http no www"
        ),
        pytest.param(BASE + "?utm_source=rss&utm_medium=rss", id="utm parameters"),
        pytest.param(BASE + "?fbclid=IwAR0abc", id="click id"),
        pytest.param(BASE + "#comments", id="fragment"),
        pytest.param(BASE + "amp/", id="amp suffix"),
        pytest.param(BASE + "?amp=1", id="amp parameter"),
        pytest.param(
            "https://amp.otakuusamagazine.com/lantern-post-office-anime-cast/", id="amp host"
        ),
        pytest.param(
            "https://www.otakuusamagazine.com/amp/lantern-post-office-anime-cast/",
            id="amp prefix",
        ),
        pytest.param(
            "https://www-otakuusamagazine-com.cdn.ampproject.org/c/s/"
            "www.otakuusamagazine.com/lantern-post-office-anime-cast/",
            id="google amp cache",
        ),
        pytest.param(BASE + "?edition=us", id="edition parameter"),
        pytest.param(BASE + "?lang=en&utm_campaign=feed", id="language and campaign"),
        pytest.param(
            "HTTPS://WWW.OtakuUSAMagazine.com/lantern-post-office-anime-cast", id="host case"
        ),
        pytest.param("https://m.otakuusamagazine.com/lantern-post-office-anime-cast/", id="mobile"),
        pytest.param(
            "https://www.otakuusamagazine.com//lantern-post-office-anime-cast//",
            id="doubled slashes",
        ),
    ],
)
def test_variants_of_one_article_share_a_key(variant: str) -> None:
    """Cosmetic variants of an article URL (scheme, host prefix, tracking and edition
    parameters, AMP forms, fragments, slashes) all give the published URL's key."""
    assert canonical_url(variant) == "otakuusamagazine.com/lantern-post-office-anime-cast"


@pytest.mark.parametrize(
    ("first", "second"),
    [
        pytest.param(
            "https://www.animeherald.com/?p=284127",
            "https://www.animeherald.com/?p=284128",
            id="article id in the query",
        ),
        pytest.param(
            "https://animecorner.me/lantern-post-office-cast/",
            "https://animecorner.me/lantern-post-office-trailer/",
            id="different slug",
        ),
        pytest.param(
            "https://animecorner.me/lantern-post-office-cast/",
            "https://animeherald.com/lantern-post-office-cast/",
            id="different host",
        ),
        pytest.param(
            "https://example.com/news/amplifier-review",
            "https://example.com/news/amplifier",
            id="amp inside a word",
        ),
    ],
)
def test_different_articles_keep_different_keys(first: str, second: str) -> None:
    """What tells articles apart (the query's article id, the slug, the host) survives."""
    assert canonical_url(first) != canonical_url(second)


def test_query_order_does_not_matter() -> None:
    """Query parameters are compared as a set."""
    assert canonical_url("https://example.com/a?x=1&y=2") == canonical_url(
        "https://example.com/a?y=2&x=1"
    )


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        pytest.param("Crimson Lightning", "crimson lightning", id="ascii"),
        pytest.param(
            "The anime’s “Crimson” clip – out", "the anime’s “crimson” clip – out", id="quotes"
        ),
        pytest.param("Pokémon Café", "pokemon cafe", id="accents"),
        pytest.param("ＳＥＡＳＯＮ２", "season2", id="full width"),
        pytest.param("STRASSE Straße", "strasse strasse", id="casefold"),
        pytest.param("x\u0336\u0336y", "xy", id="lone combining marks"),
        pytest.param("第2期「ガチアクタ」", "第2期「カチアクタ」", id="japanese"),
    ],
)
def test_fold(text: str, folded: str) -> None:
    """Case, width and accents are ignored; typographic quotes and dashes stay."""
    assert fold(text) == folded


def _fold_by_definition(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold()
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize(
        "NFC", "".join(c for c in decomposed if not unicodedata.combining(c))
    )


@given(
    st.text(alphabet=st.sampled_from("aZ9 .’“”–—éｅ\u0301\u3099かが…ßİ"), max_size=30) | st.text()
)
def test_fold_fast_paths_agree_with_the_definition(text: str) -> None:
    """The shortcuts for plain English text change nothing."""
    assert fold(text) == _fold_by_definition(text)


@pytest.mark.parametrize(
    ("fragment", "text"),
    [
        pytest.param(
            "<p>Crimson  Lightning</p><p>Out\tnow</p>", "Crimson Lightning\nOut now", id="blocks"
        ),
        pytest.param("<p>A&nbsp;&amp; B</p>", "A & B", id="entities"),
        pytest.param("a \x01 b\x00", "a b", id="controls between words"),
        pytest.param("<p>x</p><p>\x01</p><p>y</p>", "x\ny", id="a line of controls"),
        pytest.param("a\x0bb\x0cc", "a b c", id="vertical tab and form feed separate"),
    ],
)
def test_html_to_text(fragment: str, text: str) -> None:
    """One space between words, no control characters, no empty lines."""
    assert html_to_text(fragment) == text


@pytest.mark.parametrize(
    ("text", "repaired"),
    [
        pytest.param("Caf\u00c3\u00a9 Noir", "Caf\u00e9 Noir", id="UTF-8 read as Latin-1"),
        pytest.param("Caf\u00e9 Noir", "Caf\u00e9 Noir", id="real Latin-1 kept"),
        pytest.param("\x93Quoted\x94 \x85", "\u201cQuoted\u201d \u2026", id="C1 as Windows-1252"),
        pytest.param(
            "\u300c\u8d64\u300d \u00c3\u00a9",
            "\u300c\u8d64\u300d \u00c3\u00a9",
            id="not all Latin-1",
        ),
        pytest.param("plain ASCII", "plain ASCII", id="ASCII"),
    ],
)
def test_repair_mojibake(text: str, repaired: str) -> None:
    assert repair_mojibake(text) == repaired


def _html_to_text_by_definition(fragment: str) -> str:
    """``html_to_text`` as its docstring defines it, with regexes (slow and plain)."""
    text = re.sub(r"</?(p|div|br|li|ul|ol|h[1-6]|blockquote|tr|table|section)\b[^>]*>", "\n",
                  fragment, flags=re.I)  # fmt: skip
    text = re.sub(r"[^\S\n]+", " ", html.unescape(re.sub(r"<[^>]*>", "", text)))
    control = "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]"
    text = re.sub(r"[^\S\n]+", " ", re.sub(control, "", text))
    return "\n".join(line.strip() for line in text.split("\n") if line.strip())


@given(
    st.lists(
        st.sampled_from(
            [
                "a",
                "B",
                " ",
                "\n",
                "\t",
                "\r",
                "\x0b",
                "\x1c",
                "\x85",
                "\xa0",
                "\u2028",
                "\u3000",
                "\x01",
                "\x7f",
                "<p>",
                "</div>",
                "<br/>",
                "<b>",
                "&amp;",
                "&nbsp;",
                "&#10;",
                "&#x85;",
                "\ud800",
                "\ufffe",
            ]
        ),
        max_size=16,
    ).map("".join)
    | st.text()
)
def test_html_to_text_agrees_with_its_definition(fragment: str) -> None:
    """Lines and spaces made with ``str.split`` are those whitespace regexes make."""
    assert html_to_text(fragment) == _html_to_text_by_definition(fragment)
