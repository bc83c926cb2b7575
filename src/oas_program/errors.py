"""The vocabulary every layer shares: exit codes, located problems, the library's errors.

`Location` (where a value sits in an input), `escape_pointer` (one JSON Pointer token) and
`Problem.at` live here, at the bottom, so that readers, the model's tables, forms and
plugins all speak of places the same way.

`Location` and `Problem` are named tuples, not attrs classes or dataclasses: this module is
imported by every command, `oas-program plugins` included, which would otherwise import
attrs (11 ms of its 77 ms) or `dataclasses` and run its class decorator (about 3 ms) for two
records. A named tuple is made by `collections.namedtuple` in a tenth of a millisecond, and
is as immutable, comparable and hashable.
"""

from __future__ import annotations

from enum import IntEnum
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence


class ExitCode(IntEnum):
    """Exit codes of the `oas-program` command (documented in the README)."""

    OK = 0
    INVALID = 1  # the data is readable but invalid
    USAGE = 2  # bad option, unknown format, output is the input
    UNREADABLE = 3  # input missing, unreadable, unsafe or not parseable
    OUTPUT_FAILED = 4  # the output could not be written; the old target is untouched
    PLUGIN = 5  # a plugin failed to load, failed validation or raised
    INTERNAL = 70  # a bug (EX_SOFTWARE)
    INTERRUPTED = 130  # SIGINT / SIGTERM
    BROKEN_PIPE = 141  # stdout closed early (`| head`): 128 + SIGPIPE, as shells report it


def escape_pointer(token: str | int) -> str:
    """One JSON Pointer reference token (RFC 6901: `~` becomes `~0`, `/` becomes `~1`)."""
    return str(token).replace("~", "~0").replace("/", "~1")


class Location(NamedTuple):
    """Where a value sits in an input file, in the file format's own terms."""

    file: str | None = None
    """The file, when it is not the input itself (a CSV package holds one file per table)."""
    line: int | None = None
    column: int | None = None
    place: str | None = None
    """A location that is not a line: `Activities!C7` in a workbook."""


class Problem(NamedTuple):
    """One located problem: `path:line:col: pointer: message [code]`."""

    code: str
    """Stable rule code, e.g. `json-syntax`, `duplicate-key`, `type-error`."""
    message: str
    file: str | None = None
    line: int | None = None
    column: int | None = None
    pointer: str | None = None
    """JSON Pointer of the bad value (`/activities/3/id`), when known."""
    place: str | None = None
    """A format's own location when it is not a line (`Activities!C7` for a workbook)."""

    @classmethod
    def at(
        cls,
        location: Location | None,
        code: str,
        message: str,
        *,
        file: str | None = None,
        pointer: str | None = None,
    ) -> Problem:
        """A problem placed at *location* (its file, or *file* when it names none)."""
        if location is None:
            return cls(code=code, message=message, file=file, pointer=pointer)
        return cls(
            code=code,
            message=message,
            file=location.file or file,
            line=location.line,
            column=location.column,
            place=location.place,
            pointer=pointer,
        )

    def __str__(self) -> str:
        where = self.file or "<input>"
        if self.place is not None:
            where += f"[{self.place}]"
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        head = f"{where}: "
        if self.pointer:
            head += f"{self.pointer}: "
        return f"{head}{self.message} [{self.code}]"


class OasProgramError(Exception):
    """Base of the library's own errors; carries the exit code the CLI uses."""

    exit_code: ExitCode = ExitCode.INTERNAL


class DataError(OasProgramError):
    """Input that cannot be read into a program; holds every problem found."""

    def __init__(self, problems: Sequence[Problem], exit_code: ExitCode = ExitCode.UNREADABLE):
        if not problems:
            raise ValueError("DataError needs at least one problem")
        self.problems: tuple[Problem, ...] = tuple(problems)
        self.exit_code = exit_code
        super().__init__("\n".join(str(p) for p in self.problems))

    @classmethod
    def one(cls, code: str, message: str, **where: object) -> DataError:
        """A DataError with a single problem."""
        return cls([Problem(code=code, message=message, **where)])  # type: ignore[arg-type]

    def with_file(self, file: str) -> DataError:
        """The same problems, each naming *file* where it did not name one."""
        problems = [p if p.file else p._replace(file=file) for p in self.problems]
        return DataError(problems, self.exit_code)


class UsageError(OasProgramError):
    """A bad request from the user (unknown format, output equals input)."""

    exit_code = ExitCode.USAGE


class OutputError(OasProgramError):
    """Writing the output failed; the previous target is untouched."""

    exit_code = ExitCode.OUTPUT_FAILED


class PluginError(OasProgramError):
    """A plugin failed to load, broke its contract or raised."""

    exit_code = ExitCode.PLUGIN


def format_problems(problems: Iterable[Problem], max_errors: int = 50) -> list[str]:
    """Lines for stderr: at most *max_errors*, then "… and N more"."""
    problems = list(problems)
    lines = [str(p) for p in problems[:max_errors]]
    if len(problems) > max_errors:
        lines.append(f"… and {len(problems) - max_errors} more")
    return lines


def did_you_mean(name: str, known: Iterable[str]) -> str:
    """The end of an "unknown ..." message: `(did you mean 'x'?)` when *name* is close to
    one of *known* (a typo, another case), else an empty string."""
    import difflib

    choices = list(known)
    folded = {choice.casefold(): choice for choice in choices}
    close = difflib.get_close_matches(name.casefold(), list(folded), n=3, cutoff=0.6)
    if not close:
        return ""
    return " (did you mean " + " or ".join(f"'{folded[c]}'" for c in close) + "?)"
