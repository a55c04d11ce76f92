"""Cleans untrusted input: feed documents before they are parsed, and article HTML. Pure.

Documents (already decoded, as text): ``document_problem`` refuses a DTD internal subset,
where entity declarations can expand a few kilobytes into gigabytes or read local files;
``bound_document`` rewrites character references to no character, and caps the category
elements of an item and the length of author-like fields, whose handling in feedparser
6.0.14 is quadratic (100,000 categories took 147 s; a 32,000-character author 5 s).

HTML: feedparser's own sanitiser lets some ``javascript:`` link tricks through, so nh3 keeps
only an allow-list of tags and attributes, drops script, style and their content, keeps only
http, https and mailto links, makes relative links absolute against the article's URL and
removes tracking parameters and credentials from every link. Elements nested deeper than
``MAX_DEPTH`` are flattened, so code that walks the tree recursively cannot overflow.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

import nh3

from aggregator.text import strip_control, strip_tracking, strip_userinfo

_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "dd", "del", "div", "dl",
    "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img",
    "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "small", "span", "strong", "sub",
    "sup", "table", "tbody", "td", "tfoot", "th", "thead", "time", "tr", "u", "ul",
}  # fmt: skip
_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan"},
    "time": {"datetime"},
    "blockquote": {"cite"},
    "q": {"cite"},
}
_URL_ATTRIBUTES = {"href", "src", "cite"}
_SCHEMES = {"http", "https", "mailto"}
_VOID = {"br", "hr", "img"}
_HTML_TAG = re.compile(r'<(/?)([a-zA-Z][a-zA-Z0-9]*)(?:[^>"]|"[^"]*")*>')
# Real articles nest a dozen elements deep; recursive walks of the HTML (boilerplate
# detection) must stay far from Python's recursion limit (50,000 nested <div>s did not).
MAX_DEPTH = 64

# feedparser 6.0.14 compares each new tag with every earlier one of the item (100,000
# categories: 147 s); real items carry a handful.
MAX_CATEGORIES = 50
# Its e-mail pattern backtracks quadratically over author text without spaces (32,000
# characters: 5 s per item); names, addresses and keyword lists are far shorter.
MAX_SHORT_FIELD = 200
# A noncharacter (Unicode reserves U+FDD0-U+FDEF for a program's own use) that stands for a
# character reference to no character; text.strip_control removes it from anything kept.
INVALID_REFERENCE = "\ufdd0"

_ROOT = re.compile(r"<\w")
_DOCTYPE = re.compile(r"<!DOCTYPE", re.I)
_ENTITY = re.compile(r"<!ENTITY", re.I)
_DECLARATION_END = re.compile(r"""(?:[^"'\[>]|"[^"]*"|'[^']*')*([\[>])""")
_CHAR_REF = re.compile(r"&#(?:[xX]([0-9a-fA-F]+)|([0-9]+));")
_CATEGORY = re.compile(r"<(?:[\w.-]+:)?(?:category|subject)\b", re.I)
_CATEGORY_OR_ITEM = re.compile(
    r"<(?:[\w.-]+:)?(?:item|entry)\b"
    r"|<((?:[\w.-]+:)?(?:category|subject))\b[^<>]*?(?:/>|>(?:<!\[CDATA\[.*?\]\]>|[^<])*</\1\s*>)",
    re.I | re.S,
)
_FIELD_OPEN = (
    r"<(?:[\w.-]+:)?(?:author|creator|contributor|publisher|managingeditor|webmaster|name|email"
    r"|keywords|tags)(?:\s[^<>]*[^<>/])?>"
)
_LONG_TEXT = re.compile(f"({_FIELD_OPEN})([^<]{{{MAX_SHORT_FIELD + 1},}})", re.I)
_LONG_CDATA = re.compile(
    f"({_FIELD_OPEN})<!\\[CDATA\\[((?:(?!\\]\\]>).){{{MAX_SHORT_FIELD + 1},}})\\]\\]>", re.I | re.S
)


def sanitize_html(fragment: str, base_url: str = "") -> str:
    """Safe HTML for ``fragment``: allow-listed markup, absolute clean links, no scripts."""
    if not fragment:
        return ""

    def clean_attribute(tag: str, name: str, value: str) -> str | None:
        if name not in _URL_ATTRIBUTES:
            return value
        return clean_link(value, base_url)

    cleaned = nh3.clean(
        strip_control(fragment),
        tags=_TAGS,
        clean_content_tags={"script", "style", "noscript", "template", "iframe", "object"},
        attributes=_ATTRIBUTES,
        attribute_filter=clean_attribute,
        url_schemes=_SCHEMES,
        link_rel="noopener noreferrer",
    )
    return _flatten_deep(cleaned).strip()


def clean_link(url: str, base_url: str = "") -> str | None:
    """``url`` made absolute against ``base_url`` with tracking removed; None if unsafe."""
    url = strip_control(url).strip()
    if not url:
        return None
    absolute = urljoin(base_url, url) if base_url else url
    scheme = urlsplit(absolute).scheme.lower()
    if scheme not in _SCHEMES:
        return None
    return strip_tracking(strip_userinfo(absolute))


def _flatten_deep(cleaned: str) -> str:
    """``cleaned`` (nh3's balanced output) without the tags of elements deeper than MAX_DEPTH."""
    if cleaned.count("<") < MAX_DEPTH:
        return cleaned
    kept: list[bool] = []  # per open element: whether its tags are kept

    def visit(tag: re.Match[str]) -> str:
        if tag.group(2).lower() in _VOID:
            return tag.group(0) if len(kept) < MAX_DEPTH else ""
        if tag.group(1):  # an end tag: nh3 closes every element it opens
            return tag.group(0) if kept and kept.pop() else ""
        kept.append(len(kept) < MAX_DEPTH)
        return tag.group(0) if kept[-1] else ""

    return _HTML_TAG.sub(visit, cleaned)


def document_problem(text: str) -> str | None:
    """Why the feed document ``text`` must not be parsed at all, or None.

    Looks where feedparser looks: before the first element (its ``replace_doctype`` hands
    entities declared there to its lenient parser, which expands them without limit). The
    DOCTYPE itself is read with its quoted strings skipped, so an entity value holding "<x"
    cannot hide the rest of the DTD from this check as it does from feedparser's.
    """
    root = _ROOT.search(text)
    head = text[: root.start() if root else len(text)]
    doctype = _DOCTYPE.search(head)
    if _ENTITY.search(head) or (doctype and _has_internal_subset(text, doctype.end())):
        return (
            "the document declares entities in a DTD (<!DOCTYPE ... [ ... ]>), which can "
            "expand to gigabytes or read local files; a feed must not use them"
        )
    return None


def bound_document(text: str) -> str:
    """``text`` with invalid character references replaced and feedparser's slow paths capped.

    A reference to a control character is dropped (as raw control characters are); one to
    no character at all (a surrogate, beyond U+10FFFF) becomes ``INVALID_REFERENCE``, so the
    item holding it can be dropped. An item keeps its first ``MAX_CATEGORIES`` categories;
    author-like fields and keyword lists keep their first ``MAX_SHORT_FIELD`` characters.
    """
    if "&#" in text:
        text = _CHAR_REF.sub(_char_reference, text)
    if text.count("<") > MAX_CATEGORIES and _CATEGORY.search(text):
        categories = 0

        def keep_first(element: re.Match[str]) -> str:
            nonlocal categories
            categories = 0 if element.group(1) is None else categories + 1
            return element.group(0) if categories <= MAX_CATEGORIES else ""

        text = _CATEGORY_OR_ITEM.sub(keep_first, text)
    text = _LONG_CDATA.sub(
        lambda m: f"{m.group(1)}<![CDATA[{m.group(2)[:MAX_SHORT_FIELD]}]]>", text
    )
    return _LONG_TEXT.sub(lambda m: m.group(1) + _cut(m.group(2), MAX_SHORT_FIELD), text)


def _has_internal_subset(text: str, start: int) -> bool:
    """Whether the DOCTYPE whose name starts at ``start`` opens an internal subset ("[")."""
    end = _DECLARATION_END.match(text, start)
    return end is None or end.group(1) == "["  # an unterminated quote: assume the worst


def _char_reference(reference: re.Match[str]) -> str:
    digits, base = (reference.group(1), 16) if reference.group(1) else (reference.group(2), 10)
    digits = digits.lstrip("0") or "0"
    code = int(digits, base) if len(digits) <= 8 else 0x110000  # int() of 5,000 digits raises
    if code in (0x9, 0xA, 0xD) or 0x20 <= code <= 0xD7FF or 0xE000 <= code <= 0xFFFD:
        return reference.group(0)
    if 0x10000 <= code <= 0x10FFFF:
        return reference.group(0)
    if code < 0x20 or code in (0xFFFE, 0xFFFF):
        return ""  # a control character: removed like a raw one
    return f"&#x{ord(INVALID_REFERENCE):X};"


def _cut(text: str, limit: int) -> str:
    """The first ``limit`` characters of XML text, without a dangling "&entity" at the end."""
    cut = text[:limit]
    amp = cut.rfind("&", max(0, limit - 12))
    return cut[:amp] if amp >= 0 and ";" not in cut[amp:] else cut
