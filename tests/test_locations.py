"""Programs at URLs: the scheme chooses a store plugin, passwords are never shown.

A throw-away store plugin (`memo://NAME`, a JSON file per name in a folder) is installed for
real and the `oas-program` command is run in a subprocess, as a user meets it; the
PostgreSQL plugin's own tests run the same paths against a real server.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from oas_program import load
from oas_program.files.locations import is_url, redact_url, scheme
from tests.plugin_site import install_plugin, oas

ROOT = Path(__file__).resolve().parents[1]
TRACKING = ROOT / "examples" / "tracking-illustrative.json"
FILLED = ROOT / "examples" / "mex-2026-filled.csv"

MEMO_STORE = """
import json, os
from pathlib import Path

from oas_program import hookimpl
from oas_program.model.convert import program_from_data, program_to_data
from oas_program.plugin_api import Store


def _file(url):
    name = url.split("://", 1)[1].split("@")[-1]
    if name == "boom":
        raise RuntimeError("driver exploded at " + url)
    return Path(os.environ["MEMO_DIR"]) / (name + ".json")


def _read(url):
    return program_from_data(json.loads(_file(url).read_text(encoding="utf-8")))


def _write(url, program):
    _file(url).write_text(json.dumps(program_to_data(program)), encoding="utf-8")


def _merge(url, apply, dry_run):
    result = apply(_read(url))
    if not dry_run:
        _write(url, result.program)
    return result


@hookimpl
def oas_program_commands():
    import click

    @click.command("memo-count")
    @click.argument("url")
    def count(url):
        click.echo(len(_read(url).activities))

    return [count]


@hookimpl
def oas_program_stores():
    return [Store(name="memo", schemes=("memo",), read=_read, write=_write, merge=_merge)]
"""


@pytest.fixture
def site(tmp_path: Path) -> Path:
    folder = tmp_path / "site"
    folder.mkdir()
    install_plugin(folder, "throwaway_memo", "memo-store", "0.1", "memo", MEMO_STORE)
    (tmp_path / "memo").mkdir()
    return folder


def run(site: Path, *args: str) -> tuple[int, str, str]:
    result = oas(site, *args, MEMO_DIR=str(site.parent / "memo"))
    return result.returncode, result.stdout, result.stderr


def test_what_is_a_url() -> None:
    assert is_url("postgresql://u@h/db")
    assert is_url("postgresql:///db?host=/tmp/x")
    assert scheme("PostgreSQL:///db") == "postgresql"
    for path in ("C:\\data\\p.json", "C://data/p.json", "program.json", "./postgresql:x", ""):
        assert not is_url(path), path


def test_passwords_are_redacted() -> None:
    assert redact_url("postgresql://ana:s3cr%40t@db.example/oas") == (
        "postgresql://ana:***@db.example/oas"
    )
    assert redact_url("postgresql:///oas?host=/tmp/x&password=s3cret&sslmode=off") == (
        "postgresql:///oas?host=/tmp/x&password=***&sslmode=off"
    )
    assert redact_url("postgresql://ana@db/oas") == "postgresql://ana@db/oas"
    assert redact_url("failed at memo://ana:pw@boom now") == "failed at memo://ana:***@boom now"


def test_an_unknown_scheme_is_one_line_without_the_password(site: Path, tmp_path: Path) -> None:
    code, out, err = run(site, "validate", "mysql://ana:s3cret@db/oas")
    assert code == 3
    assert "s3cret" not in out + err
    assert (
        "mysql://ana:***@db/oas: cannot read: no installed plugin reads mysql:// locations "
        "[unknown-format]"
    ) in out
    code, out, err = run(site, "convert", str(TRACKING), "mysql://ana:s3cret@db/oas")
    assert (code, out) == (2, "")
    assert err == (
        "oas-program: cannot write 'mysql://ana:***@db/oas': no installed plugin writes "
        "mysql:// locations [unknown-format]\n"
    )
    code, out, err = run(site, "progress", "mysql://ana:s3cret@db/oas")
    assert code == 3
    assert err == (
        "mysql://ana:***@db/oas: cannot read: no installed plugin reads mysql:// locations "
        "[unknown-format]\n"
    )


def test_a_store_reads_writes_and_merges_through_every_command(site: Path, tmp_path: Path) -> None:
    assert run(site, "convert", str(TRACKING), "memo://a")[0] == 0
    out = tmp_path / "back.json"
    assert run(site, "convert", "memo://a", str(out))[0] == 0
    assert json.loads(out.read_text()) == json.loads(TRACKING.read_text())
    assert run(site, "validate", "memo://a")[0] == 0
    assert run(site, "progress", "memo://a", "--as-of", "2027-03-31")[0] == 0
    assert run(site, "diff", "memo://a", str(TRACKING), "--exit-code")[0] == 0

    code, out_text, err = run(site, "merge", "memo://a", str(FILLED), "--dry-run")
    assert code == 0, err
    assert "2 added, 0 updated, 0 unchanged (dry run: nothing written)" in out_text
    assert run(site, "diff", "memo://a", str(TRACKING), "--exit-code")[0] == 0
    code, out_text, err = run(site, "merge", "memo://a", str(FILLED))
    assert (code, out_text) == (0, ""), err
    assert "2 added, 0 updated, 0 unchanged" in err
    code, out_text, _ = run(site, "diff", str(TRACKING), "memo://a")
    assert "+ observations/obs-mex-ms-training-2026 added" in out_text
    code, _, err = run(site, "merge", "memo://a", str(FILLED))
    assert "0 added, 0 updated, 2 unchanged" in err


def test_output_is_input_and_a_failing_store(site: Path) -> None:
    assert run(site, "convert", str(TRACKING), "memo://a")[0] == 0
    code, _, err = run(site, "convert", "memo://a", "memo://a")
    assert code == 2
    assert "is the same program as input" in err
    assert "[output-is-input]" in err
    code, _, err = run(site, "validate", "memo://ana:s3cret@boom")
    assert code == 5
    assert "s3cret" not in err
    assert "store 'memo' failed on 'memo://ana:***@boom': RuntimeError: driver exploded at " in err


def test_a_plugin_command_runs(site: Path) -> None:
    # Found before the root group's callback has made the command's state.
    assert run(site, "convert", str(TRACKING), "memo://a")[0] == 0
    count = len(load(TRACKING).activities)
    assert run(site, "memo-count", "memo://a") == (0, f"{count}\n", "")
