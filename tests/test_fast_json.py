"""The orjson fast paths give exactly what the strict codec gives, or step aside.

`fast_json.parse` may answer only when its answer is the strict parser's; every other input
must reach the strict parser, which returns it or reports the problem at its place.
"""

from __future__ import annotations

import enum
import json
import uuid
from typing import Any
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from oas_program import default_program
from oas_program.errors import DataError
from oas_program.files import canonical, fast_json
from oas_program.files import json_text as io
from oas_program.model.convert import program_to_data


def strict(data: bytes) -> Any:
    """What the strict parser alone makes of *data*."""
    with mock.patch.object(fast_json, "parse", lambda data, max_depth: None):
        return outcome(data)


def outcome(data: bytes) -> Any:
    try:
        return ("ok", io.parse_json(data, "x.json"))
    except DataError as error:
        return ("error", [str(p) for p in error.problems])


TRICKY = [
    b'{"a": 1, "a": 2}',
    b'{"a" : 1, "b": {"a": 1, "a" :2}}',
    b'{"a"\n:1,"a"\t:2}',
    b'{"a": "x\\":", "a": 2}',  # an escaped quote and colon inside a string
    b'{"k": "https://x.org/a:b", "k": 1}',
    b'{"n": 123456789012345678901234567890}',
    b'{"n": -18446744073709551616}',
    b'{"n": 18446744073709551615}',
    b'{"n": 1.5}',
    b'{"n": 1e999}',
    b'{"n": NaN}',
    b'{"s": "\\ud800"}',
    b'{"s": "\\ud83d\\ude00"}',
    b"\xef\xbb\xbf{}",
    b"\xef\xbb\xbf",
    b"  ",
    b"null",
    b"[" * 65 + b"]" * 65,
    b"[" * 64 + b"]" * 64,
    b'{"a": [' * 40 + b"1" + b"]}" * 40,
    b'{"a": "\xff"}',
    b'{"a": "\xed\xa0\x80"}',
    b'{"a": 1,}',
    b'{"a": "tab\there"}',
    b"[1, 2] [3]",
    b'{"":1,"":2}',
    b'{"a": "\\u003a", "a": 1}',  # an escaped colon where the lost key's colon was
    b'{"a:b": 1, "a:b": {"c": "d:e"}}',
    b'{"a": 1}',
]


@pytest.mark.parametrize("data", TRICKY)
def test_tricky_inputs_read_as_the_strict_parser_reads_them(data: bytes) -> None:
    assert outcome(data) == strict(data)


@pytest.mark.parametrize("data", [d for d in TRICKY if outcome(d)[0] == "error"])
def test_the_fast_path_never_answers_for_bad_input(data: bytes) -> None:
    assert fast_json.parse(data, 64) is None


def test_canonical_text_takes_the_fast_path() -> None:
    text = canonical.dumps_bytes(default_program())
    assert fast_json.parse(text, 64) == io.parse_json(text, "x.json")


keys = st.sampled_from(["id", "a", "b", "x:y", 'q"', "é", "", "\\u003a"])
scalars = st.one_of(
    st.integers(min_value=-(2**70), max_value=2**70),
    st.text(alphabet=st.sampled_from('ab:" \\\n\u00e9\U0001f600'), max_size=6),
    st.booleans(),
    st.none(),
)


def _containers(inner: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """Arrays, and objects as lists of pairs (so that a key can repeat)."""
    return st.one_of(st.lists(inner, max_size=4), st.lists(st.tuples(keys, inner), max_size=4))


values = st.recursive(scalars, _containers, max_leaves=20)


def _write(value: Any, separator: str) -> str:
    """JSON text where a list of pairs is an object (so keys can repeat)."""
    if isinstance(value, list) and value and all(isinstance(v, tuple) for v in value):
        pairs = ", ".join(f"{json.dumps(k)}{separator}{_write(v, separator)}" for k, v in value)
        return "{" + pairs + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_write(v, separator) for v in value) + "]"
    return json.dumps(value, ensure_ascii=False)


