"""Validation walks each program once, however many layers ask (counted, not timed).

The references, completeness, identifiers and domain layers take what they need from one walk
of every field (`walk.walked`) and one index of the entities by id (`walk.first_by_id`), shared
within a run of the engine; the schema layer is the only one that unstructures the program.
Outside a run, nothing is kept.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import attrs
import pytest
from click.testing import CliRunner
from hypothesis import given, settings

from oas_program import default_program
from oas_program.builtin.validation import schema_layer
from oas_program.cli import cli
from oas_program.files import canonical
from oas_program.model.program import Program
from oas_program.services.validation import validate, walk
from tests.strategies import programs


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    counts: Counter[str] = Counter()
    whole_walk, index, to_data = walk._walk, walk._index, schema_layer.program_to_data
    plans = {"fields": walk._plan, "walk_plan": walk._walk_plan}

    def counting_walk(program: Any) -> Any:
        counts["walk"] += 1
        return whole_walk(program)

    def counting_index(program: Any) -> Any:
        counts["index"] += 1
        return index(program)

    def counting_plan(name: str) -> Any:
        # `fields` and the shared walk look their plan up at every value, however a module
        # imported them (a layer holding its own reference would escape a patch of
        # `walk.fields`): one plan of Program is one walk of every field of a program.
        def plan(cls: type) -> Any:
            if cls is Program:
                counts[name] += 1
            return plans[name](cls)

        return plan

    def counting_to_data(program: Any) -> Any:
        counts["to_data"] += 1
        return to_data(program)

    monkeypatch.setattr(walk, "_walk", counting_walk)
    monkeypatch.setattr(walk, "_index", counting_index)
    monkeypatch.setattr(walk, "_plan", counting_plan("fields"))
    monkeypatch.setattr(walk, "_walk_plan", counting_plan("walk_plan"))
    monkeypatch.setattr(schema_layer, "program_to_data", counting_to_data)
    return counts


def test_validate_walks_the_program_once(counted: Counter[str]) -> None:
    findings = validate(default_program())
    assert findings  # the embedded program's open gaps: the layers did run
    # One walk of every field (the references layer's included) and one index by id.
    assert counted == {"walk": 1, "walk_plan": 1, "index": 1, "to_data": 1}


def test_validate_of_two_files_walks_each_once(counted: Counter[str], tmp_path: Path) -> None:
    text = canonical.dumps(default_program())
    for name in ("a.json", "b.json"):
        (tmp_path / name).write_text(text, encoding="utf-8")
    result = CliRunner().invoke(
        cli, ["validate", str(tmp_path / "a.json"), str(tmp_path / "b.json")]
    )
    assert result.exit_code == 1, result.output  # the same ids in both files
    # Ids across the files are looked up in each file's own index, the one its layers used.
    assert counted == {"walk": 2, "walk_plan": 2, "index": 2, "to_data": 2}


def test_convert_s_two_layers_share_one_walk(counted: Counter[str]) -> None:
    """The references and domain layers, as the convert benchmark runs them in one block."""
    from oas_program.builtin.validation import domain, references

    program = default_program()
    with walk.shared():
        findings = [*references.check(program), *domain.check(program)]
    assert findings == [*references.check(program), *domain.check(program)]
    # Within the block one of each; then, outside any, each layer does its own.
    assert counted == {"walk": 3, "walk_plan": 3, "index": 3}


def test_nothing_is_kept_outside_a_validation_run(counted: Counter[str]) -> None:
    program = default_program()
    first, second = walk.walked(program), walk.walked(program)
    assert first == second and first is not second
    assert walk.first_by_id(program) is not walk.first_by_id(program)
    assert counted["walk"] == 2 and counted["index"] == 2


def test_the_shared_walk_finds_what_the_layers_found_alone(walk_mode: str) -> None:
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


@pytest.fixture(params=["by plan", "generated"])
def walk_mode(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """The walk by its field plans (a small program) or by generated visitors (a large one),
    whatever the program's size."""
    monkeypatch.setattr(walk, "GENERATED_FROM", 0 if request.param == "generated" else 10**9)
    return str(request.param)


@pytest.mark.parametrize("records", [0, 1500])
def test_the_shared_walk_gathers_what_fields_yields(records: int, walk_mode: str) -> None:
    """References, URLs and notes are those `walk.fields` yields (the walk the layers made
    before they shared one), in its order: on the embedded program and on generated data,
    walked either way."""
    from benchmarks import generate

    from oas_program.model.note import Note

    program = canonical.loads(generate.dumps(records)) if records else default_program()
    walked = walk.walked(program)
    everything = list(walk.fields(program))
    ids = [
        (pointer, value)
        for pointer, owner, name, value in everything
        if walk.holds_ids(attrs.fields_dict(type(owner))[name])
        and value is not None
        and value != ()
    ]
    assert [(f"{p}/{name}", value) for p, _, name, value in walked.references] == ids and ids
    urls = [(p, v) for p, _, name, v in everything if name == "url" and type(v) is str]
    assert walked.urls == urls and (urls or not records)
    notes = [
        (f"{p}/{index}", note)
        for p, _, _, value in everything
        if type(value) is tuple
        for index, note in enumerate(value)
        if type(note) is Note
    ]
    assert walked.notes == notes and notes


def _walked_either_way(program: Program, monkeypatch: pytest.MonkeyPatch) -> list[walk.Walked]:
    found = []
    for generated_from in (10**9, 0):
        monkeypatch.setattr(walk, "GENERATED_FROM", generated_from)
        found.append(walk.walked(program))
    return found


@settings(max_examples=40, deadline=None)
@given(program=programs)
def test_generated_visitors_find_what_the_plans_find(program: Program) -> None:
    with pytest.MonkeyPatch.context() as monkeypatch:
        by_plan, generated = _walked_either_way(program, monkeypatch)
    assert generated == by_plan


def test_generated_visitors_walk_values_of_unexpected_types_as_the_plans_do(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A value of another type than its hint says (set behind the validators' back) is
    walked by the general case, in the same order: a visitor's guess is never trusted."""
    from oas_program.model.text import Text, TextStatus

    program = canonical.loads(canonical.dumps(default_program()))  # a copy of our own to spoil
    actor, activity = program.actors[0], program.activities[0]
    odd = Text(status=TextStatus.SUMMARY, en="caf\u00e9\u200b")
    object.__setattr__(actor, "id", odd)  # a Text where a string is expected
    object.__setattr__(activity, "label", "r\u00e9sum\u00e9")  # a string where a Text is
    object.__setattr__(activity, "number", "n\u00ba 1")  # a string where a number is
    mixed = (program.actors[1], "\u00e9", odd, *program.actors[2:4])
    object.__setattr__(program, "actors", (*program.actors[:1], *mixed))  # mixed classes
    by_plan, generated = _walked_either_way(program, monkeypatch)
    assert generated == by_plan
    # Each odd value is found where the general case finds it.
    assert ("/actors/0/id", actor, "id", odd) in generated.texts
    assert ("/actors/2", "\u00e9") in generated.unusual
    assert ("/activities/0/label", "r\u00e9sum\u00e9") in generated.unusual
    assert ("/activities/0/number", "n\u00ba 1") in generated.unusual
