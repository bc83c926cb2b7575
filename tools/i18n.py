"""Maintain the interface's message catalogs (gettext, with Babel).

    python tools/i18n.py extract
        writes src/oas_program/locale/oas_program.pot: every interface string the code uses
        (oas_program.cli.messages.interface_messages), with its context
    pybabel update -i src/oas_program/locale/oas_program.pot -d src/oas_program/locale \\
        -D oas_program -w 100 --no-fuzzy-matching
        merges new and changed strings into each language's .po (translate them there)
    pybabel compile -d src/oas_program/locale -D oas_program --statistics
        compiles the .mo files the package ships (commit them with the .po files)

tests/test_i18n.py fails when a catalog lacks a string, or a .mo is older than its .po.
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import write_po

from oas_program.cli.messages import interface_messages

LOCALE = Path(__file__).resolve().parents[1] / "src" / "oas_program" / "locale"


def template() -> Catalog:
    """The catalog template: every interface string, untranslated."""
    catalog = Catalog(domain="oas_program", project="oas-program", copyright_holder="oas-program")
    for context, english in interface_messages().items():
        catalog.add(english, context=context)
    return catalog


def main(argv: list[str]) -> int:
    if argv != ["extract"]:
        print(__doc__, file=sys.stderr)
        return 2
    with (LOCALE / "oas_program.pot").open("wb") as handle:
        write_po(handle, template(), width=100, omit_header=False)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
