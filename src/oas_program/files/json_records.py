"""A large JSON document read one record at a time: the fast path of a big program's load.

`fast_json.parse_unwalked` makes the whole parsed document at once, and orjson makes a
document of its own before that: at 100k records the input, orjson's document and the
parsed data are alive together, 2.4 KB per record at the peak of a load, for a model that
keeps 0.7 KB. Here msgspec finds where each member of the top-level object and each item of
the arrays named begins and ends, without making them (`msgspec.Raw`: slices of the input),
and orjson parses one item when it is asked for; its data is freed once the model has taken
what it needs, so the peak is about the input and the model (1.1 KB per record).

Only the fast path reads this way, with its guarantees: orjson parses every member and item
(it refuses NaN, lone surrogates, invalid UTF-8, ... as in `fast_json`), and no key may be
lost to a repeat, counted as `fast_json` counts it, over the whole document: the colons of
the input against those of each part written again (`Split.complete`). Anything in doubt
answers None or raises, and the caller reads the input again by the strict road. Floats and
depth are left to the caller, as after `fast_json.parse_unwalked`: the model's fast path
takes no float and nests no deeper than the model.

msgspec is imported only here, for inputs of `SPLIT_FROM` bytes or more: its import (about
17 ms) costs more than reading a small program this way saves.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Collection, Iterator

SPLIT_FROM = 8 * 1024 * 1024
"""Inputs from this size on are read a record at a time (4.5 MB hold 10,000 records)."""


class Split:
    """A JSON object with the arrays named read item by item (`split`)."""

    def __init__(self, data: bytes, members: dict[str, Any], arrays: Collection[str]) -> None:
        import orjson

        self._loads = orjson.loads
        self._dumps = orjson.dumps
        self.head: dict[str, Any] = {}
        """The other members, parsed."""
        self._parts = {name: members[name] for name in arrays if name in members}
        # The colons no part has accounted for yet: one per member's key, then those of
        # each part written again (`_no_key_lost`'s count, part by part).
        self._colons = data.count(b":") - len(members)
        for name, member in members.items():
            if name not in self._parts:
                value = self.head[name] = self._loads(memoryview(member))
                self._colons -= self._dumps(value).count(b":")
        self.arrays: dict[str, Iterator[Any]] = {
            name: self._items(part) for name, part in self._parts.items()
        }
        """Each array named that the object has: its items, parsed one at a time as they are
        taken. What msgspec or orjson refuses raises (a member that is no array, an item
        orjson cannot parse, nesting past msgspec's depth)."""
        self._unread = len(self.arrays)

    def _items(self, part: Any) -> Iterator[Any]:
        import msgspec

        loads, dumps = self._loads, self._dumps
        colons = 0
        for item in msgspec.json.decode(part, type=list[msgspec.Raw]):
            value = loads(memoryview(item))
            colons += dumps(value).count(b":")
            yield value
        self._colons -= colons
        self._unread -= 1

    def complete(self) -> bool:
        """Whether every array has been read to its end and no key was lost to a repeat."""
        return self._unread == 0 and self._colons == 0


def split(data: bytes, arrays: Collection[str]) -> Split | None:
    """*data*'s top-level object with the *arrays* named left to be read item by item, or
    None when the strict parser must read it (not an object, not JSON, a member orjson
    refuses, an escaped colon the count cannot judge, no msgspec or orjson)."""
    try:
        import msgspec
        import orjson
    except ImportError:  # pragma: no cover - both are dependencies
        return None
    raw = data[3:] if data.startswith(b"\xef\xbb\xbf") else data
    if b"\\u003" in raw:
        return None  # an escaped colon (or digit, or `;<=>?`): as `fast_json._no_key_lost`
    try:
        members = msgspec.json.decode(raw, type=dict[str, msgspec.Raw])
        return Split(raw, members, arrays)
    except (msgspec.MsgspecError, orjson.JSONDecodeError, RecursionError):
        return None  # RecursionError: msgspec's answer to nesting past its depth
