"""Writing a program with an exporter: to stdout, an atomic file or an atomic directory."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import IO, TYPE_CHECKING

from oas_program.errors import OasProgramError, PluginError, UsageError
from oas_program.io import names_directory, refuse_output_is_input, write_output, write_output_dir

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence

    from oas_program.host import PluginHost
    from oas_program.model.program import Program
    from oas_program.plugin_api import Exporter, ExportOptions


def write_program(
    host: PluginHost,
    program: Program,
    exporter: Exporter,
    output: str | Path,
    options: ExportOptions,
    inputs: Sequence[str | Path] = (),
) -> None:
    """Write *program* with *exporter* to *output* ("-" = stdout), atomically for files.

    An *output* that ends with a slash or is a directory gets the format's directory form
    (`Exporter.write_dir`), built beside it and renamed into place. An output that is one of
    *inputs* is refused; a failing exporter leaves the previous output untouched."""
    refuse_output_is_input(output, list(inputs))
    if names_directory(output):
        _write_directory(host, program, exporter, output, options, inputs)
        return

    def write(stream: IO[bytes]) -> None:
        with _plugin_errors(host, exporter):
            exporter.write(program, stream, options)

    write_output(output, write)


@contextlib.contextmanager
def _plugin_errors(host: PluginHost, exporter: Exporter) -> Iterator[None]:
    """Turn an exporter's own bug into a PluginError that names it (the old output is kept)."""
    try:
        yield
    except (OSError, OasProgramError):
        raise
    except Exception as error:
        owners = host.exporters().get(exporter.name) or []
        owner = owners[0].plugin.label if owners else "unregistered exporter"
        raise PluginError(
            f"exporter '{exporter.name}' ({owner}) failed: "
            f"{type(error).__name__}: {error} [plugin-error]"
        ) from error


def _write_directory(
    host: PluginHost,
    program: Program,
    exporter: Exporter,
    output: str | Path,
    options: ExportOptions,
    inputs: Sequence[str | Path],
) -> None:
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
        with _plugin_errors(host, exporter):
            write_dir(program, directory, options)

    write_output_dir(output, write)
