"""Text and URL normalizers shared by the stages. Contains no business logic.

Pure functions only: nothing here touches the network, the store or files.
"""

from __future__ import annotations

import functools
import hashlib
import html
import ipaddress
import re
import unicodedata
from datetime import UTC, datetime
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

# Characters XML 1.0 forbids, the C1 controls, and the noncharacters U+FDD0-U+FDEF, which
# Unicode reserves for a program's internal use (parse marks corrupt items with one).
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]")
_TAG = re.compile(r"<[^>]*>")
# What reads as markup in a title: a tag, comment or declaration, not "a < b" or "<3".
_TITLE_MARKUP = re.compile(r"<(?:[a-zA-Z/][^<>]*|!--.*?--|![^<>]*|\?[^<>]*)>", re.S)
# Bidi embeddings and overrides (U+202A-U+202E) let a title show text in another order than it
# is stored, the "gnp.exe" filename trick; isolates (U+2066-U+2069) only when unbalanced.
_BIDI_OVERRIDES = re.compile("[\u202a-\u202e]")
_BIDI_ISOLATES = re.compile("[\u2066-\u2069]")
MAX_COMBINING = 3  # combining marks kept on one letter: Vietnamese needs 2, "zalgo" text hundreds
_BLOCK_TAG = re.compile(r"</?(p|div|br|li|ul|ol|h[1-6]|blockquote|tr|table|section)\b[^>]*>", re.I)
_SPACE = re.compile(r"\s+")
# English text is ASCII but for its typographic quotes and dashes, which every normal form and
# case keeps as they are: such text folds as ASCII does.
_NOT_PLAIN = re.compile("[^\x00-\x7f‘’“”–—]")
_NON_ASCII = re.compile("[^\x00-\x7f]+")

# Query parameters that only track the reader; dropped from links and ignored when comparing URLs.
# https://en.wikipedia.org/wiki/UTM_parameters and the click ids of the big ad networks.
TRACKING_PARAMS = frozenset(
    {
        "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "twclid", "igshid",
        "mc_cid", "mc_eid", "_hsenc", "_hsmi", "mkt_tok", "ref_src", "ref_url", "cmpid", "ncid",
        "ito", "spm", "share", "sr_share", "amp", "output",
    }
)  # fmt: skip
_TRACKING_PREFIXES = ("utm_", "_ga", "hsa_", "pk_", "mtm_", "oly_")
# Query parameters that pick an edition or language of one article: kept in links (the reader
# may want that edition) but ignored when deciding whether two URLs are one article.
EDITION_PARAMS = frozenset(
    {"edition", "ed", "lang", "hl", "locale", "region", "country", "ref", "from", "via", "src",
     "rss", "feed", "source", "s_cid", "cid"}
)  # fmt: skip


def strip_control(text: str) -> str:
    """Remove characters that XML 1.0 forbids (they make feed writers fail on the whole file)."""
    return _CONTROL.sub("", text)


def html_to_text(fragment: str) -> str:
    """Plain text of an HTML fragment, with block elements turned into line breaks: one space
    between words, no control characters, no empty lines."""
    if len(fragment) <= _CACHED_CHARS:
        return _html_to_text_cached(fragment)
    return _html_to_text(fragment)


# Matching, update notes and update paragraphs each read an article's text in turn; the few
# hundred most recent ordinary texts are kept (a bounded few MB), never huge ones.
_CACHED_CHARS = 16_000


@functools.lru_cache(maxsize=256)
def _html_to_text_cached(fragment: str) -> str:
    return _html_to_text(fragment)


def _html_to_text(fragment: str) -> str:
    text = _lines(html.unescape(_TAG.sub("", _BLOCK_TAG.sub("\n", fragment))))
    if _CONTROL.search(text):  # whitespace controls are spaces by now; the others go
        text = _lines(_CONTROL.sub("", text))
    return text


def _lines(text: str) -> str:
    """The non-empty lines of ``text``, each with its whitespace runs one space (``str.split``
    knows the whitespace a regex's ``\\s`` does, and is several times faster)."""
    return "\n".join(filter(None, (" ".join(line.split()) for line in text.split("\n"))))


def clean_title(text: str) -> str:
    """Plain one-line text of a title that may hold markup, entities or spoofing characters.

    Entities are decoded and tags removed, twice, so a title escaped twice ("&amp;lt;script")
    cannot turn into markup once a reader decodes it. Bidi overrides, unbalanced bidi isolates
    and long runs of combining marks go; whitespace collapses to single spaces.
    """
    for _ in range(2):
        text = html.unescape(_TITLE_MARKUP.sub(" ", text))
    text = _BIDI_OVERRIDES.sub("", _TITLE_MARKUP.sub(" ", text))
    if not _balanced_isolates(text):
        text = _BIDI_ISOLATES.sub("", text)
    return collapse_space(_cap_combining(text))


def _balanced_isolates(text: str) -> bool:
    depth = 0
    for mark in _BIDI_ISOLATES.findall(text):
        depth += -1 if mark == "\u2069" else 1
        if depth < 0:
            return False
    return depth == 0


def _cap_combining(text: str) -> str:
    """``text`` with at most ``MAX_COMBINING`` combining marks on each character."""
    if text.isascii():  # no combining marks: most titles, in C
        return text
    kept: list[str] = []
    run = 0
    for char in text:
        run = run + 1 if unicodedata.combining(char) else 0
        if run <= MAX_COMBINING:
            kept.append(char)
    return "".join(kept)


