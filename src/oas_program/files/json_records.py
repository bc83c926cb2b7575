"""A large JSON document read a few records at a time: the fast path of a big program's load.

`fast_json.parse_unwalked` makes the whole parsed document at once, and orjson makes a
document of its own before that: at 100k records the input, orjson's document and the
parsed data are alive together, 2.4 KB per record at the peak of a load, for a model that
keeps 0.7 KB. Here msgspec finds where each member of the top-level object and each item of
the arrays named begins and ends, without making them (`msgspec.Raw`: slices of the input),
and orjson parses the items a batch at a time as they are asked for; each item's data is
freed once the model has taken what it needs, so the peak is about the input and the model
(1.1 KB per record).

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

import functools
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Collection, Iterator, Sequence

SPLIT_FROM = 8 * 1024 * 1024
"""Inputs from this size on are read a few records at a time (4.5 MB hold 10,000)."""

BATCH = 256
"""Items parsed together: few enough that their data is nothing beside the model's."""


class Split:
    """A JSON object with the arrays named read item by item (`split`)."""

    def __init__(self, data: bytes, members: dict[str, Any], arrays: Collection[str]) -> None:
        import orjson

        self._loads = orjson.loads
        self._dumps = orjson.dumps
        self.head: dict[str, Any] = {}
        """The other members, parsed."""
        # The colons no part has accounted for yet: one per member's key, then those of
        # each part written again (`_no_key_lost`'s count, part by part).
        self._colons = data.count(b":") - len(members)
        for name, member in members.items():
            if name not in arrays:
                value = self.head[name] = self._loads(memoryview(member))
                self._colons -= self._dumps(value).count(b":")
        self.arrays: dict[str, Iterator[Any]] = {
            name: self._items(items) for name, items in members.items() if name in arrays
        }
        """Each array named that the object has: its items, parsed as they are taken. An
        item orjson cannot parse raises `orjson.JSONDecodeError`."""
        self._unread = len(self.arrays)

    def _items(self, items: list[Any]) -> Iterator[Any]:
        for start in range(0, len(items), BATCH):
            # A batch's texts joined into one array: one call of orjson each way for them
            # all, not two per item.
            batch = self._loads(b"[" + b",".join(items[start : start + BATCH]) + b"]")
            self._colons -= self._dumps(batch).count(b":")
            batch.reverse()
            while batch:
                yield batch.pop()  # in order, each let go of by the batch as it is taken
        self._unread -= 1

    def complete(self) -> bool:
        """Whether every array has been read to its end and no key was lost to a repeat."""
        return self._unread == 0 and self._colons == 0


def split(data: bytes, arrays: Sequence[str], others: Sequence[str]) -> Split | None:
    """*data*'s top-level object with the *arrays* named left to be read item by item, or
    None when the strict parser must read it: a member named neither in *arrays* nor in
    *others*, an array that is none, not JSON, a member orjson refuses, an escaped colon
    the count cannot judge."""
    import msgspec
    import orjson

    raw = data[3:] if data.startswith(b"\xef\xbb\xbf") else data
    if b"\\u003" in raw:
        return None  # an escaped colon (or digit, or `;<=>?`): as `fast_json._no_key_lost`
    try:
        found = _decoder(tuple(arrays), tuple(others)).decode(raw)
        values = msgspec.structs.astuple(found)
        members = {
            name: value
            for name, value in zip((*arrays, *others), values, strict=True)
            if value is not msgspec.UNSET
        }
        return Split(raw, members, arrays)
    except (msgspec.MsgspecError, orjson.JSONDecodeError, RecursionError):
        return None  # RecursionError: msgspec's answer to nesting past its depth


@functools.cache
def _decoder(arrays: tuple[str, ...], others: tuple[str, ...]) -> Any:
    """A msgspec decoder of an object with these members, the *arrays* as lists of their
    items' texts, the *others* as their texts (`msgspec.Raw`: slices of the input), in a
    struct whose fields are in that order; it refuses any other member, and an array that
    is none."""
    import msgspec

    names = (*arrays, *others)
    fields = [  # attributes named `m0`, `m1`, ...: a member's name need not be one
        (f"m{index}", list[msgspec.Raw] if index < len(arrays) else msgspec.Raw, msgspec.UNSET)
        for index in range(len(names))
    ]
    members = msgspec.defstruct(
        "Members",
        fields,
        forbid_unknown_fields=True,
        rename={f"m{index}": name for index, name in enumerate(names)},
    )
    return msgspec.json.Decoder(members)
