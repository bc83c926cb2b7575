"""Cold starts: each command imports only what it needs (counted in a subprocess, not timed).

`--version` and `plugins` read the installed plugins' metadata without `importlib.metadata`
or the model; `export --format json` imports the JSON plugin alone; `show` no plugin at all.
The table of what each built-in provides, which makes that possible, is checked against the
built-ins themselves.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from importlib.metadata import entry_points
from pathlib import Path

import pytest

from oas_program.plugins import discovery
from oas_program.plugins.host import BUILTIN_PLUGINS, BUILTIN_PROVIDES, PluginHost
from tests.plugin_site import install_plugin

# Run the installed command's entry point, then print the modules it imported.
_PROBE = (
    "import atexit, json, sys\n"
    "atexit.register(lambda: sys.stderr.write('\\nMODULES ' + json.dumps(sorted(sys.modules))))\n"
    "sys.argv = ['oas-program', *sys.argv[1:]]\n"
    "from oas_program.cli import main\n"
    "main()\n"
)


def imported(*args: str, env: dict[str, str] | None = None) -> set[str]:
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    marker = done.stderr.rindex("MODULES ")
    return set(json.loads(done.stderr[marker + len("MODULES ") :]))


def builtin_modules(modules: set[str]) -> set[str]:
    return {m for m in modules if m.startswith("oas_program.builtin.")} - {
        "oas_program.builtin.validation"
    }


def test_version_reads_metadata_without_importlib_metadata_or_the_model() -> None:
    modules = imported("--version")
    assert "importlib.metadata" not in modules
    assert not {m for m in modules if m.startswith(("oas_program.model", "oas_program.plugins.h"))}
    assert not {"pluggy", "attrs", "dataclasses"} & modules


def test_plugins_lists_without_importing_plugins_metadata_machinery_or_the_model() -> None:
    modules = imported("plugins")
    assert "importlib.metadata" not in modules
    assert not {m for m in modules if m.startswith("oas_program.model")}
    assert not builtin_modules(modules)
    assert "oas_program_xlsx.plugin" not in modules
    # The error vocabulary and the host's records are named tuples and a plain class.
    assert not {"pluggy", "attrs", "dataclasses"} & modules


def test_loading_a_plugin_does_not_import_importlib_metadata() -> None:
    modules = imported("export", "--format", "json")
    assert "oas_program_xlsx.plugin" in modules  # the installed plugins were loaded
    assert "importlib.metadata" not in modules


def test_export_json_imports_the_json_plugin_alone() -> None:
    modules = imported("export", "--format", "json")
    assert builtin_modules(modules) == {"oas_program.builtin.json_format"}
    assert "jsonschema" not in modules and "sqlite3" not in modules
    # Places in the file are found only for findings; package data is read without
    # importlib.resources (8 ms to import).
    assert "oas_program.files.positions" not in modules
    assert "importlib.resources" not in modules


def test_show_imports_no_plugin() -> None:
    modules = imported("show")
    assert builtin_modules(modules) == set()
    assert "jsonschema" not in modules
    # The embedded program is read without the pipeline, and the report's walk of the texts
    # without the validation engine: neither the plugin machinery nor its descriptors.
    assert not {"oas_program.pipeline", "oas_program.services.validation.engine"} & modules
    assert not {"oas_program.plugins.descriptors", "pluggy"} & modules
    # Nor the parser's locator (bad data only), the links' URL parser, importlib.resources.
    assert not {"oas_program.files.positions", "urllib.parse", "importlib.resources"} & modules


def test_show_in_another_language_reads_its_catalog_without_importlib_resources() -> None:
    assert "importlib.resources" not in imported("show", "--lang", "es")


def test_validate_imports_the_validators_and_not_the_exporters() -> None:
    modules = imported("validate")
    assert builtin_modules(modules) >= {
        "oas_program.builtin.validation.references",
        "oas_program.builtin.validation.schema_layer",
    }
    assert "oas_program.builtin.sqlite_format" not in modules
    assert "oas_program.builtin.html_report" not in modules
    # Valid data: jsonschema-rs says so, and jsonschema (which words findings) is not needed.
    assert "jsonschema" not in modules


@pytest.mark.parametrize("command", [["show"], ["export", "--format", "json"], ["validate"]])
def test_a_small_program_is_read_without_msgspec(command: list[str]) -> None:
    # msgspec splits large inputs only (`files.json_records`); its import would cost a
    # small program's command more than it saves.
    assert not {m for m in imported(*command) if m.split(".")[0] == "msgspec"}


def test_the_builtin_table_says_what_each_builtin_provides() -> None:
    host = PluginHost(entrypoints=False)
    infos = {info.name: info for info in host.plugins() if info.builtin}
    assert set(infos) == set(BUILTIN_PLUGINS) == set(BUILTIN_PROVIDES)
    for name, info in infos.items():
        declared = {
            f"{hook.removeprefix('oas_program_').rstrip('s')}:{item}"
            for hook, items in BUILTIN_PROVIDES[name].items()
            for item in items
        }
        assert set(info.contributes) == declared, name


def test_a_named_lookup_finds_what_the_full_registry_finds() -> None:
    full = PluginHost(entrypoints=False)
    for name in full.exporters():
        lazy = PluginHost(entrypoints=False)
        entry = lazy.exporter_entry(name)
        assert (entry.item, entry.plugin.name) == (
            full.exporter_entry(name).item,
            full.exporter_entry(name).plugin.name,
        )
    for name in full.form_formats():
        assert PluginHost(entrypoints=False).form_format_entry(name).item.name == name


def test_a_named_lookup_still_reports_a_conflict_with_an_installed_plugin() -> None:
    from oas_program import hookimpl
    from oas_program.errors import UsageError
    from oas_program.plugin_api import Exporter

    class Rival:
        @hookimpl
        def oas_program_exporters(self) -> list[Exporter]:
            return [Exporter(name="json", media_type="x", suffix=".x", write=print)]

    host = PluginHost(entrypoints=False, plugins=[("rival", Rival())])
    with pytest.raises(UsageError, match="plugin-conflict"):
        host.exporter_entry("json")


def test_the_light_scan_finds_what_importlib_metadata_finds(tmp_path: Path) -> None:
    install_plugin(tmp_path, "extra_one", "Extra.One", "2.0", "one", "")
    install_plugin(tmp_path, "extra_two", "extra-two", "0.1rc1", "two", "")
    sys.path.insert(0, str(tmp_path))
    try:
        for group in ("oas_program", "console_scripts", "pytest11"):
            light = [(e.name, e.value, e.dist) for e in discovery.scan(group)]
            real = [
                (e.name, e.value, (e.dist.name, e.dist.version) if e.dist else None)
                for e in entry_points(group=group)
            ]
            assert light == real, group
    finally:
        sys.path.remove(str(tmp_path))


@pytest.mark.parametrize(
    "value",
    [
        "json",
        "os.path:join",
        "os:path.join",
        "oas_program.plugins.discovery : FoundEntryPoint.load",
        "os.path:join [extra]",
    ],
)
def test_an_entry_point_loads_what_importlib_metadata_loads(value: str) -> None:
    from importlib.metadata import EntryPoint

    found = discovery.FoundEntryPoint("x", value, "oas_program", None)
    assert found.load() is EntryPoint("x", value, "oas_program").load()


def test_an_entry_point_that_names_nothing_loadable_raises() -> None:
    with pytest.raises(ValueError, match="not 'module:object'"):
        discovery.FoundEntryPoint("x", "not a module!", "oas_program", None).load()
    with pytest.raises(ModuleNotFoundError):
        discovery.FoundEntryPoint("x", "no_such_module_here:thing", "oas_program", None).load()


@pytest.mark.parametrize("command", [["show"], ["export", "--format", "json"], ["validate"]])
def test_valid_data_is_read_without_cattrs(command: list[str]) -> None:
    # The generated functions build valid data; cattrs explains bad data only.
    modules = imported(*command)
    assert "oas_program.model.fast_convert" in modules
    assert not {m for m in modules if m == "cattrs" or m.startswith("cattrs.")}
    assert "oas_program.model.strict_convert" not in modules
