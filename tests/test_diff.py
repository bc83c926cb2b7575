"""The semantic diff of two programs: library and `oas-program diff`."""

from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs
import pytest
from click.testing import CliRunner, Result

from oas_program import default_program
from oas_program.cli import cli
from oas_program.files import canonical
from oas_program.model import (
    Activity,
    Addressee,
    Assessment,
    Assignment,
    AssignmentRole,
    Observation,
    Text,
    TextStatus,
)
from oas_program.services.tracking.diff import ChangeKind, collections, diff
from tests.hostile import hostile_program

SCRIPT = str(Path(sys.executable).with_name("oas-program"))

if TYPE_CHECKING:
    from oas_program.model import Program


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def replace_activity(program: Program, activity: Activity) -> Program:
    activities = tuple(activity if a.id == activity.id else a for a in program.activities)
    return attrs.evolve(program, activities=activities)


def observation(period: str, status: str, **extra: Any) -> Observation:
    return Observation(
        id=f"obs-mex-ms-training-{period}",
        activity="ms-training",
        actor="mex",
        period=period,
        date=f"{period}-12-01",
        status=status,
        **extra,
    )


OBS_2025 = observation("2025", "in-progress")
OBS_2026 = observation("2026", "completed")


@pytest.fixture
def program() -> Program:
    # The embedded program without its observations: the tests set the observations.
    return attrs.evolve(default_program(), observations=())


# ---- library ------------------------------------------------------------------------------


def test_every_collection_of_identified_entities_is_compared() -> None:
    assert collections() == (
        "objectives",
        "activities",
        "actors",
        "resolutions",
        "documents",
        "meetings",
        "sources",
        "declarations",
        "observations",
    )


def test_a_program_diffed_with_itself_is_empty(program: Program) -> None:
    result = diff(program, program)
    assert result.empty
    assert result.lines() == ["no differences"]
    assert result.to_data(old="a", new="b") == {
        "old": "a",
        "new": "b",
        "changes": [],
        "summary": {"added": 0, "removed": 0, "changed": 0},
    }
    # An equal program, not the same object: read back from its canonical JSON.
    assert diff(program, canonical.loads(canonical.dumps(program))).empty


def test_reworded_activity(program: Program) -> None:
    cim2 = program.activity("cim-2")
    new = replace_activity(
        program, attrs.evolve(cim2, summary=attrs.evolve(cim2.summary, en="New words."))
    )
    result = diff(program, new)
    assert result.lines() == [
        "~ activities/cim-2 reworded: summary/en",
        "0 added, 0 removed, 1 changed",
    ]
    (change,) = result.changes
    assert change.to_data() == {
        "kind": "changed",
        "collection": "activities",
        "id": "cim-2",
        "label": "reworded",
        "description": "reworded: summary/en",
        "fields": [
            {
                "path": "/summary/en",
                "label": "reworded",
                "old": cim2.summary.en,
                "new": "New words.",
            }
        ],
    }


def test_official_text_added_is_a_rewording_of_the_whole_text(program: Program) -> None:
    cim2 = program.activity("cim-2")
    official = Text(status=TextStatus.OFFICIAL, es="Texto oficial.")
    new = replace_activity(program, attrs.evolve(cim2, text=official))
    (change,) = diff(program, new).changes
    assert change.line == "~ activities/cim-2 reworded: text"
    assert [(f.path, f.old, f.new) for f in change.fields] == [
        ("/text", None, {"status": "official", "es": "Texto oficial."})
    ]


def test_added_and_removed_activities(program: Program) -> None:
    added = Activity(
        id="dsde-4",
        label="DSDE 4",
        addressee=Addressee.OAS,
        summary=Text(status=TextStatus.SUMMARY, en="A new activity."),
        assignments=(Assignment(actor="dsde"),),
    )
    activities = (*(a for a in program.activities if a.id != "spa-7"), added)
    result = diff(program, attrs.evolve(program, activities=activities))
    assert result.lines() == [
        "+ activities/dsde-4 added",
        "- activities/spa-7 removed",
        "1 added, 1 removed, 0 changed",
    ]
    add, remove = result.to_data(old="a", new="b")["changes"]
    assert add["fields"] == [
        {
            "path": "",
            "label": "added",
            "old": None,
            "new": {
                "id": "dsde-4",
                "label": {"status": "summary", "en": "DSDE 4"},
                "addressee": "oas",
                "summary": {"status": "summary", "en": "A new activity."},
                "assignments": [{"actor": "dsde"}],
            },
        }
    ]
    assert remove["kind"] == "removed" and remove["fields"][0]["new"] is None
    assert remove["fields"][0]["old"]["id"] == "spa-7"


