"""Run every validator the plugin host knows, each in isolation, and locate the findings.

A validator that raises, or yields a finding its rules do not declare, cannot stop the
others: its failure becomes a `plugin-error` / `plugin-contract` finding, or a PluginError
(exit 5) when the host is strict. Findings are sorted by input, rule and place, so the same
inputs always give the same report.
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING, Any

import attrs

from oas_program.errors import Location, PluginError, Problem
from oas_program.i18n import Templates
from oas_program.plugins.descriptors import Finding, Input, Rule, Severity, Validator
from oas_program.services.validation.walk import sharing_walks

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Sequence

    from oas_program.plugins.host import PluginHost, Provided

PLUGIN_ERROR = Rule(
    code="plugin-error",
    severity=Severity.ERROR,
    summary="A validator raised instead of returning findings (reported by the engine; the "
    "other validators still run). In strict mode this is a plugin failure, exit 5.",
    fix="Report it to the plugin's authors; disable the plugin with "
    "OAS_PROGRAM_DISABLE_PLUGINS=NAME meanwhile.",
)
PLUGIN_CONTRACT = Rule(
    code="plugin-contract",
    severity=Severity.ERROR,
    summary="A validator yielded something other than a Finding, or a finding whose code is "
    "not among its declared rules or whose severity differs from its rule's (reported by the "
    "engine). In strict mode this is a plugin failure, exit 5.",
    fix="Report it to the plugin's authors; disable the plugin with "
    "OAS_PROGRAM_DISABLE_PLUGINS=NAME meanwhile.",
)
ENGINE_RULES = (PLUGIN_ERROR, PLUGIN_CONTRACT)
# The engine's messages (catalog context `finding:<key>`); severities and codes stay codes.
_TEXT = Templates(
    "finding",
    {
        "plugin-error": "validator '{validator}' ({plugin}) raised {error}: {detail}; its "
        "checks were not made",
        "plugin-contract:type": "validator '{validator}' ({plugin}) yielded {type}, not a Finding",
        "plugin-contract:code": "validator '{validator}' ({plugin}) yielded code '{code}', "
        "which is not among its rules",
        "plugin-contract:severity": "validator '{validator}' ({plugin}) yielded '{code}' as "
        "{given}, but the rule is {declared}",
    },
)
ENGINE_MESSAGES = _TEXT.messages()
ENGINE = "engine"
LOAD = "load"


@attrs.frozen(kw_only=True)
class Reported:
    """A finding for one input, with its place in that input's file."""

    input: str
    """The input as the user named it (`a.json`, `<embedded program.json>`)."""
    finding: Finding
    location: Location | None = None
    validator: str = ""
    """Name of the validator that gave it (`engine` for plugin failures, `load` for problems
    found while reading the input)."""

    @property
    def file(self) -> str:
        """The file the location is in: the input, or a file inside it (a CSV package)."""
        if self.location is not None and self.location.file:
            return self.location.file
        return self.input

    @property
    def code(self) -> str:
        return self.finding.code

    @property
    def severity(self) -> Severity:
        return self.finding.severity

    @property
    def line(self) -> int | None:
        return self.location.line if self.location else None

    @property
    def column(self) -> int | None:
        return self.location.column if self.location else None

    @property
    def place(self) -> str | None:
        return self.location.place if self.location else None

    def __str__(self) -> str:
        return self.text()

    def text(self, lang: str = "en") -> str:
        """`file:line:col: /pointer: severity: message (sources: ...) [code]`, its words and
        the built-in layers' messages in *lang* (the place and the code stay as they are).

        A reading problem prints exactly as every other command prints it (no severity: it
        is always an error; no pointer when the problem is not inside the data)."""
        from oas_program.services.validation.words import words

        w = words(lang)
        loading = self.validator == LOAD
        message = self.finding.message if loading else f"{w(self.severity.value)}: "
        if not loading:
            message += self.finding.text(lang)
        if self.finding.sources:
            message += " " + w("sources", ids=", ".join(self.finding.sources))
        problem = Problem(
            code=self.code,
            message=message,
            file=self.file,
            line=self.line,
            column=self.column,
            pointer=self.finding.pointer or (None if loading else "/"),
            place=self.place,
        )
        return str(problem)

    def to_dict(self) -> dict[str, Any]:
        """The finding in `oas-program validate --format json` (keys in a fixed order)."""
        return {
            "code": self.code,
            "severity": self.severity.value,
            "message": self.finding.message,
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "place": self.place,
            "pointer": self.finding.pointer,
            "sources": list(self.finding.sources),
        }


