"""Helpers shared by commands: reading the input program, writing an export."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from oas_program.errors import UsageError

if TYPE_CHECKING:
    from oas_program.cli import State
    from oas_program.model.program import Program
    from oas_program.plugin_api import Exporter, ExportOptions

EMBEDDED_ARGUMENT = "@embedded"
"""Names the embedded program where a command takes a program file (merge, diff)."""


def read_program(state: State, path: str | None, format: str | None = None) -> Program:
    """The program in *path* (importer by name or content); the embedded program for None
    or `@embedded`."""
    if path is None or path == EMBEDDED_ARGUMENT:
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
    """Write *program* with *exporter* to *output* ("-" = stdout); see `export.write_program`."""
    from oas_program.export import write_program

    if output == "-" and exporter.binary and _stdout_is_tty():
        raise UsageError(f"format '{exporter.name}' is binary; give -o FILE")
    write_program(state.host, program, exporter, output, options, inputs)


def _stdout_is_tty() -> bool:
    return sys.stdout.isatty()