def test_assignments_changed_lists_the_actors(program: Program) -> None:
    iin1 = program.activity("iin-1")
    new = replace_activity(program, attrs.evolve(iin1, assignments=(Assignment(actor="dsde"),)))
    assert diff(program, new).lines() == [
        "~ activities/iin-1 assignments changed: +dsde -iin",
        "0 added, 0 removed, 1 changed",
    ]
    supporting = (
        Assignment(actor="iin", role=AssignmentRole.SUPPORTING),
        Assignment(actor="cim"),
    )
    newer = replace_activity(program, attrs.evolve(iin1, assignments=supporting))
    (change,) = diff(program, newer).changes
    assert change.label == "assignments-changed"
    assert change.line == (
        "~ activities/iin-1 assignments changed: +cim ~iin (responsible → supporting)"
    )
    # A list that changed length is one difference at its own path.
    assert [f.path for f in change.fields] == ["/assignments"]


def test_several_labels_in_one_change_come_in_table_order(program: Program) -> None:
    iin1 = program.activity("iin-1")
    changed = attrs.evolve(
        iin1,
        label=attrs.evolve(iin1.label, en="IIN one"),
        assignments=(Assignment(actor="dsde"),),
        summary=attrs.evolve(iin1.summary, es="Otras palabras.", en="Other words."),
    )
    (change,) = diff(program, replace_activity(program, changed)).changes
    assert change.label == "reworded"
    assert change.line == (
        "~ activities/iin-1 reworded: summary/en, summary/es; "
        "assignments changed: +dsde -iin; changed: label/en"
    )
    assert [f.path for f in change.fields] == [
        "/assignments/0/actor",
        "/label/en",
        "/summary/en",
        "/summary/es",
    ]


def test_other_collections_and_the_program_itself(program: Program) -> None:
    mex = program.actor("mex")
    actors = tuple(
        attrs.evolve(a, name=attrs.evolve(a.name, es="México (Estados Unidos Mexicanos)"))
        if a.id == "mex"
        else a
        for a in program.actors
    )
    new = attrs.evolve(
        program, actors=actors, title=attrs.evolve(program.title, fr="Programme"), notes=()
    )
    result = diff(program, new)
    assert result.lines() == [
        f"~ program/{program.id} changed: notes, title/fr",
        "~ actors/mex changed: name/es",
        "0 added, 0 removed, 2 changed",
    ]
    own = result.changes[0]
    assert (own.collection, own.fields[0].path, own.fields[0].new) == ("program", "/notes", None)
    assert result.changes[1].fields[0].old == mex.name.es


def test_observations_added(program: Program) -> None:
    new = attrs.evolve(program, observations=(OBS_2026, OBS_2025))
    result = diff(program, new)
    assert result.lines() == [
        "+ observations/obs-mex-ms-training-2025 added (mex, ms-training, 2025: in-progress)",
        "+ observations/obs-mex-ms-training-2026 added (mex, ms-training, 2026: completed)",
        "2 added, 0 removed, 0 changed",
    ]
    assert result.count(ChangeKind.ADDED) == 2


def test_after_merging_a_report_only_the_new_observations_are_listed(program: Program) -> None:
    before = attrs.evolve(program, observations=(OBS_2025,))
    after = attrs.evolve(program, observations=(OBS_2025, OBS_2026))
    result = diff(before, after)
    assert [(c.kind, c.collection, c.id) for c in result.changes] == [
        (ChangeKind.ADDED, "observations", "obs-mex-ms-training-2026")
    ]
    assert result.changes[0].fields[0].new == canonical_data(OBS_2026)


