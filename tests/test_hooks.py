"""Hook names and signatures are public API: pinned here, and all documented in the guide."""

from __future__ import annotations

import inspect
from pathlib import Path

import pytest

from oas_program.plugin_api import Exporter, ExportOptions, Importer, Rule, Validator
from oas_program.plugins import hookspecs
from oas_program.plugins.host import PluginHost

GUIDE = Path(__file__).resolve().parents[1] / "docs" / "plugins.md"

PINNED = {
    "oas_program_exporters": "() -> list[Exporter]",
    "oas_program_importers": "() -> list[Importer]",
    "oas_program_validators": "() -> list[Validator]",
    "oas_program_commands": "() -> list[click.Command]",
    "oas_program_form_formats": "() -> list[FormFormat]",
    "oas_program_stores": "() -> list[Store]",
}


def _signature(function: object) -> str:
    # Annotations are strings here (postponed evaluation): print them as written.
    parameters = ", ".join(inspect.signature(function).parameters)  # type: ignore[arg-type]
    return f"({parameters}) -> {function.__annotations__['return']}"  # type: ignore[attr-defined]


def _specs() -> dict[str, str]:
    return {
        name: _signature(function)
        for name, function in vars(hookspecs).items()
        if name.startswith("oas_program_") and callable(function)
    }


def test_hook_signatures_are_pinned() -> None:
    assert _specs() == PINNED


def test_every_hook_is_documented_in_the_guide() -> None:
    guide = GUIDE.read_text(encoding="utf-8")
    for name, signature in _specs().items():
        assert f"def {name}{signature}" in guide, f"{name} missing from docs/plugins.md"


class _Everything:
    """One plugin object implementing every hook."""

    @hookspecs.hookimpl
    def oas_program_exporters(self) -> list[Exporter]:
        return [Exporter(name="t-out", media_type="text/plain", suffix=".t", write=_write)]

    @hookspecs.hookimpl
    def oas_program_importers(self) -> list[Importer]:
        return [Importer(name="t-in", media_type="text/plain", suffixes=(".t",), read=_read)]

    @hookspecs.hookimpl
    def oas_program_validators(self) -> list[Validator]:
        rule = Rule(code="t-rule", severity="info", summary="s", fix="f")
        return [Validator(name="t-check", rules=(rule,), check=lambda program: [])]

    @hookspecs.hookimpl
    def oas_program_commands(self) -> list[object]:
        import click

        return [click.Command("t-cmd", callback=lambda: None)]


def _write(program: object, stream: object, options: ExportOptions) -> None:
    raise NotImplementedError


def _read(source: object) -> object:
    raise NotImplementedError


def test_every_hook_reaches_the_host() -> None:
    host = PluginHost(entrypoints=False, builtins=False, plugins=[("everything", _Everything())])
    assert list(host.exporters()) == ["t-out"]
    assert list(host.importers()) == ["t-in"]
    assert [v.item.name for v in host.validators()] == ["t-check"]
    assert [c.item.name for c in host.commands()] == ["t-cmd"]
    info = next(i for i in host.plugins() if i.name == "everything")
    assert sorted(info.contributes) == [
        "command:t-cmd",
        "exporter:t-out",
        "importer:t-in",
        "validator:t-check",
    ]


def test_a_raising_hook_hides_nothing_else() -> None:
    class Raising:
        @hookspecs.hookimpl
        def oas_program_exporters(self) -> list[Exporter]:
            raise RuntimeError("broken")

    host = PluginHost(entrypoints=False, plugins=[("raising", Raising())], strict=False)
    assert {"json", "yaml"} <= set(host.exporters())
    assert host.warnings == [
        "plugin 'raising' from ? ? (entry point <given>): oas_program_exporters raised "
        "RuntimeError: broken [plugin-contract]"
    ]
    strict = PluginHost(entrypoints=False, plugins=[("raising", Raising())], strict=True)
    with pytest.raises(Exception, match="raised RuntimeError: broken"):
        strict.exporters()


def test_fixtures_for_plugin_authors(
    oas_program_host, oas_program_embedded, oas_program_round_trip
) -> None:  # type: ignore[no-untyped-def]
    host = oas_program_host()
    assert oas_program_round_trip(host, "yaml") == oas_program_embedded
    only = oas_program_host(everything=_Everything(), builtins=False)
    assert list(only.exporters()) == ["t-out"]
