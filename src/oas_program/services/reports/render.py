"""What the human-readable exporters (Markdown, HTML) share: clean text, language choice with
visible fallback, safe links and the fixed interface strings in each language.

Escaping itself is format-specific and stays in each exporter; this module only decides
*what* to show (which language, whether it is a summary, whether a URL may become a link).
"""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING

import attrs

from oas_program.errors import UsageError
from oas_program.i18n import translate
from oas_program.model.activity import ADDRESSEE_LABELS, Activity, Addressee
from oas_program.model.actor import Actor
from oas_program.model.objective import Objective
from oas_program.model.program import Declaration
from oas_program.model.resolution import Resolution
from oas_program.model.text import LANGUAGES, Text, TextStatus
from oas_program.services.reports import facts as report

if TYPE_CHECKING:
    from oas_program.model.program import Program
    from oas_program.services.reports.facts import Subject

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


# ---- language ------------------------------------------------------------------------------


def check_lang(lang: str) -> str:
    """*lang* if it is one of the OAS languages, else a usage error (exit 2)."""
    if lang not in LANGUAGES:
        raise UsageError(f"unknown language {lang!r}; expected one of {', '.join(LANGUAGES)}")
    return lang


@attrs.frozen
class Localized:
    """A text chosen for one requested language."""

    value: str
    """The text, cleaned (see `clean`)."""
    lang: str
    """The language the text is in."""
    requested: str
    summary: bool = False
    """True when the text is our summary, not official wording: the output must say so."""

    @property
    def fallback(self) -> bool:
        """True when the text is not in the requested language: the output marks it."""
        return self.lang != self.requested


def localize(text: Text, lang: str) -> Localized:
    """*text* in *lang*, or in the first language it has (marked as a fallback)."""
    used, value = text.best(lang)
    return Localized(clean(value), used, lang, text.status is TextStatus.SUMMARY)


def working(text: Text, lang: str) -> Localized:
    """One of our working texts (labels, notes, source titles) for *lang*: ours by
    definition, so not marked as a summary; a fallback to another language is marked."""
    used, value = text.best(lang)
    return Localized(clean(value), used, lang)


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


# ---- interface strings -----------------------------------------------------------------------

