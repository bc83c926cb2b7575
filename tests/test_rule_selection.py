"""`validate --select/--ignore/--severity` and `[tool.oas-program.validate]` in pyproject.toml,
on the built-in rules, as users run them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from oas_program.cli import cli
from oas_program.cli.testing import RunCommand


@pytest.fixture
def work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "work"
    folder.mkdir()
    monkeypatch.chdir(folder)
    return folder


def validate(*args: str) -> Result:
    env = {"OAS_PROGRAM_LOAD_PLUGINS": "", "OAS_PROGRAM_STRICT": "0"}
    return CliRunner().invoke(cli, ["validate", "--format", "json", *args], env=env)


def codes(result: Result) -> list[str]:
    return [f["code"] for f in json.loads(result.stdout)["files"][0]["findings"]]


EVERY = [
    "conflicting-declarations",
    "declared-not-recorded",
    "declared-not-recorded",
    "declared-not-recorded",
    "objective-unserved",
    "objective-unserved",
    "objective-unserved",
    "official-form-unknown",
    "official-form-unknown",
    "official-form-unknown",
    "summary-only",
    "summary-only",
]


def test_without_selection_every_rule_is_reported(work: Path) -> None:
    result = validate()
    assert result.exit_code == 0 and codes(result) == EVERY


def test_codes_and_prefixes_at_a_hyphen(work: Path) -> None:
    assert codes(validate("--ignore", "declared,official-form-unknown")) == [
        "conflicting-declarations",
        *["objective-unserved"] * 3,
        *["summary-only"] * 2,
    ]
    assert codes(validate("--select", "declared-", "--select", "summary")) == [
        *["declared-not-recorded"] * 3,
        *["summary-only"] * 2,
    ]
    assert codes(validate("--select", "ALL", "--ignore", "official,objective,summary")) == [
        "conflicting-declarations",
        *["declared-not-recorded"] * 3,
    ]
    # `declare` is not a prefix ending at a hyphen: it matches no rule, a usage error.
    refused = validate("--ignore", "declare")
    assert (refused.exit_code, refused.stdout) == (2, "")
    assert refused.stderr == (
        "oas-program: --ignore: 'declare' matches no rule; `oas-program validate --rules` "
        "lists them [unknown-rule]\n"
    )


def test_severity_overrides_change_the_exit_status(work: Path) -> None:
    result = validate("--severity", "official-form-unknown=error")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["summary"] == {
        "files": 1,
        "errors": 3,
        "warnings": 7,
        "info": 2,
        "omitted": 0,
        "exit_code": 1,
    }
    # The most specific selector wins.
    mixed = validate("--severity", "declared=info", "--severity", "declared-not-recorded=error")
    assert mixed.exit_code == 1
    assert json.loads(mixed.stdout)["summary"]["errors"] == 3
    bad = validate("--severity", "official-form-unknown=fatal")
    assert bad.exit_code == 2
    assert "'fatal' is not a severity (error, warning, info)" in bad.stderr


def test_the_nearest_pyproject_with_the_table_is_read(work: Path) -> None:
    (work / "pyproject.toml").write_text(
        '[tool.oas-program.validate]\nignore = ["official-form-unknown", "summary-only"]\n'
        'severity = { objective-unserved = "info" }\n',
        encoding="utf-8",
    )
    inner = work / "inner"
    inner.mkdir()
    # A pyproject.toml without the table is passed over, as ruff and pytest do.
    (inner / "pyproject.toml").write_text('[project]\nname = "x"\n', encoding="utf-8")
    import os

    os.chdir(inner)
    result = validate()
    assert codes(result) == [
        "conflicting-declarations",
        *["declared-not-recorded"] * 3,
        *["objective-unserved"] * 3,
    ]
    assert json.loads(result.stdout)["summary"]["info"] == 3
    assert codes(validate("--isolated")) == EVERY
    # The command line adds to the file's ignore and replaces its select.
    assert codes(validate("--ignore", "objective")) == [
        "conflicting-declarations",
        *["declared-not-recorded"] * 3,
    ]
    assert codes(validate("--select", "summary,conflicting")) == ["conflicting-declarations"]


def test_an_explicit_config_file(work: Path) -> None:
    config = work / "rules.toml"
    config.write_text('[tool.oas-program.validate]\nselect = ["conflicting"]\n', "utf-8")
    assert codes(validate("--config", str(config))) == ["conflicting-declarations"]
    missing = validate("--config", str(work / "nothing.toml"))
    assert missing.exit_code == 2 and "nothing.toml: cannot read" in missing.stderr


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "[tool.oas-program.validate]\nignore = = 1\n",
            "pyproject.toml: Invalid value (at line 2, column 10) [config-syntax]",
        ),
        (
            '[tool.oas-program.validate]\nignored = ["x"]\n',
            "pyproject.toml: [tool.oas-program.validate]: unknown key 'ignored' "
            "(known: select, ignore, severity) [config]",
        ),
        (
            '[tool.oas-program.validate]\nselect = "references"\n',
            "pyproject.toml: [tool.oas-program.validate] select: must be a list of rule codes "
            "[config]",
        ),
        (
            "[tool.oas-program]\nvalidation = {}\n",
            "pyproject.toml: [tool.oas-program]: unknown key 'validation' (known: validate) "
            "[config]",
        ),
        (
            '[tool.oas-program.validate]\nselect = ["refrences"]\n',
            "pyproject.toml: [tool.oas-program.validate] select: 'refrences' matches no rule",
        ),
    ],
)
def test_a_bad_config_is_one_line_exit_2(work: Path, text: str, message: str) -> None:
    (work / "pyproject.toml").write_text(text, encoding="utf-8")
    result = validate()
    assert (result.exit_code, result.stdout) == (2, "")
    assert len(result.stderr.splitlines()) == 1
    assert result.stderr.startswith(f"oas-program: {work / message}"), result.stderr


def test_reading_problems_are_always_reported(work: Path) -> None:
    (work / "bad.json").write_text("{", encoding="utf-8")
    result = validate("--select", "declared", "bad.json")
    assert result.exit_code == 3
    assert codes(result) == ["json-syntax"]


class _Raising:
    """A plugin whose validator raises: the engine reports it, whatever is selected."""

    from oas_program import hookimpl

    @hookimpl
    def oas_program_validators(self) -> list[object]:
        from oas_program.plugin_api import Rule, Validator

        rule = Rule(code="raising-rule", severity="info", summary="s", fix="f")

        def check(program: object) -> list[object]:
            raise RuntimeError("deliberately broken")

        return [Validator(name="raising", rules=(rule,), check=check)]


def test_the_engines_findings_cannot_be_ignored(work: Path, oas_program_cli: RunCommand) -> None:
    from oas_program.plugins.host import PluginHost

    host = PluginHost(entrypoints=False, plugins=[("raising", _Raising())], strict=False)
    result = oas_program_cli(host, "validate", "--format", "json", "--ignore", "raising,ALL")
    assert result.exit_code == 5
    assert codes(result) == ["plugin-error"]
