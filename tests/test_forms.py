"""Reporting forms: made from the program, filled in, merged back — or refused, located."""

from __future__ import annotations

import json
import subprocess
import sys
import types
from pathlib import Path

import attrs
import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from oas_program import default_program
from oas_program.cli import cli
from oas_program.files import canonical
from oas_program.model import Status
from oas_program.model.forms import FilledForm, FormRow
from oas_program.plugin_api import ImportSource
from tests import form_csv

OAS_PROGRAM = str(Path(sys.executable).with_name("oas-program"))


def run(*args: str) -> object:
    return CliRunner().invoke(cli, list(args))


def make(tmp_path: Path, actor: str, suffix: str) -> Path:
    path = tmp_path / f"{actor}{suffix}"
    result = run("form", "--actor", actor, "--period", "2026", "-o", str(path))
    assert result.exit_code == 0, result.stderr
    return path


def fill_csv(path: Path, answers: dict[str, dict[str, str]]) -> Path:
    instructions, rows = form_csv.split(path.read_text(encoding="utf-8"))
    for row in rows:
        row.update(answers.get(row["activity"], {}))
    filled = path.with_name("filled-" + path.name)
    form_csv.write(filled, instructions, rows)
    return filled


def test_a_member_state_form_lists_the_member_state_activities(tmp_path: Path) -> None:
    form = json.loads(make(tmp_path, "mex", ".json").read_text(encoding="utf-8"))
    assert (form["actor"], form["period"]) == ("mex", "2026")
    assert [r["activity"] for r in form["rows"]] == [
        "ms-instruments",
        "ms-legislation",
        "ms-training",
    ]
    assert form["codelists"]["status"] == [s.value for s in Status]
    assert "Leave 'status' empty" in form["instructions"]
    spanish = run("form", "--actor", "mex", "--period", "2026", "--lang", "es")
    assert "Formulario de informe" in json.loads(spanish.stdout)["instructions"]


def test_a_gs_area_form_lists_its_own_activities(tmp_path: Path) -> None:
    rows = form_csv.rows(make(tmp_path, "cim", ".csv").read_text(encoding="utf-8"))
    assert [r["activity"] for r in rows] == [f"cim-{i}" for i in range(1, 6)]
    assert all(r["status"] == "" and r["actor"] == "cim" for r in rows)


def test_filled_csv_form_merges_and_merging_again_changes_nothing(tmp_path: Path) -> None:
    filled = fill_csv(
        make(tmp_path, "mex", ".csv"),
        {
            "ms-training": {"status": "completed", "date": "2026-03-01", "evidence_text": "=2+2"},
            "ms-legislation": {
                "status": "in-progress",
                "date": "2026-03-02",
                "self_assessment": "partial",
            },
        },
    )
    merged = tmp_path / "merged.json"
    result = run("merge", "@embedded", str(filled), "-o", str(merged))
    assert result.exit_code == 0, result.stderr
    assert result.stderr.splitlines()[-1] == "2 added, 0 updated, 0 unchanged"
    program = canonical.load(merged)
    training = program.current("mex", "ms-training")
    assert training is not None
    assert (training.id, training.status, training.period) == (
        "obs-mex-ms-training-2026",
        Status.COMPLETED,
        "2026",
    )
    assert training.evidence[0].text == "=2+2"
    assert training.sources == ("src-report-mex-2026",)
    legislation = program.current("mex", "ms-legislation")
    assert legislation is not None and legislation.assessments[0].rating == "partial"
    again = tmp_path / "again.json"
    result = run("merge", str(merged), str(filled), "-o", str(again))
    assert result.stderr.splitlines()[-1] == "0 added, 0 updated, 2 unchanged"
    assert canonical.load(again) == program


def test_filled_json_form_merges(tmp_path: Path) -> None:
    path = make(tmp_path, "cim", ".json")
    form = json.loads(path.read_text(encoding="utf-8"))
    form["rows"][2].update(status="planned", date="2026-05-01")
    path.write_text(json.dumps(form), encoding="utf-8")
    merged = tmp_path / "merged.yaml"
    assert run("merge", "@embedded", str(path), "-o", str(merged)).exit_code == 0
    from oas_program import load

    observation = load(merged).current("cim", "cim-3")
    assert observation is not None and observation.status is Status.PLANNED


