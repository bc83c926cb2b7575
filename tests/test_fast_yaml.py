"""The YAML export writes the text ruamel.yaml's emitter writes, byte for byte.

`fast_yaml.fast_text` writes the common case directly and gives up (None) on the rest,
which ruamel.yaml then writes. Here ruamel.yaml is the definition: on generated plain data
(strings full of indicators, quotes, YAML-typed words, escapes and line breaks), on
generated programs, on the hostile program and through the installed command, the fast text
is ruamel.yaml's or nothing; and on the data it was made for, it is not nothing.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import attrs
import pytest
from benchmarks import generate
from hypothesis import given, settings
from hypothesis import strategies as st

from oas_program import default_program
from oas_program.builtin.fast_yaml import fast_read, fast_text, ruamel_text
from oas_program.builtin.yaml_format import read_with_ruamel
from oas_program.errors import DataError
from oas_program.files import canonical
from oas_program.files.limits import DEFAULT_LIMITS
from oas_program.model import Program
from oas_program.model.convert import program_to_data
from tests.hostile import hostile_program
from tests.strategies import programs

SCRIPT = str(Path(sys.executable).with_name("oas-program"))

# Characters that decide a scalar's style, and some that do not; then those the emitter
# escapes or breaks lines at (which the fast writer leaves to ruamel.yaml).
_TRICKY = [*" :#-?'\"\\,[]{}&*!|>%@`.~=<+_0123456789aeynoTFN", "\xa0", "é", "中", "😀"]
_ESCAPED = list("\t\n\r\x85\u2028\u2029\ufeff\x00\x7f\ud7ff\ue000\ufffe\u202e")
_WORDS = [
    *("yes", "No", "on", "OFF", "y", "n", "true", "False", "null", "~", "NULL", "<<", "="),
    *("1", "-1", "0o17", "0x1F", "0b101", "1_000", "1.5", ".5", "1e3", ".inf", ".NaN"),
    *("12:30", "2024-01-02", "2024-1-2 3:04:05", "---", "...", "-", "?", ":", "#", "- a"),
    *("a: b", "a:b", "a #b", "a#b", " a", "a ", "'a'", '"a"', "it's", "a\\b", "é: l'été"),
]
strings = st.one_of(
    st.sampled_from(_WORDS),
    st.text(alphabet=st.sampled_from(_TRICKY), min_size=1, max_size=12),
    st.lists(st.sampled_from(_WORDS), min_size=2, max_size=4).map(" ".join),
)
odd_strings = st.one_of(
    st.text(alphabet=st.sampled_from(_TRICKY + _ESCAPED), max_size=12), st.text(max_size=12)
)
names = st.from_regex(r"\A[a-z][a-z0-9_]{0,6}\Z")
scalars = st.one_of(strings, st.integers(), st.booleans())
plain_data = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(names, inner, max_size=4)),
    max_leaves=25,
)


def assert_ruamel_text(data: dict[str, Any]) -> str | None:
    """The fast text of *data* is ruamel.yaml's, and the fast reader reads it as the
    importer's ruamel.yaml path does (data and places), or the writer gave up."""
    fast = fast_text(data)
    if fast is not None:
        assert fast == ruamel_text(data)
        read = fast_read(fast, 64)
        assert read is not None
        assert read == read_with_ruamel(fast, "f.yaml")
    return fast


def assert_read_as_ruamel_reads(text: str) -> None:
    """What the fast reader takes of *text*, ruamel.yaml's path reads the same; what that
    path refuses, the fast reader leaves to it."""
    fast = fast_read(text, DEFAULT_LIMITS.max_depth)
    if fast is None:
        return
    try:
        slow = read_with_ruamel(text, "f.yaml")
    except DataError as error:
        pytest.fail(f"the fast reader took a text ruamel.yaml refuses: {error}")
    assert fast == slow


@settings(max_examples=400, deadline=None)
@given(st.dictionaries(names, plain_data, min_size=1, max_size=5))
def test_any_plain_data_is_ruamels_text_or_left_to_it(data: dict[str, Any]) -> None:
    assert_ruamel_text(data)


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(names, strings, min_size=1))
def test_strings_of_every_style(data: dict[str, str]) -> None:
    assert_ruamel_text(data)


@settings(max_examples=200, deadline=None)
@given(
    st.dictionaries(
        names | st.sampled_from(_WORDS) | odd_strings,
        odd_strings | plain_data | st.none() | st.floats(),
        min_size=1,
    )
)
def test_odd_strings_keys_and_values(data: dict[str, Any]) -> None:
    assert_ruamel_text(data)


@settings(max_examples=60, deadline=None)
@given(programs)
def test_generated_programs(program: Program) -> None:
    assert_ruamel_text(program_to_data(program))


def test_the_programs_it_is_for_are_written_directly() -> None:
    for program in (default_program(), canonical.loads(generate.dumps(300))):
        assert assert_ruamel_text(program_to_data(program)) is not None


