"""The canonical JSON format: round trips, determinism, located errors."""

from __future__ import annotations

import json

import pytest
from hypothesis import given

from oas_program.errors import DataError
from oas_program.files import canonical
from oas_program.model import Actor, Program, Text, convert
from tests.strategies import programs


@given(programs)
def test_dump_then_load_is_identity(program: Program) -> None:
    text = canonical.dumps(program)
    assert canonical.loads(text) == program
    # Deterministic: dumping the loaded program gives the same bytes.
    assert canonical.dumps(canonical.loads(text)) == text


def _minimal() -> dict:  # type: ignore[type-arg]
    return {
        "format_version": "1.0",
        "id": "p",
        "title": {"status": "official", "en": "T"},
        "adopted_by": "r",
    }


def _problems(data: object) -> list[tuple[str | None, str]]:
    with pytest.raises(DataError) as caught:
        canonical.loads(json.dumps(data), file="x.json")
    assert all(p.file == "x.json" for p in caught.value.problems)
    return [(p.pointer, p.code) for p in caught.value.problems]


def test_every_problem_is_reported_with_its_pointer() -> None:
    data = _minimal()
    data["title"]["en"] = 5
    data["surprise"] = True
    del data["adopted_by"]
    data["actors"] = [
        {"id": "Bad Id", "kind": "gs-area", "name": {"status": "official", "en": "A"}},
        {"id": "b", "kind": "in progress", "name": {"status": "official", "en": "B"}},
        "not an object",
    ]
    assert sorted(_problems(data), key=str) == sorted(
        [
            ("/title/en", "type-error"),
            ("/adopted_by", "required"),
            ("/actors/0/id", "invalid-value"),
            ("/actors/1/kind", "codelist"),
            ("/actors/2", "type-error"),
            ("", "unknown-key"),
        ],
        key=str,
    )


@pytest.mark.parametrize(
    ("patch", "expected"),
    [
        ({"adopted_on": "2023-02-30"}, [("/adopted_on", "invalid-value")]),
        ({"adopted_on": "03/04/2024"}, [("/adopted_on", "invalid-value")]),
        ({"objectives": "abc"}, [("/objectives", "type-error")]),
        ({"id": 5}, [("/id", "type-error")]),
        ({"title": {"status": "summary"}}, [("/title", "invalid-value")]),
        ({"title": {"status": "summary", "en": "  "}}, [("/title/en", "invalid-value")]),
        ({"title": {"status": "official", "en": "\ud800"}}, [("/title/en", "invalid-unicode")]),
    ],
)
def test_bad_values_are_located(patch: dict, expected: list) -> None:  # type: ignore[type-arg]
    assert _problems({**_minimal(), **patch}) == expected


def test_strings_are_nfc_normalised_on_load() -> None:
    data = _minimal()
    data["title"]["en"] = "Co\u0302te d'Ivoire"
    assert canonical.loads(json.dumps(data)).title.en == "Côte d'Ivoire"


def test_numbers_are_not_taken_for_strings_nor_strings_for_numbers() -> None:
    data = _minimal()
    data["objectives"] = [
        {"id": "o", "kind": "general", "number": "1", "summary": {"status": "summary", "en": "x"}}
    ]
    assert _problems(data) == [("/objectives/0/number", "type-error")]
    data["objectives"][0]["number"] = True
    assert _problems(data) == [("/objectives/0/number", "type-error")]


def test_newer_major_format_version_is_refused() -> None:
    assert _problems({**_minimal(), "format_version": "2.0"}) == [
        ("/format_version", "format-version")
    ]


def test_root_must_be_an_object() -> None:
    assert _problems([1, 2]) == [(None, "root-type")]


def test_model_accepts_codelist_strings_and_converts_them() -> None:
    actor = Actor(id="a", kind="gs-area", name=Text(status="official", en="A"))  # type: ignore[arg-type]
    assert convert.unstructure(actor)["kind"] == "gs-area"


@given(programs)
def test_a_collections_writer_writes_what_unstructure_writes(program: Program) -> None:
    from oas_program.model.program import COLLECTIONS

    for collection in COLLECTIONS:
        write = convert.unstructurer(collection.entity)
        for entity in getattr(program, collection.name):
            assert write(entity) == convert.unstructure(entity)


def test_a_collections_writer_hands_any_other_value_to_unstructure() -> None:
    write = convert.unstructurer(Actor)
    text = Text(status="summary", en="A title")  # type: ignore[arg-type]
    assert write(text) == convert.unstructure(text) == {"status": "summary", "en": "A title"}
