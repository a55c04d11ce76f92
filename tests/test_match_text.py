"""Tests for the text side of aggregator.match_features: Japanese headlines (markers found as
substrings, brackets as separators, marker words kept out of the subject) and match.aliases
(names of one work in any language read as one token). Named pairs are judged by ``compare``
against a background of unrelated English and Japanese news, as in test_match."""

from __future__ import annotations

from pathlib import Path

import pytest

from aggregator.config import known_works, parse_config
from aggregator.grouping import assign
from aggregator.idf import Idf
from aggregator.match import compare, conflict
from aggregator.match_features import features_of
from aggregator.match_guards import sentence_pairs
from aggregator.match_names import canonical_names, named_works
from aggregator.match_words import quoted_words, words
from aggregator.models import Item, MatchSettings
from aggregator.text import fold
from tests.test_match import ANN, BACKGROUND, article, at

Aliases = tuple[tuple[str, ...], ...]

SAKURA = "Sakura Tsuushin"
KAIRANBAN = "Anime Kairanban"
YOZORA = "Yozora Anime News"
CEL = "Cel Shade Times"
LANTERN = "Paper Lantern Weekly"

# A week of unrelated Japanese news: makes アニメ, 放送, 公開, PV and 第2期 common words.
JA_BACKGROUND = (
    article(
        SAKURA,
        "https://sakura-tsuushin.example/news/20261116-kazaguruma",
        "TVアニメ『風車のある町』2027年1月より放送開始 メインキャスト発表",
        "TVアニメ『風車のある町』が2027年1月より放送開始。主人公の郵便配達員・湊を演じる"
        "メインキャストも発表された。アニメーション制作はスタジオ青嵐が担当する。",
        at(16, 5),
    ),
    article(
        KAIRANBAN,
        "https://kairanban.example/articles/2026/11/17/ginga-tetsudou-pv",
        "『銀河鉄道の整備士』第2期 本PV公開、主題歌はバンド夜行列車",
        "アニメ『銀河鉄道の整備士』第2期の本PVが公開された。オープニング主題歌は"
        "バンド夜行列車が担当し、4月から放送予定。",
        at(17, 3),
    ),
    article(
        YOZORA,
        "https://yozora-anime.example/2026/11/17/koori-no-shiro-movie",
        "劇場版『氷の城のオルガン』興行収入20億円を突破",
        "劇場版『氷の城のオルガン』の興行収入が公開から4週間で20億円を突破した。"
        "観客動員は150万人を超えている。",
        at(17, 12),
    ),
    article(
        SAKURA,
        "https://sakura-tsuushin.example/news/20261118-hanabi-manga",
        "漫画『花火職人の娘』が完結 最終巻は来年2月発売",
        "月刊コミックアサガオで連載中の漫画『花火職人の娘』が最新号で完結した。"
        "最終巻となるコミックス第9巻は2027年2月に発売される。",
        at(18, 4),
    ),
    article(
        KAIRANBAN,
        "https://kairanban.example/articles/2026/11/18/kumo-game",
        "『雲の上のパン屋』スマホゲーム化決定 事前登録を開始",
        "TVアニメも好評だった『雲の上のパン屋』のスマートフォン向けゲームの配信が決定し、"
        "事前登録の受付が始まった。",
        at(18, 15),
    ),
    article(
        YOZORA,
        "https://yozora-anime.example/2026/11/19/uminari-stage",
        "舞台『海鳴りの剣士』キャストビジュアル解禁",
        "2027年3月に上演される舞台『海鳴りの剣士』のキャストビジュアルが解禁された。"
        "主演は若手俳優の早瀬蓮。",
        at(19, 2),
    ),
    article(
        SAKURA,
        "https://sakura-tsuushin.example/news/20261119-ranking",
        "秋アニメ人気ランキング 第1位は『銀河鉄道の整備士』",
        "読者投票による秋アニメ人気ランキングの結果を発表。第1位は『銀河鉄道の整備士』、"
        "第2位は『風車のある町』だった。",
        at(19, 18),
    ),
    article(
        KAIRANBAN,
        "https://kairanban.example/articles/2026/11/20/seiyuu-interview",
        "声優・水城あかりインタビュー「初主演は緊張の連続でした」",
        "『風車のある町』で初主演を務める水城あかりに、収録現場の様子や役作りについて話を聞いた。",
        at(20, 2),
    ),
)

TSUKIKAGE_TEXT = (
    "TVアニメ『月影の図書館』の第2期制作が決定した。原作は深山しおりによる同名小説。"
    "第1期に続き、監督は桐谷遥、アニメーション制作はスタジオ灯火が担当する。"
)


def pair(
    first: tuple[str, str, str, str],
    second: tuple[str, str, str, str],
    expected: bool,
    aliases: Aliases = (),
) -> tuple[Item, Item, Aliases, bool]:
    """Two articles of one case, the second dated a few hours after the first."""
    return article(*first, at(20, 9)), article(*second, at(20, 14)), aliases, expected


# How a user writes aliases in feeds.yaml: romaji, an English title with punctuation, Japanese.
FEEDS_YAML = """\
output:
  title: Anime Digest
  url: https://digest.example.org/
feeds:
  - name: Sakura Tsuushin
    url: https://sakura-tsuushin.example/feed
match:
  aliases:
    - [Kaminari no Kajiya, "Thunderclap Smith: The Forge's Daughter", 雷鳴の鍛冶屋]
"""
FEEDS_YAML_ALIASES = parse_config(FEEDS_YAML, Path("feeds.yaml")).match.aliases

KAJIYA_ALIASES = (("Kaminari no Kajiya", "Thunderclap Smith"),)
KAJIYA_ROMAJI = (
    CEL,
    "https://celshadetimes.example/2026/11/20/kaminari-no-kajiya-season-2-july",
    "Kaminari no Kajiya Season 2 Premieres in July 2027",
    "The second season of the blacksmith fantasy Kaminari no Kajiya premieres in July 2027, "
    "its official website announced on Friday. Director Ren Akiyama returns.",
)
KAJIYA_ENGLISH = (
    LANTERN,
    "https://paperlanternweekly.example/thunderclap-smith-s2-july",
    "Thunderclap Smith Season 2 Set for July 2027 Premiere",
    "Thunderclap Smith returns in July 2027: the second season of the fantasy anime about a "
    "village blacksmith was dated on Friday, with Ren Akiyama directing again.",
)

HOSHINO_DIES = (
    CEL,
    "https://celshadetimes.example/2026/11/20/rei-hoshino-passes-away",
    "Rei Hoshino, Voice of Thunderclap Smith's Kaede, Passes Away at 88",
    "Rei Hoshino, who voiced the blacksmith Kaede in Thunderclap Smith and narrated dozens of "
    "children's series since 1961, died on November 14 of heart failure, her agency announced.",
)
HOSHINO_DIED = (
    LANTERN,
    "https://paperlanternweekly.example/legendary-voice-thunderclap-smith-died",
    "The Legendary Voice Behind Thunderclap Smith's Blacksmith Has Died",
    "The actress who gave the stubborn heroine her voice for twenty years is gone, and fans "
    "of the fantasy series are sharing their favourite scenes.",
)
HOSHINO_CAST = (
    CEL,
    "https://celshadetimes.example/2026/11/17/thunderclap-smith-season-3-cast",
    "Rei Hoshino Joins Thunderclap Smith Season 3 Cast as the Old Smith",
    "Rei Hoshino joins the cast of Thunderclap Smith's third season as the old smith who "
    "taught Kaede, the official website announced.",
)
CASES: dict[str, tuple[Item, Item, Aliases, bool]] = {
    "a director's next film, dated for one season of a year by two sites": pair(
        (
            SAKURA,
            "https://sakura-tsuushin.example/news/20261120-mizuki-new-film",
            "水城陽介監督の最新作が2027年夏に公開！ ティザービジュアルには“空に浮かぶ灯台”",
            "『灯台の街』以来3年ぶりとなる水城陽介監督の長編アニメーション映画が2027年夏に公開"
            "されることが決まった。ティザービジュアルでは空に浮かぶ灯台が描かれている。",
        ),
        (
            KAIRANBAN,
            "https://anime-kairanban.example/article/20261120-mizuki-film",
            "水城陽介：新作アニメ映画が2027年夏公開　「灯台の街」以来　東宝配給",
            "「灯台の街」以来となる水城陽介の新作アニメ映画が、東宝の配給で2027年夏に封切られる。",
        ),
        True,
    ),
    "two Japanese outlets, one season announcement, different headlines": pair(
        (
            SAKURA,
            "https://sakura-tsuushin.example/news/20261120-tsukikage-2nd",
            "TVアニメ『月影の図書館』第2期の制作が決定！ティザービジュアル公開",
            TSUKIKAGE_TEXT + "あわせてティザービジュアルも公開された。",
        ),
        (
            KAIRANBAN,
            "https://kairanban.example/articles/2026/11/20/tsukikage-season2",
            "「月影の図書館」第2期制作決定 監督・桐谷遥が続投",
            "小説原作のアニメ『月影の図書館』第2期の制作決定が発表された。監督の桐谷遥、"
            "スタジオ灯火による制作体制は第1期から変わらない。",
        ),
        True,
    ),
    "same Japanese show: PV vs broadcast delay": pair(
        (
            SAKURA,
            "https://sakura-tsuushin.example/news/20261120-tsukikage-pv",
            "『月影の図書館』第2期 本PV公開",
            "TVアニメ『月影の図書館』第2期の本PVが公開された。映像では新キャラクターの"
            "司書・朔の姿も確認できる。",
        ),
        (
            YOZORA,
            "https://yozora-anime.example/2026/11/20/tsukikage-delay",
            "『月影の図書館』第2期、放送延期を発表",
            "TVアニメ『月影の図書館』第2期の放送延期が発表された。制作上の都合によるもので、"
            "新たな放送時期は後日告知される。",
        ),
        False,
    ),
    "same Japanese show: season 2 vs season 3": pair(
        (
            KAIRANBAN,
            "https://kairanban.example/articles/2026/11/20/tsukikage-2-april",
            "「月影の図書館」第2期、2027年4月放送開始",
            "TVアニメ『月影の図書館』第2期が2027年4月より放送開始。スタジオ灯火が制作する。",
        ),
        (
            SAKURA,
            "https://sakura-tsuushin.example/news/20261120-tsukikage-3-april",
            "「月影の図書館」第3期、2027年4月放送開始",
            "TVアニメ『月影の図書館』第3期が2027年4月より放送開始。スタジオ灯火が制作する。",
        ),
        False,
    ),
    "two Japanese shows, one headline template": pair(
        (
            YOZORA,
            "https://yozora-anime.example/2026/11/20/tsukikage-january",
            "『月影の図書館』2027年1月より放送開始決定",
            "TVアニメ『月影の図書館』が2027年1月より放送開始されることが決定した。"
            "あわせて新PVも公開された。",
        ),
        (
            YOZORA,
            "https://yozora-anime.example/2026/11/20/hoshikuzu-january",
            "『星屑の郵便局』2027年1月より放送開始決定",
            "TVアニメ『星屑の郵便局』が2027年1月より放送開始されることが決定した。"
            "あわせて新PVも公開された。",
        ),
        False,
    ),
    "full-width PV and 2期 fold like ASCII": pair(
        (
            KAIRANBAN,
            "https://kairanban.example/articles/2026/11/20/tsukikage-pv2",
            "『月影の図書館』２期 ＰＶ第２弾公開",
            "TVアニメ『月影の図書館』２期のＰＶ第２弾が公開。主題歌の一部も聴ける。",
        ),
        (
            SAKURA,
            "https://sakura-tsuushin.example/news/20261120-tsukikage-pv2",
            "TVアニメ『月影の図書館』2期 PV第2弾が公開",
            "『月影の図書館』2期のPV第2弾が公開され、主題歌の一部が初披露された。",
        ),
        True,
    ),
    "romaji vs English title, with aliases": pair(
        KAJIYA_ROMAJI, KAJIYA_ENGLISH, True, KAJIYA_ALIASES
    ),
    "romaji vs English title, without aliases": pair(KAJIYA_ROMAJI, KAJIYA_ENGLISH, False),
    "one voice actress's death, told as a name and as a role": pair(
        HOSHINO_DIES, HOSHINO_DIED, True, KAJIYA_ALIASES
    ),
    "two platforms' lineups of one month, in Japanese": pair(
        (
            SAKURA,
            "https://sakura-tsuushin.example/news/20270120-prime-video-february",
            "Prime Video、2027年2月の配信ラインナップ発表　話題のアニメ作品も",
            "Prime Videoは2027年2月の配信作品を発表した。話題のアニメ作品や劇場作品が並ぶ。",
        ),
        (
            KAIRANBAN,
            "https://anime-kairanban.example/article/20270120-netflix-february",
            "Netflix：2027年2月の配信作品発表　新作アニメ、話題の劇場作も",
            "Netflixは2027年2月の配信作品を発表した。新作アニメや話題の劇場作品が並ぶ。",
        ),
        False,
    ),
    "a voice actress's casting vs her death": pair(
        HOSHINO_CAST, HOSHINO_DIED, False, KAJIYA_ALIASES
    ),
    "alias name inside a longer word": pair(
        (
            CEL,
            "https://celshadetimes.example/2026/11/20/oborozuki-trailer",
            "Oborozuki Anime Reveals Main Trailer",
            "The TV anime Oborozuki, about a moon-viewing teahouse in Kyoto, streamed its main "
            "trailer ahead of its April premiere.",
        ),
        (
            LANTERN,
            "https://paperlanternweekly.example/hazy-moon-hunter-trailer",
            "Hazy Moon Hunter Anime Reveals Main Trailer",
            "The TV anime Hazy Moon Hunter, about a demon hunter in Edo, streamed its main "
            "trailer ahead of its April premiere.",
        ),
        False,
        (("Oboro", "Hazy Moon Hunter"),),
    ),
    "the last episodes' trailer, one report naming them final": pair(
        (
            CEL,
            "https://celshadetimes.example/2026/11/20/tideglass-final-batch-trailer",
            "Tideglass Requiem's Final Batch of Episodes Previewed in New Trailer",
            "A new trailer previews the last batch of Tideglass Requiem episodes, which stream on "
            "Netflix from December 1, with the battle at the lighthouse.",
        ),
        (
            LANTERN,
            "https://paperlanternweekly.example/tideglass-requiem-final-episodes-trailer",
            "Tideglass Requiem Anime's Final Episodes Get Trailer",
            "Netflix began streaming a trailer for the final episodes of the Tideglass Requiem "
            "anime on Friday. The episodes debut on December 1.",
        ),
        True,
    ),
    "a long run's end told beside its new series: the new series is the news": pair(
        (
            SAKURA,
            "https://sakura-tsuushin.example/news/20261120-kazaguruma-new-series",
            "アニメ『風車のある町』湊の物語が完結へ　新シリーズはW主人公",
            "テレビアニメ『風車のある町』の新シリーズが2027年4月から放送され、新たな主人公として"
            "灯とカイが登場することが発表された。10年続いた湊の物語は最終章を迎える。",
        ),
        (
            YOZORA,
            "https://yozora-anime.example/articles/kazaguruma-new-series-2027",
            "「風車のある町」新シリーズが2027年4月から、灯とカイのW主人公",
            "TVアニメ「風車のある町」の新シリーズが2027年4月より放送開始。灯とカイという2人の"
            "新主人公が描かれる。",
        ),
        True,
    ),
    "a season's premiere and its length, one report leading with each": pair(
        (
            CEL,
            "https://celshadetimes.example/2026/11/20/moonlit-forge-star-arc-may-12",
            "Moonlit Forge Star Arc Anime Premieres on May 12 With 1-Hour Special",
            "The Star Arc of the Moonlit Forge anime premieres on May 12 with an hour-long first "
            "episode, the official website announced.",
        ),
        (
            LANTERN,
            "https://paperlanternweekly.example/moonlit-forge-star-arc-60-minute-special",
            "Moonlit Forge Star Arc Starts May 12 With Special Running 60 Minutes",
            "Moonlit Forge's Star Arc will open with a one-hour special on May 12, with the "
            "smiths of the northern forge taking the lead.",
        ),
        True,
    ),
    "one work coming to one platform, told two ways": pair(
        (
            CEL,
            "https://celshadetimes.example/2026/11/20/hidive-moonlit-forge",
            "HIDIVE to Stream New Moonlit Forge Anime",
            "HIDIVE announced on Friday that it will stream the new Moonlit Forge anime as it airs "
            "in Japan this January.",
        ),
        (
            LANTERN,
            "https://paperlanternweekly.example/moonlit-forge-remake-hidive",
            "Moonlit Forge Remake Lands on HIDIVE",
            "The remake of the classic blacksmith comedy has found its streaming home: HIDIVE "
            "carries it from January.",
        ),
        True,
        (("Moonlit Forge", "Tsukikage no Kajiba", "月影の鍛冶場"),),
    ),
    "one film's takings passing one mark, told two ways": pair(
        (
            SAKURA,
            "https://sakura-tsuushin.example/news/20261120-tsukikage-100oku",
            "『劇場版 月影の図書館』興収100億円の大台に　リピーター続出で公開9週目も勢い衰えず",
            "『劇場版 月影の図書館』の興行収入が100億円を超えた。公開から9週目に入っても客足は"
            "衰えず、リピーターが劇場に足を運んでいる。",
        ),
        (
            KAIRANBAN,
            "https://kairanban.example/articles/2026/11/20/tsukikage-film-100oku",
            "劇場版「月影の図書館」興収100億円突破　公開58日間で観客動員697万人",
            "公開58日間で観客動員は697万人に達した。桐谷遥監督からお祝いのコメントが届いた。",
        ),
        True,
    ),
    "one song's first place on two charts": pair(
        (
            SAKURA,
            "https://sakura-tsuushin.example/news/20261120-akari-oricon",
            "【オリコンランキング】水城あかり「灯」、デジタルシングル初登場1位　『月影の図書館』OP",
            "水城あかりの新曲「灯」が、最新のオリコン週間デジタルシングルランキングで初登場1位を獲得"
            "した。TVアニメ『月影の図書館』のオープニング主題歌。",
        ),
        (
            KAIRANBAN,
            "https://kairanban.example/articles/2026/11/20/akari-billboard",
            "月影の図書館：水城あかり「灯」がビルボードジャパン総合首位　アニメOPが席巻",
            "TVアニメ「月影の図書館」のオープニング主題歌、水城あかりの「灯」が、ビルボードジャパンの"
            "総合ソング・チャートで首位を獲得した。",
        ),
        False,
    ),
    "one prize's winners, each report leading with another work": pair(
        (
            SAKURA,
            "https://sakura-tsuushin.example/news/20261120-japan-academy-anime",
            "第50回日本アカデミー賞、最優秀アニメーション作品賞は『月影の鍛冶場』",
            "第50回日本アカデミー賞の授賞式が都内で開かれ、最優秀アニメーション作品賞に『月影の鍛冶場』"
            "が選ばれた。最優秀作品賞は『灯籠の街』が受賞した。",
        ),
        (
            KAIRANBAN,
            "https://kairanban.example/articles/2026/11/20/japan-academy-best",
            "【第50回日本アカデミー賞】『灯籠の街』が最優秀作品賞！ 最多8部門で栄冠",
            "第50回日本アカデミー賞の授賞式が行われ、『灯籠の街』が最優秀作品賞など最多8部門を受賞"
            "した。アニメーション作品賞は『月影の鍛冶場』。",
        ),
        True,
        (("Moonlit Forge", "Tsukikage no Kajiba", "月影の鍛冶場"), ("Lantern Town", "灯籠の街")),
    ),
    "Japanese title vs its English alias, feeds.yaml style": pair(
        (
            SAKURA,
            "https://sakura-tsuushin.example/news/20261120-raimei-2nd-july",
            "『雷鳴の鍛冶屋』第2期、2027年7月放送開始",
            "TVアニメ『雷鳴の鍛冶屋』第2期が2027年7月より放送開始。監督は秋山蓮が続投する。",
        ),
        (
            LANTERN,
            "https://paperlanternweekly.example/thunderclap-smith-forges-daughter-july",
            "Thunderclap Smith: The Forge's Daughter Season 2 Premieres in July 2027",
            "The blacksmith fantasy returns for a second season in July 2027, with Ren Akiyama "
            "directing again.",
        ),
        True,
        FEEDS_YAML_ALIASES,
    ),
}


