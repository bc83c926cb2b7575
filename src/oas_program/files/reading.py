"""Bounded reading of input files, pipes and standard input, and UTF-8 decoding."""

from __future__ import annotations

import os
from typing import IO, TYPE_CHECKING

from oas_program.errors import DataError
from oas_program.files.limits import DEFAULT_LIMITS, Limits

if TYPE_CHECKING:
    from pathlib import Path


def read_bytes(path: str | Path, limits: Limits = DEFAULT_LIMITS) -> bytes:
    """The bytes of *path*, refusing directories, unreadable files and oversized input."""
    name = str(path)
    try:
        with open(path, "rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            if size > limits.max_bytes:
                raise DataError.one(
                    "too-large", f"larger than the {limits.size_text()} input limit", file=name
                )
            # `read(n)` allocates n bytes up front: ask for the size the file has (one byte
            # more shows it grew), and read the rest, if any, in chunks up to one byte past
            # the limit (pipes and /dev/stdin report no size).
            data = handle.read(size + 1) if size else b""
            if not size or len(data) > size:
                data += _read_capped(handle, limits.max_bytes + 1 - len(data))
    except IsADirectoryError:
        raise DataError.one("input-unreadable", "cannot read: is a directory", file=name) from None
    except OSError as error:
        reason = error.strerror or str(error)
        raise DataError.one("input-unreadable", f"cannot read: {reason}", file=name) from None
    if len(data) > limits.max_bytes:
        raise DataError.one(
            "too-large", f"larger than the {limits.size_text()} input limit", file=name
        )
    return data


def _read_capped(handle: IO[bytes], limit: int) -> bytes:
    """At most *limit* bytes from *handle*, read 1 MiB at a time."""
    chunks = []
    while limit > 0:
        chunk = handle.read(min(1024 * 1024, limit))
        if not chunk:
            break
        chunks.append(chunk)
        limit -= len(chunk)
    return b"".join(chunks)


def decode_text(data: bytes, file: str) -> str:
    """UTF-8 text with an optional BOM; a located error for anything else."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        # The decoder's offsets are in the bytes it decoded: after the byte order mark.
        seen: bytes = error.object
        line = seen.count(b"\n", 0, error.start) + 1
        column = error.start - (seen.rfind(b"\n", 0, error.start) + 1) + 1
        raise DataError.one(
            "encoding",
            f"not valid UTF-8 (byte 0x{seen[error.start]:02x}); re-save the file as UTF-8",
            file=file,
            line=line,
            column=column,
        ) from None
