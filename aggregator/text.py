"""Text and URL normalizers shared by the stages. Contains no business logic.

Pure functions only: nothing here touches the network, the store or files.
"""

from __future__ import annotations

import hashlib
import html
import re
import unicodedata
from datetime import UTC, datetime
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

# Characters XML 1.0 forbids, plus the C1 controls and U+2028/9 that break JSON-in-JS readers.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_TAG = re.compile(r"<[^>]*>")
_BLOCK_TAG = re.compile(r"</?(p|div|br|li|ul|ol|h[1-6]|blockquote|tr|table|section)\b[^>]*>", re.I)
_SPACE = re.compile(r"\s+")

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
    """Plain text of an HTML fragment, with block elements turned into line breaks."""
    text = _BLOCK_TAG.sub("\n", fragment)
    text = html.unescape(_TAG.sub("", text))
    lines = (_SPACE.sub(" ", line).strip() for line in text.split("\n"))
    return strip_control("\n".join(line for line in lines if line))


def collapse_space(text: str) -> str:
    """One line: runs of whitespace become one space."""
    return _SPACE.sub(" ", strip_control(text)).strip()


def fold(text: str) -> str:
    """Case-, width- and accent-insensitive form of ``text`` (NFKC, casefold, no combining marks).

    Full-width Latin letters and digits become ASCII (NFKC), so 'Ｓｅａｓｏｎ２' folds like
    'season2'; Japanese kana and kanji are kept.
    """
    text = unicodedata.normalize("NFKC", text).casefold()
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize(
        "NFC", "".join(c for c in decomposed if not unicodedata.combining(c))
    )


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
