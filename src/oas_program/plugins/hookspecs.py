"""The plugin hooks. Their names and signatures are public API.

Plugin authors import `hookimpl` from `oas_program` and decorate functions named like the
specs below. Every hook takes no arguments and returns a list of descriptors from
`oas_program.plugins.descriptors` (or click commands); the host calls each plugin's implementation
on its own, so one failing plugin never hides the others.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pluggy

if TYPE_CHECKING:
    import click

    from oas_program.plugins.descriptors import Exporter, FormFormat, Importer, Store, Validator

PROJECT = "oas_program"

#: The marker of the hook specifications below (for the host, not for plugins).
hookspec = pluggy.HookspecMarker(PROJECT)
#: The marker a plugin puts on its hook implementations (``from oas_program import hookimpl``).
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

    A validator declares its ``rules`` (code, severity, what it checks, how to fix: the rules
    table of ``oas-program validate --rules`` is generated from them) and a ``check`` that
    takes one loaded :class:`oas_program.model.Program` and yields
    :class:`oas_program.plugin_api.Finding` objects (``rule.finding(message, pointer)`` builds
    one). Findings name the value by JSON Pointer into the canonical data; the host turns the
    pointer into ``file:line:column`` (or a cell) through the importer's ``Loaded.locate``.

    Checks across several input files: set ``check_across``, a callable given every
    :class:`oas_program.plugin_api.Input` of the run (name, program, ``where(pointer)``) when
    there are two or more; it yields ``(input index, finding)`` pairs.

    The host calls each validator on its own: one that raises, or yields a finding whose code
    is not among its rules (or with another severity), is reported as ``plugin-error`` /
    ``plugin-contract`` (a PluginError, exit 5, in strict mode) and the others still run.

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


@hookspec
def oas_program_form_formats() -> list[FormFormat]:
    """File formats for reporting forms (`oas-program form`, `oas-program merge`).

    :return: a list of :class:`oas_program.plugin_api.FormFormat`; each ``name`` must be
        unique across all plugins.
    """
    raise NotImplementedError


@hookspec
def oas_program_stores() -> list[Store]:
    """Places programs live that are not files (databases), addressed by URL.

    A location like ``postgresql://host/db`` or ``postgresql:///db?host=/run/pg`` goes to
    the store whose ``schemes`` hold its scheme, wherever a command takes a program file
    (``convert``, ``validate``, ``progress``, ``export``, ``diff``, ``merge``).

    :return: a list of :class:`oas_program.plugin_api.Store`; each ``name`` and each scheme
        must be unique across all plugins.
    """
    raise NotImplementedError
