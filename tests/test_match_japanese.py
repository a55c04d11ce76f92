"""Named pairs of Japanese articles (in the styles of Japanese news sites: the work's title in
「」 or 『』, no spaces) that are, or are not, one story. They are judged against a store-like
background: a generated week of ordinary Japanese anime news about fictional works, so that
the words every report uses (決定, 公開, 放送, 担当, 出演, キャラクター, テーマ…) weigh as little as
they would in a real store. With only a handful of articles to weigh words by, every character
pair looks rare, and generic words such as 担当 and テーマ read as the names of works."""

# ruff: noqa: E501  (Japanese headlines count double in width; they are kept whole on one line)

from __future__ import annotations

import random

import pytest

from aggregator.grouping import assign
from aggregator.idf import Idf
from aggregator.match import compare
from aggregator.match_across import across_languages
from aggregator.match_features import features_of
from aggregator.models import Item, MatchSettings
from tests.test_match import BACKGROUND, article, at
from tests.test_match_week import generated_week
from tests.test_match_week import news_week as english_week

NATALIE = "コミックナタリー"
ANIME_ANIME = "アニメ！アニメ！"
MANTAN = "MANTANWEB"
ANIMATE = "アニメイトタイムズ"
ANN = "Anime News Network"
CORNER = "Anime Corner"

_KANA = "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワン"
_KANJI = "星月雨風花空海夜光影鉄灯籠銀騎士約束雪桜森川山街夢恋剣魔女竜王国城塔鏡羽翼炎氷雷"
_SURNAMES = (
    "佐藤 鈴木 高橋 田中 伊藤 渡辺 山本 中村 小林 加藤 吉田 山田 佐々木 松本 井上 木村".split()
)
_GIVEN = "あかり ゆうき 翔 陸 美咲 結衣 大翔 蓮 葵 陽菜 悠真 凛".split()
_HEADLINES = (
    "「{w}」TVアニメ化決定、ティザービジュアル公開", "『{w}』第{n}期制作決定！ キービジュアル公開",
    "「{w}」第{n}期に{p}が出演、新キャラクター役", "『{w}』追加キャストに{p}さん！ コメントも到着",
    "「{w}」OP主題歌は{p}が担当、新曲をPVで公開", "『{w}』オープニングテーマが決定",
    "「{w}」{m}月より放送開始、メインPV公開", "『{w}』{m}月放送開始！ 本PVでは新キャラクターの姿も",
    "「{w}」舞台化決定、{m}月に東京で上演", "『{w}』公演のメインビジュアル公開",
    "「{w}」コラボカフェが{m}月より開催", "『{w}』Blu-ray BOXが{m}月発売、特典も公開",
    "「{w}」完結、最終巻は{m}月発売", "劇場版「{w}」興行収入{n}0億円突破",
    "「{w}」第{n}話あらすじ＆先行カット到着", "『{w}』放送延期のお知らせ、制作上の都合",
)  # fmt: skip
_TEXTS = (
    "TVアニメ「{w}」の最新情報が公開された。監督は{p}が務め、アニメーション制作を担当する。",
    "「{w}」の新たなキャラクタービジュアルが公開され、キャストとして{p}が出演することが発表された。",
    "主題歌を担当するのは{p}。テーマソングの一部はPVで聴くことができる。放送は{m}月から。",
    "原作は{p}による人気マンガ。公演の詳細は公式サイトにて告知される。",
)


def _week(count: int = 300, seed: int = 7) -> tuple[Item, ...]:
    """``count`` reports of a week about as many fictional works, from four sites."""

    def fill(rng: random.Random) -> dict[str, object]:
        work = "".join(rng.choice(_KANJI + _KANA) for _ in range(rng.randint(3, 6)))
        return {"w": work, "p": rng.choice(_SURNAMES) + rng.choice(_GIVEN),
                "m": rng.randint(1, 12), "n": rng.randint(2, 4)}  # fmt: skip

    sites = (NATALIE, ANIME_ANIME, MANTAN, ANIMATE)
    rng = random.Random(seed)
    return generated_week(rng, count, sites, _HEADLINES, _TEXTS, fill, "news.example.jp")


WEEK = _week()
# Smaller stores of English and Japanese news, where which generic words look rare depends
# more on chance.
SMALL_WEEKS = tuple((*english_week(150, seed), *_week(75, seed)) for seed in (1, 4, 5, 6))

