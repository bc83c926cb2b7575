"""Validation walks each program once, however many layers ask (counted, not timed).

The completeness, identifiers and domain layers take what they need from one walk of every field
(`walk.walked`), shared within a run of the engine; the schema layer is the only one that
unstructures the program. Outside a run, nothing is kept.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from oas_program import default_program
from oas_program.builtin.validation import schema_layer
from oas_program.cli import cli
from oas_program.files import canonical
from oas_program.model.program import Program
from oas_program.services.validation import validate, walk


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    counts: Counter[str] = Counter()
    whole_walk, plan, to_data = walk._walk, walk._plan, schema_layer.program_to_data

    def counting_walk(program: Any) -> Any:
        counts["walk"] += 1
        return whole_walk(program)

    def counting_plan(cls: type) -> Any:
        # `fields` looks its plan up at every call, however a module imported `fields`
        # (a layer holding its own reference would escape a patch of `walk.fields`): one
        # plan of Program is one walk of every field of a program.
        if cls is Program:
            counts["fields"] += 1
        return plan(cls)

    def counting_to_data(program: Any) -> Any:
        counts["to_data"] += 1
        return to_data(program)

    monkeypatch.setattr(walk, "_walk", counting_walk)
    monkeypatch.setattr(walk, "_plan", counting_plan)
    monkeypatch.setattr(schema_layer, "program_to_data", counting_to_data)
    return counts


def test_validate_walks_the_program_once(counted: Counter[str]) -> None:
    findings = validate(default_program())
    assert findings  # the embedded program's open gaps: the layers did run
    assert counted == {"walk": 1, "fields": 1, "to_data": 1}


def test_validate_of_two_files_walks_each_once(counted: Counter[str], tmp_path: Path) -> None:
    text = canonical.dumps(default_program())
    for name in ("a.json", "b.json"):
        (tmp_path / name).write_text(text, encoding="utf-8")
    result = CliRunner().invoke(
        cli, ["validate", str(tmp_path / "a.json"), str(tmp_path / "b.json")]
    )
    assert result.exit_code == 1, result.output  # the same ids in both files
    assert counted == {"walk": 2, "fields": 2, "to_data": 2}


def test_nothing_is_kept_outside_a_validation_run(counted: Counter[str]) -> None:
    program = default_program()
    first, second = walk.walked(program), walk.walked(program)
    assert first == second and first is not second
    assert counted["walk"] == 2


def test_the_shared_walk_finds_what_the_layers_found_alone() -> None:
    """The texts are every Text field; the unusual strings are exactly the strings of the
    canonical data that are not printable ASCII."""
    from oas_program.model.convert import program_to_data
    from oas_program.model.text import Text

    program = default_program()
    walked = walk.walked(program)
    texts = [(p, o, f, v) for p, o, f, v in walk.fields(program) if isinstance(v, Text)]
    assert walked.texts == texts
    plain = [
        (pointer, value)
        for pointer, value in walk.strings(program_to_data(program))
        if not (value.isascii() and value.isprintable())
    ]
    assert sorted(walked.unusual) == sorted(plain) and plain
