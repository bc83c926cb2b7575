"""Reporting forms as XLSX workbooks: written with drop-down lists, read back safely.

The workbook has a sheet `Form` (row 1 the header, one row per activity) and a sheet
`Instructions`. The columns the reporter must not change (actor, period, activity) and the
context columns (label, summary, previous status) are grey and locked; the sheet is
protected without a password, which stops accidental edits, not deliberate ones: the reader
checks every value again, and the merge refuses what does not fit the program.

Reading applies the archive checks of the workbook importer (zip bombs, XML entities,
encrypted and macro-enabled files), refuses formula cells, reads Excel dates as ISO text,
and locates every row and column at its cell (`Form!H4`), so the merge can report problems
where the reporter typed them.
"""

from __future__ import annotations

import datetime
import io
import zipfile
from typing import IO, TYPE_CHECKING, Any, cast

import attrs

from oas_program.errors import DataError, ExitCode, Problem
from oas_program.model import forms
from oas_program.plugin_api import Location
from oas_program_xlsx.reader import _load, check_archive
from oas_program_xlsx.workbook import (
    _DROPDOWN_MAX,
    FIXED_DATE,
    CellProblem,
    XlsxWriteError,
    _normalise_zip,
    _put,
    _width,
    string_problem,
)

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from openpyxl.workbook.workbook import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

    from oas_program.plugin_api import ExportOptions, ImportSource

FORM_SHEET = "Form"
INSTRUCTIONS_SHEET = "Instructions"
LISTS_SHEET = "Lists"
"""Hidden sheet holding a codelist too long for an inline drop-down (none is, today)."""

# What the reporter does not fill in: identifying columns and context.
READ_ONLY = frozenset({"actor", "period", "activity"}) | forms.CONTEXT_COLUMNS
_WRAPPED = frozenset({"label", "summary", "evidence_text"})
_FIXED_WIDTHS = {"label": 40.0, "summary": 60.0, "evidence_text": 40.0}
_GREY = "FFD9D9D9"
_INSTRUCTIONS_CHARS = 80  # characters on one line of the instructions paragraph
_LINE_HEIGHT = 15.0  # points per line of 11-point text


# ---- writing ------------------------------------------------------------------------------


def _check(form: forms.Form) -> None:
    """Refuse values a cell cannot hold exactly, before anything is written."""
    problems = []
    for index, record in enumerate(forms.rows_as_records(form)):
        for column, value in record.items():
            found = string_problem(value)
            if found is not None:
                problems.append(CellProblem(f"rows[{index}].{column}", *found))
    if problems:
        raise XlsxWriteError(problems)


def _lists_sheet(wb: Workbook) -> Worksheet:
    if LISTS_SHEET in wb.sheetnames:
        return cast("Worksheet", wb[LISTS_SHEET])
    ws = cast("Worksheet", wb.create_sheet(LISTS_SHEET))
    ws.sheet_state = "hidden"
    return ws


def _dropdown(
    wb: Workbook,
    ws: Worksheet,
    letter: str,
    last_row: int,
    values: tuple[str, ...],
    form: forms.Form,
) -> None:
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    formula = '"' + ",".join(values) + '"'
    if len(formula) > _DROPDOWN_MAX or any("," in v or '"' in v for v in values):
        # Excel refuses an inline list over 255 characters: point at a range instead.
        lists = _lists_sheet(wb)
        number = 1 if lists.cell(row=1, column=1).value is None else lists.max_column + 1
        for row, value in enumerate(values, start=1):
            _put(lists, row, number, value)
        column = get_column_letter(number)
        formula = f"{LISTS_SHEET}!${column}$1:${column}${len(values)}"
    validation = DataValidation(
        type="list",
        formula1=formula,
        allow_blank=True,
        showErrorMessage=True,
        errorTitle=form.word("not_in_codelist"),
        error=form.word("pick"),
    )
    validation.add(f"{letter}2:{letter}{last_row}")
    ws.add_data_validation(validation)


def _date_hint(ws: Worksheet, letter: str, last_row: int, form: forms.Form) -> None:
    from openpyxl.worksheet.datavalidation import DataValidation

    # A date-typed validation would refuse the partial dates the model accepts (2026,
    # 2026-03), so the hint is an input message on an unrestricted validation.
    hint = DataValidation(
        allow_blank=True, showInputMessage=True, promptTitle="date", prompt=form.word("date_hint")
    )
    hint.add(f"{letter}2:{letter}{last_row}")
    ws.add_data_validation(hint)