def test_a_json_form_s_problems_name_the_line_and_column_of_the_cell(tmp_path: Path) -> None:
    path = make(tmp_path, "cim", ".json")
    form = json.loads(path.read_text(encoding="utf-8"))
    form["rows"][2].update(status="done", date="2026-05-01")  # well formed, a wrong value
    form["rows"][1].update(status=None, label=None)  # nulls read as empty cells
    path.write_text(json.dumps(form, indent=1), encoding="utf-8")
    lines = path.read_text(encoding="utf-8").splitlines()
    line = next(n for n, text in enumerate(lines, 1) if '"status": "done"' in text)
    column = lines[line - 1].index('"done"') + 1
    result = run("merge", "@embedded", str(path), "-o", str(tmp_path / "merged.json"))
    assert result.exit_code == 1
    assert f"{path.name}:{line}:{column}: status: 'done' is not one of" in result.stderr
    assert not (tmp_path / "merged.json").exists()


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        (
            {"ms-training": {"status": "done", "date": "2026-03-01"}},
            "filled-mex.csv:5:8: status: 'done' is not one of [not-started, planned, in-progress, "
            "completed, discontinued, no-information] [codelist]",
        ),
        (
            {"ms-training": {"status": "completed", "date": "01/03/2026"}},
            "filled-mex.csv:5:9: date: '01/03/2026' is not an ISO 8601 date (YYYY, YYYY-MM or "
            "YYYY-MM-DD) [invalid-value]",
        ),
        (
            {"ms-training": {"status": "completed"}},
            "filled-mex.csv:5:9: date: required when a status is given [invalid-value]",
        ),
        (
            {"ms-training": {"activity": "ms-typo", "status": "completed", "date": "2026-03-01"}},
            "filled-mex.csv:5:3: activity: 'ms-typo' is not an activity of the program "
            "[unknown-reference]",
        ),
        (
            {
                "ms-training": {
                    "activity": "ms-legislation",
                    "status": "completed",
                    "date": "2026-03-01",
                }
            },
            "filled-mex.csv:5:3: activity 'ms-legislation' is listed twice (first at line 4) "
            "[duplicate-row]",
        ),
        (
            {"ms-training": {"activity": "cim-1", "status": "completed", "date": "2026-03-01"}},
            "filled-mex.csv:5:3: activity 'cim-1' does not concern actor 'mex' [not-concerned]",
        ),
    ],
)
def test_bad_rows_are_refused_with_their_location_and_nothing_is_written(
    tmp_path: Path, answers: dict[str, dict[str, str]], expected: str
) -> None:
    filled = fill_csv(make(tmp_path, "mex", ".csv"), answers)
    base = tmp_path / "base.json"
    base.write_text(canonical.dumps(default_program()), encoding="utf-8")
    out = tmp_path / "out.json"
    out.write_bytes(b"previous")
    result = run("merge", str(base), str(filled), "-o", str(out))
    assert result.exit_code == 1
    assert result.stderr.strip().replace(str(tmp_path) + "/", "") == expected
    assert out.read_bytes() == b"previous"


def test_a_merge_keeps_nothing_of_what_its_checks_remembered(tmp_path: Path) -> None:
    from oas_program.model import fast_convert

    answers = {"ms-training": {"status": "planned", "date": "2026"}}
    filled = fill_csv(make(tmp_path, "mex", ".csv"), answers)
    assert run("merge", "@embedded", str(filled), "--dry-run").exit_code == 0
    assert not any(fast_convert._PASSED.values())
    answers["ms-legislation"] = {"status": "done", "date": "2026"}
    refused = fill_csv(make(tmp_path, "mex", ".csv"), answers)
    assert run("merge", "@embedded", str(refused), "--dry-run").exit_code == 1
    assert not any(fast_convert._PASSED.values())


def test_an_unknown_actor_is_refused(tmp_path: Path) -> None:
    assert run("form", "--actor", "xyz", "--period", "2026").exit_code == 2
    path = make(tmp_path, "mex", ".json")
    form = json.loads(path.read_text(encoding="utf-8"))
    form["actor"] = "xyz"
    path.write_text(json.dumps(form), encoding="utf-8")
    result = run("merge", "@embedded", str(path), "--dry-run")
    assert result.exit_code == 1
    assert "actor: 'xyz' is not an actor of the program [unknown-reference]" in result.stderr


def test_dry_run_prints_changes_and_writes_nothing(tmp_path: Path) -> None:
    filled = fill_csv(
        make(tmp_path, "mex", ".csv"), {"ms-training": {"status": "planned", "date": "2026"}}
    )
    before = sorted(tmp_path.iterdir())
    result = run("merge", "@embedded", str(filled), "--dry-run")
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "+ obs-mex-ms-training-2026 (mex, ms-training, 2026: planned)",
        "1 added, 0 updated, 0 unchanged (dry run: nothing written)",
    ]
    assert sorted(tmp_path.iterdir()) == before