def from_problem(name: str, problem: Problem) -> Reported:
    """A reading problem (the input could not be loaded) as an error finding."""
    location = Location(
        file=problem.file if problem.file and problem.file != name else None,
        line=problem.line,
        column=problem.column,
        place=problem.place,
    )
    finding = Finding(
        code=problem.code,
        severity=Severity.ERROR,
        message=problem.message,
        pointer=problem.pointer or "",
    )
    return Reported(input=name, finding=finding, location=location, validator=LOAD)


# ---- the validators ---------------------------------------------------------------------


def ordered_validators(host: PluginHost) -> list[Provided[Validator]]:
    """The host's validators: built-in layers in their documented order, then plugins by
    name. A rule code claimed twice is a plugin failure (the later validator is skipped)."""
    from oas_program.plugins.host import BUILTIN_PLUGINS

    builtin_order = list(BUILTIN_PLUGINS)

    def key(entry: Provided[Validator]) -> tuple[int, str, str]:
        info = entry.plugin
        rank = builtin_order.index(info.name) if info.builtin else len(builtin_order)
        return rank, info.name, entry.item.name

    owners: dict[str, str] = {rule.code: "the validation engine" for rule in ENGINE_RULES}
    chosen: list[Provided[Validator]] = []
    for entry in sorted(host.validators(), key=key):
        label = f"validator '{entry.item.name}' ({entry.plugin.label})"
        taken = [rule.code for rule in entry.item.rules if rule.code in owners]
        if taken:
            code = taken[0]
            message = (
                f"{label} declares rule '{code}', already declared by {owners[code]}; "
                "it is not run [plugin-contract]"
            )
            if host.strict:
                raise PluginError(message)
            host.warnings.append(message)
            continue
        for rule in entry.item.rules:
            owners[rule.code] = label
        chosen.append(entry)
    return chosen


def _collect(
    entry: Provided[Validator],
    call: Callable[[], Iterable[Any]],
    strict: bool,
) -> tuple[list[Any], Finding | None]:
    """Run one validator's check; its items, or the engine's finding when it raised."""
    try:
        return list(call()), None
    except Exception as error:  # isolate: a broken validator must not hide the others
        message = _TEXT(
            "plugin-error",
            validator=entry.item.name,
            plugin=entry.plugin.label,
            error=type(error).__name__,
            detail=str(error),
        )
        if strict:
            raise PluginError(f"{message.text()} [plugin-error]") from error
        return [], PLUGIN_ERROR.finding(message)


def _contract(entry: Provided[Validator], item: Any, strict: bool) -> Finding | None:
    """None when *item* is a finding the validator may give, else the engine's finding."""
    rules = {rule.code: rule for rule in entry.item.rules}
    label = {"validator": entry.item.name, "plugin": entry.plugin.label}
    if not isinstance(item, Finding):
        problem = _TEXT("plugin-contract:type", **label, type=type(item).__name__)
    elif item.code not in rules:
        problem = _TEXT("plugin-contract:code", **label, code=item.code)
    elif item.severity is not rules[item.code].severity:
        problem = _TEXT(
            "plugin-contract:severity",
            **label,
            code=item.code,
            given=item.severity.value,
            declared=rules[item.code].severity.value,
        )
    else:
        return None
    if strict:
        raise PluginError(f"{problem.text()} [plugin-contract]")
    return PLUGIN_CONTRACT.finding(problem)


