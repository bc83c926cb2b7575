"""Safe readers and atomic writers, shared by every importer, exporter and command."""

from __future__ import annotations

import contextlib
import errno
import gc
import json
import math
import os
import re
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
    from collections.abc import Callable, Iterator, Mapping, Sequence


@attrs.frozen(kw_only=True)
class Limits:
    """Ceilings that keep a hostile input from exhausting memory or time.

    The defaults are below; `Limits.from_environ()` (what every importer is given by the
    host and the command) lets the environment change them: `OAS_PROGRAM_MAX_INPUT_BYTES`,
    `OAS_PROGRAM_MAX_DEPTH`, `OAS_PROGRAM_MAX_YAML_ALIASES` (whole numbers)."""

    max_bytes: int = 200 * 1024 * 1024
    """Largest input file read (200 MiB); for an archive, all its members together."""
    max_depth: int = 64
    """Deepest nesting of arrays and objects."""
    max_yaml_aliases: int = 100
    """Most YAML alias uses in one document (alias bombs expand exponentially)."""

    @classmethod
    def from_environ(cls, environ: Mapping[str, str] | None = None) -> Limits:
        """The defaults, changed by the `OAS_PROGRAM_MAX_*` variables that are set."""
        environ = os.environ if environ is None else environ
        changed: dict[str, int] = {}
        for variable, field in LIMIT_VARIABLES.items():
            text = environ.get(variable, "").strip()
            if not text:
                continue
            if not text.isdigit() or not text.isascii() or int(text) < 1:
                raise UsageError(f"{variable} must be a whole number above 0, not {text!r}")
            changed[field] = int(text)
        return cls(**changed) if changed else DEFAULT_LIMITS

    def size_text(self) -> str:
        """The byte limit as messages give it: `200 MiB`, or `1000 bytes` when not whole MiB."""
        return size_text(self.max_bytes)


LIMIT_VARIABLES = {
    "OAS_PROGRAM_MAX_INPUT_BYTES": "max_bytes",
    "OAS_PROGRAM_MAX_DEPTH": "max_depth",
    "OAS_PROGRAM_MAX_YAML_ALIASES": "max_yaml_aliases",
}
"""Environment variables that change `Limits` (documented in the README)."""

DEFAULT_LIMITS = Limits()


