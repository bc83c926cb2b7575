"""Every interface string the code uses, for the catalogs (`tools/i18n.py extract`) and the
test that walks each catalog against them.

Each string is known by a context (a stable key) and its English text, which is the gettext
message id. The tables stay next to the code that uses them; this module only gathers them.
"""

from __future__ import annotations


def interface_messages() -> dict[str, str]:
    """Context -> English text, for every string a catalog must translate."""
    from oas_program.model.forms import FORM_MESSAGES
    from oas_program.services.reports.catalog import REPORT_MESSAGES
    from oas_program.services.reports.overview import SHOW_MESSAGES
    from oas_program.services.reports.progress_report import PROGRESS_MESSAGES
    from oas_program.services.tracking.diff import DIFF_MESSAGES
    from oas_program.services.validation.words import VALIDATE_MESSAGES

    messages: dict[str, str] = {}
    tables = (
        REPORT_MESSAGES,
        FORM_MESSAGES,
        SHOW_MESSAGES,
        PROGRESS_MESSAGES,
        DIFF_MESSAGES,
        VALIDATE_MESSAGES,
        finding_messages(),
        rule_messages(),
    )
    for table in tables:
        for context, text in table.items():
            if messages.setdefault(context, text) != text:
                raise AssertionError(f"context {context!r} has two English texts")
    return messages


def finding_messages() -> dict[str, str]:
    """The templates of the built-in layers' (and the engine's) finding messages, with the
    words they fill in (`finding:*`, `language-name:*`, `script:*`, `kind-a:*`)."""
    from oas_program.builtin.validation.completeness import COMPLETENESS_MESSAGES
    from oas_program.builtin.validation.domain import DOMAIN_MESSAGES
    from oas_program.builtin.validation.identifiers import IDENTIFIERS_MESSAGES
    from oas_program.builtin.validation.references import REFERENCES_MESSAGES
    from oas_program.builtin.validation.schema_layer import SCHEMA_MESSAGES
    from oas_program.services.validation.engine import ENGINE_MESSAGES

    return {
        **ENGINE_MESSAGES,
        **SCHEMA_MESSAGES,
        **REFERENCES_MESSAGES,
        **DOMAIN_MESSAGES,
        **COMPLETENESS_MESSAGES,
        **IDENTIFIERS_MESSAGES,
    }


def rule_messages() -> dict[str, str]:
    """What each built-in rule checks and how to fix it (`rule:<code>:summary`, `...:fix`),
    as `validate --list-rules` prints them (whitespace folded)."""
    from oas_program.builtin.validation import (
        completeness,
        domain,
        identifiers,
        references,
        schema_layer,
    )
    from oas_program.services.validation.engine import ENGINE_RULES

    rules = list(ENGINE_RULES)
    for layer in (schema_layer, references, domain, completeness, identifiers):
        rules += [rule for validator in layer.oas_program_validators() for rule in validator.rules]
    return {
        f"rule:{rule.code}:{part}": " ".join(text.split())
        for rule in rules
        for part, text in (("summary", rule.summary), ("fix", rule.fix))
    }