def strip_userinfo(url: str) -> str:
    """``url`` without a "user:password@" part, which no published link should carry."""
    parts = urlsplit(url)
    if "@" not in parts.netloc:
        return url
    return urlunsplit(parts._replace(netloc=parts.netloc.rpartition("@")[2]))


def is_private_host(host: str) -> bool:
    """Whether ``host`` names this machine or a private, link-local or reserved network."""
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False  # a host name
    return not address.is_global or address.is_multicast


def host_of(url: str) -> str:
    """The host the per-host limit applies to; a URL that does not parse is its own host."""
    try:
        return urlsplit(url).hostname or url
    except ValueError:  # e.g. "http://[::1"; fetch_source reports it as an invalid URL
        return url


def format_size(size: int) -> str:
    """``size`` bytes for people: "10 MiB", "1.5 KiB", "300 bytes"."""
    for unit, scale in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if size >= scale:
            return f"{round(size / scale, 1):g} {unit}"
    return f"{size} bytes"


def collapse_space(text: str) -> str:
    """One line: runs of whitespace become one space."""
    return _SPACE.sub(" ", strip_control(text)).strip()


def fold(text: str) -> str:
    """Case-, width- and accent-insensitive form of ``text`` (NFKC, casefold, no combining marks).

    Full-width Latin letters and digits become ASCII (NFKC), so 'Ｓｅａｓｏｎ２' folds like
    'season2'; Japanese kana and kanji are kept.
    """
    if text.isascii() or not _NOT_PLAIN.search(text):  # nothing to normalise: lower is casefold
        return text.lower()
    text = unicodedata.normalize("NFKC", text).casefold()
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize("NFC", _NON_ASCII.sub(_drop_combining, decomposed))


def _drop_combining(run: re.Match[str]) -> str:
    return "".join(c for c in run.group() if not unicodedata.combining(c))


def is_tracking_param(name: str) -> bool:
    """True for query parameters that only track the reader (utm_*, fbclid, …)."""
    lowered = name.lower()
    return lowered in TRACKING_PARAMS or lowered.startswith(_TRACKING_PREFIXES)


def strip_tracking(url: str) -> str:
    """``url`` without tracking query parameters; everything else exactly as given."""
    parts = urlsplit(url)
    if not parts.query:
        return url
    kept = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if not is_tracking_param(k)
    ]
    return urlunsplit(parts._replace(query=urlencode(kept)))


def canonical_url(url: str) -> str:
    """A comparison key for article URLs: the same article under cosmetic variants gets one key.

    Ignores the scheme (http/https), a leading ``www.``, ``m.`` or ``amp.``, tracking and
    edition parameters (``?edition=us``, ``?lang=en``), the fragment, a trailing slash, an
    ``/amp`` prefix or suffix, the Google AMP cache wrapper, letter case in the host and the
    order of query parameters.
    """
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower()
    path = re.sub(r"/+", "/", parts.path or "/")
    if host.endswith(".cdn.ampproject.org"):  # /c/s/example.com/news/x -> example.com/news/x
        cached = re.match(r"^/(?:[a-z]/)*(?:s/)?([^/]+)(/.*)?$", path)
        if cached:
            host, path = cached.group(1).lower(), cached.group(2) or "/"
    host = re.sub(r"^(?:www\d*|m|amp)\.", "", host)
    path = re.sub(r"^/amp(?=/)|/amp/?$|\.amp(?=\.html?$|$)", "", path).rstrip("/") or "/"
    query = sorted(
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if not is_tracking_param(k) and k.lower() not in EDITION_PARAMS
    )
    return f"{host}{path}" + (f"?{urlencode(query)}" if query else "")


def stable_hash(*parts: str, length: int = 16) -> str:
    """A short hex digest of ``parts``, stable across runs and machines."""
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()
    return digest[:length]


def iso_utc(value: datetime) -> str:
    """``value`` as ISO-8601 UTC text with a Z, to the second: how the store writes datetimes."""
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_iso(text: str) -> datetime:
    """The aware UTC datetime of ISO-8601 ``text`` (as written by ``iso_utc``)."""
    parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    return parsed.astimezone(UTC) if parsed.tzinfo else parsed.replace(tzinfo=UTC)


# C1 controls as the Windows-1252 characters they stand for (where that code page has one).
_CP1252 = {c: bytes([c]).decode("cp1252", "replace") for c in range(0x80, 0xA0)}
_CP1252 = {code: char for code, char in _CP1252.items() if char != "\ufffd"}
_C1 = re.compile("[\x80-\x9f]")


def repair_mojibake(text: str) -> str:
    """``text`` with UTF-8 that was read as Latin-1 repaired ("CafÃ©" -> "Café", only where all
    of it reads back as UTF-8) and C1 controls read as the Windows-1252 characters they stand
    for, as feedparser repairs every text it reads."""
    if text.isascii():
        return text
    try:
        repaired = text.encode("iso-8859-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        repaired = text
    return repaired.translate(_CP1252) if _C1.search(repaired) else repaired


_ARTICLE_NUMBER = re.compile(r"(?:^|[/.\-_=])(\d{5,})/?$")


def article_key(url: str) -> str | None:
    """``host#number`` when the URL ends in an article number (``/cms/discuss/231123``,
    ``/news/2025-11-20/slug/.231123``): two URL forms of one article share it."""
    if not url:
        return None
    parts = urlsplit(url)
    match = _ARTICLE_NUMBER.search(parts.path) or _ARTICLE_NUMBER.search("/" + parts.query)
    if match is None:
        return None
    host = (parts.hostname or "").removeprefix("www.")
    return f"{host}#{match.group(1)}"
