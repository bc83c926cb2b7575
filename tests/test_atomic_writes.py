"""Atomic writes, seen from inside the process: the target never holds part of an output.

The subprocess tests (test_faults.py) check what is left after a run fails or is interrupted;
these watch the run itself. An exporter plugin looks at the target half-way through writing,
and the file-system calls the run makes are recorded in order, so a writer that opens the
target itself, renames before flushing, or renames a half-written file is noticed.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import IO

import pytest
from click.testing import CliRunner

import oas_program.plugins.host
from oas_program import hookimpl
from oas_program.cli import cli
from oas_program.model import Program
from oas_program.plugin_api import Exporter, ExportOptions
from oas_program.plugins.host import PluginHost

FIRST, SECOND = b"first half\n", b"second half\n"


class Probe:
    """An exporter that writes in two halves and looks at the target in between."""

    def __init__(self, target: Path, *, fail: bool = False) -> None:
        self.target = target
        self.fail = fail
        self.seen: list[bytes | None] = []  # the target's content mid-write (None: absent)

    @hookimpl
    def oas_program_exporters(self) -> list[Exporter]:
        def write(program: Program, stream: IO[bytes], options: ExportOptions) -> None:
            stream.write(FIRST)
            stream.flush()
            self.seen.append(self.target.read_bytes() if self.target.exists() else None)
            if self.fail:
                raise RuntimeError("the exporter failed half-way")
            stream.write(SECOND)

        return [Exporter(name="probe", media_type="text/plain", suffix=".probe", write=write)]


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[tuple[str, ...]]]:
    """Every fsync, rename and replace the run makes, with the paths and the bytes renamed."""
    recorded: list[tuple[str, ...]] = []
    real_fsync, real_replace, real_rename = os.fsync, os.replace, os.rename

    def fsync(fd: int) -> None:
        recorded.append(("fsync", os.readlink(f"/proc/self/fd/{fd}")))
        real_fsync(fd)

    def moving(kind: str, real: object) -> object:
        def move(source: str | Path, target: str | Path) -> None:
            if "__pycache__" in Path(target).parts:  # Python caching a module imported late
                real(source, target)  # type: ignore[operator]
                return
            content = Path(source).read_bytes() if Path(source).is_file() else b""
            existed = "target existed" if os.path.lexists(target) else "target absent"
            recorded.append((kind, os.fspath(source), os.fspath(target), existed, repr(content)))
            real(source, target)  # type: ignore[operator]

        return move

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", moving("replace", real_replace))
    monkeypatch.setattr(os, "rename", moving("rename", real_rename))
    yield recorded


def export_with(probe: Probe, monkeypatch: pytest.MonkeyPatch, *args: str) -> tuple[int, str]:
    monkeypatch.setattr(
        oas_program.plugins.host,
        "PluginHost",
        lambda: PluginHost(entrypoints=False, plugins=[("probe", probe)]),
    )
    result = CliRunner().invoke(cli, ["export", "-f", "probe", *args])
    return result.exit_code, result.stderr


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs /proc")
def test_a_new_file_appears_whole_in_one_rename(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, calls: list[tuple[str, ...]]
) -> None:
    target = tmp_path / "out.probe"
    probe = Probe(target)
    status, stderr = export_with(probe, monkeypatch, "-o", str(target))
    assert (status, stderr) == (0, "")
    assert probe.seen == [None]  # nothing at the target while the exporter wrote
    assert target.read_bytes() == FIRST + SECOND
    assert sorted(path.name for path in tmp_path.iterdir()) == ["out.probe"]
    # The whole output was flushed to disk under another name beside the target, then renamed
    # over it, once.
    moves = [call for call in calls if call[0] in ("replace", "rename")]
    assert len(moves) == 1
    _, source, destination, existed, content = moves[0]
    assert (Path(destination), existed, content) == (target, "target absent", repr(FIRST + SECOND))
    assert Path(source).parent == tmp_path and Path(source) != target
    assert ("fsync", source) in calls[: calls.index(moves[0])]


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs /proc")
def test_an_existing_file_is_untouched_until_the_rename(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, calls: list[tuple[str, ...]]
) -> None:
    target = tmp_path / "out.probe"
    target.write_bytes(b"the previous export\n")
    probe = Probe(target)
    status, _ = export_with(probe, monkeypatch, "-o", str(target))
    assert status == 0
    assert probe.seen == [b"the previous export\n"]
    assert target.read_bytes() == FIRST + SECOND
    moves = [call for call in calls if call[0] in ("replace", "rename")]
    assert [(Path(m[2]), m[3], m[4]) for m in moves] == [
        (target, "target existed", repr(FIRST + SECOND))
    ]


@pytest.mark.parametrize("existing", [None, b"the previous export\n"])
def test_a_failure_half_way_leaves_the_target_as_it_was(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    calls: list[tuple[str, ...]],
    existing: bytes | None,
) -> None:
    target = tmp_path / "out.probe"
    if existing is not None:
        target.write_bytes(existing)
    probe = Probe(target, fail=True)
    status, stderr = export_with(probe, monkeypatch, "-o", str(target))
    assert status == 5
    assert "the exporter failed half-way" in stderr
    assert probe.seen == [existing]
    assert (target.read_bytes() if target.exists() else None) == existing
    assert [path.name for path in tmp_path.iterdir()] == ([] if existing is None else [target.name])
    assert [call for call in calls if call[0] in ("replace", "rename")] == []
