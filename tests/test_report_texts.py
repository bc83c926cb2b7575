"""The reports find a program's texts by the types of its fields: every text a walk of every
field finds, in the same order (`show`'s counts by language, the HTML report's versions)."""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import attrs
from click.testing import CliRunner
from hypothesis import given, settings

from oas_program import default_program
from oas_program.cli import cli
from oas_program.files import canonical
from oas_program.model import Program
from oas_program.model.text import LANGUAGES, Text, TextStatus
from oas_program.services.reports import facts
from tests.strategies import programs

SCRIPT = str(Path(sys.executable).with_name("oas-program"))


def every_text(value: object) -> Iterator[Text]:
    """The definition: every field of every value, whatever its type, depth first."""
    if isinstance(value, Text):
        yield value
    elif isinstance(value, tuple):
        for item in value:
            yield from every_text(item)
    elif attrs.has(type(value)):
        for field in attrs.fields(type(value)):
            if field.init:
                yield from every_text(getattr(value, field.name))


def by_language(program: Program) -> dict[str, int]:
    texts = list(every_text(program))
    return {"total": len(texts)} | {
        lang: sum(text.get(lang) is not None for text in texts) for lang in LANGUAGES
    }


def assert_same_texts(value: object) -> None:
    found, expected = list(facts.texts(value)), list(every_text(value))
    assert len(found) == len(expected)
    assert all(one is other for one, other in zip(found, expected, strict=True))


@settings(max_examples=80, deadline=None)
@given(programs)
def test_the_texts_are_those_every_field_holds(program: Program) -> None:
    assert_same_texts(program)


def test_the_embedded_programs_texts() -> None:
    program = default_program()
    assert_same_texts(program)
    assert len(list(facts.texts(program))) > 100


@settings(max_examples=20, deadline=None)
@given(programs)
def test_show_counts_every_text_by_language(program: Program) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "program.json"
        path.write_text(canonical.dumps(program), encoding="utf-8")
        result = CliRunner().invoke(cli, ["show", "--json", str(path)])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["texts_by_language"] == by_language(program)


def test_the_installed_show_counts_every_text_of_the_embedded_program() -> None:
    done = subprocess.run(
        [SCRIPT, "show", "--json"], capture_output=True, text=True, check=True, timeout=120
    )
    counts = json.loads(done.stdout)["texts_by_language"]
    assert counts == by_language(default_program())


@attrs.frozen
class Node:
    """A class that holds itself, which the model has none of."""

    code: str = ""
    label: Text | None = None
    children: tuple[Node, ...] = ()


def test_a_class_that_holds_itself_is_walked_all_the_way_down() -> None:
    a, b, c = (Text(status=TextStatus.SUMMARY, en=word) for word in ("a", "b", "c"))
    tree = Node(label=a, children=(Node(children=(Node(label=b),)), Node(label=c)))
    assert list(facts.texts(tree)) == [a, b, c]
    assert facts._text_fields(Node) == ("label", "children")
