"""The reporting-cycle tutorial's walk-through runs as written, and does what it says.

The outputs the page shows are checked by `tests/test_docs_examples.py`; this test checks
what the commands did to the files.
"""

from __future__ import annotations

import json
import shlex
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from oas_program.cli import cli
from oas_program.files import canonical
from tests import form_csv

ROOT = Path(__file__).resolve().parents[1]
EMBEDDED = ROOT / "src" / "oas_program" / "data" / "program.json"


def walkthrough() -> list[list[str]]:
    page = (ROOT / "docs" / "tutorials" / "reporting-cycle.md").read_text(encoding="utf-8")
    block = page.split("<!-- walkthrough -->", 1)[1].split("<!-- /walkthrough -->", 1)[0]
    lines = [line[2:] for line in block.splitlines() if line.startswith("$ oas-program ")]
    return [shlex.split(line)[1:] for line in lines]


def test_the_walkthrough_runs_and_says_what_the_tutorial_says(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    monkeypatch.chdir(tmp_path)
    commands = walkthrough()
    # Mexico's cycle, and (the second `form`) Haiti's form in French as an aside.
    assert [c[0] for c in commands] == ["form", "form", "merge", "merge", "progress", "diff"]
    outputs = []
    for arguments in commands:
        result = CliRunner().invoke(cli, arguments)
        assert result.exit_code == 0, (arguments, result.stderr)
        outputs.append(result.stdout)

    # 1. The blank form has the three member-state activities, as the filled example does.
    blank = (tmp_path / "mex-2026.csv").read_text(encoding="utf-8")
    filled = (tmp_path / "examples" / "mex-2026-filled.csv").read_text(encoding="utf-8")
    assert [row["activity"] for row in form_csv.rows(blank)] == [
        "ms-instruments",
        "ms-legislation",
        "ms-training",
    ]
    assert blank.splitlines()[:2] == filled.splitlines()[:2]  # instructions and header
    haiti = (tmp_path / "hti-2026.csv").read_text(encoding="utf-8")
    assert haiti.startswith('"# Formulaire de rapport de hti, période 2026.')
    assert haiti.splitlines()[1].startswith("acteur,période,activité,")
    # 2. The dry run announces two observations and writes nothing.
    assert outputs[2].splitlines() == [
        "+ obs-mex-ms-legislation-2026 (mex, ms-legislation, 2026: in-progress)",
        "+ obs-mex-ms-training-2026 (mex, ms-training, 2026: completed)",
        "2 added, 0 updated, 0 unchanged (dry run: nothing written)",
    ]
    tracked = canonical.load(tmp_path / "tracked.json")
    before = canonical.load(tmp_path / "examples" / "tracking-illustrative.json")
    assert len(tracked.observations) == len(before.observations) + 2
    # 3. Progress counts Mexico's completed training.
    mexico = next(line for line in outputs[4].splitlines() if line.startswith("mex "))
    assert mexico.split()[1:5] == [
        "0",
        "0",
        "1",
        "1",
    ]  # not-started, planned, in-progress, completed
    # 4. The diff lists exactly the new observations, and the form they cite.
    assert outputs[5].splitlines() == [
        "+ sources/src-report-mex-2026 added",
        "+ observations/obs-mex-ms-legislation-2026 added (mex, ms-legislation, 2026: in-progress)",
        "+ observations/obs-mex-ms-training-2026 added (mex, ms-training, 2026: completed)",
        "3 added, 0 removed, 0 changed",
    ]


def test_the_examples_are_labelled_illustrative() -> None:
    data = json.loads(
        (ROOT / "examples" / "tracking-illustrative.json").read_text(encoding="utf-8")
    )
    kinds = {s["id"]: s["kind"] for s in data["sources"]}
    embedded = {o["id"] for o in json.loads(EMBEDDED.read_text(encoding="utf-8"))["observations"]}
    invented = [o for o in data["observations"] if o["id"] not in embedded]
    assert len(invented) == 10
    for observation in invented:  # every observation the example adds is marked invented
        assert [kinds[s] for s in observation["sources"]] == ["illustrative"]
        assert "Illustrative" in observation["notes"][0]["text"]["en"]
    for observation in data["observations"]:  # and no other one cites the invented source
        if observation["id"] in embedded:
            assert "illustrative" not in {kinds[s] for s in observation["sources"]}