def test_formula_like_prefilled_cells_are_guarded_in_csv_forms(tmp_path: Path) -> None:
    path = make(tmp_path, "mex", ".csv")
    assert "'=" not in path.read_text(encoding="utf-8")  # nothing in the data looks like one
    from oas_program.builtin.form_formats import read_csv, write_csv
    from oas_program.model.forms import Form, FormRow
    from oas_program.plugin_api import ImportSource

    hostile = Form(
        program="p",
        actor="mex",
        period="2026",
        rows=(FormRow(activity="a", summary="=HYPERLINK(1)"),),
    )
    target = tmp_path / "hostile.csv"
    with target.open("wb") as stream:
        write_csv(hostile, stream)
    assert "'=HYPERLINK(1)" in target.read_text(encoding="utf-8")
    assert (
        read_csv(ImportSource(path=target, name="hostile.csv")).form.rows[0].summary
        == "=HYPERLINK(1)"
    )


# ---- reading JSON forms: the common case without the strict parser's walk ---------------

_CELLS = st.one_of(st.text(max_size=3), st.none(), st.integers(), st.lists(st.none(), max_size=1))


def _read(path: Path) -> FilledForm:
    from oas_program.builtin import form_formats

    return form_formats.read_json(ImportSource(path=path, name=path.name))


def test_form_rows_have_no_validators_or_converters() -> None:
    # What lets the reader make a well-formed row without FormRow's __init__: nothing for
    # __init__ to run, and slots to set.
    for field in attrs.fields(FormRow):
        assert (field.validator, field.converter, field.on_setattr) == (None, None, None)
        assert isinstance(getattr(FormRow, field.name), types.MemberDescriptorType)


@given(
    st.dictionaries(
        st.sampled_from([f.name for f in attrs.fields(FormRow)] + ["extra"]), _CELLS, max_size=5
    )
)
def test_a_well_formed_row_is_the_row_the_class_makes(item: dict[str, object]) -> None:
    from oas_program.builtin.form_formats import _well_formed_row

    names = {f.name for f in attrs.fields(FormRow)}
    well_formed = (
        item.keys() <= names
        and type(item.get("activity")) is str
        and all(value is None or type(value) is str for value in item.values())
    )
    row = _well_formed_row(item)
    if well_formed:
        assert row == FormRow(**{k: v or "" for k, v in item.items()})  # type: ignore[arg-type]
    else:
        assert row is None


def test_a_form_reads_the_same_with_or_without_orjson(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = make(tmp_path, "mex", ".json")
    form = json.loads(path.read_text(encoding="utf-8"))
    form["rows"][0].update(status="completed", date="2026-03-01", label=None)
    del form["rows"][1]["applicability"]  # absent: the default; null: an empty cell
    form["rows"][2]["applicability"] = None
    path.write_text(json.dumps(form), encoding="utf-8")
    fast = _read(path)
    from oas_program.files import fast_json

    monkeypatch.setattr(fast_json, "parse_unwalked", lambda data: None)
    strict = _read(path)
    assert fast.form == strict.form and fast.form.rows[1].applicability == "assigned"
    assert fast.form.rows[2].applicability == "" and fast.form.rows[0].label == ""
    assert [fast.where(i, "status") for i in range(3)] == [
        strict.where(i, "status") for i in range(3)
    ]


def test_outside_the_rows_a_json_form_is_still_read_strictly(tmp_path: Path) -> None:
    path = make(tmp_path, "mex", ".json")
    form = json.loads(path.read_text(encoding="utf-8"))
    form["rows"][0].update(status="completed", date="2026-03-01")
    form["note"] = 2**70  # beyond 64 bits: orjson cannot read it as the json module does
    path.write_text(json.dumps(form), encoding="utf-8")
    assert _read(path).form.rows[0].status == "completed"
    form["note"] = json.loads("[" * 70 + "]" * 70)  # deeper than the limit, beside the rows
    path.write_text(json.dumps(form), encoding="utf-8")
    result = subprocess.run(
        [OAS_PROGRAM, "merge", "@embedded", str(path), "-o", str(tmp_path / "out.json")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 3
    assert f"{path.name}:" in result.stderr and "nesting deeper than 64 [too-deep]" in result.stderr
    assert not (tmp_path / "out.json").exists()


@pytest.mark.parametrize("rows", ["none", {"activity": "ms-training"}, 3, None])
def test_a_json_form_whose_rows_are_no_array_is_refused(tmp_path: Path, rows: object) -> None:
    path = tmp_path / "form.json"
    path.write_text(json.dumps({"actor": "mex", "period": "2026", "rows": rows}, indent=1))
    result = run("merge", "@embedded", str(path), "-o", str(tmp_path / "out.json"))
    assert result.exit_code == 3
    assert result.stderr == f"{path}:4:10: /rows: expected an array [type-error]\n"
    assert not (tmp_path / "out.json").exists()
