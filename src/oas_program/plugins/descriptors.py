"""What plugins give the host: typed, frozen descriptors of importers, exporters, validators.

Plugin authors import these through `oas_program.plugin_api`, the stable public path.

A plugin's hook returns a list of these. The host records which plugin gave each one, so
two plugins claiming one name is an error that names both.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from enum import StrEnum
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import attrs

from oas_program.errors import Location
from oas_program.files.limits import Limits
from oas_program.files.reading import read_bytes
from oas_program.i18n import Message
from oas_program.model.located import Loaded
from oas_program.model.program import Program
from oas_program.model.source import Source
from oas_program.model.tracking import Observation

if TYPE_CHECKING:
    from collections.abc import Mapping

    # Only for annotations: FormFormat is never structured.
    from oas_program.model.forms import FilledForm, Form  # noqa: TC004
    from oas_program.services.tracking.merge import MergeResult  # noqa: TC004

_NAME = attrs.validators.matches_re(r"^[a-z][a-z0-9-]{0,31}$")


@attrs.frozen(kw_only=True)
class ExportOptions:
    """Choices a user makes for one export."""

    lang: str = "en"
    """Preferred language for human-readable formats (en, es, fr, pt)."""
    raw_cells: bool = False
    """Spreadsheet formats: write cells exactly, without formula neutralisation."""
    extra: dict[str, Any] = attrs.field(factory=dict)
    """Format-specific options (`-O key=value` on the command line). When the exporter
    declares its `options`, the host checks the names, converts the values to the declared
    types and fills in the defaults: every declared option is here."""


OPTION_TYPES: dict[str, type] = {"str": str, "int": int, "float": float, "bool": bool}
_TRUE, _FALSE = {"1", "true", "yes", "on"}, {"0", "false", "no", "off"}


@attrs.frozen(kw_only=True)
class Option:
    """An option a format accepts (`-O name=value` for exporters, `-I` for importers)."""

    name: str = attrs.field(validator=attrs.validators.matches_re(r"^[a-z][a-z0-9_-]{0,31}$"))
    type: str = attrs.field(default="str", validator=attrs.validators.in_(OPTION_TYPES))
    """`str`, `int`, `float` or `bool` (`true`/`false`, `yes`/`no`, `1`/`0`, `on`/`off`)."""
    help: str = ""
    default: Any = None
    """The value when the option is not given (None when there is none to give)."""
    choices: tuple[str, ...] = ()
    """For `str` options: the only values accepted (empty: any)."""

    def convert(self, text: str) -> Any:
        """*text* as the option's type; ValueError saying what is expected."""
        if self.type == "bool":
            if text.lower() in _TRUE | _FALSE:
                return text.lower() in _TRUE
            raise ValueError("expected true or false")
        if self.choices and text not in self.choices:
            raise ValueError(f"expected one of {', '.join(self.choices)}")
        try:
            return OPTION_TYPES[self.type](text)
        except ValueError:
            raise ValueError(
                f"expected {'an' if self.type == 'int' else 'a'} {self.type}"
            ) from None


def check_options(
    owner: str, declared: Sequence[Option], given: Mapping[str, Any]
) -> dict[str, Any]:
    """The options *given* (text from the command line, or values) checked against
    *declared*: converted, with the defaults filled in. UsageError for a name that is not
    declared (naming the valid ones) or a value of the wrong type."""
    from oas_program.errors import UsageError

    by_name = {option.name: option for option in declared}
    values = {option.name: option.default for option in declared}
    for name, value in given.items():
        option = by_name.get(name)
        if option is None:
            if not by_name:
                raise UsageError(f"{owner} takes no options (given '{name}')")
            valid = ", ".join(sorted(by_name))
            raise UsageError(f"{owner} has no option '{name}'; its options: {valid}")
        if isinstance(value, str):
            try:
                value = option.convert(value)
            except ValueError as error:
                raise UsageError(f"{owner}: option {name}={value!r}: {error}") from None
        values[name] = value
    return values


