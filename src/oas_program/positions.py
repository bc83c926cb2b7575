"""Where values sit in an input file: JSON Pointer → line and column.

Validators speak JSON Pointers (`/activities/3/assignments/0/actor`); users want a line and a
column. Importers hand the host a `locate` function built here. The JSON scan runs only when a
location is first asked for: most runs (export, convert) never need one.
"""

from __future__ import annotations

import bisect
import json.decoder
import re
from typing import TYPE_CHECKING

from oas_program.io import decode_text
from oas_program.plugin_api import Location

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

_WHITESPACE = re.compile(r"[ \t\n\r]*")
# Numbers and literals: the text has already been parsed by the json module, so a loose
# pattern that finds where a scalar ends is enough.
_SCALAR = re.compile(r"[^,\]} \t\n\r]+")
# The json module's own string scanner (C accelerated): decodes a key and says where it ends.
_scanstring: Callable[[str, int], tuple[str, int]] = json.decoder.scanstring  # type: ignore[attr-defined]


def escape(token: str | int) -> str:
    """One JSON Pointer reference token (RFC 6901: `~` → `~0`, `/` → `~1`)."""
    return str(token).replace("~", "~0").replace("/", "~1")


def json_offsets(text: str) -> dict[str, int]:
    """The character offset where each value starts, by JSON Pointer ("" is the root).

    *text* must be valid JSON (the caller parsed it already); bracket nesting is bounded by
    the reader's depth limit, so the recursion here is too."""
    offsets: dict[str, int] = {}

    def skip(pos: int) -> int:
        match = _WHITESPACE.match(text, pos)
        return match.end() if match else pos

    def value(pos: int, pointer: str) -> int:
        offsets[pointer] = pos
        char = text[pos]
        if char == "{":
            pos = skip(pos + 1)
            if text[pos] == "}":
                return pos + 1
            while True:
                key, pos = _scanstring(text, pos + 1)
                pos = skip(skip(pos) + 1)  # the colon and the space around it
                pos = skip(value(pos, f"{pointer}/{escape(key)}"))
                if text[pos] == "}":
                    return pos + 1
                pos = skip(pos + 1)  # the comma
        if char == "[":
            pos = skip(pos + 1)
            if text[pos] == "]":
                return pos + 1
            index = 0
            while True:
                pos = skip(value(pos, f"{pointer}/{index}"))
                index += 1
                if text[pos] == "]":
                    return pos + 1
                pos = skip(pos + 1)
        if char == '"':
            return _scanstring(text, pos + 1)[1]
        match = _SCALAR.match(text, pos)
        return match.end() if match else pos + 1

    value(skip(0), "")
    return offsets


def nearest(positions: Mapping[str, tuple[int, int]], pointer: str) -> tuple[int, int] | None:
    """The position of *pointer*, or of the nearest value that encloses it.

    A finding may point at a value left out of the file (a default, a missing field): the
    object that should hold it is the best place to send the user."""
    current = pointer
    while current not in ("", "/"):
        found = positions.get(current)
        if found is not None:
            return found
        current = current.rsplit("/", 1)[0] if "/" in current else ""
    # Readers spell the root "" (JSON Pointer) or "/" (the YAML reader).
    return positions.get("", positions.get("/"))


def json_locator(data: bytes | str, file: str = "<input>") -> Callable[[str], Location | None]:
    """A `locate` function for a JSON document; scans the text on its first call only."""
    cache: dict[str, tuple[int, int]] = {}

    def positions() -> dict[str, tuple[int, int]]:
        if not cache:
            text = data if isinstance(data, str) else decode_text(data, file)
            line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
            for pointer, offset in json_offsets(text).items():
                line = bisect.bisect_right(line_starts, offset)
                cache[pointer] = (line, offset - line_starts[line - 1] + 1)
        return cache

    def locate(pointer: str) -> Location | None:
        found = nearest(positions(), pointer)
        return None if found is None else Location(line=found[0], column=found[1])

    return locate


def mapping_locator(positions: Mapping[str, tuple[int, int]]) -> Callable[[str], Location | None]:
    """A `locate` function over a ready pointer → (line, column) map (the YAML reader's)."""

    def locate(pointer: str) -> Location | None:
        found = nearest(positions, pointer)
        return None if found is None else Location(line=found[0], column=found[1])

    return locate
