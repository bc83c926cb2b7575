"""What the human-readable exporters (Markdown, HTML) share: language choice with visible
fallback, the fixed interface strings in each language (English in `catalog`), and the names
of the program's entities. Clean text and safe links are `safe_text`'s.

Escaping itself is format-specific and stays in each exporter; this module only decides
*what* to show (which language, whether it is a summary).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs

from oas_program.errors import UsageError
from oas_program.i18n import translate
from oas_program.model.activity import Activity, Addressee
from oas_program.model.actor import Actor
from oas_program.model.objective import Objective
from oas_program.model.program import Declaration
from oas_program.model.resolution import Resolution
from oas_program.model.text import LANGUAGES, Text, TextStatus
from oas_program.services.reports import facts as report
from oas_program.services.reports.catalog import CODE_WORDS, INTERFACE
from oas_program.services.reports.safe_text import clean

if TYPE_CHECKING:
    from oas_program.model.program import Program
    from oas_program.services.reports.facts import Subject

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


# Each language's name for itself, for the language switch.
LANGUAGE_NAMES = {"en": "English", "es": "Español", "fr": "Français", "pt": "Português"}


@attrs.frozen
class Labels:
    """The fixed strings of a report for one requested language."""

    lang: str
    """The language the strings are in (every OAS official language has a catalog)."""
    requested: str

    def __call__(self, key: str, **values: object) -> str:
        text = translate(self.lang, key, INTERFACE["en"][key])
        return text.format(**values) if values else text

    def code(self, kind: str, value: str, **values: object) -> str:
        """The word for a model code (`code("resolution", "adoption")`)."""
        key = f"{kind}:{value}"
        text = translate(self.lang, key, CODE_WORDS["en"][key])
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
