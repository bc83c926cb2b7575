"""Reading a workbook back into a program, refusing what is unsafe or ambiguous.

The archive is checked before openpyxl sees it:
- it must be a ZIP file: an OLE2 compound file is an encrypted workbook or a legacy `.xls`
  [xlsx-unsupported]; anything else is not an XLSX file [format-mismatch];
- every member's declared size is checked against a ratio and a total, so a zip bomb is
  refused without being inflated [zip-bomb] (zipfile never reads past the declared size);
- macro-enabled, strict Open XML and OpenDocument files are refused [xlsx-unsupported];
- no part may declare a DOCTYPE or an ENTITY [xml-entity]; openpyxl parses with defusedxml
  as well (a dependency of this package), a second line of defence.

Then the cells: formulas are refused, not evaluated or read from a cache [formula-cell],
except the constant `=TRUE()` and `=FALSE()` LibreOffice writes for booleans on saving;
merged cells are refused [merged-cell]; every sheet must be a table of the layout (the
cover sheet is ignored) [unknown-sheet, missing-sheet]; hidden sheets, rows and columns are
read like visible ones; blank rows are skipped. Values then go through the relational
layout shared with CSV and SQLite, which reports each problem at its cell (`Activities!C7`).
"""

from __future__ import annotations

import datetime
import io
import warnings
import zipfile
from typing import TYPE_CHECKING, Any

from oas_program.errors import DataError, ExitCode, Problem
from oas_program.files.archives import (
    CORRUPT_ERRORS,
    DEFAULT_ARCHIVE_LIMITS,
    ArchiveLimits,
    open_zip,
)
from oas_program.model.program import FORMAT_VERSION
from oas_program.model.tables import (
    Cell,
    Column,
    current_label,
    header_problems,
    may_lack,
    program_from_rows,
    table,
)
from oas_program.plugin_api import Loaded, Location
from oas_program_xlsx.sheets import COVER, sheet_name, sheet_tables
from oas_program_xlsx.signatures import OLE2_MAGIC, ZIP_MAGIC

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from openpyxl.workbook.workbook import Workbook
    from openpyxl.worksheet.worksheet import Worksheet


# Declarations that make entity bombs and external entities possible, in the encodings an
# XML part may use (OOXML parts are UTF-8 or UTF-16).
_DECLARATIONS = tuple(
    marker.encode(encoding)
    for marker in ("<!DOCTYPE", "<!ENTITY")
    for encoding in ("utf-8", "utf-16-le", "utf-16-be")
)
_CHUNK = 1024 * 1024
_MACRO_TYPES = (b"macroenabled", b"vnd.ms-office.vbaproject", b"vnd.ms-excel.addin")
_STRICT_NAMESPACE = b"http://purl.oclc.org/ooxml/spreadsheetml/main"


def _fail(file: str, code: str, message: str) -> DataError:
    return DataError.one(code, message, file=file)


# ---- the archive --------------------------------------------------------------------------


def _looks_like(data: bytes) -> str:
    head = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head[:1] in (b"{", b"["):
        return "; content looks like JSON"
    if head[:1] == b"<":
        return "; content looks like HTML or XML"
    if b"," in head.split(b"\n", 1)[0] or b";" in head.split(b"\n", 1)[0]:
        return "; content looks like CSV"
    return ""


def _scan_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, file: str) -> None:
    """Refuse a DOCTYPE or ENTITY declaration anywhere in one member, reading in chunks."""
    overlap = max(len(m) for m in _DECLARATIONS) - 1
    tail = b""
    with archive.open(info) as member:
        while chunk := member.read(_CHUNK):
            window = tail + chunk
            if any(marker in window for marker in _DECLARATIONS):
                raise _fail(file, "xml-entity", f"forbidden XML entity in {info.filename}")
            tail = window[-overlap:]


