"""Safe readers and atomic writers, shared by every importer, exporter and command."""

from __future__ import annotations

import contextlib
import errno
import json
import os
import shutil
import stat
import sys
import tempfile
import time
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import attrs

from oas_program.errors import DataError, OutputError, Problem, UsageError

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Sequence


@attrs.frozen(kw_only=True)
class Limits:
    """Ceilings that keep a hostile input from exhausting memory or time."""

    max_bytes: int = 200 * 1024 * 1024
    """Largest input file read (200 MiB)."""
    max_depth: int = 64
    """Deepest nesting of arrays and objects."""
    max_yaml_aliases: int = 100
    """Most YAML alias uses in one document (alias bombs expand exponentially)."""


DEFAULT_LIMITS = Limits()


# ---- reading ------------------------------------------------------------------------------


def read_bytes(path: str | Path, limits: Limits = DEFAULT_LIMITS) -> bytes:
    """The bytes of *path*, refusing directories, unreadable files and oversized input."""
    name = str(path)
    try:
        with open(path, "rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            if size > limits.max_bytes:
                raise DataError.one(
                    "too-large",
                    f"larger than the {limits.max_bytes // (1024 * 1024)} MiB input limit",
                    file=name,
                )
            # Read one byte past the limit: /dev/stdin and pipes report no size.
            data = handle.read(limits.max_bytes + 1)
    except IsADirectoryError:
        raise DataError.one("input-unreadable", "cannot read: is a directory", file=name) from None
    except OSError as error:
        reason = error.strerror or str(error)
        raise DataError.one("input-unreadable", f"cannot read: {reason}", file=name) from None
    if len(data) > limits.max_bytes:
        raise DataError.one("too-large", "larger than the input limit", file=name)
    return data


def decode_text(data: bytes, file: str) -> str:
    """UTF-8 text with an optional BOM; a located error for anything else."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        raise DataError.one(
            "encoding",
            f"not valid UTF-8 (byte 0x{data[error.start]:02x}); re-save the file as UTF-8",
            file=file,
            line=line,
            column=column,
        ) from None


class _DuplicateKey(ValueError):
    pass


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _DuplicateKey(key)
        result[key] = value
    return result


def _reject_constant(name: str) -> Any:
    raise ValueError(f"non-finite number {name} not allowed")


def _json_depth_exceeds(text: str, max_depth: int) -> tuple[int, int] | None:
    """Offset and depth where nesting first passes *max_depth*, ignoring brackets in strings.

    A pre-scan, because the json module hits RecursionError (or worse) on deep input."""
    depth = 0
    in_string = escaped = False
    for offset, char in enumerate(text):
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            if depth > max_depth:
                return offset, depth
        elif char in "]}":
            depth -= 1
    return None


def _line_col(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def parse_json(data: bytes, file: str, limits: Limits = DEFAULT_LIMITS) -> Any:
    """Parse JSON strictly: no duplicate keys, no NaN/Infinity, bounded depth, located errors."""
    text = decode_text(data, file)
    if not text.strip():
        raise DataError.one("empty", "empty document; expected a JSON object", file=file)
    # Only documents with many brackets can be deep; skip the scan for the rest.
    if text.count("[") + text.count("{") > limits.max_depth:
        deep = _json_depth_exceeds(text, limits.max_depth)
        if deep is not None:
            line, column = _line_col(text, deep[0])
            raise DataError.one(
                "too-deep",
                f"nesting deeper than {limits.max_depth}",
                file=file,
                line=line,
                column=column,
            )
    try:
        return json.loads(text, object_pairs_hook=_no_duplicates, parse_constant=_reject_constant)
    except json.JSONDecodeError as error:
        raise DataError.one(
            "json-syntax", error.msg, file=file, line=error.lineno, column=error.colno
        ) from None
    except _DuplicateKey as error:
        raise DataError.one(
            "duplicate-key", f"duplicate key {error.args[0]!r}", file=file
        ) from None
    except ValueError as error:  # non-finite constants, integers over 4300 digits
        message = str(error)
        code = "non-finite" if "non-finite" in message else "number-too-long"
        raise DataError.one(code, message.split(";")[0], file=file) from None
    except RecursionError:  # pragma: no cover - the depth scan should stop this first
        raise DataError.one("too-deep", "nesting too deep", file=file) from None


def dumps_json(data: Any) -> str:
    """Deterministic JSON text: two-space indent, UTF-8 characters kept, final newline."""
    return json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False) + "\n"


# ---- writing ------------------------------------------------------------------------------


def same_file(a: str | Path, b: str | Path) -> bool:
    """True when two paths name one existing file (symlinks, hard links, case folding)."""
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def refuse_output_is_input(output: str | Path | None, inputs: Sequence[str | Path]) -> None:
    """UsageError when writing *output* would overwrite one of *inputs*."""
    if output is None or str(output) == "-":
        return
    for source in inputs:
        if str(source) != "-" and same_file(output, source):
            raise UsageError(
                f"output '{output}' is the same file as input '{source}' [output-is-input]"
            )


def _replace_with_retry(source: str, target: str) -> None:
    # os.replace can fail for a moment when another process holds the target open
    # (Windows, antivirus); retry for about a second before giving up, as pip does.
    deadline = time.monotonic() + 1.0
    while True:
        try:
            os.replace(source, target)
            return
        except PermissionError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.25)


@contextlib.contextmanager
def atomic_path(target: str | Path) -> Iterator[Path]:
    """A temporary path beside *target*; on success it replaces *target* in one step.

    On any exception (Ctrl-C included) the temporary file is removed and *target* is left
    byte-identical. A symlink target is followed: the file it points to is replaced."""
    final = Path(os.path.realpath(target))
    try:
        handle, temp_name = tempfile.mkstemp(
            prefix=f".{final.name}.", suffix=".tmp", dir=final.parent
        )
    except OSError as error:
        raise OutputError(f"cannot write '{target}': {error.strerror} [output-failed]") from None
    os.close(handle)
    temp = Path(temp_name)
    try:
        yield temp
        with open(temp, "rb+") as written:
            os.fsync(written.fileno())
        if final.exists():
            # Keep the old file's permission bits, not mkstemp's 0600.
            os.chmod(temp, final.stat().st_mode & 0o7777)
        else:
            os.chmod(temp, 0o666 & ~_umask())
        _replace_with_retry(str(temp), str(final))
    except OSError as error:
        temp.unlink(missing_ok=True)
        reason = error.strerror or str(error)
        raise OutputError(f"cannot write '{target}': {reason} [output-failed]") from None
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_output(
    target: str | Path, write: Callable[[IO[bytes]], None], *, stdout: IO[bytes] | None = None
) -> None:
    """Run *write* on the target and commit its output whole, or nothing of it.

    - "-" is stdout: the output is spooled first, so a failing exporter prints nothing;
    - a device or pipe (`/dev/null`, `/dev/full`, a FIFO) is written directly: it cannot be
      replaced by a rename, and must never be;
    - anything else is an atomic file (see `atomic_path`)."""
    if str(target) == "-":
        stream = stdout if stdout is not None else sys.stdout.buffer
        _write_spooled(write, stream, "to standard output")
    elif _is_special(target):
        try:
            with open(target, "wb") as device:
                _write_spooled(write, device, f"'{target}'")
        except OSError as error:
            reason = error.strerror or str(error)
            raise OutputError(f"cannot write '{target}': {reason} [output-failed]") from None
    else:
        with atomic_path(target) as temp, open(temp, "wb") as handle:
            write(handle)


def _is_special(target: str | Path) -> bool:
    try:
        mode = os.stat(target).st_mode
    except OSError:
        return False
    return not stat.S_ISREG(mode) and not stat.S_ISDIR(mode)


def _write_spooled(write: Callable[[IO[bytes]], None], stream: IO[bytes], what: str) -> None:
    with tempfile.SpooledTemporaryFile(max_size=64 * 1024 * 1024) as spool:
        write(spool)
        spool.seek(0)
        try:
            shutil.copyfileobj(spool, stream)
            stream.flush()
        except OSError as error:
            if error.errno == errno.EPIPE:
                raise
            reason = error.strerror or str(error)
            raise OutputError(f"cannot write {what}: {reason} [output-failed]") from None


def _not_covered(old: Path, new: Path) -> list[str]:
    """Entries of *old* (relative paths) that *new* does not have: what a swap would lose."""
    missing = []
    for folder, dirs, files in os.walk(old):
        for name in (*dirs, *files):
            relative = (Path(folder) / name).relative_to(old)
            if not os.path.lexists(new / relative):
                missing.append(relative.as_posix())
    return sorted(missing)


@contextlib.contextmanager
def atomic_directory(target: str | Path) -> Iterator[Path]:
    """A new empty directory beside *target*; on success it takes *target*'s place.

    An existing *target* is replaced only when the new directory holds every name the old
    one holds (it is empty, or a previous export of the same kind): a directory with other
    files is never deleted, the run fails with `[output-exists]` instead. The swap is two
    renames (old aside, new in place); if the second fails the old directory is put back.
    On any exception the new directory is removed and *target* is left as it was."""
    final = Path(os.path.realpath(target))
    if final.exists() and not final.is_dir():
        raise UsageError(f"'{target}' exists and is not a directory [output-exists]")
    try:
        temp = Path(tempfile.mkdtemp(prefix=f".{final.name}.", suffix=".tmp", dir=final.parent))
    except OSError as error:
        raise OutputError(f"cannot write '{target}': {error.strerror} [output-failed]") from None
    try:
        yield temp
        for folder, _dirs, files in os.walk(temp):
            for name in files:
                with open(Path(folder) / name, "rb+") as written:
                    os.fsync(written.fileno())
        if not final.exists():
            os.chmod(temp, 0o777 & ~_umask())
            os.rename(temp, final)
            return
        lost = _not_covered(final, temp)
        if lost:
            shown = ", ".join(lost[:5]) + (f" and {len(lost) - 5} more" if len(lost) > 5 else "")
            raise UsageError(
                f"'{target}' holds files this export would not rewrite ({shown}); "
                "give a new or empty directory [output-exists]"
            )
        os.chmod(temp, final.stat().st_mode & 0o7777)
        aside = Path(tempfile.mkdtemp(prefix=f".{final.name}.", suffix=".old", dir=final.parent))
        # mkdtemp reserves a unique name; free it so the rename also works on Windows.
        os.rmdir(aside)
        os.rename(final, aside)
        try:
            os.rename(temp, final)
        except BaseException:
            os.rename(aside, final)
            raise
        shutil.rmtree(aside, ignore_errors=True)
    except OSError as error:
        shutil.rmtree(temp, ignore_errors=True)
        reason = error.strerror or str(error)
        raise OutputError(f"cannot write '{target}': {reason} [output-failed]") from None
    except BaseException:
        shutil.rmtree(temp, ignore_errors=True)
        raise


def write_output_dir(target: str | Path, write: Callable[[Path], None]) -> None:
    """Run *write* on a new directory that then takes *target*'s place (`atomic_directory`)."""
    with atomic_directory(target) as temp:
        write(temp)


def names_directory(target: str | Path) -> bool:
    """True when an output *target* means a directory: it ends with a slash or is one."""
    text = str(target)
    return text != "-" and (text.endswith(("/", os.sep)) or os.path.isdir(text))


__all__ = [
    "DEFAULT_LIMITS",
    "Limits",
    "Problem",
    "atomic_directory",
    "atomic_path",
    "decode_text",
    "dumps_json",
    "names_directory",
    "parse_json",
    "read_bytes",
    "refuse_output_is_input",
    "same_file",
    "write_output",
    "write_output_dir",
]
