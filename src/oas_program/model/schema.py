"""JSON Schema (2020-12) of the canonical format, generated from the model.

The model is the single definition of the format: this module reads the attrs classes,
their types, defaults and validators (and the docstrings under each attribute) and writes
the schema. `schemas/program.schema.json` is its committed output.
"""

from __future__ import annotations

import itertools
import types
from enum import Enum
from typing import Any, Union, get_args, get_origin

import attrs

from oas_program.model.actor import _ISO3_RE
from oas_program.model.program import FORMAT_VERSION, Program
from oas_program.model.text import LANGUAGES, Text
from oas_program.model.values import (
    ID_PATTERN,
    PARTIAL_DATE_PATTERN,
    check_id,
    check_ids,
    check_partial_date,
    type_hints,
)

SCHEMA_ID = "urn:oas-program:schema:program:1"
GENERATED_NOTE = "Generated from the model by `oas-program schema`: do not edit by hand."
NOT_BLANK = r"\S"


def _attribute_docs(cls: type) -> dict[str, str]:
    """Docstrings written under attributes in the class body (attrs does not keep them)."""
    # Imported here: `validate` makes the schema without descriptions, and needs none of them.
    import ast
    import inspect
    import textwrap

    try:
        tree = ast.parse(textwrap.dedent(inspect.getsource(cls)))
    except (OSError, TypeError):  # pragma: no cover - source not available
        return {}
    body = tree.body[0].body if tree.body and isinstance(tree.body[0], ast.ClassDef) else []
    docs: dict[str, str] = {}
    for node, following in itertools.pairwise(body):
        if (
            isinstance(node, ast.AnnAssign)
            and isinstance(node.target, ast.Name)
            and isinstance(following, ast.Expr)
            and isinstance(following.value, ast.Constant)
            and isinstance(following.value.value, str)
        ):
            docs[node.target.id] = " ".join(following.value.value.split())
    return docs


def _validators(field: attrs.Attribute[Any]) -> list[Any]:
    validator = field.validator
    if validator is None:
        return []
    inner = getattr(validator, "_validators", None)  # attrs' and_() / list of validators
    found = list(inner) if inner is not None else [validator]
    # optional(x) wraps x
    return [getattr(v, "validator", v) for v in found]


class _Builder:
    def __init__(self, described: bool) -> None:
        self.defs: dict[str, Any] = {}
        self.described = described

    def type_schema(self, tp: Any) -> dict[str, Any]:
        origin = get_origin(tp)
        if origin in (Union, types.UnionType):
            options = [a for a in get_args(tp) if a is not type(None)]
            inner = self.type_schema(options[0]) if len(options) == 1 else {}
            if len(options) > 1:
                inner = {"anyOf": [self.type_schema(o) for o in options]}
            return {"anyOf": [inner, {"type": "null"}]}
        if origin is tuple:
            return {"type": "array", "items": self.type_schema(get_args(tp)[0])}
        if isinstance(tp, type) and issubclass(tp, Enum):
            return {"type": "string", "enum": [m.value for m in tp]}
        if tp is str:
            return {"type": "string"}
        if tp is bool:
            return {"type": "boolean"}
        if tp is int:
            return {"type": "integer"}
        if attrs.has(tp):
            return {"$ref": f"#/$defs/{self.define(tp)}"}
        raise TypeError(f"no JSON Schema for {tp!r}")

    def define(self, cls: type) -> str:
        name = cls.__name__
        if name in self.defs:
            return name
        self.defs[name] = {}  # reserve first: classes may refer to each other
        hints = type_hints(cls)
        docs = _attribute_docs(cls) if self.described else {}
        properties: dict[str, Any] = {}
        required: list[str] = []
        for field in attrs.fields(cls):
            if not field.init:
                continue
            schema = self.type_schema(hints[field.name])
            self._apply_validators(field, schema)
            if field.name in docs:
                schema = {"description": docs[field.name], **schema}
            properties[field.name] = schema
            if field.default is attrs.NOTHING:
                required.append(field.name)
        definition: dict[str, Any] = {"type": "object"}
        if cls.__doc__ and self.described:
            definition["description"] = " ".join(cls.__doc__.split())
        definition |= {"properties": properties, "required": required}
        definition["additionalProperties"] = False
        if cls is Text:
            definition["anyOf"] = [{"required": [lang]} for lang in LANGUAGES]
        self.defs[name] = definition
        return name

    @staticmethod
    def _apply_validators(field: attrs.Attribute[Any], schema: dict[str, Any]) -> None:
        target = schema["anyOf"][0] if "anyOf" in schema and len(schema["anyOf"]) == 2 else schema
        for validator in _validators(field):
            if validator is check_id:
                target["pattern"] = ID_PATTERN
            elif validator is check_ids:
                target["items"]["pattern"] = ID_PATTERN
            elif validator is check_partial_date:
                target["pattern"] = PARTIAL_DATE_PATTERN
            elif getattr(validator, "__name__", "") == "_check_iso3":
                target["pattern"] = _ISO3_RE.pattern
            elif getattr(validator, "__name__", "") == "_check_not_blank":
                target["pattern"] = NOT_BLANK
            elif type(validator).__name__ == "_NumberValidator":
                bound = validator.bound
                target["minimum" if validator.compare_op == ">=" else "exclusiveMinimum"] = bound


def program_schema(*, described: bool = True) -> dict[str, Any]:
    """The JSON Schema of the canonical format.

    :param described: with the descriptions (the published schema). Without them, the
        schema validates the same data and is made several times faster: reading the
        attributes' docstrings means parsing the model's source, which is most of the cost
        of `oas-program validate`'s schema layer on a small program."""
    builder = _Builder(described)
    root = builder.define(Program)
    top = builder.defs.pop(root)
    description = {"description": "Version of the interchange format (major.minor)."}
    top["properties"]["format_version"] = {
        **(description if described else {}),
        "type": "string",
        "pattern": r"^" + FORMAT_VERSION.split(".")[0] + r"\.[0-9]+$",
    }
    top["required"] = ["format_version", *[r for r in top["required"] if r != "format_version"]]
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "OAS Inter-American Program on the human rights of migrants",
        "$comment": GENERATED_NOTE,
        **top,
        "$defs": dict(sorted(builder.defs.items())),
    }
