"""The plugin guide's example plugins, extracted from docs/plugins.md, installed for real (a
dist-info on the path of an `oas-program` subprocess) and run as users run them: the
command, the double suffix, the options, the rule (ignored from the command line and from
pyproject.toml), the partial importer through `merge`, errors naming the plugin, a
misspelled hook; then the guide's own tests and `mypy --strict` on what it shows."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import oas_program
from oas_program.files import canonical
from tests.plugin_site import install_plugin, install_project, oas, run_in

ROOT = Path(__file__).resolve().parents[1]
GUIDE = ROOT / "docs" / "plugins.md"
EXAMPLE = ROOT / "examples" / "tracking-illustrative.json"
MARKER = re.compile(r"<!-- example: (\w+)/(\S+) -->\n(?:(?!```)[^\n]*\n\n)?```\w*\n(.*?)```", re.S)

REPORT = """\
title = "Monitoring report 2026"

[[observation]]
actor = "mex"
activity = "ms-training"
period = "2026"
date = "2027-01-31"
status = "completed"
"""


def extract(example: str, into: Path) -> Path:
    """Write the files of one example of the guide into *into*; return it."""
    found = 0
    for name, path, text in MARKER.findall(GUIDE.read_text(encoding="utf-8")):
        if name == example:
            target = into / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
            found += 1
    assert found >= 2, f"example {example!r} not found in {GUIDE}"
    return into


@pytest.fixture
def site(tmp_path: Path) -> Path:
    folder = tmp_path / "site"
    folder.mkdir()
    return folder


@pytest.fixture
def popolo(site: Path, tmp_path: Path) -> Path:
    """The guide's complete example, installed into *site*; returns its project folder."""
    project = extract("popolo", tmp_path / "oas-program-popolo")
    assert install_project(site, project) == {"popolo": "oas_program_popolo"}
    return project


def test_the_minimal_plugin_works_as_written(site: Path, tmp_path: Path) -> None:
    project = extract("txt", tmp_path / "oas-program-txt")
    install_project(site, project)
    out = tmp_path / "activities.txt"
    done = oas(site, "export", "--format", "txt", "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert len(out.read_text(encoding="utf-8").splitlines()) == len(
        oas_program.default_program().activities
    )
    tests = run_in(site, project, "pytest", "-q", "-p", "no:cacheprovider", "tests")
    assert tests.returncode == 0, tests.stdout + tests.stderr


def test_the_command_runs_through_oas_program(site: Path, popolo: Path) -> None:
    done = oas(site, "popolo-actor", "iachr")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["other_names"] == [{"name": "IACHR", "note": "acronym"}]
    helped = oas(site, "popolo-actor", "--help")
    assert helped.returncode == 0 and "Print one actor as a Popolo organization" in helped.stdout
    # The command's own usage error: the documented exit code and one line.
    unknown = oas(site, "popolo-actor", "nobody")
    assert (unknown.returncode, unknown.stderr) == (
        2,
        "oas-program: no actor 'nobody' in the program\n",
    )
    # Reading through the context: the input's problems are reported as every command does.
    missing = oas(site, "popolo-actor", "iachr", "--input", "missing.json")
    assert missing.returncode == 3 and missing.stderr.startswith("missing.json: ")


def test_a_command_that_raises_exits_5_naming_the_plugin(site: Path, popolo: Path) -> None:
    module = site / "oas_program_popolo" / "__init__.py"
    text = module.read_text(encoding="utf-8")
    assert "return [popolo_actor]" in text
    module.write_text(
        text.replace("return [popolo_actor]", "return [popolo_actor, crash]")
        + '\n\n@click.command("popolo-crash")\ndef crash() -> None:\n    {}["x"]\n',
        encoding="utf-8",
    )
    done = oas(site, "popolo-crash")
    assert done.returncode == 5
    assert done.stderr == (
        "oas-program: command 'popolo-crash' (plugin 'popolo' from oas-program-popolo 0.1.0 "
        "(entry point oas_program_popolo)) failed: KeyError: 'x' [plugin-error]\n"
    )
    debug = oas(site, "--debug", "popolo-crash")
    assert debug.returncode == 5
    assert "Traceback (most recent call last):" in debug.stderr
    assert f"raised in plugin code at {module}:" in debug.stderr
    assert debug.stderr.endswith("[plugin-error]\n")