def check_archive(data: bytes, file: str, limits: ArchiveLimits = DEFAULT_ARCHIVE_LIMITS) -> None:
    """Refuse anything but a plain, reasonably sized, macro-free XLSX archive (DataError)."""
    if not data.strip():
        raise _fail(file, "empty", "empty file; expected an XLSX workbook")
    if data.startswith(OLE2_MAGIC):
        raise _fail(
            file,
            "xlsx-unsupported",
            "unsupported workbook: encrypted (password-protected) or legacy .xls; "
            "save it as an unprotected .xlsx",
        )
    if not data.startswith(ZIP_MAGIC):
        raise _fail(file, "format-mismatch", "not an XLSX (ZIP) file" + _looks_like(data))
    with open_zip(data, file, limits) as archive:
        try:
            _check_kind(archive, file)
            for info in archive.infolist():
                _scan_member(archive, info, file)
        except CORRUPT_ERRORS as error:
            # A member whose real size exceeds its declared one fails its CRC check here; a
            # damaged deflate stream is a zlib.error, a header pointing before the start of
            # the file a ValueError (negative seek).
            raise _fail(file, "zip-corrupt", f"damaged ZIP archive: {error}") from None


def _check_kind(archive: zipfile.ZipFile, file: str) -> None:
    names = set(archive.namelist())
    if "mimetype" in names and b"opendocument" in archive.read("mimetype")[:200]:
        raise _fail(
            file, "xlsx-unsupported", "unsupported workbook: OpenDocument; save it as .xlsx"
        )
    if "[Content_Types].xml" not in names:
        raise _fail(
            file, "format-mismatch", "not an XLSX file: a ZIP archive without [Content_Types].xml"
        )
    if any(name.lower().endswith("vbaproject.bin") for name in names):
        raise _fail(file, "xlsx-unsupported", "unsupported workbook: macro-enabled (VBA project)")
    content_types = archive.read("[Content_Types].xml")[: 1024 * 1024].lower()
    if any(kind in content_types for kind in _MACRO_TYPES):
        raise _fail(file, "xlsx-unsupported", "unsupported workbook: macro-enabled")
    if "xl/workbook.xml" in names:
        with archive.open("xl/workbook.xml") as part:
            if _STRICT_NAMESPACE in part.read(4096):
                raise _fail(
                    file,
                    "xlsx-unsupported",
                    "unsupported workbook: strict Open XML; save it as an Excel Workbook (.xlsx)",
                )


def _load(data: bytes, file: str) -> Workbook:
    from defusedxml import DefusedXmlException
    from openpyxl import load_workbook

    try:
        with warnings.catch_warnings():
            # openpyxl warns about formatting it does not keep (extensions, default styles);
            # no cell content is lost by it.
            warnings.simplefilter("ignore")
            return load_workbook(
                io.BytesIO(data), read_only=False, data_only=False, keep_vba=False, keep_links=False
            )
    except (KeyError, ValueError, TypeError, OSError, zipfile.BadZipFile, SyntaxError) as error:
        # openpyxl wraps what the parser raised in a ValueError; a missing part is a
        # KeyError and bad XML a parse error (a SyntaxError subclass).
        cause: BaseException | None = error
        while cause is not None and not isinstance(cause, DefusedXmlException):
            cause = cause.__cause__ or cause.__context__
        if cause is not None:
            raise _fail(file, "xml-entity", f"forbidden XML construct: {cause}") from None
        first_line = str(error).split("\n", 1)[0]
        raise _fail(file, "xlsx-corrupt", f"cannot read the workbook: {first_line}") from None


# ---- the cells ----------------------------------------------------------------------------


