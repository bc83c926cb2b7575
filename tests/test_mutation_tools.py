"""The mutation-testing scripts in mutation/: the mutants they make and the guard they keep.

The runs themselves take minutes to an hour and are not part of the test run; these check
the pieces that decide what is mutated and who runs it.
"""

from __future__ import annotations

import importlib
import os
import pwd
import sys
import tomllib
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def tools() -> tuple[ModuleType, ModuleType]:
    sys.path.insert(0, str(ROOT / "mutation"))
    try:
        return importlib.import_module("run"), importlib.import_module("grammar")
    finally:
        sys.path.remove(str(ROOT / "mutation"))


MODULE = """
import re
from typing import Final

__all__ = ["x"]
Pair = tuple[str, int]
_LIMIT: Final = 10
_WORD = r"[AB]{1,3}(?i:res|dec)\\.?"
_TABLE: Final = {"O": "regular", "E": "special"}
_ORDER = (_WORD, _LIMIT)


def x() -> int:
    return 1 + 2
"""


def test_grammar_mutates_module_level_values_only(tools: tuple[ModuleType, ModuleType]) -> None:
    _, grammar = tools
    found = {(m.name.split(":")[0], m.before, m.after) for m in grammar.mutants(MODULE)}
    assert found == {
        ("_LIMIT", "10", "11"),
        ("_LIMIT", "10", "9"),
        ("_WORD", "{1,3}", "{1,4}"),
        ("_WORD", "{1,3}", "{2,3}"),
        ("_WORD", "{1,3}", "{0,3}"),
        ("_WORD", "{1,3}", "{1,2}"),
        ("_WORD", "A", ""),
        ("_WORD", "B", ""),
        ("_WORD", "(?i:", "(?:"),
        ("_WORD", "res|", ""),
        ("_WORD", "|dec", ""),
        ("_WORD", "\\.", ""),
        ("_WORD", "?", ""),
        ("_TABLE", "", "XX"),  # each of the four strings, at its start
        ("_TABLE", '"O": "regular", ', ""),
        ("_TABLE", ', "E": "special"', ""),
        ("_TABLE", '"O": "regular", "E": "special"', '"E": "special", "O": "regular"'),
        ("_ORDER", "_WORD, ", ""),
        ("_ORDER", ", _LIMIT", ""),
        ("_ORDER", "_WORD, _LIMIT", "_LIMIT, _WORD"),
    }
    # Every mutant is one edit of the module, which still parses; functions are not touched.
    for mutant in grammar.mutants(MODULE):
        compile(mutant.source, "<mutant>", "exec")
        assert mutant.source.endswith("def x() -> int:\n    return 1 + 2\n")
    assert len([m for m in grammar.mutants(MODULE) if m.name.startswith("_TABLE")]) == 7


def test_grammar_finds_the_family_order_of_symbols(tools: tuple[ModuleType, ModuleType]) -> None:
    _, grammar = tools
    source = (ROOT / "src" / "oas_program" / "model" / "symbols.py").read_text(encoding="utf-8")
    swaps = [m.name for m in grammar.mutants(source) if m.name.startswith("_FAMILIES:")]
    assert [name.rsplit(":", 1)[1] for name in swaps if "swap" in name] == [
        f"swap elements {n} and {n + 1}" for n in range(6)
    ]


def test_the_mutmut_table_is_narrowed_to_one_module(
    tools: tuple[ModuleType, ModuleType], tmp_path: Path
) -> None:
    run, _ = tools
    (tmp_path / "pyproject.toml").write_text(
        (ROOT / "pyproject.toml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    run.narrow_config(tmp_path, "src/oas_program/model/symbols.py", ["tests/test_symbols.py"])
    config = tomllib.loads((tmp_path / "pyproject.toml").read_text(encoding="utf-8"))
    table = config["tool"]["mutmut"]
    assert table["only_mutate"] == ["src/oas_program/model/symbols.py"]
    assert table["pytest_add_cli_args_test_selection"] == ["tests/test_symbols.py"]
    assert table["source_paths"] == ["src"]
    # The rest of the file is kept as it was.
    ours = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert config["project"] == ours["project"]
    assert config["tool"]["pytest"] == ours["tool"]["pytest"]


def test_modules_and_their_tests(tools: tuple[ModuleType, ModuleType]) -> None:
    run, _ = tools
    for module, tests in run.MODULES.values():
        assert (ROOT / module).is_file()
        assert all((ROOT / test).is_file() for test in tests)
    assert run.module_and_tests("symbols", None) == (
        "src/oas_program/model/symbols.py",
        ["tests/test_symbols.py"],
    )
    with pytest.raises(SystemExit, match="say which tests matter with --tests"):
        run.module_and_tests("src/oas_program/services/tracking/diff.py", None)
    with pytest.raises(SystemExit, match="not a known module"):
        run.module_and_tests("nothing", ["tests/test_symbols.py"])


@pytest.mark.skipif(os.geteuid() != 0, reason="only root switches users")
def test_mutants_never_run_as_root(tools: tuple[ModuleType, ModuleType], tmp_path: Path) -> None:
    run, _ = tools
    with pytest.raises(SystemExit, match="is root; mutants never run as root"):
        run.unprivileged("root", tmp_path)
    with pytest.raises(SystemExit, match="does not exist"):
        run.unprivileged("no-such-user-here", tmp_path)
    (tmp_path / "file").write_text("x", encoding="utf-8")
    prefix = run.unprivileged("nobody", tmp_path)
    nobody = pwd.getpwnam("nobody")
    assert Path(prefix[0]).name == "setpriv"
    assert prefix[1:] == [
        f"--reuid={nobody.pw_uid}",
        f"--regid={nobody.pw_gid}",
        "--clear-groups",
        "--inh-caps=-all",
        "--no-new-privs",
    ]
    # The copy is handed to that user: it may change the copy, and nothing else.
    assert (tmp_path / "file").stat().st_uid == tmp_path.stat().st_uid == nobody.pw_uid


@pytest.mark.skipif(os.geteuid() == 0, reason="run as root, the guard switches users")
def test_an_unprivileged_user_runs_the_mutants_as_itself(
    tools: tuple[ModuleType, ModuleType], tmp_path: Path
) -> None:
    run, _ = tools
    assert run.unprivileged("nobody", tmp_path) == []


def test_the_environment_of_mutants_keeps_no_credentials(
    tools: tuple[ModuleType, ModuleType], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run, _ = tools
    monkeypatch.setenv("SOME_TOKEN", "secret")
    env = run.environment(tmp_path)
    assert "SOME_TOKEN" not in env
    assert env["HOME"] == str(tmp_path)
    assert env["TMPDIR"] == str(tmp_path / "tmp") and (tmp_path / "tmp").is_dir()
