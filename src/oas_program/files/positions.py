"""Where values sit in an input file: JSON Pointer → line and column.

Validators speak JSON Pointers (`/activities/3/assignments/0/actor`); users want a line and a
column. Importers hand the host a `locate` function built here. The JSON scan runs only when a
location is first asked for: most runs (export, convert) never need one. Even then it reads
only the containers on the paths asked for, as far as each path needs, skipping the values
before them with the json module's C scanner: a full map of a 100,000-record file took
seconds and hundreds of MB.
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


def json_offsets(text: str, *, unique_keys: bool = False) -> Mapping[str, int]:
    """The character offset where each value starts, by JSON Pointer ("" is the root).

    *text* must be valid JSON (the caller parsed it already). Looking a pointer up reads only
    the containers on its path; iterating reads them all. Where a key repeats, the last
    member of the name is the one found, as the parser keeps it; with *unique_keys* (the
    caller's parser refused repeated keys) an object is read only as far as the member
    looked up."""
    return _Offsets(text, unique_keys)


def _skip(text: str, pos: int) -> int:
    match = _WHITESPACE.match(text, pos)
    return match.end() if match else pos


class _Container:
    """An object's or array's members as far as they have been read: value offsets by
    escaped pointer token, in order, and where reading goes on."""

    __slots__ = ("end", "is_object", "members", "pending", "pos", "start")

    def __init__(self, text: str, pos: int) -> None:
        self.start = pos
        self.members: dict[str, int] = {}
        self.is_object = text[pos] == "{"
        self.pos = _skip(text, pos + 1)
        """Where the next member starts (or the value of `pending`)."""
        self.pending: str | None = None
        """The last member read, whose value has not been passed yet."""
        self.end: int | None = None
        """The offset just after the closing bracket, once read that far."""


class _Offsets(Mapping[str, int]):
    """Value offsets by JSON Pointer. A container is read member by member, only as far as
    a lookup needs (an array always; an object when its keys are known to be unique): a
    finding in the program's title does not decode the 100,000 observations after it. A
    value is passed by the C scanner, or, when a lookup goes into it, by reading it (on), so
    no value is decoded twice."""

    def __init__(self, text: str, unique_keys: bool) -> None:
        self._text = text
        self._root = _skip(text, 0)
        self._unique_keys = unique_keys
        self._containers: dict[str, _Container] = {}

    def _container(self, pointer: str, pos: int) -> _Container | None:
        """The container at *pointer* (its value at *pos*); None for a scalar. Where a key
        repeats, a pointer names one value after another as the object is read."""
        container = self._containers.get(pointer)
        if container is None or container.start != pos:
            if self._text[pos] not in "[{":
                return None
            container = self._containers[pointer] = _Container(self._text, pos)
        return container

    def _read(
        self, pointer: str, container: _Container, token: str | None, inside: str | None = None
    ) -> None:
        """Read *container* (at *pointer*) on until its member *token* is read, or (None)
        to its end. The member *inside*, when it is a container, is read as it is passed (a
        lookup is going into it: passing it whole would decode it twice)."""
        text = self._text
        while token is None or token not in container.members:
            if container.end is not None:
                return
            pos = container.pos
            if container.pending is not None:
                member = container.pending
                value = container.members[member]
                pos = _skip(text, self._past(f"{pointer}/{member}", value, member == inside))
                container.pending = None
                if text[pos] == ",":
                    pos = _skip(text, pos + 1)
            if text[pos] in "]}":
                container.pos, container.end = pos, pos + 1
                return
            if container.is_object:
                key, pos = _scanstring(text, pos + 1)
                pos = _skip(text, _skip(text, pos) + 1)  # the colon and the space around it
                member = escape_pointer(key)
            else:
                member = str(len(container.members))
            container.members[member] = pos
            container.pos, container.pending = pos, member

    def _past(self, pointer: str, pos: int, read: bool = False) -> int:
        """The offset just after the value at *pos* (at *pointer*): a container a lookup
        went into (or is going into: *read*) is read on to its end, any other value is
        skipped by the C scanner."""
        container = self._container(pointer, pos) if read else self._containers.get(pointer)
        if container is None or container.start != pos:
            return _scan_once(self._text, pos)[1]
        self._read(pointer, container, None)
        assert container.end is not None
        return container.end

    def __getitem__(self, pointer: str) -> int:
        if pointer and not pointer.startswith("/"):
            raise KeyError(pointer)
        pos, here = self._root, ""
        for token in pointer.split("/")[1:]:
            container = self._container(here, pos)
            if container is None:  # a scalar has no members
                raise KeyError(pointer)
            if self._unique_keys or not container.is_object:
                self._read(here, container, token)
            else:  # the last member of the name is the one: read the object to its end
                self._read(here, container, None, inside=token)
            if token not in container.members:
                raise KeyError(pointer)
            pos, here = container.members[token], f"{here}/{token}"
        return pos

    def __iter__(self) -> Iterator[str]:
        return self._walk("", self._root)

    def _walk(self, pointer: str, pos: int) -> Iterator[str]:
        yield pointer
        container = self._container(pointer, pos)
        if container is not None:
            self._read(pointer, container, None)
            for token, member in list(container.members.items()):
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
    """Line and column of an offset, from a newline count per 64 KiB block of the text,
    counted only as far as the offsets asked for (findings near the top of a large file do
    not count the lines of the rest)."""

    BLOCK = 1 << 16

    def __init__(self, text: str) -> None:
        self._text = text
        self._before = [0]  # newlines before the start of each block counted so far

    def position(self, offset: int) -> tuple[int, int]:
        block = offset // self.BLOCK
        while len(self._before) <= block:
            start = (len(self._before) - 1) * self.BLOCK
            self._before.append(
                self._before[-1] + self._text.count("\n", start, start + self.BLOCK)
            )
        line = self._before[block] + self._text.count("\n", block * self.BLOCK, offset) + 1
        return line, offset - (self._text.rfind("\n", 0, offset) + 1) + 1


class _Positions(Mapping[str, tuple[int, int]]):
    """(line, column) by JSON Pointer over `json_offsets`, for `nearest`."""

    def __init__(self, text: str, unique_keys: bool) -> None:
        self._offsets = json_offsets(text, unique_keys=unique_keys)
        self._lines = _Lines(text)

    def __getitem__(self, pointer: str) -> tuple[int, int]:
        return self._lines.position(self._offsets[pointer])

    def __iter__(self) -> Iterator[str]:
        return iter(self._offsets)

    def __len__(self) -> int:
        return len(self._offsets)


def json_locator(
    data: bytes | str, file: str = "<input>", *, unique_keys: bool = False
) -> Callable[[str], Location | None]:
    """A `locate` function for a JSON document; reads the text on its first call only.
    *unique_keys*: the document was parsed with repeated keys refused (`json_offsets`)."""
    built: list[_Positions] = []

    def locate(pointer: str) -> Location | None:
        if not built:
            text = data if isinstance(data, str) else decode_text(data, file)
            built.append(_Positions(text, unique_keys))
        found = nearest(built[0], pointer)
        return None if found is None else Location(line=found[0], column=found[1])

    return locate


def mapping_locator(positions: Mapping[str, tuple[int, int]]) -> Callable[[str], Location | None]:
    """A `locate` function over a ready pointer → (line, column) map (the YAML reader's)."""

    def locate(pointer: str) -> Location | None:
        found = nearest(positions, pointer)
        return None if found is None else Location(line=found[0], column=found[1])

    return locate