@sharing_walks  # the built-in layers share one walk of each program
def run(inputs: Sequence[Input], host: PluginHost) -> list[list[Reported]]:
    """Every validator on every input (and the cross-input checks when there are several):
    the findings of each input, in the order of *inputs*, sorted by rule and place."""
    validators = ordered_validators(host)
    found: list[tuple[int, Reported]] = []

    def add(number: int, entry: Provided[Validator], item: Any) -> None:
        broken = _contract(entry, item, host.strict)
        finding, by = (broken, ENGINE) if broken is not None else (item, entry.item.name)
        found.append((number, _located(inputs[number], finding, by)))

    def failure(number: int, finding: Finding | None) -> None:
        if finding is not None:
            found.append((number, _located(inputs[number], finding, ENGINE)))

    for number, item_input in enumerate(inputs):
        for entry in validators:
            call: Callable[[], Iterable[Any]] = functools.partial(
                entry.item.check, item_input.program
            )
            items, failed = _collect(entry, call, host.strict)
            for item in items:
                add(number, entry, item)
            failure(number, failed)
    if len(inputs) > 1:
        for entry in validators:
            if entry.item.check_across is None:
                continue
            call = functools.partial(entry.item.check_across, inputs)
            pairs, failed = _collect(entry, call, host.strict)
            for pair in pairs:
                if isinstance(pair, tuple) and len(pair) == 2 and pair[0] in range(len(inputs)):
                    add(pair[0], entry, pair[1])
                else:  # not an (input index, finding) pair: a contract failure on the first
                    add(0, entry, pair)
            failure(0, failed)
    grouped: list[list[Reported]] = [[] for _ in inputs]
    for number, reported in sorted(found, key=lambda f: sort_key(f[0], f[1])):
        grouped[number].append(reported)
    return grouped


def _located(item_input: Input, finding: Finding, validator: str) -> Reported:
    return Reported(
        input=item_input.name,
        finding=finding,
        location=item_input.locate(finding.pointer),
        validator=validator,
    )


_TOKEN = re.compile(r"[^/]+")


def sort_key(number: int, reported: Reported) -> tuple[Any, ...]:
    """Input, rule, then place: the file inside the input (a CSV package's table), line and
    column where known, else the pointer's order (`/activities/2` before `/activities/10`)."""
    tokens = [
        (0, int(t), "") if t.isdigit() else (1, 0, t)
        for t in _TOKEN.findall(reported.finding.pointer)
    ]
    located_in = reported.location.file if reported.location and reported.location.file else ""
    line, column = reported.line or 0, reported.column or 0
    return (number, reported.code, located_in, line, column, tokens, reported.finding.message)


# ---- the rules table --------------------------------------------------------------------


def rules(host: PluginHost) -> list[tuple[Rule, str, str]]:
    """Every rule: (rule, validator name, plugin label), in the validators' order."""
    table = [(rule, ENGINE, "the validation engine") for rule in ENGINE_RULES]
    for entry in ordered_validators(host):
        source = "built-in" if entry.plugin.builtin else entry.plugin.label
        table += [(rule, entry.item.name, source) for rule in entry.item.rules]
    return table


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def rules_markdown(host: PluginHost) -> str:
    """The rules table in Markdown (what `oas-program validate --rules` prints)."""
    lines = [
        "# Validation rules",
        "",
        "<!-- Generated by `oas-program validate --rules`: do not edit by hand. Regenerate with",
        "     `OAS_PROGRAM_LOAD_PLUGINS= oas-program validate --rules > docs/rules.md`. -->",
        "",
        "Every check `oas-program validate` makes, by layer. Errors make the command exit 1;",
        "warnings do too with `--strict`; information never does.",
        "",
        "| Code | Severity | Layer | What it checks | How to fix |",
        "|---|---|---|---|---|",
    ]
    for rule, validator, source in rules(host):
        builtin = source in ("built-in", "the validation engine")
        layer = validator if builtin else f"{validator} ({source})"
        lines.append(
            f"| `{rule.code}` | {rule.severity.value} | {_cell(layer)} | {_cell(rule.summary)} "
            f"| {_cell(rule.fix)} |"
        )
    return "\n".join(lines) + "\n"
