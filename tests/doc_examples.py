"""Run the examples of the documentation: every block that shows an output is executed.

Pages are Markdown (README.md and docs/). Two kinds of fenced block claim an output:

- ``console``: shell sessions. A line ``$ COMMAND`` runs the command; the lines after it, up
  to the next ``$``, are what it prints (stdout and stderr, as in a terminal). The commands
  understood are ``oas-program ...`` (optionally after ``NAME=value`` assignments),
  ``echo $?`` (the previous command's exit status) and ``cat FILE``; anything else fails the
  test, so a page cannot show a command nobody ran.
- ``pycon``: Python sessions (``>>>`` and ``...`` prompts), run as doctests.

``...`` in a shown output stands for any text, as in doctest's ELLIPSIS; trailing spaces are
ignored. Blocks of one page run in order in one working directory holding a copy of
``examples/``, so a page can write a file in one block and read it in the next; the Python
blocks of a page share their names.
"""

from __future__ import annotations

import doctest
import os
import re
import shlex
from collections.abc import Callable, Iterator
from pathlib import Path

import attrs

ROOT = Path(__file__).resolve().parents[1]
FENCE = re.compile(r"^(?P<indent> *)(?P<fence>```+|~~~+)(?P<info>[^\n`]*)$")
ASSIGNMENT = re.compile(r"^[A-Z_][A-Z0-9_]*=")

#: (arguments, environment) -> (what the terminal shows, exit status)
Runner = Callable[[list[str], dict[str, str]], tuple[str, int]]


@attrs.frozen
class Block:
    """One fenced block of a page."""

    path: Path
    line: int  # 1-based line of the opening fence
    language: str
    text: str
    before: str  # the non-blank line before the fence (a file block names its file there)

    @property
    def where(self) -> str:
        path = self.path.relative_to(ROOT) if self.path.is_relative_to(ROOT) else self.path
        return f"{path}:{self.line}"


def pages() -> list[Path]:
    """README.md and every Markdown page of the site (generated ones left out)."""
    skip = {"_build", "_generated", "_api"}
    found = [
        path
        for path in sorted((ROOT / "docs").rglob("*.md"))
        if not skip & set(path.relative_to(ROOT / "docs").parts)
    ]
    return [ROOT / "README.md", *found]


def blocks(path: Path) -> Iterator[Block]:
    """The fenced blocks of a Markdown page, in order."""
    lines = path.read_text(encoding="utf-8").splitlines()
    number = 0
    previous = ""
    while number < len(lines):
        match = FENCE.match(lines[number])
        if not match:
            if lines[number].strip():
                previous = lines[number].strip()
            number += 1
            continue
        indent, fence = len(match.group("indent")), match.group("fence")
        body: list[str] = []
        end = number + 1
        while end < len(lines) and not lines[end].strip().startswith(fence):
            body.append(lines[end][indent:])
            end += 1
        info = match.group("info").strip()
        yield Block(path, number + 1, info.split()[0] if info else "", "\n".join(body), previous)
        previous = ""
        number = end + 1


def commands(block: Block) -> Iterator[tuple[str, str]]:
    """(command, shown output) pairs of a console block."""
    command: str | None = None
    output: list[str] = []
    pending = ""
    for line in block.text.splitlines():
        if pending or line.startswith("$ "):
            text = pending + (line[2:] if not pending else line.strip())
            if text.endswith("\\"):
                pending = text[:-1] + " "
                continue
            pending = ""
            if command is not None:
                yield command, "\n".join(output)
            command, output = text, []
        elif command is None:
            raise AssertionError(f"{block.where}: output before the first '$ ' command")
        else:
            output.append(line)
    if command is not None:
        yield command, "\n".join(output)


def normalise(text: str) -> str:
    return "\n".join(line.rstrip() for line in text.strip("\n").splitlines())


def same(shown: str, actual: str) -> bool:
    shown, actual = normalise(shown), normalise(actual)
    return shown == actual or doctest.OutputChecker().check_output(
        shown + "\n", actual + "\n", doctest.ELLIPSIS
    )


def run_console(block: Block, runner: Runner, failures: list[str]) -> None:
    status = 0
    for command, shown in commands(block):
        words = shlex.split(command)
        env: dict[str, str] = {}
        while words and ASSIGNMENT.match(words[0]):
            name, _, value = words.pop(0).partition("=")
            env[name] = value
        if words == ["echo", "$?"]:
            actual = str(status)
        elif words[:1] == ["cat"] and len(words) == 2:
            actual = Path(words[1]).read_text(encoding="utf-8")
        elif words[:1] == ["oas-program"]:
            actual, status = runner(words[1:], env)
        else:
            failures.append(f"{block.where}: `{command}`: not a command the examples can run")
            continue
        if not same(shown, actual):
            failures.append(
                f"{block.where}: `{command}` printed:\n{normalise(actual)}\n"
                f"--- but the page shows:\n{normalise(shown)}"
            )


def run_pycon(block: Block, globs: dict[str, object], failures: list[str]) -> None:
    parser = doctest.DocTestParser()
    test = parser.get_doctest(block.text, globs, block.where, str(block.path), block.line)
    report: list[str] = []
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.REPORT_ONLY_FIRST_FAILURE)
    runner.run(test, out=report.append, clear_globs=False)
    globs.update(test.globs)  # the test ran on a copy; later blocks see its names
    if runner.failures:
        failures.append("".join(report))


def run_page(path: Path, runner: Runner, workdir: Path) -> list[str]:
    """Run every console and pycon block of *path* in *workdir*; the failures, described."""
    failures: list[str] = []
    globs: dict[str, object] = {"__name__": "__docs__"}
    here = Path.cwd()
    os.chdir(workdir)
    try:
        for block in blocks(path):
            if block.language == "console":
                run_console(block, runner, failures)
            elif block.language == "pycon":
                run_pycon(block, globs, failures)
    finally:
        os.chdir(here)
    return failures
