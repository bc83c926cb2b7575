"""The canonical JSON format: the program as one deterministic UTF-8 JSON document."""

from __future__ import annotations

import functools
import pkgutil
from typing import TYPE_CHECKING

import attrs

from oas_program.errors import DataError
from oas_program.files import fast_json, json_records
from oas_program.files.json_text import dumps_json, parse_json
from oas_program.files.limits import DEFAULT_LIMITS, Limits
from oas_program.files.reading import read_bytes
from oas_program.model.convert import (
    paused_gc,
    program_from_data,
    program_if_fast,
    program_if_fast_in_parts,
    program_to_data,
)
from oas_program.model.program import COLLECTIONS, Program

if TYPE_CHECKING:
    from pathlib import Path

MEDIA_TYPE = "application/json"

# A program's members: its collections of entities, read a few entities at a time from a
# large input (`_program_by_records`), and the others.
_ENTITIES = tuple(collection.name for collection in COLLECTIONS)
_OTHERS = tuple(f.name for f in attrs.fields(Program) if f.init and f.name not in _ENTITIES)


def loads(data: bytes | str, *, file: str = "<input>", limits: Limits = DEFAULT_LIMITS) -> Program:
    """A program from canonical JSON text or bytes; DataError names *file* and the place."""
    raw = data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data
    # The common case first: orjson's data, which the model's fast path takes as it is. It
    # takes no float and nests no deeper than the model, so the parser's walk looking for
    # those (most of a parse after orjson's own) is left out. Anything else is read again
    # by the strict road below, which builds the same program or says what is wrong where.
    # A large input is parsed a few entities at a time, never whole (the peak of its load).
    with paused_gc():
        if len(raw) >= json_records.SPLIT_FROM:
            program = _program_by_records(raw, limits.max_depth)
        else:
            parsed = fast_json.parse_unwalked(raw)
            program = None if parsed is None else program_if_fast(parsed, limits.max_depth)
            del parsed  # before the strict road parses again
    if program is not None:
        return program
    try:
        return program_from_data(parse_json(raw, file, limits))
    except DataError as error:
        raise error.with_file(file) from None


def _program_by_records(raw: bytes, max_depth: int) -> Program | None:
    """The fast path of a large input, its entities parsed a batch at a time (the peak of
    the load is then about the input and the model: `json_records`); None as
    `program_if_fast`."""
    document = json_records.split(raw, _ENTITIES, _OTHERS)
    if document is None:
        return None
    program = program_if_fast_in_parts(document.head, document.arrays, max_depth)
    return program if document.complete() else None


def load(path: str | Path, *, limits: Limits = DEFAULT_LIMITS) -> Program:
    """A program from a canonical JSON file."""
    return loads(read_bytes(path, limits), file=str(path), limits=limits)


def dumps(program: Program) -> str:
    """Canonical JSON text: the same program always gives byte-identical text."""
    return dumps_bytes(program).decode("utf-8")


def dumps_bytes(program: Program) -> bytes:
    """Canonical JSON as UTF-8 bytes (what a file holds): orjson writes it where it can, the
    same bytes `json_text.dumps_json` writes."""
    data = program_to_data(program)
    fast = fast_json.dumps(data)
    return fast if fast is not None else dumps_json(data).encode("utf-8")


EMBEDDED = "@embedded"
"""Names the embedded program where a command takes a program file (merge, diff)."""


def embedded_bytes() -> bytes:
    """The embedded program's file, `oas_program/data/program.json`, as it is."""
    # pkgutil rather than importlib.resources, which costs a command 8 ms to import.
    data = pkgutil.get_data("oas_program.data", "program.json")
    if data is None:  # only from a loader that cannot read files: not a pip install
        raise FileNotFoundError("oas_program/data/program.json")
    return data


@functools.cache
def default_program() -> Program:
    """The embedded program (from `oas_program/data/program.json`), loaded once."""
    return loads(embedded_bytes(), file="<embedded program.json>")
