"""Figures a headline gives, each as ``kind:value``: season, part, film and volume numbers, which
theme song, which trailer of a series, amounts of money, copies or people, weeks of a run,
days of a month and film prizes. Two headlines giving different figures of one kind tell
different news (``match_guards.headline_guard``). Pure.
"""

from __future__ import annotations

import re

from aggregator.match_vocab import MONTH_NAMES, ORDINAL
from aggregator.text import fold

# Season, part, film and volume numbers: "Season 2", "2nd Season", "S2", "Part 1", "Movie 3",
# "second season", "第2期", "シーズン2". Each becomes "kind:number"; a day of the month is not one.
# A bare number before the kind is not an ordinal: "Kaiju No. 8 Season 3" names season 3 only.
_NUMBERED = re.compile(
    r"(?<![a-z0-9])(?P<kind>season|part|cour|series|film|movie|volume|vol)\.?\s*"
    r"(?P<number>\d{1,3})(?![a-z0-9])"
    r"|(?<![a-z0-9])(?:(?P<digits>\d{1,2})(?:st|nd|rd|th)"
    rf"|(?P<word>{'|'.join(ORDINAL)}))"
    r"\s+(?P<ordered>season|part|cour|half|film|movie|anime)(?![a-z0-9])"
    r"|(?<![a-z0-9])(?P<s>s)(?P<s_number>\d{1,2})(?![a-z0-9])"
    r"|(?P<ja_season>シースン)\s*(?P<ja_season_number>\d{1,2})(?!\d)"  # "シーズン", folded
    r"|第?(?P<ja_number>\d{1,2})(?P<ja_kind>期|部|クール|章|シースン)"
    r"|第(?P<ja_series>\d{1,2})シリース"  # "第6シリーズ", folded: a TV series' sixth season
)
# What tells that the season or part after it is when news came: "After Season 1 Finale".
_AFTER = re.compile(r"\b(?:after|following)(?: the| its)?\s*$")
# The same in Japanese, told after the season: "第2期「渋谷事変」最終回後に特報",
# "第1期最終話で発表".
_JA_AFTER = re.compile(
    r"(?:[「『][^「」『』]{0,20}[」』])?"
    + fold("(?:の)?(?:最終回|最終話)(?:の放送)?(?:後|直後|で発表|で告知|の放送後)")
)
_KIND = {"season": "season", "series": "season", "anime": "season", "s": "season",
         "期": "season", "シースン": "season",
         "part": "part", "cour": "part", "half": "part", "部": "part", "クール": "part",
         "章": "part",
         "film": "film", "movie": "film", "volume": "volume", "vol": "volume"}  # fmt: skip


# Other figures a headline gives, each of one kind: which theme song (opening or ending), an
# amount of yen, dollars, copies or people, a week of a run ("3週連続", "2nd weekend"), a
# day of a month, an episode ("Episode 11", "第11話") and a place of all time ("4th
# Highest-Grossing", "歴代4位"). Two headlines giving different figures of one kind tell
# different news: the ranking of one week and of the next, takings of 1.4 and of 2 billion
# yen, the opening theme and the ending theme.
_SCALES = {"million": 10**6, "billion": 10**9, "億": 10**8, "万": 10**4, "m": 10**6, "b": 10**9,
           "bn": 10**9}  # fmt: skip
_UNITS = {"yen": "yen", "円": "yen", "¥": "yen", "dollars": "dollars", "$": "dollars",
          "copies": "copies", "units": "copies", "部": "copies", "viewers": "people",
          "tickets": "people", fold("ドル"): "dollars", "本": "copies",
          "人": "people", "moviegoers": "people", "admissions": "people"}  # fmt: skip