def _form_sheet(wb: Workbook, ws: Worksheet, form: forms.Form) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill, Protection
    from openpyxl.utils import get_column_letter

    grey = PatternFill(fill_type="solid", start_color=_GREY, end_color=_GREY)
    unlocked = Protection(locked=False)
    widths = []
    for number, name in enumerate(forms.COLUMNS, start=1):
        label = forms.column_label(name, form.lang)
        _put(ws, 1, number, label)
        cell = ws.cell(row=1, column=number)
        cell.font = Font(bold=True)
        if name in READ_ONLY:
            cell.fill = grey
        widths.append(len(label))
    for row_number, record in enumerate(forms.rows_as_records(form), start=2):
        for number, (name, value) in enumerate(record.items(), start=1):
            widths[number - 1] = max(widths[number - 1], _put(ws, row_number, number, value))
            cell = ws.cell(row=row_number, column=number)
            cell.alignment = Alignment(vertical="top", wrap_text=name in _WRAPPED)
            if name in READ_ONLY:
                cell.fill = grey
            else:
                cell.protection = unlocked
                # Text format: Excel then keeps `2026-03` or `1.10` as typed.
                cell.number_format = "@"
    for number, name in enumerate(forms.COLUMNS, start=1):
        width = _FIXED_WIDTHS.get(name, _width(widths[number - 1]))
        ws.column_dimensions[get_column_letter(number)].width = width
    last_row = len(form.rows) + 1
    if form.rows:
        for number, name in enumerate(forms.COLUMNS, start=1):
            letter = get_column_letter(number)
            if name in forms.CODELISTS:
                _dropdown(wb, ws, letter, last_row, forms.CODELISTS[name], form)
            elif name == "date":
                _date_hint(ws, letter, last_row, form)
    _row_heights(ws, form)
    ws.freeze_panes = "D2"  # the header and the columns that say which activity a row is
    _print_setup(ws, f"{form.actor}, {form.period}")
    # No password: protection guards against slips; the reader checks every value anyway.
    ws.protection.sheet = True
    ws.protection.formatColumns = False
    ws.protection.formatRows = False


