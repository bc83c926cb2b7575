"""The YAML export writes the text ruamel.yaml's emitter writes, byte for byte.

`yaml_writer.fast_text` writes the common case directly and gives up (None) on the rest,
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

from benchmarks import generate
from hypothesis import given, settings
from hypothesis import strategies as st

from oas_program import default_program
from oas_program.builtin.yaml_writer import fast_text, ruamel_text
from oas_program.files import canonical
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
    fast = fast_text(data)
    if fast is not None:
        assert fast == ruamel_text(data)
    return fast


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
