"""Writing a program as an XLSX workbook: a cover sheet, then one sheet per table.

Choices that keep the workbook safe and reproducible:
- every text cell is written as a string cell (`data_type='s'`), so `=SUM(A1)` stays text
  and never becomes a formula: no apostrophe guard is needed, and none is added;
- every value is checked before anything is written: characters XLSX cannot hold
  (control characters, and carriage returns, which an XML reader turns into line feeds),
  cells over 32,767 characters and sheets over 1,048,576 rows are refused with the field
  path of each value, so no half-written or silently truncated workbook is produced;
- the bytes are deterministic: fixed document dates, fixed ZIP member dates and attributes,
  and a fixed member order (`[Content_Types].xml` first, as Office writes it).
"""

from __future__ import annotations

import datetime
import io
import re
import zipfile
from typing import IO, TYPE_CHECKING, Any

import attrs

from oas_program.errors import OutputError
from oas_program.model.convert import program_to_data
from oas_program.model.tables import Cell, Table, layout, program_rows
from oas_program_xlsx.sheets import COVER, MAX_CELL, MAX_ROWS, sheet_name

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence

    from openpyxl.worksheet.worksheet import Worksheet

    from oas_program.model.program import Program
    from oas_program.plugin_api import ExportOptions

# The date written as the workbook's creation and modification time, and on every ZIP
# member: a real timestamp would make two exports of one program differ. It is the
# program's adoption date (AG/RES. 2141 (XXXV-O/05), 7 June 2005).
FIXED_DATE = datetime.datetime(2005, 6, 7)
_ZIP_DATE = (2005, 6, 7, 0, 0, 0)

# XML 1.0 forbids C0 controls other than tab, line feed and carriage return, and U+FFFE,
# U+FFFF (surrogates never reach here: the model refuses them). A carriage return is legal
# XML but every XML reader turns it into a line feed, so it could not be read back.
_ILLEGAL = re.compile("[\x00-\x08\x0b-\x1f\ufffe\uffff\ud800-\udfff]")
_WIDTH_MIN, _WIDTH_MAX = 10, 60
_MAX_SHOWN = 50
_DROPDOWN_MAX = 255  # Excel's limit on a list validation's formula


@attrs.frozen
class CellProblem:
    """A value that a workbook cannot hold: where it is in the program, and why."""

    path: str
    """Field path in the program (`activities[7].summary.en`)."""
    code: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message} [{self.code}]"


class XlsxWriteError(OutputError):
    """The program holds values a workbook cannot store; nothing was written (exit 4)."""

    def __init__(self, problems: Sequence[CellProblem]) -> None:
        self.problems: tuple[CellProblem, ...] = tuple(problems)
        lines = [str(p) for p in self.problems[:_MAX_SHOWN]]
        if len(self.problems) > _MAX_SHOWN:
            lines.append(f"… and {len(self.problems) - _MAX_SHOWN} more")
        super().__init__("\n".join(lines))


# ---- checking -----------------------------------------------------------------------------


def _utf16_length(value: str) -> int:
    # Excel counts a character outside the BMP (an emoji) as two.
    return len(value.encode("utf-16-le")) // 2


def _character_name(char: str) -> str:
    code = f"U+{ord(char):04X}"
    if char == "\r":
        return f"{code} (carriage return: it would read back as a line feed)"
    return code


def string_problem(value: str) -> tuple[str, str] | None:
    """(code, message) when *value* cannot be stored exactly in one XLSX cell."""
    illegal = _ILLEGAL.search(value)
    if illegal is not None:
        name = _character_name(illegal.group())
        return "xlsx-illegal-char", f"character {name} not allowed in XLSX"
    length = _utf16_length(value)
    if length > MAX_CELL:
        return "xlsx-cell-too-long", f"{length} characters; an XLSX cell holds at most {MAX_CELL}"
    return None


def _walk(data: Any, path: str) -> Iterator[tuple[str, str]]:
    if isinstance(data, str):
        yield path, data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from _walk(value, f"{path}.{key}" if path else key)
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _walk(value, f"{path}[{index}]")


def check_program(
    program: Program, rows: dict[str, list[tuple[Cell, ...]]] | None = None
) -> list[CellProblem]:
    """Every value of *program* that a workbook cannot hold exactly, and oversized tables.

    *rows* are the program's table rows, when already computed."""
    problems = []
    for path, value in _walk(program_to_data(program), ""):
        found = string_problem(value)
        if found is not None:
            problems.append(CellProblem(path, *found))
    rows = program_rows(program) if rows is None else rows
    for t in layout():
        if len(rows[t.name]) + 1 > MAX_ROWS:
            problems.append(
                CellProblem(
                    t.name,
                    "xlsx-too-many-rows",
                    f"{len(rows[t.name])} rows; a worksheet holds {MAX_ROWS - 1} below its header",
                )
            )
    return problems


# ---- writing ------------------------------------------------------------------------------


def _put(ws: Worksheet, row: int, column: int, value: Cell) -> int:
    """Write one cell; return its display width."""
    if value is None:
        return 0
    cell = ws.cell(row=row, column=column)
    cell.value = value
    if isinstance(value, str):
        # The setter types text starting with "=" as a formula; a string cell is written as
        # an inline string with no <f> element, which no spreadsheet evaluates.
        cell.data_type = "s"
        return max(len(line) for line in value.split("\n"))
    return len(str(value))


def _width(longest: int) -> float:
    return float(min(max(longest + 2, _WIDTH_MIN), _WIDTH_MAX))


