"""What of a program's text and links is safe to show, in any report or export: unpaired bidi
controls dropped, control characters replaced, line breaks flattened, and only http, https and
mailto URLs made links. Kept apart from the rendering helpers (`render`) so that a validator
or an exporter that only checks a URL imports no more than this."""

from __future__ import annotations

import re
import unicodedata

# ---- cleaning --------------------------------------------------------------------------------

# Bidi controls that open an embedding/override (closed by PDF) or an isolate (closed by PDI).
_EMBEDDINGS = frozenset("\u202a\u202b\u202d\u202e")  # LRE RLE LRO RLO
_ISOLATES = frozenset("\u2066\u2067\u2068")  # LRI RLI FSI
_PDF, _PDI = "\u202c", "\u2069"


# Every bidi control above: most texts have none, and a search at C speed says so.
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")


def strip_unpaired_bidi(value: str) -> str:
    """*value* without bidi controls that are not closed (or not opened) inside it.

    An unclosed override (Trojan Source, CVE-2021-42574) would reorder whatever the
    document shows after the value; a matched pair only affects the value itself."""
    if _BIDI.search(value) is None:
        return value
    stack: list[int] = []  # indices of open controls
    drop: set[int] = set()
    for index, char in enumerate(value):
        if char in _EMBEDDINGS or char in _ISOLATES:
            stack.append(index)
        elif char == _PDF:
            if stack and value[stack[-1]] in _EMBEDDINGS:
                stack.pop()
            else:
                drop.add(index)
        elif char == _PDI:
            if any(value[i] in _ISOLATES for i in stack):
                # A PDI also ends the embeddings opened inside its isolate: they were unpaired.
                while value[stack[-1]] not in _ISOLATES:
                    drop.add(stack.pop())
                stack.pop()
            else:
                drop.add(index)
    drop.update(stack)
    if not drop:
        return value
    return "".join(char for index, char in enumerate(value) if index not in drop)


# Lone surrogates (category Cs) cannot be encoded; C0 and C1 controls (Cc) bar tab and line
# breaks are not allowed in HTML and make Markdown renderers disagree. Unicode fixes both
# categories for good: these ranges are all of them.
_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


def _unsafe_char(char: str) -> bool:
    return _UNSAFE.match(char) is not None


def clean(value: str) -> str:
    """Data text made safe to show: unpaired bidi controls dropped, controls replaced by U+FFFD.

    Everything else (right-to-left scripts, zero-width joiners in Indic and Arabic text) is
    kept byte for byte."""
    return strip_unpaired_bidi(_UNSAFE.sub("\ufffd", value))


# Everything Unicode and the common renderers treat as a line break.
_LINE_BREAKS = re.compile("\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")


def one_line(value: str) -> str:
    """*value* with every line break turned into a space (table cells, headings, list items)."""
    return _LINE_BREAKS.sub(" ", value)


# ---- links ---------------------------------------------------------------------------------

SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
# Tag delimiters: never part of a URL (RFC 3986), and the W3C checker refuses a link holding
# one even when escaped. (A quote is kept: percent-encoded or escaped, it ends nothing.)
_NOT_IN_URLS = frozenset("<>")


def safe_url(url: str | None) -> str | None:
    """*url* when it may become a link (http, https or mailto, nothing hidden), else None.

    Browsers drop tabs and line breaks inside URLs and trim control characters around them
    (`java\\tscript:`), so any whitespace or control character disqualifies a URL outright
    instead of being cleaned into something that parses differently here and there."""
    if url is None or not url:
        return None
    if url.isascii() and url.isprintable():
        # The checks below at C speed: the only printable ASCII space is " ", and no
        # printable ASCII character is a control, a surrogate or a format character.
        if " " in url or "<" in url or ">" in url:
            return None
    elif (
        any(c.isspace() or _unsafe_char(c) for c in url)
        or any(c in _NOT_IN_URLS for c in url)  # `<` or `>`: shown as text, never a link
        or any(unicodedata.category(c) == "Cf" for c in url)  # bidi/zero-width: spoofable
    ):
        return None
    if _WEB_URL.match(url) is not None:
        return url  # what the split below would say, without it (most URLs in the data)
    return url if _splits_safely(url) else None


# A web URL whose host is plain letters, digits, dots and hyphens (and a port): the split
# finds its scheme and a host without brackets, so nothing it could refuse. Checked by the
# validators for every URL of a program: the split cost them 0.1 s at 100k records.
_WEB_URL = re.compile(r"(?i:https?)://[A-Za-z0-9.-]+(?::[0-9]*)?(?:[/?#]|\Z)")


def _splits_safely(url: str) -> bool:
    """Whether *url*, printable and free of spaces, splits into a safe scheme (and for the
    web, a host)."""
    from urllib.parse import urlsplit  # only for reports that show links (`show` does not)

    try:
        parts = urlsplit(url)
    except ValueError:  # e.g. an unbalanced IPv6 bracket
        return False
    scheme = parts.scheme.lower()
    if scheme not in SAFE_SCHEMES:
        return False
    return bool(parts.netloc) or scheme not in ("http", "https")


def host(url: str) -> str:
    """What a link to *url* shows: its site (`docslib.org`) when it is a safe web URL, else
    the URL itself (which is then shown as text, never linked)."""
    if safe_url(url) is not None:
        from urllib.parse import urlsplit

        netloc = urlsplit(url).netloc
        if netloc:
            return netloc
    return url