def test_every_style_is_written_directly() -> None:
    data = {
        "plain": "a b-c, [d] {e}",
        "typed": "2024-01-02",
        "indicator": "- a",
        "colon": "a: b",
        "quote_and_colon": "l'été: oui",
        "backslash": 'a \\ "b": c\'',
        "unicode": "中文 😀 é",
        "nested": [["x", {"k": []}], {}, [], 1, True],
    }
    text = assert_ruamel_text(data)
    assert text is not None
    assert "typed: '2024-01-02'\n" in text and "colon: 'a: b'\n" in text
    assert 'quote_and_colon: "l\'été: oui"\n' in text


def test_what_it_leaves_to_ruamel() -> None:
    for odd in ("", "a\nb", "tab\there", "\u2028", "\ufeff", "x" * 4100, "y " * 2100):
        assert fast_text({"value": odd}) is None, repr(odd[:10])
    assert fast_text({"on": "a"}) is None  # a key YAML 1.1 would type
    assert fast_text({"k" * 200: "a"}) is None  # a complex key (`? k...`) for the emitter
    assert fast_text({"value": 1.5}) is None
    assert fast_text({}) is None
    assert_ruamel_text({"value": "z " * 1990})  # a long line that is not folded


def test_the_hostile_program() -> None:
    assert_ruamel_text(program_to_data(hostile_program()))


def test_the_installed_export_writes_ruamels_text(tmp_path: Path) -> None:
    hostile = tmp_path / "hostile.json"
    hostile.write_text(canonical.dumps(hostile_program()), encoding="utf-8")
    for program, arguments in ((default_program(), []), (hostile_program(), [str(hostile)])):
        done = subprocess.run(
            [SCRIPT, "export", "--format", "yaml", *arguments],
            capture_output=True,
            check=True,
            timeout=120,
        )
        assert done.stdout == ruamel_text(program_to_data(program)).encode("utf-8")


@settings(max_examples=300, deadline=None)
@given(
    st.dictionaries(names, plain_data, min_size=1, max_size=5),
    st.lists(
        st.tuples(st.integers(0, 10**6), st.sampled_from([*_TRICKY, *"abxyz09", "", "\n", "  "])),
        min_size=1,
        max_size=2,
    ),
)
def test_texts_edited_at_random_are_read_as_ruamel_reads_them(
    data: dict[str, Any], edits: list[tuple[int, str]]
) -> None:
    text = fast_text(data)
    if text is None:
        return
    for place, inserted in edits:  # each edit replaces one character (or removes it)
        place %= len(text)
        text = text[:place] + inserted + text[place + 1 :]
    assert_read_as_ruamel_reads(text)


@pytest.mark.parametrize(
    "text",
    [
        "a: 1 # a comment\n",
        "# a comment\na: 1\n",
        "a: [1, 2]\n",
        "a: {b: 1}\n",
        "a: 1\na: 2\n",  # a repeated key: ruamel.yaml's reader names both lines
        "a: 1\r\nb: 2\r\n",
        "a:\n    b: 1\n",  # four spaces
        "a:\n  - 1\n",  # an indented sequence
        "---\na: 1\n",
        "a: 1",  # no final line break
        "a: &x 1\nb: *x\n",
        "a: 2024-01-02\n",  # the writer quotes it
        "a: TRUE\n",
        "a: +1\n",
        "a: 'it''s'\n",  # the writer writes it plain
        'a: "\\n"\n',
        "a: |\n  text\n",
        "true: 1\n",
        "a:\n- 1\nb\n",
    ],
)
def test_other_texts_are_left_to_ruamel(text: str) -> None:
    assert fast_read(text, 64) is None


def test_nesting_at_the_limit_is_left_to_ruamel() -> None:
    text = fast_text({"a": {"b": {"c": [[], {}]}}})
    assert text is not None
    assert fast_read(text, 5) is not None
    for limit in (1, 2, 3, 4):
        assert fast_read(text, limit) is None
        with pytest.raises(DataError, match="too-deep"):
            read_with_ruamel(text, "f.yaml", attrs.evolve(DEFAULT_LIMITS, max_depth=limit))


def test_the_installed_command_reads_what_it_wrote(tmp_path: Path) -> None:
    written = tmp_path / "program.yaml"
    subprocess.run(
        [SCRIPT, "export", "--format", "yaml", "-o", str(written)], check=True, timeout=120
    )
    converted = subprocess.run(
        [SCRIPT, "convert", "--to", "json", str(written), "-"],
        capture_output=True,
        check=True,
        timeout=120,
    )
    assert converted.stdout == canonical.dumps(default_program()).encode("utf-8")
    # A bad value in the written layout is read by its layout, and located where it is.
    text = written.read_text(encoding="utf-8")
    bad = text.replace("adopted_on: '2005-06-07'", "adopted_on: '2005-13-45'")
    assert bad != text and fast_read(bad, 64) is not None
    written.write_text(bad, encoding="utf-8")
    done = subprocess.run(
        [SCRIPT, "validate", str(written)], capture_output=True, text=True, timeout=120
    )
    row = bad.splitlines().index("adopted_on: '2005-13-45'") + 1
    assert done.returncode == 1
    assert f"{written}:{row}:13: /adopted_on: '2005-13-45' is not a calendar date" in done.stdout
