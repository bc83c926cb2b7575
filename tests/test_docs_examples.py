"""Every example in the README and the documentation that shows an output runs, and prints it.

See `tests/doc_examples.py` for what a page may show. The plugin guide's examples need its
example plugin installed: `tests/test_plugin_guide.py` builds the plugin and runs them.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from oas_program.cli import cli
from tests import doc_examples
from tests.doc_examples import ROOT

PLUGIN_GUIDE = ROOT / "docs" / "plugins.md"
# Blocks whose content is shown, not run: code to read and files to write, never an output.
SHOWN_ONLY = {"python", "toml", "json", "yaml", "sh", "csv", "markdown", "ini", "rst", "html"}
RUN = {"console", "pycon"}


def run_in_process(arguments: list[str], env: dict[str, str]) -> tuple[str, int]:
    """`oas-program ARGUMENTS` as installed, through click's test runner.

    Help text is wrapped as in an 80-column terminal (click leaves two columns free).
    """
    result = CliRunner(env=env).invoke(cli, arguments, prog_name="oas-program", terminal_width=78)
    return result.output, result.exit_code


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    return tmp_path


@pytest.mark.parametrize(
    "page",
    [p for p in doc_examples.pages() if p != PLUGIN_GUIDE],
    ids=lambda p: str(p.relative_to(ROOT)),
)
def test_the_examples_of_the_page_print_what_it_shows(page: Path, workdir: Path) -> None:
    failures = doc_examples.run_page(page, run_in_process, workdir)
    assert not failures, "\n\n".join(failures)


@pytest.mark.parametrize("page", doc_examples.pages(), ids=lambda p: str(p.relative_to(ROOT)))
def test_every_block_says_whether_it_is_run(page: Path) -> None:
    """A block without a language (or `text`) could be an output nobody checks: refuse it."""
    for block in doc_examples.blocks(page):
        checked = re.fullmatch(r"<!-- output checked by (tests/\S+\.py) -->", block.before)
        if block.language == "text" and checked:
            # An output made by a dedicated test, which must name the page.
            test = (ROOT / checked.group(1)).read_text(encoding="utf-8")
            assert page.name in test, f"{block.where}: {checked.group(1)} does not check it"
            continue
        assert block.language in SHOWN_ONLY | RUN or block.language.startswith("{"), (
            f"{block.where}: a ```{block.language} block; show outputs as ```console or "
            f"```pycon (they are run), code and files as ```python, ```toml, ```json, ..."
        )


def test_the_runner_catches_a_changed_output(tmp_path: Path) -> None:
    """The check is real: a page that shows a wrong output, or an unknown command, fails."""
    page = tmp_path / "wrong.md"
    page.write_text(
        "```console\n$ oas-program symbol 'AG/RES 1928'\nAG/RES. 1929\n$ ls\n```\n\n"
        "```pycon\n>>> 1 + 1\n3\n```\n",
        encoding="utf-8",
    )
    failures = doc_examples.run_page(page, run_in_process, tmp_path)
    assert len(failures) == 3
    assert "AG/RES. 1928" in failures[0]
    assert "`ls`: not a command the examples can run" in failures[1]
    assert "Expected:\n    3\nGot:\n    2" in failures[2]


def test_exit_statuses_and_ellipses(tmp_path: Path) -> None:
    page = tmp_path / "ok.md"
    page.write_text(
        "```console\n$ oas-program symbol 'not a symbol'\n...[symbol-syntax]\n$ echo $?\n2\n"
        "$ oas-program show\nInter-American Program ...\n...\nRecorded: ...\n...\n```\n",
        encoding="utf-8",
    )
    assert doc_examples.run_page(page, run_in_process, tmp_path) == []


def test_the_readme_links_lead_somewhere() -> None:
    """The README is not part of the site (whose build checks its own links): check its."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    targets = re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", readme)
    local = [t for t in targets if not re.match(r"[a-z]+:", t)]
    assert local, "the README links into the documentation"
    missing = [t for t in local if not (ROOT / t).exists()]
    assert not missing, f"README links to files that do not exist: {missing}"
