"""The plugin hooks. Their names and signatures are public API.

Plugin authors import `hookimpl` from `oas_program` and decorate functions named like the
specs below. Every hook takes no arguments and returns a list of descriptors from
`oas_program.plugin_api` (or click commands); the host calls each plugin's implementation
on its own, so one failing plugin never hides the others.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pluggy

if TYPE_CHECKING:
    import click

    from oas_program.plugin_api import Exporter, Importer, Validator

PROJECT = "oas_program"

hookspec = pluggy.HookspecMarker(PROJECT)
hookimpl = pluggy.HookimplMarker(PROJECT)


@hookspec
def oas_program_exporters() -> list[Exporter]:
    """Formats this plugin can write.

    :return: a list of :class:`oas_program.plugin_api.Exporter`; each ``name`` must be unique
        across all plugins.
    """
    raise NotImplementedError


@hookspec
def oas_program_importers() -> list[Importer]:
    """Formats this plugin can read.

    :return: a list of :class:`oas_program.plugin_api.Importer`; each ``name`` must be unique
        across all plugins.
    """
    raise NotImplementedError


@hookspec
def oas_program_validators() -> list[Validator]:
    """Layers of checks this plugin adds to ``oas-program validate``.

    :return: a list of :class:`oas_program.plugin_api.Validator`; rule codes must be unique
        across all plugins.
    """
    raise NotImplementedError


@hookspec
def oas_program_commands() -> list[click.Command]:
    """Extra ``oas-program`` sub-commands.

    :return: a list of :class:`click.Command`; a name that clashes with a built-in command
        is refused. Plugin commands are loaded only when invoked by name or listed by
        ``oas-program plugins doctor``, so a broken plugin never breaks ``--help``.
    """
    raise NotImplementedError
