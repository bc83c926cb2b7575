"""Installed plugins that misbehave: each is isolated, named, and gets its exit code.

Throw-away plugins are "installed" for real: a folder with their modules and a
`*.dist-info` (METADATA + entry_points.txt) is put on PYTHONPATH of an `oas-program`
subprocess, so entry-point discovery, lazy loading and the CLI are all exercised.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from oas_program import default_program
from oas_program.files import canonical
from oas_program.plugins.host import BUILTIN_PLUGINS
from tests.plugin_site import install_plugin, oas

PLUGINS = {
    # (distribution, version, entry point name, module source)
    "broken": (
        "hr-pdf",
        "1.2.0",
        "pdf",
        "import reportlab  # not installed\n",
    ),
    "raising": (
        "hr-md",
        "0.3",
        "boom",
        """
        from oas_program import hookimpl
        from oas_program.plugin_api import Exporter

        def write(program, stream, options):
            raise KeyError("title")

        @hookimpl
        def oas_program_exporters():
            return [Exporter(name="boom", media_type="text/plain", suffix=".boom", write=write)]
        """,
    ),
    "typo": (
        "hr-typo",
        "0.1",
        "typo",
        """
        from oas_program import hookimpl

        @hookimpl
        def oas_program_exprot():
            return []
        """,
    ),
    "duplicate": (
        "hr-json-plus",
        "0.2",
        "jsonplus",
        """
        from oas_program import hookimpl
        from oas_program.plugin_api import Exporter

        @hookimpl
        def oas_program_exporters():
            return [Exporter(name="json", media_type="application/json", suffix=".json",
                             write=lambda program, stream, options: stream.write(b"{}"))]
        """,
    ),
    "wrongtype": (
        "hr-wrong",
        "0.1",
        "wrong",
        """
        from oas_program import hookimpl

        @hookimpl
        def oas_program_exporters():
            return ["not an exporter"]
        """,
    ),
}


def install(site: Path, *names: str) -> Path:
    """Install the named throw-away plugins into *site*."""
    for name in names:
        install_plugin(site, f"throwaway_{name}", *PLUGINS[name])
    return site


@pytest.fixture
def site(tmp_path: Path) -> Path:
    folder = tmp_path / "site"
    folder.mkdir()
    return folder


def test_a_plugin_that_fails_to_import(site: Path, tmp_path: Path) -> None:
    install(site, "broken")
    assert oas(site, "--help").returncode == 0
    version = oas(site, "--version")
    assert "plugin pdf: hr-pdf 1.2.0" in version.stdout
    listed = oas(site, "plugins")
    assert listed.returncode == 0 and "hr-pdf 1.2.0" in listed.stdout
    assert "reportlab" not in listed.stdout + listed.stderr  # nothing was imported
    doctor = oas(site, "plugins", "doctor")
    assert doctor.returncode == 5
    assert "ModuleNotFoundError: No module named 'reportlab'" in doctor.stdout
    # Other formats still export; one warning names the plugin.
    out = tmp_path / "p.json"
    done = oas(site, "export", "-o", str(out))
    assert done.returncode == 0
    assert canonical.load(out) == default_program()
    assert done.stderr.splitlines() == [
        "oas-program: warning: plugin 'pdf' from hr-pdf 1.2.0 (entry point throwaway_broken) "
        "failed to load: ModuleNotFoundError: No module named 'reportlab'"
    ]
    # Asking for the format it would have provided: a plugin error, not "unknown format".
    wanted = oas(site, "export", "--format", "pdf")
    assert wanted.returncode == 5 and "[plugin-load]" in wanted.stderr and "hr-pdf" in wanted.stderr
    # Strict mode turns the warning into an error.
    assert oas(site, "export", OAS_PROGRAM_STRICT="1").returncode == 5


def test_a_plugin_that_raises_inside_export(site: Path, tmp_path: Path) -> None:
    install(site, "raising")
    target = tmp_path / "out.boom"
    target.write_bytes(b"previous")
    done = oas(site, "export", "--format", "boom", "-o", str(target))
    assert done.returncode == 5
    assert done.stderr.strip() == (
        "oas-program: exporter 'boom' (plugin 'boom' from hr-md 0.3 (entry point "
        "throwaway_raising)) failed: KeyError: 'title' [plugin-error]"
    )
    assert target.read_bytes() == b"previous"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.boom", "site"]
    assert oas(site, "export", "--format", "yaml").returncode == 0


def test_a_misspelled_hook(site: Path) -> None:
    install(site, "typo")
    assert oas(site, "--help").returncode == 0
    done = oas(site, "formats")
    assert done.returncode == 0
    assert "plugin 'typo' from hr-typo 0.1" in done.stderr and "oas_program_exprot" in done.stderr
    assert oas(site, "formats", OAS_PROGRAM_STRICT="1").returncode == 5


def test_two_plugins_claiming_one_format(site: Path) -> None:
    install(site, "duplicate")
    done = oas(site, "export", "--format", "json")
    assert done.returncode == 2
    assert (
        "format 'json' is provided by built-in plugin 'json' and plugin 'jsonplus' from "
        "hr-json-plus 0.2" in done.stderr
    )
    assert oas(site, "export", "--format", "yaml").returncode == 0
    assert "CONFLICT" in oas(site, "formats").stdout


def test_a_plugin_returning_the_wrong_type(site: Path) -> None:
    install(site, "wrongtype")
    done = oas(site, "export", "--format", "yaml")
    assert done.returncode == 0
    assert "must return a list of Exporter [plugin-contract]" in done.stderr
    assert oas(site, "export", "--format", "yaml", OAS_PROGRAM_STRICT="1").returncode == 5


def test_allowlist_and_blocklist(site: Path) -> None:
    install(site, "broken", "raising", "duplicate")
    only_builtins = oas(site, "formats", "--json", OAS_PROGRAM_LOAD_PLUGINS="")
    assert only_builtins.returncode == 0 and only_builtins.stderr == ""
    assert all(row["plugin"] in BUILTIN_PLUGINS for row in json.loads(only_builtins.stdout))
    listed = json.loads(oas(site, "plugins", "--json", OAS_PROGRAM_LOAD_PLUGINS="").stdout)
    throwaway = {"pdf", "boom", "jsonplus"}
    assert {r["name"]: r["status"] for r in listed if r["name"] in throwaway} == {
        "pdf": "disabled",
        "boom": "disabled",
        "jsonplus": "disabled",
    }
    allowed = oas(site, "export", "--format", "boom", OAS_PROGRAM_LOAD_PLUGINS="hr-md")
    assert allowed.returncode == 5 and "[plugin-error]" in allowed.stderr  # loaded, then raised
    blocked = oas(site, "export", "--format", "json", OAS_PROGRAM_DISABLE_PLUGINS="jsonplus,pdf")
    assert blocked.returncode == 0 and blocked.stderr == ""
    missing = oas(site, "formats", OAS_PROGRAM_LOAD_PLUGINS="hr-typo-missing")
    assert "plugin 'hr-typo-missing' not found [plugin-missing]" in missing.stderr
    strict = oas(
        site, "formats", OAS_PROGRAM_LOAD_PLUGINS="hr-typo-missing", OAS_PROGRAM_STRICT="1"
    )
    assert strict.returncode == 2


def test_plugins_json_lists_contributions_after_doctor(site: Path) -> None:
    install(site, "raising")
    rows = json.loads(oas(site, "plugins", "doctor", "--json").stdout)
    boom = next(r for r in rows if r["name"] == "boom")
    assert boom == {
        "name": "boom",
        "builtin": False,
        "distribution": "hr-md",
        "version": "0.3",
        "entry_point": "throwaway_raising",
        "status": "loaded",
        "error": None,
        "contributes": ["exporter:boom"],
    }
