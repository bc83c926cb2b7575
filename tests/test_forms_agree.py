"""What an actor reports on: the form, `activities_for` and the SQLite view give one answer,
and a form nobody filled in is not merged silently."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from click.testing import CliRunner

from oas_program import default_program
from oas_program.cli import cli
from tests import form_csv


def run(*args: str) -> object:
    return CliRunner().invoke(cli, list(args))


@pytest.fixture(scope="module")
def view(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[str]]:
    path = tmp_path_factory.mktemp("sqlite") / "program.sqlite"
    assert run("export", "-o", str(path)).exit_code == 0
    found: dict[str, list[str]] = {}
    with closing(sqlite3.connect(path)) as db:
        for actor, activity in db.execute("SELECT actor_id, activity_id FROM activities_by_actor"):
            found.setdefault(actor, []).append(activity)
    return found


def _form_rows(actor: str) -> list[str] | None:
    result = run("form", "--actor", actor, "--period", "2026", "-f", "csv")
    if result.exit_code == 2 and "[nothing-to-report]" in result.stderr:
        return None
    assert result.exit_code == 0, result.output
    return [row["activity"] for row in form_csv.rows(result.stdout)]


@pytest.mark.parametrize("actor", ["sedi", "mex", "sg"])
def test_an_actor_whose_activities_come_through_a_child_or_a_group(
    actor: str, view: dict[str, list[str]]
) -> None:
    expected = [a.id for a in default_program().activities_for(actor)]
    assert expected  # these actors do have activities, through a child or their group
    assert _form_rows(actor) == expected
    assert view[actor] == expected


def test_every_actor_gets_the_same_answer_from_form_api_and_view(
    view: dict[str, list[str]],
) -> None:
    program = default_program()
    for actor in program.actors:
        expected = [a.id for a in program.activities_for(actor.id)]
        assert view.get(actor.id, []) == expected, actor.id
    # The form, for one actor of each kind (running it for all 57 adds nothing).
    for actor in {a.kind: a for a in program.actors}.values():
        expected = [a.id for a in program.activities_for(actor.id)]
        assert _form_rows(actor.id) == (expected or None), actor.id


def test_the_view_says_through_whom(tmp_path: Path) -> None:
    path = tmp_path / "p.sqlite"
    run("export", "-o", str(path))
    with closing(sqlite3.connect(path)) as db:
        rows = db.execute(
            "SELECT actor_id, role, through FROM activities_by_actor "
            "WHERE actor_id IN ('sedi', 'mex', 'iachr') ORDER BY actor_id"
        ).fetchall()
    assert {(a, r, t) for a, r, t in rows} == {
        ("iachr", "responsible", "iachr"),
        ("mex", None, "member-states"),
        ("sedi", None, "dsde"),
        ("sedi", None, "decst"),
    }


def test_an_actor_with_nothing_to_report_is_told_so() -> None:
    program = default_program()
    idle = next(a for a in program.actors if not program.activities_for(a.id))
    result = run("form", "--actor", idle.id, "-f", "csv")
    assert result.exit_code == 2
    assert result.stdout == ""
    [line] = result.stderr.splitlines()
    assert line.startswith(f"oas-program: --actor: {idle.id} (")
    assert "has no activity to report on" in line and line.endswith("[nothing-to-report]")


def test_a_parents_filled_form_merges(tmp_path: Path) -> None:
    form = tmp_path / "sedi.csv"
    assert run("form", "--actor", "sedi", "--period", "2026", "-o", str(form)).exit_code == 0
    instructions, rows = form_csv.split(form.read_text(encoding="utf-8-sig"))
    rows[0]["status"], rows[0]["date"] = "completed", "2026-12-01"
    form_csv.write(form, instructions, rows)
    out = tmp_path / "out.json"
    result = run("merge", "@embedded", str(form), "-o", str(out))
    assert result.exit_code == 0, result.output
    merged = json.loads(out.read_text(encoding="utf-8"))["observations"]
    added = [o for o in merged if o["actor"] == "sedi"]
    assert [(o["actor"], o["activity"]) for o in added] == [("sedi", rows[0]["activity"])]


# ---- a form nobody filled in -------------------------------------------------------------------


def test_merging_a_form_nobody_filled_in_warns(tmp_path: Path) -> None:
    form, out = tmp_path / "mex.csv", tmp_path / "out.json"
    assert run("form", "--actor", "mex", "--period", "2026", "-o", str(form)).exit_code == 0
    result = run("merge", "@embedded", str(form), "-o", str(out))
    assert result.exit_code == 0
    assert f"oas-program: warning: {form}: no row has a status" in result.stderr
    assert "[empty-form]" in result.stderr
    assert out.exists()


def test_merging_a_form_nobody_filled_in_is_refused_with_strict(tmp_path: Path) -> None:
    form, out = tmp_path / "mex.csv", tmp_path / "out.json"
    assert run("form", "--actor", "mex", "--period", "2026", "-o", str(form)).exit_code == 0
    result = run("merge", "@embedded", str(form), "-o", str(out), "--strict")
    assert result.exit_code == 1
    [line] = result.stderr.splitlines()
    assert line.startswith(f"{form}: no row has a status") and line.endswith("[empty-form]")
    assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mex.csv"]


def test_a_filled_form_merges_without_warning_under_strict(tmp_path: Path) -> None:
    root = Path(__file__).resolve().parents[1]
    out = tmp_path / "out.json"
    result = run(
        "merge",
        str(root / "examples" / "tracking-illustrative.json"),
        str(root / "examples" / "mex-2026-filled.csv"),
        "-o",
        str(out),
        "--strict",
    )
    assert result.exit_code == 0, result.output
    assert "warning" not in result.stderr