@attrs.frozen(kw_only=True)
class Exporter:
    """A format the program can be written in."""

    name: str = attrs.field(validator=_NAME)
    """Format name users type after `--format` (`json`, `xlsx`)."""
    media_type: str
    suffix: str
    """File name ending, with its dot (`.json`); used to pick the format from a path."""
    write: Callable[[Program, IO[bytes], ExportOptions], None]
    """Write the program to a binary stream. The host owns the stream and the atomic
    commit: never open, close or rename files yourself."""
    description: str = ""
    lossless: bool = False
    """True when an importer of the same name reads the output back to an equal program."""
    binary: bool = False
    """True for output that is not text (a workbook, a database): never sent to a terminal."""
    write_dir: Callable[[Program, Path, ExportOptions], None] | None = None
    """For formats that can also be a set of files: write them into the given directory,
    new and empty; the host then puts it in place of the target (`-o out/`)."""
    options: tuple[Option, ...] = ()
    """The `-O name=value` options the format accepts; any other is a usage error."""


@attrs.frozen(kw_only=True)
class ImportSource:
    """An input handed to an importer: a path, with bounded reading."""

    path: Path
    name: str
    """How to name the input in messages (the path as the user typed it)."""
    limits: Limits = attrs.field(factory=Limits.from_environ)
    """Size, depth and alias ceilings: the defaults, or as the `OAS_PROGRAM_MAX_*`
    environment variables set them when the source was made."""

    options: dict[str, Any] = attrs.field(factory=dict)
    """The importer's declared options (`-I name=value`), checked, converted and with
    their defaults."""

    def read_bytes(self) -> bytes:
        """The whole input, refusing oversized files (DataError)."""
        return read_bytes(self.path, self.limits)


@attrs.frozen(kw_only=True)
class Contribution:
    """What a partial importer reads: entities to merge into a base program.

    `oas-program merge BASE FILE` adds them with the checks a reporting form gets (unknown
    actors or activities, activities that do not concern the actor, an observation given
    twice), all or nothing. `locations[i]`, when given, is where `observations[i]` came
    from (line, cell), so problems are reported there."""

    observations: tuple[Observation, ...] = ()
    sources: tuple[Source, ...] = ()
    """Sources the observations cite (added, or replacing those of the same id)."""
    locations: tuple[Location | None, ...] = ()


@attrs.frozen(kw_only=True)
class Importer:
    """A format programs can be read from."""

    name: str = attrs.field(validator=_NAME)
    media_type: str
    suffixes: tuple[str, ...]
    """File name endings this importer reads (`.yaml`, `.yml`)."""
    read: Callable[[ImportSource], Program | Loaded | Contribution]
    """Read a program; raise `oas_program.DataError` with located problems for bad input.
    Return `Loaded` to let validators report file positions (line, cell) for findings.
    A `partial` importer returns a `Contribution` instead."""
    sniff: Callable[[bytes], bool] | None = None
    """Given the first 4 KiB, whether the content looks like this format (for inputs
    whose name has no known ending, and to catch a CSV renamed `.xlsx`)."""
    description: str = ""
    options: tuple[Option, ...] = ()
    """The `-I name=value` options the format accepts; any other is a usage error."""
    partial: bool = False
    """True when `read` returns a `Contribution` (observations, sources) to merge into a
    base program (`oas-program merge BASE FILE`) rather than a whole program."""


class Severity(StrEnum):
    """How serious a finding is: errors fail `validate`, warnings only with `--strict`."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@attrs.frozen(kw_only=True)
class Rule:
    """A check a validator makes, documented for users."""

    code: str = attrs.field(validator=attrs.validators.matches_re(r"^[a-z][a-z0-9-]*$"))
    severity: Severity = attrs.field(converter=Severity)
    summary: str
    """What the rule checks."""
    fix: str
    """How to fix data that breaks it."""

    def finding(
        self, message: str | Message, pointer: str = "", sources: Iterable[str] = ()
    ) -> Finding:
        """A finding of this rule (its code and severity) at *pointer*. The built-in layers
        give a `Message` (a catalog template and its values) for reports in other languages;
        the finding's `message` is then its English text."""
        template = message if isinstance(message, Message) else None
        return Finding(
            code=self.code,
            severity=self.severity,
            message=message.text() if isinstance(message, Message) else message,
            pointer=pointer,
            sources=tuple(sources),
            template=template,
        )


