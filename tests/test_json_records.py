"""A large program is read a few entities at a time, and gives what the whole-document road
gives.

`json_records.split` may only ever lead to the strict parser's data (or to nothing: the
strict road then reads the input again); a load through it builds the same program, refuses
the same bad input with the same located messages, and never holds more than a batch of
entities' parsed data at once (the point of it: the peak of a large load).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any
from unittest import mock

import attrs
import orjson
import pytest
from benchmarks import generate
from hypothesis import given, settings
from hypothesis import strategies as st

from oas_program import default_program
from oas_program.errors import DataError, ExitCode
from oas_program.files import canonical, fast_json, json_records
from oas_program.model import convert
from oas_program.model.program import COLLECTIONS, Program
from tests.test_contract import CASES, CORPUS
from tests.test_fast_json import TRICKY, _write, strict, values

SCRIPT = str(Path(sys.executable).with_name("oas-program"))
ARRAYS = ("a", "b")
OTHERS = ("x", "t", "a:b")


def read(data: bytes) -> Any:
    """What the split road makes of *data*: `("ok", value)`, or None where it steps aside
    (None, an exception, or an incomplete read)."""
    document = json_records.split(data, ARRAYS, OTHERS)
    if document is None:
        return None
    try:
        arrays = {name: list(items) for name, items in document.arrays.items()}
    except Exception:
        return None
    if not document.complete():
        return None
    return ("ok", {**document.head, **arrays})


def _agrees(data: bytes) -> None:
    # Floats and depth are the caller's to refuse, as after `fast_json.parse_unwalked`.
    found = read(data)
    if found is not None and fast_json.plain(found[1], 64):
        assert found == strict(data)


@pytest.mark.parametrize("inner", TRICKY)
def test_tricky_members_and_items_read_as_the_strict_parser_reads_them(inner: bytes) -> None:
    for data in (
        b'{"a": [' + inner + b"], " + b'"b": [1, ' + inner + b"]}",
        b'{"a": [], "x": ' + inner + b"}",
        b'{"a": ' + inner + b"}",
        inner,
    ):
        _agrees(data)


@pytest.mark.parametrize(
    "data",
    [
        b'{"a": [{"k": 1, "k": 2}]}',  # a key repeated inside an item
        b'{"a": [], "a": [{"k": 1}]}',  # an array named twice
        b'{"x": 1, "a": [], "x": 2}',  # a member repeated
        b'{"a": [{"k": "\\u003a"}], "a": []}',  # an escaped colon: the count cannot judge
        b'{"a": {"k": 1}}',  # a named member that is no array
        b'{"a": [1, NaN]}',
        b'{"a": [{"s": "\\ud800"}]}',
        b'{"a": ["\xff"]}',
        b'{"a": [1] x',
        b"[1]",
        b'{"a": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",  # past msgspec's depth
        b'{"a": [' + b"[" * 100_000 + b"]" * 100_000 + b"]}",
        b'{"x": ' + b'{"k": ' * 100_000 + b"1" + b"}" * 100_000 + b"}",
    ],
    ids=lambda data: repr(data[:40]),
)
def test_a_bad_or_doubtful_document_is_left_to_the_strict_parser(data: bytes) -> None:
    assert read(data) is None


def test_an_item_read_halfway_leaves_the_document_incomplete() -> None:
    document = json_records.split(b'{"a": [{"k": 1}, {"k": 2}], "b": []}', ARRAYS, OTHERS)
    assert document is not None
    assert next(document.arrays["a"]) == {"k": 1}
    assert list(document.arrays["b"]) == []
    assert not document.complete()


def test_the_items_are_parsed_in_batches_and_let_go_of_one_by_one() -> None:
    items = [{"n": n, "k": ":"} for n in range(json_records.BATCH * 2 + 3)]
    document = json_records.split(orjson.dumps({"a": items}), ARRAYS, OTHERS)
    assert document is not None
    taken = []
    for item in document.arrays["a"]:
        # This loop's name for it and getrefcount's argument: the batch has let it go.
        assert sys.getrefcount(item) == 2
        taken.append(item["n"])
    assert taken == list(range(len(items)))
    assert document.complete()


def test_a_byte_order_mark_is_read_past() -> None:
    assert read(b'\xef\xbb\xbf{"a": [{"k": 1}], "t": "x"}') == ("ok", {"a": [{"k": 1}], "t": "x"})


members = st.lists(st.tuples(st.sampled_from(["a", "b", "x", "a:b"]), values), max_size=4)


@settings(max_examples=300, deadline=None)
@given(members, st.sampled_from([":", " : ", "\n:"]))
def test_any_object_reads_as_the_strict_parser_reads_it(pairs: list[Any], sep: str) -> None:
    # `_write` makes a list of pairs an object, so members and keys inside items repeat.
    body = ", ".join(f"{json.dumps(key)}{sep}{_write(value, sep)}" for key, value in pairs)
    _agrees(("{" + body + "}").encode("utf-8"))


# ---- the load of a large program ----------------------------------------------------------


@pytest.fixture
def every_input_split() -> Any:
    with mock.patch.object(json_records, "SPLIT_FROM", 0):
        yield


def test_a_split_load_builds_the_program_on_the_fast_path(every_input_split: None) -> None:
    data = generate.dumps(300)
    expected = convert.program_from_data(json.loads(data))
    # The strict road is not taken: the fast path answers for valid input.
    with mock.patch.object(canonical, "program_from_data", side_effect=AssertionError):
        program = canonical.loads(data)
    assert program == expected
    assert canonical.loads(canonical.dumps_bytes(default_program())) == default_program()


def test_a_split_load_refuses_every_bad_corpus_file_with_the_same_messages() -> None:
    checked = 0
    for case in CASES:
        path = CORPUS / case.row / case.name
        if case.make is not None or not path.exists() or path.suffix != ".json":
            continue
        data = path.read_bytes()
        with pytest.raises(DataError) as whole:
            canonical.loads(data, file=case.name)
        with mock.patch.object(json_records, "SPLIT_FROM", 0), pytest.raises(DataError) as split:
            canonical.loads(data, file=case.name)
        assert [str(p) for p in split.value.problems] == [str(p) for p in whole.value.problems]
        checked += 1
    assert checked >= 10


def _load(data: bytes, *, split: bool) -> Any:
    threshold = 0 if split else len(data) + 1
    with mock.patch.object(json_records, "SPLIT_FROM", threshold):
        try:
            return ("ok", canonical.loads(data, file="p.json"))
        except DataError as error:
            return ("error", [str(p) for p in error.problems])


SMALL = generate.dumps(40)
DAMAGE = [b"", b",", b'"id": "x", ', b"1.5", b"12345678901234567890123", b"[", b"}", b'"']
DAMAGE += [b"\\u003a", b"NaN", b'"observations": [], ', b"\xff", b"\\ud800", b"{}", b"\t"]


# Where an inserted member still makes JSON: right after an object's `{` or a `,`.
AFTER = [at + 1 for at, byte in enumerate(SMALL) if byte in b"{,"]


@settings(max_examples=250, deadline=None)
@given(
    st.one_of(st.integers(0, len(SMALL)), st.sampled_from(AFTER)),
    st.integers(0, 12),
    st.sampled_from(DAMAGE),
    st.booleans(),
)
def test_a_damaged_program_reads_alike_either_way(
    at: int, cut: int, damage: bytes, bom: bool
) -> None:
    data = (b"\xef\xbb\xbf" if bom else b"") + SMALL[:at] + damage + SMALL[at + cut :]
    assert _load(data, split=True) == _load(data, split=False)


def test_each_entity_is_let_go_before_the_next_is_read() -> None:
    # What keeps the peak of a large load down: the model keeps nothing of an entity's
    # parsed data, so only one entity's is alive at a time.
    data = orjson.loads(generate.dumps(300))
    held: list[int] = []

    def one_at_a_time(records: list[Any]) -> Any:
        while records:
            record = records.pop(0)  # the list lets go of it too
            yield record
            held.append(sys.getrefcount(record) - 1)  # minus getrefcount's own argument

    collections = {c.name: one_at_a_time(data.pop(c.name, [])) for c in COLLECTIONS}
    program = convert.program_if_fast_in_parts(data, collections, 64)
    assert program is not None and len(program.observations) > 100
    assert held and set(held) == {1}  # this function's own name for it, nothing else


def test_the_parts_never_repeat_a_member_of_the_head() -> None:
    data = orjson.loads(canonical.dumps_bytes(default_program()))
    assert convert.program_if_fast_in_parts(data, {"activities": iter([])}, 64) is None


# ---- through the installed command --------------------------------------------------------


@pytest.fixture(scope="module")
def large() -> bytes:
    data = generate.dumps(20_000)
    assert len(data) >= json_records.SPLIT_FROM
    return data


def test_a_large_program_reads_and_writes_back_byte_for_byte(tmp_path: Path, large: bytes) -> None:
    source = tmp_path / "large.json"
    source.write_bytes(large)
    out = tmp_path / "out.json"
    done = subprocess.run(
        [SCRIPT, "convert", str(source), str(out)], capture_output=True, check=False, timeout=300
    )
    assert done.returncode == 0, done.stderr
    assert out.read_bytes() == large


def test_a_repeated_key_in_the_last_entity_of_a_large_program_is_located(
    tmp_path: Path, large: bytes
) -> None:
    # The last observation's id written twice: found only when every entity has been read.
    end = large.rindex(b'"id": "obs-')
    line = large.count(b"\n", 0, end) + 1
    column = end - large.rindex(b"\n", 0, end)
    indent = b" " * (column - 1)
    source = tmp_path / "large.json"
    source.write_bytes(large[:end] + b'"id": "x",\n' + indent + large[end:])
    out = tmp_path / "out.json"
    done = subprocess.run(
        [SCRIPT, "convert", str(source), str(out)],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert done.returncode == ExitCode.UNREADABLE, done.stderr
    last = generate.split(20_000)[1] - 1
    value_column = column + len(b'"id": ')
    assert done.stderr == (
        f"{source}:{line + 1}:{value_column}: /observations/{last}: "
        "duplicate key 'id' [duplicate-key]\n"
    )
    assert not out.exists()


def test_fast_json_and_the_split_road_agree_on_the_large_program(large: bytes) -> None:
    whole = fast_json.parse_unwalked(large)
    assert whole is not None
    entities = [c.name for c in COLLECTIONS]
    others = [f.name for f in attrs.fields(Program) if f.init and f.name not in entities]
    document = json_records.split(large, entities, others)
    assert document is not None
    assert {**document.head, **{n: list(i) for n, i in document.arrays.items()}} == whole
    assert document.complete()


def test_nesting_past_every_parser_s_depth_in_a_large_program_is_located(
    tmp_path: Path, large: bytes
) -> None:
    # Deeper than msgspec goes (it raises RecursionError), inside the last entity.
    end = large.rindex(b'"id": "obs-')
    line = large.count(b"\n", 0, end) + 1
    source = tmp_path / "large.json"
    source.write_bytes(
        large[:end] + b'"x": ' + b"[" * 100_000 + b"]" * 100_000 + b", " + large[end:]
    )
    done = subprocess.run(
        [SCRIPT, "validate", str(source)], capture_output=True, text=True, check=False, timeout=300
    )
    assert done.returncode == ExitCode.UNREADABLE, done.stderr
    finding = done.stdout.splitlines()[0]
    assert finding.startswith(f"{source}:{line}:")
    assert finding.endswith(": nesting deeper than 64 [too-deep]")