_FIGURES = re.compile(
    r"\b(?P<theme>opening|ending)(?P<both>(?:\s*,|\s+and|\s*&)\s+(?:opening|ending))?"
    r"\s+(?:theme|song)"
    rf"|(?P<ja_theme>{fold('オープニング')}|{fold('エンディング')})(?!興|週末|\d)"
    r"|(?P<sign>[¥$])\s?(?P<signed>\d+(?:\.\d+)?)\s*(?P<signed_scale>million|billion|bn|m|b)(?![a-z])"
    r"|(?P<oku>\d{1,4})億(?P<man>\d{1,4})万(?P<oku_unit>円|部|人)"  # "8億9000万円"
    r"|(?P<amount>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)[\s-]*(?P<scale>million|billion|億|万)[\s-]*"
    rf"(?P<unit>yen|dollars|copies|units|viewers|tickets|moviegoers|admissions|円|部|人|{fold('ドル')}|本)"
    r"|(?<![a-z0-9])(?P<short_theme>op|ed)(?=\s*(?:theme|song|テーマ|主題歌|曲|映像))"
    r"|(?:劇場版|映画)第(?P<film_nth>\d{1,2})弾"
    r"|第(?P<batch>\d{1,2})弾|(?P<batch_th>\d{1,2})(?:st|nd|rd|th)\s+(?:trailer|teaser|promo|pv)"
    rf"|\b(?P<wave>{'|'.join(ORDINAL)})\s+(?:wave|batch|trailer|teaser|promo|pv)\b"
    r"|(?P<weeks>\d{1,2})週(?:連続|目)"
    rf"|\b(?:(?P<week>\d{{1,2}})(?:st|nd|rd|th)|(?P<week_word>{'|'.join(ORDINAL)}))"
    r"\s+(?:straight\s+|consecutive\s+)?week|\bweek\s+(?P<week_number>\d{1,2})\b"
    rf"|\b(?P<month>{'|'.join(MONTH_NAMES)})\s+(?P<day>\d{{1,2}})(?!\d)"
    r"|(?<!\d)(?P<ja_month>\d{1,2})月(?P<ja_day>\d{1,2})日"
    r"|(?<![\d月.])(?P<ja_lone_day>\d{1,2})日(?=に|から|より|\()"
    r"|\b(?:episode|ep)\.?\s*#?(?P<episode>\d{1,4})(?![\d.])|第(?P<ja_episode>\d{1,4})話(?!以降)"
    r"|(?<![a-z0-9])(?P<rank>\d{1,2})(?:st|nd|rd|th)[\s-]+(?:highest|biggest|best|most|largest)"
    r"|歴代(?:興収|興行収入)?(?P<ja_rank>\d{1,2})位"
)
_THEMES = {"opening": "opening", "ending": "ending", "op": "opening", "ed": "ending",
           fold("オープニング"): "opening", fold("エンディング"): "ending"}  # fmt: skip


def _figures(title: str) -> set[str]:
    """``_FIGURES`` of a folded headline, as ``kind:value``. A Japanese day without its month
    is in the month named before it ("9月3日の誕生日…特番を7日に放送": the 7th of September)."""
    found: set[str] = set()
    month = 0
    for m in _FIGURES.finditer(title):
        if m["month"] or m["ja_month"] or m["ja_lone_day"]:
            if m["month"] or m["ja_month"]:
                month = MONTH_NAMES.index(m["month"]) + 1 if m["month"] else int(m["ja_month"])
            if month:
                found.add(f"day:{month}-{int(m['day'] or m['ja_day'] or m['ja_lone_day'])}")
        elif not (m["episode"] and _AFTER.search(title, 0, m.start())):
            found.update(_figure(m))  # not "Delayed After Episode 3": when, not which
    return found


def _figure(m: re.Match[str]) -> tuple[str, ...]:
    """The figures other than a date ``_FIGURES`` matched, as ``kind:value``."""
    if m["both"]:
        return ("theme:opening", "theme:ending")  # "Opening and Ending Themes"
    if m["theme"] or m["ja_theme"] or m["short_theme"]:
        return (f"theme:{_THEMES[m['theme'] or m['ja_theme'] or m['short_theme']]}",)
    if m["film_nth"]:
        return (f"film:{int(m['film_nth'])}",)
    if m["batch"] or m["batch_th"] or m["wave"]:
        return (f"batch:{int(m['batch'] or m['batch_th'] or ORDINAL[m['wave']])}",)
    if m["oku"] or m["sign"] or m["amount"]:
        return (_amount(m),)
    if m["weeks"] or m["week"] or m["week_word"] or m["week_number"]:
        number = m["weeks"] or m["week"] or m["week_number"] or ORDINAL[m["week_word"]]
        return (f"week:{int(number)}",)
    if m["episode"] or m["ja_episode"]:
        return (f"episode:{int(m['episode'] or m['ja_episode'])}",)
    return (f"rank:{int(m['rank'] or m['ja_rank'])}",)


def _amount(m: re.Match[str]) -> str:
    """An amount ``_FIGURES`` matched, as ``unit:value``: "8億9000万円", "¥1.4 billion",
    "1,780万人"."""
    if m["oku"]:
        return f"{_UNITS[m['oku_unit']]}:{int(m['oku']) * 10**8 + int(m['man']) * 10**4}"
    number, scale = (m["signed"], m["signed_scale"]) if m["sign"] else (m["amount"], m["scale"])
    value = round(float(number.replace(",", "")) * _SCALES[scale])
    return f"{_UNITS[m['sign'] or m['unit']]}:{value}"


