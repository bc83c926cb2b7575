"""Opening a ZIP archive from untrusted input (`oas_program.files.archives`), in process.

test_csv_package.py and the xlsx plugin's tests check what a user of those formats sees;
these pin each limit at its exact boundary, the names refused, and every message.
"""

from __future__ import annotations

import io
import struct
import zipfile
from unittest import mock

import pytest

from oas_program.errors import DataError, Problem
from oas_program.files.archives import (
    DEFAULT_ARCHIVE_LIMITS,
    ArchiveLimits,
    open_zip,
    read_member,
    safe_member_name,
    size_text,
)
from oas_program.files.limits import DEFAULT_LIMITS

MIB = 1024 * 1024
# No limit but the one a test is about.
OPEN = ArchiveLimits(max_ratio=10**9, ratio_floor=0, max_total=10**12, max_members=10**6)


def archive(members: dict[str, bytes], method: int = zipfile.ZIP_STORED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as written:
        for name, data in members.items():
            written.writestr(name, data)
    return buffer.getvalue()


def patch_central(data: bytes, index: int, offset: int, fmt: str, value: int) -> bytes:
    """*data* with one field of the *index*-th central directory entry changed."""
    patched = bytearray(data)
    start = -1
    for _ in range(index + 1):
        start = patched.index(b"PK\x01\x02", start + 1)
    struct.pack_into(fmt, patched, start + offset, value)
    return bytes(patched)


FLAGS, COMPRESSED_SIZE, SIZE = 8, 20, 24  # offsets in a central directory entry


def refusal(data: bytes, limits: ArchiveLimits = OPEN) -> tuple[Problem, ...]:
    with pytest.raises(DataError) as caught:
        open_zip(data, "in.zip", limits)
    return caught.value.problems


def one(code: str, message: str) -> tuple[Problem, ...]:
    return (Problem(code=code, message=message, file="in.zip"),)


# ---- sizes in messages ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("size", "text"),
    [
        (0, "0 KiB"),
        (1024, "1 KiB"),
        (1000 * 1024, "1000 KiB"),
        (MIB - 1, "1024 KiB"),
        (MIB, "1 MiB"),
        (MIB + MIB // 2 + 1, "2 MiB"),
        (3 * MIB, "3 MiB"),
        (2048 * MIB, "2048 MiB"),
    ],
)
def test_a_size_is_whole_mib_from_1_mib_on_else_kib(size: int, text: str) -> None:
    assert size_text(size) == text


def test_the_default_limits() -> None:
    assert ArchiveLimits() == DEFAULT_ARCHIVE_LIMITS
    assert (
        ArchiveLimits(
            max_ratio=100, ratio_floor=MIB, max_total=DEFAULT_LIMITS.max_bytes, max_members=10_000
        )
        == DEFAULT_ARCHIVE_LIMITS
    )


# ---- member names -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "",
        "/etc/passwd",
        "a\\b.csv",
        "C:x.csv",
        "z:/x.csv",
        "x:",
        "..",
        "../x.csv",
        "data/../../x.csv",
        "data/..",
        ".",
        "./x.csv",
        "data/./x.csv",
        "a\x00b",
        "a\nb",
        "a\x1fb",
    ],
)
def test_unsafe_names(name: str) -> None:
    assert not safe_member_name(name)


@pytest.mark.parametrize(
    "name",
    [
        "x.csv",
        "data/x.csv",
        "data/",
        "a b.csv",
        "a\x7fb",
        "1:x.csv",
        "xy:z",
        "..x/y..",
        ".a/b.",
        "data/.. ",
        "data/..X",  # only slashes are stripped from the end before the parts are read
        "... /x",
    ],
)
def test_safe_names(name: str) -> None:
    assert safe_member_name(name)


# ---- the directory: corrupt, unsafe, too many, too large ----------------------------------------


def test_an_archive_within_every_limit_is_opened() -> None:
    opened = open_zip(archive({"a.csv": b"x", "data/b.csv": b"yz"}), "in.zip")
    assert opened.namelist() == ["a.csv", "data/b.csv"]


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "File is not a zip file"),
        (b"PK\x03\x04 not really", "File is not a zip file"),
    ],
)
def test_a_damaged_archive(data: bytes, reason: str) -> None:
    assert refusal(data) == one("zip-corrupt", f"damaged ZIP archive: {reason}")


