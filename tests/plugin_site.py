"""Install throw-away plugins for real and run `oas-program` in a subprocess that sees them.

A folder with the plugin's module and a `*.dist-info` (METADATA + entry_points.txt) is put on
the PYTHONPATH of the subprocess, so entry-point discovery and lazy loading are exercised
exactly as for a pip-installed distribution.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

RUN_CLI = "from oas_program.cli import main; main()"


def install_plugin(
    site: Path, module: str, dist: str, version: str, entry: str, source: str
) -> None:
    """Write *module* and a dist-info declaring it as entry point *entry* into *site*."""
    (site / f"{module}.py").write_text(textwrap.dedent(source), encoding="utf-8")
    info = site / f"{dist.replace('-', '_')}-{version}.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(
        f"Metadata-Version: 2.1\nName: {dist}\nVersion: {version}\n", encoding="utf-8"
    )
    (info / "entry_points.txt").write_text(f"[oas_program]\n{entry} = {module}\n", encoding="utf-8")


def environment(site: Path, **env: str) -> dict[str, str]:
    """The subprocess environment: *site* on the path, not strict unless asked."""
    return {**os.environ, "PYTHONPATH": str(site), "OAS_PROGRAM_STRICT": "0", **env}


def oas(
    site: Path, *args: str, cwd: Path | None = None, **env: str
) -> subprocess.CompletedProcess[str]:
    """Run `oas-program ARGS` with the plugins in *site* installed (in *cwd*, if given)."""
    return subprocess.run(
        [sys.executable, "-c", RUN_CLI, *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=environment(site, **env),
        check=False,
        timeout=60,
    )


def install_project(site: Path, project: Path) -> dict[str, str]:
    """Install the distribution in *project* (a `pyproject.toml` and packages under `src/`)
    into *site* as pip would for `oas-program`: its packages, and a dist-info with its name,
    version and `oas_program` entry points. Returns the entry points."""
    import shutil
    import tomllib

    meta = tomllib.loads((project / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    for package in sorted((project / "src").iterdir()):
        if package.is_dir():
            shutil.copytree(package, site / package.name)
    dist, version = meta["name"], meta["version"]
    info = site / f"{dist.replace('-', '_')}-{version}.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(
        f"Metadata-Version: 2.1\nName: {dist}\nVersion: {version}\n", encoding="utf-8"
    )
    entries: dict[str, str] = meta["entry-points"]["oas_program"]
    lines = "".join(f"{name} = {target}\n" for name, target in entries.items())
    (info / "entry_points.txt").write_text(f"[oas_program]\n{lines}", encoding="utf-8")
    return entries


def run_in(site: Path, cwd: Path, *command: str, **env: str) -> subprocess.CompletedProcess[str]:
    """Run *command* (a Python module: `pytest`, `mypy`) with *site* on the path, in *cwd*."""
    return subprocess.run(
        [sys.executable, "-m", *command],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=environment(site, **env),
        check=False,
        timeout=300,
    )
