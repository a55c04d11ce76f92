"""The matcher's Japanese vocabulary: the kinds of news and media Japanese headlines name, found
as substrings (Japanese has no spaces to split on), and the generic words blanked out before a
headline's naming words are read. Pure data and the regexes built on it."""

from __future__ import annotations

import itertools
import re

from aggregator.match_vocab import longest_first
from aggregator.text import fold

# Japanese kinds of news and media, found as substrings of the folded headline (folding drops the
# voiced marks: "ビジュアル" is looked for as "ヒシュアル"), longest first: a longer phrase hides
# the words inside it ("ティザービジュアル" is a visual, not a trailer; "舞台挨拶", a greeting at a
# screening, is an event, not a stage play). A phrase may name a kind and a medium ("アニメ化").
JA_MARKERS: dict[str, tuple[str, ...]] = {
    "trailer": ("特報", "予告", "ティザー", "プロモーション映像"),
    # "X役は", "X役 …": as X
    # A cast's list (キャスト一覧) is its reveal, no outlet's list.
    "cast": ("キャスト", "声優", "出演", "主演", "キャスト一覧", "声優一覧", "役は", "役に", "役で",
             "役を", "役 ", "役、", "役!", "の声は", "の声に", "の声を"),
    # "監督" news when someone is named to it ("監督は", "監督に"); "細田守監督" is a title.
    "staff": ("スタッフ", "監督は", "監督に", "監督を", "監督決定", "監督が決定"),
    "visual": ("ビジュアル", "キービジュアル", "ティザービジュアル", "イラスト"),
    "music": ("主題歌", "オープニング", "エンディング", "挿入歌", "テーマソング"),
    "date": ("放送開始", "放送日", "放送時期", "放送決定", "配信開始", "配信日", "配信決定",
             "公開日", "上映開始", "発売日", "放送スタート", "配信スタート", "月スタート",
             "日スタート", "再放送", "アニメがスタート", "編がスタート", "クールがスタート",
             "きょうスタート", "夜スタート", "今夜放送", "きょう放送", "」がスタート",
             "』がスタート"),
    "delay": ("延期", "休載", "休止", "時期を変更", "時期変更", "月に変更", "年に変更"),
    "resume": ("再開", "ぶりに復活", "ぶり復活"),
    "licence": ("配信権", "ライセンス"),
    "business": ("出資", "資本提携", "業務提携", "株主", "買収", "子会社化"),
    # Advance tickets (ムビチケ, 前売券, 前売り) as much as takings, as "tickets" is in
    # English; a first week's start (初動, 好発進) as much as its figures.
    "boxoffice": ("興行収入", "興収", "興行成績", "興行", "動員", "万部", "万本", "億円", "大台",
                  "ムビチケ", "前売券", "前売り券", "前売り", "映画ランキング", "オープニング興収",
                  "初動", "好発進", "首位発進", "万人が鑑賞"),
    "ranking": ("ランキング", "首位", "映画ランキング", "首位発進", "top10入り", "トップ10入り",
                "ランクイン", "初登場1位", "チャート", "デイリー1位", "週間1位", "位を獲得"),
    "award": ("受賞", "ノミネート", "アワード", "最優秀", "大賞", "作品賞", "グランプリ", "最高賞",
              "アカデミー賞", "アニメ賞", "アニメーション賞", "声優賞", "受賞者一覧", "受賞作一覧",
              "パルムドール", "オスカー", "授賞式", "各部門", "オブ・ザ・イヤー"),
    "announce": ("アニメ化", "映画化", "実写化", "ゲーム化", "舞台化", "の舞台化", "制作決定",
                 "制作が決定", "続編", "期決定", "新シリーズ", "劇場アニメ化", "製作決定",
                 "製作が決定", "劇場版決定", "劇場版制作決定", "シリーズ化"),
    "end": ("最終回", "最終話", "完結", "終了", "最終巻"),  # 最終巻: its last volume
    "death": ("死去", "逝去", "訃報", "永眠", "亡くなった", "亡くなりました"),
    "interview": ("インタビュー", "対談", "鼎談", "に聞く"),  # "プロデューサーに聞く": asked
    # An outlet's own piece: a review, a column, an explainer, a season's list, a game guide,
    # a season's schedule (放送日・配信日まとめ).
    # A question ending a phrase ("次に何を描くのか") is a column's: ``ja_markers`` reads the
    # headline with a space after it.
    "review": ("レビュー", "感想", "考察", "解説", "コラム", "なぜ", "考える", "期待すること",
               "一覧", "攻略", "のか ", "のか?", "とは何", "プレイレポート", "試遊",
               "インプレッション", "アンケート", "人気投票", "おさらい", "どう描", "見逃せない",
               "アニメ1週間", "週間まとめ", "読み解く", "に寄せて", "が持つ意味", "から見えた",
               "見え方", "存在感", "映っていたもの", "ネタバレ", "どこまで描", "が示すもの",
               "が意味するもの", "知りたい", "見どころまとめ", "見どころを紹介", "が示した",
               "放送日まとめ", "配信日まとめ"),
    "event": ("イベント", "舞台挨拶", "舞台あいさつ", "コラボ", "原画展", "展覧会", "映画祭",
              "上映会", "スタンプラリー", "キャンペーン", "フェア", "特番", "特別番組", "登壇",
              "プレミア上映",
              "先行上映", "展示", "完成披露"),
    # Gifts to a film's audience ("入場者特典", "入場者プレゼント"), as "bonus" is in English.
    "bonus": ("入場者特典", "入場者プレゼント", "来場者特典"),
    # Stills of an episode before it airs: that episode's news, not its season's.
    "preview": ("先行カット", "先行場面カット", "話の場面カット", "話場面カット"),
    "anime": ("アニメ", "アニメ化", "劇場アニメ", "劇場アニメ化", "アニメがスタート"),
    "manga": ("漫画", "マンガ", "まんが", "コミック", "コミックス", "連載", "コミカライズ"),
    "novel": ("小説", "ライトノベル", "ラノベ"),
    "game": ("ゲーム", "ゲーム化"),
    "film": ("劇場版", "劇場アニメ", "映画", "映画化", "映画ランキング", "劇場アニメ化",
             "劇場版決定", "劇場版制作決定"),
    "live": ("実写", "実写化"),
    # A stage play ("舞台『X』", "の舞台版"); not a story's stage ("新たな舞台が描かれる",
    # "ノービスの舞台へ": ``none``).
    "stage": ("舞台", "舞台化", "ミュージカル", "の舞台版", "の舞台化"),
    "broadcast": ("放送", "放送開始", "放送日", "放送時期", "放送決定", "再放送"),
    # Words holding a marker that mean no kind: "完結編" is the last part's title, not an end;
    # "生放送" is a livestream, not a broadcast; a season's or an arc's last episode
    # ("第2期最終話", "刀鍛冶の里編最終話") ends the season, not the series, as "Season 2 Finale"
    # does not in English; "撮影終了" wraps filming;
    # "最終話放送後に発表", "放送終了から2か月", "最終話で“続き”の発表" tell when news came,
    # after the last episode, as "最終回直後の発表", "原作完結と同日に発表" and "完結の直後に"
    # do; what marks an end ("完結記念" illustrations) is not its news.
    "none": ("完結編", "生放送", "期最終話", "期最終回", "クール最終話", "クール最終回", "編最終話",
             "編最終回", "篇最終話", "篇最終回",
             "撮影終了", "最終話放送後", "最終回放送後", "最終話後", "最終回後", "最終話の放送後",
             "最終回の放送後", "最終話で発表", "最終回で発表", "前編最終", "最終話放送直後",
             "最終回放送直後", "最終話の放送直後", "最終回の放送直後", "終了から", "終了後",
             "延期を経て", "延期経て", "休止を経て", "休止経て", "休止期間を経て", "休止期間経て",
             "休載を経て", "休載期間を経て", "休載経て", "最終話で", "最終回で", "の舞台", "な舞台",
             "舞台へ", "日程終了", "日程を終了", "完結記念", "最終回直後", "最終話直後",
             "完結の直後", "完結直後", "完結と同日", "完結後", "最終回のあと", "最終話のあと",
             "最終回の余韻", "最終話の余韻"),
}  # fmt: skip
_MEDIA = frozenset(
    {"manga", "novel", "game", "film", "live", "stage", "broadcast", "anime", "none"}
)
_KINDS = frozenset(JA_MARKERS) - _MEDIA
JA_MARKS_OF = {
    fold(phrase): frozenset(mark for mark, phrases in JA_MARKERS.items() if phrase in phrases)
    for phrase in itertools.chain.from_iterable(JA_MARKERS.values())
}
JA_MARKER = re.compile(longest_first(JA_MARKS_OF))


