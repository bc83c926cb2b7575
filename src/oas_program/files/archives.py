"""Opening a ZIP archive from untrusted input: one set of limits, one unit in messages.

The CSV data package (`.zip`) and workbooks (`.xlsx`, in the xlsx plugin) are ZIP archives.
Before any member is read, `open_zip` refuses what could exhaust memory or escape the
archive: too many members, a member that expands more than `max_ratio` times, members
that together exceed the input limit, encrypted members, unsafe or repeated names. Member
reads (`read_member`) stop at the declared size, so a lying header cannot expand further.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib

import attrs

from oas_program.errors import DataError
from oas_program.files.limits import DEFAULT_LIMITS

CORRUPT_ERRORS: tuple[type[BaseException], ...] = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    zlib.error,
    EOFError,
    OSError,
    # A damaged header can claim a ZIP version zipfile does not know, or point before the
    # start of the file (a negative seek): both surface as these.
    NotImplementedError,
    ValueError,
)
"""What zipfile raises for a damaged archive or member."""

_MIB = 1024 * 1024


@attrs.frozen(kw_only=True)
class ArchiveLimits:
    """Ceilings on what an archive may expand to (Apache POI and others use similar ones)."""

    max_ratio: int = 100
    """Largest uncompressed:compressed ratio of one member."""
    ratio_floor: int = _MIB
    """Members smaller than this (uncompressed) are not ratio-checked: they cannot be bombs,
    and small repetitive parts (XML, CSV) compress very well."""
    max_total: int = DEFAULT_LIMITS.max_bytes
    """Largest uncompressed size of all members together (the input limit by default)."""
    max_members: int = 10_000


DEFAULT_ARCHIVE_LIMITS = ArchiveLimits()


def size_text(size: int) -> str:
    """A size in messages about archives: whole MiB from 1 MiB on, else KiB."""
    if size >= _MIB:
        return f"{size / _MIB:.0f} MiB"
    return f"{size / 1024:.0f} KiB"


def safe_member_name(name: str) -> bool:
    """A relative POSIX path without `..`, drive, backslash or control characters."""
    if not name or name.startswith("/") or "\\" in name or re.match(r"^[A-Za-z]:", name):
        return False
    if any(ord(c) < 32 for c in name):
        return False
    return all(part not in ("..", ".") for part in name.rstrip("/").split("/"))


def _fail(file: str, code: str, message: str) -> DataError:
    return DataError.one(code, message, file=file)


def open_zip(
    data: bytes, file: str, limits: ArchiveLimits = DEFAULT_ARCHIVE_LIMITS
) -> zipfile.ZipFile:
    """The archive in *data*, once its directory passes every limit; DataError (exit 3)
    naming *file* otherwise: `[zip-corrupt]`, `[zip-bomb]` or `[zip-unsafe]`."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except CORRUPT_ERRORS as error:
        raise _fail(file, "zip-corrupt", f"damaged ZIP archive: {error}") from None
    if len(members) > limits.max_members:
        raise _fail(file, "zip-bomb", f"{len(members)} members (more than {limits.max_members})")
    seen: set[str] = set()
    total = 0
    for info in members:
        name = info.filename
        if not safe_member_name(name):
            raise _fail(file, "zip-unsafe", f"unsafe member name {name!r}")
        if name in seen:
            raise _fail(file, "zip-unsafe", f"member {name!r} appears twice")
        seen.add(name)
        if info.flag_bits & 0x1:
            raise _fail(file, "zip-unsafe", f"member {name!r} is encrypted")
        total += info.file_size
        ratio = info.file_size // max(info.compress_size, 1)
        if info.file_size >= limits.ratio_floor and ratio > limits.max_ratio:
            raise _fail(
                file,
                "zip-bomb",
                f"{name} would expand to {size_text(info.file_size)} "
                f"(ratio {ratio}:1 > {limits.max_ratio}:1)",
            )
    if total > limits.max_total:
        raise _fail(
            file,
            "zip-bomb",
            f"members would expand to {size_text(total)} in total "
            f"(more than {size_text(limits.max_total)})",
        )
    return archive


def read_member(archive: zipfile.ZipFile, name: str, file: str) -> bytes:
    """One member's bytes, never more than its declared size; DataError if damaged."""
    info = archive.getinfo(name)
    try:
        with archive.open(info) as handle:
            # zipfile stops at the declared size; one more byte would mean a lie.
            data = handle.read(info.file_size + 1)
    except CORRUPT_ERRORS as error:
        raise _fail(file, "zip-corrupt", f"cannot read {name}: {error}") from None
    if len(data) > info.file_size:  # pragma: no cover - zipfile enforces it
        raise _fail(file, "zip-bomb", f"{name} is larger than its declared size")
    return data
