"""The relational layout shared by CSV, SQLite and spreadsheets round-trips any program."""

from __future__ import annotations

from collections.abc import Mapping

import pytest
from hypothesis import given

from oas_program import default_program
from oas_program.errors import DataError
from oas_program.model import Program
from oas_program.model.tables import Cell, layout, program_from_rows, program_rows, table
from oas_program.plugin_api import Location
from tests.strategies import programs


def _as_text(value: Cell) -> str:
    # What a CSV file would hold.
    if value is None:
        return ""
    return str(value).lower() if isinstance(value, bool) else str(value)


def _text_rows(program: Program) -> dict[str, list[dict[str, str]]]:
    rows = program_rows(program)
    return {
        t.name: [dict(zip(t.column_names, map(_as_text, row), strict=True)) for row in rows[t.name]]
        for t in layout()
    }


def _where(name: str, index: int, column: str | None) -> Location:
    return Location(file=f"{name}.csv", line=index + 2, place=column)


def _read(rows: Mapping[str, list[dict[str, str]]]) -> Program:
    return program_from_rows(rows, _where, "1.0").program


@given(programs)
def test_any_program_round_trips_through_text_tables(program: Program) -> None:
    assert _read(_text_rows(program)) == program


def test_layout_names_link_tables_by_owner_and_field() -> None:
    assert table("activities_assignments").column_names == (
        "activity_id",
        "position",
        "actor",
        "role",
    )
    assert table("actors_memberships_notes").key == ("actor_id", "memberships_position", "position")
    assert table("activities").primary_key == ("id",)
    assert [c.name for c in table("activities").columns if c.presence] == ["added"]


def test_problems_point_at_table_row_and_column() -> None:
    rows = _text_rows(default_program())
    rows["activities"][3]["addressee"] = "in progress"
    rows["activities_assignments"][0]["position"] = "x"
    rows["actors_memberships"].append({"actor_id": "nobody", "position": "1", "status": "member"})
    with pytest.raises(DataError) as caught:
        _read(rows)
    found = sorted((p.file, p.line, p.place, p.code) for p in caught.value.problems)
    assert found == [
        ("activities_assignments.csv", 2, "position", "type-error"),
        (
            "actors_memberships.csv",
            len(rows["actors_memberships"]) + 1,
            "actor_id",
            "unknown-reference",
        ),
    ]
    # Structural problems are reported before the model checks values.
    del rows["activities_assignments"][0]
    rows["actors_memberships"].pop()
    with pytest.raises(DataError) as caught:
        _read(rows)
    assert [(p.file, p.line, p.place, p.code) for p in caught.value.problems] == [
        ("activities_assignments.csv", 2, "position", "position")
    ]
