"""The documentation site builds without a warning, and its references miss nothing.

The site is built once per session (as `.ci/run` builds it: warnings are errors, every
cross-reference must resolve), then its inventory (`objects.inv`) and pages are read: every
public name with its docstring, every hook, every command and option of the CLI and every
rule code must be there.
"""

from __future__ import annotations

import html
import importlib
import inspect
import re
import subprocess
import sys
import zlib
from pathlib import Path

import click
import pytest

from oas_program.cli import COMMANDS, cli

pytest.importorskip("sphinx", reason="the documentation tools: pip install -e '.[docs]'")

ROOT = Path(__file__).resolve().parents[1]


class Site:
    def __init__(self, out: Path) -> None:
        self.out = out
        self.objects = self._inventory(out / "objects.inv")

    @staticmethod
    def _inventory(path: Path) -> dict[tuple[str, str], str]:
        """(role, name) -> page of every object the site documents."""
        raw = path.read_bytes()
        header_end = 0
        for _ in range(4):
            header_end = raw.index(b"\n", header_end) + 1
        objects: dict[tuple[str, str], str] = {}
        for line in zlib.decompress(raw[header_end:]).decode("utf-8").splitlines():
            match = re.match(r"(.+?)\s+(\S+:\S+)\s+(-?\d+)\s+(\S*)\s+(.*)", line)
            if match:
                name, role, _, uri, _ = match.groups()
                objects[role, name] = uri.split("#", 1)[0]
        return objects

    def text(self, page: str) -> str:
        """The words of a built page, tags and markup removed."""
        raw = (self.out / page).read_text(encoding="utf-8")
        return words(html.unescape(re.sub(r"<[^>]+>", " ", raw)))


def words(text: str) -> str:
    """Only the words: markup (backticks, asterisks, quotes, punctuation) left out."""
    return " ".join(re.sub(r"[^\w]+", " ", text).split())


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    out = tmp_path_factory.mktemp("site")
    command = [sys.executable, "-m", "sphinx", "-W", "--keep-going", "-n", "-q"]
    command += ["-b", "html", "-d", str(out / ".doctrees"), str(ROOT / "docs"), str(out)]
    result = subprocess.run(command, capture_output=True, text=True, check=False, cwd=ROOT)
    assert result.returncode == 0, f"the site does not build cleanly:\n{result.stderr}"
    return Site(out)


def documented_name(module_name: str, name: str) -> str:
    """Where the reference documents a public name: the module that defines it."""
    module = importlib.import_module(module_name)
    obj = getattr(module, name)
    if inspect.isclass(obj) or inspect.isfunction(obj):
        return f"{obj.__module__}.{obj.__qualname__}"
    return f"{getattr(module, '_LAZY', {}).get(name, module_name)}.{name}"


PUBLIC = [
    (module, name)
    for module in ("oas_program", "oas_program.plugin_api")
    for name in importlib.import_module(module).__all__
    if name != "__version__"
]


@pytest.mark.parametrize(("module", "name"), PUBLIC, ids=[f"{m}.{n}" for m, n in PUBLIC])
def test_every_public_name_is_in_the_reference_with_its_docstring(
    site: Site, module: str, name: str
) -> None:
    documented = documented_name(module, name)
    pages = [page for (role, n), page in site.objects.items() if n == documented]
    assert pages, f"{module}.{name} ({documented}) is not in the API reference"
    obj = getattr(importlib.import_module(module), name)
    if inspect.isclass(obj) or inspect.isfunction(obj):
        doc = inspect.cleandoc(obj.__doc__ or "")  # its own, not one inherited
        assert doc, f"{documented} has no docstring"
        first = words(doc.split("\n\n", 1)[0])[:60]
        assert first in site.text(pages[0]), f"the docstring of {documented} is not shown"


def test_every_hook_is_in_the_reference(site: Site) -> None:
    from oas_program.plugins import hookspecs

    hooks = [n for n, _ in inspect.getmembers(hookspecs, inspect.isfunction)]
    hooks = [n for n in hooks if n.startswith("oas_program_")]
    assert len(hooks) >= 5
    for hook in hooks:
        assert ("py:function", f"oas_program.plugins.hookspecs.{hook}") in site.objects, hook
    table = site.text("reference/hooks.html")
    assert all(hook in table for hook in hooks)


def commands() -> list[tuple[str, click.Command]]:
    """Every command of the CLI, sub-commands of groups included, by its path."""
    found: list[tuple[str, click.Command]] = []
    context = click.Context(cli)
    for name in cli.list_commands(context):
        command = cli.get_command(context, name)
        assert command is not None
        found.append((name, command))
        if isinstance(command, click.Group):
            for sub in command.list_commands(context):
                child = command.get_command(context, sub)
                assert child is not None
                found.append((f"{name}-{sub}", child))
    return found


def test_every_command_and_option_is_in_the_reference(site: Site) -> None:
    page = (site.out / "reference" / "cli.html").read_text(encoding="utf-8")
    documented = {n for (role, n) in site.objects if role == "std:cmdoption"}
    listed = commands()
    assert {path for path, _ in listed} >= set(COMMANDS)
    for path, command in listed:
        assert f'id="oas-program-{path}"' in page, f"`oas-program {path}` is not in the CLI page"
        for param in command.params:
            names = param.opts if isinstance(param, click.Option) else [param.human_readable_name]
            for option in names:
                if option == "--help":
                    continue
                assert f"oas-program-{path}.{option}" in documented, (path, option)


def test_every_rule_is_in_the_reference(site: Site) -> None:
    from oas_program.services.validation import rules

    text = site.text("rules.html")
    codes = [rule.code for rule, _, _ in rules()]
    assert len(codes) > 10
    for code in codes:
        assert words(code) in text, code


def test_the_generated_references_say_what_the_code_says(site: Site) -> None:
    import json

    from oas_program.errors import ExitCode

    exit_codes = site.text("reference/exit-codes.html")
    for member in ExitCode:
        assert words(f"{int(member)} ExitCode.{member.name}") in exit_codes
    schema = json.loads((ROOT / "schemas" / "program.schema.json").read_text(encoding="utf-8"))
    text = site.text("reference/schema.html")
    for name, definition in schema["$defs"].items():
        assert name in text
        for field in definition.get("properties", {}):
            assert words(field) in text, (name, field)


def test_the_inventory_check_can_fail(site: Site) -> None:
    """A name that is not documented is reported missing (the checks above are real)."""
    assert not [n for (_, n) in site.objects if n == "oas_program.pipeline.no_such_function"]
    assert ("py:function", "oas_program.pipeline.load") in site.objects
