"""The fast paths of the strict JSON codec, with orjson: the same data in, the same text out.

`json_text.parse_json` is the strict parser: it refuses duplicate keys, NaN and Infinity,
numbers out of range, lone surrogates and absurd nesting, each with its place. Most inputs
have none of these, and orjson (Rust) parses them about three times faster than the json
module with the hooks those checks need. `parse` tries orjson first and answers only when it
can prove the result is what the strict parser would give; otherwise it answers None and
the strict parser reads the input again, to return it or to explain what is wrong:

- orjson itself refuses NaN, Infinity, numbers that overflow a double (`1e999`), lone
  surrogates (escaped or encoded), invalid UTF-8, control characters in strings, nesting
  deeper than 1024 and any syntax error;
- a float anywhere sends the input to the strict parser: orjson reads integers beyond 64
  bits as floats, the json module as integers (and the model has no floats);
- duplicate keys: orjson keeps the last. The parsed data written again compactly (orjson,
  a tenth of the parse) has one colon per key it kept and the colons of the strings it
  kept; the input has one per key written and the same colons in its strings. Equal counts
  mean that no key was dropped (`_no_key_lost`);
- depth: one walk over the containers counts the levels and finds the floats.

`dumps` writes canonical JSON text with orjson, byte for byte what `json_text.dumps_json`
writes for the plain data the model unstructures to (strings, integers within 64 bits,
booleans, null, lists and dicts with string keys; no floats), or None for anything else;
`dumps_if_plain` the same for data from anywhere (reports, the documents of exports).
"""

from __future__ import annotations

from typing import Any

try:  # a runtime dependency; without it every input simply takes the strict path
    import orjson
except ImportError:  # pragma: no cover - exercised only in an environment without orjson
    orjson = None  # type: ignore[assignment]

_BOM = b"\xef\xbb\xbf"
# What the walk stops at: containers to go into, and floats (see `plain`).
_NOTED = frozenset((dict, list, float))


def parse(data: bytes, max_depth: int) -> Any | None:
    """The parsed data, or None when the strict parser must read *data* instead."""
    value = parse_unwalked(data)
    if value is None or not plain(value, max_depth):
        return None
    return value


def parse_unwalked(data: bytes) -> Any | None:
    """`parse` without its walk for depth and floats (`plain`), for a caller that checks
    both its own way (`canonical.loads`: the model's fast path takes neither; the form reader
    walks only what is not a row); None as for `parse`."""
    if orjson is None:
        return None
    raw = data[3:] if data.startswith(_BOM) else data
    try:
        value = orjson.loads(raw)
    except orjson.JSONDecodeError:
        return None  # the strict parser finds the problem and says where it is
    if not _no_key_lost(raw, value):
        return None
    return value


def _no_key_lost(raw: bytes, value: Any) -> bool:
    """Whether every key of *raw* is in *value* (so none repeated): the colons of *raw*
    against those of *value* written compactly again.

    A colon in JSON text is either a key's (one per key written) or inside a string. Written
    again, *value* has one per key kept and the same colons inside the strings kept, as long
    as *raw* escapes no colon (`\\u003a`, which would be one more colon written again). A
    repeated key loses at least its own colon, so equal counts mean no key was lost."""
    if b"\\u003" in raw:
        return False  # an escaped colon (or digit, or `;<=>?`): let the strict parser judge
    assert orjson is not None
    return raw.count(b":") == orjson.dumps(value).count(b":")


def plain(value: Any, max_depth: int) -> bool:
    """Whether *value* nests no deeper than *max_depth* and holds no float (orjson reads an
    integer beyond 64 bits as a float, the strict parser as an integer; the model has no
    floats, so the strict path may take them all). One pass per level over the
    containers' items."""
    if type(value) is float:
        return False
    level = [value] if type(value) is dict or type(value) is list else []
    depth = 0
    while level:
        depth += 1
        if depth > max_depth:
            return False
        below: list[Any] = []
        for container in level:
            items = container.values() if type(container) is dict else container
            below += [item for item in items if type(item) in _NOTED]
        for item in below:
            if type(item) is float:
                return False
        level = below
    return True


def _refuse(value: Any) -> Any:
    raise TypeError(type(value).__name__)


def dumps(data: Any) -> bytes | None:
    """Canonical JSON bytes (two-space indent, final newline) of the model's plain data, or
    None when *data* holds anything else, which `json_text.dumps_json` then writes.

    For the model's data only: it has no floats, which orjson and the json module write
    differently (`1e16` against `1e+16`)."""
    if orjson is None:
        return None
    try:
        text: bytes = orjson.dumps(
            data,
            default=_refuse,
            # The final newline written by orjson: added to its text afterwards, it copied
            # the whole text again (43 MB at 100k records, a tenth of the dump's time).
            option=orjson.OPT_INDENT_2
            | orjson.OPT_APPEND_NEWLINE
            | orjson.OPT_PASSTHROUGH_SUBCLASS
            | orjson.OPT_PASSTHROUGH_DATETIME
            | orjson.OPT_PASSTHROUGH_DATACLASS,
        )
    except (orjson.JSONEncodeError, TypeError):
        return None  # surrogates, integers beyond 64 bits, non-string keys, other types
    return text


def dumps_if_plain(data: Any) -> bytes | None:
    """`dumps` for data from anywhere, not only the model's: None also when *data* holds
    anything orjson writes otherwise than the json module (`_written_alike`). The walk that
    makes sure comes after orjson has written the data: orjson stops at a reference cycle,
    which the walk would follow level after level."""
    text = dumps(data)
    return text if text is not None and _written_alike(data) else None


# What the json module and orjson write alike whatever the value (orjson refuses integers
# beyond 64 bits), by exact type.
_LEAVES = frozenset((str, int, bool, type(None)))


def _written_alike(value: Any) -> bool:
    """Whether *value* holds only strings, integers, booleans, null and floats that both
    write alike (`0.25`; not `1e-05`, which orjson writes `0.00001`, nor NaN, which it writes
    `null`), in dicts, lists and tuples: not enum members, UUIDs or subclasses, which orjson
    writes its own way. One pass per level over the containers' items, as `plain`."""
    assert orjson is not None
    level = [] if type(value) in _LEAVES else [value]
    while level:
        below: list[Any] = []
        for item in level:
            kind = type(item)
            if kind is float:
                if orjson.dumps(item) != float.__repr__(item).encode():
                    return False
                continue
            if kind is dict:
                item = item.values()
            elif kind is not list and kind is not tuple:
                return False
            below += [inner for inner in item if type(inner) not in _LEAVES]
        level = below
    return True
