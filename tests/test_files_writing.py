"""The atomic writers (`oas_program.files.writing`), in process.

test_atomic_writes.py watches a whole export; test_faults.py and test_contract.py check
what a failed run leaves. These call the writers directly: what each kind of target gets,
the permissions a new or replaced output has, every message, the retries of a refused
rename (on a clock the test moves), and the swap of a directory.
"""

from __future__ import annotations

import errno
import os
import socket
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import IO

import pytest

from oas_program.errors import OutputError, UsageError
from oas_program.files import writing
from oas_program.files.writing import (
    atomic_directory,
    atomic_path,
    names_directory,
    refuse_output_is_input,
    same_file,
    write_output,
    write_output_dir,
)


@pytest.fixture
def umask() -> Iterator[int]:
    previous = os.umask(0o026)
    yield 0o026
    os.umask(previous)


def listing(folder: Path) -> list[str]:
    return sorted(path.relative_to(folder).as_posix() for path in folder.rglob("*"))


def mode(path: Path) -> int:
    return path.stat().st_mode & 0o7777


# ---- output and input ---------------------------------------------------------------------------


def test_same_file(tmp_path: Path) -> None:
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    a.write_text("x")
    b.write_text("x")
    (tmp_path / "hard.json").hardlink_to(a)
    (tmp_path / "soft.json").symlink_to(a)
    assert same_file(a, a)
    assert same_file(str(a), tmp_path / "hard.json")
    assert same_file(tmp_path / "soft.json", a)
    assert not same_file(a, b)
    assert not same_file(a, tmp_path / "missing.json")
    assert not same_file(tmp_path / "missing.json", tmp_path / "missing.json")


def test_an_output_that_is_an_input_is_refused(tmp_path: Path) -> None:
    source = tmp_path / "in.json"
    source.write_text("{}")
    (tmp_path / "other.json").write_text("{}")
    (tmp_path / "link.json").symlink_to(source)
    with pytest.raises(UsageError) as caught:
        refuse_output_is_input(tmp_path / "link.json", [tmp_path / "other.json", source])
    assert str(caught.value) == (
        f"output '{tmp_path}/link.json' is the same file as input '{source}' [output-is-input]"
    )


def test_outputs_that_are_not_inputs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("in.json").write_text("{}")
    Path("-").symlink_to("in.json")  # a file named "-": still standard output or input
    refuse_output_is_input(None, ["in.json"])
    refuse_output_is_input("-", ["in.json", "-"])
    refuse_output_is_input("in.json", ["-"])
    refuse_output_is_input("out.json", ["in.json", "-"])
    refuse_output_is_input("in.json", [])


# ---- replacing a file -------------------------------------------------------------------------


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """The writer's clock, which only its own sleeps move: [now, sleeps...]."""
    moments = [0.0]

    def sleep(seconds: float) -> None:
        moments[0] += seconds
        moments.append(seconds)

    monkeypatch.setattr(writing, "time", SimpleNamespace(monotonic=lambda: moments[0], sleep=sleep))
    return moments


def refusing_replace(monkeypatch: pytest.MonkeyPatch, times: int) -> list[str]:
    """os.replace refused *times* times (a file held open elsewhere), then done."""
    attempts: list[str] = []
    real = os.replace

    def replace(source: str, target: str) -> None:
        attempts.append(target)
        if len(attempts) <= times:
            raise PermissionError(errno.EACCES, "Permission denied")
        real(source, target)

    monkeypatch.setattr(writing.os, "replace", replace)
    return attempts


def test_a_refused_rename_is_retried_every_quarter_second(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, clock: list[float]
) -> None:
    target = tmp_path / "out.json"
    attempts = refusing_replace(monkeypatch, 4)
    (tmp_path / "new").write_text("new")
    writing._replace_with_retry(str(tmp_path / "new"), str(target))
    assert target.read_text() == "new"
    assert attempts == [str(target)] * 5
    assert clock == [1.0, 0.25, 0.25, 0.25, 0.25]


def test_a_rename_refused_for_more_than_a_second_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, clock: list[float]
) -> None:
    target = tmp_path / "out.json"
    attempts = refusing_replace(monkeypatch, 100)
    (tmp_path / "new").write_text("new")
    with pytest.raises(PermissionError):
        writing._replace_with_retry(str(tmp_path / "new"), str(target))
    # At 0, 0.25, 0.5, 0.75 and 1.0 s (not yet past the second), and once more at 1.25 s.
    assert attempts == [str(target)] * 6
    assert clock == [1.25, 0.25, 0.25, 0.25, 0.25, 0.25]
    assert not target.exists()