def test_an_unsafe_name_is_refused() -> None:
    data = archive({"a.csv": b"x", "../b.csv": b"y"})
    assert refusal(data) == one("zip-unsafe", "unsafe member name '../b.csv'")


def test_a_repeated_name_is_refused() -> None:
    buffer = io.BytesIO()
    with (
        pytest.warns(UserWarning, match="Duplicate name"),
        zipfile.ZipFile(buffer, "w") as written,
    ):
        written.writestr("a.csv", b"x")
        written.writestr("b.csv", b"y")
        written.writestr("a.csv", b"z")
    assert refusal(buffer.getvalue()) == one("zip-unsafe", "member 'a.csv' appears twice")


def test_an_encrypted_member_is_refused() -> None:
    data = patch_central(archive({"a.csv": b"x", "b.csv": b"y"}), 1, FLAGS, "<H", 0x1)
    assert refusal(data) == one("zip-unsafe", "member 'b.csv' is encrypted")


def test_other_flags_are_not_encryption() -> None:
    data = patch_central(archive({"a.csv": b"x"}), 0, FLAGS, "<H", 0x2 | 0x4 | 0x8 | 0x800)
    assert open_zip(data, "in.zip", OPEN).namelist() == ["a.csv"]


@pytest.mark.parametrize("count", [1, 3])
def test_up_to_the_most_members(count: int) -> None:
    data = archive({f"{n}.csv": b"x" for n in range(count)})
    assert len(open_zip(data, "in.zip", ArchiveLimits(max_members=3)).infolist()) == count


def test_one_member_too_many() -> None:
    data = archive({f"{n}.csv": b"x" for n in range(4)})
    assert refusal(data, ArchiveLimits(max_members=3)) == one("zip-bomb", "4 members (more than 3)")


def test_the_total_size_up_to_the_limit() -> None:
    data = archive({"a.csv": b"x" * 1024, "b.csv": b"y" * 1024})
    limits = ArchiveLimits(max_total=2048)
    assert open_zip(data, "in.zip", limits).namelist() == ["a.csv", "b.csv"]


def test_the_total_size_one_byte_over_the_limit() -> None:
    data = archive({"a.csv": b"x" * 1024, "b.csv": b"y" * 1025})
    assert refusal(data, ArchiveLimits(max_total=2048)) == one(
        "zip-bomb", "members would expand to 2 KiB in total (more than 2 KiB)"
    )


def test_the_total_size_in_mib() -> None:
    data = patch_central(archive({"a.csv": b"x"}), 0, SIZE, "<I", 3 * MIB)
    assert refusal(data, ArchiveLimits(max_total=2 * MIB, max_ratio=10**9)) == one(
        "zip-bomb", "members would expand to 3 MiB in total (more than 2 MiB)"
    )


# ---- the expansion ratio ------------------------------------------------------------------------


def ratio_limits(max_ratio: int, floor: int) -> ArchiveLimits:
    return ArchiveLimits(max_ratio=max_ratio, ratio_floor=floor, max_total=10**12)


def test_a_member_at_the_ratio_is_accepted() -> None:
    # Stored: compressed as large as it is, a ratio of 1.
    data = archive({"a.csv": b"x" * 2000})
    assert open_zip(data, "in.zip", ratio_limits(1, 0)).namelist() == ["a.csv"]


def test_a_member_over_the_ratio_is_refused() -> None:
    data = archive({"a.csv": b"x" * 2000})
    assert refusal(data, ratio_limits(0, 0)) == one(
        "zip-bomb", "a.csv would expand to 2 KiB (ratio 1:1 > 0:1)"
    )


def test_members_below_the_floor_are_not_ratio_checked() -> None:
    data = archive({"a.csv": b"x" * 2000})
    assert open_zip(data, "in.zip", ratio_limits(0, 2001)).namelist() == ["a.csv"]
    assert refusal(data, ratio_limits(0, 2000)) == one(
        "zip-bomb", "a.csv would expand to 2 KiB (ratio 1:1 > 0:1)"
    )


