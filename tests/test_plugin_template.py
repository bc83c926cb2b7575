"""`oas-program plugins new NAME`: the skeleton is installed for real, its command, format
and rule work through `oas-program`, and its own tests and strict mypy pass."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import oas_program
from tests.plugin_site import install_project, oas, run_in


@pytest.fixture
def site(tmp_path: Path) -> Path:
    folder = tmp_path / "site"
    folder.mkdir()
    return folder


def test_a_new_plugin_builds_runs_and_passes_its_tests(site: Path, tmp_path: Path) -> None:
    project = tmp_path / "oas-program-demo"
    made = oas(site, "plugins", "new", "oas-program-demo", "-o", str(project))
    assert made.returncode == 0, made.stderr
    assert sorted(str(p.relative_to(project)) for p in project.rglob("*") if p.is_file()) == [
        "README.md",
        "pyproject.toml",
        "src/oas_program_demo/__init__.py",
        "src/oas_program_demo/py.typed",
        "tests/test_demo.py",
    ]
    assert install_project(site, project) == {"demo": "oas_program_demo"}

    doctor = json.loads(oas(site, "plugins", "doctor", "--json").stdout)
    demo = next(row for row in doctor if row["name"] == "demo")
    assert demo["status"] == "loaded"
    assert sorted(demo["contributes"]) == ["command:demo-count", "exporter:demo", "validator:demo"]

    count = oas(site, "demo-count")
    assert (count.returncode, count.stdout, count.stderr) == (
        0,
        f"{len(oas_program.default_program().activities)}\n",
        "",
    )
    out = tmp_path / "activities.demo.txt"  # the double suffix picks the format
    exported = oas(site, "export", "-o", str(out), "-O", "numbered=true")
    assert exported.returncode == 0, exported.stderr
    assert out.read_text(encoding="utf-8").startswith("1. iachr-1\t")
    checked = oas(site, "validate", "--select", "demo")
    assert checked.returncode == 0
    assert checked.stdout.splitlines()[-1] == "0 errors, 0 warnings, 26 info in 1 file"
    assert all("[demo-short-label]" in line for line in checked.stdout.splitlines()[:-1])

    tests = run_in(site, project, "pytest", "-q", "-p", "no:cacheprovider")
    assert tests.returncode == 0, tests.stdout + tests.stderr
    assert "3 passed" in tests.stdout
    typed = run_in(site, project, "mypy", "--no-incremental")
    assert typed.returncode == 0, typed.stdout + typed.stderr


def test_new_refuses_a_bad_name_and_an_existing_folder(site: Path, tmp_path: Path) -> None:
    bad = oas(site, "plugins", "new", "Not_A_Name", "-o", str(tmp_path / "x"))
    assert bad.returncode == 2
    assert bad.stderr.startswith("oas-program: 'Not_A_Name' is not a distribution name")
    assert not (tmp_path / "x").exists()
    existing = tmp_path / "taken"
    existing.mkdir()
    (existing / "keep.txt").write_text("mine", encoding="utf-8")
    refused = oas(site, "plugins", "new", "oas-program-demo", "-o", str(existing))
    assert refused.returncode == 2 and "[output-exists]" in refused.stderr
    assert [p.name for p in existing.iterdir()] == ["keep.txt"]
