"""The YAML importer is safe and keeps strings as written."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given

from oas_program import default_program
from oas_program import pipeline as api
from oas_program.errors import DataError
from oas_program.model import Program
from tests.strategies import programs


def _read(tmp_path: Path, text: str) -> Program:
    path = tmp_path / "x.yaml"
    path.write_text(text, encoding="utf-8")
    return api.load(path)


def _error(tmp_path: Path, text: str) -> list[tuple[int | None, int | None, str]]:
    with pytest.raises(DataError) as caught:
        _read(tmp_path, text)
    assert all(p.file and p.file.endswith("x.yaml") for p in caught.value.problems)
    return [(p.line, p.column, p.code) for p in caught.value.problems]


HEAD = "format_version: '1.0'\nid: p\ntitle: {status: official, en: T}\nadopted_by: r\n"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (HEAD + "id: q\n", [(5, 1, "duplicate-key")]),
        (
            "x: !!python/object/apply:os.system ['touch /tmp/oas-yaml-pwned']\n",
            [(1, 4, "unsafe-tag")],
        ),
        (HEAD + "---\nid: q\n", [(5, 1, "multi-document")]),
        ("a: [1,\n", [(2, 1, "yaml-syntax")]),
        ("", [(None, None, "empty")]),
        ("   \n", [(None, None, "empty")]),
        ("- 1\n- 2\n", [(1, 1, "root-type")]),
        (HEAD + "adopted_on: 2005-02-30\n", [(5, 13, "invalid-value")]),
        (
            HEAD + "actors:\n  - id: a\n    kind: gs-area\n    name: {status: official, en: 5}\n",
            [(8, 34, "type-error")],
        ),
    ],
)
def test_bad_yaml_gives_located_errors(tmp_path: Path, text: str, expected: list) -> None:  # type: ignore[type-arg]
    assert _error(tmp_path, text) == expected
    assert not Path("/tmp/oas-yaml-pwned").exists()


def test_alias_bomb_stops_early(tmp_path: Path) -> None:
    lines = ["a: &a [x, x, x, x, x, x, x, x, x]"]
    for level, name in enumerate("bcdefghij"):
        previous = "abcdefghij"[level]
        lines.append(f"{name}: &{name} [{', '.join(['*' + previous] * 9)}]")
    assert _error(tmp_path, "\n".join(lines) + "\n")[0][2] == "alias-bomb"


def test_plain_scalars_that_look_like_other_types_stay_strings(tmp_path: Path) -> None:
    labels = ["NO", "on", "1.10", "12:30:00", "0755", "2024-01-02", "~x"]
    activities = "".join(
        f"  - {{id: a{i}, label: {label}, addressee: oas, summary: {{status: summary, en: s}}}}\n"
        for i, label in enumerate(labels)
    )
    program = _read(tmp_path, HEAD + "activities:\n" + activities)
    assert [a.label.en for a in program.activities] == labels


def test_embedded_program_round_trips_through_yaml(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    api.dump(default_program(), path)
    assert api.load(path) == default_program()


@given(programs)
def test_any_program_round_trips_through_yaml(program: Program) -> None:
    assert api.loads(api.dumps(program, format="yaml"), format="yaml") == program
