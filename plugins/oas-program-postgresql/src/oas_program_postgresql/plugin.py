"""The plugin's hooks: the `postgresql` store and the `oas-program postgresql` command."""

from __future__ import annotations

from typing import TYPE_CHECKING

from oas_program import hookimpl

if TYPE_CHECKING:
    import click

    from oas_program.plugin_api import Store


@hookimpl
def oas_program_stores() -> list[Store]:
    # The driver is imported only when a postgresql:// location is used.
    from oas_program_postgresql import store

    return [store.descriptor()]


@hookimpl
def oas_program_commands() -> list[click.Command]:
    from oas_program_postgresql.command import group

    return [group]