def ja_markers(title: str, english: frozenset[str] = frozenset()) -> frozenset[str]:
    """The kinds of news and media (``JA_MARKERS``) a folded Japanese headline names; beside
    the ``english`` kinds its Latin words name ("PV")."""
    title = _EPISODE_TITLE.sub(r"\1「」", title)  # "第23話「迷宮攻略」": no game guide
    title = _STAGED_ARC.sub(r"\1", title)  # "舞台「東京ブレイド」編": a story's arc, no stage play
    phrases = {m.group() for m in JA_MARKER.finditer(title + " ")}
    marks = {k for phrase in phrases for k in JA_MARKS_OF[phrase]}
    for kind, only, beside, unless in _BACKGROUND:
        background = not phrases - only & _PHRASES_OF[kind] and not unless.search(title)
        if kind in marks and beside in marks | english and background:
            marks.discard(kind)
    if any(p in title for p in _AFTER_LAST) and not phrases - _LAST & _PHRASES_OF["end"]:
        marks.discard("end")  # "「最終回すごすぎた」 最終話の放送直後に告知": that episode's
    if _EPISODE.search(title) and not marks & _KINDS:
        marks.add("preview")  # "X：第14話　リムル、新たな来訪者と対面": its preview
    if "business" in marks or HIT.search(title):  # "500億円を出資": a company's money, no takings
        marks.discard("boxoffice")
    if _PRIZED.search(title):  # "アカデミー賞受賞作『X』、配信へ": the work's epithet
        marks.discard("award")
    _read_whole(title, marks, english)
    return frozenset(marks)