# "第二章" as "第2章": kanji numerals before a counter, up to 99.
_KANJI_NUMBER = re.compile(r"第([一二三四五六七八九十]{1,3})(?=期|部|章|弾|クール|話|シ)")
_KANJI_DIGITS = {c: n for n, c in enumerate("一二三四五六七八九", start=1)}
# The season of a year a release is set for ("Summer 2027", "2027年夏"): a figure of its own
# kind, so that "July 2027" (a month) and "Summer 2027" do not conflict.
_YEAR_SEASON = re.compile(
    r"\b(?P<season>spring|summer|fall|autumn|winter)\s+(?P<year>20\d\d)\b"
    r"|(?P<ja_year>20\d\d)年(?P<ja_season>春|夏|秋|冬)"
)
_SEASON_NAMES = {"spring": "spring", "summer": "summer", "fall": "autumn", "autumn": "autumn",
                 "winter": "winter", "春": "spring", "夏": "summer", "秋": "autumn",
                 "冬": "winter"}  # fmt: skip


def _kanji_number(m: re.Match[str]) -> str:
    """ "第二十三" as "第23"."""
    tens, _, units = m.group(1).rpartition("十")
    if "十" not in m.group(1):
        return f"第{_KANJI_DIGITS.get(units, 0)}"
    return f"第{_KANJI_DIGITS.get(tens, 1) * 10 + _KANJI_DIGITS.get(units, 0)}"


def numbered(title: str) -> frozenset[str]:
    """The season/part/film/volume numbers a folded headline names, and its other figures
    (``_FIGURES``), as ``kind:number``."""
    title = _KANJI_NUMBER.sub(_kanji_number, title)
    found = _figures(title)
    for m in _YEAR_SEASON.finditer(title):
        season = _SEASON_NAMES[m["season"] or m["ja_season"]]
        found.add(f"yearseason:{m['year'] or m['ja_year']}-{season}")
    for m in _NUMBERED.finditer(title):
        if _AFTER.search(title, 0, m.start()) or _JA_AFTER.match(title, m.end()):
            continue  # "Gets Season 2 After Season 1 Finale": when the news came, not what
        if m["kind"]:
            kind, number = m["kind"], m["number"]
        elif m["ordered"]:
            kind, number = m["ordered"], m["digits"] or ORDINAL[m["word"]]
        elif m["s"]:
            kind, number = m["s"], m["s_number"]
        elif m["ja_season"] or m["ja_series"]:
            kind, number = "シースン", m["ja_season_number"] or m["ja_series"]
        else:
            kind, number = m["ja_kind"], m["ja_number"]
        found.add(f"{_KIND[kind]}:{int(number)}")
    found.update(f"part:{n}" for half, n in _HALVES if half in title)
    found.update(f"prize:{name}" for name, prize in _PRIZES if prize.search(title))
    found.update(f"chart:{name}" for name, chart in _CHARTS if chart.search(title))
    if _MAIN.search(title):
        found.add("main:trailer")
    for m in ROMAN.finditer(title):  # "無職転生Ⅲ", "DanMachi V Part II"
        kind = "part" if title[: m.start()].rstrip().endswith("part") else "season"
        found.add(f"{kind}:{ROMAN_VALUES[m.group()]}")
    return frozenset(found)


# A season or part in Roman numerals after a title ("Ⅲ" folds to "iii"); not "v" or "x",
# which are words or letters of titles ("Spy x Family").
ROMAN = re.compile(r"(?<![a-z0-9.'’])(ii|iii|iv|vi)(?![a-z0-9.'’])")
ROMAN_VALUES = {"ii": 2, "iii": 3, "iv": 4, "vi": 6}


# A work's main trailer, which it has once, as it has each season once (``match._bonus``).
_MAIN = re.compile(r"本(?:pv|予告)|\bmain (?:trailer|pv|promo)\b|\bfull trailer\b")
# The first and the second half of a work in two ("「死滅回游」後編"): its parts 1 and 2.
# A film prize, in English and Japanese (folded): two reports of one work's awards are of one
# prize or of two ("Wins Golden Globe", "ゴールデン・グローブ賞を受賞" against "Takes Home BAFTA").
# The British and Japanese academies' prizes are not the Oscars.
_PRIZES = (
    ("bafta", re.compile(r"\bbaftas?\b|british academy|" + fold("英国?アカデミー賞"))),
    ("japan-academy", re.compile(r"japan academy|" + fold("日本アカデミー賞"))),
    (
        "oscar",
        re.compile(r"\boscars?\b|academy awards?|(?<!英国)(?<!英)(?<!日本)" + fold("アカデミー賞")),
    ),
    ("globe", re.compile(r"golden globes?|" + fold("ゴールデン・?グローブ"))),
    ("annie", re.compile(r"annie awards?|" + fold("アニー賞"))),
)
# A chart, in English and Japanese (folded): a song's or a book's first place on one chart and
# on another are two pieces of news ("【オリコンランキング】…1位" and "ビルボードジャパン総合首位").
_CHARTS = (
    ("oricon", re.compile(r"\boricon\b|" + fold("オリコン"))),
    ("billboard", re.compile(r"\bbillboard\b|" + fold("ビルボード"))),
)
# A first and second part, or cour: "前編", "後半クール" (the second half of a season's run).
_HALVES = (("前編", 1), ("後編", 2), ("前半クール", 1), ("後半クール", 2))