def test_a_new_file_gets_the_umasks_permissions(tmp_path: Path, umask: int) -> None:
    target = tmp_path / "out.json"
    with atomic_path(target) as temp:
        assert temp.parent == tmp_path
        assert temp.name.startswith(".out.json.")
        assert temp.name.endswith(".tmp")
        assert not target.exists()
        temp.write_text("new")
    assert target.read_text() == "new"
    assert mode(target) == 0o640  # 0o666 less the umask
    assert listing(tmp_path) == ["out.json"]


def test_a_replaced_file_keeps_its_permissions(tmp_path: Path, umask: int) -> None:
    target = tmp_path / "out.json"
    target.write_text("old")
    target.chmod(0o4751)
    with atomic_path(target) as temp:
        temp.write_text("new")
        assert target.read_text() == "old"
    assert target.read_text() == "new"
    assert mode(target) == 0o4751
    assert listing(tmp_path) == ["out.json"]


def test_the_output_is_on_disk_before_it_is_renamed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    events: list[str] = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd: int) -> None:
        events.append("fsync " + Path(os.readlink(f"/proc/self/fd/{fd}")).name)
        real_fsync(fd)

    def replace(source: str, target: str) -> None:
        events.append(f"replace {Path(source).name} {Path(target).name}")
        real_replace(source, target)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)
    with atomic_path(tmp_path / "out.json") as temp:
        temp.write_text("new")
    assert events == [f"fsync {temp.name}", f"replace {temp.name} out.json"]


def test_a_symlink_target_replaces_the_file_it_points_to(tmp_path: Path) -> None:
    (tmp_path / "real.json").write_text("old")
    (tmp_path / "link.json").symlink_to("real.json")
    with atomic_path(tmp_path / "link.json") as temp:
        assert temp.name.startswith(".real.json.")
        temp.write_text("new")
    assert (tmp_path / "link.json").is_symlink()
    assert (tmp_path / "real.json").read_text() == "new"


@pytest.mark.parametrize("existing", [None, "old"])
def test_a_failure_leaves_the_target_as_it_was(tmp_path: Path, existing: str | None) -> None:
    target = tmp_path / "out.json"
    if existing is not None:
        target.write_text(existing)
    with pytest.raises(KeyboardInterrupt), atomic_path(target) as temp:
        temp.write_text("half")
        raise KeyboardInterrupt
    assert (target.read_text() if target.exists() else None) == existing
    assert listing(tmp_path) == ([] if existing is None else ["out.json"])


def test_a_failure_after_the_temporary_file_is_gone_is_still_that_failure(tmp_path: Path) -> None:
    with pytest.raises(RuntimeError, match="the writer's own"), atomic_path(tmp_path / "o") as temp:
        temp.unlink()
        raise RuntimeError("the writer's own")
    with pytest.raises(OutputError) as caught, atomic_path(tmp_path / "o") as temp:
        temp.unlink()
        raise OSError(errno.EIO, "Input/output error")
    assert str(caught.value) == f"cannot write '{tmp_path}/o': Input/output error [output-failed]"
    assert listing(tmp_path) == []


@pytest.mark.parametrize(
    ("error", "reason"),
    [
        (OSError(errno.ENOSPC, "No space left on device"), "No space left on device"),
        (OSError("the disk went away"), "the disk went away"),
    ],
)
def test_a_system_error_is_an_output_error(tmp_path: Path, error: OSError, reason: str) -> None:
    target = tmp_path / "out.json"
    with pytest.raises(OutputError) as caught, atomic_path(target) as temp:
        temp.write_text("half")
        raise error
    assert str(caught.value) == f"cannot write '{target}': {reason} [output-failed]"
    assert caught.value.__cause__ is None
    assert caught.value.__suppress_context__
    assert listing(tmp_path) == []


def test_a_missing_directory(tmp_path: Path) -> None:
    target = tmp_path / "missing" / "out.json"
    with pytest.raises(OutputError) as caught, atomic_path(target):
        pytest.fail("no temporary file can be made")
    assert str(caught.value) == (
        f"cannot write '{target}': No such file or directory [output-failed]"
    )
    assert caught.value.__suppress_context__


