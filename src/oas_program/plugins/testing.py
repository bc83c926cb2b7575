"""pytest fixtures for plugin authors (loaded through the `pytest11` entry point).

```python
def test_my_exporter(oas_program_host, oas_program_embedded, oas_program_round_trip):
    host = oas_program_host(my_plugin_module)          # built-ins + only this plugin
    assert oas_program_round_trip(host, "myformat") == oas_program_embedded
```

Nothing heavy is imported here: pytest loads this module in every session where
oas-program is installed.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, Protocol

import pytest

if TYPE_CHECKING:
    from oas_program.model.program import Program
    from oas_program.plugins.descriptors import ExportOptions
    from oas_program.plugins.host import PluginHost


class HostFactory(Protocol):
    """The type of `oas_program_host`."""

    def __call__(self, *plugins: object, builtins: bool = True, **named: object) -> PluginHost: ...


class RoundTrip(Protocol):
    """The type of `oas_program_round_trip`."""

    def __call__(
        self,
        host: PluginHost,
        format_name: str,
        program: Program | None = None,
        options: ExportOptions | None = None,
    ) -> Program: ...


class ExportBytes(Protocol):
    """The type of `oas_program_export_bytes`."""

    def __call__(
        self,
        host: PluginHost,
        format_name: str,
        program: Program | None = None,
        options: ExportOptions | None = None,
    ) -> bytes: ...


@pytest.fixture
def oas_program_host() -> HostFactory:
    """Build a strict plugin host holding the built-ins (optional) and the given plugins only.

    Call it with plugin modules or objects: `oas_program_host(plugin)`, or with
    `name=plugin` keywords; pass `builtins=False` to leave the built-in formats out.
    Installed plugins are never loaded, so the test sees exactly what it names."""
    from oas_program.plugins.host import PluginHost

    def build(*plugins: object, builtins: bool = True, **named: object) -> PluginHost:
        given = [(getattr(p, "__name__", f"plugin-{i}"), p) for i, p in enumerate(plugins)]
        given += list(named.items())
        return PluginHost(entrypoints=False, builtins=builtins, plugins=given, strict=True)

    return build


@pytest.fixture
def oas_program_embedded() -> Program:
    """The embedded program."""
    from oas_program.files.canonical import default_program

    return default_program()


def _export(
    host: PluginHost,
    format_name: str,
    program: Program | None = None,
    options: ExportOptions | None = None,
) -> bytes:
    import attrs

    from oas_program.files.canonical import default_program
    from oas_program.plugins.descriptors import ExportOptions, check_options

    exporter = host.exporter(format_name)
    options = options or ExportOptions()
    # The declared options, checked and completed as the command line does.
    checked = check_options(f"format '{format_name}'", exporter.options, options.extra)
    buffer = io.BytesIO()
    exporter.write(program or default_program(), buffer, attrs.evolve(options, extra=checked))
    return buffer.getvalue()


@pytest.fixture
def oas_program_export_bytes() -> ExportBytes:
    """Export a program with a format and return the bytes written (for formats that have
    no importer: reports, other vocabularies).

    `oas_program_export_bytes(host, "popolo", program=None, options=None) -> bytes`; the
    options' `extra` is checked against the exporter's declared options and completed with
    their defaults, as on the command line (`-O`)."""
    return _export


@pytest.fixture
def oas_program_round_trip(
    tmp_path_factory: pytest.TempPathFactory,
) -> RoundTrip:
    """Export a program with a format and import it back with the importer of the same name.

    `oas_program_round_trip(host, "xlsx", program=None, options=None) -> Program`; the
    default program is the embedded one. Compare the result with `==`."""

    def round_trip(
        host: PluginHost,
        format_name: str,
        program: Program | None = None,
        options: ExportOptions | None = None,
    ) -> Program:
        from oas_program.model.located import Loaded
        from oas_program.model.program import Program
        from oas_program.plugins.descriptors import ImportSource

        data = _export(host, format_name, program, options)
        folder = tmp_path_factory.mktemp("round-trip")
        path = folder / f"program{host.exporter(format_name).suffix}"
        path.write_bytes(data)
        read = host.importer(format_name).read(ImportSource(path=path, name=path.name))
        if isinstance(read, Loaded):
            return read.program
        assert isinstance(read, Program), f"importer {format_name!r} gave {type(read).__name__}"
        return read

    return round_trip