# Amounts two outlets round differently: within this share of each other, and one cut or
# rounded from the other, they are one figure.
NEAR = 0.05
# Words that give an amount roughly: "Nears 6 Billion Yen", "約60億円", "60億円目前".
_ABOUT = re.compile(
    r"(?i)\b(?:nears|nearly|almost|approaches|approaching|about|around)\b|約|目前|迫る"
)
# Words that give an amount as a mark passed ("5億円突破", "Passes 10 Million"): another
# report's exact figure may lie up to PASSED_SPAN above it ("初週末で興収5.6億円").
_PASSED = re.compile(
    r"(?i)\b(?:passes|passed|surpasses|surpassed|tops|crosses|over|exceeds)\b|突破|超え|超|大台"
)
PASSED_SPAN = 0.2
AMOUNT_KINDS = frozenset({"yen", "dollars", "copies", "people"})
# Two episode numbers further apart than this are one episode counted from two starts.
EPISODE_SPAN = 6


def rough(title: str) -> bool:
    """Whether a headline gives its amount roughly ("Nears 6 Billion Yen", "60億円目前")."""
    return _ABOUT.search(title) is not None


def passed(title: str) -> bool:
    """Whether a headline gives its amount as a mark passed ("5億円突破", "Passes ¥10 Billion")."""
    return _PASSED.search(title) is not None


def one_figure(
    left: frozenset[str], right: frozenset[str], *, loose: bool = False, mark: bool = False
) -> bool:
    """Whether two figures of one kind are one: two amounts one figure rounded ("34億円" and
    "34.2億円"; any two ``NEAR`` each other when a headline says ``loose``ly, "Nears 6
    Billion"; a figure up to ``PASSED_SPAN`` above the ``mark`` a headline says was passed,
    "5.6億円" and "5億円突破"), or two episode numbers one episode counted two ways: "第3期
    第11話" and "第48話" (counted from the first season) are too far apart to be two episodes
    of a weekly show within the window."""
    kind = next(iter(left)).split(":")[0]
    if kind not in AMOUNT_KINDS and kind != "episode":
        return False
    values = [[int(n.split(":")[1]) for n in side] for side in (left, right)]
    if kind == "episode":
        return all(abs(x - y) > EPISODE_SPAN for x in values[0] for y in values[1])
    return any(_one_amount(x, y, loose, mark) for x in values[0] for y in values[1])


def _one_amount(x: int, y: int, loose: bool, mark: bool) -> bool:
    """Whether two amounts are one figure (``one_figure``'s test for one pair of them)."""
    if abs(x - y) <= NEAR * max(x, y) and (loose or _rounds_to(x, y) or _rounds_to(y, x)):
        return True
    low, high = sorted((x, y))  # the mark, and the figure cut to its digits
    return mark and high - low <= PASSED_SPAN * high and high // _place(low) * _place(low) == low


def _rounds_to(exact: int, written: int) -> bool:
    """Whether ``written`` is ``exact`` cut to the last digit ``written`` gives ("Passes 5
    億円" of 5.2億円), or rounded there ("17.3 Million" of 1725万), where a single digit
    ("20 billion") rounds to one place further: 19 billion is not 20 billion rounded."""
    place = _place(written)
    digits = written // place
    if exact // place * place == written:
        return True
    if digits < 10 and place >= 10:
        place //= 10
    return (exact + place // 2) // place * place == written


def _place(written: int) -> int:
    """The place of ``written``'s last digit that is not a zero: 10**8 for 5億 (500000000)."""
    place = 1
    while written and written // place % 10 == 0:
        place *= 10
    return place


# How a guard names the numbers it compares ("different season number: season:2 vs season:3").
LABELS = {"season": "season number", "part": "part number", "film": "film number",
           "volume": "volume number", "theme": "theme song", "day": "date",
           "week": "week of the run", "batch": "instalment", "yearseason": "season of the year",
           "yen": "amount in yen", "dollars": "amount in dollars", "copies": "number of copies",
           "people": "number of people", "rank": "place of all time",
           "episode": "episode", "prize": "prize", "chart": "chart"}  # fmt: skip
