"""The plugin's hooks: the `postgresql` store and the `oas-program postgresql` command."""

from __future__ import annotations

from typing import TYPE_CHECKING

from oas_program import hookimpl
from oas_program.plugin_api import Store

if TYPE_CHECKING:
    import click


@hookimpl
def oas_program_stores() -> list[Store]:
    # The driver is imported only when a postgresql:// location is used.
    from oas_program_postgresql import store

    return [
        Store(
            name="postgresql",
            schemes=("postgresql", "postgres"),
            read=store.read,
            write=store.write,
            merge=store.merge,
            same_place=store.same_place,
            description="PostgreSQL database (a schema per program; concurrent merges)",
        )
    ]


@hookimpl
def oas_program_commands() -> list[click.Command]:
    from oas_program_postgresql.command import group

    return [group]