# Keyed by a stable name, in English; the name is the gettext context and the English text
# the message id of the translations in the catalogs (oas_program/locale, see i18n.py).
_UI: dict[str, dict[str, str]] = {
    "en": {
        "report": "Program report",
        # `oas-program actors`: the table's header row and its last line.
        "actors_id": "ID",
        "actors_name": "NAME",
        "actors_kind": "KIND",
        "actors_membership": "MEMBERSHIP",
        "actors_none": "no actor of this kind",
        "actors_total": "{n} actors",
        "adopted": "Adopted by {symbol} on {date}.",
        "adopted_undated": "Adopted by {symbol}; the date is not known.",
        "about": "About this report",
        "about_summary": (
            "Texts marked “summary” are our summaries of the sources, not official OAS "
            "wording: quote the official documents, not this report."
        ),
        "about_fallback": (
            "Texts marked with a language code, such as “es”, are not recorded in English "
            "and are shown in that language instead."
        ),
        "about_generated": (
            "This report is generated from the data (format {version}); it is not an "
            "official OAS document."
        ),
        "summary_mark": "summary",
        "contents": "Contents",
        "skip": "Skip to the report",
        "language": "Language",
        "overview": "Overview",
        "figures": "Figures",
        "figure": "Figure",
        "count": "Count",
        "n_objectives": "Objectives",
        "n_activities": "Activities recorded",
        "n_actors": "Actors",
        "n_resolutions": "Resolutions",
        "n_documents": "Documents",
        "n_meetings": "Meetings",
        "n_sources": "Sources",
        "n_open": "Open questions",
        "open": "What the sources leave open",
        "open_intro": (
            "What is uncertain or unknown. The data records these gaps instead of filling them in."
        ),
        "none_open": "No open question is recorded.",
        "other_notes": "Other notes",
        "concerning": "Concerning",
        "program": "the program",
        "certainty": "Certainty",
        "note": "Note",
        "objectives": "Objectives and the activities that serve them",
        "objective_general": "General objective",
        "objective_specific": "Specific objective",
        "number_unknown": "number not known",
        "refines": "Refines",
        "official_text": "Official text",
        "serving": "Activities that serve it",
        "no_serving": "No activity is linked to this objective in the sources.",
        "serves": "Objectives it serves",
        "none_linked": "none linked in the sources",
        "by_addressee": "Activities by addressee group",
        "by_actor": "Activities by actor",
        "whole_group": "Activities addressed to a whole group, without named actors",
        "no_activities": "No activity recorded in the data.",
        "activity": "Activity",
        "summary": "Summary",
        "assigned": "Assigned to",
        "role": "Role",
        "nobody": "the whole group",
        "added": "added {date}",
        "timeline": "Resolutions in date order",
        "date": "Date",
        "symbol": "Symbol",
        "title": "Title",
        "no_title": "title not known",
        "undated": "date not known",
        "completeness": "Completeness",
        "completeness_intro": (
            "Counts the sources declare, against the activities the data records for the "
            "same addressee groups."
        ),
        "groups": "Addressee groups",
        "declared": "Declared",
        "recorded": "Recorded",
        "missing": "Not recorded",
        "statement": "What the source says",
        "sources": "Sources",
        "not_exact": "not exact",
        "conflicts": "Conflicting counts",
        "conflict": "These declarations count the same groups but disagree:",
        "no_conflicts": "No conflicting counts.",
        "members": "Member states",
        "state": "State",
        "iso": "ISO 3166-1 code",
        "membership": "Membership",
        "participation": "Participation of its government",
        "copy": "Third-party copy",
        "sources_note": "A title links to the source's official location, on its publisher's "
        "site; a third-party copy is a copy found on another site, which is not the publisher "
        "and may differ from the original.",
        "source": "Source",
        "kind": "Kind",
        "id": "Id",
        "none": "none",
        "from": "from {date}",
        "until": "until {date}",
        "and": " and ",
        "progress": "Implementation progress",
        "no_reports": "No implementation report is recorded in the data.",
        "progress_intro": (
            "The status of each expected (actor, activity) pair, from its latest report over "
            "every reporting period recorded. Reports recorded: {reports}; expected pairs: "
            "{pairs}. A pair without a report is “no report”. Shares are of the applicable "
            "pairs: pairs marked not applicable are left out."
        ),
        "heat_map": "Status by actor and activity",
        "heat_caption": (
            "Status of each expected pair: actors in rows, activities in columns. An empty "
            "cell is a pair that is not expected."
        ),
        "key": "Key",
        "actor": "Actor",
        "by_status": "All expected pairs by status",
        "chart_desc": "Horizontal bar chart, one bar per status. {figures}.",
        "status": "Status",
        "pairs": "Pairs",
        "share": "Share of applicable pairs",
        "total": "Total",
        "completed_share": "% completed",
        "all_pairs": "All pairs",
        "progress_by_actor": "Progress by actor",
        "progress_by_activity": "Progress by activity",
        "percent": "{value}%",
        "decimal_mark": ".",
    },
}

