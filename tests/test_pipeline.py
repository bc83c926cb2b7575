"""The one path of the data: every command that writes goes through the pipeline's commit,
and every command that reads accepts `-`, a pipe and a FIFO, the format told by content."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path
from typing import IO, Any

import pytest
from click.testing import CliRunner

from oas_program import pipeline
from oas_program.cli import cli
from oas_program.files import canonical

ROOT = Path(__file__).resolve().parents[1]
FORM = ROOT / "examples" / "mex-2026-filled.csv"
SCRIPT = str(Path(sys.executable).with_name("oas-program"))


@pytest.fixture
def commits(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The outputs committed, each through the pipeline's single writer."""
    seen: list[str] = []
    real_commit, real_directory = pipeline.commit, pipeline.commit_directory

    def commit(output: str | Path, write_stream: Any) -> None:
        seen.append(str(output))
        real_commit(output, write_stream)

    def commit_directory(output: str | Path, write_into: Any) -> None:
        seen.append(str(output))
        real_directory(output, write_into)

    monkeypatch.setattr(pipeline, "commit", commit)
    monkeypatch.setattr(pipeline, "commit_directory", commit_directory)
    return seen


def test_every_writing_command_goes_through_the_pipeline(
    tmp_path: Path, commits: list[str]
) -> None:
    runner = CliRunner()
    source = tmp_path / "program.json"
    calls = {
        "export": ["export", "-o", str(source)],
        "export to a directory": ["export", "-f", "csv", "-o", f"{tmp_path / 'package'}/"],
        "convert": ["convert", str(source), str(tmp_path / "program.yaml")],
        "form": ["form", "--actor", "mex", "--period", "2025", "-o", str(tmp_path / "f.csv")],
        "merge": ["merge", str(source), str(FORM), "-o", str(tmp_path / "merged.json")],
        "schema": ["schema", "-o", str(tmp_path / "schema.json")],
    }
    for name, args in calls.items():
        before = len(commits)
        done = runner.invoke(cli, args)
        assert done.exit_code == 0, (name, done.stderr)
        assert commits[before:] == [args[args.index("-o") + 1] if "-o" in args else args[-1]]
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "f.csv",
        "merged.json",
        "package",
        "program.json",
        "program.yaml",
        "schema.json",
    ]


def test_binary_formats_are_refused_on_a_terminal_for_programs_and_forms(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    pytest.importorskip("oas_program_xlsx")
    monkeypatch.setattr(pipeline, "_stdout_is_tty", lambda: True)
    runner = CliRunner()
    export = runner.invoke(cli, ["export", "-f", "xlsx"])
    form = runner.invoke(cli, ["form", "--actor", "mex", "--period", "2025", "-f", "xlsx"])
    assert (export.exit_code, form.exit_code) == (2, 2)
    assert export.stderr == "oas-program: format 'xlsx' is binary; give -o FILE\n"
    assert form.stderr == "oas-program: form format 'xlsx' is binary; give -o FILE\n"
    assert export.stdout == form.stdout == ""


# ---- reading from a pipe ------------------------------------------------------------------


def _documents(tmp_path: Path) -> dict[str, bytes]:
    """A document under 4 KiB (the sniffed head) and one over it, both valid programs."""
    small = {
        "format_version": "1.1",
        "id": "p",
        "title": {"status": "official", "en": "T"},
        "adopted_by": "r",
        "resolutions": [
            {
                "id": "r",
                "symbol": "AG/RES. 2141 (XXXV-O/05)",
                "role": "adoption",
                "title": {"status": "official", "en": "R"},
            }
        ],
    }
    data = {
        "small": json.dumps(small).encode(),
        "large": (ROOT / "src" / "oas_program" / "data" / "program.json").read_bytes(),
    }
    assert len(data["small"]) < 4096 < len(data["large"])
    return data


@pytest.mark.parametrize("size", ["small", "large"])
@pytest.mark.parametrize("way", ["dash", "dev-stdin"])
def test_validate_and_convert_read_standard_input(tmp_path: Path, size: str, way: str) -> None:
    data = _documents(tmp_path)[size]
    name = "-" if way == "dash" else "/dev/stdin"
    checked = subprocess.run(
        [SCRIPT, "validate", name], input=data, capture_output=True, check=False
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
    out = tmp_path / "out.yaml"
    converted = subprocess.run(
        [SCRIPT, "convert", name, str(out)], input=data, capture_output=True, check=False
    )
    assert converted.returncode == 0, converted.stderr
    assert pipeline.read_program(out) == canonical.loads(data)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
@pytest.mark.parametrize("size", ["small", "large"])
def test_a_fifo_is_read_with_its_format_told_by_content(tmp_path: Path, size: str) -> None:
    data = _documents(tmp_path)[size]
    fifo = tmp_path / "program.pipe"
    os.mkfifo(fifo)

    def feed() -> None:
        with open(fifo, "wb") as writer:
            writer.write(data)

    feeder = threading.Thread(target=feed)
    feeder.start()
    done = subprocess.run([SCRIPT, "show", "--json", str(fifo)], capture_output=True, check=False)
    feeder.join(timeout=30)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["id"] == canonical.loads(data).id


def test_the_size_limit_holds_while_a_pipe_is_read() -> None:
    data = b'{"format_version": "1.1", "id": "p", "x": "' + b"a" * 20_000 + b'"}'
    done = subprocess.run(
        [SCRIPT, "validate", "-"],
        input=data,
        capture_output=True,
        check=False,
        env={**os.environ, "OAS_PROGRAM_MAX_INPUT_BYTES": "10000"},
    )
    assert done.returncode == 3
    assert done.stdout.decode().splitlines()[0] == (
        "-: larger than the 10000 bytes input limit [too-large]"
    )


def test_the_library_reads_standard_input(monkeypatch: pytest.MonkeyPatch) -> None:
    data = (ROOT / "src" / "oas_program" / "data" / "program.json").read_bytes()

    class Stdin:
        buffer: IO[bytes]

    fake = Stdin()
    import io

    fake.buffer = io.BytesIO(data)
    monkeypatch.setattr(sys, "stdin", fake)
    assert pipeline.load("-") == canonical.loads(data)
    assert shutil.which  # the spooled copy lives in a temporary folder, not the cwd
