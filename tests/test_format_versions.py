"""Format 1.1 names every child table's key after its owner in the singular
(`observation_id`); files written in format 1.0 (`observations_id`) still read the same.

The fixtures in tests/fixtures/format-1.0/ were written by the 1.0 exporters from
examples/tracking-illustrative.json: a CSV data package, a SQLite database and a workbook.
"""

from __future__ import annotations

import io
import json
import sqlite3
import zipfile
from contextlib import closing
from pathlib import Path

import pytest

from oas_program import DataError, dumps, load, pipeline
from oas_program.model.program import FORMAT_VERSION
from oas_program.model.tables import layout
from oas_program.model.text import Text, TextStatus

ROOT = Path(__file__).resolve().parents[1]
OLD = ROOT / "tests" / "fixtures" / "format-1.0"
EXAMPLE = OLD / "tracking.json"  # the 1.0 JSON the other fixtures were exported from


def test_every_child_table_key_is_singular() -> None:
    keys = {column for t in layout() for column in t.key if column.endswith("_id")}
    assert "observation_id" in keys
    assert not [k for k in keys if k.removesuffix("_id").endswith("s")], keys


def test_the_fixtures_are_really_format_1_0() -> None:
    with zipfile.ZipFile(OLD / "tracking.zip") as package:
        header = package.read("data/observations_assessments.csv").decode().splitlines()[0]
    assert header.startswith("observations_id,")
    with closing(sqlite3.connect(OLD / "tracking.sqlite")) as db:
        names = [row[1] for row in db.execute("PRAGMA table_info(observations_evidence)")]
        version = db.execute("SELECT value FROM meta WHERE key = 'format_version'").fetchone()
    assert names[0] == "observations_id" and version == ("1.0",)


@pytest.mark.parametrize("name", ["tracking.zip", "tracking.sqlite", "tracking.xlsx"])
def test_format_1_0_files_read_as_the_same_program(name: str) -> None:
    pytest.importorskip("oas_program_xlsx") if name.endswith(".xlsx") else None
    old = load(OLD / name)
    assert old == load(EXAMPLE)
    assert old.format_version == FORMAT_VERSION  # read into the current version


def test_written_files_use_the_current_names() -> None:
    program = pipeline.read_program(OLD / "tracking.zip")
    with zipfile.ZipFile(io.BytesIO(dumps(program, format="csv"))) as package:
        header = package.read("data/observations_assessments.csv").decode().splitlines()[0]
        descriptor = package.read("datapackage.json").decode()
    assert header.startswith("observation_id,") and f'"format_version": "{FORMAT_VERSION}"' in (
        descriptor
    )


def test_a_current_file_must_have_the_tables_its_version_has() -> None:
    program = pipeline.read_program(OLD / "tracking.zip")
    data = io.BytesIO(dumps(program, format="csv"))
    out = io.BytesIO()
    with zipfile.ZipFile(data) as package, zipfile.ZipFile(out, "w") as copy:
        for info in package.infolist():
            content = package.read(info)
            if info.filename == "datapackage.json":
                descriptor = json.loads(content)
                descriptor["resources"] = [
                    r for r in descriptor["resources"] if "actors_participation" not in r["name"]
                ]
                content = json.dumps(descriptor).encode()
            if "actors_participation" not in info.filename:
                copy.writestr(info, content)
    with pytest.raises(DataError) as caught:
        pipeline.loads(out.getvalue(), format="csv")
    codes = {p.code for p in caught.value.problems}
    assert codes == {"missing-table"}


@pytest.mark.parametrize("name", ["tracking.json", "tracking.zip", "tracking.sqlite"])
def test_plain_texts_of_earlier_versions_read_as_english_summaries(name: str) -> None:
    raw = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    assert isinstance(raw["activities"][0]["label"], str)  # really a plain string there
    program = load(OLD / name)

    def english(value: str) -> Text:
        return Text(status=TextStatus.SUMMARY, en=value)

    assert program.activities[0].label == english(raw["activities"][0]["label"])
    assert program.sources[0].title == english(raw["sources"][0]["title"])
    assert program.notes[0].text == english(raw["notes"][0]["text"])


def test_a_current_table_file_needs_the_status_of_its_texts() -> None:
    program = pipeline.read_program(OLD / "tracking.zip")
    out = io.BytesIO()
    written = io.BytesIO(dumps(program, format="csv"))
    with zipfile.ZipFile(written) as package, zipfile.ZipFile(out, "w") as copy:
        for info in package.infolist():
            content = package.read(info)
            if info.filename == "data/activities.csv":
                content = content.replace(b"label_status,", b"", 1)
            copy.writestr(info, content)
    with pytest.raises(DataError) as caught:
        pipeline.loads(out.getvalue(), format="csv")
    assert "required column 'label_status' is missing" in str(caught.value.problems[0])
