"""Helpers shared by commands: reading the input program, writing an export."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import IO, TYPE_CHECKING

from oas_program.errors import UsageError

if TYPE_CHECKING:
    from oas_program.cli import State
    from oas_program.model.program import Program
    from oas_program.plugin_api import Exporter, ExportOptions

EMBEDDED = "embedded program"


def read_program(state: State, path: str | None, format: str | None = None) -> Program:
    """The program in *path* (importer by name or content), or the embedded program."""
    if path is None:
        from oas_program.canonical import default_program

        return default_program()
    program: Program = state.host.read(Path(path), format=format, display=path)
    return program


def write_export(
    state: State,
    program: Program,
    exporter: Exporter,
    output: str,
    options: ExportOptions,
    inputs: list[str],
) -> None:
    """Write *program* with *exporter* to *output* ("-" = stdout), atomically for files."""
    from oas_program.errors import OasProgramError, PluginError
    from oas_program.io import refuse_output_is_input, write_output

    refuse_output_is_input(output, list(inputs))
    if output == "-" and exporter.binary and _stdout_is_tty():
        raise UsageError(f"format '{exporter.name}' is binary; give -o FILE")

    def write(stream: IO[bytes]) -> None:
        try:
            exporter.write(program, stream, options)
        except (OSError, OasProgramError):
            raise
        except Exception as error:  # the plugin's bug: name it, keep the old output
            owner = state.host.exporters()[exporter.name][0].plugin.label
            raise PluginError(
                f"exporter '{exporter.name}' ({owner}) failed: "
                f"{type(error).__name__}: {error} [plugin-error]"
            ) from error

    write_output(output, write)


def _stdout_is_tty() -> bool:
    return sys.stdout.isatty()
