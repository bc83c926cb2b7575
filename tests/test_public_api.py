"""`import oas_program`: `dir()` and `help()` show the public API, and importing the package
(or asking `dir()`) still loads none of the model: `oas-program --help` stays fast."""

from __future__ import annotations

import pickle
import subprocess
import sys

import pytest

import oas_program

PUBLIC = ("load", "loads", "dump", "dumps", "Program", "default_program", "DataError", "hookimpl")


def test_dir_lists_the_public_api() -> None:
    names = dir(oas_program)
    for name in (*PUBLIC, *oas_program.__all__):
        assert name in names, name


def test_help_shows_the_public_api_with_docstrings() -> None:
    import pydoc

    text = pydoc.render_doc(oas_program, renderer=pydoc.plaintext)
    assert "class Program(" in text
    for name in ("load", "dump", "default_program"):
        function = getattr(oas_program, name)
        assert f"    {name}(" in text, name
        first_line = (function.__doc__ or "").strip().splitlines()[0]
        assert first_line and first_line in text, name


def test_importing_and_dir_load_no_model() -> None:
    code = (
        "import sys, oas_program; dir(oas_program);"
        "print(sorted(m for m in sys.modules if m.startswith(('oas_program.model', 'cattrs',"
        "'pluggy', 'oas_program.pipeline'))))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_a_problem_is_a_value() -> None:
    from oas_program.errors import DataError, Location, Problem

    problem = Problem(code="type-error", message="expected text", pointer="/title", line=3)
    assert problem == Problem(code="type-error", message="expected text", pointer="/title", line=3)
    assert len({problem, problem._replace()}) == 1  # hashable, equal by its fields
    with pytest.raises(AttributeError):
        problem.line = 4  # type: ignore[misc]
    moved = problem._replace(file="a.json", line=7)
    assert str(moved) == "a.json:7: /title: expected text [type-error]"
    assert str(problem) == "<input>:3: /title: expected text [type-error]"
    assert pickle.loads(pickle.dumps(moved)) == moved
    assert Problem.at(Location(file="b.csv", line=2, column=5), "x", "m") == Problem(
        code="x", message="m", file="b.csv", line=2, column=5
    )
    assert DataError([problem]).with_file("c.yaml").problems == (problem._replace(file="c.yaml"),)