def test_the_ratio_is_whole_and_rounded_down() -> None:
    # 7000 bytes claimed from 2000 compressed: a ratio of 3 (3.5 rounded down).
    data = patch_central(archive({"a.csv": b"x" * 2000}), 0, SIZE, "<I", 7000)
    assert open_zip(data, "in.zip", ratio_limits(3, 0)).namelist() == ["a.csv"]
    assert refusal(data, ratio_limits(2, 0)) == one(
        "zip-bomb", "a.csv would expand to 7 KiB (ratio 3:1 > 2:1)"
    )


def test_a_member_claiming_nothing_compressed_has_the_ratio_of_its_size() -> None:
    data = patch_central(archive({"a.csv": b"x" * 5}), 0, COMPRESSED_SIZE, "<I", 0)
    assert open_zip(data, "in.zip", ratio_limits(5, 0)).namelist() == ["a.csv"]
    assert refusal(data, ratio_limits(4, 0)) == one(
        "zip-bomb", "a.csv would expand to 0 KiB (ratio 5:1 > 4:1)"
    )


def test_a_deflated_bomb_in_mib() -> None:
    data = archive({"bomb.txt": b"\0" * (2 * MIB)}, zipfile.ZIP_DEFLATED)
    [problem] = refusal(data, DEFAULT_ARCHIVE_LIMITS)
    assert problem.code == "zip-bomb"
    assert problem.message.startswith("bomb.txt would expand to 2 MiB (ratio ")
    assert problem.message.endswith(":1 > 100:1)")


# ---- reading a member ---------------------------------------------------------------------------


@pytest.mark.parametrize("method", [zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED])
def test_a_member_is_read_whole(method: int) -> None:
    content = bytes(range(256)) * 40
    opened = open_zip(archive({"a.csv": b"", "b.csv": content}, method), "in.zip")
    assert read_member(opened, "b.csv", "in.zip") == content
    assert read_member(opened, "a.csv", "in.zip") == b""


def test_a_damaged_member_is_named() -> None:
    data = bytearray(archive({"a.csv": b"hello"}))
    data[data.index(b"hello")] = ord("j")  # the CRC no longer matches
    opened = open_zip(bytes(data), "in.zip")
    with pytest.raises(DataError) as caught:
        read_member(opened, "a.csv", "in.zip")
    assert caught.value.problems == one(
        "zip-corrupt", "cannot read a.csv: Bad CRC-32 for file 'a.csv'"
    )


def test_a_member_read_stops_at_its_declared_size() -> None:
    # The local header and the directory both claim 3 bytes of a stored 5.
    data = bytearray(archive({"a.csv": b"hello"}))
    struct.pack_into("<I", data, 18, 3)  # local header: compressed size
    struct.pack_into("<I", data, 22, 3)  # local header: size
    data = bytearray(patch_central(bytes(data), 0, COMPRESSED_SIZE, "<I", 3))
    data = bytearray(patch_central(bytes(data), 0, SIZE, "<I", 3))
    opened = open_zip(bytes(data), "in.zip")
    with pytest.raises(DataError) as caught:  # what was read is not what the CRC says
        read_member(opened, "a.csv", "in.zip")
    assert caught.value.problems == one(
        "zip-corrupt", "cannot read a.csv: Bad CRC-32 for file 'a.csv'"
    )


def test_a_member_yielding_more_than_its_declared_size_is_refused() -> None:
    """zipfile stops at the declared size; should a reader not, one byte past it is enough."""
    asked: list[int] = []

    class Lying(io.BytesIO):
        def read(self, size: int | None = -1) -> bytes:
            asked.append(-1 if size is None else size)
            return super().read(size)

    opened = open_zip(archive({"a.csv": b"hello"}), "in.zip")
    with (
        mock.patch.object(opened, "open", lambda info: Lying(b"hello, and more")),
        pytest.raises(DataError) as caught,
    ):
        read_member(opened, "a.csv", "in.zip")
    assert caught.value.problems == one("zip-bomb", "a.csv is larger than its declared size")
    assert asked == [6]