@pytest.mark.parametrize(("first", "second", "aliases", "expected"), CASES.values(), ids=CASES)
def test_case(first: Item, second: Item, aliases: Aliases, expected: bool) -> None:
    """Each named pair is judged the same story, or not, as a careful reader would."""
    items = (*BACKGROUND, *JA_BACKGROUND, first, second)
    features = [features_of(item, aliases) for item in items]
    idf = Idf.over(f.tokens for f in features)
    verdict = compare(features[-2], features[-1], idf)
    assert verdict.same is expected, verdict


def test_assign_reads_aliases_from_settings() -> None:
    """assign() applies MatchSettings.aliases: a Japanese and an English report of one work,
    with the aliases as feeds.yaml gives them, join one story among the background."""
    first, second, _, _ = CASES["Japanese title vs its English alias, feeds.yaml style"]
    pool = [(item, item.item_id) for item in (*BACKGROUND, *JA_BACKGROUND)]
    found = assign([first, second], pool, MatchSettings(aliases=FEEDS_YAML_ALIASES))
    assert {a.story_id for a in found.assignments} == {first.item_id}
    found = assign([first, second], pool, MatchSettings())
    assert {a.story_id for a in found.assignments} == {first.item_id, second.item_id}


# Hundreds of works, as the known works and a reader's list give them together.
MANY_WORKS: Aliases = (
    *((f"Lantern Saga {n}", f"Touro Monogatari {n}", f"灯籠物語{n}") for n in range(400)),
    ("Kaminari no Kajiya", "Thunderclap Smith"),
    ("Thunderclap Smith: The Forge's Daughter", "雷鳴の鍛冶屋", "Kaminari no Kajiya"),
    ("Oboro", "Hazy Moon Hunter"),
)


def test_numbers_written_out_read_as_digits() -> None:
    """ "Three" and "3" are one word to the matcher; "one" stays a word ("One Piece")."""
    assert "3" in words(fold("Moonlit Forge Manga Enters Final Three Chapters"))
    assert words(fold("Twelve Episodes")) == words(fold("12 Episodes"))
    assert "one" in words(fold("One Piece Goes on Break"))


def test_a_headline_names_one_work_among_hundreds() -> None:
    """Among hundreds of works, a headline names the one whose name it holds whole, with word
    edges ("Oboro" is not in "Oborozuki"); groups sharing a name are one work."""
    found = named_works(fold("Kaminari no Kajiya Season 2 Announced"), MANY_WORKS)
    assert len(found) == 1
    for title in (
        "Thunderclap Smith Gets 2nd Season",
        "Thunderclap Smith: The Forge's Daughter Season 2 Trailer",
        "『雷鳴の鍛冶屋』第2期決定",
    ):
        assert named_works(fold(title), MANY_WORKS) == found, title
    assert named_works(fold("Oborozuki Anime Reveals Trailer"), MANY_WORKS) == frozenset()
    assert len(named_works(fold("Lantern Saga 12 Film Announced"), MANY_WORKS)) == 1
    assert named_works(fold("Lantern Saga 12"), MANY_WORKS) != named_works(
        fold("Lantern Saga 121"), MANY_WORKS
    )


def test_a_text_reads_the_names_of_its_headlines_works_only() -> None:
    """An article's text reads the names of the works its headline names as their first name;
    another work it mentions in passing keeps its words."""
    works = named_works(fold("Kaminari no Kajiya Season 2 Announced"), MANY_WORKS)
    text = fold("Thunderclap Smith returns in July, from the studio behind Hazy Moon Hunter.")
    read = canonical_names(text, MANY_WORKS, works)
    assert "kaminari no kajiya" in read
    assert "thunderclap" not in read
    assert "hazy moon hunter" in read


def test_words_of_praise_name_nothing() -> None:
    """ "Worth Watching" says what an outlet thinks of a work, not which work: two lists of
    shows worth watching share no name by it."""
    assert features("Summer 2027 Isekai Anime Worth Watching")[4] == {"isekai"}


def features(title: str, aliases: Aliases = ()) -> tuple[frozenset[str], ...]:
    """events, media, numbers, months and subject of a headline."""
    f = features_of(article(SAKURA, "https://sakura-tsuushin.example/1", title, ""), aliases)
    return f.events, f.media, f.numbers, f.months, f.subject