def test_observation_status_and_assessment_changed(program: Program) -> None:
    assessed = attrs.evolve(
        OBS_2025,
        status="completed",
        assessments=(
            Assessment(assessor_kind="secretariat", assessor="cajp", rating="satisfactory"),
        ),
    )
    before = attrs.evolve(program, observations=(OBS_2025,))
    after = attrs.evolve(program, observations=(assessed,))
    (change,) = diff(before, after).changes
    assert change.line == (
        "~ observations/obs-mex-ms-training-2025 status changed: in-progress → completed; "
        "reassessed: assessments"
    )
    assert change.label == "status-changed"
    assert [(f.path, f.label) for f in change.fields] == [
        ("/assessments", "reassessed"),
        ("/status", "status-changed"),
    ]


def shuffled(program: Program, seed: int) -> Program:
    rng = random.Random(seed)
    changes: dict[str, Any] = {}
    for name in collections():
        items = list(getattr(program, name))
        rng.shuffle(items)
        changes[name] = tuple(items)
    return attrs.evolve(program, **changes)


def test_order_of_entities_is_not_a_difference_and_output_is_stable(program: Program) -> None:
    iin1 = program.activity("iin-1")
    new = replace_activity(program, attrs.evolve(iin1, assignments=(Assignment(actor="dsde"),)))
    new = attrs.evolve(
        new,
        activities=tuple(a for a in new.activities if a.id != "spa-7"),
        observations=(OBS_2025, OBS_2026),
    )
    expected = diff(program, new)
    assert len(expected.changes) == 4
    for seed in range(5):
        assert diff(shuffled(program, seed), shuffled(new, seed + 100)) == expected
        assert diff(program, shuffled(program, seed)).empty


def test_a_repeated_id_is_compared_by_its_first_occurrence(program: Program) -> None:
    twice = attrs.evolve(program, observations=(OBS_2025, attrs.evolve(OBS_2025, status="planned")))
    assert diff(attrs.evolve(program, observations=(OBS_2025,)), twice).empty


def canonical_data(value: Any) -> Any:
    from oas_program.model.convert import unstructure

    return unstructure(value)


# ---- the command --------------------------------------------------------------------------


@pytest.fixture
def files(tmp_path: Path, program: Program) -> tuple[str, str]:
    cim2 = program.activity("cim-2")
    new = replace_activity(
        program, attrs.evolve(cim2, summary=attrs.evolve(cim2.summary, en="New words."))
    )
    new = attrs.evolve(new, observations=(OBS_2026,))
    old_path, new_path = tmp_path / "old.json", tmp_path / "new.json"
    old_path.write_text(canonical.dumps(program), encoding="utf-8")
    new_path.write_text(canonical.dumps(new), encoding="utf-8")
    return str(old_path), str(new_path)


def test_command_is_listed() -> None:
    assert "diff" in run("--help").stdout


def test_command_self_diff_of_the_embedded_program() -> None:
    result = run("diff", "@embedded", "@embedded", "--exit-code")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "no differences\n", "")
    data = json.loads(run("diff", "@embedded", "@embedded", "--format", "json").stdout)
    assert data == {
        "old": "@embedded",
        "new": "@embedded",
        "changes": [],
        "summary": {"added": 0, "removed": 0, "changed": 0},
    }


def test_command_text(files: tuple[str, str]) -> None:
    old, new = files
    result = run("diff", old, new)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [
        "~ activities/cim-2 reworded: summary/en",
        "+ observations/obs-mex-ms-training-2026 added (mex, ms-training, 2026: completed)",
        "1 added, 0 removed, 1 changed",
    ]
    # The old file is the embedded program without its three observations.
    assert run("diff", old, "@embedded").stdout.splitlines()[-1] == "3 added, 0 removed, 0 changed"