def _read_whole(title: str, marks: set[str], english: frozenset[str]) -> None:
    """Add to ``marks`` the kinds a whole headline tells beyond its phrases: a release given a
    time, a list of picks, a last volume out, a column's reading."""
    if _OPENS.search(title):
        marks.add("date")  # "2027年夏に公開", "8月1日(金)発売": a release date
    if _RUNTIME.search(title):
        marks.add("runtime")  # "最終話は70分の拡大SP": its length
    if _PICKS.search(title):
        marks.add("review")  # "夏アニメ注目作10選": an outlet's list
    if _LAST_VOLUME.search(title):
        marks.add("end")  # "最終42巻が発売": its last volume out, as "最終巻" is
    told = marks | english  # "PV公開、エレンが始めた“地鳴らし”": a trailer's, no column
    column = (_COLUMN.search(title) and not told & _KINDS) or _LOOKED_BACK.search(title)
    if column and not _DATED.search(title):
        marks.add("review")  # "『X』第2期が描く“英雄”の条件": a column's reading of it


_PHRASES_OF = {kind: frozenset(fold(p) for p in phrases) for kind, phrases in JA_MARKERS.items()}
# The questions that mark a column ("なぜ", "…のか"), unless a trailer or visual asks them.
_QUESTIONS = frozenset(fold(p) for p in ("なぜ", "のか ", "のか?", "どう描", "が意味するもの"))
# A kind read only from a phrase that, beside another kind, is background to it: a series'
# copies in print beside its anime's announcement ("シリーズ累計100万部の…がテレビアニメ化"),
# unless they pass a mark ("累計4500万部突破　アニメ第3期決定で"; not a mark passed
# as the series' epithet, "4000万部突破のサッカー漫画"); people who appear (出演) in a
# special or at an event, not cast in a role, nor the roles told of those who appear
# ("完成披露に登場　…は母親役"), nor a film's star beside its chart or takings
# ("…主演"); a question a trailer, a visual or an episode's preview asks
# ("第1弾PV公開、少年はなぜ〈黄昏〉になったのか"); a broadcast's pause beside its
# return ("休止中のエッグヘッド編を再開"; a manga's break, 休載, "45号から再開", is a
# break's news, and so is a broadcast going into its pause, "休止期間へ、4月から再開",
# "一時休止を発表"); an arc's completion beside what comes next announced
# ("第2期「渋谷事変」完結　…制作決定"): that announcement is the news; a stream's start beside
# a theme song ("OPテーマ「X」配信開始") is the song's release, no date of the show.
_PAUSING = re.compile(
    fold("休止") + "(?:期間)?[へに]|(?:一時|[年月週])" + fold("休止") + "|" + fold("休止を発表")
)
# Matches unless the completion is an arc's ("「渋谷事変」完結", "柱稽古編完結"): a series' end
# is its news, whatever anime it also announces ("マンガが完結　…テレビアニメ化も").
_NOT_ARC_END = re.compile("^(?!.*(?:[」』]|[編篇])" + fold("完結") + ")")
_ALWAYS = re.compile("(?!)")  # matches nothing: the phrase is background whenever beside
_BACKGROUND = (
    ("boxoffice", frozenset({fold("万部")}), "announce", re.compile("突破(?!の)|超え")),
    ("cast", frozenset({fold("出演"), fold("キャスト")}), "event", re.compile("新キャスト|役")),
    ("cast", frozenset({fold("役 "), fold("役、"), fold("役!")}), "event", _ALWAYS),
    *(("review", _QUESTIONS, beside, _ALWAYS) for beside in ("trailer", "visual", "preview")),
    ("delay", frozenset({fold("休止")}), "resume", _PAUSING),
    ("end", frozenset({fold("最終話"), fold("最終回")}), "preview", _ALWAYS),
    ("end", frozenset({fold("完結")}), "announce", _NOT_ARC_END),
    *(("cast", frozenset({fold("主演")}), beside, _ALWAYS) for beside in ("ranking", "boxoffice")),
    ("date", frozenset({fold("配信開始"), fold("配信スタート")}), "music", _ALWAYS),
)


