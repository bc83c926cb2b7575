"""`validate --list-rules`: the rules reachable from the installed command, text and JSON,
from the validators themselves."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from oas_program.cli import cli
from oas_program.plugins.host import PluginHost
from oas_program.services.validation import rules

ROOT = Path(__file__).resolve().parents[1]


def run(*args: str) -> object:
    return CliRunner().invoke(cli, list(args))


def test_list_rules_as_json_has_every_rule_of_the_validators() -> None:
    result = run("validate", "--list-rules", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    expected = [(rule.code, rule.severity.value, layer) for rule, layer, _ in rules(PluginHost())]
    assert [(r["code"], r["severity"], r["layer"]) for r in data] == expected
    assert all(r["summary"] and r["fix"] for r in data)
    assert run("validate", "--list-rules", "--format", "json").stdout == result.stdout


def test_list_rules_as_text_names_each_rule_with_what_it_checks_and_the_fix() -> None:
    result = run("validate", "--list-rules")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    data = json.loads(run("validate", "--list-rules", "--json").stdout)
    heads = [line for line in lines if not line.startswith(" ")][:-1]
    assert [head.split(" ")[0] for head in heads] == [r["code"] for r in data]
    assert lines[-1] == f"{len(data)} rules"
    assert sum(line.startswith("  checks: ") for line in lines) == len(data)
    assert sum(line.startswith("  fix:    ") for line in lines) == len(data)
    assert all(len(line) <= 100 for line in lines)


def test_validate_help_points_to_the_command_not_to_a_repository_file() -> None:
    text = " ".join(run("validate", "--help").stdout.split())
    assert "--list-rules" in text
    assert "docs/rules.md" not in text