# (site, url, headline, text) of the first and second article, and whether they are one story.
Side = tuple[str, str, str, str]
CASES: dict[str, tuple[Side, Side, bool]] = {
    "season 2 date and trailer, two sites": (
        (NATALIE, "https://natalie.example/news/100",
         "「鉄の灯籠」TVアニメ第2期が2027年4月に放送決定、新PVも公開",
         "秋月ユウによる「鉄の灯籠」のTVアニメ第2期が、2027年4月より放送されることが決定した。あわせて"
         "新PVが公開。監督は引き続き高梨誠が務め、アニメーション制作はスタジオ瑠璃が担当する。"),
        (ANIME_ANIME, "https://animeanime.example/article/100.html",
         "『鉄の灯籠』第2期、2027年4月放送開始！ 新PVでは新キャラクターの姿も",
         "TVアニメ『鉄の灯籠』第2期が2027年4月より放送開始となることが発表された。公開された新PVでは"
         "新キャラクターの姿も確認できる。監督は高梨誠、制作はスタジオ瑠璃。"),
        True,
    ),
    "one season's month, with and without its PV": (
        (MANTAN, "https://mantan.example/article/102.html",
         "鉄の灯籠：第3期が10月スタート　日本テレビ系の深夜枠で",
         "秋月ユウのマンガが原作のTVアニメ「鉄の灯籠」の第3期が、10月から日本テレビ系で"
         "放送されることが分かった。"),
        (ANIME_ANIME, "https://animeanime.example/article/102.html",
         "「鉄の灯籠」第3期、10月より放送！ 灯守と少女の新たな物語…PV第1弾公開",
         "TVアニメ『鉄の灯籠』第3期が10月より放送されることが決定した。PV第1弾も公開された。"),
        True,
    ),
    "trailer vs cast of one season": (
        (NATALIE, "https://natalie.example/news/101",
         "「鉄の灯籠」第2期の新PV公開、オープニング主題歌はNight Tram",
         "TVアニメ「鉄の灯籠」第2期の新PVが公開された。オープニング主題歌はNight Tramが担当する。"),
        (MANTAN, "https://mantan.example/article/101.html",
         "「鉄の灯籠」第2期に早瀬ゆかり、宮本陸が出演　新キャラクター役",
         "TVアニメ「鉄の灯籠」第2期の追加キャストとして、早瀬ゆかり、宮本陸の出演が発表された。"
         "2人は新キャラクターを演じる。"),
        False,
    ),
    "season 2 vs season 3": (
        (NATALIE, "https://natalie.example/news/102", "「星屑テレパス」第2期 2027年1月放送開始",
         "TVアニメ「星屑テレパス」第2期が2027年1月に放送を開始する。"),
        (ANIME_ANIME, "https://animeanime.example/article/102.html", "「星屑テレパス」第3期制作決定！",
         "TVアニメ「星屑テレパス」第3期の制作が決定した。"),
        False,
    ),
    "broadcast delay, two sites": (
        (MANTAN, "https://mantan.example/article/103.html",
         "アニメ「白銀の騎士団」第8話以降の放送延期　制作上の都合",
         "TVアニメ「白銀の騎士団」の第8話以降の放送が延期されることが分かった。制作上の都合によるもので、"
         "再開時期は決まり次第発表される。"),
        (ANIMATE, "https://animate.example/news/103", "『白銀の騎士団』第8話以降が放送延期に。再開は改めて告知",
         "TVアニメ『白銀の騎士団』の第8話以降の放送・配信を延期すると公式サイトで発表された。"
         "制作スケジュールの都合のため。放送再開については改めて告知される。"),
        True,
    ),
    "manga ends vs anime announced": (
        (NATALIE, "https://natalie.example/news/104", "「雨音のワルツ」完結、単行本最終巻は1月発売",
         "霧島ナオによる「雨音のワルツ」が完結した。単行本最終巻は1月に発売される。"),
        (ANIME_ANIME, "https://animeanime.example/article/104.html",
         "「雨音のワルツ」TVアニメ化決定！ ティザービジュアル公開",
         "霧島ナオによる漫画「雨音のワルツ」のTVアニメ化が決定した。ティザービジュアルが公開されている。"),
        False,
    ),
    "box office milestone, two wordings": (
        (NATALIE, "https://natalie.example/news/105", "劇場版「灰色の約束」が興収40億円突破、観客動員は280万人",
         "劇場版「灰色の約束」の興行収入が40億円を突破した。観客動員数は280万人を記録している。"),
        (MANTAN, "https://mantan.example/article/105.html", "劇場版アニメ「灰色の約束」興収40億円突破　動員280万人",
         "劇場版アニメ「灰色の約束」の興行収入が40億円を突破し、観客動員数が280万人に達したことが分かった。"),
        True,
    ),
    "English and Japanese reports without an alias": (
        (ANN, "https://www.animenewsnetwork.com/news/2026-11-20/iron-lantern-season-2/.231300",
         "Iron Lantern Anime's 2nd Season Premieres in April 2027",
         "The official website for the anime of Yuu Akizuki's Iron Lantern manga announced that the "
         "second season will premiere in April 2027."),
        (NATALIE, "https://natalie.example/news/106", "「鉄の灯籠」TVアニメ第2期が2027年4月に放送決定",
         "秋月ユウによる「鉄の灯籠」のTVアニメ第2期が、2027年4月より放送されることが決定した。"),
        False,
    ),
    "cast addition, two sites": (
        (NATALIE, "https://natalie.example/news/107", "「白銀の騎士団」第2クールに早瀬ゆかりが出演、魔女リーネ役",
         "TVアニメ「白銀の騎士団」第2クールの追加キャストとして、早瀬ゆかりが魔女リーネ役で出演することが"
         "発表された。第2クールは2027年1月より放送される。"),
        (ANIMATE, "https://animate.example/news/107",
         "『白銀の騎士団』第2クール追加キャストに早瀬ゆかりさん！ リーネ役を担当",
         "2027年1月より放送されるTVアニメ『白銀の騎士団』第2クールの追加キャストが発表。魔女リーネを"
         "早瀬ゆかりさんが演じます。コメントも到着しました。"),
        True,
    ),
    "two cast additions of one show, different actors": (
        (NATALIE, "https://natalie.example/news/108", "「白銀の騎士団」第2クールに早瀬ゆかりが出演、魔女リーネ役",
         "TVアニメ「白銀の騎士団」第2クールの追加キャストとして、早瀬ゆかりが魔女リーネ役で出演することが"
         "発表された。"),
        (MANTAN, "https://mantan.example/article/108.html", "「白銀の騎士団」第2クールに宮本陸が出演　騎士団長ガルド役",
         "TVアニメ「白銀の騎士団」第2クールに、宮本陸が騎士団長ガルド役で出演することが分かった。"),
        False,
    ),
    "stage play announced, two sites": (
        (NATALIE, "https://natalie.example/news/109", "「月影の配達人」舞台化決定、2027年5月に東京・大阪で上演",
         "千早ミナトによるマンガ「月影の配達人」が舞台化され、2027年5月に東京と大阪で上演されることが"
         "決定した。脚本・演出は北条真が手がける。"),
        (ANIME_ANIME, "https://animeanime.example/article/109.html",
         "『月影の配達人』舞台化！ 2027年5月、東京・大阪公演が決定",
         "人気マンガ『月影の配達人』の舞台化が決定した。公演は2027年5月に東京・大阪で行われる。"
         "脚本・演出を担当するのは北条真。"),
        True,
    ),
    "stage play vs anime of one manga": (
        (NATALIE, "https://natalie.example/news/110", "「月影の配達人」舞台化決定、2027年5月に上演",
         "千早ミナトによるマンガ「月影の配達人」が舞台化されることが決定した。"),
        (ANIME_ANIME, "https://animeanime.example/article/110.html", "『月影の配達人』TVアニメ化決定！ 2027年放送",
         "千早ミナトによるマンガ『月影の配達人』のTVアニメ化が決定した。2027年に放送予定。"),
        False,
    ),
    "collaboration cafe, two sites": (
        (ANIMATE, "https://animate.example/news/111", "『ネオン街のふたり』コラボカフェが12月より池袋で開催決定",
         "TVアニメ『ネオン街のふたり』のコラボカフェが、12月5日より池袋にて開催されることが決定しました。"
         "描き下ろしイラストを使用したグッズも販売されます。"),
        (ANIME_ANIME, "https://animeanime.example/article/111.html",
         "「ネオン街のふたり」コラボカフェ、池袋で12月5日から！ 描き下ろしグッズも",
         "「ネオン街のふたり」のコラボカフェが池袋で12月5日からスタート。描き下ろしイラストのグッズも"
         "登場する。"),
        True,
    ),
    "collaboration cafe vs Blu-ray box of one show": (
        (ANIMATE, "https://animate.example/news/112", "『ネオン街のふたり』コラボカフェが12月より池袋で開催決定",
         "TVアニメ『ネオン街のふたり』のコラボカフェが、12月5日より池袋にて開催されることが決定しました。"),
        (NATALIE, "https://natalie.example/news/112", "「ネオン街のふたり」Blu-ray BOXが3月発売、特典に新作ドラマCD",
         "TVアニメ「ネオン街のふたり」のBlu-ray BOXが3月に発売される。特典として新作ドラマCDが付属する。"),
        False,
    ),
    "opening theme, two sites": (
        (NATALIE, "https://natalie.example/news/113", "Night Tramが「鉄の灯籠」第2期のOP主題歌を担当、新曲「灯火」",
         "Night Tramの新曲「灯火」が、TVアニメ「鉄の灯籠」第2期のオープニング主題歌に決定した。"),
        (MANTAN, "https://mantan.example/article/113.html", "「鉄の灯籠」第2期　OPテーマはNight Tram「灯火」",
         "TVアニメ「鉄の灯籠」第2期のオープニングテーマが、Night Tramの新曲「灯火」に決まった。"),
        True,
    ),
    "one cast reveal, a character on one site and setting art on the other": (
        (ANIMATE, "https://animate.example/news/116",
         "秋アニメ『白銀の騎士団』第2期 追加キャストに早瀬ゆかりさんが決定！魔女リーネ（CV）のキャラ紹介も",
         "TVアニメ『白銀の騎士団』第2期の追加キャストとして、早瀬ゆかりさんが魔女リーネ役に決定した。"),
        (ANIME_ANIME, "https://animeanime.example/article/116.html",
         "『白銀の騎士団』第2期、新キャラ役は早瀬ゆかり！キャスト＆設定画が公開",
         "TVアニメ『白銀の騎士団』第2期の新キャラクターのキャストとして早瀬ゆかりが発表され、設定画も公開された。"),
        True,
    ),
    "one teaser, a character on one site and the studio on the other": (
        (NATALIE, "https://natalie.example/news/117",
         "「雪森の約束」第2期は7月放送、ティザーPVでミナトとカイが新たな敵に挑む",
         "TVアニメ「雪森の約束」第2期が7月に放送されることが決定し、ティザーPVが公開された。"),
        (ANIME_ANIME, "https://animeanime.example/article/117.html",
         "『雪森の約束』第2期、7月放送決定！スタジオ霧雨が制作続投、ティザーPV公開",
         "TVアニメ『雪森の約束』第2期の放送時期が7月に決定。ティザーPVも公開された。"),
        True,
    ),
    "the takings of two weeks of one film": (
        (NATALIE, "https://natalie.example/news/118", "「劇場版 鉄の灯籠」興収20億円突破、公開17日間で動員128万人",
         "劇場版「鉄の灯籠」の興行収入が20億円を突破した。公開17日間で観客動員数は128万人に達している。"),
        (MANTAN, "https://mantan.example/article/118.html", "【映画ランキング】『劇場版 鉄の灯籠』2週連続1位 累計興収14億円突破",
         "週末の映画ランキングで劇場版『鉄の灯籠』が2週連続で1位を獲得し、累計興収は14億円を突破した。"),
        False,
    ),
    "one opening weekend, the takings rounded two ways": (
        (ANIMATE, "https://animate.example/news/119",
         "劇場版『鉄の灯籠』公開3日間で興行収入34.2億円、観客動員数236万人を突破！",
         "劇場版『鉄の灯籠』が公開3日間で興行収入34億2000万円、観客動員数236万人を記録した。"),
        (MANTAN, "https://mantan.example/article/119.html", "劇場版「鉄の灯籠」　公開3日間で興収34億円突破　シリーズ最高",
         "劇場版「鉄の灯籠」が公開から3日間で興行収入34億円を突破し、シリーズ最高のスタートとなった。"),
        True,
    ),
    "one season reveal, the teaser on one site and the visual on another": (
        (NATALIE, "https://natalie.example/news/120", "「雪森の約束」TVアニメ第2期は10月放送、特報映像でミナトが再び旅立つ",
         "TVアニメ「雪森の約束」第2期が10月に放送される。特報映像も公開された。"),
        (ANIMATE, "https://animate.example/news/120",
         "秋アニメ『雪森の約束』第2期、10月放送決定！ ティザービジュアルにミナトとカイの姿",
         "TVアニメ『雪森の約束』第2期が10月より放送決定。ティザービジュアルが公開された。"),
        True,
    ),
    "one headline template, two shows": (
        (ANIME_ANIME, "https://animeanime.example/article/114.html", "『星屑テレパス』第2期 メインPV公開！",
         "TVアニメ『星屑テレパス』第2期のメインPVが公開された。"),
        (ANIME_ANIME, "https://animeanime.example/article/115.html", "『ネオン街のふたり』メインPV公開！",
         "TVアニメ『ネオン街のふたり』のメインPVが公開された。"),
        False,
    ),
    "opening theme vs ending theme of one season": (
        (ANIMATE, "https://animate.example/news/121",
         "夏アニメ『雪森の約束』第2期のOPテーマはNight Tramの新曲「白い道」に決定！",
         "TVアニメ『雪森の約束』第2期のオープニングテーマが、Night Tramの新曲「白い道」に決定した。"
         "ノンクレジットOP映像も公開された。"),
        (ANIME_ANIME, "https://animeanime.example/article/121.html",
         "「雪森の約束」第2期EDテーマは早瀬ゆかりが担当！ 新曲「森のうた」",
         "TVアニメ「雪森の約束」第2期のエンディングテーマを早瀬ゆかりが担当することが発表された。"
         "新曲「森のうた」は放送開始に合わせて配信される。"),
        False,
    ),
    "a live-action film's opening day, as live action and as a film": (
        (NATALIE, "https://natalie.example/news/123",
         "早瀬ゆかり、実写『鉄の灯籠』初日に涙「最高のチームでした」",
         "実写映画『鉄の灯籠』の初日舞台あいさつが都内で行われ、主演の早瀬ゆかりが共演者への感謝を"
         "語った。宮本陸、高梨誠監督も登壇した。"),
        (MANTAN, "https://mantan.example/article/123.html",
         "早瀬ゆかり、映画『鉄の灯籠』初日舞台あいさつで共演者に感謝　撮影の日々を振り返る",
         "映画『鉄の灯籠』の初日舞台あいさつが行われ、主演の早瀬ゆかり、宮本陸、高梨誠監督が登壇。"
         "早瀬は撮影の日々を振り返り、共演者に感謝した。"),
        True,
    ),
    "a work named by a colon, and the same work quoted beside a speech": (
        (MANTAN, "https://mantan.example/article/135.html",
         "星屑テレパス：テレビアニメ第3期制作決定　ユウとルミの旅は続く　特報公開",
         "人気マンガ「星屑テレパス」のテレビアニメ第3期の制作が決定した。特報も公開された。"),
        (ANIMATE, "https://animate.example/news/135",
         "アニメ『星屑テレパス』第3期決定！ 早瀬ゆかり「またユウとして旅ができる」",
         "TVアニメ『星屑テレパス』第3期の制作が決定。ユウ役の早瀬ゆかりからコメントが到着した。"),
        True,
    ),
    "a season's broadcast date and a game of the same arc": (
        (ANIMATE, "https://animate.example/news/136",
         "『星屑テレパス』「月面編」2027年10月放送決定！ ティザーPV＆ティザービジュアル解禁【ジャンフェス2027】",
         "TVアニメ『星屑テレパス』「月面編」が2027年10月より放送決定。ティザーPVとティザービジュアルが"
         "ジャンプフェスタ2027で公開された。"),
        (NATALIE, "https://natalie.example/news/136",
         "『星屑テレパス』新作ゲームがPS5/Switch2で2027年に発売決定！ ティザートレーラー公開【ジャンフェス2027】",
         "『星屑テレパス』の新作アクションゲームが2027年に発売される。「月面編」を舞台にした"
         "オリジナルストーリーを収録し、ティザートレーラーがジャンプフェスタ2027で公開された。"),
        False,
    ),
    "two sites' interviews with two members of one cast": (
        (ANIMATE, "https://animate.example/news/139",
         "『白銀の騎士団』リーネ役・早瀬ゆかりさんインタビュー｜最後の戦いを前に",
         "TVアニメ『白銀の騎士団』最終章の放送を前に、リーネ役の早瀬ゆかりさんにインタビュー。"
         "最後の戦いへの思いを聞いた。"),
        (ANIME_ANIME, "https://animeanime.example/article/139.html",
         "【インタビュー】『白銀の騎士団』宮本陸「最後まで走り抜ける」 最終章に懸ける思い",
         "TVアニメ『白銀の騎士団』最終章の放送を前に、主人公役の宮本陸にインタビュー。"
         "最後の戦いへの思いを語った。"),
        False,
    ),
    "a trailer whose headline ends on the question it asks, two sites": (
        (NATALIE, "https://natalie.example/news/140",
         "「星屑テレパス」第3期の第1弾PV公開、ユウはなぜ月を目指したのか",
         "TVアニメ「星屑テレパス」第3期の第1弾PVが公開された。放送は2027年4月から。"),
        (ANIMATE, "https://animate.example/news/140",
         "『星屑テレパス』第3期、第1弾PV解禁！　月面を目指すユウとルミの新たな旅",
         "TVアニメ『星屑テレパス』第3期の第1弾PVが解禁された。放送は2027年4月より。"),
        True,
    ),
    "a site's weekly digest and the trailer it lists": (
        (MANTAN, "https://mantan.example/article/141.html",
         "アニメ1週間：「星屑テレパス」第3期PV　「白銀の騎士団」追加キャスト発表",
         "この1週間のアニメのニュースを振り返る。「星屑テレパス」第3期のPVが公開された。"),
        (NATALIE, "https://natalie.example/news/141", "「星屑テレパス」第3期のPV公開、2027年4月から放送",
         "TVアニメ「星屑テレパス」第3期のPVが公開された。放送は2027年4月から。"),
        False,
    ),
    "a key visual beside a poll named in English, and the same visual": (
        (ANIMATE, "https://animate.example/news/142",
         "『白銀の騎士団 FINAL SEASON』10月3日放送開始！　キービジュアル解禁＆名シーン投票企画「BEST SCENE RANKING」始動",
         "TVアニメ『白銀の騎士団 FINAL SEASON』が10月3日より放送開始。キービジュアルが解禁された。"),
        (NATALIE, "https://natalie.example/news/142", "「白銀の騎士団」FINAL SEASONは10月3日放送開始、最終決戦のキービジュアル",
         "TVアニメ「白銀の騎士団」FINAL SEASONの放送日が10月3日に決定し、キービジュアルが公開された。"),
        True,
    ),
    "a film's trailer shown at a convention named in English, and the same trailer": (
        (ANIME_ANIME, "https://animeanime.example/article/143.html",
         "「鉄の灯籠 灯守篇」米「Anime Expo」で90秒予告解禁！ あかりの旅の行方は…",
         "劇場版「鉄の灯籠 灯守篇」の90秒予告が、米国のAnime Expoで解禁された。公開は9月19日。"),
        (NATALIE, "https://natalie.example/news/143", "劇場版「鉄の灯籠 灯守篇」90秒予告が公開、主題歌はNight Tram",
         "劇場版「鉄の灯籠 灯守篇」の90秒予告が公開された。主題歌はNight Tramの新曲。公開は9月19日。"),
        True,
    ),
    "two milestones of one film's takings, 190 and 200 billion yen": (
        (MANTAN, "https://mantan.example/article/144.html", "劇場版「鉄の灯籠」　興収190億円突破　公開24日間で",
         "劇場版「鉄の灯籠」の興行収入が公開24日間で190億円を突破した。"),
        (NATALIE, "https://natalie.example/news/144", "劇場版「鉄の灯籠」が興収200億円を突破、公開29日間で",
         "劇場版「鉄の灯籠」の興行収入が公開29日間で200億円を突破した。"),
        False,
    ),
    "the first and the second PV of one season": (
        (NATALIE, "https://natalie.example/news/122", "「星屑テレパス」第2期、PV第1弾公開",
         "TVアニメ「星屑テレパス」第2期のPV第1弾が公開された。放送は2027年1月から。"),
        (MANTAN, "https://mantan.example/article/122.html", "星屑テレパス：第2期　PV第2弾公開",
         "TVアニメ「星屑テレパス」第2期のPV第2弾が公開された。放送は2027年1月から。"),
        False,
    ),
}  # fmt: skip