@pytest.mark.parametrize(
    ("title", "events", "media"),
    [
        ("『月影の図書館』第2期 新PV公開", {"trailer"}, set()),
        ("『月影の図書館』特報映像が解禁", {"trailer"}, set()),
        ("『月影の図書館』ティザービジュアル解禁", {"visual"}, set()),
        ("『月影の図書館』追加キャストに水城あかり", {"cast"}, set()),
        ("『月影の図書館』オープニング主題歌はバンド夜行列車", {"music"}, set()),
        ("『月影の図書館』放送日決定", {"date"}, {"broadcast"}),
        ("『月影の図書館』放送延期", {"delay"}, {"broadcast"}),
        ("劇場版『月影の図書館』興収10億円突破", {"boxoffice"}, {"film"}),
        ("『月影の図書館』Blu-ray BOX発売決定", set(), {"disc"}),
        ("劇場版『月影の図書館』公開日決定", {"date"}, {"film"}),
        ("劇場版『月影の図書館』舞台挨拶レポート", {"event"}, {"film"}),
        ("小説『月影の図書館』アニメ化決定", {"announce"}, {"novel", "anime"}),
        ("『月影の図書館』実写映画化", {"announce"}, {"live", "film"}),
        ("ミュージカル『月影の図書館』上演", set(), {"stage"}),
        ("漫画『月影の図書館』完結", {"end"}, {"manga"}),
        ("『月影の図書館』監督インタビュー", {"interview"}, set()),
        ("『月影の図書館』監督は水城あかり", {"staff"}, set()),
        ("細田守監督『月影の図書館』本予告が解禁", {"trailer"}, set()),
        ("『月影の図書館』トロント国際映画祭で北米プレミア", {"event"}, set()),
        ("『月影の図書館』第2期最終話の先行カット", {"preview"}, set()),
        ("『月影の図書館』第3期制作決定 第2期最終回直後に発表", {"announce"}, set()),
        ("水城陽介は次に何を描くのか　三部作の先", {"review"}, set()),
        ("「月影の図書館」第2期決定！", {"announce"}, set()),
        ("『月影の図書館』第2期、司書役は早瀬ゆかり", {"cast"}, set()),
        ("映画興行成績：「月影の図書館」が3週連続首位", {"boxoffice", "ranking"}, {"film"}),
        ("『月影の図書館』第2期、10月放送決定", {"date"}, {"broadcast"}),
        ("『月影の図書館』ゲーム生放送で新情報", set(), {"game"}),
        ("「月影の図書館」完結編の制作決定", {"announce"}, set()),
        ("「月影の図書館」実写ドラマ　シーズン3の撮影終了を報告", set(), {"live"}),
        ("月影の図書館：第2期第14話　司書が新たな来訪者と対面", {"preview"}, set()),
        ("『月影の図書館』第6話で明かされた書庫の秘密", set(), set()),
        ("『月影の図書館』第6話の放送延期", {"delay"}, {"broadcast"}),
        ("月影の図書館：第3期が10月スタート", {"date"}, set()),
        ("「月影の図書館」アニメ新シリーズ制作決定", {"announce"}, {"anime"}),
        ("月影の図書館：“図書館”がテレビアニメ化　シリーズ累計100万部の", {"announce"}, {"anime"}),
        (
            "『月影の図書館』第1話、北米プレミア上映決定！ 監督・キャストが登壇予定",
            {"event"},
            set(),
        ),
        ("『月影の図書館』新キャストに水城あかり、イベントで発表", {"cast", "event"}, set()),
        ("『月影の図書館』放送記念フェアを全国の書店で開催", {"event"}, {"broadcast"}),
        ("「月影の図書館」TVアニメ第2期の制作が決定、最終話放送後に発表", {"announce"}, {"anime"}),
        ("【2027年冬アニメ】最も期待している作品は？【アンケート実施中】", {"review"}, {"anime"}),
        ("『月影の図書館』公開前におさらい　第1部で描かれた動乱", {"review"}, set()),
        (
            "「月影の図書館」入場者特典決定、第1弾は描き下ろしイラストカード",
            {"visual", "bonus"},
            set(),
        ),
        ("「月影の図書館」第1期を日本テレビで再放送", {"date"}, {"broadcast"}),
        ("【映画ランキング】『月影の図書館』5週連続1位", {"boxoffice", "ranking"}, {"film"}),
        ("『月影の図書館』ゲーム出荷本数100万本突破", {"boxoffice"}, {"game"}),
        (
            "『月影の図書館』累計500万部突破　アニメ第2期決定で",
            {"boxoffice", "announce"},
            {"anime"},
        ),
        (
            "『月影の図書館』第2期直前特番が放送決定！ 水城あかりが出演",
            {"date", "event"},
            {"broadcast"},
        ),
        ("『月影の図書館』第2期の新キャストに水城あかりが出演", {"cast"}, set()),
        (
            "『月影の図書館』第2クールは4月より放送！ 第1クール最終話後に告知",
            {"date"},
            {"broadcast"},
        ),
        ("映画『月影の図書館』初日舞台あいさつ", {"event"}, {"film"}),
        ("「映画 月影の図書館」ムビチケ第2弾の特典はしおり", {"boxoffice"}, {"film"}),
        ("『月影の図書館』早くも“大台”突破　公開から19日間で", {"boxoffice"}, set()),
        ("映画『月影の図書館』が全米興行ランキング1位に", {"boxoffice", "ranking"}, {"film"}),
        ("【月影の図書館 攻略】序盤の進めかた", {"review"}, set()),
        ("『月影の図書館』原作マンガが連載再開", {"resume"}, {"manga"}),
        ("「月影の図書館」プレイレポート。町づくりは想像以上に奥深い", {"review"}, set()),
        ("司書・水城あかりとは何者か？ 『月影の図書館』を読む", {"review"}, set()),
        ("日本アカデミー賞：最優秀アニメーション作品賞は『月影の図書館』", {"award"}, {"anime"}),
        ("『月影の図書館』放送直前キャンペーンを開催", {"event"}, {"broadcast"}),
        ("『月影の図書館』第2期 五輪中継で放送休止", {"delay"}, {"broadcast"}),
        ("『月影の図書館』第2期に期待すること 原作から考える", {"review"}, set()),
        (
            "『月影の図書館』第3期制作決定！ 第2期の放送終了から約2か月で発表",
            {"announce"},
            {"broadcast"},
        ),
        ("『月影の図書館』放送終了後にスペシャルイベント開催決定", {"event"}, {"broadcast"}),
        ("「月影の図書館」で一番好きなキャラは誰？【人気投票実施中】", {"review"}, set()),
        ("『月影の図書館』連載が5月に再開　長期休載経て", {"resume"}, {"manga"}),
        ("劇場版『月影の図書館』、シリーズ最高の初動記録！ 好発進", {"boxoffice"}, {"film"}),
        ("『月影の図書館』が首位発進", {"boxoffice", "ranking"}, set()),
        ("『月影の図書館』劇場版、8月28日公開へ 延期を経てついに日付決定", {"date"}, {"film"}),
        ("【訃報】声優の星野玲さん死去　88歳　『月影の図書館』リン役", {"death", "cast"}, set()),
        (
            "2027冬アニメ一覧 放送日・キャスト情報",
            {"review", "date", "cast"},
            {"anime", "broadcast"},
        ),
        ("「月影の図書館」最終12巻が発売、描き下ろしエピローグを収録", {"end"}, {"manga"}),
        ("『月影の図書館』最終巻の描き下ろしに読者感涙", {"end"}, set()),
        ("【週間コミックランキング】『月影の図書館』最終12巻が初登場1位", {"ranking"}, {"manga"}),
        ("アニメ「月影の図書館」最終話で“続き”の発表にファン歓喜", set(), {"anime"}),
        ("アニメ『月影の図書館』半年の休止経て4月再開", {"resume"}, {"anime"}),
        ("「月影の図書館」アニメ、休止中の第2部を4月から再開", {"resume"}, {"anime"}),
        ("「月影の図書館」次号は休載、45号から再開", {"delay", "resume"}, set()),
        (
            "「月影の図書館」第2期のPV第2弾公開、リンとカイの新たな舞台が描かれる",
            {"trailer"},
            set(),
        ),
        ("「月影の図書館」第2期の本PV公開、リンが全国大会の舞台へ", {"trailer"}, set()),
        ("「月影の図書館」の舞台版が2027年に上演決定", set(), {"stage"}),
        ("舞台『月影の図書館』新作の上演が決定", set(), {"stage"}),
        (
            "「月影の図書館」Prime Videoで11月8日から独占配信　興収20億円突破のロングランヒット作",
            {"date"},
            {"broadcast"},
        ),
        ("『ニコニコ超会議2026』2日間の日程終了　来年の開催も決定", set(), set()),
        ("「月影の図書館」最新刊が発売、記念PVでリンを水城あかりが演じる", {"trailer"}, {"manga"}),
        ("映画『月影の図書館』水城あかりさん×森結衣さん×田中蓮さん鼎談", {"interview"}, {"film"}),
        (
            "劇場版『月影の図書館』完結編、11月8日より全国公開！ ティザービジュアル解禁",
            {"date", "visual"},
            {"film"},
        ),
        (
            "アニメ「月影の図書館」10月13日の放送後に休止期間へ、2027年4月から再開",
            {"delay", "resume"},
            {"anime", "broadcast"},
        ),
        ("アニメ『月影の図書館』一時休止を発表　来年4月に再開", {"delay", "resume"}, {"anime"}),
        (
            "「月影の図書館」TVアニメは2027年4月放送！ リンが駆け上がるPV公開",
            {"date", "trailer"},
            {"anime", "broadcast"},
        ),
        ("スタジオ灯に「名誉パルムドール」　史上初の快挙に祝福の声", {"award"}, set()),
        ("『月影の図書館』最終話が描いた“その後”　リンが選んだ道とは", {"end", "review"}, set()),
        ("『月影の図書館』第1話に込められた監督の“遊び心”", {"review"}, set()),
        ("アカデミー賞受賞『月影の図書館』、5月3日に配信解禁", set(), set()),
        ("『月影の図書館』最終話のあらすじ・先行場面カット公開", {"preview"}, set()),
        ("山田監督らVFXチームがオスカー像を手に　授賞式の瞬間", {"award"}, set()),
        ("月影の図書館：第23話「迷宮攻略」　リンが地下書庫に挑む", {"preview"}, set()),
        ("アニメ『月影の図書館』約半年休止　2027年4月に再開", {"delay", "resume"}, {"anime"}),
        ("『月影の図書館』5月3日より配信へ　アカデミー賞視覚効果賞受賞作", {"date"}, set()),
        ("「月影アニメアワード2026」受賞作品発表", {"award"}, {"anime"}),
        ("「月影の図書館 100万ドルの約束」初日舞台挨拶に水城あかりら", {"event"}, set()),
        (
            "『月影の図書館』最新作、公開22日で興収50億円突破　シリーズアニメ初",
            {"boxoffice"},
            {"anime", "film"},
        ),
        (
            "アニメ『月影の図書館』Netflix週間グローバルTOP10入り　非英語TV部門で",
            {"ranking"},
            {"anime", "broadcast"},
        ),
        (
            "月影の図書館：Netflixグローバルトップ10にランクイン　世界で話題に",
            {"ranking"},
            {"broadcast"},
        ),
        ("「月影動画」約2カ月ぶり復活　新バージョンで", {"resume"}, set()),
        (
            "『月影の図書館』実写映画化決定　累計発行部数500万部突破のファンタジー漫画",
            {"announce"},
            {"film", "live", "manga"},
        ),
        (
            "「月影の図書館」4期決定に「待ってた」「最終回すごすぎた」　3期最終話の放送直後に告知",
            {"announce"},
            {"broadcast"},
        ),
        (
            "「月影の図書館」星篇が劇場アニメ化、特報映像も公開",
            {"announce", "trailer"},
            {"anime", "film"},
        ),
        (
            "「月影の図書館」初の劇場版「月影の図書館 星篇」製作決定　特報公開",
            {"announce", "trailer"},
            {"film"},
        ),
        (
            "「月影の図書館」“あのエピソード”が映画に　劇場版決定で「待ってた」の声",
            {"announce"},
            {"film"},
        ),
        (
            "月影一家の旅、3日間で81万人が鑑賞！ 初の劇場版が大ヒットスタート",
            {"boxoffice"},
            {"film"},
        ),
        (
            "「月影の図書館」ワールドツアー上映　2027年2月2日公開　星の里編最終話＋新章第1話",
            {"date", "preview"},
            set(),
        ),
        ("「月影の図書館」第2期制作決定　原作完結と同日に発表", {"announce"}, set()),
        ("「月影の図書館」アニメ完結記念、原作者の描き下ろしイラスト公開", {"visual"}, {"anime"}),
        ("水城あかり、『月影の図書館』で新キャラ・リン役 星の王国の宰相", {"cast"}, set()),
        ("月影の図書館：水城あかりが完成披露に登場　森結衣は母親役　田中蓮も", {"event"}, set()),
        (
            "Netflix映画『月影の図書館』グローバルTOP10初登場1位　水城あかり主演",
            {"ranking"},
            {"broadcast", "film"},
        ),
        ("映画『月影の図書館』興収10億円突破　水城あかり主演", {"boxoffice"}, {"film"}),
        (
            "アニメ「月影の図書館」2期決定！ 最終回直後の発表に「続きが見られる」",
            {"announce"},
            {"anime"},
        ),
        (
            "月影の図書館：原作マンガが完結　約9年半の連載に幕　テレビアニメ化も",
            {"announce", "end"},
            {"anime", "manga"},
        ),
        (
            "月影の図書館：「星の章」制作決定　第2期「星の里編」完結　ティザービジュアル公開",
            {"announce", "visual"},
            set(),
        ),
        ("アニメ放送前に知りたい「月影の図書館」の魅力", {"review"}, {"anime", "broadcast"}),
        ("『劇場版 月影の図書館』が描くリンの“原点”　シリーズの集大成", {"review"}, {"film"}),
        ("「劇場版 月影の図書館」前売り第2弾の特典はクリアファイル", {"boxoffice"}, {"film"}),
        ("「月影フェス2027」いよいよ明日開幕！ 会場の見どころまとめ", {"review"}, set()),
        ("「Lantern Honors 2027」各部門発表", {"award"}, set()),
        ("「月影の図書館」がアニメ・オブ・ザ・イヤーに", {"award"}, {"anime"}),
        (
            "『月影の図書館』第2期　7月スタート　2.5次元舞台「星の剣」編の新PV",
            {"date", "trailer"},
            set(),
        ),
        ("舞台「月影の図書館」東京公演", set(), {"stage"}),
        ("「月影の図書館」TVアニメシリーズ化が決定", {"announce"}, {"anime"}),
        (
            "劇場アニメ『月影の図書館』声優キャスト一覧！ リン役は水城あかり",
            {"cast"},
            {"anime", "film"},
        ),
        ("『月影の図書館』メインPV公開！ 師匠の死から始まる“その後”の旅", {"trailer"}, set()),
        ("2027年夏アニメ注目作10選　『月影の図書館』から新作まで", {"review"}, {"anime"}),
        ("『劇場版 月影の図書館』が示したクロスオーバー作品の可能性", {"review"}, {"film"}),
        ("「月影の図書館」OPテーマ「星の歌」配信開始", {"music"}, set()),
        ("「月影の図書館」きょうから配信開始", {"date"}, set()),
        ("「星の歌」が世界チャートで1位", {"ranking"}, set()),
        ("最終回の余韻のなか届いた吉報　アニメ「月影の図書館」続編が決定", {"announce"}, {"anime"}),
        ("月影の図書館：テレビアニメがスタート　灯子役に水城あかり", {"date", "cast"}, {"anime"}),
        ("「月影の図書館」星の章編がスタート、初回は1時間スペシャル", {"date"}, set()),
        ("「月影の図書館」コラボキャンペーンがスタート", {"event"}, set()),
        (
            "月影の図書館：テレビアニメきょう深夜スタート　水城あかりが出演",
            {"date", "cast"},
            {"anime"},
        ),
        ("「月影の図書館」アニメが今夜スタート", {"date"}, {"anime"}),
        ("『月影の図書館』第20話、灯子の一撃は届くのか 先行カット", {"preview"}, set()),
        ("「月影の図書館」第2期PV公開、灯子が始めた“旅”の行方は", {"trailer"}, set()),
        (
            "『月影の図書館』初回を特番枠で放送する理由　プロデューサーに聞く",
            {"interview", "event"},
            {"broadcast"},
        ),
        (
            "【2027春アニメ】放送日・配信日まとめ　「月影の図書館」ほか",
            {"date", "review"},
            {"anime", "broadcast"},
        ),
        ("劇場版『月影の図書館』、期間限定で無料公開　公式YouTube", set(), {"film", "broadcast"}),
        ("「月影の図書館」第2期放送記念、横浜でスタンプラリー開催", {"event"}, {"broadcast"}),
        (
            "「月影の図書館」第2期は10月から放送・配信、メインPVで新キャラの姿",
            {"date", "trailer"},
            {"broadcast"},
        ),
        (
            "「月影の図書館」第2期は2027年10月！ 第1期最終話の放送直後に発表",
            {"date"},
            {"broadcast"},
        ),
        (
            "新作アニメ『月影の図書館』灯子の声は水城あかり　来年4月放送",
            {"cast", "date"},
            {"anime", "broadcast"},
        ),
        ("結束リボン、1stアルバムがデイリー1位　『月影の図書館』劇中バンド", {"ranking"}, set()),
        ("「星の歌」オリコン週間1位を獲得", {"ranking"}, set()),
        ("月影の図書館：第2クール「星の章」がスタート　OPは結束リボン", {"date", "music"}, set()),
        (
            "「月影の図書館」アニメが10月26日からNetflixで全世界独占配信、本予告も解禁",
            {"date", "trailer"},
            {"anime", "broadcast"},
        ),
        ("月影の図書館：TVシリーズ、4月から北星テレビ系で放送", {"date"}, {"broadcast"}),
        ("『月影の図書館』星の章PV公開！2月5日より放送再開", {"trailer", "resume"}, {"broadcast"}),
        (
            "「月影の図書館」第1話の場面カット公開、明日1月6日より放送",
            {"preview", "date"},
            {"broadcast"},
        ),
        ("「月影の図書館」星の章、最終話は70分の拡大SPで放送！", {"end", "runtime"}, {"broadcast"}),
    ],
)
def test_japanese_markers(title: str, events: set[str], media: set[str]) -> None:
    """Japanese kinds of news and media are found as substrings of the headline, a longer
    phrase before the words inside it (a teaser visual is no trailer, a screening greeting no
    stage play, the title of a concluding part no end); advance tickets (ムビチケ) are takings
    as "tickets" are in English; a season's last episode (第2期最終話) is no end of the series
    and its advance stills (先行カット) are an episode's preview; "X監督" is a title, not staff
    news; columns, season lists, questions ("…のか", "…とは何者か"), play reports and game
    guides (攻略) are an outlet's own pieces. A headline that titles one episode is its
    preview; スタート gives a date; a series' copies in print beside its anime's announcement
    are background unless they pass a mark (突破), and so are people who appear (出演,
    キャストが登壇) at an event, a special (特番) or a fair (フェア), unless newly cast; "撮影終了",
    a cour's last episode and news "after the last episode" (最終話放送後, 放送終了から) end no
    series, nor does news told at it (最終話で“続き”の発表), but a last volume out (最終巻,
    "最終12巻が発売"; not its place on a chart) ends one; a delay or a break "gone through"
    (延期を経て, 休載経て), and a broadcast's pause beside its return (休止中の…を再開), are
    background (a manga's break before its return, "休載、45号から再開", is not); a story's
    stage (新たな舞台が描かれる, 全国大会の舞台へ) is no stage play (舞台『X』, の舞台版); polls
    (アンケート) and recaps (おさらい) are an outlet's own pieces, 入場者特典 a film's bonus and
    再放送 a (re)broadcast date. Takings that make a work's epithet ("興収20億円突破のロングラン
    ヒット作") are no news of takings; an event's last day (日程終了) ends no work; a broadcast
    that goes into its pause (休止期間へ, 一時休止を発表) is pause news, whatever return it
    dates; and a year and month of broadcast ("2027年4月放送") is a date. A latest volume
    (最新刊) is a manga's, and a talk of three (鼎談) an interview, as one of two (対談) is; a
    film that opens "from" its date nationwide (11月8日より全国公開) is dated. A Palme d'Or
    (パルムドール) is an award; an anime whose takings are told is a film's run, as in English.
    What a last episode or a first "depicted" (最終話が描いた“…”) or held (込められた“…”) is a
    column's reading of it, whatever else the headline names. A prize that makes a work's
    epithet (アカデミー賞受賞『X』, "…賞受賞作") is no award news, unlike the winners announced
    (受賞作品発表); a figure in a quoted title (「X 100万ドルの約束」) is no amount. An Oscar
    (オスカー) and an award ceremony (授賞式) are award news; a last episode's preview
    (最終話のあらすじ・先行場面カット) is no end of the series. An episode's title (第23話
    「迷宮攻略」) names no kind of news, and a pause of half a year (約半年休止) is pause news
    beside its return. A place in a top ten entered (TOP10入り, ランクイン) is a chart's; a
    service back "after two months" (約2カ月ぶり復活) resumes. Copies in print past a mark as
    the series' epithet (500万部突破のファンタジー漫画) are background to its announcement. In a
    headline telling news after the last episode (最終話の放送直後に告知), a last episode quoted
    ("「最終回すごすぎた」") is that episode, no end of the series. A film adaptation (劇場アニメ化)
    or a film made (製作決定, 劇場版決定) is announced; a count of people who saw a film
    (81万人が鑑賞) is its takings' news; an arc's last episode (星の里編最終話) ends no series; a
    story's completion beside what comes next announced (原作完結と同日に発表) is background to
    that announcement. A role told after a name ("リン役 …") is cast news, but not of those
    who appear at a premiere (完成披露), an event; an illustration marking the end (完結記念)
    is no end. A first place on entering a chart (TOP10初登場1位) is a chart's news, and the
    star a film's chart place or takings name ("水城あかり主演") no cast news. News told right
    after the last episode (最終回直後の発表) ends no series; a series' completion (原作マンガが
    完結) is its end whatever anime it also announces, unlike an arc's (「星の里編」完結); what
    a reader wants to know (知りたい) is a guide, and what a work depicts of someone's “…” (が描く
    リンの“原点”) a column's reading. Advance tickets are takings however written (前売り); an
    event's highlights gathered (見どころまとめ) are a guide; a month a season airs from
    (10月から放送) is its date. An award's categories (各部門発表) and its "Anime of the Year"
    (アニメ・オブ・ザ・イヤー) are award news; an arc named after a play in its story
    (2.5次元舞台「星の剣」編) is no stage play. A work made a series (シリーズ化) is announced; a
    cast's list (キャスト一覧) is cast news, no outlet's list; what "starts from" something
    (死から始まる“その後”) is no column's subject. A list of picks (注目作10選) and what a work
    showed (が示した) are an outlet's pieces; a theme song's stream (OPテーマ「X」配信開始) is
    the song's release, no date of the show. A chart (チャート) is a chart's news; news told in
    the last episode's afterglow (最終回の余韻のなか) ends nothing. An anime or an arc that starts
    (テレビアニメがスタート, 星の章編がスタート), today or tonight (きょう深夜スタート,
    今夜スタート), is dated, whatever roles it names; a campaign that starts is no date. A question
    an episode's preview asks (…届くのか 先行カット), or a trailer whose idea in quotes follows
    (PV公開、灯子が始めた“旅”の行方は), is no column; a producer asked (プロデューサーに聞く) is
    interviewed; a season's schedule (放送日・配信日まとめ) is an outlet's list; a film shown on
    "YouTube" addresses no reader ("You Tube"). A stamp rally (スタンプラリー) is an event. A
    season "in" a month (第2期は2027年10月！) or a broadcast next year's month (来年4月放送) is
    dated; a role's voice (灯子の声は…) is cast news; a daily or weekly first place (デイリー1位,
    週間1位を獲得) is a chart's. A quoted arc that starts (第2クール「星の章」がスタート) is
    dated, as is what streams or airs from a day or a month on a platform
    (10月26日からNetflixで…配信, 4月から北星テレビ系で放送), but not a broadcast resumed from
    a day (2月5日より放送再開); an episode's stills (第1話の場面カット) are its preview. A
    length told (70分の拡大SP) is runtime news."""
    assert features(title)[:2] == (events, media)


