"""The committed JSON Schema matches the model, and the data validates against it."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from hypothesis import given

from oas_program import default_program
from oas_program.files import canonical
from oas_program.files.json_text import dumps_json
from oas_program.model import Program
from oas_program.model.schema import program_schema
from tests.strategies import programs

ROOT = Path(__file__).resolve().parents[1]
COMMITTED = ROOT / "schemas" / "program.schema.json"


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    schema = json.loads(COMMITTED.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def test_committed_schema_is_up_to_date() -> None:
    assert COMMITTED.read_text(encoding="utf-8") == dumps_json(program_schema()), (
        "schemas/program.schema.json is stale; regenerate it with "
        "`oas-program schema -o schemas/program.schema.json`"
    )


def _without_descriptions(schema: object) -> object:
    if isinstance(schema, dict):
        return {k: _without_descriptions(v) for k, v in schema.items() if k != "description"}
    if isinstance(schema, list):
        return [_without_descriptions(item) for item in schema]
    return schema


def test_validation_schema_is_the_published_one_without_descriptions() -> None:
    # The schema layer validates with the schema made without descriptions (much faster to
    # make); only the descriptions (annotations, no effect on validation) may differ.
    published = json.loads(COMMITTED.read_text(encoding="utf-8"))
    assert program_schema(described=False) == _without_descriptions(published)
    assert "description" in json.dumps(published)


def test_embedded_program_validates(validator: jsonschema.Draft202012Validator) -> None:
    validator.validate(json.loads(canonical.dumps(default_program())))


def test_committed_embedded_file_is_canonical() -> None:
    data = ROOT / "src" / "oas_program" / "data" / "program.json"
    assert data.read_text(encoding="utf-8") == canonical.dumps(default_program())


@given(programs)
def test_every_valid_program_validates(
    validator: jsonschema.Draft202012Validator, program: Program
) -> None:
    validator.validate(json.loads(canonical.dumps(program)))


@pytest.mark.parametrize(
    "patch",
    [
        {"id": "Not An Id"},
        {"adopted_on": "2005/06/07"},
        {"surprise": 1},
        {"title": {"status": "official"}},
        {"activities": [{"id": "a"}]},
    ],
)
def test_schema_rejects_what_the_loader_rejects(
    validator: jsonschema.Draft202012Validator,
    patch: dict,  # type: ignore[type-arg]
) -> None:
    data = {**json.loads(canonical.dumps(default_program())), **patch}
    assert not validator.is_valid(data)
    with pytest.raises(canonical.DataError):
        canonical.loads(json.dumps(data))