@pytest.mark.parametrize(("first", "second", "expected"), CASES.values(), ids=CASES)
def test_japanese_case(first: Side, second: Side, expected: bool) -> None:
    """Each named pair of Japanese reports is judged one story, or not, as a reader would,
    over the week and over smaller stores of other weeks."""
    a, b = article(*first, at(20, 9)), article(*second, at(20, 14))
    for week in (WEEK, *SMALL_WEEKS):
        features = [features_of(item) for item in (*BACKGROUND, *week, a, b)]
        idf = Idf.over(f.tokens for f in features)
        verdict = compare(features[-2], features[-1], idf)
        assert verdict.same is expected, (len(week), verdict)


def test_the_background_makes_the_words_of_every_report_common() -> None:
    """What the cases rely on: in the background week, 担当 and テーマ are common words, not the
    rare names a work's title is made of."""
    idf = Idf.over(features_of(item).tokens for item in (*BACKGROUND, *WEEK))
    assert not idf.specific("担当")
    assert not idf.specific("テー")
    assert idf.specific("灯籠")


def test_an_alias_joins_the_english_and_the_japanese_report() -> None:
    """With ``match.aliases`` naming the work in both languages, the English and the Japanese
    report of one announcement are one story (without it, above, they are not)."""
    aliases = (("Iron Lantern", "Tetsu no Touro", "鉄の灯籠"),)
    first, second, _ = CASES["English and Japanese reports without an alias"]
    a, b = article(*first, at(20, 9)), article(*second, at(20, 14))
    features = [features_of(item, aliases) for item in (*BACKGROUND, *WEEK, a, b)]
    idf = Idf.over(f.tokens for f in features)
    verdict = compare(features[-2], features[-1], idf)
    assert verdict.same, verdict


