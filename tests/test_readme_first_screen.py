"""The README's first screen says what a new machine needs.

What the README's examples print is checked by tests/test_docs_examples.py, which runs them.
"""

from __future__ import annotations

from pathlib import Path

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def test_the_readme_documents_chromium_and_how_ci_installs_it() -> None:
    first_screen = README.split("## What the data says")[0]
    assert "chromium" in first_screen and "`CI`" in first_screen
    ci = (Path(__file__).resolve().parents[1] / ".ci" / "run").read_text(encoding="utf-8")
    assert "apt-get install" in ci and "chromium" in ci