def test_the_double_suffix_wins_and_options_are_checked(
    site: Path, popolo: Path, tmp_path: Path
) -> None:
    out = tmp_path / "actors.popolo.json"
    done = oas(site, "convert", str(EXAMPLE), str(out), "-O", "member-states-only=yes")
    assert done.returncode == 0, done.stderr
    data = json.loads(out.read_text(encoding="utf-8"))
    assert len(data["organizations"]) == 35 and out.read_text().startswith('{\n  "organizations"')
    exported = oas(site, "export", "-o", str(out), "-O", "indent=0")
    assert exported.returncode == 0, exported.stderr
    assert len(json.loads(out.read_text(encoding="utf-8"))["organizations"]) == len(
        oas_program.default_program().actors
    )
    assert out.read_text(encoding="utf-8").startswith('{\n"organizations"')
    # Plain `.json` is still the canonical format.
    plain = tmp_path / "program.json"
    assert oas(site, "convert", str(EXAMPLE), str(plain)).returncode == 0
    assert canonical.load(plain) == canonical.load(EXAMPLE)

    before = out.read_bytes()
    for command in (["export", "-o", str(out)], ["convert", str(EXAMPLE), str(out)]):
        typo = oas(site, *command, "-O", "indnt=0")
        assert (typo.returncode, typo.stderr) == (
            2,
            "oas-program: format 'popolo' has no option 'indnt'; "
            "its options: indent, member-states-only\n",
        )
        wrong = oas(site, *command, "-O", "indent=wide")
        assert (wrong.returncode, wrong.stderr) == (
            2,
            "oas-program: format 'popolo': option indent='wide': expected an int\n",
        )
    assert out.read_bytes() == before
    none = oas(site, "export", "--format", "yaml", "-O", "indent=0")
    assert none.returncode == 2 and "format 'yaml' takes no options" in none.stderr

    listed = oas(site, "formats")
    assert "           -O indent=INT (default: 2): Spaces per JSON level" in listed.stdout
    assert "           -O member-states-only=BOOL (default: false): Only the member states" in (
        listed.stdout
    )
    rows = json.loads(oas(site, "formats", "--json").stdout)
    popolo_row = next(r for r in rows if r["name"] == "popolo")
    assert popolo_row["suffixes"] == [".popolo.json"]
    assert popolo_row["options"][1] == {
        "name": "indent",
        "type": "int",
        "help": "Spaces per JSON level",
        "default": 2,
        "choices": [],
    }
    partner = next(r for r in rows if r["name"] == "partner-toml")
    assert partner["partial"] is True and [o["name"] for o in partner["options"]] == [
        "partner",
        "reporter",
    ]


def _popolo_lines(stdout: str) -> list[str]:
    return [line for line in stdout.splitlines() if line.endswith("[popolo-no-acronym]")]


def test_the_rule_can_be_ignored_and_reconfigured(site: Path, popolo: Path, tmp_path: Path) -> None:
    work = tmp_path / "work"
    (work / "deeper").mkdir(parents=True)
    found = oas(site, "validate", cwd=work)
    assert found.returncode == 0
    assert [line.split(": ")[-1] for line in _popolo_lines(found.stdout)] == [
        "iachr-rapporteur has no acronym; Popolo lists it by name only [popolo-no-acronym]",
        "sla has no acronym; Popolo lists it by name only [popolo-no-acronym]",
        "summits has no acronym; Popolo lists it by name only [popolo-no-acronym]",
    ]
    for selector in ("popolo", "popolo-", "popolo-no-acronym"):
        ignored = oas(site, "validate", "--ignore", selector, cwd=work)
        assert ignored.returncode == 0 and _popolo_lines(ignored.stdout) == []
    raised = oas(site, "validate", "--severity", "popolo-no-acronym=error", cwd=work)
    assert raised.returncode == 1
    assert raised.stdout.splitlines()[-1] == "3 errors, 7 warnings, 5 info in 1 file"
    only = oas(site, "validate", "--select", "popolo", cwd=work)
    assert only.stdout.splitlines()[-1] == "0 errors, 0 warnings, 3 info in 1 file"

    # The configuration file: the nearest pyproject.toml with a [tool.oas-program] table.
    (work / "pyproject.toml").write_text(
        '[project]\nname = "mine"\n\n[tool.oas-program.validate]\nignore = ["popolo"]\n',
        encoding="utf-8",
    )
    configured = oas(site, "validate", cwd=work / "deeper")
    assert configured.returncode == 0 and _popolo_lines(configured.stdout) == []
    assert configured.stdout.splitlines()[-1] == "0 errors, 7 warnings, 5 info in 1 file"
    isolated = oas(site, "validate", "--isolated", cwd=work / "deeper")
    assert len(_popolo_lines(isolated.stdout)) == 3
    # --select on the command line replaces the file's selection; its ignore still applies.
    both = oas(site, "validate", "--select", "popolo,declared", cwd=work)
    assert both.stdout.splitlines()[-1] == "0 errors, 3 warnings, 0 info in 1 file"

    (work / "pyproject.toml").write_text(
        '[tool.oas-program.validate]\nseverity = { popolo-no-acronym = "error" }\n',
        encoding="utf-8",
    )
    assert oas(site, "validate", cwd=work).returncode == 1
    (work / "pyproject.toml").write_text(
        '[tool.oas-program.validate]\nignore = ["popolo-typo"]\n', encoding="utf-8"
    )
    typo = oas(site, "validate", cwd=work)
    assert (typo.returncode, typo.stdout) == (2, "")
    assert typo.stderr == (
        f"oas-program: {work / 'pyproject.toml'}: [tool.oas-program.validate] ignore: "
        "'popolo-typo' matches no rule; `oas-program validate --rules` lists them "
        "[unknown-rule]\n"
    )