def size_text(size: int) -> str:
    """`200 MiB` for whole mebibytes, else the number of bytes."""
    mib = 1024 * 1024
    return f"{size // mib} MiB" if size >= mib and size % mib == 0 else f"{size} bytes"


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """The cyclic garbage collector paused for bulk work (parsing, building the model).

    Building a large program allocates millions of containers, and each few hundred of them
    start a collection that walks the young objects again: bulk loads ran 1.5 times slower
    with it. The data built has no reference cycles for it to find, and it runs again as
    usual afterwards. Nested uses are fine: the outermost one restores the collector."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


# ---- reading ------------------------------------------------------------------------------


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
        line = data.count(b"\n", 0, error.start) + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        raise DataError.one(
            "encoding",
            f"not valid UTF-8 (byte 0x{data[error.start]:02x}); re-save the file as UTF-8",
            file=file,
            line=line,
            column=column,
        ) from None


# The json module's hooks see a value but not where it sits. They return these markers
# instead of raising, and one walk afterwards (only when a marker was made) finds the JSON
# Pointer of each, so every such problem is reported at its place.


class _Repeated(dict):  # type: ignore[type-arg]
    """An object that repeated a key: the keys repeated (the last value wins meanwhile)."""

    repeated: list[str]


@attrs.frozen
class _BadNumber:
    code: str
    message: str


# A \uD800-\uDFFF escape: the only way a lone surrogate gets into a JSON string (the UTF-8
# decoder refuses encoded ones). Checked first so that most documents skip the walk.
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


class _Hooks:
    """`json.loads` hooks that mark duplicate keys, non-finite and overlong numbers."""

    def __init__(self) -> None:
        self.marked = False

    def object_pairs(self, pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        result: dict[str, Any] = dict(pairs)
        if len(result) == len(pairs):
            return result  # no key repeated: the common case, without a Python loop
        result = {}
        repeated = []
        for key, value in pairs:
            if key in result:
                repeated.append(key)
            result[key] = value
        if not repeated:
            return result
        self.marked = True
        marked = _Repeated(result)
        marked.repeated = repeated
        return marked

    def parse_constant(self, name: str) -> Any:  # NaN, Infinity, -Infinity
        self.marked = True
        return _BadNumber("non-finite", f"non-finite number {name} not allowed")

    def parse_float(self, text: str) -> Any:
        value = float(text)
        if math.isfinite(value):
            return value
        # `1e999` is valid JSON that Python reads as infinity.
        self.marked = True
        return _BadNumber("non-finite", f"non-finite number {text} not allowed (out of range)")

    def parse_int(self, text: str) -> Any:
        digits = len(text.lstrip("-"))
        limit = sys.get_int_max_str_digits()
        if limit and digits > limit:  # int() would raise ValueError (CVE-2020-10735)
            self.marked = True
            return _BadNumber(
                "number-too-long", f"number too long ({digits} digits; at most {limit})"
            )
        return int(text)


def _marked_values(
    value: Any, pointer: str, surrogates: bool
) -> Iterator[tuple[str, str, str, str | None]]:
    """(pointer, code, message, repeated key) for each marked or unencodable value."""
    if isinstance(value, _BadNumber):
        yield pointer, value.code, value.message, None
    elif isinstance(value, dict):
        for key in getattr(value, "repeated", ()):
            yield pointer, "duplicate-key", f"duplicate key {key!r}", key
        for key, item in value.items():
            child = f"{pointer}/{_escape(key)}"
            if surrogates and not _encodable(key):
                yield child, "invalid-unicode", "key holds a lone surrogate", None
            yield from _marked_values(item, child, surrogates)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _marked_values(item, f"{pointer}/{index}", surrogates)
    elif surrogates and isinstance(value, str) and not _encodable(value):
        yield pointer, "invalid-unicode", "string holds a lone surrogate", None


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _escape(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def _marked_problems(data: Any, text: str, file: str, surrogates: bool) -> list[Problem]:
    from oas_program.positions import json_locator  # positions imports this module

    locate = json_locator(text, file)
    problems = []
    for pointer, code, message, key in _marked_values(data, "", surrogates):
        # A repeated key is placed at its value (the last one, the one that would win).
        found = locate(f"{pointer}/{_escape(key)}" if key is not None else pointer)
        problems.append(
            Problem(
                code=code,
                message=message,
                file=file,
                line=found.line if found else None,
                column=found.column if found else None,
                # A key with a lone surrogate would make the message itself unprintable.
                pointer=pointer.encode("utf-8", "backslashreplace").decode("utf-8") or "/",
            )
        )
    return problems


def _json_depth_exceeds(text: str, max_depth: int) -> tuple[int, int] | None:
    """Offset and depth where nesting first passes *max_depth*, ignoring brackets in strings.

    Run only once the input is known to be too deep: a Python loop over every character."""
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


def _deeper_than(value: Any, max_depth: int) -> bool:
    """Whether parsed JSON nests arrays and objects more than *max_depth* deep.

    One pass per level over the containers only (the strings and numbers are never looked
    at), which costs a fraction of the parse; scanning the text itself would cost more."""
    level = [value] if isinstance(value, dict | list) else []
    for _ in range(max_depth):
        level = [
            item
            for container in level
            for item in (container.values() if isinstance(container, dict) else container)
            if isinstance(item, dict | list)
        ]
        if not level:
            return False
    return bool(level)


def _too_deep(text: str, file: str, limits: Limits) -> DataError:
    deep = _json_depth_exceeds(text, limits.max_depth)
    line, column = _line_col(text, deep[0]) if deep is not None else (None, None)
    return DataError.one(
        "too-deep", f"nesting deeper than {limits.max_depth}", file=file, line=line, column=column
    )


def _line_col(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def parse_json(data: bytes, file: str, limits: Limits = DEFAULT_LIMITS) -> Any:
    """Parse JSON strictly: no duplicate keys, no NaN/Infinity, bounded depth, located errors."""
    text = decode_text(data, file)
    if not text.strip():
        raise DataError.one("empty", "empty document; expected a JSON object", file=file)
    hooks = _Hooks()
    try:
        with paused_gc():
            data = json.loads(
                text,
                object_pairs_hook=hooks.object_pairs,
                parse_constant=hooks.parse_constant,
                parse_float=hooks.parse_float,
                parse_int=hooks.parse_int,
            )
    except json.JSONDecodeError as error:
        raise DataError.one(
            "json-syntax", error.msg, file=file, line=error.lineno, column=error.colno
        ) from None
    except RecursionError:  # deeper than the interpreter's recursion limit
        raise _too_deep(text, file, limits) from None
    # The depth is checked on the parsed data: the json module refuses what is deeper than
    # the recursion limit (above), and a walk of the containers is far cheaper than a scan
    # of every character. Only documents with many brackets can be deep.
    if text.count("[") + text.count("{") > limits.max_depth and _deeper_than(
        data, limits.max_depth
    ):
        raise _too_deep(text, file, limits)
    surrogates = _SURROGATE_ESCAPE.search(text) is not None
    if hooks.marked or surrogates:
        problems = _marked_problems(data, text, file, surrogates)
        if problems:
            raise DataError(problems)
    return data


def dumps_json(data: Any) -> str:
    """Deterministic JSON text: two-space indent, UTF-8 characters kept, final newline.

    Exactly `json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False)`, written by a
    writer for the plain types the model unstructures to (`json` drops its C encoder when
    asked to indent, and its pure-Python one is about 1.5 times slower); anything else
    (floats, tuples, subclasses, non-string keys, cycles) goes to `json.dumps` itself."""
    parts: list[str] = []
    try:
        _write_plain(data, "", parts.append)
    except (_NotPlain, RecursionError):
        return json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False) + "\n"
    parts.append("\n")
    return "".join(parts)


# The json module's own string encoder (C): the same escapes json.dumps writes.
_encode_string: Callable[[str], str] = json.encoder.encode_basestring


class _NotPlain(Exception):
    """A value `_write_plain` leaves to the json module."""


_LITERALS = {True: "true", False: "false", None: "null"}


def _write_plain(value: Any, indent: str, write: Callable[[str], object]) -> None:
    kind = type(value)
    if kind is str:
        write(_encode_string(value))
    elif kind is dict:
        if not value:
            write("{}")
            return
        inner = indent + "  "
        separator = "{\n" + inner
        for key, item in value.items():
            if type(key) is not str:
                raise _NotPlain
            write(separator)
            write(_encode_string(key))
            write(": ")
            _write_plain(item, inner, write)
            separator = ",\n" + inner
        write("\n" + indent + "}")
    elif kind is list:
        if not value:
            write("[]")
            return
        inner = indent + "  "
        separator = "[\n" + inner
        for item in value:
            write(separator)
            _write_plain(item, inner, write)
            separator = ",\n" + inner
        write("\n" + indent + "]")
    elif kind is bool or value is None:
        write(_LITERALS[value])
    elif kind is int:
        write(int.__repr__(value))
    else:
        raise _NotPlain


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
    "LIMIT_VARIABLES",
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
    "size_text",
    "write_output",
    "write_output_dir",
]
