"""Reporting forms: one actor, one period, a row per activity that concerns the actor.

A form is made from a program (`make_form`), written in a form format (JSON and CSV built
in; plugins add more through `oas_program_form_formats`), filled in by the actor, read back
(`FilledForm`, with the location of every row) and merged into the program (`merge.py`).

Rows carry the activity's id and, for the reader's benefit only, its label, summary and
last reported status; the reporter fills `status`, `date` and optionally `applicability`,
`evidence_text`, `evidence_url` and `self_assessment`. A row left without a status is not
reported and merges as nothing.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence
from typing import IO, TYPE_CHECKING, Any

import attrs

from oas_program.errors import DataError, Problem
from oas_program.model.tracking import Applicability, Observation, Rating, Status
from oas_program.plugin_api import ImportSource, Location

if TYPE_CHECKING:
    from oas_program.model.program import Program

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

INSTRUCTIONS = {
    "en": (
        "Reporting form for {actor}, period {period}. For every activity you worked on, "
        "fill in 'status' ({statuses}) and 'date' (YYYY-MM-DD, the date of this report). "
        "Set 'applicability' to not-applicable if the activity does not concern you. "
        "Add evidence (a short text, a link) and, if you wish, a self-assessment "
        "({ratings}). Leave 'status' empty for activities you do not report on. "
        "Do not change 'actor', 'period' or 'activity'."
    ),
    "es": (
        "Formulario de informe de {actor}, período {period}. Para cada actividad en la que "
        "trabajó, complete 'status' ({statuses}) y 'date' (AAAA-MM-DD, la fecha de este "
        "informe). Ponga 'applicability' en not-applicable si la actividad no le concierne. "
        "Añada pruebas (un texto breve, un enlace) y, si lo desea, una autoevaluación "
        "({ratings}). Deje 'status' vacío en las actividades sobre las que no informa. "
        "No cambie 'actor', 'period' ni 'activity'."
    ),
}


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

    @property
    def instructions(self) -> str:
        template = INSTRUCTIONS.get(self.lang, INSTRUCTIONS["en"])
        return template.format(
            actor=self.actor,
            period=self.period,
            statuses=", ".join(CODELISTS["status"]),
            ratings=", ".join(CODELISTS["self_assessment"]),
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


def make_form(program: Program, actor_id: str, period: str, lang: str = "en") -> Form:
    """The form for *actor_id*: a row per activity that concerns it, with its last status."""
    actor = program.actor(actor_id)  # KeyError names an unknown actor
    # The actor's latest observation per activity, in one pass: asking `program.current` row
    # by row would scan every observation once per activity. On equal order keys the later
    # one wins, as in `current`.
    latest: dict[str, Observation] = {}
    for observation in program.observations:
        if observation.actor == actor.id:
            known = latest.get(observation.activity)
            if known is None or observation.order >= known.order:
                latest[observation.activity] = observation
    rows = []
    for activity in program.activities_for(actor.id, descendants=False):
        previous = latest.get(activity.id)
        rows.append(
            FormRow(
                activity=activity.id,
                label=activity.label,
                summary=activity.summary.best(lang)[1],
                previous_status=f"{previous.status.value} ({previous.period})" if previous else "",
            )
        )
    return Form(program=program.id, actor=actor.id, period=period, lang=lang, rows=tuple(rows))


def _cells(form: Form, row: FormRow) -> list[str]:
    values = {"actor": form.actor, "period": form.period, **attrs.asdict(row)}
    return [values[column] for column in COLUMNS]


# ---- JSON ---------------------------------------------------------------------------------


def write_json(form: Form, stream: IO[bytes]) -> None:
    from oas_program.io import dumps_json

    data = {
        "form_version": FORM_VERSION,
        "program": form.program,
        "actor": form.actor,
        "period": form.period,
        "lang": form.lang,
        "instructions": form.instructions,
        "codelists": {name: list(values) for name, values in CODELISTS.items()},
        "rows": [
            {
                k: v
                for k, v in zip(COLUMNS, _cells(form, row), strict=True)
                if k not in ("actor", "period")
            }
            for row in form.rows
        ],
    }
    stream.write(dumps_json(data).encode("utf-8"))


def read_json(source: ImportSource) -> FilledForm:
    from oas_program.io import parse_json
    from oas_program.positions import json_locator

    raw = source.read_bytes()
    data = parse_json(raw, source.name, source.limits)
    locate = json_locator(raw, source.name)

    def at(pointer: str) -> Location:
        found = locate(pointer)
        line, column = (found.line, found.column) if found else (None, None)
        return Location(file=source.name, line=line, column=column)

    problems = []
    if not isinstance(data, dict):
        raise DataError.one("root-type", "expected a form object at the root", file=source.name)
    for key in ("actor", "period", "rows"):
        if key not in data:
            problems.append(_problem(at(""), "required", f"/{key}: required"))
    if problems:
        raise DataError(problems)
    rows, locations = [], []
    known = attrs.fields_dict(FormRow)  # builds a new dict per call: once, not per key
    for index, item in enumerate(data["rows"] if isinstance(data["rows"], list) else []):
        pointer = f"/rows/{index}"
        if not isinstance(item, dict):
            problems.append(_problem(at(pointer), "type-error", f"{pointer}: expected an object"))
            continue
        values = {k: v for k, v in item.items() if k in known}
        unknown = sorted(set(item) - set(known))
        if unknown:
            problems.append(
                _problem(
                    at(pointer), "unknown-key", f"{pointer}: unknown key(s): {', '.join(unknown)}"
                )
            )
        for key, value in values.items():
            if value is not None and not isinstance(value, str):
                problems.append(
                    _problem(
                        at(f"{pointer}/{key}"), "type-error", f"{pointer}/{key}: expected a string"
                    )
                )
        if item.get("activity") is None:
            problems.append(_problem(at(pointer), "required", f"{pointer}/activity: required"))
        if not isinstance(item.get("activity"), str):
            continue  # reported above: missing, or not a string
        rows.append(FormRow(**{k: v or "" for k, v in values.items() if isinstance(v, str | None)}))
        locations.append(lambda column, p=pointer: at(f"{p}/{column}" if column else p))
    if problems:
        raise DataError(problems)
    form = Form(
        program=str(data.get("program", "")),
        actor=str(data["actor"]),
        period=str(data["period"]),
        lang=str(data.get("lang", "en")),
        rows=tuple(rows),
    )
    return FilledForm(form=form, name=source.name, row_locations=tuple(locations), header=at(""))


# ---- CSV ----------------------------------------------------------------------------------


def write_csv(form: Form, stream: IO[bytes], raw_cells: bool = False) -> None:
    from oas_program.cells import neutralise

    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in form.rows:
        writer.writerow([value if raw_cells else neutralise(value) for value in _cells(form, row)])
    stream.write(buffer.getvalue().encode("utf-8"))


def read_csv(source: ImportSource) -> FilledForm:
    from oas_program.cells import restore
    from oas_program.io import decode_text

    text = decode_text(source.read_bytes(), source.name)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    problems: list[Problem] = []
    try:
        records = [(reader.line_num, record) for record in reader]
    except csv.Error as error:
        raise DataError.one(
            "csv-syntax", str(error), file=source.name, line=reader.line_num
        ) from None
    if not records:
        raise DataError.one("empty", "empty form; expected a header row", file=source.name)
    header_line, header = records[0]
    for column in ("actor", "period", "activity"):
        if column not in header:
            problems.append(
                Problem(
                    code="missing-label",
                    message=f"required column {column!r} is missing",
                    file=source.name,
                    line=1,
                )
            )
    for number, label in enumerate(header, start=1):
        if label not in COLUMNS:
            problems.append(
                Problem(
                    code="unknown-column",
                    message=f"column {number}: unknown column {label!r}",
                    file=source.name,
                    line=1,
                    column=number,
                )
            )
        elif header.index(label) != number - 1:
            problems.append(
                Problem(
                    code="duplicate-label",
                    message=f"column {number}: duplicate header {label!r}",
                    file=source.name,
                    line=1,
                    column=number,
                )
            )
    if problems:
        raise DataError(problems)

    def locate(line: int) -> Callable[[str | None], Location]:
        return lambda column: Location(
            file=source.name,
            line=line,
            column=header.index(column) + 1 if column in header else None,
        )

    rows, locations, heads = [], [], set()
    for line, record in records[1:]:
        if not any(cell.strip() for cell in record):
            continue  # a blank line between rows
        if len(record) != len(header):
            problems.append(
                Problem(
                    code="extra-cell" if len(record) > len(header) else "missing-cell",
                    message=f"{len(record)} cells, header has {len(header)}",
                    file=source.name,
                    line=line,
                )
            )
            continue
        values = {label: restore(cell) for label, cell in zip(header, record, strict=True)}
        heads.add((values["actor"], values["period"]))
        fields = {k: v for k, v in values.items() if k in attrs.fields_dict(FormRow)}
        rows.append(FormRow(**fields))
        locations.append(locate(line))
    if problems:
        raise DataError(problems)
    if len(heads) > 1:
        raise DataError.one(
            "form-mixed",
            "rows name more than one actor or period; one form is one actor and one period",
            file=source.name,
        )
    actor, period = next(iter(heads)) if heads else ("", "")
    form = Form(program="", actor=actor, period=period, rows=tuple(rows))
    return FilledForm(
        form=form,
        name=source.name,
        row_locations=tuple(locations),
        header=Location(file=source.name, line=header_line),
    )


def _problem(location: Location, code: str, message: str) -> Problem:
    return Problem(
        code=code,
        message=message,
        file=location.file,
        line=location.line,
        column=location.column,
        place=location.place,
    )


def rows_as_records(form: Form) -> Sequence[dict[str, Any]]:
    """The form's rows as dicts in column order (for formats that write tables)."""
    return [dict(zip(COLUMNS, _cells(form, row), strict=True)) for row in form.rows]
