"""The README's first screen and samples say what the command really prints, in its order."""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner

from oas_program.cli import cli

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def _sample(name: str) -> list[str]:
    block = README.split(f"<!-- {name} -->\n```\n")[1].split("\n```\n<!-- /")[0]
    return block.splitlines()


def _in_order(sample: list[str], printed: list[str], *, positions: bool = True) -> None:
    """Each sample line (but `...` ones) is a printed line, in the printed order. Line and
    column numbers may differ (the data changes); everything else must not."""

    def bare(line: str) -> str:
        return re.sub(r":\d+:\d+:", ":L:C:", line) if positions else line

    wanted = [bare(line.rstrip()) for line in sample if line.strip() != "..."]
    got = [bare(line.rstrip()) for line in printed]
    at = 0
    for line in wanted:
        assert line in got[at:], f"not printed (in this order): {line}"
        at = got.index(line, at) + 1


def test_the_show_sample_is_what_show_prints() -> None:
    printed = CliRunner().invoke(cli, ["show"]).stdout.splitlines()
    sample = _sample("show-sample")
    _in_order(sample, printed, positions=False)
    assert printed[: len(sample) - 1] == sample[:-1]  # the start, exactly


def test_the_validate_sample_is_in_the_order_validate_prints() -> None:
    result = CliRunner().invoke(cli, ["validate"])
    printed = result.stdout.splitlines()
    sample = _sample("validate-sample")
    _in_order(sample, printed)
    # The sample starts where the output starts, and ends with its summary line.
    assert re.sub(r":\d+:\d+:", "", sample[0]) == re.sub(r":\d+:\d+:", "", printed[0])
    assert sample[-1] == printed[-1]


def test_the_readme_documents_chromium_and_how_ci_installs_it() -> None:
    first_screen = README.split("## What the data says")[0]
    assert "chromium" in first_screen and "`CI`" in first_screen
    ci = (Path(__file__).resolve().parents[1] / ".ci" / "run").read_text(encoding="utf-8")
    assert "apt-get install" in ci and "chromium" in ci