def test_a_partner_report_merges_all_or_nothing(site: Path, popolo: Path, tmp_path: Path) -> None:
    report = tmp_path / "ngo-2026.partner.toml"
    report.write_text(REPORT, encoding="utf-8")
    out = tmp_path / "tracked.json"
    done = oas(
        site,
        "merge",
        str(EXAMPLE),
        str(report),
        "-I",
        "partner=ngo",
        "-I",
        "reporter=mex",
        "-o",
        str(out),
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr.splitlines()[-1] == "1 added, 0 updated, 0 unchanged"
    merged = canonical.load(out)
    observation = merged.get("obs-mex-ms-training-2026-partner")
    assert observation.sources == ("src-partner-ngo",) and observation.reported_by == "mex"
    assert merged.get("src-partner-ngo").title.en == "Monitoring report 2026"

    bad = tmp_path / "bad.partner.toml"
    bad.write_text(
        REPORT.replace('"mex"', '"iachr"')
        + REPORT.split("\n\n", 1)[1].replace('"completed"', '"done"'),
        encoding="utf-8",
    )
    refused_out = tmp_path / "refused.json"
    refused = oas(site, "merge", str(EXAMPLE), str(bad), "-o", str(refused_out))
    assert refused.returncode == 1
    assert refused.stderr == f"{bad}:9: 'done' is not a valid Status [invalid-value]\n"
    bad.write_text(REPORT.replace('"mex"', '"iachr"'), encoding="utf-8")
    refused = oas(site, "merge", str(EXAMPLE), str(report), str(bad), "-o", str(refused_out))
    assert refused.returncode == 1
    assert refused.stderr == (
        f"{bad}:3: activity 'ms-training' does not concern actor 'iachr' [not-concerned]\n"
    )
    assert not refused_out.exists()
    # A contribution is not a program: other commands say where it belongs.
    converted = oas(site, "convert", str(report), str(tmp_path / "x.json"))
    assert converted.returncode == 2 and "oas-program merge BASE FILE" in converted.stderr
    unknown = oas(site, "merge", "@embedded", str(report), "--dry-run", "-I", "who=me")
    assert unknown.returncode == 2
    assert "format 'partner-toml' has no option 'who'; its options: partner, reporter" in (
        unknown.stderr
    )


def test_a_misspelled_hook_names_the_one_meant(site: Path, popolo: Path) -> None:
    install_plugin(
        site,
        "popolo_typo",
        "oas-program-typo",
        "0.1",
        "typo",
        """
        from oas_program import hookimpl

        @hookimpl
        def oas_program_validator():
            return []
        """,
    )
    done = oas(site, "validate")
    assert done.returncode == 0
    warning = (
        "oas-program: warning: plugin 'typo' from oas-program-typo 0.1 (entry point "
        "popolo_typo) failed to load: unknown hook 'oas_program_validator' (did you mean "
        "'oas_program_validators'?); nothing it provides is available"
    )
    assert done.stderr.splitlines() == [warning]
    assert oas(site, "validate", OAS_PROGRAM_STRICT="1").returncode == 5
    doctor = oas(site, "plugins", "doctor")
    assert doctor.returncode == 5
    assert "unknown hook 'oas_program_validator' (did you mean 'oas_program_validators'?)" in (
        doctor.stdout
    )


def test_the_guides_tests_pass_and_its_code_is_strictly_typed(site: Path, popolo: Path) -> None:
    tests = run_in(site, popolo, "pytest", "-q", "-p", "no:cacheprovider", "tests")
    assert tests.returncode == 0, tests.stdout + tests.stderr
    assert "4 passed" in tests.stdout
    typed = run_in(site, popolo, "mypy", "--strict", "--no-incremental", "src", "tests")
    assert typed.returncode == 0, typed.stdout + typed.stderr


def test_every_descriptor_field_fixture_and_error_type_is_in_the_guide() -> None:
    import attrs

    from oas_program import plugin_api

    guide = GUIDE.read_text(encoding="utf-8")
    reference = guide.split("## Descriptors", 1)[1].split("## Rule codes", 1)[0]
    for name in plugin_api.__all__:
        assert f"`{name}" in guide or f"{name}(" in guide, f"{name} is not in the guide"
        item = getattr(plugin_api, name)
        if attrs.has(item):
            for field in attrs.fields(item):
                assert f"`{field.name}`" in reference or f"{field.name}=" in reference, (
                    f"{name}.{field.name} is not documented in docs/plugins.md"
                )
    for fixture in (
        "oas_program_host",
        "oas_program_embedded",
        "oas_program_round_trip",
        "oas_program_export_bytes",
        "oas_program_cli",
    ):
        assert f"`{fixture}(" in guide or f"`{fixture}` is" in guide, fixture
