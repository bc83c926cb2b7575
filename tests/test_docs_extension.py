"""The site's extension (`docs/_ext/oas_docs.py`): docstrings shown whole, pages from the code."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

pytest.importorskip("sphinx", reason="the documentation tools: pip install -e '.[docs]'")

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "docs" / "_ext"))

import oas_docs  # noqa: E402


def test_markdown_habits_become_valid_rest() -> None:
    lines = ["Reads:", "- one", "- two", "Then more.", "```python", "x = 1", "```"]
    fixed = oas_docs.markdown_to_rest(lines)
    assert fixed == [
        "Reads:",
        "",
        "- one",
        "- two",
        "",
        "Then more.",
        "",
        ".. code-block:: python",
        "",
        "   x = 1",
        "",
    ]
    assert not oas_docs.structure_errors(fixed)


def test_a_docstring_that_is_not_valid_rest_is_shown_as_written() -> None:
    lines = ["Broken `code here,", "    oddly indented", "back."]
    assert oas_docs.structure_errors(lines)
    shown = list(lines)
    oas_docs.fix_docstring(None, "function", "f", None, None, shown)  # type: ignore[arg-type]
    assert shown[:2] == ["::", ""]
    assert shown[2:5] == ["    " + line for line in lines]


def test_valid_docstrings_are_kept_and_backticks_mean_code() -> None:
    lines = [
        "Uses `code`, :class:`oas_program.Program`, ``literal`` and `two",
        "lines`.",
        "",
        "- a",
    ]
    shown = list(lines)
    oas_docs.fix_docstring(None, "function", "f", None, None, shown)  # type: ignore[arg-type]
    assert shown == [
        "Uses ``code``, :class:`oas_program.Program`, ``literal`` and ``two",
        "lines``.",
        "",
        "- a",
    ]


def test_the_exit_codes_page_is_the_enum() -> None:
    from oas_program.errors import ExitCode

    page = oas_docs.exit_codes_page()
    rows = [line for line in page.splitlines() if line.startswith("| ") and "ExitCode." in line]
    assert [row.split(" | ")[0] for row in rows] == [f"| {int(code)}" for code in ExitCode]
    assert (
        "| 3 | `ExitCode.UNREADABLE` | input missing, unreadable, unsafe or not parseable |" in rows
    )


def test_re_exported_names_resolve_to_where_they_are_defined() -> None:
    assert oas_docs.canonical_name("oas_program.Program") == "oas_program.model.program.Program"
    assert (
        oas_docs.canonical_name("oas_program.plugin_api.Exporter")
        == "oas_program.plugins.descriptors.Exporter"
    )
    assert oas_docs.canonical_name("oas_program.no_such_name") is None
