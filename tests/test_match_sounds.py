"""Tests for match_sounds: a katakana name and the English words it renders sound alike."""

from __future__ import annotations

import pytest

from aggregator.match_sounds import english_sounds, headline_sounds, katakana_sounds
from aggregator.match_words import words
from aggregator.text import fold

# Loanwords as Japanese writes them: l and r alike, f and h alike, b and v alike, th as s, an r
# after a vowel dropped, "-tion" as ション, an n before p as m, a final "-ure" as ュア.
RENDERED = {
    "dragon knight": "ドラゴンナイト",
    "steel heart": "スティールハート",
    "award festival": "アワードフェスティバル",
    "champion": "チャンピオン",
    "animation": "アニメーション",
    "bookmark": "ブックマーク",
    "winter garden": "ウィンターガーデン",
    "figure skater": "フィギュアスケーター",
    "lantern runner": "ランタンランナー",
    "midnight parade": "ミッドナイトパレード",
    "crystal witch": "クリスタルウィッチ",
    "phoenix": "フェニックス",
    "shadow hunter": "シャドウハンター",
}


@pytest.mark.parametrize(("english", "katakana"), RENDERED.items(), ids=RENDERED)
def test_a_katakana_name_sounds_as_the_english_words_it_renders(
    english: str, katakana: str
) -> None:
    spoken = english_sounds(tuple(words(fold(english))))
    (key,) = katakana_sounds(f"「{katakana}」第2期、10月放送開始")
    assert spoken[key] == tuple(words(fold(english)))


def test_voiced_kana_keep_their_sound() -> None:
    """ハ and バ differ: the headline is read as written, not folded (folding drops the
    voicing marks)."""
    assert katakana_sounds("「ハンターボード」") != katakana_sounds("「バンターボード」")
    assert katakana_sounds("「ﾊﾝﾀｰﾎﾞｰﾄﾞ」") == katakana_sounds("「ハンターボード」")  # half-width


def test_a_short_name_says_too_little() -> None:
    """Fewer than four consonant classes name nothing: too many words share them."""
    assert katakana_sounds("「キャッツ」新PV公開") == frozenset()
    assert english_sounds(("cats",)) == {}


def test_each_katakana_run_is_read_whole() -> None:
    """Runs split at anything but katakana (a middle dot joins the words of one name)."""
    whole = katakana_sounds("「スティール・ボール」")
    assert whole == katakana_sounds("「スティールボール」")
    assert len(katakana_sounds("「スティールハート」と「ボールルームダンス」")) == 2


def test_runs_of_up_to_three_english_words() -> None:
    spoken = english_sounds(("steel", "ball", "runner", "crystal"))
    assert ("steel", "ball", "runner") in spoken.values()
    assert ("steel", "ball", "runner", "crystal") not in spoken.values()


def test_a_japanese_headline_has_no_english_sounds() -> None:
    assert headline_sounds("「ランタンランナー」第2期") == frozenset()
    assert headline_sounds("Lantern Runner Season 2") >= katakana_sounds("「ランタンランナー」")
