"""Faults around a run: full disks, interrupts, bugs. Nothing half-written is ever left."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from oas_program.cli import cli
from tests.plugin_site import RUN_CLI, environment, install_plugin

SLOW_EXPORTER = """
import sys, time
from oas_program import hookimpl
from oas_program.plugin_api import Exporter

def write(program, stream, options):
    stream.write(b"partial output")
    stream.flush()
    print("writing", file=sys.stderr, flush=True)
    time.sleep(30)

@hookimpl
def oas_program_exporters():
    return [Exporter(name="slow", media_type="text/plain", suffix=".slow", write=write)]
"""


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full")
def test_a_full_disk_exits_4() -> None:
    result = CliRunner().invoke(cli, ["export", "-o", "/dev/full"])
    assert result.exit_code == 4
    assert result.stderr.strip() == (
        "oas-program: cannot write '/dev/full': No space left on device [output-failed]"
    )
    done = subprocess.run(
        f"'{sys.executable}' -c '{RUN_CLI}' export > /dev/full",
        shell=True,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 4
    assert "cannot write to standard output: No space left on device" in done.stderr


def test_a_failed_write_leaves_the_target_and_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "program.json"
    target.write_bytes(b"previous")

    def no_space(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", no_space)
    result = CliRunner().invoke(cli, ["export", "-o", str(target)])
    assert result.exit_code == 4
    assert f"cannot write '{target}': No space left on device [output-failed]" in result.stderr
    assert target.read_bytes() == b"previous"
    assert [p.name for p in tmp_path.iterdir()] == ["program.json"]


def test_a_bug_exits_70_with_one_line_and_a_saved_traceback(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import oas_program.cli.show as show

    def broken(*args: object) -> object:
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr(show, "overview", broken)
    result = CliRunner().invoke(cli, ["show"])
    assert result.exit_code == 70
    [line] = result.stderr.splitlines()
    assert line.startswith("oas-program: internal error, please report it (traceback saved to ")
    log = Path(line.split("saved to ", 1)[1].rstrip(")"))
    assert "ZeroDivisionError: a bug" in log.read_text(encoding="utf-8")
    log.unlink()


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_an_interrupted_export_exits_130_and_leaves_nothing(tmp_path: Path, signum: int) -> None:
    site = tmp_path / "site"
    site.mkdir()
    install_plugin(site, "slow_plugin", "hr-slow", "0.1", "slow", SLOW_EXPORTER)
    out = tmp_path / "out"
    out.mkdir()
    target = out / "program.slow"
    target.write_bytes(b"previous")
    with subprocess.Popen(
        [sys.executable, "-c", RUN_CLI, "export", "--format", "slow", "-o", str(target)],
        stderr=subprocess.PIPE,
        text=True,
        env=environment(site),
    ) as process:
        assert process.stderr is not None
        assert process.stderr.readline() == "writing\n"  # the temporary file now exists
        process.send_signal(signum)
        assert process.wait(timeout=30) == 130
        assert process.stderr.read().strip() == "Interrupted"
    assert target.read_bytes() == b"previous"
    assert [p.name for p in out.iterdir()] == ["program.slow"]
