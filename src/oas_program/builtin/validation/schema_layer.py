"""Built-in validator: the program's canonical data against the published JSON Schema.

The loader (cattrs) and the schema are two descriptions of one format; checking loaded data
with a separate engine (jsonschema, draft 2020-12) catches the places where they disagree.
The schema is the one `oas-program schema` publishes, generated from the model, without its
descriptions (which do not change what validates, and cost the most to make); the test
suite pins the published one byte for byte to the committed `schemas/program.schema.json`.

jsonschema is imported inside the check, and only for data that is not valid: `jsonschema-rs`
(a runtime dependency) answers first whether the data is valid at all, about a hundred times
faster; jsonschema writes every finding, so the messages are the same with it or without it.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any

from oas_program.errors import escape_pointer
from oas_program.i18n import Templates
from oas_program.model.convert import program_to_data
from oas_program.plugins.descriptors import Finding, Rule, Severity, Validator
from oas_program.plugins.hookspecs import hookimpl

if TYPE_CHECKING:
    from collections.abc import Iterator

    from oas_program.model import Program

SCHEMA_VIOLATION = Rule(
    code="schema-violation",
    severity=Severity.ERROR,
    summary="The program's canonical data validates against the published JSON Schema "
    "(`schemas/program.schema.json`, draft 2020-12), checked independently of the loader.",
    fix="Change the value as the message says; the schema documents every field.",
)


# The message (catalog context `finding:schema-violation`); {detail} is jsonschema's own
# wording of what is wrong, in English in every language.
_TEXT = Templates(
    "finding",
    {
        "schema-violation": "{detail} (schema: {schema}); change the value to fit the schema",
    },
)
SCHEMA_MESSAGES = _TEXT.messages()


@functools.cache
def _schema() -> dict[str, Any]:
    from oas_program.model.schema import program_schema

    return program_schema(described=False)


@functools.cache
def _validator() -> Any:
    import jsonschema  # type: ignore[import-untyped]

    return jsonschema.Draft202012Validator(_schema())


@functools.cache
def _fast_validator() -> Any:
    """jsonschema-rs's validator of the schema, or None when it is not installed."""
    try:
        import jsonschema_rs
    except ImportError:
        return None
    return jsonschema_rs.validator_for(_schema())


def check_data(data: Any) -> Iterator[Finding]:
    """Findings for plain data (the canonical format's), one per schema error."""
    fast = _fast_validator()
    if fast is not None and fast.is_valid(data):
        return  # valid data, the common case: nothing for jsonschema to explain
    from jsonschema.exceptions import best_match  # type: ignore[import-untyped]

    errors = sorted(_validator().iter_errors(data), key=lambda e: [str(p) for p in e.path])
    for error in errors:
        # An `anyOf` (a value or null) reports "not valid under any of the given schemas";
        # the best matching branch says what is actually wrong.
        shown = best_match(error.context) if error.context else error
        shown = shown if shown is not None else error
        pointer = "".join(f"/{escape_pointer(token)}" for token in shown.absolute_path)
        schema_path = "/".join(map(str, shown.absolute_schema_path))
        yield SCHEMA_VIOLATION.finding(
            _TEXT("schema-violation", detail=shown.message, schema=schema_path), pointer
        )


def check(program: Program) -> Iterator[Finding]:
    return check_data(program_to_data(program))


@hookimpl
def oas_program_validators() -> list[Validator]:
    return [
        Validator(
            name="schema",
            rules=(SCHEMA_VIOLATION,),
            check=check,
            description="The canonical data against the published JSON Schema.",
        )
    ]
