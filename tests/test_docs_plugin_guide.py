"""The plugin guide's complete plugin is built, installed and tested, as the guide shows.

The files of the example are the blocks of `docs/plugins.md` introduced by a line naming
the file (`` `pyproject.toml`: ``). They are written to a folder, built into a wheel and
installed with pip (offline, into a folder of their own), then: the guide's `console`
examples run against the installed plugin, and the plugin's own tests run with pytest.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from tests import doc_examples
from tests.doc_examples import ROOT

GUIDE = ROOT / "docs" / "plugins.md"
RUN_CLI = "from oas_program.cli import main; main()"


def example_files() -> dict[str, str]:
    files = {}
    for block in doc_examples.blocks(GUIDE):
        named = re.fullmatch(r"`([\w./-]+)`:", block.before)
        if named:
            files[named.group(1)] = block.text + "\n"
    return files


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(the plugin's source folder, the folder it is installed in)."""
    base = tmp_path_factory.mktemp("plugin")
    source, site = base / "oas-program-txt", base / "site"
    for name, text in example_files().items():
        path = source / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    command = [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--no-index"]
    command += ["--no-build-isolation", "--target", str(site), str(source)]
    result = subprocess.run(command, capture_output=True, text=True, check=False, timeout=300)
    assert result.returncode == 0, result.stderr
    return source, site


def environment(site: Path, **extra: str) -> dict[str, str]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(site), str(ROOT)]), **extra}
    env.pop("OAS_PROGRAM_LOAD_PLUGINS", None)
    return env


def test_the_guide_has_the_three_files() -> None:
    files = example_files()
    assert set(files) == {"pyproject.toml", "src/oas_program_txt/__init__.py", "tests/test_txt.py"}
    metadata = tomllib.loads(files["pyproject.toml"])
    assert metadata["project"]["entry-points"]["oas_program"] == {"txt": "oas_program_txt"}


def test_the_plugin_is_installed_with_its_entry_point(installed: tuple[Path, Path]) -> None:
    _, site = installed
    [info] = site.glob("oas_program_txt-0.1.0.dist-info")
    assert "[oas_program]\ntxt = oas_program_txt" in (info / "entry_points.txt").read_text()


def test_the_guide_s_examples_print_what_it_shows(
    installed: tuple[Path, Path], tmp_path: Path
) -> None:
    _, site = installed

    def run(arguments: list[str], env: dict[str, str]) -> tuple[str, int]:
        result = subprocess.run(
            [sys.executable, "-c", RUN_CLI, *arguments],
            capture_output=True,
            text=True,
            env=environment(site, **env),
            check=False,
            timeout=120,
        )
        return result.stdout + result.stderr, result.returncode

    failures = doc_examples.run_page(GUIDE, run, tmp_path)
    assert not failures, "\n\n".join(failures)
    # And the page did show some: the installed plugin was really used.
    assert (tmp_path / "activities.txt").read_text(encoding="utf-8").count("\n") == 25


def test_the_plugin_s_own_tests_pass(installed: tuple[Path, Path], tmp_path: Path) -> None:
    source, site = installed
    shutil.copytree(source / "tests", tmp_path / "tests")
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=environment(site),
        check=False,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "5 passed" in result.stdout
