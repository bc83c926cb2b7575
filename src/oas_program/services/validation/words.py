"""The words of `validate`'s text reports, in English; the other languages come from the
catalogs (context `validate:<key>`). The JSON reports keep English: they are data for tools.

The findings' own messages are catalog templates too, kept next to the checks that make them
(`finding:<code>...`), and the rules' summaries and fixes are looked up by rule code
(`rule:<code>:summary`, `rule:<code>:fix`): see `oas_program.cli.messages`.
"""

from __future__ import annotations

from oas_program.i18n import Words, messages, plural, translate

VALIDATE_WORDS: dict[str, str] = {
    # Severities as a report line writes them (`a.json:3:5: /id: warning: ...`).
    "error": "error",
    "warning": "warning",
    "info": "info",
    "sources": "(sources: {ids})",
    # The summary line: `0 errors, 7 warnings, 5 info in 1 file`.
    "errors_one": "{n} error",
    "errors_other": "{n} errors",
    "warnings_one": "{n} warning",
    "warnings_other": "{n} warnings",
    "info_one": "{n} info",
    "info_other": "{n} info",
    "files_one": "{n} file",
    "files_other": "{n} files",
    "summary": "{errors}, {warnings}, {info} in {files}",
    "not_loaded": "({n} not loaded)",
    "more": "… and {n} more",
    # `validate --list-rules`.
    "checks": "checks:",
    "fix": "fix:",
    "from": "{layer}, from {source}",
    "rules": "{n} rules",
}
VALIDATE_MESSAGES = messages("validate", VALIDATE_WORDS)


def words(lang: str) -> Words:
    """The report's words in *lang*."""
    return Words("validate", VALIDATE_WORDS, lang)


def counted(w: Words, noun: str, count: int) -> str:
    """`1 error`, `2 errors` (`0 erreur` in French): *noun* is a key without its form."""
    return w(f"{noun}_{plural(w.lang, count)}", n=count)


def rule_text(lang: str, code: str, part: str, english: str) -> str:
    """A rule's summary or fix (*part*) in *lang*; a rule the catalogs do not know (a
    plugin's) keeps its English."""
    return translate(lang, f"rule:{code}:{part}", english)
