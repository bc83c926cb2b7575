"""The strict JSON codec (`oas_program.files.json_text`), in process.

test_fast_json.py checks that the orjson fast path agrees with the strict parser; these pin
what the strict parser itself refuses, with every message and place, the depth limit at
its exact boundary, and the text the writer writes.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any
from unittest import mock

import pytest

from oas_program.errors import DataError
from oas_program.files import fast_json, json_text
from oas_program.files.json_text import _deeper_than, _json_depth_exceeds, dumps_json, parse_json
from oas_program.files.limits import Limits


@pytest.fixture(params=["strict", "fast first"])
def parse(request: pytest.FixtureRequest) -> Iterator[Any]:
    """parse_json as it is, and with the orjson fast path stepping aside for everything."""
    if request.param == "strict":
        with mock.patch.object(fast_json, "parse", lambda data, max_depth: None):
            yield parse_json
    else:
        yield parse_json


def problems(parse: Any, text: str | bytes, limits: Limits | None = None) -> list[str]:
    data = text.encode() if isinstance(text, str) else text
    with pytest.raises(DataError) as caught:
        parse(data, "in.json", *([limits] if limits else []))
    return [str(problem) for problem in caught.value.problems]


# ---- what is read -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ('{"a": 1, "b": [true, false, null], "c": {"d": "e"}}', None),
        ("[]", None),
        ("0", None),
        ('"\\ud83d\\ude00"', None),  # a surrogate pair is a character, not an error
        ('{"\\ud83d\\ude00": "\\ud83d\\ude00"}', None),
        ('{"n": 1.5, "m": -0.25}', None),
        ('{"n": -1e308}', None),
        ("\ufeff[1]", [1]),
    ],
)
def test_valid_documents_read_as_json_reads_them(parse: Any, text: str, value: Any) -> None:
    expected = json.loads(text.lstrip("\ufeff")) if value is None else value
    result = parse(text.encode(), "in.json")
    assert result == expected
    assert json.dumps(result) == json.dumps(expected)  # types too: 1 is not 1.0 or True


def test_the_last_of_repeated_keys_is_not_silently_kept(parse: Any) -> None:
    text = '{\n  "a": 1,\n  "b": 2,\n  "a": 3\n}'
    assert problems(parse, text) == ["in.json:4:8: /: duplicate key 'a' [duplicate-key]"]


def test_every_repeat_of_a_key_at_every_depth_is_placed(parse: Any) -> None:
    text = '{"x": {"k": 1, "k": 2, "k": 3}, "y": [{"a/b": 0, "a/b": [1]}], "z": 0}'
    assert problems(parse, text) == [
        "in.json:1:29: /x: duplicate key 'k' [duplicate-key]",
        "in.json:1:29: /x: duplicate key 'k' [duplicate-key]",
        "in.json:1:57: /y/0: duplicate key 'a/b' [duplicate-key]",
    ]


@pytest.mark.parametrize("name", ["NaN", "Infinity", "-Infinity"])
def test_non_finite_constants(parse: Any, name: str) -> None:
    text = f'{{"a": [1, {name}]}}'
    assert problems(parse, text) == [
        f"in.json:1:11: /a/1: non-finite number {name} not allowed [non-finite]"
    ]


@pytest.mark.parametrize("number", ["1e999", "-1e999", "1.5e400"])
def test_numbers_out_of_range(parse: Any, number: str) -> None:
    assert problems(parse, f'{{"n":\n {number}}}') == [
        f"in.json:2:2: /n: non-finite number {number} not allowed (out of range) [non-finite]"
    ]


@pytest.fixture
def digits_limit() -> Iterator[int]:
    limit = sys.get_int_max_str_digits()
    yield limit
    sys.set_int_max_str_digits(limit)


def test_integers_up_to_the_digit_limit(parse: Any, digits_limit: int) -> None:
    sys.set_int_max_str_digits(640)
    longest = "9" * 640
    assert parse(f"[{longest}, -{longest}]".encode(), "in.json") == [
        int(longest),
        -int(longest),
    ]


def test_an_integer_one_digit_over_the_limit(parse: Any, digits_limit: int) -> None:
    sys.set_int_max_str_digits(640)
    assert problems(parse, '{"n": [0, -' + "1" * 641 + "]}") == [
        "in.json:1:11: /n/1: number too long (641 digits; at most 640) [number-too-long]"
    ]


def test_integers_of_any_length_without_a_digit_limit(parse: Any, digits_limit: int) -> None:
    sys.set_int_max_str_digits(0)
    assert parse(b"[" + b"7" * 5000 + b"]", "in.json") == [int("7" * 5000)]


def test_lone_surrogates_are_placed(parse: Any) -> None:
    text = '{"s": "\\ud800", "t": ["ok", "\\uDFFF"], "\\udbff": 1, "u": "\\ud83d\\ude00"}'
    assert problems(parse, text) == [
        "in.json:1:7: /s: string holds a lone surrogate [invalid-unicode]",
        "in.json:1:29: /t/1: string holds a lone surrogate [invalid-unicode]",
        "in.json:1:50: /\\udbff: key holds a lone surrogate [invalid-unicode]",
    ]


def test_a_key_with_a_lone_surrogate_is_placed_at_its_value(parse: Any) -> None:
    text = '{"\\ud800": {"None": 1}}'
    assert problems(parse, text) == [
        "in.json:1:12: /\\ud800: key holds a lone surrogate [invalid-unicode]"
    ]


def test_a_lone_surrogate_as_the_whole_document(parse: Any) -> None:
    assert problems(parse, '"\\ud800"') == [
        "in.json:1:1: /: string holds a lone surrogate [invalid-unicode]"
    ]


def test_problems_of_every_kind_at_once_in_document_order(parse: Any) -> None:
    text = '{"a": NaN, "b": {"c": 1, "c": "\\udc00"}, "d": 1e999}'
    assert problems(parse, text) == [
        "in.json:1:7: /a: non-finite number NaN not allowed [non-finite]",
        "in.json:1:31: /b: duplicate key 'c' [duplicate-key]",
        "in.json:1:31: /b/c: string holds a lone surrogate [invalid-unicode]",
        "in.json:1:47: /d: non-finite number 1e999 not allowed (out of range) [non-finite]",
    ]


@pytest.mark.parametrize("text", [b"", b"  \n\t ", b"\xef\xbb\xbf", b"\xef\xbb\xbf \n"])
def test_an_empty_document(parse: Any, text: bytes) -> None:
    assert problems(parse, text) == ["in.json: empty document; expected a JSON object [empty]"]


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ('{"a" 1}', "1:6: Expecting ':' delimiter"),
        ('{\n  "a": 1\n  "b": 2}', "3:3: Expecting ',' delimiter"),
        ("[1] [2]", "1:5: Extra data"),
    ],
)
def test_a_syntax_error_is_placed(parse: Any, text: str, problem: str) -> None:
    assert problems(parse, text) == [f"in.json:{problem} [json-syntax]"]


def test_bytes_that_are_not_utf8(parse: Any) -> None:
    assert problems(parse, b'{"a":\n "\xff"}') == [
        "in.json:2:3: not valid UTF-8 (byte 0xff); re-save the file as UTF-8 [encoding]"
    ]


# ---- depth ------------------------------------------------------------------------------------


def nested(depth: int, kind: str = "[") -> str:
    if kind == "[":
        return "[" * depth + "1" + "]" * depth
    return '{"a": ' * depth + "1" + "}" * depth


@pytest.mark.parametrize("kind", ["[", "{"])
def test_nesting_up_to_the_limit_is_read(parse: Any, kind: str) -> None:
    text = nested(3, kind)
    assert parse(text.encode(), "in.json", Limits(max_depth=3)) == json.loads(text)


@pytest.mark.parametrize(("kind", "column"), [("[", 4), ("{", 19)])
def test_nesting_one_deeper_than_the_limit(parse: Any, kind: str, column: int) -> None:
    assert problems(parse, nested(4, kind), Limits(max_depth=3)) == [
        f"in.json:1:{column}: nesting deeper than 3 [too-deep]"
    ]


def test_the_default_depth_limit_is_64(parse: Any) -> None:
    assert parse(nested(64).encode(), "in.json") == json.loads(nested(64))
    assert problems(parse, nested(65)) == ["in.json:1:65: nesting deeper than 64 [too-deep]"]


def test_many_shallow_containers_are_not_deep(parse: Any) -> None:
    text = '[[1], {"a": [2]}, [[3]], {"b": {"c": 4}}, [], {}]'
    assert parse(text.encode(), "in.json", Limits(max_depth=3)) == json.loads(text)
    assert problems(parse, text, Limits(max_depth=2)) == [
        "in.json:1:13: nesting deeper than 2 [too-deep]"
    ]


def test_brackets_in_strings_do_not_count_where_the_depth_is_placed(parse: Any) -> None:
    text = '{"a": "[[[[\\"{{\\\\", "b": [\n  [[1]]]}'
    assert problems(parse, text, Limits(max_depth=3)) == [
        "in.json:2:4: nesting deeper than 3 [too-deep]"
    ]


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("\n[[[[1]]]]", "2:4"),
        ("[[[[1]]]]\n\n", "1:4"),
        ("\n[\n[\n  [[1]]]]\n\n", "4:4"),
    ],
)
def test_where_too_deep_is_placed_among_lines(parse: Any, text: str, place: str) -> None:
    assert problems(parse, text, Limits(max_depth=3)) == [
        f"in.json:{place}: nesting deeper than 3 [too-deep]"
    ]


def test_nesting_past_the_interpreters_recursion_limit(parse: Any) -> None:
    # Deeper than Python's recursion limit and than the C parser's own (Python 3.13 parses
    # JSON far deeper than the recursion limit).
    text = nested(max(sys.getrecursionlimit(), 100_000) + 100)
    assert problems(parse, text) == ["in.json:1:65: nesting deeper than 64 [too-deep]"]
    # A limit above what the interpreter can parse: refused, at no particular place.
    assert problems(parse, text, Limits(max_depth=10**6)) == [
        "in.json: nesting deeper than 1000000 [too-deep]"
    ]


def test_where_nesting_first_passes_the_limit() -> None:
    assert _json_depth_exceeds("[[]]", 2) is None
    assert _json_depth_exceeds("[[]][[]]", 2) is None
    assert _json_depth_exceeds("[[[]]]", 2) == (2, 3)
    assert _json_depth_exceeds('["]]]", [[]]]', 2) == (9, 3)
    assert _json_depth_exceeds('["\\\\", [[]]]', 2) == (8, 3)
    assert _json_depth_exceeds('["\\"[[", [[]]]', 2) == (10, 3)
    assert _json_depth_exceeds('"[[[" [[[', 2) == (8, 3)


def test_how_deep_parsed_data_is() -> None:
    assert not _deeper_than(1, 0)
    assert not _deeper_than([], 1)
    assert _deeper_than([], 0)
    assert _deeper_than({}, 0)
    assert not _deeper_than([1, "[[", {}], 2)
    assert _deeper_than([1, "[[", {"a": []}], 2)
    assert not _deeper_than({"a": [1], "b": {"c": 2}}, 2)
    assert _deeper_than({"a": [1], "b": {"c": {}}}, 2)


# ---- writing ------------------------------------------------------------------------------------


def test_the_written_text() -> None:
    data = {"a": [1, True, None, False], "b": {}, "c": [], "d": {"e": 'é\n"€\u2028'}, "": -7}
    expected = (
        "{\n"
        '  "a": [\n'
        "    1,\n"
        "    true,\n"
        "    null,\n"
        "    false\n"
        "  ],\n"
        '  "b": {},\n'
        '  "c": [],\n'
        '  "d": {\n'
        '    "e": "é\\n\\"€\u2028"\n'
        "  },\n"
        '  "": -7\n'
        "}\n"
    )
    assert dumps_json(data) == expected
    assert dumps_json(data) == json.dumps(data, indent=2, ensure_ascii=False) + "\n"


@pytest.mark.parametrize(
    ("value", "text"),
    [
        ({}, "{}"),
        ([], "[]"),
        ("", '""'),
        (None, "null"),
        (True, "true"),
        (False, "false"),
        (0, "0"),
        (10**30, str(10**30)),
        ([[[]]], "[\n  [\n    []\n  ]\n]"),
    ],
)
def test_plain_values(value: Any, text: str) -> None:
    assert dumps_json(value) == text + "\n"


class Text(str):
    pass


class Number(int):
    def __repr__(self) -> str:
        return "Number()"


@pytest.mark.parametrize(
    "value",
    [
        1.5,
        {"a": 1e16},
        (1, 2),
        {1: "a", "b": 2},
        {"a": {2: "b"}},
        [Text("x")],
        {Text("k"): 1},
        [Number(5)],
        {"a": [(), {}]},
        {1: "é\u2028"},
        [1.5, "€"],
    ],
)
def test_anything_else_is_written_as_json_writes_it(value: Any) -> None:
    assert dumps_json(value) == json.dumps(value, indent=2, ensure_ascii=False) + "\n"


def test_non_finite_numbers_are_never_written() -> None:
    with pytest.raises(ValueError, match="Out of range float values are not JSON compliant"):
        dumps_json({"a": float("nan")})


# ---- the fast paths are taken ----------------------------------------------------------------


def refuse(*args: object, **kwargs: object) -> Any:
    raise AssertionError("the slow path was taken")


def test_plain_data_is_written_without_the_json_module(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(json_text, "json", SimpleNamespace(dumps=refuse))
    data = {"a": [1, True, False, None, "x"], "b": {"c": {}}, "d": []}
    assert dumps_json(data) == json.dumps(data, indent=2) + "\n"


def test_a_plain_document_is_read_by_the_fast_path(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(json_text, "json", SimpleNamespace(loads=refuse))
    assert parse_json(b'{"a": [1, "b"]}', "in.json") == {"a": [1, "b"]}


def test_the_walks_are_made_only_when_needed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fast_json, "parse", lambda data, max_depth: None)
    monkeypatch.setattr(json_text, "_marked_problems", refuse)
    monkeypatch.setattr(json_text, "_deeper_than", refuse)
    # Nothing marked, no surrogate escape, no more brackets than the depth limit.
    assert parse_json(b'{"a": [1.5, {"b": "\\u00e9"}]}', "in.json", Limits(max_depth=3)) == {
        "a": [1.5, {"b": "é"}]
    }
