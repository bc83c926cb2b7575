"""Built-in validator: what the data records against what the sources say exists.

These findings are warnings and information, not errors: a gap the sources leave open is
reported, with the sources of the count, and stays open until a source fills it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from oas_program.i18n import Message, Templates, joined, message
from oas_program.model import (
    Activity,
    Actor,
    Certainty,
    Note,
    Objective,
    Program,
    Quantifier,
    Resolution,
    Text,
    TextStatus,
)
from oas_program.model.activity import ADDRESSEE_LABELS
from oas_program.model.text import LANGUAGES
from oas_program.plugins.descriptors import Finding, Rule, Severity, Validator
from oas_program.plugins.hookspecs import hookimpl
from oas_program.services.reports.catalog import REPORT_MESSAGES
from oas_program.services.validation.walk import walked

if TYPE_CHECKING:
    from collections.abc import Iterator

    from oas_program.model import Declaration

DECLARED_NOT_RECORDED = Rule(
    code="declared-not-recorded",
    severity=Severity.WARNING,
    summary='Every activity a declaration counts ("33 activities for the General '
    "Secretariat\") is recorded; reports how many are not, with the declaration's sources.",
    fix="Record the missing activities when their text is found; until then the gap stays "
    "open and visible (never fill it with invented activities).",
)
RECORDED_EXCEEDS_DECLARED = Rule(
    code="recorded-exceeds-declared",
    severity=Severity.WARNING,
    summary="No more activities are recorded for a group than an exact (or `almost`) "
    "declared count allows.",
    fix="Look for duplicates, and mark activities added after adoption with `added` "
    "(declarations with `original_only` count the program as adopted).",
)
CONFLICTING_DECLARATIONS = Rule(
    code="conflicting-declarations",
    severity=Severity.WARNING,
    summary="Declarations that count the same addressee groups agree.",
    fix="Check both sources; keep both declarations with their sources, and say in a note "
    "which count holds once that is known.",
)
MISSING_LANGUAGE = Rule(
    code="missing-language",
    severity=Severity.INFO,
    summary="Our own texts (status `summary`: summaries, labels, titles, notes) exist in each "
    "OAS official language (en, es, fr, pt); one finding per language says how many lack it, "
    "pointing at the first.",
    fix="Translate the text into that language: our words are ours to translate.",
)
OFFICIAL_FORM_UNKNOWN = Rule(
    code="official-form-unknown",
    severity=Severity.INFO,
    summary="Official names and wording (status `official`) are recorded in each OAS official "
    "language whose official form is known; one finding per language says how many are not "
    "known in it, pointing at the first.",
    fix="Add the language when an OAS document in that language gives the official form; "
    "never translate official wording yourself.",
)
SUMMARY_ONLY = Rule(
    code="summary-only",
    severity=Severity.INFO,
    summary="Activities and objectives carry their official wording (`text`), not only our "
    "summary; one finding per collection, pointing at the first.",
    fix="Add `text` with status `official` where the program's wording is found.",
)
OFFICIAL_FIELD_SUMMARY = Rule(
    code="official-field-summary",
    severity=Severity.WARNING,
    summary="Fields meant for official wording (the program's title, actor names and "
    "acronyms, resolution titles, `text`) are not marked `summary`.",
    fix="Put our own words in `summary` (or `role`), and keep only official wording in this "
    "field, marked `official`.",
)
CONFIRMED_WITHOUT_SOURCE = Rule(
    code="confirmed-without-source",
    severity=Severity.WARNING,
    summary="A note marked `confirmed` cites at least one source in its own `sources`, and "
    "every declared count cites the source that states it: certainty and sourcing agree.",
    fix="Add the ids of the sources that state it; if no source does, mark the note "
    "`uncertain` (or `unknown`) and say what is missing.",
)

RULES = (
    DECLARED_NOT_RECORDED,
    RECORDED_EXCEEDS_DECLARED,
    CONFLICTING_DECLARATIONS,
    MISSING_LANGUAGE,
    OFFICIAL_FORM_UNKNOWN,
    SUMMARY_ONLY,
    OFFICIAL_FIELD_SUMMARY,
    CONFIRMED_WITHOUT_SOURCE,
)

# The messages (catalog context `finding:<key>`) and the words they hold, in English; the
# catalogs give the other languages (`validate --lang`).
_TEXT = Templates(
    "finding",
    {
        "declared-not-recorded": "{head}; {recorded}, {gap}: record them when their text is "
        "found, and leave the gap open until then",
        # Counted words have a form for one and one for more: English writes both alike.
        "recorded:one": "{n} recorded",
        "recorded:other": "{n} recorded",
        "declared-not-recorded:exact:one": "{n} not recorded",
        "declared-not-recorded:exact:other": "{n} not recorded",
        "declared-not-recorded:more-than": "more than {n} not recorded",
        "declared-not-recorded:about": "about {n} not recorded (the declared count is not exact)",
        "recorded-exceeds-declared": "{head}; {recorded}, more than the count allows: look for "
        "duplicates, and mark later additions with `added`",
        "declared:one": "{declared} activity declared for {groups}",
        "declared:other": "{declared} activities declared for {groups}",
        "declared:one:adopted": "{declared} activity declared for {groups} (program as adopted)",
        "declared:other:adopted": "{declared} activities declared for {groups} (program as "
        "adopted)",
        "conflicting-declarations": "declarations '{first}' ({first_count}) and '{second}' "
        "({second_count}) count the activities for {groups} differently; keep both with their "
        "sources until one is confirmed, then say which holds in a note",
        "missing-language": "{language} ({code}) is missing from {lacking} of {total} texts "
        "in our words, starting here; translate them",
        "official-form-unknown": "the official {language} ({code}) form of {lacking} of {total} "
        "official names and texts is not known, starting here; add it when an OAS document in "
        "that language gives it",
        "summary-only:activities": "{lacking} of {total} activities have only our summary, no "
        "official wording, starting here; add `text` (status official) where the wording is "
        "found",
        "summary-only:objectives": "{lacking} of {total} objectives have only our summary, no "
        "official wording, starting here; add `text` (status official) where the wording is "
        "found",
        "official-field-summary": "`{field}` holds official wording but this text is marked "
        "summary; put our words in the summary field and keep official wording here",
        "confirmed-without-source:declaration": "declaration '{id}' states a count but cites no "
        "source; add the source that states it",
        "confirmed-without-source:note": "note is marked confirmed but cites no source; add the "
        "sources that state it, or mark it uncertain",
    },
)
_LANGUAGE = Templates(
    "language-name", {"en": "English", "es": "Spanish", "fr": "French", "pt": "Portuguese"}
)
COMPLETENESS_MESSAGES = {**_TEXT.messages(), **_LANGUAGE.messages()}
# Fields whose Text must be official wording.
_OFFICIAL_FIELDS: frozenset[tuple[type, str]] = frozenset(
    {
        (Program, "title"),
        (Actor, "name"),
        (Actor, "acronym"),
        (Resolution, "title"),
        (Activity, "text"),
        (Objective, "text"),
    }
)


def _declared(declaration: Declaration) -> Message:
    """`almost 70`: the count with its quantifier (the reports' words, `quantifier:*`)."""
    context = f"quantifier:{declaration.quantifier.value}"
    return message(context, REPORT_MESSAGES[context], n=declaration.count)


def _groups(declaration: Declaration) -> Message:
    """The addressee groups, `Member states + Civil society organizations` (`addressee:*`)."""
    labels = [message(f"addressee:{a.value}", ADDRESSEE_LABELS[a]) for a in declaration.addressees]
    return joined(labels, " + ")


def _head(declaration: Declaration) -> Message:
    """`33 activities declared for General Secretariat ... (program as adopted)`."""
    scope = ":adopted" if declaration.original_only else ""
    return _TEXT(
        f"declared:{_form(declaration.count)}{scope}",
        declared=_declared(declaration),
        groups=_groups(declaration),
    )


def _form(count: int) -> str:
    """The key suffix of a word counted *count* times (the catalogs' `:one` or `:other`)."""
    return "one" if count == 1 else "other"


def _recorded(count: int) -> Message:
    return _TEXT(f"recorded:{_form(count)}", n=count)


def _counts(program: Program) -> Iterator[Finding]:
    for number, item in enumerate(program.completeness()):
        declaration = item.declaration
        here = f"/declarations/{number}"
        recorded, count = item.recorded, declaration.count
        head = _head(declaration)
        quantifier = declaration.quantifier
        gap: Message | None = None
        if quantifier is Quantifier.EXACTLY and recorded < count:
            gap = _TEXT(
                f"declared-not-recorded:exact:{_form(count - recorded)}", n=count - recorded
            )
        elif quantifier is Quantifier.MORE_THAN and recorded <= count:
            gap = _TEXT("declared-not-recorded:more-than", n=count - recorded)
        elif quantifier in (Quantifier.ABOUT, Quantifier.ALMOST) and recorded < count:
            gap = _TEXT("declared-not-recorded:about", n=count - recorded)
        if gap is not None:
            yield DECLARED_NOT_RECORDED.finding(
                _TEXT("declared-not-recorded", head=head, recorded=_recorded(recorded), gap=gap),
                here,
                declaration.sources,
            )
        too_many = (quantifier is Quantifier.EXACTLY and recorded > count) or (
            quantifier is Quantifier.ALMOST and recorded >= count
        )
        if too_many:
            yield RECORDED_EXCEEDS_DECLARED.finding(
                _TEXT("recorded-exceeds-declared", head=head, recorded=_recorded(recorded)),
                here,
                declaration.sources,
            )


def _conflicts(program: Program) -> Iterator[Finding]:
    position = {id(d): number for number, d in enumerate(program.declarations)}
    for first, second in program.conflicting_declarations():
        sources = dict.fromkeys((*first.sources, *second.sources))
        yield CONFLICTING_DECLARATIONS.finding(
            _TEXT(
                "conflicting-declarations",
                first=first.id,
                first_count=_declared(first),
                second=second.id,
                second_count=_declared(second),
                groups=_groups(first),
            ),
            f"/declarations/{position[id(second)]}",
            sources,
        )


# (pointer, owner, field name, text) of every Text in the program.
_Texts = list[tuple[str, Any, str, Text]]


def _languages(all_texts: _Texts) -> Iterator[Finding]:
    # Our words can always be translated; an official form in a language is known only from
    # an OAS document in it, so a gap there is reported apart, as what it is.
    for status, rule in (
        (TextStatus.SUMMARY, MISSING_LANGUAGE),
        (TextStatus.OFFICIAL, OFFICIAL_FORM_UNKNOWN),
    ):
        texts = [(pointer, text) for pointer, _, _, text in all_texts if text.status is status]
        for language in LANGUAGES:
            lacking = [pointer for pointer, text in texts if text.get(language) is None]
            if lacking:
                yield rule.finding(
                    _TEXT(
                        rule.code,
                        language=_LANGUAGE(language),
                        code=language,
                        lacking=len(lacking),
                        total=len(texts),
                    ),
                    lacking[0],
                )


def _official(program: Program, texts: _Texts) -> Iterator[Finding]:
    for collection in ("activities", "objectives"):
        items = getattr(program, collection)
        lacking = [i for i, item in enumerate(items) if item.text is None]
        if lacking:
            yield SUMMARY_ONLY.finding(
                _TEXT(f"summary-only:{collection}", lacking=len(lacking), total=len(items)),
                f"/{collection}/{lacking[0]}",
            )
    for pointer, owner, field, value in texts:
        if (type(owner), field) in _OFFICIAL_FIELDS and value.status is TextStatus.SUMMARY:
            yield OFFICIAL_FIELD_SUMMARY.finding(
                _TEXT("official-field-summary", field=field), f"{pointer}/status"
            )


def _unsourced(program: Program, notes: list[tuple[str, Note]]) -> Iterator[Finding]:
    for number, declaration in enumerate(program.declarations):
        if not declaration.sources:
            yield CONFIRMED_WITHOUT_SOURCE.finding(
                _TEXT("confirmed-without-source:declaration", id=declaration.id),
                f"/declarations/{number}",
            )
    for pointer, note in notes:
        if note.certainty is Certainty.CONFIRMED and not note.sources:
            yield CONFIRMED_WITHOUT_SOURCE.finding(_TEXT("confirmed-without-source:note"), pointer)


def check(program: Program) -> Iterator[Finding]:
    yield from _counts(program)
    yield from _conflicts(program)
    # One walk for the checks below, shared with the other layers: it visits every field
    # of a large program.
    shared = walked(program)
    yield from _languages(shared.texts)
    yield from _official(program, shared.texts)
    yield from _unsourced(program, shared.notes)


@hookimpl
def oas_program_validators() -> list[Validator]:
    return [
        Validator(
            name="completeness",
            rules=RULES,
            check=check,
            description="Declared against recorded counts, languages, official wording.",
        )
    ]
