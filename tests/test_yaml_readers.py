"""The YAML export as other YAML readers see it: PyYAML's `safe_load` (YAML 1.1, what most
Python users have) reads the same data as the JSON export, with strings planted that a
YAML 1.1 reader would otherwise type as booleans, numbers, dates or null."""

from __future__ import annotations

import json
from pathlib import Path

import attrs
import yaml
from click.testing import CliRunner

from oas_program import default_program, dumps, loads
from oas_program.cli import cli
from oas_program.model import Text, TextStatus

# Each is a plain string in YAML 1.2 but something else in YAML 1.1.
PLANTED = [
    "NO", "no", "Yes", "on", "Off", "TRUE", "false",  # booleans
    "12:30", "1:20:30", "190:20:30.15",  # sexagesimal integers and floats
    "0755", "0x1F", "0b101", "1_000", "+12", "-0",  # octal, hex, binary, underscores, signs
    ".5", "1.", "1.10", "6.8523015e+5", ".inf", "-.Inf", ".NaN",  # floats
    "2024-01-02", "2001-12-14t21:59:43.10-05:00", "2001-12-14 21:59:43.10 -5",  # timestamps
    "~", "null", "NULL",  # null
    "<<", "=",  # merge and value keys
]  # fmt: skip


def planted_program() -> object:
    program = default_program()
    activities = tuple(
        attrs.evolve(
            activity,
            label=PLANTED[i % len(PLANTED)],
            summary=Text(
                status=TextStatus.SUMMARY,
                en=PLANTED[(i + len(program.activities)) % len(PLANTED)],
                es=PLANTED[(i + 1) % len(PLANTED)],
            ),
        )
        for i, activity in enumerate(program.activities)
    )
    assert 2 * len(activities) >= len(PLANTED)  # every planted string is a label or summary
    actors = tuple(
        attrs.evolve(actor, acronym=Text(status=TextStatus.OFFICIAL, en=PLANTED[i % len(PLANTED)]))
        for i, actor in enumerate(program.actors)
    )
    return attrs.evolve(program, activities=activities, actors=actors)


def test_pyyaml_safe_load_of_the_export_equals_the_json_export(tmp_path: Path) -> None:
    source = tmp_path / "planted.json"
    source.write_bytes(dumps(planted_program(), format="json"))  # type: ignore[arg-type]
    runner = CliRunner()
    as_yaml = runner.invoke(cli, ["export", str(source), "-f", "yaml"])
    as_json = runner.invoke(cli, ["export", str(source), "-f", "json"])
    assert as_yaml.exit_code == as_json.exit_code == 0, as_yaml.stderr + as_json.stderr
    read_by_pyyaml = yaml.safe_load(as_yaml.stdout_bytes)
    assert read_by_pyyaml == json.loads(as_json.stdout_bytes)
    # Every planted string is in the export, as a string.
    labels = {a["label"]["en"] for a in read_by_pyyaml["activities"]}
    summaries = {a["summary"]["en"] for a in read_by_pyyaml["activities"]}
    assert set(PLANTED) <= labels | summaries


def test_the_embedded_program_reads_the_same_in_pyyaml() -> None:
    result = CliRunner().invoke(cli, ["export", "-f", "yaml"])
    expected = json.loads(CliRunner().invoke(cli, ["export", "-f", "json"]).stdout_bytes)
    assert yaml.safe_load(result.stdout_bytes) == expected


def test_planted_strings_are_quoted_and_read_back_by_our_reader() -> None:
    program = planted_program()
    text = dumps(program, format="yaml").decode("utf-8")  # type: ignore[arg-type]
    for value in PLANTED:
        assert f"label: '{value}'\n" in text or f"en: '{value}'\n" in text, value
    assert loads(text.encode("utf-8"), format="yaml") == program


def test_ordinary_text_stays_plain() -> None:
    text = dumps(default_program(), format="yaml").decode("utf-8")
    assert "id: inter-american-program-migrants\n" in text
    assert "  status: summary\n" in text