class _Sheets:
    """Rows of every table sheet, with each row's and column's place in the workbook."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.structure: list[Problem] = []
        """Problems that stop the workbook being read as tables at all."""
        self.values: list[Problem] = []
        """Cells whose value has the wrong type."""
        self.rows: dict[str, list[dict[str, Cell]]] = {}
        self.row_numbers: dict[str, list[int]] = {}
        self.column_numbers: dict[str, dict[str, int]] = {}
        self.version = FORMAT_VERSION

    def at(self, place: str, code: str, message: str, *, structure: bool = True) -> None:
        problem = Problem(code=code, message=message, file=self.file, place=place)
        (self.structure if structure else self.values).append(problem)

    def where(self, table_name: str, index: int, column: str | None) -> Location:
        """The cell of (table, 0-based data row, column)."""
        from openpyxl.utils import get_column_letter

        sheet = sheet_name(table_name)
        numbers = self.row_numbers.get(table_name) or []
        row = numbers[index] if index < len(numbers) else index + 2
        number = self.column_numbers.get(table_name, {}).get(column or "")
        if number is None:
            return Location(file=self.file, place=f"{sheet}!{row}:{row}")
        return Location(file=self.file, place=f"{sheet}!{get_column_letter(number)}{row}")

    def read(self, wb: Workbook) -> None:
        tables = sheet_tables()
        seen: set[str] = set()
        self.version = _declared_version(wb)
        for ws in wb.worksheets:
            if ws.title == COVER:
                continue
            name = tables.get(ws.title)
            if name is None:
                expected = ", ".join(tables)
                self.at(
                    ws.title,
                    "unknown-sheet",
                    f"unknown sheet {ws.title!r}; the sheets are {COVER}, {expected}",
                )
                continue
            seen.add(name)
            self._sheet(ws, name)
        for sheet, name in tables.items():
            if name not in seen and not may_lack(name, self.version):
                self.at(sheet, "missing-sheet", f"sheet {sheet!r} (table {name}) is missing")

    def _sheet(self, ws: Worksheet, name: str) -> None:
        from openpyxl.utils import get_column_letter

        title = ws.title
        for merged in sorted(ws.merged_cells.ranges, key=str):
            self.at(
                f"{title}!{merged.coord}", "merged-cell", "merged cells not accepted; unmerge them"
            )
        grid = list(_values(ws, self, title))
        header = grid[0] if grid else []
        labels = [current_label(name, str(v).strip()) if v is not None else "" for v in header]
        while labels and not labels[-1]:
            labels.pop()

        def header_place(number: int) -> Location:
            if number == 0:
                return Location(file=self.file, place=f"{title}!1:1")
            return Location(file=self.file, place=f"{title}!{get_column_letter(number)}1")

        self.structure.extend(header_problems(name, labels, header_place, self.version))
        columns = {c.name: c for c in table(name).columns}
        self.column_numbers[name] = {label: n for n, label in enumerate(labels, start=1) if label}
        rows, numbers = [], []
        for row_number, cells in enumerate(grid[1:], start=2):
            if all(v is None or v == "" for v in cells):
                continue  # blank rows (often only formatted) hold nothing to keep
            row: dict[str, Cell] = {}
            for number, value in enumerate(cells, start=1):
                label = labels[number - 1] if number <= len(labels) else ""
                place = f"{title}!{get_column_letter(number)}{row_number}"
                if not label:
                    if value is not None and value != "":
                        self.at(
                            place, "extra-cell", f"value {value!r} in a column without a header"
                        )
                    continue
                row[label] = self._cell(value, columns.get(label), place)
            rows.append(row)
            numbers.append(row_number)
        self.rows[name] = rows
        self.row_numbers[name] = numbers

    def _cell(self, value: Any, column: Column | None, place: str) -> Cell:
        """A cell value as the layout expects it; None (and a problem) for a wrong type."""
        kind = column.type if column is not None else "string"
        if value is None:
            return ""  # an empty cell reads like an empty CSV field
        if isinstance(value, datetime.datetime):
            if value.time() == datetime.time() and kind == "string":
                return value.date().isoformat()  # a date Excel made of typed text
            return self._wrong(place, kind, f"the date-time {value.isoformat()}")
        if isinstance(value, datetime.date | datetime.time | datetime.timedelta):
            return self._wrong(place, kind, f"the {type(value).__name__} {value}")
        if isinstance(value, float):
            if value.is_integer() and kind != "boolean":
                return int(value)
            return self._wrong(place, kind, f"the number {value!r}")
        if isinstance(value, bool):
            return value if kind == "boolean" else self._wrong(place, kind, f"{value!r}")
        if isinstance(value, int | str):
            return value
        return self._wrong(place, kind, f"a {type(value).__name__}")

    def _wrong(self, place: str, kind: str, got: str) -> Cell:
        """Report a cell of the wrong type; it is read as empty."""
        expected = {"string": "text", "integer": "an integer", "boolean": "true or false"}[kind]
        self.at(place, "type-error", f"expected {expected}, got {got}", structure=False)
        return None


# LibreOffice Calc writes every boolean cell as a formula when it saves a workbook
# (`<f>TRUE()</f><v>1</v>`): exactly these two constant formulas are read as the booleans
# they are; any other formula stays refused.
_CONSTANT_BOOLEANS = {"=TRUE()": True, "=FALSE()": False}


def _values(ws: Worksheet, sheets: _Sheets, title: str) -> Iterator[list[Any]]:
    """Each row's values; formula and error cells are reported (and read as empty)."""
    for cells in ws.iter_rows():
        values: list[Any] = []
        for cell in cells:
            if (
                cell.data_type == "f"
                and isinstance(cell.value, str)
                and (cell.value in _CONSTANT_BOOLEANS)
            ):
                values.append(_CONSTANT_BOOLEANS[cell.value])
            elif cell.data_type == "f":
                sheets.at(
                    f"{title}!{cell.coordinate}", "formula-cell", "formula cells not accepted"
                )
                values.append(None)
            elif cell.data_type == "e":
                sheets.at(f"{title}!{cell.coordinate}", "type-error", f"error value {cell.value}")
                values.append(None)
            else:
                values.append(cell.value)
        yield values