def _dropdown(ws: Worksheet, t: Table, number: int, values: tuple[str, ...]) -> None:
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    formula = '"' + ",".join(values) + '"'
    if len(formula) > _DROPDOWN_MAX or any("," in v or '"' in v for v in values):
        return  # Excel cannot show this list; the importer still checks the codelist
    letter = get_column_letter(number)
    validation = DataValidation(
        type="list",
        formula1=formula,
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Not in the codelist",
        error="Pick one of the listed values.",
    )
    validation.add(f"{letter}2:{letter}{MAX_ROWS}")
    ws.add_data_validation(validation)


def _table_sheet(ws: Worksheet, t: Table, rows: Sequence[tuple[Cell, ...]]) -> None:
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    bold = Font(bold=True)
    widths = []
    for number, name in enumerate(t.column_names, start=1):
        _put(ws, 1, number, name)
        ws.cell(row=1, column=number).font = bold
        widths.append(len(name))
    for row_number, row in enumerate(rows, start=2):
        for number, value in enumerate(row, start=1):
            widths[number - 1] = max(widths[number - 1], _put(ws, row_number, number, value))
    for number, longest in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(number)].width = _width(longest)
    enums = {c.name: c.enum for c in t.columns if c.enum}
    for number, name in enumerate(t.column_names, start=1):
        if name in enums:
            _dropdown(ws, t, number, enums[name] or ())
    ws.freeze_panes = "A2"
    last = get_column_letter(len(t.column_names))
    ws.auto_filter.ref = f"A1:{last}{len(rows) + 1}"


_NOTES = (
    "Descriptions are summaries of public OAS sources (status 'summary'), each tied to its "
    "sources on the *_sources sheets; they are not the OAS's words. Official wording "
    "(status 'official') is given only where it was found.",
    "Gaps the sources leave open are recorded as notes with certainty 'uncertain' or "
    "'unknown'; nothing is filled in by invention.",
)
_HOW_TO = (
    "Each sheet after this one is a table, and row 1 is its header. Keep the sheet and "
    "column names; add, change or delete rows; enter values, never formulas.",
    "Child sheets refer to their owner by its id and a 1-based position "
    "(Activities_assignments: activity_id, position).",
    "Read the workbook back with: oas-program convert program.xlsx program.json",
    "This About sheet is written on export and ignored on import.",
)


def _cover(
    ws: Worksheet, program: Program, rows: dict[str, list[tuple[Cell, ...]]], lang: str
) -> None:
    from openpyxl.styles import Font

    from oas_program_xlsx import __version__

    adopted_by = program.adopted_by
    actor = next((a for a in program.actors if a.id == adopted_by), None)
    if actor is not None:
        adopted_by = f"{actor.name.best(lang)[1]} ({adopted_by})"
    # (cells, bold) per line; the title line is styled on its own below.
    lines: list[tuple[tuple[Cell, ...], bool]] = [
        ((program.title.best(lang)[1],), True),
        ((), False),
        (("Program", program.id), False),
        (("Adopted by", adopted_by), False),
        (("Adopted on", program.adopted_on), False),
        (("Format version", program.format_version), False),
        (("Written by", f"oas-program-xlsx {__version__}"), False),
        ((), False),
        (("About the data",), True),
        *(((note,), False) for note in _NOTES),
        ((), False),
        (("How to edit",), True),
        *(((step,), False) for step in _HOW_TO),
        ((), False),
        (("Sheet", "Table", "Rows", "Key columns"), True),
    ]
    for t in layout():
        key = ", ".join(t.primary_key)
        lines.append(((sheet_name(t.name), t.name, len(rows[t.name]), key), False))
    bold = Font(bold=True)
    for row_number, (line, strong) in enumerate(lines, start=1):
        for number, value in enumerate(line, start=1):
            _put(ws, row_number, number, value)
            if strong:
                ws.cell(row=row_number, column=number).font = bold
    ws.cell(row=1, column=1).font = Font(bold=True, size=14)
    for letter, width in zip("ABCD", (34, 40, 8, 40), strict=True):
        ws.column_dimensions[letter].width = width


def _normalise_zip(data: bytes) -> bytes:
    """The same archive with fixed member dates, attributes and order."""
    target_buffer = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(target_buffer, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        members = sorted(source.infolist(), key=lambda m: m.filename != "[Content_Types].xml")
        for member in members:
            info = zipfile.ZipInfo(member.filename, date_time=_ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # the host system byte would otherwise differ by platform
            info.external_attr = 0o644 << 16
            target.writestr(info, source.read(member))
    return target_buffer.getvalue()


def workbook_bytes(program: Program, lang: str = "en") -> bytes:
    """The XLSX bytes for *program*; XlsxWriteError (nothing produced) for values it cannot hold."""
    from openpyxl import Workbook
    from openpyxl.writer.excel import ExcelWriter

    rows = program_rows(program)
    problems = check_program(program, rows)
    if problems:
        raise XlsxWriteError(problems)
    wb = Workbook()
    cover = wb.active
    assert cover is not None
    cover.title = COVER
    _cover(cover, program, rows, lang)
    for t in layout():
        _table_sheet(wb.create_sheet(sheet_name(t.name)), t, rows[t.name])
    wb.properties.creator = "oas-program-xlsx"
    wb.properties.created = FIXED_DATE
    wb.properties.modified = FIXED_DATE
    buffer = io.BytesIO()
    # ExcelWriter, not Workbook.save: save() stamps the current time as the modified date.
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(wb, archive).write_data()
    return _normalise_zip(buffer.getvalue())


def write_workbook(program: Program, stream: IO[bytes], options: ExportOptions) -> None:
    """The exporter's `write`: the whole workbook is built in memory, then written once."""
    stream.write(workbook_bytes(program, options.lang))
