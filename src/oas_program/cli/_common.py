"""Helpers shared by commands: reading the input program, writing an export."""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path
from typing import IO, TYPE_CHECKING

from oas_program.errors import UsageError

if TYPE_CHECKING:
    from collections.abc import Iterator

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
    """Write *program* with *exporter* to *output* ("-" = stdout), atomically for files.

    An *output* that ends with a slash or is a directory gets the format's directory form
    (`Exporter.write_dir`), built beside it and renamed into place."""
    from oas_program.io import names_directory, refuse_output_is_input, write_output

    refuse_output_is_input(output, list(inputs))
    if names_directory(output):
        _write_directory(state, program, exporter, output, options, inputs)
        return
    if output == "-" and exporter.binary and _stdout_is_tty():
        raise UsageError(f"format '{exporter.name}' is binary; give -o FILE")

    def write(stream: IO[bytes]) -> None:
        with _plugin_errors(state, exporter):
            exporter.write(program, stream, options)

    write_output(output, write)


@contextlib.contextmanager
def _plugin_errors(state: State, exporter: Exporter) -> Iterator[None]:
    """Turn an exporter's own bug into a PluginError that names it (the old output is kept)."""
    from oas_program.errors import OasProgramError, PluginError

    try:
        yield
    except (OSError, OasProgramError):
        raise
    except Exception as error:
        owner = state.host.exporters()[exporter.name][0].plugin.label
        raise PluginError(
            f"exporter '{exporter.name}' ({owner}) failed: "
            f"{type(error).__name__}: {error} [plugin-error]"
        ) from error


def _write_directory(
    state: State,
    program: Program,
    exporter: Exporter,
    output: str,
    options: ExportOptions,
    inputs: list[str],
) -> None:
    from oas_program.io import write_output_dir

    write_dir = exporter.write_dir
    if write_dir is None:
        raise UsageError(
            f"format '{exporter.name}' writes one file, and '{output}' is a directory; "
            "give a file name [output-is-directory]"
        )
    target = Path(output).resolve()
    for source in inputs:
        if Path(source).resolve().is_relative_to(target):
            raise UsageError(f"output '{output}' holds the input '{source}' [output-is-input]")

    def write(directory: Path) -> None:
        with _plugin_errors(state, exporter):
            write_dir(program, directory, options)

    write_output_dir(output, write)


def _stdout_is_tty() -> bool:
    return sys.stdout.isatty()
