"""Reporting forms as workbooks: made, filled with openpyxl as a user's tool would, merged back."""

from __future__ import annotations

import datetime
import io
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner, Result
from oas_program_xlsx import form as xlsx_form
from oas_program_xlsx.workbook import XlsxWriteError

from oas_program.cli import cli
from oas_program.errors import DataError, ExitCode
from oas_program.files import canonical
from oas_program.model import Status, forms
from oas_program.model.forms import CODELISTS, COLUMNS, Form, FormRow
from oas_program.plugin_api import ExportOptions
from oas_program.plugins.host import PluginHost

STATUSES = ", ".join(CODELISTS["status"])


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


def letter(column: str) -> str:
    return openpyxl.utils.get_column_letter(COLUMNS.index(column) + 1)


def make(tmp_path: Path, *extra: str, name: str = "mex.xlsx") -> Path:
    path = tmp_path / name
    result = run("form", "--actor", "mex", "--period", "2026", *extra, "-o", str(path))
    assert result.exit_code == 0, result.stderr
    return path


def fill(source: Path, change: Callable[[Any], None], name: str = "mex-filled.xlsx") -> Path:
    """The form after *change(Form sheet)*, saved by openpyxl as a user's tool would."""
    wb = openpyxl.load_workbook(source)
    change(wb["Form"])
    target = source.with_name(name)
    wb.save(target)
    return target


def answer(ws: Any, row: int, **values: object) -> None:
    for column, value in values.items():
        ws[f"{letter(column)}{row}"] = value


# Rows of the mex form: 2 ms-instruments, 3 ms-legislation, 4 ms-training.
def good_answers(ws: Any) -> None:
    answer(ws, 4, status="completed", date="2026-03-01", evidence_text="=2+2")
    # The form's fill-in cells are formatted as text, so Excel stores a typed =2+2 as text.
    ws[f"{letter('evidence_text')}4"].data_type = "s"
    answer(ws, 4, evidence_url="https://example.org/training")
    # What Excel stores when 2026-03-02 is typed into a General cell: a real date.
    answer(ws, 3, status="in-progress", date=datetime.date(2026, 3, 2), self_assessment="partial")


def merge(tmp_path: Path, filled: Path) -> tuple[Result, Path]:
    out = tmp_path / "merged.json"
    out.write_bytes(b"previous")
    return run("merge", "@embedded", str(filled), "-o", str(out)), out


def refusal(result: Result, tmp_path: Path) -> str:
    return result.stderr.strip().replace(str(tmp_path) + "/", "")


# ---- the form -----------------------------------------------------------------------------


def test_form_lists_the_actor_activities_with_dropdowns_and_instructions(tmp_path: Path) -> None:
    wb = openpyxl.load_workbook(make(tmp_path))
    assert wb.sheetnames == ["Form", "Instructions"]
    ws = wb["Form"]
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0] == COLUMNS
    assert [(r[0], r[1], r[2]) for r in rows[1:]] == [
        ("mex", "2026", "ms-instruments"),
        ("mex", "2026", "ms-legislation"),
        ("mex", "2026", "ms-training"),
    ]
    lists = {
        str(dv.sqref): dv.formula1 for dv in ws.data_validations.dataValidation if dv.type == "list"
    }
    assert lists == {
        f"{letter(column)}2:{letter(column)}4": '"' + ",".join(CODELISTS[column]) + '"'
        for column in ("applicability", "status", "self_assessment")
    }
    (hint,) = [dv for dv in ws.data_validations.dataValidation if dv.type is None]
    assert str(hint.sqref) == "I2:I4" and "YYYY-MM-DD" in (hint.prompt or "")
    assert ws.freeze_panes == "D2"
    assert ws.protection.sheet and not ws.protection.password
    for column in COLUMNS:
        cell = ws[f"{letter(column)}2"]
        read_only = column in {"actor", "period", "activity"} | forms.CONTEXT_COLUMNS
        assert cell.protection.locked is read_only, column
        assert (cell.fill.fill_type == "solid") is read_only, column
        assert (cell.number_format == "@") is not read_only, column  # typed text stays text
    assert ws[f"{letter('summary')}2"].alignment.wrap_text
    assert ws.column_dimensions[letter("summary")].width == 60
    info = {row[0]: row[1] for row in wb["Instructions"].iter_rows(values_only=True) if row[0]}
    assert "Leave 'status' empty" in info["Instructions"]
    assert (info["Program"], info["Actor"], info["Period"], info["Form version"]) == (
        "inter-american-program-migrants",
        "mex",
        "2026",
        forms.FORM_VERSION,
    )


