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
- duplicate keys: orjson keeps the last. Every key in the text ends with a quote followed by
  optional whitespace and a colon, so the count of those sequences in the bytes is at least
  the number of keys written; the parsed objects hold exactly that many keys only if no key
  repeated (an escaped quote before a colon inside a string can only make the text's count
  larger, which costs a second parse, never a missed duplicate);
- depth: the walk that counts the keys also counts the levels and finds the floats.

`dumps` writes canonical JSON text with orjson, byte for byte what `json_text.dumps_json`
writes for the plain data the model unstructures to (strings, integers within 64 bits,
booleans, null, lists and dicts with string keys; no floats), or None for anything else.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Iterable

try:  # a runtime dependency; without it every input simply takes the strict path
    import orjson
except ImportError:  # pragma: no cover - exercised only in an environment without orjson
    orjson = None  # type: ignore[assignment]

_BOM = b"\xef\xbb\xbf"
# A key's closing quote with whitespace before its colon (canonical text has none).
_SPACED_KEY_END = re.compile(rb'"[ \t\r\n]+:')
# What the walk stops at: containers to go into, and floats (see `_keys_if_plain`).
_NOTED = frozenset((dict, list, float))


def parse(data: bytes, max_depth: int) -> Any | None:
    """The parsed data, or None when the strict parser must read *data* instead."""
    if orjson is None:
        return None
    raw = data[3:] if data.startswith(_BOM) else data
    try:
        value = orjson.loads(raw)
    except orjson.JSONDecodeError:
        return None  # the strict parser finds the problem and says where it is
    keys_written = raw.count(b'":')
    if any(raw.count(space + b":") for space in (b" ", b"\t", b"\n", b"\r")):
        keys_written += len(_SPACED_KEY_END.findall(raw))  # rare: not canonical text
    keys, plain = _keys_if_plain(value, max_depth)
    if not plain or keys != keys_written:
        return None
    return value


def _keys_if_plain(value: Any, max_depth: int) -> tuple[int, bool]:
    """How many keys the objects in *value* hold, and whether it is plain: no deeper than
    *max_depth* and without floats (orjson reads an integer beyond 64 bits as a float, the
    strict parser as an integer; the model has no floats, so the strict path may take
    them). One pass per level, over the containers' items."""
    keys = 0
    level = [value] if type(value) is dict or type(value) is list else []
    if type(value) is float:
        return 0, False
    depth = 0
    while level:
        depth += 1
        if depth > max_depth:
            return keys, False
        below: list[Any] = []
        for container in level:
            items: Iterable[Any]
            if type(container) is dict:
                keys += len(container)
                items = container.values()
            else:
                items = container
            below += [item for item in items if type(item) in _NOTED]
        for item in below:
            if type(item) is float:
                return keys, False
        level = below
    return keys, True


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
            option=orjson.OPT_INDENT_2
            | orjson.OPT_PASSTHROUGH_SUBCLASS
            | orjson.OPT_PASSTHROUGH_DATETIME
            | orjson.OPT_PASSTHROUGH_DATACLASS,
        )
    except (orjson.JSONEncodeError, TypeError):
        return None  # surrogates, integers beyond 64 bits, non-string keys, other types
    return text + b"\n"
