"""Reporting forms in the four languages: headers and instructions in the form's language,
read back whatever language the headers are in (through the installed command)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from oas_program.i18n import INTERFACE_LANGUAGES
from oas_program.model.forms import COLUMNS, Form, column_label, column_named
from tests import form_csv

SCRIPT = Path(sys.executable).parent / "oas-program"
ENGLISH_INSTRUCTIONS = "For every activity you worked on"


def oas(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(SCRIPT), *args], cwd=cwd, capture_output=True, text=True, check=False
    )


@pytest.mark.parametrize(
    ("actor", "lang", "title"),
    [
        ("hti", "fr", "Formulaire de rapport"),
        ("bra", "pt", "Formulário de relatório"),
        ("mex", "es", "Formulario de informe"),
    ],
)
def test_a_csv_form_speaks_its_language_and_merges(
    tmp_path: Path, actor: str, lang: str, title: str
) -> None:
    made = oas(
        "form", "--actor", actor, "--period", "2026", "--lang", lang, "-o", "f.csv", cwd=tmp_path
    )
    assert made.returncode == 0, made.stderr
    text = (tmp_path / "f.csv").read_text(encoding="utf-8")
    instructions, rows = form_csv.split(text)
    assert len(instructions) == 1 and title in instructions[0]
    assert ENGLISH_INSTRUCTIONS not in text
    header = text.splitlines()[1].split(",")
    assert header == [column_label(column, lang) for column in COLUMNS]
    assert header != list(COLUMNS)
    # The instructions name the columns by the headers the person sees.
    quoted = set(re.findall(r"'([^'\s]+)'", instructions[0]))
    assert quoted and quoted <= set(header), quoted - set(header)
    status, date = column_label("status", lang), column_label("date", lang)
    rows[0][status], rows[0][date] = "in-progress", "2026-12-01"
    form_csv.write(tmp_path / "filled.csv", instructions, rows)
    merged = oas("merge", "@embedded", "filled.csv", "-o", "out.json", cwd=tmp_path)
    assert merged.returncode == 0, merged.stderr
    activity = rows[0][column_label("activity", lang)]
    added = f"+ obs-{actor}-{activity}-2026 ({actor}, {activity}, 2026: in-progress)"
    assert added in merged.stderr  # what merge did goes to stderr when the data goes to -o


def test_the_json_form_keeps_its_keys_and_names_them_in_its_instructions(tmp_path: Path) -> None:
    made = oas("form", "--actor", "hti", "--lang", "fr", "-f", "json", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    data = json.loads(made.stdout)
    assert data["instructions"].startswith("Formulaire de rapport de hti")
    assert "'status'" in data["instructions"] and "'statut'" not in data["instructions"]
    assert list(data["rows"][0]) == [c for c in COLUMNS if c not in ("actor", "period")]


def test_every_header_names_one_column_in_every_language() -> None:
    for lang in INTERFACE_LANGUAGES:
        labels = [column_label(column, lang) for column in COLUMNS]
        assert len(set(labels)) == len(COLUMNS), lang
        assert [column_named(label) for label in labels] == list(COLUMNS), lang
        assert [column_named(f" {label.upper()} ") for label in labels] == list(COLUMNS)
    assert column_named("stat") is None


def test_instructions_in_every_language_name_real_headers() -> None:
    for lang in INTERFACE_LANGUAGES:
        form = Form(program="p", actor="mex", period="2026", lang=lang)
        headers = {column_label(column, lang) for column in COLUMNS}
        assert set(re.findall(r"'([^'\s]+)'", form.instructions)) <= headers, lang
        assert set(re.findall(r"'([^'\s]+)'", form.instructions_by_key)) <= set(COLUMNS), lang


def test_a_header_given_twice_in_two_languages_is_refused(tmp_path: Path) -> None:
    made = oas("form", "--actor", "mex", "--period", "2026", "-o", "f.csv", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    lines = (tmp_path / "f.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    lines[1] = lines[1].replace(",evidence_text,", ",statut,")  # French for `status`, again
    (tmp_path / "f.csv").write_text("".join(lines), encoding="utf-8")
    merged = oas("merge", "@embedded", "f.csv", "-o", "out.json", cwd=tmp_path)
    assert merged.returncode == 3, merged.stderr
    assert "f.csv:2:10: column 10: duplicate header 'statut' [duplicate-label]" in merged.stderr
    assert not (tmp_path / "out.json").exists()
