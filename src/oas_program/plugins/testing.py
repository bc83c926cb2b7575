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
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from collections.abc import Callable

    from oas_program.model.program import Program
    from oas_program.plugins.descriptors import ExportOptions
    from oas_program.plugins.host import PluginHost


@pytest.fixture
def oas_program_host() -> Callable[..., PluginHost]:
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


@pytest.fixture
def oas_program_round_trip(
    tmp_path_factory: pytest.TempPathFactory,
) -> Callable[..., Program]:
    """Export a program with a format and import it back with the importer of the same name.

    `oas_program_round_trip(host, "xlsx", program=None, options=None) -> Program`; the
    default program is the embedded one. Compare the result with `==`."""

    def round_trip(
        host: PluginHost,
        format_name: str,
        program: Program | None = None,
        options: ExportOptions | None = None,
    ) -> Program:
        from oas_program.files.canonical import default_program
        from oas_program.model.located import Loaded
        from oas_program.plugins.descriptors import ExportOptions, ImportSource

        exporter = host.exporter(format_name)
        buffer = io.BytesIO()
        exporter.write(program or default_program(), buffer, options or ExportOptions())
        folder = tmp_path_factory.mktemp("round-trip")
        path = folder / f"program{exporter.suffix}"
        path.write_bytes(buffer.getvalue())
        read = host.importer(format_name).read(ImportSource(path=path, name=path.name))
        return read.program if isinstance(read, Loaded) else read

    return round_trip