def test_three_sites_make_one_story_and_other_news_of_the_show_another() -> None:
    """Grouped in one batch, three sites' reports of one announcement make one story, and a
    cast announcement for the same season stays a story of its own."""
    season, _, _ = CASES["season 2 date and trailer, two sites"]
    _, other_site, _ = CASES["season 2 date and trailer, two sites"]
    _, cast, _ = CASES["trailer vs cast of one season"]
    third = (
        MANTAN,
        "https://mantan.example/article/120.html",
        "「鉄の灯籠」第2期　2027年4月スタート　新PVも",
        "秋月ユウのマンガが原作のTVアニメ「鉄の灯籠」の第2期が、2027年4月に放送されることが"
        "分かった。新PVも公開された。監督は高梨誠、制作はスタジオ瑠璃。",
    )
    reports = [article(*season, at(20, 9)), article(*other_site, at(20, 11)),
               article(*third, at(20, 12)), article(*cast, at(20, 13))]  # fmt: skip
    idf = Idf.over(features_of(item).tokens for item in (*BACKGROUND, *WEEK, *reports))
    grouping = assign(reports, [], MatchSettings(), idf=idf)
    story = {a.item_id: a.story_id for a in grouping.assignments}
    first, second, third_report, cast_report = (story[r.item_id] for r in reports)
    assert first == second == third_report
    assert cast_report != first