def test_a_directory_in_the_way(tmp_path: Path) -> None:
    (tmp_path / "out.json").mkdir()
    with pytest.raises(OutputError) as caught:
        write_output(tmp_path / "out.json", lambda stream: stream.write(b"x"))
    assert (
        str(caught.value) == f"cannot write '{tmp_path}/out.json': Is a directory [output-failed]"
    )
    assert listing(tmp_path) == ["out.json"]


# ---- write_output: files, standard output, devices --------------------------------------------


def test_a_file_gets_what_was_written(tmp_path: Path) -> None:
    def write(stream: IO[bytes]) -> None:
        stream.write(b"one ")
        stream.write(b"two")

    write_output(str(tmp_path / "out.txt"), write)
    assert (tmp_path / "out.txt").read_bytes() == b"one two"


class Stream:
    """A standard output that records what reaches it, and can fail."""

    def __init__(self, error: OSError | None = None) -> None:
        self.chunks: list[bytes] = []
        self.flushed = 0
        self.error = error

    def write(self, data: bytes) -> int:
        if self.error is not None:
            raise self.error
        self.chunks.append(data)
        return len(data)

    def flush(self) -> None:
        self.flushed += 1


def test_standard_output_gets_the_whole_output_then_a_flush() -> None:
    stream = Stream()
    written: list[bool] = []

    def write(spool: IO[bytes]) -> None:
        spool.write(b"abc")
        written.append(stream.chunks == [])  # nothing reaches it while the writer writes
        spool.write(b"def")

    write_output("-", write, stdout=stream)  # type: ignore[arg-type]
    assert (b"".join(stream.chunks), stream.flushed, written) == (b"abcdef", 1, [True])


def test_standard_output_is_sys_stdout_by_default(
    capsysbinary: pytest.CaptureFixture[bytes],
) -> None:
    write_output(Path("-"), lambda stream: stream.write(b"to stdout"))
    assert capsysbinary.readouterr().out == b"to stdout"


def test_a_failing_writer_prints_nothing() -> None:
    stream = Stream()

    def write(spool: IO[bytes]) -> None:
        spool.write(b"half")
        raise RuntimeError("failed")

    with pytest.raises(RuntimeError, match="failed"):
        write_output("-", write, stdout=stream)  # type: ignore[arg-type]
    assert stream.chunks == []


@pytest.mark.parametrize(
    ("error", "reason"),
    [
        (OSError(errno.EIO, "Input/output error"), "Input/output error"),
        (OSError("the terminal went away"), "the terminal went away"),
    ],
)
def test_standard_output_failing(error: OSError, reason: str) -> None:
    with pytest.raises(OutputError) as caught:
        write_output("-", lambda s: s.write(b"x"), stdout=Stream(error))  # type: ignore[arg-type]
    assert str(caught.value) == f"cannot write to standard output: {reason} [output-failed]"
    assert caught.value.__suppress_context__


def test_a_closed_pipe_is_left_to_the_caller() -> None:
    with pytest.raises(BrokenPipeError):
        write_output("-", lambda s: s.write(b"x"), stdout=Stream(BrokenPipeError(errno.EPIPE, "")))  # type: ignore[arg-type]


def test_a_device_is_written_in_place() -> None:
    write_output("/dev/null", lambda stream: stream.write(b"x" * 100))
    assert os.path.exists("/dev/null") and not Path("/dev/null").is_file()


@pytest.mark.parametrize("size", [1, 100_000])  # failing on close, or already on write
def test_a_full_device(size: int) -> None:
    with pytest.raises(OutputError) as caught:
        write_output("/dev/full", lambda stream: stream.write(b"x" * size))
    assert str(caught.value) == "cannot write '/dev/full': No space left on device [output-failed]"


