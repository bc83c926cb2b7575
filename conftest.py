"""For every test suite of the repository (the core's and the plugins')."""

from __future__ import annotations

import os

import pytest

# As the xlsx plugin asks before openpyxl is first imported (see oas_program_xlsx): test
# modules import openpyxl themselves, earlier than the plugin would.
os.environ.setdefault("OPENPYXL_LXML", "False")


@pytest.fixture(autouse=True)
def _interface_language_is_english(monkeypatch: pytest.MonkeyPatch) -> None:
    """`--lang` defaults to the environment's language: tests start from none (English),
    whatever the machine running them is set to; a test that wants one sets it."""
    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(variable, raising=False)
