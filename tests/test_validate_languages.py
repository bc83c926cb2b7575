"""`validate --lang`: the text report and `--list-rules` in the four OAS languages.

Run through the installed `oas-program` script, as a user runs it: every rule's fixture and
the embedded program, in each language against English, line for line. Only the words
change: the places, pointers, codes, values and counts are the same, and the JSON reports
stay English.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from oas_program.i18n import translate
from oas_program.plugin_api import Finding, Rule
from oas_program.services.validation import Reported
from tests.test_i18n import TRANSLATED, _untranslated

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = Path(sys.executable).with_name("oas-program")
# Every rule's fixture: validated together, they also give the duplicate ids across files.
CORPUS = sorted(str(path) for path in (ROOT / "tests" / "corpus" / "validation").iterdir())
# `place: severity: message [code]`, the place ending at the pointer.
FINDING = re.compile(
    r"^(?P<place>.*?: /\S*): (?P<severity>error|warning|info): (?P<message>.*)"
    r" \[(?P<code>[a-z0-9-]+)\]$"
)

pytestmark = pytest.mark.skipif(not SCRIPT.exists(), reason="script not installed beside Python")


def validate(*args: str, lang: str | None = None, environ: dict[str, str] | None = None) -> str:
    """stdout of `oas-program validate ARGS [--lang LANG]`, in an English environment unless
    *environ* says otherwise."""
    env = {k: v for k, v in os.environ.items() if k not in ("LANGUAGE", "LC_ALL", "LC_MESSAGES")}
    env.update({"LANG": "C.UTF-8", "PYTHONIOENCODING": "utf-8"}, **(environ or {}))
    language = ["--lang", lang] if lang else []
    done = subprocess.run(
        [str(SCRIPT), "validate", *args, *language],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        check=False,
        timeout=300,
    )
    assert done.returncode in (0, 1), done.stderr
    return done.stdout


@pytest.fixture(scope="module")
def english() -> dict[str, str]:
    """The English reports, once: the embedded program, and every fixture together."""
    return {
        "embedded": validate(),
        "corpus": validate("--max-errors", "0", *CORPUS),
    }


def _same_but_the_words(english: str, translated: str, lang: str) -> None:
    english_lines, lines = english.splitlines(), translated.splitlines()
    assert len(lines) == len(english_lines)
    for english_line, line in zip(english_lines[:-1], lines[:-1], strict=True):
        found = FINDING.match(english_line)
        assert found is not None, english_line
        severity = translate(lang, f"validate:{found['severity']}", found["severity"])
        assert line.startswith(f"{found['place']}: {severity}: "), line
        assert line.endswith(f" [{found['code']}]"), line
        message = line.removeprefix(f"{found['place']}: {severity}: ")
        assert message != f"{found['message']} [{found['code']}]", line
    # The summary line counts the same findings and files.
    assert lines[-1] != english_lines[-1]
    assert re.findall(r"\d+", lines[-1]) == re.findall(r"\d+", english_lines[-1])


@pytest.mark.parametrize("lang", TRANSLATED)
@pytest.mark.parametrize("target", ["embedded", "corpus"])
def test_the_report_speaks_the_language_with_the_same_findings(
    english: dict[str, str], target: str, lang: str
) -> None:
    args = ("--max-errors", "0", *CORPUS) if target == "corpus" else ()
    translated = validate(*args, lang=lang)
    _same_but_the_words(english[target], translated, lang)
    assert _untranslated(_words(translated), lang) == []


# Findings whose message quotes another tool's English: the symbol parser's diagnosis (as
# `oas-program symbol` prints it) and jsonschema's. Their own words are translated; the
# quoted diagnosis is left out of the search below with them.
_QUOTING = ("[symbol-syntax]", "[schema-violation]")


def _words(report: str) -> str:
    """The findings' messages without the values they quote (ids, symbols, pointers, Unicode
    names), which are data: what must be in the language."""
    messages = [
        line.split(": ", 1)[1].rsplit(" [", 1)[0]
        for line in report.splitlines()[:-1]
        if ": /" in line and not line.endswith(_QUOTING)
    ]
    text = "\n".join(messages)
    return re.sub(r"'[^']*'|\"[^\"]*\"|U\+[0-9A-F]{4,}( [A-Z][A-Z -]*[A-Z])?|/\S+", " ", text)


def test_the_summary_line_counts_in_each_language(english: dict[str, str]) -> None:
    assert english["embedded"].splitlines()[-1] == "0 errors, 7 warnings, 5 info in 1 file"
    summaries = {lang: validate(lang=lang).splitlines()[-1] for lang in TRANSLATED}
    assert summaries == {  # French counts zero in the singular
        "es": "0 errores, 7 advertencias, 5 notas informativas en 1 archivo",
        "fr": "0 erreur, 7 avertissements, 5 informations dans 1 fichier",
        "pt": "0 erros, 7 avisos, 5 notas informativas em 1 arquivo",
    }


def test_the_language_comes_from_the_environment(english: dict[str, str]) -> None:
    portuguese = validate(environ={"LANG": "pt_BR.UTF-8"})
    assert portuguese == validate(lang="pt")
    assert validate(lang="en", environ={"LANG": "pt_BR.UTF-8"}) == english["embedded"]


@pytest.mark.parametrize("lang", TRANSLATED)
def test_the_json_report_stays_english(lang: str) -> None:
    arguments = ("--json", "--max-errors", "0", *CORPUS[:4])
    assert validate(*arguments, lang=lang) == validate(*arguments)


def test_shown_findings_and_the_more_line_follow_max_errors() -> None:
    spanish = validate("--max-errors", "2", *CORPUS, lang="es").splitlines()
    assert len(spanish) == 4
    assert re.fullmatch(r"… y \d+ más", spanish[2])


@pytest.mark.parametrize("lang", TRANSLATED)
def test_list_rules_speaks_the_language(lang: str) -> None:
    english = validate("--list-rules")
    translated = validate("--list-rules", lang=lang)
    heads = [line.split(" (")[0] for line in english.splitlines() if not line.startswith(" ")]
    assert [line.split(" (")[0] for line in translated.splitlines() if not line.startswith(" ")][
        :-1
    ] == heads[:-1]  # the same rules, in the same order; the last line counts them
    # What each rule checks and how to fix it; the codes, layers and variables are not words.
    described = [line for line in translated.splitlines() if line.startswith(" ")]
    assert _untranslated(re.sub(r"\S*=\S*", " ", "\n".join(described)), lang) == []
    entries = json.loads(validate("--list-rules", "--json"))
    assert validate("--list-rules", "--json", lang=lang) == validate("--list-rules", "--json")
    for entry in entries:  # every built-in rule's summary reads differently
        assert " ".join(entry["summary"].split()[:4]) not in translated


def test_a_plugin_finding_keeps_its_own_message_in_every_language() -> None:
    rule = Rule(code="popolo-name", severity="warning", summary="...", fix="...")
    reported = Reported(input="a.json", finding=rule.finding("sin nombre", "/actors/0"))
    assert (
        reported.text() == str(reported) == "a.json: /actors/0: warning: sin nombre [popolo-name]"
    )
    assert reported.text("fr") == "a.json: /actors/0: avertissement: sin nombre [popolo-name]"


def test_a_built_in_finding_keeps_english_as_its_message() -> None:
    from oas_program.builtin.validation.domain import _TEXT, MEMBER_STATE_ISO

    finding = MEMBER_STATE_ISO.finding(_TEXT("member-state-iso:missing", actor="mex"), "/actors/0")
    english = "member state 'mex' has no `iso3`; add its ISO 3166-1 alpha-3 code"
    assert finding.message == english and finding.text("en") == english
    assert finding.text("es") == (
        "el Estado Miembro 'mex' no tiene `iso3`; agregue su código ISO 3166-1 alfa-3"
    )
    # The template is how the message is shown, not what the finding is: a finding made from
    # the English text alone is the same finding.
    assert finding == Finding(
        code="member-state-iso", severity="error", message=english, pointer="/actors/0"
    )