def test_form_cells_are_strings_never_formulas(tmp_path: Path) -> None:
    hostile = Form(
        program="p",
        actor="mex",
        period="2026",
        rows=(FormRow(activity="a", label="=HYPERLINK(1)", summary="+cmd|' /C calc'!A0"),),
    )
    data = xlsx_form.form_bytes(hostile)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        xml = [archive.read(n).decode() for n in archive.namelist() if "worksheets/" in n]
    assert not any("<f>" in part or "<f " in part for part in xml)
    assert "<t>=HYPERLINK(1)</t>" in xml[0]
    with zipfile.ZipFile(make(tmp_path)) as archive:
        assert not any(b"<f>" in archive.read(n) for n in archive.namelist() if "sheet" in n)


def test_same_form_gives_identical_bytes(tmp_path: Path) -> None:
    first = make(tmp_path, name="a.xlsx").read_bytes()
    assert make(tmp_path, name="b.xlsx").read_bytes() == first
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        assert {info.date_time for info in archive.infolist()} == {(2005, 6, 7, 0, 0, 0)}


def test_spanish_instructions(tmp_path: Path) -> None:
    wb = openpyxl.load_workbook(make(tmp_path, "--lang", "es"))
    info = {row[0]: row[1] for row in wb["Instructions"].iter_rows(values_only=True) if row[0]}
    assert info["Instrucciones"].startswith("Formulario de informe de mex, período 2026.")
    assert info["Idioma"] == "es"


@pytest.mark.parametrize(
    ("actor", "lang", "heading", "labels", "start"),
    [
        (
            "hti",
            "fr",
            "Formulaire de rapport : hti, 2026",
            ("Instructions", "Langue"),
            "Formulaire",
        ),
        ("bra", "pt", "Formulário de relatório: bra, 2026", ("Instruções", "Idioma"), "Formulário"),
    ],
)
def test_the_form_speaks_the_language_asked(
    tmp_path: Path, actor: str, lang: str, heading: str, labels: tuple[str, str], start: str
) -> None:
    path = tmp_path / f"{actor}.xlsx"
    result = run("form", "--actor", actor, "--period", "2026", "--lang", lang, "-o", str(path))
    assert result.exit_code == 0, result.stderr
    wb = openpyxl.load_workbook(path)
    sheet = wb["Instructions"]
    assert sheet["A1"].value == heading
    info = {row[0]: row[1] for row in sheet.iter_rows(values_only=True) if row[0]}
    instructions, language = labels
    assert info[instructions].startswith(f"{start} ")
    assert info[language] == lang
    english = {"Reporting form", "Program", "Actor", "Period", "Language", "Codelists"}
    assert not english & {str(row[0]).split(":")[0] for row in sheet.iter_rows(values_only=True)}
    prompts = {v.prompt for v in wb["Form"].data_validations.dataValidation if v.prompt}
    errors = {v.error for v in wb["Form"].data_validations.dataValidation if v.error}
    assert prompts and not any(p.startswith("Date of this report") for p in prompts)
    assert errors and "Pick one of the listed values." not in errors


def test_a_value_a_cell_cannot_hold_is_refused_before_writing() -> None:
    bad = Form(program="p", actor="mex", period="2026", rows=(FormRow(activity="a", label="\x0b"),))
    with pytest.raises(XlsxWriteError) as caught:
        xlsx_form.write_form(bad, io.BytesIO(), ExportOptions())
    assert str(caught.value) == (
        "rows[0].label: character U+000B not allowed in XLSX [xlsx-illegal-char]"
    )


