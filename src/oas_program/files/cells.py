"""Spreadsheet safety: cells that a spreadsheet would run as formulas are neutralised.

A text cell starting with `=`, `+`, `-`, `@`, a tab or a carriage return is a formula to
Excel, LibreOffice and Google Sheets (CSV injection, CWE-1236). The guard is one leading
apostrophe, which spreadsheets hide and never evaluate. Text that already starts with an
apostrophe gets one too, so that removing exactly one apostrophe always gives back the
original: `restore(neutralise(s)) == s` for every string.
"""

from __future__ import annotations

from typing import Any

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
GUARD = "'"
# Every first character that takes the guard, for one set lookup per cell.
_GUARDED = frozenset((*FORMULA_PREFIXES, GUARD))


def needs_guard(value: str) -> bool:
    """True when *value* would be read as a formula (or starts with the guard itself)."""
    return value[:1] in _GUARDED


def neutralise(value: str) -> str:
    """The cell text to write for *value*."""
    return GUARD + value if value[:1] in _GUARDED else value


def neutralise_column(values: list[Any]) -> list[Any]:
    """`neutralise` for every text of a column of cells (other cells as they are): one
    comprehension, no call per cell, for exports of a million cells."""
    return [
        GUARD + value if isinstance(value, str) and value[:1] in _GUARDED else value
        for value in values
    ]


def restore(cell: str) -> str:
    """The original value of a cell written by `neutralise`."""
    return cell[1:] if cell.startswith(GUARD) else cell


def restore_row(cells: list[str]) -> list[str]:
    """`restore` for every cell of a row: one comprehension, no call per cell, for forms of
    thousands of rows."""
    return [cell[1:] if cell.startswith(GUARD) else cell for cell in cells]