def test_a_special_file_that_cannot_be_opened(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    with socket.socket(socket.AF_UNIX) as listening:
        listening.bind("sock")
        with pytest.raises(OutputError) as caught:
            write_output("sock", lambda stream: stream.write(b"x"))
    assert str(caught.value) == "cannot write 'sock': No such device or address [output-failed]"
    assert caught.value.__suppress_context__
    assert listing(tmp_path) == ["sock"]


def test_what_is_special(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("")
    assert not writing._is_special(tmp_path / "file")
    assert not writing._is_special(tmp_path)
    assert not writing._is_special(tmp_path / "missing")
    assert writing._is_special("/dev/null")


# ---- directories ------------------------------------------------------------------------------


def test_a_new_directory(tmp_path: Path, umask: int) -> None:
    target = tmp_path / "out"

    def write(folder: Path) -> None:
        assert folder.parent == tmp_path
        assert folder.name.startswith(".out.") and folder.name.endswith(".tmp")
        assert not target.exists()
        (folder / "data").mkdir()
        (folder / "data" / "a.csv").write_text("a")
        (folder / "b.json").write_text("b")

    write_output_dir(target, write)
    assert listing(tmp_path) == ["out", "out/b.json", "out/data", "out/data/a.csv"]
    assert (target / "data" / "a.csv").read_text() == "a"
    assert mode(target) == 0o751  # 0o777 less the umask


def test_every_file_of_a_directory_is_on_disk_before_it_is_renamed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    events: list[str] = []
    real_fsync, real_rename = os.fsync, os.rename

    def fsync(fd: int) -> None:
        events.append("fsync " + Path(os.readlink(f"/proc/self/fd/{fd}")).name)
        real_fsync(fd)

    def rename(source: str, target: str) -> None:
        events.append(f"rename {Path(target).name}")
        real_rename(source, target)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "rename", rename)
    with atomic_directory(tmp_path / "out") as folder:
        (folder / "sub").mkdir()
        (folder / "sub" / "a.csv").write_text("a")
        (folder / "b.json").write_text("b")
    assert sorted(events[:2]) == ["fsync a.csv", "fsync b.json"]
    assert events[2:] == ["rename out"]


def test_a_previous_export_is_replaced_and_keeps_its_permissions(
    tmp_path: Path, umask: int
) -> None:
    target = tmp_path / "out"
    (target / "data").mkdir(parents=True)
    (target / "data" / "a.csv").write_text("old")
    target.chmod(0o701)
    with atomic_directory(target) as folder:
        (folder / "data").mkdir()
        (folder / "data" / "a.csv").write_text("new")
        (folder / "c.csv").write_text("new")
        assert (target / "data" / "a.csv").read_text() == "old"
    assert (target / "data" / "a.csv").read_text() == "new"
    assert mode(target) == 0o701
    target.chmod(0o755)
    assert listing(tmp_path) == ["out", "out/c.csv", "out/data", "out/data/a.csv"]


def test_an_empty_directory_is_replaced(tmp_path: Path) -> None:
    (tmp_path / "out").mkdir()
    write_output_dir(str(tmp_path / "out") + "/", lambda folder: (folder / "a").write_text("a"))
    assert listing(tmp_path) == ["out", "out/a"]


@pytest.mark.parametrize(
    ("others", "shown"),
    [
        (["x"], "x"),
        (["a", "b", "c", "d", "e"], "a, b, c, d, e"),
        (["a", "b", "c", "d", "e", "f"], "a, b, c, d, e and 1 more"),
        (["a", "b", "c", "d", "e", "f", "g"], "a, b, c, d, e and 2 more"),
    ],
)
def test_a_directory_with_other_files_is_never_replaced(
    tmp_path: Path, others: list[str], shown: str
) -> None:
    target = tmp_path / "out"
    target.mkdir()
    for name in others:
        (target / name).write_text("mine")
    with pytest.raises(UsageError) as caught, atomic_directory(target) as folder:
        (folder / "new.csv").write_text("new")
    assert str(caught.value) == (
        f"'{target}' holds files this export would not rewrite ({shown}); "
        "give a new or empty directory [output-exists]"
    )
    assert listing(tmp_path) == ["out", *(f"out/{name}" for name in others)]


def test_what_a_swap_would_lose(tmp_path: Path) -> None:
    old, new = tmp_path / "old", tmp_path / "new"
    for folder in (old / "d" / "e", new / "d"):
        folder.mkdir(parents=True)
    for name in ("b", "a", "d/c", "d/e/f"):
        (old / name).write_text("")
    (new / "a").write_text("")
    (new / "d" / "e").symlink_to("nowhere")  # a dangling link still holds the name
    assert writing._not_covered(old, new) == ["b", "d/c", "d/e/f"]
    assert writing._not_covered(new, old) == []


def test_a_file_in_the_way_of_a_directory(tmp_path: Path) -> None:
    (tmp_path / "out").write_text("a file")
    with pytest.raises(UsageError) as caught, atomic_directory(tmp_path / "out"):
        pytest.fail("nothing is made")
    assert str(caught.value) == f"'{tmp_path}/out' exists and is not a directory [output-exists]"
    assert listing(tmp_path) == ["out"]


def test_a_directory_in_a_missing_directory(tmp_path: Path) -> None:
    target = tmp_path / "missing" / "out"
    with pytest.raises(OutputError) as caught, atomic_directory(target):
        pytest.fail("nothing is made")
    assert str(caught.value) == (
        f"cannot write '{target}': No such file or directory [output-failed]"
    )
    assert caught.value.__suppress_context__


@pytest.mark.parametrize("existing", [False, True])
def test_a_failing_directory_export_leaves_the_target(tmp_path: Path, existing: bool) -> None:
    target = tmp_path / "out"
    if existing:
        target.mkdir()
        (target / "a").write_text("old")
    with pytest.raises(KeyboardInterrupt), atomic_directory(target) as folder:
        (folder / "a").write_text("half")
        raise KeyboardInterrupt
    assert listing(tmp_path) == (["out", "out/a"] if existing else [])
    if existing:
        assert (target / "a").read_text() == "old"


@pytest.mark.parametrize(
    ("error", "reason"),
    [
        (OSError(errno.ENOSPC, "No space left on device"), "No space left on device"),
        (OSError("gone"), "gone"),
    ],
)
def test_a_system_error_in_a_directory_export(tmp_path: Path, error: OSError, reason: str) -> None:
    target = tmp_path / "out"
    with pytest.raises(OutputError) as caught, atomic_directory(target) as folder:
        (folder / "a").write_text("half")
        raise error
    assert str(caught.value) == f"cannot write '{target}': {reason} [output-failed]"
    assert caught.value.__suppress_context__
    assert listing(tmp_path) == []


def test_a_directory_export_that_removed_its_own_directory_still_reports_its_failure(
    tmp_path: Path,
) -> None:
    with pytest.raises(RuntimeError, match="own"), atomic_directory(tmp_path / "out") as folder:
        folder.rmdir()
        raise RuntimeError("the writer's own")
    with pytest.raises(OutputError) as caught, atomic_directory(tmp_path / "out") as folder:
        folder.rmdir()
        raise OSError(errno.EIO, "Input/output error")
    assert str(caught.value) == (
        f"cannot write '{tmp_path}/out': Input/output error [output-failed]"
    )
    assert listing(tmp_path) == []


def test_the_old_directory_is_put_back_when_the_new_one_cannot_take_its_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "out"
    target.mkdir()
    (target / "a").write_text("old")
    real = os.rename
    renames: list[tuple[str, str]] = []

    def rename(source: str, destination: str) -> None:
        renames.append((Path(source), Path(destination)))
        if Path(source).name.endswith(".tmp"):
            raise OSError(errno.EXDEV, "Invalid cross-device link")
        real(source, destination)

    monkeypatch.setattr(os, "rename", rename)
    with pytest.raises(OutputError) as caught, atomic_directory(target) as folder:
        (folder / "a").write_text("new")
    assert (
        str(caught.value) == f"cannot write '{target}': Invalid cross-device link [output-failed]"
    )
    assert (target / "a").read_text() == "old"
    assert listing(tmp_path) == ["out", "out/a"]
    aside = renames[0][1]
    assert aside.parent == tmp_path
    assert aside.name.startswith(".out.") and aside.name.endswith(".old")
    assert renames == [(target, aside), (folder, target), (aside, target)]


def test_a_replaced_directory_leaves_nothing_aside(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "out"
    target.mkdir()
    (target / "a").write_text("old")
    with atomic_directory(target) as folder:
        (folder / "a").write_text("new")
    assert listing(tmp_path) == ["out", "out/a"]


@pytest.mark.parametrize(
    ("target", "expected"),
    [("-", False), ("out/", True), (f"out{os.sep}", True), ("out", False), ("dir", True)],
)
def test_names_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, target: str, expected: bool
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("dir").mkdir()
    Path("-").mkdir()  # "-" is standard output even when a directory has that name
    assert names_directory(target) is expected
    assert names_directory(Path(target)) is (expected and target != "out/")
