"""Where values sit in an input file: JSON Pointer → line and column.

Validators speak JSON Pointers (`/activities/3/assignments/0/actor`); users want a line and a
column. Importers hand the host a `locate` function built here. The JSON scan runs only when a
location is first asked for: most runs (export, convert) never need one. Even then it reads
only the containers on the paths asked for, skipping the values beside them with the json
module's C scanner: a full map of a 100,000-record file took seconds and hundreds of MB.
"""

from __future__ import annotations

import json.decoder
import re
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from oas_program.errors import Location, escape_pointer
from oas_program.files.reading import decode_text

if TYPE_CHECKING:
    from collections.abc import Callable

_WHITESPACE = re.compile(r"[ \t\n\r]*")
# Numbers and literals: the text has already been parsed by the json module, so a loose
# pattern that finds where a scalar ends is enough.
_SCALAR = re.compile(r"[^,\]} \t\n\r]+")
# The json module's own string scanner (C accelerated): decodes a key and says where it ends.
_scanstring: Callable[[str, int], tuple[str, int]] = json.decoder.scanstring  # type: ignore[attr-defined]
# The json module's value scanner (C accelerated): where the value starting at an offset ends.
# Numbers stay text: a 5,000-digit integer must be skipped, not converted (which raises).
_scan_once: Callable[[str, int], tuple[Any, int]] = json.decoder.JSONDecoder(
    parse_int=str, parse_float=str, parse_constant=str
).scan_once  # type: ignore[attr-defined]


def json_offsets(text: str) -> Mapping[str, int]:
    """The character offset where each value starts, by JSON Pointer ("" is the root).

    *text* must be valid JSON (the caller parsed it already). Looking a pointer up reads only
    the containers on its path; iterating reads them all."""
    return _Offsets(text)


def _skip(text: str, pos: int) -> int:
    match = _WHITESPACE.match(text, pos)
    return match.end() if match else pos


def _members(
    text: str, pos: int, inside: str | None = None
) -> tuple[dict[str, int], int, dict[str, int] | None]:
    """Escaped pointer token → offset of each member of the container at *pos* ({} for a
    scalar), and the offset just after the container. Member values are skipped, not read:
    the C scanner finds where each ends. The member *inside* (the next token of the pointer
    looked up), when it is a container, is read instead of skipped, and its members come
    third (else None): skipping a container decodes it whole, so reading the root and then
    the large array a finding is in decoded that array twice."""
    members: dict[str, int] = {}
    below: dict[str, int] | None = None
    if text[pos] == "{":
        pos = _skip(text, pos + 1)
        while text[pos] != "}":
            key, pos = _scanstring(text, pos + 1)
            pos = _skip(text, _skip(text, pos) + 1)  # the colon and the space around it
            token = escape_pointer(key)
            members[token] = pos  # a repeated key: the last one, as the parser keeps
            end, inner = _past(text, pos, read=token == inside)
            if token == inside:  # a repeated key: the last one, here too
                below = inner
            pos = _skip(text, end)
            if text[pos] == ",":
                pos = _skip(text, pos + 1)
    elif text[pos] == "[":
        pos = _skip(text, pos + 1)
        index = 0
        while text[pos] != "]":
            token = str(index)
            members[token] = pos
            index += 1
            end, inner = _past(text, pos, read=token == inside)
            if token == inside:
                below = inner
            pos = _skip(text, end)
            if text[pos] == ",":
                pos = _skip(text, pos + 1)
    else:
        return members, _scan_once(text, pos)[1], None
    return members, pos + 1, below


def _past(text: str, pos: int, *, read: bool) -> tuple[int, dict[str, int] | None]:
    """The offset after the value at *pos*, and its members if *read* and it is a container."""
    if read and text[pos] in "[{":
        members, end, _ = _members(text, pos)
        return end, members
    return _scan_once(text, pos)[1], None


class _Offsets(Mapping[str, int]):
    """Value offsets by JSON Pointer, each container's members read once, when first needed
    (with those of the member on the path looked up: see `_members`)."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._root = _skip(text, 0)
        self._read: dict[str, dict[str, int]] = {}

    def _members_of(self, pointer: str, pos: int, inside: str | None = None) -> dict[str, int]:
        members = self._read.get(pointer)
        if members is None:
            members, _, below = _members(self._text, pos, inside)
            self._read[pointer] = members
            if below is not None:
                self._read.setdefault(f"{pointer}/{inside}", below)
        return members

    def __getitem__(self, pointer: str) -> int:
        if pointer and not pointer.startswith("/"):
            raise KeyError(pointer)
        pos, here = self._root, ""
        for token in pointer.split("/")[1:]:
            members = self._members_of(here, pos, token)
            if token not in members:
                raise KeyError(pointer)
            pos, here = members[token], f"{here}/{token}"
        return pos

    def __iter__(self) -> Iterator[str]:
        return self._walk("", self._root)

    def _walk(self, pointer: str, pos: int) -> Iterator[str]:
        yield pointer
        for token, member in self._members_of(pointer, pos).items():
            yield from self._walk(f"{pointer}/{token}", member)

    def __len__(self) -> int:
        return sum(1 for _ in self)


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
    # Readers spell the root "" (JSON Pointer) or "/" (the YAML reader). Only when "" is
    # not there is "/" looked up: in JSON it is the member named "", and finding it reads
    # the whole root object.
    found = positions.get("")
    return found if found is not None else positions.get("/")


class _Lines:
    """Line and column of an offset, from a newline count per 64 KiB block of the text."""

    BLOCK = 1 << 16

    def __init__(self, text: str) -> None:
        self._text = text
        self._before = [0]  # newlines before the start of each block
        for start in range(0, len(text), self.BLOCK):
            self._before.append(self._before[-1] + text.count("\n", start, start + self.BLOCK))

    def position(self, offset: int) -> tuple[int, int]:
        block = offset // self.BLOCK
        line = self._before[block] + self._text.count("\n", block * self.BLOCK, offset) + 1
        return line, offset - (self._text.rfind("\n", 0, offset) + 1) + 1


class _Positions(Mapping[str, tuple[int, int]]):
    """(line, column) by JSON Pointer over `json_offsets`, for `nearest`."""

    def __init__(self, text: str) -> None:
        self._offsets = json_offsets(text)
        self._lines = _Lines(text)

    def __getitem__(self, pointer: str) -> tuple[int, int]:
        return self._lines.position(self._offsets[pointer])

    def __iter__(self) -> Iterator[str]:
        return iter(self._offsets)

    def __len__(self) -> int:
        return len(self._offsets)


def json_locator(data: bytes | str, file: str = "<input>") -> Callable[[str], Location | None]:
    """A `locate` function for a JSON document; reads the text on its first call only."""
    built: list[_Positions] = []

    def locate(pointer: str) -> Location | None:
        if not built:
            built.append(_Positions(data if isinstance(data, str) else decode_text(data, file)))
        found = nearest(built[0], pointer)
        return None if found is None else Location(line=found[0], column=found[1])

    return locate


def mapping_locator(positions: Mapping[str, tuple[int, int]]) -> Callable[[str], Location | None]:
    """A `locate` function over a ready pointer → (line, column) map (the YAML reader's)."""

    def locate(pointer: str) -> Location | None:
        found = nearest(positions, pointer)
        return None if found is None else Location(line=found[0], column=found[1])

    return locate
