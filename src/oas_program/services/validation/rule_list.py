"""Every rule `validate` checks, as `oas-program validate --list-rules` prints it: a value
that formats itself (`lines()` for the terminal, `to_data()` for JSON), so that an installed
user reaches the rules from the command itself (`docs/rules.md` is the same table, in
Markdown, for the repository)."""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING, Any

import attrs

from oas_program.services.validation.engine import rules
from oas_program.services.validation.words import rule_text, words

if TYPE_CHECKING:
    from oas_program.plugins.host import PluginHost

WIDTH = 100
_OWN = ("built-in", "the validation engine")
"""Sources whose rules need no "from ..." in the listing."""


@attrs.frozen(kw_only=True)
class RuleEntry:
    """One rule as `validate --list-rules` lists it."""

    code: str
    severity: str
    layer: str
    """The validator that checks the rule (`engine` for the engine's own)."""
    source: str
    """`built-in`, `the validation engine`, or the plugin (distribution and version)."""
    summary: str
    """What the rule checks."""
    fix: str
    """How to fix data that breaks it."""


@attrs.frozen
class RuleList:
    """The rules in the validators' order."""

    entries: tuple[RuleEntry, ...]

    def lines(self, lang: str = "en") -> list[str]:
        """Per rule: `code (severity, layer)`, then what it checks and how to fix it,
        wrapped; then the number of rules. The words, and the built-in rules' summaries and
        fixes, in *lang*; codes and layers stay as they are."""
        w = words(lang)
        checks, fix = w("checks"), w("fix")
        # The two labels padded to one width, so that the wrapped text lines up under both.
        indent = " " * (2 + max(len(checks), len(fix)) + 1)
        out: list[str] = []
        for entry in self.entries:
            own = entry.source in _OWN
            layer = entry.layer if own else w("from", layer=entry.layer, source=entry.source)
            out.append(f"{entry.code} ({w(entry.severity)}, {layer})")
            for label, part, text in ((checks, "summary", entry.summary), (fix, "fix", entry.fix)):
                out += textwrap.wrap(
                    rule_text(lang, entry.code, part, text),
                    WIDTH,
                    initial_indent=f"  {label}".ljust(len(indent)),
                    subsequent_indent=indent,
                )
        out.append(w("rules", n=len(self.entries)))
        return out

    def to_data(self) -> list[dict[str, Any]]:
        """One object per rule: code, severity, layer, source, summary, fix."""
        return [attrs.asdict(entry) for entry in self.entries]


def rule_list(host: PluginHost) -> RuleList:
    """The rules of the engine and of every enabled validator plugin."""
    return RuleList(
        tuple(
            RuleEntry(
                code=rule.code,
                severity=rule.severity.value,
                layer=validator,
                source=source,
                summary=" ".join(rule.summary.split()),
                fix=" ".join(rule.fix.split()),
            )
            for rule, validator, source in rules(host)
        )
    )