# Works named in both languages, as the known works or ``match.aliases`` give them.
BOTH_LANGUAGES = (
    ("Iron Lantern", "Tetsu no Touro", "鉄の灯籠"),
    ("Silver Knights", "Shirogane no Kishidan", "白銀の騎士団"),
    ("Blade Man", "ブレードマン"),
    ("Chain Gear Man", "チェインギアマン"),
    ("Moonlit Ferry: Harbor Tales", "Moonlit Ferry", "月夜の渡し船"),
)
ACROSS: dict[str, tuple[Side, Side, bool]] = {
    "one season's delay in both languages": (
        (ANN, "https://www.animenewsnetwork.com/news/2026-11-20/silver-knights-delay/.231310",
         "Silver Knights Anime's 2nd Season Delayed to April 2027",
         "The official website for the Silver Knights anime announced that its second season has "
         "been delayed from January to April 2027 due to production circumstances."),
        (NATALIE, "https://natalie.example/news/130", "「白銀の騎士団」第2期、放送時期を2027年4月に変更",
         "TVアニメ「白銀の騎士団」第2期の放送時期が、2027年1月から4月に変更されることが発表された。"),
        True,
    ),
    "a film's opening takings in both languages": (
        (ANN, "https://www.animenewsnetwork.com/news/2026-11-20/iron-lantern-film-debut/.231311",
         "Iron Lantern Film Debuts at #1, Earns 1.7 Billion Yen in 3 Days",
         "The Iron Lantern anime film sold 1.22 million tickets in its first three days."),
        (MANTAN, "https://mantan.example/article/131.html",
         "映画興行成績：「劇場版 鉄の灯籠」が初登場首位　3日間で興収17億円",
         "劇場版「鉄の灯籠」が公開3日間で動員122万人、興行収入17億円を記録し、初登場首位となった。"),
        True,
    ),
    "one weekend's takings, rounded two ways, in both languages": (
        (ANN, "https://www.animenewsnetwork.com/news/2026-11-20/iron-lantern-4th-weekend/.231315",
         "Iron Lantern Film Tops Box Office for 4th Weekend, Nears 6 Billion Yen",
         "The Iron Lantern anime film topped the Japanese box office for the fourth weekend."),
        (MANTAN, "https://mantan.example/article/137.html",
         "映画興行成績：「劇場版 鉄の灯籠」4週連続首位　累計興収57億円に",
         "劇場版「鉄の灯籠」が4週連続で首位となり、累計の興行収入は57億円に達した。"),
        True,
    ),
    "one work, different seasons, in both languages": (
        (ANN, "https://www.animenewsnetwork.com/news/2026-11-20/silver-knights-season-3/.231312",
         "Silver Knights Anime Gets 3rd Season",
         "The official website for the Silver Knights anime announced a third season on Friday."),
        (NATALIE, "https://natalie.example/news/132", "「白銀の騎士団」第2期、放送時期を2027年4月に変更",
         "TVアニメ「白銀の騎士団」第2期の放送時期が、2027年1月から4月に変更されることが発表された。"),
        False,
    ),
    "two works sharing a word, in both languages": (
        (ANN, "https://www.animenewsnetwork.com/news/2026-11-20/chain-gear-man-season-2/.231313",
         "Chain Gear Man Anime Gets 2nd Season in April 2027",
         "The official website for the Chain Gear Man anime announced a second season for April "
         "2027."),
        (ANIMATE, "https://animate.example/news/133", "『ブレードマン』第2期、2027年4月放送決定！",
         "TVアニメ『ブレードマン』第2期が2027年4月より放送されることが決定した。"),
        False,
    ),
    "an episode review and an episode preview": (
        (ANN, "https://www.animenewsnetwork.com/review/iron-lantern/season-2/episode-3/.231314",
         "Episode 3 - Iron Lantern Season 2",
         "Akari finally faces the lantern keeper in an episode that trades action for silence."),
        (MANTAN, "https://mantan.example/article/134.html", "鉄の灯籠：第2期第3話「灯守」　あかり、番人と対峙",
         "TVアニメ「鉄の灯籠」第2期の第3話「灯守」のあらすじと先行カットが公開された。"),
        False,
    ),
    "one episode's preview in both languages": (
        (CORNER, "https://animecorner.example/iron-lantern-season-2-episode-3-preview/",
         "Iron Lantern Episode 3 Preview: Akari Faces the Keeper",
         "<p>The official website for Iron Lantern has released the synopsis and preview stills "
         "for its third episode.</p>"),
        (MANTAN, "https://mantan.example/article/135.html", "鉄の灯籠：第3話「灯守」　あかり、番人と対峙　先行カット公開",
         "TVアニメ「鉄の灯籠」の第3話「灯守」のあらすじと先行カットが公開された。"),
        True,
    ),
    "a live-action film announced in both languages": (
        (ANN, "https://www.animenewsnetwork.com/news/2026-11-20/iron-lantern-live-action/.231317",
         "Iron Lantern Manga Gets Live-Action Film in 2027",
         "Toho announced on Friday a live-action film of the Iron Lantern manga for 2027."),
        (NATALIE, "https://natalie.example/news/137", "「鉄の灯籠」実写映画化、東宝が2027年に公開",
         "秋月ユウのマンガ「鉄の灯籠」が実写映画化され、東宝の配給で2027年に公開される。"),
        True,
    ),
    "a third season's date, its numeral in the Japanese title": (
        (CORNER, "https://animecorner.example/iron-lantern-season-3-july-6/",
         "Iron Lantern Season 3 Arrives July 6, Watch the New Trailer",
         "<p>Iron Lantern returns for its third season on July 6, and a new trailer shows Akari "
         "as the new lantern keeper.</p>"),
        (NATALIE, "https://natalie.example/news/138", "「鉄の灯籠Ⅲ」7月6日放送開始、PV第2弾で灯守となったあかりの姿",
         "TVアニメ「鉄の灯籠Ⅲ」が7月6日に放送開始。PV第2弾が公開された。"),
        True,
    ),
    "one half's date in both languages": (
        (ANN, "https://www.animenewsnetwork.com/news/2026-11-20/iron-lantern-part-2/.231316",
         "Iron Lantern Final Arc Part 2 Anime Premieres in January 2027",
         "The official website for the Iron Lantern anime announced that the second part of its "
         "final arc will premiere in January 2027."),
        (NATALIE, "https://natalie.example/news/136", "「鉄の灯籠」最終章 後編は2027年1月放送、ティザービジュアル到着",
         "TVアニメ「鉄の灯籠」最終章の後編が2027年1月に放送される。ティザービジュアルも公開された。"),
        True,
    ),
    "a film's takings in both languages, the English naming the work by its short name": (
        (ANN, "https://www.animenewsnetwork.com/news/2026-11-20/moonlit-ferry-film-earns/.231319",
         "Moonlit Ferry Film Earns 5.52 Billion Yen in 3 Days",
         "The film sold 3.84 million tickets in its first three days, a record opening."),
        (MANTAN, "https://mantan.example/article/147.html", "月夜の渡し船：劇場版が3日間で興収55.2億円　動員384万人",
         "劇場版「月夜の渡し船」が公開3日間で興行収入55.2億円、観客動員384万人を記録した。"),
        True,
    ),
    "a katakana name and the English words it renders": (
        (ANN, "https://www.animenewsnetwork.com/news/2026-11-20/lantern-runner-season-2/.231320",
         "Lantern Runner Anime's 2nd Season Premieres in October",
         "The official website for the Lantern Runner anime announced that its second season "
         "will premiere in October."),
        (NATALIE, "https://natalie.example/news/141", "「ランタンランナー」第2シリーズは10月放送開始",
         "TVアニメ「ランタンランナー」第2シリーズが10月より放送される。"),
        True,
    ),
    "a katakana name that renders only part of the English name": (
        (ANN, "https://www.animenewsnetwork.com/news/2026-11-20/lantern-post-season-2/.231321",
         "Lantern Post Office Anime's 2nd Season Premieres in October",
         "The official website for the Lantern Post Office anime announced that its second "
         "season will premiere in October."),
        (NATALIE, "https://natalie.example/news/142", "「ランタンランナー」第2シリーズは10月放送開始",
         "TVアニメ「ランタンランナー」第2シリーズが10月より放送される。"),
        False,
    ),
    "a theme song's Latin title the English report does not give": (
        (ANN, "https://www.animenewsnetwork.com/news/2026-11-20/silver-knights-opening/.231322",
         "Silver Knights Anime's 2nd Season Trailer Reveals Opening Song",
         "The second season's trailer previews the new opening theme song."),
        (NATALIE, "https://natalie.example/news/143",
         "「白銀の騎士団」第2期PV、OP主題歌はMidnight Paradeの「Glass Crown」",
         "TVアニメ「白銀の騎士団」第2期のPVが公開された。オープニング主題歌はMidnight Paradeが担当する。"),
        True,
    ),
    "one prize in both languages": (
        (ANN, "https://www.animenewsnetwork.com/news/2026-11-20/iron-lantern-golden-globe/.231323",
         "Iron Lantern Wins Golden Globe for Best Animated Motion Picture",
         "The film beat four other nominees at the ceremony in Los Angeles on Sunday."),
        (MANTAN, "https://mantan.example/article/148.html", "鉄の灯籠：ゴールデン・グローブ賞アニメーション映画賞を受賞",
         "劇場版「鉄の灯籠」が米ゴールデン・グローブ賞のアニメーション映画賞を受賞した。"),
        True,
    ),
    "two prizes in both languages": (
        (ANN, "https://www.animenewsnetwork.com/news/2026-11-20/iron-lantern-bafta/.231324",
         "Iron Lantern Wins BAFTA for Best Animated Film",
         "The film won the British Academy's award for best animated film on Sunday."),
        (NATALIE, "https://natalie.example/news/144", "「鉄の灯籠」ゴールデン・グローブ賞を受賞",
         "劇場版「鉄の灯籠」が米ゴールデン・グローブ賞のアニメーション映画賞を受賞した。"),
        False,
    ),
}  # fmt: skip