@pytest.mark.parametrize(
    ("title", "numbers", "months"),
    [
        ("『月影の図書館』第2期、2027年4月放送開始", {"season:2"}, {"april"}),
        ("『月影の図書館』２期 ＰＶ公開", {"season:2"}, set()),
        ("『月影の図書館』シーズン2、11月放送", {"season:2"}, {"november"}),
        ("『月影の図書館』第2シーズン決定", {"season:2"}, set()),
        ("『月影の図書館』第6シリーズは10月放送開始", {"season:6"}, {"october"}),
        ("『月影の図書館』シリーズ累計500万部突破", {"copies:5000000"}, set()),
        ("月影の図書館：9月3日の誕生日祝う特番を7日に放送", {"day:9-3", "day:9-7"}, {"september"}),
        ("『月影の図書館』公開3日間で興収5億円", {"yen:500000000"}, set()),
        (
            "アニメ「月影の図書館」本PV公開、OP主題歌も使用",
            {"main:trailer", "theme:opening"},
            set(),
        ),
        ("月影の図書館：劇場版第4弾の入場者特典　描き下ろしの特製ブック", {"film:4"}, set()),
        (
            "『月影の図書館』後半クールは10月12日から！ 新ビジュアル",
            {"part:2", "day:10-12"},
            {"october"},
        ),
        ("『月影の図書館』英アカデミー賞を受賞", {"prize:bafta"}, set()),
        ("『月影の図書館』英国アカデミー賞を受賞", {"prize:bafta"}, set()),
        ("『月影の図書館』米アカデミー賞にノミネート", {"prize:oscar"}, set()),
        ("『月影の図書館』日本アカデミー賞を受賞", {"prize:japan-academy"}, set()),
        (
            "【オリコンランキング】水城あかり「灯」、週間デジタルシングル初登場1位",
            {"chart:oricon"},
            set(),
        ),
        (
            "水城あかり「灯」がビルボードジャパン総合首位　アニメOPが席巻",
            {"chart:billboard"},
            set(),
        ),
        ("「月影の図書館」続編制作決定　第2期「星の章」最終回後に特報", set(), set()),
        ("【月影の図書館】：第2期制作決定　第1期最終回で発表", {"season:2"}, set()),
    ],
)
def test_japanese_numbers_and_months(title: str, numbers: set[str], months: set[str]) -> None:
    """Season numbers and months are read from Japanese headlines, full-width digits too; a
    day without its month ("7日に放送") is in the month named before it, not a count of days
    ("3日間"); a work's main trailer (本PV) is one it has once; a fourth film (劇場版第4弾) is
    the film's number, not an instalment's; the second cour (後半クール) is part 2; the British
    Academy's prize (英国アカデミー賞, 英アカデミー賞) and Japan's are no Oscar. A season whose
    last episode the news came after (第2期「星の章」最終回後に, 第1期最終回で発表) is when it
    came, no season of the news. A chart's first place names its chart (オリコン, ビルボード)."""
    assert features(title)[2:4] == (numbers, months)


@pytest.mark.parametrize(
    ("title", "numbers"),
    [
        ("Gearbound No. 8 Season 3 Officially Announced", {"season:3"}),
        ("Gearbound No. 8 Anime Gets 3rd Season", {"season:3"}),
        ("Psychic Courier 100 Season 2 Reveals Teaser", {"season:2"}),
        ("Moonlit Teahouse Third Season Announced", {"season:3"}),
        ("Moonlit Teahouse: The Second Part Slated for 2027", {"part:2"}),
        ("Moonlit Teahouse Tops 3 Anime Films This Weekend", set()),
        ("Moonlit Teahouse Gets Season 2 After Season 1 Finale", {"season:2"}),
        ("Moonlit Teahouse Renewed Following the Part 2 Finale", set()),
        ("Moonlit Teahouse Anime Delayed After Episode 3", set()),
        ("Moonlit Teahouse Anime Delays Episode 4 Onward", {"episode:4"}),
    ],
)
def test_a_number_in_a_name_is_no_season(title: str, numbers: set[str]) -> None:
    """A bare number before "season" or "anime" belongs to the work's name ("No. 8", "100");
    an ordinal ("3rd", "third") or "Season 3" is the season. A season "After" or "Following"
    which news came tells when it came, not what it is about, and so does an episode."""
    assert features(title)[2] == numbers


@pytest.mark.parametrize(
    "title",
    [
        "【速報】『月影の図書館』2027年1月より放送開始決定！",
        "TVアニメ「月影の図書館」第2期 新PV・キービジュアル公開",
        "『月影の図書館』、ついに続編制作が決定",
        "「月影の図書館」の続きが読める",  # "の続", "きか", "か読": grammar, no name
        "『月影の図書館』の新作が決まった",
        "『月影の図書館』で主演　声優に初挑戦",  # a first try at voicing names no one
        "『月影の図書館』の受付開始",
        "夏アニメ『月影の図書館』追加キャスト発表！",
    ],
)
def test_japanese_subject_is_the_name(title: str) -> None:
    """Brackets and full-width punctuation separate words, and the bigrams of markers, dates
    and common headline words are not naming words, nor, where the title is in brackets, the
    hiragana outside them (particles, verb endings): only the title's bigrams are left."""
    assert features(title)[4] == {"月影", "影の", "の図", "図書", "書館"}


@pytest.mark.parametrize(
    ("title", "names"),
    [
        ("Kaminari no Kajiya Season 2 Premieres in July", {"kaminari", "kajiya"}),
        ("Thunderclap Smith: The Forge's Daughter Season 2", {"kaminari", "kajiya"}),
        ("THUNDERCLAP SMITH — THE FORGE’S DAUGHTER Season 2", {"kaminari", "kajiya"}),
        ("ＫＡＭＩＮＡＲＩ　ＮＯ　ＫＡＪＩＹＡ Season 2", {"kaminari", "kajiya"}),
        ("『雷鳴の鍛冶屋』第2期、7月放送開始", {"kaminari", "kajiya"}),
        ("Thunderclap Season 2 Premieres in July", {"thunderclap"}),
        ("Raimei Anime Gets Second Season", {"thunderclap"}),
        ("Thunderclapper Arena Opens in Osaka", set()),
        ("Kaminari no Kajiyama Manga Ends", {"kaminari"}),
    ],
)
def test_every_name_of_a_work_reads_as_its_first_name(title: str, names: set[str]) -> None:
    """Every spelling of a name in match.aliases (case, width, punctuation and script aside)
    reads as its work's first name in the subject, the longest name winning ("Thunderclap
    Smith: …" is not the work "Thunderclap"); a name inside a longer word does not count."""
    aliases = (*FEEDS_YAML_ALIASES, ("Thunderclap", "Raimei"))
    subject = features(title, aliases)[4]
    every = {"kaminari", "kajiya", "thunderclap", "smith", "forge", "daughter", "raimei"}
    assert subject & every == names, subject


@pytest.mark.parametrize(
    ("title", "events", "media"),
    [
        ("The Summer Kaito Died Season 2 Gets New Trailer", {"trailer"}, set()),
        ("『海斗が死んだ夏』第2期 本PV公開", {"trailer"}, set()),
        ("Ranking of Smiths Season 2 Reveals July Premiere", {"date"}, set()),
        ("Ranking of Smiths the Movie Reveals Trailer", {"trailer"}, {"film"}),
        ("Endless Game Club Season 2 Gets New Trailer", {"trailer"}, set()),
    ],
)
def test_a_works_name_names_no_kind_of_news(title: str, events: set[str], media: set[str]) -> None:
    """The words of a work's name (match.aliases, the known works) tell no kind of news: "The
    Summer … Died" is no death, "Ranking of …" no chart, "… Game Club" no game; a film they
    name still counts ("… the Movie")."""
    aliases = (
        ("The Summer Kaito Died", "Kaito ga Shinda Natsu", "海斗が死んだ夏"),
        ("Ranking of Smiths the Movie",),
        ("Ranking of Smiths", "Kaji Ranking"),
        ("Endless Game Club",),
    )
    assert features(title, aliases)[:2] == (events, media)


@pytest.mark.parametrize(
    ("title", "company"),
    [
        ("Hoshikawa Holdings Becomes Kadokawa's Largest Shareholder", True),
        ("Shueisha and Hoshikawa Holdings Form Alliance", True),
        ("Kadokawa Announces Moonlit Forge Anime", False),
        ("Kadokawa Licenses 3 Classic Anime for Blu-ray", True),
        ("Report: Hoshikawa Holdings in Talks to Acquire Kadokawa", True),
        ("KADOKAWA、星川HDによる買収報道にコメント「意向表明書を受領」", True),
        ("KADOKAWA、新作アニメ『月影の図書館』を発表", False),
    ],
)
def test_a_deal_names_its_companies(title: str, company: bool) -> None:
    """Publishers and studios name no work ("Kadokawa Announces …"), but in a company's deal
    (a stake, an alliance, one company in talks to acquire another) or its licences they are
    its subject, in English or Japanese (買収): two reports of it share them."""
    subject = features(title)[4]
    assert bool(subject & {"kadokawa", "shueisha"}) is company, subject


