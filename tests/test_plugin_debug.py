"""`--debug` for plugin authors: where a plugin failed to load, and where it raised."""

from __future__ import annotations

from pathlib import Path

from tests.plugin_site import install_plugin, oas

BROKEN = """
from oas_program import hookimpl

def oas_program_exporters(:
    return []
"""

RAISING = """
from oas_program import hookimpl
from oas_program.plugin_api import Exporter


def write(program, stream, options):
    return program.activities[99]


@hookimpl
def oas_program_exporters():
    return [Exporter(name="raising", media_type="text/plain", suffix=".r.txt", write=write)]
"""


def test_debug_shows_the_module_that_failed_to_load(tmp_path: Path) -> None:
    install_plugin(tmp_path, "debug_broken", "oas-program-broken", "0.1", "broken", BROKEN)
    plain = oas(tmp_path, "formats")
    assert plain.returncode == 0
    assert plain.stderr == (
        "oas-program: warning: plugin 'broken' from oas-program-broken 0.1 (entry point "
        "debug_broken) failed to load: SyntaxError: invalid syntax (debug_broken.py, line 4)\n"
    )
    debug = oas(tmp_path, "--debug", "formats")
    assert debug.returncode == 0
    assert debug.stderr.startswith(
        "oas-program: plugin 'broken' from oas-program-broken 0.1 (entry point debug_broken) "
        "failed to load:\nTraceback (most recent call last):\n"
    )
    assert f'File "{tmp_path / "debug_broken.py"}", line 4' in debug.stderr
    assert debug.stderr.endswith(plain.stderr)


def test_debug_shows_where_an_exporter_raised(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    install_plugin(site, "debug_raising", "oas-program-raising", "0.2", "raising", RAISING)
    target = tmp_path / "out.r.txt"
    plain = oas(site, "export", "-o", str(target))
    assert plain.returncode == 5 and not target.exists()
    message = (
        "oas-program: exporter 'raising' (plugin 'raising' from oas-program-raising 0.2 "
        "(entry point debug_raising)) failed: IndexError: tuple index out of range "
        "[plugin-error]\n"
    )
    assert plain.stderr == message
    debug = oas(site, "--debug", "export", "-o", str(target))
    assert debug.returncode == 5 and not target.exists()
    assert "Traceback (most recent call last):" in debug.stderr
    assert debug.stderr.endswith(
        f"oas-program: raised in plugin code at {site / 'debug_raising.py'}:7 (in write)\n"
        + message
    )