@pytest.mark.parametrize(("first", "second", "expected"), ACROSS.values(), ids=ACROSS)
def test_across_languages(first: Side, second: Side, expected: bool) -> None:
    """An English and a Japanese report share no words below their headlines: they are one
    story when the English one names the work the Japanese one names (all its words, not one
    of them) and their headlines give the same figures, month and kind of news (one episode
    only when both preview it; "後編" is part 2; a medium besides anime, such as a
    live-action film; one prize, which makes award news of one occasion, as a day does; two
    prizes are two pieces of news); a guard or an outlet's own piece keeps them
    apart as it would two reports in one language."""
    a, b = article(*first, at(20, 9)), article(*second, at(20, 14))
    features = [features_of(item, BOTH_LANGUAGES) for item in (*BACKGROUND, *WEEK, a, b)]
    verdict = compare(features[-2], features[-1], Idf.over(f.tokens for f in features))
    assert verdict.same is expected, verdict


def test_one_episode_counts_across_languages_when_both_preview_it() -> None:
    """Two previews of one episode, in English and in Japanese, give the episode alike; a
    preview against a headline that names the episode with no kind of news does not."""
    english, japanese_side, _ = ACROSS["one episode's preview in both languages"]
    bare = (*english[:2], "Iron Lantern Episode 3 Has Akari Face the Keeper", english[3])
    items = [article(*side, at(20, 9)) for side in (english, japanese_side, bare)]
    features = [features_of(item, BOTH_LANGUAGES) for item in (*BACKGROUND, *WEEK, *items)]
    idf = Idf.over(f.tokens for f in features)
    preview, ja, unmarked = features[-3:]
    assert across_languages(preview, ja, idf) > across_languages(unmarked, ja, idf) + 0.15