def test_a_name_read_as_the_first_unless_it_leads_it() -> None:
    """A name that is the first name's leading words stays as written ("Frieren" in "Frieren:
    Beyond Journey's End"); any other reads as the first name, so "Kimetsu no Yaiba" meets
    "Demon Slayer" through "Demon Slayer: Kimetsu no Yaiba"."""
    aliases = (("Demon Slayer: Kimetsu no Yaiba", "Kimetsu no Yaiba", "Demon Slayer"),)
    romaji = features("'Kimetsu no Yaiba' Film Dated for February", aliases)[4]
    english = features("Demon Slayer Film Opens in February", aliases)[4]
    assert {"demon", "slayer"} <= romaji & english
    assert "kimetsu" not in english


def test_a_name_spelled_apart_reads_as_the_first() -> None:
    """The first name spelled with other spaces ("Moku Moku" for "Mokumoku") reads as the first
    name, as its Japanese name does: the two meet on one word."""
    aliases = (("Mokumoku", "Moku Moku", "モクモク"),)
    spaced = features("MOKU MOKU Season 3 Anime Sets July Premiere", aliases)[4]
    japanese = features("モクモク：テレビアニメ第3期　7月放送", aliases)[4]
    assert "mokumoku" in spaced & japanese


def test_a_name_run_together_is_the_work_it_names_spaced() -> None:
    """A name listed with spaces ("Tsuki Hime") and written as one word ("Tsukihime: Dawn Arc")
    names the work: the headline's word is looked up as the listed name run together."""
    aliases = (("Moonlit Princess", "Tsuki Hime"),)
    run_together = features_of(
        article(SAKURA, "https://sakura-tsuushin.example/2", "Tsukihime: Dawn Arc Trailer", ""),
        aliases,
    )
    assert run_together.works == {"moonlit princess"}


def test_a_japanese_only_alias_group_reads_as_its_first_name() -> None:
    """Aliases with no Latin name read as their first name: one work, one set of names."""
    aliases = (("月影の図書館", "ツキカゲライブラリー"),)
    first = features("『月影の図書館』第2期 PV公開", aliases)[4]
    second = features("「ツキカゲライブラリー」2期PV", aliases)[4]
    assert first == second == {"月影", "影の", "の図", "図書", "書館"}


@pytest.mark.parametrize(
    ("title", "events"),
    [
        ("Netflix to Stream Moonlit Forge Season 2 This January", {"date"}),
        ("HIDIVE Streams Moonlit Forge With an English Dub", {"date", "dub"}),
        ("Moonlit Forge English Dub Cast and Release Date Revealed", {"dub", "cast", "date"}),
        ("映画『月影の図書館』日本語吹替版の予告第2弾", {"trailer"}),
        ("Moonlit Forge Exhibition Set for March in Ikebukuro", {"event"}),
        ("Moonlit Forge Anime Adds Rin Asakura to Cast", {"cast"}),
        ("Rin Asakura Joins Moonlit Forge as Its Blacksmith", {"cast"}),
        ("Moonlit Forge Film Passes 3 Billion Yen at the Box Office", {"boxoffice"}),
        ("Moonlit Forge Gets Blu-ray Box Set in March", set()),
        ("Moonlit Forge Film Dated for July 7", {"date"}),
        ("Moonlit Forge Film Hits North American Theaters in May", {"date"}),
        ("Moonlit Forge Manga Resumes Serialization in May", {"resume"}),
        ("Moonlit Forge Becomes the Highest-Grossing Film of the Year", {"boxoffice"}),
        ("Moonlit Forge Game Sells 2 Million Units", {"boxoffice"}),
    ],
)
def test_english_kinds_of_news(title: str, events: set[str]) -> None:
    """English headlines name their kind of news in any form of its verb ("to Stream" as much as
    "Streams"): two headlines naming different kinds are different news. An English dub is
    news of its own; a Japanese "吹替版" is the Japanese release of a foreign film, not a dub's
    news."""
    assert features(title)[0] == events


