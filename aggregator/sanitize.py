"""Cleans article HTML for storage and republishing. Pure; touches nothing outside.

This is a second pass after feedparser's own sanitiser (which lets some ``javascript:`` link
tricks through): nh3 keeps only an allow-list of tags and attributes, drops script, style and
their content, keeps only http, https and mailto links, makes relative links absolute against
the article's URL and removes tracking parameters from every link.
"""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

import nh3

from aggregator.text import strip_control, strip_tracking

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
    return cleaned.strip()


def clean_link(url: str, base_url: str = "") -> str | None:
    """``url`` made absolute against ``base_url`` with tracking removed; None if unsafe."""
    url = strip_control(url).strip()
    if not url:
        return None
    absolute = urljoin(base_url, url) if base_url else url
    scheme = urlsplit(absolute).scheme.lower()
    if scheme not in _SCHEMES:
        return None
    return strip_tracking(absolute)
