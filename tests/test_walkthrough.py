"""The README's tracking walk-through runs as written."""

from __future__ import annotations

import json
import shlex
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from oas_program.cli import cli
from oas_program.files import canonical

ROOT = Path(__file__).resolve().parents[1]


def walkthrough() -> list[list[str]]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("<!-- walkthrough -->", 1)[1].split("<!-- /walkthrough -->", 1)[0]
    lines = [line for line in block.splitlines() if line.startswith("oas-program ")]
    return [shlex.split(line)[1:] for line in lines]


def test_the_walkthrough_runs_and_says_what_the_readme_says(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    monkeypatch.chdir(tmp_path)
    commands = walkthrough()
    assert [c[0] for c in commands] == ["form", "merge", "merge", "progress", "diff"]
    outputs = []
    for arguments in commands:
        result = CliRunner().invoke(cli, arguments)
        assert result.exit_code == 0, (arguments, result.stderr)
        outputs.append(result.stdout)

    # 1. The blank form has the three member-state activities, as the filled example does.
    blank = (tmp_path / "mex-2026.csv").read_text(encoding="utf-8").splitlines()
    filled = (tmp_path / "examples" / "mex-2026-filled.csv").read_text(encoding="utf-8")
    assert [line.split(",")[2] for line in blank[1:]] == [
        "ms-instruments",
        "ms-legislation",
        "ms-training",
    ]
    assert blank[0] == filled.splitlines()[0]
    # 2. The dry run announces two observations and writes nothing.
    assert outputs[1].splitlines() == [
        "+ obs-mex-ms-legislation-2026 (mex, ms-legislation, 2026: in-progress)",
        "+ obs-mex-ms-training-2026 (mex, ms-training, 2026: completed)",
        "2 added, 0 updated, 0 unchanged (dry run: nothing written)",
    ]
    tracked = canonical.load(tmp_path / "tracked.json")
    before = canonical.load(tmp_path / "examples" / "tracking-illustrative.json")
    assert len(tracked.observations) == len(before.observations) + 2
    # 3. Progress counts Mexico's completed training.
    mexico = next(line for line in outputs[3].splitlines() if line.startswith("mex "))
    assert mexico.split()[1:5] == [
        "0",
        "0",
        "1",
        "1",
    ]  # not-started, planned, in-progress, completed
    # 4. The diff lists exactly the new observations, and the form they cite.
    assert outputs[4].splitlines() == [
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
    assert data["observations"]
    for observation in data["observations"]:
        assert [kinds[s] for s in observation["sources"]] == ["illustrative"]
        assert "Illustrative" in observation["notes"][0]["text"]
