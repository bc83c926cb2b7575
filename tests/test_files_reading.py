"""Bounded reading and UTF-8 decoding (`oas_program.files.reading`), in process.

The command-line tests (test_contract.py, test_pipe_memory.py) check what a user sees; these
pin the limits at their exact boundary, what is read from a file, a pipe or an endless
device, and where a decoding error is placed.
"""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import IO, Any

import pytest

from oas_program.errors import DataError, Problem
from oas_program.files import reading
from oas_program.files.limits import Limits
from oas_program.files.reading import decode_text, read_bytes

LIMITS = Limits(max_bytes=1000)
MIB = 1024 * 1024


def content(size: int) -> bytes:
    return bytes(range(256)) * (size // 256) + bytes(range(size % 256))


def too_large(file: Path | str, limit: str = "1000 bytes") -> tuple[Problem, ...]:
    return (
        Problem(code="too-large", message=f"larger than the {limit} input limit", file=str(file)),
    )


class Counting:
    """A file opened by `read_bytes`, with the size of every read it asks for."""

    def __init__(self, handle: IO[bytes], reads: list[tuple[int, int]]) -> None:
        self.handle = handle
        self.reads = reads

    def __enter__(self) -> Counting:
        return self

    def __exit__(self, *exc: object) -> None:
        self.handle.close()

    def fileno(self) -> int:
        return self.handle.fileno()

    def read(self, size: int) -> bytes:
        data = self.handle.read(size)
        self.reads.append((size, len(data)))
        return data


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[tuple[int, int]]:
    """(asked, got) for every read `read_bytes` makes."""
    recorded: list[tuple[int, int]] = []

    def counting_open(path: Any, mode: str) -> Counting:
        assert mode == "rb"
        return Counting(open(path, mode), recorded)

    monkeypatch.setattr(reading, "open", counting_open, raising=False)
    return recorded


def reported_size(monkeypatch: pytest.MonkeyPatch, size: int) -> None:
    """Make the reader's `os.fstat` report *size* (0: as a pipe or /dev/stdin reports)."""
    fstat = SimpleNamespace(fstat=lambda fd: SimpleNamespace(st_size=size))
    monkeypatch.setattr(reading, "os", fstat)


# ---- the size limit -------------------------------------------------------------------------


@pytest.mark.parametrize("size", [0, 1, 999, 1000])
def test_a_file_up_to_the_limit_is_read_whole_in_one_read(
    tmp_path: Path, size: int, reads: list[tuple[int, int]]
) -> None:
    path = tmp_path / "in.json"
    path.write_bytes(content(size))
    assert read_bytes(path, LIMITS) == content(size)
    # One read of the size and one byte more (to see growth); an empty file is not read
    # in one go but to its end, in one more read.
    assert reads == ([(size + 1, size)] if size else [(1001, 0)])


@pytest.mark.parametrize("size", [1001, 1002, 4000])
def test_a_file_over_the_limit_is_refused_before_reading(
    tmp_path: Path, size: int, reads: list[tuple[int, int]]
) -> None:
    path = tmp_path / "in.json"
    path.write_bytes(content(size))
    with pytest.raises(DataError) as caught:
        read_bytes(path, LIMITS)
    assert caught.value.problems == too_large(path)
    assert reads == []


def test_the_default_limit_is_200_mib(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "in.json"
    path.write_bytes(b"{}")
    reported_size(monkeypatch, 200 * MIB + 1)
    with pytest.raises(DataError) as caught:
        read_bytes(path)
    assert caught.value.problems == too_large(path, "200 MiB")


@pytest.mark.parametrize("size", [0, 1, 999, 1000])
def test_input_without_a_size_is_read_to_its_end_up_to_the_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, size: int, reads: list[tuple[int, int]]
) -> None:
    path = tmp_path / "pipe"
    path.write_bytes(content(size))
    reported_size(monkeypatch, 0)
    assert read_bytes(path, LIMITS) == content(size)
    assert reads == [(1001, size)] + ([(1001 - size, 0)] if size else [])


@pytest.mark.parametrize("size", [1001, 1002, 3000])
def test_input_without_a_size_is_refused_one_byte_past_the_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, size: int, reads: list[tuple[int, int]]
) -> None:
    path = tmp_path / "pipe"
    path.write_bytes(content(size))
    reported_size(monkeypatch, 0)
    with pytest.raises(DataError) as caught:
        read_bytes(path, LIMITS)
    assert caught.value.problems == too_large(path)
    assert reads == [(1001, 1001)]  # never more than one byte past the limit


def test_an_endless_device_is_read_1_mib_at_a_time_to_one_byte_past_the_limit(
    reads: list[tuple[int, int]],
) -> None:
    with pytest.raises(DataError) as caught:
        read_bytes("/dev/zero", Limits(max_bytes=3 * MIB))
    assert caught.value.problems == too_large("/dev/zero", "3 MiB")
    assert reads == [(MIB, MIB), (MIB, MIB), (MIB, MIB), (1, 1)]


def test_input_without_a_size_is_read_in_chunks_and_joined(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, reads: list[tuple[int, int]]
) -> None:
    path = tmp_path / "pipe"
    path.write_bytes(content(2 * MIB + 5))
    reported_size(monkeypatch, 0)
    assert read_bytes(path, Limits(max_bytes=3 * MIB)) == content(2 * MIB + 5)
    assert reads == [(MIB, MIB), (MIB, MIB), (MIB, 5), (MIB - 4, 0)]