def test_a_codelist_too_long_for_an_inline_list_goes_to_a_hidden_sheet(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    long = tuple(f"value-number-{i:03}" for i in range(30))
    monkeypatch.setitem(CODELISTS, "self_assessment", long)
    form = Form(program="p", actor="mex", period="2026", rows=(FormRow(activity="a"),))
    wb = openpyxl.load_workbook(io.BytesIO(xlsx_form.form_bytes(form)))
    assert wb.sheetnames == ["Form", "Instructions", "Lists"]
    assert wb["Lists"].sheet_state == "hidden"
    assert [c.value for c in wb["Lists"]["A"]] == list(long)
    formulas = {dv.formula1 for dv in wb["Form"].data_validations.dataValidation}
    assert "Lists!$A$1:$A$30" in formulas


def test_the_plugin_registers_the_form_format_without_importing_openpyxl() -> None:
    found = PluginHost().form_format("xlsx")
    assert (found.suffix, found.binary) == (".xlsx", True)
    code = (
        "import sys, oas_program_xlsx.plugin as p; p.oas_program_form_formats(); "
        "print('openpyxl' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# ---- filled forms -------------------------------------------------------------------------


def test_filled_form_merges_and_merging_again_changes_nothing(tmp_path: Path) -> None:
    filled = fill(make(tmp_path), good_answers)
    result, out = merge(tmp_path, filled)
    assert result.exit_code == 0, result.stderr
    assert result.stderr.splitlines()[-1] == "2 added, 0 updated, 0 unchanged"
    program = canonical.load(out)
    training = program.current("mex", "ms-training")
    assert training is not None
    assert (training.id, training.status, training.date) == (
        "obs-mex-ms-training-2026",
        Status.COMPLETED,
        "2026-03-01",
    )
    assert training.evidence[0].text == "=2+2"
    assert training.evidence[0].url == "https://example.org/training"
    assert training.sources == ("src-report-mex-2026",)
    legislation = program.current("mex", "ms-legislation")
    assert legislation is not None
    assert (legislation.status, legislation.date) == (Status.IN_PROGRESS, "2026-03-02")
    assert legislation.assessments[0].rating == "partial"
    again = tmp_path / "again.json"
    result = run("merge", str(out), str(filled), "-o", str(again))
    assert result.stderr.splitlines()[-1] == "0 added, 0 updated, 2 unchanged"
    assert canonical.load(again) == program


def test_numbers_and_blank_rows_read_as_the_text_shown(tmp_path: Path) -> None:
    def change(ws: Any) -> None:
        ws.insert_rows(3, amount=2)  # blank rows: skipped, places still name real rows
        answer(ws, 6, status="planned", date=2026, evidence_text=12.5)

    filled = xlsx_form.read_form_bytes(fill(make(tmp_path), change).read_bytes(), "f.xlsx")
    training = filled.form.rows[2]
    assert (training.activity, training.date, training.evidence_text) == (
        "ms-training",
        "2026",
        "12.5",
    )
    assert (filled.form.actor, filled.form.period) == ("mex", "2026")
    assert filled.where(2, "status").place == "Form!H6"
    assert filled.where(2, None).place == "Form!6:6"


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            lambda ws: answer(ws, 4, status="done", date="2026-03-01"),
            f"mex-filled.xlsx[Form!H4]: status: 'done' is not one of [{STATUSES}] [codelist]",
        ),
        (
            lambda ws: answer(ws, 4, activity="ms-typo", status="completed", date="2026-03-01"),
            "mex-filled.xlsx[Form!C4]: activity: 'ms-typo' is not an activity of the program "
            "[unknown-reference]",
        ),
        (
            lambda ws: answer(ws, 4, status="completed", date="01/03/2026"),
            "mex-filled.xlsx[Form!I4]: date: '01/03/2026' is not an ISO 8601 date (YYYY, "
            "YYYY-MM or YYYY-MM-DD) [invalid-value]",
        ),
    ],
)
def test_bad_rows_are_refused_at_their_cell_and_nothing_is_written(
    tmp_path: Path, change: Callable[[Any], None], expected: str
) -> None:
    result, out = merge(tmp_path, fill(make(tmp_path), change))
    assert result.exit_code == ExitCode.INVALID
    assert refusal(result, tmp_path) == expected
    assert out.read_bytes() == b"previous"


def test_a_duplicated_row_is_refused_at_its_cell(tmp_path: Path) -> None:
    def change(ws: Any) -> None:
        answer(ws, 4, activity="ms-legislation", status="completed", date="2026-03-01")

    result, out = merge(tmp_path, fill(make(tmp_path), change))
    assert result.exit_code == ExitCode.INVALID
    (line,) = refusal(result, tmp_path).splitlines()
    assert line.startswith(
        "mex-filled.xlsx[Form!C4]: activity 'ms-legislation' is listed twice"
    ) and line.endswith("[duplicate-row]")
    assert out.read_bytes() == b"previous"


def test_a_formula_cell_is_refused_and_nothing_is_written(tmp_path: Path) -> None:
    result, out = merge(
        tmp_path, fill(make(tmp_path), lambda ws: answer(ws, 2, evidence_text="=1+1"))
    )
    assert result.exit_code == ExitCode.UNREADABLE
    assert refusal(result, tmp_path) == (
        "mex-filled.xlsx[Form!J2]: formula cells not accepted [formula-cell]"
    )
    assert out.read_bytes() == b"previous"


