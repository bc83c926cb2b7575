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
    exporter: Exporter | None,
    output: str | Path,
    options: ExportOptions,
    inputs: Sequence[str | Path] = (),
) -> None:
    """Write *program* with *exporter* to *output* ("-" = stdout), atomically for files.

    A URL *output* (`postgresql://…`) is written by the store serving its scheme, in one
    transaction; the exporter is not used (None is allowed then).

    An *output* that ends with a slash or is a directory gets the format's directory form
    (`Exporter.write_dir`), built beside it and renamed into place. An output that is one of
    *inputs* is refused; a failing exporter leaves the previous output untouched."""
    from oas_program import locations

    if locations.is_url(output):
        assert isinstance(output, str)
        locations.write_store(host, program, output, inputs)
        return
    if exporter is None:
        raise UsageError(f"cannot tell the format of '{output}' from its name; use --format")
    refuse_output_is_input(output, list(inputs))
    if names_directory(output):
        _write_directory(host, program, exporter, output, options, inputs)
        return

    def write(stream: IO[bytes]) -> None:
        with _plugin_errors(host, exporter):
            # Typed to return None, but a plugin may still return what it meant to write.
            returned: object = exporter.write(program, stream, options)  # type: ignore[func-returns-value]
            if returned is not None:
                # Most likely the bytes it meant to write: failing beats an empty file.
                raise _ContractBroken(
                    f"returned {type(returned).__name__}; write() must write to the stream "
                    "it is given and return None"
                )

    write_output(output, write)


class _ContractBroken(Exception):
    """An exporter broke the `Exporter` contract in a way the host can see."""


@contextlib.contextmanager
def _plugin_errors(host: PluginHost, exporter: Exporter) -> Iterator[None]:
    """Turn an exporter's own bug into a PluginError that names it (the old output is kept)."""
    import attrs

    try:
        yield
    except (OSError, OasProgramError):
        raise
    except (_ContractBroken, attrs.exceptions.FrozenInstanceError) as error:
        # The model is frozen: an exporter that assigns to it gets FrozenInstanceError.
        broken = (
            "tried to change the program it was given (it is read-only)"
            if isinstance(error, attrs.exceptions.FrozenInstanceError)
            else str(error)
        )
        raise PluginError(
            f"exporter '{exporter.name}' ({_owner(host, exporter)}) {broken} [plugin-contract]"
        ) from error
    except Exception as error:
        owner = _owner(host, exporter)
        raise PluginError(
            f"exporter '{exporter.name}' ({owner}) failed: "
            f"{type(error).__name__}: {error} [plugin-error]"
        ) from error


def _owner(host: PluginHost, exporter: Exporter) -> str:
    owners = host.exporters().get(exporter.name) or []
    return owners[0].plugin.label if owners else "unregistered exporter"


@contextlib.contextmanager
def plugin_call(what: str) -> Iterator[None]:
    """Turn the bug of a plugin's function into a PluginError naming *what* (`form format
    'xlsx'`): exit 5 with one line, not an internal error. The library's own errors pass."""
    try:
        yield
    except (OSError, OasProgramError):
        raise
    except Exception as error:
        raise PluginError(
            f"{what} failed: {type(error).__name__}: {error} [plugin-error]"
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