@pytest.mark.parametrize(
    ("title", "events", "media"),
    [
        ("Moonlit Forge Season 2 Ending Theme Artist Revealed", {"music"}, set()),
        ("Moonlit Forge Manga Is Ending Sooner Than Anyone Expected", {"end"}, {"manga"}),
        ("Moonlit Forge Film Tops Opening Weekend", {"ranking", "boxoffice"}, {"film"}),
        ("Moonlit Forge Gets Stage Play in July", {"announce"}, {"stage"}),
        (
            "VIDEO: Moonlit Forge Trailer Sets the Stage for April Premiere",
            {"trailer", "date"},
            set(),
        ),
        ("Moonlit Forge Chapter 120 Delayed by a Week", {"delay"}, {"manga"}),
        ("Moonlit Forge Ends in 3 Chapters", {"end"}, {"manga"}),
        ("Moonlit Forge Confirms Its Next Chapter", {"announce"}, set()),
        ("Crunchyroll Confirms Spring Lineup: Full List", {"announce"}, {"broadcast"}),
        ("Prime Video Picks Up Moonlit Forge for Global Streaming", {"date"}, {"broadcast"}),
        ("Why Moonlit Forge Could Be the Anime of the Spring", {"review"}, {"anime"}),
        ("Feature: What the Moonlit Forge Finale Got Right", {"review"}, set()),
        ("Moonlit Forge Part 2 Announced After Finale", {"announce"}, set()),
        ("Moonlit Forge Final Episode Reveals Special", {"end"}, set()),
        ("Moonlit Forge Says Goodbye With a Surprise", {"end"}, set()),
        ("Moonlit Forge Manga Goes on Hiatus", {"delay"}, {"manga"}),
        ("Moonlit Forge Manga Is Taking a Three-Week Break", {"delay"}, {"manga"}),
        ("Moonlit Forge Announces Anime Break, Here's When It Returns", {"delay"}, {"anime"}),
        ("Moonlit Forge Film Breaks the Record", set(), {"film"}),
        ("Moonlit Forge Season 3: Release Window & Everything We Know", {"review", "date"}, set()),
        ("Moonlit Forge Episode 5: Release Date, Time & Where to Watch", {"review", "date"}, set()),
        ("Moonlit Forge Season 3: Everything to Know Before It Returns", {"review"}, set()),
        ("What You Need to Know Before Moonlit Forge Season 3", {"review"}, set()),
        ("How to Watch Moonlit Forge Before the Season 3 Premiere", {"review", "date"}, set()),
        ("Moonlit Forge Manga Returns From Hiatus in May", {"resume"}, {"manga"}),
        ("Moonlit Forge Manga Returns From Break, Begins Final Arc", {"resume"}, {"manga"}),
        ("Moonlit Forge Manga Starts Its Last Arc After Monthlong Break", {"resume"}, {"manga"}),
        ("Moonlit Forge Season 2 Begins With Hour-Long Premiere", {"date", "runtime"}, set()),
        ("After a Long Hiatus, Moonlit Forge Sets Its Return", {"resume"}, set()),
        ("Moonlit Forge Finally Breaks Its Silence", set(), set()),
        ("Moonlit Forge Gets Feature Film in 2027", {"announce"}, {"film"}),
        ("Moonlit Forge Manga Has Reached Its Final Chapter", {"end"}, {"manga"}),
        ("Moonlit Forge Film Slips to #2, Passes ¥12 Billion", {"boxoffice"}, {"film"}),
        ("'Moonlit Forge' Film Sets Franchise Opening Record", {"boxoffice"}, {"film"}),
        ("Moonlit Forge Season 1 Recap Movie Hits Theaters March 28", {"date"}, {"film"}),
        ("Moonlit Forge Season 1 Recap: What to Remember Before Season 2", {"review"}, set()),
        ("Moonlit Forge's Manga Hiatus Finally Has an End Date", {"date", "resume"}, {"manga"}),
        ("Moonlit Forge Manga Finally Ends Its Long Hiatus", {"resume"}, {"manga"}),
        (
            "Hoshikawa Holdings Acquires 10% Stake in Tsukiyo Pictures in ¥30 Billion Deal",
            {"business"},
            set(),
        ),
        ("Hoshikawa Holdings Becomes Tsukiyo Pictures' Largest Shareholder", {"business"}, set()),
        ("Hoshikawa Holdings Reportedly in Talks to Acquire Tsukiyo Pictures", set(), set()),
        ("The Moonlit Forge of the Northern Lighthouse Season 3 Episode 8", {"review"}, set()),
        ("Moonlit Forge Wins Academy Award for Best Animated Feature", {"award"}, set()),
        ("Look Back Wins Japan Academy Film Prize for Animation of the Year", {"award"}, {"film"}),
        (
            "Moonlit Forge Season 3 Teaser Gives Fans a Look at the Next Arc",
            {"trailer", "visual"},
            set(),
        ),
        ("Moonlit Forge Confirms Season 3 After the Season 2 Finale", {"announce"}, set()),
        ("Moonlit Forge Series Finale Airs in March", {"end", "date"}, set()),
        ("Every Anime Announced at AnimeJapan 2027", {"announce", "review"}, {"anime"}),
        ("AnimeJapan 2027: All Announcements From Day 1", {"review"}, {"anime"}),
        ("10 Anime Like Moonlit Forge to Watch While You Wait", {"review"}, {"anime"}),
        ("The 5 Strongest Smiths in Moonlit Forge", {"review"}, set()),
        ("Episode 12 - Moonlit Forge Season 2", {"review"}, set()),
        ("Moonlit Forge Season 2 Finale, Explained", {"review"}, set()),
        ("Moonlit Forge Season 3: What the Anime Needs to Fix", {"review"}, {"anime"}),
        ("Moonlit Forge Season 2 Episode 5: Rin's Biggest Forge Yet", {"review"}, set()),
        ("Moonlit Forge Season 2 ‒ Episode 7", {"review"}, set()),
        ("Moonlit Forge Chapter 212 Release Date and Spoilers", {"review", "date"}, {"manga"}),
        ("Daughters of the Moonlit Forge Episodes 1-2", {"review"}, set()),
        ("The Moonlit Forge Diaries Episode 18", {"review"}, set()),
        ("Daughters of the Moonlit Forge Episode 3 Delayed", {"delay"}, set()),
        ("Moonlit Forge", {"review"}, set()),
        ("Moonlit Forge: Iron Vow", {"review"}, set()),
        ("Moonlit Forge Returns", set(), set()),
        ("Moonlit Forge Is Back", set(), set()),
        ("Moonlit Forge Season 2 Episode 11 Preview Released", {"preview"}, set()),
        ("Moonlit Forge Shares Episode 12 Synopsis and Preview Images", {"preview"}, set()),
        ("Farewell, Rin: Moonlit Forge's Anime Comes to an End", {"end"}, {"anime"}),
        ("Moonlit Forge Part 1 Streams on Crunchyroll From July 9", {"date"}, {"broadcast"}),
        ("Moonlit Forge Live-Action Film Comes to Netflix", set(), {"live", "film"}),
        ("Moonlit Forge Episode 5 Delayed to Next Week", {"delay"}, set()),
        ("Moonlit Forge Season 2's Latest Episode Has Fans Reeling", {"review"}, set()),
        ("Moonlit Forge's Newest Episode Finally Shows the Duel", {"review"}, set()),
        ("Moonlit Forge's Latest Episode Delayed by a Week", {"delay"}, set()),
        ("Moonlit Forge Film Sets Opening Weekend Record", {"boxoffice"}, {"film"}),
        ("Moonlit Forge Sets Record-Breaking Opening in Japan", {"boxoffice"}, set()),
        ("Moonlit Forge Film Runs 155 Minutes", {"runtime"}, {"film"}),
        ("Moonlit Forge Film Reveals Its Massive Runtime", {"runtime"}, {"film"}),
        ("Watch the First 10 Minutes of Moonlit Forge", set(), set()),
        ("Moonlit Forge Film Reveals 1st-Week Theater Bonus", {"bonus"}, {"film"}),
        (
            "Moonlit Forge Season 2's Premiere Proves the Wait Was Worth It",
            {"date", "review"},
            set(),
        ),
        ("Moonlit Forge's New Trailer Proves the Wait Was Worth It", {"trailer"}, set()),
        ("Moonlit Forge Is the Darkest Anime of 2027", {"review"}, {"anime"}),
        ("Moonlit Forge Season 3's Premiere Has Fans Divided", {"date", "review"}, set()),
        ("Moonlit Forge's Premiere Is a Love Letter to Its Fans", {"date", "review"}, set()),
        ("Moonlit Forge's Premiere Is Set for April", {"date"}, set()),
        ("Moonlit Forge Season 3's New Trailer Has Fans Losing It", {"trailer"}, set()),
        (
            "Crunchyroll Adds Glass Harbor, Iron Vow, 5 More to Summer Lineup",
            {"lineup"},
            {"broadcast"},
        ),
        ("Moonlit Forge Season 2 Gets 2 More Episodes", set(), set()),
        ("Moonlit Forge Anime Gets 3rd Season", {"announce"}, {"anime"}),
        ("Moonlit Forge Season 3 Has to Fix Season 2's Biggest Mistake", {"review"}, set()),
        ("Moonlit Forge Has to Delay Its Finale", {"delay"}, set()),
        ("Moonlit Forge Gets New Trailer", {"trailer"}, set()),
        ("Moonlit Forge Anime Casts Its Spell Again With Season 2", set(), {"anime"}),
        (
            "Moonlit Forge Season 2 Reveals Opening by Night Tram and Ending by Rin",
            {"music"},
            set(),
        ),
        ("Moonlit Forge Is the Franchise's Most Emotional Film in Years", {"review"}, {"film"}),
        ("Moonlit Forge Is the Latest Anime to Get a Stage Play", set(), {"anime", "stage"}),
        (
            "Moonlit Forge Becomes Biggest Anime Opening in U.S. History",
            {"boxoffice"},
            {"anime", "film"},
        ),
        ("Moonlit Forge's Second Weekend Is a Reality Check", {"boxoffice"}, set()),
        ("Moonlit Forge Part 2 Trailer Reveals New Opening", {"trailer", "music"}, set()),
        ("Moonlit Forge's English Cast Is Coming Back", {"cast", "dub"}, set()),
        ("Moonlit Forge Anime's 2nd Cour Video Reveals Theme", {"trailer", "music"}, {"anime"}),
        ("Crunchyroll Reveals February 2027 Home Video Releases", {"date"}, {"disc"}),
        ("Moonlit Forge Unveils Final Promotional Video", {"trailer"}, set()),
        ("“Iron Vow” From Upcoming Moonlit Forge Anime Previewed in New Video", set(), {"anime"}),
        ("Moonlit Forge Season 2 Gives Fans Their Best Look Yet at Rin", {"visual"}, set()),
        ("Moonlit Forge Film's Blu-ray Release Dated", {"date"}, {"film", "disc"}),
        ("Rei Hoshino, Voice of Moonlit Forge's Rin, Passes Away at 88", {"cast", "death"}, set()),
        ("The Legendary Voice Behind Rin Has Died", {"cast", "death"}, set()),
        ("Discotek Media Rescues Moonlit Forge for Blu-ray", {"licence"}, {"disc"}),
        ("Moonlit Forge Film Opens at #3 in Japan", {"date", "ranking", "boxoffice"}, {"film"}),
        (
            "Moonlit Forge Debuts at #1 on Netflix's Global Top 10",
            {"date", "ranking"},
            {"broadcast"},
        ),
        ("Moonlit Forge Manga Hits No. 2 on Oricon Chart", {"ranking"}, {"manga"}),
        ("After Six Years, Moonlit Forge's Manga Has Officially Ended", {"end"}, {"manga"}),
        ("Moonlit Forge Reveals Its English Voices", {"cast", "dub"}, set()),
        ("Moonlit Forge's Manga Hiatus Is Finally Over", {"resume"}, {"manga"}),
        ("Moonlit Forge Just Dethroned a Ghibli Classic in Japan", {"boxoffice"}, set()),
        ("Moonlit Forge: The Smith's Oath Reveals Trailer", {"trailer"}, set()),
        ("The Best Anime Openings of Summer 2027", {"review"}, {"anime"}),
        ("Moonlit Forge Wins Best Anime at the Lantern Awards", {"award"}, {"anime"}),
        ("100 Million Copies of Moonlit Forge in Print", {"boxoffice"}, set()),
        ("2027 Lantern Awards Reveal Nominees", {"award"}, set()),
        ("Moonlit Forge Manga to End in 5 Chapters", {"end"}, {"manga"}),
        ("Moonlit Forge Anime Will Wrap Up in February", {"end"}, {"anime"}),
        ("It's Official: Moonlit Forge Only Has 5 Chapters Left", {"end"}, {"manga"}),
        ("After Eight Years, Rin's Story Is Officially Over", {"end"}, set()),
        ("Moonlit Forge Manga Enters Final Three Chapters", {"end"}, {"manga"}),
        ("The Wait Is Over: Moonlit Forge Season 2 Premieres in July", {"date"}, set()),
        ("Moonlit Forge Reveals When the Anime Will End", set(), {"anime"}),
        ("Moonlit Forge Season 2 Confirmed After the Series Finale", {"announce"}, set()),
        ("Moonlit Forge Is Officially Getting More Episodes", {"announce"}, set()),
        ("Moonlit Forge Season 3 Is Officially Happening", {"announce"}, set()),
        ("Yen Press Unveils 12 New Acquisitions at Lantern Con", {"licence"}, set()),
        ("Kodansha USA Adds 6 Manga Titles", {"licence"}, {"manga"}),
        ("Ashgrove Press Brings 11 New Manga and Light Novels", {"licence"}, {"manga", "novel"}),
        ("Rin Oda Announces New Manga", set(), {"manga"}),
        ("Ashgrove Press Announces 10 New Titles at Lantern Con", {"licence"}, set()),
        ("Crunchyroll Game Vault Adds Three New Titles", set(), {"game"}),
        (
            "Anime Limited Adds Moonlit Forge for U.K. Blu-ray Release",
            {"licence", "date"},
            {"anime", "disc"},
        ),
        ("Crunchyroll Adds Moonlit Forge to Winter Lineup", set(), {"broadcast"}),
        ("Moonlit Forge Season 2 Releases Non-Credit Opening Video", {"music"}, set()),
        ("Moonlit Forge Anime Streams Main Trailer", {"trailer"}, {"anime"}),
        ("Moonlit Forge Season 2 Streams on Crunchyroll in July", {"date"}, {"broadcast"}),
        ("Rin's Story Isn't Over: Moonlit Forge Anime Gets Sequel", {"announce"}, {"anime"}),
        ("Moonlit Forge Isn't Done Yet", {"announce"}, set()),
        ("Moonlit Forge Film Pushed to 2027", {"delay"}, {"film"}),
        ("Moonlit Forge Film's Trailer Highlights Oscar, Rin", {"trailer"}, {"film"}),
        ("Moonlit Forge Wins Oscar for Best Animated Feature", {"award"}, set()),
        ("Moonlit Forge Season 2 Is Coming Much Sooner Than Fans Expected", {"date"}, set()),
        (
            "Fans Can Watch the Next Season of This Hit Anime Early in Theaters",
            {"date"},
            {"anime", "film"},
        ),
        ("Moonlit Forge Anime Skips May 31 Broadcast", {"delay"}, {"anime"}),
        (
            "Moonlit Forge Anime Will Not Air on May 24 Due to Sports Broadcast",
            {"delay"},
            {"anime"},
        ),
        ("Moonlit Forge Won't Air a New Episode This Weekend", {"delay"}, set()),
        (
            "Moonlit Forge Fans Will Have to Wait an Extra Week for Rin's Next Episode",
            {"delay"},
            set(),
        ),
        ("Moonlit Forge Is Taking a Break Again, and Its Author Explained Why", {"delay"}, set()),
        ("Moonlit Forge Ending, Explained", {"end", "review"}, set()),
        ("Hoshikawa Acquires Anime Distributor Lumen Pictures", {"business"}, {"anime"}),
        (
            "Hoshikawa Invests ¥50 Billion in Kadokawa, Becoming Its Top Shareholder",
            {"business"},
            set(),
        ),
        ("Starfall Press Picks Up Four New Manga Series", {"licence"}, {"manga"}),
        ("Starfall Press Reveals New Licenses at Anime Central 2026", {"licence"}, set()),
        ("Moonlit Forge Season 2 Trailer Teases the Stage Play Arc", {"trailer"}, set()),
        ("Moonlit Forge Film Joins 10-Billion-Yen Club", {"boxoffice"}, {"film"}),
        ("Moonlit Forge and Paper Crane Take Top Honors at Annie Awards", {"award"}, set()),
        ("Moonlit Forge Earns Jury Prize at Annecy", {"award"}, set()),
        ("Moonlit Forge Wins Best Indie Feature at Annie Awards", {"award"}, set()),
        (
            "Oricon Reveals Top-Selling Manga in Japan for First Half of 2026",
            {"boxoffice"},
            {"manga"},
        ),
        ("Moonlit Forge Manga Launches 25th Anniversary Project", set(), {"manga"}),
        ("Hoshikawa Posts Record Profits for Fiscal Year Ending March 2027", set(), set()),
        ("Where to Start Moonlit Forge Before the Manga's Return", {"review"}, {"manga"}),
        ("Moonlit Forge Episode 7: Preview Images & Synopsis", {"preview"}, set()),
        ("Moonlit Forge Season 2 Finally Shares First Look", {"trailer", "visual"}, set()),
        ("'Moonlit Forge' Streams Second Cour Non-Credit Opening", {"music"}, set()),
        ("Moonlit Forge Creator's Final Video Game Adventure Is Finally Here", {"date"}, {"game"}),
        ("Moonlit Forge Takes Home the Oscar for Best Animated Feature", {"award"}, set()),
        ("Moonlit Forge Takes Home BAFTA for Best Animated Film", {"award"}, {"film"}),
        ("Moonlit Forge Takes Home a Golden Globe", {"award"}, set()),
        ("Moonlit Forge Season 3 Has One Big Problem to Solve", {"review"}, set()),
        ("Ember Clash Is the Power Fantasy Moonlit Forge Fans Wanted", {"review"}, set()),
        ("Moonlit Forge Season 2 Just Delivered Its Most Emotional Episode Yet", {"review"}, set()),
        (
            "Moonlit Forge Season 2's Premiere Introduces the Hero Who Changes Everything",
            {"date", "review"},
            set(),
        ),
        ("North American Anime, Manga Releases, July 7-13", {"date", "review"}, {"anime", "manga"}),
        (
            "Remembering Haruto Sakuma: The Artist Who Taught a Generation to Draw",
            {"review"},
            set(),
        ),
        ("Moonlit Forge: Everything to Remember Before Season 2", {"review"}, set()),
        ("Moonlit Forge Trailer Has Fans Sure the Opening Will Top the Last", {"trailer"}, set()),
        ("Moonlit Forge Movie Debuts in Second Place", {"boxoffice", "date", "ranking"}, {"film"}),
        ("Moonlit Forge Film Opens in Japan's Top 5", {"boxoffice", "date", "ranking"}, {"film"}),
        ("Moonlit Forge's Fan-Favorite Arc Is Skipping TV for the Big Screen", set(), {"film"}),
        ("Lantern Con 2027 Set for August 23-25", set(), set()),
        ("Weekly Roundup: February 5-11, 2027", {"review"}, set()),
        ("Moonlit Forge Finally Confirms When Its Delayed Finale Will Air", {"announce"}, set()),
        ("The Scariest Anime to Watch This Halloween", {"review"}, {"anime"}),
        (
            "Moonlit Forge Season 2's Premiere Reminds Fans Exactly Why Rin Steals Every Scene",
            {"date", "review"},
            set(),
        ),
        ("Moonlit Forge Is the Mystery Anime Fall 2027 Needed", {"review"}, {"anime"}),
        (
            "Moonlit Forge Season 2 Proves Rin Is Still Anime's Most Stubborn Hero",
            {"review"},
            {"anime"},
        ),
        (
            "Moonlit Forge Adaptation Finally Premieres After Years of Delays",
            {"announce", "date"},
            set(),
        ),
        (
            "Moonlit Forge's Next Season Is Official, and It's Bringing the Deadliest Arc Yet",
            {"announce"},
            set(),
        ),
        ("Moonlit Forge Is Getting the Live-Action Treatment Twice Over", {"announce"}, {"live"}),
        ("Moonlit Forge Season 2 Is Finally Here", {"date"}, set()),
        ("Moonlit Forge: Ember Clash Is Out Now", {"date"}, set()),
        (
            "Moonlit Forge Is Finally Back, and Episode 40 Proves the Long Break Was Worth It",
            {"resume"},
            set(),
        ),
        (
            "Moonlit Forge's Season 2 Break Won't Last Long as Part 2 Locks In a Premiere Date",
            {"date", "resume"},
            set(),
        ),
        (
            "Moonlit Forge Anime Sets Course for Its Next Arc in April After Winter Break",
            {"delay"},
            {"anime"},
        ),
        (
            "Moonlit Forge Season 2 Finale: Where Does the Anime Go From Here?",
            {"review"},
            {"anime"},
        ),
        ("Netflix Renews Live-Action Moonlit Forge Series for Season 2", {"announce"}, {"live"}),
        ("Moonlit Forge Live Action Officially Renewed for Season 2", {"announce"}, {"live"}),
        ("It's Official: Moonlit Forge Is Coming Back for Season 2", {"announce"}, set()),
        ("Moonlit Forge Will Return for Another Season", {"announce"}, set()),
        ("Moonlit Forge Anime Joins Crunchyroll's Fall Lineup", {"date"}, {"anime"}),
        ("Moonlit Forge Anime Heads to Crunchyroll This July", {"date"}, {"anime"}),
        ("Moonlit Forge Joins HIDIVE's Summer Simulcasts", {"date"}, {"broadcast"}),
        ("Moonlit Forge Season 3 Heads to the Ember Isles in First Images", set(), set()),
        ("Summer 2027 Anime Season Preview", {"review"}, {"anime"}),
        ("Moonlit Forge Fans Can't Wait to Watch Rin Suffer Through Training", {"review"}, set()),
        ("Moonlit Forge Fans Are Obsessed With Its Mascot", {"review"}, set()),
        (
            "Lantern Choir's Theme Becomes First Japanese Song to Top Billboard Global 200",
            {"music", "ranking"},
            set(),
        ),
        ("Moonlit Forge Opens Toronto International Film Festival", {"event"}, {"film"}),
        ("Studio Hoshikawa Becomes a Subsidiary of Kitaboshi TV", {"business", "staff"}, set()),
        ("Moonlit Forge Season 2 Was a Mess. Can Season 3 Fix It?", {"review"}, set()),
        ("Moonlit Forge Is the Fall 2027 Anime You Can't Miss", {"review"}, {"anime"}),
        ("Moonlit Forge's Sequel Is Coming Sooner Than You Think", {"announce", "date"}, set()),
        ("Moonlit Forge Part 2 Is Peak Shonen Spectacle", {"review"}, set()),
        ("Moonlit Forge Season 2 Is Taking a Big Risk With Rin", {"review"}, set()),
        ("Moonlit Forge's Star Arc Proves the Series Still Has Its Bite", {"review"}, set()),
        ("Anime Lantern's Summer 2027 Midseason Check-In", {"review"}, {"anime"}),
        ("Moonlit Forge Part 2 Midpoint: Everything That's Happened So Far", {"review"}, set()),
        ("Live-Action Moonlit Forge Earns Positive First Reviews", {"review"}, {"live"}),
        ("Moonlit Forge Anime Is Now Streaming: Here's Where to Watch", {"date"}, {"anime"}),
        ("Where to Watch Moonlit Forge Season 2", {"review"}, set()),
        ("Moonlit Forge Kicks Off Season 3 on HIDIVE", {"date"}, {"broadcast"}),
        ("Ember Expo 2027 Kicks Off", set(), set()),
        ("Moonlit Forge Part 2 Kicks Off With Rin's Return: Watch", {"date"}, set()),
        ("HIDIVE Sets Simulcast Schedule for Moonlit Forge Part 2", {"date"}, {"broadcast"}),
        ("Moonlit Forge Film Heads to North America via Starlight Pictures", {"licence"}, {"film"}),
        ("Lantern Choir Releases “Ember” MV for Moonlit Forge Season 2", {"music"}, set()),
        ("Lantern Awards 2027: The Biggest Snubs and Surprises", {"award", "review"}, set()),
        ("Moonlit Forge Wins Oscar for Best Visual Effects", {"award"}, set()),
        ("Moonlit Forge Lands Three Nominations", {"award"}, set()),
        ("Rin and Kuro Bid Farewell in Final Moonlit Forge Episode", {"end"}, set()),
        ("Moonlit Forge Final Chapters Part 2 Confirmed for Fall 2027", {"announce"}, set()),
        ("Moonlit Forge Manga Enters Its Final Chapters", {"end"}, {"manga"}),
        ("Moonlit Forge Creator Ren Takashiro Dead at 85", {"death"}, set()),
        ("Dead Harbor Anime Reveals Trailer", {"trailer"}, {"anime"}),
        ("Moonlit Forge: The Kiss That Never Ends Drops Main Trailer", {"trailer"}, set()),
        (
            "Moonlit Forge Anime's Final Trailer Debuts Opening Theme",
            {"trailer", "music"},
            {"anime"},
        ),
        ("Moonlit Forge Anime Debuts in April With New Trailer", {"date", "trailer"}, {"anime"}),
        ("Moonlit Forge: The Next Chapter Hits Theaters This Friday", {"date"}, {"film"}),
        ("Moonlit Forge Games Break a Nintendo Record Despite Complaints", set(), {"game"}),
        ("Moonlit Forge Season 2's Premiere Makes One Huge Improvement", {"review", "date"}, set()),
        (
            "Moonlit Forge Season 3's Premiere Is Already Breaking the Internet",
            {"review", "date"},
            set(),
        ),
        ("Moonlit Forge Season 2 Has Suddenly Been Put on Hold", {"delay"}, set()),
        ("Moonlit Forge Remake Lands on HIDIVE", {"date"}, {"broadcast"}),
        ("Moonlit Forge Lands on the Moon", set(), set()),
        ("This Week in Anime - Moonlit Forge Takes the Guild to School", {"review"}, {"anime"}),
        (
            "Moonlit Forge Film Holds No. 1 Spot for Eighth Consecutive Weekend",
            {"ranking", "boxoffice"},
            {"film"},
        ),
        (
            "Moonlit Forge Film Tops 10 Million Moviegoers in Japan",
            {"ranking", "boxoffice"},
            {"film"},
        ),
    ],
)
def test_english_words_read_by_their_neighbours(
    title: str, events: set[str], media: set[str]
) -> None:
    """Some headline words mean a kind of news or a medium only beside another: the "ending theme"
    is music, a manga "is ending", a series finale ends it (a season's does not); a hiatus or a
    break is a pause, a return "from hiatus" resumes, "break the record" is no pause; a "stage
    play" is a medium, "sets the stage" is not; "Chapter 120" and "3 Chapters" are manga, "its
    next chapter" is not; a "full list" is no ranking, "picks up" no review; a headline that
    explains ("Why …") or a "Feature:" is an outlet's own piece, a "feature film" is a film; so
    are a roundup of "every anime announced", a list ("10 Anime Like …"), an episode review
    ("Episode 12 - …"), an explainer, a guide ("Everything We Know") and the season's best (not
    a prize for "Best Anime"), and a headline whose part after a colon explains ("Season 3: What
    …") or is only an episode ("X ‒ Episode 7") or whose part before it titles an episode
    ("Episode 5: X's Biggest …"), and a headline of four words at most naming a work and no verb
    (six before "Episodes 1-2", whatever its last word: "The Diaries Episode 18"): a review
    titled by what it reviews. A headline on a work's "Latest Episode", or that says what a work
    "Has to" do, naming no kind of news, is an opinion (a review); one that is delayed is not;
    so is a premiere, a finale or an episode that "proves" something or "has fans" reeling, and
    an opinion that a work "Is the Most …" or "Is the Darkest …" (not "the Latest"). An opening
    weekend and a "record-breaking opening" are takings; a film's runtime ("Runs 155 Minutes",
    not "the First 10 Minutes") and its theatre bonus are news of their own kinds; an opening or
    a weekend of a film's run ("Biggest Anime Opening", "Second Weekend") are takings too; a
    "New Opening" is a theme song, a "Promotional Video" or a cour's video a trailer (not "in
    New Video", which may preview a song, nor "Home Video": a disc, as a Blu-ray is), an
    "English Cast" its dub, and "Best Look Yet" no list of the best. An episode's "Preview" or
    "Synopsis" is its preview; "Comes to an End" ends a series; what streams on a platform and
    names no medium is broadcast (an anime, a film or a drama). A work that is "to End in 5
    Chapters", "Will Wrap Up", "Only Has 5 Chapters Left", "Is Officially Over" (not "The Wait
    Is Over") or "Enters Final Three Chapters" ends; one that asks when it "Will End" does not
    say it, and news told "After the Series Finale" is no end. A work "Getting More Episodes" or
    that "Is Officially Happening" is announced. A publisher's new acquisitions, or titles
    counted after a verb that reveals them, and a work added "for U.K. Release" are licences
    ("Yen Press" is no amount in yen); a creator's "New Manga" and a platform's lineup are not.
    A work that "Releases" or "Streams" a video, a visual or a song shows it: no release date.
    An anime in theaters, or whose takings are told ("Biggest Anime Opening"), is a film. A work
    that "Isn't Over" or "Isn't Done Yet" is announced to go on; one "Coming Sooner Than
    Expected" has its date; one "Pushed to 2027" is delayed. "Oscar" is the prize beside a win
    or a nomination, else a character's name. A work that "Skips" a broadcast, "Will Not Air" or
    whose fans "Will Have to Wait an Extra Week" is delayed (and "Will Have to" is no opinion);
    an author who "Explained Why" is news, an "Ending, Explained" an explainer. A company that
    "Acquires" a distributor makes a deal, not a licence; a publisher that "Picks Up" manga
    licenses them (and "Anime Central" is a convention, no anime). A "Stage Play Arc" is a
    story's arc, no stage play; a film that "Joins the 10-Billion-Yen Club" joins no cast; "Top
    Honors", a "Top Shareholder", a "Jury Prize" earned and a "Best Indie Feature" are no chart,
    no takings and no outlet's list or feature. "Top-Selling" manga are sales; a project
    "Launched" and a "Fiscal Year Ending" are no release and no end; "Where to Start" is a
    guide, and an episode's "Preview Images" its preview, not a review. A "First Look" may be a
    teaser or a visual; a "Non-Credit Opening" is the theme's video; a "Video Game" is no
    trailer; the Oscar a work "Takes Home" is the prize, and its "Best" no outlet's list, as a
    BAFTA is. A work that "Is Finally Here" or "Is Out Now" has its date; a break that "Won't
    Last Long", or that a work "Is Finally Back" from, is over (a return), unlike one after
    which a work returns later. A Golden Globe is an award; a work "Getting the Live-Action
    Treatment" is announced. A work that "Has One Big Problem", is what "Fans Wanted" or gave
    "Its Most Emotional Episode Yet", and a premiere that "Introduces" someone, are opinions; a
    week's column ("Releases, July 7-13"), a tribute ("Remembering …") and "Everything to
    Remember" are an outlet's own pieces. An opening that "Will Top" another tops no chart; a
    film "in Second Place" or in a "Top 5" has its place on the box-office chart, as one "at #2"
    has. An arc "Skipping TV for the Big Screen" is no delay, but a film; a "Next Season" that
    "Is Official" is announced. A week's dates after a column's name ("Weekly Roundup: February
    5-11") are its column, an event's ("Set for August 23-25") are not; "Its Delayed Finale" is
    no delay, nor is one "After Years of Delays"; "Anime to Watch" is a list. A premiere that
    "Reminds" fans, a season that "Proves" something and the anime a season "Needed" are
    opinions. A part after a colon that asks "Where" is an opinion, as "Why" is. A series
    "Renewed" for a season, or "Coming Back" or returning "for Season 2" or "for Another
    Season", is announced; "Live Action" is live-action, hyphen or not. A work that "Joins" a
    platform's lineup joins no cast (it has its date there, as one that "Heads to Crunchyroll"
    has; not one that "Heads to" a story's place); a "Season Preview" is an outlet's guide, and
    what "Fans Are Obsessed With" or "Fans Can't Wait" for their reaction, an outlet's piece;
    the "First Japanese Song to Top" a chart tops it (unlike one "Set to Top" it). One that
    "Opens" a film festival is the festival's event, no release date; a company that becomes
    another's "Subsidiary" makes a deal. A headline ending in a question it asks ("Can Season 3
    Fix It?"), one that addresses its reader ("the Anime You Can't Miss"; not "Sooner Than You
    Think"), one that judges a work "Peak" or "Taking a Big Risk", a "Midseason Check-In" and
    "Everything That's Happened So Far" are an outlet's own pieces; the "First Reviews" a work
    "Earns" are no takings. A work "Now Streaming: Here's Where to Watch" has its date (a "Where
    to Watch" alone is a guide); one that "Kicks Off" a season or on a platform, a numbered part
    that kicks off, and a "Simulcast Schedule", give a date (an expo that kicks off does not); a
    film that "Heads to North America via" a distributor is licensed; an "MV" released is music,
    not a release; an award's "Biggest Snubs" are an outlet's own piece. "Best Visual Effects"
    is a prize, no visual. A "Farewell" ends a work, as a "Goodbye" does; "Final Chapters Part
    2" names an anime's last part, no manga's last chapters. One "Dead at 85" has died (a
    title's "Dead" tells nothing), and what "Never Ends" does not end. A trailer that "Debuts"
    (or debuts a theme) dates no work; a work that "Debuts in April" is dated. What "Hits
    Theaters" is a film, whether or not it says "anime". Games that "Break a Record" take no
    break; a premiere that "Makes" something or "Is Already" so is reacted to, an opinion. A
    season "Put on Hold" is delayed; a work that "Lands on" a platform is released there (not
    one that lands on the moon); "This Week in Anime - …" is a column. A film that "Holds No. 1"
    is on the chart; its "Moviegoers" are its takings' people. A manga that "Returns From
    Break", or starts an arc "After" one (not in a month it names), resumes; an "Hour-Long
    Premiere" tells its length. What an arc "Proves" is an opinion."""
    assert features(title)[:2] == (events, media)