def _lines(text: str, width: float) -> int:
    """How many lines *text* takes wrapped in a column *width* characters wide."""
    chars = max(int(width) - 1, 1)
    return sum(max(1, -(-len(line) // chars)) for line in text.split("\n"))


def _row_heights(ws: Worksheet, form: forms.Form) -> None:
    """Rows tall enough for their wrapped text: spreadsheets do not grow a row for wrapped
    text a program wrote (Excel keeps one line, so a summary shows cut off)."""
    for row_number, record in enumerate(forms.rows_as_records(form), start=2):
        lines = max(
            (
                _lines(str(value), _FIXED_WIDTHS[name])
                for name, value in record.items()
                if name in _WRAPPED and value
            ),
            default=1,
        )
        if lines > 1:
            ws.row_dimensions[row_number].height = _LINE_HEIGHT * lines


def _print_setup(ws: Worksheet, header: str) -> None:
    """Printed as an official reads it: landscape, all columns on the page's width, the
    header row on every page, a row never split from itself, page numbers at the foot."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0  # as many pages down as the rows need
    from openpyxl.worksheet.properties import PageSetupProperties

    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.print_title_rows = "1:1"
    ws.print_options.gridLines = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.8
    ws.page_margins.header = ws.page_margins.footer = 0.3
    from openpyxl.worksheet.header_footer import HeaderFooterItem

    ws.oddHeader = HeaderFooterItem()
    ws.oddHeader.center.text = header
    ws.oddFooter = HeaderFooterItem()
    ws.oddFooter.center.text = "Page &P of &N"


def _instructions_sheet(ws: Worksheet, form: forms.Form) -> None:
    from openpyxl.styles import Alignment, Font

    from oas_program_xlsx import __version__

    lines: list[tuple[str, ...]] = [
        (form.word("title", actor=form.actor, period=form.period),),
        (form.word("instructions_label"), form.instructions),
        (),
        (form.word("program"), form.program),
        (form.word("actor"), form.actor),
        (form.word("period"), form.period),
        (form.word("language"), form.lang),
        (form.word("version"), forms.FORM_VERSION),
        (form.word("written_by"), f"oas-program-xlsx {__version__}"),
        (),
        (form.word("codelists"),),
        *((name, ", ".join(values)) for name, values in forms.CODELISTS.items()),
    ]
    bold = Font(bold=True)
    for row_number, line in enumerate(lines, start=1):
        for number, value in enumerate(line, start=1):
            _put(ws, row_number, number, value)
            cell = ws.cell(row=row_number, column=number)
            # The title runs on across the row; every other cell wraps in its column.
            cell.alignment = Alignment(vertical="top", wrap_text=row_number > 1)
            if number == 1 and (len(line) == 1 or row_number == 2):
                cell.font = bold  # headings
    ws["A1"].font = Font(bold=True, size=14)
    # Spreadsheets do not grow a row for wrapped text written by a program: size it here.
    ws.row_dimensions[2].height = 15 * (len(form.instructions) // _INSTRUCTIONS_CHARS + 2)
    ws.column_dimensions["A"].width = 18
    ws.column_dimensions["B"].width = _INSTRUCTIONS_CHARS + 10
    _print_setup(ws, form.word("title", actor=form.actor, period=form.period))
    ws.page_setup.orientation = "portrait"
    ws.print_title_rows = None


def form_bytes(form: forms.Form) -> bytes:
    """The XLSX bytes of *form*; XlsxWriteError (nothing produced) for values it cannot hold."""
    from openpyxl import Workbook
    from openpyxl.writer.excel import ExcelWriter

    _check(form)
    wb = Workbook()
    sheet = wb.active
    assert sheet is not None
    sheet.title = FORM_SHEET
    _form_sheet(wb, sheet, form)
    _instructions_sheet(wb.create_sheet(INSTRUCTIONS_SHEET), form)
    if LISTS_SHEET in wb.sheetnames:
        wb.move_sheet(LISTS_SHEET, offset=len(wb.sheetnames))
    wb.properties.creator = "oas-program-xlsx"
    wb.properties.title = form.word("title", actor=form.actor, period=form.period)
    wb.properties.created = FIXED_DATE
    wb.properties.modified = FIXED_DATE
    buffer = io.BytesIO()
    # ExcelWriter, not Workbook.save: save() stamps the current time as the modified date.
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(wb, archive).write_data()
    return _normalise_zip(buffer.getvalue())


def write_form(form: forms.Form, stream: IO[bytes], options: ExportOptions) -> None:
    """The form format's `write`: the workbook is built in memory, then written once.

    `options.raw_cells` changes nothing: text is always a string cell, never a formula."""
    stream.write(form_bytes(form))


# ---- reading ------------------------------------------------------------------------------


@attrs.define
class _Reading:
    file: str
    structure: list[Problem] = attrs.Factory(list)
    """Problems that stop the sheet being read as a form (exit 3)."""
    values: list[Problem] = attrs.Factory(list)
    """Cells of the wrong type (exit 1)."""

    def at(self, place: str, code: str, message: str, *, structure: bool = True) -> None:
        problem = Problem(code=code, message=message, file=self.file, place=place)
        (self.structure if structure else self.values).append(problem)

    def text(self, value: Any, place: str) -> str:
        """A cell's value as the form's text."""
        if value is None:
            return ""
        if isinstance(value, str):
            return value
        if isinstance(value, bool):
            return "TRUE" if value else "FALSE"  # as the spreadsheet shows it
        if isinstance(value, datetime.datetime):
            if value.time() == datetime.time():
                return value.date().isoformat()  # a date Excel made of typed text
            self.at(
                place,
                "type-error",
                f"expected a date, got the date-time {value.isoformat()}",
                structure=False,
            )
            return ""
        if isinstance(value, datetime.date):
            return value.isoformat()
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        if isinstance(value, int | float):
            return str(value)
        self.at(
            place,
            "type-error",
            f"expected text, got the {type(value).__name__} {value}",
            structure=False,
        )
        return ""


def _grid(ws: Worksheet, reading: _Reading) -> Iterator[list[Any]]:
    """Each row's values; formula and error cells are reported (and read as empty)."""
    for cells in ws.iter_rows():
        values: list[Any] = []
        for cell in cells:
            place = f"{FORM_SHEET}!{cell.coordinate}"
            if cell.data_type == "f":
                reading.at(place, "formula-cell", "formula cells not accepted")
                values.append(None)
            elif cell.data_type == "e":
                reading.at(place, "type-error", f"error value {cell.value}")
                values.append(None)
            else:
                values.append(cell.value)
        yield values


def _header(labels: list[str], reading: _Reading) -> list[str]:
    """The columns the header *labels* name (in any of the four languages); problems noted."""
    from openpyxl.utils import get_column_letter

    names = [forms.column_named(label) or label for label in labels]
    for column in ("actor", "period", "activity"):
        if column not in names:
            reading.at(
                f"{FORM_SHEET}!1:1", "missing-label", f"required column {column!r} is missing"
            )
    for number, (label, name) in enumerate(zip(labels, names, strict=True), start=1):
        place = f"{FORM_SHEET}!{get_column_letter(number)}1"
        if not label:
            reading.at(place, "blank-label", f"column {number} has no name")
        elif name not in forms.COLUMNS:
            reading.at(
                place,
                "unknown-column",
                f"unknown column {label!r}; the columns are {', '.join(forms.COLUMNS)}",
            )
        elif names.index(name) != number - 1:
            reading.at(place, "duplicate-label", f"duplicate header {label!r}")
    return names


def read_form_bytes(data: bytes, file: str) -> forms.FilledForm:
    """A filled form from the bytes of a workbook; DataError with every problem, located."""
    from openpyxl.utils import get_column_letter

    check_archive(data, file)
    wb = _load(data, file)
    if FORM_SHEET not in wb.sheetnames:
        raise DataError.one(
            "missing-sheet",
            f"no sheet {FORM_SHEET!r}; is this a reporting form? (sheets: "
            f"{', '.join(wb.sheetnames)})",
            file=file,
        )
    ws = wb[FORM_SHEET]
    reading = _Reading(file)
    for merged in sorted(ws.merged_cells.ranges, key=str):
        reading.at(
            f"{FORM_SHEET}!{merged.coord}", "merged-cell", "merged cells not accepted; unmerge them"
        )
    grid = list(_grid(ws, reading))
    labels = [str(v).strip() if v is not None else "" for v in (grid[0] if grid else [])]
    while labels and not labels[-1]:
        labels.pop()
    if not labels:
        reading.at(f"{FORM_SHEET}!1:1", "empty", "no header row; expected the form's columns")
    else:
        labels = _header(labels, reading)
    if reading.structure:
        raise DataError(reading.structure, ExitCode.UNREADABLE)

    numbers = {label: n for n, label in enumerate(labels, start=1)}

    def locate(row: int) -> Callable[[str | None], Location]:
        def where(column: str | None) -> Location:
            if column in numbers:
                return Location(
                    file=file, place=f"{FORM_SHEET}!{get_column_letter(numbers[column])}{row}"
                )
            return Location(file=file, place=f"{FORM_SHEET}!{row}:{row}")

        return where

    fields = attrs.fields_dict(forms.FormRow)
    rows: list[forms.FormRow] = []
    locations: list[Callable[[str | None], Location]] = []
    heads: list[tuple[dict[str, str], int]] = []
    for row_number, cells in enumerate(grid[1:], start=2):
        values: dict[str, str] = {}
        for number, value in enumerate(cells, start=1):
            place = f"{FORM_SHEET}!{get_column_letter(number)}{row_number}"
            if number > len(labels):
                if value is not None and value != "":
                    reading.at(place, "extra-cell", f"value {value!r} in a column without a header")
                continue
            values[labels[number - 1]] = reading.text(value, place)
        if not any(v.strip() for v in values.values()):
            continue  # blank rows (often only formatted) hold nothing to keep
        rows.append(forms.FormRow(**{k: v for k, v in values.items() if k in fields}))
        locations.append(locate(row_number))
        heads.append((values, row_number))
    if reading.structure:
        raise DataError(reading.structure, ExitCode.UNREADABLE)
    if reading.values:
        raise DataError(reading.values, ExitCode.INVALID)
    first = heads[0][0] if heads else {"actor": "", "period": ""}
    for values, row_number in heads:
        for column in ("actor", "period"):
            if values[column] != first[column]:
                raise DataError.one(
                    "form-mixed",
                    f"{column}: {values[column]!r} differs from {first[column]!r} in the first "
                    "row; one form is one actor and one period",
                    file=file,
                    place=locate(row_number)(column).place,
                )
    form = forms.Form(program="", actor=first["actor"], period=first["period"], rows=tuple(rows))
    return forms.FilledForm(
        form=form,
        name=file,
        row_locations=tuple(locations),
        header=Location(file=file, place=f"{FORM_SHEET}!A1"),
    )


def read_form(source: ImportSource) -> forms.FilledForm:
    """The form format's `read`: the file, bounded by the input limits, as a filled form."""
    return read_form_bytes(source.read_bytes(), source.name)