def _problems(path: Path) -> tuple[DataError, list[tuple[str | None, str]]]:
    with pytest.raises(DataError) as caught:
        xlsx_form.read_form_bytes(path.read_bytes(), "f.xlsx")
    return caught.value, [(p.place, p.code) for p in caught.value.problems]


def test_header_problems_are_located_at_their_cell(tmp_path: Path) -> None:
    def change(ws: Any) -> None:
        ws["H1"] = "stat"
        ws["I1"] = "evidence_url"
        ws["B1"] = None
        ws["N3"] = "stray"

    error, found = _problems(fill(make(tmp_path), change))
    assert error.exit_code == ExitCode.UNREADABLE
    assert found == [
        ("Form!1:1", "missing-label"),
        ("Form!B1", "blank-label"),
        ("Form!H1", "unknown-column"),
        ("Form!K1", "duplicate-label"),
    ]


def test_rows_of_another_actor_or_period_are_refused(tmp_path: Path) -> None:
    error, found = _problems(fill(make(tmp_path), lambda ws: answer(ws, 3, period="2027")))
    assert found == [("Form!B3", "form-mixed")]
    assert str(error) == (
        "f.xlsx[Form!B3]: period: '2027' differs from '2026' in the first row; "
        "one form is one actor and one period [form-mixed]"
    )


def test_a_date_time_is_a_type_error_and_merged_cells_are_refused(tmp_path: Path) -> None:
    def with_time(ws: Any) -> None:
        answer(ws, 2, status="planned", date=datetime.datetime(2026, 3, 1, 14, 30))

    error, found = _problems(fill(make(tmp_path), with_time))
    assert (error.exit_code, found) == (ExitCode.INVALID, [("Form!I2", "type-error")])
    error, found = _problems(fill(make(tmp_path), lambda ws: ws.merge_cells("J2:K2")))
    assert (error.exit_code, found) == (ExitCode.UNREADABLE, [("Form!J2:K2", "merged-cell")])


def test_unsafe_or_foreign_files_are_refused_like_workbooks(tmp_path: Path) -> None:
    renamed = tmp_path / "form.xlsx"
    renamed.write_bytes(b"actor,period,activity\nmex,2026,ms-training\n")
    result = run("merge", "@embedded", str(renamed), "--dry-run")
    assert result.exit_code == ExitCode.UNREADABLE
    assert "not an XLSX (ZIP) file; content looks like CSV [format-mismatch]" in result.stderr

    data = make(tmp_path).read_bytes()
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            target.writestr(info, source.read(info))
        target.writestr("xl/vbaProject.bin", b"\xd0\xcf\x11\xe0 macros")
    macro = tmp_path / "macro.xlsx"
    macro.write_bytes(buffer.getvalue())
    error, found = _problems(macro)
    assert (error.exit_code, found) == (ExitCode.UNREADABLE, [(None, "xlsx-unsupported")])

    program = tmp_path / "program.xlsx"
    assert run("export", "--format", "xlsx", "-o", str(program)).exit_code == 0
    error, found = _problems(program)
    assert (error.exit_code, found) == (ExitCode.UNREADABLE, [(None, "missing-sheet")])


# ---- the form in another language --------------------------------------------------------


def test_a_portuguese_form_has_portuguese_headers_and_instructions_and_merges(
    tmp_path: Path,
) -> None:
    path = tmp_path / "bra.xlsx"
    made = run("form", "--actor", "bra", "--period", "2026", "--lang", "pt", "-o", str(path))
    assert made.exit_code == 0, made.stderr
    wb = openpyxl.load_workbook(path)
    header = [cell.value for cell in wb["Form"][1]]
    assert header == [forms.column_label(column, "pt") for column in COLUMNS]
    assert header[:3] == ["ator", "período", "atividade"] and "situação" in header
    instructions = wb["Instructions"]["B2"].value
    assert instructions.startswith("Formulário de relatório de bra, período 2026.")
    assert "'situação'" in instructions and "'status'" not in instructions
    assert wb["Instructions"]["A1"].value.startswith("Formulário de relatório")

    def in_portuguese(ws: Any) -> None:
        ws[f"{letter('status')}2"] = "planned"
        ws[f"{letter('date')}2"] = "2026-05-04"

    result, out = merge(tmp_path, fill(path, in_portuguese, name="bra-filled.xlsx"))
    assert result.exit_code == 0, result.stderr
    added = canonical.load(out).current("bra", "ms-instruments")
    assert added is not None and added.status is Status.PLANNED