# Words for the model's codes, in English; translated through the catalogs like _UI.
_CODES: dict[str, dict[str, str]] = {
    "en": {
        **{f"addressee:{a.value}": label for a, label in ADDRESSEE_LABELS.items()},
        "resolution:background": "background",
        "resolution:mandate": "mandate",
        "resolution:adoption": "adoption",
        "resolution:follow-up": "follow-up",
        "resolution:related": "related",
        "assignment:responsible": "responsible",
        "assignment:co-responsible": "co-responsible",
        "assignment:supporting": "supporting",
        "certainty:confirmed": "confirmed",
        "certainty:uncertain": "uncertain",
        "certainty:unknown": "unknown",
        "quantifier:exactly": "{n}",
        "quantifier:about": "about {n}",
        "quantifier:almost": "almost {n}",
        "quantifier:more-than": "more than {n}",
        "source:official-page": "official OAS page",
        "source:official-document": "official OAS document",
        "source:third-party-copy": "third-party copy",
        "source:press": "press",
        "source:official": "official",
        "source:summary": "summary",
        "source:seed": "seed page",
        "source:report": "report",
        "source:illustrative": "illustrative (invented)",
        "actor-kind:oas-organ": "OAS organ",
        "actor-kind:gs-area": "General Secretariat area or OAS entity",
        "actor-kind:specialized-organization": "inter-American specialized organization",
        "actor-kind:member-state": "member state",
        "actor-kind:multilateral": "multilateral or regional organization",
        "actor-kind:civil-society": "civil society",
        "membership:member": "member",
        "membership:excluded": "excluded",
        "participation:participating": "participating",
        "participation:excluded": "excluded from participation",
        "participation:not-participating": "not participating",
        "status:not-started": "not started",
        "status:planned": "planned",
        "status:in-progress": "in progress",
        "status:completed": "completed",
        "status:discontinued": "discontinued",
        "status:no-information": "no information",
        "status:no-report": "no report",
        "status:not-applicable": "not applicable",
        # Two letters for the heat map's cells, spelled out in its key.
        "status_short:not-started": "NS",
        "status_short:planned": "PL",
        "status_short:in-progress": "IP",
        "status_short:completed": "CO",
        "status_short:discontinued": "DI",
        "status_short:no-information": "NI",
        "status_short:no-report": "NR",
        "status_short:not-applicable": "NA",
    },
}

# Every interface string of the reports: context -> English (what the catalogs translate).
REPORT_MESSAGES: dict[str, str] = {**_UI["en"], **_CODES["en"]}


# Each language's name for itself, for the language switch.
LANGUAGE_NAMES = {"en": "English", "es": "Español", "fr": "Français", "pt": "Português"}


@attrs.frozen
class Labels:
    """The fixed strings of a report for one requested language."""

    lang: str
    """The language the strings are in (every OAS official language has a catalog)."""
    requested: str

    def __call__(self, key: str, **values: object) -> str:
        text = translate(self.lang, key, _UI["en"][key])
        return text.format(**values) if values else text

    def code(self, kind: str, value: str, **values: object) -> str:
        """The word for a model code (`code("resolution", "adoption")`)."""
        key = f"{kind}:{value}"
        text = translate(self.lang, key, _CODES["en"][key])
        return text.format(**values) if values else text

    @property
    def fallback_note(self) -> str | None:
        """Why the interface is not in the requested language, when it is not."""
        return None


def labels(lang: str) -> Labels:
    """The interface strings for *lang*, from its catalog."""
    check_lang(lang)
    return Labels(lang, lang)


# ---- naming entities -----------------------------------------------------------------------


def actor_name(actor: Actor, lang: str) -> Localized:
    """The actor's name, with its acronym when it has one ("Inter-American ... (IACHR)")."""
    name = localize(actor.name, lang)
    if actor.acronym is None:
        return name
    acronym = localize(actor.acronym, name.lang)
    if acronym.lang != name.lang or acronym.value == name.value:
        return name
    return attrs.evolve(name, value=f"{name.value} ({acronym.value})")


def adopted(program: Program, words: Labels) -> str:
    """ "Adopted by AG/RES. 2141 (XXXV-O/05) on 2005-06-07." (raw text, to be escaped)."""
    resolution = report.lookup(program, program.adopted_by, Resolution)
    symbol = resolution.symbol if resolution is not None else program.adopted_by
    if program.adopted_on is None:
        return words("adopted_undated", symbol=symbol)
    return words("adopted", symbol=symbol, date=program.adopted_on)


def subject_name(subject: Subject, lang: str) -> Localized:
    """A short human name for an entity a note is attached to."""
    if isinstance(subject, Actor):
        return actor_name(subject, lang)
    if isinstance(subject, Activity):
        return working(subject.label, lang)
    if isinstance(subject, Resolution):
        return Localized(clean(subject.symbol), lang, lang)
    if isinstance(subject, Objective | Declaration):
        return Localized(clean(subject.id), lang, lang)
    return localize(subject.title, lang)


def addressee_label(group: Addressee, words: Labels) -> str:
    return words.code("addressee", group.value)