def test_command_json(files: tuple[str, str], program: Program) -> None:
    old, new = files
    result = run("diff", old, new, "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert (data["old"], data["new"]) == (old, new)
    assert data["summary"] == {"added": 1, "removed": 0, "changed": 1}
    assert [(c["kind"], c["collection"], c["id"], c["label"]) for c in data["changes"]] == [
        ("changed", "activities", "cim-2", "reworded"),
        ("added", "observations", "obs-mex-ms-training-2026", "added"),
    ]
    assert data["changes"][0]["fields"] == [
        {
            "path": "/summary/en",
            "label": "reworded",
            "old": program.activity("cim-2").summary.en,
            "new": "New words.",
        }
    ]
    assert data["changes"][1]["fields"][0]["new"] == canonical_data(OBS_2026)
    # Deterministic: the same inputs give the same bytes.
    assert run("diff", old, new, "--format", "json").stdout_bytes == result.stdout_bytes


def test_the_json_report_of_hostile_changes_is_what_json_dumps_writes(tmp_path: Path) -> None:
    # Through the installed command: reworded titles, summaries and names full of markup,
    # controls and scripts, and three observations added, against the library's own report.
    old = attrs.evolve(default_program(), observations=())
    new = hostile_program()
    paths = []
    for name, program in (("old.json", old), ("new.json", new)):
        path = tmp_path / name
        path.write_text(canonical.dumps(program), encoding="utf-8")
        paths.append(str(path))
    done = subprocess.run(
        [SCRIPT, "diff", *paths, "--format", "json"], capture_output=True, check=True, timeout=120
    )
    expected = diff(old, new).to_data(old=paths[0], new=paths[1])
    assert len(expected["changes"]) > 8
    text = json.dumps(expected, indent=2, ensure_ascii=False) + "\n"
    assert done.stdout == text.encode("utf-8")


def test_command_exit_code(files: tuple[str, str]) -> None:
    old, new = files
    assert run("diff", old, new, "--exit-code").exit_code == 1
    assert run("diff", old, old, "--exit-code").exit_code == 0
    assert run("diff", new, old, "--exit-code", "--format", "json").exit_code == 1


def test_command_reverse_diff_swaps_added_and_removed(files: tuple[str, str]) -> None:
    old, new = files
    assert run("diff", new, old).stdout.splitlines() == [
        "~ activities/cim-2 reworded: summary/en",
        "- observations/obs-mex-ms-training-2026 removed (mex, ms-training, 2026: completed)",
        "0 added, 1 removed, 1 changed",
    ]


def test_command_bad_input_is_located_and_exits_3(tmp_path: Path, files: tuple[str, str]) -> None:
    old, _new = files
    bad = tmp_path / "bad.json"
    bad.write_text('{"format_version": "1.0",\n "id": }\n', encoding="utf-8")
    result = run("diff", old, str(bad))
    assert result.exit_code == 3
    assert result.stdout == ""
    assert result.stderr == f"{bad}:2:8: Expecting value [json-syntax]\n"


def test_command_reports_both_bad_inputs(tmp_path: Path) -> None:
    bad, missing = tmp_path / "bad.json", tmp_path / "missing.json"
    bad.write_text("[1, 2]", encoding="utf-8")
    result = run("diff", str(bad), str(missing))
    assert result.exit_code == 3
    lines = result.stderr.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith(f"{bad}") and lines[0].endswith("[root-type]")
    assert lines[1] == f"{missing}: cannot read: No such file or directory [input-unreadable]"


def test_command_invalid_input_exits_1(tmp_path: Path, program: Program) -> None:
    data = json.loads(canonical.dumps(program))
    data["activities"][0]["addressee"] = "everyone"
    invalid = tmp_path / "invalid.json"
    invalid.write_text(json.dumps(data), encoding="utf-8")
    result = run("diff", "@embedded", str(invalid))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "/activities/0/addressee" in result.stderr and "[codelist]" in result.stderr


def test_the_documented_example_is_what_the_command_prints(program: Program) -> None:
    from pathlib import Path

    iin1, cim2 = program.activity("iin-1"), program.activity("cim-2")
    new = replace_activity(program, attrs.evolve(iin1, assignments=(Assignment(actor="dsde"),)))
    new = replace_activity(
        new, attrs.evolve(cim2, summary=attrs.evolve(cim2.summary, en="New words."))
    )
    actors = tuple(
        attrs.evolve(a, name=attrs.evolve(a.name, es="México (Estados Unidos Mexicanos)"))
        if a.id == "mex"
        else a
        for a in program.actors
    )
    new = attrs.evolve(
        new,
        activities=tuple(a for a in new.activities if a.id != "spa-7"),
        actors=actors,
        observations=(attrs.evolve(OBS_2025, status="completed"), OBS_2026),
    )
    old = attrs.evolve(program, observations=(OBS_2025,))
    block = "\n".join(diff(old, new).lines())
    page = Path(__file__).parent.parent / "docs" / "topics" / "tracking.md"
    assert f"```text\n{block}\n```" in page.read_text(encoding="utf-8")