@settings(max_examples=300, deadline=None)
@given(values, st.sampled_from([":", ": ", " : ", "\n:"]))
def test_any_document_reads_as_the_strict_parser_reads_it(value: Any, separator: str) -> None:
    data = _write(value, separator).encode("utf-8")
    fast = fast_json.parse(data, 64)
    expected = strict(data)
    if fast is not None:
        assert expected == ("ok", fast)
    assert outcome(data) == expected


def as_json_writes(data: Any) -> bytes:
    """The text the json module writes for *data*, as the canonical format and reports have it."""
    return (json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False) + "\n").encode()


@settings(max_examples=300, deadline=None)
@given(values)
def test_dumps_writes_what_the_json_module_writes(value: Any) -> None:
    data = json.loads(_write(value, ":"))
    fast = fast_json.dumps(data)
    if fast is not None:
        assert fast == as_json_writes(data)
    assert io.dumps_json(data).encode("utf-8") == as_json_writes(data)


def test_the_embedded_program_is_written_by_the_fast_path_identically() -> None:
    data = program_to_data(default_program())
    fast = fast_json.dumps(data)
    assert fast is not None and fast == as_json_writes(data)
    assert canonical.dumps(default_program()).encode("utf-8") == fast


# ---- dumps_if_plain: data from anywhere (reports, the documents of exports) ----------------


class Kind(enum.Enum):
    HALF = 0.5


class Code(enum.StrEnum):
    A = "a"


class Level(enum.IntEnum):
    ONE = 1


class Name(str):
    pass


floats = st.one_of(
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from([0.25, 0.333, 1.1, -0.0, 1e15, 1e16, 1e-4, 1e-5, 1e-7, 5e-324, 1e308]),
)
anything = st.recursive(
    st.one_of(
        scalars,
        floats,
        st.sampled_from([Kind.HALF, Code.A, Level.ONE, Name("n"), uuid.UUID(int=7)]),
    ),
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.lists(inner, max_size=4).map(tuple),
        st.dictionaries(keys, inner, max_size=4),
    ),
    max_leaves=20,
)


def outcome_of(write: Any, data: Any) -> bytes | str:
    """What *write* gives for *data*: the text, or the name of the error it raises."""
    try:
        return bytes(write(data))
    except (TypeError, ValueError) as error:
        return type(error).__name__


@settings(max_examples=500, deadline=None)
@given(anything)
def test_dumps_if_plain_writes_what_the_json_module_writes_or_steps_aside(data: Any) -> None:
    expected = outcome_of(as_json_writes, data)
    fast = fast_json.dumps_if_plain(data)
    if fast is not None:
        assert fast == expected
    assert outcome_of(lambda d: io.dumps_json(d).encode("utf-8"), data) == expected


@pytest.mark.parametrize(
    "data",
    [
        {"shares": [0.25, 0.333, 1.0, 0.0], "n": 3, "t": (1, "é\u2028<>&\x00")},
        {"a": [[[[]]]], "b": {}, "c": [], "d": ""},
        ("tuple", [2**63 - 1, -(2**63)], None, True),
    ],
)
def test_plain_data_takes_orjson(data: Any) -> None:
    assert fast_json.dumps_if_plain(data) == as_json_writes(data)


@pytest.mark.parametrize(
    "data",
    [
        [1e-7],  # json writes 1e-07, orjson 1e-7
        [1e-5],  # json writes 1e-05, orjson 0.00001
        [float("nan")],  # orjson writes null
        [float("inf")],
        [2**64],  # beyond 64 bits
        [Kind.HALF],  # orjson writes an enum member's value, json refuses it
        [Code.A],
        [Level.ONE],
        [Name("x")],
        {Name("k"): 1},
        [uuid.UUID(int=7)],  # orjson writes a UUID, json refuses it
        {1: "non-string key"},
        {"s": "\ud800"},  # a lone surrogate
    ],
)
def test_what_orjson_writes_its_own_way_is_left_to_json(data: Any) -> None:
    assert fast_json.dumps_if_plain(data) is None


def test_a_reference_cycle_is_left_to_json_at_once() -> None:
    loop: list[Any] = []
    loop += [loop, loop]  # followed level after level, the walk would double at each one
    assert fast_json.dumps_if_plain(loop) is None
    with pytest.raises(ValueError, match="Circular reference"):
        io.dumps_json(loop)
