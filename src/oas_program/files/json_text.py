"""The strict JSON text codec: located errors on the way in, deterministic text out.

Parsing refuses what RFC 8259 leaves open and Python accepts (duplicate keys, NaN, 1e999,
overlong integers, lone surrogates, absurd nesting), each problem with its place.
"""

from __future__ import annotations

import json
import math
import re
import sys
from typing import TYPE_CHECKING, Any

import attrs

from oas_program.errors import DataError, Problem, escape_pointer
from oas_program.files import fast_json
from oas_program.files.limits import DEFAULT_LIMITS, Limits
from oas_program.files.reading import decode_text
from oas_program.model.convert import paused_gc

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator


# The json module's hooks see a value but not where it sits. They return these markers
# instead of raising, and one walk afterwards (only when a marker was made) finds the JSON
# Pointer of each, so every such problem is reported at its place.


class _Repeated(dict):  # type: ignore[type-arg]
    """An object that repeated a key: the keys repeated (the last value wins meanwhile)."""

    repeated: list[str]


@attrs.frozen
class _BadNumber:
    code: str
    message: str


# A \uD800-\uDFFF escape: the only way a lone surrogate gets into a JSON string (the UTF-8
# decoder refuses encoded ones). Checked first so that most documents skip the walk.
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


class _Hooks:
    """`json.loads` hooks that mark duplicate keys, non-finite and overlong numbers."""

    def __init__(self) -> None:
        self.marked = False

    def object_pairs(self, pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        result: dict[str, Any] = dict(pairs)
        if len(result) == len(pairs):
            return result  # no key repeated: the common case, without a Python loop
        result = {}
        repeated = []
        for key, value in pairs:
            if key in result:
                repeated.append(key)
            result[key] = value
        if not repeated:
            return result
        self.marked = True
        marked = _Repeated(result)
        marked.repeated = repeated
        return marked

    def parse_constant(self, name: str) -> Any:  # NaN, Infinity, -Infinity
        self.marked = True
        return _BadNumber("non-finite", f"non-finite number {name} not allowed")

    def parse_float(self, text: str) -> Any:
        value = float(text)
        if math.isfinite(value):
            return value
        # `1e999` is valid JSON that Python reads as infinity.
        self.marked = True
        return _BadNumber("non-finite", f"non-finite number {text} not allowed (out of range)")

    def parse_int(self, text: str) -> Any:
        digits = len(text.lstrip("-"))
        limit = sys.get_int_max_str_digits()
        if limit and digits > limit:  # int() would raise ValueError (CVE-2020-10735)
            self.marked = True
            return _BadNumber(
                "number-too-long", f"number too long ({digits} digits; at most {limit})"
            )
        return int(text)


def _marked_values(
    value: Any, pointer: str, surrogates: bool
) -> Iterator[tuple[str, str, str, str | None]]:
    """(pointer, code, message, repeated key) for each marked or unencodable value."""
    if isinstance(value, _BadNumber):
        yield pointer, value.code, value.message, None
    elif isinstance(value, dict):
        for key in getattr(value, "repeated", ()):
            yield pointer, "duplicate-key", f"duplicate key {key!r}", key
        for key, item in value.items():
            child = f"{pointer}/{escape_pointer(key)}"
            if surrogates and not _encodable(key):
                yield child, "invalid-unicode", "key holds a lone surrogate", None
            yield from _marked_values(item, child, surrogates)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _marked_values(item, f"{pointer}/{index}", surrogates)
    elif surrogates and isinstance(value, str) and not _encodable(value):
        yield pointer, "invalid-unicode", "string holds a lone surrogate", None


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _marked_problems(data: Any, text: str, file: str, surrogates: bool) -> list[Problem]:
    from oas_program.files.positions import json_locator  # only to explain bad data

    locate = json_locator(text, file)
    problems = []
    for pointer, code, message, key in _marked_values(data, "", surrogates):
        # A repeated key is placed at its value (the last one, the one that would win).
        found = locate(f"{pointer}/{escape_pointer(key)}" if key is not None else pointer)
        problems.append(
            Problem(
                code=code,
                message=message,
                file=file,
                line=found.line if found else None,
                column=found.column if found else None,
                # A key with a lone surrogate would make the message itself unprintable.
                pointer=pointer.encode("utf-8", "backslashreplace").decode("utf-8") or "/",
            )
        )
    return problems


def _json_depth_exceeds(text: str, max_depth: int) -> tuple[int, int] | None:
    """Offset and depth where nesting first passes *max_depth*, ignoring brackets in strings.

    Run only once the input is known to be too deep: a Python loop over every character."""
    depth = 0
    in_string = escaped = False
    for offset, char in enumerate(text):
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            if depth > max_depth:
                return offset, depth
        elif char in "]}":
            depth -= 1
    return None


def _deeper_than(value: Any, max_depth: int) -> bool:
    """Whether parsed JSON nests arrays and objects more than *max_depth* deep.

    One pass per level over the containers only (the strings and numbers are never looked
    at), which costs a fraction of the parse; scanning the text itself would cost more."""
    level = [value] if isinstance(value, dict | list) else []
    for _ in range(max_depth):
        level = [
            item
            for container in level
            for item in (container.values() if isinstance(container, dict) else container)
            if isinstance(item, dict | list)
        ]
        if not level:
            return False
    return bool(level)


def _too_deep(text: str, file: str, limits: Limits) -> DataError:
    deep = _json_depth_exceeds(text, limits.max_depth)
    line, column = _line_col(text, deep[0]) if deep is not None else (None, None)
    return DataError.one(
        "too-deep", f"nesting deeper than {limits.max_depth}", file=file, line=line, column=column
    )


def _line_col(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def parse_json(data: bytes, file: str, limits: Limits = DEFAULT_LIMITS) -> Any:
    """Parse JSON strictly: no duplicate keys, no NaN/Infinity, bounded depth, located errors."""
    with paused_gc():  # orjson first: what it cannot vouch for is read again below
        fast = fast_json.parse(data, limits.max_depth)
    if fast is not None:
        return fast
    text = decode_text(data, file)
    if not text.strip():
        raise DataError.one("empty", "empty document; expected a JSON object", file=file)
    hooks = _Hooks()
    try:
        with paused_gc():
            data = json.loads(
                text,
                object_pairs_hook=hooks.object_pairs,
                parse_constant=hooks.parse_constant,
                parse_float=hooks.parse_float,
                parse_int=hooks.parse_int,
            )
    except json.JSONDecodeError as error:
        raise DataError.one(
            "json-syntax", error.msg, file=file, line=error.lineno, column=error.colno
        ) from None
    except RecursionError:  # deeper than the interpreter's recursion limit
        raise _too_deep(text, file, limits) from None
    # The depth is checked on the parsed data: the json module refuses what is deeper than
    # the recursion limit (above), and a walk of the containers is far cheaper than a scan
    # of every character. Only documents with many brackets can be deep.
    if text.count("[") + text.count("{") > limits.max_depth and _deeper_than(
        data, limits.max_depth
    ):
        raise _too_deep(text, file, limits)
    surrogates = _SURROGATE_ESCAPE.search(text) is not None
    if hooks.marked or surrogates:
        problems = _marked_problems(data, text, file, surrogates)
        if problems:
            raise DataError(problems)
    return data


def dumps_json(data: Any) -> str:
    """Deterministic JSON text: two-space indent, UTF-8 characters kept, final newline.

    Exactly `json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False)`, which drops
    the json module's C encoder to indent. orjson writes the same text where it can vouch
    for it (`fast_json.dumps_if_plain`); else a writer for the plain types the model
    unstructures to; anything else (subclasses, non-string keys, cycles, floats orjson
    writes otherwise) goes to `json.dumps` itself. The report of a diff of 159,000 changes
    took 4 s with `json.dumps`, 2.2 s with that writer, 0.8 s with orjson."""
    fast = fast_json.dumps_if_plain(data)
    if fast is not None:
        return fast.decode("utf-8")
    parts: list[str] = []
    try:
        _write_plain(data, "", parts.append)
    except (_NotPlain, RecursionError):
        return json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False) + "\n"
    parts.append("\n")
    return "".join(parts)


# The json module's own string encoder (C): the same escapes json.dumps writes.
_encode_string: Callable[[str], str] = json.encoder.encode_basestring


class _NotPlain(Exception):
    """A value `_write_plain` leaves to the json module."""


_LITERALS = {True: "true", False: "false", None: "null"}


def _write_plain(value: Any, indent: str, write: Callable[[str], object]) -> None:
    kind = type(value)
    if kind is str:
        write(_encode_string(value))
    elif kind is dict:
        if not value:
            write("{}")
            return
        inner = indent + "  "
        separator = "{\n" + inner
        for key, item in value.items():
            if type(key) is not str:
                raise _NotPlain
            write(separator)
            write(_encode_string(key))
            write(": ")
            _write_plain(item, inner, write)
            separator = ",\n" + inner
        write("\n" + indent + "}")
    elif kind is list:
        if not value:
            write("[]")
            return
        inner = indent + "  "
        separator = "[\n" + inner
        for item in value:
            write(separator)
            _write_plain(item, inner, write)
            separator = ",\n" + inner
        write("\n" + indent + "]")
    elif kind is bool or value is None:
        write(_LITERALS[value])
    elif kind is int:
        write(int.__repr__(value))
    else:
        raise _NotPlain