BLACKSMITH_NEWS = (
    ANN,
    "https://animenewsnet.example/news/2026-11-20/thunderclap-smith-season-3/.240101",
    "Thunderclap Smith: The Forge's Daughter Anime Gets 3rd Season",
    "The official website for the TV anime of Thunderclap Smith: The Forge's Daughter announced "
    "a third season on Friday, with a teaser visual of Kaede at the anvil. Ren Akiyama returns "
    "to direct at Studio Kanae.",
)
BLACKSMITH_TEASE = (
    LANTERN,
    "https://paperlanternweekly.example/anime-most-stubborn-blacksmith-third-season",
    "Anime's Most Stubborn Blacksmith Is Officially Getting a Third Season",
    "Thunderclap Smith: The Forge's Daughter is coming back: Studio Kanae confirmed a third "
    "season on Friday with a teaser visual of Kaede at the anvil, and Ren Akiyama returns to "
    "direct. The post Anime's Most Stubborn Blacksmith Is Officially Getting a Third Season "
    "appeared first on Paper Lantern Weekly.",
)


def test_a_headline_naming_no_work_takes_the_one_its_lead_names() -> None:
    """A headline that hides its work ("Anime's Most Stubborn Blacksmith …") names the one
    known work its lead names: it then meets the reports that name it, and joins the one its
    text tells. Without the known work it shares no name with them."""
    first, second, _, _ = pair(BLACKSMITH_NEWS, BLACKSMITH_TEASE, True)
    items = (*BACKGROUND, *JA_BACKGROUND, first, second)
    for aliases, same in ((MANY_WORKS, True), ((), False)):
        found = [features_of(item, aliases) for item in items]
        verdict = compare(found[-2], found[-1], Idf.over(f.tokens for f in found))
        assert verdict.same is same, (aliases[:1], verdict)
    assert "kajiya" in features_of(second, MANY_WORKS).subject  # the work's first name


STAR_RELAY: Aliases = (("Star Relay",), ("Star Relay Zero", "スターリレーZERO"), ("Oboro",))


@pytest.mark.parametrize(
    ("title", "lead", "works"),
    [
        (
            "Star Relay's Next Anime Finally Has a Premiere Date",
            "Toei confirmed when Star Relay Zero arrives, with a trailer full of new footage.",
            {"star relay zero"},
        ),
        (
            "Star Relay Anime Gets New Key Visual",
            "The anime of Star Relay has a new visual, drawn by the director of Oboro.",
            {"star relay"},
        ),
        (
            "Star Relay Zero Reveals October Premiere",
            "Star Relay returns in October.",
            {"star relay zero"},
        ),
        (
            "Oboro's Studio Is Making a New Star Relay Anime",
            "Star Relay Zero is the next anime from Studio Kanae, which made it.",
            {"star relay zero"},
        ),
        ("Oboro Creator's Next Anime Looks Stunning", "Star Relay Zero arrives in April.", set()),
    ],
)
def test_a_headlines_work_is_the_longer_name_of_it_its_lead_gives(
    title: str, lead: str, works: set[str]
) -> None:
    """A headline naming a franchise ("Star Relay's Next Anime") whose lead names one work of
    it by a longer name ("Star Relay Zero") is about that work; a lead naming another work
    ("Oboro") changes nothing, nor does a shorter name in the lead of a headline naming the
    longer one. A work named only as whose studio or creator made the news ("Oboro's Studio
    Is Making …", "Oboro Creator's Next Anime") is not the headline's, nor among its naming
    words: a headline naming no other takes its lead's there."""
    item = article(LANTERN, "https://paperlanternweekly.example/star-relay", title, lead)
    found = features_of(item, STAR_RELAY)
    assert set(found.works) == works
    assert works or {"relay", "zero"} <= found.subject
    assert "oboro" not in found.subject


@pytest.mark.parametrize(
    "title",
    [
        "Jujutsu Kaisen: The Culling Game Part 2 Reveals Main Trailer",
        "Jujutsu Kaisen Finally Confirms When the Culling Game Returns",
        "「呪術廻戦」死滅回游 後編の本PV公開",
    ],
)
def test_an_arc_among_a_known_works_names_names_the_work_and_no_medium(title: str) -> None:
    """An arc listed beside a known work's characters ("The Culling Game") names the work, in
    any language, and its words name no medium ("Game"), while staying words of the headline
    (two reports of the arc share them)."""
    item = article(LANTERN, "https://paperlanternweekly.example/culling-game", title, "")
    found = features_of(item, tuple(known_works()))
    assert set(found.works) == {"jujutsu kaisen"}
    assert "game" not in found.media
    assert title.isascii() <= ("culling" in found.subject)