def test_two_sites_preview_one_episode_of_a_known_work() -> None:
    """Two sites' previews of one episode of a known work (its stills and synopsis, told
    apart) are one story; of two episodes, two."""
    mantan = (
        MANTAN,
        "https://mantan.example/article/150.html",
        "鉄の灯籠：第4話　あかりが灯台守の試験に挑む　番人が登場",
        "テレビアニメ「鉄の灯籠」の第4話が放送される。あかりが灯台守の試験に挑み、番人と出会う。",
    )
    animate = (ANIMATE, "https://animate.example/news/150",
               "春アニメ『鉄の灯籠』第{n}話のあらすじ＆先行場面カットが到着！ 秘密を抱えたあかりは…",
               "春アニメ『鉄の灯籠』第{n}話のあらすじと先行場面カットが公開。秘密を抱えたあかりは試験へ。")  # fmt: skip
    for n, same in ((4, True), (5, False)):
        other = (animate[0], animate[1], animate[2].format(n=n), animate[3].format(n=n))
        a, b = article(*mantan, at(20, 9)), article(*other, at(20, 14))
        found = [features_of(item, BOTH_LANGUAGES) for item in (*BACKGROUND, *WEEK, a, b)]
        verdict = compare(found[-2], found[-1], Idf.over(f.tokens for f in found))
        assert verdict.same is same, (n, verdict)


