"""The result of a validation run, as a value: it formats itself and knows its exit code.

`check(inputs)` reads each input (an unreadable one is reported in its place and the others
are still checked), runs every validator once and returns a `ValidationReport`; the command
only prints `lines()` or `to_data()` and exits with `exit_code`, the way `ProgramDiff` does.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import attrs

from oas_program.errors import DataError, ExitCode
from oas_program.plugins.descriptors import Severity
from oas_program.services.validation import (
    embedded_input,
    read_input,
    validate_many,
)
from oas_program.services.validation.engine import ENGINE, Reported, from_problem
from oas_program.services.validation.words import counted, words

if TYPE_CHECKING:
    from collections.abc import Sequence

    from oas_program.i18n import Words
    from oas_program.plugins.descriptors import Input
    from oas_program.plugins.host import PluginHost


@attrs.define
class FileReport:
    """What one input gave: its findings, or the problems that kept it from loading."""

    name: str
    status: str = "checked"
    """`checked`, `invalid` (readable, refused by the model) or `unreadable`."""
    findings: list[Reported] = attrs.field(factory=list)


@attrs.frozen
class ValidationReport:
    """Every input's findings, in input order; `strict` makes warnings fail too."""

    files: tuple[FileReport, ...]
    strict: bool = False

    @property
    def exit_code(self) -> ExitCode:
        """The worst of 0 (no errors; with `strict`, no warnings either), 1 (errors, or an
        input the model refuses), 3 (an input unreadable), 5 (a validator plugin failed)."""
        worst = ExitCode.OK
        for report in self.files:
            if report.status == "unreadable":
                worst = max(worst, ExitCode.UNREADABLE)
            for reported in report.findings:
                if reported.validator == ENGINE:
                    worst = max(worst, ExitCode.PLUGIN)
                elif reported.severity is Severity.ERROR or (
                    self.strict and reported.severity is Severity.WARNING
                ):
                    worst = max(worst, ExitCode.INVALID)
        return worst

    def summary(self) -> dict[str, int]:
        """Findings counted by severity (`errors`, `warnings`, `info`)."""
        counts = {"errors": 0, "warnings": 0, "info": 0}
        key = {"error": "errors", "warning": "warnings", "info": "info"}
        for report in self.files:
            for reported in report.findings:
                counts[key[reported.severity.value]] += 1
        return counts

    def lines(self, max_errors: int = 50, lang: str = "en") -> list[str]:
        """One line per finding (at most *max_errors*; 0: all), then the summary line; the
        words and the built-in layers' messages in *lang*."""
        w = words(lang)
        findings = [reported for report in self.files for reported in report.findings]
        shown = findings if max_errors == 0 else findings[:max_errors]
        lines = [reported.text(lang) for reported in shown]
        if len(shown) < len(findings):
            lines.append(w("more", n=len(findings) - len(shown)))
        return [*lines, self._summary_line(w)]

    def _summary_line(self, w: Words) -> str:
        """`0 errors, 7 warnings, 5 info in 1 file`, and how many inputs were not loaded."""
        counts = self.summary()
        summary = w(
            "summary",
            errors=counted(w, "errors", counts["errors"]),
            warnings=counted(w, "warnings", counts["warnings"]),
            info=counted(w, "info", counts["info"]),
            files=counted(w, "files", len(self.files)),
        )
        unreadable = sum(1 for report in self.files if report.status != "checked")
        if unreadable:
            summary += " " + w("not_loaded", n=unreadable)
        return summary

    def to_data(self, max_errors: int = 50) -> dict[str, Any]:
        """The report as the documented JSON object (`validate --format json`)."""
        budget = max_errors if max_errors else None
        entries, omitted = [], 0
        for report in self.files:
            findings = []
            for reported in report.findings:
                if budget is not None and budget <= 0:
                    omitted += 1
                    continue
                findings.append(reported.to_dict())
                if budget is not None:
                    budget -= 1
            entries.append({"file": report.name, "status": report.status, "findings": findings})
        summary: dict[str, int] = {"files": len(self.files), **self.summary()}
        summary["omitted"] = omitted
        summary["exit_code"] = int(self.exit_code)
        return {"files": entries, "summary": summary}


def check(inputs: Sequence[str], *, host: PluginHost, strict: bool = False) -> ValidationReport:
    """Validate *inputs* (none: the embedded program), each alone and all together."""
    files: list[FileReport] = []
    loaded: list[Input] = []
    if not inputs:
        embedded = embedded_input()
        files.append(FileReport(name=embedded.name))
        loaded.append(embedded)
    for path in inputs:
        try:
            loaded.append(read_input(path, host=host, display=path))
            files.append(FileReport(name=path))
        except DataError as error:  # report it in its place; validate the other files
            status = "unreadable" if error.exit_code == ExitCode.UNREADABLE else "invalid"
            findings = [from_problem(path, problem) for problem in error.problems]
            files.append(FileReport(name=path, status=status, findings=findings))
    results = iter(validate_many(loaded, host=host))
    for report in files:
        if report.status == "checked":
            report.findings = next(results)
    return ValidationReport(tuple(files), strict)
