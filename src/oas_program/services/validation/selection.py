"""Which rules `validate` reports, and at which severity: the command line and the
`[tool.oas-program.validate]` table of `pyproject.toml`.

```toml
[tool.oas-program.validate]
select = ["references", "domain-"]          # only these rules (default: every rule)
ignore = ["summary-not-official", "popolo"]  # never these
severity = { declared-not-recorded = "error", "popolo-short-label" = "info" }
```

A selector is a rule code (`unknown-reference`), or a prefix of codes that ends at a
hyphen: `popolo` and `popolo-` both match `popolo-short-label` and `popolo-no-name`, never
`popolonia`. `ALL` matches every rule. A finding is reported when some `select` matches
its code (or `select` is empty) and no `ignore` does; `severity` gives the severity of
the matched rules (the most specific selector wins). A selector that matches no known rule
is an error (exit 2), so a typo or a plugin that failed to load does not silently turn a
check off. The engine's own findings (`plugin-error`, `plugin-contract`) and the problems
of an input that cannot be read are always reported.

The file is the first `pyproject.toml` holding a `[tool.oas-program]` table, looked for in
the current directory and then in each parent, as ruff and pytest do; `--config FILE`
names one, `--isolated` ignores it. On the command line `--select` replaces the file's
`select`, `--ignore` adds to its `ignore`, `--severity CODE=LEVEL` overrides it.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from oas_program.errors import UsageError
from oas_program.plugins.descriptors import Severity
from oas_program.services.validation.engine import ENGINE, LOAD

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from oas_program.services.validation.engine import Reported
    from oas_program.services.validation.report import ValidationReport

TABLE = "tool.oas-program.validate"
KEYS = ("select", "ignore", "severity")


def matches(selector: str, code: str) -> bool:
    """Whether *selector* (a code, a prefix ending at a hyphen, or `ALL`) matches *code*."""
    if selector == "ALL":
        return True
    stem = selector.rstrip("-")
    return code == stem or code.startswith(stem + "-")


def _specificity(selector: str) -> int:
    return -1 if selector == "ALL" else len(selector.rstrip("-"))


@attrs.frozen(kw_only=True)
class Selection:
    """The rules to report and the severities to give them."""

    select: tuple[str, ...] = ()
    """Empty: every rule."""
    ignore: tuple[str, ...] = ()
    severity: tuple[tuple[str, Severity], ...] = ()
    """(selector, severity) pairs."""
    origin: str = "the command line"
    """Where the selection came from, for messages (`pyproject.toml`)."""

    @property
    def is_default(self) -> bool:
        return not (self.select or self.ignore or self.severity)

    def reports(self, code: str) -> bool:
        """Whether findings of rule *code* are reported."""
        chosen = not self.select or any(matches(s, code) for s in self.select)
        return chosen and not any(matches(s, code) for s in self.ignore)

    def severity_of(self, code: str, default: Severity) -> Severity:
        """The severity findings of rule *code* get."""
        found = [(s, level) for s, level in self.severity if matches(s, code)]
        if not found:
            return default
        return max(found, key=lambda pair: _specificity(pair[0]))[1]

    def merged(
        self,
        *,
        select: Sequence[str] = (),
        ignore: Sequence[str] = (),
        severity: Sequence[tuple[str, Severity]] = (),
    ) -> Selection:
        """The command line over this (the file's) selection: `select` replaces, `ignore`
        adds, `severity` overrides."""
        return Selection(
            select=tuple(select) or self.select,
            ignore=(*self.ignore, *ignore),
            severity=(*self.severity, *severity),
            origin=self.origin if not (select or ignore or severity) else "the command line",
        )

    def check_codes(self, codes: Iterable[str]) -> None:
        """UsageError for a selector that matches none of *codes* (the known rules)."""
        known = sorted(set(codes))
        for key, selectors in (
            ("select", self.select),
            ("ignore", self.ignore),
            ("severity", tuple(s for s, _ in self.severity)),
        ):
            for selector in selectors:
                if not any(matches(selector, code) for code in known):
                    where = (
                        f"--{key}"
                        if self.origin == "the command line"
                        else f"{self.origin}: [{TABLE}] {key}"
                    )
                    raise UsageError(
                        f"{where}: '{selector}' matches no rule; "
                        "`oas-program validate --rules` lists them [unknown-rule]"
                    )

    def apply(self, report: ValidationReport) -> ValidationReport:
        """*report* with the findings of unselected rules left out and severities changed
        (the engine's findings and reading problems are kept as they are)."""
        from oas_program.services.validation.report import FileReport, ValidationReport

        if self.is_default:
            return report
        files = []
        for file_report in report.files:
            kept = [self._adjust(r) for r in file_report.findings if self._keeps(r)]
            files.append(
                FileReport(name=file_report.name, status=file_report.status, findings=kept)
            )
        return ValidationReport(tuple(files), report.strict)

    def _keeps(self, reported: Reported) -> bool:
        return reported.validator in (ENGINE, LOAD) or self.reports(reported.code)

    def _adjust(self, reported: Reported) -> Reported:
        if reported.validator in (ENGINE, LOAD):
            return reported
        level = self.severity_of(reported.code, reported.severity)
        if level is reported.severity:
            return reported
        return attrs.evolve(reported, finding=attrs.evolve(reported.finding, severity=level))


def parse_level(text: str, where: str) -> Severity:
    try:
        return Severity(text)
    except ValueError:
        levels = ", ".join(level.value for level in Severity)
        raise UsageError(f"{where}: {text!r} is not a severity ({levels})") from None


def parse_severity_option(item: str) -> tuple[str, Severity]:
    """`CODE=LEVEL` from `--severity`."""
    code, equals, level = item.partition("=")
    if not equals or not code.strip():
        raise UsageError(f"--severity takes CODE=LEVEL, not {item!r}")
    return code.strip(), parse_level(level.strip(), f"--severity {code.strip()}")


def split_selectors(values: Iterable[str]) -> tuple[str, ...]:
    """`--ignore a,b --ignore c` as `(a, b, c)`."""
    return tuple(part.strip() for value in values for part in value.split(",") if part.strip())


def find_config(start: Path) -> Path | None:
    """The first `pyproject.toml` holding a `[tool.oas-program]` table, in *start* or a
    parent directory; None when there is none."""
    for folder in (start, *start.parents):
        candidate = folder / "pyproject.toml"
        if candidate.is_file() and "oas-program" in _read_toml(candidate).get("tool", {}):
            return candidate
    return None


def _read_toml(path: Path) -> dict[str, Any]:
    import tomllib  # only where a pyproject.toml is found: most runs have none

    try:
        with open(path, "rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as error:
        raise UsageError(f"{path}: {error} [config-syntax]") from None
    except OSError as error:
        raise UsageError(f"{path}: cannot read: {error.strerror or error} [config]") from None


def load_config(path: Path) -> Selection:
    """The selection of `[tool.oas-program.validate]` in *path* (a `pyproject.toml`);
    UsageError naming the file and the key for anything it cannot use."""
    data = _read_toml(path)
    tool = data.get("tool", {}).get("oas-program", {})
    if not isinstance(tool, dict):
        raise UsageError(f"{path}: [tool.oas-program] must be a table [config]")
    unknown = sorted(set(tool) - {"validate"})
    if unknown:
        raise UsageError(
            f"{path}: [tool.oas-program]: unknown key '{unknown[0]}' (known: validate) [config]"
        )
    table = tool.get("validate", {})
    if not isinstance(table, dict):
        raise UsageError(f"{path}: [{TABLE}] must be a table [config]")
    unknown = sorted(set(table) - set(KEYS))
    if unknown:
        raise UsageError(
            f"{path}: [{TABLE}]: unknown key '{unknown[0]}' (known: {', '.join(KEYS)}) [config]"
        )
    lists = {}
    for key in ("select", "ignore"):
        value = table.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise UsageError(f"{path}: [{TABLE}] {key}: must be a list of rule codes [config]")
        lists[key] = tuple(value)
    levels = table.get("severity", {})
    if not isinstance(levels, dict):
        raise UsageError(f"{path}: [{TABLE}] severity: must be a table of CODE = LEVEL [config]")
    severity = tuple(
        (code, parse_level(str(level), f"{path}: [{TABLE}] severity.{code}"))
        for code, level in levels.items()
    )
    return Selection(
        select=lists["select"], ignore=lists["ignore"], severity=severity, origin=str(path)
    )


def configured(config: str | None, isolated: bool, cwd: Path | None = None) -> Selection:
    """The file's selection: *config* if given, else the one found from *cwd* upward
    (none with *isolated*)."""
    if isolated:
        return Selection()
    if config is not None:
        return load_config(Path(config))
    found = find_config(cwd or Path.cwd())
    return load_config(found) if found is not None else Selection()


def selection_for(
    config: Selection,
    select: Sequence[str],
    ignore: Sequence[str],
    severity: Sequence[str],
    known: Iterable[str],
) -> Selection:
    """The file's selection with the command line's over it, checked against *known*."""
    command_line = Selection(
        select=split_selectors(select),
        ignore=split_selectors(ignore),
        severity=tuple(parse_severity_option(item) for item in severity),
    )
    command_line.check_codes(known)
    config.check_codes(known)
    return config.merged(
        select=command_line.select, ignore=command_line.ignore, severity=command_line.severity
    )
