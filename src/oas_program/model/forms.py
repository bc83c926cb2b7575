"""Reporting forms as data: one actor, one period, a row per activity that concerns it.

Rows carry the activity's id and, for the reader's benefit only, its label, summary and
last reported status; the reporter fills `status`, `date` and optionally `applicability`,
`evidence_text`, `evidence_url` and `self_assessment`. A row left without a status is not
reported and merges as nothing. Making a form is `services.tracking.forms.make_form`;
writing and reading one is a form format's job (`builtin.form_formats`, plugins).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from typing import Any

import attrs

from oas_program.errors import Location
from oas_program.i18n import INTERFACE_LANGUAGES, translate
from oas_program.model.text import LANGUAGES, Text, TextStatus
from oas_program.model.tracking import Applicability, Rating, Status

FORM_VERSION = "1.0"

# Columns in the order forms show them. `label`, `summary` and `previous_status` are context
# for the person filling the form: they are written but never read back.
COLUMNS: tuple[str, ...] = (
    "actor",
    "period",
    "activity",
    "label",
    "summary",
    "previous_status",
    "applicability",
    "status",
    "date",
    "evidence_text",
    "evidence_url",
    "self_assessment",
)
CONTEXT_COLUMNS = frozenset({"label", "summary", "previous_status"})
CODELISTS: dict[str, tuple[str, ...]] = {
    "applicability": tuple(a.value for a in Applicability),
    "status": tuple(s.value for s in Status),
    "self_assessment": tuple(r.value for r in Rating),
}

# In English; the other languages come from the catalogs (context "form:instructions").
INSTRUCTIONS = {
    "en": (
        "Reporting form for {actor}, period {period}. For every activity you worked on, "
        "fill in '{status}' ({statuses}) and '{date}' (YYYY-MM-DD, the date of this report). "
        "Set '{applicability}' to not-applicable if the activity does not concern you. "
        "Add evidence (a short text, a link) and, if you wish, a self-assessment "
        "({ratings}). Leave '{status}' empty for activities you do not report on. "
        "Do not change '{actor_column}', '{period_column}' or '{activity}'."
    ),
}

# Every interface string of the forms: context -> English (what the catalogs translate).
# Besides the instructions, the labels a form format shows around the table (the XLSX
# form's Instructions sheet and its cell hints) and the column headers: a column's English
# header is its name, and a form in another language has that language's headers. Codes
# (`in-progress`) and the JSON form's keys stay English.
FORM_MESSAGES = {
    "form:instructions": INSTRUCTIONS["en"],
    "form:title": "Reporting form: {actor}, {period}",
    "form:report_source": "Reporting form of {actor} for {period}",
    "form:instructions_label": "Instructions",
    "form:program": "Program",
    "form:actor": "Actor",
    "form:period": "Period",
    "form:language": "Language",
    "form:version": "Form version",
    "form:written_by": "Written by",
    "form:codelists": "Codelists",
    "form:not_in_codelist": "Not in the codelist",
    "form:pick": "Pick one of the listed values.",
    "form:date_hint": (
        "Date of this report: YYYY-MM-DD (YYYY-MM or YYYY if that is all you know). "
        "Type it as text, e.g. 2026-03-01."
    ),
    **{f"form-column:{column}": column for column in COLUMNS},
}

# A first cell starting with this mark is a line of instructions, not a row (CSV forms).
INSTRUCTIONS_MARK = "#"


def report_source_title(actor: str, period: str) -> Text:
    """The title of the source a merged form becomes, in the four languages: ours to word."""
    english = FORM_MESSAGES["form:report_source"]
    return Text(
        status=TextStatus.SUMMARY,
        **{
            lang: translate(lang, "form:report_source", english).format(actor=actor, period=period)
            for lang in LANGUAGES
        },
    )


def column_label(column: str, lang: str) -> str:
    """The header of *column* in a form in *lang*."""
    return translate(lang, f"form-column:{column}", column)


def column_named(label: str) -> str | None:
    """The column whose header, in any of the four languages, is *label* (None: none is).

    Filled forms come back with the headers they were written with, in their language, or
    retyped in another: each language's header, whatever its case, names its column."""
    return _columns_by_label().get(label.strip().casefold())


@functools.cache
def _columns_by_label() -> dict[str, str]:
    found: dict[str, str] = {}
    for lang in INTERFACE_LANGUAGES:
        for column in COLUMNS:
            found.setdefault(column_label(column, lang).casefold(), column)
    return found


@attrs.frozen(kw_only=True)
class FormRow:
    """One activity of a form, as written or as filled in (all values as text)."""

    activity: str
    label: str = ""
    summary: str = ""
    previous_status: str = ""
    applicability: str = Applicability.ASSIGNED.value
    status: str = ""
    date: str = ""
    evidence_text: str = ""
    evidence_url: str = ""
    self_assessment: str = ""


@attrs.frozen(kw_only=True)
class Form:
    """A reporting form for one actor and one period."""

    program: str
    """Id of the program the form was made from."""
    actor: str
    period: str
    lang: str = "en"
    rows: tuple[FormRow, ...] = ()

    def word(self, key: str, **values: object) -> str:
        """A form label (FORM_MESSAGES, without `form:`) in the form's language."""
        text = translate(self.lang, f"form:{key}", FORM_MESSAGES[f"form:{key}"])
        return text.format(**values) if values else text

    @property
    def instructions(self) -> str:
        """What to fill in, naming the columns by their headers in the form's language (the
        CSV and XLSX forms)."""
        return self._instructions(lambda column: column_label(column, self.lang))

    @property
    def instructions_by_key(self) -> str:
        """The same, naming the columns by their keys (the JSON form, whose keys are English)."""
        return self._instructions(lambda column: column)

    def _instructions(self, header: Callable[[str], str]) -> str:
        template = translate(self.lang, "form:instructions", INSTRUCTIONS["en"])
        return template.format(
            actor=self.actor,
            period=self.period,
            statuses=", ".join(CODELISTS["status"]),
            ratings=", ".join(CODELISTS["self_assessment"]),
            status=header("status"),
            date=header("date"),
            applicability=header("applicability"),
            actor_column=header("actor"),
            period_column=header("period"),
            activity=header("activity"),
        )


@attrs.frozen(kw_only=True)
class FilledForm:
    """A form read back, with where each row (and the form's header) came from."""

    form: Form
    name: str
    """The file, as messages name it."""
    row_locations: tuple[Callable[[str | None], Location], ...]
    """For each row: the location of a column (None: the row itself)."""
    header: Location

    def where(self, index: int, column: str | None = None) -> Location:
        return self.row_locations[index](column)


def cells(form: Form, row: FormRow) -> list[str]:
    values = {"actor": form.actor, "period": form.period, **attrs.asdict(row)}
    return [values[column] for column in COLUMNS]


def rows_as_records(form: Form) -> Sequence[dict[str, Any]]:
    """The form's rows as dicts in column order (for formats that write tables)."""
    return [dict(zip(COLUMNS, cells(form, row), strict=True)) for row in form.rows]
