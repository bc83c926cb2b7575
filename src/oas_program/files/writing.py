"""Atomic writers: an output is committed whole or not at all, never half-written.

Files are written beside their target and renamed into place; directories likewise;
standard output is spooled first; devices and pipes are written in place (they cannot be
renamed over). An output that is one of the inputs is refused before anything is written.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import stat
import sys
import tempfile
import time
from pathlib import Path
from typing import IO, TYPE_CHECKING

from oas_program.errors import OutputError, UsageError

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Sequence


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


def _atomic_path(target: str | Path) -> Iterator[Path]:
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


# Wrapped here rather than decorated: mutation testing (mutmut) leaves decorated functions
# alone, and these two are what keeps an output whole.
atomic_path = contextlib.contextmanager(_atomic_path)


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


def _atomic_directory(target: str | Path) -> Iterator[Path]:
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


atomic_directory = contextlib.contextmanager(_atomic_directory)


def write_output_dir(target: str | Path, write: Callable[[Path], None]) -> None:
    """Run *write* on a new directory that then takes *target*'s place (`atomic_directory`)."""
    with atomic_directory(target) as temp:
        write(temp)


def names_directory(target: str | Path) -> bool:
    """True when an output *target* means a directory: it ends with a slash or is one."""
    text = str(target)
    return text != "-" and (text.endswith(("/", os.sep)) or os.path.isdir(text))