def test_a_file_that_grew_is_read_to_its_end(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, reads: list[tuple[int, int]]
) -> None:
    path = tmp_path / "growing.json"
    path.write_bytes(content(700))
    reported_size(monkeypatch, 100)  # the size when opened; 600 bytes came since
    assert read_bytes(path, LIMITS) == content(700)
    assert reads == [(101, 101), (900, 599), (301, 0)]


def test_a_file_that_grew_past_the_limit_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, reads: list[tuple[int, int]]
) -> None:
    path = tmp_path / "growing.json"
    path.write_bytes(content(1001))
    reported_size(monkeypatch, 1000)
    with pytest.raises(DataError) as caught:
        read_bytes(path, LIMITS)
    assert caught.value.problems == too_large(path)
    assert reads == [(1001, 1001)]


def test_a_file_that_shrank_is_read_as_it_is(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, reads: list[tuple[int, int]]
) -> None:
    path = tmp_path / "shrinking.json"
    path.write_bytes(content(40))
    reported_size(monkeypatch, 50)
    assert read_bytes(path, LIMITS) == content(40)
    assert reads == [(51, 40)]


def test_a_small_read_limit_reads_nothing_more() -> None:
    class Source:
        def __init__(self) -> None:
            self.asked: list[int] = []

        def read(self, size: int) -> bytes:
            self.asked.append(size)
            return b"x" * size

    source = Source()
    assert reading._read_capped(source, 0) == b""  # type: ignore[arg-type]
    assert reading._read_capped(source, -1) == b""  # type: ignore[arg-type]
    assert reading._read_capped(source, 5) == b"xxxxx"  # type: ignore[arg-type]
    assert source.asked == [5]


# ---- unreadable input -------------------------------------------------------------------------


def unreadable(file: Path | str, reason: str) -> tuple[Problem, ...]:
    return (Problem(code="input-unreadable", message=f"cannot read: {reason}", file=str(file)),)


def test_a_directory_is_unreadable(tmp_path: Path) -> None:
    with pytest.raises(DataError) as caught:
        read_bytes(tmp_path, LIMITS)
    assert caught.value.problems == unreadable(tmp_path, "is a directory")


def test_a_missing_file_is_unreadable_with_the_systems_reason(tmp_path: Path) -> None:
    with pytest.raises(DataError) as caught:
        read_bytes(tmp_path / "missing.json", LIMITS)
    missing = unreadable(tmp_path / "missing.json", "No such file or directory")
    assert caught.value.problems == missing


def test_an_error_without_a_reason_is_reported_by_its_text(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "in.json"
    path.write_bytes(b"{}")

    def fail(fd: int) -> None:
        raise OSError("the device went away")

    monkeypatch.setattr(reading, "os", SimpleNamespace(fstat=fail))
    with pytest.raises(DataError) as caught:
        read_bytes(path, LIMITS)
    assert caught.value.problems == unreadable(path, "the device went away")


def test_a_failing_read_is_unreadable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "in.json"
    path.write_bytes(b"{}")

    class Failing(Counting):
        def read(self, size: int) -> bytes:
            raise OSError(5, "Input/output error")

    monkeypatch.setattr(
        reading,
        "open",
        lambda name, mode: Failing(open(name, mode), []),  # noqa: SIM115
        raising=False,
    )
    with pytest.raises(DataError) as caught:
        read_bytes(path, LIMITS)
    assert caught.value.problems == unreadable(path, "Input/output error")


# ---- decoding ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "text"),
    [
        (b"", ""),
        (b"abc", "abc"),
        ("é\n€".encode(), "é\n€"),
        (b"\xef\xbb\xbfabc", "abc"),
        (b"\xef\xbb\xbf", ""),
    ],
)
def test_utf8_with_or_without_a_byte_order_mark(data: bytes, text: str) -> None:
    assert decode_text(data, "in.yaml") == text


@pytest.mark.parametrize(
    ("data", "line", "column", "byte"),
    [
        (b"\xff", 1, 1, "ff"),
        (b"abc\x80", 1, 4, "80"),
        (b"\n\xfe", 2, 1, "fe"),
        (b"ab\ncd\xffe", 2, 3, "ff"),
        (b"a\nb\n\nxyz\xc3(\n\xff", 4, 4, "c3"),
        (b"\xc3\xa9\n\xe2\x82\xac\n\xc3\xbc\xff", 3, 3, "ff"),  # columns count bytes
        # After a byte order mark: the byte itself, placed in the text after the mark.
        (b"\xef\xbb\xbf\n  \xe2\x82", 2, 3, "e2"),
        (b"\xef\xbb\xbf\xff", 1, 1, "ff"),
        (b"\xef\xbb\xbfab\x80", 1, 3, "80"),
    ],
)
def test_a_byte_that_is_not_utf8_is_placed(data: bytes, line: int, column: int, byte: str) -> None:
    with pytest.raises(DataError) as caught:
        decode_text(data, "in.yaml")
    assert caught.value.problems == (
        Problem(
            code="encoding",
            message=f"not valid UTF-8 (byte 0x{byte}); re-save the file as UTF-8",
            file="in.yaml",
            line=line,
            column=column,
        ),
    )