def _same_place(problem: Problem, places: set[tuple[str | None, str | None]]) -> bool:
    return (problem.file, problem.place) in places


def _declared_version(wb: Workbook) -> str:
    """The format version the program sheet declares, read before the other sheets: it
    decides which columns a sheet may lack."""
    name = sheet_name("program")
    if name not in wb.sheetnames:
        return FORMAT_VERSION
    rows = list(wb[name].iter_rows(min_row=1, max_row=2, values_only=True))
    if len(rows) < 2:
        return FORMAT_VERSION  # an empty program sheet is reported where it is read
    labels = (str(label).strip() for label in rows[0])
    version = dict(zip(labels, rows[1], strict=False)).get("format_version")
    return version if isinstance(version, str) else FORMAT_VERSION


def read_workbook(data: bytes, file: str, limits: ArchiveLimits = DEFAULT_ARCHIVE_LIMITS) -> Loaded:
    """A program from the bytes of a workbook the exporter wrote (or one edited like it).

    Raises DataError with every problem found, each at its sheet and cell."""
    check_archive(data, file, limits)
    wb = _load(data, file)
    sheets = _Sheets(file)
    sheets.read(wb)
    if sheets.structure:
        raise DataError(sheets.structure, ExitCode.UNREADABLE)
    where: Callable[[str, int, str | None], Location] = sheets.where
    try:
        loaded = program_from_rows(sheets.rows, where, FORMAT_VERSION)
    except DataError as error:
        # A cell already reported for its type was read as empty: drop the echoes.
        places = {(p.file, p.place) for p in sheets.values}
        later = [p for p in error.problems if not _same_place(p, places)]
        raise DataError([*sheets.values, *later], error.exit_code) from None
    if sheets.values:
        raise DataError(sheets.values, ExitCode.INVALID)
    return loaded
