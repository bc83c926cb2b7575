"""Which sheet holds which table: one fixed, reversible naming shared by writer and reader.

Excel limits sheet names to 31 characters (and forbids `[]:*?/\\`); a table name of the
relational layout may be longer (`actors_memberships_notes_sources` has 32). The sheet name
is the table name with its first letter capitalised, cut to 31 characters. The mapping is a
pure function of the layout, so the reader needs nothing from the workbook to invert it, and
it is checked to be one-to-one (ignoring case, as Excel does) when first used.
"""

from __future__ import annotations

import functools
import re

from oas_program.model.tables import layout

COVER = "About"
"""The cover sheet: written first on export, ignored on import."""
MAX_SHEET_NAME = 31
MAX_ROWS = 1_048_576
"""Rows in one Excel worksheet, the header row included."""
MAX_CELL = 32_767
"""Characters in one cell; Excel counts UTF-16 code units."""
_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def sheet_name(table_name: str) -> str:
    """The sheet that holds the table *table_name*."""
    return (table_name[:1].upper() + table_name[1:])[:MAX_SHEET_NAME]


@functools.cache
def sheet_tables() -> dict[str, str]:
    """Table name by sheet name, in layout order."""
    mapping = {sheet_name(t.name): t.name for t in layout()}
    folded = {name.casefold() for name in mapping} | {COVER.casefold()}
    if len(folded) != len(layout()) + 1:  # pragma: no cover - a layout change would show here
        raise RuntimeError("two tables of the layout map to one sheet name")
    for name in mapping:
        if _FORBIDDEN.search(name) or not name.strip("'"):  # pragma: no cover - as above
            raise RuntimeError(f"table name {name!r} is not a valid sheet name")
    return mapping