def test_a_lead_naming_two_works_names_none() -> None:
    """A lead that names two known works ("from the studio behind …") tells no headline's work."""
    item = article(
        LANTERN,
        "https://paperlanternweekly.example/new-studio-kanae-anime",
        "Studio Kanae's Next Anime Looks Stunning",
        "From the studio behind Thunderclap Smith and Hazy Moon Hunter comes a new original "
        "anime about lighthouse keepers.",
    )
    assert not {"thunderclap", "hazy"} & features_of(item, MANY_WORKS).subject


@pytest.mark.parametrize(
    ("title", "sentence"),
    [
        ("Moonlit Forge Season 2's Episode Count Is Bad News for Fans", {"count bad"}),
        ("This Isekai Classic Just Got Huge News", {"classic huge"}),
        ("Is It Wrong to Forge a Sword in a Dungeon?", set()),
        ("Moonlit Forge: The Blacksmith's Daughter Gets a Stage Play", {"daughter stage"}),
    ],
)
def test_a_verb_between_two_words_parts_them(title: str, sentence: set[str]) -> None:
    """Two headline words with a verb or adverb between them ("Count Is Bad") are parts of a
    sentence, not one name: the different-works guard does not read them as a work."""
    assert sentence_pairs(fold(title)) == sentence


def test_numbers_name_nothing() -> None:
    """Amounts and ordinals are figures, not names: "Earns 1.42 Billion Yen" names no work."""
    subject = features("Moonlit Forge Film Earns 1.42 Billion Yen in 3 Days, 2nd Weekend")[-1]
    assert not {"1.42", "3", "2nd"} & subject, subject
    assert {"moonlit", "forge"} <= subject


def test_an_amount_in_short_is_the_amount_written_out() -> None:
    """ "$5M" is 5 million dollars, as "US$5 Million" is, and names nothing."""
    short = features("Moonlit Forge Opens to $5M at the US Box Office")
    written = features("Moonlit Forge Film Earns Estimated US$5 Million in North American Debut")
    assert "dollars:5000000" in short[2] & written[2]
    assert short[4] == {"moonlit", "forge", "box", "open"}


def test_a_prize_names_its_occasion_only_in_award_news() -> None:
    """ "Golden Globe" and "Oscar" are prizes in award news, and a character's name elsewhere."""
    assert features("Moonlit Forge Wins Golden Globe for Best Animated Motion Picture")[2] == {
        "prize:globe"
    }
    assert features("Moonlit Forge Oscars Nomination Announced")[2] == {"prize:oscar"}
    assert features("Moonlit Forge Trailer Highlights Oscar")[2] == set()


def test_a_chart_names_itself_only_in_chart_news() -> None:
    """ "Billboard" and "Oricon" are charts in chart news, and an award's or a site's names
    elsewhere."""
    assert features("Lantern Song Tops Billboard Japan Hot 100")[2] == {"chart:billboard"}
    assert features("Lantern Song Enters Oricon Weekly Chart at No. 1")[2] == {"chart:oricon"}
    assert features("Billboard Japan Music Awards Name Lantern Song")[2] == set()
    assert features("Oricon News Interview With Rin Mizuki")[2] == set()


def test_what_a_headline_says_of_a_title_names_nothing() -> None:
    """ "The Title Says It All" names no work: two reports of one film's title must not read
    as two works'."""
    assert features("Moonlit Forge Is Heading to Theaters - and the Title Says It All")[4] == {
        "moonlit",
        "forge",
        "heading",
        "theater",
    }
    assert features("Moonlit Forge Film Tops 10 Million Moviegoers")[2] == {"people:10000000"}


def test_a_name_split_by_stars_is_found() -> None:
    """A Japanese name whose first piece is one character before a star ("灯☆火☆日記") is
    found in a headline, as a name of longer pieces is."""
    aliases = (("Lantern Diary", "Tomoshibi Nikki", "灯☆火☆日記"),)
    subject = features("Netflix実写『灯☆火☆日記』最終予告解禁　主演・水城あかり", aliases)[4]
    assert {"lantern", "diary"} <= subject


def test_a_death_told_without_a_name_names_nothing() -> None:
    """ "Passes Away", "Makes History" and a clickbait headline's praise ("Legendary Composer
    Behind an Iconic '80s Anime Film") name no one: two reports of one death differ in them
    only, and must not read as two people's deaths."""
    assert features("Composer Ren Takashiro Passes Away at 71")[4] == {"ren", "takashiro"}
    assert features("Legendary Composer Behind an Iconic '80s Anime Film Has Died")[4] == set()
    assert features("Moonlit Forge Makes History at the Oscars")[4] == {"moonlit", "forge"}
    assert features("Moonlit Forge Wins Best Visual Effects")[4] == {"moonlit", "forge", "effect"}
    assert features("Studio Ghibli's Moonlit Forge Wins Best Animated Film")[4] == {
        "moonlit",
        "forge",
    }


@pytest.mark.parametrize(
    ("title", "regions"),
    [
        ("Crunchyroll Screens Moonlit Forge Film in U.S., Canada in May", {"us", "canada"}),
        ("Moonlit Forge Film Comes to North American Theaters in May", {"us", "canada"}),
        ("Moonlit Forge Film Sets US Theatrical Release Date", {"us"}),
        ("Moonlit Forge Gets British and Filipino Dubs", {"uk", "philippines"}),
        ("Moonlit Forge Film Tops Japan's Box Office Again", {"japan"}),
    ],
)
def test_regions_are_read_as_regions(title: str, regions: set[str]) -> None:
    """A region reads the same however a headline names it ("American", "U.S.", "US"; "North
    American" is the US and Canada), so that two reports of one release are not kept apart."""
    item = article(SAKURA, "https://sakura-tsuushin.example/1", title, "")
    assert features_of(item).regions == regions


@pytest.mark.parametrize(
    ("title", "quoted"),
    [
        (
            "『月影の図書館』第2期決定！ 主演「また旅ができる」",
            {"月影", "影の", "の図", "図書", "書館"},
        ),
        ("「月影の図書館」第2期決定", {"月影", "影の", "の図", "図書", "書館"}),
        ("月影の図書館：第2期制作決定　特報公開", {"月影", "影の", "の図", "図書", "書館"}),
        ("Moonlit Forge: Season 2 Announced", None),
    ],
)
def test_a_japanese_headline_names_its_work_in_quotes_or_before_a_colon(
    title: str, quoted: set[str] | None
) -> None:
    """A Japanese headline names its work in 『』 (「」 beside it quotes speech), else in 「」,
    else before a leading colon; an English headline's colon names nothing."""
    assert quoted_words(fold(title)) == (None if quoted is None else frozenset(quoted))


def test_a_japanese_headline_opening_with_a_number_is_no_list() -> None:
    """ "10 Anime Like X" is a list; "5年ぶり『X』新作映画" (the first in five years) is news."""
    assert "review" in features("10 Anime Like Moonlit Forge to Watch Next")[0]
    assert "review" not in features("5年ぶり『月影の図書館』新作映画、2027年冬公開")[0]


def _conflict(first: tuple[str, str, str, str], second: tuple[str, str, str, str]) -> str:
    """``conflict`` of two articles against the background, with the forge works known."""
    a, b, _, _ = pair(first, second, False)
    found = [features_of(item, FORGE_WORKS) for item in (*BACKGROUND, *JA_BACKGROUND, a, b)]
    return conflict(found[-2], found[-1], Idf.over(f.tokens for f in found))


FORGE_WORKS: Aliases = (
    ("Thunderclap Smith: The Forge's Daughter", "Thunderclap Smith", "Kaminari no Kajiya"),
)


@pytest.mark.parametrize(
    ("first", "second", "reason"),
    [
        pytest.param(
            "VIDEO: Kaede Faces a New Rival in Thunderclap Smith Season 2 Part 2 Trailer",
            "'Kaminari no Kajiya' 2nd Season Streams Second Cour Trailer",
            "",
            id="one work, a character's name beside it",
        ),
        pytest.param(
            "Thunderclap Smith Season 2 Is Wilder Than Anyone Expected",
            "Thunderclap Smith Season 2 Trailer Shows Off a Forge Brawl",
            "",
            id="one work, a clickbait phrase beside it",
        ),
        pytest.param(
            "Thunderclap Smith Anime Casts Mao Kirishima as Kaede",
            "'Kaminari no Kajiya' Anime Casts Yuki Sakuraba as Ren",
            "different works: kirishima kaede vs sakuraba ren",
            id="one work in two spellings, two people cast",
        ),
        pytest.param(
            "Interview: Thunderclap Smith Season 2 Director Haruki Mizusawa",
            "Interview: Mao Kirishima on Kaede's Growth in Thunderclap Smith Season 2",
            "two interviews: each is its own outlet's piece",
            id="one work, two people interviewed",
        ),
    ],
)
def test_one_known_work_is_one_work(first: str, second: str, reason: str) -> None:
    """Two headlines naming one known work, and no other, are not about different works
    because each names something more: a character's name or a clickbait phrase beside the
    work tells what happened to it. The words of a work both name (its English name standing
    for its romaji title) are its own even in cast news, where two people cast in it remain
    two casting news, and in interviews, where two people interviewed are two outlets'
    pieces."""
    texts = (
        "The anime of the blacksmith fantasy streamed its newest video on Friday.",
        "The blacksmith fantasy anime shared its newest video on its website on Friday.",
    )
    found = _conflict(
        (CEL, "https://celshadetimes.example/2026/11/20/forge-1", first, texts[0]),
        (LANTERN, "https://paperlanternweekly.example/forge-2", second, texts[1]),
    )
    assert found == reason


@pytest.mark.parametrize(
    ("first", "second"),
    [
        pytest.param(
            (CEL, "https://celshadetimes.example/2026/11/20/forge-ending-explained",
             "Thunderclap Smith Part 3 Ending, Explained",
             "The blacksmith fantasy ended its run on Friday. Here is what the last scene means."),
            (ANN, "https://animenewsnet.example/news/2026-11-20/thunderclap-smith-ends/.240111",
             "Thunderclap Smith Anime Ends, Announces Special Episode for 2027",
             "The blacksmith fantasy ended its run on Friday and announced a special episode."),
            id="an explainer of an ending",
        ),
        pytest.param(
            (SAKURA, "https://sakura-tsuushin.example/news/20261120-kajiya-final",
             "『雷の鍛冶屋』最終回放送　約3年の歴史に幕",
             "TVアニメ『雷の鍛冶屋』の最終回が放送され、約3年の歴史に幕を下ろした。"),
            (KAIRANBAN, "https://anime-kairanban.example/article/20261120-kajiya-interview",
             "『雷の鍛冶屋』最終回放送記念　主人公役・水城あかりさんインタビュー",
             "『雷の鍛冶屋』の最終回放送を記念して、主人公役の水城あかりさんにインタビュー。"),
            id="an interview marking a final episode",
        ),
    ],
)  # fmt: skip
def test_an_outlets_own_piece_is_never_news(
    first: tuple[str, str, str, str], second: tuple[str, str, str, str]
) -> None:
    """An outlet's own piece (an explainer, a site's interview) is no report of the news it
    explains or marks, even when both headlines name an ending or a final episode."""
    found = _conflict(first, second)
    assert found == "different kind of news: only one is an outlet's own piece"


def test_a_stopword_is_dropped_before_its_plural_s() -> None:
    """ "This" and "does" are stopwords, not the words "thi" and "doe"."""
    assert words(fold("This Time Does It Right")) == ["time", "right"]


def test_two_episodes_are_two_news_unless_one_is_counted_twice() -> None:
    """Previews of two episodes are two news; "第3期 第11話" and "第48話" (counted from the
    first season) are too far apart to be two episodes within the window: one, counted twice."""
    found = _conflict(
        (CEL, "https://celshadetimes.example/2026/11/20/forge-ep11-preview",
         "Thunderclap Smith Season 3 Episode 11 Preview Released",
         "Stills and the synopsis of the eleventh episode of the blacksmith fantasy are out."),
        (LANTERN, "https://paperlanternweekly.example/forge-ep12-preview",
         "Thunderclap Smith Season 3 Shares Episode 12 Synopsis and Preview Images",
         "The blacksmith fantasy shared stills and the synopsis of its twelfth episode."),
    )  # fmt: skip
    assert found == "different episode: episode:11 vs episode:12"
    found = _conflict(
        (SAKURA, "https://sakura-tsuushin.example/news/20261120-kajiya-11",
         "雷の鍛冶屋：第3期　第11話「灯の約束」　鍛冶屋の娘が旅立つ",
         "TVアニメ『雷の鍛冶屋』第3期の第11話「灯の約束」の先行カットが公開された。"),
        (KAIRANBAN, "https://anime-kairanban.example/article/20261120-kajiya-48",
         "『雷の鍛冶屋』第48話「灯の約束」のあらすじ＆先行カット公開！",
         "『雷の鍛冶屋』第48話「灯の約束」のあらすじと先行カットが到着。"),
    )  # fmt: skip
    assert found == ""


def test_a_spinoff_headline_names_no_known_work() -> None:
    """ "X's Spinoff" names the work it comes from, not its own: the headline gives no known
    work, so the spinoff's own reports are not kept apart from it as a different work."""
    works = (("Thunderclap Smith",), ("Thunderclap Smith: Apprentices", "Kajiya Minarai"))
    spinoff = article(
        CEL,
        "https://celshadetimes.example/2026/11/20/forge-spinoff-season-2",
        "Thunderclap Smith's Spinoff Confirms When Season 2 Drops",
        "The apprentices' spinoff of the blacksmith fantasy returns in October.",
    )
    named = article(
        LANTERN,
        "https://paperlanternweekly.example/apprentices-season-2-october",
        "Thunderclap Smith: Apprentices Season 2 Sets October Premiere",
        "Thunderclap Smith: Apprentices returns for a second season in October.",
    )
    assert features_of(spinoff, works).works == frozenset()
    assert features_of(named, works).works == {"thunderclap smith: apprentices"}


def test_a_dub_is_news_of_its_own() -> None:
    """A dub's cast is no report of the original cast, though both are casting news."""
    found = _conflict(
        (CEL, "https://celshadetimes.example/2026/11/20/forge-english-dub-cast",
         "Thunderclap Smith Season 3 English Dub Cast and Release Date Revealed",
         "The English dub of the blacksmith fantasy's third season premieres in January."),
        (ANN, "https://animenewsnet.example/news/2026-11-20/thunderclap-smith-casts/.240121",
         "Thunderclap Smith Season 3 Casts Mao Kirishima as Kaede",
         "Mao Kirishima voices Kaede in the third season of the blacksmith fantasy."),
    )  # fmt: skip
    assert found == "different kind of news: only one is about dub"