def test_one_amount_is_a_subject_when_the_work_is_everywhere() -> None:
    """When one film fills a month's news, its name is no rare word; two reports that give
    one amount of it (200億円, however written) are one milestone, not two subjects."""
    news = ("週連続首位", "PV公開", "入場者特典", "舞台あいさつ", "4DX上映決定", "主題歌MV")
    filler = [  # a fifth of the week's news
        article(site, f"https://filler.example/{n}-{i}", f"『劇場版 鉄の灯籠』{what}第{i}弾", "続報。")
        for n, site in enumerate((NATALIE, MANTAN, ANIMATE, ANIME_ANIME))
        for i, what in enumerate(news * 4)
    ]  # fmt: skip
    first = article(
        NATALIE,
        "https://natalie.example/news/140",
        "「劇場版 鉄の灯籠」興収200億円突破、公開24日間で",
        "劇場版「鉄の灯籠」の興行収入が200億円を突破した。公開24日間での記録。",
        at(20, 9),
    )
    second = article(ANIME_ANIME, "https://animeanime.example/article/140.html",
                     "祝・大台突破！ 鉄の灯籠、24日間で200億円",
                     "劇場版「鉄の灯籠」が公開24日間で興行収入200億円を記録した。", at(20, 12))  # fmt: skip
    found = [features_of(item) for item in (*BACKGROUND, *WEEK, *filler, first, second)]
    verdict = compare(found[-2], found[-1], Idf.over(f.tokens for f in found))
    assert verdict.same, verdict


def test_one_template_about_two_known_works() -> None:
    """Two headlines naming two different known works (or aliases) are different works, however
    alike their template ("第2期最終話、先行カット公開")."""
    first, second = (
        (MANTAN, "https://mantan.example/article/138.html",
         "ブレードマン：第2期最終話の先行カット　鉄の巨人との決戦の行方は",
         "テレビアニメ「ブレードマン」第2期の最終話の先行カットが公開された。鉄の巨人との決戦が描かれる。"),
        (ANIME_ANIME, "https://animeanime.example/article/138.html",
         "『チェインギアマン』第2期最終話、先行カット公開　巨人との決戦の行方は",
         "TVアニメ『チェインギアマン』第2期の最終話の先行カットが公開。巨人との決戦の行方は。"),
    )  # fmt: skip
    a, b = article(*first, at(20, 9)), article(*second, at(20, 14))
    features = [features_of(item, BOTH_LANGUAGES) for item in (*BACKGROUND, *WEEK, a, b)]
    verdict = compare(features[-2], features[-1], Idf.over(f.tokens for f in features))
    assert not verdict.same, verdict
    assert verdict.reason.startswith("different works"), verdict
