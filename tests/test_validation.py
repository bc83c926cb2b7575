"""Validation: every rule triggered from a fixture at an exact place; the command; plugins."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from pathlib import Path

import attrs
import pytest
from click.testing import CliRunner, Result

from oas_program import hookimpl, model, pipeline
from oas_program.builtin.validation import schema_layer
from oas_program.builtin.validation.references import REFERENCE_TARGETS, reference_fields
from oas_program.cli import cli
from oas_program.errors import PluginError
from oas_program.files import positions
from oas_program.files.canonical import default_program
from oas_program.model import Program
from oas_program.model.convert import program_to_data
from oas_program.plugin_api import Finding, Loaded, Location, Rule, Severity, Validator
from oas_program.plugins.host import PluginHost
from oas_program.services import validation

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "corpus" / "validation"
RULES_DOC = ROOT / "docs" / "rules.md"


def host(*plugins: tuple[str, object], strict: bool = True) -> PluginHost:
    return PluginHost(entrypoints=False, plugins=list(plugins), strict=strict)


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


def found(reports: list[validation.Reported]) -> list[tuple[str, str, int | None, int | None]]:
    return [(r.code, r.finding.pointer, r.line, r.column) for r in reports]


# ---- one fixture per rule: (code, pointer, line, column), in report order -----------------

CASES: dict[str, list[tuple[str, str, int, int]]] = {
    "schema-violation.json": [
        ("schema-violation", "/format_version", 2, 21),
    ],
    "unknown-reference.json": [
        ("unknown-reference", "/objectives/1/parent", 49, 17),
        ("unknown-reference", "/activities/0/assignments/1/actor", 76, 20),
        ("unknown-reference", "/based_on/1", 115, 5),
    ],
    "reference-kind.json": [
        ("reference-kind", "/activities/0/objectives/0", 38, 9),
        ("reference-kind", "/activities/0/sources/0", 41, 9),
    ],
    "duplicate-id.json": [
        ("duplicate-id", "/resolutions/0/id", 39, 13),
        ("duplicate-id", "/meetings/0/id", 57, 13),
        # The first 'res-adoption' is an actor: the program's adopted_by now names an actor.
        ("reference-kind", "/adopted_by", 11, 17),
    ],
    "cycle.json": [
        ("cycle", "/objectives/0/parent", 31, 17),
        ("cycle", "/actors/1/parent", 56, 17),
        ("cycle", "/actors/3/parent", 80, 17),
    ],
    "gs-activity-not-gs-area.json": [
        ("gs-activity-not-gs-area", "/activities/0/assignments/1/actor", 37, 20),
        ("gs-activity-not-gs-area", "/activities/1/assignments/0/actor", 61, 20),
    ],
    "gs-activity-unassigned.yaml": [
        ("gs-activity-unassigned", "/activities/0", 8, 5),
    ],
    "member-state-iso.json": [
        ("member-state-iso", "/actors/0", 14, 5),
        ("member-state-iso", "/actors/2/iso3", 59, 15),
    ],
    "member-state-membership.json": [
        # Cuba's three periods (1962 and 2009-06-03 shared by an end and a start) are fine.
        ("member-state-membership", "/actors/0", 14, 5),
        ("member-state-membership", "/actors/2/memberships/1", 71, 9),
        ("member-state-membership", "/actors/3/memberships", 87, 22),
    ],
    "symbol-syntax.json": [
        ("symbol-syntax", "/resolutions/1/symbol", 22, 17),
        ("symbol-syntax", "/resolutions/2/symbol", 27, 17),
        ("symbol-syntax", "/documents/0/symbol", 44, 17),
    ],
    "symbol-not-canonical.json": [
        ("symbol-not-canonical", "/resolutions/1/symbol", 22, 17),
        ("symbol-syntax", "/sources/1/symbol", 36, 17),
    ],
    "symbol-session-year.json": [
        ("symbol-session-year", "/resolutions/1/symbol", 22, 17),
    ],
    "symbol-date-year.json": [
        ("symbol-date-year", "/resolutions/1/date", 24, 15),
    ],
    "added-before-adoption.yaml": [
        ("added-before-adoption", "/activities/0/added/date", 17, 13),
        ("added-before-adoption", "/activities/1/added/meeting", 26, 16),
        ("added-before-adoption", "/activities/1/added/resolution", 27, 19),
    ],
    "adoption-mismatch.json": [
        ("adoption-mismatch", "/adopted_by", 11, 17),
        ("adoption-mismatch", "/adopted_on", 12, 17),
    ],
    "nested-references.json": [
        # Ids inside nested values: assignments, mandate, addition, notes, memberships,
        # evidence; unknown in the first activity and observation, of the wrong kind in the
        # second.
        ("reference-kind", "/activities/1/assignments/0/actor", 78, 20),
        ("reference-kind", "/activities/1/mandate/resolution", 82, 23),
        ("reference-kind", "/activities/1/added/meeting", 86, 20),
        ("reference-kind", "/activities/1/added/resolution", 87, 23),
        ("reference-kind", "/activities/1/added/sources/0", 89, 11),
        ("reference-kind", "/activities/1/notes/0/sources/0", 97, 13),
        ("reference-kind", "/actors/0/memberships/1/sources/0", 128, 13),
        ("reference-kind", "/observations/1/evidence/0/document", 187, 23),
        ("reference-kind", "/notes/0/sources/1", 198, 9),
        ("unknown-reference", "/activities/0/assignments/0/actor", 34, 20),
        ("unknown-reference", "/activities/0/mandate/resolution", 38, 23),
        ("unknown-reference", "/activities/0/added/meeting", 42, 20),
        ("unknown-reference", "/activities/0/added/resolution", 43, 23),
        ("unknown-reference", "/activities/0/added/sources/0", 45, 11),
        ("unknown-reference", "/activities/0/notes/0/sources/0", 53, 13),
        ("unknown-reference", "/actors/0/memberships/0/sources/0", 121, 13),
        ("unknown-reference", "/observations/0/evidence/0/document", 173, 23),
        ("unknown-reference", "/notes/0/sources/0", 197, 9),
    ],
    "objective-unserved.json": [
        ("objective-unserved", "/objectives/4", 87, 5),
    ],
    "declared-not-recorded.json": [
        ("declared-not-recorded", "/declarations/0", 98, 5),
        ("declared-not-recorded", "/declarations/1", 116, 5),
    ],
    "recorded-exceeds-declared.json": [
        ("conflicting-declarations", "/declarations/1", 113, 5),
        ("recorded-exceeds-declared", "/declarations/0", 95, 5),
        ("recorded-exceeds-declared", "/declarations/1", 113, 5),
    ],
    "conflicting-declarations.json": [
        ("conflicting-declarations", "/declarations/1", 89, 5),
        ("declared-not-recorded", "/declarations/2", 107, 5),
    ],
    "confirmed-without-source.json": [
        # The confirmed note with a source and the uncertain one without are fine.
        ("confirmed-without-source", "/actors/0/notes/1", 50, 9),
        ("confirmed-without-source", "/declarations/0", 65, 5),
        ("confirmed-without-source", "/notes/0", 82, 5),
    ],
    "missing-language.json": [
        ("missing-language", "/sources/0/title", 35, 16),
        ("official-form-unknown", "/title", 4, 12),
        ("official-form-unknown", "/title", 4, 12),
    ],
    "summary-only.json": [
        ("summary-only", "/objectives/0", 14, 5),
        ("summary-only", "/activities/1", 51, 5),
    ],
    "official-field-summary.json": [
        ("official-field-summary", "/activities/0/text/status", 26, 19),
        ("official-field-summary", "/actors/0/name/status", 44, 19),
    ],
    "invisible-char.json": [
        ("invisible-char", "/actors/0/role/en", 26, 15),
        ("invisible-char", "/actors/0/role/es", 27, 15),
        ("invisible-char", "/actors/0/role/fr", 28, 15),
        ("invisible-char", "/actors/0/role/pt", 29, 15),
        ("invisible-char", "/sources/0/title/en", 45, 44),
    ],
    "bidi-control.json": [
        ("bidi-control", "/activities/0/label/en", 16, 44),
    ],
    "control-char.json": [
        ("control-char", "/actors/0/name/fr", 21, 15),
    ],
    "mixed-script.json": [
        ("mixed-script", "/actors/0/name/en", 19, 15),
        ("mixed-script", "/actors/0/acronym/en", 26, 15),
        ("mixed-script", "/actors/0/acronym/es", 27, 15),
        ("mixed-script", "/actors/0/acronym/fr", 28, 15),
        ("mixed-script", "/actors/0/acronym/pt", 29, 15),
        # A Cyrillic A also keeps the symbol from parsing.
        ("mixed-script", "/resolutions/1/symbol", 42, 17),
        ("symbol-syntax", "/resolutions/1/symbol", 42, 17),
    ],
    "url-scheme.json": [
        ("url-scheme", "/resolutions/0/url", 19, 14),
        ("url-scheme", "/sources/1/url", 33, 14),
        ("url-scheme", "/sources/2/url", 39, 14),
        ("url-scheme", "/sources/3/url", 45, 14),
    ],
}

# The message of every finding of the fixtures above, in the same order: the part a
# person acts on, so it is asserted whole.
MESSAGES: dict[str, list[str]] = {
    "added-before-adoption.yaml": [
        (
            "activity 'act-early' is marked as added on 2005-01, not after the program's adoption "
            "(2005-06-07); correct the date, or remove `added` if the activity belongs to the "
            "program as adopted"
        ),
        (
            "activity 'act-meeting' was added by meeting 'wg-2004', held on 2004-09-30, not after "
            "the program's adoption (2005-06-07); correct the date, or remove `added` if the "
            "activity belongs to the program as adopted"
        ),
        (
            "activity 'act-meeting' was added by resolution 'res-adoption', dated 2005-06-07, not "
            "after the program's adoption (2005-06-07); correct the date, or remove `added` if the"
            " activity belongs to the program as adopted"
        ),
    ],
    "adoption-mismatch.json": [
        (
            "`adopted_by` names 'res-1928', whose role is mandate, not adoption; point it at the "
            "adopting resolution or correct that resolution's role"
        ),
        (
            "`adopted_on` is 2005-06-07, but the adopting resolution 'res-1928' is dated "
            "2003-06-10; make the two dates agree"
        ),
    ],
    "bidi-control.json": [
        (
            "bidi control U+202E RIGHT-TO-LEFT OVERRIDE at character 10 (and 1 more); delete it: "
            "it reorders how the text displays"
        ),
    ],
    "conflicting-declarations.json": [
        (
            "declarations 'gs-about-1' (about 1) and 'gs-exactly-1' (1) count the activities for "
            "General Secretariat and other OAS organs, agencies and entities differently; keep "
            "both with their sources until one is confirmed, then say which holds in a note"
        ),
        (
            "1 activity declared for Member states (program as adopted); 0 recorded, 1 not "
            "recorded: record them when their text is found, and leave the gap open until then"
        ),
    ],
    "control-char.json": [
        "control character U+0007 at character 6; delete it or replace it with a space",
    ],
    "cycle.json": [
        "cycle: general → general (objective parents); remove or correct one `parent`",
        "cycle: b → c → b (actor parents); remove or correct one `parent`",
        "cycle: d → d (actor parents); remove or correct one `parent`",
    ],
    "declared-not-recorded.json": [
        (
            "3 activities declared for General Secretariat and other OAS organs, agencies and "
            "entities (program as adopted); 1 recorded, 2 not recorded: record them when their "
            "text is found, and leave the gap open until then"
        ),
        (
            "more than 100 activities declared for Member states (program as adopted); 0 recorded,"
            " more than 100 not recorded: record them when their text is found, and leave the gap "
            "open until then"
        ),
    ],
    "duplicate-id.json": [
        (
            "id 'res-adoption' is already used at /actors/1; ids must be unique across all "
            "collections: rename one and update its references"
        ),
        (
            "id 'iachr' is already used at /actors/0; ids must be unique across all collections: "
            "rename one and update its references"
        ),
        (
            "'res-adoption' is an actor (/actors/1), but this field names a resolution; point it "
            "at a resolution"
        ),
    ],
    "gs-activity-not-gs-area.json": [
        (
            "activity 'act-1' is for the OAS organs, agencies and entities (addressee oas), but "
            "'iom' is of kind multilateral; assign an OAS actor (gs-area, oas-organ or "
            "specialized-organization) or correct the addressee"
        ),
        (
            "activity 'act-2' is for the OAS organs, agencies and entities (addressee oas), but "
            "'mex' is of kind member-state; assign an OAS actor (gs-area, oas-organ or "
            "specialized-organization) or correct the addressee"
        ),
    ],
    "gs-activity-unassigned.yaml": [
        (
            "activity 'act-1' is for the General Secretariat but names no assigned area; add the "
            "area the sources list it under"
        ),
    ],
    "invisible-char.json": [
        "invisible character U+200B ZERO WIDTH SPACE at character 8; delete it",
        "invisible character U+200B ZERO WIDTH SPACE at character 8; delete it",
        "invisible character U+200B ZERO WIDTH SPACE at character 8; delete it",
        "invisible character U+200B ZERO WIDTH SPACE at character 8; delete it",
        "invisible character U+00AD SOFT HYPHEN at character 2 (and 1 more); delete it",
    ],
    "member-state-iso.json": [
        "member state 'mex' has no `iso3`; add its ISO 3166-1 alpha-3 code",
        "'arg-again' has the ISO code ARG of 'arg'; correct one of them",
    ],
    "member-state-membership.json": [
        (
            "member state 'mex' has no membership period; add the periods the sources give (a "
            "start or end may stay unknown)"
        ),
        (
            "membership 1 of 'arg' overlaps membership 0; correct the start and end dates so that "
            "periods follow each other"
        ),
        (
            "'iom' is of kind multilateral but has memberships; only member states have membership"
            " periods: remove them or correct the kind"
        ),
    ],
    "missing-language.json": [
        "French (fr) is missing from 1 of 1 texts in our words, starting here; translate them",
        (
            "the official French (fr) form of 2 of 2 official names and texts is not known, "
            "starting here; add it when an OAS document in that language gives it"
        ),
        (
            "the official Portuguese (pt) form of 1 of 2 official names and texts is not known, "
            "starting here; add it when an OAS document in that language gives it"
        ),
    ],
    "mixed-script.json": [
        (
            "'Inter-Аmerican Commission' mixes scripts: U+0410 CYRILLIC CAPITAL LETTER A among "
            "Latin letters; retype it in one script"
        ),
        (
            "'ΙACHR' mixes scripts: U+0399 GREEK CAPITAL LETTER IOTA among Latin letters; retype "
            "it in one script"
        ),
        (
            "'ΙACHR' mixes scripts: U+0399 GREEK CAPITAL LETTER IOTA among Latin letters; retype "
            "it in one script"
        ),
        (
            "'ΙACHR' mixes scripts: U+0399 GREEK CAPITAL LETTER IOTA among Latin letters; retype "
            "it in one script"
        ),
        (
            "'ΙACHR' mixes scripts: U+0399 GREEK CAPITAL LETTER IOTA among Latin letters; retype "
            "it in one script"
        ),
        (
            "'АG/RES. 2224 (XXXVI-O/06)' mixes scripts: U+0410 CYRILLIC CAPITAL LETTER A among "
            "Latin letters; retype it in one script"
        ),
        (
            "'АG/RES. 2224 (XXXVI-O/06)' is not a recognised OAS or UN document symbol: contains "
            "'А' (U+0410 CYRILLIC CAPITAL LETTER A), a letter of the Cyrillic script that looks "
            "like the Latin 'A'; symbols are written in Latin letters: retype it; correct it as "
            "printed on the document"
        ),
    ],
    "objective-unserved.json": [
        (
            "specific objective 'specific-alone' is served by no activity; list it in the "
            "`objectives` of the activities that serve it when a source says which"
        ),
    ],
    "official-field-summary.json": [
        (
            "`text` holds official wording but this text is marked summary; put our words in the "
            "summary field and keep official wording here"
        ),
        (
            "`name` holds official wording but this text is marked summary; put our words in the "
            "summary field and keep official wording here"
        ),
    ],
    "recorded-exceeds-declared.json": [
        (
            "declarations 'gs-1' (1) and 'gs-almost-2' (almost 2) count the activities for General"
            " Secretariat and other OAS organs, agencies and entities differently; keep both with "
            "their sources until one is confirmed, then say which holds in a note"
        ),
        (
            "1 activity declared for General Secretariat and other OAS organs, agencies and "
            "entities (program as adopted); 2 recorded, more than the count allows: look for "
            "duplicates, and mark later additions with `added`"
        ),
        (
            "almost 2 activities declared for General Secretariat and other OAS organs, agencies "
            "and entities (program as adopted); 2 recorded, more than the count allows: look for "
            "duplicates, and mark later additions with `added`"
        ),
    ],
    "reference-kind.json": [
        (
            "'iachr' is an actor (/actors/0), but this field names an objective; point it at an "
            "objective"
        ),
        "'iachr' is an actor (/actors/0), but this field names a source; point it at a source",
    ],
    "schema-violation.json": [
        (
            "'1' does not match '^1\\\\.[0-9]+$' (schema: properties/format_version/pattern); "
            "change the value to fit the schema"
        ),
    ],
    "summary-only.json": [
        (
            "1 of 1 objectives have only our summary, no official wording, starting here; add "
            "`text` (status official) where the wording is found"
        ),
        (
            "1 of 2 activities have only our summary, no official wording, starting here; add "
            "`text` (status official) where the wording is found"
        ),
    ],
    "symbol-date-year.json": [
        (
            "resolution 'res-2224' is dated 2007-06-06, but its symbol 'AG/RES. 2224 (XXXVI-O/06)'"
            " gives the year 2006; correct the date or the symbol"
        ),
    ],
    "symbol-not-canonical.json": [
        (
            "'AG/RES 1928 (XXXIII-0/03)' is not written in canonical form; write 'AG/RES. 1928 "
            "(XXXIII-O/03)'"
        ),
        (
            "'cp/doc.3984/05' is not a recognised OAS or UN document symbol: symbols are written "
            "in capitals (did you mean 'CP/doc.3984/05'?); correct it as printed on the document"
        ),
    ],
    "symbol-session-year.json": [
        (
            "'AG/RES. 2224 (XXXV-O/06)': regular session XXXV of the General Assembly met in 2005,"
            " not 2006; correct the session or the year"
        ),
    ],
    "symbol-syntax.json": [
        (
            "'AG/RES. abc' is not a recognised OAS or UN document symbol: a number (0-9) must "
            "follow 'RES.'; correct it as printed on the document"
        ),
        (
            "'CP/doc.3984/05' is not a resolution symbol (no RES or DEC); give the resolution's "
            "own symbol, or record this document under `documents`"
        ),
        (
            "'not a symbol' is not a recognised OAS or UN document symbol; correct it as printed "
            "on the document"
        ),
    ],
    "unknown-reference.json": [
        "'obj-missing' is not the id of any objective; correct the id or add the objective",
        "'nobody' is not the id of any actor; correct the id or add the actor",
        "'src-missing' is not the id of any source; correct the id or add the source",
    ],
    "nested-references.json": [
        "'mtg-1' is a meeting (/meetings/0), but this field names an actor; point it at an actor",
        (
            "'mtg-1' is a meeting (/meetings/0), but this field names a resolution; point it at a "
            "resolution"
        ),
        (
            "'res-adoption' is a resolution (/resolutions/0), but this field names a meeting; "
            "point it at a meeting"
        ),
        (
            "'mtg-1' is a meeting (/meetings/0), but this field names a resolution; point it at a "
            "resolution"
        ),
        "'mex' is an actor (/actors/0), but this field names a source; point it at a source",
        "'mtg-1' is a meeting (/meetings/0), but this field names a source; point it at a source",
        (
            "'res-adoption' is a resolution (/resolutions/0), but this field names a source; point"
            " it at a source"
        ),
        (
            "'mtg-1' is a meeting (/meetings/0), but this field names a document; point it at a "
            "document"
        ),
        "'mtg-1' is a meeting (/meetings/0), but this field names a source; point it at a source",
        "'nobody' is not the id of any actor; correct the id or add the actor",
        "'res-missing' is not the id of any resolution; correct the id or add the resolution",
        "'mtg-missing' is not the id of any meeting; correct the id or add the meeting",
        "'res-missing' is not the id of any resolution; correct the id or add the resolution",
        "'src-missing' is not the id of any source; correct the id or add the source",
        "'src-missing' is not the id of any source; correct the id or add the source",
        "'src-missing' is not the id of any source; correct the id or add the source",
        "'doc-missing' is not the id of any document; correct the id or add the document",
        "'src-missing' is not the id of any source; correct the id or add the source",
    ],
    "confirmed-without-source.json": [
        (
            "note is marked confirmed but cites no source; add the sources that state it, or "
            "mark it uncertain"
        ),
        "declaration 'gs-0' states a count but cites no source; add the source that states it",
        (
            "note is marked confirmed but cites no source; add the sources that state it, or "
            "mark it uncertain"
        ),
    ],
    "url-scheme.json": [
        (
            "'javascript:alert(1)' is not an http or https address (scheme 'javascript'); the "
            "exports show it as text, not as a link"
        ),
        (
            "'ftp://ftp.oas.org/pub/ag-res-2141.pdf' is not an http or https address (scheme "
            "'ftp'); the exports show it as text, not as a link"
        ),
        (
            "'https://www.oas.org/<script>' cannot become a link: it holds '<' (U+003C); the "
            "exports show it as text, not as a link"
        ),
        (
            "'www.oas.org/dil' is not an http or https address (no scheme); the exports show it "
            "as text, not as a link"
        ),
    ],
}
# Rules triggered by the tests below rather than by a corpus file of their own.
TESTED_ELSEWHERE = {
    "duplicate-id": "test_duplicate_ids_across_files",
    "plugin-error": "test_a_raising_validator_is_isolated",
    "plugin-contract": "test_a_validator_breaking_its_contract_is_reported",
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_rule_fixture_gives_exact_findings(name: str) -> None:
    the_host = host()
    item = validation.read_input(CORPUS / name, host=the_host, display=name)
    reports = validation.validate(item, host=the_host)
    assert found(reports) == CASES[name]
    assert [r.finding.message for r in reports] == MESSAGES[name]
    assert {r.file for r in reports} == {name}
    # Every message says what to do, after a semicolon or colon.
    assert all(";" in r.finding.message or ": " in r.finding.message for r in reports)


def test_every_fixture_has_its_messages() -> None:
    assert sorted(MESSAGES) == sorted(CASES)
    assert all(len(MESSAGES[name]) == len(CASES[name]) for name in CASES)


def test_every_rule_is_triggered_by_a_test() -> None:
    codes = {rule.code for rule, _, _ in validation.rules(host())}
    triggered = {code for expected in CASES.values() for code, *_ in expected}
    assert codes == triggered | set(TESTED_ELSEWHERE)


def test_the_base_fixture_is_clean() -> None:
    assert validation.validate(validation.read_input(CORPUS / "base.json"), host=host()) == []


def test_every_layer_has_a_fixture() -> None:
    layers = {validator for rule, validator, _ in validation.rules(host())}
    assert layers == {"engine", "schema", "references", "domain", "completeness", "identifiers"}
    by_layer = {rule.code: validator for rule, validator, _ in validation.rules(host())}
    covered = {by_layer[code] for expected in CASES.values() for code, *_ in expected}
    assert covered == layers - {"engine"}


# ---- the embedded program ----------------------------------------------------------------

EMBEDDED_FINDINGS = [
    ("conflicting-declarations", "/declarations/2", ("src-dil-program", "src-dil-work-plan")),
    ("declared-not-recorded", "/declarations/0", ("src-dil-program",)),
    ("declared-not-recorded", "/declarations/1", ("src-dil-program",)),
    ("declared-not-recorded", "/declarations/2", ("src-dil-work-plan",)),
    ("objective-unserved", "/objectives/3", ()),
    ("objective-unserved", "/objectives/4", ()),
    ("objective-unserved", "/objectives/5", ()),
    ("official-form-unknown", "/title", ()),
    ("official-form-unknown", "/title", ()),
    ("official-form-unknown", "/actors/15/acronym", ()),
    ("summary-only", "/objectives/0", ()),
    ("summary-only", "/activities/0", ()),
]


def declaration_line(number: int) -> int:
    """The line of the embedded program where declaration *number* opens (the line before
    its id, as the canonical writer puts it)."""
    text = (ROOT / "src" / "oas_program" / "data" / "program.json").read_text(encoding="utf-8")
    ident = json.loads(text)["declarations"][number]["id"]
    return text.splitlines().index(f'      "id": "{ident}",')


def test_embedded_program_reports_its_gaps_with_their_sources() -> None:
    reports = validation.validate(validation.embedded_input(), host=host())
    assert [(r.code, r.finding.pointer, r.finding.sources) for r in reports] == EMBEDDED_FINDINGS
    assert all(r.severity is not Severity.ERROR for r in reports)
    gs = reports[1]
    assert "33 activities declared" in gs.finding.message
    assert "23 recorded, 10 not recorded" in gs.finding.message
    assert (gs.file, gs.line, gs.column) == ("<embedded program.json>", declaration_line(0), 5)
    # Every confirmed note and every declared count cites its source.
    assert "confirmed-without-source" not in {r.code for r in reports}


def test_validate_command_on_the_embedded_program_exits_0() -> None:
    result = run("validate")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[-1] == "0 errors, 7 warnings, 5 info in 1 file"
    assert lines[1] == (
        f"<embedded program.json>:{declaration_line(0)}:5: /declarations/0: warning: 33 "
        "activities declared for "
        "General Secretariat and other OAS organs, agencies and entities (program as adopted); "
        "23 recorded, 10 not recorded: record them when their text is found, and leave the gap "
        "open until then (sources: src-dil-program) [declared-not-recorded]"
    )
    assert lines[0].startswith(
        f"<embedded program.json>:{declaration_line(2)}:5: /declarations/2: warning: "
    )
    assert "'other-activities-almost-70' (almost 70)" in lines[0]
    assert "'other-activities-more-than-100' (more than 100)" in lines[0]
    # Grouped by rule: codes appear in sorted runs.
    codes = [line.rsplit("[", 1)[1].rstrip("]") for line in lines[:-1]]
    assert codes == sorted(codes)


def test_strict_makes_warnings_fail() -> None:
    assert run("validate", "--strict").exit_code == 1


def test_json_output_is_the_documented_structure() -> None:
    result = run("validate", "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert list(data) == ["files", "summary"]
    assert data["summary"] == {
        "files": 1,
        "errors": 0,
        "warnings": 7,
        "info": 5,
        "omitted": 0,
        "exit_code": 0,
    }
    (entry,) = data["files"]
    assert list(entry) == ["file", "status", "findings"]
    assert (entry["file"], entry["status"]) == ("<embedded program.json>", "checked")
    first = entry["findings"][1]
    assert list(first) == [
        "code",
        "severity",
        "message",
        "file",
        "line",
        "column",
        "place",
        "pointer",
        "sources",
    ]
    assert first["code"] == "declared-not-recorded"
    assert (first["line"], first["column"], first["pointer"]) == (
        declaration_line(0),
        5,
        "/declarations/0",
    )
    assert first["sources"] == ["src-dil-program"]


def test_max_errors_shows_the_first_and_counts_the_rest() -> None:
    lines = run("validate", "--max-errors", "2").stdout.splitlines()
    assert len(lines) == 4
    assert lines[2] == "… and 10 more"
    assert lines[3] == "0 errors, 7 warnings, 5 info in 1 file"
    data = json.loads(run("validate", "--max-errors", "3", "--format", "json").stdout)
    assert len(data["files"][0]["findings"]) == 3
    assert data["summary"]["omitted"] == 9
    assert len(run("validate", "--max-errors", "0").stdout.splitlines()) == 13


# ---- several files, broken files ---------------------------------------------------------


def test_duplicate_ids_across_files() -> None:
    a, b = CORPUS / "duplicate-across-a.json", CORPUS / "duplicate-across-b.yaml"
    # Each file is clean on its own.
    for path in (a, b):
        assert run("validate", str(path)).exit_code == 0
    result = run("validate", str(a), str(b))
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        f"{b}:10:9: /actors/1/id: error: duplicate id 'iachr' ({a}:15:13, {b}:10:9); ids must "
        "be unique across the files validated together: rename one [duplicate-id]",
        "1 error, 0 warnings, 0 info in 2 files",
    ]


def test_an_unreadable_file_does_not_stop_the_others(tmp_path: Path) -> None:
    missing = tmp_path / "missing.json"
    result = run("validate", str(missing), str(CORPUS / "schema-violation.json"))
    assert result.exit_code == 3  # the worst: unreadable (3) over invalid (1)
    lines = result.stdout.splitlines()
    assert lines[0] == f"{missing}: cannot read: No such file or directory [input-unreadable]"
    assert lines[1].endswith("[schema-violation]")
    assert lines[2] == "2 errors, 0 warnings, 0 info in 2 files (1 not loaded)"


def test_a_file_the_model_refuses_is_invalid(tmp_path: Path) -> None:
    data = json.loads((CORPUS / "base.json").read_text(encoding="utf-8"))
    data["resolutions"][0]["role"] = "everything"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data), encoding="utf-8")
    result = run("validate", "--format", "json", str(bad))
    assert result.exit_code == 1
    entry = json.loads(result.stdout)["files"][0]
    assert entry["status"] == "invalid"
    assert [(f["code"], f["pointer"]) for f in entry["findings"]] == [
        ("codelist", "/resolutions/0/role")
    ]


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        ("bad.json", '{"format_version": "1.0",\n "id": }', "bad.json:2:8: Expecting value"),
        ("bad.yaml", "id: a\nid: b\n", "bad.yaml:2:1: duplicate key 'id' (first at line 1)"),
        (
            "bad.yaml",
            "format_version: '1.0'\nid: Bad Id\ntitle: {status: official, en: T}\nadopted_by: r\n",
            "bad.yaml:2:5: /id: 'Bad Id' is not a valid id",
        ),
    ],
)
def test_broken_json_and_yaml_give_located_findings(
    tmp_path: Path, name: str, text: str, expected: str
) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    result = run("validate", str(path))
    assert result.exit_code in (1, 3)
    assert result.stdout.startswith(f"{tmp_path}/{expected}")


def _importer_cases() -> Iterator[tuple[str, str]]:
    for name, entries in PluginHost(entrypoints=False).importers().items():
        for suffix in entries[0].item.suffixes:
            yield name, suffix


@pytest.mark.parametrize(("importer", "suffix"), sorted(_importer_cases()))
def test_broken_input_in_every_importer_format_is_reported_not_a_traceback(
    tmp_path: Path, importer: str, suffix: str
) -> None:
    if suffix.endswith("/"):  # a directory format: an empty directory is broken input
        path = tmp_path / "broken"
        path.mkdir()
    else:
        path = tmp_path / f"broken{suffix}"
        path.write_bytes(b'\x00\xff{"id": [1, }\n')
    result = run("validate", "--format", "json", str(path))
    assert result.exit_code in (1, 3), result.output
    assert "Traceback" not in result.output and "internal error" not in result.output
    (entry,) = json.loads(result.stdout)["files"]
    assert entry["status"] in ("invalid", "unreadable")
    assert entry["findings"] and all(f["code"] for f in entry["findings"])


# ---- the layers as a library ---------------------------------------------------------------


def test_a_bare_program_gets_pointers_only() -> None:
    program = attrs.evolve(default_program(), format_version="1")
    reports = [r for r in validation.validate(program, host=host()) if r.severity == "error"]
    assert [(r.code, r.finding.pointer, r.location, r.file) for r in reports] == [
        ("schema-violation", "/format_version", None, "<program>")
    ]
    assert str(reports[0]).startswith("<program>: /format_version: error: '1' does not match")


def test_schema_layer_on_raw_data() -> None:
    # Data the loader would refuse, checked by the schema alone: every error, located.
    data = program_to_data(default_program())
    data["activities"][2]["addressee"] = "everyone"
    data["actors"][0]["kind"] = 7
    data["surprise"] = True
    found_here = [(f.code, f.pointer) for f in schema_layer.check_data(data)]
    assert found_here == [
        ("schema-violation", ""),
        ("schema-violation", "/activities/2/addressee"),
        ("schema-violation", "/actors/0/kind"),  # not a string
        ("schema-violation", "/actors/0/kind"),  # not in the codelist
    ]


def test_reference_fields_cover_every_id_field_of_the_model() -> None:
    classes = [c for c in vars(model).values() if isinstance(c, type) and attrs.has(c)]
    unknown = [
        f"{cls.__name__}.{field}"
        for cls in classes
        for field, target in reference_fields(cls).items()
        if target is None
    ]
    assert unknown == [], f"add these id fields to REFERENCE_TARGETS: {unknown}"
    assert reference_fields(model.Assignment) == {"actor": model.Actor}
    assert reference_fields(Program) == {"adopted_by": model.Resolution, "based_on": model.Source}
    assert reference_fields(model.Actor) == {"parent": model.Actor, "sources": model.Source}
    assert all(getattr(model, target.__name__) is target for target in REFERENCE_TARGETS.values())


# ---- plugins -------------------------------------------------------------------------------

RULE = Rule(code="no-empty-label", severity="warning", summary="Labels say something.", fix="x")


class LabelRules:
    """A plugin adding one rule, as the guide shows."""

    @hookimpl
    def oas_program_validators(self) -> list[Validator]:
        def check(program: Program) -> Iterator[Finding]:
            for number, activity in enumerate(program.activities):
                if activity.label.best("en")[1].startswith("CIM"):
                    yield RULE.finding("CIM label; say what it does", f"/activities/{number}")

        return [Validator(name="labels", rules=(RULE,), check=check)]


class Raising:
    @hookimpl
    def oas_program_validators(self) -> list[Validator]:
        def check(program: Program) -> list[Finding]:
            raise KeyError("boom")

        rule = Rule(code="never", severity="error", summary="-", fix="-")
        return [Validator(name="raising", rules=(rule,), check=check)]


class Undeclared:
    @hookimpl
    def oas_program_validators(self) -> list[Validator]:
        def check(program: Program) -> list[object]:
            return [
                Finding(code="other-code", severity="error", message="x"),
                Finding(code="no-empty-label", severity="error", message="x"),
                "not a finding",
            ]

        return [Validator(name="sloppy", rules=(RULE,), check=check)]


def test_a_plugin_rule_runs_and_is_documented() -> None:
    the_host = host(("label-rules", LabelRules()))
    reports = validation.validate(validation.embedded_input(), host=the_host)
    mine = [r for r in reports if r.code == "no-empty-label"]
    assert [(r.validator, r.finding.pointer) for r in mine][:2] == [
        ("labels", "/activities/4"),
        ("labels", "/activities/5"),
    ]
    table = validation.rules_markdown(the_host)
    assert (
        "| `no-empty-label` | warning | labels (plugin 'label-rules' from ? ? (entry point "
        "<given>)) | Labels say something. | x |"
    ) in table.splitlines()


def test_a_raising_validator_is_isolated() -> None:
    lenient = host(("raising", Raising()), strict=False)
    reports = validation.validate(validation.read_input(CORPUS / "cycle.json"), host=lenient)
    assert [r.code for r in reports] == ["cycle", "cycle", "cycle", "plugin-error"]
    failure = reports[-1]
    assert failure.validator == "engine" and failure.severity is Severity.ERROR
    assert "validator 'raising'" in failure.finding.message
    assert "raised KeyError: 'boom'" in failure.finding.message
    strict = host(("raising", Raising()), strict=True)
    with pytest.raises(PluginError, match=r"raised KeyError.*\[plugin-error\]"):
        validation.validate(validation.embedded_input(), host=strict)


def test_a_validator_breaking_its_contract_is_reported() -> None:
    lenient = host(("sloppy", Undeclared()), strict=False)
    reports = validation.validate(validation.read_input(CORPUS / "base.json"), host=lenient)
    messages = [r.finding.message for r in reports if r.code == "plugin-contract"]
    assert len(messages) == 3
    assert any("code 'other-code', which is not among its rules" in m for m in messages)
    assert any("'no-empty-label' as error, but the rule is warning" in m for m in messages)
    assert any("yielded str, not a Finding" in m for m in messages)
    with pytest.raises(PluginError, match=r"\[plugin-contract\]"):
        validation.validate(default_program(), host=host(("sloppy", Undeclared())))


def test_a_rule_code_claimed_twice_is_a_plugin_failure() -> None:
    class Copycat:
        @hookimpl
        def oas_program_validators(self) -> list[Validator]:
            rule = Rule(code="cycle", severity="error", summary="-", fix="-")
            return [Validator(name="copycat", rules=(rule,), check=lambda p: [])]

    with pytest.raises(PluginError, match="declares rule 'cycle', already declared"):
        validation.rules(host(("copycat", Copycat())))
    lenient = host(("copycat", Copycat()), strict=False)
    assert "copycat" not in {validator for _, validator, _ in validation.rules(lenient)}
    assert any("copycat" in warning for warning in lenient.warnings)


# ---- the rules document, locations ---------------------------------------------------------


def test_rules_doc_is_generated_from_the_validators() -> None:
    assert RULES_DOC.read_text(encoding="utf-8") == validation.rules_markdown(host()), (
        "docs/rules.md is stale; regenerate it with "
        "`OAS_PROGRAM_LOAD_PLUGINS= oas-program validate --rules > docs/rules.md`"
    )


def test_rules_option_prints_the_table() -> None:
    result = run("validate", "--rules")
    assert result.exit_code == 0
    assert result.stdout.startswith("# Validation rules\n")
    assert "| `declared-not-recorded` | warning | completeness |" in result.stdout


def test_json_locations_are_computed_lazily_and_once(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []
    real = positions.json_offsets

    def counting(text: str, **options: bool) -> Mapping[str, int]:
        calls.append(1)
        return real(text, **options)

    monkeypatch.setattr(positions, "json_offsets", counting)
    loaded = pipeline.read(CORPUS / "cycle.json", host=host())
    assert calls == []
    assert loaded.locate("/actors/3/parent") == Location(line=80, column=17)
    assert loaded.locate("/actors/3/nothing/here") == loaded.locate("/actors/3")
    assert calls == [1]


def test_json_offsets_follow_escapes_and_nesting() -> None:
    text = '{"a~b/c": [1, {"x": "\\u00e9\\"]"}],\n  "é": {"": null}, "n": -1.5e3}'
    offsets = positions.json_offsets(text)
    assert {pointer: text[offset : offset + 5] for pointer, offset in offsets.items()} == {
        "": '{"a~b',
        "/a~0b~1c": "[1, {",
        "/a~0b~1c/0": '1, {"',
        "/a~0b~1c/1": '{"x":',
        "/a~0b~1c/1/x": '"\\u00',
        "/é": '{"": ',
        "/é/": "null}",
        "/n": "-1.5e",
    }
    locate = positions.json_locator(text)
    assert locate("/é/") == Location(line=2, column=13)
    assert locate("/n") == Location(line=2, column=25)


def test_the_command_exits_5_when_a_validator_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    import oas_program.plugins.host

    monkeypatch.setattr(
        oas_program.plugins.host, "PluginHost", lambda: host(("raising", Raising()), strict=False)
    )
    result = run("validate")
    assert result.exit_code == 5
    assert "validator 'raising'" in result.stdout and "[plugin-error]" in result.stdout
    monkeypatch.setattr(
        oas_program.plugins.host, "PluginHost", lambda: host(("raising", Raising()))
    )
    result = run("validate")
    assert result.exit_code == 5
    assert "raised KeyError: 'boom'; its checks were not made [plugin-error]" in result.stderr


def test_rules_option_lists_a_plugin_rule(monkeypatch: pytest.MonkeyPatch) -> None:
    import oas_program.plugins.host

    monkeypatch.setattr(
        oas_program.plugins.host, "PluginHost", lambda: host(("labels", LabelRules()))
    )
    result = run("validate", "--rules")
    assert result.exit_code == 0
    assert "| `no-empty-label` | warning | labels (plugin 'labels'" in result.stdout


def test_locations_of_other_formats_are_shown_in_their_own_terms() -> None:
    program = validation.read_input(CORPUS / "unknown-reference.json").program

    def in_workbook(pointer: str) -> Location:
        return Location(place=f"Sheet!C{len(pointer)}")

    def in_package(pointer: str) -> Location:
        return Location(file="pkg/activities.csv", line=3, column=2)

    shown = []
    for name, locate in (("p.xlsx", in_workbook), ("pkg", in_package)):
        item = validation.Input(name=name, loaded=Loaded(program=program, locate=locate))
        shown.append(str(validation.validate(item, host=host())[0]))
    assert shown == [
        "p.xlsx[Sheet!C33]: /activities/0/assignments/1/actor: error: 'nobody' is not the id "
        "of any actor; correct the id or add the actor [unknown-reference]",
        "pkg/activities.csv:3:2: /activities/0/assignments/1/actor: error: 'nobody' is not the "
        "id of any actor; correct the id or add the actor [unknown-reference]",
    ]


# ---- partial dates through the date checks ---------------------------------------------------
#
# A partial date (`2005`, `2005-06`) stands for any day in it: a check reports only what is
# wrong whatever day it stands for. Each case is one program, validated as a user would.

BASE = json.loads((CORPUS / "base.json").read_text(encoding="utf-8"))


def findings_of(tmp_path: Path, data: dict[str, object], code: str) -> list[tuple[str, str]]:
    path = tmp_path / "program.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    result = run("validate", "--format", "json", "--max-errors", "0", str(path))
    assert result.exit_code in (0, 1), result.output
    (entry,) = json.loads(result.stdout)["files"]
    assert entry["status"] == "checked", entry
    return [(f["pointer"], f["message"]) for f in entry["findings"] if f["code"] == code]


def with_adoption(adopted_on: str | None, resolution_date: str | None) -> dict[str, object]:
    data: dict[str, object] = {**BASE, "adopted_on": adopted_on}
    if adopted_on is None:
        del data["adopted_on"]
    resolution = {**BASE["resolutions"][0], "date": resolution_date}
    if resolution_date is None:
        del resolution["date"]
    data["resolutions"] = [resolution]
    return data


@pytest.mark.parametrize(
    ("adopted_on", "resolution_date", "mismatch"),
    [
        ("2005-06-07", "2005-06-07", False),
        ("2005-06", "2005-06-07", False),
        ("2005-06", "2005-06-30", False),
        ("2005-06", "2005-06-01", False),
        ("2005-06", "2005-07-01", True),
        ("2005-06", "2005-05-31", True),
        ("2005", "2005-12-31", False),
        ("2005", "2005-01-01", False),
        ("2005", "2006", True),
        ("2005", "2004-12", True),
        ("2005-06-07", "2005", False),
        ("2005-06-07", "2005-06", False),
        ("2005-06-07", "2005-07", True),
        ("2005-06-07", "2005-05", True),
        ("2005-06-07", "2005-06-06", True),
        ("2005-06-07", "2005-06-08", True),
        # Either date missing: nothing to compare, and no crash.
        (None, "2005-06-07", False),
        ("2005-06-07", None, False),
        (None, None, False),
    ],
)
def test_adoption_dates_agree_whatever_days_partial_dates_mean(
    tmp_path: Path, adopted_on: str | None, resolution_date: str | None, mismatch: bool
) -> None:
    data = with_adoption(adopted_on, resolution_date)
    expected = [
        (
            "/adopted_on",
            f"`adopted_on` is {adopted_on}, but the adopting resolution 'res-adoption' is dated "
            f"{resolution_date}; make the two dates agree",
        )
    ]
    assert findings_of(tmp_path, data, "adoption-mismatch") == (expected if mismatch else [])


def test_an_adopting_resolution_with_a_date_and_no_adopted_on(tmp_path: Path) -> None:
    path = tmp_path / "program.json"
    path.write_text(json.dumps(with_adoption(None, "2005-06-07")), encoding="utf-8")
    result = run("validate", str(path))
    assert result.exit_code == 0, result.output
    assert result.stdout == "0 errors, 0 warnings, 0 info in 1 file\n"
    assert result.stderr == ""


def with_memberships(*periods: dict[str, str]) -> dict[str, object]:
    text = {"status": "official", "en": "Mexico", "es": "México", "fr": "Mexique", "pt": "México"}
    actor = {
        "id": "mex",
        "kind": "member-state",
        "name": text,
        "iso3": "MEX",
        "memberships": [{"status": "member", **period} for period in periods],
    }
    return {**BASE, "actors": [actor]}


OVERLAP = (
    "membership 1 of 'mex' overlaps membership 0; correct the start and end dates so that "
    "periods follow each other"
)


@pytest.mark.parametrize(
    ("first", "second", "overlap"),
    [
        # Ends are exclusive: a period may start on the day (or in the year) another ends.
        ({"start": "1948", "end": "1962"}, {"start": "1962"}, False),
        ({"start": "1948", "end": "1962-06"}, {"start": "1962"}, False),
        ({"start": "1948", "end": "1962"}, {"start": "1962-06"}, False),
        ({"start": "1948", "end": "1962-11"}, {"start": "1962-11"}, False),
        ({"start": "1948", "end": "1962-11-30"}, {"start": "1962-11-30"}, False),
        ({"start": "1948", "end": "1963"}, {"start": "1962"}, True),
        ({"start": "1948", "end": "1962-12"}, {"start": "1962-11"}, True),
        ({"start": "1948", "end": "1962-12-01"}, {"start": "1962-11-30"}, True),
        ({"start": "1948", "end": "1962-11-30"}, {"start": "1962-11"}, False),
        ({"start": "1948"}, {"start": "1962"}, True),
        # The later period first in the list: the same rule, both ways round.
        ({"start": "1970"}, {"start": "1950", "end": "1970"}, False),
        ({"start": "1970"}, {"start": "1950", "end": "1971"}, True),
        ({"start": "1970-06"}, {"start": "1950", "end": "1970-06"}, False),
        ({"start": "1970-06"}, {"start": "1950", "end": "1970-07"}, True),
        ({"start": "1970"}, {"end": "1960"}, False),
        ({"end": "1960"}, {"start": "1959"}, True),
    ],
)
def test_membership_overlap_whatever_days_partial_dates_mean(
    tmp_path: Path, first: dict[str, str], second: dict[str, str], overlap: bool
) -> None:
    found_here = findings_of(tmp_path, with_memberships(first, second), "member-state-membership")
    assert found_here == ([("/actors/0/memberships/1", OVERLAP)] if overlap else [])


def test_only_the_first_overlap_of_a_membership_is_reported(tmp_path: Path) -> None:
    data = with_memberships({"start": "1948"}, {"start": "1950"}, {"start": "1960"})
    assert findings_of(tmp_path, data, "member-state-membership") == [
        ("/actors/0/memberships/1", OVERLAP),
        (
            "/actors/0/memberships/2",
            "membership 2 of 'mex' overlaps membership 0; correct the start and end dates so "
            "that periods follow each other",
        ),
    ]


def with_addition(
    adopted_on: str | None,
    added: str | None = None,
    meeting: str | None = None,
    resolution: str | None = None,
) -> dict[str, object]:
    text = {"status": "summary", "en": "S", "es": "S", "fr": "S", "pt": "S"}
    addition: dict[str, str] = {}
    data: dict[str, object] = with_adoption(adopted_on, "2005-06-07")
    if added is not None:
        addition["date"] = added
    if meeting is not None:
        data["meetings"] = [{"id": "mtg", "title": text, "start": meeting}]
        addition["meeting"] = "mtg"
    if resolution is not None:
        later = {"id": "res-later", "symbol": "CP/RES. 1 (1/06)", "role": "follow-up"}
        data["resolutions"] = [*data["resolutions"], {**later, "date": resolution}]
        addition["resolution"] = "res-later"
    activity = {
        "id": "act",
        "label": {"status": "summary", "en": "Activity"},
        "addressee": "civil-society",
        "summary": text,
        "added": addition,
    }
    return {**data, "activities": [activity]}


def early(what: str, day: str, adopted_on: str) -> str:
    return (
        f"activity 'act' {what} {day}, not after the program's adoption ({adopted_on}); correct "
        "the date, or remove `added` if the activity belongs to the program as adopted"
    )


@pytest.mark.parametrize(
    ("adopted_on", "added", "before"),
    [
        ("2005-06-07", "2005-06-07", True),
        ("2005-06-07", "2005-06-06", True),
        ("2005-06-07", "2005-06-08", False),
        ("2005-06-07", "2005-06", False),
        ("2005-06-07", "2005-05", True),
        ("2005-06-07", "2005", False),
        ("2005-06-07", "2004", True),
        ("2005-06", "2005-06-01", True),
        ("2005-06", "2005-06-02", False),
        ("2005-06", "2005-05", True),
        ("2005", "2005-01-01", True),
        ("2005", "2005-01-02", False),
        ("2005", "2005-01", False),
        ("2005", "2004", True),
        (None, "1990", False),
    ],
)
def test_added_before_adoption_whatever_days_partial_dates_mean(
    tmp_path: Path, adopted_on: str | None, added: str, before: bool
) -> None:
    data = with_addition(adopted_on, added=added)
    expected = [
        ("/activities/0/added/date", early("is marked as added on", added, str(adopted_on)))
    ]
    assert findings_of(tmp_path, data, "added-before-adoption") == (expected if before else [])


@pytest.mark.parametrize(
    ("meeting", "resolution", "expected"),
    [
        ("2005-06", "2005-07", []),
        ("2005-05", None, [("meeting", "was added by meeting 'mtg', held on", "2005-05")]),
        (None, "2005-06", []),
        (
            "2005-06-07",
            "2005",
            [("meeting", "was added by meeting 'mtg', held on", "2005-06-07")],
        ),
        (
            "2006",
            "2005-06-07",
            [("resolution", "was added by resolution 'res-later', dated", "2005-06-07")],
        ),
        (
            "2004-12-31",
            "2004",
            [
                ("meeting", "was added by meeting 'mtg', held on", "2004-12-31"),
                ("resolution", "was added by resolution 'res-later', dated", "2004"),
            ],
        ),
    ],
)
def test_added_by_a_meeting_or_resolution_before_adoption(
    tmp_path: Path,
    meeting: str | None,
    resolution: str | None,
    expected: list[tuple[str, str, str]],
) -> None:
    data = with_addition("2005-06-07", meeting=meeting, resolution=resolution)
    assert findings_of(tmp_path, data, "added-before-adoption") == [
        (f"/activities/0/added/{field}", early(what, day, "2005-06-07"))
        for field, what, day in expected
    ]


def test_a_cycle_entered_from_outside_is_named_from_its_earliest_member(tmp_path: Path) -> None:
    # Walking from 'p' reaches the cycle r → q → r; 'p' is not part of it, and the cycle is
    # named from 'q', the member listed first.
    text = {"status": "official", "en": "A", "es": "A", "fr": "A", "pt": "A"}
    actors = [
        {"id": ident, "kind": "oas-organ", "name": text, "parent": parent}
        for ident, parent in (("p", "r"), ("q", "r"), ("r", "q"))
    ]
    data = {**BASE, "actors": actors}
    assert findings_of(tmp_path, data, "cycle") == [
        (
            "/actors/1/parent",
            "cycle: q → r → q (actor parents); remove or correct one `parent`",
        )
    ]


def test_an_id_field_of_a_kind_the_table_does_not_know_names_any_entity(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A field the model gains before REFERENCE_TARGETS does is still checked: its ids must
    # name some entity (test_reference_fields_cover_every_id_field_of_the_model then fails).
    from oas_program.builtin.validation import references

    monkeypatch.delitem(references.REFERENCE_TARGETS, "meeting")
    references.reference_fields.cache_clear()
    try:
        item = validation.read_input(CORPUS / "nested-references.json", host=host())
        reports = validation.validate(item, host=host())
    finally:
        monkeypatch.undo()
        references.reference_fields.cache_clear()
    meetings = [
        (r.code, r.finding.pointer, r.finding.message)
        for r in reports
        if r.finding.pointer.endswith("/added/meeting")
    ]
    # The unknown id is reported; the resolution in the second activity is some entity.
    assert meetings == [
        (
            "unknown-reference",
            "/activities/0/added/meeting",
            "'mtg-missing' is not the id of any entity; correct the id or add the entity",
        )
    ]


# ---- domain rules: cases the fixtures above do not reach --------------------------------------


def test_a_specific_objective_served_through_a_grandchild_is_served(tmp_path: Path) -> None:
    summary = {"status": "summary", "en": "S", "es": "S", "fr": "S", "pt": "S"}
    objectives = [
        {"id": ident, "kind": "specific", "summary": summary, **parent}
        for ident, parent in (
            ("top", {}),
            ("middle", {"parent": "top"}),
            ("leaf", {"parent": "middle"}),
            ("alone", {}),
        )
    ]
    activity = {
        "id": "act",
        "label": {"status": "summary", "en": "Activity"},
        "addressee": "civil-society",
        "summary": summary,
        "objectives": ["leaf"],
    }
    data = {**BASE, "objectives": objectives, "activities": [activity]}
    assert findings_of(tmp_path, data, "objective-unserved") == [
        (
            "/objectives/3",
            "specific objective 'alone' is served by no activity; list it in the `objectives` "
            "of the activities that serve it when a source says which",
        )
    ]


def test_every_general_secretariat_activity_is_checked_after_other_addressees(
    tmp_path: Path,
) -> None:
    summary = {"status": "summary", "en": "S", "es": "S", "fr": "S", "pt": "S"}
    activities = [
        {
            "id": ident,
            "label": {"status": "summary", "en": ident},
            "addressee": addressee,
            "summary": summary,
        }
        for ident, addressee in (("for-states", "member-states"), ("for-gs", "oas"))
    ]
    data = {**BASE, "activities": activities}
    assert findings_of(tmp_path, data, "gs-activity-unassigned") == [
        (
            "/activities/1",
            "activity 'for-gs' is for the General Secretariat but names no assigned area; add "
            "the area the sources list it under",
        )
    ]


@pytest.mark.parametrize("symbol", ["AG/DEC. 41 (XXXV-O/05)", "AG/RES. 2141 (XXXV-O/05)"])
def test_a_resolution_may_be_a_declaration(tmp_path: Path, symbol: str) -> None:
    data = {**BASE, "resolutions": [{**BASE["resolutions"][0], "symbol": symbol}]}
    assert findings_of(tmp_path, data, "symbol-syntax") == []


def test_a_resolution_with_a_document_symbol_is_refused(tmp_path: Path) -> None:
    data = {**BASE, "resolutions": [{**BASE["resolutions"][0], "symbol": "AG/doc.4496/05"}]}
    assert findings_of(tmp_path, data, "symbol-syntax") == [
        (
            "/resolutions/0/symbol",
            "'AG/doc.4496/05' is not a resolution symbol (no RES or DEC); give the resolution's "
            "own symbol, or record this document under `documents`",
        )
    ]


def test_a_symbol_cited_in_several_places_is_reported_at_each(tmp_path: Path) -> None:
    # Each text is read once; its findings are given at every place that holds it, and
    # what only a resolution's symbol must be (RES or DEC) is asked of the resolution alone.
    title = BASE["sources"][0]["title"]
    resolution = {**BASE["resolutions"][0], "id": "res-doc", "symbol": "AG/doc.4496/05"}
    data = {
        **BASE,
        "resolutions": [*BASE["resolutions"], resolution, {**resolution, "id": "res-bad"}],
        "documents": [{"id": "doc-a", "symbol": "AG/doc.4496/05", "title": title}],
        "sources": [
            *BASE["sources"],
            {**BASE["sources"][0], "id": "src-b", "symbol": "AG/RES 2141 (XXXV-O/05)"},
            {**BASE["sources"][0], "id": "src-c", "symbol": "AG/RES 2141 (XXXV-O/05)"},
            {**BASE["sources"][0], "id": "src-d", "symbol": "AG/RES. abc"},
            {**BASE["sources"][0], "id": "src-e", "symbol": "AG/RES. abc"},
        ],
    }
    not_resolution = (
        "'AG/doc.4496/05' is not a resolution symbol (no RES or DEC); give the resolution's "
        "own symbol, or record this document under `documents`"
    )
    no_number = (
        "'AG/RES. abc' is not a recognised OAS or UN document symbol: a number (0-9) must "
        "follow 'RES.'; correct it as printed on the document"
    )
    assert findings_of(tmp_path, data, "symbol-syntax") == [
        ("/resolutions/1/symbol", not_resolution),
        ("/resolutions/2/symbol", not_resolution),
        ("/sources/3/symbol", no_number),
        ("/sources/4/symbol", no_number),
    ]
    not_canonical = [pointer for pointer, _ in findings_of(tmp_path, data, "symbol-not-canonical")]
    assert not_canonical == ["/sources/1/symbol", "/sources/2/symbol"]


def test_an_id_check_combined_with_other_validators_marks_a_reference() -> None:
    from oas_program.model.values import check_id

    @attrs.frozen
    class Combined:
        id: str = attrs.field(validator=check_id)
        actor: str = attrs.field(validator=[check_id, attrs.validators.instance_of(str)])
        meeting: str = attrs.field(
            validator=attrs.validators.optional([attrs.validators.instance_of(str), check_id])
        )
        label: str = attrs.field(validator=[attrs.validators.instance_of(str)])

    assert reference_fields(Combined) == {"actor": model.Actor, "meeting": model.Meeting}


@pytest.mark.parametrize(
    ("url", "message"),
    [
        # The scheme is what comes before the first colon, whatever follows.
        (
            "mailto:secretariat@oas.org:25",
            "'mailto:secretariat@oas.org:25' is not an http or https address (scheme 'mailto'); "
            "the exports show it as text, not as a link",
        ),
        # An http address that cannot be linked is said to be one.
        (
            "http://www.oas .org/",
            "'http://www.oas .org/' cannot become a link: it holds ' ' (U+0020); the exports "
            "show it as text, not as a link",
        ),
        (
            "https://",
            "'https://' cannot become a link: it has no host; the exports show it as text, not "
            "as a link",
        ),
        ("HTTPS://WWW.OAS.ORG/", None),  # schemes are case-insensitive
    ],
)
def test_a_url_is_a_link_or_says_why_not(tmp_path: Path, url: str, message: str | None) -> None:
    source = {**BASE["sources"][0], "url": url}
    data = {**BASE, "sources": [source, *BASE["sources"][1:]]}
    expected = [] if message is None else [("/sources/0/url", message)]
    assert findings_of(tmp_path, data, "url-scheme") == expected