# What a work or a person does to an idea in quotes ("『X』が描く“家族”の深化", "監督が語る
# “夜の映像”", "が描く冴羽獠の“原点”"), in a headline that names no kind of news: a
# column's or an interview's reading. Folded: "が" reads "か", "選ぶ" reads "選ふ". A
# headline that dates something ("新作が2027年に") tells news. Nor is "から" the "が" of a subject
# (folding reads both as "か"): "死から始まる“その後”の旅" tells a trailer's story.
_COLUMN = re.compile(
    fold("が")
    + r"(?!ら)[^、。!?\s“”「」『』]{0,10}[くすつぬむるうたふ](?:[^、。!?\s“”「」『』]{1,6}の)?“"
)
# What a work or an episode has depicted or held ("最終話が描いた“その後”", "第1話に込められた
# 鳥山明の“遊び心”"): a column looking back at it, whatever else the headline names.
_LOOKED_BACK = re.compile(
    fold("(?:描いた|描かれた|込められた|込めた)") + r"[^、。!?\s“”「」『』]{0,8}“"
)
# A prize that makes a work's epithet ("視覚効果賞受賞作", "審査員賞受賞の『X』"): no award news.
_PRIZED = re.compile(fold("受賞") + r"(?:作(?=$|[\s、。『「])|の?[『「])")
# Takings that make a work's epithet ("興収20億円突破のロングランヒット作"): no news of takings.
HIT = re.compile(fold("興収") + r"[^、。!?\s]{0,12}の[^、。!?\s]{0,10}作")
_DATED = re.compile(r"\d[年月]")
_LAST = frozenset({fold("最終話"), fold("最終回")})
# News told after the last episode ("最終話の放送後", "最終回で発表"): any other mention of a
# last episode in its headline is of that episode ("「最終回すごすぎた」"), no end of the series.
_AFTER_LAST = frozenset(p for p in _PHRASES_OF["none"] if p.startswith(fold("最終")))
# A list of picks ("注目作10選", "名作5選"), as "10 Anime Like …" is in English.
_PICKS = re.compile(r"\d{1,3}選(?!手)")
_LAST_VOLUME = re.compile(r"最終\d+巻[^、。\s]{0,8}発売")
# A release given a time: a year, month, day or season, a weekday after it ("8月1日(金)発売");
# a game released today ("本日発売"), but not "本日公開" (a trailer went up today); a year and
# month of broadcast ("2025年4月放送"), or a month it airs from ("10月から放送・配信").
# A length told: "70分の拡大SP", "上映時間は125分".
_RUNTIME = re.compile(r"\d分(?:の)?(?:拡大|スペシャル|sp)|" + fold("上映時間"))
_OPENS = re.compile(
    r"(?:\d[年月日]|[春夏秋冬]|年内)(?:\([^)]{1,6}\))?(?:に|より|から)?(?:全国|劇場)?公開"
    r"|(?:\d[年月日]|[春夏秋冬]|年内|本日)(?:\([^)]{1,6}\))?に?発売"
    r"|(?:\d年|来年|今年)\d{1,2}月(?:より|から)?放送|\d月(?:より|から)(?:放送|配信)"
    r"|は\d{4}年\d{1,2}月(?:[!、\s]|$)"
    r"|\d[月日](?:より|から)[^、。!?\s]{0,16}(?:放送|配信)(?!再開)"
)


