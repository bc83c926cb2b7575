"""The orjson fast paths give exactly what the strict codec gives, or step aside.

`fast_json.parse` may answer only when its answer is the strict parser's; every other input
must reach the strict parser, which returns it or reports the problem at its place.
"""

from __future__ import annotations

import json
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


@settings(max_examples=300, deadline=None)
@given(values)
def test_dumps_writes_what_the_plain_writer_writes(value: Any) -> None:
    data = json.loads(_write(value, ":"))
    fast = fast_json.dumps(data)
    if fast is not None:
        assert fast == io.dumps_json(data).encode("utf-8")


def test_the_embedded_program_is_written_by_the_fast_path_identically() -> None:
    data = program_to_data(default_program())
    fast = fast_json.dumps(data)
    assert fast is not None and fast == io.dumps_json(data).encode("utf-8")
    assert canonical.dumps(default_program()).encode("utf-8") == fast
