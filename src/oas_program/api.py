"""The library's front door: load and dump programs in any format a plugin provides."""

from __future__ import annotations

import io
from pathlib import Path
from typing import TYPE_CHECKING

from oas_program.canonical import default_program
from oas_program.host import PluginHost
from oas_program.plugin_api import ExportOptions

if TYPE_CHECKING:
    from oas_program.model.program import Program


def load(path: str | Path, *, format: str | None = None, host: PluginHost | None = None) -> Program:
    """Read a program from *path*; the format comes from *format*, the name or the content.

    Raises `oas_program.DataError` (with file, place and rule code of every problem)."""
    host = host or PluginHost()
    program: Program = host.read(Path(path), format=format, display=str(path))
    return program


def loads(data: str | bytes, *, format: str = "json") -> Program:
    """Read a program from text or bytes in a format (canonical JSON by default)."""
    from oas_program import canonical

    if format == "json":
        return canonical.loads(data)
    import tempfile

    raw = data.encode("utf-8") if isinstance(data, str) else data
    host = PluginHost()
    importer = host.importer(format)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"input{importer.suffixes[0] if importer.suffixes else ''}"
        path.write_bytes(raw)
        return load(path, format=format, host=host)


def dump(
    program: Program,
    path: str | Path,
    *,
    format: str | None = None,
    options: ExportOptions | None = None,
    host: PluginHost | None = None,
) -> None:
    """Write *program* to *path* atomically; the format comes from *format* or the name.

    A path ending with a slash (or an existing directory) gets a format's directory form
    (the CSV data package)."""
    from oas_program.export import write_program

    host = host or PluginHost()
    exporter = host.exporter(format) if format else host.exporter_for_path(path)
    write_program(host, program, exporter, path, options or ExportOptions())


def dumps(program: Program, *, format: str = "json", options: ExportOptions | None = None) -> bytes:
    """The program in a format, as bytes (canonical JSON by default)."""
    buffer = io.BytesIO()
    PluginHost().exporter(format).write(program, buffer, options or ExportOptions())
    return buffer.getvalue()


__all__ = ["default_program", "dump", "dumps", "load", "loads"]