# One episode of a series as a preview titles it ("第14話「X」", "第14話　X"); not
# "第6話で明かされた" (in it), nor "第2話以降" (from it on).
_EPISODE = re.compile(r"第\d{1,4}話(?=[\s「『]|$)")
# An episode's title: words of a story, no kind of news.
_EPISODE_TITLE = re.compile(r"(第\d{1,4}話)「[^「」]*」")
# An arc named after a play in its story ("2.5次元舞台「東京ブレイド」編"), as "Stage Play Arc" is.
_STAGED_ARC = re.compile(fold("舞台") + r"([「『][^「」『』]*[」』][編篇])")


# Japanese words of any headline ("announced", "new", "broadcast", "this autumn"), blanked out with
# the Japanese markers and dates before a headline's naming words are read: otherwise their
# bigrams ("放送", "より") would make two shows' announcements look like one subject.
JA_GENERIC = """発表 決定 公開 開始 解禁 新 新作 放送 配信 上映 発売 情報 予定 記念 最新 公式 作品
    登場 開催 制作 映像 続報 速報 詳細 判明 今年 来年 年内 今春 今夏 今秋 今冬 来春 来夏 来秋 来冬
    テレビ シリーズ シーズン スタート スペシャル ニュース オリジナル プロジェクト キャンペーン
    グッズ レポート 累計 突破 ついに いよいよ より から まで について として 場面カット
    あらすじ 監督 初挑戦 挑戦 受付 追加""".split()
JA_NOISE = re.compile(
    r"第?\d+(?:年|月|日|期|話|回|弾|部|章|位|周年|クール|シースン)|"
    + longest_first({*JA_MARKS_OF, *map(fold, JA_GENERIC)})
)
