"""Workbooks as LibreOffice Calc leaves them, and the reporting form as an official prints it.

LibreOffice writes every boolean cell as a formula when it saves (`<f>FALSE()</f>`): the
committed fixtures were exported by this plugin, opened and saved unchanged with
`soffice --headless --convert-to xlsx` (LibreOffice 7.4), so these tests run without it.
The tests marked `soffice` re-save and print live; they are skipped where LibreOffice is
missing, except in CI (`CI` set), where `.ci/run` installs it and its absence is a failure.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner, Result
from oas_program_xlsx import form as xlsx_form

import oas_program
from oas_program.cli import cli

FIXTURES = Path(__file__).parent / "fixtures"
PROGRAM = FIXTURES / "program-libreoffice.xlsx"
FILLED_FORM = FIXTURES / "mex-2026-filled-libreoffice.xlsx"
BOOLEAN_FORMULA = re.compile(rb"<f[^>]*>(TRUE|FALSE)\(\)</f>")


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


def merge_dry_run(form: Path) -> Result:
    return run("merge", "@embedded", str(form), "--dry-run")


def boolean_formulas(path: Path) -> int:
    with zipfile.ZipFile(path) as archive:
        return sum(
            len(BOOLEAN_FORMULA.findall(archive.read(name)))
            for name in archive.namelist()
            if name.startswith("xl/worksheets/")
        )


# ---- the committed fixtures -----------------------------------------------------------------


def test_the_fixture_holds_libreoffice_boolean_formulas() -> None:
    assert boolean_formulas(PROGRAM) == 32
    with zipfile.ZipFile(PROGRAM) as archive:
        assert b"LibreOffice" in archive.read("docProps/app.xml")


def test_a_format_1_1_workbook_resaved_by_libreoffice_still_reads() -> None:
    # Saved before 1.2: activities' labels in one `label` column, read as English summaries.
    old = FIXTURES / "program-1.1-libreoffice.xlsx"
    with zipfile.ZipFile(old) as archive:
        assert b">label<" in b"".join(archive.read(n) for n in archive.namelist())
    program = oas_program.load(old)
    assert program.format_version == "1.2"
    assert {a.label.languages for a in program.activities} == {("en",)}
    assert run("validate", str(old)).exit_code == 0


def test_a_workbook_resaved_by_libreoffice_reads_back_equal() -> None:
    result = run("diff", "@embedded", str(PROGRAM), "--exit-code")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "no differences\n", "")
    assert run("validate", str(PROGRAM)).exit_code == 0


@pytest.mark.parametrize(
    "formula",
    ["NOT(TRUE())", "TRUE()+0", "TRUE", "1=1", "true()", "IF(TRUE(),TRUE(),FALSE())"],
)
def test_any_other_formula_is_still_refused(tmp_path: Path, formula: str) -> None:
    changed = tmp_path / "changed.xlsx"
    with zipfile.ZipFile(PROGRAM) as source, zipfile.ZipFile(changed, "w") as copy:
        done = False
        for info in source.infolist():
            data = source.read(info)
            if not done and BOOLEAN_FORMULA.search(data):
                data = BOOLEAN_FORMULA.sub(
                    lambda m: m[0].replace(m[1] + b"()", formula.encode()), data, count=1
                )
                done = True
            copy.writestr(info, data)
    assert done
    result = run("convert", str(changed), str(tmp_path / "out.json"))
    assert result.exit_code == 3, result.stderr  # unsafe content, as before
    lines = result.stderr.splitlines()
    assert len(lines) == 1, lines
    assert re.fullmatch(
        rf"{re.escape(str(changed))}\[\w+!\w+\d+\]: formula cells not accepted \[formula-cell\]",
        lines[0],
    )
    assert not (tmp_path / "out.json").exists()


def test_a_filled_form_resaved_by_libreoffice_merges() -> None:
    result = merge_dry_run(FILLED_FORM)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[:2] == [
        "+ obs-mex-ms-legislation-2026 (mex, ms-legislation, 2026: in-progress)",
        "+ obs-mex-ms-training-2026 (mex, ms-training, 2026: completed)",
    ]


# ---- the form as printed ---------------------------------------------------------------------


def form_workbook(tmp_path: Path, *args: str) -> Path:
    path = tmp_path / "mex.xlsx"
    result = run("form", "--actor", "mex", "--period", "2026", *args, "-o", str(path))
    assert result.exit_code == 0, result.stderr
    return path


def test_the_form_is_set_up_for_printing(tmp_path: Path) -> None:
    wb = openpyxl.load_workbook(form_workbook(tmp_path))
    ws = wb["Form"]
    assert ws.page_setup.orientation == "landscape"
    assert (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) == (1, 0)
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.print_title_rows == "$1:$1"
    assert ws.oddFooter.center.text == "Page &P of &N"
    summary = openpyxl.utils.get_column_letter(xlsx_form.forms.COLUMNS.index("summary") + 1)
    for row in range(2, ws.max_row + 1):
        assert ws[f"{summary}{row}"].alignment.wrap_text
        # Every summary of the mex form needs two lines at the column's width.
        height = ws.row_dimensions[row].height
        assert height is not None and height >= 30, row
    instructions = wb["Instructions"]
    assert instructions.page_setup.orientation == "portrait"
    assert instructions.sheet_properties.pageSetUpPr.fitToPage


# ---- live, with LibreOffice --------------------------------------------------------------------


@pytest.fixture(scope="module")
def soffice() -> str:
    for name in ("soffice", "libreoffice"):
        path = shutil.which(name)
        if path is not None:
            return path
    if os.environ.get("CI"):
        pytest.fail("LibreOffice is required in CI (.ci/run installs libreoffice-calc-nogui)")
    pytest.skip("LibreOffice (soffice) is not installed")


def convert(soffice: str, tmp_path: Path, source: Path, to: str) -> Path:
    """*source* opened and saved as *to* by LibreOffice, headless, with its own profile."""
    out = tmp_path / f"out-{to}"
    profile = (tmp_path / "profile").as_uri()
    command = [
        soffice, f"-env:UserInstallation={profile}", "--headless", "--norestore",
        "--convert-to", to, "--outdir", str(out), str(source),
    ]  # fmt: skip
    env = {**os.environ, "HOME": str(tmp_path)}
    # The timeout only keeps a hung office from hanging the suite; it is not a speed check.
    subprocess.run(command, capture_output=True, env=env, timeout=300, check=False)
    converted = out / f"{source.stem}.{to}"
    assert converted.exists(), f"LibreOffice did not write {converted.name}"
    return converted


def test_live_a_fresh_export_resaved_by_libreoffice_reads_back_equal(
    soffice: str, tmp_path: Path
) -> None:
    exported = tmp_path / "program.xlsx"
    assert run("export", "-f", "xlsx", "-o", str(exported)).exit_code == 0
    resaved = convert(soffice, tmp_path, exported, "xlsx")
    assert boolean_formulas(resaved) > 0  # what the reader has to accept
    result = run("diff", "@embedded", str(resaved), "--exit-code")
    assert (result.exit_code, result.stdout) == (0, "no differences\n"), result.stderr


def test_live_the_form_prints_landscape_one_page_wide(soffice: str, tmp_path: Path) -> None:
    pdf = convert(soffice, tmp_path, form_workbook(tmp_path), "pdf").read_bytes()
    boxes = [
        tuple(float(n) for n in box.split())
        for box in re.findall(rb"/MediaBox\s*\[\s*([0-9. ]+?)\s*\]", pdf)
    ]
    pages = [box for box in boxes if len(box) == 4]
    page_count = len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf))
    # The Form sheet on one landscape page (3 rows, every column), the Instructions on one.
    assert page_count == 2
    form_page, instructions_page = pages[0], pages[1]
    assert form_page[2] > form_page[3]  # wider than tall
    assert instructions_page[2] < instructions_page[3]
    with zipfile.ZipFile(io.BytesIO(FILLED_FORM.read_bytes())) as archive:
        assert archive.testzip() is None