@attrs.frozen(kw_only=True)
class Finding:
    """One result of a check: what is wrong, where, and how bad."""

    code: str
    severity: Severity = attrs.field(converter=Severity)
    message: str
    pointer: str = ""
    """JSON Pointer of the value concerned (`/activities/3/assignments/0/actor`)."""
    sources: tuple[str, ...] = ()
    """Ids of sources that back the finding (for completeness reports)."""
    template: Message | None = attrs.field(default=None, eq=False, repr=False)
    """The message as a catalog template with its values, when the host's catalogs can show
    it in another language (the built-in layers' findings); `message` is its English text.
    None: `message` is shown as given in every language (a plugin's findings)."""

    def text(self, lang: str = "en") -> str:
        """The message in *lang*: from the catalogs when the finding has a template."""
        return self.template.text(lang) if self.template is not None else self.message


@attrs.frozen(kw_only=True)
class Validator:
    """A layer of checks over a program."""

    name: str = attrs.field(validator=_NAME)
    rules: tuple[Rule, ...]
    check: Callable[[Program], Iterable[Finding]]
    """Yield findings for one program; each code must be among `rules`, with its severity."""
    description: str = ""
    check_across: Callable[[Sequence[Input]], Iterable[tuple[int, Finding]]] | None = None
    """Checks that need every input of a run at once (an id repeated across files). Called
    once, only when the run has two or more inputs; yields (index of the input the finding
    belongs to, finding)."""


@attrs.frozen(kw_only=True)
class Input:
    """One program given to a validation run: how messages name it, and where values sit."""

    name: str
    """The input as the user typed it (`a.json`), or `<embedded program.json>`."""
    loaded: Loaded

    @property
    def program(self) -> Program:
        return self.loaded.program

    def locate(self, pointer: str) -> Location | None:
        """The place of the value at *pointer*; None when the format cannot tell."""
        try:
            return self.loaded.locate(pointer)
        except Exception:  # an importer's locator is a convenience: never let it fail a run
            return None

    def where(self, pointer: str) -> str:
        """The place as messages write it: `a.json:10:5`, `a.xlsx[Activities!C7]`, or the
        file and the pointer when no line is known (`a.csv /activities/3`)."""
        location = self.locate(pointer)
        text = (location.file if location and location.file else None) or self.name
        if location is None or (location.line is None and location.place is None):
            return f"{text} {pointer or '/'}"
        if location.place is not None:
            text += f"[{location.place}]"
        if location.line is not None:
            text += f":{location.line}"
            if location.column is not None:
                text += f":{location.column}"
        return text


@attrs.frozen(kw_only=True)
class FormFormat:
    """A file format for reporting forms (`oas-program form` writes it, `merge` reads it)."""

    name: str = attrs.field(validator=_NAME)
    media_type: str
    suffix: str
    write: Callable[[Form, IO[bytes], ExportOptions], None]
    """Write a blank (prefilled) form; the host makes the write atomic."""
    read: Callable[[ImportSource], FilledForm]
    """Read a filled form; raise `oas_program.DataError` with located problems."""
    description: str = ""
    binary: bool = False


@attrs.frozen(kw_only=True)
class Store:
    """A place programs live that is not a file (a database), addressed by URL.

    Wherever a command takes a program file it also takes a URL whose scheme is one of
    `schemes` (`oas-program convert program.json postgresql://…`). Messages must never show
    a password: name the location with `oas_program.plugin_api.redact_url(url)`."""

    name: str = attrs.field(validator=_NAME)
    """The store's name (`postgresql`)."""
    schemes: tuple[str, ...]
    """URL schemes this store serves, lowercase (`("postgresql", "postgres")`)."""
    read: Callable[[str], Program | Loaded]
    """Read the program at the URL (as the user gave it); raise `DataError` for a location
    that cannot be read (exit 3) or data the model refuses (exit 1)."""
    write: Callable[[str, Program], None]
    """Replace the whole program at the URL in ONE transaction: a failure leaves the previous
    content. Raise `OutputError` (exit 4) when writing fails, `UsageError` (exit 2) for a
    location that cannot be written."""
    merge: Callable[[str, Callable[[Program], MergeResult], bool], MergeResult] | None = None
    """Apply a merge atomically: in one transaction, lock, read the current program, call
    `apply(program)` (the core's all-or-nothing checks and upsert; it raises `DataError` on
    bad forms), write the added and updated observations and the new or updated sources,
    commit (or roll back when the third argument, `dry_run`, is True), and return the
    `MergeResult`. None: `oas-program merge URL FORM...` asks for `-o OUTPUT`."""
    same_place: Callable[[str, str], bool] | None = None
    """Whether two URLs of this store name the same program (output = input is refused);
    default: the URLs are equal."""
    description: str = ""
